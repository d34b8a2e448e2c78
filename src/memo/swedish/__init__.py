"""Swedish numbers, amounts, dates and times, formatted for a public-sector memo.

This is the only module in memo that imports babel. The locale is always ``sv_SE``,
passed explicitly on every babel call; nothing is read from the environment.

Output rules (``svenska-skrivregler.md``): thousands are grouped with a no-break space
(U+00A0, shown as ``\\xa0`` in the doctests), decimals follow a comma, a no-break space
separates a number from its unit and from ``%``, and negative numbers take a real minus
sign (U+2212), never a hyphen. A value that rounds to zero prints ``0``, never minus zero.

Values are exact decimals end to end. A float is read through its shortest ``repr``, so
the YAML value ``0.3`` stays 0,3 (but the float sum ``0.1 + 0.2`` is already
0.30000000000000004 before it gets here: add Decimals instead). Rounding is half up,
away from zero (2,5 → 3 and minus 2,5 → minus 3). With ``decimaler=None`` a number shows as many
decimals as its exact value needs, trailing zeros dropped (``Decimal("2.50")`` prints
``2,5``); pass ``decimaler`` for a fixed number of decimals.

Years, page numbers, Dnr and other identifiers must never be grouped, and nothing here
formats them: a caller prints them as written, without a filter (``{{ ar }}``, not
``{{ ar|tal }}``, which would print ``2 026``). ``tal("26RS5145")`` is an error.

Reading what a handläggare types (:func:`parse_number`):

* ``int``, ``float`` and ``Decimal`` (not ``bool``, not NaN or infinity);
* text with a comma as the decimal sign and groups of three digits separated by an
  ordinary space, a no-break space or a thin space: ``"250 000,50"``; a leading
  hyphen-minus, minus sign (U+2212), en dash (U+2013) or plus sign; a trailing ``%`` only for percent;
* a point is read as the decimal sign only where it cannot be a thousands separator:
  ``"1234.5"`` and ``"0.045"`` are read, ``"250.000"`` and ``"1.005"`` are refused;
* a comma is always the decimal sign (Swedish rule): ``"250,000"`` is 250;
* at most 30 digits before and 30 after the decimal sign; no leading zeros (``"007"``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Final

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import NumberPattern, parse_pattern

from memo import cache
from memo.cache import package_stamp
from memo.errors import FormatError

__all__ = [
    "FILTERS",
    "datum",
    "gemen",
    "klockslag",
    "kr",
    "kronor",
    "langt_datum",
    "mnkr",
    "month_names",
    "parse_date",
    "parse_number",
    "parse_time",
    "procent",
    "tal",
    "tkr",
    "veckodag",
]

_LOCALE_ID: Final = "sv_SE"
_NBSP: Final = "\u00a0"
_MINUS: Final = "\u2212"
_MAX_DIGITS: Final = 30
# Wide enough that no value accepted here is ever rounded by the context itself.
_CONTEXT: Final = decimal.Context(prec=100, rounding=decimal.ROUND_HALF_UP)
# 10**-n for every number of decimals that can be printed (mnkr moves the point six places).
_QUANTA: Final = tuple(Decimal(1).scaleb(-n) for n in range(_MAX_DIGITS + 7))

_NO_SPACES: Final = str.maketrans("", "", " \u00a0\u202f")
_SIGNS: Final = {"-": "-", _MINUS: "-", "\u2013": "-", "+": ""}
_COMMA_NUMBER: Final = re.compile(
    r"(?P<int>[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:,(?P<frac>[0-9]+))?"
)
_POINT_NUMBER: Final = re.compile(r"(?P<int>[0-9]+)\.(?P<frac>[0-9]+)")
_POINT_GROUPED: Final = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_PERCENT_SIGN: Final = re.compile(r"[ \u00a0\u202f]?%\Z")
_ISO_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_LONG_DATE: Final = re.compile(
    r"(?:den[ \u00a0]+)?([0-9]{1,2})[ \u00a0]+(\w+)[ \u00a0]+([0-9]{4})", re.IGNORECASE
)
_TIME: Final = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
_FLOAT_TIME: Final = re.compile(r"[0-9]{1,2}\.[0-9]{2}")


@functools.cache
def _locale() -> Locale:
    _use_cached_locale_data()
    return Locale.parse(_LOCALE_ID)


def _use_cached_locale_data() -> None:
    """Give babel its Swedish locale data from memo's cache, already merged.

    babel builds the data for ``sv_SE`` by reading and merging ``root``, ``sv`` and
    ``sv_SE`` and its global data (about 10 ms, a tenth of a ``memo`` run); the merged
    result, pickled in memo's cache (keyed by babel's version and its data files), loads in
    about 3 ms.
    babel keeps loaded locale data in ``babel.localedata._cache``; that is where it goes,
    and if a babel version keeps it elsewhere, babel simply loads it as usual.
    """
    import pickle

    from babel import localedata

    store = getattr(localedata, "_cache", None)
    lock = getattr(localedata, "_cache_lock", None)
    stamp = package_stamp("babel")
    if not isinstance(store, dict) or lock is None or stamp is None or _LOCALE_ID in store \
            or not cache.available("babel"):
        return
    # The key: babel's version, and the data files the merged data is made of (patched ones too).
    try:
        data_files = [Path(localedata.resolve_locale_filename(name)) for name in ("root", "sv", _LOCALE_ID)]
        files = [(path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in data_files]
    except (OSError, AttributeError, ValueError):
        return
    key = f"{_LOCALE_ID}-{stamp}-{hashlib.sha256(repr(files).encode()).hexdigest()[:16]}.pickle"
    stored = cache.load("babel", key)
    if stored is not None:
        try:
            data = pickle.loads(stored)
        except Exception:  # a damaged entry: babel loads its own data, and the entry is written anew
            data = None
        if isinstance(data, dict) and "number_symbols" in data and "months" in data:
            with lock:
                store.setdefault(_LOCALE_ID, data)
            return
    try:
        merged = pickle.dumps(localedata.load(_LOCALE_ID), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # data that cannot be kept is simply not kept; babel has it loaded already
        return
    cache.store("babel", key, merged)


@functools.cache
def _pattern(places: int) -> NumberPattern:
    return parse_pattern("#,##0." + "0" * places if places else "#,##0")


@functools.cache
def _months() -> Mapping[str, int]:
    wide = _locale().months["format"]["wide"]
    return {str(name).casefold(): int(number) for number, name in wide.items()}


def month_names() -> tuple[str, ...]:
    """The Swedish months as a date writes them, January first (from CLDR, through Babel).

    >>> month_names()[:3]
    ('januari', 'februari', 'mars')
    """
    return tuple(sorted(_months(), key=_months().__getitem__))


def _shown(value: object) -> str:
    """Quote a value for an error message, shortened if long."""
    if value is None:  # an empty value in YAML
        return "ett tomt värde"
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)  # str() refuses ints over 4300 digits
    text = value if isinstance(value, str) else str(value)
    return f'"{text[:57]}…"' if len(text) > 60 else f'"{text}"'


def _number_error(value: object, percent: bool) -> FormatError:
    what = "en procentsats" if percent else "ett tal"
    example = "12,5 % eller 3" if percent else "250 000 eller 1 234,5"
    shown = _shown(value)
    if isinstance(value, bool):
        shown = f"sanningsvärdet {shown} (ja/nej, yes/no, true/false i YAML)"
    return FormatError(f"Kan inte läsa {shown} som {what}. Skriv siffror, till exempel {example}.")


def parse_number(value: object, *, percent: bool = False) -> Decimal:
    """Read a number as a handläggare writes it, exactly, as a Decimal.

    ``percent=True`` also accepts a trailing ``%``; the value stays in percent.

    >>> parse_number("250 000,50")
    Decimal('250000.50')
    >>> parse_number(0.3), parse_number("\u22125"), parse_number("12,5 %", percent=True)
    (Decimal('0.3'), Decimal('-5'), Decimal('12.5'))
    >>> parse_number("250.000")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    memo.errors.FormatError: Kan inte läsa "250.000" säkert: punkten kan vara tusentalsavgränsare ...
    """
    if isinstance(value, bool):
        raise _number_error(value, percent)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = _read_text(value, percent)
    else:
        raise _number_error(value, percent)
    if not number.is_finite():
        raise _number_error(value, percent)
    if number.is_zero():
        return Decimal(0)
    if number.adjusted() >= _MAX_DIGITS or _places_of(number) > _MAX_DIGITS:
        raise FormatError(
            f"Talet {_shown(value)} har för många siffror: högst {_MAX_DIGITS} före och "
            f"{_MAX_DIGITS} efter decimaltecknet."
        )
    return number


def _read_text(text: str, percent: bool) -> Decimal:
    body = text.strip()
    if percent:
        body = _PERCENT_SIGN.sub("", body, count=1)
    elif body.endswith("%"):
        raise FormatError(
            f"Kan inte läsa {_shown(text)} som ett tal: tecknet % hör bara till en procentsats."
        )
    sign = _SIGNS.get(body[:1], "")
    lead = body[:1] if body[:1] in _SIGNS else ""
    body = body[len(lead) :]
    found = _COMMA_NUMBER.fullmatch(body)
    if found is not None:
        integer = found["int"].translate(_NO_SPACES)
    else:
        found = _POINT_NUMBER.fullmatch(body)
        if _POINT_GROUPED.fullmatch(body) is not None:
            if found is not None:  # one point, three digits after: thousands or decimals?
                raise FormatError(
                    f"Kan inte läsa {_shown(text)} säkert: punkten kan vara tusentalsavgränsare eller "
                    f"decimaltecken. Skriv {lead}{found['int']} {found['frac']} om du menar tusental "
                    f"eller {lead}{found['int']},{found['frac']} om du menar decimaler."
                )
            raise FormatError(
                f"Kan inte läsa {_shown(text)} som ett tal: på svenska skiljs tusental med mellanslag "
                f"och decimaler med komma. Skriv {lead}{body.replace('.', ' ')}."
            )
        if found is None:
            raise _number_error(text, percent)
        integer = found["int"]
    if len(integer) > 1 and integer.startswith("0"):
        raise _number_error(text, percent)
    fraction = found["frac"]
    return Decimal(f"{sign}{integer}.{fraction}" if fraction else f"{sign}{integer}")


def _places_of(number: Decimal) -> int:
    """Decimals the exact value needs, trailing zeros dropped."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    if exponent >= 0:
        return 0
    trailing = 0
    for digit in reversed(digits):
        if digit:
            break
        trailing += 1
    return max(0, -(exponent + trailing))


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
            raise FormatError(f"Datumet {_shown(value)} finns inte.") from None
    raise FormatError(
        f"Kan inte läsa {_shown(value)} som ett datum. Skriv till exempel 2026-06-01 eller 1 juli 2026."
    )


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
            f"Kan inte läsa {_shown(value)} som ett klockslag: ett heltal läses som minuter efter "
            "midnatt (YAML läser 13:15 utan citattecken som 795) och måste vara 0\u20131439."
        )
    text = repr(value) if isinstance(value, float) else value
    if isinstance(text, str):
        found = _TIME.fullmatch(text.strip())
        if found is not None and (isinstance(value, str) or _FLOAT_TIME.fullmatch(text)):
            return dt.time(int(found[1]), int(found[2]))
    raise FormatError(
        f"Kan inte läsa {_shown(value)} som ett klockslag. Skriv timmar och minuter inom citattecken, "
        'till exempel "13.15".'
    )


