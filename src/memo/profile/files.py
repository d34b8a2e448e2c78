"""The files a profile names — its reference document and its logo — checked before anything reads them.

Each must be a regular file: a named pipe (FIFO) would stop memo at its first read, and a device
such as ``/dev/zero`` never ends. The logo must be small enough for a header and be a picture
that Word, LibreOffice and python-docx all read — PNG, JPEG, GIF, BMP or TIFF, told by its first bytes, not
by its name. Each problem is one Swedish sentence that names the file; what the picture holds
(its pixels, its shape) is read by python-docx when the reference is prepared
(:mod:`memo.word.picture`). Nothing here imports a third-party library.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from memo.errors import os_reason

__all__ = ["LOGO_TYPES", "MAX_LOGO_BYTES", "file_problem", "logo_problem"]

#: A logo file larger than this is not read: a logo in a header is some tens of kilobytes, and a
#: larger one makes every memo as large (a memo that memo itself would refuse to read back).
MAX_LOGO_BYTES = 10_000_000
#: The kinds of picture a logo may be, as their files begin.
LOGO_TYPES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),  # older profiles have them: Word, LibreOffice and python-docx read both
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
#: Other files a logo is sometimes saved as, by their first bytes: named in the message, refused.
_OTHER_TYPES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "en PDF-fil"),
    (b"PK\x03\x04", "en zip-fil (till exempel ett Word-dokument)"),
    (b"\x00\x00\x01\x00", "en ikonfil (ICO)"),
    (b"\xd7\xcd\xc6\x9a", "en WMF-bild"),
    (b"%!PS", "en PostScript-fil (EPS)"),
    (b"\xc5\xd0\xd3\xc6", "en PostScript-fil (EPS)"),
)
_ACCEPTED = "PNG, JPEG, GIF, BMP eller TIFF"
_KINDS = ((stat.S_ISDIR, "en mapp"), (stat.S_ISFIFO, "en namngiven pipe (FIFO)"), (stat.S_ISSOCK, "en socket"),
          (stat.S_ISCHR, "en enhetsfil"), (stat.S_ISBLK, "en enhetsfil"))


def file_problem(path: Path, what: str, *, neuter: bool = False) -> str | None:
    """Why the file at ``path`` cannot be read as ``what`` (``Referensdokumentet 'referens.docx'``), or None:
    it is not a regular file, or it is empty (``neuter``: ``what`` is an ett-word: "tomt", "det"). Its contents
    are not read.
    """
    try:
        info = path.stat()
    except OSError as exc:
        return f"{what} går inte att läsa: {os_reason(exc)}."
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "något annat")
        it = "det" if neuter else "den"
        return f"{what} är {kind}, inte en vanlig fil; memo läser bara vanliga filer. Ersätt {it} med en fil."
    if info.st_size == 0:
        return f"{what} är {'tomt' if neuter else 'tom'} (0 byte). Lägg in filen på nytt."
    return None


def logo_problem(path: Path, what: str) -> str | None:
    """Why the logo at ``path`` is not one memo puts in a header, or None: not a regular file, empty, larger
    than :data:`MAX_LOGO_BYTES`, or not one of :data:`LOGO_TYPES` by its first bytes."""
    problem = file_problem(path, what)
    if problem is not None:
        return problem
    try:
        size = path.stat().st_size
        with open(path, "rb", opener=_nonblocking) as stream:  # a regular file a moment ago: never wait
            head = stream.read(512)
    except OSError as exc:
        return f"{what} går inte att läsa: {os_reason(exc)}."
    if size > MAX_LOGO_BYTES:
        return (f"{what} är {_megabytes(size)}; memo tar logotyper på högst {_megabytes(MAX_LOGO_BYTES)}, eftersom "
                "varje PM får med den. Spara den mindre: en logotyp i sidhuvudet behöver sällan mer än några "
                "hundra kB.")
    if any(head.startswith(signature) for signature, _ in LOGO_TYPES):
        return None
    found = next((name for signature, name in _OTHER_TYPES if head.startswith(signature)), None)
    if found is None and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        found = "en WebP-bild"
    elif found is None and head[4:8] == b"ftyp":
        found = "en HEIC- eller AVIF-bild"
    elif found is None and b"<svg" in head.lower():
        found = "en SVG-bild (vektorgrafik)"
    elif found is None and b"\x00" not in head and _is_text(head):
        found = "text, inte en bild"
    if found is None:
        return f"{what} är inte en bild som memo känner igen. Spara logotypen som {_ACCEPTED}."
    return f"{what} är {found}; memo tar logotyper i {_ACCEPTED}. Spara den som PNG."


def _nonblocking(name: str, flags: int) -> int:
    """Open without waiting for a writer, should the file have become a named pipe since it was checked."""
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut off at the end
    return True


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0") + " MB"
