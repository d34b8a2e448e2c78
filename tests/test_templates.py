"""Section templates: decision styles, overrides section by section, empty sections, missing values."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest

import memo


def _case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "rubrik": "Prov",
        "diarienummer": "KS 2026/17",
        "handlaggare": {"namn": "Anna Berg", "enhet": "Kansliet"},
        "beslutsinstans": "Kommunstyrelsen",
        "forslag_till_beslut": ["godkänna förslaget", "ge kansliet i uppdrag att redovisa"],
    }
    case.update(changes)
    return case


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_att_satser_end_with_comma_and_the_last_with_full_stop() -> None:
    paragraphs = _paragraphs(memo.render(_case(forslag_till_beslut=["a", "att b,", "c."])))
    assert [t for s, t in paragraphs if s == "Att-sats"] == ["att\ta,", "att\tb,", "att\tc."]


def test_numbered_decision_style_writes_full_sentences_as_a_real_list() -> None:
    case = _case(beslutsstil="numrerade",
                 forslag_till_beslut=["Kommunstyrelsen godkänner avtalet", "Beslutet gäller från 1 juli"])
    document = docx.Document(io.BytesIO(memo.render(case)))
    points = [p for p in document.paragraphs if p.style.name == "Beslutspunkt"]
    assert [p.text for p in points] == ["Kommunstyrelsen godkänner avtalet.", "Beslutet gäller från 1 juli."]
    assert all(p._p.pPr.numPr is not None for p in points)
    assert not any(s in ("Att-sats", "Beslutsinledning") for s, _ in _paragraphs(memo.render(case)))


def test_empty_optional_sections_leave_no_heading() -> None:
    headings = [t for s, t in _paragraphs(memo.render(_case(sammanfattning=None, uppfoljning="")))
                if s.startswith("Heading")]
    assert headings == ["Förslag till beslut"]


def test_user_template_overrides_one_section_and_keeps_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "sammanfattning.xml.j2").write_text(
        "{% if arende.sammanfattning %}<h1>Kort om ärendet</h1>{{ arende.sammanfattning }}{% endif %}",
        encoding="utf-8")
    data = memo.render(_case(sammanfattning="Text & mer.", uppfoljning="Följs upp."), templates=folder)
    paragraphs = _paragraphs(data)
    assert ("Heading 1", "Kort om ärendet") in paragraphs
    assert ("Normal", "Text & mer.") in paragraphs
    assert ("Heading 1", "Uppföljning") in paragraphs  # the shipped template still serves this section


def test_case_can_point_at_its_own_template_folder(tmp_path: Path) -> None:
    (tmp_path / "egna").mkdir()
    (tmp_path / "egna" / "uppfoljning.xml.j2").write_text(
        "<h1>Återrapportering</h1>{{ arende.uppfoljning }}", encoding="utf-8")
    case_file = tmp_path / "arende.yaml"
    case_file.write_text(
        "mallar: egna\nrubrik: Prov\ndiarienummer: KS 1\nbeslutsinstans: Kommunstyrelsen\n"
        "handlaggare: {namn: Anna, enhet: Kansliet}\nforslag_till_beslut: [godkänna]\n"
        "uppfoljning: Vid årets slut.\n", encoding="utf-8")
    assert ("Heading 1", "Återrapportering") in _paragraphs(memo.render(case_file))


def test_a_missing_value_in_a_template_is_an_error_not_a_blank(tmp_path: Path) -> None:
    (tmp_path / "sammanfattning.xml.j2").write_text("<p>{{ arende.finns_inte }}</p>", encoding="utf-8")
    with pytest.raises(memo.TemplateError) as caught:
        memo.render(_case(), templates=tmp_path)
    assert "finns_inte" in str(caught.value)
    assert caught.value.file is not None and caught.value.file.name == "sammanfattning.xml.j2"
    assert caught.value.line == 1


def test_economy_table_has_caption_repeated_header_row_and_swedish_amounts() -> None:
    case = _case(ekonomiska_konsekvenser={
        "text": "Kostnaderna ryms i ramen.",
        "tabell": {
            "beskrivning": "Kostnader per år",
            "enhet": "tkr",
            "kolumner": ["2026", "2027", "2028"],
            "rader": [{"post": "Personal", "belopp": [1250000, 2500000, "2 500 000"]},
                      {"post": "Lokaler", "belopp": [-500, 400000, "–"]}],
            "summa": "ja",
        },
    })
    document = docx.Document(io.BytesIO(memo.render(case)))
    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Belopp i tkr", "2026", "2027", "2028"]
    assert rows[1] == ["Personal", "1\u00a0250", "2\u00a0500", "2\u00a0500"]
    assert rows[2] == ["Lokaler", "\u22121", "400", "–"]
    assert rows[3] == ["Summa", "1\u00a0250", "2\u00a0900", "2\u00a0500"]
    tr_pr = table.rows[0]._tr.trPr
    assert tr_pr is not None and tr_pr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(docx.oxml.ns.qn("w:tblCaption")).get(docx.oxml.ns.qn("w:val")) == "Kostnader per år (tkr)"
    assert ("Caption", "Kostnader per år (tkr)") in [(p.style.name, p.text) for p in document.paragraphs]


def test_a_sum_column_whose_cells_are_all_empty_shows_a_dash_not_zero() -> None:
    case = _case(ekonomiska_konsekvenser={"tabell": {
        "beskrivning": "Kostnader per år", "enhet": "tkr", "kolumner": ["2026", "2027"], "summa": "ja",
        "rader": [{"post": "Personal", "belopp": [1250000, "–"]}, {"post": "Lokaler", "belopp": [0, "–"]}]}})
    (table,) = docx.Document(io.BytesIO(memo.render(case))).tables
    assert [c.text for c in table.rows[-1].cells] == ["Summa", "1\u00a0250", "–"]


def test_an_own_economy_template_may_format_the_amounts_itself_or_take_them_formatted(tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "ekonomi.xml.j2").write_text(
        "{% set t = arende.ekonomiska_konsekvenser.tabell %}<h1>Ekonomi</h1>"
        "{% for rad in t.rader %}<p>{{ rad.post }}: {{ rad.belopp[0] | kronor }} = "
        "{{ (rad.belopp[0] / t.delare) | tal(1) }} {{ t.enhet }} = {{ rad.text | join(' / ') }}</p>{% endfor %}"
        "<p>Summa {{ t.summor | map('tkr') | join(', ') }} ({{ t.summor_text | join(', ') }})</p>",
        encoding="utf-8")
    case = _case(ekonomiska_konsekvenser={"tabell": {
        "beskrivning": "Kostnader", "enhet": "tkr", "kolumner": ["2027", "2028"], "summa": "ja",
        "rader": [{"post": "Personal", "belopp": [1250000, "–"]}, {"post": "Lokaler", "belopp": [400000, 5000]}],
    }})
    paragraphs = [t for s, t in _paragraphs(memo.render(case, templates=folder)) if s == "Normal"]
    assert "Personal: 1\u00a0250\u00a0000\u00a0kronor = 1\u00a0250,0 tkr = 1\u00a0250 / –" in paragraphs
    assert "Lokaler: 400\u00a0000\u00a0kronor = 400,0 tkr = 400 / 5" in paragraphs
    assert "Summa 1\u00a0650\u00a0tkr, 5\u00a0tkr (1\u00a0650, 5)" in paragraphs


def _table_case(amount: str) -> dict[str, Any]:
    return _case(ekonomiska_konsekvenser={"tabell": {
        "beskrivning": "Kostnader", "enhet": "mnkr", "kolumner": ["2027"],
        "rader": [{"post": "Drift", "belopp": [amount]}],
    }})


def test_table_amounts_are_formatted_only_when_a_template_shows_them_and_a_problem_names_its_line(
        tmp_path: Path) -> None:
    case = _table_case("1,234567890123456789012345678")  # a valid amount that has too many digits in mnkr
    with pytest.raises(memo.TemplateError) as caught:
        memo.render(case)
    assert caught.value.file is not None and caught.value.file.name == "ekonomi.xml.j2"
    assert caught.value.line == 10 and "för många siffror" in caught.value.message
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "ekonomi.xml.j2").write_text(
        "{% for rad in arende.ekonomiska_konsekvenser.tabell.rader %}<p>{{ rad.post }}: {{ rad | dictsort | length }}"
        " nycklar, {{ (rad.belopp + [1]) | length }} belopp</p>{% endfor %}", encoding="utf-8")
    assert ("Normal", "Drift: 3 nycklar, 2 belopp") in _paragraphs(memo.render(case, templates=folder))


def test_an_own_template_formats_a_large_whole_number(tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "sammanfattning.xml.j2").write_text(
        "<h1>Sammanfattning</h1><p>{{ 10000000 | tal }} = {{ 250000000 | kronor }}</p>", encoding="utf-8")
    paragraphs = _paragraphs(memo.render(_case(sammanfattning="Text."), templates=folder))
    assert ("Normal", "10\u00a0000\u00a0000 = 250\u00a0000\u00a0000\u00a0kronor") in paragraphs


def test_consequences_heading_names_one_perspective_in_singular(tmp_path: Path) -> None:
    profile = tmp_path / "profil"
    profile.mkdir()
    standard = memo.load_profile("standard")
    (profile / "referens.docx").write_bytes(standard.reference.read_bytes())
    (profile / "profil.yaml").write_text("namn: Kommunen\nperspektiv: [barn]\n", encoding="utf-8")
    data = memo.render(_case(konsekvenser={"barn": "Barn berörs inte, eftersom …"}), profile=profile)
    assert ("Heading 1", "Konsekvenser för barnperspektivet") in _paragraphs(data)


def test_profile_mandatory_section_missing_is_reported_with_its_name() -> None:
    case = _case(profil="region-orebro-lan")
    with pytest.raises(memo.CaseError) as caught:
        memo.render(case)
    names = [p.key for p in caught.value.problems]
    assert "sammanfattning" in names and "uppfoljning" in names and "konsekvenser" in names


def test_att_satser_keep_an_abbreviation_and_accept_a_capital_att() -> None:
    paragraphs = _paragraphs(memo.render(_case(forslag_till_beslut=["Att godkänna avtalet med Städ AB m.fl.",
                                                                    "ge kansliet i uppdrag att redovisa m.m."])))
    assert [t for s, t in paragraphs if s == "Att-sats"] == ["att\tgodkänna avtalet med Städ AB m.fl.,",
                                                             "att\tge kansliet i uppdrag att redovisa m.m."]


def test_consequences_heading_joins_every_perspective_with_its_linking_s() -> None:
    case = _case(konsekvenser={"jämställdhet": "Ingen påverkan, eftersom …", "barn": "Barn berörs inte, eftersom …",
                               "miljö": "Ingen påverkan på miljön."})
    headings = [t for s, t in _paragraphs(memo.render(case)) if s == "Heading 1"]
    assert "Konsekvenser för miljö-, barn- och jämställdhetsperspektiven" in headings


def test_tables_fill_the_text_width_of_the_profiles_own_page(tmp_path: Path) -> None:
    from docx.shared import Cm

    profile = tmp_path / "profil"
    profile.mkdir()
    reference = docx.Document(str(memo.load_profile("standard").reference))
    section = reference.sections[-1]
    section.left_margin, section.right_margin = Cm(2), Cm(2)
    reference.save(str(profile / "referens.docx"))
    (profile / "profil.yaml").write_text("namn: Kommunen\n", encoding="utf-8")
    case = _case(ekonomiska_konsekvenser={"tabell": {"beskrivning": "Kostnader", "kolumner": ["2027"],
                                                     "rader": [{"post": "Personal", "belopp": [1000]}]}})
    table = docx.Document(io.BytesIO(memo.render(case, profile=profile))).tables[0]
    expected = round((section.page_width - Cm(4)) / 635)
    assert int(table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblW")).get(docx.oxml.ns.qn("w:w"))) == expected
    widths = [int(c.get(docx.oxml.ns.qn("w:w"))) for c in table._tbl.tblGrid.findall(docx.oxml.ns.qn("w:gridCol"))]
    assert sum(widths) == expected


@pytest.mark.parametrize(("markup", "line", "column", "wording"), [
    pytest.param("<p>Åäö 😀</p>\n<p>a &nbsp; b</p>", 2, 6, "&nbsp;", id="unknown-entity-after-emoji"),
    pytest.param("<p>Räksmörgås</p>\n<p>Se <se nedan></p>", 2, 7, "'<se nedan>'", id="text-read-as-a-tag"),
    pytest.param("<h1>Ärende</h1>\n<p>öppen\n<h2>x</h2>", 2, 1, "Taggen <p> stängs aldrig", id="unclosed-tag"),
    pytest.param("<p>å</p>\n<ul><li>ä</li><p>ö</p></ul>", 2, 15, "bara <li>", id="paragraph-in-a-list"),
    pytest.param("<p>x</p>\n<p>Kommun & region</p>", 2, 11, "ensamt &", id="lone-ampersand"),
])
def test_a_markup_problem_is_placed_at_its_line_and_column(markup: str, line: int, column: int,
                                                           wording: str) -> None:
    from memo.renderer.markup import parse_markup

    with pytest.raises(memo.TemplateError) as caught:
        parse_markup(markup)
    assert wording in caught.value.message
    assert (caught.value.location.line, caught.value.location.column) == (line, column)
