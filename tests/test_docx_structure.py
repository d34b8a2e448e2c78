"""The produced DOCX, reopened: styles, fields, lists, header placeholders, properties, escaping."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

import memo
import memo.word.writer
from conftest import SEED_SAMPLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "profil": "standard",
        "rubrik": "Prov",
        "diarienummer": "KS 2026/17",
        "sammantradesdatum": "2026-06-01",
        "handlaggare": {"namn": "Anna Berg", "enhet": "Kansliet"},
        "beslutsinstans": "Kommunstyrelsen",
        "forslag_till_beslut": ["godkänna förslaget"],
    }
    case.update(changes)
    return case


def _open(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def seed() -> Any:
    return _open(memo.render(SEED_SAMPLE))


def _styles(document: Any) -> list[str]:
    return [p.style.name for p in document.paragraphs]


def test_title_and_headings_use_real_word_styles(seed: Any) -> None:
    styles = _styles(seed)
    assert styles[0] == "Title"
    assert seed.paragraphs[0].text == "Utökat driftsstöd till IUC Industrihubb Örebro län"
    headings = [p.text for p in seed.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Förslag till beslut",
        "Sammanfattning",
        "Ärendebeskrivning",
        "Konsekvenser för miljö-, barn- och jämställdhetsperspektiven",
        "Ekonomiska konsekvenser",
        "Uppföljning",
    ]


def test_att_satser_have_att_a_tab_and_a_hanging_indent(seed: Any) -> None:
    atts = [p for p in seed.paragraphs if p.style.name == "Att-sats"]
    assert len(atts) == 2
    assert atts[0].text.startswith("att\t2026 avsatta")
    assert atts[0].text.endswith("Örebro län,")
    assert atts[1].text.endswith("Örebro län.")
    indent = atts[0].style.paragraph_format
    assert indent.first_line_indent is not None and indent.first_line_indent < 0
    assert indent.left_indent == -indent.first_line_indent
    intro = [p.text for p in seed.paragraphs if p.style.name == "Beslutsinledning"]
    assert intro == ["Regional tillväxtnämnd beslutar"]


def test_lists_are_real_word_lists_and_each_restarts(seed: Any) -> None:
    items = [p for p in seed.paragraphs if p.style.name == "List Bullet"]
    assert len(items) == 11
    assert not any(p.text.lstrip().startswith(("•", "-", "1.")) for p in items)
    num_ids = [p._p.pPr.numPr.numId.val for p in items]
    assert len(set(num_ids[:6])) == 1 and len(set(num_ids[6:])) == 1
    assert num_ids[0] != num_ids[6], "varje lista ska ha en egen numrering"
    numbering = seed.part.numbering_part.element
    nums = {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}
    for num_id in {num_ids[0], num_ids[6]}:
        num = nums[str(num_id)]
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)
        assert abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "bullet"
        assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_numbered_lists_restart_at_one_in_each_list() -> None:
    case = _case(sammanfattning="1. ett\n2. två\n\nMellan.\n\n1. tre\n2. fyra\n")
    document = _open(memo.render(case))
    items = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in items] == ["ett", "två", "tre", "fyra"]
    assert items[0]._p.pPr.numPr.numId.val != items[2]._p.pPr.numPr.numId.val


def _header_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/header1.xml").decode("utf-8")


def test_header_has_page_and_numpages_fields_and_filled_placeholders() -> None:
    data = memo.render(SEED_SAMPLE)
    xml = _header_xml(data)
    assert "{{" not in xml and "}}" not in xml
    instructions = [" ".join(t.split()) for t in
                     (e.text for e in etree.fromstring(xml.encode()).iter(f"{W}instrText"))]
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    document = _open(data)
    header_text = "\n".join(c.text for t in document.sections[0].header.tables for r in t.rows for c in r.cells)
    for expected in ("Tjänsteställe, handläggare", "Sammanträdesdatum", "FöredragningsPM",
                     "Näringslivsutveckling, Kristina Eklöf", "2026-06-01", "Dnr: 26RS5145"):
        assert expected in header_text


def test_placeholder_split_over_several_runs_is_filled() -> None:
    reference = Path(memo.load_profile("region-orebro-lan").reference)
    with zipfile.ZipFile(reference) as archive:
        original = archive.read("word/header1.xml").decode("utf-8")
    assert "{{ diarienummer }}" not in original, "referensdokumentet ska ha platshållaren uppdelad på flera körningar"
    assert "{{ dia" in original
    xml = _header_xml(memo.render(SEED_SAMPLE))
    assert "26RS5145" in xml and "rienum" not in xml


def test_footer_has_the_profile_address_lines() -> None:
    document = _open(memo.render(SEED_SAMPLE))
    footer = document.sections[0].footer
    text = "\n".join(p.text for t in footer.tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert "Region Örebro län\nBox 1613, 701 16 Örebro" in text
    assert "E-post: regionen@regionorebrolan.se" in text
    assert "www.regionorebrolan.se" in text


def test_core_properties_and_swedish_language_in_the_styles() -> None:
    data = memo.render(_case(rubrik="Avtal för A & B <tillfälligt>"))
    document = _open(data)
    assert document.core_properties.title == "Avtal för A & B <tillfälligt>"
    assert document.core_properties.author == "Anna Berg"
    assert document.core_properties.language == "sv-SE"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert "A &amp; B &lt;tillfälligt&gt;" in core and "&amp;amp;" not in core
    defaults = etree.fromstring(styles.encode()).find(f"{W}docDefaults")
    assert defaults is not None
    lang = defaults.find(f"{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "sv-SE"


SPECIAL = "Kostnad {{ belopp }} & {% if %} <b>fet</b> \"citat\" 'apostrof' R&D > 5 < 7 ${ej}"


def test_case_text_with_template_and_markup_characters_comes_out_exactly() -> None:
    case = _case(
        rubrik="R&D {{ x }} <y>",
        sammanfattning=SPECIAL.replace("${ej}", "$${ej}"),
        forslag_till_beslut=["ge A & B <stöd> {{ inget }}"],
        skickas_till=["Ekonomi & <IT>"],
    )
    document = _open(memo.render(case))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "R&D {{ x }} <y>"
    assert SPECIAL in texts
    assert "att\tge A & B <stöd> {{ inget }}." in texts
    assert "Ekonomi & <IT>" in texts


def test_emphasis_in_prose_becomes_bold_and_italic_runs() -> None:
    document = _open(memo.render(_case(sammanfattning="Ett *viktigt* och **avgörande** beslut.")))
    paragraph = next(p for p in document.paragraphs if "viktigt" in p.text)
    assert paragraph.text == "Ett viktigt och avgörande beslut."
    runs = {r.text: (bool(r.bold), bool(r.italic)) for r in paragraph.runs}
    assert runs["viktigt"] == (False, True)
    assert runs["avgörande"] == (True, False)


def test_signature_and_sandlista_use_their_styles(seed: Any) -> None:
    pairs = [(p.style.name, p.text) for p in seed.paragraphs]
    assert ("Underskrift", "Petter Arneback Hjulström") in pairs
    assert ("Underskriftstitel", "Regional utvecklingsdirektör") in pairs
    assert ("Sändlista rubrik", "Skickas till:") in pairs
    assert ("Sändlista", "Regional utveckling, ekonomienheten") in pairs


def test_no_empty_paragraphs_in_the_body(seed: Any) -> None:
    assert all(p.text.strip() for p in seed.paragraphs)


def test_a_list_of_the_other_kind_inside_a_list_has_its_own_numbering() -> None:
    case = _case(sammanfattning="1. ett\n   - punkt a\n   - punkt b\n2. två\n")
    document = _open(memo.render(case))
    paragraphs = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert [p.text for p in paragraphs] == ["ett", "punkt a", "punkt b", "två"]
    ids = [p._p.pPr.numPr.numId.val for p in paragraphs]
    assert ids[0] == ids[3] and ids[1] == ids[2] and ids[0] != ids[1]
    assert paragraphs[1]._p.pPr.numPr.ilvl.val == 1
    numbering = document.part.numbering_part.element

    def level_format(num_id: int, level: int) -> str:
        num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)
        lvl = next(v for v in abstract.findall(qn("w:lvl")) if v.get(qn("w:ilvl")) == str(level))
        return str(lvl.find(qn("w:numFmt")).get(qn("w:val")))

    assert level_format(ids[0], 0) == "decimal"
    assert level_format(ids[1], 1) == "bullet"
    # one paragraph style all through, so the spacing between items is the same
    assert {p.style.name for p in paragraphs} == {"List Number"}


def test_a_list_with_blank_lines_between_items_is_one_list_and_keeps_its_first_number() -> None:
    document = _open(memo.render(_case(sammanfattning="3. tre\n\n4. fyra\n\n   med en andra rad\n")))
    items = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in items] == ["tre", "fyra\nmed en andra rad"]
    numbering = document.part.numbering_part.element
    num_id = str(items[0]._p.pPr.numPr.numId.val)
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "3"


def test_a_dash_that_begins_a_wrapped_line_is_text_not_a_bullet() -> None:
    text = "Avtalet gäller tre kommuner i länet\n– Örebro, Nora och Lindesberg – och gäller i två år."
    document = _open(memo.render(_case(sammanfattning=text)))
    assert "Avtalet gäller tre kommuner i länet – Örebro, Nora och Lindesberg – och gäller i två år." in [
        p.text for p in document.paragraphs]
    assert not [p for p in document.paragraphs if p.style.name == "List Bullet"]


def test_a_title_longer_than_word_keeps_in_a_property_is_shortened_there_only() -> None:
    title = "Avtal " + "om samverkan kring regional utveckling " * 8  # over 255 characters
    data = memo.render(_case(rubrik=title))
    document = _open(data)
    assert len(title.strip()) > memo.word.writer.CORE_TEXT_LIMIT
    assert len(document.core_properties.title) == memo.word.writer.CORE_TEXT_LIMIT
    assert document.core_properties.title.endswith("…")
    assert title.strip().startswith(document.core_properties.title[:-1])
    assert document.paragraphs[0].text == " ".join(title.split())  # the memo itself keeps the whole title


def test_the_title_property_counts_as_word_does_and_odd_characters_in_values_survive() -> None:
    title = "Avtal 🚲 " * 40  # characters outside the BMP count twice in Word
    document = _open(memo.render(_case(rubrik=title)))
    assert len(document.core_properties.title.encode("utf-16-le")) // 2 <= memo.word.writer.CORE_TEXT_LIMIT
    assert document.core_properties.title.endswith("…")
    data = memo.render(_case(rubrik="Slot \ufdd0rubrik\ufdd1 & \ue000ikon", handlaggare={"namn": "A\rB", "enhet": "C"}))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        headers = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("word/header"))
    assert "Slot \ufdd0rubrik\ufdd1 &amp; \ue000ikon" in core  # case text is never taken for a slot
    assert "A\nB" in core  # a carriage return is a line break, as every line-separator form is
    assert _open(data).paragraphs[0].text == "Slot \ufdd0rubrik\ufdd1 & \ue000ikon"
    assert "\ufdd0" not in headers.replace("Slot \ufdd0rubrik", "")


def test_the_memo_date_is_the_documents_creation_date_and_today_without_one() -> None:
    dated = _open(memo.render(_case(datum="2026-05-20")))
    assert dated.core_properties.created.date().isoformat() == "2026-05-20"
    assert dated.core_properties.modified == dated.core_properties.created
    undated = _open(memo.render(_case(sammantradesdatum=None)))
    assert undated.core_properties.created.date() == dt.date.today()
    # With a meeting date but no memo date, the document is dated today, as its header is — not the meeting.
    meeting = _open(memo.render(_case(sammantradesdatum="2027-01-15")))
    assert meeting.core_properties.created.date() == dt.date.today()


def test_decomposed_letters_and_every_kind_of_line_break_come_out_composed_and_as_line_breaks() -> None:
    """Text from macOS or a web form (NFD), and CR LF, CR, NEL, U+2028 and U+2029 in a value."""
    decomposed = unicodedata.normalize("NFD", "Förskola i Västerås")
    data = memo.render(_case(rubrik=decomposed, handlaggare={"namn": unicodedata.normalize("NFD", "Åsa Öberg"),
                                                           "enhet": "C"},
                             sammanfattning="ett\r\ntvå\rtre\x85fyra\u2028fem\u2029sex"))
    document = _open(data)
    assert document.paragraphs[0].text == document.core_properties.title == "Förskola i Västerås"
    assert document.core_properties.author == "Åsa Öberg"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")}
    assert all(unicodedata.is_normalized("NFC", text) for text in parts.values())
    assert "Åsa Öberg" in "".join(v for k, v in parts.items() if k.startswith("word/header"))
    # Each separator is one line break, read as prose reads a line break: the same as "\n" would give.
    plain = _open(memo.render(_case(sammanfattning="ett\ntvå\ntre\nfyra\nfem\nsex")))
    shown = [p.text for p in document.paragraphs if p.text.startswith("ett")]
    assert shown == [p.text for p in plain.paragraphs if p.text.startswith("ett")] == ["ett två tre fyra fem sex"]


def test_a_right_to_left_override_in_free_text_is_a_warning_with_its_place() -> None:
    with pytest.warns(memo.MemoWarning, match="riktningsmarkör"):
        memo.render(_case(sammanfattning="Beloppet är \u202e000 05\u202c kronor."))
