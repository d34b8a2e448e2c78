"""Layout that depends on lengths, as LibreOffice prints it: amounts, the signature and sändlista, year ranges.

Every sample, and memos generated here from the Norrby sample's structure, are rendered and printed
by LibreOffice in one batch (one ``soffice`` call for all of them) and read back with
``pdftotext -bbox``. The checks: no amount in a table is split across lines (kronor tables with 2–6
columns of tens of millions), the signature and the sändlista never stand alone at the top of a page
(prose of lengths in steps that move the signature across a page break), and a year range in a title
never ends a line in its dash. Each check is also run on the same memos with memo's keep-with-next or
word joiner taken out of the document, to show that the lengths and titles chosen do put the check to
the test.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import subprocess
import sys
import tempfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import memo
from conftest import SAMPLES, require_real_client
from memo.pdf import find_soffice
from test_layout import XHTML, W, margins

SAMPLE_CASES = sorted(SAMPLES.glob("*.yaml"))
COLUMNS = (2, 3, 4, 5, 6)
#: Numbers of one-line paragraphs in the case description: together they move the signature, the
#: sändlista and the section before them across the break from page 2 to page 3.
LENGTHS = tuple(range(30, 44))
#: Titles that wrap near their year range (Arial 16 pt bold on the standard profile's A4 page).
TITLE_START = "Plan för investeringar i förskolor, skolor och idrottshallar i kommunens södra och norra delar"
TITLES = {f"rubrik-{n}": " ".join(TITLE_START.split()[:n]) + " 2027–2035 med ekonomisk uppföljning"
          for n in (12, 13, 14, 15)}
#: Words on one line closer than this (points) are one phrase: an amount's no-break spaces are about 3 pt,
#: while two table cells are at least their padding (2 × 5.4 pt) apart.
PHRASE_GAP = 4.5
_AMOUNT = re.compile("^[−-]?[0-9]{1,3}(\u00a0[0-9]{3})*(,[0-9]+)?$")
_SIGNATURE_STYLES = ("Underskrift", "Underskriftstitel", "Sändlista rubrik", "Sändlista")
_HEADING_STYLES = ("Title", "heading 1", "heading 2")


def _case(*, columns: int | None = None, lines: int = 3, title: str = "Ny förskola i Norrby") -> str:
    """A tjänsteskrivelse shaped like samples/tjansteskrivelse-forskola-norrby.yaml."""
    body = "\n\n".join(f"  Punkt {i} i utredningen beskrivs närmare i bilaga {i}." for i in range(1, lines + 1))
    table = ""
    if columns:
        years = ", ".join(f'"{2027 + i}"' for i in range(columns))
        table = (f"  tabell:\n    beskrivning: Investering och drift per år\n    enhet: kronor\n"
                 f"    kolumner: [{years}]\n    rader:\n"
                 f"      - post: Investering, förskolebyggnad\n        belopp: [{', '.join(['40000000'] * columns)}]\n"
                 f"      - post: Lokaler och kapitalkostnad\n        belopp: [{', '.join(['8500000'] * columns)}]\n"
                 "    summa: ja\n")
    return f"""profil: standard
dokumenttyp: Tjänsteskrivelse
rubrik: {title}
diarienummer: KS 2026/0412
datum: 2026-09-14
handlaggare:
  namn: Sara Lindqvist
  enhet: Barn- och utbildningsförvaltningen
beslutsinstans: Kommunstyrelsen
forslag_till_beslut:
  - Kommunstyrelsen beslutar om en investeringsram för en ny förskola i Norrby
arendebeskrivning: |
{body}
ekonomiska_konsekvenser:
  text: Investeringen och driftkostnaderna framgår av tabellen.
{table}uppfoljning: |
  Byggprojektet följs upp i kommunstyrelsens investeringsrapport varje tertial, och
  förvaltningen redovisar kostnaderna för nämnden när förskolan har öppnat, senast
  ett år efter att verksamheten har startat i de nya lokalerna.
underskrift:
  - namn: Karin Holm
    titel: Förvaltningschef
  - namn: Sven Berg
    titel: Utredare
