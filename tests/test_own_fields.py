"""A profile's own fields (``egna_falt``), its field lines in the body (``faltrader``) and the header labels it keeps
when their field is empty (``tomma_falt_visas``): each setting shown in the memo it makes, and refused when wrong."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

import memo
from conftest import ROOT, pdf_text, to_pdf
from memo.cli import main

STANDARD = ROOT / "src" / "memo" / "profiles" / "standard"

_CASE = """\
profil: profil
rubrik: Återrapportering av uppdrag
diarienummer: RS 4468-2017
handlaggare: {namn: Henrik Berg, enhet: Regionkansliet}
beslutsinstans: Regionstyrelsen
forslag_till_beslut:
  - lägga informationen till handlingarna
"""


def _profile(folder: Path, settings: str, header: tuple[str, ...] = ()) -> Path:
    """A profile of the standard reference document, with ``header`` as paragraphs added to its header."""
    profile = folder / "profil"
    profile.mkdir(parents=True)
    document = docx.Document(str(STANDARD / "referens.docx"))
    for line in header:
        document.sections[0].header.add_paragraph(line)
    document.save(str(profile / "referens.docx"))
    (profile / "profil.yaml").write_text("namn: Regionen\n" + settings, encoding="utf-8")
    return profile


def _written(folder: Path, case: str = _CASE, **extra: str) -> Path:
    path = folder / "arende.yaml"
    path.write_text(case + "".join(f"{key}: {value}\n" for key, value in extra.items()), encoding="utf-8")
    return memo.write(path, folder / "pm.docx")


def _body(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def _header(path: Path) -> list[str]:
    header = docx.Document(str(path)).sections[0].header
    return [p.text for p in header.paragraphs] + [p.text for t in header.tables for r in t.rows for c in r.cells
                                                 for p in c.paragraphs]


_LINES = """\
egna_falt: {pm_nummer: PM, foredragande: Föredragande landstingsråd}
faltrader:
  fore_rubrik: ["PM ${pm_nummer} (Dnr ${diarienummer})"]
  efter_rubrik: ["Dnr ${diarienummer} till ${beslutsinstans | gemen}", "Föredragande landstingsråd: ${foredragande}"]
