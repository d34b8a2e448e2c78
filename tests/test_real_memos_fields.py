"""Real memos with the organisation's own header fields (``egna_falt``), a field line under the title
(``faltrader``) and an empty header field that keeps its label (``tomma_falt_visas``): Region RS's ärenden till
regionstyrelsen of 2017-12-19 and 2021-02-03, Landstinget Dalarna's beslutsunderlag of 2014-03-03, Stockholms läns
landsting's skrivelse from the landstingsrådsberedning (2013) and Stockholms stad's PM from the borgarrådsberedning
(2004), each rendered
with a profile that ``memo profil ny`` made of a template imitating the organisation's (``tools/sample_profiles.py``)
plus settings only.

The source texts, with their addresses, are in ``tests/data/verkliga-pm/`` (see its INDEX.md).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import NamedTuple

import docx
import pytest

import memo
from conftest import DATA, SAMPLES, pdf_text, to_pdf
from test_new_samples import fidelity

REAL = DATA / "verkliga-pm"
PROFILE = SAMPLES / "profiler" / "region-rs-regionstyrelsen"


class Source(NamedTuple):
    sample: str
    text: str
    title: str
    field_line: str
    own: dict[str, str]  # the case's own fields, by key


SOURCES = (
    Source("arende-region-rs-aterrapportering-2017-12-19", "region-rs-aterrapportering-uppdrag-2017-12-19.txt",
           "Återrapportering av regionstyrelsens uppdrag till regiondirektören 2017-12-19", "Dnr 4468-2017",
           {"dokument_id": "ARBGRP583-382524020-293", "version": "0.1", "ansvarig_chef": "Anneli Granberg"}),
    Source("arende-region-rs-aterrapportering-2021-02-03", "region-rs-aterrapportering-uppdrag-2021-02-03.txt",
           "Återrapportering av regionstyrelsens uppdrag till regiondirektören 2021-02-03", "Dnr 112-2021",
           {"dokument_id": "ARBGRP583-382524020-1119", "version": "0.2", "ansvarig_chef": "Anneli Granberg"}),
)


@pytest.fixture(scope="module", params=SOURCES, ids=[s.sample for s in SOURCES])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Source, Path, Path]:
    source: Source = request.param
    target = memo.write(SAMPLES / f"{source.sample}.yaml", tmp_path_factory.mktemp("rs") / "pm.docx")
    return source, target, to_pdf(target)


def test_the_memo_has_the_real_memos_words_in_order(rendered: tuple[Source, Path, Path]) -> None:
    source, _, pdf = rendered
    assert fidelity(REAL / source.text, pdf) >= 0.99


def test_the_dnr_stands_on_a_field_line_directly_under_the_title(rendered: tuple[Source, Path, Path]) -> None:
    source, target, pdf = rendered
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]
    assert paragraphs[:2] == [("Title", source.title), ("Normal", source.field_line)]
    lines = [line.strip() for line in pdf_text(pdf).splitlines() if line.strip()]
    title_start = next(n for n, line in enumerate(lines) if source.title.startswith(line))  # after the header
    title_end = next(n for n in range(title_start, len(lines)) if source.title.endswith(lines[n]))
    assert lines[title_end + 1] == source.field_line


def test_the_regions_own_fields_stand_under_their_labels_in_the_header(rendered: tuple[Source, Path, Path]) -> None:
    source, target, pdf = rendered
    header = docx.Document(str(target)).sections[0].header
    rows = [[cell.text for cell in row.cells] for row in header.tables[0].rows]
    assert rows[2:4] == [["ANSVARIG AVDELNING", "DOKUMENT-ID", "VERSION"],
                         ["[Gäller för verksamhet]", source.own["dokument_id"], source.own["version"]]]
    assert rows[4][:2] == ["ANSVARIG CHEF", "HANDLÄGGARE"] and rows[5][:2] == [source.own["ansvarig_chef"],
                                                                                "Henrik Berg"]
    text = " ".join(pdf_text(pdf).split())
    assert f"[Gäller för verksamhet] {source.own['dokument_id']} {source.own['version']}" in text


def test_the_2017_memos_bilaga_is_a_plain_line_under_its_heading() -> None:
    """Region RS lists its bilagor as plain lines ("Bilagor:" and the line under it), not numbered."""
    target = memo.render(SAMPLES / "arende-region-rs-aterrapportering-2017-12-19.yaml")
    paragraphs = docx.Document(io.BytesIO(target)).paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "Bilagor:")
    line = paragraphs[at + 1]
    assert line.text == "Bilaga över regionstyrelsens uppdrag till regiondirektören 2017-12-19"
    assert line.style.name == "Normal" and (line._p.pPr is None or line._p.pPr.numPr is None)


def test_the_profile_declares_the_templates_own_placeholders_as_its_own_fields() -> None:
    profile = memo.load_profile(PROFILE)
    assert [tuple(field) for field in profile.egna_falt] == [
        ("dokument_id", "DOKUMENT-ID"), ("version", "VERSION"), ("ansvarig_chef", "ANSVARIG CHEF")]
    assert sorted(p.name for p in PROFILE.iterdir()) == ["profil.yaml", "referens.docx"]  # no templates
    for source in SOURCES:
        assert memo.load_case(SAMPLES / f"{source.sample}.yaml").extra == source.own
        assert (REAL / source.text).exists()


DALARNA = "beslutsunderlag-dalarna-andringar-i-reglementen"


@pytest.fixture(scope="module")
def dalarna(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    target = memo.write(SAMPLES / f"{DALARNA}.yaml", tmp_path_factory.mktemp("dalarna") / "pm.docx")
    return target, to_pdf(target)


def _header_lines(target: Path) -> list[str]:
    header = docx.Document(str(target)).sections[0].header
    return [p.text for p in header.paragraphs] + [c.text for t in header.tables for r in t.rows for c in r.cells]


def test_dalarnas_memo_has_the_real_memos_words_in_order(dalarna: tuple[Path, Path]) -> None:
    assert fidelity(REAL / "dalarna-beslutsunderlag-andringar-i-reglementen.txt", dalarna[1]) >= 0.99


def test_dalarnas_empty_uppdnr_keeps_its_label_beside_the_dnr(dalarna: tuple[Path, Path]) -> None:
    target, pdf = dalarna
    lines = _header_lines(target)
    assert "Dnr LD13/03336" in lines and "Uppdnr " in lines
    assert "Ledningsenhet" in lines  # the kansli, an own field
    text = " ".join(pdf_text(pdf).split())
    assert "Dnr LD13/03336 Uppdnr Landstingsstyrelsens arbetsutskott Landstingsstyrelsen Landstingsfullmäktige " \
           "Ändringar i reglementen" in text


def test_without_tomma_falt_visas_dalarnas_empty_uppdnr_loses_its_label(tmp_path: Path) -> None:
    profile = tmp_path / "profiler" / "dalarna-landstingsfullmaktige"
    shutil.copytree(SAMPLES / "profiler" / "dalarna-landstingsfullmaktige", profile)
    settings = profile / "profil.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("tomma_falt_visas: [uppdnr]\n", ""),
                        encoding="utf-8")
    shutil.copy(SAMPLES / f"{DALARNA}.yaml", tmp_path / "arende.yaml")
    lines = _header_lines(memo.write(tmp_path / "arende.yaml", tmp_path / "pm.docx"))
    assert "Dnr LD13/03336" in lines and not any("Uppdnr" in line for line in lines)


SLL = "skrivelse-sll-miljoutmaning-2016"


def test_sll_has_the_real_memos_words_and_its_field_lines_around_the_title(tmp_path: Path) -> None:
    target = memo.write(SAMPLES / f"{SLL}.yaml", tmp_path / "pm.docx")
    pdf = to_pdf(target)
    assert fidelity(REAL / "sll-skrivelse-lrb-miljoutmaning-2016.txt", pdf) >= 0.99
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]
    assert paragraphs[:3] == [("Normal", "Landstingsstyrelsen"),
                              ("Title", "Specificering av målen i Miljöutmaning 2016"),
                              ("Normal", "Föredragande landstingsråd: Gustav Andersson")]
    text = " ".join(pdf_text(pdf).split())
    assert "Landstingsstyrelsen Specificering av målen i Miljöutmaning 2016 Föredragande landstingsråd: Gustav " \
           "Andersson Ärendebeskrivning" in text


STOCKHOLM = "pm-stockholm-enprocentsregeln"


def test_stockholms_pm_number_rotel_and_dnr_stand_on_a_line_above_the_title(tmp_path: Path) -> None:
    target = memo.write(SAMPLES / f"{STOCKHOLM}.yaml", tmp_path / "pm.docx")
    pdf = to_pdf(target)
    assert fidelity(REAL / "stockholm-pm-2004-riv-enprocentsregeln.txt", pdf) >= 0.99
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]
    assert paragraphs[:2] == [("Normal", "PM 2004 RIV (Dnr 328-7/2004)"),
                              ("Title", "Konstinsatser med stöd av den s.k. enprocentsregeln")]
    assert docx.Document(str(target)).core_properties.title == "Konstinsatser med stöd av den s.k. enprocentsregeln"
    text = " ".join(pdf_text(pdf).split())
    assert "PM 2004 RIV (Dnr 328-7/2004) Konstinsatser med stöd av den s.k. enprocentsregeln" in text
