"""Stopping memo (issue 20, finding 3): Ctrl+C or SIGTERM in any mode ends every child process within 5 s,
leaves nothing in TMPDIR and no half-written file, keeps each memo written whole, says so in one Swedish line
and exits with 130 (SIGINT) or 143 (SIGTERM).

Each test runs the program in a process group of its own, with a TMPDIR of its own and a marker in its
environment (which its workers and LibreOffice inherit), and signals the whole group as a terminal or a
service manager does. LibreOffice is a shell script that hangs, as a LibreOffice that never finishes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

import memo
from conftest import SAMPLES
from memo import stopping

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="läser processerna i /proc")

#: The stop has to be over within this many seconds: memo gone, and every process it started.
STOP_SECONDS = 5.0
#: How long a test waits for memo to get where it is stopped (generous: the machine may be loaded).
START_SECONDS = 60.0
#: A case that renders without warnings, so that memo's stderr is the stop's line alone.
QUIET_SAMPLE = SAMPLES / "tjansteskrivelse-upplands-bro-ekonomiskt-bistand.yaml"

STOPS = [pytest.param(signal.SIGINT, 130, "memo: avbröts med Ctrl+C.", id="ctrl-c"),
         pytest.param(signal.SIGTERM, 143, "memo: avbröts av signalen SIGTERM.", id="sigterm")]
ENDING = " Filer som hann skrivas är hela, och inga halvfärdiga finns kvar."


@dataclass
class Run:
    """memo running in a process group of its own."""

    process: subprocess.Popen[str]
    marker: str
    tmpdir: Path
    soffice_log: Path


def _quiet_cases(folder: Path, count: int) -> list[Path]:
    """``count`` copies of a case without warnings, its profile named by absolute path."""
    folder.mkdir()
    profile = SAMPLES / "profiler" / "upplands-bro-socialnamnden"
    text = "".join(f"profil: {profile}\n" if line.startswith("profil:") else line
                   for line in QUIET_SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True))
    cases = [folder / f"ärende-{number:03}.yaml" for number in range(count)]
    for case in cases:
        case.write_text(text, encoding="utf-8")
    return cases


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Run]]:
    """Start ``memo ARGS`` with its own TMPDIR, a marker and a LibreOffice that hangs first on PATH (or, with
    ``real_office``, the real one)."""
    started: list[Run] = []

    def run(*args: str, real_office: bool = False) -> Run:
        tmpdir = tmp_path / "tmp"
        tmpdir.mkdir()
        tools = tmp_path / "program"
        tools.mkdir()
        log = tmp_path / "soffice-startade.txt"
        soffice = tools / "soffice"
        # As LibreOffice: a process that starts another, leaves files of its own in TMPDIR, and here never ends.
        soffice.write_text(f'#!/bin/sh\necho "$$" >> "{log}"\nmkdir "$TMPDIR/lu$$.tmp" && : > "$TMPDIR/lu$$.tmp/x"\n'
                           "sleep 60\n", encoding="utf-8")
        soffice.chmod(0o755)
        marker = f"memo-stopptest-{uuid.uuid4().hex}"
        env = {**os.environ, "TMPDIR": str(tmpdir), "MEMO_STOP_TEST": marker, "PYTHONFAULTHANDLER": "1",
               "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"}
        if real_office:
            env["PATH"] = os.environ.get("PATH", "")
        process = subprocess.Popen([sys.executable, "-m", "memo", *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
                                   start_new_session=True)
        started.append(Run(process, marker, tmpdir, log))
        _wait_for(lambda: _handles_sigterm(process.pid), "memo tar emot SIGTERM", process)
        return started[-1]

    yield run
    for left in started:  # a failed test leaves nothing running either
        for pid in _marked(left.marker):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if left.process.poll() is None:
            left.process.kill()
        left.process.communicate()


def _wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while not condition():
        assert process.poll() is None, f"memo avslutades innan: {what} ({process.returncode})"
        assert time.monotonic() < deadline, f"väntade förgäves: {what}"
        time.sleep(0.01)


def _handles_sigterm(pid: int) -> bool:
    """Whether the process has its own handler for SIGTERM (memo sets it first thing)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return False
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) & (1 << (signal.SIGTERM - 1)))


