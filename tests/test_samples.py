"""Every sample renders, and the memo it gives carries the case's title, Dnr and decisions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

import memo
from conftest import SAMPLES

CASES = sorted(SAMPLES.glob("*.yaml"))


def test_there_are_at_least_three_samples() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("sample", CASES, ids=[c.stem for c in CASES])
def test_sample_renders_with_title_dnr_and_decisions(sample: Path) -> None:
    case = memo.load_case(sample)
    data = memo.render(case)
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == " ".join(case.rubrik.split())
    assert document.paragraphs[1].text == "Förslag till beslut"
    decisions = [p for p in document.paragraphs if p.style.name in ("Att-sats", "Beslutspunkt")]
    assert len(decisions) == len(case.avsnitt["forslag_till_beslut"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        header = archive.read("word/header1.xml").decode("utf-8")
    assert case.diarienummer in header and "{{" not in header
