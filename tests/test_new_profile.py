"""``memo profil ny --från``: an organisation's own Word document becomes a profile whose memos pass every check.

The three source documents are written by other writers than memo's: python-docx directly (a
header with a logo; no header at all) and LibreOffice converting a flat ODT (a header laid
out as a table, with page number fields).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

import memo
from conftest import pdf_text, require_real_client, to_pdf
from leaky_templates import libreoffice, png
from memo.cli import main

_CASE = """\
rubrik: Ny lekplats vid Norrby skola
diarienummer: KS 2026/77
datum: 2026-09-14
handlaggare:
  namn: Anna Berg
  enhet: Kansliet
beslutsinstans: Kommunstyrelsen
forslag_till_beslut:
  - anta förslaget till ny lekplats
  - ge förvaltningen i uppdrag att bygga den under 2027
sammanfattning: En ny lekplats byggs vid skolan.
arendebeskrivning: |
  Den gamla lekplatsen är sliten.

  - gungorna är trasiga
  - sandlådan behöver bytas
konsekvenser:
  barn: Barnen har fått säga sitt om lekplatsen.
  miljö: Ingen påverkan.
  jämställdhet: Ingen påverkan.
underskrift:
  namn: Karin Holm
  titel: Kommundirektör
skickas_till:
  - Tekniska nämnden
"""


def logo_header(folder: Path) -> Path:
    """A kommun's memo template as python-docx writes it: a logo, the förvaltning, Dnr and date in the header."""
    (folder / "logo.png").write_bytes(png())
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].add_run().add_picture(str(folder / "logo.png"), height=Mm(10))
    header.add_paragraph("Kommunstyrelseförvaltningen")
    header.add_paragraph("Dnr KS 2025/123")
    header.add_paragraph("Datum 2025-05-04")
    document.sections[0].footer.paragraphs[0].text = "Exempels kommun, Box 1, 123 45 Exempelstad"
    document.add_heading("Tjänsteskrivelse", 0)
    document.add_paragraph("Här skriver handläggaren.")
    path = folder / "kommunen.docx"
    document.save(str(path))
    return path


_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties fo:font-size="11pt" fo:language="en" fo:country="GB"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
   style:parent-style-name="Standard" style:default-outline-level="1">
   <style:text-properties fo:font-size="15pt" fo:font-weight="bold"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm"
    fo:margin-bottom="1.5cm" fo:margin-left="2.8cm" fo:margin-right="2.2cm"/>
   <style:header-style>
    <style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.6cm"/>
   </style:header-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header>
    <table:table table:name="Sidhuvud">
     <table:table-column table:number-columns-repeated="2"/>
     <table:table-row>
      <table:table-cell office:value-type="string"><text:p>Miljö- och byggnämnden</text:p></table:table-cell>
      <table:table-cell office:value-type="string"><text:p>Datum 2025-05-04</text:p></table:table-cell>
     </table:table-row>
     <table:table-row>
      <table:table-cell office:value-type="string"><text:p>Handläggare: Eva Ek</text:p></table:table-cell>
      <table:table-cell office:value-type="string"><text:p>Diarienummer: MBN 2025-000456</text:p></table:table-cell>
     </table:table-row>
    </table:table>
    <text:p>Sida <text:page-number text:select-page="current">1</text:page-number>
     (<text:page-count>1</text:page-count>)</text:p>
   </style:header>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">Tjänsteskrivelse</text:h><text:p>Här skriver handläggaren.</text:p>
 </office:text></office:body>
</office:document>
"""


def table_header(folder: Path) -> Path:
    """A nämnd's template as LibreOffice writes it from an ODT: the header is a table, with page fields."""
    return libreoffice(folder, "namnden", _FODT)


def no_header(folder: Path) -> Path:
    """A plain Word document without header or footer (python-docx)."""
    document = docx.Document()
    document.add_paragraph("Tjänsteskrivelse")
    path = folder / "enkel.docx"
    document.save(str(path))
    return path


SOURCES: dict[str, Callable[[Path], Path]] = {"logotyp-i-sidhuvudet": logo_header,
                                              "sidhuvud-som-tabell": table_header, "utan-sidhuvud": no_header}


