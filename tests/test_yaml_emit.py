"""memo.read.emit: every text written as a YAML scalar reads back through memo's own reader as the same text.

The text is drawn from all of Unicode (no lone surrogates: a file cannot hold them) with extra weight on what
breaks YAML: control characters, tabs, leading and trailing spaces, carriage returns, U+2028, ``#``, quotes,
``: ``, ``- ``, ``${x}``, emoji, and words YAML types (``yes``, ``~``, ``2026-01-01``, ``010``).
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from memo.read import yamlparse
from memo.read.characters import clean_text
from memo.read.emit import Commented, block_safe, document, flow, plain_safe, scalar
from memo.read.source import parse_yaml, read_yaml

_TRICKY = ["\t", "\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x00", "\x1b", "\x7f", "\x0b", "\ufeff", "#", " #",
           "'", '"', ": ", ":", "- ", "-", "${x}", "$${y}", "😀", " ", "  ", "\xa0", "|", ">", "&a", "*a", "!", "%",
           "@", "`", "?", "[", "]", "{", "}", ",", "\\", "yes", "no", "~", "null", "2026-01-01", "010", "1 000",
           "3,5", "0.5", "1e3", ".inf", "ja", "nej", "a\u0308", "---", "...", "<<", "="]
TEXT = st.lists(st.one_of(st.sampled_from(_TRICKY), st.text(max_size=8)), max_size=12).map("".join)
_SETTINGS = settings(max_examples=1500, deadline=None)


def read_back(document_text: str, *path: str | int) -> str | None:
    root, _ = parse_yaml(document_text)
    node = root
    for part in path:
        assert isinstance(node.value, (dict, list))
        node = node.value[part]  # type: ignore[index]
    assert node.value is None or isinstance(node.value, str)
    return node.value


@_SETTINGS
@given(TEXT)
def test_any_text_reads_back_as_memo_reads_it_under_a_key(text: str) -> None:
    assert read_back(f"rubrik: {scalar(text, 0)}\nnasta: x\n", "rubrik") == clean_text(text)


@_SETTINGS
@given(TEXT, st.integers(0, 3))
def test_any_text_reads_back_in_a_nested_list_and_mapping(text: str, depth: int) -> None:
    pad = "  " * depth
    outer = "".join(f"{'  ' * d}k{d}:\n" for d in range(depth))
    written = f"{outer}{pad}lista:\n{pad}  - {scalar(text, len(pad) + 2)}\n{pad}  - sist\n{pad}efter: x\n"
    path: list[str | int] = [f"k{d}" for d in range(depth)]
    assert read_back(written, *path, "lista", 0) == clean_text(text)
    assert read_back(written, *path, "efter") == "x"


@_SETTINGS
@given(TEXT)
def test_text_memo_keeps_as_it_is_reads_back_exactly(text: str) -> None:
    text = clean_text(text)
    assert read_back(f"a:\n  b: {scalar(text, 2)}\n", "a", "b") == text


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_text_reads_back_the_same_without_libyaml(text: str) -> None:
    """memo reads with libyaml when PyYAML has it, else with PyYAML's own parser: both read the same text."""
    written = f"a:\n  - {scalar(text, 2)}\n  - k: {scalar(text, 4)}\n"
    with mock.patch.object(yamlparse, "_FAST_LOADER", None):
        assert read_back(written, "a", 0) == read_back(written, "a", 1, "k") == clean_text(text)


@given(TEXT)
def test_plain_text_is_text_to_pyyaml_too(text: str) -> None:
    if plain_safe(text):
        assert yaml.safe_load(f"k: {text}\n") == {"k": text}


def test_words_yaml_would_type_are_quoted_and_prose_is_a_block() -> None:
    assert [scalar(t, 0) for t in ("yes", "~", "2026-01-01", "010", "1e3", "0o17", "y", "#x", ": ", "- a")] == [
        '"yes"', '"~"', '"2026-01-01"', '"010"', '"1e3"', '"0o17"', '"y"', '"#x"', '": "', '"- a"']
    assert [scalar(t, 0) for t in ("ja", "1 000", "${x} kr", "Nämnd")] == ["ja", "1 000", "${x} kr", "Nämnd"]
    assert scalar("Ett.\nTvå.", 0) == "|-\n  Ett.\n  Två."
    assert scalar("Ett.\nTvå.\n", 2) == "|\n    Ett.\n    Två."
    assert scalar("Ett.\n\n", 0) == "|+\n  Ett.\n"
    assert scalar(" Indrag\nrad", 0) == "|2-\n   Indrag\n  rad"
    assert not block_safe("Rad\r\nrad") and not block_safe("\n") and not block_safe("rad\n \nrad")


