"""memo läs GAMMALT.docx --profil PROFIL: an old memo from another writer becomes a new case (memo.importer).

Each old memo here is made by a writer other than memo: python-docx directly, or LibreOffice converting HTML. The
new case is read back with memo's own reader (``memo.load_case``), checked as ``memo kontrollera`` checks it, and
rendered by memo, whose document is read back again.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document
from docx.shared import Cm

import memo
from conftest import ROOT, to_pdf
from memo.case.sections import SECTIONS
from memo.importer import Imported, import_memo
from memo.importer.headings import fold
from memo.pdf import find_soffice
from test_new_samples import fidelity

Build = Callable[[Document], None]


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An organisation's profile with the standard sections and no perspectives it requires."""
    folder = tmp_path_factory.mktemp("profil")
    shutil.copy(ROOT / "src" / "memo" / "profiles" / "standard" / "referens.docx", folder / "referens.docx")
    (folder / "profil.yaml").write_text("namn: Exempels kommun\nadress: [Box 1, 100 00 Orten]\n"
                                        "referensdokument: referens.docx\nbeslutsstil: att-satser\n",
                                        encoding="utf-8")
    return folder


def _bold(document: Document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def _header_table(document: Document) -> None:
    header = document.sections[0].header
    header.paragraphs[0].text = "Exempels kommun\tTJÄNSTESKRIVELSE"
    table = header.add_table(2, 3, width=Cm(16))
    for column, (label, value) in enumerate([("Datum", "2018-08-28"), ("Dnr", "SN 18/0098"),
                                             ("Handläggare", "Lena Bergström")]):
        table.cell(0, column).text = label
        table.cell(1, column).text = value
    table.cell(1, 2).add_paragraph("Socialkontoret")
    table.cell(1, 2).add_paragraph("lena.bergstrom@exempel.se")


def _old_memo(tmp_path: Path, build: Build, *, header: bool = True) -> Path:
    document = docx.Document()
    if header:
        _header_table(document)
    document.add_paragraph("Riktlinjer för ekonomiskt bistånd", style="Title")
    build(document)
    path = tmp_path / "gammalt.docx"
    document.save(str(path))
    return path


def _read(path: Path, profile: Path) -> tuple[Imported, memo.Case, Path]:
    """The old memo imported, written as the caller writes it, and read back by memo."""
    imported = import_memo(path, profile)
    case_file = path.with_name("nytt.yaml")
    case_file.write_text(imported.text, encoding="utf-8")
    return imported, memo.load_case(case_file, profile=profile), case_file


def _decision(document: Document, *lines: str) -> None:
    _bold(document, "Förslag till beslut")
    for line in lines:
        document.add_paragraph(line)


def _rendered_text(case_file: Path, profile: Path) -> list[tuple[str, str]]:
    target = memo.write(case_file, case_file.with_suffix(".docx"), profile=profile)
    return [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]


def test_a_heading_typed_as_bold_text_starts_its_section(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _decision(document, "Socialnämnden beslutar", "att godkänna riktlinjerna.")
        _bold(document, "Sammanfattning")
        document.add_paragraph("Riktlinjerna gäller från årsskiftet.")
        _bold(document, "Ärendebeskrivning")
        document.add_paragraph("Nämnden antog riktlinjerna 2015.")

    _, case, case_file = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["sammanfattning"] == "Riktlinjerna gäller från årsskiftet."
    assert case.avsnitt["arendebeskrivning"] == "Nämnden antog riktlinjerna 2015."
    shown = _rendered_text(case_file, profile)
    assert ("Heading 1", "Ärendebeskrivning") in shown
    assert shown[shown.index(("Heading 1", "Sammanfattning")) + 1][1] == "Riktlinjerna gäller från årsskiftet."


def test_a_synonym_heading_opens_its_section_and_keeps_the_memos_own_heading(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        document.add_heading("Förvaltningens förslag till beslut", 1)
        document.add_paragraph("att godkänna riktlinjerna")
        document.add_heading("Bakgrund", 1)
        document.add_paragraph("Nämnden antog riktlinjerna 2015.")
        document.add_heading("Ekonomi", 1)
        document.add_paragraph("Ändringen kostar inget.")

    _, case, case_file = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["arendebeskrivning"] == "Nämnden antog riktlinjerna 2015."
    assert case.avsnitt["ekonomiska_konsekvenser"].text == "Ändringen kostar inget."  # type: ignore[union-attr]
    assert dict(case.rubriker) == {"forslag_till_beslut": "Förvaltningens förslag till beslut",
                                   "arendebeskrivning": "Bakgrund", "ekonomiska_konsekvenser": "Ekonomi"}
    headings = [text for style, text in _rendered_text(case_file, profile) if style == "Heading 1"]
    assert headings == ["Förvaltningens förslag till beslut", "Bakgrund", "Ekonomi"]


def test_typed_att_lines_become_decision_points(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _decision(document, "Kommunstyrelsen föreslår kommunfullmäktige besluta", "att anta riktlinjerna,",
                  "att\tge socialnämnden i uppdrag att följa upp dem.")

    _, case, case_file = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["forslag_till_beslut"] == ("anta riktlinjerna", "ge socialnämnden i uppdrag att följa upp dem")
    assert (case.forslagsstallare, case.beslutsinstans) == ("Kommunstyrelsen", "Kommunfullmäktige")
    shown = _rendered_text(case_file, profile)
    assert ("Beslutsinledning", "Kommunstyrelsen föreslår kommunfullmäktige besluta") in shown
    assert ("Att-sats", "att\tge socialnämnden i uppdrag att följa upp dem.") in shown


def test_att_lines_typed_in_bold_become_decision_points_without_the_bold(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _decision(document, "Kommunstyrelsen föreslår kommunfullmäktige besluta")
        _bold(document, "att anta planen,")
        both = document.add_paragraph()
        run = both.add_run("att ge nämnden i uppdrag,")
        run.bold = True
        run.add_break()
        both.add_run("att återrapportera i juni.").bold = True

    _, case, case_file = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["forslag_till_beslut"] == ("anta planen", "ge nämnden i uppdrag", "återrapportera i juni")
    shown = _rendered_text(case_file, profile)
    assert ("Att-sats", "att\tåterrapportera i juni.") in shown and not any("**" in text for _, text in shown)


def test_typed_numbered_lines_become_decision_points(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _decision(document, "Regionstyrelsen beslutar:", "1. Planen antas.", "2. Uppdraget avslutas.")

    imported, case, _ = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["forslag_till_beslut"] == ("Planen antas", "Uppdraget avslutas")
    assert case.beslutsstil == "numrerade" and case.beslutsinstans == "Regionstyrelsen"
    assert "beslutsinledning: " in imported.text  # the profile's style has no lead-in of its own for numbered points


def test_a_word_list_becomes_decision_points(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _bold(document, "Beslutsförslag")
        document.add_paragraph("Socialnämnden beslutar")
        document.add_paragraph("Riktlinjerna antas.", style="List Number")
        document.add_paragraph("Förvaltningen följer upp dem.", style="List Number")
        _bold(document, "Sammanfattning")
        document.add_paragraph("Punkterna i riktlinjerna:")
        document.add_paragraph("handläggning av ansökan", style="List Bullet")
        document.add_paragraph("ungdomar som fyller 18 år", style="List Bullet")

    _, case, case_file = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["forslag_till_beslut"] == ("Riktlinjerna antas", "Förvaltningen följer upp dem")
    assert case.beslutsstil == "numrerade"
    assert str(case.avsnitt["sammanfattning"]).strip() == ("Punkterna i riktlinjerna:\n\n- handläggning av ansökan\n"
                                                           "- ungdomar som fyller 18 år")
    shown = _rendered_text(case_file, profile)
    assert ("List Bullet", "ungdomar som fyller 18 år") in shown


def test_header_table_fields_become_case_fields(tmp_path: Path, profile: Path) -> None:
    _, case, _ = _read(_old_memo(tmp_path, lambda d: _decision(d, "att godkänna riktlinjerna")), profile)
    assert (case.rubrik, case.diarienummer, str(case.datum)) == ("Riktlinjer för ekonomiskt bistånd", "SN 18/0098",
                                                                 "2018-08-28")
    assert case.handlaggare == memo.case.model.Handlaggare("Lena Bergström", "Socialkontoret",
                                                           epost="lena.bergstrom@exempel.se")


def test_labels_in_the_body_and_footer_become_case_fields(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        document.add_paragraph("Dnr KS 2025/12")
        document.add_paragraph("Handläggare: Karin Exempel, Kommunledningskontoret")
        document.add_paragraph("Till Kommunstyrelsen")
        _decision(document, "att godkänna riktlinjerna")
        footer = document.sections[0].footer
        footer.paragraphs[0].text = "Telefon: 08-123 456 78\tE-post: kommunen@exempel.se"

    imported, case, _ = _read(_old_memo(tmp_path, build, header=False), profile)
    assert (case.diarienummer, case.till) == ("KS 2025/12", "Kommunstyrelsen")
    assert case.handlaggare is not None and case.handlaggare.namn == "Karin Exempel"
    assert case.handlaggare.enhet == "Kommunledningskontoret"
    assert "08-123" not in imported.text  # the footer's telephone is the organisation's, not the handläggare's


def test_text_that_fits_no_section_is_kept_and_reported(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        document.add_paragraph("Ärendet har beretts i arbetsutskottet.")
        _decision(document, "att godkänna riktlinjerna", "Beslutet kan överklagas.")
        _bold(document, "Sammanfattning")
        document.add_paragraph("Riktlinjerna gäller från årsskiftet.")

    imported, case, _ = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["forslag_till_beslut"] == ("godkänna riktlinjerna",)
    summary = case.avsnitt["sammanfattning"]
    assert isinstance(summary, str)
    assert "Ärendet har beretts i arbetsutskottet." in summary and "Beslutet kan överklagas." in summary
    lines = imported.text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("sammanfattning:"))
    assert lines[at - 1].startswith("# ") and any(line.startswith("# memo läs: ") for line in lines[:at])
    assert any("Beslutet kan överklagas" in line for line in imported.unplaced)
    assert any("Ärendet har beretts" in line for line in imported.unplaced)


def test_a_heading_the_profile_lacks_becomes_a_sub_heading(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _decision(document, "att godkänna riktlinjerna")
        document.add_heading("Ärendet", 1)
        document.add_paragraph("Nämnden antog riktlinjerna 2015.")
        document.add_heading("Remissvar", 2)
        document.add_paragraph("Tolv remissinstanser har svarat.")

    _, case, case_file = _read(_old_memo(tmp_path, build), profile)
    passages = case.avsnitt["arendebeskrivning"]
    assert isinstance(passages, tuple)
    assert [(p.underrubrik, p.text) for p in passages] == [("", "Nämnden antog riktlinjerna 2015."),
                                                           ("Remissvar", "Tolv remissinstanser har svarat.")]
    assert ("Heading 2", "Remissvar") in _rendered_text(case_file, profile)


def test_signatures_and_recipients_are_recognised(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _decision(document, "att godkänna riktlinjerna")
        _bold(document, "Beslutsunderlag")
        document.add_paragraph("Tjänsteskrivelse daterad 2018-08-28")
        document.add_paragraph("")
        document.add_paragraph("Eva Folke\tElisabeth Rågård")
        document.add_paragraph("Socialchef\tAvdelningschef")
        document.add_paragraph("Beslutet skickas till: Diariet, Socialnämnden")

    _, case, case_file = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["beslutsunderlag"] == ("Tjänsteskrivelse daterad 2018-08-28",)
    assert [(s.namn, s.titel) for s in case.avsnitt["underskrift"]] == [  # type: ignore[union-attr]
        ("Eva Folke", "Socialchef"), ("Elisabeth Rågård", "Avdelningschef")]
    assert case.avsnitt["skickas_till"] == ("Diariet", "Socialnämnden")
    assert case.rubriker["skickas_till"] == "Beslutet skickas till"
    shown = _rendered_text(case_file, profile)
    assert any(text.startswith("Eva Folke") for _, text in shown)


def test_a_table_of_amounts_becomes_the_economy_table(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _decision(document, "att godkänna riktlinjerna")
        document.add_heading("Ekonomiska konsekvenser", 1)
        document.add_paragraph("Kostnaderna framgår av tabellen.")
        document.add_paragraph("Tabell 1. Driftkostnader, tkr", style="Caption")
        table = document.add_table(3, 3)
        for row, cells in enumerate([("Post", "2027", "2028"), ("Personal", "3 200", "7 700"), ("Lokaler", "500", "")]):
            for column, text in enumerate(cells):
                table.cell(row, column).text = text
        document.add_heading("Sammanfattning", 1)
        document.add_paragraph("Nämnden tar del av tabellen:")
        table = document.add_table(2, 2)
        table.cell(0, 0).text, table.cell(0, 1).text, table.cell(1, 0).text, table.cell(1, 1).text = (
            "Ort", "Antal", "Kungsängen", "cirka tolv")

    imported, case, _ = _read(_old_memo(tmp_path, build), profile)
    economy = case.avsnitt["ekonomiska_konsekvenser"]
    assert economy.text == "Kostnaderna framgår av tabellen."  # type: ignore[union-attr]
    table = economy.tabell  # type: ignore[union-attr]
    assert (table.beskrivning, table.enhet) == ("Tabell 1. Driftkostnader, tkr", "tkr")
    assert table.kolumner == ("2027", "2028")
    assert [(r.post, r.belopp) for r in table.rader] == [("Personal", (3200000, 7700000)), ("Lokaler", (500000, None))]
    assert str(case.avsnitt["sammanfattning"]).strip() == ("Nämnden tar del av tabellen:\n\n- Ort; Antal\n"
                                                           "- Kungsängen; cirka tolv")
    assert any("punktlista" in line for line in imported.unplaced)


def test_a_value_the_old_memo_lacks_is_written_empty_and_named(tmp_path: Path, profile: Path) -> None:
    path = _old_memo(tmp_path, lambda d: _bold(d, "Sammanfattning"), header=False)
    imported = import_memo(path, profile)
    case_file = tmp_path / "nytt.yaml"
    case_file.write_text(imported.text, encoding="utf-8")
    report = memo.validate(case_file, profile=profile)
    assert {problem.key for problem in report.errors} == {"diarienummer", "handlaggare.namn", "handlaggare.enhet",
                                                          "forslag_till_beslut[1]"}
    assert imported.text.count("# memo läs: ") == 4


def test_the_import_writes_nothing(tmp_path: Path, profile: Path) -> None:
    path = _old_memo(tmp_path, lambda d: _decision(d, "att godkänna riktlinjerna"))
    before = sorted(tmp_path.iterdir())
    assert import_memo(path, profile).text
    assert sorted(tmp_path.iterdir()) == before


def test_a_memo_libreoffice_made_from_html_is_read(tmp_path: Path, profile: Path) -> None:
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice saknas")
    html = tmp_path / "gammalt.html"
    html.write_text(
        "<html><head><meta charset='utf-8'><title>Svar på motion om barnvagnsskydd</title></head><body>"
        "<p>Dnr KS 2017/114</p><p>Handläggare: Anna Berg, Kommunledningskontoret</p>"
        "<h1>Svar på motion om barnvagnsskydd</h1>"
        "<h2>Förslag till beslut</h2><p>Kommunstyrelsen föreslår kommunfullmäktige att:</p>"
        "<ol><li>Motionen anses besvarad.</li><li>Förskolorna kartläggs.</li></ol>"
        "<h2>Ärendet</h2><p>En motion har <b>kommit in</b> om barnvagnsskydd.</p>"
        "<p><b>Bedömning</b></p><p>Förvaltningen ser inget behov.</p>"
        "<p>Sändlista</p><p>Miljö- och samhällsbyggnadsnämnden</p></body></html>", encoding="utf-8")
    subprocess.run([str(soffice), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(html)], check=True, capture_output=True,
                   timeout=180)
    _, case, case_file = _read(tmp_path / "gammalt.docx", profile)
    assert (case.rubrik, case.diarienummer) == ("Svar på motion om barnvagnsskydd", "KS 2017/114")
    assert case.avsnitt["forslag_till_beslut"] == ("Motionen anses besvarad", "Förskolorna kartläggs")
    assert case.beslutsinledning == "Kommunstyrelsen föreslår kommunfullmäktige att:"
    passages = case.avsnitt["arendebeskrivning"]
    assert isinstance(passages, tuple) and passages[1].underrubrik == "Bedömning"
    assert passages[0].text == "En motion har **kommit in** om barnvagnsskydd."
    assert case.avsnitt["skickas_till"] == ("Miljö- och samhällsbyggnadsnämnden",)
    shown = _rendered_text(case_file, profile)
    assert ("Beslutsinledning", "Kommunstyrelsen föreslår kommunfullmäktige att:") in shown


def test_the_synonyms_are_a_column_of_the_section_table_and_name_one_section_each() -> None:
    owners: dict[str, str] = {}
    for spec in SECTIONS:
        for synonym in (spec.heading, *spec.synonyms):
            if synonym and "{" not in synonym:
                assert owners.setdefault(fold(synonym), spec.key) == spec.key, synonym
    assert {"ärendet", "bakgrund", "beskrivning av ärendet"} <= {k for k, v in owners.items()
                                                                if v == "arendebeskrivning"}
    assert {"beslutsförslag", "förvaltningens förslag till beslut"} <= {k for k, v in owners.items()
                                                                       if v == "forslag_till_beslut"}
    assert {"ekonomi", "finansiering"} <= {k for k, v in owners.items() if v == "ekonomiska_konsekvenser"}


def _upplands_bro(document: Document) -> None:
    """A tjänsteskrivelse laid out as Upplands-Bro kommun's (tests/data/tjansteskrivelse-upplands-bro-…txt): the
    handläggare alone in the header under a table of labels, the addressee above the title, bold headings, the
    decision as a sentence, signatures side by side."""
    header = document.sections[0].header
    header.paragraphs[0].text = "Upplands-Bro kommun\tTJÄNSTESKRIVELSE\t1 (2)"
    table = header.add_table(2, 3, width=Cm(16))
    for column, (label, value) in enumerate([("Datum", "2018-08-28"), ("Vår beteckning", "SN 18/0098"),
                                             ("Er beteckning", "")]):
        table.cell(0, column).text, table.cell(1, column).text = label, value
    for line in ("Lena Bergström", "Socialkontoret", "lena.bergstrom@upplands-bro.se"):
        header.add_paragraph(line)
    footer = document.sections[0].footer
    footer.paragraphs[0].text = "Postadress: Upplands-Bro kommun, 196 81 Kungsängen\tTelefon: 08-581 690 00"
    footer.add_paragraph("UBK1005, v2.0, 2014-11-03")
    document.add_paragraph("Socialnämnden")
    document.add_paragraph().add_run("Revidering av riktlinjer för ekonomiskt bistånd").bold = True
    _decision(document, "Socialnämnden godkänner delrevidering av riktlinjer för ekonomiskt bistånd.")
    _bold(document, "Sammanfattning")
    document.add_paragraph("Ärendet avser en delrevidering av riktlinjerna för ekonomiskt bistånd.")
    document.add_paragraph("De ensamkommande ungdomarna kan ansöka om försörjningsstöd från det att de fyller 18 år.")
    _bold(document, "Beslutsunderlag")
    document.add_paragraph("Tjänsteskrivelse daterad 2018-08-28", style="List Bullet")
    document.add_paragraph("Utdrag ur riktlinjerna för ekonomiskt bistånd", style="List Bullet")
    _bold(document, "Barnperspektiv")
    document.add_paragraph("Ur ett barnperspektiv är det viktigt att riktlinjerna uppdaterade.")
    document.add_paragraph("")
    document.add_paragraph("Eva Folke\tElisabeth Rågård")
    document.add_paragraph("Socialchef\tAvdelningschef")
    _bold(document, "Beslut sänds till")
    document.add_paragraph("Diariet", style="List Bullet")


def test_an_old_memo_laid_out_as_upplands_bros_passes_the_check_and_renders_its_words(tmp_path: Path) -> None:
    profile = ROOT / "samples" / "profiler" / "upplands-bro-socialnamnden"
    document = docx.Document()
    _upplands_bro(document)
    old = tmp_path / "gammalt.docx"
    document.save(str(old))
    imported, case, case_file = _read(old, profile)
    assert (case.till, case.diarienummer, str(case.datum)) == ("Socialnämnden", "SN 18/0098", "2018-08-28")
    assert case.dokumenttyp is None  # "TJÄNSTESKRIVELSE" in the header: the profile's own
    assert case.handlaggare == memo.case.model.Handlaggare("Lena Bergström", "Socialkontoret",
                                                           epost="lena.bergstrom@upplands-bro.se")
    assert [k.perspektiv for k in case.avsnitt["konsekvenser"]] == [("barn",)]  # type: ignore[union-attr]
    assert memo.validate(case_file, profile=profile).errors == ()
    assert imported.unplaced == ("Texten 'UBK1005, v2.0, 2014-11-03' i sidfoten är inget fält som memo känner och "
                                 "står inte i profilens sidhuvud eller sidfot; den står som en kommentar överst i "
                                 "ärendet.",)
    source = tmp_path / "källa.txt"
    source.write_text("\n".join(p.text for p in docx.Document(str(old)).paragraphs), encoding="utf-8")
    rendered = memo.write(case_file, tmp_path / "nytt.docx", profile=profile)
    assert fidelity(source, to_pdf(rendered)) >= 0.95


def test_a_top_heading_the_profile_lacks_becomes_an_own_section(tmp_path: Path, profile: Path) -> None:
    def build(document: Document) -> None:
        _decision(document, "att godkänna riktlinjerna")
        document.add_heading("Samråd med föreningar", 1)
        document.add_paragraph("Samråd har hållits med tre föreningar.")

    _, case, case_file = _read(_old_memo(tmp_path, build), profile)
    (own,) = case.avsnitt["egna_avsnitt"]  # type: ignore[misc]
    assert (own.rubrik, own.text) == ("Samråd med föreningar", "Samråd har hållits med tre föreningar.")
    assert ("Heading 1", "Samråd med föreningar") in _rendered_text(case_file, profile)


def test_tracked_changes_are_read_as_accepted_and_counted(tmp_path: Path, profile: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document: Document) -> None:
        _decision(document, "att godkänna riktlinjerna")
        _bold(document, "Sammanfattning")
        paragraph = document.add_paragraph("Riktlinjerna gäller ")
        paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="Chefen" w:date="2026-01-01T00:00:00Z">'
                                      '<w:r><w:delText>inte </w:delText></w:r></w:del>'))
        paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="Chefen" w:date="2026-01-01T00:00:00Z">'
                                      '<w:r><w:t>från årsskiftet.</w:t></w:r></w:ins>'))

    imported, case, _ = _read(_old_memo(tmp_path, build), profile)
    assert case.avsnitt["sammanfattning"] == "Riktlinjerna gäller från årsskiftet."
    assert imported.revisions == 2
    assert "Dokumentet hade 2 spårade ändringar; de lästes som godkända." in imported.unplaced


def test_a_doc_file_is_converted_through_libreoffice_first(tmp_path: Path, profile: Path) -> None:
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice saknas")
    old = _old_memo(tmp_path, lambda d: _decision(d, "att godkänna riktlinjerna"))
    subprocess.run([str(soffice), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(tmp_path / "doc"), str(old)], check=True, capture_output=True,
                   timeout=180)
    _, case, _ = _read(tmp_path / "doc" / "gammalt.doc", profile)
    assert (case.rubrik, case.diarienummer) == ("Riktlinjer för ekonomiskt bistånd", "SN 18/0098")
    assert case.avsnitt["forslag_till_beslut"] == ("godkänna riktlinjerna",)


def test_a_header_laid_out_as_the_profiles_gives_the_values_where_its_placeholders_stand(tmp_path: Path) -> None:
    """Region Örebro län's reference has "{{ enhet }}, {{ handlaggare }}" under "Tjänsteställe, handläggare": no
    label memo knows, so only the profile's layout says which is the name and which the unit."""
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Region Örebro län\t1 (2)"
    table = header.add_table(2, 3, width=Cm(16))
    for column, (label, value) in enumerate([("Tjänsteställe, handläggare", "Näringslivsutveckling, Kristina Eklöf"),
                                             ("Sammanträdesdatum", "2026-06-01"), ("FöredragningsPM",
                                                                                  "Dnr: 26RS5145")]):
        table.cell(0, column).text, table.cell(1, column).text = label, value
    document.add_paragraph("Utökat driftsstöd till IUC Industrihubb", style="Title")
    document.add_heading("Förslag till beslut", 1)
    document.add_paragraph("Regional tillväxtnämnd beslutar")
    document.add_paragraph("att avsätta medel till driftsstöd.")
    old = tmp_path / "gammalt.docx"
    document.save(str(old))
    imported = import_memo(old, "region-orebro-lan")
    case_file = tmp_path / "nytt.yaml"
    case_file.write_text(imported.text, encoding="utf-8")
    written = yaml.safe_load(imported.text)
    assert written["handlaggare"] == {"namn": "Kristina Eklöf", "enhet": "Näringslivsutveckling"}
    assert (written["diarienummer"], written["sammantradesdatum"]) == ("26RS5145", "2026-06-01")
    assert written["beslutsinstans"] == "Regional tillväxtnämnd" and "beslutsinledning" not in written
    # what the old memo lacks, and only that: the sections the profile requires
    problems = {problem.key for problem in memo.validate(case_file, profile="region-orebro-lan").errors}
    assert problems == {"sammanfattning", "arendebeskrivning", "ekonomiska_konsekvenser", "uppfoljning", "konsekvenser",
                        "konsekvenser.miljo", "konsekvenser.barn", "konsekvenser.jamstalldhet"}


#: What each sample's memo does not show, so that its case read back from the memo lacks it (and nothing else).
_NOT_SHOWN = {
    "arende-region-rs-aterrapportering-2017-12-19": {"handlaggare.enhet"},
    "arende-region-rs-aterrapportering-2021-02-03": {"handlaggare.enhet"},
    "tjansteskrivelse-arboga-yttrande-ds-2015-53": {"handlaggare.enhet"},
    "tjansteskrivelse-karlskoga-kfn-checklista": {"handlaggare.enhet"},
    "tjansteutlatande-sll-trn-service-i-glesbygd": {"handlaggare.enhet"},
    "yttrande-jamtland-narkolepsi": {"forslag_till_beslut[1]"},  # that it is a yttrande, without a decision
}
_CASES = [path for path in sorted((ROOT / "samples").glob("*.yaml")) if "protokollsutdrag" not in path.name]


@pytest.mark.parametrize("sample", _CASES, ids=[path.stem for path in _CASES])
def test_each_samples_memo_read_as_an_old_memo_lacks_only_what_it_does_not_show(sample: Path, tmp_path: Path) -> None:
    """memo's own memo of each sample, in each organisation's template, read back as an old memo: every value it
    shows comes back, and the new case renders the same words in order."""
    case = memo.load_case(sample)
    profile: str | Path = sample.parent / case.profil if case.profil and "/" in case.profil else \
        case.profil or "standard"
    old = memo.write(sample, tmp_path / "gammalt.docx")
    imported = import_memo(old, profile)
    case_file = tmp_path / "nytt.yaml"
    case_file.write_text(imported.text, encoding="utf-8")
    problems = {problem.key for problem in memo.validate(case_file, profile=profile).errors}
    assert problems == _NOT_SHOWN.get(sample.stem, set())
    if problems:
        return
    new = memo.write(case_file, tmp_path / "nytt.docx", profile=profile)
    words = [_body_words(path) for path in (old, new)]
    matcher = difflib.SequenceMatcher(None, *words, autojunk=False)
    assert sum(block.size for block in matcher.get_matching_blocks()) / len(words[0]) >= 0.98


def _body_words(path: Path) -> list[str]:
    return " ".join(p.text for p in docx.Document(str(path)).paragraphs).replace("\u00a0", " ").split()


@pytest.mark.parametrize("name, content", [("inte-word.docx", "Det här är text.".encode()),
                                           ("zip-utan-word.docx", bytes.fromhex("504b0506") + bytes(18))],
                         ids=["text-named-docx", "empty-zip-named-docx"])
def test_a_file_that_is_no_word_document_is_one_swedish_error(tmp_path: Path, profile: Path, name: str,
                                                              content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(memo.DocumentError) as caught:
        import_memo(path, profile)
    assert caught.value.location.file == path and "\n" not in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written beside it


def _png() -> bytes:
    """A one-pixel PNG, as an image program writes it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_footnotes_and_pictures_are_said_not_dropped(tmp_path: Path, profile: Path) -> None:
    import zipfile

    def build(document: Document) -> None:
        _bold(document, "Ärendebeskrivning")
        document.add_paragraph("Nämnden får besluta om detta.")
        document.add_picture(str(picture), width=Cm(2))

    picture = tmp_path / "bild.png"
    picture.write_bytes(_png())
    path = _old_memo(tmp_path, build)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts["word/footnotes.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
                                   '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                                   '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Se 6 kap. 1 § '
                                   'kommunallagen.</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.wordprocessingml.footnotes+xml"/></Types>')
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    imported = import_memo(path, profile)
    assert "# memo läs: fotnot: Se 6 kap. 1 § kommunallagen." in imported.text
    assert any("Fotnoten 'Se 6 kap. 1 § kommunallagen.'" in line for line in imported.unplaced)
    assert "Det gamla PM:et har en bild som memo inte läser in" in " ".join(imported.unplaced)
    assert "separator" not in imported.text


def test_a_doc_that_is_missing_or_named_like_an_option_is_told_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                        profile: Path) -> None:
    if find_soffice() is None:
        pytest.skip("LibreOffice saknas")
    with pytest.raises(memo.DocumentError, match="Filen finns inte"):
        import_memo(tmp_path / "finns-inte.doc", profile)
    shutil.copy(ROOT / "tests" / "data" / "gamla-pm" / "stockholm-utlatande-2017-19-ri-obelisken.doc",
                tmp_path / "-x.doc")
    monkeypatch.chdir(tmp_path)
    imported = import_memo("-x.doc", profile)
    assert "obelisken på Slottsbacken" in imported.text
