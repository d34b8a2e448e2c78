"""Fuzzing: any text and any structure either becomes a memo that reopens with the same text, or a MemoError.

Never another exception. Text is drawn from all of Unicode with extra weight on what Swedish
cases contain: å ä ö, Sami letters (ŋ đ š ŧ ž), emoji, right-to-left scripts and combining marks.
"""

from __future__ import annotations

import io
import string
from pathlib import Path
from typing import Any

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import memo

_FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                       HealthCheck.data_too_large])


def fuzz(examples: int) -> settings:
    """Rendering takes milliseconds, so no deadline; the examples add up to well over 500 per run."""
    return settings(_FUZZ, max_examples=examples)

SWEDISH = "åäöÅÄÖéü"
SAMI = "ŋđšŧžŊĐŠŦŽáÁčČ"
EMOJI = "😀🎉👩‍💻🇸🇪❤️"
RIGHT_TO_LEFT = "שלום مرحبا ‏‎"
COMBINING = "\u0301\u0308\u030a\u0327\u20dd"
# Letters, digits and punctuation that are never Markdown or a reference in case prose.
PLAIN = string.ascii_letters + string.digits + SWEDISH + SAMI + EMOJI + RIGHT_TO_LEFT + COMBINING + ",;:!?(\"'/%=@"

# All of Unicode, lone surrogates included, with the characters cases really contain drawn more often.
any_text = st.text(st.characters(exclude_categories=()) |
                   st.sampled_from(list(SWEDISH + SAMI + EMOJI + RIGHT_TO_LEFT + COMBINING + "\x00\x0b\x1b\ud800")),
                   max_size=60)
plain_words = st.text(st.sampled_from(list(PLAIN)), min_size=1, max_size=12)
plain_line = st.lists(plain_words, min_size=1, max_size=8).map(" ".join)
plain_prose = st.lists(st.lists(plain_line, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=3
                       ).map("\n\n".join)


def normalised(text: str) -> str:
    return " ".join(text.split())


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def header_text(data: bytes) -> str:
    section = docx.Document(io.BytesIO(data)).sections[0]
    return " ".join(t.text or "" for part in (section.header, section.first_page_header)
                    for t in part._element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))


def base_case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "rubrik": "Prov", "diarienummer": "26RS1", "handlaggare": {"namn": "Anna Berg", "enhet": "Kansliet"},
        "beslutsinstans": "Regionstyrelsen", "forslag_till_beslut": ["godkänna förslaget"],
    }
    case.update(changes)
    return case


def render_or_memo_error(case: Any) -> bytes | None:
    """The memo's bytes, or None when memo refused the case with one of its own errors."""
    try:
        return memo.render(case)
    except memo.MemoError as error:
        str(error)  # the message itself must be printable, whatever the input
        return None


@fuzz(150)
@given(rubrik=plain_line, decisions=st.lists(plain_line, min_size=1, max_size=4), summary=plain_prose,
       recipients=st.lists(plain_line, max_size=3), name=plain_line)
def test_plain_unicode_text_comes_back_as_written(rubrik: str, decisions: list[str], summary: str,
                                                  recipients: list[str], name: str) -> None:
    case = base_case(rubrik=rubrik, forslag_till_beslut=decisions, sammanfattning=summary,
                     skickas_till=recipients or None, handlaggare={"namn": name, "enhet": "Kansliet"})
    data = render_or_memo_error(case)
    if data is None:
        return
    assert normalised(name) in normalised(header_text(data))
    texts = paragraphs(data)
    assert normalised(texts[0]) == normalised(rubrik)
    body = normalised(" ".join(texts))
    assert normalised(summary) in body
    for decision in decisions:
        assert normalised(decision).removeprefix("att ").rstrip(" ,.;") in body
    for recipient in recipients:
        assert normalised(recipient) in body


