"""The layout of every sample, as LibreOffice prints it: page numbers, header, footer, page 1, att-satser.

Each sample is rendered, converted to PDF by LibreOffice (the real client) and read back with
poppler: ``pdftotext -f N -l N`` for a page's text and ``pdftotext -bbox`` for where each word
stands. The header and footer zones are the page's top and bottom margins from the DOCX.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import memo
from conftest import SAMPLES, SEED_SAMPLE, require_real_client, to_pdf
from memo.pipeline import load_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SAMPLE_CASES = sorted(SAMPLES.glob("*.yaml"))
TOLERANCE = 1.0  # points


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    x: float
    y: float
    bottom: float


@dataclass(frozen=True)
class Rendered:
    case: Path
    docx: Path
    pdf: Path
    pages: int
    words: tuple[Word, ...]
    header_bottom: float  # y below which the body starts (the top margin), in points
    footer_top: float  # y where the bottom margin starts, in points


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    match = re.search(r"^Pages:\s*(\d+)", out, re.MULTILINE)
    assert match
    return int(match.group(1))


def page_text(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def bbox_words(pdf: Path) -> tuple[list[Word], float]:
    """Every word with its page and position, and the page height."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"], capture_output=True, check=True,
                         text=True).stdout
    root = ET.fromstring(out)
    words: list[Word] = []
    height = 0.0
    for number, page in enumerate(root.iter(f"{XHTML}page"), 1):
        height = float(page.get("height", "0"))
        words.extend(Word(w.text or "", number, float(w.get("xMin", "0")), float(w.get("yMin", "0")),
                          float(w.get("yMax", "0"))) for w in page.iter(f"{XHTML}word"))
    return words, height


def normalise(text: str) -> str:
    return " ".join(text.split())


def squeeze(text: str) -> str:
    """Text without any white space, to compare across line breaks (LibreOffice may break after a dash), and
    without the word joiner memo puts after the dash of a year range in a heading (a PDF does not show it)."""
    return "".join(text.replace("\u2060", "").split())


def docx_paragraphs(docx: Path) -> list[tuple[str, str]]:
    """(style id, text) of each body paragraph; a tab is a space."""
    with zipfile.ZipFile(docx) as archive:
        root = ET.fromstring(archive.read("word/document.xml"))
    out = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        text = "".join((e.text or "") if e.tag == f"{W}t" else " " for e in paragraph.iter()
                       if e.tag in (f"{W}t", f"{W}tab", f"{W}br"))
        out.append((style.get(f"{W}val", "") if style is not None else "", text))
    return out


def margins(docx: Path) -> tuple[float, float]:
    """The top and bottom page margins in points."""
    with zipfile.ZipFile(docx) as archive:
        root = ET.fromstring(archive.read("word/document.xml"))
    margin = root.find(f"{W}body/{W}sectPr/{W}pgMar")
    assert margin is not None
    return int(margin.get(f"{W}top", "0")) / 20, int(margin.get(f"{W}bottom", "0")) / 20


@pytest.fixture(scope="module", params=SAMPLE_CASES, ids=[p.stem for p in SAMPLE_CASES])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    require_real_client()
    case: Path = request.param
    docx = memo.write(case, tmp_path_factory.mktemp("layout") / f"{case.stem}.docx")
    pdf = to_pdf(docx)
    words, height = bbox_words(pdf)
    top, bottom = margins(docx)
    return Rendered(case, docx, pdf, page_count(pdf), tuple(words), top, height - bottom)


def zone(rendered: Rendered, page: int, where: str) -> str:
    chosen = [w for w in rendered.words if w.page == page and (
        w.bottom <= rendered.header_bottom if where == "header" else
        w.y >= rendered.footer_top if where == "footer" else
        rendered.header_bottom < w.bottom and w.y < rendered.footer_top)]
    return " ".join(w.text for w in chosen)


def test_there_are_samples() -> None:
    assert SAMPLE_CASES, "samples/ har inga ärenden"


def test_every_page_header_shows_page_n_of_total(rendered: Rendered) -> None:
    total = rendered.pages
    for page in range(1, total + 1):
        shown = re.compile(rf"\b{page} ?\({total}\)")  # "1 (3)", or "1(3)" as some organisations write it
        assert shown.search(zone(rendered, page, "header")), f"sida {page}: sidnumret saknas i sidhuvudet"
        assert shown.search(normalise(page_text(rendered.pdf, page)))


