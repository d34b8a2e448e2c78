"""The Python API given hostile values (issue 20, finding 7): a MemoError at the value's key, or a memo that opens.

Every value given to ``memo.load_case``, ``memo.render``, ``memo.write`` and ``memo.validate`` — a mapping as a
form builds it, a ``memo.Case`` changed with ``dataclasses.replace``, a protokollsutdrag's ``Extract`` — gives a
:class:`memo.MemoError` naming its key, or a correct memo, in bounded time; ``validate`` returns a Report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import time
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import memo
from memo.kinds.protokollsutdrag import Extract

BASE: dict[str, Any] = {
    "rubrik": "Ny förskola i Norrby", "diarienummer": "KS 2026/17", "beslutsinstans": "Kommunstyrelsen",
    "handlaggare": {"namn": "Anna Berg", "enhet": "Utbildning"}, "forslag_till_beslut": ["godkänna planen"],
    "varden": {"belopp": 250000}, "sammanfattning": "Det kostar ${belopp | kronor}.",
}


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", memo.MemoWarning)
        yield


def _case() -> memo.Case:
    return memo.load_case(BASE)


# The hostile types.
class RaisingGetitem(Mapping[str, Any]):
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = dict(data)

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


class RaisingIter(RaisingGetitem):
    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("iter")


class Endless(Mapping[str, Any]):
    """Says it has one key; has endless ones."""

    def __getitem__(self, key: str) -> Any:
        return "x"

    def __iter__(self) -> Iterator[str]:
        return (f"k{i}" for i in itertools.count())

    def __len__(self) -> int:
        return 1


class BadStrInt(int):
    def __str__(self) -> str:
        raise RuntimeError("str")

    __repr__ = __str__


class BadReprKey(str):
    def __str__(self) -> str:
        raise RuntimeError("str")

    __repr__ = __str__
    __format__ = lambda self, spec: str(self)  # noqa: E731


class BadStr(str):
    def __str__(self) -> str:
        raise RuntimeError("str")

    __repr__ = __str__


class BadBool:
    """An object whose truth cannot be told (as numpy's arrays and pandas' frames)."""

    def __bool__(self) -> bool:
        raise ValueError("bool")


class BadEqStr(str):
    """A text that cannot be compared or hashed (a proxy object of some form library)."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __hash__(self) -> int:
        raise RuntimeError("hash")


class BadEqInt(int):
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __bool__(self) -> bool:
        raise RuntimeError("bool")

    __hash__ = int.__hash__


def outcome(value: Any, call: Any = memo.render) -> memo.MemoError | bytes:
    """A MemoError with its key, or DOCX bytes that open; any other exception fails the test."""
    try:
        data = call(value)
    except memo.MemoError as exc:
        return exc
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
    return data


def refused_at(value: Any, key: str | None) -> memo.MemoError:
    """Refused by render and validate alike, at ``key``."""
    found = outcome(value)
    assert isinstance(found, memo.MemoError), "a hostile value became a memo"
    assert found.key == key, found
    report = memo.validate(value)
    assert isinstance(report, memo.Report) and not report.ok
    assert report.errors[0].key == key
    return found


def test_a_mapping_whose_getitem_raises_is_refused_at_its_key() -> None:
    refused_at(RaisingGetitem(BASE), "rubrik")
    refused_at({**BASE, "handlaggare": RaisingGetitem({"namn": "A", "enhet": "B"})}, "handlaggare.namn")


def test_a_mapping_whose_iter_raises_is_refused_at_its_key() -> None:
    error = refused_at({**BASE, "varden": RaisingIter({"belopp": 1})}, "varden")
    assert "RuntimeError" in error.message and isinstance(error.__cause__, RuntimeError)


def test_a_mapping_with_a_lying_len_and_endless_keys_is_refused_quickly() -> None:
    start = time.monotonic()
    refused_at({**BASE, "varden": Endless()}, "varden")
    refused_at(Endless(), None)  # the whole mapping: no key to name
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("key", ["varden.belopp", "diarienummer"])
def test_a_number_beyond_pythons_digit_limit_is_refused_at_its_key(key: str) -> None:
    case = {**BASE, "varden": {"belopp": 10**5000}} if key == "varden.belopp" else {**BASE, "diarienummer": 10**5000}
    assert "för många siffror" in refused_at(case, key).message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")], ids=str)
def test_nan_is_refused_not_printed_as_nan_kronor(value: object) -> None:
    refused_at({**BASE, "varden": {"belopp": value}, "sammanfattning": "${belopp}"}, "varden.belopp")


def test_an_int_whose_str_raises_is_read_as_the_number_it_is() -> None:
    data = outcome({**BASE, "varden": {"belopp": BadStrInt(250000)}})
    assert isinstance(data, bytes)
    text = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Det kostar 250\u00a0000\u00a0kronor." in text


def test_a_key_whose_repr_raises_is_read_as_the_text_it_is() -> None:
    error = refused_at({**BASE, BadReprKey("okänd"): "x"}, "okänd")
    assert "Okänd nyckel 'okänd'" in error.message
    refused_at({**BASE, 5: "x"}, "<int>")


