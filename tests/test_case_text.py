"""What the handläggare wrote is what the memo shows: prose markup only where it is meant, references resolved.

Each test renders a small case and reads the produced DOCX back with python-docx (body text
and core properties), or asserts the exact message, line and column of a refused case.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import docx
import pytest

import memo

_CASE = """\
rubrik: {rubrik}
diarienummer: KS 2026/114
handlaggare:
  namn: Anna Berg
  enhet: Ekonomienheten
beslutsinstans: Kommunstyrelsen
varden:
  belopp: 48500
  start: 2026-07-01
  fil: budget_2026_v2
forslag_till_beslut:
  - godkänna avtalet
sammanfattning: |
{sammanfattning}
"""


def _case(tmp_path: Path, sammanfattning: str, rubrik: str = "Nytt avtal") -> Path:
    path = tmp_path / "ärende.yaml"
    path.write_text(_CASE.format(rubrik=rubrik, sammanfattning=textwrap.indent(sammanfattning, "  ")),
                    encoding="utf-8")
    return path


def _document(path: Path) -> docx.document.Document:
    return docx.Document(io.BytesIO(memo.render(path, profile="standard")))


def _summary(document: docx.document.Document) -> list[docx.text.paragraph.Paragraph]:
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Sammanfattning")
    end = next((i for i, p in enumerate(paragraphs) if i > start and p.style.name.startswith("Heading")),
               len(paragraphs))
    return paragraphs[start + 1:end]


def test_underscores_are_text_not_bold_or_italic(tmp_path: Path) -> None:
    document = _document(_case(tmp_path, "Filen __init__ och ${fil} ligger i mappen _arkiv_ men *detta* är kursivt."))
    (paragraph,) = _summary(document)
    assert paragraph.text == "Filen __init__ och budget_2026_v2 ligger i mappen _arkiv_ men detta är kursivt."
    emphasised = [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs if r.bold or r.italic]
    assert emphasised == [("detta", False, True)]


def test_a_line_starting_with_plus_keeps_its_plus_sign_and_is_no_list(tmp_path: Path) -> None:
    document = _document(_case(tmp_path, "Avgifterna ändras:\n\n+ 5 procent för vuxna\n\n+ 3 procent för barn"))
    texts = [p.text for p in _summary(document)]
    assert texts == ["Avgifterna ändras:", "+ 5 procent för vuxna", "+ 3 procent för barn"]
    body = document.element.body.xml
    assert "<w:numPr>" not in body.split("Avgifterna ändras")[1].split("Förslag")[0]


def test_a_dash_at_a_line_start_is_still_a_bullet(tmp_path: Path) -> None:
    document = _document(_case(tmp_path, "Avgifterna ändras:\n\n- för vuxna\n- för barn"))
    items = [p for p in _summary(document) if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert [p.text for p in items] == ["för vuxna", "för barn"]


def test_a_reference_broken_over_two_lines_in_a_block_is_resolved(tmp_path: Path) -> None:
    document = _document(_case(tmp_path, "Kostnaden är ${belopp |\n  kronor} per år från ${start\n| langt_datum}."))
    (paragraph,) = _summary(document)
    assert paragraph.text == "Kostnaden är 48\u00a0500\u00a0kronor per år från 1\u00a0juli\u00a02026."


def test_references_in_the_rubrik_are_resolved_in_title_heading_and_properties(tmp_path: Path) -> None:
    rubrik = "Bidrag på ${belopp | kronor} från ${start | langt_datum}"
    path = _case(tmp_path, "Ärendet gäller ${rubrik}.", rubrik=rubrik)
    document = _document(path)
    title = "Bidrag på 48\u00a0500\u00a0kronor från 1\u00a0juli\u00a02026"
    assert document.paragraphs[0].text == title
    assert document.core_properties.title == title
    assert [p.text for p in _summary(document)] == [f"Ärendet gäller {title}."]
    assert "${" not in document.element.body.xml


def _refused(path: Path) -> memo.CaseError:
    with pytest.raises(memo.CaseError) as caught:
        memo.render(path, profile="standard")
    return caught.value


def test_a_rubrik_that_refers_to_itself_is_refused_at_the_rubrik(tmp_path: Path) -> None:
    error = _refused(_case(tmp_path, "Text.", rubrik="Om ${rubrik}"))
    assert (error.location.line, error.location.column, error.location.key) == (1, 12, "rubrik")
    assert error.message == "'rubrik' kan inte hänvisa till sig själv; skriv texten direkt."


def test_a_formatting_argument_fault_is_blamed_on_the_reference_not_the_value(tmp_path: Path) -> None:
    error = _refused(_case(tmp_path, "Från och med ${start | datum(2)}."))
    assert (error.location.line, error.location.column, error.location.key) == (14, 16, "sammanfattning")
    assert "tar inget tal inom parentes" in error.message


def test_a_decimal_count_out_of_range_is_blamed_on_the_reference(tmp_path: Path) -> None:
    error = _refused(_case(tmp_path, "Belopp:\n${belopp | tal(99)}."))
    assert (error.location.line, error.location.column, error.location.key) == (15, 3, "sammanfattning")
    assert "Antalet decimaler" in error.message


def test_a_value_the_formatting_cannot_read_is_still_blamed_on_the_value(tmp_path: Path) -> None:
    error = _refused(_case(tmp_path, "Belopp: ${fil | kronor(2)}."))
    assert (error.location.line, error.location.key) == (10, "varden.fil")
    assert "går inte att formatera" in error.message
