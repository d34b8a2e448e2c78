"""A case that another tool builds or changes in Python renders what it holds, or is refused at its key."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

import docx
import pytest

import memo
from conftest import SAMPLES, SEED_SAMPLE, samples_of_kind


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


# --- every rule a case file gets (issue 21, item 5) -------------------------------------------------------------

def _region_case() -> memo.Case:
    return memo.load_case(SEED_SAMPLE)


def _without(key: str) -> object:
    case = _region_case()
    return {k: v for k, v in case.avsnitt.items() if k != key}


def _economy_table(**change: object) -> object:
    from memo.case.model import Economy, Table, TableRow

    table = Table("Kostnad per år", ("2026", "2027"), (TableRow("Drift", (Decimal(250000), Decimal(500000))),))
    return {**_region_case().avsnitt, "ekonomiska_konsekvenser": Economy("Kostnaderna.",
                                                                         dataclasses.replace(table, **change))}


@pytest.mark.parametrize(("change", "key", "text"), [
    pytest.param({"rubrik": ""}, "rubrik", "'rubrik' är tom", id="rubrik-empty"),
    pytest.param({"diarienummer": ""}, "diarienummer", "'diarienummer' är tom", id="diarienummer-empty"),
    pytest.param({"handlaggare": None}, "handlaggare", "'handlaggare' saknas", id="handlaggare-none"),
    pytest.param({"rubrik": 12}, "rubrik", "ska vara en text (str), inte int", id="rubrik-a-number"),
    pytest.param({"avsnitt": "konsekvenser"}, "konsekvenser", "är obligatoriskt i profilen 'region-orebro-lan'",
                 id="konsekvenser-the-profile-requires-left-out"),
    pytest.param({"diarienummer": "26RS\u200b5145"}, "diarienummer", "osynligt", id="invisible-character-in-dnr"),
    pytest.param({"rubrik": "Bidrag\x1b[2J"}, "rubrik", "escape-tecken", id="control-character-in-rubrik"),
    pytest.param({"avsnitt": ("sammanfattning", "Kostnaden är ${okant | kronor}.")}, "sammanfattning",
                 "'okant' finns inte bland ärendets värden", id="unknown-value-in-prose"),
    pytest.param({"avsnitt": ("forslag_till_beslut", ("anta ${driftsstod_2026 | kronr}",))}, "forslag_till_beslut[1]",
                 "Menade du 'kronor'?", id="misspelt-formatting-in-a-decision"),
    pytest.param({"varden": {"2026_belopp": "5"}}, "varden.2026_belopp", "går inte att använda", id="bad-value-name"),
    pytest.param({"avsnitt": "table-unit"}, "ekonomiska_konsekvenser.tabell.enhet", "Enheten 'tusenlappar'",
                 id="unknown-table-unit"),
    pytest.param({"avsnitt": "table-row"}, "ekonomiska_konsekvenser.tabell.rader[1].belopp",
                 "Raden har 2 belopp men tabellen har 3 kolumner", id="table-row-of-the-wrong-length"),
    pytest.param({"rubriker": {"sammanfatning": "Kort om ärendet"}}, "rubriker.sammanfatning",
                 "Menade du 'sammanfattning'?", id="heading-for-a-misspelt-section"),
])
def test_a_case_changed_in_python_gets_every_rule_a_case_file_gets_at_its_key_without_a_line(
        change: dict[str, object], key: str, text: str, tmp_path: Path) -> None:
    case = _region_case()
    avsnitt = change.get("avsnitt")
    if avsnitt == "konsekvenser":
        change = {"avsnitt": _without("konsekvenser")}
    elif avsnitt == "table-unit":
        change = {"avsnitt": _economy_table(enhet="tusenlappar")}
    elif avsnitt == "table-row":
        change = {"avsnitt": _economy_table(kolumner=("2026", "2027", "2028"))}
    elif isinstance(avsnitt, tuple):
        change = {"avsnitt": {**case.avsnitt, avsnitt[0]: avsnitt[1]}}
    changed = dataclasses.replace(case, **change)

    with pytest.raises(memo.CaseError) as caught:
        memo.render(changed)
    problem = next(p for p in caught.value.problems if p.key == key)
    assert text in problem.message
    assert (problem.file, problem.line, problem.location.source_line) == (None, None, None)
    assert problem.rule and problem.key_path[0] == key.split(".")[0].split("[")[0]

    report = memo.validate(changed)  # the same problems, as a report
    assert not report.ok and [e.message for e in report.errors] == [p.message for p in caught.value.problems]
    target = tmp_path / "pm.docx"
    with pytest.raises(memo.CaseError):
        memo.write(changed, target)
    assert not target.exists()


def test_a_case_changed_in_python_that_keeps_the_rules_renders_what_it_holds() -> None:
    case = _region_case()
    changed = dataclasses.replace(case, rubrik="Utökat driftsstöd ${ar}", diarienummer="26RS9999")
    assert memo.validate(changed).ok
    paragraphs = _paragraphs(memo.render(changed))
    assert ("Title", "Utökat driftsstöd 2026") in paragraphs
    assert memo.render(case) == memo.render(case)  # unchanged, read once: the same memo


@pytest.mark.parametrize("sample", samples_of_kind("pm"), ids=lambda p: p.stem)
def test_a_case_written_back_as_a_mapping_reads_as_the_same_case(sample: Path) -> None:
    """:func:`as_written` is what a case file holding the case would be: read again, it is the same case."""
    from memo.case.attributes import as_written
    from memo.case.build import build_case
    from memo.read.source import SourceText, from_python

    case = memo.load_case(sample)
    profile = memo.load_profile(case.profil or "standard", sample.parent)
    again = build_case(from_python(as_written(case)), SourceText.for_python(), None, profile)
    assert dataclasses.replace(again, path=case.path, lines=case.lines) == case


def test_a_changed_case_in_an_extract_built_in_python_is_refused_under_the_extracts_attribute() -> None:
    import datetime as dt

    from memo.kinds.protokollsutdrag import Extract

    case = _region_case()
    extract = Extract(case, "Regional tillväxtnämnd", dt.date(2026, 6, 1), "142")
    assert memo.validate(extract).ok
    with pytest.raises(memo.CaseError) as caught:
        memo.render(dataclasses.replace(extract, arende=dataclasses.replace(case, diarienummer=" ")))
    (problem,) = caught.value.problems
    assert (problem.key, problem.key_path, problem.line) == ("arende.diarienummer", ("arende", "diarienummer"), None)
    assert "'diarienummer' är tom" in problem.message and problem.rule == "tomt-varde"
