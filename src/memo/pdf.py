"""DOCX → PDF through LibreOffice, the real office client.

LibreOffice is found on PATH or in the usual Windows and macOS install folders. Each
conversion runs with a private, temporary LibreOffice profile (so it works while another
LibreOffice is open), a time limit, and cleans up after itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from memo.errors import Location, OutputError

__all__ = ["CONVERT_TIMEOUT", "convert_to_pdf", "find_soffice"]

#: Seconds a conversion may take before it is stopped.
CONVERT_TIMEOUT = 120
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
    soffice = find_soffice()
    if soffice is None:
        raise OutputError("LibreOffice behövs för att göra PDF men hittades inte. Installera LibreOffice "
                          "(https://sv.libreoffice.org) och försök igen.", Location(pdf))
    with tempfile.TemporaryDirectory(prefix="memo-lo-") as work:
        profile = Path(work) / "profil"
        outdir = Path(work) / "ut"
        outdir.mkdir()
        command = [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", export_filter, "--outdir", str(outdir), str(docx)]
        env = dict(os.environ, HOME=work) if sys.platform != "win32" else None
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False, env=env,
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice blev inte klart inom {timeout:.0f} sekunder.", Location(pdf)) from None
        except OSError as exc:
            raise OutputError(f"LibreOffice gick inte att starta: {exc.strerror}.", Location(pdf)) from None
        produced = outdir / (docx.stem + ".pdf")
        if not produced.is_file() or produced.stat().st_size == 0:
            raise OutputError("LibreOffice gjorde ingen PDF av dokumentet.", Location(docx))
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), str(pdf))
    return pdf
