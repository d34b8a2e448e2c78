"""Stage 2: check a case's YAML tree and build a :class:`memo.case.model.Case`, collecting every problem.

Keys are written in Swedish without diacritics (``forslag_till_beslut``); the spellings
with å, ä and ö, capitals and spaces are accepted as aliases. Unknown keys get a
"menade du …?" hint. The nodes are read with a :class:`memo.case.checker.Checker`; this module
knows what a case holds. All independent problems are gathered and raised together as one
:class:`memo.errors.CaseError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from memo.case import decisions, personnummer
from memo.case import prose as prose_text
from memo.case.assessments import perspective_problems, read_konsekvenser
from memo.case.checker import Checker, canonical_key, top_level
from memo.case.model import (
    TABLE_UNITS,
    Case,
    Economy,
    FreeSection,
    Handlaggare,
    Konsekvens,
    Passage,
    Prose,
    SectionValue,
    Signatory,
    Table,
    TableRow,
)
from memo.case.sections import (
    ECONOMY,
    FIELDS,
    FREE_SECTION,
    HANDLAGGARE,
    PASSAGE,
    SECTIONS,
    SIGNATORY,
    TABLE,
    TABLE_ROW,
    Field,
    Kind,
    Section,
    Shape,
    plain_fields,
    referable_fields,
    resolved_fields,
)
from memo.errors import CaseError, FormatError, Location, MemoError
from memo.profile import headerfields, housestyle
from memo.profile.load import Profile
from memo.profile.optional import relaxed
from memo.read.source import SourceText
from memo.read.wording import either
from memo.read.yamlparse import Node
from memo.swedish import FILTERS, parse_date, parse_number

__all__ = ["build_case", "case_keys", "key_location", "read_section"]

_PUBLIC_TITLE = "Rubriken är offentlig och får inte innehålla ett personnummer. Ta bort det ur rubriken."

def case_keys(sections: Sequence[Section] = SECTIONS) -> tuple[str, ...]:
    """Every top-level key a case may hold: the fields, then the sections."""
    return tuple(f.key for f in FIELDS) + tuple(s.key for s in sections)


def build_case(root: Node, source: SourceText, base: Path | None, profile: Profile | None = None) -> Case:
    """Validate a parsed case file (or mapping) for its profile and build the :class:`Case`.

    The profile says which sections the case may fill (the standard ones and its own) and which
    fields it may leave out (``valfria_falt``); its own rules (:func:`profile_problems`) are checked
    in the same round, so that every problem is reported at once. A rule about a key that already
    has a problem is left out: the fault is said once, where it is.
    """
    sections = profile.readable_sections if profile is not None else SECTIONS
    optional = profile.valfria_falt if profile is not None else frozenset()
    own = tuple(field.key for field in profile.egna_falt) if profile is not None else ()
    check = Checker(source)
    decision = _has_decision(root, profile)
    unplaced = not decision and profile is not None and profile.typed_with_decision(_written_type(root))
    if unplaced and profile is not None:  # a type with a decision, in a profile of letters: no place for one
        _no_place_for_a_decision(check, root, profile)
    f = check.fields(root, "", case_keys(sections) + own,
                     required=tuple(x.key for x in FIELDS if x.required and x.key not in optional)
                     + tuple(x.key for x in sections if x.required and (decision or x.kind is not Kind.DECISION)))
    values = _values(check, f)
    if not decision and not unplaced:
        _no_decision(check, f, sections, root, profile)

    handlaggare = None
    h = check.shape(f["handlaggare"], "handlaggare", relaxed(HANDLAGGARE, "handlaggare", optional)) \
        if "handlaggare" in f else {}
    if h:
        handlaggare = Handlaggare(
            namn=check.scalar(h.get("namn"), "handlaggare.namn", identifier=True) or "",
            enhet=check.scalar(h.get("enhet"), "handlaggare.enhet", identifier=True) or "",
            epost=check.scalar(h.get("epost"), "handlaggare.epost", identifier=True),
            telefon=check.scalar(h.get("telefon"), "handlaggare.telefon", identifier=True),
            titel=check.scalar(h.get("titel"), "handlaggare.titel", identifier=True),
            forvaltning=check.scalar(h.get("forvaltning"), "handlaggare.forvaltning", identifier=True),
        )

    style = check.decision_style(f.get("beslutsstil"))
    # The title's references are resolved first, so that ``${rubrik}`` elsewhere is the title as shown.
    rubrik = check.line_text(f.get("rubrik"), "rubrik", _without(values, resolved_fields()), required=True)
    if rubrik is not None:
        values = prose_text.resolve_fields(values, resolved_fields(), FILTERS)
        if any(personnummer.find(values["rubrik"] or "")):
            check.problem(f.get("rubrik"), "rubrik", _PUBLIC_TITLE, rule="personnummer-i-rubrik")
    lead_in = check.line_text(f.get("beslutsinledning"), "beslutsinledning", values)
    filled: dict[str, SectionValue] = {}
    for spec in sections:
        if spec.kind is Kind.DECISION and not decision:  # said by _no_decision where one is written
            continue
        read = _READERS[spec.kind] if spec.kind is not Kind.SIGNATURE else \
            functools.partial(_signatures, shape=relaxed(SIGNATORY, spec.key, optional))
        value = read(check, f.get(spec.key), spec.key, values)
        if value:
            filled[spec.key] = value
    mallar = check.scalar(f.get("mallar"), "mallar")
    plain = {field.key: _plain(check, field, f.get(field.key)) for field in plain_fields()}
    plain |= {key: check.scalar(f.get(key), key, identifier=True) for key in own}  # the profile's own fields
    case = Case(
        rubrik=rubrik or "",
        diarienummer=check.scalar(f.get("diarienummer"), "diarienummer",
                                  required="diarienummer" not in optional, identifier=True) or "",
        handlaggare=handlaggare or (None if "handlaggare" in optional else Handlaggare("", "")),
        avsnitt=filled,
        beslutsinledning=lead_in,
        profil=check.scalar(f.get("profil"), "profil"),
        mallar=(base / mallar if base else Path(mallar)) if mallar else None,
        beslutsstil=style,
        rubriker=_headings(check, f.get("rubriker"), sections),
        varden={name: value for name, value in values.items() if name not in referable_fields()},
        path=source.path,
        lines={canonical_key(key): node.line for key, node in root.items()} if isinstance(root.value, dict) else {},
        extra={key: value for key, value in plain.items() if key not in _ATTRIBUTES and value is not None},
        **{key: value for key, value in plain.items() if key in _ATTRIBUTES},  # type: ignore[arg-type]
    )
    if profile is not None:
        faulty = {path for p in check.problems if p.location.key for path in _key_and_parents(p.location.key)}
        if "beslutsstil" in faulty:  # the lead-in depends on the style: its rules would follow from the one fault
            faulty |= {"beslutsinledning", *referable_fields()}
        check.problems.extend(CaseError(p.message, source.location(p.line, p.column, p.key), rule=p.rule)  # its line
                              for p in profile_problems(case, profile)
                              if canonical_key(p.location.key or "") not in faulty | check.meant)
    check.raise_if_any()
    return case


def _has_decision(root: Node, profile: Profile | None) -> bool:
    """The memo carries a decision: its document type (the case's, else the profile's) is not one without
    (:meth:`memo.profile.load.Profile.has_decision`); a type written as no text is left to its own check."""
    return profile is None or profile.has_decision(_written_type(root))


def _written_type(root: Node) -> str | None:
    """The case's own document type, where it writes one as text."""
    node = top_level(root, "dokumenttyp")
    return node.value if node is not None and isinstance(node.value, str) and node.value.strip() else None


