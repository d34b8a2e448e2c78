"""The samples from other organisations' real memos: their words in order, their headings, decision and header.

Each sample is a real, public memo written as a case (the source text, with its address, is in
``tests/data/``), rendered with a profile that ``memo profil ny`` made from a Word template
imitating the organisation's (``tools/sample_profiles.py``) plus ``profil.yaml`` settings only.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

import docx
import pytest
from docx.text.paragraph import Paragraph

import memo
from conftest import DATA, ROOT, SAMPLES, pdf_text, to_pdf


class Source(NamedTuple):
    sample: str
    text: str
    headings: tuple[str, ...]
    decision: tuple[str, str]  # the decision's paragraph style and its first paragraph's text
    header: tuple[str, ...]  # what the header shows (placeholders filled)
    gone: tuple[str, ...]  # labels whose value is empty, which the header must not show


SOURCES = (
    Source("tjansteskrivelse-upplands-bro-ekonomiskt-bistand", "tjansteskrivelse-upplands-bro-ekonomiskt-bistand.txt",
           ("Förslag till beslut", "Sammanfattning", "Beslutsunderlag", "Barnperspektiv"),
           ("Normal", "Socialnämnden godkänner delrevidering av riktlinjer för ekonomiskt bistånd."),
           ("TJÄNSTESKRIVELSE", "2018-08-28", "SN 18/0098", "Lena Bergström", "Socialkontoret",
            "lena.bergstrom@upplands-bro.se", "Socialnämnden"), ("Er beteckning",)),
    Source("plan-tyreso-forskola-akvarievagen", "plan-tyreso-forskola-akvarievagen.txt",
           ("Miljö- och samhällsbyggnadsutskottets förslag till beslut", "Beskrivning av ärendet", "Bilagor"),
           ("Beslutspunkt", "Miljö-och samhällsbyggnadsutskottet ger stadsbyggnadsförvaltningen i uppdrag att "
                            "upprätta ett förslag till ny detaljplan"),
           ("Tyresö kommun", "Miljö- och samhällsbyggnadsutskottet", "Dnr 2017KSM0094.214",
            "Sammanträdesdatum 2017-03-22"), ()),
    Source("svar-pa-motion-nynashamn-barnvagnsskydd", "svar-pa-motion-nynashamn-barnvagnsskydd.txt",
           ("Förslag till beslut",), ("Beslutsinledning", "Kommunstyrelsen föreslår kommunfullmäktige att:"),
           ("Nynäshamns kommun", "Till Kommunfullmäktige", "Sammanträdesdatum 2017-04-19"), ("Dnr",)),
)


def _words(text: str) -> list[str]:
    """As ``shared/tools/word-fidelity`` counts them: lower case, split on whitespace, bullets left out."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-").replace("\u00ad", "")
    return [w for w in text.lower().split() if w not in {"•", "–", "-", "\uf0b7", "●", "▪"}]


def fidelity(source: Path, pdf: Path) -> float:
    """The share of the source's words that the memo, as LibreOffice prints it, has in the same order."""
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    want, got = _words("\n".join(lines)), _words(pdf_text(pdf))
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(want)


@pytest.fixture(scope="module", params=SOURCES, ids=[s.sample for s in SOURCES])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Source, Path]:
    source: Source = request.param
    return source, memo.write(SAMPLES / f"{source.sample}.yaml", tmp_path_factory.mktemp("ny") / "pm.docx")


def test_the_memo_has_the_real_memos_words_in_order(rendered: tuple[Source, Path]) -> None:
    source, target = rendered
    assert fidelity(DATA / source.text, to_pdf(target)) >= 0.98


def test_the_memo_has_the_real_memos_headings_and_decision(rendered: tuple[Source, Path]) -> None:
    source, target = rendered
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]
    assert [text for style, text in paragraphs if style == "Heading 1"] == list(source.headings)
    assert paragraphs[0][0] == "Title"
    decision = paragraphs.index(("Heading 1", source.headings[0])) + 1
    style, text = paragraphs[decision]
    assert style == source.decision[0] and text.startswith(source.decision[1])


def _shown(paragraph: Paragraph) -> str:
    """The paragraph's text as Word shows it: a run set in capitals (w:caps) in capitals."""
    return "".join(run.text.upper() if run.font.all_caps else run.text for run in paragraph.runs)


def test_the_header_shows_the_cases_fields_and_no_empty_label(rendered: tuple[Source, Path]) -> None:
    source, target = rendered
    with zipfile.ZipFile(target) as archive:
        stories = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith(("word/header",
                                                                                                 "word/footer"))]
    document = docx.Document(str(target))
    header = document.sections[0].header
    shown = " ".join([_shown(p) for p in header.paragraphs]
                     + [_shown(p) for t in header.tables for r in t.rows for c in r.cells for p in c.paragraphs])
    assert all(piece in shown for piece in source.header), shown
    assert not any(label in shown for label in source.gone), shown
    assert not any("{{" in story or "\ufdd2" in story for story in stories)


def test_each_new_sample_has_its_source_and_a_profile_made_from_a_template() -> None:
    tool = (ROOT / "tools" / "sample_profiles.py").read_text(encoding="utf-8")
    for source in SOURCES:
        case = memo.load_case(SAMPLES / f"{source.sample}.yaml")
        assert case.profil is not None
        folder = SAMPLES / case.profil
        assert f'"{folder.name}"' in tool  # made by memo.new_profile from the tool's imitated template
        assert sorted(p.name for p in folder.iterdir()) == ["profil.yaml", "referens.docx"]  # no templates
        profile = memo.load_profile(folder)
        assert profile.mallar is None
        assert (DATA / source.text).read_text(encoding="utf-8").startswith("#")


def test_the_sample_profiles_are_what_the_tool_makes_of_the_templates(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("sample_profiles", ROOT / "tools" / "sample_profiles.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for name in tool.ORGANISATIONS:
        made = tool.build(name, tmp_path)
        for part in ("profil.yaml", "referens.docx"):
            assert (made / part).read_bytes() == (SAMPLES / "profiler" / name / part).read_bytes(), (name, part)


def test_lists_use_the_list_definitions_of_the_organisations_list_styles() -> None:
    target = SAMPLES / "plan-tyreso-forskola-akvarievagen.yaml"
    with zipfile.ZipFile(io.BytesIO(memo.render(target))) as archive:
        numbering = archive.read("word/numbering.xml").decode("utf-8")
        styles = archive.read("word/styles.xml").decode("utf-8")
    style = styles[styles.index('w:styleId="ListNumber"'):]
    num_id = re.search(r'<w:numId w:val="(\d+)"/>', style[:style.index("</w:style>")])
    assert num_id is not None
    abstract = re.search(rf'<w:num w:numId="{num_id.group(1)}"[^>]*><w:abstractNumId w:val="(\d+)"/>', numbering)
    assert abstract is not None
    # The memo's own numbered list (Bilagor) is an instance of that same list definition.
    mine = re.findall(r'<w:num w:numId="\d+"><w:abstractNumId w:val="(\d+)"/><w:lvlOverride', numbering)
    assert abstract.group(1) in mine
