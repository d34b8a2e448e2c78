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


_BASE: dict[str, object] = {
    "rubrik": "Avtal", "diarienummer": "26RS1", "handlaggare": {"namn": "A", "enhet": "B"},
    "beslutsinstans": "Nämnden", "forslag_till_beslut": ["godkänna"],
    "konsekvenser": {"miljö": "x", "barn": "y", "jämställdhet": "z"},
}


def test_a_value_named_like_its_section_may_be_used_in_it() -> None:
    case = {**_BASE, "varden": {"uppfoljning": "maj 2027"}, "uppfoljning": "Följs upp i ${uppfoljning}."}
    document = docx.Document(io.BytesIO(memo.render(case, profile="standard")))
    assert "Följs upp i maj 2027." in [p.text for p in document.paragraphs]


def test_headings_and_the_title_are_trimmed_of_any_white_space_but_keep_no_break_spaces_inside() -> None:
    case = {**_BASE, "rubrik": "\u00a0Bidrag\u2003\u2003på 500\u00a0kronor\u3000",
            "rubriker": {"sammanfattning": "\u00a0Samman\u2009fattning\u00a0"}, "sammanfattning": "Text."}
    document = docx.Document(io.BytesIO(memo.render(case, profile="standard")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Bidrag på 500\u00a0kronor" and document.core_properties.title == texts[0]
    assert "Samman fattning" in texts


def test_a_personnummer_brought_into_the_title_by_a_value_is_refused_for_a_case_changed_in_python() -> None:
    import dataclasses

    case = memo.load_case(_BASE, profile="standard")
    changed = dataclasses.replace(case, rubrik="Bidrag till ${p}", varden={**case.varden, "p": "19850101-1234"})
    with pytest.raises(memo.CaseError) as caught:
        memo.render(changed, profile="standard")
    assert caught.value.key == "rubrik" and "personnummer" in caught.value.message


def test_a_consequence_of_the_wrong_shape_in_python_is_a_case_error_not_a_crash() -> None:
    import dataclasses

    from memo.case.model import Konsekvens

    case = memo.load_case(_BASE, profile="standard")
    wrongs = (Konsekvens(("barn",), 5), Konsekvens(("barn", 3), "x"), Konsekvens((), "x"))  # type: ignore[arg-type]
    for wrong in wrongs:
        konsekvenser = (wrong, Konsekvens(("miljö",), "a"), Konsekvens(("jämställdhet",), "b"),
                        Konsekvens(("barn",), "c"))
        with pytest.raises(memo.CaseError) as caught:
            memo.render(dataclasses.replace(case, avsnitt={**case.avsnitt, "konsekvenser": konsekvenser}),
                        profile="standard")
        key = caught.value.key or ""
        assert key.startswith("konsekvenser") and caught.value.line is None  # at the entry, where it is known


@pytest.mark.parametrize(("perspectives", "key", "text"), [
    pytest.param({"": "a"}, "konsekvenser.", "inget namn", id="empty-name"),
    pytest.param({"perspektiv": "miljö", "text": "Ingen påverkan."}, "konsekvenser.perspektiv", "listformen",
                 id="list-form-without-its-dash"),
])
def test_a_perspective_without_a_name_or_with_a_list_forms_key_is_refused(
        perspectives: dict[str, str], key: str, text: str) -> None:
    with pytest.raises(memo.CaseError) as caught:
        memo.load_case({**_BASE, "konsekvenser": perspectives}, profile="standard")
    assert any(p.key == key and text in p.message for p in caught.value.problems)
