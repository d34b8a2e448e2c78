"""Konsekvenser: perspective names, Swedish compounds, the paragraphs' order, sub-headings and reasons.

Each fault of issue 12, item 4 has a test here named after it (or a bad case in tests/bad_cases/), asserting
on the document memo writes (reopened with python-docx, or as LibreOffice shows it) or on the exact message.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest

import memo
from conftest import SAMPLES, SEED_SAMPLE, pdf_text, to_pdf
from memo.case.model import Konsekvens
from memo.case.perspectives import PERSPECTIVES, fold, phrase, stem

NORRBY = SAMPLES / "tjansteskrivelse-forskola-norrby.yaml"  # standard profile, konsekvenser per perspective
HEADING = "Konsekvenser för miljö-, barn- och jämställdhetsperspektiven"
MILJO = "Byggnaden uppförs enligt kommunens miljöprogram, med solceller och träbyggnadsteknik."
BARN = ("Barnens bästa har bedömts: fler barn får förskoleplats nära hemmet och gruppstorlekarna kan hållas "
        "nere.")
JAMSTALLDHET = ("Förslaget bedöms inte påverka jämställdheten, eftersom platserna erbjuds alla familjer på samma "
                "villkor.")


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def _consequences(data: bytes) -> list[tuple[str, str]]:
    """The paragraphs of the konsekvenser section: from its heading to the next Rubrik 1."""
    paragraphs = _paragraphs(data)
    start = next(i for i, (style, text) in enumerate(paragraphs)
                 if style == "Heading 1" and text.startswith("Konsekvenser för"))
    end = next((i for i in range(start + 1, len(paragraphs)) if paragraphs[i][0] == "Heading 1"), len(paragraphs))
    return paragraphs[start:end]


def _norrby(tmp_path: Path, konsekvenser: str, profile: Path | None = None) -> Path:
    """The Norrby sample with its konsekvenser written anew (``konsekvenser:`` and the lines under it)."""
    text = NORRBY.read_text(encoding="utf-8")
    start = text.index("konsekvenser:\n")
    end = text.index("ekonomiska_konsekvenser:")
    body = text[:start] + konsekvenser + "\n" + text[end:]
    if profile is not None:
        body = body.replace("\nprofil: standard\n", f"\nprofil: {profile}\n", 1)
        assert f"profil: {profile}" in body
    case = tmp_path / "norrby.yaml"
    case.write_text(body, encoding="utf-8")
    return case


def _mapping(*entries: tuple[str, str]) -> str:
    """``konsekvenser:`` per perspective, in the order given, each text quoted."""
    return "konsekvenser:\n" + "".join(f"  {name}: {json.dumps(text, ensure_ascii=False)}\n" for name, text in entries)


def _profile(tmp_path: Path, settings: str, base: str = "standard") -> Path:
    """A profile folder: a shipped profile's reference document, and these settings."""
    folder = tmp_path / "profil"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(memo.load_profile(base).reference, folder / "referens.docx")
    (folder / "profil.yaml").write_text(f"namn: Kommunen\nreferensdokument: referens.docx\n{settings}",
                                        encoding="utf-8")
    return folder


