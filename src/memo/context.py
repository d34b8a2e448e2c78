"""Stage 3, the data part: a case and its profile as the section templates see them.

Every section the profile declares is there in its order (``avsnitten``), each with its
heading, its kind's templates and its content as markup; every section a template may
name is also under ``arende.<nyckel>``. Case text is turned into memo markup here
(:mod:`memo.prose`), so the case itself holds only what the handläggare wrote.
The data is built once per memo, before any template runs; a bad reference in a case
built in Python is the case's error, at its key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, overload

from markupsafe import Markup

from memo import decisions
from memo import prose as prose_text
from memo.case import (
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
from memo.errors import CaseError, Location
from memo.profile import Profile
from memo.prose import prose_markup, text_markup
from memo.sections import Kind, template_names
from memo.swedish import FILTERS, perspective_phrase, tal

__all__ = ["Amounts", "template_context"]

def _block(text: str, values: Mapping[str, str | None]) -> Markup:
    return Markup(prose_markup(text, values, FILTERS))


def _inline(text: str, values: Mapping[str, str | None]) -> Markup:
    return Markup(prose_markup(text, values, FILTERS, inline=True))


def _line(text: str, values: Mapping[str, str | None]) -> Markup:
    return Markup(text_markup(text, values, FILTERS))


def _prose(value: SectionValue, values: Mapping[str, str | None]) -> Markup:
    """Prose as markup: its passages' sub-headings as Rubrik 2."""
    if isinstance(value, str):
        return _block(value, values)
    passages = value if isinstance(value, tuple) else ()
    return Markup("").join((Markup("<h2>%s</h2>") % _line(p.underrubrik, values) if p.underrubrik else Markup(""))
                           + _block(p.text, values) for p in passages if isinstance(p, Passage))


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
    sums = [sum((row.belopp[i] or Decimal(0) for row in table.rader if i < len(row.belopp)), Decimal(0))
            for i in range(columns)]
    return {
        "beskrivning": table.beskrivning,
        "enhet": table.enhet,
        "kolumner": list(table.kolumner),
        "rader": [{"post": row.post, "belopp": list(row.belopp), "text": Amounts(row.belopp, delare, decimals, tick)}
                  for row in table.rader],
        "summa": table.summa,
        "summor": sums,
        "summor_text": Amounts(sums, delare, decimals, tick),
        "delare": delare,
        "decimaler": decimals,
    }


def _perspectives(case: Case, profile: Profile, key: str) -> list[str]:
    """The perspectives named in the heading: the profile's first, then the case's others."""
    names = list(profile.perspektiv)
    known = {n.casefold() for n in names}
    for konsekvens in _konsekvenser(case.avsnitt.get(key)):
        for name in konsekvens.perspektiv:
            if name.casefold() not in known:
                names.append(name)
                known.add(name.casefold())
    return names


def _konsekvenser(value: SectionValue | None) -> list[Konsekvens]:
    return [k for k in value if isinstance(k, Konsekvens)] if isinstance(value, tuple) else []


def _entries(value: SectionValue | None) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, tuple) else []


def _shown(kind: Kind, value: SectionValue | None, values: Mapping[str, str | None],
           tick: Callable[[], None]) -> Any:
    """A section's value as the templates see it, by its kind: text as markup, in lists and mappings."""
    if kind is Kind.PROSE:
        return _prose(value, values) if isinstance(value, (str, tuple)) and value else None
    if kind in (Kind.LIST, Kind.NUMBERED_LIST, Kind.DECISION):
        return [_inline(text, values) for text in _entries(value)]
    if kind is Kind.RECIPIENTS:
        return [_line(text, values) for text in _entries(value)]
    if kind is Kind.CONSEQUENCES:
        return [{"perspektiv": list(k.perspektiv), "text": _block(k.text, values)} for k in _konsekvenser(value)]
    if kind is Kind.ECONOMY:
        if not isinstance(value, Economy):
            return None
        return {"text": _block(value.text, values) if value.text else None,
                "tabell": _table(value.tabell, tick) if value.tabell else None}
    if kind is Kind.FREE:
        return [{"rubrik": _line(s.rubrik, values), "text": _prose(s.text, values)}
                for s in (value if isinstance(value, tuple) else ()) if isinstance(s, FreeSection)]
    return [{"namn": s.namn, "titel": s.titel}
            for s in (value if isinstance(value, tuple) else ()) if isinstance(s, Signatory)]


def template_context(case: Case, profile: Profile, tick: Callable[[], None]) -> Mapping[str, Any]:
    """What the templates see; ``tick`` counts a table amount's formatting against the render's budget."""
    values = case.varden
    try:
        rubrik = _line(case.rubrik, values)
    except prose_text.ReferenceError as exc:
        raise CaseError(exc.message, Location(case.path, case.lines.get("rubrik"), None, "rubrik")) from None
    arende: dict[str, Any] = {
        "rubrik": rubrik,
        "diarienummer": case.diarienummer,
        "dokumenttyp": case.dokumenttyp or profile.dokumenttyp,
        "datum": case.datum,
        "sammantradesdatum": case.sammantradesdatum,
        "beslutsinstans": case.beslutsinstans,
        "forslagsstallare": case.forslagsstallare,
        "handlaggare": {"namn": case.handlaggare.namn, "enhet": case.handlaggare.enhet,
                        "epost": case.handlaggare.epost, "telefon": case.handlaggare.telefon},
        "varden": dict(values),
    }
    # Every section a template may name is there, empty when the case or the profile has none of it.
    for spec in profile.readable_sections:
        arende[spec.key] = _shown(spec.kind, None, values, tick)
    perspektiv: list[str] = list(profile.perspektiv)
    style = case.beslutsstil or profile.beslutsstil
    lead_in = decisions.lead_in(style, case.beslutsinledning, profile.beslutsinledning)
    sections = []
    for spec in profile.sections:
        try:  # a case built in Python was never checked: a bad reference is the case's fault, at its key
            shown = _shown(spec.kind, case.avsnitt.get(spec.key), values, tick)
        except prose_text.ReferenceError as exc:
            raise CaseError(exc.message, Location(case.path, case.lines.get(spec.key), None, spec.key)) from None
        arende[spec.key] = shown
        heading = case.rubriker.get(spec.key, spec.heading)
        if spec.kind is Kind.DECISION:  # each point with the punctuation its style puts after it
            points = _entries(case.avsnitt.get(spec.key))
            shown = [markup + decisions.ending(text, last=i == len(points) - 1, style=style)
                     for i, (text, markup) in enumerate(zip(points, shown, strict=True))]
        if spec.kind is Kind.CONSEQUENCES:
            perspektiv = _perspectives(case, profile, spec.key)
            heading = heading.replace("{perspektiv}", perspective_phrase(perspektiv) if perspektiv else "")
        sections.append({"nyckel": spec.key, "rubrik": heading, "typ": spec.kind.value,
                         "mallar": template_names(spec.key, spec.kind), "innehall": shown})
    return {
        "arende": arende,
        "avsnitten": sections,
        "beslutsstil": style,
        "beslut": {"stil": style, "inledning": _line(lead_in, values) if lead_in else None},
        "perspektiv": perspektiv,
        "profil": {"namn": profile.organisation, "adress": list(profile.adress), "epost": profile.epost,
                   "webbplats": profile.webbplats, "telefon": profile.telefon},
    }
