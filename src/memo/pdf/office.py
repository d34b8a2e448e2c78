"""What both ways of making a PDF share (a LibreOffice per group of files, :mod:`memo.pdf.batch`, and one kept
warm, :mod:`memo.pdf.warm`): the result for each file, the check that a PDF is whole and tagged before it is moved
into place, the message for a full temporary disk, and the removal of the named pipes a killed LibreOffice leaves.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from memo.errors import Location, OutputError
from memo.word.output import write_atomically

__all__ = ["PdfResult", "complete_pdf", "failed", "full", "no_room", "remove_pipes", "write_pdf"]

#: The folders LibreOffice (7.4) puts its named pipes in, whatever TMPDIR says (the second when the first is not
#: writable). It removes them when it ends; a LibreOffice that is killed leaves them there.
_PIPE_FOLDERS = (Path("/tmp"), Path("/var/tmp"))


@dataclass(frozen=True)
class PdfResult:
    """What became of one DOCX: the PDF was written, or ``error`` says (in Swedish) why not."""

    docx: Path
    pdf: Path
    error: OutputError | None = None

    @property
    def ok(self) -> bool:
        """True when the PDF was written."""
        return self.error is None


def failed(pair: tuple[Path, Path], message: str, where: Path) -> PdfResult:
    """A result for ``pair`` that failed, with ``message`` at ``where``."""
    return PdfResult(pair[0], pair[1], OutputError(message, Location(where)))


def full(exc: OSError) -> bool:
    """Whether ``exc`` says the disk (or the quota) is full."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def no_room() -> str:
    """What a failure with too little room in the temporary folder says."""
    return (f"Disken för temporära filer är full ({tempfile.gettempdir()}), så LibreOffice kunde inte arbeta; "
            "PDF:en skrevs inte. Frigör utrymme där, eller ange en annan mapp i miljövariabeln TMPDIR.")


def complete_pdf(data: bytes) -> bool:
    """Whether ``data`` is a whole PDF: its header, and the end-of-file marker LibreOffice writes last."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def write_pdf(pair: tuple[Path, Path], data: bytes, tagged: bool) -> PdfResult:
    """Write the PDF LibreOffice made of ``pair``'s DOCX into place atomically (refused when ``tagged`` and it has
    no tags); the result says which."""
    docx, pdf = pair
    # LibreOffice writes the document catalog uncompressed; a tagged PDF has its structure tree there.
    if tagged and b"/StructTreeRoot" not in data:
        return failed(pair, "LibreOffice gjorde en PDF utan taggar, och en sådan är inte tillgänglig. Uppdatera "
                             "LibreOffice till version 7.4 eller senare och försök igen.", pdf)
    try:
        write_atomically(pdf, data, overwrite=True)
    except OutputError as exc:
        return PdfResult(docx, pdf, exc)
    return PdfResult(docx, pdf)


def remove_pipes(profile_url: str, *names: str) -> None:
    """Remove the named pipes a LibreOffice with the profile at ``profile_url`` left (when it was killed): its
    single-instance pipe, and the pipes ``names`` it listened on. Nothing on Windows, where a pipe ends with it."""
    if sys.platform == "win32":
        return
    for name in ("SingleOfficeIPC_" + _ipc_hash(profile_url), *names):
        for folder in _PIPE_FOLDERS:
            _remove_socket(folder / f"OSL_PIPE_{os.getuid()}_{name}")


def _ipc_hash(profile_url: str) -> str:
    """The name LibreOffice gives its single-instance pipe for a profile: the MD5 of the profile's URL in UTF-16,
    each byte in hex without a leading zero (LibreOffice's desktop/source/app/officeipcthread.cxx).

    >>> _ipc_hash("file:///tmp/wp2/profil")
    'e3d31c3cd7eefebb1919b48f70d87ec9'
    """
    return "".join(format(byte, "x") for byte in hashlib.md5(profile_url.encode("utf-16-le")).digest())


def _remove_socket(path: Path) -> None:
    with contextlib.suppress(OSError):
        if stat.S_ISSOCK(path.lstat().st_mode):
            path.unlink()