def _format(number: Decimal, decimaler: int | None) -> str:
    if decimaler is None:
        places = _places_of(number)
    elif isinstance(decimaler, int) and not isinstance(decimaler, bool) and 0 <= decimaler <= _MAX_DIGITS:
        places = decimaler
    else:
        raise FormatError(
            f"Antalet decimaler ska vara ett heltal 0\u2013{_MAX_DIGITS}, inte {_shown(decimaler)}."
        )
    rounded = number.quantize(_QUANTA[places], context=_CONTEXT)
    with decimal.localcontext(_CONTEXT):  # babel uses the ambient context (28 digits by default)
        text: str = _pattern(places).apply(abs(rounded), _locale())
    return _MINUS + text if rounded < 0 else text


def tal(x: object, decimaler: int | None = None) -> str:
    """A number in Swedish: grouped with U+00A0, decimal comma, minus sign U+2212.

    With ``decimaler=None`` as many decimals as the exact value needs; otherwise exactly
    ``decimaler``, rounded half up.

    >>> tal(1234567), tal("1 234,5"), tal(0.1), tal(Decimal("2.50"))
    ('1\\xa0234\\xa0567', '1\\xa0234,5', '0,1', '2,5')
    >>> tal(2.5, 0), tal(-2.5, 0), tal(-0.4, 0), tal(3, 2)
    ('3', '−3', '0', '3,00')
    >>> tal(-5) == "\\u22125"
    True
    """
    return _format(parse_number(x), decimaler)