def _no_place_for_a_decision(check: Checker, root: Node, profile: Profile) -> None:
    """A case whose document type carries a decision, for a profile whose memos have none (its sections list no
    decision: a profile of letters) is a problem at its ``dokumenttyp``."""
    node = top_level(root, "dokumenttyp")
    check.problem(node, "dokumenttyp", f"Dokumenttypen '{node.value if node is not None else ''}' har ett förslag "
                                       f"till beslut, men PM:en i profilen '{profile.name}' har inget (profilens "
                                       f"dokumenttyp är '{profile.dokumenttyp}'). Ange en dokumenttyp utan beslut, "
                                       "till exempel 'dokumenttyp: Brev', eller en annan profil.",
                  rule="beslut-utan-plats")


def _no_decision(check: Checker, f: Mapping[str, Node], sections: Sequence[Section], root: Node,
                 profile: Profile | None) -> None:
    """A decision written in a memo whose document type carries none (a letter) is a problem at its key."""
    kind = _written_type(root)
    named = f"Dokumenttypen '{kind}'" if kind else \
        f"Profilens dokumenttyp '{profile.dokumenttyp if profile is not None else ''}'"
    for spec in sections:
        if spec.kind is Kind.DECISION and spec.key in f:
            check.problem(f[spec.key], spec.key, f"{named} har inget förslag till beslut, men ärendet har "
                                                 f"'{spec.key}'. Ta bort det, eller ange en dokumenttyp med beslut "
                                                 "(till exempel 'dokumenttyp: Tjänsteskrivelse').",
                          rule="beslut-utan-plats")


