"""Shared fixtures: the rendered samples, and LibreOffice as the real client that reads them."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# memo's disk cache (memo.cache) goes to a folder of this test run, never the user's own cache.
os.environ["MEMO_CACHE_DIR"] = tempfile.mkdtemp(prefix="memo-test-cache-")

import memo
from memo.pdf import convert_to_pdf, find_soffice

#: Every DOCX memo writes during the session, and every sample, is validated at the end (tests/ooxml_plugin.py).
pytest_plugins = ["ooxml_plugin"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
SEED_SAMPLE = SAMPLES / "foredragningspm-iuc-industrihubb.yaml"


def real_client_available() -> bool:
    return find_soffice() is not None and shutil.which("pdftotext") is not None


def require_real_client() -> None:
    """Skip without LibreOffice and poppler, except in CI where they must be present."""
    if real_client_available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice och pdftotext saknas men CI=true: de verkliga klienttesterna får inte hoppas över.")
    pytest.skip("LibreOffice/pdftotext saknas (apt-get install -y libreoffice-writer-nogui poppler-utils)")


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def to_pdf(docx: Path) -> Path:
    require_real_client()
    return convert_to_pdf(docx, docx.with_suffix(".pdf"))


@pytest.fixture(scope="session")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed sample rendered once for the session."""
    return memo.write(SEED_SAMPLE, tmp_path_factory.mktemp("seed") / "seed.docx")


@pytest.fixture(scope="session")
def seed_pdf(seed_docx: Path) -> Path:
    """The seed sample as LibreOffice prints it."""
    return to_pdf(seed_docx)
