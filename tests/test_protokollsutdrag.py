"""The protokollsutdrag, memo's second kind of document: one § of the protokoll, made from the case it decided.

Its layout follows published extracts (``tests/data/protokollsutdrag/``): the § and Dnr, the
rubrik, "<organ>s beslut" and the decision, then "Beslutet skickas till" and the boxes for
"Justerandes signatur" and "Utdragsbestyrkande". Every test reads the written DOCX or what
LibreOffice prints of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import memo
from conftest import DATA, SAMPLES, pdf_text, to_pdf
from memo.cli import main
from memo.kinds.protokollsutdrag import Extract
from test_bad_input import expectation, problem_heading

SAMPLE = SAMPLES / "protokollsutdrag-iuc-industrihubb.yaml"
CASE = SAMPLES / "foredragningspm-iuc-industrihubb.yaml"
VIMMERBY = DATA / "protokollsutdrag" / "vimmerby-ks-235"
BAD = Path(__file__).resolve().parent / "bad_extracts"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(docx: Path) -> list[tuple[str, str]]:
    """The body's paragraphs as (style id, text)."""
    with zipfile.ZipFile(docx) as package:
        body = ET.fromstring(package.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    found = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join("\t" if e.tag == f"{W}tab" else (e.text or "") for e in p.iter()
                       if e.tag in (f"{W}t", f"{W}tab"))
        found.append((style.get(f"{W}val", "") if style is not None else "", text))
    return found


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def in_order(text: str, phrases: list[str]) -> bool:
    """Each phrase stands in ``text`` after the one before it."""
    at = 0
    for phrase in phrases:
        at = text.find(phrase, at)
        if at < 0:
            return False
        at += len(phrase)
    return True


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("utdrag") / "utdrag.docx"
    assert main([str(SAMPLE), "-o", str(target)]) == 0
    return target


def test_the_sample_renders_with_the_plain_command_and_libreoffice_shows_the_extract(sample_docx: Path) -> None:
    text = flat(pdf_text(to_pdf(sample_docx)))
    for shown in ("Protokollsutdrag", "Regional tillväxtnämnd", "Sammanträdesdatum 2026-06-01", "§ 42",
                  "Dnr 26RS5145", "Utökat driftsstöd till IUC Industrihubb Örebro län",
                  "Regional tillväxtnämnds beslut", "Regional tillväxtnämnd beslutar",
                  "2026 avsatta 250 000 kronor från planeringsreserven", "Beslutet skickas till",
                  "Regional utveckling, ekonomienheten", "Justerandes signatur", "Utdragsbestyrkande",
                  "Anna Lindgren"):
        assert shown in text, shown
    assert in_order(text, ["§ 42", "Dnr 26RS5145", "Utökat driftsstöd", "Regional tillväxtnämnds beslut",
                           "Beslutet skickas till", "Justerandes signatur"])


def test_the_decision_is_the_memos_own_in_the_profiles_style(sample_docx: Path, tmp_path: Path) -> None:
    memo_docx = memo.write(CASE, tmp_path / "pm.docx")
    decision = [(style, text) for style, text in paragraphs(memo_docx) if style in ("Att-sats", "Beslutsinledning")]
    assert len(decision) == 3  # the lead-in and two att-satser
    extract = [(style, text) for style, text in paragraphs(sample_docx) if style in ("Att-sats", "Beslutsinledning")]
    assert extract == decision


def test_the_decision_as_taken_replaces_the_proposal_in_the_same_style(tmp_path: Path) -> None:
    shutil.copy(CASE, tmp_path / "arende.yaml")
    (tmp_path / "utdrag.yaml").write_text(
        "protokollsutdrag: arende.yaml\norgan: Regional tillväxtnämnd\nsammantradesdatum: 2026-06-01\n"
        "paragraf: 42\nbeslut:\n  - att avsätta ${driftsstod_2026 | kronor} till IUC,\n"
        "  - återremittera frågan om driftsbidraget.\n", encoding="utf-8")
    target = memo.write(tmp_path / "utdrag.yaml", tmp_path / "utdrag.docx")
    points = [text for style, text in paragraphs(target) if style == "Att-sats"]
    assert points == ["att\tavsätta 250\u00a0000\u00a0kronor till IUC,", "att\tåterremittera frågan om driftsbidraget."]
    assert "planeringsreserven" not in "".join(text for _, text in paragraphs(target))


def test_the_extract_follows_the_published_vimmerby_extract_in_order(tmp_path: Path) -> None:
    """KS § 235 of Vimmerby kommun, 2013: the § and Dnr, the rubrik, "Kommunstyrelsens beslut", the lead-in and
    the points stand in the order the published protokoll has them (taken from its text, not written here)."""
    published = (DATA / "protokollsutdrag" / "vimmerby-riktlinjer-skolskjutsar.txt").read_text(encoding="utf-8")
    page = next(line for line in published.splitlines() if line.startswith("2 "))
    phrases = ["235", "Dnr 191/2013", "Riktlinjer för skolskjutsar i Vimmerby kommun", "Kommunstyrelsens beslut",
               "Kommunstyrelsen föreslår kommunfullmäktige besluta att", "upphäva gällande riktlinjer för skolskjutsar"]
    assert in_order(page, phrases)

    target = memo.write(VIMMERBY / "utdrag.yaml", tmp_path / "utdrag.docx")
    ours = flat(pdf_text(to_pdf(target)))
    ours_phrases = ["§ 235", *phrases[1:]]
    assert in_order(ours, ours_phrases), ours
    assert in_order(ours, ["1. upphäva gällande riktlinjer", "2. anta riktlinjer"]), ours


def test_the_extract_is_the_organs_and_carries_nothing_of_the_handlaggare(sample_docx: Path) -> None:
    with zipfile.ZipFile(sample_docx) as package:
        everything = "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "Kristina Eklöf" not in everything  # the case's handläggare: not in the header, not in the properties
    assert "<dc:subject>Protokollsutdrag § 42</dc:subject>" in core
    assert "<dc:creator>Regional tillväxtnämnd</dc:creator>" in core
    assert "<dc:identifier>26RS5145</dc:identifier>" in core


def test_an_extract_built_in_python_renders_and_validates(tmp_path: Path) -> None:
    case = memo.load_case(CASE)
    extract = Extract(case, "Regional tillväxtnämnd", dt.date(2026, 6, 1), "7", ("Per Holm",),
                      ("godkänna driftsstödet",))
    target = memo.write(extract, tmp_path / "utdrag.docx")
    texts = [text for _, text in paragraphs(target)]
    assert "§ 7\tDnr 26RS5145" in texts and "att\tgodkänna driftsstödet." in texts
    report = memo.validate(extract)
    assert report.ok and report.warnings == ()
    assert memo.validate(SAMPLE).ok


@pytest.mark.parametrize(("change", "key"), [
    ({"organ": None}, "organ"), ({"organ": " "}, "organ"), ({"organ": "Regionstyrelsen"}, "organ"),
    ({"paragraf": ""}, "paragraf"), ({"paragraf": 7}, "paragraf"), ({"paragraf": "§ 7"}, "paragraf"),
    ({"justerare": "Anna Berg"}, "justerare"), ({"justerare": None}, "justerare"),
    ({"beslut": ()}, "beslut"), ({"beslut": "godkänna"}, "beslut"), ({"sammantradesdatum": "2026-06-01"},
                                                                       "sammantradesdatum"),
], ids=["organ-none", "organ-blank", "organ-other", "paragraf-empty", "paragraf-int", "paragraf-sign",
        "justerare-text", "justerare-none", "beslut-empty", "beslut-text", "date-text"])
def test_an_extract_built_in_python_with_a_wrong_value_is_refused_at_its_attribute(
        change: dict[str, object], key: str) -> None:
    extract = Extract(memo.load_case(CASE), "Regional tillväxtnämnd", dt.date(2026, 6, 1), "7")
    broken = dataclasses.replace(extract, **change)  # type: ignore[arg-type]
    with pytest.raises(memo.CaseError) as raised:
        memo.render(broken)
    assert raised.value.key == key
    assert not memo.validate(broken).ok


def test_an_extract_of_a_case_without_dnr_or_addressee_shows_neither(tmp_path: Path) -> None:
    """Nynäshamn's motion answer has no diarienummer (its profile allows it) and is addressed to
    Kommunfullmäktige: the extract has no empty "Dnr" and is addressed to no one."""
    shutil.copy(SAMPLES / "svar-pa-motion-nynashamn-barnvagnsskydd.yaml", tmp_path / "arende.yaml")
    shutil.copytree(SAMPLES / "profiler", tmp_path / "profiler")
    (tmp_path / "utdrag.yaml").write_text("protokollsutdrag: arende.yaml\norgan: Kommunstyrelsen\n"
                                          "sammantradesdatum: 2017-04-19\nparagraf: 61\n", encoding="utf-8")
    target = memo.write(tmp_path / "utdrag.yaml", tmp_path / "utdrag.docx")
    texts = [text for _, text in paragraphs(target)]
    assert "§ 61" in texts and not any("Dnr" in text for text in texts)
    assert "Kommunstyrelsens beslut" in texts
    assert any(text.startswith("Kommunstyrelsen föreslår kommunfullmäktige") for text in texts)
    with zipfile.ZipFile(target) as package:
        headers = "".join(package.read(n).decode("utf-8") for n in package.namelist()
                          if n.startswith(("word/header", "word/footer")))
    assert "Kommunfullmäktige" not in headers  # the memo's addressee (till) is not the extract's


def test_the_signature_boxes_have_room_and_no_caption_above_them(sample_docx: Path) -> None:
    with zipfile.ZipFile(sample_docx) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert '<w:tblCaption w:val="Justerandes signatur och utdragsbestyrkande"/>' in body  # alt text kept
    assert ">Justerandes signatur och utdragsbestyrkande<" not in body  # no caption paragraph
    assert body.count("<w:br/>") >= 6  # blank lines to sign on, in both boxes


def test_load_case_says_an_extract_is_not_a_case() -> None:
    with pytest.raises(memo.CaseError, match="protokollsutdrag, inte ett ärende"):
        memo.load_case(SAMPLE)


def test_a_problem_in_the_extracted_case_is_said_at_the_cases_own_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "arende.yaml").write_text(CASE.read_text(encoding="utf-8").replace(
        "diarienummer: 26RS5145", "diarienumer: 26RS5145"), encoding="utf-8")
    shutil.copy(SAMPLE, tmp_path / "utdrag.yaml")
    (tmp_path / "utdrag.yaml").write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "foredragningspm-iuc-industrihubb.yaml", "arende.yaml"), encoding="utf-8")

    assert main([str(tmp_path / "utdrag.yaml"), "-o", str(tmp_path / "ut.docx")]) == 1

    err = capsys.readouterr().err
    assert "arende.yaml" in err and "rad 7, kolumn 1, nyckel diarienumer" in err and "Menade du" in err
    assert not (tmp_path / "ut.docx").exists()


