"""A formatted value read back (memo.swedish.filters.parse_shown), and a new value written as the case wrote the old.

For every formatting: a value shown and read back is the value (hypothesis), also after a person's editor
turned the no-break spaces into spaces and the minus sign into a hyphen; texts that do not state one value
read back as None; and a new value, written in the old one's style into a case file, reads back as it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SAMPLES
from memo.read.rewrite import Edit, apply
from memo.read.source import parse_yaml, read_yaml
from memo.swedish import FILTERS
from memo.swedish.filters import FORMATTINGS, parse_shown
from memo.swedish.inverses import written_like
from memo.swedish.numbers import parse_number


def decimals(places: int, scale: int = 1) -> st.SearchStrategy[Decimal]:
    """Values a formatting showing ``places`` decimals of units of ``scale`` shows exactly."""
    return st.integers(-10**12, 10**12).map(lambda n: Decimal(n).scaleb(-places) * scale)


DATES = st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31))
#: Per formatting: its argument (None: its default) and the values it shows exactly, as the case would hold them.
VALUES: dict[str, list[tuple[int | None, st.SearchStrategy[object]]]] = {
    "tal": [(None, st.decimals(-10**12, 10**12, places=4)), (2, decimals(2)), (0, decimals(0))],
    "kronor": [(None, decimals(0)), (2, decimals(2))],
    "kr": [(None, decimals(0)), (1, decimals(1))],
    "tkr": [(None, decimals(0, 1000)), (1, decimals(1, 1000))],
    "mnkr": [(None, decimals(1, 10**6)), (0, decimals(0, 10**6)), (3, decimals(3, 10**6))],
    "procent": [(None, st.decimals(-1000, 1000, places=3)), (1, decimals(1))],
    "datum": [(None, DATES)],
    "langt_datum": [(None, DATES)],
    "veckodag": [(None, DATES)],
    "klockslag": [(None, st.times().map(lambda t: t.replace(second=0, microsecond=0)))],
    "gemen": [(None, st.text(min_size=1).filter(lambda t: t == t.strip()))],
}
#: Formattings whose text cannot state a value on its own: read back only with the original.
NEEDS_ORIGINAL = {"veckodag", "gemen"}
CASES = [(name, argument, values) for name, rows in VALUES.items() for argument, values in rows]


def case_text(value: object) -> str:
    """A value as a case file holds it."""
    if isinstance(value, Decimal):
        return written_like(value, None)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()[:5] if isinstance(value, dt.time) else value.isoformat()
    assert isinstance(value, str)
    return value


def shown(name: str, value: object, argument: int | None) -> str:
    function = FILTERS[name]
    return function(case_text(value)) if argument is None else function(case_text(value), argument)


def as_edited(text: str) -> str:
    """The text as a person's editor may give it back: plain spaces, a hyphen for the minus sign."""
    return text.replace("\u00a0", " ").replace("\u2212", "-")


def test_every_formatting_has_an_inverse_and_values_to_prove_it() -> None:
    assert set(FORMATTINGS) == set(FILTERS) == set(VALUES)
    assert all(callable(row.inverse) for row in FORMATTINGS.values())


@pytest.mark.parametrize(("name", "argument", "values"), CASES, ids=[f"{n}({a})" for n, a, _ in CASES])
@given(data=st.data())
def test_a_shown_value_reads_back_as_the_value(name: str, argument: int | None, values: st.SearchStrategy[object],
                                               data: st.DataObject) -> None:
    value = data.draw(values, label="value")
    text = shown(name, value, argument)
    original = None if name not in NEEDS_ORIGINAL else case_text(value)
    expected = value if name != "gemen" else case_text(value)
    for written in (text, as_edited(text)):
        got = parse_shown(written, name, original, argument)
        assert got == expected, (written, got)
        if isinstance(got, Decimal):
            assert parse_number(written_like(got, None)) == value


@pytest.mark.parametrize(("name", "argument", "values"), [c for c in CASES if c[0] not in NEEDS_ORIGINAL],
                         ids=[f"{n}({a})" for n, a, _ in CASES if n not in NEEDS_ORIGINAL])
@given(data=st.data())
def test_a_changed_text_reads_back_as_the_new_value_whatever_the_original(
        name: str, argument: int | None, values: st.SearchStrategy[object], data: st.DataObject) -> None:
    old, new = data.draw(values, label="old"), data.draw(values, label="new")
    assert parse_shown(shown(name, new, argument), name, case_text(old), argument) == new


def test_an_unchanged_text_gives_back_the_original_exactly_where_the_formatting_rounds() -> None:
    assert parse_shown("275\u00a0tkr", "tkr", "275 400") == Decimal(275400)
    assert parse_shown("2,5 mnkr", "mnkr", "2 512 345") == Decimal(2512345)
    assert parse_shown("12 %", "procent", "12,4", 0) == Decimal("12.4")
    assert parse_shown("måndag", "veckodag", "2026-06-01") == dt.date(2026, 6, 1)
    assert parse_shown("Bidrag på 5 kr", None, "Bidrag på 5 kr") == "Bidrag på 5 kr"


