"""The README's two set-up commands are the ones CI and a new machine run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_starts_with_two_commands_sample_then_tests() -> None:
    first, second = _commands()[:2]
    assert "pip install . " in first and "memo samples/" in first
    sample = first.split("memo ")[-1].strip()
    assert (ROOT / sample).is_file()
    assert second.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci
    assert "CI=true" in ci and "libreoffice-writer-nogui" in ci and "poppler-utils" in ci


def test_the_limits_in_the_readme_are_the_ones_memo_applies() -> None:
    """Each row of the README's limits table states the constant the code checks (written as Swedish numbers)."""
    from memo.profile import files, headertext
    from memo.read import source
    from memo.renderer import render as renderer
    from memo.swedish import tal
    from memo.word import inspection, package, picture

    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in readme.splitlines()
            if line.startswith("| ") and line.count("|") == 3}
    number = lambda value: tal(value).replace("\u00a0", " ")  # noqa: E731
    expected = {
        "ärende- eller profilfil": [f"{source.MAX_FILE_BYTES // 1_000_000} MB"],
        "punkter i en lista eller nycklar på en nivå": [number(source.MAX_ITEMS)],
        "värden i en fil": [number(source.MAX_NODES)],
        "nivåer": [number(source.MAX_DEPTH)],
        "utdata från mallarna": [number(renderer.MAX_OUTPUT_CHARS)],
        "arbete i en mall": [number(renderer.MAX_TEMPLATE_STEPS), f"{renderer.MAX_TEMPLATE_SECONDS:g} sekunder"],
        "värden som mallarna bygger under ett PM": [f"{renderer.MAX_TEMPLATE_MEMORY // 1_000_000} MB"],
        "en mallfil": [f"{number(renderer.MAX_TEMPLATE_FILE_BYTES // 1000)} kB"],
        "ett Word-dokument som memo läser (referensdokument, `granska`, en fil där PM:et ska skrivas)": [
            f"{package.MAX_FILE_BYTES // 1_000_000} MB", f"{package.MAX_PART_BYTES // 1_000_000} MB per del",
            f"{package.MAX_PACKAGE_BYTES // 1_000_000} MB i allt", f"{package.MAX_RATIO} gånger"],
        "XML i ett Word-dokument som memo tolkar (referensdokument, `granska`)": [
            f"{package.MAX_PARSED_BYTES // 1_000_000} MB per del",
            f"{package.MAX_PARSED_TOTAL_BYTES // 1_000_000} MB i allt",
            f"{number(inspection.MAX_ELEMENTS)} XML-element"],
        "en profils logotyp": [f"högst {files.MAX_LOGO_BYTES // 1_000_000} MB",
                               f"{number(picture.MAX_LOGO_PIXELS)} bildpunkter",
                               f"högst {picture.MAX_LOGO_SHAPE} gånger"],
        "ett värde i profilen som sidhuvudet visar": [f"högst {headertext.MAX_HEADER_CHARS} tecken",
                                                      f"högst {headertext.MAX_ADDRESS_LINES} rader"],
    }
    for row, wanted in expected.items():
        assert row in rows, row
        for text in wanted:
            assert text in rows[row], (row, text)


def _powershell(command: str) -> str:
    """A PowerShell command line as the POSIX shell writes it: ``;`` between steps, ``.venv\\Scripts`` for bin."""
    command = command.replace("py -3.11 ", "python3 ").replace("; ", " && ")
    command = re.sub(r"\.venv\\Scripts\\(\w+)", r".venv/bin/\1", command)
    return command.replace("samples\\", "samples/")


def test_the_windows_commands_are_the_same_two_steps_in_powershell() -> None:
    """The PowerShell block of each command does what the POSIX one does, step for step (CI has no Windows)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    windows = re.findall(r"```powershell\n(.+?)\n```", readme)
    assert [_powershell(command) for command in windows[:2]] == _commands()[:2]
    assert all("&&" not in command and "/" not in command.split("pip install")[0] for command in windows[:2])


def test_the_readme_table_of_language_checks_is_rules_table_row_for_row() -> None:
    """The whole table, so that a row written by hand beside the generated ones fails too."""
    from memo.language import rules_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("**Språkkontroller**", 1)[1].split("\n## ", 1)[0]
    table = rules_table()
    start = section.index(table.split("\n", 1)[0])
    rows = section[start:].split("\n\n", 1)[0].rstrip("\n")
    assert rows == table, "README:s tabell över språkkontroller ska vara rules_table(); kör python tools/readme_keys.py"


def test_the_readme_table_of_fault_ids_is_the_faults_table_row_for_row() -> None:
    """The whole table of ``rule`` ids, under the Python API, so that an id added by hand to the README fails too."""
    from memo.faults import faults_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python-API", 1)[1].split("\n## ", 1)[0]
    table = faults_table()
    start = section.index(table.split("\n", 1)[0])
    rows = section[start:].split("\n\n", 1)[0].rstrip("\n")
    assert rows == table, "README:s tabell över felens id ska vara faults_table(); kör python tools/readme_keys.py"


def test_memo_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    from memo.cli import SUBCOMMANDS, main

    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    for name, what, _ in SUBCOMMANDS:
        assert f"memo {name}" in shown and what in shown


def test_the_readme_command_block_names_every_subcommand_and_kind_of_memo() -> None:
    from memo.case.starter import DOCUMENT_TYPES
    from memo.cli import SUBCOMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Kommandot", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert all(re.search(rf"^memo {name}( |$)", block, re.MULTILINE) for name, _, _ in SUBCOMMANDS)
    from memo.kinds import file_kinds

    others = [kind.name for kind in file_kinds() if kind.marker is not None]
    assert f"memo ny ÄRENDE.yaml [--profil PROFIL] [--typ {'|'.join([*DOCUMENT_TYPES, *others])}]" in block
    assert f"memo schema [--profil PROFIL] [--typ {'|'.join(kind.name for kind in file_kinds())}]" in block


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python-API block, run as written, in a folder with the files it names."""
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Python-API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    shutil.copy(SAMPLES / "tjansteskrivelse-forskola-norrby.yaml", tmp_path / "ärende.yaml")
    (tmp_path / "mina-mallar").mkdir()
    shutil.copytree(ROOT / "src" / "memo" / "profiles" / "standard", tmp_path / "min-profil",
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    (tmp_path / "utdrag.yaml").write_text("protokollsutdrag: ärende.yaml\norgan: Kommunstyrelsen\n"
                                          "sammantradesdatum: 2026-10-05\nparagraf: 142\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "ärende.docx").is_file() and (tmp_path / "utdrag.docx").is_file()
