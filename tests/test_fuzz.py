"""Fuzzing: any text, any structure and any template either becomes a valid memo, or a MemoError.

Never another exception, and every memo written here passes the OOXML validation of
``tests/ooxml_plugin.py`` (:func:`valid_docx`). 2 200 examples per run: 1 200 of case values,
1 000 of templates with case text. Text is drawn from all of Unicode with extra weight on what Swedish
cases contain: å ä ö, Sami letters (ŋ đ š ŧ ž), emoji, right-to-left scripts and combining marks.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import re
import string
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import memo
from conftest import SEED_SAMPLE
from ooxml_plugin import validate_docx

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
    """Text as the memo shows it: composed Unicode (NFC), whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


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


_SHAPES: dict[bytes, list[str]] = {}
_TEXT = re.compile(rb">[^<]*<")


def valid_docx(data: bytes) -> None:
    """Every XML part of the memo is well-formed, and the memo passes the OOXML validation.

    The schemas never look inside text, so the (slow) schema validation runs once per shape
    of document — its parts with the text between tags left out — and every memo of that
    shape has the same result.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in sorted(archive.namelist()) if name.endswith((".xml", ".rels"))}
    for xml in parts.values():
        ET.fromstring(xml)
    shape = hashlib.sha256(b"\0".join(name.encode() + _TEXT.sub(b"><", xml) for name, xml in parts.items())).digest()
    if shape not in _SHAPES:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "fuzz.docx"
            path.write_bytes(data)
            _SHAPES[shape] = validate_docx(path)
    assert _SHAPES[shape] == [], _SHAPES[shape]


def render_or_memo_error(case: Any, templates: Path | None = None) -> bytes | None:
    """The memo's bytes (a valid Word document), or None when memo refused with one of its own errors."""
    try:
        data = memo.render(case, templates=templates)
    except memo.MemoError as error:
        str(error)  # the message itself must be printable, whatever the input
        return None
    valid_docx(data)
    return data


@fuzz(200)
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


@fuzz(300)
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


@fuzz(300)
@given(changes=st.dictionaries(keys, structures, max_size=5))
def test_any_structure_renders_or_is_a_memo_error(changes: dict[str, Any]) -> None:
    data = render_or_memo_error(base_case(**changes))
    if data is not None:
        assert paragraphs(data)


@fuzz(100)
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


@fuzz(100)
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


@fuzz(200)
@given(text=yaml_ish)
def test_broken_yaml_is_a_memo_error(tmp_path_factory: Any, text: str) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "ärende.yaml"
    path.write_text("rubrik: Prov\n" + text, encoding="utf-8")
    try:
        memo.load_case(path)
    except memo.MemoError as error:
        assert str(error)


# --- templates: any template a user might write, with any case text --------------------------------------------

_NAMES = ["arende", "arende.rubrik", "arende.diarienummer", "arende.forslag_till_beslut", "arende.skickas_till",
          "arende.varden", "arende.handlaggare", "arende.sammanfattning", "avsnitt", "avsnitt.innehall",
          "avsnitt.rubrik", "avsnitten", "profil", "profil.adress", "perspektiv", "beslut", "beslutsstil", "none",
          "true", "1", "-3", "2.5", "'text'", "'<p>'", "[1, 2]", "{'a': 1}", "range(5)", "x", "y", "loop", "self",
          "cycler(1, 2)", "namespace(a=1)", "lipsum"]
_PLAIN = [""] * 6  # most expressions are a plain name, as in real templates
_AFTER = [*_PLAIN, ".append(1)", ".clear()", ".update({})", ".pop()", ".insert(0, 1)", ".upper()", ".split()",
          ".__class__", ".format(1)", ".items()", "[0]", "[-1]", ".keys()", ".get('a')", ".namn", "()", " * 3",
          " + 'x'", " ~ 'x'", " % 2", " ** 2", " is none", " == 1", " in [1]"]
_FILTERS = [*_PLAIN, "|upper", "|length", "|join(', ')", "|string", "|tal", "|kronor", "|datum", "|default('')",
            "|first", "|list", "|e", "|safe", "|replace('a', 'b')", "|center(5)", "|int", "|sum", "|reverse",
            "|sort", "|default(none)", "|procent", "|tojson", "|batch(2)|list", "|wordcount", "|round"]
expressions = st.builds(lambda name, after, filter_: f"{name}{after}{filter_}", st.sampled_from(_NAMES),
                        st.sampled_from(_AFTER), st.sampled_from(_FILTERS))
template_text = st.text(st.sampled_from([*"abcåäö <>&/;\"'\x01\n{}#-", "\u202e", "\ufdd0"]), max_size=20)
markup = st.sampled_from(["<p>", "</p>", "<h2>", "</h2>", "<b>", "</b>", "<ul><li>", "</li></ul>", "<br/>", "&amp;",
                          '<table beskrivning="t"><tr><td>', "</td></tr></table>", "<tab/>", "<att>", "</att>",
                          '<ol start="0">', "</ol>", '<p stil="Okänd">', "<li>", "</li>", "<div>", "&lt;"])
template_nodes = st.recursive(
    template_text | markup | expressions.map(lambda e: "{{ " + e + " }}"),
    lambda inner: (
        st.builds(lambda e, body: "{% for x in " + e + " %}" + body + "{% endfor %}", expressions, inner)
        | st.builds(lambda e, body, other: "{% if " + e + " %}" + body + "{% else %}" + other + "{% endif %}",
                    expressions, inner, inner)
        | st.builds(lambda e, body: "{% set y = " + e + " %}" + body, expressions, inner)
        | st.builds(lambda body: "{% set z %}" + body + "{% endset %}{{ z }}", inner)
        | st.builds(lambda body: "{% macro m(x) %}" + body + "{% endmacro %}{{ m(1) }}", inner)
        | st.lists(inner, max_size=4).map("".join)),
    max_leaves=10)
templates = st.lists(template_nodes, max_size=5).map(lambda parts: "<h1>Sammanfattning</h1>\n" + "\n".join(parts))


@fuzz(1000)
@given(source=templates, summary=any_text | plain_prose)
def test_any_template_with_any_case_text_renders_or_is_a_memo_error(tmp_path_factory: Any, source: str,
                                                                     summary: str) -> None:
    # One folder, the template rewritten for each example: a long-running process sees each edit.
    folder = _template_folder(tmp_path_factory)
    (folder / "sammanfattning.xml.j2").write_text(source, encoding="utf-8", errors="surrogatepass")
    case = dataclasses.replace(_seed_case(), avsnitt={**_seed_case().avsnitt, "sammanfattning": summary})
    data = render_or_memo_error(case, folder)
    if data is not None and "{{" not in source and "{%" not in source and "<" not in source and "&" not in source:
        assert normalised(source.removeprefix("<h1>Sammanfattning</h1>")) in normalised(" ".join(paragraphs(data)))


@functools.cache
def _seed_case() -> memo.Case:
    return memo.load_case(SEED_SAMPLE)


_FOLDERS: dict[str, Path] = {}


def _template_folder(tmp_path_factory: Any) -> Path:
    if "mallar" not in _FOLDERS:
        _FOLDERS["mallar"] = tmp_path_factory.mktemp("fuzz-mallar")
    return _FOLDERS["mallar"]