def _minimal(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {"rubrik": "Prov", "diarienummer": "KS 2026/17",
                            "handlaggare": {"namn": "Anna Berg", "enhet": "Kansliet"},
                            "beslutsinstans": "Kommunstyrelsen", "forslag_till_beslut": ["godkänna förslaget"]}
    case.update(changes)
    return case


# --- the table ------------------------------------------------------------------------------------------

def test_each_known_perspective_is_its_key_folded_and_its_compound_starts_with_its_name() -> None:
    keys = [row.key for row in PERSPECTIVES]
    assert len(keys) == len(set(keys))
    for row in PERSPECTIVES:
        assert fold(row.name) == row.key and row.key.isascii()
        assert row.stem.startswith(row.name.removesuffix("a")), row  # folkhälsa → folkhälso-
        assert stem(row.key) == row.stem  # found however it is written


# --- fault: keys without å, ä and ö appeared twice in the heading ----------------------------------------

def test_perspective_keys_written_without_diacritics_appear_once_in_the_heading_with_them(tmp_path: Path) -> None:
    case = _norrby(tmp_path, _mapping(("miljo", MILJO), ("Barn", BARN), ("jamstalldhet", JAMSTALLDHET)))
    section = _consequences(memo.render(case))
    assert section[0] == ("Heading 1", HEADING)
    assert [text for style, text in section[1:] if style == "Normal"] == [MILJO, BARN, JAMSTALLDHET]


def test_a_profile_may_write_its_perspectives_without_diacritics_and_they_are_shown_with_them(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "perspektiv: [miljo, barn, Jamstalldhet]\n")
    assert memo.load_profile(profile).perspektiv == ("miljö", "barn", "jämställdhet")
    case = _norrby(tmp_path, _mapping(("miljö", MILJO), ("barn", BARN), ("jämställdhet", JAMSTALLDHET)),
                   profile)
    assert _consequences(memo.render(case))[0] == ("Heading 1", HEADING)


# --- fault: compounds came out wrong ("folkhälsaperspektivet", "landsbygdperspektivet") --------------------

@pytest.mark.parametrize(("perspektiv", "heading"), [
    pytest.param("[folkhälsa, landsbygd]", "Konsekvenser för folkhälso- och landsbygdsperspektiven", id="two"),
    pytest.param("[folkhalsa]", "Konsekvenser för folkhälsoperspektivet", id="folkhalsa-without-diacritics"),
    pytest.param("[landsbygd]", "Konsekvenser för landsbygdsperspektivet", id="landsbygd"),
    pytest.param("[tillganglighet, miljö]", "Konsekvenser för tillgänglighets- och miljöperspektiven",
                 id="tillganglighet"),
    pytest.param("[digitalisering, EU]", "Konsekvenser för digitaliserings- och EU-perspektiven",
                 id="rule-for-unknown-names"),
])
def test_compounds_come_out_as_correct_swedish(tmp_path: Path, perspektiv: str, heading: str) -> None:
    profile = _profile(tmp_path, f"perspektiv: {perspektiv}\n")
    names = memo.load_profile(profile).perspektiv
    data = memo.render(_minimal(konsekvenser={name: "Beslutet bedöms inte påverka detta." for name in names}),
                       profile=profile)
    assert _consequences(data)[0] == ("Heading 1", heading)


def test_compound_rule_for_names_not_in_the_table() -> None:
    assert phrase(["trygghet", "integration", "ungdom"]) == "trygghets-, integrations- och ungdomsperspektiven"
    assert phrase(["kultur"]) == "kulturperspektivet"
    assert phrase(["Agenda 2030"]) == "Agenda 2030-perspektivet"


# --- fault: the paragraphs came in another order than the heading ------------------------------------------

def test_paragraphs_follow_the_heading_order_not_the_order_written(tmp_path: Path) -> None:
    case = _norrby(tmp_path, _mapping(("jämställdhet", JAMSTALLDHET), ("barn", BARN), ("miljö", MILJO)))
    section = _consequences(memo.render(case))
    assert [(style, text) for style, text in section if style != "Heading 2"] == [
        ("Heading 1", HEADING), ("Normal", MILJO), ("Normal", BARN), ("Normal", JAMSTALLDHET)]


def test_a_perspective_of_the_cases_own_comes_last_in_the_heading_and_in_the_paragraphs(tmp_path: Path) -> None:
    kultur = "Förskolan får en konstnärlig utsmyckning."
    case = _norrby(tmp_path, _mapping(("kultur", kultur), ("barn", BARN), ("jamstalldhet", JAMSTALLDHET),
                                       ("miljo", MILJO)))
    section = _consequences(memo.render(case))
    assert section[0] == ("Heading 1", "Konsekvenser för miljö-, barn-, jämställdhets- och kulturperspektiven")
    assert [text for style, text in section[1:] if style == "Normal"] == [MILJO, BARN, JAMSTALLDHET, kultur]


def test_the_seed_samples_consequences_keep_their_order_and_heading(seed_docx: Path) -> None:
    section = _consequences(seed_docx.read_bytes())
    assert section[0] == ("Heading 1", HEADING)
    assert section[1][1].startswith("Insatser som stärker industrins utveckling")  # miljö och jämställdhet
    assert section[2][1].startswith("Beslutet bedöms inte medföra några negativa konsekvenser")  # barn
    assert len(section) == 3


# --- fault: the paragraphs did not say which perspective each is -------------------------------------------

def test_a_profile_can_give_each_perspective_a_sub_heading_in_the_headings_order(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "perspektiv: [miljö, barn, jämställdhet]\nunderrubrik_per_perspektiv: ja\n")
    case = _norrby(tmp_path, _mapping(("jämställdhet", JAMSTALLDHET), ("barn", BARN), ("miljo", MILJO)),
                   profile)
    assert _consequences(memo.render(case)) == [
        ("Heading 1", HEADING),
        ("Heading 2", "Miljöperspektiv"), ("Normal", MILJO),
        ("Heading 2", "Barnperspektiv"), ("Normal", BARN),
        ("Heading 2", "Jämställdhetsperspektiv"), ("Normal", JAMSTALLDHET),
    ]


def test_the_standard_profile_labels_each_perspective_so_a_reader_tells_barn_from_miljo(tmp_path: Path) -> None:
    assert memo.load_profile("standard").underrubrik_per_perspektiv
    out = memo.write(NORRBY, tmp_path / "pm.docx")
    assert _consequences(out.read_bytes()) == [
        ("Heading 1", HEADING),
        ("Heading 2", "Miljöperspektiv"), ("Normal", MILJO),
        ("Heading 2", "Barnperspektiv"), ("Normal", BARN),
        ("Heading 2", "Jämställdhetsperspektiv"), ("Normal", JAMSTALLDHET),
    ]
    lines = [" ".join(line.split()) for line in pdf_text(to_pdf(out)).splitlines() if line.strip()]
    at = lines.index(HEADING)
    assert lines[at + 1] == "Miljöperspektiv" and lines[at + 2].startswith("Byggnaden uppförs")
    assert lines[lines.index("Barnperspektiv") + 1].startswith("Barnens bästa")


def test_sub_headings_name_every_perspective_of_a_shared_paragraph_as_libreoffice_shows_it(tmp_path: Path) -> None:
    region = memo.load_profile("region-orebro-lan")
    folder = tmp_path / "region"
    shutil.copytree(region.folder, folder)
    with (folder / "profil.yaml").open("a", encoding="utf-8") as settings:
        settings.write("underrubrik_per_perspektiv: ja\n")
    out = memo.write(SEED_SAMPLE, tmp_path / "pm.docx", profile=folder)
    section = _consequences(out.read_bytes())
    assert [(style, text) for style, text in section if style == "Heading 2"] == [
        ("Heading 2", "Miljö- och jämställdhetsperspektiv"), ("Heading 2", "Barnperspektiv")]
    lines = [" ".join(line.split()) for line in pdf_text(to_pdf(out)).splitlines()]
    at = lines.index(HEADING)
    assert lines[at + 1] == "Miljö- och jämställdhetsperspektiv"
    assert lines.index("Barnperspektiv") > at + 2


# --- "not affected", with and without the reason a profile requires ----------------------------------------

def test_a_perspective_not_affected_prints_the_assessment_and_then_its_reason(tmp_path: Path) -> None:
    reason = "Förskolan byggs för barn, men beslutet gäller bara finansieringen."
    case = _norrby(tmp_path, _mapping(("miljö", MILJO), ("jämställdhet", JAMSTALLDHET))
                   + f"  barn:\n    berors: nej\n    motivering: {reason}\n")
    section = _consequences(memo.render(case))
    assert [p for p in section if p[0] == "Normal"][1] == (
        "Normal", f"Beslutet bedöms inte ha några konsekvenser ur ett barnperspektiv. {reason}")


def test_not_affected_without_a_reason_is_written_where_the_profile_does_not_require_one(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "perspektiv: [miljö]\n")
    data = memo.render(_minimal(konsekvenser=[{"perspektiv": ["miljo"], "berors": "nej"}]), profile=profile)
    assert _consequences(data) == [("Heading 1", "Konsekvenser för miljöperspektivet"),
                                   ("Normal", "Beslutet bedöms inte ha några konsekvenser ur ett miljöperspektiv.")]


def test_a_profile_may_require_a_reason_for_every_perspective(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "perspektiv: [miljö]\nmotivering_kravs: alla\n")
    with pytest.raises(memo.CaseError) as caught:
        memo.render(_minimal(konsekvenser={"miljo": {"berors": "nej"}}), profile=profile)
    problems = caught.value.problems or (caught.value,)
    assert [p.key for p in problems] == ["konsekvenser.miljo.motivering"]
    assert problems[0].message == (
        "Perspektivet 'miljö' är markerat som inte berört (berors: nej) men saknar motivering. Profilen 'profil' "
        "kräver en motivering: skriv under 'motivering' varför beslutet inte påverkar det.")


def test_a_case_built_in_python_without_the_required_reason_is_refused_at_its_entry() -> None:
    case = memo.load_case(SEED_SAMPLE)
    konsekvenser = case.avsnitt["konsekvenser"]
    assert isinstance(konsekvenser, tuple)
    changed = dataclasses.replace(case, avsnitt={**case.avsnitt, "konsekvenser": (
        *konsekvenser[:1], Konsekvens(("barn",), "", berors=False))})
    with pytest.raises(memo.CaseError) as caught:
        memo.render(changed)
    problems = caught.value.problems or (caught.value,)
    assert [p.key for p in problems] == ["konsekvenser[2].motivering"]  # the second entry, read as a list
    assert "Barnkonventionen är svensk lag sedan 2020" in problems[0].message


# --- the profile's settings -----------------------------------------------------------------------------

@pytest.mark.parametrize(("settings", "line", "key", "text"), [
    pytest.param("perspektiv: [miljö, barn, miljo]\n", 3, "perspektiv[3]",
                 "Perspektivet 'miljo' står redan i listan (som 'miljö')", id="perspective-twice"),
    pytest.param("perspektiv: [miljö, barn]\nmotivering_kravs: [barm]\n", 4, "motivering_kravs[1]",
                 "Menade du 'barn'?", id="unknown-perspective-needs-reason"),
    pytest.param("perspektiv: [barn]\nunderrubrik_per_perspektiv: kanske\n", 4, "underrubrik_per_perspektiv",
                 "ska vara ja eller nej", id="sub-headings-not-yes-or-no"),
])
def test_a_wrong_perspective_setting_in_a_profile_is_refused_at_its_line_and_key(
        tmp_path: Path, settings: str, line: int, key: str, text: str) -> None:
    with pytest.raises(memo.ProfileError) as caught:
        memo.load_profile(_profile(tmp_path, settings))
    problems = caught.value.problems or (caught.value,)
    assert [(p.line, p.key) for p in problems] == [(line, key)]
    assert text in problems[0].message
