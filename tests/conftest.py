"""Shared fixtures: the rendered samples, and LibreOffice as the real client that reads them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import settings

# memo's disk cache (memo.cache) goes to a folder of this test run, never the user's own cache; removed at the end.
os.environ["MEMO_CACHE_DIR"] = tempfile.mkdtemp(prefix="memo-test-cache-")

import memo
from memo.pdf import convert_to_pdf, find_soffice

# In CI the property tests draw the same examples every run (a new random example that fails is found on a
# developer's machine, where the examples vary, and kept as a test of its own), so a run of main is repeatable.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

#: Every DOCX memo writes during the session, and every sample, is validated at the end (tests/ooxml_plugin.py).
pytest_plugins = ["ooxml_plugin"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
SEED_SAMPLE = SAMPLES / "foredragningspm-iuc-industrihubb.yaml"


def package_copy(folder: Path) -> Path:
    """A copy of memo as it is installed — the package and its shipped templates — at ``folder/memo``, for a test
    that adds one row to a table in it and runs the copy in a subprocess (``PYTHONPATH=folder``)."""
    package = folder / "memo"
    shutil.copytree(ROOT / "src" / "memo", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", package / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    return package


def samples_of_kind(name: str) -> list[Path]:
    """The samples that are files of one kind of document (``pm``: the memo's cases), told as memo tells them."""
    from memo.kinds import kind_of
    from memo.read.source import read_yaml

    return [path for path in sorted(SAMPLES.glob("*.yaml")) if kind_of(read_yaml(path)[0]).name == name]


#: The samples that are memo cases (the others are other kinds of document made from them).
CASE_SAMPLES = samples_of_kind("pm")


class Measured(NamedTuple):
    """A ``memo`` command run in a process of its own."""

    code: int
    stderr: str
    seconds: float
    peak_bytes: int  # the process's peak resident memory


#: Runs the memo command (its ``main``) and then records the process's own peak resident memory (VmHWM, kB).
#: Not ru_maxrss: on Linux that also counts the test process's memory copied by fork before exec.
_MEASURED = """
import os, sys
from memo.cli import main

code = main(sys.argv[1:])
with open("/proc/self/status", encoding="ascii") as status:
    peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "0")
with open(os.environ["MEMO_PEAK_FILE"], "w", encoding="ascii") as out:
    out.write(peak)
sys.exit(code)
"""


def run_memo_measured(args: list[str]) -> Measured:
    """Run the ``memo`` command in a child process: its exit code, messages, time and peak resident memory."""
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, "-c", _MEASURED, *args], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE,
                                 env={**os.environ, "PYTHONWARNINGS": "ignore", "MEMO_PEAK_FILE": str(peak_file)})
        assert child.stderr is not None
        with child.stderr:
            stderr = child.stderr.read().decode("utf-8")
        child.wait()
        seconds = time.monotonic() - started
        peak = int(peak_file.read_text(encoding="ascii")) * 1024 if peak_file.exists() else 0
    return Measured(child.returncode, stderr, seconds, peak)


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


def mounted_tmpfs(mount: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of ``size`` at ``mount``, where the system allows mounting one (root on Linux)."""
    mount.mkdir()
    if getattr(os, "geteuid", lambda: -1)() != 0:
        pytest.skip("en riktig liten disk (tmpfs) kräver root; den simulerade fulla disken testas i test_write_safety")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"tmpfs kunde inte monteras: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 kB disk (tmpfs)."""
    yield from mounted_tmpfs(tmp_path / "liten-disk", "64k")


def pytest_unconfigure(config: pytest.Config) -> None:
    """The test run's cache folder goes with the run (a worker process of a test may have written to it)."""
    shutil.rmtree(os.environ["MEMO_CACHE_DIR"], ignore_errors=True)
