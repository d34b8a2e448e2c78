"""Every error memo raises names the rule it breaks (``rule``), and says its key path as a tuple (``key_path``).

Run over every bad input the tests hold (tests/bad_cases, tests/bad_extracts, tests/bad_profiles): each problem
has a non-empty id, the same in two runs, and a few are pinned here, so that an id a tool filters on does not
change unnoticed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import memo
from test_bad_input import CASE_FILES
from test_bad_profiles import BAD_PROFILES, FOLDERS, has_pipe, profile_folder
from test_protokollsutdrag import BAD_FILES as BAD_EXTRACTS
from test_protokollsutdrag import CASE as EXTRACTS_CASE

#: What a rule id looks like: the module and function of the check that found the problem (``case.checker.fields``).
RULE_ID = re.compile(r"[a-z]+(?:\.[a-z][a-z0-9_]*)+")

#: A few ids pinned: a tool that filters on them keeps working.
PINNED = {
    "unknown_key": "case.checker.fields",
    "missing_rubrik": "case.checker.fields",
    "invalid_date": "case.checker.convert",
    "unknown_formatting": "case.checker.references_ok",
    "table_unknown_unit": "case.build.table",
    "tab_indentation": "read.yamlparse.syntax_error",
    "windows1252_encoding": "read.source.decode",
    "escape_nul": "case.checker.text_ok",
}


def _rules(report: memo.Report) -> list[tuple[str, str | None, tuple[str | int, ...]]]:
    assert not report.ok
    for error in report.errors:
        assert isinstance(error, memo.MemoError)
        assert isinstance(error.rule, str) and RULE_ID.fullmatch(error.rule), (error.rule, str(error))
    return [(e.rule, e.key, e.key_path) for e in report.errors]


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_every_problem_of_a_bad_case_has_a_stable_rule_id(case: Path) -> None:
    first = _rules(memo.validate(case))
    assert _rules(memo.validate(case)) == first
    if case.stem in PINNED:
        assert first[0][0] == PINNED[case.stem]


def test_the_pinned_rule_ids_are_of_bad_cases_that_exist() -> None:
    assert set(PINNED) <= {p.stem for p in CASE_FILES}


@pytest.mark.parametrize("bad", BAD_EXTRACTS, ids=[p.stem for p in BAD_EXTRACTS])
def test_every_problem_of_a_bad_extract_has_a_stable_rule_id(bad: Path, tmp_path: Path) -> None:
    shutil.copy(EXTRACTS_CASE, tmp_path / "arende.yaml")
    copy = tmp_path / bad.name
    shutil.copy(bad, copy)
    first = _rules(memo.validate(copy))
    assert _rules(memo.validate(copy)) == first


_CASE = {"rubrik": "Nytt städavtal", "diarienummer": "KS 2026/17", "handlaggare": {"namn": "Anna Berg",
         "enhet": "Kansliet"}, "beslutsinstans": "Kommunstyrelsen", "forslag_till_beslut": ["godkänna avtalet"]}


@pytest.mark.parametrize("name", FOLDERS)
def test_every_problem_of_a_bad_profile_has_a_stable_rule_id(name: str, tmp_path: Path) -> None:
    folder, wanted = profile_folder(name, tmp_path)
    if has_pipe(wanted):  # in a process of its own, with a time limit: a pipe must not hang the test run
        code = ("import memo, sys; r = memo.validate(eval(sys.argv[1]), profile=sys.argv[2]);"
                "print(repr([e.rule for e in r.errors]))")
        done = subprocess.run([sys.executable, "-c", code, repr(_CASE), str(folder)], capture_output=True,
                              text=True, timeout=60, check=True)
        rules = eval(done.stdout)
        assert rules and all(RULE_ID.fullmatch(rule) for rule in rules), rules
        return
    first = _rules(memo.validate(_CASE, profile=folder))
    assert all(isinstance(e, memo.ProfileError) for e in memo.validate(_CASE, profile=folder).errors)
    assert _rules(memo.validate(_CASE, profile=folder)) == first
    assert BAD_PROFILES.is_dir()


def test_a_key_path_is_a_tuple_counted_from_zero_beside_the_text_counted_from_one() -> None:
    report = memo.validate({**_CASE, "forslag_till_beslut": ["godkänna avtalet", "anta ${belopp | kronr}"],
                            "varden": {"belopp": 1000}})
    (error,) = report.errors
    assert (error.key, error.key_path) == ("forslag_till_beslut[2]", ("forslag_till_beslut", 1))
    assert error.rule == "case.checker.references_ok"
    assert "Menade du 'kronor'?" in error.message


def test_an_error_raised_outside_memos_checks_has_its_class_rule() -> None:
    assert memo.CaseError("fel").rule == "case"
    assert memo.ProfileError("fel").rule == "profile"
    assert memo.CaseError("fel", rule="eget.id").rule == "eget.id"
    many = memo.CaseError("a", problems=(memo.CaseError("a", rule="x.y"), memo.CaseError("b", rule="z.w")))
    assert many.rule == "x.y"  # it stands for its problems: the first one's rule
