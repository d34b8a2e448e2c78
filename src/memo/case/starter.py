"""``memo ny``: a starter case for a profile and a kind of document, made from the tables.

Every section the profile declares is there, in its order, with the profile's heading;
required keys are marked "(obligatoriskt)" and left empty, so that ``memo kontrollera``
lists what is still to be filled in. An optional field is there only when the memo shows it
with the profile (the memo's row finds which, by the test of its warning for a field shown
nowhere), so that a filled-in starter gets no such warning. Each key has a Swedish comment from the field and
section tables (:data:`memo.case.sections.FIELDS`, the profile's sections, the shapes inside
them). The first line points the editor to the case format's JSON Schema
(:data:`memo.case.schema.SCHEMA_FILE`), which ``memo ny`` writes beside the case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Final, NamedTuple

from memo.case import decisions
from memo.case.checker import canonical_key
from memo.case.documenttypes import folded_type
from memo.case.perspectives import fold
from memo.case.prose import find_references
from memo.case.sections import FIELDS, HANDLAGGARE, SIGNATORY, Field, Kind, Section
from memo.profile.load import Profile
from memo.profile.optional import relaxed

__all__ = ["DOCUMENT_TYPES", "ENTRIES", "DocumentType", "document_type", "fields_starter", "profile_type",
           "starter_case"]


class DocumentType(NamedTuple):
    """A kind of memo that ``memo ny --typ`` starts: what the header calls it and the fields it needs."""

    name: str
    #: ``dokumenttyp`` in the case: what the header shows.
    dokumenttyp: str
    #: Case fields beyond those every memo has, in the order they are written.
    fields: tuple[str, ...] = ()
    #: ``beslutsinledning`` for the case, when this kind of memo has its own.
    lead_in: str | None = None


#: The kinds of memo ``memo ny`` starts, by the name ``--typ`` takes.
DOCUMENT_TYPES: Final[Mapping[str, DocumentType]] = {t.name: t for t in (
    DocumentType("föredragnings-pm", "FöredragningsPM"),
    DocumentType("tjänsteskrivelse", "Tjänsteskrivelse"),
    DocumentType("yttrande", "Yttrande", ("till", "ert_datum", "er_beteckning")),
    DocumentType("svar-på-motion", "Tjänsteskrivelse", ("forslagsstallare",),
                 "${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta"),
    DocumentType("brev", "Brev", ("till", "er_beteckning")),
)}
#: The fields every starter has, besides the kind's own; the rest (mallar, rubriker …) are for later.
_COMMON: Final = ("profil", "dokumenttyp", "rubrik", "diarienummer", "datum", "sammantradesdatum", "handlaggare",
                  "beslutsinstans")
_FIELDS: Final = {f.key: f for f in FIELDS}
_COLUMN: Final = 26  # where the comments start
_SAID_REQUIRED: Final = re.compile(r" \(obligatorisk[t]?\)")


def profile_type(profile: Profile) -> DocumentType:
    """The kind of memo a profile's own document type is (``memo ny`` without ``--typ``): the table's kind of that
    type, or one of its own with no fields beyond every memo's (an organisation's "Ärende").

    >>> import memo
    >>> profile_type(memo.load_profile("standard")).name
    'tjänsteskrivelse'
    """
    own = folded_type(profile.dokumenttyp)
    return next((t for t in DOCUMENT_TYPES.values() if folded_type(t.dokumenttyp) == own),
                DocumentType(profile.dokumenttyp.lower(), profile.dokumenttyp))


def document_type(name: str) -> DocumentType | None:
    """The kind of memo named ``name``, written with or without å, ä and ö (``svar-pa-motion``)."""
    wanted = canonical_key(name)
    return next((t for t in DOCUMENT_TYPES.values() if canonical_key(t.name) == wanted), None)


def _line(text: str, comment: str) -> str:
    return f"{text.ljust(_COLUMN - 1)} # {comment}" if comment else text


def _mark(required: bool, what: str) -> str:
    what = _SAID_REQUIRED.sub("", what).replace("`", "").replace(" (se nedan)", "")
    return f"(obligatoriskt) {what}" if required else what


def _own_lead_in(profile: Profile, kind: DocumentType) -> bool:
    """Whether the case writes the kind's own lead-in: only where the profile has none of its own."""
    return kind.lead_in is not None and profile.beslutsinledning is None


