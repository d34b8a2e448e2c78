"""Every error memo raises names the fault it is (``rule``, an id of :data:`memo.faults.FAULTS`), and says its key
path as a tuple (``key_path``).

``tests/data/rule_ids.json`` pins the id of every problem of every bad input the tests hold (tests/bad_cases,
tests/bad_extracts, tests/bad_meetings, tests/bad_profiles), in the order memo reports them: an id a tool filters on
cannot change unnoticed, whatever code moves. To change ids on purpose (a new fixture, a finer id), run
``python tests/test_rule_ids.py``, which writes the file anew, and read ``git diff tests/data/rule_ids.json``: every
changed line is a change a tool that filters on the id will see.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import memo
from memo.faults import FAULTS
from test_bad_input import CASE_FILES
from test_bad_profiles import FOLDERS, has_pipe, profile_folder
from test_meeting import BAD_MEETINGS, bad_meeting
from test_protokollsutdrag import BAD_FILES as BAD_EXTRACTS
from test_protokollsutdrag import CASE as EXTRACTS_CASE

PINNED_FILE = Path(__file__).resolve().parent / "data" / "rule_ids.json"
SOURCE = Path(memo.__file__).resolve().parent

#: What a rule id looks like: a short Swedish word or words in ASCII, joined by hyphens (``okand-nyckel``).
RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_CASE = {"rubrik": "Nytt städavtal", "diarienummer": "KS 2026/17", "handlaggare": {"namn": "Anna Berg",
         "enhet": "Kansliet"}, "beslutsinstans": "Kommunstyrelsen", "forslag_till_beslut": ["godkänna avtalet"]}


def _pinned() -> dict[str, list[str]]:
    pinned: dict[str, list[str]] = json.loads(PINNED_FILE.read_text(encoding="utf-8"))
    return pinned


def _rules(report: memo.Report) -> list[str]:
    """The ids of a report's problems, each checked: an id of the table, with its key path as a tuple."""
    assert not report.ok
    for error in report.errors:
        assert isinstance(error, memo.MemoError)
        assert error.rule in FAULTS, (error.rule, str(error))
        assert isinstance(error.key_path, tuple)
    return [e.rule for e in report.errors]


def _case_rules(case: Path) -> list[str]:
    return _rules(memo.validate(case))


def _extract_rules(bad: Path, folder: Path) -> list[str]:
    shutil.copy(EXTRACTS_CASE, folder / "arende.yaml")
    copy = folder / bad.name
    shutil.copy(bad, copy)
    return _rules(memo.validate(copy))


def _meeting_rules(bad: Path, folder: Path) -> list[str]:
    return _rules(memo.validate(bad_meeting(bad, folder)))


def _profile_rules(name: str, tmp: Path) -> list[str]:
    folder, wanted = profile_folder(name, tmp)
    if has_pipe(wanted):  # in a process of its own, with a time limit: a pipe must not hang the test run
        code = ("import memo, sys; r = memo.validate(eval(sys.argv[1]), profile=sys.argv[2]);"
                "print(repr([e.rule for e in r.errors]))")
        done = subprocess.run([sys.executable, "-c", code, repr(_CASE), str(folder)], capture_output=True,
                              text=True, timeout=60, check=True)
        rules: list[str] = eval(done.stdout)
        assert rules and all(rule in FAULTS for rule in rules), rules
        return rules
    report = memo.validate(_CASE, profile=folder)
    assert all(isinstance(e, memo.ProfileError) for e in report.errors)
    return _rules(report)


def _fixtures() -> Iterator[str]:
    yield from (f"bad_cases/{p.name}" for p in CASE_FILES)
    yield from (f"bad_extracts/{p.name}" for p in BAD_EXTRACTS)
    yield from (f"bad_meetings/{p.name}" for p in BAD_MEETINGS)
    yield from (f"bad_profiles/{name}" for name in FOLDERS)


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_every_problem_of_a_bad_case_has_its_pinned_rule_id(case: Path) -> None:
    assert _case_rules(case) == _pinned()[f"bad_cases/{case.name}"]


@pytest.mark.parametrize("bad", BAD_EXTRACTS, ids=[p.stem for p in BAD_EXTRACTS])
def test_every_problem_of_a_bad_extract_has_its_pinned_rule_id(bad: Path, tmp_path: Path) -> None:
    assert _extract_rules(bad, tmp_path) == _pinned()[f"bad_extracts/{bad.name}"]


@pytest.mark.parametrize("bad", BAD_MEETINGS, ids=[p.name for p in BAD_MEETINGS])
def test_every_problem_of_a_bad_meeting_has_its_pinned_rule_id(bad: Path, tmp_path: Path) -> None:
    assert _meeting_rules(bad, tmp_path) == _pinned()[f"bad_meetings/{bad.name}"]


