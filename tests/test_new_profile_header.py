"""``memo profil ny``: a template's sample values in its header become the case's, whatever the layout (issue 21).

The templates come from other writers than memo: LibreOffice converting a flat ODT whose header
is a table (labels over the sample values, the handläggare's name and förvaltning on two lines in
one cell, "TJÄNSTESKRIVELSE" above it), and python-docx writing the other layouts. Each test reads
the profile's reference document, and the memos made with it as LibreOffice prints them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm
from docx.text.paragraph import Paragraph

import memo
from conftest import ROOT, pdf_text, to_pdf
from leaky_templates import libreoffice
from memo.case.documenttypes import DOCUMENT_TYPE_NAMES, document_type_name
from memo.case.sections import FIELDS, HANDLAGGARE
from memo.case.starter import DOCUMENT_TYPES
from memo.profile.headerfields import PLACEHOLDERS, labels, names
from memo.profile.samples import SAMPLES

_CASE = """\
rubrik: Ny lekplats vid Norrby skola
diarienummer: KS 2026/77
datum: 2026-09-14
handlaggare:
  namn: Anna Berg
  enhet: Kansliet
  epost: anna.berg@kommunen.se
  telefon: 010-111 22 33
beslutsinstans: Kommunstyrelsen
forslag_till_beslut:
  - anta förslaget till ny lekplats
"""

#: The template of issue 21, as a nämnd makes it in LibreOffice: a header table with the labels in one row, the
#: sample values below, the name and the förvaltning on two lines in one cell; the document type above it.
_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties fo:font-size="11pt" fo:language="sv" fo:country="SE"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph"/>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="Typ" style:family="paragraph">
   <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
  </style:style>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm"
    fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
   <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.6cm"/>
   </style:header-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header>
    <text:p text:style-name="Typ">TJÄNSTESKRIVELSE</text:p>
    <table:table table:name="Sidhuvud">
     <table:table-column table:number-columns-repeated="3"/>
     <table:table-row>
      <table:table-cell office:value-type="string"><text:p>Handläggare</text:p></table:table-cell>
      <table:table-cell office:value-type="string"><text:p>Datum</text:p></table:table-cell>
      <table:table-cell office:value-type="string"><text:p>Dnr</text:p></table:table-cell>
     </table:table-row>
     <table:table-row>
      <table:table-cell office:value-type="string">
       <text:p>Karin Exempel</text:p><text:p>Socialförvaltningen</text:p>
      </table:table-cell>
      <table:table-cell office:value-type="string"><text:p>2025-05-04</text:p></table:table-cell>
      <table:table-cell office:value-type="string"><text:p>SN 2025/123</text:p></table:table-cell>
     </table:table-row>
    </table:table>
   </style:header>
   <style:footer><text:p>Exempels kommun, Box 1, 123 45 Exempelstad</text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text><text:p>Här skriver handläggaren.</text:p></office:text></office:body>
</office:document>
"""


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def _header_xml(profile: Path) -> str:
    """Every header and footer part of the profile's reference document."""
    with zipfile.ZipFile(profile / "referens.docx") as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if re.fullmatch(r"word/(header|footer)\d*\.xml", n))


def _memo_text(folder: Path, profile: Path, case: str = _CASE, name: str = "pm") -> str:
    """The memo made with ``profile`` as LibreOffice prints it, first page, whitespace made single."""
    path = folder / f"{name}.yaml"
    path.write_text(case, encoding="utf-8")
    target = memo.write(path, folder / f"{name}.docx", profile=profile)
    return " ".join(pdf_text(to_pdf(target)).split("\f")[0].split())


@pytest.fixture(scope="module")
def table_profile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, memo.NewProfile]:
    """The profile ``memo profil ny`` makes of issue 21's LibreOffice template."""
    folder = tmp_path_factory.mktemp("tabell")
    made = memo.new_profile(folder / "profil", libreoffice(folder, "socialnamnden", _FODT), name="Exempels kommun")
    return folder / "profil", made


