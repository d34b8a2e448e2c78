"""Stage 3, the data part: a case and its profile as the section templates see them.

Every section the profile declares is there in its order (``avsnitten``), each with its
heading, its kind's templates and its content as markup; every section a template may
name is also under ``arende.<nyckel>``. Case text is turned into memo markup here
(:mod:`memo.case.prose`), so the case itself holds only what the handläggare wrote.
The data is built once per memo, before any template runs; a bad reference in a case
built in Python is the case's error, at its key.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar, overload

from markupsafe import Markup

from memo.case import assessments, decisions, perspectives
from memo.case import prose as prose_text
from memo.case.model import (
    TABLE_UNITS,
    Case,
    Economy,
    FreeSection,
    Konsekvens,
    Passage,
    SectionValue,
    Signatory,
    Table,
)
from memo.case.prose import prose_markup, text_markup
from memo.case.sections import Kind, Section, plain_fields, resolved_fields, template_names
from memo.errors import CaseError, Location
from memo.profile import fieldlines, headerfields, housestyle
from memo.profile.load import Profile
from memo.swedish import FILTERS, tal

__all__ = ["SHOWN", "Amounts", "template_context"]

def _block(text: str, values: Mapping[str, str | None]) -> Markup:
    return Markup(prose_markup(text, values, FILTERS))


def _inline(text: str, values: Mapping[str, str | None]) -> Markup:
    return Markup(prose_markup(text, values, FILTERS, inline=True))


def _line(text: str, values: Mapping[str, str | None]) -> Markup:
    return Markup(text_markup(text, values, FILTERS))


class Amounts(Sequence[str]):
    """Amounts as text in a table's unit (``belopp / delare | tal(decimaler)``, "–" for none).

    Formatted when a template reads them — inside the template, so a problem is reported
    at its line, and a template that never reads them never formats them — without the
    sandbox's per-call checks on each of a long table's cells.
    """

    __slots__ = ("_amounts", "_decimals", "_divisor", "_tick")

    def __init__(self, amounts: Sequence[Decimal | None], divisor: Decimal, decimals: int,
                 tick: Callable[[], None]) -> None:
        self._amounts = amounts
        self._divisor = divisor
        self._decimals = decimals
        self._tick = tick

    def __len__(self) -> int:
        return len(self._amounts)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self._shown(amount) for amount in self._amounts[index]]
        return self._shown(self._amounts[index])

    def __iter__(self) -> Iterator[str]:
        return map(self._shown, self._amounts)

    def _shown(self, amount: Decimal | None) -> str:
        self._tick()  # each amount formatted counts against the budget, however the template asks for it
        return "–" if amount is None else tal(amount / self._divisor, self._decimals)


def _table(table: Table, tick: Callable[[], None]) -> dict[str, Any]:
    """The table for the templates: the amounts in kronor, and as text in the table's unit.

    ``rad.text``/``summor_text`` read as ``belopp / delare | tal(decimaler)`` ("–" for an
    empty cell), see :class:`Amounts`.
    """
    divisor, decimals = TABLE_UNITS[table.enhet]
    delare = Decimal(divisor)
    columns = len(table.kolumner)
    cells: list[list[Decimal]] = [
        [amount for row in table.rader if i < len(row.belopp) and (amount := row.belopp[i]) is not None]
        for i in range(columns)]
    sums = [sum(column, Decimal(0)) for column in cells]
    # As text, a column with no amount at all has no sum ("–"), not a sum of 0.
    shown_sums: list[Decimal | None] = [total if column else None for total, column in zip(sums, cells, strict=True)]
    return {
        "beskrivning": table.beskrivning,
        "enhet": table.enhet,
        "kolumner": list(table.kolumner),
        "rader": [{"post": row.post, "belopp": list(row.belopp), "text": Amounts(row.belopp, delare, decimals, tick)}
                  for row in table.rader],
        "summa": table.summa,
        "summor": sums,
        "summor_text": Amounts(shown_sums, delare, decimals, tick),
        "delare": delare,
        "decimaler": decimals,
    }


def _consequences(konsekvenser: Sequence[Konsekvens], values: Mapping[str, str | None],
                  subheadings: bool = False) -> list[dict[str, Any]]:
    """The consequences for the templates: each with its perspectives as shown, its text as markup (for one
    not affected: the assessment and the reason) and, when the profile wants one, its sub-heading."""
    shown = []
    for k in konsekvenser:
        text = _block(k.text, values) if k.text.strip() else Markup("")
        if not k.berors:
            sentence = Markup.escape(perspectives.not_affected_sentence(k.perspektiv))
            text = Markup("<p>") + sentence + Markup(" ") + Markup(text[3:]) if text.startswith("<p>") \
                else Markup("<p>") + sentence + Markup("</p>") + text
        shown.append({"perspektiv": [perspectives.shown(n) for n in k.perspektiv], "berors": k.berors,
                      "rubrik": Markup.escape(perspectives.subheading(k.perspektiv)) if subheadings else None,
                      "text": text})
    return shown


T = TypeVar("T")


class _Shape(ValueError):
    """A section's value in a case built in Python is not what its kind holds."""


