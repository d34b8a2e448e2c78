#!/usr/bin/env python3
"""Build the samples' organisation profiles the way an organisation would: from its own Word template.

Usage::

    python tools/sample_profiles.py

For each organisation below, python-docx writes a Word document that imitates the
organisation's memo template (page, fonts, header and footer as in its published memos,
with the prompts and example values such a template has), and ``memo.new_profile`` — what
``memo profil ny --från`` runs — makes the profile from it. Only ``profil.yaml`` settings
are added afterwards (the organisation's details, its sections and decision style); no
profile has templates of its own. Writes ``samples/profiler/<namn>/``; the imitated template
itself is made anew each time and not kept.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "samples" / "profiler"


def _page_number(paragraph: docx.text.paragraph.Paragraph, prefix: str = "") -> None:
    """``prefix`` + PAGE + " (" + NUMPAGES + ")", as Word's fields."""
    if prefix:
        paragraph.add_run(prefix)
    for instruction, shown in (("PAGE", "1"), (None, " ("), ("NUMPAGES", "1"), (None, ")")):
        if instruction is None:
            paragraph.add_run(shown)
            continue
        run = paragraph.add_run()
        for xml in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                    f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>',
                    f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>', f'<w:t {nsdecls("w")}>{shown}</w:t>',
                    f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
            run._r.append(parse_xml(xml))


def _a4(document: docx.document.Document, left: float, right: float, top: float, bottom: float) -> Any:
    """The document's section as A4 with these margins (cm)."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    return section


def _name_and_page(header: Any, name: str, page_prefix: str = "", right: float | None = None) -> Any:
    """The header's first line: the name in bold and, at the right edge, the page as "N (M)"; ``right``: a right
    tab stop there (cm), as the organisation's template sets it."""
    first = header.paragraphs[0]
    if right is not None:
        first.paragraph_format.tab_stops.add_tab_stop(Cm(right), WD_TAB_ALIGNMENT.RIGHT)
    first.add_run(name).bold = True
    first.add_run("\t\t")  # past the Header style's centre tab, to the right edge
    _page_number(first, page_prefix)
    return first


def _addressee(header: Any, text: str) -> None:
    """A line of the addressee's block, indented to the window of an envelope (9 cm)."""
    header.add_paragraph(text).paragraph_format.left_indent = Cm(9)


def _document(margins: tuple[float, float, float, float], body: str, headings: str,
              size: int) -> tuple[docx.document.Document, Any]:
    """A new document on A4 with these margins (left, right, top, bottom, cm) and fonts, and its section."""
    document = docx.Document()
    section = _a4(document, *margins)
    _fonts(document, body, headings, size)
    return document, section


def _saved(document: docx.document.Document, folder: Path) -> Path:
    path = folder / "mall.docx"
    document.save(str(path))
    return path


def _fonts(document: docx.document.Document, body: str, headings: str, size: int) -> None:
    normal = document.styles["Normal"]
    normal.font.name = body
    normal.font.size = Pt(size)
    for name, points in (("Title", 16), ("Heading 1", 12), ("Heading 2", 11)):
        style = document.styles[name]
        style.font.name = headings
        style.font.size = Pt(points)
        style.font.bold = True
        style.font.color.rgb = None
        style.font.italic = False