def _lead_in_needs(profile: Profile, kind: DocumentType) -> frozenset[str]:
    """The fields the words before the decision points name (``${beslutsinstans} beslutar``): required too (none
    for a kind of memo without a decision, :meth:`memo.profile.load.Profile.has_decision`)."""
    if not profile.has_decision(kind.dokumenttyp):
        return frozenset()
    own = kind.lead_in if _own_lead_in(profile, kind) else None
    text = decisions.lead_in(profile.beslutsstil, own, profile.beslutsinledning) or ""
    return frozenset(reference.name for reference in find_references(text))


def _field(field: Field, profile: Profile, kind: DocumentType, profile_name: str,
           offered: Collection[str] | None) -> list[str]:
    """The lines of ``field``: none for an optional one the memo would not show (not among ``offered``)."""
    required = (field.required and field.key not in profile.valfria_falt) or field.key in _lead_in_needs(profile, kind)
    if field.key == "profil":
        return [_line(f"profil: {profile_name}", "organisationens profil")]
    if field.key == "dokumenttyp":
        return [_line(f"dokumenttyp: {kind.dokumenttyp}", "det sidhuvudet visar")]
    if field.form == "handlaggare":
        lines = [_line("handlaggare:", _mark(required, "den som har skrivit PM:et"))]
        shape = relaxed(HANDLAGGARE, field.key, profile.valfria_falt)
        lines += [_line(f"  {key}:", _mark(key in shape.required, what)) for key, what in shape.keys
                  if key in shape.required or offered is None or f"{field.key}.{key}" in offered]
        return lines
    if not required and offered is not None and field.key not in offered:
        return []
    return [_line(f"{field.key}:", _mark(required, field.description))]


def _decision(spec: Section, profile: Profile, first: str, what: str) -> list[str]:
    return [first, _line("  -", "en beslutspunkt per rad som börjar med '- '")]


def _consequences(spec: Section, profile: Profile, first: str, what: str) -> list[str]:
    if not profile.perspektiv:  # the profile names none: an example, to be written or left out
        return [_line(f"# {spec.key}:", _mark(spec.required, what)),
                _line("#   miljo:", "konsekvenserna för ett perspektiv, eller: berors: nej och motivering")]
    lines = [first]
    for name in profile.perspektiv:  # each one the profile requires to be assessed, once the section is there
        lines.append(_line(f"  {fold(name)}:", _mark(True, f"konsekvenserna för {name}, eller: berors: nej "
                                                            "och motivering")))
    return lines


def _signatures(spec: Section, profile: Profile, first: str, what: str) -> list[str]:
    lines = [_line(f"# {spec.key}:", _mark(spec.required, what))]
    return lines + [_line(f"#   {key}:", what) for key, what in SIGNATORY.keys]


def _one_line_entries(spec: Section, profile: Profile, first: str, what: str) -> list[str]:
    return [first, "  -"] if spec.required else [first]


#: Each kind of section's lines in a starter case: (section, profile, its first line, what it holds) → lines.
#: One entry per :class:`memo.case.sections.Kind`.
ENTRIES: Mapping[Kind, Callable[[Section, Profile, str, str], list[str]]] = {
    Kind.PROSE: lambda spec, profile, first, what: [first],
    Kind.LIST: _one_line_entries,
    Kind.NUMBERED_LIST: _one_line_entries,
    Kind.LINES: _one_line_entries,
    Kind.RECIPIENTS: _one_line_entries,
    Kind.DECISION: _decision,
    Kind.CONSEQUENCES: _consequences,
    Kind.ECONOMY: lambda spec, profile, first, what: [first],
    Kind.FREE: lambda spec, profile, first, what: [_line(f"# {spec.key}:", what), "#   - rubrik:", "#     text:"],
    Kind.SIGNATURE: _signatures,
}


