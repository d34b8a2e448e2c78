"""memo kontrollera: a line for each case saying what was found, errors too, and a summary line counting the cases
with errors, with warnings only and without remark, in correct Swedish."""

from __future__ import annotations

from pathlib import Path

import pytest

import memo
from conftest import SAMPLES, SEED_SAMPLE
from memo.cli import main


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def _broken_case(folder: Path) -> Path:
    case = folder / "trasig.yaml"
    case.write_text(SEED_SAMPLE.read_text(encoding="utf-8") + "rubirk: dubbel\n", encoding="utf-8")
    return case


def test_kontrollera_says_for_each_case_what_it_found_and_sums_up_errors_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One case with an error, one with a warning, one with nothing: a line each and one summary."""
    broken = _broken_case(tmp_path)
    warned = SAMPLES / "tjansteskrivelse-forskola-norrby.yaml"
    clean = SAMPLES / "tjansteskrivelse-upplands-bro-ekonomiskt-bistand.yaml"
    report = memo.validate(broken)

    assert main(["kontrollera", str(broken), str(warned), str(clean)]) == 1

    captured = capsys.readouterr()
    errors = len(report.errors)
    warnings = len(report.warnings)
    assert captured.out.splitlines() == [
        f"{warned}: inga fel, 1 varning",
        f"{clean}: inga fel",
        "3 ärenden kontrollerade: 1 med fel, 1 med varningar, 1 utan anmärkning",
    ]
    said = captured.err.splitlines()
    assert said[0].startswith(f"memo: {broken}, rad ") and "Okänd nyckel 'rubirk'" in captured.err
    assert f"{broken}: {errors} fel, {warnings} varning{'' if warnings == 1 else 'ar'}" in said  # after its errors
    assert said.index(f"{broken}: {errors} fel, {warnings} varning{'' if warnings == 1 else 'ar'}") > \
        max(index for index, line in enumerate(said) if line.startswith(f"memo: varning: {broken}"))
    assert "Traceback" not in captured.err
    assert not broken.with_suffix(".docx").exists()


def test_kontrollera_of_one_case_with_errors_ends_with_its_line(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "fel.yaml"
    bad.write_text("rubrik: Prov\nrubirk: dubbel\n", encoding="utf-8")
    assert main(["kontrollera", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == f"{bad}: {len(memo.validate(bad).errors)} fel"
    assert "rad 2" in captured.err


@pytest.mark.parametrize(("count", "summary"), [
    (1, "1 ärende kontrollerat: 1 med fel"),
    (2, "2 ärenden kontrollerade: 2 med fel"),
], ids=["singular", "plural"])
def test_kontrollera_of_a_folder_counts_its_cases_in_correct_swedish(
        count: int, summary: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ärenden"
    folder.mkdir()
    for index in range(count):
        _broken_case(folder).rename(folder / f"trasig{index}.yaml")
    assert main(["kontrollera", str(folder)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == summary
    assert _files(folder) == [f"trasig{index}.yaml" for index in range(count)]
