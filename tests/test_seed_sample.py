"""The seed sample reproduces the real memo (Region Örebro län, Dnr 26RS5145), checked through LibreOffice."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from conftest import DATA, SEED_SAMPLE, pdf_text

SEED_TEXT = DATA / "foredragningspm-iuc-industrihubb.txt"
NBSP = "\u00a0"

# Lines of the real memo's header and footer (its text extraction shows them once, on page 3).
HEADER_FOOTER = {
    "Region Örebro län",
    "Tjänsteställe, handläggare Sammanträdesdatum FöredragningsPM",
    "Tjänsteställe, handläggare",
    "Sammanträdesdatum",
    "FöredragningsPM",
    "Näringslivsutveckling, Kristina Eklöf 2026-06-01 Dnr: 26RS5145",
    "Näringslivsutveckling, Kristina Eklöf",
    "2026-06-01",
    "Dnr: 26RS5145",
    "www.regionorebrolan.se",
    "Postadress",
    "Box 1613, 701 16 Örebro",
    "E-post: regionen@regionorebrolan.se",
}
PAGE_NUMBER = re.compile(r"^(\d+) \((\d+)\)$")


def _body_words(text: str) -> list[str]:
    words: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.replace(NBSP, " ").split())
        if not line or line in HEADER_FOOTER or PAGE_NUMBER.match(line) or line == "•":
            continue
        words.extend(word for word in line.split() if word != "•")
    return words


def test_seed_pdf_has_every_body_line_of_the_real_memo_in_order(seed_pdf: Path) -> None:
    expected = _body_words(SEED_TEXT.read_text(encoding="utf-8"))
    produced = _body_words(pdf_text(seed_pdf))
    assert len(expected) > 500
    assert produced == expected


def test_every_page_shows_its_number_of_the_total_and_the_footer(seed_pdf: Path) -> None:
    pages = pdf_text(seed_pdf).split("\f")
    pages = [page for page in pages if page.strip()]
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        lines = [" ".join(line.split()) for line in page.splitlines()]
        assert f"{number} ({total})" in lines, f"sida {number} saknar sidnumret"
        assert "Box 1613, 701 16 Örebro" in lines, f"sida {number} saknar sidfoten"
        assert "E-post: regionen@regionorebrolan.se" in lines
        assert "Dnr: 26RS5145" in lines, f"sida {number} saknar diarienumret i sidhuvudet"


def test_title_and_first_heading_are_on_page_one(seed_pdf: Path) -> None:
    first = pdf_text(seed_pdf).split("\f")[0]
    assert "Utökat driftsstöd till IUC Industrihubb Örebro län" in first
    assert "Förslag till beslut" in first


def test_amounts_and_dates_are_written_with_no_break_spaces_in_the_docx(seed_docx: Path) -> None:
    with zipfile.ZipFile(seed_docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert f"250{NBSP}000{NBSP}kronor" in xml
    assert f"500{NBSP}tkr" in xml
    assert f"250{NBSP}tkr" in xml
    assert f"1{NBSP}juli{NBSP}2026" in xml
    assert "250 000" not in xml  # never an ordinary space inside a number


def test_each_amount_is_written_once_as_a_number_in_the_sample() -> None:
    lines = SEED_SAMPLE.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line.split(" #")[0] for line in lines if not line.lstrip().startswith("#"))
    for amount in ("250000", "500000"):
        assert len(re.findall(rf"\b{amount}\b", text)) == 1, amount
    # and never typed out as formatted text
    for typed in ("250 000", "500 000", "250 tkr", "500 tkr", "1 juli"):
        assert typed not in text, typed
    assert len(re.findall(r"\b2026-07-01\b", text)) == 1
