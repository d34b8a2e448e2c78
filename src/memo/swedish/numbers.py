"""Swedish numbers, amounts in kronor and percentages: read exactly, formatted with Babel.

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

import decimal
import functools
import re
from decimal import Decimal
from typing import Final

from babel.numbers import NumberPattern, parse_pattern

from memo.errors import FormatError
from memo.swedish.localedata import locale
from memo.typography import GROUPED_IN_TEXT, HYPHEN_MINUS_AFTER_SPACE, MINUS

__all__ = ["AMOUNT_UNITS", "amount_unit", "kr", "kronor", "mnkr", "no_break", "parse_number", "procent", "quoted",
           "tal", "tkr"]

_NBSP: Final = "\u00a0"
_MINUS: Final = MINUS
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
#: The units a handläggare may type after an amount, with what one of them is in kronor: the formatting writes
#: the unit (``${belopp | kronor}``), so the value is the number alone.
AMOUNT_UNITS: Final = {"kr": 1, "kr.": 1, "kronor": 1, "krona": 1, "sek": 1, ":-": 1, "tkr": 1_000, "mnkr": 1_000_000,
                       "mkr": 1_000_000}
_WITH_UNIT: Final = re.compile(r"(?P<number>.*?[0-9])[ \u00a0\u202f]*(?P<unit>" +
                               "|".join(re.escape(u) for u in sorted(AMOUNT_UNITS, key=len, reverse=True)) + r")",
                               re.IGNORECASE)


@functools.cache
def _pattern(places: int) -> NumberPattern:
    return parse_pattern("#,##0." + "0" * places if places else "#,##0")


def quoted(value: object) -> str:
    """Quote a value for an error message, shortened if long (numbers and dates alike)."""
    if value is None:  # an empty value in YAML
        return "ett tomt värde"
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)  # str() refuses ints over 4300 digits
    text = value if isinstance(value, str) else str(value)
    return f'"{text[:57]}…"' if len(text) > 60 else f'"{text}"'


def _number_error(value: object, percent: bool) -> FormatError:
    what = "en procentsats" if percent else "ett tal"
    example = "12,5 % eller 3" if percent else "250 000 eller 1 234,5"
    shown = quoted(value)
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
            f"Talet {quoted(value)} har för många siffror: högst {_MAX_DIGITS} före och "
            f"{_MAX_DIGITS} efter decimaltecknet."
        )
    return number


#: A plain space between a number and its per cent sign or unit of kronor (a word of :data:`AMOUNT_UNITS`).
_BEFORE_UNIT_IN_TEXT: Final = re.compile(r"(?<=[0-9]) (?=%|(?:" + "|".join(
    sorted((u for u in AMOUNT_UNITS if u.isalpha()), key=len, reverse=True)) + r")(?![\w-]))", re.IGNORECASE)


#: Where any may apply: a digit, a plain space, then a digit, ``%`` or a letter; or a hyphen before a digit
#: (one quick search first).
_CANDIDATE: Final = re.compile(r"[0-9] [0-9%a-zA-Z]|-[0-9]")


@functools.lru_cache(maxsize=4096)  # bounded: the texts come from cases; a watched case's texts repeat save after save
def no_break(text: str) -> str:
    """A text's numbers kept on one line as memo writes amounts: a no-break space (U+00A0) between groups of three
    digits and before ``%`` or a unit of kronor, and the minus sign (U+2212) for a hyphen before a number. What
    the handläggare wrote as text ("1 500 000 invånare", a value ``antal: 1 500 000`` written with ``${antal}``)
    is then shown as ``${antal | tal}`` would show it.

    >>> no_break("Kostnaden är 1 500 000 kr, 12 % mer, för 2026 och 10 000 invånare.")
    'Kostnaden är 1\\xa0500\\xa0000\\xa0kr, 12\\xa0% mer, för 2026 och 10\\xa0000 invånare.'
    >>> no_break("Resultatet blev -2 000 kr (2025-2026).")
    'Resultatet blev \\u22122\\xa0000\\xa0kr (2025-2026).'
    """
    if _CANDIDATE.search(text) is None:  # most texts: no number to keep together
        return text
    text = GROUPED_IN_TEXT.sub(lambda m: m.group().replace(" ", _NBSP), text)
    text = HYPHEN_MINUS_AFTER_SPACE.sub(MINUS, text)
    return _BEFORE_UNIT_IN_TEXT.sub(_NBSP, text)


def amount_unit(text: str) -> str | None:
    """The unit typed after an amount (``"1 500 000 kr"``: ``"kr"``), or None.

    >>> amount_unit("1 500 000 kr"), amount_unit("2,5 mnkr"), amount_unit("250 000")
    ('kr', 'mnkr', None)
    """
    found = _WITH_UNIT.fullmatch(text.strip())
    return found["unit"] if found is not None else None


def _without_unit(text: str) -> FormatError | None:
    """Why an amount typed with its unit is not read: the number to write instead (in kronor); None if it is not
    one."""
    found = _WITH_UNIT.fullmatch(text.strip())
    if found is None:
        return None
    unit = found["unit"]
    try:
        number = _read_text(found["number"], False) * AMOUNT_UNITS[unit.lower()]
    except FormatError as exc:  # the number itself is typed another way too (1.500.000 kr)
        return FormatError(f"{exc.message.rstrip('.')}, utan \"{unit}\".")
    typed = _format(number, None).replace(_NBSP, " ").replace(_MINUS, "-")  # as the author types it in YAML
    in_kronor = "" if AMOUNT_UNITS[unit.lower()] == 1 else " i kronor"
    return FormatError(f"Kan inte läsa {quoted(text)} som ett tal: skriv bara beloppet{in_kronor}, {typed}, utan "
                       f"\"{unit}\".")


def _read_text(text: str, percent: bool) -> Decimal:
    body = text.strip()
    if percent:
        body = _PERCENT_SIGN.sub("", body, count=1)
    elif body.endswith("%"):
        raise FormatError(
            f"Kan inte läsa {quoted(text)} som ett tal: tecknet % hör bara till en procentsats."
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
                    f"Kan inte läsa {quoted(text)} säkert: punkten kan vara tusentalsavgränsare eller "
                    f"decimaltecken. Skriv {lead}{found['int']} {found['frac']} om du menar tusental "
                    f"eller {lead}{found['int']},{found['frac']} om du menar decimaler."
                )
            raise FormatError(
                f"Kan inte läsa {quoted(text)} som ett tal: på svenska skiljs tusental med mellanslag "
                f"och decimaler med komma. Skriv {lead}{body.replace('.', ' ')}."
            )
        if found is None:
            raise (None if percent else _without_unit(text)) or _number_error(text, percent)
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

def _format(number: Decimal, decimaler: int | None) -> str:
    if decimaler is None:
        places = _places_of(number)
    elif isinstance(decimaler, int) and not isinstance(decimaler, bool) and 0 <= decimaler <= _MAX_DIGITS:
        places = decimaler
    else:
        raise FormatError(
            f"Antalet decimaler ska vara ett heltal 0\u2013{_MAX_DIGITS}, inte {quoted(decimaler)}."
        )
    rounded = number.quantize(_QUANTA[places], context=_CONTEXT)
    with decimal.localcontext(_CONTEXT):  # babel uses the ambient context (28 digits by default)
        text: str = _pattern(places).apply(abs(rounded), locale())
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
