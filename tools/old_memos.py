#!/usr/bin/env python3
"""Make the old memos that ``memo läs`` imports: real published memos, written as Word files by other writers.

Usage::

    python tools/old_memos.py [--ut MAPP]

Each memo's text is ``tests/data/gamla-pm/<slug>.txt``, as its public page gives it (the page's furniture as
``#`` lines). ``MEMOS`` below is the one table of how each was published: who writes the DOCX (python-docx, or
LibreOffice from HTML), where its Dnr, date and handläggare stand (text lines in the page header, a table in the
page header, or labels in a table at the top of the body), how its headings are marked (Word heading styles or bold
one-line paragraphs) and its decision points (typed "att …" lines, a Word list, typed "1. …" lines); and one role
letter per line of the text (old_memo_word.ROLES). From it this writes, into MAPP (default the data folder):
``<slug>.docx`` (and ``<slug>.doc`` where asked), ``INDEX.md``, and for each organisation a profile made by
``memo.new_profile`` (what ``memo profil ny`` runs) from a Word template that imitates the organisation's own, in
``profiler/<org>/``. The same bytes every time (the .doc: the same text).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import old_memo_word as word
import sample_profiles

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "gamla-pm"

PYTHON_DOCX, LIBREOFFICE = "python-docx", "LibreOffice (HTML)"
HEADER_TEXT, HEADER_TABLE, HEADER_LABELS, HEADER_NONE = (
    "page header, text lines", "page header, table", "labels in a table at the top of the body", "none")
HEADINGS_STYLES, HEADINGS_BOLD = "heading styles", "bold paragraphs"
DECISION_ATT, DECISION_LIST, DECISION_TYPED, DECISION_PLAIN, DECISION_NONE = (
    "typed att lines", "Word list", "typed 1. lines", "one plain paragraph", "none")

ORGANISATIONS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "goteborg": (word.goteborg, "Göteborgs Stad"),
    "jonkoping": (sample_profiles.jonkoping, "Landstinget i Jönköpings län"),
    "norrkoping": (word.norrkoping, "Norrköpings kommun"),
    "region-skane": (word.region_skane, "Region Skåne"),
    "sll": (sample_profiles.sll_trn, "Stockholms läns landsting"),
    "sollentuna": (word.sollentuna, "Sollentuna kommun"),
    "stockholm": (sample_profiles.stockholm, "Stockholms stad"),
    "tyreso": (sample_profiles.tyreso, "Tyresö kommun"),
    "upplands-bro": (sample_profiles.upplands_bro, "Upplands-Bro kommun"),
}


@dataclass(frozen=True)
class Memo:
    """One old memo and how it was published."""

    slug: str
    organisation: str  # a key of ORGANISATIONS
    kind: str
    date: str
    writer: str
    header: str
    headings: str
    decision: str
    roles: str  # one letter per body line of the .txt (old_memo_word.ROLES)
    header_lines: tuple[str, ...] = ()  # the page header's lines; word.TABLE_MARK where its table stands
    header_table: tuple[tuple[str, ...], ...] = ()
    footer_lines: tuple[str, ...] = ()
    heading_style: str = "Heading 1"
    signature_table: tuple[tuple[str, str], ...] = ()
    doc: bool = False
    note: str = ""

    def styles(self) -> dict[str, str]:
        """The paragraph style of the title, a heading and a sub-heading, when the headings are styles."""
        if self.writer == PYTHON_DOCX:
            return word.docx_styles(self.heading_style)
        return {role: f"Heading {level}" for role, level in word.HTML_LEVELS.items()}

    def layout(self) -> word.Layout:
        return word.Layout(self.header_lines, self.header_table, self.footer_lines,
                           self.headings == HEADINGS_STYLES, self.heading_style, self.decision == DECISION_LIST,
                           self.signature_table)


MEMOS: tuple[Memo, ...] = (
    Memo("upplands-bro-sn-riktlinjer-ekonomiskt-bistand", "upplands-bro", "tjänsteskrivelse to the socialnämnd",
         "2018-08-28", PYTHON_DOCX, HEADER_TABLE, HEADINGS_STYLES, DECISION_PLAIN, "THPHPPPP+HLLHPSSSBR",
         header_lines=("TJÄNSTESKRIVELSE 1 (2)", word.TABLE_MARK, "Lena Bergström", "Socialkontoret",
                       "lena.bergstrom@upplands-bro.se", "Socialnämnden"),
         header_table=(("Datum", "Vår beteckning", "Er beteckning"), ("2018-08-28", "SN 18/0098", "")),
         footer_lines=("Postadress: Upplands-Bro kommun, 196 81 Kungsängen Besöksadress: Furuhällsplan 1, Kungsängen "
                       "Telefon: 08-581 690 00 Fax: 08-581 692 40 E-post: kommun@upplands-bro.se Webb: upplands-bro.se",
                       "UBK1005, v2.0, 2014-11-03"),
         signature_table=(("Eva Folke", ""), ("Socialchef", "Elisabeth Rågård"), ("", "Avdelningschef")),
         note="complete; the same memo as tests/data/tjansteskrivelse-upplands-bro-ekonomiskt-bistand.txt; the two "
              "signatures stand side by side, the second a line lower (as the page's reading order shows); "
              "sändlista 'Beslut sänds till: Diariet'; the page goes on with the attached extract of the riktlinjer"),
    Memo("goteborg-kf-handling-2019-164-eget-kapital", "goteborg", "handling to the kommunfullmäktige (the "
         "kommunstyrelse's förslag)", "2019-08-28", LIBREOFFICE, HEADER_TEXT, HEADINGS_BOLD, DECISION_LIST,
         "TPHPPDDPPSSSS", header_lines=("Kommunfullmäktige", "Handling 2019 nr 164"),
         footer_lines=("Göteborgs Stad kommunfullmäktige 1 (1)",),
         note="complete (page 1; page 2 is the parties' yrkande); docplayer dropped the § in '1. 17 i Regler …' "
              "(§ 17); signed with place and date, the body and two names without titles"),
    Memo("goteborg-slk-tjansteutlatande-reglemente-fastighetsnamnd", "goteborg", "tjänsteutlåtande from the "
         "stadsledningskontor to the kommunstyrelse and the kommunfullmäktige", "2018-02-19", LIBREOFFICE,
         HEADER_TABLE, HEADINGS_STYLES, DECISION_PLAIN, "THPPHPHPHP",
         header_lines=("Stadsledningskontoret", "Tjänsteutlåtande", word.TABLE_MARK,
                       "Telefon: 031-3680329, 031-3680245",
                       "E-post: bo.carlryd@stadshuset.goteborg.se henrik.levin@stadshuset.goteborg.se"),
         header_table=(("Utfärdat", "2018-02-19"), ("Diarienummer", "1900/16"),
                       ("Handläggare", "Bo Carlryd, Henrik Levin")),
         note="partial (page 1; the excerpt stops where the next paragraph begins); the city's own header field "
              "'Utfärdat' for the date; docplayer dropped the § in '2018-01-10 20' (§ 20); 'kommunalfullmäktige' "
              "(sic); the decision is one sentence after 'I kommunstyrelse och kommunalfullmäktige:'"),
    Memo("region-skane-rs-2017-08-31-ej-avgjorda-motioner", "region-skane", "dagordning item with the "
         "ordförande's förslag (regionstyrelsen)", "2017-08-31", PYTHON_DOCX, HEADER_TABLE, HEADINGS_STYLES,
         DECISION_TYPED, "THPDHPP", header_lines=(word.TABLE_MARK,),
         header_table=(("DAGORDNING", "Datum 2017-08-31", "1 (17)"),), heading_style="Ärenderubrik",
         note="item 4 of the dagordning, complete; the Diarienummer stands on the item's title line; headings in "
              "the organisation's own style name with an outline level"),
    Memo("norrkoping-yttrande-sou-2008-62-naturvardsverket", "norrkoping", "yttrande to Miljödepartementet "
         "(remissvar)", "not shown (2008)", LIBREOFFICE, HEADER_TEXT, HEADINGS_BOLD, DECISION_NONE, "TPPHPP",
         header_lines=("YTTRANDE 1(3)", "Vårt diarienummer", "KS-612/", "Handläggare, titel, telefon",
                       "Eva Lindahl, miljöcontroller", "Miljödepartementet", "STOCKHOLM"),
         footer_lines=("Ärendehandbok för Norrköpings kommun",),
         note="partial (page 1 of 3); docplayer dropped the dnr's digits after 'KS-612/' and the start of several "
              "words ('ildandet', 'iljömålen', 'ningen', 'iften', 'vårdsverket'), kept as found; the footer "
              "still names the template ('Ärendehandbok för Norrköpings kommun'); the department's beteckning "
              "'M2008/2398/A' stands under the title"),
    Memo("sollentuna-ksau-2016-05-30-139-remiss-sou-2016-5", "sollentuna", "protokollsutdrag (kommunstyrelsens "
         "arbetsutskott) with its förslag to the kommunstyrelse", "2016-05-30", PYTHON_DOCX, HEADER_TEXT,
         HEADINGS_BOLD, DECISION_LIST, "PPTPHPPHPD++PHPHPD++HP",
         header_lines=("Sammanträdes- protokoll", "Kommunstyrelsens arbetsutskott", "Sammanträdesdatum 2016-05-30",
                       "Sidan 1 av 2"),
         footer_lines=("Sign. Ordf. Justerare Exp. datum Sign.",),
         note="§ 139, complete; the förslag is one bullet point, given twice (the yrkande and the utskott's "
              "förslag); 5dok broke each bullet over three lines, joined here; § and Dnr on the line above the title"),
    Memo("tyreso-ks-2015-05-12-kommunal-borgen-batklubb", "tyreso", "kallelse item (kommunstyrelsen's förslag to "
         "the kommunfullmäktige)", "2015-05-12", LIBREOFFICE, HEADER_LABELS, HEADINGS_STYLES, DECISION_TYPED,
         "PkkvkvTPHDDDDDHP",
         note="item 2 of the page, partial (the page's excerpt stops mid-word); the meeting's 'Datum' label has no "
              "value on the page; five numbered points with a full stop"),
    Memo("tyreso-sn-2017-11-29-granskning-gruppboenden", "tyreso", "kallelse item (socialnämnden)", "2017-11-29",
         PYTHON_DOCX, HEADER_LABELS, HEADINGS_STYLES, DECISION_LIST, "PkkvkvTPHDDHPPHPPP",
         note="item 2 of the page, complete; the meeting's 'Datum' label has no value on the page; bilagor as "
              "plain lines"),
    Memo("stockholm-pm-2003-ri-vii-arendeansvar-stadsdelsnamnder", "stockholm", "PM from the "
         "borgarrådsberedning to the kommunstyrelse", "2003-03-19 (kommunstyrelsen)", PYTHON_DOCX, HEADER_TEXT,
         HEADINGS_BOLD, DECISION_TYPED, "PTPDDPHPHPHP",
         header_lines=("Bilaga 6:7 till kommunstyrelsens protokoll den 19 mars 2003, 8",),
         note="partial (page 1); docplayer dropped the § before '8' and the dnr's digits ('Dnr /2002') and a "
              "chapter number ('i kap i förvaltningshandboken'); the PM line stands above the title"),
    Memo("stockholm-utlatande-2017-19-ri-obelisken", "stockholm", "utlåtande from the kommunstyrelse to the "
         "kommunfullmäktige (motion)", "not shown (2017)", LIBREOFFICE, HEADER_NONE, HEADINGS_STYLES,
         DECISION_PLAIN, "PTPPPHPHP", doc=True,
         note="partial (page 1 and the start of page 2); docplayer dropped the dnr's digits and the year in "
              "'den 25 maj'; also written as .doc"),
    Memo("jonkoping-missiv-motion-jamstalldhet-vardval", "jonkoping", "missiv from the landstingsstyrelse to the "
         "landstingsfullmäktige (motion)", "not shown (2013)", PYTHON_DOCX, HEADER_TABLE, HEADINGS_BOLD,
         DECISION_ATT, "TPPPHPDDSSSSS", header_lines=(word.TABLE_MARK, "Landstingsfullmäktige"),
         header_table=(("Förvaltningsnamn", "MISSIV", "1(1)"), ("", "LJ2013/154", "")),
         note="complete; the text of tests/data/verkliga-pm/ (reused), broken into lines at its headings, points "
              "and signatures; att-satser joined by 'samt,'; the organ line above two signatures; the header "
              "keeps the template's prompt 'Förvaltningsnamn'"),
    Memo("sll-trn-tjansteutlatande-service-i-glesbygd", "sll", "tjänsteutlåtande to the tillväxt- och "
         "regionplanenämnd (remissvar)", "not shown (2015)", LIBREOFFICE, HEADER_TEXT, HEADINGS_BOLD, DECISION_ATT,
         "THPHPPPHPPPHPDDHhP+",
         header_lines=("Stockholms läns landsting 1(4)", "Tillväxt- och regionplaneförvaltningen",
                       "TJÄNSTEUTLÅTANDE TRN", "Handläggare: Anette Jansson", "Tillväxt- och regionplanenämnden"),
         note="partial (page 1 and the start of page 2); the text of tests/data/verkliga-pm/ (reused), broken into "
              "lines at its headings and points; two att-satser without comma or end mark; docplayer dropped "
              "the year in '21 aug' and '31 mars'"),
)


def source_lines(memo: Memo, data: Path = DATA) -> tuple[str, list[str], list[str]]:
    """The memo's address, its furniture (the '#' lines' text) and its body lines, from its .txt."""
    lines = (data / f"{memo.slug}.txt").read_text(encoding="utf-8").splitlines()
    address = lines[0].removeprefix("# Källa: ")
    furniture = [line[2:] for line in lines[1:] if line.startswith("#")]
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    return address, furniture, body


