"""DOCX → PDF through LibreOffice, the real office client.

LibreOffice is found on PATH or in the usual Windows and macOS install folders. Each
conversion runs with a private, temporary LibreOffice profile (so it works while another
LibreOffice is open), a time limit, and cleans up after itself, the LibreOffice processes
included. The PDF is written atomically: a failure leaves an existing file untouched. An
existing PDF is replaced: it is derived from the DOCX, which carries memo's protection against
overwriting a document edited by hand (export the PDF only after the DOCX was written).

:func:`export_pdf` makes the PDF for publishing: tagged, marked as PDF/UA, with the language
(``w:lang`` in the document's styles, sv-SE for memo's documents) and the title (from the
core properties) that LibreOffice takes from the document. :func:`convert_to_pdf` makes a
plain PDF, as the tests use to see the layout.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from memo.errors import Location, OutputError, os_reason
from memo.output import write_atomically

__all__ = ["CONVERT_TIMEOUT", "TAGGED_PDF_FILTER", "convert_to_pdf", "export_pdf", "find_soffice"]

#: Seconds a conversion may take before it is stopped.
CONVERT_TIMEOUT = 120
#: LibreOffice's PDF export with tagging and the PDF/UA marker (JSON filter options, LibreOffice 7.4+).
TAGGED_PDF_FILTER = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
                     '"PDFUACompliance":{"type":"boolean","value":"true"}}')
_CANDIDATES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)


def find_soffice() -> Path | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def convert_to_pdf(docx: Path, pdf: Path, *, export_filter: str = "pdf", timeout: float = CONVERT_TIMEOUT) -> Path:
    """Convert ``docx`` to ``pdf`` with LibreOffice; raise :class:`OutputError` on failure."""
    pdf = Path(pdf)
    write_atomically(pdf, _convert(Path(docx), pdf, export_filter, timeout), overwrite=True)
    return pdf


def export_pdf(docx: str | os.PathLike[str], pdf: str | os.PathLike[str] | None = None, *,
               timeout: float = CONVERT_TIMEOUT) -> Path:
    """Write ``docx`` as a tagged PDF with PDF/UA marking, for publishing; return the PDF's path.

    ``pdf`` defaults to the DOCX's name with ``.pdf``. The language and the title come from
    the document. Raises :class:`OutputError` when LibreOffice is missing, fails, takes too
    long or is too old to tag the PDF (before 7.4).
    """
    docx = Path(docx)
    pdf = Path(pdf) if pdf is not None else docx.with_suffix(".pdf")
    data = _convert(docx, pdf, TAGGED_PDF_FILTER, timeout)
    # LibreOffice writes the document catalog uncompressed; a tagged PDF has its structure tree there.
    if b"/StructTreeRoot" not in data:
        raise OutputError("LibreOffice gjorde en PDF utan taggar, och en sådan är inte tillgänglig. Uppdatera "
                          "LibreOffice till version 7.4 eller senare och försök igen.", Location(pdf))
    write_atomically(pdf, data, overwrite=True)
    return pdf


def _convert(docx: Path, pdf: Path, export_filter: str, timeout: float) -> bytes:
    """The PDF LibreOffice makes of ``docx`` (``pdf`` only names the target in errors)."""
    soffice = find_soffice()
    if soffice is None:
        raise OutputError("LibreOffice behövs för att göra PDF men hittades inte. Installera LibreOffice "
                          "(https://sv.libreoffice.org) och försök igen.", Location(pdf))
    if not docx.is_file():
        raise OutputError("Word-dokumentet som ska bli PDF finns inte.", Location(docx))
    with tempfile.TemporaryDirectory(prefix="memo-lo-") as work:
        profile = Path(work) / "profil"
        outdir = Path(work) / "ut"
        outdir.mkdir()
        command = [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", export_filter, "--outdir", str(outdir), str(docx.resolve())]
        env = dict(os.environ, HOME=work) if sys.platform != "win32" else None
        output = _run(command, env, timeout, pdf)
        produced = outdir / (docx.stem + ".pdf")
        if not produced.is_file() or produced.stat().st_size == 0:
            said = [line.strip() for line in output.splitlines() if line.strip() and "javaldx" not in line]
            detail = f" (LibreOffice: {said[-1]})" if said else ""
            raise OutputError(f"LibreOffice gjorde ingen PDF av dokumentet{detail}.", Location(docx))
        return produced.read_bytes()


def _run(command: list[str], env: dict[str, str] | None, timeout: float, pdf: Path) -> str:
    """Run LibreOffice in a process group of its own; on time-out stop the whole group. Return its output."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, start_new_session=sys.platform != "win32")
    except OSError as exc:
        raise OutputError(f"LibreOffice gick inte att starta: {os_reason(exc)}.", Location(pdf)) from None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise OutputError(f"LibreOffice blev inte klart inom {timeout:g} sekunder; PDF:en skrevs inte.",
                          Location(pdf)) from None
    return (stdout + stderr).decode("utf-8", "replace")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and the processes it started (soffice.bin runs as a child of soffice)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    process.communicate()

