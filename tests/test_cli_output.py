"""Where the memo command's output goes: ``-o`` as a folder made when memo writes in it (and removed when no memo
reached it), and a reader that stops reading early (``memo schema | head -1``), which ends memo quietly."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import docx
import pytest

from conftest import SEED_SAMPLE, pdf_text, require_real_client
from memo.cli import main

TITLE = "Utökat driftsstöd till IUC Industrihubb Örebro län"


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def _cases(folder: Path, names: tuple[str, ...] = ("a", "b")) -> Path:
    folder.mkdir()
    for name in names:
        shutil.copy(SEED_SAMPLE, folder / f"{name}.yaml")
    return folder


def _broken_cases(folder: Path) -> Path:
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.yaml").write_text("rubrik: [ej stängd\n", encoding="utf-8")
    return folder


def _installed_memo() -> list[str]:
    """The ``memo`` command as pip installed it beside this Python (``python -m memo`` where there is none)."""
    command = Path(sys.executable).parent / ("memo.exe" if os.name == "nt" else "memo")
    return [str(command)] if command.is_file() else [sys.executable, "-m", "memo"]


def test_the_readme_batch_example_makes_the_missing_output_folder(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``memo ärenden/ -o ut/ --pdf`` as the README writes it, in a folder without ut/: every memo and PDF in it."""
    require_real_client()
    _cases(tmp_path / "ärenden")
    monkeypatch.chdir(tmp_path)

    assert main(["ärenden/", "-o", "ut/", "--pdf"]) == 0, capsys.readouterr().err

    assert _files(tmp_path / "ut") == ["a.docx", "a.pdf", "b.docx", "b.pdf"]
    assert docx.Document(str(tmp_path / "ut" / "b.docx")).paragraphs[0].text == TITLE
    assert "Dnr" in pdf_text(tmp_path / "ut" / "a.pdf") and "26RS5145" in pdf_text(tmp_path / "ut" / "a.pdf")


def test_several_cases_make_a_missing_output_folder_and_the_folders_above_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = _cases(tmp_path / "ärenden")
    out = tmp_path / "ut" / "2026" / "juni"

    assert main([str(cases / "a.yaml"), str(cases / "b.yaml"), "-o", str(out)]) == 0

    assert capsys.readouterr().out.splitlines() == [str(out / "a.docx"), str(out / "b.docx")]
    assert _files(tmp_path / "ut") == ["2026", "2026/juni", "2026/juni/a.docx", "2026/juni/b.docx"]
    assert docx.Document(str(out / "a.docx")).core_properties.identifier == "26RS5145"


def test_one_case_with_an_output_ending_in_a_slash_goes_into_that_folder(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)

    assert main([str(case), "-o", f"{tmp_path / 'ut'}/"]) == 0

    written = tmp_path / "ut" / "ärende.docx"
    assert capsys.readouterr().out.strip() == str(written)
    assert docx.Document(str(written)).paragraphs[0].text == TITLE


def test_a_folder_made_for_memos_none_of_which_was_written_is_removed(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    cases = _broken_cases(tmp_path / "ärenden")
    before = _files(tmp_path)

    assert main([str(cases), "-o", str(tmp_path / "ut" / "juni")]) == 1

    err = capsys.readouterr().err
    assert err.count("rad 1") == 2 and "Traceback" not in err
    assert _files(tmp_path) == before


def test_an_output_folder_that_was_there_stays_when_no_memo_is_written(tmp_path: Path) -> None:
    cases = _broken_cases(tmp_path / "ärenden")
    out = tmp_path / "ut"
    out.mkdir()
    assert main([str(cases), "-o", str(out)]) == 1
    assert out.is_dir() and _files(out) == []


def test_a_folder_made_for_a_batch_keeps_the_memos_that_were_written(tmp_path: Path) -> None:
    cases = _cases(tmp_path / "ärenden", ("a",))
    (cases / "b.yaml").write_text("rubrik: [ej stängd\n", encoding="utf-8")
    assert main([str(cases), "-o", str(tmp_path / "ut")]) == 1
    assert _files(tmp_path / "ut") == ["a.docx"]
    assert docx.Document(str(tmp_path / "ut" / "a.docx")).paragraphs[0].text == TITLE


def test_no_output_folder_is_made_for_wrong_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two cases that would write the same memo, and two cases with -o naming a document: exit 2, no folder."""
    for folder in ("a", "b"):
        _cases(tmp_path / folder, ("pm",))
    assert main([str(tmp_path / "a" / "pm.yaml"), str(tmp_path / "b" / "pm.yaml"), "-o", str(tmp_path / "ut")]) == 2
    assert "båda" in capsys.readouterr().err
    assert main([str(tmp_path / "a" / "pm.yaml"), str(tmp_path / "b" / "pm.yaml"), "-o",
                 str(tmp_path / "pm.docx")]) == 2
    assert "memo: fel: med flera ärenden ska -o vara en mapp, inte ett dokument" in capsys.readouterr().err
    assert _files(tmp_path) == ["a", "a/pm.yaml", "b", "b/pm.yaml"]


def test_an_output_folder_ending_in_a_slash_that_is_a_file_is_wrong_usage(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    (tmp_path / "ut").write_text("en fil\n", encoding="utf-8")
    assert main([str(case), "-o", f"{tmp_path / 'ut'}/"]) == 2
    assert f"memo: fel: -o {tmp_path / 'ut'}/ slutar med / och är en mapp, men {tmp_path / 'ut'} är en fil." \
        in capsys.readouterr().err
    assert (tmp_path / "ut").read_text(encoding="utf-8") == "en fil\n"
    assert not case.with_suffix(".docx").exists()


@pytest.mark.skipif(os.name != "posix", reason="a file in the way of a folder reads differently on Windows")
def test_an_output_folder_that_cannot_be_made_is_one_swedish_line(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cases = _cases(tmp_path / "ärenden")
    (tmp_path / "fil").write_text("", encoding="utf-8")
    out = tmp_path / "fil" / "ut"
    assert main([str(cases), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"memo: {out}: Mappen för PM:en kunde inte skapas: ") and err.count("\n") == 1
    assert _files(tmp_path) == ["fil", "ärenden", "ärenden/a.yaml", "ärenden/b.yaml"]
