"""A case that another tool builds or changes in Python renders what it holds, or is refused at its key."""

from __future__ import annotations

import dataclasses
import io

import docx
import pytest

import memo
from conftest import SAMPLES, SEED_SAMPLE


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_sections_given_as_python_lists_are_rendered() -> None:
    case = memo.load_case(SEED_SAMPLE)
    changed = dataclasses.replace(case, avsnitt={**case.avsnitt, "forslag_till_beslut": ["att godkänna planen."],
                                                 "bilagor": ["Karta"]})
    paragraphs = _paragraphs(memo.render(changed))
    assert ("Att-sats", "att\tgodkänna planen.") in paragraphs
    at = paragraphs.index(("Heading 1", "Bilagor"))
    assert paragraphs[at + 1] == ("List Number", "Karta")


def test_a_changed_field_is_what_the_lead_in_and_references_show() -> None:
    case = memo.load_case(SEED_SAMPLE)
    paragraphs = _paragraphs(memo.render(dataclasses.replace(case, beslutsinstans="Regionstyrelsen",
                                                             beslutsstil="Att-satser")))
    assert ("Beslutsinledning", "Regionstyrelsen beslutar") in paragraphs


@pytest.mark.parametrize(("key", "value"), [
    pytest.param("bilagor", "Karta", id="list-given-as-text"),
    pytest.param("sammanfattning", ("Stycke",), id="prose-given-as-list-of-text"),
    pytest.param("ekonomiska_konsekvenser", "Inga kostnader.", id="economy-given-as-text"),
])
def test_a_section_of_the_wrong_shape_is_refused_at_its_key(key: str, value: object) -> None:
    case = memo.load_case(SEED_SAMPLE)
    with pytest.raises(memo.CaseError) as caught:
        memo.render(dataclasses.replace(case, avsnitt={**case.avsnitt, key: value}))
    assert caught.value.key == key and f"Avsnittet '{key}'" in caught.value.message


def test_an_unknown_style_from_python_is_refused() -> None:
    case = memo.load_case(SEED_SAMPLE)
    with pytest.raises(memo.CaseError) as caught:
        memo.render(dataclasses.replace(case, beslutsstil="punktform"))
    assert caught.value.key == "beslutsstil"


def test_a_reference_in_a_heading_is_filled(tmp_path: object) -> None:
    case = memo.load_case(SAMPLES / "tjansteskrivelse-forskola-norrby.yaml")
    changed = dataclasses.replace(case, beslutsinstans="Kommunstyrelsen",
                                  rubriker={"sammanfattning": "Sammanfattning för ${beslutsinstans}"})
    assert ("Heading 1", "Sammanfattning för Kommunstyrelsen") in _paragraphs(memo.render(changed))


def test_a_personnummer_put_in_the_rubrik_from_python_is_refused() -> None:
    case = memo.load_case(SEED_SAMPLE)
    with pytest.raises(memo.CaseError) as caught:
        memo.render(dataclasses.replace(case, rubrik="Bidrag till 19850101-1234"))
    assert caught.value.key == "rubrik" and "personnummer" in caught.value.message


_BASE: dict[str, object] = {"rubrik": "Avtal", "diarienummer": "26RS1", "handlaggare": {"namn": "A", "enhet": "B"},
                            "beslutsinstans": "Nämnden", "forslag_till_beslut": ["godkänna"]}


@pytest.mark.parametrize(("change", "key", "message"), [
    pytest.param({"handlaggare": "Anna"}, "handlaggare",
                 "Här ska stå en mappning med nycklarna namn, enhet …, inte en text ('Anna').", id="text-for-mapping"),
    pytest.param({"skickas_till": {"a": "b"}}, "skickas_till", "'skickas_till' ska vara en lista, inte en mappning.",
                 id="mapping-for-list"),
    pytest.param({"bilagor": ["Karta", None]}, "bilagor[2]",
                 "Punkten är tom. Skriv en text eller ta bort den ur listan.", id="empty-item"),
    pytest.param({"rubrik": {"Avtal": "nytt"}}, "rubrik", "'rubrik' ska vara en text, inte en mappning.",
                 id="mapping-for-text"),
    pytest.param({"varden": ["250000"]}, "varden",
                 "'varden' ska vara en mappning från namn till värde, till exempel {'belopp': 250000}.",
                 id="list-for-values"),
    pytest.param({"varden": {"b": "010"}, "sammanfattning": "${b | kronor}"}, "varden.b",
                 "Värdet 'b' går inte att formatera (används med | kronor): Kan inte läsa \"010\" som ett tal. "
                 "Skriv siffror, till exempel 250 000 eller 1 234,5.", id="no-yaml-number-hint"),
])
def test_a_mapping_from_python_is_told_about_keys_and_lists_not_yaml_lines(
        change: dict[str, object], key: str, message: str) -> None:
    with pytest.raises(memo.CaseError) as caught:
        memo.render({**_BASE, **change})
    (problem,) = caught.value.problems
    assert (problem.key, problem.message, problem.line) == (key, message, None)
    for word in ("YAML", "rad", "indrag", "'- '", "citattecken"):
        assert word not in problem.message
