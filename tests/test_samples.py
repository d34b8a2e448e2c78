"""Every sample renders, and the memo it gives carries the case's title, Dnr and decisions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

import memo
from conftest import CASE_SAMPLES

CASES = CASE_SAMPLES


def test_there_are_at_least_three_samples() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("sample", CASES, ids=[c.stem for c in CASES])
def test_sample_renders_with_title_dnr_and_decisions(sample: Path) -> None:
    case = memo.load_case(sample)
    data = memo.render(case)
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text.replace("\u2060", "") == " ".join(case.rubrik.split())
    profile = memo.load_profile(case.profil or "standard", sample.parent)
    heading = next(s.heading for s in profile.sections if s.key == "forslag_till_beslut")
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == heading)
    after = [p for p in paragraphs[at + 1:]]
    end = next((i for i, p in enumerate(after) if p.style.name.startswith("Heading")), len(after))
    decisions = [p for p in after[:end] if p.style.name != "Beslutsinledning"]
    assert len(decisions) == len(case.avsnitt["forslag_till_beslut"])
    assert all(p.style.name in ("Att-sats", "Beslutspunkt", "Normal") for p in decisions)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        header = archive.read("word/header1.xml").decode("utf-8")
    # in the header, or on a field line directly under the title (the profile's faltrader: "Dnr 4468-2017")
    assert case.diarienummer in header or case.diarienummer in document.paragraphs[1].text
    assert "{{" not in header
