"""A reader that stops reading memo's output early (``memo schema | head -1``): memo ends quietly, as Python's
documentation says a program should, with one exit code for every command that prints."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import SAMPLES, SEED_SAMPLE
from memo.cli import CLOSED_PIPE

TITLE = "Utökat driftsstöd till IUC Industrihubb Örebro län"


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def _installed_memo() -> list[str]:
    """The ``memo`` command as pip installed it beside this Python (``python -m memo`` where there is none)."""
    command = Path(sys.executable).parent / ("memo.exe" if os.name == "nt" else "memo")
    return [str(command)] if command.is_file() else [sys.executable, "-m", "memo"]


def _cases(folder: Path) -> Path:
    folder.mkdir()
    for name in ("a", "b"):
        shutil.copy(SEED_SAMPLE, folder / f"{name}.yaml")
    return folder


def test_memo_schema_read_one_line_then_closed_ends_quietly(tmp_path: Path) -> None:
    """``memo schema | head -1``: a real pipe, one line read, then closed while memo is still writing."""
    child = subprocess.Popen([*_installed_memo(), "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             cwd=tmp_path)
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()
    with child.stderr:
        err = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=120) == CLOSED_PIPE
    assert first == b"{\n"
    assert err == ""
    assert _files(tmp_path) == []


def _with_closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed memo with its standard output a pipe whose reader has gone before memo writes."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([*_installed_memo(), *args], stdout=write, stderr=subprocess.PIPE, cwd=cwd, text=True,
                              check=False, timeout=300)
    finally:
        os.close(write)


def _word_document(path: Path) -> Path:
    """A Word document from python-docx, not from memo, for granska and profil ny."""
    document = docx.Document()
    document.core_properties.title = "Prov"
    document.add_paragraph("Text.")
    document.save(str(path))
    return path


#: Each command that prints on standard output, with the arguments it gets here and its exit code when its output is
#: read to the end.
PRINTING = {
    "schema": (["schema"], 0),
    "kontrollera": (["kontrollera", str(SAMPLES / "tjansteskrivelse-upplands-bro-ekonomiskt-bistand.yaml")], 0),
    "granska": (["granska", "dokument.docx"], 1),  # python-docx's document has no language set: a finding
    "profil lista": (["profil", "lista"], 0),
    "profil ny": (["profil", "ny", "{profile}", "--från", "dokument.docx"], 0),
    "ny": (["ny", "{new}"], 0),
    "batch": (["ärenden"], 0),
    "help": (["--help"], 0),
    "version": (["--version"], 0),
}


@pytest.mark.parametrize("command", list(PRINTING))
def test_every_command_that_prints_ends_quietly_with_one_code_when_its_reader_has_gone(command: str,
                                                                                       tmp_path: Path) -> None:
    """The same command read to the end, then with a reader that went away: no traceback, no word on the
    pipe, exit code CLOSED_PIPE whatever the command, and the memos it was making whole."""
    arguments, read_to_the_end = PRINTING[command]
    _cases(tmp_path / "ärenden")
    _word_document(tmp_path / "dokument.docx")

    def named(run: str) -> list[str]:
        return [argument.format(profile=f"profil-{run}", new=f"ny-{run}.yaml") for argument in arguments]

    opened = subprocess.run([*_installed_memo(), *named("läst")], capture_output=True, text=True, cwd=tmp_path,
                            check=False, timeout=300)
    assert opened.returncode == read_to_the_end, opened.stderr
    assert opened.stdout
    for docx_file in (tmp_path / "ärenden").glob("*.docx"):
        docx_file.unlink()

    closed = _with_closed_pipe(named("stängd"), tmp_path)

    assert closed.returncode == CLOSED_PIPE
    for said in ("Traceback", "BrokenPipe", "Exception ignored", "Errno"):
        assert said not in closed.stderr
    assert sorted(line for line in closed.stderr.splitlines() if not line.startswith("memo: varning: ")) == \
        sorted(line for line in opened.stderr.splitlines() if not line.startswith("memo: varning: "))
    if command == "batch":  # memo stopped where its reader did: the memos written so far, each one whole
        written = _files(tmp_path / "ärenden")
        assert written in (["a.docx", "a.yaml", "b.yaml"], ["a.docx", "a.yaml", "b.docx", "b.yaml"])
        assert all(docx.Document(str(path)).paragraphs[0].text == TITLE
                   for path in (tmp_path / "ärenden").glob("*.docx"))
