"""The case format's JSON Schema agrees with memo's own reading on every sample and every bad case.

Each file is read as an editor's YAML extension reads it (memo's tree, every scalar as its
text) and checked with the ``jsonschema`` library against :func:`memo.case.schema.case_schema`
for the case's profile. A sample must pass both; a bad case that memo refuses must fail the
schema too, unless memo refuses it already when reading the YAML (the editor shows those
itself) or for a rule the schema cannot state — each such case is listed below with the
rule from :data:`memo.case.schema.NOT_IN_SCHEMA`, and the list is checked to be exact.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import memo
from conftest import CASE_SAMPLES, SAMPLES
from memo.case.schema import NOT_IN_SCHEMA, case_schema
from memo.read.source import read_yaml
from memo.read.yamlparse import Node

BAD_CASES = Path(__file__).resolve().parent / "bad_cases"
CASES = CASE_SAMPLES + sorted(p for p in BAD_CASES.iterdir() if p.suffix == ".yaml")

#: Bad cases that the schema accepts, with the rule (a key of NOT_IN_SCHEMA) that memo applies and it cannot.
BEYOND_THE_SCHEMA = {
    "bidi_override_in_diarienummer": "tecken",
    "diarienummer_longer_than_a_header_line": "storlek",
    "bidi_override_written_as_escape": "tecken",
    "zero_width_space_in_diarienummer": "tecken",
    "escape_escape_character": "tecken",
    "escape_lone_surrogate": "tecken",
    "escape_nul": "tecken",
    "escape_vertical_tab": "tecken",
    "child_not_affected_without_reason": "profil",
    "perspective_twice_in_the_list_form": "profil",
    "perspective_twice_with_and_without_diacritics": "profil",
    "misspelt_perspective_the_profile_requires": "profil",
    "not_affected_reason_written_as_text": "profil",
    "lead_in_needs_a_missing_body": "profil",
    "decision_lead_in_with_an_empty_beslutsinstans": "profil",
    "date_formatted_as_amount": "tal",
    "amount_written_with_kr": "tal",
    "leading_zero_amount": "tal",
    "underscore_amount": "tal",
    "table_amount_with_thousands_point": "tal",
    "decision_with_paragraphs": "stycken",
    "duplicate_key": "yaml",
    "python_tag": "yaml",  # a tag is said with the file's other problems: the tree is read, the value as text
    "tag_on_the_line_after_its_key": "yaml",
    "duplicate_key_other_spelling": "stavning",
    "duplicate_nested_key": "yaml",
    "hash_in_unquoted_title": "text",
    "list_item_indented_too_far": "text",
    "formatting_argument_not_taken": "referenser",
    "malformed_reference": "referenser",
    "unclosed_reference": "referenser",
    "unknown_formatting": "referenser",
    "unknown_reference": "referenser",
    "unknown_reference_on_folded_line": "referenser",
    "reference_in_a_field_shown_as_written": "referenser",
    "personnummer_in_rubrik": "rubrik",
    "table_row_length_mismatch": "tabell",
    "invalid_date": "datum",
}


def _plain(node: Node) -> Any:
    value = node.value
    if isinstance(value, dict):
        return {key: _plain(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_plain(child) for child in value]
    return value


def _verdicts(case: Path) -> tuple[bool, list[str]] | None:
    """memo's verdict and the schema's errors; None when memo refuses the file as YAML already."""
    try:
        root, _ = read_yaml(case)
    except memo.MemoError:
        return None
    tree = _plain(root)
    profile = memo.load_profile(tree.get("profil") or "standard", case.parent)
    validator = jsonschema.Draft202012Validator(case_schema(profile))
    errors = [error.message for error in validator.iter_errors(tree)]
    try:
        memo.load_case(case)
    except memo.MemoError:
        return False, errors
    return True, errors


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_the_schema_and_memo_agree_on_what_a_case_may_hold(case: Path) -> None:
    verdicts = _verdicts(case)
    if verdicts is None:
        assert case.parent == BAD_CASES  # a sample is always readable
        return
    accepted, errors = verdicts
    if case.parent == SAMPLES:
        assert accepted and errors == []
        return
    assert not accepted, f"{case.name} är ett felaktigt ärende men memo godtar det"
    if case.stem in BEYOND_THE_SCHEMA:
        assert errors == [], f"{case.name}: schemat känner igen felet ({errors}); ta bort det ur listan"
        assert BEYOND_THE_SCHEMA[case.stem] in NOT_IN_SCHEMA
    else:
        assert errors, f"{case.name}: schemat godtar ett ärende som memo inte godtar"


def test_the_schema_is_a_valid_draft_2020_12_schema_for_every_shipped_profile() -> None:
    for name in memo.available_profiles():
        schema = case_schema(memo.load_profile(name))
        jsonschema.Draft202012Validator.check_schema(schema)
        json.dumps(schema, ensure_ascii=False)  # it is written to a file as JSON
    for folder in sorted((SAMPLES / "profiler").iterdir()):
        jsonschema.Draft202012Validator.check_schema(case_schema(memo.load_profile(folder)))


def test_keys_may_be_written_with_aa_ae_oe_and_the_schema_has_swedish_titles() -> None:
    schema = case_schema(memo.load_profile("region-orebro-lan"))
    validator = jsonschema.Draft202012Validator(schema)
    case = {"rubrik": "Avtal", "diarienummer": "26RS1", "handläggare": {"namn": "A", "enhet": "B"},
            "beslutsinstans": "Regionstyrelsen", "förslag_till_beslut": ["godkänna avtalet"],
            "sammanfattning": "Text.", "ärendebeskrivning": "Text.", "uppföljning": "Text.",
            "konsekvenser": {"miljo": "Text.", "barn": {"berors": "nej", "motivering": "Gäller lokaler."},
                             "jämställdhet": "Text."},
            "ekonomiska_konsekvenser": "Ryms i budgeten."}
    assert list(validator.iter_errors(case)) == []
    assert schema["properties"]["handläggare"]["title"] == "handläggare"
    assert "obligatorisk" in schema["properties"]["diarienummer"]["description"]
    assert schema["properties"]["ekonomiska_konsekvenser"]["description"].startswith("Ekonomiska konsekvenser:")
    missing = {**case}
    del missing["förslag_till_beslut"]
    assert list(validator.iter_errors(missing)), "ett obligatoriskt avsnitt saknas"
    assert list(validator.iter_errors({**case, "beslutsstil": "punktform"}))
    assert list(validator.iter_errors({**case, "sammantradesdatum": "2026-13-01"}))


def test_every_rule_beyond_the_schema_is_named_by_a_bad_case() -> None:
    assert set(BEYOND_THE_SCHEMA.values()) <= set(NOT_IN_SCHEMA)
    assert all((BAD_CASES / f"{name}.yaml").is_file() for name in BEYOND_THE_SCHEMA)


def test_every_spelling_and_case_memo_accepts_the_schema_accepts_too(tmp_path: Path) -> None:
    """Keys in capitals or as the heading, ja/nej in any case, a Swedish date, one value for a list, empty keys."""
    case = {
        "Rubrik": "Avtal", "Diarienummer": 2026, "Handläggare": {"Namn": "A", "enhet": "B", "titel": None},
        "beslutsinstans": "Nämnden", "Förslag till beslut": ["godkänna avtalet"], "beslutsstil": "Att-satser",
        "datum": "1 Juni 2026", "sammanfattning": None, "rubriker": {"Sammanfattning": "Kort"},
        "konsekvenser": {"miljö": "Text.", "Barn": {"berors": "Nej", "motivering": "Gäller lokaler."},
                         "jamstalldhet": "Text."},
        "ekonomiska_konsekvenser": {"tabell": {"beskrivning": "Kostnad", "enhet": "tkr", "kolumner": 2027,
                                               "rader": [{"post": "Drift", "belopp": 5}], "summa": "Ja"}},
    }
    path = tmp_path / "ärende.yaml"
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    memo.load_case(path)  # memo accepts it …
    root, _ = read_yaml(path)
    validator = jsonschema.Draft202012Validator(case_schema(memo.load_profile("standard")))
    assert [e.message for e in validator.iter_errors(_plain(root))] == []  # … and so does the schema
    assert [e.message for e in validator.iter_errors(case)] == []  # also as YAML 1.2 types it (a number, None)
