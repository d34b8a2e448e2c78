"""Values real memos lack: what a profile may make optional (``valfria_falt``), and document types without a decision.

Each setting is shown on a rendered memo (its DOCX, and once per setting LibreOffice's PDF text), and each fails
without the setting: the same case is refused, or shows what the setting takes away.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import docx
import jsonschema
import pytest

import memo
from conftest import ROOT, pdf_text, to_pdf
from memo.case.documenttypes import DECISIONLESS, TYPES, folded_type
from memo.case.schema import case_schema
from memo.case.starter import DOCUMENT_TYPES, starter_case
from memo.cli import main
from memo.errors import CaseError, ProfileError
from memo.profile.optional import OPTIONAL, optional_table
from memo.read.source import read_yaml
from memo.swedish import datum
from test_schema import _plain

STANDARD = Path(memo.__file__).resolve().parent / "profiles" / "standard"
CASE = """\
profil: profil
rubrik: Nytt städavtal
diarienummer: KS 2026/17
handlaggare:
  namn: Anna Berg
{enhet}sammanfattning: Avtalet löper ut.
{rest}"""
DECISION = "forslag_till_beslut:\n  - godkänna avtalet\nbeslutsinstans: Kommunstyrelsen\n"


def _profile(tmp_path: Path, settings: str = "") -> Path:
    folder = tmp_path / "profil"
    folder.mkdir(exist_ok=True)
    shutil.copy(STANDARD / "referens.docx", folder / "referens.docx")
    (folder / "profil.yaml").write_text("namn: Kommunen\ndokumenttyp: Tjänsteskrivelse\n" + settings,
                                        encoding="utf-8")
    return folder


def _case(tmp_path: Path, *, enhet: str = "  enhet: Kansliet\n", rest: str = DECISION) -> Path:
    path = tmp_path / "arende.yaml"
    path.write_text(CASE.format(enhet=enhet, rest=rest), encoding="utf-8")
    return path


def _problems(path: Path) -> list[tuple[str | None, str | None]]:
    """Each problem memo finds in the case: its key and rule."""
    with pytest.raises(CaseError) as caught:
        memo.load_case(path)
    return [(p.key, p.rule) for p in (caught.value.problems or (caught.value,))]


def _header(target: Path) -> str:
    with zipfile.ZipFile(target) as archive:
        return " ".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("word/header"))


def _styled(target: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]


# --- valfria_falt: the one table --------------------------------------------------------------------------------

def test_the_readme_lists_what_may_be_optional_from_the_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert optional_table() in readme, "kör python tools/readme_keys.py"
    assert [line.split("`")[1] for line in optional_table().splitlines()[2:]] == [v.key for v in OPTIONAL]


def test_a_value_that_cannot_be_optional_is_refused_with_the_tables_choices(tmp_path: Path) -> None:
    _profile(tmp_path, "valfria_falt: [rubrik]\n")
    with pytest.raises(ProfileError) as caught:
        memo.load_profile(tmp_path / "profil")
    assert caught.value.line == 3 and caught.value.rule == "ogiltigt-val"
    assert all(value.key in caught.value.message for value in OPTIONAL)


# --- handlaggare.enhet ------------------------------------------------------------------------------------------

def test_a_handlaggare_without_enhet_is_refused_unless_the_profile_makes_it_optional(tmp_path: Path) -> None:
    _profile(tmp_path)
    case = _case(tmp_path, enhet="")
    assert ("handlaggare.enhet", "saknad-nyckel") in _problems(case)
    _profile(tmp_path, "valfria_falt: [handlaggare.enhet]\n")
    target = memo.write(case, tmp_path / "pm.docx")
    header = _header(target)
    assert "Anna Berg" in header and "Kansliet" not in header and "{{" not in header
    assert "Anna Berg" in pdf_text(to_pdf(target))


def test_memo_ny_and_the_schema_ask_for_no_enhet_where_the_profile_makes_it_optional(tmp_path: Path) -> None:
    for settings, required in (("", True), ("valfria_falt: [handlaggare.enhet]\n", False)):
        chosen = memo.load_profile(_profile(tmp_path, settings))
        text = starter_case(chosen, DOCUMENT_TYPES["tjänsteskrivelse"], profile_name="p", schema="s.json")
        line = next(line for line in text.splitlines() if line.startswith("  enhet:"))
        assert ("(obligatoriskt)" in line) is required
        schema = case_schema(chosen)
        root, _ = read_yaml(_case(tmp_path, enhet=""))
        assert bool(list(jsonschema.Draft202012Validator(schema).iter_errors(_plain(root)))) is required


# --- underskrift.titel ------------------------------------------------------------------------------------------

def test_a_signature_without_a_title_is_refused_unless_the_profile_makes_it_optional(tmp_path: Path) -> None:
    _profile(tmp_path)
    case = _case(tmp_path, rest=DECISION + "underskrift:\n  namn: Anne-Christine Dahlgren\n")
    assert ("underskrift.titel", "saknad-nyckel") in _problems(case)
    _profile(tmp_path, "valfria_falt: [underskrift.titel]\n")
    target = memo.write(case, tmp_path / "pm.docx")
    paragraphs = _styled(target)
    assert ("Underskrift", "Anne-Christine Dahlgren") in paragraphs
    assert not [text for style, text in paragraphs if style == "Underskriftstitel"]
    root, _ = read_yaml(case)
    assert list(jsonschema.Draft202012Validator(case_schema(memo.load_profile(tmp_path / "profil")))
                .iter_errors(_plain(root))) == []
    text = pdf_text(to_pdf(target))
    assert "Anne-Christine Dahlgren" in text


def test_a_signature_with_a_title_keeps_it_where_titles_are_optional(tmp_path: Path) -> None:
    _profile(tmp_path, "valfria_falt: [underskrift.titel]\n")
    case = _case(tmp_path, rest=DECISION + "underskrift:\n  - {namn: Eva Ek, titel: Kanslichef}\n  - namn: Per Ek\n")
    paragraphs = _styled(memo.write(case, tmp_path / "pm.docx"))
    signatures = [(style, text) for style, text in paragraphs if style.startswith("Underskrift")]
    assert signatures == [("Underskrift", "Eva Ek"), ("Underskriftstitel", "Kanslichef"), ("Underskrift", "Per Ek")]


# --- datum ------------------------------------------------------------------------------------------------------

def test_a_case_without_a_date_is_dated_today_unless_the_profile_makes_the_date_optional(tmp_path: Path) -> None:
    _profile(tmp_path)
    case = _case(tmp_path)
    today = datum(dt.date.today())
    assert today in _header(memo.write(case, tmp_path / "i-dag.docx"))
    _profile(tmp_path, "valfria_falt: [datum]\n")
    target = memo.write(case, tmp_path / "utan.docx")
    header = _header(target)
    assert today not in header and "{{" not in header
    assert "KS 2026/17" in header
    text = pdf_text(to_pdf(target))
    assert today not in text and "KS 2026/17" in text
    dated = _case(tmp_path, rest=DECISION + "datum: 2026-03-02\n")
    assert "2026-03-02" in _header(memo.write(dated, tmp_path / "med.docx"))


# --- document types without a decision --------------------------------------------------------------------------

def test_the_table_of_document_types_says_which_carry_no_decision() -> None:
    assert {folded_type(t.name) for t in TYPES if not t.decision} == DECISIONLESS
    assert {"brev", "information", "kallelse"} <= DECISIONLESS and "missiv" not in DECISIONLESS
    assert memo.load_profile("standard").utan_beslut == DECISIONLESS


def test_a_letter_needs_no_decision_and_shows_no_decision_section(tmp_path: Path) -> None:
    _profile(tmp_path)
    case = _case(tmp_path, rest="dokumenttyp: Brev\n")
    target = memo.write(case, tmp_path / "brev.docx")
    paragraphs = _styled(target)
    assert not any(text.startswith(("Förslag till beslut", "Kommunstyrelsen beslutar")) or style in
                   ("Att-sats", "Beslutspunkt", "Beslutsinledning") for style, text in paragraphs), paragraphs
    assert ("Normal", "Avtalet löper ut.") in paragraphs
    text = pdf_text(to_pdf(target))
    assert "Avtalet löper ut." in text and "Förslag till beslut" not in text
    # The same case as a tjänsteskrivelse (the profile's type) lacks its decision.
    assert ("forslag_till_beslut", "saknad-nyckel") in _problems(_case(tmp_path, rest=""))


def test_a_decision_written_in_a_letter_is_an_error_at_its_line_for_kontrollera_and_the_api(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _profile(tmp_path)
    case = _case(tmp_path, rest="dokumenttyp: brev\n" + DECISION)
    report = memo.validate(case)
    assert [(e.key, e.rule, e.line) for e in report.errors] == [("forslag_till_beslut", "beslut-utan-plats", 9)]
    assert "'brev' har inget förslag till beslut" in report.errors[0].message
    assert main(["kontrollera", str(case)]) == 1
    said = capsys.readouterr().err
    assert "rad 9" in said and "nyckel forslag_till_beslut" in said and "Traceback" not in said


def test_a_profile_of_letters_needs_no_decision_and_a_case_may_ask_for_one(tmp_path: Path) -> None:
    (_profile(tmp_path) / "profil.yaml").write_text("namn: Kommunen\ndokumenttyp: Brev\n", encoding="utf-8")
    assert _styled(memo.write(_case(tmp_path, rest=""), tmp_path / "brev.docx"))[0] == ("Title", "Nytt städavtal")
    assert ("forslag_till_beslut", "saknad-nyckel") in _problems(_case(tmp_path, rest="dokumenttyp: PM\n"))


def test_a_profile_of_letters_may_leave_the_decision_out_of_its_sections(tmp_path: Path) -> None:
    (_profile(tmp_path) / "profil.yaml").write_text(
        "namn: Kommunen\ndokumenttyp: Brev\navsnitt:\n  sammanfattning: \"\"\n  underskrift:\n", encoding="utf-8")
    target = memo.write(_case(tmp_path, rest=""), tmp_path / "brev.docx")
    assert _styled(target) == [("Title", "Nytt städavtal"), ("Normal", "Avtalet löper ut.")]
    # A case of the profile that is a tjänsteskrivelse has no place for its decision in this profile's memo.
    for rest in ("dokumenttyp: Tjänsteskrivelse\n" + DECISION, "dokumenttyp: Tjänsteskrivelse\n"):
        assert _problems(_case(tmp_path, rest=rest)) == [("dokumenttyp", "beslut-utan-plats")]
    # A profile whose memos carry a decision must list it.
    (tmp_path / "profil" / "profil.yaml").write_text(
        "namn: Kommunen\ndokumenttyp: Tjänsteskrivelse\navsnitt:\n  sammanfattning:\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        memo.load_profile(tmp_path / "profil")
    assert caught.value.rule == "avsnitt-saknas" and "forslag_till_beslut" in caught.value.message


def test_utan_beslut_replaces_the_tables_document_types_without_a_decision(tmp_path: Path) -> None:
    missiv = "dokumenttyp: Missiv\n"
    _profile(tmp_path)
    assert ("forslag_till_beslut", "saknad-nyckel") in _problems(_case(tmp_path, rest=missiv))
    _profile(tmp_path, "utan_beslut: [Missiv]\n")
    paragraphs = _styled(memo.write(_case(tmp_path, rest=missiv), tmp_path / "missiv.docx"))
    assert not any(text == "Förslag till beslut" for _, text in paragraphs)
    assert ("forslag_till_beslut", "saknad-nyckel") in _problems(_case(tmp_path, rest="dokumenttyp: Brev\n"))
    _profile(tmp_path, "utan_beslut: []\n")
    assert ("forslag_till_beslut", "saknad-nyckel") in _problems(_case(tmp_path, rest="dokumenttyp: Brev\n"))


@pytest.mark.parametrize(("settings", "rest", "valid"), [
    ("", "dokumenttyp: Brev\n", True),
    ("", "dokumenttyp: föredragnings-PM\n", False),
    ("", "dokumenttyp: BREV\n" + DECISION, False),
    ("", "", False),
    ("utan_beslut: [Missiv]\n", "dokumenttyp: Missiv\n", True),
    ("utan_beslut: [Missiv]\n", "dokumenttyp: Brev\n", False),
    ("dokumenttyp: Brev\n", "", True),
    ("dokumenttyp: Brev\n", "dokumenttyp: Tjänsteskrivelse\n", False),
    ("dokumenttyp: Brev\n", DECISION, False),
], ids=["brev", "pm-utan-beslut", "brev-med-beslut", "tjansteskrivelse-utan-beslut", "missiv-enligt-profilen",
        "brev-med-egen-lista", "profilens-brev", "profilens-brev-men-tjansteskrivelse", "profilens-brev-med-beslut"])
def test_the_schema_and_memo_agree_on_which_memos_carry_a_decision(tmp_path: Path, settings: str, rest: str,
                                                                   valid: bool) -> None:
    folder = _profile(tmp_path)
    (folder / "profil.yaml").write_text("namn: Kommunen\n" + (settings if "dokumenttyp" in settings else
                                                              "dokumenttyp: Tjänsteskrivelse\n" + settings),
                                        encoding="utf-8")
    case = _case(tmp_path, rest=rest)
    assert memo.validate(case).ok is valid
    root, _ = read_yaml(case)
    errors = list(jsonschema.Draft202012Validator(case_schema(memo.load_profile(folder))).iter_errors(_plain(root)))
    assert (errors == []) is valid, errors


def test_memo_ny_starts_a_letter_without_decision_lines(tmp_path: Path) -> None:
    path = tmp_path / "brev.yaml"
    assert main(["ny", str(path), "--typ", "brev"]) == 0
    text = path.read_text(encoding="utf-8")
    assert "dokumenttyp: Brev" in text and "forslag_till_beslut" not in text and "beslutsinledning" not in text
    schema = json.loads((tmp_path / "memo-schema.json").read_text(encoding="utf-8"))
    assert "forslag_till_beslut" in schema["properties"]  # the schema is the profile's: a case may change its type


def test_memo_ny_without_typ_starts_a_memo_of_the_profiles_own_document_type(tmp_path: Path) -> None:
    (_profile(tmp_path) / "profil.yaml").write_text("namn: Kommunen\ndokumenttyp: Brev\n", encoding="utf-8")
    path = tmp_path / "nytt.yaml"
    assert main(["ny", str(path), "--profil", str(tmp_path / "profil")]) == 0
    text = path.read_text(encoding="utf-8")
    assert "dokumenttyp: Brev" in text and "forslag_till_beslut" not in text
    (tmp_path / "profil" / "profil.yaml").write_text("namn: Kommunen\ndokumenttyp: Ärende\n", encoding="utf-8")
    other = tmp_path / "annat.yaml"
    assert main(["ny", str(other), "--profil", str(tmp_path / "profil")]) == 0
    text = other.read_text(encoding="utf-8")
    assert "dokumenttyp: Ärende" in text and "forslag_till_beslut:" in text
