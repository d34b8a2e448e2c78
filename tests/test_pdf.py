"""The PDF for publishing: tagged, PDF/UA, Swedish, titled, with the DOCX's text; and LibreOffice handled safely."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import memo
from conftest import SEED_SAMPLE, pdf_text, require_real_client
from memo import cli
from memo import pdf as memo_pdf
from memo.errors import OutputError
from memo.pdf import export_pdf, find_soffice
from memo.pdf.office import remove_pipes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
_PAGE_FIELD = re.compile(r"\(?\d+\)?")


def pdfinfo(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdfinfo", *options, str(pdf)], capture_output=True, check=True, text=True).stdout


def info_field(pdf: Path, name: str) -> str:
    match = re.search(rf"^{name}:\s*(.*)$", pdfinfo(pdf), re.MULTILINE)
    assert match, f"pdfinfo visar inte {name}"
    return match.group(1).strip()


def core_title(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        return ET.fromstring(archive.read("docProps/core.xml")).findtext(f"{DC}title") or ""


def paragraph_texts(root: ET.Element) -> list[str]:
    texts = []
    for paragraph in root.iter(f"{W}p"):
        pieces = [(e.text or "") if e.tag == f"{W}t" else " " for e in paragraph.iter()
                  if e.tag in (f"{W}t", f"{W}tab", f"{W}br")]
        texts.append("".join(pieces))
    return texts


def docx_words(docx: Path) -> tuple[list[str], set[str]]:
    """The body's words in order, and the words of the headers and footers."""
    with zipfile.ZipFile(docx) as archive:
        body = paragraph_texts(ET.fromstring(archive.read("word/document.xml")))
        margins = [text for name in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", name)
                   for text in paragraph_texts(ET.fromstring(archive.read(name)))]
    return " ".join(body).split(), set(" ".join(margins).split())


@pytest.fixture(scope="module")
def published(seed_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed sample exported for publishing."""
    require_real_client()
    return export_pdf(seed_docx, tmp_path_factory.mktemp("publicering") / "seed.pdf")


def test_published_pdf_is_tagged_and_marked_pdf_ua(published: Path) -> None:
    assert info_field(published, "Tagged") == "yes"
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>", pdfinfo(published, "-meta"))


def test_published_pdf_has_the_documents_title_and_author(published: Path, seed_docx: Path) -> None:
    title = core_title(seed_docx)
    assert title == "Utökat driftsstöd till IUC Industrihubb Örebro län"
    assert info_field(published, "Title") == title
    assert info_field(published, "Author") == "Kristina Eklöf"


def test_published_pdf_is_in_swedish(published: Path) -> None:
    # The catalog's /Lang comes from w:lang in the document's styles.
    assert re.search(rb"/Lang\s*\(sv-SE\)", published.read_bytes())


def test_plain_conversion_is_not_tagged(seed_pdf: Path) -> None:
    """The filter options matter: LibreOffice's default PDF has no tags."""
    assert info_field(seed_pdf, "Tagged") == "no"


def test_published_pdf_has_the_text_of_the_docx(published: Path, seed_docx: Path) -> None:
    body, margins = docx_words(seed_docx)
    shown = pdf_text(published).split()
    remaining = iter(shown)
    missing = [word for word in body if not any(word == seen for seen in remaining)]
    assert not missing, f"DOCX-ord saknas i PDF:en (eller i fel ordning), första: {missing[:5]}"
    extra = [w for w in shown if w not in body and w not in margins and w != "\u2022" and not _PAGE_FIELD.fullmatch(w)]
    assert not extra, f"PDF:en har text som inte finns i DOCX:en: {extra[:10]}"


def test_without_libreoffice_the_error_says_so_in_swedish(monkeypatch: pytest.MonkeyPatch, seed_docx: Path,
                                                         tmp_path: Path) -> None:
    monkeypatch.setattr(memo_pdf, "find_soffice", lambda: None)
    target = tmp_path / "pm.pdf"
    with pytest.raises(OutputError, match=r"LibreOffice behövs för att göra PDF men hittades inte\. Installera"):
        export_pdf(seed_docx, target)
    assert not target.exists()


def test_a_failed_conversion_keeps_the_existing_pdf_and_says_why(tmp_path: Path) -> None:
    require_real_client()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 inte ett Word-dokument")
    target = tmp_path / "pm.pdf"
    target.write_bytes(b"%PDF-1.6 tidigare version")
    with pytest.raises(OutputError, match=r"LibreOffice gjorde ingen PDF av dokumentet \(LibreOffice: Error: "):
        export_pdf(broken, target)
    assert target.read_bytes() == b"%PDF-1.6 tidigare version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx", "pm.pdf"]


