"""The memo command: writes beside the case, prints the path, exit codes 0/1/2, Swedish help."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import SEED_SAMPLE
from memo.cli import main


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    target = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, target)
    return target


def test_writes_the_docx_beside_the_case_and_prints_its_path(case_file: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(case_file)]) == 0
    written = case_file.with_suffix(".docx")
    assert capsys.readouterr().out.strip() == str(written)
    assert docx.Document(str(written)).paragraphs[0].text == "Utökat driftsstöd till IUC Industrihubb Örebro län"


def test_output_option_chooses_the_file(case_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "ut" / "pm.docx"
    target.parent.mkdir()
    assert main([str(case_file), "-o", str(target)]) == 0
    assert "Dnr: 26RS5145" in "".join(c.text for t in docx.Document(str(target)).sections[0].header.tables
                                      for r in t.rows for c in r.cells)


def test_profile_option_overrides_the_case_profile(case_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "pm.docx"
    assert main([str(case_file), "--profil", "standard", "-o", str(target)]) == 0
    header = docx.Document(str(target)).sections[0].header
    assert "Organisationen" in "\n".join(p.text for p in header.paragraphs)


def test_template_option_overrides_a_section(case_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "uppfoljning.xml.j2").write_text("<h1>Uppföljning och återrapportering</h1>{{ arende.uppfoljning }}",
                                               encoding="utf-8")
    target = tmp_path / "pm.docx"
    assert main([str(case_file), "--mallar", str(folder), "-o", str(target)]) == 0
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "Uppföljning och återrapportering" in texts


def test_a_problem_in_the_case_exits_with_one_and_a_swedish_message(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "fel.yaml"
    bad.write_text("rubrik: Prov\nrubirk: dubbel\n", encoding="utf-8")
    assert main([str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Okänd nyckel 'rubirk'" in err and "Menade du 'rubrik'?" in err
    assert "rad 2" in err
    assert "Traceback" not in err
    assert not bad.with_suffix(".docx").exists()


def test_wrong_usage_exits_with_two_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Användning: memo" in err and "argument saknas" in err


def test_help_is_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "Användning:" in out and "flaggor" in out and "visa den här hjälpen" in out


def test_runs_as_a_module_in_a_real_process(case_file: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "memo", str(case_file)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    data = case_file.with_suffix(".docx").read_bytes()
    assert docx.Document(io.BytesIO(data)).core_properties.title.startswith("Utökat driftsstöd")


def test_a_folder_is_rendered_as_a_batch_and_a_bad_case_does_not_stop_the_others(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ärenden"
    folder.mkdir()
    for index in range(10):
        shutil.copy(SEED_SAMPLE, folder / f"pm{index:02}.yaml")
    (folder / "trasig.yaml").write_text("rubrik: [\n", encoding="utf-8")
    out = tmp_path / "ut"
    out.mkdir()
    assert main([str(folder), "-o", str(out)]) == 1
    written = sorted(p.name for p in out.iterdir())
    assert written == [f"pm{index:02}.docx" for index in range(10)]
    assert docx.Document(str(out / "pm07.docx")).core_properties.identifier == "26RS5145"
    err = capsys.readouterr().err
    assert "trasig.yaml" in err and "Traceback" not in err


def test_editor_files_in_a_case_folder_are_not_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Emacs's lock link, macOS's resource fork on a shared drive, LibreOffice's and Word's lock files beside a case."""
    folder = tmp_path / "ärenden"
    folder.mkdir()
    shutil.copy(SEED_SAMPLE, folder / "pm.yaml")
    (folder / ".#pm.yaml").symlink_to("anna@dator.12345:1700000000")  # dangling, as Emacs makes it
    (folder / "._pm.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    (folder / ".~lock.pm.yaml#").write_text(",anna,dator,2026-12-06T10:00:00,file:///;", encoding="utf-8")
    (folder / "~$pm.yaml").write_bytes(b"\x05anna")
    (folder / "mapp.yaml").mkdir()  # a folder named like a case is not one either
    out = tmp_path / "ut"
    out.mkdir()

    assert main([str(folder), "-o", str(out)]) == 0, capsys.readouterr().err

    assert sorted(p.name for p in out.iterdir()) == ["pm.docx"]
    assert capsys.readouterr().err.count("memo: fel") == 0


def test_several_cases_with_an_output_file_instead_of_a_folder_is_wrong_usage(case_file: Path,
                                                                              tmp_path: Path) -> None:
    other = tmp_path / "andra.yaml"
    shutil.copy(SEED_SAMPLE, other)
    assert main([str(case_file), str(other), "-o", str(tmp_path / "pm.docx")]) == 2


def test_two_cases_that_would_write_the_same_file_are_refused(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED_SAMPLE, tmp_path / folder / "pm.yaml")
    out = tmp_path / "ut"
    out.mkdir()
    assert main([str(tmp_path / "a" / "pm.yaml"), str(tmp_path / "b" / "pm.yaml"), "-o", str(out)]) == 2
    assert "båda" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_profile_folder_on_the_command_line_is_relative_to_the_current_folder(
        case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "här"
    (here / "minprofil").mkdir(parents=True)
    standard = memo_profile_folder("standard")
    shutil.copy(standard / "referens.docx", here / "minprofil" / "referens.docx")
    (here / "minprofil" / "profil.yaml").write_text("namn: Min kommun\n", encoding="utf-8")
    monkeypatch.chdir(here)
    target = tmp_path / "pm.docx"
    assert main([str(case_file), "--profil", "./minprofil", "-o", str(target)]) == 0
    assert "Min kommun" in "\n".join(p.text for p in docx.Document(str(target)).sections[0].header.paragraphs)


def memo_profile_folder(name: str) -> Path:
    import memo

    return memo.load_profile(name).folder


@pytest.mark.skipif(os.name != "posix", reason="closes the output descriptor with the shell")
def test_the_program_runs_with_its_output_closed(tmp_path: Path) -> None:
    case = tmp_path / "pm.yaml"
    shutil.copy(SEED_SAMPLE, case)
    done = subprocess.run(["sh", "-c", f'"{sys.executable}" -m memo "{case}" >&-'], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert all(line.startswith("memo: varning: ") for line in done.stderr.splitlines())  # the language checks
    assert "Traceback" not in done.stderr
    assert docx.Document(str(case.with_suffix(".docx"))).paragraphs


@pytest.mark.skipif(os.name != "posix", reason="closes the error descriptor with the shell")
def test_a_batch_runs_with_its_error_output_closed(tmp_path: Path) -> None:
    folder = tmp_path / "ärenden"
    folder.mkdir()
    for index in range(2):
        shutil.copy(SEED_SAMPLE, folder / f"pm{index}.yaml")
    done = subprocess.run(["sh", "-c", f'"{sys.executable}" -m memo "{folder}" 2>&-'], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout
    assert sorted(p.name for p in folder.glob("*.docx")) == ["pm0.docx", "pm1.docx"]


def test_the_program_ends_with_its_exit_code_and_all_its_output_through_pipes(tmp_path: Path) -> None:
    cases = []
    for index in range(3):
        case = tmp_path / f"pm{index}.yaml"
        shutil.copy(SEED_SAMPLE, case)
        cases.append(case)
    bad = tmp_path / "trasig.yaml"
    bad.write_text("rubrik: [ej stängd\n", encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "memo", *map(str, cases)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == [str(c.with_suffix(".docx")) for c in cases]
    assert all(docx.Document(str(c.with_suffix(".docx"))).paragraphs for c in cases)
    failed = subprocess.run([sys.executable, "-m", "memo", str(bad)], capture_output=True, text=True, check=False)
    assert failed.returncode == 1
    assert "trasig.yaml, rad 1" in failed.stderr and "Traceback" not in failed.stderr
    assert not bad.with_suffix(".docx").exists()
