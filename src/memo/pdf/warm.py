"""One LibreOffice kept warm: a tagged PDF in a tenth of a second instead of a LibreOffice started per PDF.

``memo --bevaka --pdf`` writes the PDF again after each save. Starting LibreOffice costs one to two
seconds; converting a memo once it runs, about a tenth of one. So :class:`WarmConverter` starts one
LibreOffice that listens on a private named pipe (``--accept=pipe,name=…;urp;``) and drives it through
UNO, LibreOffice's own interface, from :mod:`memo.pdf.unobridge`: a small script run by a Python that
has LibreOffice's ``uno`` module (LibreOffice's own Python on Windows and macOS, Debian's python3-uno
for the system's ``/usr/bin/python3``), since memo's Python usually cannot import it.

(A second ``soffice --convert-to`` with the same profile is handed to the LibreOffice already running,
and converts in 0.2 s, but that LibreOffice then ends: it would have to be started again after each PDF.)

Every PDF is exported with :data:`memo.pdf.TAGGED_PDF_OPTIONS` into the private folder, checked (a
whole PDF with tags) and moved into place atomically (:func:`memo.pdf.office.write_pdf`), with the
same messages as :func:`memo.pdf.export_pdfs`. The LibreOffice is private: its profile, its
temporary files and its output live in a folder of its own under TMPDIR, its pipe has a random
name, and it runs in a process group of its own with the bridge, so that a terminal's Ctrl+C
reaches memo only. :meth:`WarmConverter.close` (at the end of the watch, and when it is stopped)
asks it to end, kills the group after a second, removes the pipes LibreOffice makes in ``/tmp``
(which a killed LibreOffice leaves behind) and the folder. A conversion that takes longer than
its limit (a hang) kills it and tries once more in a new one; a second failure is reported.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

import memo.pdf
from memo.errors import Location, OutputError, os_reason
from memo.pdf.office import PdfResult, complete_pdf, full, no_room, remove_pipes, write_pdf
from memo.stopping import deferred

__all__ = ["BRIDGE", "WarmConverter", "uno_python"]

#: The script that talks to LibreOffice, run by a Python that has ``uno``.
BRIDGE = Path(__file__).with_name("unobridge.py")
#: Seconds a LibreOffice asked to end (when the watch ends) has before it is killed.
_END_SECONDS = 1.0
#: How often the main thread, waiting for LibreOffice, looks for a stop (as :func:`memo.stopping.result_of`).
_LOOK_SECONDS = 0.1
#: The Pythons found with ``uno``, by LibreOffice program (looked for once per process).
_FOUND: dict[Path, Path | None] = {}


def uno_python(soffice: Path) -> Path | None:
    """A Python that can import LibreOffice's ``uno``: LibreOffice's own (Windows, macOS), else the system's
    ``python3`` (Debian's python3-uno); None when there is none."""
    if soffice in _FOUND:
        return _FOUND[soffice]
    program = soffice.resolve().parent
    which = shutil.which("python3")
    candidates = [program / "python.exe", program / "python", program.parent / "Resources" / "python",
                  Path("/usr/bin/python3"), *([Path(which)] if which else [])]
    found = None
    for candidate in dict.fromkeys(candidates):
        if not candidate.is_file():
            continue
        try:
            tried = subprocess.run([str(candidate), "-s", "-B", "-c", "import uno"], stdin=subprocess.DEVNULL,
                                   capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if tried.returncode == 0:
            found = candidate
            break
    _FOUND[soffice] = found
    return found


def _missing(what: str) -> OutputError:
    return OutputError(what, Location())


class _Office:
    """One running LibreOffice and its bridge, with their private folder and pipe."""

    def __init__(self, soffice: Path, python: Path) -> None:
        try:
            self.folder = Path(tempfile.mkdtemp(prefix="memo-lo-varm-"))
        except OSError as exc:
            raise _missing(no_room() if full(exc) else
                           f"LibreOffice fick ingen temporär mapp ({os_reason(exc)}); PDF:en skrevs inte.") from None
        self.pipe = f"memo-{os.getpid()}-{os.urandom(8).hex()}"
        self.profile = (self.folder / "profil").as_uri()
        self.out = self.folder / "ut"
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.office: subprocess.Popen[bytes] | None = None
        self.bridge: subprocess.Popen[str] | None = None
        self.count = 0
        self.connected = False
        temporary = self.folder / "tmp"  # LibreOffice's own temporary files: removed with the folder
        try:
            self.out.mkdir()
            temporary.mkdir()
        except OSError as exc:
            self.close(gently=False)
            raise _missing(no_room() if full(exc) else
                           f"LibreOffice fick ingen temporär mapp ({os_reason(exc)}); PDF:en skrevs inte.") from None
        env = dict(os.environ, TMPDIR=str(temporary), TMP=str(temporary), TEMP=str(temporary))
        if sys.platform != "win32":
            env["HOME"] = str(self.folder)
        command = [str(soffice), f"-env:UserInstallation={self.profile}", "--headless", "--invisible", "--norestore",
                   "--nologo", "--nodefault", "--nolockcheck", f"--accept=pipe,name={self.pipe};urp;"]
        try:
            with deferred():  # both started and known before a stop is let through
                self.office = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL, env=env, process_group=_group(0),
                                               creationflags=_NEW_GROUP)
                self.bridge = subprocess.Popen([str(python), "-s", "-B", str(BRIDGE), self.pipe],
                                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                               stderr=subprocess.DEVNULL, env=env, text=True, encoding="utf-8",
                                               process_group=_group(self.office.pid), creationflags=_NEW_GROUP)
        except OSError as exc:
            self.close(gently=False)
            raise _missing(f"LibreOffice gick inte att starta: {os_reason(exc)}.") from None
        threading.Thread(target=self._read, name="memo-lo-varm", daemon=True).start()

    def _read(self) -> None:
        bridge = self.bridge
        assert bridge is not None and bridge.stdout is not None
        with contextlib.suppress(OSError, ValueError):
            for line in bridge.stdout:
                self.lines.put(line.strip())
        self.lines.put(None)

    def _next(self, deadline: float) -> str | None:
        """The bridge's next line; ``""`` when it ended, None when ``deadline`` passed first."""
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, min(_LOOK_SECONDS, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    return None
                continue
            return "" if line is None else line

    def ready(self, deadline: float) -> str | None:
        """Wait until the bridge reaches LibreOffice (once): "ready", or "" (it ended), "no-uno", None (too late)."""
        while not self.connected:
            line = self._next(deadline)
            if line != "uno":
                self.connected = line == "ready"
                return line
        return "ready"

    def convert(self, docx: Path, deadline: float) -> tuple[str | None, Path]:
        """Export ``docx``: the bridge's answer ("" when it ended, None when too late) and the PDF's place."""
        self.count += 1
        target = self.out / f"{self.count}.pdf"
        bridge = self.bridge
        assert bridge is not None and bridge.stdin is not None
        request = json.dumps([str(docx.resolve()), str(target), memo.pdf.TAGGED_PDF_OPTIONS], ensure_ascii=False)
        try:
            bridge.stdin.write(request + "\n")
            bridge.stdin.flush()
        except OSError:
            return "", target
        return self._next(deadline), target

    def exit_code(self) -> int | None:
        return None if self.office is None else self.office.poll()

    def close(self, *, gently: bool) -> None:
        """End LibreOffice and the bridge (asked first when ``gently``, then killed), remove the pipes and folder."""
        if gently and self.bridge is not None and self.bridge.poll() is None and self.office is not None:
            with contextlib.suppress(OSError, ValueError):
                assert self.bridge.stdin is not None
                self.bridge.stdin.write("quit\n")
                self.bridge.stdin.flush()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.office.wait(_END_SECONDS)
        for process in (self.office, self.bridge):
            if process is not None:
                _kill(process)
        if self.bridge is not None:
            for stream in (self.bridge.stdin, self.bridge.stdout):
                with contextlib.suppress(OSError, ValueError):
                    if stream is not None:
                        stream.close()
        remove_pipes(self.profile, self.pipe)
        shutil.rmtree(self.folder, ignore_errors=True)


#: On Windows, the flag that starts a process in a group of its own (away from the console's Ctrl+C).
_NEW_GROUP: int = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)


def _group(group: int) -> int | None:
    """Popen's process group: ``group`` (0: a new one, away from the terminal's Ctrl+C); on Windows, _NEW_GROUP."""
    return None if sys.platform == "win32" else group


def _kill(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Kill ``process`` and its group (soffice.bin runs as a child of soffice)."""
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        elif process.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        process.wait(5)


class WarmConverter:
    """A LibreOffice kept warm for many tagged PDFs, one after another; close it (or use ``with``) when done.

    :meth:`start` checks at once that LibreOffice and a Python with ``uno`` are there, and raises
    :class:`~memo.errors.OutputError` in Swedish when not; :meth:`export` never raises for one file.
    ``timeout`` is the seconds one PDF may take (its LibreOffice's start included) before that
    LibreOffice is taken for hung.
    """

    def __init__(self, *, timeout: float = memo.pdf.CONVERT_TIMEOUT) -> None:
        self.timeout = timeout
        self.starts = 0  # how many LibreOffices were started (a hang or a crash starts another)
        self._soffice: Path | None = None
        self._python: Path | None = None
        self._office: _Office | None = None

    def __enter__(self) -> WarmConverter:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def start(self) -> None:
        """Find LibreOffice and a Python with ``uno`` and start LibreOffice (it gets ready while memo works)."""
        soffice = memo.pdf.find_soffice()
        if soffice is None:
            raise _missing("LibreOffice behövs för att göra PDF men hittades inte. Installera LibreOffice "
                           "(https://sv.libreoffice.org) och försök igen.")
        python = uno_python(soffice)
        if python is None:
            raise _missing("--bevaka --pdf håller LibreOffice igång och styr det genom LibreOffices Python-brygga "
                           "(UNO), men ingen Python med modulen uno hittades. Installera den (Debian och Ubuntu: "
                           "apt-get install python3-uno; på Windows och macOS följer den med LibreOffice), eller "
                           "gör PDF:en med memo ärende.yaml --pdf utan --bevaka.")
        self._soffice, self._python = soffice, python
        self._launch()

    def _launch(self) -> _Office:
        assert self._soffice is not None and self._python is not None
        self._office = _Office(self._soffice, self._python)
        self.starts += 1
        return self._office

    def export(self, docx: Path, pdf: Path | None = None) -> PdfResult:
        """Write ``docx`` as a tagged PDF (beside it unless ``pdf`` is given), atomically; say how it went."""
        docx = Path(docx)
        target = Path(pdf) if pdf is not None else docx.with_suffix(".pdf")
        pair = (docx, target)
        if not docx.is_file():
            return PdfResult(docx, target, OutputError("Word-dokumentet som ska bli PDF finns inte.", Location(docx)))
        if self._soffice is None:
            self.start()
        failure = ""
        for _ in range(2):  # a LibreOffice that hangs or dies is replaced once
            try:
                office = self._office or self._launch()
            except OutputError as exc:
                return PdfResult(docx, target, OutputError(exc.message, Location(target)))
            deadline = time.monotonic() + self.timeout
            answer = office.ready(deadline)
            made = None
            if answer == "ready":
                answer, made = office.convert(docx, deadline)
            if answer and answer.startswith("{"):
                said = json.loads(answer)
                if "ok" in said and made is not None:
                    data = made.read_bytes() if made.is_file() else b""
                    with contextlib.suppress(OSError):
                        made.unlink()
                    if complete_pdf(data):
                        return write_pdf(pair, data, True)
                    said = {"error": "ingen hel PDF"}
                return PdfResult(docx, target, OutputError(
                    f"LibreOffice gjorde ingen PDF av dokumentet (LibreOffice: {said['error']}).", Location(docx)))
            if answer is None:
                seconds = f"{self.timeout:g} sekund" + ("" if self.timeout == 1 else "er")
                failure = f"LibreOffice blev inte klart inom {seconds}; PDF:en skrevs inte."
            else:
                code = office.exit_code()
                failure = f"LibreOffice avbröts{'' if code is None else f' (slutkod {code})'} innan PDF:en var klar."
            office.close(gently=False)
            self._office = None
        return PdfResult(docx, target, OutputError(failure, Location(target)))

    def close(self) -> None:
        """End LibreOffice and remove everything it had (also when memo is being stopped)."""
        office, self._office = self._office, None
        if office is not None:
            office.close(gently=True)
