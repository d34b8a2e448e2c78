"""``memo --bevaka --pdf`` (issue 21, item 4): one LibreOffice kept warm writes a fresh tagged PDF after each save,
is restarted once when it hangs, and leaves no process, pipe or file behind."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import SEED_SAMPLE, pdf_text, require_real_client
from memo import cli
from memo import pdf as memo_pdf
from memo.cli.watch import watch
from memo.pdf import find_soffice
from memo.pdf import warm as memo_warm
from memo.pdf.office import _ipc_hash
from memo.pdf.warm import WarmConverter, uno_python

#: Seconds a test waits for what the watch says (LibreOffice's first start included, on a loaded machine).
TIMEOUT = 120.0


def _require_warm_office() -> None:
    """Skip without LibreOffice, poppler and a Python with uno, except in CI where they must be there."""
    require_real_client()
    soffice = find_soffice()
    if soffice is not None and uno_python(soffice) is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Ingen Python med uno (python3-uno) men CI=true: de verkliga klienttesterna får inte hoppas över.")
    pytest.skip("Ingen Python med uno (apt-get install -y python3-uno)")


def _save(path: Path, text: str) -> None:
    """Save as an editor does: a new file renamed over the old one."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _info(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdfinfo", *options, str(pdf)], capture_output=True, check=True, text=True).stdout


def _pipes_of(pid: int) -> list[Path]:
    """The named pipes a LibreOffice of memo's process ``pid`` made (in /tmp, whatever TMPDIR says)."""
    return sorted(Path("/tmp").glob(f"OSL_PIPE_*_memo-{pid}-*"))


