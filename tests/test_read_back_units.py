"""memo läs --ärende: text next to a reference, table cells, the consequences' texts and the headings the case
wrote come back at their keys (review of issue 23)."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

import memo
from memo.roundtrip.back import read_back

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NORRBY = SAMPLES / "tjansteskrivelse-forskola-norrby.yaml"


def _written(tmp_path: Path, sample: Path = NORRBY, text: str | None = None) -> tuple[Path, Path]:
    case = tmp_path / sample.name
    if text is None:
        shutil.copy(sample, case)
    else:
        case.write_text(text, encoding="utf-8")
    target = tmp_path / "pm.docx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        memo.write(case, target)
    return case, target


def _paragraphs(document: docx.document.Document) -> list[Paragraph]:
    out = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    return out


def _replace(start: str, old: str, new: str) -> Callable[[docx.document.Document], None]:
    """An edit: ``old`` replaced by ``new`` in the paragraph that begins with ``start`` (its runs kept)."""
    def edit(document: docx.document.Document) -> None:
        paragraph = next(p for p in _paragraphs(document) if p.text.startswith(start))
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new, 1)
                return
        text = paragraph.text.replace(old, new, 1)
        for run in paragraph.runs[1:]:
            run._r.getparent().remove(run._r)
        paragraph.runs[0].text = text
    return edit


def _folded(text: str) -> str:
    return " ".join(text.split())


def _read_back(tmp_path: Path, written: Path, case: Path,
               edit: Callable[[docx.document.Document], None]) -> tuple[str, str]:
    document = docx.Document(str(written))
    edit(document)
    edited = tmp_path / "granskad.docx"
    document.save(str(edited))
    before = case.read_text(encoding="utf-8")
    read_back(edited, case)
    return before, case.read_text(encoding="utf-8")


@pytest.mark.parametrize(("start", "old", "new", "was", "now"), [
    pytest.param("Driftkostnaden, 9", "Driftkostnaden, 9", "Driftkostnaden, cirka 9",
                 "  - Driftkostnaden, ${drift_helar | tkr} per helår",
                 "  - Driftkostnaden, cirka ${drift_helar | tkr} per helår", id="right_before_a_point's_reference"),
    pytest.param("Antalet barn", "med 12,5", "med ungefär 12,5",
                 "öka med ${andel_barn | procent} fram", "öka med ungefär ${andel_barn | procent}",
                 id="right_before_a_paragraph's_reference"),
    pytest.param("Antalet barn", "12,5\u00a0% fram", "12,5\u00a0% eller mer fram",
                 "öka med ${andel_barn | procent} fram", "${andel_barn | procent} eller mer",
                 id="right_after_a_reference"),
])
def test_text_typed_right_before_or_after_a_reference_is_kept_beside_it(start: str, old: str, new: str, was: str,
                                                                        now: str, tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    before, after = _read_back(tmp_path, written, case, _replace(start, old, new))
    assert _folded(was) in _folded(before) and _folded(now) in _folded(after)
    assert "drift_helar: 9240000" in after and "andel_barn: 12,5" in after  # the values as they were
    rendered = memo.load_case(case)
    assert rendered.varden["drift_helar"] == "9240000"


def test_a_digit_typed_against_a_references_edge_changes_its_value(tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    before, after = _read_back(tmp_path, written, case, _replace("Driftkostnaden, 9", "Driftkostnaden, 9",
                                                                 "Driftkostnaden, 19"))
    assert "drift_helar: 19240000" in after
    assert after.replace("19240000", "9240000") == before