def _marked(marker: str) -> list[int]:
    """The processes whose environment carries ``marker``: memo, its workers, LibreOffice and what it started."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"MEMO_STOP_TEST={marker}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # ended meanwhile, or not ours
                continue
    return found


def _stop(run: Run, number: int) -> tuple[str, str]:
    """Signal memo's process group; check that memo and every process it started are gone within 5 s."""
    os.killpg(run.process.pid, number)
    stopped = time.monotonic()
    try:
        out, err = run.process.communicate(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        run.process.send_signal(signal.SIGABRT)  # the fault handler shows where each thread was
        pytest.fail(f"memo körde fortfarande {STOP_SECONDS:g} s efter signalen:\n{run.process.communicate()[1]}")
    while _marked(run.marker) and time.monotonic() - stopped < STOP_SECONDS:
        time.sleep(0.05)
    assert _marked(run.marker) == [], "processer som memo startade finns kvar"
    return out, err


def _check_stopped(run: Run, out_err: tuple[str, str], code: int, said: str, written: Path) -> list[Path]:
    """Exit code, one Swedish line, nothing in TMPDIR, and every file in ``written`` a whole DOCX; return them."""
    _, err = out_err
    assert run.process.returncode == code
    assert err.splitlines() == [said + ENDING], err
    assert list(run.tmpdir.iterdir()) == []
    files = sorted(written.iterdir())
    assert [path.name for path in files if path.suffix != ".docx"] == []  # no temporary file, no PDF
    for path in files:
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None
        assert docx.Document(str(path)).paragraphs
    return files


def _docx_in(folder: Path, at_least: int) -> Callable[[], bool]:
    return lambda: len(list(folder.glob("*.docx"))) >= at_least


@pytest.mark.parametrize(("number", "code", "said"), STOPS)
def test_a_stop_during_a_batch_ends_every_worker_and_keeps_the_memos_whole(
        start: Callable[..., Run], tmp_path: Path, number: int, code: int, said: str) -> None:
    """SIGTERM left the workers of a batch writing memos, then hanging; Ctrl+C printed a traceback."""
    cases = _quiet_cases(tmp_path / "ärenden", 120)  # enough for a process pool, and to be stopped halfway
    out = tmp_path / "ut"
    out.mkdir()
    run = start(str(tmp_path / "ärenden"), "-o", str(out))
    _wait_for(_docx_in(out, 3), "de första PM:en", run.process)
    stdout_stderr = _stop(run, number)
    written = _check_stopped(run, stdout_stderr, code, said, out)
    assert 3 <= len(written) < len(cases)
    time.sleep(0.3)
    assert sorted(out.iterdir()) == written  # nothing goes on writing


def test_a_worker_killed_from_outside_is_told_for_its_cases_without_a_traceback(
        start: Callable[..., Run], tmp_path: Path) -> None:
    """A worker of a batch ended by kill -9 (or by the system when memory runs out) gave a BrokenProcessPool
    traceback; now its cases are named, the rest of the batch is told as usual, and nothing half-written stays."""
    cases = _quiet_cases(tmp_path / "ärenden", 120)
    out = tmp_path / "ut"
    out.mkdir()
    run = start(str(tmp_path / "ärenden"), "-o", str(out))
    _wait_for(_docx_in(out, 3), "de första PM:en", run.process)
    workers = [pid for pid in _marked(run.marker) if pid != run.process.pid]
    assert workers, "a batch of 120 cases has worker processes"
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = run.process.communicate(timeout=START_SECONDS)
    assert run.process.returncode == 1
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr, stderr
    told = [line for line in stderr.splitlines() if "avslutades utifrån" in line]
    assert told and all(line.startswith(f"memo: {tmp_path / 'ärenden'}/ärende-") for line in told), stderr
    assert len(told) + len(stdout.splitlines()) == len(cases)  # every case told once: written, or not known
    assert _marked(run.marker) == []
    files = sorted(out.iterdir())
    assert [path.name for path in files if path.suffix != ".docx"] == []  # no temporary file left
    for path in files:
        assert docx.Document(str(path)).paragraphs
    assert {str(path) for path in files} >= set(stdout.splitlines())


@pytest.mark.parametrize(("number", "code", "said"), STOPS)
def test_a_stop_during_the_pdf_step_ends_libreoffice_and_removes_its_files(
        start: Callable[..., Run], tmp_path: Path, number: int, code: int, said: str) -> None:
    """Ctrl+C or SIGTERM during --pdf left LibreOffice's temporary files and profile folders in TMPDIR."""
    (case,) = _quiet_cases(tmp_path / "ärenden", 1)
    out = tmp_path / "ut"
    out.mkdir()
    run = start(str(case), "-o", str(out / "pm.docx"), "--pdf")
    _wait_for(lambda: any(run.tmpdir.glob("memo-lo-*/tmp/lu*.tmp/x")), "LibreOffice och dess egna filer",
              run.process)
    stdout_stderr = _stop(run, number)
    assert stdout_stderr[0].splitlines() == [str(out / "pm.docx")]
    assert [path.name for path in _check_stopped(run, stdout_stderr, code, said, out)] == ["pm.docx"]


@pytest.mark.parametrize(("number", "code", "said"), STOPS)
def test_a_stop_during_the_pdf_step_of_a_batch_ends_every_libreoffice(
        start: Callable[..., Run], tmp_path: Path, number: int, code: int, said: str) -> None:
    """A batch's PDFs are made by one LibreOffice per core, from threads: each is killed with what it started."""
    cases = _quiet_cases(tmp_path / "ärenden", 4)
    out = tmp_path / "ut"
    out.mkdir()
    run = start(str(tmp_path / "ärenden"), "-o", str(out), "--pdf")
    running = min(2, os.cpu_count() or 1)  # two files at least for each LibreOffice
    _wait_for(lambda: run.soffice_log.exists() and len(run.soffice_log.read_text().split()) >= running,
              "LibreOffice", run.process)
    stdout_stderr = _stop(run, number)
    written = _check_stopped(run, stdout_stderr, code, said, out)
    assert [path.stem for path in written] == [case.stem for case in cases]


@pytest.mark.parametrize(("number", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"])
def test_a_stop_ends_the_watch_with_one_line(start: Callable[..., Run], tmp_path: Path, number: int,
                                             code: int) -> None:
    (case,) = _quiet_cases(tmp_path / "ärenden", 1)
    target = tmp_path / "pm.docx"
    run = start("--bevaka", str(case), "-o", str(target))
    assert run.process.stdout is not None
    first = run.process.stdout.readline()
    assert first[9:].startswith(f"klart: {target} ("), first  # after the time of day
    _, err = _stop(run, number)
    assert run.process.returncode == code
    assert [line[9:] for line in err.splitlines()] == [f"Bevakar {case} (Ctrl+C avslutar).", "Bevakningen avslutad."]
    assert list(run.tmpdir.iterdir()) == []
    assert docx.Document(str(target)).paragraphs


@pytest.mark.parametrize(("number", "code", "moment"), [
    (signal.SIGINT, 130, "medan LibreOffice startar"), (signal.SIGTERM, 143, "när PDF:en är skriven")],
    ids=["ctrl-c-vid-start", "sigterm-efter-pdf"])
def test_a_stop_of_the_watch_with_pdf_ends_its_libreoffice_and_leaves_nothing(
        start: Callable[..., Run], tmp_path: Path, number: int, code: int, moment: str) -> None:
    """Issue 21, item 4: the warm LibreOffice of --bevaka --pdf, its bridge, profile, pipes and files go with it."""
    from test_watch_pdf import _pipes_of, _require_warm_office

    _require_warm_office()
    (case,) = _quiet_cases(tmp_path / "ärenden", 1)
    out = tmp_path / "ut"
    out.mkdir()
    run = start("--bevaka", "--pdf", str(case), "-o", str(out / "pm.docx"), real_office=True)
    assert run.process.stdout is not None
    first = run.process.stdout.readline()
    assert first[9:].startswith(f"klart: {out / 'pm.docx'} ("), first
    if moment == "när PDF:en är skriven":
        second = run.process.stdout.readline()
        assert second[9:].startswith(f"klart: {out / 'pm.pdf'} ("), second
    else:
        _wait_for(lambda: any(run.tmpdir.glob("memo-lo-varm-*/profil")), "LibreOffice:s profil", run.process)
    _, err = _stop(run, number)  # memo, LibreOffice and the bridge gone within 5 s
    assert run.process.returncode == code
    assert [line[9:] for line in err.splitlines()] == [f"Bevakar {case} (Ctrl+C avslutar).", "Bevakningen avslutad."]
    assert list(run.tmpdir.iterdir()) == []
    assert _pipes_of(run.process.pid) == []
    files = sorted(path.name for path in out.iterdir())
    assert files in (["pm.docx"], ["pm.docx", "pm.pdf"])  # no temporary file
    assert docx.Document(str(out / "pm.docx")).paragraphs
    if moment == "när PDF:en är skriven":
        assert files == ["pm.docx", "pm.pdf"]


@pytest.fixture
def handling_restored() -> Iterator[None]:
    """The test process's own signal handling, as it was before the test."""
    before = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        stopping.finish()
        for number, handler in before.items():
            signal.signal(number, handler)


@pytest.mark.usefixtures("handling_restored")
def test_a_stop_inside_a_deferred_block_waits_until_the_block_is_done() -> None:
    """Writing a file and moving it into place is never cut in half: the stop comes after, once."""
    stopping.install()
    steps = []
    with pytest.raises(stopping.Stopped) as caught, stopping.deferred():
        os.kill(os.getpid(), signal.SIGTERM)
        steps.append("efter signalen")
        with stopping.deferred():
            os.kill(os.getpid(), signal.SIGINT)  # a second signal: ignored, the first is the one
        steps.append("efter det inre blocket")
    assert steps == ["efter signalen", "efter det inre blocket"]
    assert (caught.value.signal, caught.value.code) == (signal.SIGTERM, 143)
    os.kill(os.getpid(), signal.SIGTERM)  # stopping already: every later signal is ignored
    stopping.finish()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_memo_as_a_library_changes_no_signal_handling(tmp_path: Path) -> None:
    before = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    memo.write(QUIET_SAMPLE, tmp_path / "pm.docx")
    assert {number: signal.getsignal(number) for number in before} == before
