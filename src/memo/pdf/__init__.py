"""DOCX → PDF through LibreOffice, the real office client.

LibreOffice is found on PATH or in the usual Windows and macOS install folders. Each
conversion runs with a private, temporary LibreOffice profile (so it works while another
LibreOffice is open) and temporary folder, a time limit, and cleans up after itself, the
LibreOffice processes included, also when it is interrupted. The PDF is written atomically:
a failure leaves an existing file untouched. An existing PDF is replaced: it is derived from
the DOCX, which carries memo's protection against overwriting a document edited by hand
(export the PDF only after the DOCX was written).

:func:`export_pdf` makes the PDF for publishing: tagged, marked as PDF/UA, with the language
(``w:lang`` in the document's styles, sv-SE for memo's documents) and the title (from the
core properties) that LibreOffice takes from the document. Given several DOCX files (or
:func:`export_pdfs` given pairs), it converts them all in one step, through one LibreOffice per
core in use (:mod:`memo.pdf.batch`), and reports each file: one that fails costs only its own
PDF. :func:`convert_to_pdf` makes a plain PDF, as the tests use to see the layout.
:class:`memo.pdf.warm.WarmConverter` keeps one LibreOffice running for PDFs made one after another, each in a
tenth of a second (``memo --bevaka --pdf``); for a batch, the groups above were measured faster.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import overload

from memo.errors import Location, OutputError
from memo.pdf.batch import Conversion, PdfResult, Progress, convert_all

__all__ = ["CONVERT_TIMEOUT", "TAGGED_PDF_FILTER", "TAGGED_PDF_OPTIONS", "PdfResult", "convert_to_pdf", "export_pdf",
           "export_pdfs", "find_soffice"]

PathLike = str | os.PathLike[str]
#: Several DOCX files (typed so that a single path, a string, is never taken for several).
Several = Sequence[os.PathLike[str]] | list[str] | list[PathLike] | tuple[PathLike, ...]

#: Seconds the conversion of one file may take before it is stopped (a LibreOffice given several files gets
#: more: :data:`memo.pdf.batch.EXTRA_FILE_TIMEOUT` for each file after the first). The whole step, files
#: tried again included, takes at most the time of its largest group.
CONVERT_TIMEOUT = 120
#: The PDF export's options for a PDF to publish: tagged, and marked as PDF/UA (LibreOffice 7.4+). Both ways of
#: converting take them from here: ``soffice --convert-to`` as :data:`TAGGED_PDF_FILTER`, a warm LibreOffice
#: (:mod:`memo.pdf.warm`) as the export's filter data.
TAGGED_PDF_OPTIONS: dict[str, bool] = {"UseTaggedPDF": True, "PDFUACompliance": True}
#: LibreOffice's PDF export with :data:`TAGGED_PDF_OPTIONS`, as ``--convert-to`` takes it (JSON filter options).
TAGGED_PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": "boolean", "value": "true" if on else "false"} for name, on in TAGGED_PDF_OPTIONS.items()},
    separators=(",", ":"))
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
    (result,) = _convert([(Path(docx), pdf)], export_filter, tagged=False, timeout=timeout)
    if result.error is not None:
        raise result.error
    return pdf


@overload
def export_pdf(docx: PathLike, pdf: PathLike | None = None, *, timeout: float = CONVERT_TIMEOUT) -> Path: ...


@overload
def export_pdf(docx: Several, pdf: None = None, *, timeout: float = CONVERT_TIMEOUT) -> list[PdfResult]: ...


def export_pdf(docx: PathLike | Several, pdf: PathLike | None = None, *,
               timeout: float = CONVERT_TIMEOUT) -> Path | list[PdfResult]:
    """Write ``docx`` as a tagged PDF with PDF/UA marking, for publishing; return the PDF's path.

    ``pdf`` defaults to the DOCX's name with ``.pdf``. The language and the title come from
    the document. Raises :class:`OutputError` when LibreOffice is missing, fails, takes too
    long or is too old to tag the PDF (before 7.4).

    Given a list of DOCX files, writes each one's PDF beside it, all in one step, and returns
    a :class:`~memo.pdf.batch.PdfResult` for each instead of raising (as :func:`export_pdfs`).
    """
    if not isinstance(docx, (str, os.PathLike)):
        if pdf is not None:
            raise TypeError("export_pdf: give several files without pdf=, or use export_pdfs with pairs")
        return export_pdfs(docx, timeout=timeout)
    target = Path(pdf) if pdf is not None else Path(docx).with_suffix(".pdf")
    (result,) = export_pdfs([(docx, target)], timeout=timeout)
    if result.error is not None:
        raise result.error
    return target


def export_pdfs(files: Iterable[PathLike | tuple[PathLike, PathLike]], *, timeout: float = CONVERT_TIMEOUT,
                processes: int | None = None, progress: Progress | None = None) -> list[PdfResult]:
    """Write each DOCX as a tagged PDF (as :func:`export_pdf`), all in one step; return a result per file.

    ``files`` holds DOCX paths (the PDF is written beside each) or ``(docx, pdf)`` pairs. They are
    converted by at most ``processes`` LibreOffice processes at once (default: one per core), each
    given a share of the files; the whole step takes at most ``timeout`` seconds for the first file
    of the largest share and :data:`~memo.pdf.batch.EXTRA_FILE_TIMEOUT` (at most ``timeout``) for each
    other one. A file that cannot be converted does not stop the others: its result carries the
    :class:`OutputError`, in Swedish, and an existing PDF of it is left as it was.
    ``progress(finished, total)`` is called as files are finished (from other threads). Interrupted
    (Ctrl+C), it kills every LibreOffice it started and removes their temporary folders.
    """
    pairs = [(Path(item[0]), Path(item[1])) if isinstance(item, tuple) else (Path(item), Path(item).with_suffix(".pdf"))
             for item in files]
    return _convert(pairs, TAGGED_PDF_FILTER, tagged=True, timeout=timeout, processes=processes, progress=progress)


def _convert(pairs: list[tuple[Path, Path]], export_filter: str, *, tagged: bool, timeout: float,
             processes: int | None = None, progress: Progress | None = None) -> list[PdfResult]:
    soffice = find_soffice()
    if soffice is None:
        error = OutputError("LibreOffice behövs för att göra PDF men hittades inte. Installera LibreOffice "
                            "(https://sv.libreoffice.org) och försök igen.")
        if progress is not None and pairs:
            progress(len(pairs), len(pairs))
        return [PdfResult(docx, pdf, OutputError(error.message, Location(pdf))) for docx, pdf in pairs]
    return convert_all(pairs, Conversion(soffice, export_filter, tagged, timeout), processes=processes,
                       progress=progress)
