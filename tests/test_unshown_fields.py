"""A field the case fills but the memo shows nowhere is a warning (memo, memo kontrollera, memo.validate); the
standard profile shows what memo ny asks for."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import docx
import pytest

import memo
from conftest import CASE_SAMPLES, ROOT, pdf_text, to_pdf
from memo import cli
from memo.case.sections import FIELDS
from memo.case.starter import DOCUMENT_TYPES
from memo.errors import Location, MemoWarning
from memo.kinds.pm.shown import RULE, placeholders_showing
from memo.profile.headerfields import PLACEHOLDERS
from test_starter import PROFILES

STANDARD = ROOT / "src" / "memo" / "profiles" / "standard"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "rubrik": "Bidrag till föreningen", "diarienummer": "KS 2026/17", "datum": "2026-09-14",
        "handlaggare": {"namn": "Anna Berg", "enhet": "Kansliet"}, "beslutsinstans": "Kommunstyrelsen",
        "forslag_till_beslut": ["bevilja bidraget"],
        "konsekvenser": {"miljö": "Inga.", "barn": "Fler barn kan delta.", "jämställdhet": "Inga."},
    }
    case.update(changes)
    return case


def _unshown(case: dict[str, Any] | Path, **options: Any) -> list[str]:
    """The warnings of fields shown nowhere that rendering ``case`` gives (the memo is made all the same)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MemoWarning)
        memo.render(case, **options)
    return [str(w.message) for w in caught if "visas ingenstans" in str(w.message)]


def _header_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return " ".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                        for name in archive.namelist() if name.startswith("word/header")
                        for p in ET.fromstring(archive.read(name)).iter(f"{W}p"))


def _profile_without(folder: Path, *placeholders: str) -> Path:
    """The standard profile with the header paragraphs holding ``placeholders`` taken out (python-docx)."""
    folder.mkdir()
    document = docx.Document(str(STANDARD / "referens.docx"))
    for paragraph in document.sections[0].header._element.iter(f"{W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        if any(f"{{{{ {name} }}}}" in text for name in placeholders):
            for run in paragraph.findall(f"{W}r"):
                paragraph.remove(run)
    document.save(str(folder / "referens.docx"))
    (folder / "profil.yaml").write_text("namn: Kommunen\nperspektiv: [miljö, barn, jämställdhet]\n", encoding="utf-8")
    return folder


def _templates(folder: Path, **files: str) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.xml.j2").write_text(text, encoding="utf-8")
    return folder


# --- the standard profile shows what memo ny asks for ------------------------------------------------------

def test_the_standard_profile_shows_the_meeting_date_the_forvaltning_and_the_title_memo_ny_asks_for(
        tmp_path: Path) -> None:
    case = _case(sammantradesdatum="2026-10-05",
                 handlaggare={"namn": "Anna Berg", "enhet": "Kansliet", "titel": "Utredare",
                              "forvaltning": "Kommunledningsförvaltningen"})
    assert _unshown(case) == []
    out = memo.write(case, tmp_path / "pm.docx")
    header = _header_text(out.read_bytes())
    for shown in ("Sammanträdesdatum", "2026-10-05", "Utredare", "Kommunledningsförvaltningen"):
        assert shown in header
    text = " ".join(pdf_text(to_pdf(out)).split())
    assert "Sammanträdesdatum 2026-10-05" in text and "Utredare" in text and "Kommunledningsförvaltningen" in text


_FILLED = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+|-):?(?P<space> +)#")


def _filled_in(starter: str) -> str:
    """A case ``memo ny`` wrote with every empty line filled in: a date where a date goes, else a few words (the
    optional sections of prose and lists left as they are)."""
    lines = []
    given = starter.splitlines()
    for line, after in zip(given, [*given[1:], ""], strict=True):
        match = _FILLED.match(line)
        parent = len(after) - len(after.lstrip(" ")) > len(line) - len(line.lstrip(" ")) and after.strip()
        if match and not parent and ("(obligatoriskt)" in line or not line.startswith((
                "sammanfattning", "arendebeskrivning", "ekonomiska", "uppfoljning", "beslutsunderlag", "bilagor",
                "skickas_till"))):
            key = match["key"]
            value = "2026-10-05" if key.endswith("datum") else "Kommunstyrelsen"
            head = f"{match['indent']}- " if key == "-" else f"{match['indent']}{key}: "
            line = head + value + "  " + line[match.end() - 1:]
        lines.append(line)
    return "\n".join(lines) + "\n"