def kronor(x: object, decimaler: int | None = 0) -> str:
    """An amount in kronor for running text; exactly 1 is ``1 krona``.

    >>> kronor(250000), kronor("1 234,50", 2), kronor(1)
    ('250\\xa0000\\xa0kronor', '1\\xa0234,50\\xa0kronor', '1\\xa0krona')
    """
    text = _format(parse_number(x), decimaler)
    return f"{text}{_NBSP}{'krona' if text in ('1', _MINUS + '1') else 'kronor'}"


def kr(x: object, decimaler: int | None = 0) -> str:
    """An amount in kronor with the short unit ``kr``.

    >>> kr(250000), kr(-1500)
    ('250\\xa0000\\xa0kr', '−1\\xa0500\\xa0kr')
    """
    return f"{_format(parse_number(x), decimaler)}{_NBSP}kr"


def tkr(x: object, decimaler: int | None = 0) -> str:
    """An amount given in kronor, shown in thousands of kronor.

    >>> tkr(250000), tkr(1234500), tkr(1234500, 1)
    ('250\\xa0tkr', '1\\xa0235\\xa0tkr', '1\\xa0234,5\\xa0tkr')
    """
    return f"{_format(parse_number(x).scaleb(-3, _CONTEXT), decimaler)}{_NBSP}tkr"


