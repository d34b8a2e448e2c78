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
from memo.pdf.convert import converted

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
    if not path.is_file():  # said as the reader says it, before LibreOffice is started for nothing
        raise DocumentError("Det är en mapp, inte ett Word-dokument." if path.is_dir() else "Filen finns inte.",
                            Location(path))
    soffice = find_soffice()
    if soffice is None:
        raise DocumentError("Filen är i Words gamla format (.doc), och LibreOffice, som gör om den, hittades inte. "
                            "Spara den som .docx i Word, eller installera LibreOffice (https://sv.libreoffice.org).",
                            Location(path))
    with tempfile.TemporaryDirectory(prefix="memo-las-") as folder:
        try:
            made = converted(soffice, path, "docx:MS Word 2007 XML", ".docx", Path(folder), _TIMEOUT)
        except subprocess.TimeoutExpired:
            raise DocumentError(f"LibreOffice gjorde inte om filen till .docx på {_TIMEOUT} sekunder. Spara den som "
                                ".docx i Word och försök igen.", Location(path)) from None
        if made is None:
            raise DocumentError("LibreOffice kunde inte göra om filen (.doc) till .docx: den är skadad eller "
                                "lösenordsskyddad. Spara den som .docx i Word och försök igen.", Location(path))
        return read(made)
