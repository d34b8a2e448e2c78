"""A memo in Word's old format (``.doc``) is made a ``.docx`` by LibreOffice first, in a folder of its own that is
removed afterwards; the reader (:mod:`memo.word.readback`) reads only ``.docx``."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from memo.errors import DocumentError, Location
from memo.pdf import find_soffice

__all__ = ["OLD_SUFFIXES", "readable"]

#: Word's old binary formats, by the file's name.
OLD_SUFFIXES = frozenset({".doc", ".dot"})
#: LibreOffice converts a memo in far less; a hung conversion is stopped after this many seconds.
_TIMEOUT = 120

T = TypeVar("T")


def readable(path: Path, read: Callable[[Path], T]) -> T:
    """``read(path)``; for a ``.doc``, ``read`` of the ``.docx`` LibreOffice makes of it."""
    if path.suffix.casefold() not in OLD_SUFFIXES:
        return read(path)
    soffice = find_soffice()
    if soffice is None:
        raise DocumentError("Filen är i Words gamla format (.doc), och LibreOffice, som gör om den, hittades inte. "
                            "Spara den som .docx i Word, eller installera LibreOffice (https://sv.libreoffice.org).",
                            Location(path))
    with tempfile.TemporaryDirectory(prefix="memo-las-") as folder:
        profile = Path(folder, "lo").as_uri()
        try:
            subprocess.run([str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", folder, str(path)],
                           capture_output=True, timeout=_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise DocumentError(f"LibreOffice gjorde inte om filen till .docx på {_TIMEOUT} sekunder. Spara den som "
                                ".docx i Word och försök igen.", Location(path)) from None
        converted = Path(folder, path.stem + ".docx")
        if not converted.is_file():
            raise DocumentError("LibreOffice kunde inte göra om filen (.doc) till .docx: den är skadad eller "
                                "lösenordsskyddad. Spara den som .docx i Word och försök igen.", Location(path))
        return read(converted)