def test_the_sample_handlaggare_in_a_libreoffice_header_table_becomes_the_cases(
        table_profile: tuple[Path, memo.NewProfile], tmp_path: Path) -> None:
    profile, made = table_profile
    header = _header_xml(profile)
    assert "Karin Exempel" not in header and "SN 2025/123" not in header and "2025-05-04" not in header
    for name in ("handlaggare", "forvaltning", "datum", "diarienummer", "dokumenttyp"):
        assert f"{{{{ {name} }}}}" in header
    assert "'Karin Exempel' → {{ handlaggare }}" in made.report()
    # The förvaltning the template showed is the profile's, for a handläggare without one of her own.
    assert 'forvaltning: "Socialförvaltningen"' in (profile / "profil.yaml").read_text(encoding="utf-8")

    text = _memo_text(tmp_path, profile)
    assert memo.check_docx(tmp_path / "pm.docx") == []  # memo granska finds nothing
    assert "Anna Berg" in text and "Karin Exempel" not in text
    assert "Socialförvaltningen" in text and "KS 2026/77" in text and "2026-09-14" in text
    assert "SN 2025/123" not in text and "2025-05-04" not in text


def test_a_yttrande_is_headed_with_its_own_document_type(table_profile: tuple[Path, memo.NewProfile],
                                                         tmp_path: Path) -> None:
    profile, _ = table_profile
    run = re.search(r"<w:r>(?:(?!</w:r>).)*\{\{ dokumenttyp \}\}", _header_xml(profile))
    assert run is not None and "<w:caps/>" in run.group()  # written in capitals, as the template was
    assert 'dokumenttyp: "Tjänsteskrivelse"' in (profile / "profil.yaml").read_text(encoding="utf-8")

    yttrande = _memo_text(tmp_path, profile, "dokumenttyp: Yttrande\n" + _CASE, "yttrande")
    assert "YTTRANDE" in yttrande and "TJÄNSTESKRIVELSE" not in yttrande
    plain = _memo_text(tmp_path, profile)  # a case without a document type: the profile's, the template's
    assert "TJÄNSTESKRIVELSE" in plain and "YTTRANDE" not in plain


def _label_beside_value(document: docx.Document) -> None:
    table = document.sections[0].header.add_table(rows=2, cols=2, width=Cm(16))
    for row, (label, value) in zip(table.rows, [("Handläggare", "Karin Exempel"), ("Dnr", "SN 2025/123")], strict=True):
        row.cells[0].text, row.cells[1].text = label, value


def _two_paragraphs_in_a_cell(document: docx.Document) -> None:
    cell = document.sections[0].header.add_table(rows=1, cols=2, width=Cm(16)).rows[0].cells[0]
    cell.text = "Handläggare"
    for line in ("Karin Exempel", "karin.exempel@exempel.se", "08-123 456 78"):
        cell.add_paragraph(line)


def _a_line_break_in_a_cell(document: docx.Document) -> None:
    labels, values = document.sections[0].header.add_table(rows=2, cols=2, width=Cm(16)).rows
    labels.cells[0].text, labels.cells[1].text = "Handläggare", "Dnr"
    run = values.cells[0].paragraphs[0].add_run("Karin Exempel")
    run.add_break(WD_BREAK.LINE)
    run.add_text("Socialförvaltningen")
    values.cells[1].text = "SN 2025/123"


def _after_a_colon(document: docx.Document) -> None:
    header = document.sections[0].header
    header.paragraphs[0].text = "Handläggare: Karin Exempel, Socialförvaltningen"
    header.add_paragraph("Telefon: 08-123 456 78")
    header.add_paragraph("E-post: karin.exempel@exempel.se")
    header.add_paragraph("Diarienummer: SN 2025/123")


def _a_label_on_its_own_line(document: docx.Document) -> None:
    header = document.sections[0].header
    header.paragraphs[0].text = "Handläggare"
    for line in ("Karin Exempel", "08-123 456 78", "", "Dnr", "SN 2025/123"):
        header.add_paragraph(line)


def _labels_set_out_with_tabs(document: docx.Document) -> None:
    header = document.sections[0].header
    header.paragraphs[0].text = "Handläggare\tDatum\tDnr"
    header.add_paragraph("Karin Exempel\t2025-05-04\tSN 2025/123")


def _prompts_in_brackets(document: docx.Document) -> None:
    header = document.sections[0].header
    header.paragraphs[0].text = "Handläggare: [Namn], [Telefon]"
    header.add_paragraph("Dnr [Diarienummer]")