def upplands_bro(folder: Path) -> Path:
    """Upplands-Bro kommun's tjänsteskrivelse: the document type and page at the top, a table of Datum, Vår
    beteckning and Er beteckning, the handläggare's block and the addressee, the postal details in the footer."""
    document, section = _document((2.5, 2, 2, 2), "Times New Roman", "Arial", 12)
    header = section.header
    _name_and_page(header, "TJÄNSTESKRIVELSE", right=16.5)
    table = header.add_table(rows=2, cols=3, width=Cm(16.5))
    for cell, text in zip(table.rows[0].cells, ("Datum", "Vår beteckning", "Er beteckning"), strict=True):
        cell.paragraphs[0].add_run(text).font.size = Pt(8)
    for cell, text in zip(table.rows[1].cells, ("2018-01-01", "SN 18/0000", "[Er beteckning]"), strict=True):
        cell.paragraphs[0].text = text
    for prompt in ("[Handläggare]", "[Enhet]", "[E-post]"):
        header.add_paragraph(prompt)
    _addressee(header, "[Till]")
    footer = section.footer.paragraphs[0]
    footer.text = ("Postadress: Upplands-Bro kommun, 196 81 Kungsängen Besöksadress: Furuhällsplan 1, Kungsängen "
                   "Telefon: 08-581 690 00 Fax: 08-581 692 40 E-post: kommun@upplands-bro.se Webb: upplands-bro.se")
    for run in footer.runs:
        run.font.size = Pt(7)
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Förslag till beslut", style="Heading 1")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def tyreso(folder: Path) -> Path:
    """Tyresö kommun's agenda item (ärende) for a committee: the kommun and page, the committee, Dnr and date."""
    document, section = _document((2.5, 2.5, 2.2, 2), "Arial", "Arial", 11)
    section.start_type = WD_SECTION.NEW_PAGE
    header = section.header
    _name_and_page(header, "Tyresö kommun", "Sida ", right=16)
    second = header.add_paragraph("Miljö- och samhällsbyggnadsutskottet")
    second.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    second.add_run("\tDnr 2017KSM0000.000")
    header.add_paragraph("Sammanträdesdatum 2017-01-01")
    section.footer.paragraphs[0].text = "Tyresö kommun, 135 81 Tyresö  ·  Besök: Marknadsvägen 4  ·  www.tyreso.se"
    document.add_paragraph("Ärendets rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def nynashamn(folder: Path) -> Path:
    """Nynäshamns kommun's matters to a board: the kommun and page, the board, the Dnr and the meeting's date."""
    document, section = _document((2.5, 2.5, 2, 2), "Georgia", "Arial", 11)
    header = section.header
    _name_and_page(header, "Nynäshamns kommun")
    header.add_paragraph("Till [Till]")
    header.add_paragraph("Dnr [Diarienummer]")
    header.add_paragraph("Sammanträdesdatum 2017-01-01")
    section.footer.paragraphs[0].text = "Nynäshamns kommun, Stadshusplatsen 1, 149 81 Nynäshamn"
    document.add_paragraph("Svar på motion", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def sll_trn(folder: Path) -> Path:
    """Stockholms läns landsting's tjänsteutlåtande from a förvaltning to its nämnd: the landsting and page, the
    förvaltning, the document type with the nämnd's abbreviation (fixed in the förvaltning's template), the
    handläggare after its label and the nämnd the memo goes to."""
    document, section = _document((2.5, 2.5, 2, 2), "Times New Roman", "Arial", 12)
    header = section.header
    _name_and_page(header, "Stockholms läns landsting", right=16)
    header.add_paragraph("Tillväxt- och regionplaneförvaltningen")
    header.add_paragraph("TJÄNSTEUTLÅTANDE TRN")
    header.add_paragraph("Handläggare: [Handläggare]")
    _addressee(header, "[Till]")
    section.footer.paragraphs[0].text = "Stockholms läns landsting, Box 22550, 104 22 Stockholm"
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Ärendebeskrivning", style="Heading 1")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def karlskoga(folder: Path) -> Path:
    """Karlskoga kommun's tjänsteskrivelse to a nämnd: the document type with the nämnd's abbreviation (fixed in
    the nämnd's template), the handläggare after its label and the nämnd."""
    document, section = _document((2.5, 2.5, 2, 2), "Garamond", "Arial", 12)
    header = section.header
    _name_and_page(header, "Tjänsteskrivelse KFN", right=16)
    header.add_paragraph("Handläggare: [Handläggare]")
    _addressee(header, "[Till]")
    section.footer.paragraphs[0].text = "Karlskoga kommun, 691 83 Karlskoga"
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Sammanfattning", style="Heading 1")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def arboga(folder: Path) -> Path:
    """Arboga kommun's tjänsteskrivelse: the kommun and the förvaltning, the handläggare's title and name and
    e-mail, the document type and the date under its label."""
    document, section = _document((2.5, 2.5, 2, 2), "Times New Roman", "Arial", 12)
    header = section.header
    _name_and_page(header, "ARBOGA KOMMUN", right=16)
    header.add_paragraph("Kommunstyrelseförvaltningen")
    header.add_paragraph("[Titel], [Handläggare]")
    header.add_paragraph("[E-post]")
    kind = header.add_paragraph()
    kind.add_run("TJÄNSTESKRIVELSE").bold = True
    header.add_paragraph("Datum")
    header.add_paragraph("2015-01-01")
    section.footer.paragraphs[0].text = "Arboga kommun, Box 45, 732 21 Arboga"
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def jonkoping(folder: Path) -> Path:
    """Landstinget i Jönköpings län's missiv from the landstingsstyrelse: the document type and page, the dnr, the
    förvaltning (the template's own prompt "Förvaltningsnamn") and the recipient."""
    document, section = _document((2.5, 2.5, 2, 2), "Georgia", "Arial", 11)
    header = section.header
    _name_and_page(header, "MISSIV", right=16)
    header.add_paragraph("[Diarienummer]")
    header.add_paragraph("Förvaltningsnamn")
    _addressee(header, "[Till]")
    section.footer.paragraphs[0].text = "Landstinget i Jönköpings län, Box 1024, 551 11 Jönköping"
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)



def region_rs(folder: Path) -> Path:
    """A region's ärende till sammanträde (Region RS): a table in the header with the document type over the
    committee, the meeting's date and page, then ANSVARIG AVDELNING, DOKUMENT-ID and VERSION over their values, then
    ANSVARIG CHEF and HANDLÄGGARE over theirs. The prompts are in brackets, as the region's own template has them
    ("[Gäller för verksamhet]" is left unfilled in its published memos); the document-management system's fields
    (DOKUMENT-ID, VERSION, ANSVARIG CHEF) the region has written as placeholders of its own, which ``memo profil ny``
    declares as the profile's own fields (``egna_falt``)."""
    document, section = _document((2.5, 2.5, 5.5, 2), "Arial", "Arial", 11)
    header = section.header
    table = header.add_table(rows=6, cols=3, width=Cm(16))
    rows = (("ÄRENDE TILL", "SAMMANTRÄDESDATUM", ""), ("[Till]", "[Sammanträdesdatum]", None),
            ("ANSVARIG AVDELNING", "DOKUMENT-ID", "VERSION"),
            ("[Gäller för verksamhet]", "{{ dokument_id }}", "{{ version }}"),
            ("ANSVARIG CHEF", "HANDLÄGGARE", ""), ("{{ ansvarig_chef }}", "[Handläggare]", ""))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            if text is None:
                _page_number(cell.paragraphs[0], "Sida ")
                continue
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(7 if text.isupper() else 10)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0 if text.isupper() else 6)
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Förslag till beslut", style="Heading 1")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def dalarna(folder: Path) -> Path:
    """Landstinget Dalarna's beslutsunderlag: the landsting, its förvaltning and the kansli under it, the document
    type and the addressee, the date and page, then Dnr and Uppdnr side by side (Uppdnr printed with its label when
    it is empty), and the chain of organs the matter goes through. The kansli, the Uppdnr and the chain are the
    landsting's own fields, which its template has as placeholders of its own (``egna_falt``)."""
    document, section = _document((2.5, 2.5, 6.5, 2), "Times New Roman", "Arial", 12)
    header = section.header
    header.paragraphs[0].add_run("Landstinget DALARNA").bold = True
    for text in ("[Förvaltning]", "{{ kansli }}", "BESLUTSUNDERLAG", "[Till]"):
        header.add_paragraph(text)
    table = header.add_table(rows=2, cols=2, width=Cm(16))
    table.rows[0].cells[0].paragraphs[0].text = "Datum 2014-01-01"
    _page_number(table.rows[0].cells[1].paragraphs[0], "Sida ")
    for cell, text in zip(table.rows[1].cells, ("Dnr [Dnr]", "Uppdnr {{ uppdnr }}"), strict=True):
        cell.paragraphs[0].text = text
    header.add_paragraph("{{ beredning }}")
    section.footer.paragraphs[0].text = "Landstinget Dalarna  ·  Box 712, 791 29 Falun  ·  Besöksadress Vasagatan 27"
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Ordförandens förslag", style="Heading 1")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def sll(folder: Path) -> Path:
    """Stockholms läns landsting's skrivelse from the landstingsrådsberedning: the landsting and the page, the author
    organ, the document type and the addressee in capitals."""
    document, section = _document((2.5, 2.5, 2.5, 2), "Times New Roman", "Arial", 12)
    header = section.header
    _name_and_page(header, "Stockholms läns landsting", right=16)
    header.add_paragraph("Landstingsradsberedningen")
    header.add_paragraph("SKRIVELSE")
    header.add_paragraph().add_run("[Till]").font.all_caps = True
    section.footer.paragraphs[0].text = "Stockholms läns landsting  ·  Box 22550, 104 22 Stockholm"
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def stockholm(folder: Path) -> Path:
    """Stockholms stad's promemoria from the borgarrådsberedning: the city and the page in the header, the address in
    the footer; the PM's number, rotel and Dnr stand in the body, on a line above the title."""
    document, section = _document((2.5, 2.5, 2, 2), "Times New Roman", "Times New Roman", 12)
    header = section.header
    _name_and_page(header, "Stockholms stad", right=16)
    section.footer.paragraphs[0].text = "Stockholms stad  ·  Stadshuset, 105 35 Stockholm"
    document.add_paragraph("PM 2004 RI (Dnr 000-0/2004)")
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def sll_brev(folder: Path) -> Path:
    """Stockholms läns landsting's letter (BREV) from the landstingsstyrelse's förvaltning: the förvaltning and its
    kansli's two levels, the document type and page, the Dnr and date, the addressee and its beteckning; the
    landsting's postal details, with their labels, in the footer."""
    document, section = _document((2.5, 2.5, 6.5, 2), "Times New Roman", "Arial", 12)  # the header above the text
    header = section.header
    header.paragraphs[0].add_run("Landstingsstyrelsens förvaltning").bold = True
    for line in ("SLL Juridik och upphandling", "LSF Kansli"):
        header.add_paragraph(line)
    kind = header.add_paragraph("BREV")
    kind.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    kind.add_run("\t")
    _page_number(kind)
    header.add_paragraph("Datum 2016-01-01")
    header.add_paragraph("Diarienummer LS 2016-0000")
    for prompt in ("[Till]", "[Er beteckning]"):
        _addressee(header, prompt)
    footer = section.footer.paragraphs[0]
    footer.text = ("Stockholms läns landsting Box Stockholm Telefon: Fax: E-post: Säte: Stockholm Org.nr: "
                   "Besök oss: Hantverkargatan 45. Kommunikationer: T-bana Rådhuset, Buss 3, 40, 52 och 62")
    for run in footer.runs:
        run.font.size = Pt(7)
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def jamtland(folder: Path) -> Path:
    """Jämtlands läns landsting's yttrande: the page as "N(M)", the kansli, the Dnr, the handläggare, the
    department's beteckning and the labels "Tfn:" and "E-post:" left empty, the addressee; the landsting's postal
    details, with their labels, in the footer."""
    document, section = _document((2.5, 2.5, 2, 2), "Times New Roman", "Arial", 12)
    header = section.header
    first = header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(first)
    first.runs[-3].text = "("  # "1(1)", as the landsting writes it
    for line in ("[Förvaltning]", "Dnr LS/000/2014", "[Handläggare]", "[Er beteckning]", "Tfn:", "E-post:"):
        header.add_paragraph(line)
    _addressee(header, "[Till]")
    footer = section.footer.paragraphs[0]
    footer.text = ("Besöksadress: Kyrkgatan 12 Östersund Postadress: Jämtlands läns landsting Box Östersund "
                   "Telefon: Fax: E-post: jamtlands.lans.landsting@jll.se Webbplats: Bankgiro: Plusgiro: Org nr:")
    for run in footer.runs:
        run.font.size = Pt(7)
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def uppsala(folder: Path) -> Path:
    """Uppsala kommun's tjänsteskrivelse from the kommunledningskontor: the kontor, the handläggare, date and
    diarienummer each under its label, the addressee; the kontor's postal details in the footer."""
    document, section = _document((2.5, 2.5, 2, 2), "Times New Roman", "Arial", 12)
    header = section.header
    _name_and_page(header, "KOMMUNLEDNINGSKONTORET")
    for label, value in (("Handläggare", "[Handläggare]"), ("Datum", "2015-01-01"), ("Diarienummer", "KSN-2015-0000")):
        header.add_paragraph(label).runs[0].font.size = Pt(8)
        header.add_paragraph(value)
    _addressee(header, "[Till]")
    footer = section.footer.paragraphs[0]
    footer.text = "Postadress: Uppsala kommun, kommunledningskontoret, Uppsala Telefon: (växel) E-post:"
    for run in footer.runs:
        run.font.size = Pt(8)
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Förslag till beslut", style="Heading 1")
    document.add_paragraph("Text.")
    return _saved(document, folder)