@fuzz(150)
@given(fields=st.fixed_dictionaries({}, optional={
    "rubrik": any_text, "sammanfattning": any_text, "arendebeskrivning": any_text, "uppfoljning": any_text,
    "bilagor": st.lists(any_text, max_size=3), "skickas_till": st.lists(any_text, max_size=3),
    "forslag_till_beslut": st.lists(any_text, max_size=3), "varden": st.dictionaries(any_text, any_text, max_size=3),
    "datum": any_text, "beslutsstil": any_text, "diarienummer": any_text,
    "handlaggare": st.fixed_dictionaries({"namn": any_text, "enhet": any_text}, optional={"epost": any_text}),
    "underskrift": st.fixed_dictionaries({"namn": any_text, "titel": any_text}),
    "konsekvenser": st.fixed_dictionaries({"miljö": any_text, "barn": any_text, "jämställdhet": any_text}),
    "ekonomiska_konsekvenser": st.fixed_dictionaries({"text": any_text, "tabell": st.fixed_dictionaries({
        "beskrivning": any_text, "kolumner": st.lists(any_text, min_size=1, max_size=3),
        "rader": st.lists(st.fixed_dictionaries({"post": any_text, "belopp": st.lists(
            st.integers() | st.decimals(allow_nan=True) | any_text, min_size=1, max_size=3)}), max_size=3)})}),
}))
def test_any_unicode_text_renders_or_is_a_memo_error(fields: dict[str, Any]) -> None:
    data = render_or_memo_error(base_case(**fields))
    if data is not None:
        assert paragraphs(data)


scalars = st.none() | st.booleans() | st.integers() | st.floats() | any_text | st.dates()
structures = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) |
                          st.dictionaries(any_text | st.sampled_from(["namn", "text", "perspektiv", "tabell",
                                                                      "rader", "belopp", "post", "kolumner"]),
                                          inner, max_size=4), max_leaves=12)
known_keys = st.sampled_from(["rubrik", "diarienummer", "handlaggare", "forslag_till_beslut", "sammanfattning",
                              "konsekvenser", "ekonomiska_konsekvenser", "underskrift", "varden", "bilagor",
                              "datum", "beslutsstil", "skickas_till", "Förslag till beslut", "okänd"])
keys = st.one_of(known_keys, known_keys, known_keys, any_text)


@fuzz(100)
@given(changes=st.dictionaries(keys, structures, max_size=5))
def test_any_structure_renders_or_is_a_memo_error(changes: dict[str, Any]) -> None:
    data = render_or_memo_error(base_case(**changes))
    if data is not None:
        assert paragraphs(data)


@fuzz(60)
@given(changes=st.dictionaries(keys, structures, max_size=5), crlf=st.booleans(), bom=st.booleans())
def test_any_case_written_as_yaml_renders_or_is_a_memo_error(tmp_path_factory: Any, changes: dict[str, Any],
                                                            crlf: bool, bom: bool) -> None:
    text = yaml.safe_dump(base_case(**changes), allow_unicode=True, sort_keys=False)
    data = text.replace("\n", "\r\n") if crlf else text
    path = tmp_path_factory.mktemp("fuzz") / "ärende.yaml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))
    rendered = render_or_memo_error(path)
    if rendered is not None:
        assert paragraphs(rendered)


@fuzz(60)
@given(rubrik=plain_line, summary=plain_prose)
def test_plain_text_written_as_yaml_comes_back_as_written(tmp_path_factory: Any, rubrik: str, summary: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "ärende.yaml"
    path.write_text(yaml.safe_dump(base_case(rubrik=rubrik, sammanfattning=summary), allow_unicode=True),
                    encoding="utf-8")
    data = render_or_memo_error(path)
    if data is None:
        return
    texts = paragraphs(data)
    assert normalised(texts[0]) == normalised(rubrik)
    assert normalised(summary) in normalised(" ".join(texts))


yaml_ish = st.lists(st.sampled_from([*"abcåäö019 :-\n\t\"'[]{}&*!|>#%@,?~$\\", "\n  ", "\n- ", ": ", "${",
                                     "\r\n", "\x00", "\ufeff", "---\n", "|\n", "\\x00", "\\ud800", "&a ", "*a"]),
                   max_size=80).map("".join)


@fuzz(150)
@given(text=yaml_ish)
def test_broken_yaml_is_a_memo_error(tmp_path_factory: Any, text: str) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "ärende.yaml"
    path.write_text("rubrik: Prov\n" + text, encoding="utf-8")
    try:
        memo.load_case(path)
    except memo.MemoError as error:
        assert str(error)