#: The case's own attributes: a plain field without one is kept in ``Case.extra``.
_ATTRIBUTES = frozenset(f.name for f in dataclasses.fields(Case))


def _plain(check: Checker, field: Field, node: Node | None) -> str | dt.date | None:
    """A plain field's value (:func:`memo.case.sections.plain_fields`): a date, or text, shown as written (a
    referable one's ``${`` is refused with the values, :func:`_values`)."""
    if field.form == "datum":
        return check.convert(node, field.key, parse_date)
    text = check.scalar(node, field.key, identifier=field.identifier)
    if text is not None and node is not None and not field.referable:
        check.shown_as_written(node, field.key, text)
    return text


def _key_and_parents(key: str) -> list[str]:
    """A key path and the paths that hold it (``konsekvenser.barn.text``, ``konsekvenser.barn``, ``konsekvenser``),
    folded: a rule of the profile about any of them is said by the problem already found there."""
    parts = re.split(r"(?=[.\[])", canonical_key(key))
    return ["".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _headings(check: Checker, node: Node | None, sections: Sequence[Section]) -> dict[str, str]:
    """``rubriker:``: the case's own heading for a section, by the section's key (one that has a heading)."""
    if node is None or node.value is None:
        return {}
    f = check.fields(node, "rubriker", tuple(s.key for s in sections if s.heading))
    headings = {key: check.scalar(child, f"rubriker.{key}", required=True) for key, child in f.items()}
    return {key: prose_text.one_line(text) for key, text in headings.items() if text}


def _prose(check: Checker, node: Node | None, key: str, values: Mapping[str, str | None]) -> Prose | None:
    """Prose: one text, or a list of passages each under a sub-heading (``underrubrik`` and ``text``)."""
    if node is None or not isinstance(node.value, list):
        return check.prose(node, key, values)
    passages: list[Passage] = []
    for item_key, item in check.items(node, key):
        if isinstance(item.value, str):
            text = check.prose(item, item_key, values)
            if text:
                passages.append(Passage("", text))
            continue
        p = check.shape(item, item_key, PASSAGE)
        heading = check.line_text(p.get("underrubrik"), f"{item_key}.underrubrik", values)
        text = check.prose(p.get("text"), f"{item_key}.text", values)
        if text:
            passages.append(Passage(prose_text.one_line(heading or ""), text))
    return tuple(passages)


def _free_sections(check: Checker, node: Node | None, key: str,
                   values: Mapping[str, str | None]) -> tuple[FreeSection, ...]:
    result: list[FreeSection] = []
    for item_key, item in check.items(node, key):
        f = check.shape(item, item_key, FREE_SECTION)
        heading = check.line_text(f.get("rubrik"), f"{item_key}.rubrik", values, required=True)
        text = _prose(check, f.get("text"), f"{item_key}.text", values) if "text" in f else None
        if heading and text:
            result.append(FreeSection(prose_text.one_line(heading), text))
    return tuple(result)


def _decisions(check: Checker, node: Node | None, key: str, values: Mapping[str, str | None]) -> tuple[str, ...]:
    return tuple(p for p in (check.prose(_decision(n), k, values, inline=True, required=True)
                             for k, n in check.items(node, key, required=True)) if p)


def _recipients(check: Checker, node: Node | None, key: str, values: Mapping[str, str | None]) -> tuple[str, ...]:
    return tuple(p for p in (check.line_text(n, k, values) for k, n in check.items(node, key)) if p)


def _decision(node: Node) -> Node:
    """An att-sats as the author plainly meant it (:func:`memo.case.decisions.clean_point`)."""
    if isinstance(node.value, str):
        return node._replace(value=decisions.clean_point(node.value))
    return node


def _without(values: Mapping[str, str | None], names: Collection[str]) -> dict[str, str | None]:
    return {name: value for name, value in values.items() if name not in names}


def _values(check: Checker, f: Mapping[str, Node]) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for name in referable_fields():
        node = f.get(name)
        if node is not None and isinstance(node.value, str):
            values[name] = node.value
            check.value_nodes[name] = (name, node)
            if name not in resolved_fields():
                check.shown_as_written(node, name, node.value)
    node = f.get("varden")
    if node is None:
        return values
    if not isinstance(node.value, dict):
        check.problem(node, "varden", "'varden' ska vara en mappning från namn till värde, till exempel "
                                      "{'belopp': 250000}." if check.source.python else
                                      "'varden' ska vara nycklar med värden, till exempel 'belopp: 250000'.",
                      rule="fel-typ")
        return values
    for name, child in node.items():
        key = f"varden.{name}"
        if not prose_text.VALUE_NAME.fullmatch(name):
            check.problem(child, key, f"Värdenamnet '{name}' går inte att använda: skriv bara bokstäver, "
                                      "siffror och _ och börja med en bokstav.", rule="ogiltigt-vardenamn")
        elif name in referable_fields():
            check.problem(child, key, f"'{name}' är redan ett fält i ärendet; välj ett annat namn.",
                          rule="ogiltigt-vardenamn")
        else:
            values[name] = check.scalar(child, key, required=True)
            check.value_nodes[name] = (key, child)
    return values


def _inline_list(check: Checker, node: Node | None, key: str,
                 values: Mapping[str, str | None]) -> tuple[str, ...]:
    return tuple(p for p in (check.prose(n, k, values, inline=True) for k, n in check.items(node, key)) if p)


def _signatures(check: Checker, node: Node | None, key: str, values: Mapping[str, str | None],
                shape: Shape = SIGNATORY) -> tuple[Signatory, ...]:
    """The signatures: each a name and a title (``shape`` says whether the title is required: ``valfria_falt``)."""
    if node is None or node.value is None:
        return ()
    entries = [(key, node)] if isinstance(node.value, dict) else check.items(node, key)
    result = []
    for key, item in entries:
        f = check.shape(item, key, shape)
        namn, titel = check.scalar(f.get("namn"), f"{key}.namn"), check.scalar(f.get("titel"), f"{key}.titel")
        if namn and (titel or "titel" not in shape.required):
            result.append(Signatory(namn, titel or ""))
    return tuple(result)


def _konsekvenser(check: Checker, node: Node | None, section: str,
                  values: Mapping[str, str | None]) -> tuple[Konsekvens, ...]:
    return read_konsekvenser(check, node, section, values)


def _economy(check: Checker, node: Node | None, key: str, values: Mapping[str, str | None]) -> Economy | None:
    if node is None or node.value is None:
        return None
    if isinstance(node.value, str):
        text = check.prose(node, key, values)
        return Economy(text) if text else None
    f = check.shape(node, key, ECONOMY)
    text = check.prose(f.get("text"), f"{key}.text", values)
    table = _table(check, f["tabell"], f"{key}.tabell", values) if "tabell" in f else None
    return Economy(text, table) if text or table else None


def _table(check: Checker, node: Node, key: str, values: Mapping[str, str | None]) -> Table | None:
    f = check.shape(node, key, TABLE)
    columns = tuple(s for s in (check.scalar(n, k) for k, n in check.items(f.get("kolumner"),
                                                                           f"{key}.kolumner")) if s)
    # A row's length is compared with the columns only when they were read: a misspelt or faulty 'kolumner' is
    # its own problem, not one per row.
    columns_read = "kolumner" in f and not check.misspelt(f"{key}.kolumner") and \
        not any(p.key and p.key.startswith(f"{key}.kolumner") for p in check.problems)
    unit = check.scalar(f.get("enhet"), f"{key}.enhet") or "tkr"
    if unit not in TABLE_UNITS:
        check.problem(f.get("enhet"), f"{key}.enhet", f"Enheten '{unit}' finns inte. Välj {either(list(TABLE_UNITS))} "
                                                      "(beloppen skrivs alltid i kronor).", rule="okand-enhet")
    rows: list[TableRow] = []
    for row_key, row in check.items(f.get("rader"), f"{key}.rader", required=True):
        r = check.shape(row, row_key, TABLE_ROW)
        amounts: list[Decimal | None] = []
        entries = check.items(r.get("belopp"), f"{row_key}.belopp", allow_empty=True)
        for amount_key, amount in entries:
            raw = check.scalar(amount, amount_key)
            if raw is None or raw.strip() in ("", "-", "\u2013"):
                amounts.append(None)
                continue
            try:
                amounts.append(parse_number(prose_text.resolve(raw, values, FILTERS)))
            except (FormatError, prose_text.ReferenceError) as exc:
                check.problem(amount, amount_key, exc.message + check.number_hint(raw), rule="otydligt-belopp")
        if entries and len(entries) != len(columns) and columns_read:
            check.problem(r.get("belopp"), f"{row_key}.belopp",
                          f"Raden har {len(entries)} belopp men tabellen har {len(columns)} kolumner.",
                          rule="fel-antal-belopp")
        post = check.scalar(r.get("post"), f"{row_key}.post")
        if post:
            rows.append(TableRow(post, tuple(amounts)))
    description = check.scalar(f.get("beskrivning"), f"{key}.beskrivning")
    if not description or not columns or not rows:
        return None
    return Table(description, columns, tuple(rows), unit, check.flag(f.get("summa"), f"{key}.summa"))


#: How each kind of section is read from the case; one entry per :class:`memo.case.sections.Kind`.
_READERS: Mapping[Kind, Callable[[Checker, Node | None, str, Mapping[str, str | None]], SectionValue | None]] = {
    Kind.PROSE: _prose,
    Kind.LIST: _inline_list,
    Kind.NUMBERED_LIST: _inline_list,
    Kind.LINES: _inline_list,
    Kind.DECISION: _decisions,
    Kind.CONSEQUENCES: _konsekvenser,
    Kind.ECONOMY: _economy,
    Kind.FREE: _free_sections,
    Kind.SIGNATURE: _signatures,
    Kind.RECIPIENTS: _recipients,
}


def read_section(check: Checker, kind: Kind, node: Node | None, key: str,
                 values: Mapping[str, str | None]) -> SectionValue | None:
    """A section's value read as its kind reads it (for another kind of document that holds one)."""
    return _READERS[kind](check, node, key, values)


def key_location(case: Case, key: str) -> Location:
    """Where a top-level key of the case was written (line 1 of its file, or only the key, if it was not)."""
    line = case.lines.get(key)
    if line:  # a top-level key starts its line
        return Location(case.path, line, 1, key)
    return Location(case.path, 1 if case.path is not None else None, None, key)


def profile_problems(case: Case, profile: Profile) -> list[MemoError]:
    """The rules that need the profile: its sections, mandatory sections and perspectives, the decision's opening."""
    problems: list[MemoError] = []
    present = case.present_sections()
    declared = {spec.key: spec for spec in profile.sections}
    for key in sorted(present - declared.keys(), key=lambda k: case.lines.get(k, 0)):
        problems.append(CaseError(f"Avsnittet '{key}' ingår inte i PM:et i profilen '{profile.name}'. "
                                  f"Profilens avsnitt: {', '.join(declared)}.", key_location(case, key),
                                  rule="okant-avsnitt"))
    decision = profile.has_decision(case.dokumenttyp)
    for spec in profile.sections:
        if spec.required and spec.key not in present and (decision or spec.kind is not Kind.DECISION):
            problems.append(CaseError(f"Avsnittet '{spec.key}' är obligatoriskt i profilen "
                                      f"'{profile.name}' men saknas i ärendet.",
                                      key_location(case, spec.key), rule="avsnitt-saknas"))

    problems.extend(perspective_problems(case, profile, key_location))
    style = decisions.decision_style(case.beslutsstil or profile.beslutsstil)
    lead_in = None
    if not decision:  # no decision: no words before it
        pass
    elif style in decisions.STYLES:
        lead_in = decisions.lead_in(style, case.beslutsinledning, profile.beslutsinledning)
    else:  # a case changed in Python after it was read
        problems.append(CaseError(decisions.unknown_style(style), key_location(case, "beslutsstil"),
                                  rule="ogiltigt-val"))
    values = headerfields.text_values(case, profile, case.references())
    try:
        references = prose_text.find_references(lead_in or "")
    except prose_text.ReferenceError as exc:
        references = []
        problems.append(CaseError(f"Förslagets inledning ('{lead_in}'): {exc.message}",
                                  key_location(case, "beslutsinledning"), rule=exc.rule))
    for reference in references:
        if not (values.get(reference.name) or "").strip():  # missing, or written empty: "beslutar" without its subject
            example = "'Regional tillväxtnämnd'" if reference.name == "beslutsinstans" else "'Kommunstyrelsen'"
            problems.append(CaseError(f"Förslagets inledning ('{lead_in}') behöver '{reference.name}' "
                                      f"(till exempel {example}). Fyll i den, eller ge förslaget en annan "
                                      "inledning med 'beslutsinledning'.", key_location(case, reference.name),
                                      rule="tomt-varde"))
            continue
        try:
            prose_text.check_reference(reference, values, FILTERS, reference.offset)
        except prose_text.ReferenceError as exc:
            problems.append(CaseError(f"Förslagets inledning ('{lead_in}'): {exc.message}",
                                      key_location(case, "beslutsinledning"), rule=exc.rule))
    return problems + housestyle.organ_problems(case, profile.underskriftsorgan, values, key_location)