@pytest.mark.parametrize(("text", "formatting", "original", "argument"), [
    pytest.param("275 tkr", "kronor", "275000", None, id="unit-of-another-scale"),
    pytest.param("275 000", "kronor", "250000", None, id="unit-missing"),
    pytest.param("1,25 mnkr", "mnkr", "1200000", None, id="more-decimals-than-shown"),
    pytest.param("275 000,50 kronor", "kronor", "1", None, id="ore-where-whole-kronor-are-shown"),
    pytest.param("3,145", "tal", "3,14", 2, id="more-decimals-than-the-argument"),
    pytest.param("ungefär 3 tkr", "tkr", "3000", None, id="words-before-the-number"),
    pytest.param("3 tkr ungefär", "tkr", "3000", None, id="words-after-the-unit"),
    pytest.param("27 50 kr", "kr", "2750", None, id="digits-grouped-wrongly"),
    pytest.param("007 kr", "kr", "7", None, id="leading-zeros"),
    pytest.param("", "kronor", "1", None, id="empty"),
    pytest.param("15 st", "procent", "12", None, id="percent-without-percent-sign"),
    pytest.param("31 februari 2027", "langt_datum", "2026-01-01", None, id="date-that-does-not-exist"),
    pytest.param("i mars", "datum", "2026-01-01", None, id="date-without-day-and-year"),
    pytest.param("03/02/2027", "datum", "2026-01-01", None, id="date-that-could-be-read-two-ways"),
    pytest.param("tisdag", "veckodag", "2026-06-01", None, id="weekday-changed"),
    pytest.param("24.15", "klockslag", "13.15", None, id="hour-that-does-not-exist"),
    pytest.param("kvart över ett", "klockslag", "13.15", None, id="time-in-words"),
    pytest.param("5 kr", "okand", "5", None, id="unknown-formatting"),
])
def test_a_text_that_states_no_single_value_reads_back_as_none(text: str, formatting: str, original: str,
                                                               argument: int | None) -> None:
    assert parse_shown(text, formatting, original, argument) is None


def test_a_name_lowered_in_a_sentence_gets_its_capital_back() -> None:
    assert parse_shown("kommunstyrelsen", "gemen", "Kommunfullmäktige") == "Kommunstyrelsen"
    assert parse_shown("IT-nämnden", "gemen", "Kommunfullmäktige") == "IT-nämnden"
    assert parse_shown("regionstyrelsen", "gemen", "regionfullmäktige") == "regionstyrelsen"


@given(st.decimals(-10**9, 10**9, places=3), st.sampled_from(["275000", "275 000", "275\u00a0000,00", "2.5", "-3,5",
                                                              "\u22123", "12,5 %", "12%", "0", None]))
def test_a_new_number_written_like_the_old_reads_back_as_the_new(value: Decimal, original: str | None) -> None:
    written = written_like(value, original)
    percent = original is not None and original.endswith("%")
    assert parse_number(written, percent=percent) == value
    assert percent == written.endswith("%")


@given(DATES, st.sampled_from(["2026-07-01", "1 juli 2026", "den 1 juli 2026", "1\u00a0Juli\u00a02026", None]))
def test_a_new_date_written_like_the_old_reads_back_as_the_new(value: dt.date, original: str | None) -> None:
    written = written_like(value, original)
    assert parse_shown(written, "datum", None) == value
    assert (written[:1].isdigit() and "-" in written) == (original is None or original.startswith("2026-"))


def test_a_new_value_goes_into_the_case_file_in_the_old_ones_style(tmp_path: Path) -> None:
    """An amount written plain stays a plain number, one written as "275 000" stays that text, quoted; a
    date stays a date in the same form. The file read back gives each value as the memo will show it."""
    text = (SAMPLES / "tjansteskrivelse-forskola-norrby.yaml").read_text(encoding="utf-8")
    text = text.replace("  andel_barn: 12,5\n", '  andel_barn: 12,5\n  bidrag: "275 000"\n  klockan: "13:15"\n')
    root, _ = parse_yaml(text)
    values = root.value["varden"].value  # type: ignore[index,union-attr]
    changes = {"investering": ("52,5\u00a0mnkr", "mnkr"), "bidrag": ("300 000 kronor", "kronor"),
               "start": ("3\u00a0mars\u00a02028", "langt_datum"), "andel_barn": ("15 procent", "procent"),
               "klockan": ("09.30", "klockslag")}
    edits = []
    for name, (shown_text, formatting) in changes.items():
        original = values[name].value
        value = parse_shown(shown_text, formatting, original)
        assert value is not None
        edits.append(Edit(("varden", name), written_like(value, original)))
    path = tmp_path / "arende.yaml"
    path.write_text(apply(text, root, edits), encoding="utf-8")
    after = path.read_text(encoding="utf-8")
    assert "  investering: 52500000\n" in after
    assert '  bidrag: "300 000"\n' in after
    assert "  start: 2028-03-03\n" in after
    assert "  andel_barn: 15\n" in after
    assert '  klockan: "9:30"\n' in after
    reread = read_yaml(path)[0].value["varden"].value  # type: ignore[index,union-attr]
    assert {name: FILTERS[f](reread[name].value) for name, (_, f) in changes.items()} == {
        "investering": "52,5\u00a0mnkr", "bidrag": "300\u00a0000\u00a0kronor", "start": "3\u00a0mars\u00a02028",
        "andel_barn": "15\u00a0%", "klockan": "09.30"}
    assert [line for line in after.splitlines() if line not in text.splitlines()] == [
        "  investering: 52500000", "  andel_barn: 15", '  bidrag: "300 000"', '  klockan: "9:30"',
        "  start: 2028-03-03"]
