"""The memo command's subcommands: one table (memo.cli.SUBCOMMANDS), a misspelt one refused with "Menade du …?"
and nothing written, a case named like anything still a case, memo profil's own help, memo profil lista, and
kontrollera's line per case and summary."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

import memo
from conftest import SAMPLES, SEED_SAMPLE
from memo.cli import SUBCOMMANDS, main
from memo.cli.subcommands import words
from memo.profile.load import available_profiles


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def _misspelt(word: str) -> str:
    """The word with its last letter dropped, as a hurried hand types it ("kontroller", "n")."""
    return word[:-1]


def _installed_memo() -> list[str]:
    """The ``memo`` command as pip installed it beside this Python (``python -m memo`` where there is none)."""
    command = Path(sys.executable).parent / ("memo.exe" if os.name == "nt" else "memo")
    return [str(command)] if command.is_file() else [sys.executable, "-m", "memo"]


@pytest.mark.parametrize("word", words())
def test_a_misspelt_subcommand_is_refused_with_menade_du_and_nothing_is_written(
        word: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Every first word of the table, misspelt, before a case that exists: the case is not made into a memo."""
    shutil.copy(SEED_SAMPLE, tmp_path / "x.yaml")
    monkeypatch.chdir(tmp_path)
    before = _files(tmp_path)

    assert main([_misspelt(word), "x.yaml"]) == 2

    err = capsys.readouterr().err
    meant = f"memo {word}"
    assert f"memo: fel: '{_misspelt(word)}' är inget kommando, och ingen fil eller mapp heter så. " \
           f"Menade du '{meant}'?" in err
    assert "Traceback" not in err
    assert _files(tmp_path) == before


@pytest.mark.parametrize("options", [["--skriv-over"], ["--profil", "standard"], ["-o", "ut.docx"]],
                         ids=["flagga", "profil", "utfil"])
def test_a_misspelt_subcommand_after_options_is_refused_too(options: list[str], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """"memo --skriv-over kontrolera a.yaml" wrote a.docx: the options hid the misspelt word."""
    shutil.copy(SEED_SAMPLE, tmp_path / "x.yaml")
    monkeypatch.chdir(tmp_path)
    before = _files(tmp_path)
    assert main([*options, "kontrolera", "x.yaml"]) == 2
    assert "Menade du 'memo kontrollera'?" in capsys.readouterr().err
    assert _files(tmp_path) == before


def test_the_readme_example_of_a_misspelt_subcommand_is_what_memo_says(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed command, in a process of its own: exit 2, the README's line on stderr, no memo."""
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("$ memo kontrolera ärende.yaml\n", 1)[1].split("\n```", 1)[0]
    shutil.copy(SEED_SAMPLE, tmp_path / "ärende.yaml")
    done = subprocess.run([*_installed_memo(), "kontrolera", "ärende.yaml"], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 2
    assert done.stderr == example + "\n"
    assert done.stdout == ""
    assert _files(tmp_path) == ["ärende.yaml"]


def test_a_misspelt_command_of_a_group_gets_the_group_and_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profl", "lsta"]) == 2
    assert "Menade du 'memo profil lista'?" in capsys.readouterr().err


def test_a_case_named_like_a_misspelt_subcommand_is_a_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A file 'kontrolera' (no ending) exists: it is the case, and its memo is written beside it."""
    shutil.copy(SEED_SAMPLE, tmp_path / "kontrolera")
    monkeypatch.chdir(tmp_path)

    assert main(["kontrolera"]) == 0, capsys.readouterr().err

    assert capsys.readouterr().out.strip() == "kontrolera.docx"
    assert docx.Document(str(tmp_path / "kontrolera.docx")).core_properties.identifier == "26RS5145"


def test_a_yaml_name_like_a_subcommand_is_a_case_even_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """'schem.yaml' that is not there: the message is the case's (no such file), not a "Menade du"."""
    monkeypatch.chdir(tmp_path)
    assert main(["schem.yaml"]) == 1
    err = capsys.readouterr().err
    assert "schem.yaml: Filen finns inte" in err and "Menade du" not in err
    assert _files(tmp_path) == []


def test_a_folder_named_like_a_group_is_a_folder_of_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """'memo profil' where profil/ is the user's folder of cases: its memos are written."""
    (tmp_path / "profil").mkdir()
    shutil.copy(SEED_SAMPLE, tmp_path / "profil" / "pm.yaml")
    monkeypatch.chdir(tmp_path)

    assert main(["profil"]) == 0, capsys.readouterr().err

    assert docx.Document(str(tmp_path / "profil" / "pm.docx")).core_properties.identifier == "26RS5145"


def test_a_word_like_no_subcommand_is_read_as_a_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["budget"]) == 1
    err = capsys.readouterr().err
    assert "budget: Filen finns inte" in err and "Menade du" not in err


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_profil_help_is_the_groups_own_and_lists_its_commands_from_the_table(
        flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profil", flag]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Användning: memo profil ")
    shown = {line.split("  ")[1].strip(): line.rsplit("  ", 1)[1] for line in out.splitlines()
             if line.startswith("  memo profil ")}
    assert shown == {f"memo {name}": what for name, what, _ in SUBCOMMANDS if name.startswith("profil ")}
    assert "ÄRENDE.yaml" not in out  # not the top-level help


def test_profil_alone_says_what_it_needs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["profil"])
    assert stopped.value.code == 2
    assert "memo: fel: ange vad memo profil ska göra: ny eller lista" in capsys.readouterr().err


@pytest.mark.parametrize(("typed", "said"), [
    ("lsta", "Menade du 'memo profil lista'?"),
    ("nya", "Menade du 'memo profil ny'?"),
    ("radera", "Välj memo profil ny eller memo profil lista."),
], ids=["lista", "ny", "none-close"])
def test_a_misspelt_profil_command_is_refused_with_a_hint(typed: str, said: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["profil", typed])
    assert stopped.value.code == 2
    assert f"memo: fel: 'memo profil {typed}' är inget kommando. {said}" in capsys.readouterr().err


def test_memo_help_lists_the_table_in_its_order(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    listed = re.findall(r"^  memo (.+?) {2,}(.+)$", out, re.MULTILINE)
    assert listed == [(name, what) for name, what, _ in SUBCOMMANDS]


def test_profil_lista_shows_every_shipped_profile_with_its_organisation_and_how_to_use_one(
        tmp_path: Path) -> None:
    """In a process of its own, as a handläggare runs it; then the name it shows is used with --profil."""
    done = subprocess.run([*_installed_memo(), "profil", "lista"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "Inbyggda profiler:"
    for name in available_profiles():
        profile = memo.load_profile(name)
        row = next(line for line in lines if line.startswith(f"  {name} "))
        assert f"{profile.organisation}, {profile.dokumenttyp}" in row
        assert ("exempelprofil" in row) == profile.exempelprofil
    assert len([line for line in lines if line.startswith("  ")]) == len(available_profiles())
    usage = next(line for line in lines if line.startswith("Välj en med --profil"))
    shown = re.search(r"--profil (\S+)\)", usage)
    assert shown is not None and shown[1] in available_profiles()
    assert "memo profil ny" in done.stdout

    case = tmp_path / "ärende.yaml"
    shutil.copy(SAMPLES / "tjansteskrivelse-forskola-norrby.yaml", case)
    assert main([str(case), "--profil", shown[1]]) == 0
    header = docx.Document(str(case.with_suffix(".docx"))).sections[0].header
    texts = [p.text for p in header.paragraphs] + [c.text for t in header.tables for r in t.rows for c in r.cells]
    assert memo.load_profile(shown[1]).organisation in "\n".join(texts)