BAD_FILES = sorted(BAD.glob("*.yaml"))


@pytest.mark.parametrize("bad", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_a_bad_extract_is_refused_at_its_line_and_key_and_nothing_is_written(
        bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = expectation(bad)
    shutil.copy(CASE, tmp_path / "arende.yaml")
    copy = tmp_path / bad.name
    shutil.copy(bad, copy)
    target = tmp_path / "ut" / "utdrag.docx"
    target.parent.mkdir()

    code = main([str(copy), "-o", str(target)])

    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert str(copy) in err
    assert problem_heading(expected).search(err), err
    for text in expected.texts:
        assert text in err
    assert list(target.parent.iterdir()) == []


def test_memo_ny_writes_a_starter_extract_and_its_schema_and_the_filled_starter_renders(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    from memo.read.source import read_yaml
    from test_schema import _plain

    def tree(path: Path) -> object:  # as the editor's YAML extension sees it: every scalar a text
        return _plain(read_yaml(path)[0])

    shutil.copy(CASE, tmp_path / "arende.yaml")
    target = tmp_path / "utdrag.yaml"
    assert main(["ny", str(target), "--typ", "protokollsutdrag"]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=memo-schema-protokollsutdrag.json\n")
    schema = json.loads((tmp_path / "memo-schema-protokollsutdrag.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    assert main(["schema", "--typ", "protokollsutdrag"]) == 0
    assert json.loads(capsys.readouterr().out) == schema
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid(tree(target))  # the required fields are still empty

    filled = (text.replace("protokollsutdrag:  ", "protokollsutdrag: arende.yaml  ", 1)
              .replace("organ:  ", "organ: Regional tillväxtnämnd  ", 1)
              .replace("sammantradesdatum:  ", "sammantradesdatum: 2026-06-01  ", 1)
              .replace("paragraf:  ", "paragraf: 12  ", 1))
    target.write_text(filled, encoding="utf-8")
    assert validator.is_valid(tree(target))
    assert validator.is_valid(tree(SAMPLE))
    written = memo.write(target, tmp_path / "utdrag.docx")
    assert "§ 12\tDnr 26RS5145" in [text for _, text in paragraphs(written)]
    assert main(["ny", str(tmp_path / "pm.yaml"), "--typ", "pm"]) == 0  # the memo, by its kind's name
    assert (tmp_path / "pm.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=memo-schema.json\n# Ett nytt ärende (tjänsteskrivelse")


def test_bevaka_watches_the_extracted_case_and_its_profile_too() -> None:
    from memo.cli.watch import watched_files

    files, _ = watched_files(SAMPLE, None, ())
    assert files[0] == SAMPLE and CASE in files  # a save of the case makes the extract again
    assert any(path.name == "referens.docx" and "region-orebro-lan" in str(path) for path in files)  # its profile's


def test_a_tables_description_is_a_caption_unless_the_template_says_bildtext_nej() -> None:
    from memo.renderer.markup import parse_markup

    shown, alt_only = (parse_markup(f'<table beskrivning="B"{extra}><tr><td>x</td></tr></table>')[0]
                       for extra in ("", ' bildtext="nej"'))
    assert getattr(shown, "shown_caption", None) is True and getattr(alt_only, "shown_caption", None) is False
    with pytest.raises(memo.TemplateError, match="ska vara ja eller nej"):
        parse_markup('<table beskrivning="B" bildtext="kanske"><tr><td>x</td></tr></table>')


def _nynashamn_extract(tmp_path: Path, organ: str, extra: str = "") -> Path:
    shutil.copy(SAMPLES / "svar-pa-motion-nynashamn-barnvagnsskydd.yaml", tmp_path / "arende.yaml")
    shutil.copytree(SAMPLES / "profiler", tmp_path / "profiler", dirs_exist_ok=True)
    (tmp_path / "utdrag.yaml").write_text(f"protokollsutdrag: arende.yaml\norgan: {organ}\n"
                                          f"sammantradesdatum: 2017-04-19\nparagraf: 00061\n{extra}", encoding="utf-8")
    return memo.write(tmp_path / "utdrag.yaml", tmp_path / "utdrag.docx")


def test_the_lead_in_is_the_organs_a_proposal_where_it_proposes_a_decision_where_it_decides(tmp_path: Path) -> None:
    """Nynäshamn's case: Kommunstyrelsen proposes, Kommunfullmäktige decides. Each organ's extract says its part."""
    proposes = [text for _, text in paragraphs(_nynashamn_extract(tmp_path, "kommunstyrelsen"))]
    assert "Kommunstyrelsens beslut" in proposes  # the organ as the case spells it
    assert any(text.startswith("Kommunstyrelsen föreslår kommunfullmäktige") for text in proposes)
    assert "§ 61" in proposes  # 00061 is § 61

    decides = [text for _, text in paragraphs(_nynashamn_extract(tmp_path, "Kommunfullmäktige",
                                                                  "beslut: [bifalla motionen]\n"))]
    assert "Kommunfullmäktiges beslut" in decides
    assert not any("föreslår" in text for text in decides)  # a decision, not a proposal
    assert any("bifalla motionen" in text for text in decides)


def test_a_fault_in_a_decision_built_in_python_is_said_at_beslut(tmp_path: Path) -> None:
    extract = Extract(memo.load_case(CASE), "Regional tillväxtnämnd", dt.date(2026, 6, 1), "7",
                      beslut=("godkänna ${okant_belopp}",), path=tmp_path / "utdrag.yaml", lines={"beslut": 6})
    with pytest.raises(memo.CaseError) as raised:
        memo.render(extract)
    assert raised.value.key == "beslut" and raised.value.line == 6 and "okant_belopp" in raised.value.message
    assert raised.value.file == tmp_path / "utdrag.yaml"


def test_bevaka_watches_a_template_folder_the_case_names_before_it_is_made(tmp_path: Path) -> None:
    from memo.cli.watch import watched_files

    case = tmp_path / "arende.yaml"
    case.write_text(CASE.read_text(encoding="utf-8") + "mallar: mallar\n", encoding="utf-8")
    files, folders = watched_files(case, None, ())
    assert tmp_path / "mallar" in files and folders == []  # its making is a save
    (tmp_path / "mallar").mkdir()
    files, folders = watched_files(case, None, ())
    assert folders == [tmp_path / "mallar"]  # and then a template added to it is


def test_an_extract_of_a_letter_needs_the_decision_as_taken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A letter (dokumenttyp Brev) has no förslag for the extract to certify as the decision: it must give its own."""
    (tmp_path / "brev.yaml").write_text(
        "rubrik: Svar på remiss\ndiarienummer: KS 2026/3\ndokumenttyp: Brev\nhandlaggare: {namn: Eva Ek, enhet: "
        "Kansliet}\nforslagsstallare: Kommunstyrelsen\nsammanfattning: Kommunen tillstyrker förslaget.\n",
        encoding="utf-8")
    extract = tmp_path / "utdrag.yaml"
    head = "protokollsutdrag: brev.yaml\norgan: Kommunstyrelsen\nsammantradesdatum: 2026-06-01\nparagraf: 42\n"
    extract.write_text(head, encoding="utf-8")
    target = tmp_path / "utdrag.docx"
    assert main([str(extract), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "rad 1" in err and "nyckel protokollsutdrag" in err and "inget förslag till beslut" in err
    assert "'beslut'" in err and "Traceback" not in err and not target.exists()
    extract.write_text(head + "beslut:\n  - lägga svaret till handlingarna\n", encoding="utf-8")
    assert main([str(extract), "-o", str(target)]) == 0
    assert "lägga svaret till handlingarna" in " ".join(text for _, text in paragraphs(target))