def _office_processes(folder: Path) -> list[int]:
    """The processes whose command line names ``folder`` (the private LibreOffice's profile is in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if str(folder).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
    return found


@dataclass
class Watched:
    """A watch with --pdf of a copy of the seed, saved once with a new title; what it said and made."""

    said: list[str]
    first_pdf: bytes
    fresh_pdf: Path
    first_pdf_file: Path
    tmpdir: Path
    left_in_tmpdir: list[Path]
    pipes_left: list[Path]
    seconds_to_pdf: float
    offices_at_first_pdf: list[int]
    offices_at_fresh_pdf: list[int]


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    _require_warm_office()
    folder = tmp_path_factory.mktemp("bevaka-pdf")
    tmpdir = folder / "tmp"
    tmpdir.mkdir()
    case = folder / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    original = case.read_text(encoding="utf-8")
    target = folder / "pm.docx"
    said: queue.Queue[tuple[float, str]] = queue.Queue()
    stop = threading.Event()
    before, tempfile.tempdir = tempfile.tempdir, str(tmpdir)  # the watch's TMPDIR, to be left empty
    try:
        watcher = threading.Thread(target=watch, args=(case, target), daemon=True,
                                   kwargs={"say": lambda m: said.put((time.monotonic(), m)), "stop": stop.is_set,
                                           "pdf": True})
        watcher.start()
        messages: list[str] = []

        def until_pdf() -> float:
            while True:
                at, message = said.get(timeout=TIMEOUT)
                messages.append(message)
                assert not message.startswith("memo: Word"), message
                if message.startswith(f"klart: {target.with_suffix('.pdf')} ("):
                    return at

        until_pdf()
        offices_at_first = _office_processes(tmpdir)
        first = target.with_suffix(".pdf").read_bytes()
        saved = time.monotonic()
        _save(case, original.replace("rubrik: Utökat driftsstöd", "rubrik: Förlängt driftsstöd"))
        seconds = until_pdf() - saved
        offices_at_fresh = _office_processes(tmpdir)
        stop.set()
        watcher.join(TIMEOUT)
        assert not watcher.is_alive()
        first_file = folder / "först.pdf"
        first_file.write_bytes(first)
        yield Watched(messages, first, target.with_suffix(".pdf"), first_file, tmpdir, sorted(tmpdir.iterdir()),
                      _pipes_of(os.getpid()), seconds, offices_at_first, offices_at_fresh)
    finally:
        tempfile.tempdir = before


def test_the_watch_writes_a_fresh_pdf_after_a_save_whose_text_is_new(watched: Watched) -> None:
    assert "Utökat driftsstöd till IUC Industrihubb Örebro län" in pdf_text(watched.first_pdf_file)
    fresh = pdf_text(watched.fresh_pdf)
    assert "Förlängt driftsstöd till IUC Industrihubb Örebro län" in fresh and "Utökat driftsstöd" not in fresh
    docx_lines = [m for m in watched.said if m.startswith("klart:") and ".docx" in m]
    pdf_lines = [m for m in watched.said if m.startswith("klart:") and ".pdf" in m]
    assert len(docx_lines) == len(pdf_lines) == 2  # each memo written, then its PDF


def test_the_watchs_pdf_is_tagged_pdf_ua_with_the_memos_title(watched: Watched) -> None:
    info = _info(watched.fresh_pdf)
    assert re.search(r"^Tagged:\s*yes$", info, re.MULTILINE)
    assert "<pdfuaid:part>1</pdfuaid:part>" in _info(watched.fresh_pdf, "-meta")
    assert re.search(r"^Title:\s*Förlängt driftsstöd till IUC Industrihubb Örebro län$", info, re.MULTILINE)
    assert re.search(rb"/Lang\s*\(sv-SE\)", watched.fresh_pdf.read_bytes())


def test_the_end_of_the_watch_leaves_nothing_in_tmpdir_and_no_pipe(watched: Watched) -> None:
    assert watched.left_in_tmpdir == []
    assert watched.pipes_left == []
    assert sorted(p.name for p in watched.fresh_pdf.parent.iterdir()) == sorted(
        ["ärende.yaml", "pm.docx", "pm.pdf", "tmp", "först.pdf"])  # no temporary file beside the memo


def test_a_save_is_answered_by_the_same_warm_libreoffice(watched: Watched) -> None:
    """Not a timing test (the benchmark measures it): the LibreOffice that made the first PDF, still running, makes
    the one after the save; none is started per save."""
    assert watched.offices_at_first_pdf, "a LibreOffice runs while the watch does"
    assert watched.offices_at_fresh_pdf == watched.offices_at_first_pdf
    assert watched.seconds_to_pdf < 30


@pytest.fixture
def private_tmpdir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tmp"
    folder.mkdir()
    before, tempfile.tempdir = tempfile.tempdir, str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before


def test_a_hung_libreoffice_is_restarted_once_and_the_pdf_is_written(tmp_path: Path, private_tmpdir: Path) -> None:
    _require_warm_office()
    docx = tmp_path / "pm.docx"
    assert cli.main([str(SEED_SAMPLE), "-o", str(docx)]) == 0
    with WarmConverter(timeout=20) as converter:
        assert converter.export(docx).ok
        office = converter._office
        assert office is not None and office.office is not None
        os.killpg(office.office.pid, signal.SIGSTOP)  # LibreOffice and its bridge hang
        converter.timeout = 10  # for the hung one, and for the next one to start and convert
        started = time.monotonic()
        result = converter.export(docx, tmp_path / "igen.pdf")
        assert result.ok, result.error
        assert converter.starts == 2
        assert time.monotonic() - started >= 10
        assert _office_processes(office.folder) == []  # the hung one is gone
    assert "Utökat driftsstöd" in pdf_text(tmp_path / "igen.pdf")
    assert list(private_tmpdir.iterdir()) == []
    assert _pipes_of(os.getpid()) == []
    # The killed LibreOffice's single-instance pipe, named after its profile, is gone too.
    assert not (Path("/tmp") / f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{_ipc_hash(office.profile)}").exists()


def test_a_libreoffice_that_hangs_again_is_reported_after_one_restart(tmp_path: Path, private_tmpdir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _require_warm_office()
    docx = tmp_path / "pm.docx"
    assert cli.main([str(SEED_SAMPLE), "-o", str(docx)]) == 0
    (tmp_path / "pm.pdf").write_bytes(b"%PDF-1.7 den gamla\n%%EOF\n")
    log = tmp_path / "startade.txt"
    hanging = tmp_path / "soffice"  # as a LibreOffice that never answers, with files of its own in TMPDIR
    hanging.write_text(f'#!/bin/sh\necho "$$" >> "{log}"\nmkdir "$TMPDIR/lu$$.tmp" && : > "$TMPDIR/lu$$.tmp/x"\n'
                       "sleep 60\n", encoding="utf-8")
    hanging.chmod(hanging.stat().st_mode | stat.S_IXUSR)
    real = find_soffice()
    assert real is not None
    monkeypatch.setattr(memo_pdf, "find_soffice", lambda: hanging)
    monkeypatch.setitem(memo_warm._FOUND, hanging, uno_python(real))
    with WarmConverter(timeout=2) as converter:
        result = converter.export(docx)
    assert result.error is not None
    assert result.error.message == "LibreOffice blev inte klart inom 2 sekunder; PDF:en skrevs inte."
    assert len(log.read_text().split()) == 2  # started, and started once more
    assert (tmp_path / "pm.pdf").read_bytes() == b"%PDF-1.7 den gamla\n%%EOF\n"  # the old PDF is left as it was
    assert list(private_tmpdir.iterdir()) == []
    time.sleep(0.2)
    assert [pid for pid in map(int, log.read_text().split()) if Path(f"/proc/{pid}").exists()] == []


@pytest.mark.parametrize(("missing", "said"), [
    ("uno", "ingen Python med modulen uno hittades. Installera den (Debian och Ubuntu: apt-get install python3-uno"),
    ("libreoffice", "LibreOffice behövs för att göra PDF men hittades inte."),
], ids=["utan-uno", "utan-libreoffice"])
def test_bevaka_pdf_without_libreoffice_or_uno_says_so_at_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str], missing: str,
                                                               said: str) -> None:
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    if missing == "uno":
        monkeypatch.setattr(memo_warm, "uno_python", lambda soffice: None)
        monkeypatch.setattr(memo_pdf, "find_soffice", lambda: Path("/usr/bin/soffice"))
    else:
        monkeypatch.setattr(memo_pdf, "find_soffice", lambda: None)
    assert cli.main([str(case), "--bevaka", "--pdf"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert said in err and "Traceback" not in err
    assert err.splitlines()[-1][9:].startswith("memo: ")  # after the time of day
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ärende.yaml"]  # nothing written
