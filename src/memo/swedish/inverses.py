"""Formatted values read back: the text a formatting showed (``275 000 kronor``) as the value it shows.

Each formatting of :data:`memo.swedish.filters.FORMATTINGS` has its inverse here. An inverse reads the text
as that formatting writes it — the number with the formatting's unit (``kronor``, ``tkr``, ``%``), a date,
a time of day — and is lenient only where the value stays certain: an ordinary space, a no-break space or
a thin space between groups of digits, a hyphen or a minus sign, the unit in any of its forms (``kr``,
``kronor``, ``krona``; ``%`` or ``procent``), a date in any form :func:`~memo.swedish.dates.parse_date`
reads. It gives None when the text does not state one value unambiguously:

* the unit is missing, or belongs to another scale (``1,2 mnkr`` where the formatting shows ``tkr``);
* the number has more decimals than the formatting shows (``1,25 mnkr`` for ``mnkr``, which shows one):
  the value would be shown otherwise than the text says;
* a weekday (``veckodag``) that changed: no date follows from it.

:func:`written_like` writes a new value as text in the style the case wrote the old one.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Final

from memo.errors import FormatError
from memo.swedish.dates import month_names, parse_date, parse_time, veckodag
from memo.swedish.numbers import AMOUNT_UNITS, parse_number
from memo.typography import MINUS

__all__ = ["Shown", "amount", "as_text", "canonical", "date", "number", "percent", "same_weekday", "time",
           "written_like"]

#: A value read back from its shown text.
Shown = Decimal | dt.date | dt.time | str

_SPACES: Final = re.compile(r"[\s\u00a0\u202f]+")
_DASHES: Final = str.maketrans({MINUS: "-", "\u2013": "-"})
#: A number and what follows it: ``275 000 kronor``, ``−1,5 mnkr``, ``12,5 %``.
_NUMBER_AND_UNIT: Final = re.compile(r"(?P<number>[-+]?[0-9](?:[0-9 ]*[0-9])?(?:[.,][0-9]+)?) ?(?P<unit>\S.*)?")
_PERCENT_UNITS: Final = frozenset({"%", "procent"})


def canonical(shown: str) -> str:
    """A shown text with the differences a person's editor makes undone: every run of spaces (no-break, thin)
    one space, a minus sign or en dash a hyphen, no space at either end.

    >>> canonical("\u2212275\u00a0000\u00a0kronor ")
    '-275 000 kronor'
    """
    return _SPACES.sub(" ", shown.translate(_DASHES)).strip()


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _number_and_unit(shown: str, places: int | None) -> tuple[Decimal, str] | None:
    found = _NUMBER_AND_UNIT.fullmatch(canonical(shown))
    if found is None:
        return None
    try:
        value = parse_number(found["number"])
    except FormatError:
        return None
    if places is not None and _places(value) > places:
        return None
    return value, (found["unit"] or "").casefold()


def number(shown: str, places: int | None) -> Decimal | None:
    """A number as :func:`~memo.swedish.numbers.tal` shows it, with at most ``places`` decimals (None: any).

    >>> number("1\u00a0234,5", None), number("−3", 0), number("3,5", 0), number("3 st", None)
    (Decimal('1234.5'), Decimal('-3'), None, None)
    """
    read = _number_and_unit(shown, places)
    return read[0] if read is not None and not read[1] else None


def amount(shown: str, places: int | None, scale: int) -> Decimal | None:
    """An amount in kronor, shown in units of ``scale`` kronor (1, 1 000 or 1 000 000) with its unit, and at
    most ``places`` decimals (of the shown number).

    >>> amount("275 000 kronor", 0, 1), amount("1,2 mnkr", 1, 1_000_000), amount("275 tkr", 0, 1)
    (Decimal('275000'), Decimal('1200000'), None)
    """
    read = _number_and_unit(shown, places)
    if read is None or AMOUNT_UNITS.get(read[1]) != scale:
        return None
    return Decimal(format((read[0] * scale).normalize(), "f"))


def percent(shown: str, places: int | None) -> Decimal | None:
    """A value in percent, shown with ``%`` or the word ``procent``.

    >>> percent("12,5\u00a0%", None), percent("15 procent", None), percent("15", None)
    (Decimal('12.5'), Decimal('15'), None)
    """
    read = _number_and_unit(shown, places)
    return read[0] if read is not None and read[1] in _PERCENT_UNITS else None


def date(shown: str) -> dt.date | None:
    """A date in any form a case may write it (``2027-03-03``, ``3 mars 2027``, ``den 3 mars 2027``).

    >>> date("3\u00a0mars\u00a02027"), date("31 februari 2027"), date("i mars")
    (datetime.date(2027, 3, 3), None, None)
    """
    try:
        return parse_date(canonical(shown))
    except FormatError:
        return None


def time(shown: str) -> dt.time | None:
    """A time of day, ``13.15`` or ``13:15``.

    >>> time("13.15"), time("25.00")
    (datetime.time(13, 15), None)
    """
    try:
        return parse_time(canonical(shown))
    except FormatError:
        return None


def same_weekday(shown: str, original: str | None) -> dt.date | None:
    """A weekday cannot give back a date: only the original date, when the weekday shown is its own.

    >>> same_weekday("måndag", "2026-06-01"), same_weekday("tisdag", "2026-06-01")
    (datetime.date(2026, 6, 1), None)
    """
    if original is None:
        return None
    try:
        return parse_date(original) if veckodag(original) == canonical(shown) else None
    except FormatError:
        return None


def as_text(shown: str, original: str | None, lowered: bool = False) -> str:
    """Text shown as it is (``${namn}``), or with its first letter lowered (``gemen``): the text as the case
    would hold it. Spaces and minus signs memo put in for numbers are undone unless the original had them;
    a first letter the formatting lowered is raised again when the original's was a capital.

    >>> as_text("1\u00a0500 invånare", "1 000 invånare"), as_text("kommunstyrelsen", "Kommunfullmäktige", lowered=True)
    ('1 500 invånare', 'Kommunstyrelsen')
    """
    value = shown
    if original is None or ("\u00a0" not in original and MINUS not in original):
        value = value.replace("\u00a0", " ").replace(MINUS, "-")
    if lowered and original and original[:1].isupper() and value[:1].islower():
        value = value[:1].upper() + value[1:]
    return value


_GROUP: Final = re.compile(r"[0-9]([ \u00a0\u202f])[0-9]{3}(?![0-9])")
_LONG_DATE: Final = re.compile(r"(?P<den>den[ \u00a0]+)?[0-9]{1,2}(?P<space>[ \u00a0]+)(?P<month>\w+)", re.IGNORECASE)


def written_like(value: Shown, original: str | None) -> str:
    """``value`` as the text a case holds, written the way ``original`` (the old value's text) was: grouped or
    not, with a decimal comma or point, ``%`` as before; a date in ISO or in words; a time with ``.`` or ``:``.
    The text always reads back as ``value``.

    >>> written_like(Decimal(280000), "275000"), written_like(Decimal(280000), "275 000")
    ('280000', '280 000')
    >>> written_like(Decimal("1234.5"), "1 000,00"), written_like(Decimal("-3.25"), "2.5")
    ('1 234,50', '-3.25')
    >>> written_like(Decimal(15), "12,5 %"), written_like(Decimal("0.5"), "12")
    ('15 %', '0,5')
    >>> written_like(dt.date(2027, 3, 3), "den 1 juli 2026"), written_like(dt.date(2027, 3, 3), "2026-07-01")
    ('den 3 mars 2027', '2027-03-03')
    >>> written_like(dt.time(9, 5), "13:15"), written_like("Ny text", "Gammal text")
    ('9:05', 'Ny text')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return _number_like(value, original or "")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        found = _LONG_DATE.match((original or "").strip())
        if found is None:
            return value.isoformat()
        space = found["space"][:1]
        month = month_names()[value.month - 1]
        if found["month"][:1].isupper():
            month = month.capitalize()
        return f"{found['den'] or ''}{value.day}{space}{month}{space}{value.year}"
    separator = ":" if ":" in (original or "") else "."
    padded = original is None or re.match(r"\s*0[0-9]", original) is not None  # 09.05, not 13.15
    return f"{value.hour:02d}{separator}{value.minute:02d}" if padded else f"{value.hour}{separator}{value.minute:02d}"


def _number_like(value: Decimal, original: str) -> str:
    written = original.strip()
    group = _GROUP.search(written)
    suffix = re.search(r"[ \u00a0\u202f]?%$", written)
    point = "." in written and "," not in written
    decimals = re.search(r"[.,]([0-9]+)", written)
    # a fixed number of decimals (1 000,00) is kept; 12,5 is as many as the value needs
    places = max(_places(value), len(decimals[1]) if decimals and decimals[1].endswith("0") else 0)
    digits = f"{abs(value):.{places}f}"
    whole, _, fraction = digits.partition(".")
    if group is not None:
        whole = f"{int(whole):,}".replace(",", group[1])
    sign = "" if value >= 0 else (MINUS if written.startswith(MINUS) else "-")
    result = sign + whole + (("." if point else ",") + fraction if fraction else "")
    if suffix is not None:
        result += suffix.group()
    try:
        if parse_number(result, percent=suffix is not None) == value:
            return result
    except FormatError:
        pass
    return sign + whole + ("," + fraction if fraction else "") + (suffix.group() if suffix else "")