def test_a_new_case_file_reads_back_as_the_structure_it_was_made_from(tmp_path: Path) -> None:
    entries = {
        "rubrik": "Bygglov: Norrby 1:2",
        "datum": "2026-09-14",
        "tom": None,
        "varden": {"belopp": "275000", "andel": "12,5", "nej": "nej"},
        "forslag_till_beslut": Commented(["Att bevilja bygglov.", "Att ta ut avgift på ${belopp | kronor}."],
                                         ("Punkterna i ordning",)),
        "sammanfattning": "Första raden.\nAndra raden.\n\n",
        "efter": "sist",
        "tabell": [["År", "Belopp"], ["2026", "1 000"]],
        "nastlad": [{"namn": "A", "lista": [], "karta": {}}, Commented({"namn": "B"}, ("B:s kommentar",))],
    }
    path = tmp_path / "nytt.yaml"
    path.write_text(document(entries, ("Importerat från gammalt.docx",)), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Importerat från gammalt.docx\nrubrik: \"Bygglov: Norrby 1:2\"\n")
    assert "\n# Punkterna i ordning\nforslag_till_beslut:\n  - Att bevilja bygglov.\n" in text
    assert "sammanfattning: |+\n  Första raden.\n  Andra raden.\n\nefter: sist\n" in text
    assert yaml.safe_load(text) == {
        "rubrik": "Bygglov: Norrby 1:2", "datum": "2026-09-14", "tom": None,
        "varden": {"belopp": "275000", "andel": "12,5", "nej": "nej"},
        "forslag_till_beslut": ["Att bevilja bygglov.", "Att ta ut avgift på ${belopp | kronor}."],
        "sammanfattning": "Första raden.\nAndra raden.\n\n", "efter": "sist",
        "tabell": [["År", "Belopp"], ["2026", "1 000"]],
        "nastlad": [{"namn": "A", "lista": [], "karta": {}}, {"namn": "B"}],
    }
    root, _ = read_yaml(path)
    assert root.value["sammanfattning"].value == "Första raden.\nAndra raden.\n\n"  # type: ignore[index]
    assert root.value["tom"].value is None  # type: ignore[index]


def test_flow_style_quotes_what_a_flow_collection_cannot_hold_plain() -> None:
    written = flow(["a", "b, c", "[d]", {"e": "f: g"}, None, "2026-01-01"])
    assert yaml.safe_load(f"k: {written}\n") == {"k": ["a", "b, c", "[d]", {"e": "f: g"}, None, "2026-01-01"]}


KEYS = TEXT.filter(lambda k: clean_text(k) == k)
VALUES = st.recursive(st.one_of(st.none(), TEXT),
                      lambda inner: st.one_of(st.lists(inner, max_size=4),
                                              st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12)


def as_read(value: object) -> object:
    """A value as memo reads it back: text cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [as_read(v) for v in value]
    if isinstance(value, dict):
        return {k: as_read(v) for k, v in value.items()}
    return value


def plain_tree(node: object) -> object:
    value = node.value  # type: ignore[attr-defined]
    if isinstance(value, dict):
        return {k: plain_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_tree(v) for v in value]
    return value


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=5), st.lists(TEXT, max_size=2))
def test_any_structure_written_as_a_new_file_reads_back_as_it(entries: dict[str, object], header: list[str]) -> None:
    text = document(entries, header)  # type: ignore[arg-type]
    root, _ = parse_yaml(text)
    assert plain_tree(root) == as_read(entries)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(VALUES, max_size=4), st.dictionaries(KEYS, VALUES, max_size=4)), st.booleans())
def test_any_list_or_mapping_in_flow_style_reads_back_as_it(value: object, loose: bool) -> None:
    written = f"k: {flow(value, loose=loose)}  # kommentar\nefter: x\n"  # type: ignore[arg-type]
    assert plain_tree(parse_yaml(written)[0]) == {"k": as_read(value), "efter": "x"}
    with mock.patch.object(yamlparse, "_FAST_LOADER", None):
        assert plain_tree(parse_yaml(written)[0]) == {"k": as_read(value), "efter": "x"}