@pytest.mark.parametrize("make", list(SOURCES.values()), ids=list(SOURCES))
def test_a_profile_made_from_an_organisations_document_gives_memos_that_pass_every_check(
        make: Callable[[Path], Path], tmp_path: Path) -> None:
    source = make(tmp_path)
    made = memo.new_profile(tmp_path / "profil", source, name="Exempels kommun", logo_alt="Exempels kommuns logotyp")
    assert (tmp_path / "profil" / "profil.yaml").is_file() and "Gjort:" in made.report()
    case = tmp_path / "ärende.yaml"
    case.write_text(_CASE, encoding="utf-8")
    target = memo.write(case, tmp_path / "pm.docx", profile=tmp_path / "profil")

    assert memo.check_docx(target) == []  # memo granska: language, headings, lists, the logo's alt text …
    document = docx.Document(str(target))
    headers = [p.text for part in (document.sections[0].header, document.sections[0].footer)
               for p in part.paragraphs] + [cell.text for part in (document.sections[0].header,)
                                            for table in part.tables for row in table.rows for cell in row.cells]
    shown = " ".join(headers)
    assert "{{" not in shown and "KS 2026/77" in shown
    if make is not no_header:
        assert "2026-09-14" in shown  # the document's own date became the memo's
    assert "2025" not in shown  # nothing of the template's own example values is left

    require_real_client()
    text = pdf_text(to_pdf(target))
    page_one = text.split("\f")[0]
    assert "Ny lekplats vid Norrby skola" in page_one and "Förslag till beslut" in page_one
    assert all(page.strip() for page in text.split("\f")[:-1])  # no blank page
    assert "anta förslaget till ny lekplats" in " ".join(text.split())


def test_the_table_header_keeps_its_labels_and_fills_its_values(tmp_path: Path) -> None:
    source = table_header(tmp_path)
    made = memo.new_profile(tmp_path / "profil", source, name="Miljö- och byggnämnden")
    assert any("MBN 2025-000456" in line and "diarienummer" in line for line in made.done)
    case = tmp_path / "ärende.yaml"
    case.write_text(_CASE, encoding="utf-8")
    document = docx.Document(io.BytesIO(memo.render(case, profile=tmp_path / "profil")))
    cells = [cell.text for table in document.sections[0].header.tables for row in table.rows for cell in row.cells]
    assert cells == ["Miljö- och byggnämnden", "Datum 2026-09-14", "Handläggare: Anna Berg", "Diarienummer: KS 2026/77"]
    styles = {s.name for s in document.styles}
    assert {"Att-sats", "Beslutsinledning", "Sändlista"} <= styles


