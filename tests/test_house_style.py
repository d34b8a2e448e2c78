"""An organisation's house style in its profile: the decision's punctuation (``skiljetecken``), an own section with
no heading, the lists of documents as plain lines (``form``) and the organ above the signatures
(``underskriftsorgan``), each asserted on the document memo writes and, once per setting, on LibreOffice's text."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

import memo
from conftest import ROOT, pdf_text, to_pdf

STANDARD = ROOT / "src" / "memo" / "profiles" / "standard"

_CASE = """\
profil: profil
rubrik: Motion om jämställdhet
diarienummer: KS 2026/77
handlaggare: {namn: Anna Berg, enhet: Kansliet}
beslutsinstans: Kommunfullmäktige
forslagsstallare: Kommunstyrelsen
forslag_till_beslut:
  - avslå motionen när det gäller medarbetare
  - anse motionen besvarad när det gäller patienter
  - i övrigt lägga motionen till handlingarna
sammanfattning: En motion har lämnats in.
beslutsunderlag:
  - Tjänsteskrivelse den 1 juni 2026
  - Motionen
bilagor:
  - Motionen
  - Yttrandet
underskrift:
  - {namn: Håkan Jansson, titel: Ordförande}
  - {namn: Agneta Jansmyr, titel: Direktör}