skickas_till:
  - Barn- och utbildningsnämnden
  - Ekonomiavdelningen
  - Lokalförsörjningsenheten
"""


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    x: float
    right: float
    y: float
    bottom: float


def bbox_words(pdf: Path) -> tuple[list[Word], float]:
    """Every word LibreOffice printed, with its page and box (``pdftotext -bbox``), and the page height."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"], capture_output=True, check=True,
                         text=True).stdout
    words: list[Word] = []
    height = 0.0
    for number, page in enumerate(ET.fromstring(out).iter(f"{XHTML}page"), 1):
        height = float(page.get("height", "0"))
        words.extend(Word(w.text or "", number, *(float(w.get(k, "0")) for k in ("xMin", "xMax", "yMin", "yMax")))
                     for w in page.iter(f"{XHTML}word"))
    return words, height


@dataclass(frozen=True)
class Printed:
    """A memo and what LibreOffice printed of it."""

    docx: Path
    words: tuple[Word, ...]
    header_bottom: float  # points from the page's top where the body starts
    footer_top: float

    def lines(self) -> list[tuple[int, list[Word]]]:
        """The printed lines, page by page and top to bottom, each as its words from left to right."""
        out: list[tuple[int, list[Word]]] = []
        for word in sorted(self.words, key=lambda w: (w.page, w.y, w.x)):
            if out and out[-1][0] == word.page and abs(out[-1][1][0].y - word.y) < 2:
                out[-1][1].append(word)
            else:
                out.append((word.page, [word]))
        return [(page, sorted(words, key=lambda w: w.x)) for page, words in out]

    def body_lines(self) -> list[tuple[int, list[Word]]]:
        return [(page, words) for page, words in self.lines()
                if words[0].bottom > self.header_bottom and words[0].y < self.footer_top]


def styled_paragraphs(docx: Path) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph in the body, table cells included; the word joiner dropped."""
    with zipfile.ZipFile(docx) as archive:
        styles = ET.fromstring(archive.read("word/styles.xml"))
        body = ET.fromstring(archive.read("word/document.xml"))
    names = {s.get(f"{W}styleId"): (s.find(f"{W}name").get(f"{W}val", "") if s.find(f"{W}name") is not None else "")
             for s in styles.iter(f"{W}style")}
    out = []
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t")).replace("\u2060", "")
        out.append((names.get(style.get(f"{W}val")) or "Normal" if style is not None else "Normal", text))
    return out


def _convert_all(docs: list[Path], folder: Path) -> None:
    """Print every DOCX to PDF beside it with one LibreOffice call (each one alone costs a start of LibreOffice)."""
    soffice = find_soffice()
    assert soffice is not None
    with tempfile.TemporaryDirectory(prefix="memo-lo-") as work:
        env = dict(os.environ, HOME=work) if sys.platform != "win32" else None
        subprocess.run([str(soffice), f"-env:UserInstallation={(Path(work) / 'profil').as_uri()}", "--headless",
                        "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(folder),
                        *[str(d) for d in docs]], check=True, capture_output=True, timeout=300, env=env)


def _edited(docx: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of ``docx`` with its body edited (to take one of memo's layout measures out of it)."""
    target = docx.with_name(name + ".docx")
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item)
            copy.writestr(item, edit(data) if item.filename == "word/document.xml" else data)
    return target


def _without_keep_next(xml: bytes) -> bytes:
    assert b"<w:keepNext/>" in xml
    return xml.replace(b"<w:keepNext/>", b"")


