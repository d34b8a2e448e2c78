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
    title = next(i for i, p in enumerate(document.paragraphs) if p.style.name == "Title")
    assert all(p.style.name == "Normal" for p in document.paragraphs[:title])  # the profile's field lines, if any
    assert document.paragraphs[title].text.replace("\u2060", "") == " ".join(case.rubrik.split())
    profile = memo.load_profile(case.profil or "standard", sample.parent)
    heading = next(s.heading for s in profile.sections if s.key == "forslag_till_beslut")
    paragraphs = document.paragraphs
    if not profile.has_decision(case.dokumenttyp):  # a letter: no decision, and no heading for one
        assert "forslag_till_beslut" not in case.avsnitt
        assert not any(p.text == heading or p.style.name in ("Att-sats", "Beslutspunkt") for p in paragraphs)
    else:
        points = len(case.avsnitt["forslag_till_beslut"])
        if heading:
            at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == heading)
            after = [p for p in paragraphs[at + 1:]]
            end = next((i for i, p in enumerate(after) if p.style.name.startswith(("Heading", "Underskrift"))),
                       len(after))
            decisions = [p for p in after[:end] if p.style.name != "Beslutsinledning"]
        else:  # no heading of its own: the points after the lead-in, before what follows them unheaded
            at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Beslutsinledning")
            decisions = paragraphs[at + 1:at + 1 + points]
        assert len(decisions) == points
        assert all(p.style.name in ("Att-sats", "Beslutspunkt", "Normal") for p in decisions)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        header = archive.read("word/header1.xml").decode("utf-8")
    # in the header, or on a field line next to the title (the profile's faltrader: "Dnr 4468-2017")
    lines = [p.text for p in document.paragraphs[:title + 2] if p.style.name == "Normal"]
    assert case.diarienummer in header or any(case.diarienummer in line for line in lines)
    assert "{{" not in header
