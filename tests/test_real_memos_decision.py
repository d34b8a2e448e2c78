"""Real memos that show an organisation's house style (issue 22, items 4–7): their words in order through
LibreOffice, and the structure each is about in the document memo writes and in the text LibreOffice prints.

- SLL's tjänsteutlåtande (TRN): att-satser with no comma between and no end mark (``skiljetecken``), the
  beslutsunderlag as plain lines (``form: rader``);
- Karlskoga's tjänsteskrivelse (KFN): the beslutsunderlag as five plain lines;
- Arboga's tjänsteskrivelse: the yttrande, a section of the profile's own, with no heading, under the title;
- Jönköping's missiv: " samt," after the second-to-last att-sats, and LANDSTINGSSTYRELSEN above the two signatures
  (``underskriftsorgan``).

Each is a case in ``samples/`` with its source in ``tests/data/verkliga-pm/``, rendered with a profile that
``memo profil ny`` made from a Word template imitating the organisation's (``tools/sample_profiles.py``) plus
``profil.yaml`` settings only.
"""

from __future__ import annotations

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


TRN = Real("tjansteutlatande-sll-trn-service-i-glesbygd", "sll-trn-tjansteutlatande-service-i-glesbygd.txt")
KARLSKOGA = Real("tjansteskrivelse-karlskoga-kfn-checklista",
                 "karlskoga-kfn-tjansteskrivelse-checklista-hallbar-utveckling.txt")
ARBOGA = Real("tjansteskrivelse-arboga-yttrande-ds-2015-53", "arboga-tjansteskrivelse-yttrande-ds-2015-53.txt")
JONKOPING = Real("missiv-jonkoping-motion-jamstalldhet-vardval", "jonkoping-missiv-motion-jamstalldhet-vardval.txt")
REALS = (TRN, KARLSKOGA, ARBOGA, JONKOPING)