"""


def test_field_lines_stand_before_and_after_the_title_which_stays_the_documents_title(tmp_path: Path) -> None:
    _profile(tmp_path, _LINES)
    target = _written(tmp_path, pm_nummer="2004 RIV")
    body = _body(target)
    assert body[:3] == [("Normal", "PM 2004 RIV (Dnr RS 4468-2017)"), ("Title", "Återrapportering av uppdrag"),
                        ("Normal", "Dnr RS 4468-2017 till regionstyrelsen")]  # formatted as the lead-in's are
    assert docx.Document(str(target)).core_properties.title == "Återrapportering av uppdrag"
    assert [style for style, _ in body].count("Title") == 1


def test_a_field_line_whose_fields_are_all_empty_is_left_out(tmp_path: Path) -> None:
    _profile(tmp_path, _LINES)
    target = _written(tmp_path)  # neither pm_nummer nor foredragande
    texts = [text for _, text in _body(target)]
    assert "PM (Dnr RS 4468-2017)" in texts  # one of its fields is filled: the line stays (one space)
    assert not any(text.startswith("Föredragande") for text in texts)


def test_without_field_lines_the_title_comes_first(tmp_path: Path) -> None:
    _profile(tmp_path, "")
    assert _body(_written(tmp_path))[0] == ("Title", "Återrapportering av uppdrag")


_OWN = "egna_falt:\n  dokument_id: DOKUMENT-ID\n  version: VERSION\n"


def test_an_own_field_fills_its_placeholder_in_the_header(tmp_path: Path) -> None:
    _profile(tmp_path, _OWN, ("DOKUMENT-ID {{ dokument_id }}", "VERSION {{ version }}"))
    header = _header(_written(tmp_path, dokument_id="ARBGRP583-382524020-293"))
    assert "DOKUMENT-ID ARBGRP583-382524020-293" in header
    assert not any("VERSION" in line for line in header)  # empty: gone with its label, as memo's own fields
    assert not any("{{" in line for line in header)


def test_an_own_field_the_profile_does_not_declare_is_an_unknown_key(tmp_path: Path) -> None:
    _profile(tmp_path, "")
    with pytest.raises(memo.CaseError) as caught:
        _written(tmp_path, dokument_id="ARBGRP583")
    assert caught.value.key == "dokument_id"
    assert "Okänd nyckel 'dokument_id'" in caught.value.message


def test_a_placeholder_for_an_own_field_the_profile_does_not_declare_is_a_profile_error(tmp_path: Path) -> None:
    _profile(tmp_path, "", ("DOKUMENT-ID {{ dokument_id }}",))
    with pytest.raises(memo.ProfileError) as caught:
        _written(tmp_path)
    assert caught.value.file is not None and caught.value.file.name == "referens.docx"
    assert "Platshållaren '{{ dokument_id }}'" in caught.value.message and "egna_falt" in caught.value.message
    assert caught.value.rule == "ogiltigt-referensdokument"


def test_the_schema_and_the_starter_offer_the_own_fields(tmp_path: Path) -> None:
    profile = _profile(tmp_path, _OWN)
    assert main(["ny", "--profil", str(profile), str(tmp_path / "ny.yaml")]) == 0
    starter = (tmp_path / "ny.yaml").read_text(encoding="utf-8")
    assert "dokument_id:" in starter and "# DOKUMENT-ID (profilens eget fält)" in starter
    schema = json.loads((tmp_path / "memo-schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["version"]["description"] == "VERSION (profilens eget fält)"
    assert schema["additionalProperties"] is False


_KEPT_HEADER = ("Er beteckning {{ er_beteckning }}", "Ert datum {{ ert_datum }}")


@pytest.mark.parametrize(("settings", "kept"), [
    pytest.param("tomma_falt_visas: [er_beteckning]\n", True, id="kept"),
    pytest.param("", False, id="gone"),
])
def test_an_empty_fields_label_stays_where_the_profile_keeps_it(tmp_path: Path, settings: str, kept: bool) -> None:
    _profile(tmp_path, settings, _KEPT_HEADER)
    header = _header(_written(tmp_path))
    assert ("Er beteckning " in header) is kept
    assert not any(line.startswith("Ert datum") for line in header)  # not kept: gone, label and all


def test_the_three_settings_as_an_office_suite_prints_them(tmp_path: Path) -> None:
    _profile(tmp_path, _LINES + "tomma_falt_visas: [er_beteckning]\n",
             ("Er beteckning {{ er_beteckning }}", "Föredragande {{ foredragande }}"))
    text = pdf_text(to_pdf(_written(tmp_path, foredragande="Gustav Andersson", pm_nummer="2004 RIV")))
    assert "Föredragande Gustav Andersson" in text  # the own field in the header
    assert "Er beteckning" in text  # an empty field's label kept
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines.index("Återrapportering av uppdrag")
    assert lines[title - 1] == "PM 2004 RIV (Dnr RS 4468-2017)"
    assert lines[title + 1:title + 3] == ["Dnr RS 4468-2017 till regionstyrelsen",
                                          "Föredragande landstingsråd: Gustav Andersson"]


@pytest.mark.parametrize(("value", "wording"), [
    pytest.param("[ARB-1, ARB-2]", "ska vara", id="a-list"),
    pytest.param('"ARB\\u200b1"', "osynligt tecken", id="an-invisible-character"),
])
def test_an_own_field_is_one_line_of_text_in_the_case(tmp_path: Path, value: str, wording: str) -> None:
    _profile(tmp_path, _OWN)
    with pytest.raises(memo.CaseError) as caught:
        _written(tmp_path, dokument_id=value)
    assert (caught.value.key, caught.value.line) == ("dokument_id", 8)
    assert wording in caught.value.message


def test_profil_ny_declares_a_templates_own_placeholders_with_their_labels(tmp_path: Path) -> None:
    template = docx.Document()
    header = template.sections[0].header
    header.paragraphs[0].text = "Dnr [Diarienummer] Uppdnr {{ uppdnr }}"
    table = header.add_table(rows=2, cols=2, width=docx.shared.Cm(16))
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells,
                          ("DOKUMENT-ID", "VERSION", "{{ dokument_id }}", "{{ version }}"), strict=True):
        cell.text = text
    template.save(str(tmp_path / "mall.docx"))
    made = memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Landstinget")
    profile = memo.load_profile(tmp_path / "profil")
    assert [tuple(field) for field in profile.egna_falt] == [
        ("uppdnr", "Uppdnr"), ("dokument_id", "DOKUMENT-ID"), ("version", "VERSION")]
    assert any("{{ uppdnr }} (Uppdnr)" in line for line in made.done), made.done
    target = _written(tmp_path, _CASE.replace("rubrik:", "uppdnr: U 7\ndokument_id: D-1\nrubrik:"))
    header_text = _header(target)
    assert "Dnr RS 4468-2017 Uppdnr U 7" in header_text and "D-1" in header_text


def test_profil_ny_takes_an_own_fields_label_from_after_a_tab_or_line_break(tmp_path: Path) -> None:
    template = docx.Document()
    header = template.sections[0].header
    header.paragraphs[0].add_run("Regionen\tUppdnr {{ uppdnr }}")  # python-docx writes the tab as <w:tab/>
    header.add_paragraph().add_run("Kansliet")
    header.paragraphs[1].runs[0].add_break()
    header.paragraphs[1].add_run("Version {{ version }}")
    template.save(str(tmp_path / "mall.docx"))
    memo.new_profile(tmp_path / "profil", tmp_path / "mall.docx", name="Regionen")
    assert [tuple(field) for field in memo.load_profile(tmp_path / "profil").egna_falt] == [
        ("uppdnr", "Uppdnr"), ("version", "Version")]


def test_a_field_lines_formatting_that_fails_on_the_cases_value_is_said_at_the_field(tmp_path: Path) -> None:
    _profile(tmp_path, _OWN + 'faltrader: {efter_rubrik: ["Version ${version | kronor}"]}\n')
    with pytest.raises(memo.CaseError) as caught:
        _written(tmp_path, version="ett")
    assert (caught.value.key, caught.value.line) == ("version", 8)
    assert caught.value.message.startswith("Profilens fältrad:")
