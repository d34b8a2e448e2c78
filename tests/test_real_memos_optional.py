"""Real memos that lack what memo otherwise requires (issue 22, item 3): a letter without a decision, a signature
without a title, a handläggare without an enhet, a memo without a date.

Each is a real, public memo written as a case (its source text, with its address, in ``tests/data/verkliga-pm/``),
rendered with a profile that ``memo profil ny`` made from a Word template imitating the organisation's
(``tools/sample_profiles.py``) plus ``profil.yaml`` settings only; its words in order through LibreOffice, and the
structure the item is about, in the DOCX and the PDF.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import NamedTuple

import docx
import pytest

import memo
from conftest import DATA, ROOT, SAMPLES, pdf_text, to_pdf
from test_new_samples import fidelity

REAL = DATA / "verkliga-pm"


class Real(NamedTuple):
    sample: str
    source: str
    #: The settings of its profile that the item is about.
    settings: tuple[str, ...]
    #: What the header shows, and what it must not show (an empty field's label, a value the memo lacks).
    header: tuple[str, ...]
    not_in_header: tuple[str, ...]


SAMPLES_OF_THE_ITEM = (
    Real("remissvar-brev-sll-regional-indelning", "sll-brev-remissvar-regional-indelning.txt",
         ("valfria_falt: [handlaggare, underskrift.titel, datum]",),
         ("Landstingsstyrelsens förvaltning", "LSF Kansli", "Brev", "Diarienummer LS", "Finansdepartementet",
          "Fi2016/02568/K"), ("Datum",)),
    Real("yttrande-jamtland-narkolepsi", "jamtland-yttrande-ds-2014-19-narkolepsi.txt",
         ("utan_beslut: [Yttrande]", "valfria_falt: [handlaggare.enhet]",
          "underskriftsorgan: JÄMTLANDS LÄNS LANDSTINGSSTYRELSE"),
         ("1(1)", "Samordningskansliet", "Dnr LS/842/2014", "Helge Jonsson", "S2014/4386/FS", "Tfn:", "E-post:",
          "Socialdepartementet"), ()),
    Real("tjansteskrivelse-uppsala-kommunallag", "uppsala-klk-tjansteskrivelse-kommunallag-sou-2015-24.txt",
         ("valfria_falt: [handlaggare.enhet]", 'skiljetecken: {mellan: ",", sist: ""}  # ingen punkt efter den '
                                                'sista att-satsen'),
         ("KOMMUNLEDNINGSKONTORET", "Handläggare", "Davidsson Per och Grapp Lena", "Diarienummer", "KSN",
          "Kommunstyrelsen"), ()),
)


@pytest.fixture(scope="module", params=SAMPLES_OF_THE_ITEM, ids=[s.sample for s in SAMPLES_OF_THE_ITEM])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Real, Path, Path]:
    real: Real = request.param
    target = memo.write(SAMPLES / f"{real.sample}.yaml", tmp_path_factory.mktemp("verkligt") / "pm.docx")
    return real, target, to_pdf(target)


def _paragraphs(target: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]


def _header(target: Path) -> str:
    header = docx.Document(str(target)).sections[0].header
    return "\n".join(p.text for p in header.paragraphs)


def test_the_memo_has_the_real_memos_words_in_order(rendered: tuple[Real, Path, Path]) -> None:
    real, _, pdf = rendered
    assert fidelity(REAL / real.source, pdf) >= 0.99


def test_the_header_shows_the_real_memos_fields_and_not_what_it_lacks(rendered: tuple[Real, Path, Path]) -> None:
    real, target, _ = rendered
    header = _header(target)
    assert all(piece in header for piece in real.header), header
    assert not any(piece in header for piece in real.not_in_header), header
    with zipfile.ZipFile(target) as archive:
        assert not any(b"{{" in archive.read(n) for n in archive.namelist() if n.startswith("word/header"))


def test_each_sample_has_its_source_and_a_profile_made_from_a_template_with_the_items_settings() -> None:
    tool = (ROOT / "tools" / "sample_profiles.py").read_text(encoding="utf-8")
    for real in SAMPLES_OF_THE_ITEM:
        case = memo.load_case(SAMPLES / f"{real.sample}.yaml")
        assert case.profil is not None
        folder = SAMPLES / case.profil
        assert f'"{folder.name}"' in tool
        assert sorted(p.name for p in folder.iterdir()) == ["profil.yaml", "referens.docx"]
        settings = (folder / "profil.yaml").read_text(encoding="utf-8")
        assert all(line in settings.splitlines() for line in real.settings), settings
        assert (REAL / real.source).read_text(encoding="utf-8").startswith("#")
        assert f"tests/data/verkliga-pm/{real.source}" in (SAMPLES / f"{real.sample}.yaml").read_text("utf-8") \
            .replace("\n# ", "")


def test_the_letter_has_no_decision_an_untitled_signature_and_no_date(tmp_path: Path) -> None:
    case = memo.load_case(SAMPLES / "remissvar-brev-sll-regional-indelning.yaml")
    assert case.dokumenttyp is None and case.datum is None and case.handlaggare is None  # the profile's Brev
    paragraphs = _paragraphs(memo.write(case, tmp_path / "brev.docx"))
    styles = [style for style, _ in paragraphs]
    assert not {"Att-sats", "Beslutspunkt", "Beslutsinledning", "Underskriftstitel"} & set(styles)
    assert ("Underskrift", "Anne-Christine Dahlgren") in paragraphs
    signature = paragraphs.index(("Underskrift", "Anne-Christine Dahlgren"))
    assert paragraphs[signature + 1] == ("Heading 1", "Bilagor:")  # no title under the name
    assert [text for style, text in paragraphs if style == "Heading 1"] == ["Bilagor:"]


def test_the_letter_as_libreoffice_prints_it(rendered: tuple[Real, Path, Path]) -> None:
    real, _, pdf = rendered
    text = pdf_text(pdf)
    if real.sample == "remissvar-brev-sll-regional-indelning":
        assert "Förslag till beslut" not in text and "Datum" not in text
        assert "Anne-Christine Dahlgren\nBilagor:\n1. Yttrande\n2. Landstingsstyrelsens" in text
    elif real.sample == "yttrande-jamtland-narkolepsi":
        assert "Förslag till beslut" not in text
        assert "Helge Jonsson\n" in text and "Harriet Jorderud\nLandstingsstyrelsens ordförande" in text
    else:
        assert "Förslag till beslut\nKommunstyrelsen föreslås besluta" in text
        assert "ärendets bilaga 1\n" in text and "bilaga 1." not in text  # as Uppsala writes it: no end mark


def test_the_yttrande_has_no_decision_no_headings_and_a_handlaggare_without_enhet(tmp_path: Path) -> None:
    sample = SAMPLES / "yttrande-jamtland-narkolepsi.yaml"
    case = memo.load_case(sample)
    assert case.handlaggare is not None and case.handlaggare.enhet == ""
    paragraphs = _paragraphs(memo.write(case, tmp_path / "yttrande.docx"))
    assert not [text for style, text in paragraphs if style.startswith("Heading")]
    assert not {"Att-sats", "Beslutspunkt", "Beslutsinledning"} & {style for style, _ in paragraphs}
    assert [text for style, text in paragraphs if style.startswith("Underskrift")] == [
        "JÄMTLANDS LÄNS LANDSTINGSSTYRELSE", "Harriet Jorderud", "Landstingsstyrelsens ordförande", "Björn Eriksson",
        "Landstingsdirektör"]
