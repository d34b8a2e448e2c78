"""A profile's texts that refer to the case's values — its field lines (``faltrader``), its signing organ
(``underskriftsorgan``) and its lead-in (``beslutsinledning``) — filled with what the memo shows elsewhere: the
title as shown, the header's date and document type, the profile's own fields; asked of a case only where shown,
and counted as showing the fields they name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import memo
from test_own_fields import _CASE, _body, _profile, _written

_SIGNED = _CASE + "underskrift: {namn: Håkan Jansson, titel: Ordförande}\n"


def _texts(path: Path) -> list[str]:
    return [text for _, text in _body(path)]


def _unshown(tmp_path: Path, case: str) -> list[str]:
    path = tmp_path / "arende.yaml"
    path.write_text(case, encoding="utf-8")
    return [w.message for w in memo.validate(path).warnings if w.rule == "visas-inte"]


def test_a_field_line_shows_the_title_as_shown_not_its_references(tmp_path: Path) -> None:
    _profile(tmp_path, 'faltrader: {efter_rubrik: ["Ärende: ${rubrik}"]}\n')
    case = _CASE.replace("rubrik: Återrapportering av uppdrag", 'rubrik: "Bidrag om ${belopp | kronor}"')
    texts = _texts(_written(tmp_path, case + "varden: {belopp: 250000}\n"))
    assert "Ärende: Bidrag om 250\u00a0000\u00a0kronor" in texts
    assert not any("${" in text for text in texts)


def test_a_field_line_has_the_headers_date_and_document_type_where_the_case_has_none(tmp_path: Path) -> None:
    _profile(tmp_path, 'dokumenttyp: Beslutsunderlag\nfaltrader: {efter_rubrik: ["Datum ${datum}", '
                       '"Typ ${dokumenttyp}"]}\n')
    texts = _texts(_written(tmp_path))
    assert f"Datum {dt.date.today().isoformat()}" in texts
    assert "Typ Beslutsunderlag" in texts


def test_a_field_line_has_no_date_where_the_profile_makes_it_optional(tmp_path: Path) -> None:
    _profile(tmp_path, 'valfria_falt: [datum]\nfaltrader: {efter_rubrik: ["Datum ${datum}"]}\n')
    assert not any(text.startswith("Datum") for text in _texts(_written(tmp_path)))


def test_the_profiles_signing_organ_and_lead_in_may_name_its_own_fields(tmp_path: Path) -> None:
    _profile(tmp_path, 'egna_falt: {ansvarig_chef: ANSVARIG CHEF, version: VERSION}\n'
                       'underskriftsorgan: "${ansvarig_chef}"\nbeslutsinledning: "Version ${version} beslutar"\n')
    texts = _texts(_written(tmp_path, _SIGNED, ansvarig_chef="Bo Berg", version="3"))
    assert texts[texts.index("Håkan Jansson") - 1] == "Bo Berg"
    assert "Version 3 beslutar" in texts


def test_the_profiles_signing_organ_asks_nothing_of_a_case_without_signatures(tmp_path: Path) -> None:
    _profile(tmp_path, 'underskriftsorgan: "${forslagsstallare}"\n')
    texts = _texts(_written(tmp_path))  # neither underskrift nor forslagsstallare
    assert texts[-1] == "att\tlägga informationen till handlingarna."
    with pytest.raises(memo.CaseError, match="behöver 'forslagsstallare'"):  # signed: it is asked for
        _written(tmp_path, _SIGNED)


def test_the_cases_own_signing_organ_refers_to_nothing(tmp_path: Path) -> None:
    _profile(tmp_path, "")
    with pytest.raises(memo.CaseError) as caught:
        _written(tmp_path, _SIGNED + 'forslagsstallare: KS\nunderskriftsorgan: "${forslagsstallare}"\n')
    assert (caught.value.key, caught.value.rule) == ("underskriftsorgan", "hanvisning-visas-ordagrant")


def test_a_field_shown_only_by_a_field_line_or_the_signing_organ_is_no_warning(tmp_path: Path) -> None:
    case = _SIGNED + "forslagsstallare: Kommunstyrelsen\n"
    _profile(tmp_path, "")
    assert any("'forslagsstallare'" in message for message in _unshown(tmp_path, case))  # shown nowhere: warned
    (tmp_path / "profil" / "profil.yaml").write_text('namn: Regionen\nunderskriftsorgan: "${forslagsstallare}"\n',
                                                     encoding="utf-8")
    assert _unshown(tmp_path, case) == []
    (tmp_path / "profil" / "profil.yaml").write_text(
        'namn: Regionen\nfaltrader: {efter_rubrik: ["Förslag av ${forslagsstallare}"]}\n', encoding="utf-8")
    assert _unshown(tmp_path, case) == []


def test_an_own_field_shown_nowhere_is_warned_of(tmp_path: Path) -> None:
    _profile(tmp_path, "egna_falt: {hemligt: HEMLIGT}\n")
    [message] = _unshown(tmp_path, _CASE + 'hemligt: "Anmälarens namn: Eva Ek"\n')
    assert message.startswith("Fältet 'hemligt' är ifyllt men visas ingenstans")
    assert "${hemligt} i en av profilens fältrader" in message
    (tmp_path / "profil" / "profil.yaml").write_text(
        'namn: Regionen\negna_falt: {hemligt: HEMLIGT}\nfaltrader: {efter_rubrik: ["Hemligt: ${hemligt}"]}\n',
        encoding="utf-8")
    assert _unshown(tmp_path, _CASE + 'hemligt: "Eva Ek"\n') == []


@pytest.mark.parametrize("setting", [
    pytest.param('faltrader: {efter_rubrik: ["Dnr ${diarienummer | versaler}"]}', id="field-line"),
    pytest.param('underskriftsorgan: "${forslagsstallare | versaler}"', id="signing-organ"),
    pytest.param('beslutsinledning: "${forslagsstallare | versaler} beslutar"', id="lead-in"),
])
def test_an_unknown_formatting_is_one_fault_in_every_profile_text(tmp_path: Path, setting: str) -> None:
    _profile(tmp_path, setting + "\n")
    with pytest.raises(memo.ProfileError) as caught:
        memo.load_profile(tmp_path / "profil")
    assert caught.value.rule == "okand-formatering"
    assert caught.value.message.startswith("Formateringen 'versaler' i '${")