def write_memo(memo: Memo, folder: Path) -> None:
    """``<slug>.docx`` (and ``.doc``) in ``folder``, from the memo's text as MEMOS says it was published."""
    _address, _furniture, body = source_lines(memo)
    items = word.blocks(body, memo.roles)
    target = folder / f"{memo.slug}.docx"
    if memo.writer == PYTHON_DOCX:
        word.write_docx(items, memo.layout(), target)
    else:
        title = next(text for role, text in items if role == "T")
        word.write_html_docx(title, items, memo.layout(), target)
    if memo.doc:
        word.write_doc(target, folder / f"{memo.slug}.doc")


def index() -> str:
    """INDEX.md: one row per memo, from MEMOS and the address in each .txt."""
    head = ["# Old memos for `memo läs` (import)", "",
            "Real public memos, found with the `search` tool (corpus `pages`). Each `.txt` is the memo's text as the "
            "page gives it: the page's furniture (header, footer, the site's navigation) as `#` lines, the address "
            "on the first. docplayer and 5dok merge a PDF page's lines; the `.txt` breaks them where the memo's "
            "title, headings, points and signatures stand, and changes no word. Each `.docx` is made from the "
            "`.txt` by `tools/old_memos.py`, in the form the table gives (the one table of these facts; "
            "`tests/test_old_memo_fixtures.py` checks the files against it); `profiler/<org>/` holds a profile "
            "per organisation that `memo profil ny` made from a Word template imitating the organisation's.", "",
            "| slug | organisation | kind | date | address | writer | header | headings | decision | notes |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    rows = []
    for memo in MEMOS:
        address, _furniture, _body = source_lines(memo)
        writer = memo.writer + (", also .doc" if memo.doc else "")
        headings = memo.headings + (f" ({memo.styles()['H']})" if memo.headings == HEADINGS_STYLES else "")
        rows.append(f"| `{memo.slug}` | {ORGANISATIONS[memo.organisation][1]} | {memo.kind} | {memo.date} | "
                    f"{address} | {writer} | {memo.header} | {headings} | {memo.decision} | {memo.note} |")
    return "\n".join([*head, *rows]) + "\n"


def build_profile(name: str, root: Path) -> Path:
    """The organisation's profile in ``root/profiler/<name>``, made by memo from its imitated template."""
    import memo as memo_library

    make, organisation = ORGANISATIONS[name]
    target = root / "profiler" / name
    if target.exists():
        shutil.rmtree(target)
    work = root / "profiler" / f".{name}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        memo_library.new_profile(target, make(work), name=organisation)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def build(root: Path = DATA) -> None:
    """Everything into ``root``: the Word files, INDEX.md and the profiles."""
    root.mkdir(parents=True, exist_ok=True)
    for memo in MEMOS:
        write_memo(memo, root)
    (root / "INDEX.md").write_text(index(), encoding="utf-8")
    for name in sorted({memo.organisation for memo in MEMOS}):
        build_profile(name, root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--ut", type=Path, default=DATA, help="mappen att skriva till (standard: datamappen)")
    build(parser.parse_args(argv).ut)
    return 0


if __name__ == "__main__":
    sys.exit(main())