def test_an_existing_pdf_is_replaced(seed_docx: Path, tmp_path: Path) -> None:
    """The PDF is derived from the DOCX: running again replaces it (atomically)."""
    require_real_client()
    target = tmp_path / "pm.pdf"
    target.write_bytes(b"%PDF-1.6 tidigare version")
    export_pdf(seed_docx, target)
    assert info_field(target, "Tagged") == "yes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.pdf"]


def test_an_untagged_result_is_refused(monkeypatch: pytest.MonkeyPatch, seed_docx: Path, tmp_path: Path) -> None:
    """A LibreOffice too old for JSON filter options makes an untagged PDF; that is an error, not a PDF."""
    require_real_client()
    monkeypatch.setattr(memo_pdf, "TAGGED_PDF_FILTER", "pdf")
    with pytest.raises(OutputError, match=r"utan taggar.*7\.4"):
        export_pdf(seed_docx, tmp_path / "pm.pdf")
    assert not (tmp_path / "pm.pdf").exists()


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="läser processlistan i /proc")
def test_a_timeout_stops_libreoffice_and_cleans_up(monkeypatch: pytest.MonkeyPatch, seed_docx: Path,
                                                   tmp_path: Path) -> None:
    require_real_client()
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    target = tmp_path / "pm.pdf"
    target.write_bytes(b"%PDF-1.6 tidigare version")
    with pytest.raises(OutputError, match=r"LibreOffice blev inte klart inom 0\.2 sekunder"):
        export_pdf(seed_docx, target, timeout=0.2)
    assert list(work.iterdir()) == []
    assert _processes_mentioning(str(work)) == []
    assert target.read_bytes() == b"%PDF-1.6 tidigare version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.pdf", "tmp"]