@pytest.mark.parametrize("name", FOLDERS)
def test_every_problem_of_a_bad_profile_has_its_pinned_rule_id(name: str, tmp_path: Path) -> None:
    assert _profile_rules(name, tmp_path) == _pinned()[f"bad_profiles/{name}"]


def test_the_pinned_ids_are_those_of_the_bad_inputs_that_exist_each_in_the_table() -> None:
    pinned = _pinned()
    assert sorted(pinned) == sorted(_fixtures()), "kör python tests/test_rule_ids.py och granska git diff"
    assert all(ids and set(ids) <= FAULTS.keys() for ids in pinned.values())


def test_every_id_given_in_memos_source_is_in_the_table() -> None:
    """An id given where a fault is found (``rule="…"``, a default ``rule: str = "…"``, a class's ``default_rule``)
    is one of the table: a misspelt id fails here, not in a tool that filters on it."""
    given = re.compile(r"""\brule(?::\s*str)?\s*=\s*"([^"]*)"|\bdefault_rule(?::[^=]+)?\s*=\s*"([^"]*)\"""")
    found = {a or b for path in SOURCE.rglob("*.py") for a, b in given.findall(path.read_text(encoding="utf-8"))}
    assert found - FAULTS.keys() == set()
    assert "okand-nyckel" in found and "arende" in found  # the search finds what it looks for


def test_the_ids_are_short_ascii_slugs_apart_from_the_warnings_ids() -> None:
    from memo.language.rules import RULES as LANGUAGE
    from memo.validation import MEMO_WARNING, PROFILE_WARNING
    from memo.word.accessibility import RULES as ACCESSIBILITY

    assert all(RULE_ID.fullmatch(rule) and len(rule) <= 30 for rule in FAULTS), FAULTS
    assert FAULTS.keys() & (set(LANGUAGE) | set(ACCESSIBILITY) | {MEMO_WARNING, PROFILE_WARNING}) == set()
    assert all(what and what == what.strip() and "\n" not in what for what in FAULTS.values())


def test_an_empty_text_has_one_id_wherever_it_is_written() -> None:
    """The same fault, the same id: an empty required field, an empty heading of a section, an empty list item."""
    for case in ({**_CASE, "rubrik": ""}, {**_CASE, "rubriker": {"sammanfattning": ""}, "sammanfattning": "Kort."},
                 {**_CASE, "forslag_till_beslut": ["godkänna avtalet", None]}):
        report = memo.validate(case)
        assert [e.rule for e in report.errors] == ["tomt-varde"], [str(e) for e in report.errors]


def test_an_unknown_a_missing_and_an_empty_key_have_ids_of_their_own() -> None:
    unknown = memo.validate({**_CASE, "sammanfatning": "Kort."})
    missing = memo.validate({k: v for k, v in _CASE.items() if k != "diarienummer"})
    empty = memo.validate({**_CASE, "diarienummer": " "})
    assert [e.rule for r in (unknown, missing, empty) for e in r.errors] == ["okand-nyckel", "saknad-nyckel",
                                                                             "tomt-varde"]


def test_a_key_path_is_a_tuple_counted_from_zero_beside_the_text_counted_from_one() -> None:
    report = memo.validate({**_CASE, "forslag_till_beslut": ["godkänna avtalet", "anta ${belopp | kronr}"],
                            "varden": {"belopp": 1000}})
    (error,) = report.errors
    assert (error.key, error.key_path) == ("forslag_till_beslut[2]", ("forslag_till_beslut", 1))
    assert error.rule == "okand-formatering"
    assert "Menade du 'kronor'?" in error.message


def test_an_error_raised_outside_memos_checks_has_its_class_rule() -> None:
    assert memo.CaseError("fel").rule == "arende"
    assert memo.ProfileError("fel").rule == "profil"
    assert memo.CaseError("fel", rule="eget-id").rule == "eget-id"
    many = memo.CaseError("a", problems=(memo.CaseError("a", rule="tomt-varde"),
                                         memo.CaseError("b", rule="okand-nyckel")))
    assert many.rule == "tomt-varde"  # it stands for its problems: the first one's rule


def _write() -> None:
    """Write ``tests/data/rule_ids.json`` from what memo says today (see the module's docstring)."""
    pinned: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASE_FILES:
            pinned[f"bad_cases/{case.name}"] = _case_rules(case)
        for number, bad in enumerate(BAD_EXTRACTS):
            (Path(tmp) / f"x{number}").mkdir()
            pinned[f"bad_extracts/{bad.name}"] = _extract_rules(bad, Path(tmp) / f"x{number}")
        for bad in BAD_MEETINGS:
            pinned[f"bad_meetings/{bad.name}"] = _meeting_rules(bad, Path(tmp) / f"mote-{bad.name}")
        for name in FOLDERS:
            (Path(tmp) / name).mkdir()
            pinned[f"bad_profiles/{name}"] = _profile_rules(name, Path(tmp) / name)
    PINNED_FILE.write_text(json.dumps(pinned, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    _write()