@pytest.mark.parametrize(("change", "key"), [
    ({"rubrik": 12}, "rubrik"),
    ({"avsnitt": None}, "avsnitt"),
    ({"rubrik": None}, "rubrik"),
    ({"rubrik": "  "}, "rubrik"),
    ({"diarienummer": None}, "diarienummer"),
    ({"handlaggare": "Anna"}, "handlaggare"),
    ({"datum": "2026-01-01"}, "datum"),
    ({"varden": {"belopp": 10**5000}}, "varden.belopp"),
    ({"rubriker": None}, "rubriker"),
    ({"lines": None}, "lines"),
    ({"path": "ärende.yaml"}, "path"),
    ({"mallar": 5}, "mallar"),
    ({"beslutsstil": 5}, "beslutsstil"),
    ({"rubrik": BadStr("Avtal")}, "rubrik"),
    ({"avsnitt": {"sammanfattning": [None]}}, "sammanfattning[1]"),
], ids=lambda v: str(v) if isinstance(v, str) else next(iter(v)))
def test_a_case_replaced_with_the_wrong_type_is_refused_at_the_field(change: dict[str, Any], key: str) -> None:
    refused_at(dataclasses.replace(_case(), **change), key)


def test_rubrik_none_never_gives_a_memo_without_a_title() -> None:
    error = refused_at(dataclasses.replace(_case(), rubrik=None), "rubrik")
    assert "text" in error.message


def test_an_extract_with_a_hostile_attribute_is_refused_at_it() -> None:
    extract = Extract(_case(), "Kommunstyrelsen", dt.date(2026, 6, 1), "142")
    assert isinstance(outcome(extract), bytes)
    refused_at(dataclasses.replace(extract, arende=dataclasses.replace(extract.arende, rubrik=12)), "arende.rubrik")
    refused_at(dataclasses.replace(extract, justerare=[BadStr("Eva")]), "justerare[1]")


def test_write_gives_the_same_error_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "pm.docx"
    with pytest.raises(memo.CaseError) as caught:
        memo.write(dataclasses.replace(_case(), avsnitt=None), target)
    assert caught.value.key == "avsnitt" and not target.exists()
    with pytest.raises(memo.CaseError) as loaded:
        memo.load_case({**BASE, "varden": {"belopp": float("nan")}})
    assert loaded.value.key == "varden.belopp"


# The fuzz run: hostile values where a form or tool puts values.
#: Values hypothesis could not show (its repr of 10**5000 raises): drawn by name, made when used.
_MADE = {"10**5000": lambda: 10**5000, "-10**400": lambda: -(10**400), "int whose str raises": lambda: BadStrInt(7),
         "1E+100000": lambda: Decimal("1E+100000"), "-1E-5000": lambda: Decimal("-1E-5000"),
         "str whose str raises": lambda: BadStr("x"), "object": object, "bytes": lambda: b"bytes",
         "set": lambda: {1, 2}, "object whose bool raises": BadBool,
         "str whose eq and hash raise": lambda: BadEqStr("x"),
         "int whose eq and bool raise": lambda: BadEqInt(3)}
_HOSTILE_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(sorted(_MADE)).map(lambda name: _MADE[name]()),
    st.floats(allow_nan=True, allow_infinity=True), st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.dates(), st.datetimes(),
)
_HOSTILE = st.recursive(_HOSTILE_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(tuple),
    st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.builds(BadReprKey, st.just("k"))), inner,
                    max_size=4),
    st.dictionaries(st.text(max_size=8), inner, max_size=4).map(RaisingGetitem),
    st.dictionaries(st.text(max_size=8), inner, max_size=4).map(RaisingIter),
    st.builds(Endless)), max_leaves=8)
_KEYS = st.sampled_from([*BASE, "varden", "handlaggare", "datum", "bilagor", "konsekvenser", "ekonomiska_konsekvenser",
                         "rubriker", "till"])
_FIELDS = st.sampled_from([f.name for f in dataclasses.fields(memo.Case)])

_API_FUZZ = settings(deadline=2000, max_examples=150, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _memo_error_or_memo(value: Any) -> None:
    found = outcome(value)
    if isinstance(found, memo.MemoError):
        assert found.key is not None or not isinstance(value, memo.Case), found
        assert found.rule and all(p.rule for p in getattr(found, "problems", ())), found
    report = memo.validate(value)
    assert isinstance(report, memo.Report)
    assert report.ok == isinstance(found, bytes)


@_API_FUZZ
@given(key=_KEYS, value=_HOSTILE)
def test_fuzz_a_mapping_with_a_hostile_value_gives_a_memo_error_at_a_key_or_a_memo(key: str, value: Any) -> None:
    _memo_error_or_memo({**BASE, key: value})


@_API_FUZZ
@given(field=_FIELDS, value=_HOSTILE)
def test_fuzz_a_case_replaced_with_a_hostile_value_gives_a_memo_error_at_a_key_or_a_memo(field: str,
                                                                                         value: Any) -> None:
    _memo_error_or_memo(dataclasses.replace(_case(), **{field: value}))


_UNCOMPARABLE = {"object whose bool raises": BadBool, "str whose eq and hash raise": lambda: BadEqStr("x"),
                 "int whose eq and bool raise": lambda: BadEqInt(3)}


@pytest.mark.parametrize("made", list(_UNCOMPARABLE.values()), ids=list(_UNCOMPARABLE))
def test_a_value_whose_truth_or_equality_raises_gives_a_memo_error_or_a_memo_at_every_key(made: Any) -> None:
    """Objects from other libraries whose ``__bool__``, ``__eq__`` or ``__hash__`` raise, in every place a form or
    tool puts values: in a mapping, and in a Case changed with dataclasses.replace."""
    for key in [*BASE, "varden", "handlaggare", "datum", "bilagor", "konsekvenser", "till"]:
        _memo_error_or_memo({**BASE, key: made()})
        _memo_error_or_memo({**BASE, "varden": {"belopp": made()}})
    for field in [f.name for f in dataclasses.fields(memo.Case)]:
        _memo_error_or_memo(dataclasses.replace(_case(), **{field: made()}))