#: Each profile: the imitated template, the organisation's name and alt text, and its profil.yaml settings.
ORGANISATIONS: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "upplands-bro-socialnamnden": (upplands_bro, "Upplands-Bro kommun", """\
adress: [196 81 Kungsängen]
epost: kommun@upplands-bro.se
webbplats: upplands-bro.se
telefon: 08-581 690 00
beslutsstil: mening
perspektiv: [barn]
avsnitt:
  forslag_till_beslut:
  sammanfattning:
  beslutsunderlag:
  konsekvenser: Barnperspektiv
  underskrift:
  skickas_till: Beslut sänds till
"""),
    "tyreso-miljo-och-samhallsbyggnadsutskottet": (tyreso, "Tyresö kommun", """\
adress: [135 81 Tyresö]
webbplats: www.tyreso.se
dokumenttyp: Ärende
beslutsstil: strecksatser
valfria_falt: [handlaggare]
avsnitt:
  forslag_till_beslut: Miljö- och samhällsbyggnadsutskottets förslag till beslut
  arendebeskrivning: Beskrivning av ärendet
  bilagor:
"""),
    "nynashamn-kommunstyrelsen": (nynashamn, "Nynäshamns kommun", """\
adress: [Stadshusplatsen 1, 149 81 Nynäshamn]
epost: kontaktcenter@nynashamn.se
telefon: 08-520 680 00
dokumenttyp: Tjänsteskrivelse
beslutsstil: mening
beslutsinledning: "${forslagsstallare} föreslår ${beslutsinstans | gemen} att:"
valfria_falt: [handlaggare, diarienummer]
avsnitt:
  sammanfattning: ""
  forslag_till_beslut:
"""),
    "sll-tillvaxt-och-regionplanenamnden": (sll_trn, "Stockholms läns landsting", """\
adress: [Box 22550, 104 22 Stockholm]
dokumenttyp: Tjänsteutlåtande
beslutsstil: att-satser
beslutsinledning: "${beslutsinstans} föreslås besluta"
skiljetecken: {mellan: "", sist: ""}
valfria_falt: [diarienummer]
avsnitt:
  arendebeskrivning:
  beslutsunderlag: {form: rader}
  arendets_beredning: Ärendets beredning
  forslag_till_beslut:
  forvaltningens_forslag: Förvaltningens förslag och motivering
"""),
    "karlskoga-kultur-och-foreningsnamnden": (karlskoga, "Karlskoga kommun", """\
adress: [691 83 Karlskoga]
beslutsstil: mening
valfria_falt: [diarienummer]
avsnitt:
  sammanfattning:
  beslutsunderlag: {form: rader}
  bakgrund: Bakgrund
  forslag_till_beslut:
"""),
    "arboga-kommunstyrelseforvaltningen": (arboga, "Arboga kommun", """\
adress: [Box 45, 732 21 Arboga]
forvaltning: Kommunstyrelseförvaltningen
beslutsstil: mening
valfria_falt: [diarienummer]
avsnitt:
  yttrande: ""
  forslag_till_beslut: Förslag till beslut i kommunstyrelsen
"""),
    "jonkoping-landstingsstyrelsen": (jonkoping, "Landstinget i Jönköpings län", """\
adress: [Box 1024, 551 11 Jönköping]
beslutsstil: att-satser
beslutsinledning: "${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta"
skiljetecken: {mellan: ",", fore_sista: " samt,", sist: "."}
underskriftsorgan: LANDSTINGSSTYRELSEN
valfria_falt: [handlaggare]
avsnitt:
  sammanfattning: ""
  forslag_till_beslut:
  underskrift:
"""),
    "region-rs-regionstyrelsen": (region_rs, "Regionen", """\
dokumenttyp: Ärende
beslutsstil: numrerade
beslutsinledning: ingen
faltrader:
  efter_rubrik: ["Dnr ${diarienummer}"]
avsnitt:
  forslag_till_beslut:
  sammanfattning:
  arendebeskrivning: Ärendet
  jamstalldhet: Beslutsförslagets påverkan avseende jämställdhet
  bilagor: {rubrik: "Bilagor:", form: rader}
  skickas_till: "Protokollsutdrag skickas till:"
"""),
    "dalarna-landstingsfullmaktige": (dalarna, "Landstinget Dalarna", """\
adress: [Box 712, 791 29 Falun]
forvaltning: Central förvaltning
dokumenttyp: Beslutsunderlag
beslutsstil: numrerade
beslutsinledning: ingen
valfria_falt: [handlaggare]
tomma_falt_visas: [uppdnr]
avsnitt:
  forslag_till_beslut: Ordförandens förslag
  sammanfattning:
  arendebeskrivning: Beskrivning av ärendet och skälen för förslaget
"""),
    "sll-landstingsradsberedningen": (sll, "Stockholms läns landsting", """\
adress: [Box 22550, 104 22 Stockholm]
beslutsstil: att-satser
beslutsinledning: "${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta"
valfria_falt: [handlaggare, diarienummer]
egna_falt:
  foredragande: Föredragande landstingsråd
faltrader:
  fore_rubrik: ["${beslutsinstans}"]
  efter_rubrik: ["Föredragande landstingsråd: ${foredragande}"]
avsnitt:
  arendebeskrivning: Ärendebeskrivning
  forslag_till_beslut:
  motivering: Landstingsrådsberedningens motivering
  beslutsunderlag:
"""),
    "stockholm-borgarradsberedningen": (stockholm, "Stockholms stad", """\
adress: [Stadshuset, 105 35 Stockholm]
dokumenttyp: PM
beslutsstil: mening
beslutsinledning: "${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta följande"
valfria_falt: [handlaggare]
egna_falt:
  pm_nummer: PM
  rotel: Rotel
faltrader:
  fore_rubrik: ["PM ${pm_nummer} ${rotel} (Dnr ${diarienummer})"]
avsnitt:
  forslag_till_beslut: ""
  sammanfattning: ""
  arendebeskrivning: Bakgrund
"""),
    "sll-landstingsstyrelsens-forvaltning": (sll_brev, "Stockholms läns landsting", """\
adress: [Box Stockholm]  # som brevets sidfot visar den (källan har tappat siffrorna)
valfria_falt: [handlaggare, underskrift.titel, datum]
avsnitt:
  sammanfattning: ""
  forslag_till_beslut:
  underskrift:
  bilagor: "Bilagor:"
"""),
    "jamtlands-lans-landsting": (jamtland, "Jämtlands läns landsting", """\
adress: [Box Östersund]  # som yttrandets sidfot visar den (källan har tappat siffrorna)
forvaltning: Samordningskansliet
underskriftsorgan: JÄMTLANDS LÄNS LANDSTINGSSTYRELSE
utan_beslut: [Yttrande]
valfria_falt: [handlaggare.enhet]
avsnitt:
  sammanfattning: ""
  forslag_till_beslut:
  underskrift:
"""),
    "uppsala-kommunledningskontoret": (uppsala, "Uppsala kommun", """\
adress: ["Uppsala kommun, kommunledningskontoret, Uppsala"]  # som sidfoten visar den (källan har tappat siffrorna)
skiljetecken: {mellan: ",", sist: ""}  # ingen punkt efter den sista att-satsen
valfria_falt: [handlaggare.enhet]
avsnitt:
  forslag_till_beslut:
  arendebeskrivning: Ärendet
"""),
}


def build(name: str, root: Path = PROFILES) -> Path:
    """Make the profile ``name`` in ``root`` (the same bytes every time: see tests/test_new_samples.py)."""
    make, organisation, settings = ORGANISATIONS[name]
    import memo

    target = root / name
    if target.exists():
        shutil.rmtree(target)
    work = root / f".{name}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        template = make(work)
        made = memo.new_profile(target, template, name=organisation)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    profile = target / "profil.yaml"
    lines = [line for line in profile.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("# adress", "# epost", "# webbplats", "# telefon", "beslutsstil:"))]
    profile.write_text("\n".join(lines) + "\n" + settings, encoding="utf-8")
    print(made.report())
    return target


def main() -> int:
    for name in ORGANISATIONS:
        build(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