#: Real memos whose source shows no footer, from an organisation it does not name (tests/data/verkliga-pm/INDEX.md):
#: their profile has no address to show, and none is made up for them.
WITHOUT_FOOTER = frozenset({"arende-region-rs-aterrapportering-2017-12-19",
                            "arende-region-rs-aterrapportering-2021-02-03"})


def test_every_page_footer_shows_the_organisations_address(rendered: Rendered) -> None:
    _, _, profile = load_document(rendered.case)  # a memo's profile, or an extract's case's
    if rendered.case.stem in WITHOUT_FOOTER:  # nothing made up: the footer stays empty
        assert not profile.adress
        assert all(not zone(rendered, page, "footer").strip() for page in range(1, rendered.pages + 1))
        return
    assert profile.adress, "profilen saknar adress"
    for page in range(1, rendered.pages + 1):
        footer = zone(rendered, page, "footer")
        assert normalise(profile.adress[0]) in footer, f"sida {page}: sidfoten saknar adressen: {footer!r}"
        assert profile.organisation in footer, f"sida {page}: sidfoten saknar organisationen"


def test_page_one_has_the_title_and_the_first_heading(rendered: Rendered) -> None:
    paragraphs = docx_paragraphs(rendered.docx)
    title = next(text for style, text in paragraphs if style == "Title")
    first_page = squeeze(zone(rendered, 1, "body"))
    assert squeeze(title) in first_page
    heading = next((text for style, text in paragraphs if style == "Heading1"), None)
    if heading is None:  # a memo whose text stands without headings (a yttrande): the title is enough
        return
    assert squeeze(heading) in first_page
    assert first_page.index(squeeze(title)) < first_page.index(squeeze(heading))


def test_no_page_is_blank(rendered: Rendered) -> None:
    for page in range(1, rendered.pages + 1):
        assert zone(rendered, page, "body").strip(), f"sida {page} har ingen brödtext"
        assert page_text(rendered.pdf, page).strip()


def att_sats_lines(docx: Path, words: list[Word]) -> list[tuple[float, list[float]]]:
    """For each att-sats in ``docx``: the x of "att", and the x of the first word on each of its lines."""
    satser = [text.split()[1:] for style, text in docx_paragraphs(docx) if style == "Att-sats"]
    found = []
    for sats in satser:
        start = next((i for i in range(len(words) - len(sats)) if words[i].text == "att"
                      and [w.text for w in words[i + 1:i + 1 + min(4, len(sats))]] == sats[:4]), None)
        assert start is not None, f"att-satsen {' '.join(sats)!r} finns inte i PDF:en"
        att, body = words[start], words[start + 1:start + 1 + len(sats)]
        assert [w.text for w in body] == sats
        lines: dict[tuple[int, float], Word] = {}
        for word in body:
            lines.setdefault((word.page, round(word.y, 1)), word)
        found.append((att.x, [w.x for w in lines.values()]))
    return found


def test_att_satser_have_one_left_edge(rendered: Rendered) -> None:
    """For each att-sats, the text after "att" and every continuation line start at the same x."""
    satser = att_sats_lines(rendered.docx, list(rendered.words))
    for att, edges in satser:
        assert att + TOLERANCE < edges[0], "texten ska stå till höger om »att«"
        assert all(abs(x - edges[0]) <= TOLERANCE for x in edges), f"olika vänsterkanter: {edges}"
    if rendered.case == SEED_SAMPLE:
        assert any(len(edges) > 1 for _, edges in satser), "ingen att-sats bröts, så justeringen prövades inte"


def test_the_alignment_check_sees_a_hanging_indent_gone_wrong(tmp_path: Path) -> None:
    """Without the hanging indent the continuation lines start under "att": the check must notice."""
    require_real_client()
    good = memo.write(SEED_SAMPLE, tmp_path / "seed.docx")
    bad = tmp_path / "utan-hangande-indrag.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b'<w:ind w:left="851" w:hanging="851"/>', b'<w:ind w:left="0" w:hanging="0"/>')
                assert b'w:left="0" w:hanging="0"' in data
            target.writestr(item, data)
    words, _ = bbox_words(to_pdf(bad))
    satser = att_sats_lines(bad, words)
    assert any(abs(x - edges[0]) > TOLERANCE for _, edges in satser for x in edges)
