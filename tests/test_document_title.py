"""The document's title (core.xml, the header's {{ rubrik }}, the PDF's title) is always the rubrik as the reader
sees it: its ${…} resolved, whatever title paragraph the templates write or leave out."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest

import memo
from conftest import ROOT, require_real_client
from memo.pdf import export_pdf

DC = "{http://purl.org/dc/elements/1.1/}"
STANDARD = ROOT / "src" / "memo" / "profiles" / "standard"

CASE = {
    "rubrik": "Budget ${ar} för kulturskolan",
    "diarienummer": "KS 2026/17",
    "handlaggare": {"namn": "Anna Berg", "enhet": "Kulturenheten"},
    "beslutsinstans": "Kommunstyrelsen",
    "varden": {"ar": "2027"},
    "forslag_till_beslut": ["anta budgeten"],
    "konsekvenser": {"miljö": "Inga.", "barn": "Fler barn får plats.", "jämställdhet": "Inga."},
}


def _core_title(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ET.fromstring(archive.read("docProps/core.xml")).findtext(f"{DC}title") or ""


def _templates(folder: Path, main: str) -> Path:
    folder.mkdir()
    (folder / "memo.xml.j2").write_text(main, encoding="utf-8")
    return folder


def _profile_with_title_in_header(folder: Path) -> Path:
    """A profile whose reference document (python-docx) shows {{ rubrik }} in its header."""
    folder.mkdir()
    document = docx.Document(str(STANDARD / "referens.docx"))
    document.sections[0].header.add_paragraph("Ärende: {{ rubrik }}")
    document.save(str(folder / "referens.docx"))
    (folder / "profil.yaml").write_text("namn: Kommunen\nperspektiv: [miljö, barn, jämställdhet]\n", encoding="utf-8")
    return folder


def _header_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(t.text or "" for name in archive.namelist() if name.startswith("word/header")
                       for t in ET.fromstring(archive.read(name)).iter()
                       if t.tag.endswith("}t"))


def test_title_is_the_resolved_rubrik_when_the_main_template_writes_no_title(tmp_path: Path) -> None:
    folder = _templates(tmp_path / "mallar", "{% for avsnitt in avsnitten %}{% include avsnitt.mall %}{% endfor %}\n")
    data = memo.render(CASE, templates=folder)
    assert _core_title(data) == "Budget 2027 för kulturskolan"
    assert all(p.style.name != "Title" for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_a_title_paragraph_the_template_writes_does_not_become_the_document_title(tmp_path: Path) -> None:
    folder = _templates(tmp_path / "mallar", "<title>Tjänsteskrivelse</title>\n<p>{{ arende.rubrik }}</p>\n"
                        "{% for avsnitt in avsnitten %}{% include avsnitt.mall %}{% endfor %}\n")
    data = memo.render(CASE, templates=folder)
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == "Tjänsteskrivelse"
    assert _core_title(data) == "Budget 2027 för kulturskolan"


def test_the_header_rubrik_placeholder_is_the_resolved_rubrik(tmp_path: Path) -> None:
    folder = _templates(tmp_path / "mallar", "<title>Tjänsteskrivelse</title>\n"
                        "{% for avsnitt in avsnitten %}{% include avsnitt.mall %}{% endfor %}\n")
    data = memo.render(CASE, profile=_profile_with_title_in_header(tmp_path / "profil"), templates=folder)
    assert "Ärende: Budget 2027 för kulturskolan" in _header_text(data)


def test_a_rubrik_broken_over_lines_is_one_line_in_the_title() -> None:
    data = memo.render({**CASE, "rubrik": "Budget ${ar}\n   för kulturskolan"})
    assert _core_title(data) == "Budget 2027 för kulturskolan"


def test_the_pdf_title_is_the_resolved_rubrik(tmp_path: Path) -> None:
    require_real_client()
    folder = _templates(tmp_path / "mallar", "{% for avsnitt in avsnitten %}{% include avsnitt.mall %}{% endfor %}\n")
    target = memo.write(CASE, tmp_path / "pm.docx", templates=folder)
    pdf = export_pdf(target, tmp_path / "pm.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert [line.split(":", 1)[1].strip() for line in info.splitlines()
                                                if line.startswith("Title:")] == ["Budget 2027 för kulturskolan"]


@pytest.mark.parametrize("rubrik", ["Bidrag till ${mottagare}", "Bidrag på ${belopp | kronor}"],
                         ids=["text", "formaterat-belopp"])
def test_the_title_property_equals_the_title_paragraph(rubrik: str) -> None:
    case = {**CASE, "rubrik": rubrik, "varden": {"mottagare": "Föreningen Ek & Ask", "belopp": 250000}}
    data = memo.render(case)
    assert _core_title(data) == docx.Document(io.BytesIO(data)).paragraphs[0].text.replace("\u2060", "")


def test_an_extracts_title_is_its_cases_rubrik_resolved_as_the_organ_decided_it(tmp_path: Path) -> None:
    case = {**CASE, "rubrik": "Budget ${ar} för kulturskolan (${beslutsinstans})"}
    (tmp_path / "arende.yaml").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "utdrag.yaml").write_text("protokollsutdrag: arende.yaml\norgan: Kommunstyrelsen\n"
                                          "sammantradesdatum: 2026-06-01\nparagraf: 42\njusterare: [Anna Lind]\n",
                                          encoding="utf-8")
    data = memo.render(tmp_path / "utdrag.yaml")
    title = next(p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == "Title")
    assert _core_title(data) == title.replace("\u2060", "") == "Budget 2027 för kulturskolan (Kommunstyrelsen)"
