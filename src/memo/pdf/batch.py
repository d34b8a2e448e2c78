"""Many DOCX files to PDF through a few LibreOffice processes, one per core in use.

Starting LibreOffice takes one to two seconds; converting a memo once it runs takes about a
tenth of a second. So the files of a batch are split into at most one group per core, and
each group is given to one LibreOffice (``soffice --convert-to … a.docx b.docx …``), run
concurrently, each with a private temporary profile and temporary folder (``TMPDIR``), and
a time limit that grows with its number of files. LibreOffice converts into a private folder;
each PDF is checked (a PDF header and trailer, and tags when the export is tagged) and only then
moved into place atomically.

A file that LibreOffice cannot load costs its own PDF only: LibreOffice says so and goes on
with the next file (and still exits with 0, so the result is judged by the PDF each file got).
When a LibreOffice dies or runs out of time, the PDFs it finished are kept and each of its
other files is tried again in a LibreOffice of its own, so that one bad memo costs only its
own PDF. When LibreOffice cannot be started at all, every file of the batch is reported.

The whole step has one time bound: the limit of its largest group (:meth:`Conversion.limit`).
The files tried again share what is left of it, so a LibreOffice that hangs costs that bound and
no more. The LibreOffice processes are run from threads, never from the caller's thread: when the
caller is interrupted (Ctrl+C, or SIGTERM in the program ``memo``), every LibreOffice is killed
with the processes it started, none is started after, and their folders are removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, field
from pathlib import Path

from memo.errors import os_reason
from memo.pdf.office import PdfResult, complete_pdf, failed, full, no_room, remove_pipes, write_pdf
from memo.stopping import result_of

__all__ = ["EXTRA_FILE_TIMEOUT", "MIN_FILES_PER_PROCESS", "Conversion", "PdfResult", "Progress", "convert_all",
           "group_count"]

#: Seconds each file after the first adds to a LibreOffice's time limit (at most the limit for one file).
EXTRA_FILE_TIMEOUT = 30.0
#: A batch is split over several LibreOffice processes only when each gets at least this many files.
MIN_FILES_PER_PROCESS = 2
#: Called with how many files of the batch are finished and how many there are in all.
Progress = Callable[[int, int], None]
#: Seconds an interrupted batch waits for its threads to remove their LibreOffice folders.
_STOP_SECONDS = 3.0

_LOAD_FAILED = "source file could not be loaded"
#: Bytes LibreOffice needs in its temporary folder for its profile and a PDF; a failed conversion with less
#: room left there is put down to a full disk.
_ROOM_NEEDED = 64 * 1024 * 1024


@dataclass(frozen=True)
class Conversion:
    """How to convert: the LibreOffice program, its export filter, whether the PDF must be tagged, the limit."""

    soffice: Path
    export_filter: str
    tagged: bool
    timeout: float  # seconds for a LibreOffice given one file

    def limit(self, files: int) -> float:
        """The time limit of a LibreOffice given ``files`` files."""
        return self.timeout + (files - 1) * min(self.timeout, EXTRA_FILE_TIMEOUT)


@dataclass
class _Outcome:
    """What one LibreOffice made of its files (indexes into the batch)."""

    results: dict[int, PdfResult] = field(default_factory=dict)
    again: list[int] = field(default_factory=list)  # to be tried again one by one


class _Batch:
    """The shared state of one batch: the files, the progress count and the LibreOffice processes running."""

    def __init__(self, pairs: Sequence[tuple[Path, Path]], conversion: Conversion, progress: Progress | None) -> None:
        self.pairs = pairs
        self.conversion = conversion
        self.bound = conversion.timeout  # seconds the whole step may take (set by start_clock)
        self._deadline = float("inf")
        self._progress = progress
        self._done = 0
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    def start_clock(self, bound: float) -> None:
        """The whole step may take ``bound`` seconds from now."""
        self.bound = bound
        self._deadline = time.monotonic() + bound

    def remaining(self) -> float:
        """Seconds left of the step's time bound."""
        return self._deadline - time.monotonic()

    @property
    def stopped(self) -> bool:
        """Whether the batch was interrupted: no LibreOffice is started any more."""
        return self._stopped

    def advance(self, files: int = 1) -> None:
        if self._progress is None or files <= 0:
            return
        with self._lock:
            self._done = min(len(self.pairs), self._done + files)
            self._progress(self._done, len(self.pairs))

    def started(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.add(process)
            stopped = self._stopped
        if stopped:  # started while the batch was being stopped
            _kill(process)

    def ended(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.discard(process)

    def stop_all(self) -> None:
        """Stop every LibreOffice still running (when the batch is interrupted)."""
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for process in running:
            _kill(process)


def convert_all(pairs: Sequence[tuple[Path, Path]], conversion: Conversion, *, processes: int | None = None,
                progress: Progress | None = None) -> list[PdfResult]:
    """Convert each ``(docx, pdf)`` pair; return one result per pair, in order. Never raises for one file."""
    batch = _Batch(pairs, conversion, progress)
    results: dict[int, PdfResult] = {}
    todo: list[int] = []
    targets: dict[Path, int] = {}
    for index, (docx, pdf) in enumerate(pairs):
        earlier = targets.setdefault(Path(os.path.abspath(pdf)), index)
        if earlier != index:
            results[index] = failed(pairs[index], f"{pairs[earlier][0]} blir redan samma PDF.", pdf)
        elif not docx.is_file():
            results[index] = failed(pairs[index], "Word-dokumentet som ska bli PDF finns inte.", docx)
        else:
            todo.append(index)
    batch.advance(len(results))
    workers = max(1, processes if processes is not None else os.cpu_count() or 1)
    count = group_count(len(todo), workers)
    groups = [todo[start::count] for start in range(count) if todo[start::count]]
    batch.start_clock(conversion.limit(max((len(group) for group in groups), default=1)))
    again: list[int] = []
    for outcome in _each(groups, batch, workers):
        results.update(outcome.results)
        again.extend(outcome.again)
    for outcome in _each([[index] for index in sorted(again)], batch, workers):
        results.update(outcome.results)
    return [results[index] for index in range(len(pairs))]


def _each(groups: list[list[int]], batch: _Batch, workers: int) -> list[_Outcome]:
    """Convert the groups, each in a LibreOffice of its own, ``workers`` at a time, from threads.

    The caller's thread only waits (:func:`memo.stopping.result_of`), so that an interruption (Ctrl+C,
    SIGTERM) reaches it there and never halfway through starting a LibreOffice: then every LibreOffice
    is killed, none is started after, and the threads remove their folders (waited for up to
    :data:`_STOP_SECONDS`).
    """
    if not groups:
        return []
    pool = ThreadPoolExecutor(max_workers=min(max(1, workers), len(groups)), thread_name_prefix="memo-pdf")
    futures: list[Future[_Outcome]] = []
    try:
        for group in groups:
            futures.append(pool.submit(_convert_group, group, batch))
        outcomes = [result_of(future) for future in futures]
    except BaseException:
        batch.stop_all()
        pool.shutdown(wait=False, cancel_futures=True)
        wait_for(futures, timeout=_STOP_SECONDS)
        raise
    pool.shutdown()
    return outcomes


def _allfailed(group: list[int], batch: _Batch, message: str) -> _Outcome:
    """Every file of ``group`` failed for the same reason, before LibreOffice could work on them."""
    batch.advance(len(group))
    return _Outcome({index: failed(batch.pairs[index], message, batch.pairs[index][1]) for index in group})


def _convert_group(group: list[int], batch: _Batch) -> _Outcome:
    """One LibreOffice converts the files of ``group``; the PDFs it made are checked and written."""
    conversion, pairs = batch.conversion, batch.pairs
    outcome = _Outcome()
    if batch.stopped:
        return outcome
    try:
        folder = tempfile.TemporaryDirectory(prefix="memo-lo-")
    except OSError as exc:
        return _allfailed(group, batch, no_room() if full(exc) else
                           f"LibreOffice fick ingen temporär mapp ({os_reason(exc)}); PDF:en skrevs inte.")
    with folder as work:
        try:
            outdir = Path(work) / "ut"
            outdir.mkdir()
            (Path(work) / "tmp").mkdir()  # LibreOffice's own temporary files: removed with the folder, whatever happens
            sources = _sources(group, pairs, Path(work) / "in")
        except OSError as exc:
            return _allfailed(group, batch, no_room() if full(exc) else
                               f"Word-dokumentet kunde inte kopieras för LibreOffice: {os_reason(exc)}.")
        command = [str(conversion.soffice), f"-env:UserInstallation={(Path(work) / 'profil').as_uri()}",
                   "--headless", "--norestore", "--nolockcheck", "--convert-to", conversion.export_filter,
                   "--outdir", str(outdir), *(str(source) for source in sources)]
        temporary = str(Path(work) / "tmp")
        env = dict(os.environ, TMPDIR=temporary, TMP=temporary, TEMP=temporary)
        if sys.platform != "win32":
            env["HOME"] = work
        reader = _OutputReader(sources, batch)
        try:
            code = _run(command, env, min(conversion.limit(len(group)), batch.remaining()), reader, batch)
        except OSError as exc:
            return _allfailed(group, batch, f"LibreOffice gick inte att starta: {os_reason(exc)}.")
        finally:
            remove_pipes((Path(work) / "profil").as_uri())  # left by a LibreOffice that was killed
        if batch.stopped:
            return outcome
        finished = code == 0
        cramped = _cramped(work)
        for position, index in enumerate(group):
            produced = outdir / (sources[position].stem + ".pdf")
            data = produced.read_bytes() if produced.is_file() else b""
            if complete_pdf(data):
                outcome.results[index] = write_pdf(pairs[index], data, conversion.tagged)
            elif cramped:
                outcome.results[index] = failed(pairs[index], no_room(), pairs[index][1])
            elif len(group) > 1 and not finished:
                outcome.again.append(index)  # this LibreOffice died or ran out of time: try the file alone
                continue
            elif code is None:
                seconds = f"{batch.bound:g} sekund" + ("" if batch.bound == 1 else "er")
                outcome.results[index] = failed(pairs[index], f"LibreOffice blev inte klart inom {seconds}; "
                                                 "PDF:en skrevs inte.", pairs[index][1])
            elif not finished and not reader.said(position):
                outcome.results[index] = failed(pairs[index], f"LibreOffice avbröts (slutkod {code}) innan "
                                                 "PDF:en var klar.", pairs[index][0])
            else:
                said = reader.said(position)
                detail = f" (LibreOffice: {said})" if said else ""
                outcome.results[index] = failed(pairs[index], f"LibreOffice gjorde ingen PDF av dokumentet{detail}.",
                                                 pairs[index][0])
            reader.finished(position)
    return outcome


def _cramped(folder: str) -> bool:
    """Whether the disk of LibreOffice's temporary folder has too little room left for its work."""
    try:
        return shutil.disk_usage(folder).free < _ROOM_NEEDED
    except OSError:
        return False


def _sources(group: list[int], pairs: Sequence[tuple[Path, Path]], copies: Path) -> list[Path]:
    """The files to give LibreOffice: each DOCX, or a copy under another name when a file of the group
    has the same name (LibreOffice names each PDF after its DOCX, in one folder)."""
    sources: list[Path] = []
    names: set[str] = set()
    for index in group:
        docx = pairs[index][0].resolve()
        if docx.stem.casefold() in names:
            copies.mkdir(exist_ok=True)
            number = index
            while f"{docx.stem}~{number}".casefold() in names or (copies / f"{docx.stem}~{number}.docx").exists():
                number += len(pairs)
            copy = copies / f"{docx.stem}~{number}.docx"
            shutil.copyfile(docx, copy)
            docx = copy
        names.add(docx.stem.casefold())
        sources.append(docx)
    return sources


class _OutputReader:
    """Follows what LibreOffice prints while it works through its files, in order.

    It prints ``convert SOURCE -> TARGET …`` when it stores a file and ``Error: …`` when it cannot
    load one (or store it). A file is counted as finished when LibreOffice has moved on to the next.
    """

    def __init__(self, sources: list[Path], batch: _Batch) -> None:
        self._positions = {str(source): position for position, source in enumerate(sources)}
        self._batch = batch
        self._next = 0  # the file LibreOffice opens next
        self._current: int | None = None  # the file it is storing
        self._said: dict[int, str] = {}
        self._counted: set[int] = set()
        self.last: str = ""

    def line(self, text: str) -> None:
        if "javaldx" in text:
            return
        self.last = text
        if text.startswith("convert "):
            source = text[len("convert "):].split(" -> ", 1)[0]
            position = self._positions.get(source, self._next)
            self._begin(position)
            self._current = position
        elif text.startswith("Error:"):
            if _LOAD_FAILED in text or self._current is None:
                self._begin(self._next)
                self._said.setdefault(self._next - 1, text)
                self._current = None
            else:
                self._said.setdefault(self._current, text)

    def _begin(self, position: int) -> None:
        """LibreOffice has started on the file at ``position``: the ones before it are finished."""
        self._next = position + 1
        self.finished(*range(position))

    def finished(self, *positions: int) -> None:
        new = [position for position in positions if position not in self._counted]
        self._counted.update(new)
        self._batch.advance(len(new))

    def said(self, position: int) -> str:
        """What LibreOffice said about the file at ``position`` (with a single file: its last words)."""
        return self._said.get(position) or (self.last if len(self._positions) == 1 else "")


def _run(command: list[str], env: dict[str, str], limit: float, reader: _OutputReader,
         batch: _Batch) -> int | None:
    """Run LibreOffice in a process group of its own, passing each line it prints to ``reader``; stop the
    whole group after ``limit`` seconds. Return its exit code, or None when it ran out of time (or had none)."""
    if limit <= 0:
        return None
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=env, start_new_session=sys.platform != "win32")
    batch.started(process)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _kill(process)

    timer = threading.Timer(limit, expire)
    timer.daemon = True
    timer.start()
    try:
        assert process.stdout is not None
        with process.stdout:
            for raw in process.stdout:
                text = raw.decode("utf-8", "replace").strip()
                if text:
                    reader.line(text)
        process.wait()
    finally:
        timer.cancel()
        if process.poll() is None:
            _kill(process)
        batch.ended(process)
    return None if expired.is_set() else process.returncode


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and the processes it started (soffice.bin runs as a child of soffice)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    with contextlib.suppress(OSError):
        process.wait()


def group_count(files: int, processes: int) -> int:
    """How many LibreOffice processes a batch of ``files`` files uses when ``processes`` may run at once.

    >>> [group_count(n, 2) for n in (0, 1, 2, 3, 4, 20)]
    [1, 1, 1, 1, 2, 2]
    """
    return max(1, min(processes, files // MIN_FILES_PER_PROCESS))