def _without_joiner(xml: bytes) -> bytes:
    assert "\u2060".encode() in xml
    return xml.replace("\u2060".encode(), b"")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Every sample and generated memo, by name, printed in one LibreOffice run."""
    require_real_client()
    folder = tmp_path_factory.mktemp("layout-generated")
    cases: dict[str, Path] = {f"exempel-{c.stem}": c for c in SAMPLE_CASES}
    for name, text in [*((f"kolumner-{n}", _case(columns=n)) for n in COLUMNS),
                       *((f"langd-{n}", _case(lines=n)) for n in LENGTHS),
                       *((name, _case(title=title)) for name, title in TITLES.items())]:
        cases[name] = folder / f"{name}.yaml"
        cases[name].write_text(text, encoding="utf-8")
    docs = {name: memo.write(case, folder / f"{name}.docx") for name, case in cases.items()}
    for n in LENGTHS:
        docs[f"langd-{n}-utan"] = _edited(docs[f"langd-{n}"], f"langd-{n}-utan", _without_keep_next)
    for name in TITLES:
        docs[f"{name}-utan"] = _edited(docs[name], f"{name}-utan", _without_joiner)
    _convert_all(list(docs.values()), folder)
    out = {}
    for name, docx in docs.items():
        words, height = bbox_words(docx.with_suffix(".pdf"))
        top, bottom = margins(docx)
        out[name] = Printed(docx, tuple(words), top, height - bottom)
    return out


def split_amounts(memo_: Printed) -> list[str]:
    """The amounts in the memo's tables that are not printed whole on one line, each as often as it is missing."""
    wanted = Counter(text.replace("\u00a0", " ") for style, text in styled_paragraphs(memo_.docx)
                     if style == "Tabelltext" and _AMOUNT.match(text))
    phrases: Counter[str] = Counter()
    for _, words in memo_.lines():
        phrase = [words[0]]
        for word in words[1:]:
            if word.x - phrase[-1].right > PHRASE_GAP:
                phrases[" ".join(w.text for w in phrase)] += 1
                phrase = []
            phrase.append(word)
        phrases[" ".join(w.text for w in phrase)] += 1
    return sorted((wanted - phrases).elements())


def alone_at_page_top(memo_: Printed) -> list[str]:
    """The pages (after the first) whose first line of text begins the signature or the sändlista."""
    ending = [" ".join(text.split()) for style, text in styled_paragraphs(memo_.docx) if style in _SIGNATURE_STYLES]
    found, seen = [], set()
    for page, words in memo_.body_lines():
        if page in seen:
            continue
        seen.add(page)
        line = " ".join(w.text for w in words)
        if page > 1 and any(text.startswith(line) for text in ending):
            found.append(f"sidan {page} börjar med {line!r}")
    return found


def ranges_broken_in_headings(memo_: Printed) -> list[str]:
    """The year ranges of the title and headings printed with their dash at the end of a line."""
    headings = ["".join(text.split()) for style, text in styled_paragraphs(memo_.docx) if style in _HEADING_STYLES]
    lines = memo_.lines()
    found = []
    for (_, words), (_, after) in itertools.pairwise(lines):
        if re.search("[0-9]–$", words[-1].text) and after[0].text[:1].isdigit():
            joined = words[-1].text + after[0].text
            if any(joined in heading for heading in headings):
                found.append(f"{' '.join(w.text for w in words)!r} / {after[0].text!r}")
    return found


def _page_of(memo_: Printed, text: str) -> int:
    return next(page for page, words in memo_.body_lines() if " ".join(w.text for w in words).startswith(text))


TABLE_MEMOS = [f"kolumner-{n}" for n in COLUMNS] + [f"exempel-{c.stem}" for c in SAMPLE_CASES]
#: The one length where LibreOffice 7.4 leaves the signature at the top of page 3 although the paragraph before
#: it has keepNext: the page break falls exactly after that paragraph, and LibreOffice then ignores keepNext
#: (also without widow control, without the signature's space before it and with no other keep in the chain).
LIBREOFFICE_IGNORES_KEEP_NEXT = {42}
ENDING_MEMOS = [pytest.param(f"langd-{n}", marks=pytest.mark.xfail(
    reason="LibreOffice 7.4 ignores keepNext when the page break falls exactly after the paragraph", strict=False))
    if n in LIBREOFFICE_IGNORES_KEEP_NEXT else f"langd-{n}" for n in LENGTHS] + [
    f"exempel-{c.stem}" for c in SAMPLE_CASES]
HEADING_MEMOS = list(TITLES) + [f"exempel-{c.stem}" for c in SAMPLE_CASES]