def _memo_ny_filled_in(folder: Path, profile: str, kind: str) -> Path:
    """The case ``memo ny --profil profile --typ kind`` writes, filled in (:func:`_filled_in`)."""
    case = folder / "nytt.yaml"
    assert cli.main(["ny", str(case), "--profil", str(ROOT / profile) if "/" in profile else profile,
                     "--typ", kind]) == 0
    case.write_text(_filled_in(case.read_text(encoding="utf-8")), encoding="utf-8")
    return case


@pytest.mark.parametrize("kind", list(DOCUMENT_TYPES))
@pytest.mark.parametrize("profile", PROFILES)
def test_every_field_memo_ny_asks_for_is_shown_by_its_profile(profile: str, kind: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    report = memo.validate(_memo_ny_filled_in(tmp_path, profile, kind))
    assert report.ok, [str(e) for e in report.errors]
    assert [w.message for w in report.warnings if w.rule == RULE] == []


def test_memo_ny_asks_the_standard_profile_for_the_meeting_date_the_title_and_the_forvaltning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _memo_ny_filled_in(tmp_path, "standard", "yttrande")
    asked = {line.split(":")[0].strip() for line in case.read_text(encoding="utf-8").splitlines()
             if ": Kommunstyrelsen" in line or ": 2026-10-05" in line}
    assert {"sammantradesdatum", "titel", "forvaltning", "epost", "telefon", "till", "ert_datum"} <= asked


def test_without_a_meeting_date_the_standard_header_has_no_label_for_it() -> None:
    assert "Sammanträdesdatum" not in _header_text(memo.render(_case()))


# --- the warning ---------------------------------------------------------------------------------------------

def test_a_field_the_profile_shows_nowhere_is_a_warning_naming_its_key_line_and_placeholder(tmp_path: Path) -> None:
    case = tmp_path / "pm.yaml"
    case.write_text("rubrik: Bidrag\ndiarienummer: KS 2026/17\ntill: Kommunstyrelsen\nhandlaggare:\n  namn: Anna\n"
                    "  enhet: Kansliet\nbeslutsinstans: Kommunstyrelsen\nforslag_till_beslut:\n  - bevilja\n"
                    "konsekvenser:\n  miljö: Inga.\n  barn: Inga.\n  jämställdhet: Inga.\n", encoding="utf-8")
    assert _unshown(case) == []  # the standard profile shows it
    [warning] = _unshown(case, profile=_profile_without(tmp_path / "kommunen", "till"))
    assert warning.startswith(f"{case}, rad 3, kolumn 1, nyckel till: Fältet 'till' är ifyllt men visas ingenstans i "
                              "PM:et med profilen 'kommunen'")
    assert "{{ till }} i referensdokumentets sidhuvud eller sidfot" in warning
    assert "arende.till i en egen mall" in warning


def test_memo_kontrollera_and_validate_tell_a_field_shown_nowhere(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "pm.yaml"
    case.write_text("rubrik: Bidrag\ndiarienummer: KS 2026/17\nforslagsstallare: KS\nhandlaggare:\n  namn: A\n"
                    "  enhet: B\nbeslutsinstans: Kommunstyrelsen\nforslag_till_beslut:\n  - bevilja\n"
                    "konsekvenser:\n  miljö: Inga.\n  barn: Inga.\n  jämställdhet: Inga.\n", encoding="utf-8")
    report = memo.validate(case)
    assert report.ok
    [finding] = [w for w in report.warnings if "'forslagsstallare'" in w.message]
    assert finding.rule == "visas-inte"
    assert finding.location == Location(case, 3, 1, "forslagsstallare")
    assert cli.main(["kontrollera", str(case)]) == 0
    err = capsys.readouterr().err
    assert (f"memo: varning: {case}, rad 3, kolumn 1, nyckel forslagsstallare: [visas-inte] Fältet "
            "'forslagsstallare' är ifyllt men visas ingenstans") in err


def test_the_warnings_rule_is_apart_from_the_ids_of_the_faults() -> None:
    from memo.faults import FAULTS

    assert RULE not in FAULTS


def test_a_handlaggares_field_shown_nowhere_is_a_finding_at_its_own_line_and_key(tmp_path: Path) -> None:
    case = tmp_path / "pm.yaml"
    case.write_text("rubrik: Bidrag\ndiarienummer: KS 2026/17\nhandlaggare:\n  namn: Anna\n  enhet: Kansliet\n"
                    "  titel: Utredare\n  epost: anna@kommunen.se\nbeslutsinstans: Kommunstyrelsen\n"
                    "forslag_till_beslut:\n  - bevilja\nkonsekvenser:\n  miljö: Inga.\n  barn: Inga.\n"
                    "  jämställdhet: Inga.\n", encoding="utf-8")
    profile = _profile_without(tmp_path / "kommunen", "handlaggare_epost")
    [finding] = [w for w in memo.validate(case, profile=profile).warnings if w.rule == "visas-inte"]
    assert finding.location == Location(case, 7, 3, "handlaggare.epost", "  epost: anna@kommunen.se")
    assert finding.location.key_path == ("handlaggare", "epost")
    assert finding.message.startswith("Fältet 'handlaggare.epost' är ifyllt men visas ingenstans")
    [warning] = _unshown(case, profile=profile)  # as Python's warnings say it: at its place
    assert warning.startswith(f"{case}, rad 7, kolumn 3, nyckel handlaggare.epost: Fältet 'handlaggare.epost'")


def test_a_field_shown_nowhere_in_a_mapping_is_a_finding_at_its_key() -> None:
    [finding] = [w for w in memo.validate(_case(forslagsstallare="Kommunstyrelsen")).warnings if "visas" in w.message]
    assert (finding.rule, finding.location) == ("visas-inte", Location(key="forslagsstallare"))


def test_a_field_the_case_must_fill_in_is_never_called_removable(tmp_path: Path) -> None:
    """A reference that shows no enhet (as Nynäshamn's): a handläggare must have one all the same, so no warning
    tells the case to take out what the check then says is missing."""
    profile = _profile_without(tmp_path / "kommunen", "enhet")
    assert _unshown(_case(), profile=profile) == []
    without = memo.validate(_case(handlaggare={"namn": "Anna Berg"}), profile=profile)
    assert [e.key for e in without.errors] == ["handlaggare.enhet"]
    assert "'enhet' saknas" in without.errors[0].message


@pytest.mark.parametrize(("field", "placeholder"), [
    ("sammantradesdatum", "sammantradesdatum"), ("handlaggare.titel", "handlaggare_titel"),
    ("handlaggare.forvaltning", "forvaltning")], ids=["sammantradesdatum", "titel", "forvaltning"])
def test_a_field_memo_ny_asks_for_is_a_warning_where_the_profiles_header_lacks_it(
        tmp_path: Path, field: str, placeholder: str) -> None:
    case = _case(sammantradesdatum="2026-10-05", handlaggare={
        "namn": "Anna Berg", "enhet": "Kansliet", "titel": "Utredare", "forvaltning": "Kommunledningsförvaltningen"})
    found = _unshown(case, profile=_profile_without(tmp_path / "profil", placeholder))
    assert [w.split("'")[1] for w in found] == [field]


@pytest.mark.parametrize("template", [
    "{{ arende.sammantradesdatum | datum }}",
    "{% if arende.get('sammantradesdatum') %}Sammanträde{% endif %}",
    "{% set a = arende %}{{ a['sammantradesdatum'] | datum }}",
    "{% macro visa(x) %}{{ x.sammantradesdatum | datum }}{% endmacro %}{{ visa(arende) }}",
    "{% for nyckel, varde in arende.items() %}{% endfor %}",
    "{{ arende.varden.sammantradesdatum }}",
], ids=["attribut", "get", "alias-och-index", "makro", "hela-mappningen", "som-varde"])
def test_a_template_that_reads_the_field_shows_it(tmp_path: Path, template: str) -> None:
    folder = _templates(tmp_path / "mallar", sammanfattning=f"<p>{template}</p>")
    case = _case(sammantradesdatum="2026-10-05", sammanfattning="Text.")
    profile = _profile_without(tmp_path / "profil", "sammantradesdatum")
    assert _unshown(case, profile=profile) != []
    assert _unshown(case, profile=profile, templates=folder) == []


def test_a_title_read_through_another_name_shows_it(tmp_path: Path) -> None:
    folder = _templates(tmp_path / "mallar", sammanfattning="{% set h = arende.handlaggare %}<p>{{ h.titel }}</p>")
    case = _case(sammanfattning="Text.", handlaggare={"namn": "A", "enhet": "B", "titel": "Utredare"})
    profile = _profile_without(tmp_path / "profil", "handlaggare_titel")
    assert len(_unshown(case, profile=profile)) == 1
    assert _unshown(case, profile=profile, templates=folder) == []


def test_a_reference_in_the_text_shows_the_field() -> None:
    assert len(_unshown(_case(forslagsstallare="Kommunstyrelsen", beslutsinstans="Kommunfullmäktige"))) == 1
    assert _unshown(_case(forslagsstallare="Kommunstyrelsen", beslutsinstans="Kommunfullmäktige",
                          sammanfattning="${forslagsstallare} har berett ärendet.")) == []


def test_the_words_before_the_decision_points_show_the_beslutsinstans() -> None:
    assert _unshown(_case(beslutsstil="att-satser")) == []  # "${beslutsinstans} beslutar"
    [warning] = _unshown(_case(beslutsstil="numrerade"))
    assert "'beslutsinstans'" in warning and "${beslutsinstans} i texten" in warning


def test_a_forvaltning_equal_to_the_profiles_own_is_still_shown(tmp_path: Path) -> None:
    profile = tmp_path / "profil"
    profile.mkdir()
    (profile / "referens.docx").write_bytes((STANDARD / "referens.docx").read_bytes())
    (profile / "profil.yaml").write_text("namn: Kommunen\nforvaltning: Kansliet\nperspektiv: [miljö, barn, "
                                         "jämställdhet]\n", encoding="utf-8")
    assert _unshown(_case(handlaggare={"namn": "A", "enhet": "B", "forvaltning": "Kansliet"}), profile=profile) == []


@pytest.mark.parametrize("sample", CASE_SAMPLES, ids=[p.stem for p in CASE_SAMPLES])
def test_every_sample_shows_every_field_it_fills(sample: Path) -> None:
    assert _unshown(sample) == []


# --- the derivation: which placeholder shows which field, read off the placeholders' table ----------------------

def test_each_placeholder_of_a_case_field_is_found_to_show_it() -> None:
    case = memo.load_case(ROOT / "samples" / "tjansteskrivelse-forskola-norrby.yaml")
    profile = memo.load_profile("standard")
    own = {f.key: f.form for f in FIELDS if f.placeholder and f.form in ("text", "datum") and f.key != "rubrik"}
    for key, form in own.items():
        assert placeholders_showing(case, profile, key, form) == [key]
    handlaggare = {"namn": "handlaggare", "titel": "handlaggare_titel", "enhet": "enhet",
                   "forvaltning": "forvaltning", "epost": "handlaggare_epost", "telefon": "handlaggare_telefon"}
    for name, placeholder in handlaggare.items():
        assert placeholders_showing(case, profile, f"handlaggare.{name}", "text") == [placeholder]
    shown = set(own) | set(handlaggare.values()) | {"rubrik", "logo"}
    assert {p.name for p in PLACEHOLDERS} - shown == {"organisation", "adress", "epost", "webbplats", "telefon"}