"""


def _profile(folder: Path, settings: str) -> Path:
    profile = folder / "profil"
    profile.mkdir(exist_ok=True)
    shutil.copy(STANDARD / "referens.docx", profile / "referens.docx")
    (profile / "profil.yaml").write_text("namn: Exempelkommunen\n" + settings, encoding="utf-8")
    return profile


def _written(tmp_path: Path, settings: str, case: str = _CASE) -> Path:
    _profile(tmp_path, settings)
    (tmp_path / "arende.yaml").write_text(case, encoding="utf-8")
    return memo.write(tmp_path / "arende.yaml", tmp_path / "pm.docx")


def _paragraphs(target: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]


def _decision(target: Path) -> list[str]:
    return [text for style, text in _paragraphs(target) if style in ("Att-sats", "Beslutspunkt")]


# --- skiljetecken ---------------------------------------------------------------------------------------------------

def test_the_styles_own_punctuation_without_skiljetecken(tmp_path: Path) -> None:
    assert _decision(_written(tmp_path, "beslutsstil: att-satser\n")) == [
        "att\tavslå motionen när det gäller medarbetare,", "att\tanse motionen besvarad när det gäller patienter,",
        "att\ti övrigt lägga motionen till handlingarna."]


def test_att_satser_without_a_comma_between_and_no_end_mark(tmp_path: Path) -> None:
    target = _written(tmp_path, "beslutsstil: att-satser\nskiljetecken: {mellan: \"\", sist: \"\"}\n")
    assert _decision(target) == ["att\tavslå motionen när det gäller medarbetare",
                                 "att\tanse motionen besvarad när det gäller patienter",
                                 "att\ti övrigt lägga motionen till handlingarna"]
    text = pdf_text(to_pdf(target))
    assert "när det gäller medarbetare\natt" in text.replace(" \n", "\n") or \
        "medarbetare att anse" in " ".join(text.split())
    assert "handlingarna." not in text and "medarbetare," not in text


def test_an_own_mark_before_the_last_att_sats(tmp_path: Path) -> None:
    target = _written(tmp_path, "beslutsstil: att-satser\n"
                                "skiljetecken: {mellan: \",\", fore_sista: \" samt,\", sist: \".\"}\n")
    assert _decision(target) == ["att\tavslå motionen när det gäller medarbetare,",
                                 "att\tanse motionen besvarad när det gäller patienter samt,",
                                 "att\ti övrigt lägga motionen till handlingarna."]
    assert "patienter samt, att i övrigt" in " ".join(pdf_text(to_pdf(target)).split())


def test_numbered_points_without_a_full_stop(tmp_path: Path) -> None:
    target = _written(tmp_path, "beslutsstil: numrerade\nskiljetecken: {mellan: \"\", sist: \"\"}\n")
    assert _decision(target) == ["avslå motionen när det gäller medarbetare",
                                 "anse motionen besvarad när det gäller patienter",
                                 "i övrigt lägga motionen till handlingarna"]


def test_an_abbreviations_full_stop_is_not_doubled(tmp_path: Path) -> None:
    case = _CASE.replace("i övrigt lägga motionen till handlingarna", "bjuda in kommunerna m.fl.")
    target = _written(tmp_path, "beslutsstil: att-satser\nskiljetecken: {mellan: \";\", sist: \".\"}\n", case)
    assert _decision(target)[-2:] == ["att\tanse motionen besvarad när det gäller patienter;",
                                      "att\tbjuda in kommunerna m.fl."]


def test_a_case_with_another_style_has_that_styles_punctuation(tmp_path: Path) -> None:
    target = _written(tmp_path, "beslutsstil: att-satser\nskiljetecken: {mellan: \"\", sist: \"\"}\n",
                      "beslutsstil: numrerade\n" + _CASE)
    assert _decision(target)[-1] == "i övrigt lägga motionen till handlingarna."


# --- an own section with no heading ---------------------------------------------------------------------------------

def test_an_own_section_without_a_heading_stands_under_the_title(tmp_path: Path) -> None:
    settings = ("avsnitt:\n  yttrande: \"\"\n  forslag_till_beslut:\n  sammanfattning:\n  beslutsunderlag:\n"
                "  bilagor:\n  underskrift:\n")
    case = _CASE.replace("sammanfattning:", "yttrande: Kommunen tillstyrker förslaget.\nsammanfattning:")
    target = _written(tmp_path, settings, case)
    paragraphs = _paragraphs(target)
    assert paragraphs[0] == ("Title", "Motion om jämställdhet")
    assert paragraphs[1] == ("Normal", "Kommunen tillstyrker förslaget.")
    assert [text for style, text in paragraphs if style == "Heading 1"] == [
        "Förslag till beslut", "Sammanfattning", "Beslutsunderlag", "Bilagor"]
    text = " ".join(pdf_text(to_pdf(target)).split())
    assert "Motion om jämställdhet Kommunen tillstyrker förslaget. Förslag till beslut" in text


def test_an_own_section_left_empty_still_needs_a_heading(tmp_path: Path) -> None:
    _profile(tmp_path, "avsnitt:\n  yttrande:\n  forslag_till_beslut:\n")
    with pytest.raises(memo.ProfileError, match="Ett eget avsnitt behöver en rubrik"):
        memo.load_profile(tmp_path / "profil")


# --- form of the lists ----------------------------------------------------------------------------------------------

def _numbered(target: Path) -> list[str]:
    document = docx.Document(str(target))
    return [p.text for p in document.paragraphs if (p._p.pPr is not None and p._p.pPr.numPr is not None)
            or p.style.name in ("List Bullet", "List Number")]


def test_the_lists_by_default_bullets_and_numbers(tmp_path: Path) -> None:
    target = _written(tmp_path, "")
    paragraphs = dict((text, style) for style, text in _paragraphs(target))
    assert paragraphs["Motionen"] in ("List Bullet", "List Number")
    assert paragraphs["Tjänsteskrivelse den 1 juni 2026"] == "List Bullet"
    assert paragraphs["Yttrandet"] == "List Number"


def test_bilagor_and_beslutsunderlag_as_plain_lines(tmp_path: Path) -> None:
    settings = ("avsnitt:\n  forslag_till_beslut:\n  sammanfattning:\n  beslutsunderlag: {form: rader}\n"
                "  bilagor: {rubrik: \"Bilagor:\", form: rader}\n  underskrift:\n")
    target = _written(tmp_path, settings)
    paragraphs = _paragraphs(target)
    at = paragraphs.index(("Heading 1", "Bilagor:"))
    assert paragraphs[at + 1:at + 3] == [("Normal", "Motionen"), ("Normal", "Yttrandet")]
    at = paragraphs.index(("Heading 1", "Beslutsunderlag"))
    assert paragraphs[at + 1:at + 3] == [("Normal", "Tjänsteskrivelse den 1 juni 2026"), ("Normal", "Motionen")]
    assert _numbered(target) == []
    text = pdf_text(to_pdf(target))
    assert "Bilagor:\nMotionen\nYttrandet" in text.replace(" \n", "\n").replace("\n\n", "\n")


def test_bilagor_as_bullets_and_beslutsunderlag_numbered(tmp_path: Path) -> None:
    settings = ("avsnitt:\n  forslag_till_beslut:\n  sammanfattning:\n  beslutsunderlag: {form: numrerad}\n"
                "  bilagor: {form: punktlista}\n  underskrift:\n")
    paragraphs = dict((text, style) for style, text in _paragraphs(_written(tmp_path, settings)))
    assert paragraphs["Tjänsteskrivelse den 1 juni 2026"] == "List Number"
    assert paragraphs["Yttrandet"] == "List Bullet"


# --- underskriftsorgan ----------------------------------------------------------------------------------------------

def test_the_profiles_signing_organ_above_the_signatures(tmp_path: Path) -> None:
    target = _written(tmp_path, "underskriftsorgan: \"Hela ${forslagsstallare}\"\n")
    paragraphs = _paragraphs(target)
    at = paragraphs.index(("Underskrift", "Hela Kommunstyrelsen"))
    assert paragraphs[at + 1:at + 5] == [("Underskrift", "Håkan Jansson"), ("Underskriftstitel", "Ordförande"),
                                         ("Underskrift", "Agneta Jansmyr"), ("Underskriftstitel", "Direktör")]
    assert "Hela Kommunstyrelsen\n\nHåkan Jansson" in pdf_text(to_pdf(target)).replace(" \n", "\n").replace("\n\n\n",
                                                                                                         "\n\n")


def test_the_cases_signing_organ_wins_and_shows_as_written(tmp_path: Path) -> None:
    target = _written(tmp_path, "underskriftsorgan: KOMMUNSTYRELSEN\n",
                      _CASE + "underskriftsorgan: Kommunstyrelsens arbetsutskott\n")
    texts = [text for style, text in _paragraphs(target) if style == "Underskrift"]
    assert texts == ["Kommunstyrelsens arbetsutskott", "Håkan Jansson", "Agneta Jansmyr"]


def test_no_signing_organ_without_the_setting(tmp_path: Path) -> None:
    texts = [text for style, text in _paragraphs(_written(tmp_path, "")) if style == "Underskrift"]
    assert texts == ["Håkan Jansson", "Agneta Jansmyr"]


def test_the_profiles_signing_organ_needs_the_value_it_refers_to(tmp_path: Path) -> None:
    _profile(tmp_path, "underskriftsorgan: \"${forslagsstallare}\"\n")
    (tmp_path / "arende.yaml").write_text(_CASE.replace("forslagsstallare: Kommunstyrelsen\n", ""), encoding="utf-8")
    with pytest.raises(memo.CaseError, match=r"underskriftsorgan .*behöver 'forslagsstallare'"):
        memo.write(tmp_path / "arende.yaml", tmp_path / "pm.docx")
