"""Tests for memo.swedish: Swedish numbers, amounts, dates and times."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from memo import swedish
from memo.errors import FormatError, MemoError
from memo.swedish import (
    FILTERS,
    datum,
    klockslag,
    kr,
    kronor,
    langt_datum,
    mnkr,
    parse_date,
    parse_number,
    parse_time,
    procent,
    tal,
    tkr,
    veckodag,
)

N = "\u00a0"  # no-break space
M = "\u2212"  # minus sign
THIN = "\u202f"
EN_DASH = "\u2013"

NUMBER_FUNCTIONS: tuple[Callable[..., str], ...] = (tal, kronor, kr, tkr, mnkr, procent)


def case(func: Callable[..., str], args: tuple[object, ...], expected: str, id: str) -> object:
    return pytest.param(func, args, expected, id=f"{func.__name__}-{id}")


FORMATTED = [
    # tal: integers, signs, grouping
    case(tal, (5,), "5", "single-digit"),
    case(tal, (999,), "999", "three-digits-ungrouped"),
    case(tal, (1000,), f"1{N}000", "four-digits-grouped"),
    case(tal, (1234567,), f"1{N}234{N}567", "millions"),
    case(tal, (0,), "0", "zero"),
    case(tal, (-5,), f"{M}5", "negative"),
    case(tal, (-1234567,), f"{M}1{N}234{N}567", "negative-grouped"),
    case(tal, (10**12,), f"1{N}000{N}000{N}000{N}000", "ten-to-the-twelve"),
    case(tal, (-(10**12),), f"{M}1{N}000{N}000{N}000{N}000", "minus-ten-to-the-twelve"),
    # tal: exact decimals
    case(tal, (1234.5,), f"1{N}234,5", "float-decimal-comma"),
    case(tal, (0.3,), "0,3", "float-shortest-repr"),
    case(tal, (0.1,), "0,1", "float-0.1"),
    case(tal, (Decimal("0.1") + Decimal("0.2"),), "0,3", "decimal-sum-exact"),
    case(tal, (Decimal("2.50"),), "2,5", "trailing-zeros-dropped"),
    case(tal, (Decimal("250000.00"),), f"250{N}000", "integer-valued-decimal"),
    case(tal, (Decimal("1E+3"),), f"1{N}000", "decimal-with-exponent"),
    case(tal, (-0.0,), "0", "negative-zero-float"),
    case(tal, (Decimal("-0.00"),), "0", "negative-zero-decimal"),
    case(tal, (3, 2), "3,00", "fixed-decimals-padded"),
    case(
        tal,
        (Decimal("123456789012345678901234567.89"),),
        f"123{N}456{N}789{N}012{N}345{N}678{N}901{N}234{N}567,89",
        "more-digits-than-default-context",
    ),
    # tal: rounding half up on exact values
    case(tal, (2.5, 0), "3", "half-up-2.5"),
    case(tal, (-2.5, 0), f"{M}3", "half-up-minus-2.5"),
    case(tal, (0.5, 0), "1", "half-up-0.5"),
    case(tal, (-0.5, 0), f"{M}1", "half-up-minus-0.5"),
    case(tal, (1.5, 0), "2", "half-up-1.5"),
    case(tal, (1.005, 2), "1,01", "half-up-1.005"),
    case(tal, (0.045, 2), "0,05", "half-up-0.045"),
    case(tal, (-0.045, 2), f"{M}0,05", "half-up-minus-0.045"),
    case(tal, (-0.4, 0), "0", "rounds-to-zero-no-sign"),
    case(tal, (-0.004, 2), "0,00", "rounds-to-zero-with-decimals-no-sign"),
    case(tal, (1234.5, 0), f"1{N}235", "half-up-grouped"),
    case(tal, (999.95, 1), f"1{N}000,0", "carry-into-new-group"),
    case(tal, (999999.5, 0), f"1{N}000{N}000", "carry-into-millions"),
    # tal: text as a handläggare types it
    case(tal, ("250000",), f"250{N}000", "text-plain"),
    case(tal, ("250 000",), f"250{N}000", "text-ordinary-space"),
    case(tal, (f"250{N}000",), f"250{N}000", "text-no-break-space"),
    case(tal, (f"250{THIN}000",), f"250{N}000", "text-thin-space"),
    case(tal, ("250 000,50",), f"250{N}000,5", "text-decimal-comma"),
    case(tal, ("250 000,50", 2), f"250{N}000,50", "text-decimal-comma-fixed"),
    case(tal, ("1 234,5",), f"1{N}234,5", "text-grouped-decimal"),
    case(tal, (f"{M}5",), f"{M}5", "text-minus-sign"),
    case(tal, ("-5",), f"{M}5", "text-hyphen-minus"),
    case(tal, (f"{EN_DASH}5",), f"{M}5", "text-en-dash"),
    case(tal, ("+5",), "5", "text-plus"),
    case(tal, ("  42  ",), "42", "text-surrounding-space"),
    case(tal, ("1234.5",), f"1{N}234,5", "text-unambiguous-point"),
    case(tal, ("0.045",), "0,045", "text-point-after-zero"),
    case(tal, ("1234.500",), f"1{N}234,5", "text-point-four-integer-digits"),
    case(tal, ("12.50",), "12,5", "text-point-two-decimals"),
    case(tal, ("250,000",), "250", "text-comma-is-always-decimal"),
    case(tal, ("0,5",), "0,5", "text-leading-zero-decimal"),
    case(tal, ("-0,001", 2), "0,00", "text-rounds-to-zero"),
    case(tal, ("1 000 000 000 000",), f"1{N}000{N}000{N}000{N}000", "text-large"),
    # kronor
    case(kronor, (250000,), f"250{N}000{N}kronor", "grouped"),
    case(kronor, (1,), f"1{N}krona", "singular"),
    case(kronor, (-1,), f"{M}1{N}krona", "negative-singular"),
    case(kronor, (0,), f"0{N}kronor", "zero"),
    case(kronor, (2.5,), f"3{N}kronor", "half-up"),
    case(kronor, ("1 234,50", 2), f"1{N}234,50{N}kronor", "with-ore"),
    case(kronor, (-250000,), f"{M}250{N}000{N}kronor", "negative"),
    case(kronor, (1.5, None), f"1,5{N}kronor", "natural-decimals"),
    # kr
    case(kr, (250000,), f"250{N}000{N}kr", "grouped"),
    case(kr, (-1500,), f"{M}1{N}500{N}kr", "negative"),
    case(kr, (99.5,), f"100{N}kr", "half-up"),
    case(kr, ("12 345,67", 2), f"12{N}345,67{N}kr", "with-ore"),
    # tkr
    case(tkr, (250000,), f"250{N}tkr", "thousands"),
    case(tkr, (1234500,), f"1{N}235{N}tkr", "half-up"),
    case(tkr, (1234499,), f"1{N}234{N}tkr", "below-half"),
    case(tkr, (1234500, 1), f"1{N}234,5{N}tkr", "one-decimal"),
    case(tkr, (-500,), f"{M}1{N}tkr", "negative-half-away-from-zero"),
    case(tkr, (-499,), f"0{N}tkr", "negative-rounds-to-zero"),
    case(tkr, (10**12,), f"1{N}000{N}000{N}000{N}tkr", "large"),
    case(tkr, ("250 000",), f"250{N}tkr", "text"),
    # mnkr
    case(mnkr, (2500000,), f"2,5{N}mnkr", "millions"),
    case(mnkr, (2450000,), f"2,5{N}mnkr", "half-up"),
    case(mnkr, (2449999,), f"2,4{N}mnkr", "below-half"),
    case(mnkr, (-2500000,), f"{M}2,5{N}mnkr", "negative"),
    case(mnkr, (12345678,), f"12,3{N}mnkr", "default-one-decimal"),
    case(mnkr, (2500000, 0), f"3{N}mnkr", "no-decimals"),
    case(mnkr, (10**12,), f"1{N}000{N}000,0{N}mnkr", "large"),
    case(mnkr, (40000,), f"0,0{N}mnkr", "small"),
    # procent
    case(procent, (12.5,), f"12,5{N}%", "decimal"),
    case(procent, (3,), f"3{N}%", "integer"),
    case(procent, ("12,5 %",), f"12,5{N}%", "text-space-percent"),
    case(procent, ("12,5%",), f"12,5{N}%", "text-percent"),
    case(procent, (f"12,5{N}%",), f"12,5{N}%", "text-no-break-space-percent"),
    case(procent, (-1.5,), f"{M}1,5{N}%", "negative"),
    case(procent, (33.333, 1), f"33,3{N}%", "one-decimal"),
    case(procent, (0.5, 0), f"1{N}%", "half-up"),
    case(procent, (Decimal("100"),), f"100{N}%", "hundred"),
    case(procent, (f"{M}2,25", 1), f"{M}2,3{N}%", "negative-half-up"),
    # datum
    case(datum, (dt.date(2026, 6, 1),), "2026-06-01", "date"),
    case(datum, (dt.datetime(2026, 6, 1, 13, 15),), "2026-06-01", "datetime"),
    case(datum, ("2026-06-01",), "2026-06-01", "iso-text"),
    case(datum, ("1 juli 2026",), "2026-07-01", "long-text"),
    case(datum, ("den 1 juli 2026",), "2026-07-01", "long-text-with-den"),
    case(datum, ("1 Juli 2026",), "2026-07-01", "capitalised-month"),
    case(datum, (" 2026-12-24 ",), "2026-12-24", "surrounding-space"),
    # langt_datum
    case(langt_datum, (dt.date(2026, 7, 1),), "1\u00a0juli\u00a02026", "no-leading-zero"),
    case(langt_datum, ("2026-06-01",), "1\u00a0juni\u00a02026", "iso-text"),
    case(langt_datum, (dt.datetime(2026, 3, 9, 8, 0),), "9\u00a0mars\u00a02026", "datetime"),
    case(langt_datum, ("Den 24 december 2026",), "24\u00a0december\u00a02026", "long-text-with-den"),
    case(langt_datum, ("29 februari 2028",), "29\u00a0februari\u00a02028", "leap-day"),
    # veckodag
    case(veckodag, (dt.date(2026, 6, 1),), "måndag", "monday"),
    case(veckodag, ("2026-06-07",), "söndag", "sunday"),
    case(veckodag, ("1 juli 2026",), "onsdag", "long-text"),
    # klockslag
    case(klockslag, (dt.time(13, 15),), "13.15", "time"),
    case(klockslag, ("13:15",), "13.15", "colon"),
    case(klockslag, ("13.15",), "13.15", "full-stop"),
    case(klockslag, (795,), "13.15", "yaml-sexagesimal-minutes"),
    case(klockslag, (0,), "00.00", "midnight-minutes"),
    case(klockslag, (1439,), "23.59", "last-minute"),
    case(klockslag, ("9:05",), "09.05", "single-digit-hour"),
    case(klockslag, (13.15,), "13.15", "unquoted-yaml-float"),
    case(klockslag, (dt.datetime(2026, 6, 1, 8, 30),), "08.30", "datetime"),
    case(klockslag, (dt.time(13, 15, 59),), "13.15", "seconds-dropped"),
]


@pytest.mark.parametrize(("func", "args", "expected"), FORMATTED)
def test_formats_value_as_swedish_text(
    func: Callable[..., str], args: tuple[object, ...], expected: str
) -> None:
    assert func(*args) == expected


def bad(func: Callable[..., str], value: object, quoted: str, id: str) -> object:
    return pytest.param(func, value, quoted, id=f"{func.__name__}-{id}")


BAD_INPUTS = [
    bad(tal, "tvåhundra", '"tvåhundra"', "words"),
    bad(tal, "", '""', "empty-text"),
    bad(tal, "   ", '"   "', "blank-text"),
    bad(tal, None, "ett tomt värde", "none"),
    bad(tal, [1, 2], '"[1, 2]"', "list"),
    bad(tal, {"a": 1}, "{'a': 1}", "mapping"),
    bad(tal, float("nan"), '"nan"', "float-nan"),
    bad(tal, float("inf"), '"inf"', "float-infinity"),
    bad(tal, float("-inf"), '"-inf"', "float-minus-infinity"),
    bad(tal, Decimal("NaN"), '"NaN"', "decimal-nan"),
    bad(tal, Decimal("sNaN"), '"sNaN"', "decimal-signalling-nan"),
    bad(tal, Decimal("Infinity"), '"Infinity"', "decimal-infinity"),
    bad(tal, True, '"True"', "bool-true"),
    bad(tal, False, '"False"', "bool-false"),
    bad(tal, "250.000,5.3", '"250.000,5.3"', "mixed-separators"),
    bad(tal, "250.000", '"250.000"', "ambiguous-point"),
    bad(tal, "1.005", '"1.005"', "ambiguous-point-small"),
    bad(tal, "-250.000", '"-250.000"', "ambiguous-point-negative"),
    bad(tal, "1.234.567", '"1.234.567"', "points-as-thousands"),
    bad(tal, "250.000,5", '"250.000,5"', "point-thousands-comma-decimals"),
    bad(tal, "26RS5145", '"26RS5145"', "dnr"),
    bad(tal, "12,5 %", '"12,5 %"', "percent-outside-procent"),
    bad(tal, "12,5%", '"12,5%"', "percent-sign-outside-procent"),
    bad(tal, "1,234,567", '"1,234,567"', "commas-as-thousands"),
    bad(tal, "250,000.50", '"250,000.50"', "english-format"),
    bad(tal, "1 2345", '"1 2345"', "bad-group-size"),
    bad(tal, "12 34", '"12 34"', "short-group"),
    bad(tal, "007", '"007"', "leading-zeros"),
    bad(tal, M, f'"{M}"', "sign-only"),
    bad(tal, "- 5", '"- 5"', "space-after-sign"),
    bad(tal, "5-", '"5-"', "trailing-sign"),
    bad(tal, "--5", '"--5"', "double-sign"),
    bad(tal, "1e5", '"1e5"', "scientific"),
    bad(tal, "0x10", '"0x10"', "hexadecimal"),
    bad(tal, "\u0661\u0662", '"\u0661\u0662"', "non-latin-digits"),
    bad(tal, ",5", '",5"', "no-integer-part"),
    bad(tal, "5,", '"5,"', "no-fraction-digits"),
    bad(tal, "250 kr", '"250 kr"', "unit-in-text"),
    bad(tal, 10**40, "för många siffror", "too-large"),
    bad(tal, 1e-40, '"1e-40"', "too-many-decimals"),
    bad(tal, 10**5000, "för många siffror", "huge-int"),
    bad(tal, Decimal("1E+999999999"), '"1E+999999999"', "huge-exponent"),
    bad(kronor, "250 000 kr", '"250 000 kr"', "unit-in-text"),
    bad(kr, "tvåhundra", '"tvåhundra"', "words"),
    bad(tkr, "tvåhundra", '"tvåhundra"', "words"),
    bad(mnkr, None, "ett tomt värde", "none"),
    bad(procent, "%", '"%"', "sign-only"),
    bad(procent, "12,5 %%", '"12,5 %%"', "double-percent"),
    bad(procent, "abc %", '"abc %"', "words"),
    bad(procent, True, '"True"', "bool"),
    bad(datum, "2026-13-01", '"2026-13-01"', "month-13"),
    bad(datum, "31 februari 2026", '"31 februari 2026"', "february-31"),
    bad(datum, "29 februari 2026", '"29 februari 2026"', "no-leap-day"),
    bad(datum, "igår", '"igår"', "words"),
    bad(datum, "", '""', "empty"),
    bad(datum, None, "ett tomt värde", "none"),
    bad(datum, 20260601, '"20260601"', "int"),
    bad(datum, "1 juli", '"1 juli"', "no-year"),
    bad(datum, "2026-6-1", '"2026-6-1"', "iso-without-zeros"),
    bad(datum, "1 jul. 2026", '"1 jul. 2026"', "abbreviated-month"),
    bad(datum, "1 july 2026", '"1 july 2026"', "english-month"),
    bad(datum, "0000-01-01", '"0000-01-01"', "year-zero"),
    bad(langt_datum, "32 juli 2026", '"32 juli 2026"', "day-32"),
    bad(veckodag, "måndag", '"måndag"', "weekday-name"),
    bad(klockslag, "24:00", '"24:00"', "hour-24"),
    bad(klockslag, "13:60", '"13:60"', "minute-60"),
    bad(klockslag, 1440, '"1440"', "minutes-past-day"),
    bad(klockslag, -1, '"-1"', "negative-minutes"),
    bad(klockslag, 9.3, '"9.3"', "ambiguous-float"),
    bad(klockslag, True, '"True"', "bool"),
    bad(klockslag, None, "ett tomt värde", "none"),
    bad(klockslag, "kvart över ett", '"kvart över ett"', "words"),
    bad(klockslag, "13", '"13"', "hour-only"),
    bad(klockslag, "13:15:00", '"13:15:00"', "with-seconds"),
]

LEAKED_INTERNALS = (
    "decimal.",
    "InvalidOperation",
    "ConversionSyntax",
    "invalid literal",
    "babel",
    "Traceback",
)


@pytest.mark.parametrize(("func", "value", "quoted"), BAD_INPUTS)
def test_bad_input_raises_swedish_format_error_quoting_value(
    func: Callable[..., str], value: object, quoted: str
) -> None:
    with pytest.raises(FormatError) as caught:
        func(value)
    message = str(caught.value)
    assert quoted in message
    assert message.startswith(("Kan inte läsa", "Talet", "Datumet"))
    assert not any(internal in message for internal in LEAKED_INTERNALS)
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_format_error_is_a_memo_error_and_a_value_error() -> None:
    with pytest.raises(FormatError) as caught:
        tal("tvåhundra")
    assert isinstance(caught.value, MemoError)
    assert isinstance(caught.value, ValueError)


def test_unreadable_number_message_tells_how_to_write_it() -> None:
    expected = 'Kan inte läsa "tvåhundra" som ett tal. Skriv siffror, till exempel 250 000 eller 1 234,5.'
    with pytest.raises(FormatError) as caught:
        tal("tvåhundra")
    assert str(caught.value) == expected


def test_ambiguous_point_suggests_space_for_thousands() -> None:
    with pytest.raises(FormatError, match="Skriv 250 000 om du menar tusental"):
        tal("250.000")


def test_points_as_thousands_suggest_spaces() -> None:
    with pytest.raises(FormatError, match=r"Skriv 1 234 567\.$"):
        tal("1.234.567")


def test_integer_minutes_out_of_day_explain_yaml_sexagesimal() -> None:
    with pytest.raises(FormatError, match="minuter efter midnatt"):
        klockslag(1500)


def test_bool_is_not_a_number() -> None:
    with pytest.raises(FormatError, match="sanningsvärdet"):
        tal(True)


def test_negative_amount_uses_real_minus_sign() -> None:
    for text in (tal(-5), kronor(-250000), kr(-1), tkr(-250000), mnkr(-2500000), procent(-3)):
        assert text.startswith(M)
        assert "-" not in text


def test_rounding_is_half_up_not_half_even() -> None:
    assert [tal(x, 0) for x in (0.5, 1.5, 2.5, 3.5)] == ["1", "2", "3", "4"]
    assert [tal(x, 0) for x in (-0.5, -1.5, -2.5)] == [f"{M}1", f"{M}2", f"{M}3"]


def test_float_is_read_through_shortest_repr_not_binary_value() -> None:
    assert Decimal.from_float(1.005) < Decimal("1.005")  # the binary value is below the tie
    assert parse_number(1.005) == Decimal("1.005")
    assert tal(1.005, 2) == "1,01"


def test_ambient_decimal_context_is_ignored() -> None:
    with decimal.localcontext() as context:
        context.prec = 4
        context.rounding = decimal.ROUND_DOWN
        assert tal(Decimal("123456789.125"), 2) == f"123{N}456{N}789,13"
        assert tkr(1234500) == f"1{N}235{N}tkr"


def test_locale_is_not_read_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LANG", "LC_ALL", "LC_NUMERIC", "LC_TIME", "LANGUAGE"):
        monkeypatch.setenv(variable, "fi_FI.UTF-8")
    assert tal(1234.5) == f"1{N}234,5"
    assert datum(dt.date(2026, 6, 1)) == "2026-06-01"
    assert langt_datum(dt.date(2026, 6, 1)) == f"1{N}juni{N}2026"


def test_decimals_argument_must_be_small_non_negative_integer() -> None:
    bad_decimals: tuple[object, ...] = (-1, 31, True, 1.5, "2")
    for decimaler in bad_decimals:
        with pytest.raises(FormatError, match="Antalet decimaler"):
            tal(1, decimaler)  # type: ignore[arg-type]


def test_year_is_grouped_by_tal_so_callers_print_years_as_written() -> None:
    assert tal(2026) == f"2{N}026"
    assert swedish.__doc__ is not None
    assert "never be grouped" in swedish.__doc__


def test_parse_helpers_return_exact_values() -> None:
    assert parse_number("250 000,50") == Decimal("250000.50")
    assert parse_number("12,5 %", percent=True) == Decimal("12.5")
    assert parse_date("den 1 juli 2026") == dt.date(2026, 7, 1)
    assert parse_time(795) == dt.time(13, 15)
    assert parse_time(dt.time(13, 15, tzinfo=dt.UTC)) == dt.time(13, 15)


def test_filters_map_every_formatting_function_by_name() -> None:
    expected = {func.__name__ for func in NUMBER_FUNCTIONS} | {
        "datum",
        "langt_datum",
        "veckodag",
        "klockslag",
        "gemen",
    }
    assert len(expected) == 11
    assert set(FILTERS) == expected
    assert all(FILTERS[name] is getattr(swedish, name) for name in expected)
    with pytest.raises(TypeError):
        FILTERS["tal"] = str  # type: ignore[index]


def test_public_names_are_sorted_and_exported() -> None:
    assert swedish.__all__ == sorted(swedish.__all__)
    assert all(hasattr(swedish, name) for name in swedish.__all__)


# --- properties -------------------------------------------------------------------------------

amounts = st.decimals(min_value=-(10**15), max_value=10**15, places=4, allow_nan=False, allow_infinity=False)
places = st.none() | st.integers(min_value=0, max_value=6)
finite_floats = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False).filter(
    lambda x: x == 0 or abs(x) >= 1e-9
)
numbers = amounts | finite_floats | st.integers(min_value=-(10**20), max_value=10**20)


def expected_value(value: Decimal | float | int, decimaler: int | None) -> Decimal:
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return exact if decimaler is None else exact.quantize(Decimal(1).scaleb(-decimaler), ROUND_HALF_UP)


@given(amounts, places)
def test_parsing_what_tal_prints_gives_back_the_value(value: Decimal, decimaler: int | None) -> None:
    assert parse_number(tal(value, decimaler)) == expected_value(value, decimaler)


@given(finite_floats)
def test_float_prints_its_shortest_repr_exactly(value: float) -> None:
    assert parse_number(tal(value)) == Decimal(repr(value))


@given(amounts, places)
def test_parsing_what_kronor_prints_gives_back_the_value(value: Decimal, decimaler: int | None) -> None:
    number, unit = kronor(value, decimaler).rsplit(N, 1)
    assert unit in ("krona", "kronor")
    assert parse_number(number) == expected_value(value, decimaler)


@given(st.sampled_from(NUMBER_FUNCTIONS), numbers, places)
def test_output_has_no_hyphen_minus_and_no_ordinary_space(
    func: Callable[..., str], value: Decimal | float | int, decimaler: int | None
) -> None:
    text = func(value, decimaler)
    assert re.search(r"-\d", text) is None
    assert re.search(r"\d [\d\w%]", text) is None
    assert " " not in text


@given(st.sampled_from(NUMBER_FUNCTIONS), numbers, places)
def test_negative_values_print_minus_sign_unless_rounded_to_zero(
    func: Callable[..., str], value: Decimal | float | int, decimaler: int | None
) -> None:
    text = func(value, decimaler)
    digits = re.sub(r"[^0-9]", "", text)
    if value < 0 and digits.strip("0"):
        assert text.startswith(M)
    else:
        assert M not in text


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from([" ", N, THIN]),
    st.sampled_from(["-", M, EN_DASH]),
)
def test_typed_text_with_any_group_space_and_minus_is_read_exactly(
    value: Decimal, space: str, minus: str
) -> None:
    integer, _, fraction = f"{abs(value):f}".partition(".")
    grouped = f"{int(integer):,}".replace(",", space)
    text = (minus if value < 0 else "") + grouped + ("," + fraction if fraction else "")
    assert parse_number(text) == value


WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_dates_round_trip_through_both_printed_forms(day: dt.date) -> None:
    assert parse_date(datum(day)) == day
    assert parse_date(langt_datum(day)) == day
    assert parse_date("den " + langt_datum(day)) == day
    assert langt_datum(day) == langt_datum(day).lower()
    assert veckodag(day) == WEEKDAYS[day.weekday()]


@given(st.times())
def test_times_round_trip_to_the_minute(moment: dt.time) -> None:
    shown = klockslag(moment)
    assert re.fullmatch(r"[0-2][0-9]\.[0-5][0-9]", shown)
    assert parse_time(shown) == moment.replace(second=0, microsecond=0)
    assert klockslag(moment.hour * 60 + moment.minute) == shown