#: Each layout, and the placeholders its sample values become.
LAYOUTS: dict[str, tuple[Callable[[docx.Document], None], tuple[str, ...]]] = {
    "etikett-bredvid-vardet": (_label_beside_value, ("handlaggare", "diarienummer")),
    "tva-stycken-i-en-cell": (_two_paragraphs_in_a_cell, ("handlaggare", "handlaggare_epost",
                                                          "handlaggare_telefon")),
    "radbrytning-i-en-cell": (_a_line_break_in_a_cell, ("handlaggare", "forvaltning", "diarienummer")),
    "efter-kolon": (_after_a_colon, ("handlaggare", "forvaltning", "handlaggare_telefon", "handlaggare_epost",
                                     "diarienummer")),
    "etikett-pa-egen-rad": (_a_label_on_its_own_line, ("handlaggare", "handlaggare_telefon", "diarienummer")),
    "tabbar": (_labels_set_out_with_tabs, ("handlaggare", "datum", "diarienummer")),
    "hakparentes": (_prompts_in_brackets, ("handlaggare", "handlaggare_telefon", "diarienummer")),
}


@pytest.mark.parametrize(("layout", "expected"), list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_sample_values_under_labels_become_placeholders_in_every_header_layout(
        layout: Callable[[docx.Document], None], expected: tuple[str, ...], tmp_path: Path) -> None:
    document = docx.Document()
    layout(document)
    document.add_paragraph("Här skriver handläggaren.")
    document.save(str(tmp_path / "mall.docx"))
    made = memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Exempels kommun")
    header = _header_xml(tmp_path / "profil")
    assert all(f"{{{{ {name} }}}}" in header for name in expected), header
    for sample in ("Karin Exempel", "karin.exempel", "08-123 456 78", "SN 2025/123", "[Namn]", "[Telefon]"):
        assert sample not in header
    assert not any("ser ut som" in line for line in made.todo), made.todo  # nothing of the samples is left

    text = _memo_text(tmp_path, tmp_path / "profil")
    assert "Anna Berg" in text and "Karin Exempel" not in text
    for name, value in (("diarienummer", "KS 2026/77"), ("handlaggare_telefon", "010-111 22 33"),
                        ("handlaggare_epost", "anna.berg@kommunen.se")):
        assert (value in text) is (name in expected)


@pytest.mark.parametrize(("written", "profile_type", "caps"), [
    pytest.param("TJÄNSTESKRIVELSE", "Tjänsteskrivelse", True, id="versaler"),
    pytest.param("Tjänsteskrivelse", "Tjänsteskrivelse", False, id="gemener"),
    pytest.param("YTTRANDE", "Yttrande", True, id="yttrande"),
    pytest.param("PM", "PM", False, id="forkortning"),
    pytest.param("Missiv", "Missiv", False, id="missiv"),
    pytest.param("Föredragnings-PM", "Föredragnings-PM", False, id="med-bindestreck"),
])
def test_the_templates_document_type_becomes_the_cases_in_any_spelling(
        written: str, profile_type: str, caps: bool, tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"Exempels kommun\t{written}"
    document.sections[0].header.add_paragraph("Dnr KS 2025/1")
    document.save(str(tmp_path / "mall.docx"))
    memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Exempels kommun")
    header = _part(tmp_path / "profil" / "referens.docx", "word/header1.xml")
    run = re.search(r"<w:r>(?:(?!</w:r>).)*\{\{ dokumenttyp \}\}", header)
    assert run is not None and written not in header
    assert ("<w:caps/>" in run.group()) is caps
    yaml = (tmp_path / "profil" / "profil.yaml").read_text(encoding="utf-8")
    assert f'dokumenttyp: "{profile_type}"' in yaml

    case = tmp_path / "ärende.yaml"
    case.write_text("dokumenttyp: Yttrande\n" + _CASE, encoding="utf-8")
    shown = docx.Document(io.BytesIO(memo.render(case, profile=tmp_path / "profil"))).sections[0].header
    assert shown.paragraphs[0].text == "Exempels kommun\tYttrande"


def test_the_report_says_which_text_left_in_header_and_footer_looks_like_sample_data_and_where(
        tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Godkänd av: Eva Ek"
    table = section.header.add_table(rows=2, cols=2, width=Cm(16))
    table.rows[0].cells[1].text = "Mall fastställd 2019-04-01"
    table.rows[1].cells[0].text = "Handläggare"
    table.rows[1].cells[1].text = "Karin Exempel"
    table.rows[1].cells[1].add_paragraph("Socialsekreterare")
    section.footer.paragraphs[0].text = "Exempels kommun, registrator@exempel.se, 08-123 456 78"
    section.footer.add_paragraph("Beslutat i ärende KS 2024/9")
    document.save(str(tmp_path / "mall.docx"))
    made = memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Exempels kommun")
    report = made.report()

    assert "Sidhuvudet, rad 1: 'Eva Ek' ser ut som ett namn" in report
    assert "Sidhuvudet, tabellen rad 1, kolumn 2: '2019-04-01' ser ut som ett datum" in report
    assert "Sidhuvudet, tabellen rad 2, kolumn 2: 'Socialsekreterare' står under 'Handläggare'" in report
    assert "Sidfoten, rad 1: 'registrator@exempel.se' ser ut som en e-postadress" in report
    assert "Sidfoten, rad 1: '08-123 456 78' ser ut som ett telefonnummer" in report
    assert "Sidfoten, rad 2: 'KS 2024/9' ser ut som ett diarienummer" in report
    assert "'Exempels kommun' ser ut" not in report and "'Karin Exempel' ser ut" not in report
    kept = _header_xml(tmp_path / "profil")  # reported, not changed: the person decides
    assert all(text in kept for text in ("Eva Ek", "2019-04-01", "registrator@exempel.se", "KS 2024/9"))
    assert "Karin Exempel" not in kept and "{{ handlaggare }}" in kept


def test_every_header_fields_label_is_read_after_a_colon(tmp_path: Path) -> None:
    """The labels are the FIELDS rows' own (memo.profile.headerfields.labels): each row's first label, followed by a
    sample of its value, becomes that row's placeholder."""
    fields = [field for field in FIELDS if field.placeholder and field.labels]
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Exempels kommun"
    for field in fields:
        sample = "2025-05-04" if field.form == "datum" else "Exempelvärde 12"
        header.add_paragraph(f"{field.labels[0].capitalize()}: {sample}")
    document.save(str(tmp_path / "mall.docx"))
    memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Exempels kommun")
    lines = [p.text for p in docx.Document(str(tmp_path / "profil" / "referens.docx")).sections[0].header.paragraphs]
    assert lines[1:len(fields) + 1] == [f"{f.labels[0].capitalize()}: {{{{ {f.key} }}}}" for f in fields]


def test_every_kind_of_memo_that_memo_ny_starts_has_a_known_document_type() -> None:
    assert all(document_type_name(kind.dokumenttyp) == kind.dokumenttyp for kind in DOCUMENT_TYPES.values())
    assert len({document_type_name(name) for name in DOCUMENT_TYPE_NAMES}) == len(DOCUMENT_TYPE_NAMES)


def test_sample_data_names_placeholders_and_handlaggare_keys_that_exist() -> None:
    known = set(names())
    assert all(set(sample.placeholders) <= known for sample in SAMPLES)
    keys = set(HANDLAGGARE.names)
    assert all(sample.handlaggare_key in keys for sample in SAMPLES if sample.handlaggare_key)
    assert all(p.handlaggare_key in keys for p in PLACEHOLDERS if p.handlaggare_key)
    # The placeholder a line under a handläggare's name becomes is the one that shows that key of hers.
    shows = {p.handlaggare_key: p.name for p in PLACEHOLDERS if p.handlaggare_key}
    assert all(shows[s.handlaggare_key] == s.placeholders[0] for s in SAMPLES if s.handlaggare_key)


def test_a_prompt_becomes_a_placeholder_but_not_the_profiles_value(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "[Förvaltning]\t[Dokumenttyp]"
    document.save(str(tmp_path / "mall.docx"))
    memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Exempels kommun")
    assert "{{ forvaltning }}\t{{ dokumenttyp }}" in [
        p.text for p in docx.Document(str(tmp_path / "profil" / "referens.docx")).sections[0].header.paragraphs]
    yaml = (tmp_path / "profil" / "profil.yaml").read_text(encoding="utf-8")
    assert "forvaltning:" not in yaml and "dokumenttyp:" not in yaml  # "[Förvaltning]" is no förvaltning


def test_a_header_full_of_sample_data_is_listed_in_twenty_places_and_a_count(tmp_path: Path) -> None:
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Dnr KS 2025/1"
    for day in range(1, 29):
        for month in range(1, 11):
            header.add_paragraph(f"Reviderad 2019-{month:02}-{day:02}")
    document.save(str(tmp_path / "mall.docx"))
    made = memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Exempels kommun")
    listed = [line for line in made.todo if "ser ut som ett datum" in line]
    assert len(listed) == 20 and listed[0].startswith("Sidhuvudet, rad 2: '2019-01-01'")
    assert "… och 260 ställen till i sidhuvud och sidfot med text som ser ut som exempeluppgifter." in made.todo
    assert "Reviderad 2019-10-28" in _header_xml(tmp_path / "profil")


def _made(tmp_path: Path, document: docx.Document) -> tuple[Path, memo.NewProfile]:
    """The profile ``memo profil ny`` makes of ``document`` (saved as the template)."""
    document.add_paragraph("Här skriver handläggaren.")
    document.save(str(tmp_path / "mall.docx"))
    return tmp_path / "profil", memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Exempels kommun")


def _header_table(profile: Path) -> list[list[str]]:
    header = docx.Document(str(profile / "referens.docx")).sections[0].header
    return [[cell.text for cell in row.cells] for row in header.tables[0].rows]


def _table_of_labels(document: docx.Document) -> None:
    table = document.sections[0].header.add_table(rows=2, cols=3, width=Cm(16))
    for row, texts in zip(table.rows, [("Datum", "Diarienummer", "Beslutsinstans"),
                                       ("2025-05-04", "KS 2025/12", "Kommunstyrelsen")], strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text


def _tabs_of_labels(document: docx.Document) -> None:
    document.sections[0].header.paragraphs[0].text = "Datum\tDiarienummer\tBeslutsinstans"
    document.sections[0].header.add_paragraph("2025-05-04\tKS 2025/12\tKommunstyrelsen")


@pytest.mark.parametrize("layout", [_table_of_labels, _tabs_of_labels], ids=["tabell", "tabbar"])
def test_a_label_memo_does_not_know_in_a_row_of_labels_keeps_its_value_and_the_report_names_it(
        layout: Callable[[docx.Document], None], tmp_path: Path) -> None:
    document = docx.Document()
    layout(document)
    profile, made = _made(tmp_path, document)
    header = _header_xml(profile)
    assert "{{ datum }}" in header and "{{ diarienummer }}" in header and "Beslutsinstans" in header
    assert "KS 2025/12" not in header and "2025-05-04" not in header and "Kommunstyrelsen" in header
    if layout is _table_of_labels:
        assert _header_table(profile) == [["Datum", "Diarienummer", "Beslutsinstans"],
                                          ["{{ datum }}", "{{ diarienummer }}", "Kommunstyrelsen"]]
    assert any("'Kommunstyrelsen' står under 'Beslutsinstans', en etikett som memo inte känner till" in line
               for line in made.todo), made.todo

    text = _memo_text(tmp_path, profile)
    assert "2026-09-14" in text and "KS 2026/77" in text and "Kommunstyrelsen" in text
    assert "2025-05-04" not in text and "KS 2025/12" not in text


def test_a_label_cells_value_beside_it_becomes_a_placeholder_only_where_it_has_the_values_shape(
        tmp_path: Path) -> None:
    document = docx.Document()
    table = document.sections[0].header.add_table(rows=3, cols=2, width=Cm(16))
    for row, (label, value) in zip(table.rows, [("Datum", "Kommunstyrelsen"), ("Dnr", "KS-2025-00012"),
                                                ("Handläggare", "Socialsekreterare")], strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    profile, _ = _made(tmp_path, document)
    assert _header_table(profile) == [["Datum", "Kommunstyrelsen"], ["Dnr", "{{ diarienummer }}"],
                                      ["Handläggare", "Socialsekreterare"]]
    text = _memo_text(tmp_path, profile)
    assert "KS 2026/77" in text and "KS-2025-00012" not in text
    assert "Kommunstyrelsen" in text and "Socialsekreterare" in text and "Anna Berg" not in text


def _field(paragraph: Paragraph, instruction: str) -> None:
    """Word's field ``instruction`` (PAGE, NUMPAGES) at the end of ``paragraph``, showing "1"."""
    run = paragraph.add_run()
    for xml in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>', f'<w:t {nsdecls("w")}>1</w:t>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
        run._r.append(parse_xml(xml))


def test_the_text_beside_a_page_number_field_becomes_placeholders_and_the_field_stays_in_place(
        tmp_path: Path) -> None:
    document = docx.Document()
    header = document.sections[0].header
    first = header.paragraphs[0]
    first.add_run("TJÄNSTESKRIVELSE\t\t")
    _field(first, "PAGE")
    first.add_run(" (")
    _field(first, "NUMPAGES")
    first.add_run(")")
    dnr = header.add_paragraph("Dnr KS 2025/12\t\tSida ")
    _field(dnr, "PAGE")
    handlaggare = header.add_paragraph("Handläggare: Karin Exempel\t")
    handlaggare._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r>'
                                    '</w:fldSimple>'))
    profile, made = _made(tmp_path, document)
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", _part(profile / "referens.docx", "word/header1.xml"))
    assert re.search(r"\{\{ dokumenttyp \}\}.*PAGE.*\(.*NUMPAGES.*\)", paragraphs[0]), paragraphs[0]
    assert re.search(r"Dnr \{\{ diarienummer \}\}.*Sida .*PAGE", paragraphs[1]), paragraphs[1]
    assert re.search(r"Handläggare: \{\{ handlaggare \}\}.*<w:fldSimple w:instr=\" PAGE \">", paragraphs[2])
    assert not any(sample in "".join(paragraphs) for sample in ("TJÄNSTESKRIVELSE", "KS 2025/12", "Karin"))
    assert "'TJÄNSTESKRIVELSE' → {{ dokumenttyp }}" in made.report()

    _memo_text(tmp_path, profile, "dokumenttyp: Yttrande\n" + _CASE)
    lines = [" ".join(line.split()) for line in pdf_text(tmp_path / "pm.pdf", layout=True).splitlines()]
    assert {"YTTRANDE 1 (1)", "Dnr KS 2026/77 Sida 1", "Handläggare: Anna Berg 1"} <= set(lines), lines[:5]


def test_the_shipped_upplands_bro_profile_shows_the_cases_document_type_beside_the_page_number() -> None:
    header = _part(ROOT / "samples" / "profiler" / "upplands-bro-socialnamnden" / "referens.docx", "word/header1.xml")
    first = re.search(r"<w:p[ >].*?</w:p>", header)
    assert first is not None and re.search(r"\{\{ dokumenttyp \}\}.*PAGE.*NUMPAGES", first.group())
    assert "TJÄNSTESKRIVELSE" not in header


@pytest.mark.parametrize("name", ["Per von Essen", "Anna af Klint", "Ali el Sayed", "Sara McDonald"])
def test_a_name_with_a_particle_or_an_inner_capital_is_the_handlaggares_or_is_reported(
        name: str, tmp_path: Path) -> None:
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Handläggare"
    header.add_paragraph(name)
    document.sections[0].footer.paragraphs[0].text = f"Godkänd av: {name}"
    profile, made = _made(tmp_path, document)
    lines = [p.text for p in docx.Document(str(profile / "referens.docx")).sections[0].header.paragraphs]
    assert lines == ["Handläggare", "{{ handlaggare }}"]
    assert f"Sidfoten, rad 1: '{name}' ser ut som ett namn" in made.report()

    text = _memo_text(tmp_path, profile)
    assert "Handläggare Anna Berg" in text and f"Godkänd av: {name}" in text


def test_an_organisation_or_a_label_beside_a_place_is_not_reported_as_a_persons_name(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Högskolan Väst"
    document.sections[0].header.add_paragraph("Dnr KS 2025/12")
    document.sections[0].footer.paragraphs[0].text = ("Postadress: Upplands-Bro kommun, 196 81 Kungsängen "
                                                      "Telefon: 08-581 690 00")
    profile, made = _made(tmp_path, document)
    report = made.report()
    assert "'Högskolan Väst' ser ut" not in report and "'Kungsängen Telefon' ser ut" not in report
    assert "Sidfoten, rad 1: '08-581 690 00' ser ut som ett telefonnummer" in report
    text = _memo_text(tmp_path, profile)
    assert "Högskolan Väst" in text and "196 81 Kungsängen Telefon: 08-581 690 00" in text


_LETTER = _FODT.replace("TJÄNSTESKRIVELSE", "Kontaktperson: Eva Ek").replace(
    "<text:p>Handläggare</text:p>", "<text:p>Vårt datum</text:p>").replace(
    "<text:p>Datum</text:p>", "<text:p>Vår beteckning</text:p>").replace(
    "<text:p>Dnr</text:p>", "<text:p>Vår referens</text:p>").replace(
    "<text:p>Karin Exempel</text:p><text:p>Socialförvaltningen</text:p>", "<text:p>2025-05-04</text:p>").replace(
    "<text:p>2025-05-04</text:p></table:table-cell>\n      <table:table-cell office:value-type=\"string\">"
    "<text:p>SN 2025/123</text:p>", "<text:p>SN 2025/123</text:p></table:table-cell>\n      "
    "<table:table-cell office:value-type=\"string\"><text:p>Eva Ek</text:p>")


def test_a_letters_vart_datum_var_referens_and_kontaktperson_are_labels(tmp_path: Path) -> None:
    assert {label: labels()[label] for label in ("vårt datum", "vår referens", "kontaktperson")} == {
        "vårt datum": "datum", "vår referens": "handlaggare", "kontaktperson": "handlaggare"}
    source = libreoffice(tmp_path, "brev", _LETTER)
    made = memo.new_profile(tmp_path / "profil", source, name="Exempels kommun")
    assert _header_table(tmp_path / "profil") == [["Vårt datum", "Vår beteckning", "Vår referens"],
                                                  ["{{ datum }}", "{{ diarienummer }}", "{{ handlaggare }}"]]
    header = _header_xml(tmp_path / "profil")
    assert "Kontaktperson: {{ handlaggare }}" in header and "Eva Ek" not in header and "SN 2025/123" not in header
    assert not any("ser ut som" in line for line in made.todo), made.todo

    text = _memo_text(tmp_path, tmp_path / "profil")
    assert "Kontaktperson: Anna Berg" in text and "2026-09-14" in text and "KS 2026/77" in text
    assert "Eva Ek" not in text and "2025-05-04" not in text


def test_a_footers_telefon_and_e_post_are_the_organisations_not_the_handlaggares(tmp_path: Path) -> None:
    """A footer table "Postadress | Telefon | E-post" over the organisation's own details became the handläggare's
    phone and e-mail on every memo; in a footer those labels are the organisation's, and its values go into
    profil.yaml."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Exempels kommun"
    section.header.add_paragraph("Dnr KS 2025/12")
    table = section.footer.add_table(rows=2, cols=3, width=Cm(16))
    for column, (label, value) in enumerate([("Postadress", "Box 1, 123 45 Exempelstad"),
                                             ("Telefon", "08-123 456 00"), ("E-post", "kommun@exempel.se")]):
        table.cell(0, column).text, table.cell(1, column).text = label, value
    document.add_paragraph("Text.")
    document.save(str(tmp_path / "mall.docx"))
    memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Exempels kommun")
    footers = _header_xml(tmp_path / "profil")
    assert "{{ telefon }}" in footers and "{{ epost }}" in footers and "handlaggare_" not in footers
    settings = (tmp_path / "profil" / "profil.yaml").read_text(encoding="utf-8")
    assert 'telefon: "08-123 456 00"' in settings and 'epost: "kommun@exempel.se"' in settings
    printed = _memo_text(tmp_path, tmp_path / "profil")  # the handläggare's are 010-111 22 33, anna.berg@…
    assert "08-123 456 00" in printed and "kommun@exempel.se" in printed
    assert "010-111 22 33" not in printed and "anna.berg@kommunen.se" not in printed
