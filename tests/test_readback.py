"""memo.word.readback reads what a Word document shows — from writers other than memo: python-docx, LibreOffice
converting HTML, and XML edited by hand as Word writes it (content controls, tracked changes, fields, hidden text)."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import docx.shared
import pytest
from docx.enum.style import WD_STYLE_TYPE

import memo
from conftest import SEED_SAMPLE, require_real_client
from memo.errors import DocumentError
from memo.word.readback import Para, Span, Table, read_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _python_docx(path: Path) -> Path:
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Kommunstyrelsen"
    cells = header.add_table(1, 2, docx.shared.Cm(16)).rows[0].cells
    cells[0].text, cells[1].text = "Dnr", "KS 2024/117"
    document.sections[0].footer.paragraphs[0].text = "Box 1, 123 45 Exempelby"
    document.add_heading("Bygglov för förskola", level=0)
    document.add_heading("Bakgrund", level=1)
    paragraph = document.add_paragraph("Nämnden ")
    paragraph.add_run("beslutade").italic = True
    paragraph.add_run(" den 3 mars om ")
    paragraph.add_run("250 000 kronor").bold = True
    paragraph.add_run(".")
    document.add_paragraph().add_run("Förslag till beslut").bold = True
    document.add_paragraph("ta fram en plan,", style="List Number")
    document.add_paragraph("återrapportera i juni.", style="List Number")
    document.add_paragraph("en punkt", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, (("År", "Belopp"), ("2026", "1 000")), strict=False):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = value
    document.save(str(path))
    return path


def test_a_python_docx_document_reads_as_its_writer_wrote_it(tmp_path: Path) -> None:
    read = read_document(_python_docx(tmp_path / "pm.docx"))
    paragraphs = [block for block in read.body if isinstance(block, Para)]
    assert [(p.style, p.heading) for p in paragraphs[:2]] == [("Title", None), ("Heading 1", 1)]
    assert paragraphs[2].markup == "Nämnden *beslutade* den 3 mars om **250 000 kronor**."
    assert paragraphs[3].all_bold and not paragraphs[2].all_bold
    numbered = [p for p in paragraphs if p.numbering is not None]
    assert [(p.text, p.numbering.ordered, p.numbering.label) for p in numbered if p.numbering] == [
        ("ta fram en plan,", True, "1."), ("återrapportera i juni.", True, "2."), ("en punkt", False, "•")]
    table = next(block for block in read.body if isinstance(block, Table))
    assert [[cell.text for cell in row] for row in table.rows] == [["År", "Belopp"], ["2026", "1 000"]]
    assert read.headers[0].text == "Kommunstyrelsen"  # type: ignore[union-attr]
    header_table = next(block for block in read.headers if isinstance(block, Table))
    assert [cell.text for cell in header_table.rows[0]] == ["Dnr", "KS 2024/117"]
    assert next(block.text for block in read.footers if isinstance(block, Para)) == "Box 1, 123 45 Exempelby"
    assert read.revisions == 0


def _with_body(path: Path, body: str) -> Path:
    """A python-docx document whose body XML is replaced by ``body``, as a hand edit would."""
    document = docx.Document()
    document.add_paragraph("x")
    document.save(str(path))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode()
    start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr")
    parts["word/document.xml"] = (xml[:start] + body + xml[end:]).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_what_word_hides_or_wraps_reads_as_shown(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Sidan </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:sdt><w:sdtPr><w:tag w:val="x"/></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>I en innehållskontroll</w:t></w:r></w:p></w:sdtContent></w:sdt>'
        '<w:p><w:r><w:t xml:space="preserve">Beslutet </w:t></w:r>'
        '<w:del w:id="1" w:author="Granskare"><w:r><w:delText>gäller inte</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="Granskare"><w:r><w:t>gäller</w:t></w:r></w:ins>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>dolt</w:t></w:r>'
        '<w:hyperlink r:id="rIdX" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:r><w:t xml:space="preserve"> från 1 juli</w:t></w:r></w:hyperlink>'
        '<w:bookmarkStart w:id="0" w:name="beslut"/><w:r><w:t>.</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>'
    )
    read = read_document(_with_body(tmp_path / "hand.docx", body))
    assert [block.text for block in read.body if isinstance(block, Para)] == [
        "Sidan 3", "I en innehållskontroll", "Beslutet gäller från 1 juli."]
    assert read.body[2].bookmarks == ("beslut",)  # type: ignore[union-attr]
    assert read.revisions == 2


def test_a_style_that_is_based_on_itself_ends_and_the_text_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    style = document.styles.add_style("Slinga", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.element.get_or_add_basedOn().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", style.style_id)
    document.add_paragraph("Text i en slinga", style="Slinga")
    document.save(str(tmp_path / "loop.docx"))
    read = read_document(tmp_path / "loop.docx")
    assert read.body[0].text == "Text i en slinga"  # type: ignore[union-attr]


@pytest.mark.parametrize("fault", ["encrypted", "macro_enabled", "not_a_zip", "old_doc_format"])
def test_a_file_memo_cannot_read_is_one_swedish_line(tmp_path: Path, fault: str) -> None:
    path = tmp_path / "fel.docx"
    if fault in ("encrypted", "old_doc_format"):
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    elif fault == "not_a_zip":
        path.write_text("inte ett dokument")
    else:
        _python_docx(path)
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"document.main+xml", b"document.macroEnabled.main+xml")
        with zipfile.ZipFile(path, "w") as target:
            for name, data in parts.items():
                target.writestr(name, data)
    with pytest.raises(DocumentError) as raised:
        read_document(path)
    message = str(raised.value)
    assert "fel.docx" in message and "\n" not in message.strip() and "Traceback" not in message


def test_a_memo_reads_back_with_its_header_fields_sections_and_decision(tmp_path: Path) -> None:
    target = memo.write(SEED_SAMPLE, tmp_path / "pm.docx")
    read = read_document(target)
    texts = [block.text for block in read.body if isinstance(block, Para)]
    assert texts[0] == "Utökat driftsstöd till IUC Industrihubb Örebro län" and read.title == texts[0]
    assert "Förslag till beslut" in texts and texts.index("Sammanfattning") > texts.index("Förslag till beslut")
    header = next(block for block in read.headers if isinstance(block, Table))
    assert "Dnr: 26RS5145" in [cell.text for row in header.rows for cell in row]
    assert read.properties["memo-fingeravtryck"].startswith("sha256:")


def test_a_document_libreoffice_made_from_html_reads_with_its_headings_lists_and_table(tmp_path: Path) -> None:
    require_real_client()
    source = tmp_path / "gammalt.html"
    source.write_text(
        "<html><head><meta charset='utf-8'><title>T</title></head><body>"
        "<h1>Ombyggnad av Tallbacksskolan</h1><h2>Ärendet</h2><p>Skolan är <i>sliten</i> och <b>trång</b>.</p>"
        "<h2>Förslag till beslut</h2><ol><li>godkänna förstudien,</li><li>ge uppdrag att upphandla.</li></ol>"
        "<table><tr><td>År</td><td>Kostnad</td></tr><tr><td>2027</td><td>12 mnkr</td></tr></table>"
        "</body></html>", encoding="utf-8")
    office = shutil.which("soffice") or "soffice"
    profile = tmp_path / "lo"
    subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)], check=True,
                   capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    read = read_document(tmp_path / "gammalt.docx")
    paragraphs = [block for block in read.body if isinstance(block, Para) and block.text.strip()]
    assert [(p.text, p.heading) for p in paragraphs[:2]] == [("Ombyggnad av Tallbacksskolan", 1), ("Ärendet", 2)]
    assert paragraphs[2].markup == "Skolan är *sliten* och **trång**."
    points = [p for p in paragraphs if p.numbering is not None]
    assert [(p.text, p.numbering.label) for p in points if p.numbering] == [
        ("godkänna förstudien,", "1."), ("ge uppdrag att upphandla.", "2.")]
    table = next(block for block in read.body if isinstance(block, Table))
    assert [[cell.text for cell in row] for row in table.rows] == [["År", "Kostnad"], ["2027", "12 mnkr"]]


def _replaced(path: Path, name: str, old: bytes, new: bytes | None) -> Path:
    """The file with ``old`` replaced by ``new`` in its part ``name`` (``new`` None: the part left out)."""
    with zipfile.ZipFile(path) as source:
        parts = {part: source.read(part) for part in source.namelist()}
    if new is None:
        del parts[name]
    else:
        assert old in parts[name]
        parts[name] = parts[name].replace(old, new)
    with zipfile.ZipFile(path, "w") as target:
        for part, data in parts.items():
            target.writestr(part, data)
    return path


def test_a_header_part_the_document_names_but_lacks_is_one_swedish_line(tmp_path: Path) -> None:
    path = _replaced(_python_docx(tmp_path / "pm.docx"), "word/header1.xml", b"", None)
    with pytest.raises(DocumentError, match=r"Delen word/header1\.xml saknas"):
        read_document(path)


def test_a_list_that_starts_at_a_huge_roman_number_is_read_at_once(tmp_path: Path) -> None:
    path = _python_docx(tmp_path / "pm.docx")
    with zipfile.ZipFile(path) as source:
        numbering = source.read("word/numbering.xml")
    first = numbering.index(b'w:numFmt w:val="decimal"')
    end = first + len(b'w:numFmt w:val="decimal"')
    patched = numbering[:first] + b'w:numFmt w:val="upperRoman"' + numbering[end:]
    patched = patched.replace(b'<w:start w:val="1"/>', b'<w:start w:val="1000000000000000000000"/>')
    _replaced(path, "word/numbering.xml", numbering, patched)
    read = read_document(path)
    labels = [block.numbering.label for block in read.body if isinstance(block, Para) and block.numbering]
    assert labels and all(len(label) < 12 for label in labels)


@pytest.mark.parametrize(("spans", "markup"), [
    pytest.param((Span("Kommun"), Span("-", bold=True), Span("styrelsen")), "Kommun-styrelsen",
                 id="bold_dash_in_a_word"),
    pytest.param((Span('"Citat"', bold=True), Span("s")), '"**Citat**"s', id="bold_quotes_before_a_letter"),
    pytest.param((Span("Kostnad "), Span("2024:", bold=True), Span("5 mnkr")), "Kostnad **2024**:5 mnkr",
                 id="bold_colon_before_a_digit"),
    pytest.param((Span("a*", italic=True), Span("b")), "*a*\\*b", id="italic_asterisk_before_a_letter"),
    pytest.param((Span("rad ett\n- rad två"),), "rad ett\n\\- rad två", id="dash_after_a_line_break"),
])
def test_emphasis_and_markers_read_back_as_the_prose_shows_them(spans: tuple[Span, ...], markup: str) -> None:
    from memo.case.prose import prose_markup

    written = Para("Normal", spans).markup
    assert written == markup
    shown = prose_markup(written, {}, {})
    assert "*" not in shown.replace("\\*", "").replace("a</i>*b", "") and "<ul>" not in shown and "<li>" not in shown
