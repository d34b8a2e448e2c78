"""A profile's own fields, its field lines in the body and the header labels it keeps when their field is empty.

Three ``profil.yaml`` settings, read here so that :mod:`memo.profile.load` only calls them:

- ``egna_falt``: the organisation's own fields, each a key and the label its template prints ("DOKUMENT-ID").
  A case fills them as top-level keys (``dokument_id: ARBGRP583-382524020-293``); the reference document
  shows them where it has ``{{ dokument_id }}``, and a field line as ``${dokument_id}``.
- ``faltrader``: lines of fields in the body, before or after the title (``efter_rubrik: ["Dnr ${diarienummer}"]``),
  their references resolved and formatted as the decision's lead-in's are. A line whose references are all empty
  is left out, as a header paragraph whose placeholders are all empty is.
- ``tomma_falt_visas``: header fields whose label stays when the case leaves them empty ("Er beteckning").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from memo.case import prose as prose_text
from memo.case.checker import Checker, canonical_key
from memo.case.sections import FIELDS, OWN_NAME, RESERVED_KEYS, SECTIONS, referable_fields
from memo.profile import housestyle
from memo.profile.headerfields import LOGO, names
from memo.profile.headertext import header_text
from memo.read.yamlparse import Node
from memo.swedish import FILTERS

__all__ = ["PLACES", "FieldLine", "OwnField", "field_lines", "kept_labels", "own_fields", "placeholder_problem",
           "referable", "shown_lines"]

#: A name an own field may have: what a reference document's ``{{ namn }}`` may hold (:mod:`memo.word.prepare`).
#: Where a field line may stand: the key in ``faltrader`` and whether the line comes before the title.
PLACES: Mapping[str, bool] = {"fore_rubrik": True, "efter_rubrik": False}


class OwnField(NamedTuple):
    """A field the organisation declares: its key in a case and the label its template prints."""

    key: str
    label: str


class FieldLine(NamedTuple):
    """A line of fields in the body: its text as the profile writes it (with ``${…}``) and its place."""

    text: str
    place: str


def _taken() -> frozenset[str]:
    """The names an own field may not have: the case's fields and sections, memo's templates and placeholders."""
    return frozenset({*(f.key for f in FIELDS), *(s.key for s in SECTIONS), *RESERVED_KEYS, *names()})


def own_fields(check: Checker, node: Node | None, sections: Iterable[str] = ()) -> tuple[OwnField, ...]:
    """``egna_falt``: each key with its label (``dokument_id: DOKUMENT-ID``), in the order written."""
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, dict):
        check.problem(node, "egna_falt", "'egna_falt' ska vara fältens nycklar med sina etiketter, på egna rader med "
                                         "indrag, till exempel 'dokument_id: DOKUMENT-ID'.", rule="fel-typ")
        return ()
    taken = _taken() | set(sections)
    result: list[OwnField] = []
    for written, child in node.items():
        where = f"egna_falt.{written}"
        key = canonical_key(written)
        label = header_text(check, child, where)
        if key in taken or not OWN_NAME.fullmatch(key):
            check.problem(child, where, f"'{written}' kan inte vara namnet på ett eget fält. Skriv bara små bokstäver "
                                        "a–z, siffror och _, och välj ett namn som inte är ett fält, ett avsnitt eller "
                                        "en platshållare i memo.", rule="ogiltigt-falt")
        elif not label:
            check.problem(child, where, f"Fältet '{written}' behöver en etikett, till exempel "
                                        f"'{written}: {written.replace('_', '-').upper()}'.", rule="tomt-varde")
        else:
            result.append(OwnField(key, label))
    return tuple(result)


def referable(own: Collection[OwnField]) -> list[str]:
    """What a profile's text (a field line, ``beslutsinledning``, ``underskriftsorgan``) may refer to: the case's
    referable fields and the profile's ``own`` fields."""
    return [*referable_fields(), *(field.key for field in own)]


def field_lines(check: Checker, node: Node | None, own: Collection[OwnField]) -> tuple[FieldLine, ...]:
    """``faltrader``: ``fore_rubrik`` and ``efter_rubrik``, each a list of lines whose references name the case's
    fields or the profile's own (``Dnr ${diarienummer}``), with formattings memo has."""
    if node is None or node.value is None:
        return ()
    known = referable(own)
    lines: list[FieldLine] = []
    for place, child in check.fields(node, "faltrader", tuple(PLACES)).items():
        for key, item in check.items(child, f"faltrader.{place}"):
            text = check.scalar(item, key)
            if not text or not text.strip():
                continue
            references = housestyle.references_named(check, item, key, text, known)
            if references is None:
                continue
            if not references:
                check.problem(item, key, f"Raden '{text}' nämner inget fält; skriv fältet som ${{namn}}, till exempel "
                                         "'Dnr ${diarienummer}'.", rule="ogiltig-hanvisning")
            else:
                lines.append(FieldLine(prose_text.one_line(text), place))
    return tuple(lines)


def kept_labels(check: Checker, node: Node | None, own: Collection[OwnField]) -> frozenset[str]:
    """``tomma_falt_visas``: the header placeholders (memo's or the profile's own fields) whose label stays when
    the case leaves them empty."""
    allowed = [name for name in names() if name != LOGO] + [field.key for field in own]
    kept: set[str] = set()
    for key, item in check.items(node, "tomma_falt_visas"):
        name = check.scalar(item, key)
        if name is None:
            continue
        if canonical_key(name) not in allowed:
            check.problem(item, key, f"'{name}' är inget fält i sidhuvudet. Välj bland: {', '.join(allowed)}.",
                          rule="ogiltigt-val")
        else:
            kept.add(canonical_key(name))
    return frozenset(kept)


def shown_lines(lines: Iterable[FieldLine], place: str, values: Mapping[str, object]) -> list[str]:
    """The lines at ``place`` as the reader sees them: references resolved (an empty field as nothing), a line
    whose references are all empty left out. ``values``: the case's fields and own fields by key.

    A formatting that fails on a value raises :class:`memo.case.prose.ReferenceError` with the field's key as its
    ``field``."""
    shown: list[str] = []
    for line in lines:
        if line.place != place:
            continue
        references = prose_text.find_references(line.text)
        filled = {r.name: value if isinstance(value, str) else "" for r in references for value in [values.get(r.name)]}
        if not any(value.strip() for value in filled.values()):
            continue
        try:
            shown.append(prose_text.resolve(line.text, filled, FILTERS))
        except prose_text.ReferenceError as exc:  # a formatting that fails on the case's value: said at its field
            exc.field = next((r.name for r in references if r.offset == exc.offset), references[0].name)
            raise
    return shown


def placeholder_problem(found: Iterable[str], own: Collection[OwnField]) -> str | None:
    """What is wrong with the placeholders a reference document's header and footer hold (``found``), for a
    profile with these own fields: a name that is neither memo's nor the profile's, or nothing."""
    allowed = [*names(), *(field.key for field in own)]
    unknown = next((name for name in found if name not in allowed), None)
    if unknown is None:
        return None
    return (f"Platshållaren '{{{{ {unknown} }}}}' i referensdokumentets sidhuvud eller sidfot finns inte. "
            f"Tillåtna: {', '.join(allowed)}. Ett eget fält deklareras under 'egna_falt' i profilen.")
