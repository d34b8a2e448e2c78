"""Writing the case back: its own file, where it really is, and only a file that may be written.

A symbolic link to the case stays a link (the file it points to is replaced, keeping its permissions), and
a case that is read-only (no write permission for anyone, or none for the user) is refused with one
Swedish line before anything is written: memo läs never makes a read-only file writable by replacing it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from memo.errors import Location, OutputError, os_reason

__all__ = ["write_case"]


def write_case(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) over the case file ``path``, or raise :class:`memo.errors.OutputError`."""
    from memo.word.output import write_atomically

    where = Location(path)
    try:
        real = path.resolve(strict=True)
        mode = real.stat().st_mode
    except (OSError, RuntimeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "för många symboliska länkar i rad"
        raise OutputError(f"Ärendet kunde inte skrivas: {reason}.", where) from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(real, os.W_OK):
        raise OutputError(f"{path.name} är skrivskyddad, så memo skriver inte ändringarna i den. Ta bort "
                          "skrivskyddet och kör memo läs igen, eller använd --visa för att bara se ändringarna.",
                          where)
    write_atomically(real, text.encode("utf-8"), overwrite=True)