@pytest.fixture
def other_libreoffice(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Another LibreOffice running headless with a profile of its own, as a user's open office suite."""
    require_real_client()
    soffice = find_soffice()
    assert soffice is not None
    profile = tmp_path / "annan-profil"
    process = subprocess.Popen(
        [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         f"--accept=pipe,name=memo-test-{os.getpid()};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=dict(os.environ, HOME=str(tmp_path)), start_new_session=True)
    deadline = time.monotonic() + 60
    while not (profile / "user" / "registrymodifications.xcu").exists() and time.monotonic() < deadline:
        assert process.poll() is None, "den andra LibreOffice-processen avslutades"
        time.sleep(0.2)
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        remove_pipes(profile.as_uri(), f"memo-test-{os.getpid()}")  # a killed LibreOffice leaves them in /tmp


@pytest.mark.skipif(sys.platform == "win32", reason="processgrupper")
def test_export_works_while_another_libreoffice_is_running(other_libreoffice: subprocess.Popen[bytes],
                                                           seed_docx: Path, tmp_path: Path) -> None:
    target = export_pdf(seed_docx, tmp_path / "pm.pdf")
    assert other_libreoffice.poll() is None, "den andra LibreOffice-processen ska fortfarande vara igång"
    assert info_field(target, "Tagged") == "yes"
    assert "Förslag till beslut" in pdf_text(target)



# --- the command line and the API: --pdf and write(pdf=True) ----------------------------------------

def test_cli_pdf_writes_the_memo_and_a_tagged_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_real_client()
    target = tmp_path / "pm.docx"
    assert cli.main([str(SEED_SAMPLE), "-o", str(target), "--pdf"]) == 0
    assert capsys.readouterr().out.splitlines() == [str(target), str(tmp_path / "pm.pdf")]
    assert info_field(tmp_path / "pm.pdf", "Tagged") == "yes"
    assert info_field(tmp_path / "pm.pdf", "Title") == core_title(target)


def test_cli_pdf_without_libreoffice_keeps_the_memo_and_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(memo_pdf, "find_soffice", lambda: None)
    target = tmp_path / "pm.docx"
    assert cli.main([str(SEED_SAMPLE), "-o", str(target), "--pdf"]) == 1
    err = capsys.readouterr().err
    assert "Word-dokumentet skrevs (pm.docx) men inte PDF:en. LibreOffice behövs för att göra PDF" in err
    assert target.is_file()
    assert not (tmp_path / "pm.pdf").exists()


def test_the_api_writes_a_tagged_pdf(tmp_path: Path) -> None:
    require_real_client()
    written = memo.write(SEED_SAMPLE, tmp_path / "pm.docx", pdf=True)
    assert info_field(written.with_suffix(".pdf"), "Tagged") == "yes"
    again = memo.export_pdf(written)
    assert again == tmp_path / "pm.pdf"
    assert "export_pdf" in memo.__all__


@pytest.fixture
def full_temporary_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 kB disk (tmpfs), too small for LibreOffice's profile."""
    from conftest import mounted_tmpfs

    yield from mounted_tmpfs(tmp_path / "tmp-disk", "256k")


def test_a_full_temporary_disk_is_named_and_left_empty(full_temporary_disk: Path, tmp_path: Path) -> None:
    require_real_client()
    target = tmp_path / "pm.docx"
    done = subprocess.run([sys.executable, "-m", "memo", str(SEED_SAMPLE), "-o", str(target), "--pdf"],
                          capture_output=True, text=True, timeout=180, check=False,
                          env=dict(os.environ, TMPDIR=str(full_temporary_disk)))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (f"Word-dokumentet skrevs (pm.docx) men inte PDF:en. Disken för temporära filer är full "
            f"({full_temporary_disk}), så LibreOffice kunde inte arbeta; PDF:en skrevs inte.") in done.stderr
    assert "memo-lo-" not in done.stderr, "no path of LibreOffice's own"
    assert docx_words(target)[0], "the memo was written and opens"
    assert not (tmp_path / "pm.pdf").exists()
    assert list(full_temporary_disk.iterdir()) == []


def test_a_full_disk_for_the_pdf_says_the_memo_was_written_and_the_pdf_not(small_disk: Path) -> None:
    require_real_client()
    data = memo.render(SEED_SAMPLE)
    stats = os.statvfs(small_disk)
    free = stats.f_bavail * stats.f_frsize
    (small_disk / "fyllnad").write_bytes(b"\0" * max(0, free - len(data) - 8192))
    with pytest.raises(OutputError) as raised:
        memo.write(SEED_SAMPLE, small_disk / "pm.docx", pdf=True)
    assert raised.value.message == ("Word-dokumentet skrevs (pm.docx) men inte PDF:en. Disken är full; pm.pdf "
                                    "skrevs inte. Frigör utrymme och försök igen.")
    assert (small_disk / "pm.docx").read_bytes() == data
    assert sorted(path.name for path in small_disk.iterdir()) == ["fyllnad", "pm.docx"]


def test_the_tagged_filter_for_convert_to_is_made_from_the_one_table_of_options() -> None:
    """``--convert-to`` and the warm LibreOffice (``--bevaka --pdf``) export with the same options."""
    assert memo_pdf.TAGGED_PDF_OPTIONS == {"UseTaggedPDF": True, "PDFUACompliance": True}
    assert memo_pdf.TAGGED_PDF_FILTER == ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
                                          '"PDFUACompliance":{"type":"boolean","value":"true"}}')