def mnkr(x: object, decimaler: int | None = 1) -> str:
    """An amount given in kronor, shown in millions of kronor.

    >>> mnkr(2500000), mnkr("12 345 678"), mnkr(2500000, 0)
    ('2,5\\xa0mnkr', '12,3\\xa0mnkr', '3\\xa0mnkr')
    """
    return f"{_format(parse_number(x).scaleb(-6, _CONTEXT), decimaler)}{_NBSP}mnkr"


def procent(x: object, decimaler: int | None = None) -> str:
    """A value given in percent, with a no-break space before ``%``.

    >>> procent(12.5), procent(3), procent("12,5%"), procent(33.333, 1)
    ('12,5\\xa0%', '3\\xa0%', '12,5\\xa0%', '33,3\\xa0%')
    """
    return f"{_format(parse_number(x, percent=True), decimaler)}{_NBSP}%"


def datum(d: object) -> str:
    """A date as ISO 8601, for headers and Sammanträdesdatum.

    >>> datum("1 juni 2026"), datum(dt.datetime(2026, 6, 1, 13, 15))
    ('2026-06-01', '2026-06-01')
    """
    return format_date(parse_date(d), "yyyy-MM-dd", locale=_locale())


def langt_datum(d: object) -> str:
    """A date for running text: day without leading zero, lowercase month.

    No-break spaces (U+00A0) keep the date on one line.

    >>> langt_datum("2026-07-01"), langt_datum(dt.date(2026, 12, 24))
    ('1\xa0juli\xa02026', '24\xa0december\xa02026')
    """
    return format_date(parse_date(d), "d\u00a0MMMM\u00a0y", locale=_locale())


def veckodag(d: object) -> str:
    """The weekday of a date, lowercase.

    >>> veckodag("2026-06-01"), veckodag("den 1 juli 2026")
    ('måndag', 'onsdag')
    """
    return format_date(parse_date(d), "EEEE", locale=_locale())


def klockslag(t: object) -> str:
    """A time of day with a full stop: ``13.15``.

    >>> klockslag("13:15"), klockslag(dt.time(9, 5)), klockslag(795)
    ('13.15', '09.05', '13.15')
    """
    return format_time(parse_time(t), "HH.mm", locale=_locale())


def gemen(text: object) -> str:
    """A body's name inside a sentence: its first letter in lower case (for a lead-in such as "… föreslår
    kommunfullmäktige besluta").

    >>> gemen("Kommunfullmäktige"), gemen("Regional tillväxtnämnd")
    ('kommunfullmäktige', 'regional tillväxtnämnd')
    """
    value = str(text)
    return value[:1].lower() + value[1:]


FILTERS: Final[Mapping[str, Callable[..., str]]] = MappingProxyType(
    {f.__name__: f for f in (tal, kronor, kr, tkr, mnkr, procent, datum, langt_datum, veckodag, klockslag,
                                gemen)}
)
"""Name → formatting function, for Jinja filters and value references in a case."""
