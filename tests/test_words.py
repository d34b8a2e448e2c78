"""The words of memo's messages and of the memo: one personnummer rule for the validator and the language check,
adjectives that agree with the key's noun, hints for dates and amounts typed another way, "Menade du …?" for a
misspelt perspective."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest

import memo
from memo.case import personnummer
from memo.case.sections import FIELDS, SECTIONS, SHAPES, Gender, gender_of, noun_genders

_CASE: dict[str, Any] = {
    "rubrik": "Nytt städavtal för regionhuset",
    "diarienummer": "26RS100",
    "handlaggare": {"namn": "Anna Berg", "enhet": "Ekonomienheten"},
    "beslutsinstans": "Regionstyrelsen",
    "forslag_till_beslut": ["godkänna avtalet med Städ AB"],
    "konsekvenser": {"miljo": "Städningen använder miljömärkta medel.", "barn": "Inga barn berörs.",
                     "jamstalldhet": "Avtalet påverkar inte jämställdheten."},
}


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def _rules(report: memo.Report) -> list[str]:
    return [finding.rule for finding in report.warnings]


# --- one personnummer rule ---------------------------------------------------------------------------------------

_NUMBERS = [
    pytest.param("556677-8899", False, id="organisationsnummer"),
    pytest.param("19850412-3456", True, id="personnummer-with-century"),
    pytest.param("850412-3456", True, id="personnummer"),
    pytest.param("121212+1212", True, id="over-a-hundred"),
    pytest.param("701063-2391", True, id="samordningsnummer"),
    pytest.param("850431-3456", False, id="31-april-is-no-date"),
    pytest.param("19850229-3456", False, id="29-february-in-no-leap-year"),
    pytest.param("191212121212", True, id="twelve-digits-right-check-digit"),
    pytest.param("191212121213", False, id="twelve-digits-wrong-check-digit"),
    pytest.param("2026-06-01", False, id="date"),
    pytest.param("Pnr:850412-3456", True, id="right-after-a-label-and-colon"),
    pytest.param("pnr.850412-3456", True, id="right-after-an-abbreviation"),
    pytest.param("19850412\u20133456", True, id="en-dash-as-word-types-it"),
    pytest.param("10:30", False, id="time-of-day"),
    pytest.param("1.850412", False, id="decimal-number"),
]


@pytest.mark.parametrize(("number", "is_one"), _NUMBERS)
def test_the_validator_and_the_language_check_agree_on_what_is_a_personnummer(number: str, is_one: bool) -> None:
    in_title = memo.validate({**_CASE, "rubrik": f"Avtal med Städ AB, nummer {number}"})
    in_text = memo.validate({**_CASE, "sammanfattning": f"Avtalet gäller nummer {number} i år."})
    refused = [e for e in in_title.errors if e.key == "rubrik"]
    assert bool(refused) is is_one and ("personnummer" in _rules(in_text)) is is_one
    assert all("personnummer" in e.message for e in refused)
    assert bool(list(personnummer.find(f"nummer {number} i år"))) is is_one


def test_an_organisationsnummer_in_the_rubrik_is_written_in_the_memo() -> None:
    case = {**_CASE, "rubrik": "Städavtal med Städ AB, org.nr 556677-8899"}
    report = memo.validate(case)
    assert report.ok and "personnummer" not in _rules(report)
    assert _paragraphs(memo.render(case))[0] == "Städavtal med Städ AB, org.nr 556677-8899"


# --- adjectives that agree with the key's noun -------------------------------------------------------------------

def test_a_key_named_in_several_tables_has_one_gender() -> None:
    seen: dict[str, set[Gender]] = {}
    for shape in SHAPES:
        own = dict(shape.genders)
        assert set(own) <= set(shape.names), "ett genus för en nyckel som formen inte har"
        for key in shape.names:
            seen.setdefault(key, set()).add(own.get(key, Gender.COMMON))
    for row in (*FIELDS, *SECTIONS):
        seen.setdefault(row.key, set()).add(row.gender)
    assert {key: genders for key, genders in seen.items() if len(genders) > 1} == {}
    genders = noun_genders()
    assert all(genders[key] in found for key, found in seen.items())


@pytest.mark.parametrize(("change", "key", "said"), [
    pytest.param({"diarienummer": " "}, "diarienummer", "'diarienummer' är tomt; det måste fyllas i.", id="neuter"),
    pytest.param({"rubrik": " "}, "rubrik", "'rubrik' är tom; den måste fyllas i.", id="common"),
    pytest.param({"handlaggare": {"namn": " ", "enhet": "Ekonomienheten"}}, "handlaggare.namn",
                 "'namn' är tomt; det måste fyllas i.", id="neuter-in-a-shape"),
    pytest.param({"varden": {"summa": " "}}, "varden.summa", "'summa' är tomt; det måste fyllas i.",
                 id="a-named-value-is-ett-varde"),
    pytest.param({"konsekvenser": {**_CASE["konsekvenser"], "barn": {"berors": None}}}, "konsekvenser.barn.berors",
                 "'berors' är tomt; skriv ja eller nej.", id="a-key-that-is-no-noun"),
    pytest.param({"ekonomiska_konsekvenser": {"tabell": {"beskrivning": "Kostnad", "kolumner": [2026],
                                                         "rader": [{"post": "Städning", "belopp": " "}]}}},
                 "ekonomiska_konsekvenser.tabell.rader[1].belopp", "'belopp' är tomma; de måste fyllas i.",
                 id="plural"),
])
def test_the_empty_message_agrees_with_the_keys_noun(change: dict[str, Any], key: str, said: str) -> None:
    report = memo.validate({**_CASE, **change})
    assert [(e.key, e.message) for e in report.errors] == [(key, said)]
    assert f" är {gender_of(key).empty}; " in said


# --- "Menade du …?" for a misspelt perspective -------------------------------------------------------------------

def test_a_perspective_close_to_a_known_one_gets_menade_du_and_stays_allowed() -> None:
    case = {**_CASE, "konsekvenser": {**_CASE["konsekvenser"], "folkhalsan": "Fler cyklar till jobbet."}}
    report = memo.validate(case)
    assert report.ok
    (warning,) = [w for w in report.warnings if "folkhalsan" in w.message]
    assert "Menade du 'folkhälsa'?" in warning.message and "nyckel konsekvenser.folkhalsan" in warning.message
    heading = next(text for text in _paragraphs(memo.render(case)) if text.startswith("Konsekvenser för"))
    assert heading == "Konsekvenser för miljö-, barn-, jämställdhets- och folkhalsanperspektiven"


@pytest.mark.parametrize(("written", "meant"), [
    ("barm", "barn"), ("bran", "barn"), ("barnperspektiv", "barn"), ("miljoperspektivet", "miljö"),
    ("jamstalldhetsperspektiv", "jämställdhet")])
def test_a_short_or_compounded_perspective_name_gets_menade_du(written: str, meant: str) -> None:
    """A letter wrong in a name of four ("barm") was too far for the hint, and "barnperspektiv" was a new
    perspective: the heading then read "barnperspektivperspektiven"."""
    case = {**_CASE, "konsekvenser": {**_CASE["konsekvenser"], written: "Påverkar inte."}}
    warnings = [w.message for w in memo.validate(case).warnings if f"'{written}'" in w.message]
    assert len(warnings) == 1 and f"Menade du '{meant}'?" in warnings[0]


def test_a_new_perspective_far_from_the_known_ones_gets_no_warning() -> None:
    case = {**_CASE, "konsekvenser": {**_CASE["konsekvenser"], "kultur": "Biblioteket får nya lokaler."}}
    report = memo.validate(case)
    assert report.ok and [w.message for w in report.warnings if "kultur" in w.message] == []
    assert "Konsekvenser för miljö-, barn-, jämställdhets- och kulturperspektiven" in _paragraphs(memo.render(case))


def test_a_misspelt_perspective_the_profile_requires_is_one_error_at_the_misspelling() -> None:
    written = {key: text for key, text in _CASE["konsekvenser"].items() if key != "jamstalldhet"}
    report = memo.validate({**_CASE, "konsekvenser": {**written, "jamstaldhet": "Påverkar inte jämställdheten."}})
    assert [(e.key, e.message) for e in report.errors] == [(
        "konsekvenser.jamstaldhet", "Perspektivet 'jamstaldhet' finns inte bland de perspektiv memo och profilen "
        "känner. Menade du 'jämställdhet'? Profilen 'standard' kräver att 'jämställdhet' bedöms.")]
