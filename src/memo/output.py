"""Writing the finished file without losing anything.

The DOCX is written to a temporary file in the target folder and moved into place
only when complete, so a failure leaves an existing file untouched and no partial
file behind. A Word lock file (``~$namn.docx``) beside the target is reported.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from memo.errors import Location, OutputError

__all__ = ["write_atomically"]


def _lock_file(path: Path) -> Path:
    # Word names its lock file "~$" plus the name, dropping the first two characters of long names.
    name = path.name
    return path.with_name("~$" + (name[2:] if len(path.stem) > 7 else name))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, or raise :class:`OutputError`."""
    where = Location(path)
    if path.is_dir():
        raise OutputError("Det finns en mapp med det namnet; ange ett filnamn med -o.", where)
    for lock in {_lock_file(path), path.with_name("~$" + path.name)}:
        if lock.exists():
            raise OutputError("Dokumentet verkar vara öppet i Word (låsfilen "
                              f"{lock.name} finns). Stäng det i Word och försök igen.", where)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"Mappen {folder} finns inte.", where)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise OutputError(_explain(exc), where) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _explain(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "Disken är full; PM:et skrevs inte. Frigör utrymme och försök igen (inget befintligt ändrades)."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "Du saknar behörighet att skriva här; PM:et skrevs inte. Välj en annan mapp med -o."
    return f"PM:et kunde inte skrivas ({exc.strerror}); inget befintligt ändrades."
