"""The decision's wording is a setting: its lead-in, its style, and punctuation that reads right."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

import memo
from conftest import ROOT

STANDARD = ROOT / "src" / "memo" / "profiles" / "standard"


def _render(tmp_path: Path, extra: str, decisions: str, profile: str = "") -> list[tuple[str, str]]:
    folder = tmp_path / "profil"
    folder.mkdir(exist_ok=True)
    shutil.copy(STANDARD / "referens.docx", folder / "referens.docx")
    (folder / "profil.yaml").write_text("namn: Kommunen\n" + profile, encoding="utf-8")
    case = tmp_path / "ärende.yaml"
    case.write_text("profil: profil\nrubrik: Motion om cykelbanor\ndiarienummer: KS 2026/3\n"
                    "handlaggare:\n  namn: Anna Berg\n  enhet: Kansliet\n" + extra
                    + "forslag_till_beslut:\n" + decisions, encoding="utf-8")
    document = docx.Document(io.BytesIO(memo.render(case)))
    at = next(i for i, p in enumerate(document.paragraphs) if p.text == "Förslag till beslut")
    return [(p.style.name, p.text) for p in document.paragraphs[at + 1:]]


def test_a_profiles_lead_in_names_the_proposing_and_the_deciding_body(tmp_path: Path) -> None:
    shown = _render(tmp_path, "forslagsstallare: Kommunstyrelsen\nbeslutsinstans: Kommunfullmäktige\n",
                    "  - bifalla motionen\n",
                    'beslutsinledning: "${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta"\n')
    assert shown == [("Beslutsinledning", "Kommunstyrelsen föreslår kommunfullmäktige besluta"),
                     ("Att-sats", "att\tbifalla motionen.")]


def test_the_case_overrides_the_lead_in_and_may_have_none(tmp_path: Path) -> None:
    shown = _render(tmp_path, "beslutsinstans: Miljönämnden\nbeslutsinledning: ingen\nbeslutsstil: mening\n",
                    "  - Miljönämnden godkänner yttrandet\n",
                    'beslutsinledning: "${beslutsinstans} föreslås besluta"\n')
    assert shown == [("Normal", "Miljönämnden godkänner yttrandet.")]


@pytest.mark.parametrize(("case", "lead_in", "key", "message"), [
    pytest.param("beslutsinstans: Kommunfullmäktige\n",
                 "${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta", "forslagsstallare",
                 "'forslagsstallare'", id="names-a-missing-body"),
    pytest.param("beslutsinstans: Kommunstyrelsen\n", "${beslutsinstans | gemen(2)} besluta",
                 "beslutsinledning", "tar inget tal", id="formatting-takes-no-argument"),
])
def test_a_lead_in_that_cannot_be_filled_is_refused_at_its_key(tmp_path: Path, case: str, lead_in: str, key: str,
                                                                message: str) -> None:
    with pytest.raises(memo.CaseError) as caught:
        _render(tmp_path, case, "  - bifalla motionen\n", f'beslutsinledning: "{lead_in}"\n')
    (problem,) = caught.value.problems or (caught.value,)
    assert problem.key == key and message in problem.message


@pytest.mark.parametrize(("written", "shown"), [
    pytest.param(["godkänna avsnitt 3.2.", "anta planen"], ["att\tgodkänna avsnitt 3.2,", "att\tanta planen."],
                 id="number-before-the-full-stop"),
    pytest.param(["bjuda in kommunerna m.fl.", "anta planen."], ["att\tbjuda in kommunerna m.fl.,",
                                                                 "att\tanta planen."],
                 id="abbreviation-then-comma"),
    pytest.param(["anta planen", "bjuda in regionen *m.fl.*"], ["att\tanta planen,", "att\tbjuda in regionen m.fl."],
                 id="emphasised-abbreviation-last"),
    pytest.param(["Att anta planen,", "att ge uppdraget;"], ["att\tanta planen,", "att\tge uppdraget."],
                 id="att-and-punctuation-written-by-habit"),
])
def test_att_satser_are_punctuated_by_what_the_reader_sees(tmp_path: Path, written: list[str],
                                                           shown: list[str]) -> None:
    result = _render(tmp_path, "beslutsinstans: Kommunstyrelsen\n", "".join(f"  - {w}\n" for w in written))
    assert [text for style, text in result if style == "Att-sats"] == shown


def test_numbered_sentences_end_once_with_a_full_stop(tmp_path: Path) -> None:
    result = _render(tmp_path, "beslutsstil: numrerade\n",
                     "  - Motionen bifalls m.fl.\n  - Uppdraget ges till förvaltningen.\n")
    assert result[:2] == [("Beslutspunkt", "Motionen bifalls m.fl."),
                          ("Beslutspunkt", "Uppdraget ges till förvaltningen.")]


def test_a_value_that_ends_with_an_abbreviation_gets_no_second_full_stop(tmp_path: Path) -> None:
    result = _render(tmp_path, "beslutsinstans: Kommunstyrelsen\nvarden:\n  fastighet: Ekorren 3 m.fl.\n",
                     "  - bjuda in ägarna till ${fastighet}\n")
    assert [text for style, text in result if style == "Att-sats"] == ["att\tbjuda in ägarna till Ekorren 3 m.fl."]


@pytest.mark.parametrize(("lead_in", "message"), [
    pytest.param("${beslutsinstans | gemn} besluta", "Formateringen 'gemn'", id="unknown-formatting"),
    pytest.param("${beslutsinstans besluta", "avslutande '}'", id="unclosed-reference"),
])
def test_a_profiles_lead_in_that_cannot_be_read_is_a_profile_error(tmp_path: Path, lead_in: str,
                                                                   message: str) -> None:
    with pytest.raises(memo.ProfileError) as caught:
        _render(tmp_path, "beslutsinstans: Kommunstyrelsen\n", "  - anta planen\n", f'beslutsinledning: "{lead_in}"\n')
    assert message in caught.value.message and caught.value.key == "beslutsinledning"


def test_every_style_writes_every_point(tmp_path: Path) -> None:
    from memo.case.decisions import STYLES

    for style in STYLES:
        folder = tmp_path / style
        folder.mkdir()
        result = _render(folder, f"beslutsinstans: Nämnden\nbeslutsstil: {style}\n",
                         "  - anta planen\n  - ge uppdraget\n")
        assert sum("anta planen" in text or "ge uppdraget" in text for _, text in result) == 2, style


def test_strecksatser_are_a_real_list_with_a_dash(tmp_path: Path) -> None:
    import zipfile

    from conftest import pdf_text, require_real_client, to_pdf

    result = _render(tmp_path, "beslutsstil: strecksatser\n", "  - Informationen noteras\n  - Ärendet avslutas\n")
    assert result[:2] == [("Beslutspunkt", "Informationen noteras."), ("Beslutspunkt", "Ärendet avslutas.")]
    target = tmp_path / "pm.docx"
    target.write_bytes(memo.render(tmp_path / "ärende.yaml"))
    with zipfile.ZipFile(target) as archive:
        numbering = archive.read("word/numbering.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    assert '<w:lvlText w:val="\u2013"/>' in numbering and body.count("<w:numPr>") == 2
    assert numbering.index("<w:abstractNum ") < numbering.rindex("</w:abstractNum>") < numbering.index("<w:num ")
    require_real_client()
    text = pdf_text(to_pdf(target))
    assert "\u2013 Informationen noteras." in " ".join(text.replace("\t", " ").split())


@pytest.mark.parametrize(("body", "shown"), [
    pytest.param("IT-nämnden", "IT-nämnden", id="abbreviation-with-a-hyphen"),
    pytest.param("EU", "EU", id="abbreviation"),
    pytest.param("Kommunfullmäktige", "kommunfullmäktige", id="a-name-in-lower-case"),
    pytest.param("Regional tillväxtnämnd", "regional tillväxtnämnd", id="a-name-of-two-words"),
])
def test_gemen_leaves_a_word_with_a_capital_after_its_first_letter_as_written(tmp_path: Path, body: str,
                                                                              shown: str) -> None:
    lines = _render(tmp_path, f"forslagsstallare: Kommunstyrelsen\nbeslutsinstans: {body}\n",
                    "  - bifalla motionen\n",
                    'beslutsinledning: "${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta"\n')
    assert lines[0] == ("Beslutsinledning", f"Kommunstyrelsen föreslår {shown} besluta")