def _section(spec: Section, profile: Profile) -> list[str]:
    heading = spec.heading.replace("{perspektiv}", "…")
    what = f"\"{heading}\": {spec.description}" if heading else spec.description
    return ENTRIES[spec.kind](spec, profile, _line(f"{spec.key}:", _mark(spec.required, what)), what)


def starter_case(profile: Profile, kind: DocumentType, *, profile_name: str, schema: str,
                 offered: Collection[str] | None = None) -> str:
    """The text of a starter case for ``profile`` and ``kind``; ``schema`` is the schema file's name or address.

    ``offered``: the optional fields (key paths, ``handlaggare.titel``) to ask for, those the memo shows with the
    profile (the memo's row finds them, :func:`memo.kinds.pm.shown.offered_fields`); None asks for all. A required
    field is always asked for.

    >>> import memo
    >>> text = starter_case(memo.load_profile("standard"), DOCUMENT_TYPES["yttrande"], profile_name="standard",
    ...                     schema="memo-schema.json")
    >>> text.splitlines()[0]
    '# yaml-language-server: $schema=memo-schema.json'
    >>> [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()][:4]
    ['profil', 'dokumenttyp', 'rubrik', 'diarienummer']
    """
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Ett nytt ärende ({kind.name}, profilen {profile_name}). Fyll i det som står tomt; det som är märkt",
        "# (obligatoriskt) måste fyllas i. 'memo kontrollera' på filen säger vad som fattas, och 'memo' på den gör",
        "# PM:et. Varje belopp och datum skrivs en gång under 'varden' och används i texten som ${namn | kronor}.",
        "",
    ]
    needed = sorted(_lead_in_needs(profile, kind) - {*_COMMON, *kind.fields})
    for key in (*_COMMON, *kind.fields, *(name for name in needed if name in _FIELDS)):
        lines += _field(_FIELDS[key], profile, kind, profile_name, offered)
    lines += [_line(f"{own.key}:", f"{own.label} (profilens eget fält)") for own in profile.egna_falt]
    if _own_lead_in(profile, kind) and profile.has_decision(kind.dokumenttyp):
        lines.append(_line(f'beslutsinledning: "{kind.lead_in}"', "orden före beslutspunkterna"))
    lines += ["", _line("varden:", _FIELDS["varden"].description),
              _line("  belopp: 250000", "ett exempel: skrivs ${belopp | kronor} i texten; ta bort det annars"), ""]
    decision = profile.has_decision(kind.dokumenttyp)  # a letter has no decision lines
    for spec in profile.sections:
        if decision or spec.kind is not Kind.DECISION:
            lines += _section(spec, profile)
    return "\n".join(lines) + "\n"


def fields_starter(fields: Sequence[Field], *, intro: str, schema: str) -> str:
    """The text of a starter file of another kind of document, one that holds fields only (a protokollsutdrag):
    each field on a line of its own with what it holds, the required ones marked, a list's first entry ready.

    >>> from memo.case.sections import Field
    >>> print(fields_starter([Field("organ", "organet", required=True), Field("justerare", "namnen", form="lista"),
    ...                       Field("ledamoter", "namnen", required=True, form="lista")],
    ...                      intro="Ett nytt utdrag.", schema="s.json"), end="")
    # yaml-language-server: $schema=s.json
    # Ett nytt utdrag.
    <BLANKLINE>
    organ:                    # (obligatoriskt) organet
    justerare:                # namnen
    ledamoter:                # (obligatoriskt) namnen
      -
    """
    lines = [f"# yaml-language-server: $schema={schema}", *(f"# {line}" for line in intro.splitlines()), ""]
    for field in fields:
        lines.append(_line(f"{field.key}:", _mark(field.required, field.description)))
        if field.form == "lista" and field.required:  # an optional list left empty is no list
            lines.append("  -")
    return "\n".join(lines) + "\n"