@pytest.mark.parametrize("name", TABLE_MEMOS)
def test_no_amount_is_broken_across_lines(printed: dict[str, Printed], name: str) -> None:
    assert split_amounts(printed[name]) == []


def test_the_generated_tables_hold_the_largest_amounts_in_every_column(printed: dict[str, Printed]) -> None:
    for n in COLUMNS:
        amounts = [text for style, text in styled_paragraphs(printed[f"kolumner-{n}"].docx) if style == "Tabelltext"]
        assert amounts.count("48\u00a0500\u00a0000") == n, "summaraden ska ha 48 500 000 i varje kolumn"


@pytest.mark.parametrize("name", ENDING_MEMOS)
def test_signature_and_sandlista_never_stand_alone_at_a_page_top(printed: dict[str, Printed], name: str) -> None:
    assert alone_at_page_top(printed[name]) == []


def test_the_lengths_move_the_signature_across_a_page_break(printed: dict[str, Printed]) -> None:
    """The check above is put to the test: the lengths move the signature from one page to the next, and
    without memo's keep-with-next some of them leave the signature or the sändlista alone at a page top."""
    pages = {_page_of(printed[f"langd-{n}"], "Karin Holm") for n in LENGTHS}
    assert len(pages) > 1, f"underskriften står på samma sida ({pages}) för alla längder"
    alone = {n: alone_at_page_top(printed[f"langd-{n}-utan"]) for n in LENGTHS}
    assert any(alone.values()), "utan keepNext hamnar ingen underskrift eller sändlista överst på en sida"
    assert any("Karin Holm" in message or "Sven Berg" in message for found in alone.values() for message in found)


@pytest.mark.parametrize("name", HEADING_MEMOS)
def test_a_year_range_in_a_title_never_breaks_after_its_dash(printed: dict[str, Printed], name: str) -> None:
    assert ranges_broken_in_headings(printed[name]) == []


def test_the_titles_would_break_after_the_dash_without_the_word_joiner(printed: dict[str, Printed]) -> None:
    broken = [name for name in TITLES if ranges_broken_in_headings(printed[f"{name}-utan"])]
    assert broken, "ingen av rubrikerna bryts vid tankstrecket, så kontrollen prövades inte"


def _table_warnings(tmp_path: Path, text: str) -> list[str]:
    case = tmp_path / "arende.yaml"
    case.write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", memo.MemoWarning)
        memo.render(case)
    return [str(w.message) for w in caught if "får inte plats" in str(w.message)]


@pytest.mark.parametrize("columns", [5, 6])
def test_a_table_too_wide_for_the_page_warns_and_suggests_tkr_or_mnkr(tmp_path: Path, columns: int) -> None:
    (message,) = _table_warnings(tmp_path, _case(columns=columns))
    assert "Investering och drift per år" in message and "tkr" in message and "mnkr" in message


@pytest.mark.parametrize("columns", [2, 3, 4])
def test_a_table_that_fits_gives_no_warning(tmp_path: Path, columns: int) -> None:
    assert _table_warnings(tmp_path, _case(columns=columns)) == []


def test_the_same_table_in_tkr_fits(tmp_path: Path) -> None:
    assert _table_warnings(tmp_path, _case(columns=6).replace("enhet: kronor", "enhet: tkr")) == []


def test_a_table_far_too_wide_is_squeezed_to_the_margin_never_off_the_paper(tmp_path: Path) -> None:
    """Six columns of 987 654 321 kronor: the table stops at the right margin and the warning says amounts wrap."""
    from memo.word.tablewidths import MARGIN_ALLOWANCE
    from memo.word.wordxml import TEXT_WIDTH

    text = _case(columns=6).replace("40000000", "987654321").replace("8500000", "123456789")
    (message,) = _table_warnings(tmp_path, text)
    assert "bryts" in message
    body = zipfile.ZipFile(io.BytesIO(memo.render(tmp_path / "arende.yaml"))).read("word/document.xml").decode()
    (table_width,) = re.findall(r'<w:tblW w:w="(\d+)"', body)
    assert int(table_width) <= TEXT_WIDTH + MARGIN_ALLOWANCE
