"""The Python API for other regional tools: load_case, render, write; no side effects on import."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest

import memo
from conftest import SEED_SAMPLE


def test_public_api_is_explicit_and_sorted() -> None:
    assert memo.__all__ == sorted(memo.__all__)
    for name in ("load_case", "render", "write", "kronor", "tal", "MemoError", "CaseError"):
        assert name in memo.__all__


def test_importing_memo_has_no_side_effects(tmp_path: Path) -> None:
    code = ("import locale, logging, os, sys, warnings\n"
            "state = lambda: (locale.setlocale(locale.LC_ALL), list(sys.path), dict(os.environ),\n"
            "                 list(warnings.filters), logging.root.handlers[:], os.getcwd())\n"
            "before = state()\n"
            "import memo\n"
            "print(before == state())\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout == "True\n"
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []


def test_load_case_from_a_mapping_and_render_to_bytes() -> None:
    case = memo.load_case({
        "rubrik": "Bidrag till föreningen",
        "diarienummer": "KS 2026/5",
        "handlaggare": {"namn": "Anna Berg", "enhet": "Kansliet"},
        "beslutsinstans": "Kommunstyrelsen",
        "varden": {"bidrag": 75000},
        "forslag_till_beslut": ["bevilja ${bidrag | kronor} i bidrag"],
    })
    assert case.rubrik == "Bidrag till föreningen"
    document = docx.Document(io.BytesIO(memo.render(case)))
    assert "att\tbevilja 75\u00a0000\u00a0kronor i bidrag." in [p.text for p in document.paragraphs]


def test_write_returns_the_path_and_the_file_reopens(tmp_path: Path) -> None:
    target = memo.write(SEED_SAMPLE, tmp_path / "pm.docx")
    assert target == tmp_path / "pm.docx"
    assert docx.Document(str(target)).core_properties.author == "Kristina Eklöf"


def test_profile_can_be_given_as_keyword() -> None:
    document = docx.Document(io.BytesIO(memo.render(SEED_SAMPLE, profile="standard")))
    assert "Organisationen" in "\n".join(p.text for p in document.sections[0].header.paragraphs)


def test_errors_carry_their_location_as_attributes(tmp_path: Path) -> None:
    bad = tmp_path / "fel.yaml"
    bad.write_text("rubrik: Prov\ndiarienummer: 1\nhandlaggare: {namn: A, enhet: B}\n"
                   "forslag_till_beslut:\n  - ok\n  - ${saknas | kronor}\n", encoding="utf-8")
    with pytest.raises(memo.CaseError) as caught:
        memo.load_case(bad)
    (error,) = [p for p in caught.value.problems if p.key == "forslag_till_beslut[2]"]
    assert error.file == bad and error.line == 6 and error.column == 5
    assert "saknas" in error.message
    (missing,) = [p for p in caught.value.problems if p.key == "beslutsinstans"]  # a rule of the profile
    assert missing.file == bad and missing.line == 1  # a key that is not there: line 1


def test_available_profiles_lists_the_shipped_ones() -> None:
    assert {"standard", "region-orebro-lan"} <= set(memo.available_profiles())


def test_an_unknown_profile_named_in_the_case_points_at_its_line(tmp_path: Path) -> None:
    case_file = tmp_path / "arende.yaml"
    case_file.write_text("rubrik: Prov\ndiarienummer: 1\nprofil: region-okand\nbeslutsinstans: KS\n"
                         "handlaggare: {namn: A, enhet: B}\nforslag_till_beslut: [godkänna]\n", encoding="utf-8")
    with pytest.raises(memo.ProfileError) as caught:
        memo.render(case_file)
    assert caught.value.file == case_file and caught.value.line == 3 and caught.value.key == "profil"
    assert "region-orebro-lan" in caught.value.message  # the shipped profiles are listed


def test_a_missing_perspective_in_a_changed_case_is_said_at_its_key_not_at_a_line_of_the_old_file() -> None:
    case = memo.load_case(SEED_SAMPLE)
    konsekvenser = case.avsnitt["konsekvenser"]
    assert isinstance(konsekvenser, tuple)
    trimmed = dataclasses.replace(case, avsnitt={**case.avsnitt, "konsekvenser": konsekvenser[:1]})
    with pytest.raises(memo.CaseError) as caught:
        memo.render(trimmed)
    (problem,) = caught.value.problems
    assert (problem.key, problem.key_path, problem.file, problem.line) == (
        "konsekvenser.barn", ("konsekvenser", "barn"), None, None)
    assert "'barn'" in problem.message and "Profilen 'region-orebro-lan'" in problem.message


def test_rendering_leaves_the_cycle_collector_as_it_found_it() -> None:
    import gc

    memo.render(SEED_SAMPLE)
    assert gc.isenabled()
    gc.disable()
    try:
        memo.render(SEED_SAMPLE)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_mapping_may_hold_datetimes_and_exponent_numbers() -> None:
    import datetime as dt
    from decimal import Decimal

    case = memo.load_case({
        "rubrik": "Prov", "diarienummer": "1", "beslutsinstans": "KS",
        "handlaggare": {"namn": "A", "enhet": "B"},
        "sammantradesdatum": dt.datetime(2026, 6, 1, 10, 0),
        "varden": {"stor": Decimal("1E+3"), "flyt": 1e16},
        "forslag_till_beslut": ["avsätta ${stor | kronor} av ${flyt | tal}"],
    })
    assert case.sammantradesdatum == dt.date(2026, 6, 1)
    document = docx.Document(io.BytesIO(memo.render(case)))
    assert "att\tavsätta 1\u00a0000\u00a0kronor av 10\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000." in [
        p.text for p in document.paragraphs]


def test_a_problem_without_a_line_in_a_mapping_case_names_no_line() -> None:
    case = {"rubrik": "Prov", "diarienummer": "1", "beslutsinstans": "KS", "profil": "finns-inte",
            "handlaggare": {"namn": "A", "enhet": "B"}, "forslag_till_beslut": ["godkänna"]}
    with pytest.raises(memo.ProfileError) as caught:
        memo.render(case)
    assert caught.value.line is None and caught.value.key == "profil"
    assert "rad 0" not in str(caught.value)


def test_a_memo_without_a_date_is_dated_today_in_the_header() -> None:
    import datetime as dt

    case = {"rubrik": "Prov", "diarienummer": "1", "beslutsinstans": "KS",
            "handlaggare": {"namn": "A", "enhet": "B"}, "forslag_till_beslut": ["godkänna"]}
    header = docx.Document(io.BytesIO(memo.render(case))).sections[0].header
    cells = [c.text.strip() for t in header.tables for r in t.rows for c in r.cells]
    assert dt.date.today().isoformat() in cells


def test_a_float_from_python_is_the_number_a_person_means() -> None:
    """0.1 + 0.2 from another tool is 0,3 in the memo, not 0,30000000000000004 (15 significant digits)."""
    case = memo.load_case({
        "rubrik": "Prov", "diarienummer": "1", "beslutsinstans": "KS", "handlaggare": {"namn": "A", "enhet": "B"},
        "varden": {"andel": 0.1 + 0.2, "belopp": 1234.5},
        "forslag_till_beslut": ["sätta andelen till ${andel | tal} och beloppet till ${belopp | tal}"],
    })
    texts = [p.text for p in docx.Document(io.BytesIO(memo.render(case))).paragraphs]
    assert any("andelen till 0,3 och beloppet till 1\u00a0234,5" in t for t in texts), texts


def test_a_warning_and_an_accessibility_finding_are_one_public_finding_type(tmp_path: Path) -> None:
    from conftest import SAMPLES

    nynashamn = SAMPLES / "svar-pa-motion-nynashamn-barnvagnsskydd.yaml"
    warnings = memo.validate(nynashamn).warnings
    assert warnings and all(isinstance(w, memo.Finding) for w in warnings)
    lix = next(w for w in warnings if w.rule == "lix")
    assert (lix.level, lix.location.file, lix.location.key) == ("varning", nynashamn, "sammanfattning")
    assert lix.where == lix.location.describe()

    flawed = Path(__file__).resolve().parent / "flawed_docx" / "rubrikniva-hoppar.docx"
    (finding,) = memo.check_docx(flawed)
    assert isinstance(finding, memo.Finding)
    assert (finding.rule, finding.level, finding.where, finding.location.file) == (
        "rubrikniva-hoppar", "fel", "»Sammanfattning«", flawed)
    assert type(finding) is type(lix)
