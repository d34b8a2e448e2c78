"""Swedish dates and times of day: read as a handläggare writes them, formatted with Babel."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import Final

from babel.dates import format_date, format_time

from memo.errors import FormatError
from memo.swedish.localedata import locale
from memo.swedish.numbers import quoted

__all__ = ["datum", "klockslag", "langt_datum", "month_names", "parse_date", "parse_time", "veckodag"]

_ISO_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_LONG_DATE: Final = re.compile(
    r"(?:den[ \u00a0]+)?([0-9]{1,2})[ \u00a0]+(\w+)[ \u00a0]+([0-9]{4})", re.IGNORECASE
)
#: A date typed as in other countries or by other programs: 31/12/2026, 31.12.2026, 31-12-2026 (day first) …
_DAY_FIRST: Final = r"(?P<first>[0-9]{1,2})(?P<sep>[/.\-])(?P<second>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})"
#: … as Swedish shorthand: 31/12 2026 …
_SHORTHAND: Final = r"(?P<first>[0-9]{1,2})/(?P<second>[0-9]{1,2})[ \u00a0](?P<year>[0-9]{4})"
#: … and 2026/12/31, 2026.12.31 (year first).
_YEAR_FIRST: Final = r"(?P<year>[0-9]{4})(?P<sep>[/.])(?P<second>[0-9]{1,2})(?P=sep)(?P<first>[0-9]{1,2})"
_TIME: Final = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
_FLOAT_TIME: Final = re.compile(r"[0-9]{1,2}\.[0-9]{2}")


@functools.cache
def _months() -> Mapping[str, int]:
    wide = locale().months["format"]["wide"]
    return {str(name).casefold(): int(number) for number, name in wide.items()}


def month_names() -> tuple[str, ...]:
    """The Swedish months as a date writes them, January first (from CLDR, through Babel).

    >>> month_names()[:3]
    ('januari', 'februari', 'mars')
    """
    return tuple(sorted(_months(), key=_months().__getitem__))


def parse_date(value: object) -> dt.date:
    """Read a date: a ``date``, a ``datetime`` (its date), ``2026-06-01`` or ``(den) 1 juli 2026``.

    >>> parse_date("den 1 Juli 2026")
    datetime.date(2026, 7, 1)
    >>> parse_date("31 februari 2026")
    Traceback (most recent call last):
    memo.errors.FormatError: Datumet "31 februari 2026" finns inte.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parts = _date_parts(value.strip()) if isinstance(value, str) else None
    if parts is not None:
        try:
            return dt.date(*parts)
        except ValueError:
            raise FormatError(f"Datumet {quoted(value)} finns inte.") from None
    hint = _other_form(value.strip()) if isinstance(value, str) else None
    if hint is not None:
        raise FormatError(f"Kan inte läsa {quoted(value)} som ett datum: {hint}")
    raise FormatError(
        f"Kan inte läsa {quoted(value)} som ett datum. Skriv till exempel 2026-06-01 eller 1 juli 2026."
    )


def _both_forms(day: dt.date) -> str:
    """A date in the two forms a case may write it: ``2026-12-31 eller 31 december 2026``."""
    return f"{day.isoformat()} eller {day.day} {month_names()[day.month - 1]} {day.year}"


def _other_form(text: str) -> str | None:
    """What to write for a date typed with slashes or points (31/12/2026, 31.12.2026, 31/12 2026, 2026/12/31);
    None when ``text`` is no such date. A day first is read as the day (as in Sweden), and a date that could be
    read the other way round too says so.

    >>> _other_form("31/12/2026")
    'skriv det som 2026-12-31 eller 31 december 2026.'
    >>> _other_form("01.02.2026")
    'skriv det som 2026-02-01 eller 1 februari 2026 (om 01 är dagen; är det månaden: 2026-01-02).'
    """
    # compiled here, for a hint only (re caches them): not at every start of memo
    found = next((m for m in (re.fullmatch(form, text) for form in (_DAY_FIRST, _SHORTHAND, _YEAR_FIRST)) if m), None)
    if found is None:
        return None
    first, second, year = int(found["first"]), int(found["second"]), int(found["year"])
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not readings:
        return None
    advice = f"skriv det som {_both_forms(readings[0])}"
    if found.re.pattern == _DAY_FIRST and len(readings) == 2 and readings[0] != readings[1]:
        advice += f" (om {found['first']} är dagen; är det månaden: {readings[1].isoformat()})"
    return advice + "."


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """Year, month and day from ISO or Swedish long form; None if it is neither."""
    iso = _ISO_DATE.fullmatch(text)
    if iso is not None:
        return int(iso[1]), int(iso[2]), int(iso[3])
    long = _LONG_DATE.fullmatch(text)
    month = None if long is None else _months().get(long[2].casefold())
    if long is None or month is None:
        return None
    return int(long[3]), month, int(long[1])


def parse_time(value: object) -> dt.time:
    """Read a time of day: a ``time``, ``"13:15"``, ``"13.15"`` or minutes past midnight.

    YAML 1.1 reads an unquoted ``13:15`` as the integer 795 (sexagesimal), so an integer
    0 to 1439 is read as minutes past midnight. An unquoted ``13.15`` is the float 13.15 and is
    read as 13.15, but ``9.30`` arrives as 9.3 and is refused: quote it.

    >>> parse_time(795), parse_time("9.05")
    (datetime.time(13, 15), datetime.time(9, 5))
    """
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < 24 * 60:
            return dt.time(*divmod(value, 60))
        raise FormatError(
            f"Kan inte läsa {quoted(value)} som ett klockslag: ett heltal läses som minuter efter "
            "midnatt (YAML läser 13:15 utan citattecken som 795) och måste vara 0\u20131439."
        )
    text = repr(value) if isinstance(value, float) else value
    if isinstance(text, str):
        found = _TIME.fullmatch(text.strip())
        if found is not None and (isinstance(value, str) or _FLOAT_TIME.fullmatch(text)):
            return dt.time(int(found[1]), int(found[2]))
    raise FormatError(
        f"Kan inte läsa {quoted(value)} som ett klockslag. Skriv timmar och minuter inom citattecken, "
        'till exempel "13.15".'
    )


def datum(d: object) -> str:
    """A date as ISO 8601, for headers and Sammanträdesdatum.

    >>> datum("1 juni 2026"), datum(dt.datetime(2026, 6, 1, 13, 15))
    ('2026-06-01', '2026-06-01')
    """
    return format_date(parse_date(d), "yyyy-MM-dd", locale=locale())


def langt_datum(d: object) -> str:
    """A date for running text: day without leading zero, lowercase month.

    No-break spaces (U+00A0) keep the date on one line.

    >>> langt_datum("2026-07-01"), langt_datum(dt.date(2026, 12, 24))
    ('1\xa0juli\xa02026', '24\xa0december\xa02026')
    """
    return format_date(parse_date(d), "d\u00a0MMMM\u00a0y", locale=locale())


def veckodag(d: object) -> str:
    """The weekday of a date, lowercase.

    >>> veckodag("2026-06-01"), veckodag("den 1 juli 2026")
    ('måndag', 'onsdag')
    """
    return format_date(parse_date(d), "EEEE", locale=locale())


def klockslag(t: object) -> str:
    """A time of day with a full stop: ``13.15``.

    >>> klockslag("13:15"), klockslag(dt.time(9, 5)), klockslag(795)
    ('13.15', '09.05', '13.15')
    """
    return format_time(parse_time(t), "HH.mm", locale=locale())