def _items(value: SectionValue | None, kind: type[T], what: str) -> list[T]:
    """The entries of a section's value: a list or tuple of ``kind`` (nothing for no value)."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise _Shape(f"ska vara en lista med {what}")
    items: list[T] = [item for item in value if isinstance(item, kind)]
    if len(items) != len(value):
        raise _Shape(f"ska vara en lista med {what}")
    return items


def _prose(value: SectionValue | None, values: Mapping[str, str | None], headed: bool = True) -> Markup | None:
    """Prose as markup: one text, or passages with their sub-headings as Rubrik 2 (Rubrik 1 in a section
    without a heading of its own, so that the headings keep their order)."""
    if value is None or isinstance(value, str):
        return _block(value, values) if value else None
    passages = _items(value, Passage, "stycken (memo.case.model.Passage) eller vara en text")
    tag = Markup("<h2>%s</h2>") if headed else Markup("<h1>%s</h1>")
    return Markup("").join((tag % _line(p.underrubrik, values) if p.underrubrik else Markup(""))
                           + _block(p.text, values) for p in passages) or None


def _konsekvenser(value: SectionValue | None) -> list[Konsekvens]:
    items = _items(value, Konsekvens, "konsekvenser (memo.case.model.Konsekvens)")
    if not all(assessments.well_formed(k) for k in items):
        raise _Shape("ska vara konsekvenser med perspektiv (namn), en text och berors (True eller False)")
    return items


def _strings(convert: Callable[[str, Mapping[str, str | None]], Markup]) -> _Form:
    """One-line entries (a list, decision points, recipients), each as ``convert`` writes it."""
    return lambda value, values, tick, headed: [convert(text, values) for text in _items(value, str, "texter")]


def _economy(value: SectionValue | None, values: Mapping[str, str | None], tick: Callable[[], None],
             headed: bool) -> Any:
    if value is None:
        return None
    if not isinstance(value, Economy):
        raise _Shape("ska vara en memo.case.model.Economy")
    return {"text": _block(value.text, values) if value.text else None,
            "tabell": _table(value.tabell, tick) if value.tabell else None}


#: What a section's value is for the templates: (value, named values, tick, has a heading) → its form there.
_Form = Callable[[SectionValue | None, Mapping[str, str | None], Callable[[], None], bool], Any]

#: How each kind of section is shown to the templates; one entry per :class:`memo.case.sections.Kind`.
SHOWN: Mapping[Kind, _Form] = {
    Kind.PROSE: lambda value, values, tick, headed: _prose(value, values, headed),
    Kind.LIST: _strings(_inline),
    Kind.NUMBERED_LIST: _strings(_inline),
    Kind.LINES: _strings(_inline),
    Kind.DECISION: _strings(lambda text, values: _inline(decisions.clean_point(text), values)),
    Kind.RECIPIENTS: _strings(_line),
    Kind.CONSEQUENCES: lambda value, values, tick, headed: _consequences(_konsekvenser(value), values),
    Kind.ECONOMY: _economy,
    Kind.FREE: lambda value, values, tick, headed: [
        {"rubrik": _line(s.rubrik, values), "text": _prose(s.text, values)}
        for s in _items(value, FreeSection, "egna avsnitt (memo.case.model.FreeSection)")],
    Kind.SIGNATURE: lambda value, values, tick, headed: [
        {"namn": s.namn, "titel": s.titel}
        for s in _items(value, Signatory, "underskrifter (memo.case.model.Signatory)")],
}


def _shown(kind: Kind, value: SectionValue | None, values: Mapping[str, str | None],
           tick: Callable[[], None], headed: bool = True) -> Any:
    """A section's value as the templates see it, by its kind: text as markup, in lists and mappings."""
    return SHOWN[kind](value, values, tick, headed)


