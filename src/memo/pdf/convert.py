"""One file converted by LibreOffice into another format (an old ``.doc`` into ``.docx`` for :mod:`memo.importer`).

LibreOffice runs as every conversion of memo's does: with a private, temporary profile, in a process group of its own
(``soffice`` starts ``soffice.bin``), stopped with all it started when it runs out of time or the caller is stopped
(Ctrl+C, SIGTERM), and its temporary folder removed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from memo.pdf.office import remove_pipes

__all__ = ["converted"]


def converted(soffice: Path, source: Path, target_filter: str, suffix: str, folder: Path,
              timeout: float) -> Path | None:
    """``source`` converted with LibreOffice's ``target_filter`` ("docx:MS Word 2007 XML") into ``folder``; the new
    file's path, or None when LibreOffice made none (a damaged or protected file). Raises
    :class:`subprocess.TimeoutExpired` when it took longer than ``timeout`` seconds."""
    with tempfile.TemporaryDirectory(prefix="memo-lo-") as private:
        env = {**os.environ, "TMPDIR": private, "HOME": private}
        profile = Path(private, "profil").as_uri()
        # Whole paths: a file named "-x.doc" is no option to LibreOffice.
        command = [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                   target_filter, "--outdir", str(folder.resolve()), str(source.resolve())]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env, start_new_session=sys.platform != "win32")
        try:
            process.wait(timeout)
        finally:
            if process.poll() is None or sys.platform != "win32":
                _stop(process)  # soffice.bin may outlive soffice: the whole group goes
            remove_pipes(profile)  # a LibreOffice stopped leaves its pipe behind
    made = folder / (source.stem + suffix)
    return made if made.is_file() else None


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    with contextlib.suppress(OSError):
        process.wait()