class Rendered(NamedTuple):
    docx: Path
    pdf: Path

    @property
    def paragraphs(self) -> list[tuple[str, str]]:
        return [(p.style.name, p.text) for p in docx.Document(str(self.docx)).paragraphs]

    @property
    def text(self) -> str:
        """LibreOffice's text, its whitespace as single spaces."""
        return " ".join(pdf_text(self.pdf).split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    made = {}
    for real in REALS:
        target = memo.write(SAMPLES / f"{real.sample}.yaml", tmp_path_factory.mktemp("verklig") / "pm.docx")
        made[real.sample] = Rendered(target, to_pdf(target))
    return made


@pytest.mark.parametrize("real", REALS, ids=[r.sample for r in REALS])
def test_the_memo_has_the_real_memos_words_in_order(real: Real, rendered: dict[str, Rendered]) -> None:
    assert fidelity(REAL / real.source, rendered[real.sample].pdf) >= 0.99


@pytest.mark.parametrize("real", REALS, ids=[r.sample for r in REALS])
def test_each_sample_has_its_source_and_a_profile_made_from_a_template(real: Real) -> None:
    tool = (ROOT / "tools" / "sample_profiles.py").read_text(encoding="utf-8")
    case = memo.load_case(SAMPLES / f"{real.sample}.yaml")
    assert case.profil is not None
    folder = SAMPLES / case.profil
    assert f'"{folder.name}"' in tool
    assert sorted(p.name for p in folder.iterdir()) == ["profil.yaml", "referens.docx"]
    assert memo.load_profile(folder).mallar is None
    assert (REAL / real.source).read_text(encoding="utf-8").startswith("# Källa: http")
    assert real.source in (SAMPLES / f"{real.sample}.yaml").read_text(encoding="utf-8")


def _after(paragraphs: list[tuple[str, str]], heading: str, count: int) -> list[tuple[str, str]]:
    at = paragraphs.index(("Heading 1", heading))
    return paragraphs[at + 1:at + 1 + count]


def _numbered(target: Path) -> list[str]:
    """The paragraphs that are items of a list: numbered or bulleted, directly or by their style."""
    document = docx.Document(str(target))
    return [p.text for p in document.paragraphs
            if (p._p.pPr is not None and p._p.pPr.numPr is not None) or p.style.name.startswith("List")]


def test_trn_att_satser_without_comma_or_end_mark(rendered: dict[str, Rendered]) -> None:
    memo_ = rendered[TRN.sample]
    assert _after(memo_.paragraphs, "Förslag till beslut", 3) == [
        ("Beslutsinledning", "Tillväxt- och regionplanenämnden föreslås besluta"),
        ("Att-sats", "att\töverlämna yttrande till Näringsdepartementet enligt förvaltningens förslag"),
        ("Att-sats", "att\tförklara paragrafen omedelbart justerad")]
    assert ("besluta att överlämna yttrande till Näringsdepartementet enligt förvaltningens förslag att förklara "
            "paragrafen omedelbart justerad Förvaltningens förslag och motivering") in memo_.text


def test_trn_and_karlskoga_beslutsunderlag_as_plain_lines(rendered: dict[str, Rendered]) -> None:
    trn, karlskoga = rendered[TRN.sample], rendered[KARLSKOGA.sample]
    assert _after(trn.paragraphs, "Beslutsunderlag", 4) == [
        ("Normal", "Förvaltningens tjänsteutlåtande"), ("Normal", "Förslag till yttrande"),
        ("Normal", "Sammanfattning av SOU 2015:35"), ("Heading 1", "Ärendets beredning")]
    lines = _after(karlskoga.paragraphs, "Beslutsunderlag", 6)
    assert [style for style, _ in lines] == ["Normal"] * 6 and lines[1][1] == "Barnchecklista"
    assert _numbered(trn.docx) == [] and _numbered(karlskoga.docx) == []
    assert ("Beslutsunderlag Kultur- och föreningsnämndens tjänsteskrivelse den 26 oktober 2011 Barnchecklista "
            "Kultur- och") in karlskoga.text


def test_arboga_yttrande_under_the_title_without_a_heading(rendered: dict[str, Rendered]) -> None:
    memo_ = rendered[ARBOGA.sample]
    paragraphs = memo_.paragraphs
    assert paragraphs[0][0] == "Title"
    assert paragraphs[1] == ("Normal", "Arboga kommun lämnar följande yttrande på remiss av Departementspromemorian "
                                       "regionalt utvecklingsansvar i Uppsala, Västmanlands, Västernorrlands och "
                                       "Norrbottens län.")
    assert [text for style, text in paragraphs if style == "Heading 1"] == ["Förslag till beslut i kommunstyrelsen"]
    assert "Norrbottens län (Ds 2015:53) Arboga kommun lämnar följande yttrande" in memo_.text


def test_jonkoping_samt_before_the_last_att_sats_and_the_organ_above_the_signatures(
        rendered: dict[str, Rendered]) -> None:
    memo_ = rendered[JONKOPING.sample]
    paragraphs = memo_.paragraphs
    assert [text for style, text in paragraphs if style == "Att-sats"] == [
        "att\tavslå motionen när det gäller ägandeförhållande och medarbetare samt,",
        "att\tanse motionen besvarad när det gäller medborgar- och patientperspektivet."]
    at = paragraphs.index(("Underskrift", "LANDSTINGSSTYRELSEN"))
    assert paragraphs[at + 1:] == [("Underskrift", "Håkan Jansson"),
                                   ("Underskriftstitel", "Landstingsstyrelsens ordförande"),
                                   ("Underskrift", "Agneta Jansmyr"), ("Underskriftstitel", "Landstingsdirektör")]
    assert ("medarbetare samt, att anse motionen besvarad när det gäller medborgar- och patientperspektivet. "
            "LANDSTINGSSTYRELSEN Håkan Jansson Landstingsstyrelsens ordförande") in memo_.text