def test_the_command_reports_what_it_did_and_what_is_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = logo_header(tmp_path)
    assert main(["profil", "ny", str(tmp_path / "kommunen"), "--från", str(source)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Profilen finns nu i {tmp_path / 'kommunen'}.")
    assert "'KS 2025/123' → {{ diarienummer }}" in out and "Satte dokumentets språk till svenska" in out
    assert "Logotypen i sidhuvudet saknar alternativtext" in out and "--logotext" in out
    assert "Organisationens namn är nu 'kommunen'" in out
    assert memo.load_profile(tmp_path / "kommunen").organisation == "kommunen"


def _with_main_type(source: Path, target: Path, kind: bytes) -> Path:
    """``source`` saved again with its main part's content type ``kind`` (a template, a macro-enabled file)."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", kind)
            out.writestr(info, data)
    return target


def test_a_word_template_dotx_is_read_like_a_document(tmp_path: Path) -> None:
    template = _with_main_type(logo_header(tmp_path), tmp_path / "kommunen.dotx", b"template.main+xml")
    memo.new_profile(tmp_path / "profil", template, name="Exempels kommun", logo_alt="Logotyp")
    assert memo.load_profile(tmp_path / "profil").organisation == "Exempels kommun"


def _damaged(folder: Path) -> Path:
    path = folder / "trasig.docx"
    path.write_bytes(logo_header(folder).read_bytes()[:900])
    return path


def _encrypted(folder: Path) -> Path:
    path = folder / "krypterad.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return path


def _macros(folder: Path) -> Path:
    return _with_main_type(logo_header(folder), folder / "makron.docm", b"document.macroEnabled.main+xml")


@pytest.mark.parametrize(("make", "message"), [
    pytest.param(_damaged, "går inte att läsa som ett Word-dokument", id="damaged-file"),
    pytest.param(_encrypted, "krypterad", id="encrypted-file"),
    pytest.param(_macros, "makroaktiverat", id="macro-enabled-file"),
])
def test_a_file_memo_cannot_use_is_one_swedish_line_and_nothing_is_written(
        make: Callable[[Path], Path], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = make(tmp_path)
    assert main(["profil", "ny", str(tmp_path / "profil"), "--från", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"memo: {source}") and message in err and "Traceback" not in err
    assert not (tmp_path / "profil").exists()


def test_an_existing_profile_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "profil"
    existing.mkdir()
    (existing / "profil.yaml").write_text("namn: Gammal\n", encoding="utf-8")
    assert main(["profil", "ny", str(existing), "--från", str(no_header(tmp_path))]) == 1
    assert "skriver inte över" in capsys.readouterr().err
    assert (existing / "profil.yaml").read_text(encoding="utf-8") == "namn: Gammal\n"
    assert sorted(p.name for p in existing.iterdir()) == ["profil.yaml"]


def test_a_profile_whose_reference_lacks_a_style_is_refused_when_it_loads(tmp_path: Path) -> None:
    profile = tmp_path / "profil"
    profile.mkdir()
    shutil.copy(no_header(tmp_path), profile / "referens.docx")  # python-docx's own styles: no Att-sats
    (profile / "profil.yaml").write_text("namn: Kommunen\n", encoding="utf-8")
    with pytest.raises(memo.ProfileError) as caught:
        memo.load_profile(profile)
    assert "Att-sats" in caught.value.message and "memo profil ny" in caught.value.message


def _without_numbering(source: Path, target: Path) -> Path:
    """``source`` with its list definitions taken out, as plain Word and LibreOffice documents come."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            if info.filename == "word/numbering.xml":
                continue
            data = archive.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship [^>]*Target="numbering.xml"/>', b"", data)
            if info.filename == "[Content_Types].xml":
                data = re.sub(rb'<Override PartName="/word/numbering.xml"[^>]*/>', b"", data)
            out.writestr(info, data)
    return target


def test_a_document_without_list_definitions_gets_memos(tmp_path: Path) -> None:
    source = _without_numbering(no_header(tmp_path), tmp_path / "utan-listor.docx")
    memo.new_profile(tmp_path / "profil", source, name="Kommunen")
    case = tmp_path / "ärende.yaml"
    case.write_text(_CASE, encoding="utf-8")
    target = memo.write(case, tmp_path / "pm.docx", profile=tmp_path / "profil")
    styles = [p.style.name for p in docx.Document(str(target)).paragraphs]
    assert "List Bullet" in styles and memo.check_docx(target) == []


def test_a_header_that_is_only_a_picture_keeps_it_and_gets_memos_lines(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    document = docx.Document()
    document.sections[0].header.paragraphs[0].add_run().add_picture(str(tmp_path / "logo.png"), height=Mm(10))
    document.save(str(tmp_path / "bild.docx"))
    made = memo.new_profile(tmp_path / "profil", tmp_path / "bild.docx", name="Kommunen", logo_alt="Logotyp")
    assert any("lade till ett" in line.lower() for line in made.done)
    case = tmp_path / "ärende.yaml"
    case.write_text(_CASE, encoding="utf-8")
    target = memo.write(case, tmp_path / "pm.docx", profile=tmp_path / "profil")
    with zipfile.ZipFile(target) as archive:
        header = archive.read("word/header1.xml").decode("utf-8")
    assert "<w:drawing>" in header and "KS 2026/77" in header and 'descr="Logotyp"' in header
    assert memo.check_docx(target) == []


def test_header_text_becomes_placeholders_only_where_it_is_a_field(tmp_path: Path) -> None:
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Dnr KS 2025/123\tDatum 2025-05-04"
    for line in ("Dnr:", "Telefon 0771-12-34-56", "Mall fastställd 2019-04-01", "Godkänd av: Eva Ek",
                 "Ert datum 2025-04-01"):
        header.add_paragraph(line)
    document.save(str(tmp_path / "mall.docx"))
    memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Kommunen")
    made = docx.Document(str(tmp_path / "profil" / "referens.docx"))
    lines = [p.text for p in made.sections[0].header.paragraphs]
    assert lines[:6] == ["Dnr {{ diarienummer }}\tDatum {{ datum }}", "Dnr:", "Telefon 0771-12-34-56",
                         "Mall fastställd 2019-04-01", "Godkänd av: Eva Ek", "Ert datum {{ ert_datum }}"]


def test_a_profile_folder_that_cannot_be_made_is_one_swedish_line(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fil").write_text("inte en mapp", encoding="utf-8")
    assert main(["profil", "ny", str(tmp_path / "fil" / "profil"), "--från", str(no_header(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("memo: ") and "Traceback" not in err and "gick inte att skriva" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["enkel.docx", "fil"]