def _punctuated(points: list[str], shown: list[Markup], style: str, values: Mapping[str, str | None],
                marks: decisions.Punctuation | None) -> list[Markup]:
    """Each decision point with the punctuation after it (the organisation's ``marks``, else its style's), judged on
    the text the reader sees."""
    seen = [prose_text.resolve(decisions.clean_point(text), values, FILTERS) for text in points]
    return [markup + decisions.ending(text, i, len(seen), style=style, marks=marks)
            for i, (text, markup) in enumerate(zip(seen, shown, strict=True))]


def _case_error(case: Case, key: str, message: str) -> CaseError:
    return CaseError(message, Location(case.path, case.lines.get(key.split(".")[0]) or None, None, key))


def _template(spec: Section, templates: Collection[str]) -> str:
    names = template_names(spec.key, spec.kind)
    return next((name for name in names if name in templates), names[-1])


def template_context(case: Case, profile: Profile, tick: Callable[[], None],
                     templates: Collection[str]) -> Mapping[str, Any]:
    """What the templates see; ``tick`` counts a table amount's formatting against the render's budget.

    ``templates``: the names of the templates there are; each section gets the first of its
    own and its kind's (:func:`memo.case.sections.template_names`) that is there.
    """
    try:  # the title first: ``${rubrik}`` elsewhere is the title as shown
        values = prose_text.resolve_fields(case.references(), resolved_fields(), FILTERS)
    except prose_text.ReferenceError as exc:
        raise _case_error(case, exc.field or "rubrik", exc.message) from None
    rubrik = Markup(prose_text.line_markup(values.get("rubrik") or ""))
    arende: dict[str, Any] = {
        "rubrik": rubrik,
        "diarienummer": case.diarienummer,
        "dokumenttyp": case.dokumenttyp or profile.dokumenttyp,
        "datum": case.datum,
        "sammantradesdatum": case.sammantradesdatum,
        "beslutsinstans": case.beslutsinstans,
        "forslagsstallare": case.forslagsstallare,
        "handlaggare": None if case.handlaggare is None else {
            "namn": case.handlaggare.namn, "enhet": case.handlaggare.enhet, "titel": case.handlaggare.titel,
            "forvaltning": case.handlaggare.forvaltning or profile.forvaltning,
            "epost": case.handlaggare.epost, "telefon": case.handlaggare.telefon},
        "till": case.till,
        "ert_datum": case.ert_datum,
        "er_beteckning": case.er_beteckning,
        "varden": values,
    }
    for field in plain_fields():  # an organisation's own field, added as a row of the table, is there too
        arende.setdefault(field.key, case.field(field.key))
    texts = headerfields.text_values(case, profile, values)  # what the profile's texts refer to
    organ, from_profile = housestyle.signing_organ(case, profile.underskriftsorgan)
    if organ is not None and from_profile and housestyle.signed(case):  # the profile's: filled; the case's: as is
        try:
            arende[housestyle.SIGNING_ORGAN] = _line(organ, texts)
        except prose_text.ReferenceError as exc:
            raise _case_error(case, housestyle.SIGNING_ORGAN, f"Profilens underskriftsorgan: {exc.message}") from None
    # Every section a template may name is there, empty when the case or the profile has none of it.
    for spec in profile.readable_sections:
        arende[spec.key] = _shown(spec.kind, None, values, tick)
    perspektiv: list[str] = list(profile.perspektiv)
    # The style and the lead-in's references were checked with the profile (build.profile_problems).
    style = decisions.decision_style(case.beslutsstil or profile.beslutsstil)
    decision = profile.has_decision(case.dokumenttyp)  # a letter has none: its section and lead-in are not shown
    lead_in = decisions.lead_in(style, case.beslutsinledning, profile.beslutsinledning) if decision else None
    shown_lead_in = _line(lead_in, texts) if lead_in else None
    sections = []
    for spec in profile.sections:
        if spec.kind is Kind.DECISION and not decision:
            continue
        key = spec.key
        heading = case.rubriker.get(key, spec.heading)
        try:  # a case built in Python was never checked: a fault in it is the case's, at its key
            shown: Any
            if spec.kind is Kind.CONSEQUENCES:  # in the heading's order: the profile's perspectives, then the case's
                konsekvenser = _konsekvenser(case.avsnitt.get(key))
                perspektiv = perspectives.heading_names(profile.perspektiv, konsekvenser)
                shown = _consequences(perspectives.in_heading_order(konsekvenser, perspektiv), values,
                                      profile.underrubrik_per_perspektiv)
                heading = heading.replace("{perspektiv}", perspectives.phrase(perspektiv).replace("${", "$${"))
            else:
                shown = _shown(spec.kind, case.avsnitt.get(key), values, tick, headed=bool(heading))
            arende[key] = shown
            if spec.kind is Kind.DECISION:
                shown = _punctuated(_items(case.avsnitt.get(key), str, "texter"), shown, style, values,
                                    profile.skiljetecken if style == profile.beslutsstil else None)
        except prose_text.ReferenceError as exc:
            raise _case_error(case, key, exc.message) from None
        except _Shape as exc:
            raise _case_error(case, key, f"Avsnittet '{key}' {exc}.") from None
        try:
            shown_heading = _line(heading, values)
        except prose_text.ReferenceError as exc:
            where = f"rubriker.{key}" if key in case.rubriker else key
            raise _case_error(case, where, f"Rubriken '{heading}': {exc.message}") from None
        sections.append({"nyckel": key, "rubrik": shown_heading, "typ": spec.kind.value,
                         "mall": _template(spec, templates), "innehall": shown})
    own = {key: case.extra.get(key) for key, _ in profile.egna_falt}
    arende.update(own)  # the profile's own fields, as the header shows them
    try:
        faltrader = {place: [Markup(prose_text.line_markup(text)) for text in fieldlines.shown_lines(
            profile.faltrader, place, texts)] for place in fieldlines.PLACES}
    except prose_text.ReferenceError as exc:  # a formatting that fails on the case's value, at the field's key
        raise _case_error(case, exc.field or "rubrik", f"Profilens fältrad: {exc.message}") from None
    return {
        "arende": arende,
        "faltrader": faltrader,
        "avsnitten": sections,
        "beslutsstil": style,
        "beslut": {"stil": style, "inledning": shown_lead_in, "mall": decisions.STYLES[style].template},
        "perspektiv": perspektiv,
        "profil": {"namn": profile.organisation, "adress": list(profile.adress), "epost": profile.epost,
                   "webbplats": profile.webbplats, "telefon": profile.telefon},
    }
