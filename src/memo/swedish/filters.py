"""The formatting functions as Jinja filters: ``FILTERS``, and ``gemen`` for a name inside a sentence.

Each formatting is one row of :data:`FORMATTINGS`: the function that shows a value, how it reads the case's
value, and its inverse, which reads the shown text back (:func:`parse_shown`). ``FILTERS`` is made from it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

from memo.errors import FormatError
from memo.swedish.dates import datum, klockslag, langt_datum, parse_date, parse_time, veckodag
from memo.swedish.inverses import Shown, amount, as_text, canonical, date, number, percent, same_weekday, time
from memo.swedish.numbers import kr, kronor, mnkr, parse_number, procent, tal, tkr

__all__ = ["FILTERS", "FORMATTINGS", "Formatting", "gemen", "parse_shown"]


def gemen(text: object) -> str:
    """A body's name inside a sentence: its first letter in lower case (for a lead-in such as "… föreslår
    kommunfullmäktige besluta").

    A first word with a capital after its first letter is an abbreviation or a name that keeps its
    capitals (IT-nämnden, EU, KF, SoL), and the text stays as written.

    >>> gemen("Kommunfullmäktige"), gemen("Regional tillväxtnämnd")
    ('kommunfullmäktige', 'regional tillväxtnämnd')
    >>> gemen("IT-nämnden"), gemen("EU-kommissionen"), gemen("SoL-handläggarna")
    ('IT-nämnden', 'EU-kommissionen', 'SoL-handläggarna')
    """
    value = str(text)
    first = value.split(maxsplit=1)[0] if value.strip() else ""
    if any(c.isupper() for c in first[1:]):
        return value
    return value[:1].lower() + value[1:]


#: An inverse: the shown text, the formatting's number of decimals (its argument, else its default) and the
#: case's original value, to the value the text shows, or None.
Inverse = Callable[[str, "int | None", "str | None"], "Shown | None"]


class Formatting(NamedTuple):
    """One formatting: ``show`` writes a value, ``reads`` reads the case's value as ``show`` does, and
    ``inverse`` reads a shown text back (see :mod:`memo.swedish.inverses`)."""

    show: Callable[..., str]
    reads: Callable[[str], Shown]
    inverse: Inverse


def _percent(value: str) -> Shown:
    return parse_number(value, percent=True)


FORMATTINGS: Final[Mapping[str, Formatting]] = MappingProxyType({
    "tal": Formatting(tal, parse_number, lambda s, n, o: number(s, n)),
    "kronor": Formatting(kronor, parse_number, lambda s, n, o: amount(s, n, 1)),
    "kr": Formatting(kr, parse_number, lambda s, n, o: amount(s, n, 1)),
    "tkr": Formatting(tkr, parse_number, lambda s, n, o: amount(s, n, 1_000)),
    "mnkr": Formatting(mnkr, parse_number, lambda s, n, o: amount(s, n, 1_000_000)),
    "procent": Formatting(procent, _percent, lambda s, n, o: percent(s, n)),
    "datum": Formatting(datum, parse_date, lambda s, n, o: date(s)),
    "langt_datum": Formatting(langt_datum, parse_date, lambda s, n, o: date(s)),
    "veckodag": Formatting(veckodag, parse_date, lambda s, n, o: same_weekday(s, o)),
    "klockslag": Formatting(klockslag, parse_time, lambda s, n, o: time(s)),
    "gemen": Formatting(gemen, str, lambda s, n, o: as_text(s, o, lowered=True)),
})
"""Name → formatting: how a value is shown, and read back. The names are the ones a case's references use."""

FILTERS: Final[Mapping[str, Callable[..., str]]] = MappingProxyType(
    {name: formatting.show for name, formatting in FORMATTINGS.items()}
)
"""Name → formatting function, for Jinja filters and value references in a case."""


def _decimals(function: Callable[..., str], argument: int | None) -> int | None:
    """The decimals a formatting shows: its argument, else its own default (None: as many as the value has)."""
    if argument is not None:
        return argument
    parameter = inspect.signature(function).parameters.get("decimaler")
    return parameter.default if parameter is not None else None


_WITH_ARGUMENT: Final = re.compile(r"(\w+)\s*\(\s*(-?[0-9]+)\s*\)")


def parse_shown(text: str, formatting: str | None, original: str | None, argument: int | None = None) -> Shown | None:
    """The value that ``text`` shows through ``formatting`` (a name of :data:`FORMATTINGS`, with its number in
    parentheses as ``argument`` or written after it, ``tal(2)``; None for a value shown as it is), or None when
    the text does not give one value back unambiguously.

    ``original`` is the case's value the text was made from. A text that is still what the formatting
    makes of it gives back the original value exactly, even where the formatting rounds (``275 tkr`` from
    275 400 gives 275 400); a changed text gives the value it states, at the precision shown
    (``280 tkr`` gives 280 000). Spaces of any kind, a hyphen for the minus sign and case do not count.

    >>> parse_shown("275\u00a0000\u00a0kronor", "kronor", "250000"), parse_shown("1,2 mnkr", "mnkr", None)
    (Decimal('275000'), Decimal('1200000'))
    >>> parse_shown("275 tkr", "tkr", "275 400"), parse_shown("280 tkr", "tkr", "275 400")
    (Decimal('275400'), Decimal('280000'))
    >>> parse_shown("15 procent", "procent", "12,5"), parse_shown("3 mars 2027", "langt_datum", "2026-07-01")
    (Decimal('15'), datetime.date(2027, 3, 3))
    >>> parse_shown("1,25 mnkr", "mnkr", "1200000"), parse_shown("ungefär 3 tkr", "tkr", "3000")
    (None, None)
    >>> parse_shown("1,25 mnkr", "mnkr(2)", "1200000"), parse_shown("1,25 mnkr", "mnkr", "1200000", 2)
    (Decimal('1250000'), Decimal('1250000'))
    """
    if formatting is None:
        return original if original is not None and canonical(text) == canonical(original) \
            else as_text(text, original)
    written = _WITH_ARGUMENT.fullmatch(formatting)
    if written is not None and argument is None:  # "tal(2)" as a reference writes it
        formatting, argument = written[1], int(written[2])
    row = FORMATTINGS.get(formatting)
    if row is None:
        return None
    if original is not None:
        try:
            shown = row.show(original) if argument is None else row.show(original, argument)
            if canonical(shown).casefold() == canonical(text).casefold():
                return row.reads(original)
        except (FormatError, TypeError):
            pass  # the original no longer formats: the text is read as it stands
    return row.inverse(text, _decimals(row.show, argument), original)
