"""memo granska: each flawed document breaks exactly its rule; every sample passes; every DOCX is schema-valid."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest

import memo
from conftest import ROOT, SAMPLES, SEED_SAMPLE, require_real_client
from flawed_docx.make_flawed import LOGO_ALT, build, logo_profile
from memo import cli
from memo.errors import Location, MemoError
from memo.pdf import find_soffice
from memo.word.accessibility import ERROR, RULES, WARNING, Finding, check_docx, format_findings
from ooxml_plugin import SKIP_MARKERS, docx_files, validate_docx, written_by_memo

FLAWED = Path(__file__).resolve().parent / "flawed_docx"
FLAWED_FILES = sorted(FLAWED.glob("*.docx"))
SAMPLE_CASES = sorted(SAMPLES.glob("*.yaml"))
REFERENCES = sorted((ROOT / "src" / "memo" / "profiles").glob("*/referens.docx"))
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def rendered_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("prov")
    return {case.stem: memo.write(case, folder / f"{case.stem}.docx") for case in SAMPLE_CASES}


@pytest.mark.parametrize("path", FLAWED_FILES, ids=[p.stem for p in FLAWED_FILES])
def test_flawed_document_breaks_exactly_its_rule(path: Path) -> None:
    findings = check_docx(path)
    assert {f.rule for f in findings} == {path.stem}, format_findings(findings)


def test_every_rule_has_a_flawed_document() -> None:
    assert len(FLAWED_FILES) >= 9
    assert {p.stem for p in FLAWED_FILES} == set(RULES)


@pytest.mark.parametrize("path", FLAWED_FILES, ids=[p.stem for p in FLAWED_FILES])
def test_flawed_documents_are_schema_valid(path: Path) -> None:
    """The faults are ones a schema validator cannot see."""
    assert validate_docx(path) == []


@pytest.mark.parametrize("case", SAMPLE_CASES, ids=[p.stem for p in SAMPLE_CASES])
def test_every_sample_passes(case: Path, rendered_samples: dict[str, Path]) -> None:
    findings = check_docx(rendered_samples[case.stem])
    assert findings == [], format_findings(findings)


@pytest.mark.parametrize("case", SAMPLE_CASES, ids=[p.stem for p in SAMPLE_CASES])
def test_every_sample_is_schema_valid(case: Path, rendered_samples: dict[str, Path]) -> None:
    assert validate_docx(rendered_samples[case.stem]) == []


@pytest.mark.parametrize("path", REFERENCES, ids=[p.parent.name for p in REFERENCES])
def test_shipped_reference_documents_are_schema_valid(path: Path) -> None:
    assert validate_docx(path) == []


def test_the_generator_rebuilds_the_flawed_documents(tmp_path: Path) -> None:
    """make_flawed.py works on what the writer produces today, and its base document passes."""
    base, written = build(tmp_path / "flawed", tmp_path)
    assert check_docx(base) == [], format_findings(check_docx(base))
    assert validate_docx(base) == []
    assert sorted(written) == sorted(p.stem for p in FLAWED_FILES)
    for rule, path in written.items():
        assert {f.rule for f in check_docx(path)} == {rule}


def test_a_logo_gets_its_alt_text_and_passes(tmp_path: Path) -> None:
    profile = logo_profile(tmp_path / "profil")
    docx = memo.write(SEED_SAMPLE, tmp_path / "med-logotyp.docx", profile=profile)
    with zipfile.ZipFile(docx) as archive:
        headers = [ET.fromstring(archive.read(n)) for n in archive.namelist() if n.startswith("word/header")]
    descriptions = [d.get("descr") for h in headers for d in h.iter(f"{WP}docPr")]
    assert descriptions == [LOGO_ALT]
    assert check_docx(docx) == []
    assert validate_docx(docx) == []


def test_findings_are_reported_in_swedish_with_rule_and_place() -> None:
    findings = check_docx(FLAWED / "rubrikniva-hoppar.docx")
    assert findings == [Finding(
        "rubrikniva-hoppar",
        "Rubriken är på nivå 3 men den föregående på nivå 1; använd Rubrik 2. " + RULES["rubrikniva-hoppar"][1],
        Location(FLAWED / "rubrikniva-hoppar.docx", place="»Sammanfattning«"), ERROR)]
    assert findings[0].where == "»Sammanfattning«"  # the name it had before it was memo.Finding
    assert format_findings(findings).startswith(
        "1 tillgänglighetsproblem (1 fel, 0 varningar):\n- fel [rubrikniva-hoppar] »Sammanfattning«: Rubriken är")


def test_typographic_findings_are_warnings() -> None:
    findings = check_docx(FLAWED / "tusental-med-mellanslag.docx")
    assert [f.level for f in findings] == [WARNING]
    assert findings[0].message.startswith("Möjligt fel i »handlar det om 750 000 kronor.«: Skriv ett hårt mellanslag")
    assert {level for level, _ in RULES.values()} == {ERROR, WARNING}


def test_empty_paragraphs_are_counted_and_placed() -> None:
    [finding] = check_docx(FLAWED / "tomma-stycken.docx")
    assert finding.message.startswith("Brödtexten har 2 tomma stycken i rad som avstånd.")
    assert finding.where is not None and finding.where.startswith("efter »IUC Industrihubb Örebro har")


@pytest.mark.parametrize(("content", "message"), [
    (None, "Filen finns inte."),
    (b"inte en zip", r"Filen går inte att läsa som ett Word-dokument \(DOCX\); den är skadad"),
], ids=["saknas", "inte-zip"])
def test_an_unreadable_file_is_a_swedish_error(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "broken.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(MemoError, match=message):
        check_docx(path)


def test_a_malformed_part_is_a_swedish_error(tmp_path: Path) -> None:
    path = _rewrite(FLAWED / "titel-saknas.docx", tmp_path / "broken-header.docx",
                    {"word/header1.xml": lambda data: data.replace(b"</w:hdr>", b"")})
    with pytest.raises(MemoError, match=r"Delen word/header1\.xml i dokumentet är trasig XML"):
        check_docx(path)


# --- validate_docx: what it adds to openxml-audit ---------------------------------------------------

def _rewrite(source: Path, target: Path, changes: dict[str, Callable[[bytes], bytes]]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            change = changes.get(item.filename)
            new.writestr(item, change(data) if change is not None else data)
    return target


def test_validate_docx_finds_a_malformed_header(rendered_samples: dict[str, Path], tmp_path: Path) -> None:
    """openxml-audit alone passes a header that is not well-formed XML."""
    seed = next(iter(rendered_samples.values()))
    broken = _rewrite(seed, tmp_path / "broken.docx",
                      {"word/header1.xml": lambda data: data.replace(b"</w:hdr>", b"")})
    problems = validate_docx(broken)
    assert any(p.startswith("/word/header1.xml: not well-formed XML") for p in problems), problems


def test_validate_docx_finds_a_part_without_content_type(rendered_samples: dict[str, Path], tmp_path: Path) -> None:
    """openxml-audit alone passes an image that [Content_Types].xml does not cover."""
    logo = memo.write(SEED_SAMPLE, tmp_path / "logo.docx", profile=logo_profile(tmp_path / "profil"))
    broken = _rewrite(logo, tmp_path / "broken.docx", {
        "[Content_Types].xml": lambda data: data.replace(b'<Default Extension="png" ContentType="image/png"/>', b"")})
    assert validate_docx(broken) == ["/word/media/image1.png: part has no content type (no Override, no Default "
                                     "for its extension)"]


def test_validate_docx_reports_openxml_audit_errors(rendered_samples: dict[str, Path], tmp_path: Path) -> None:
    seed = next(iter(rendered_samples.values()))
    broken = _rewrite(seed, tmp_path / "broken.docx", {"word/document.xml": lambda data: data.replace(
        b'<w:pStyle w:val="Title"/>', b'<w:pStyle w:val="Title"/><w:jc w:val="middle"/>', 1)})
    problems = validate_docx(broken)
    assert len(problems) == 1 and "'middle' is not in allowed values" in problems[0], problems


def test_the_plugin_skips_documents_broken_on_purpose(tmp_path: Path) -> None:
    memo_docx = FLAWED_FILES[0].read_bytes()
    for name in ("ok.docx", "flawed/a.docx", "bad_cases/b.docx", "test_a_bad_case_is0/c.docx", "x/broken-d.docx",
                 "~$lock.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(memo_docx)
    assert docx_files(tmp_path) == [tmp_path / "ok.docx"]
    assert set(SKIP_MARKERS) == {"flawed", "bad_case", "broken"}


def test_the_plugin_checks_only_what_memo_wrote_in_the_temporary_folders(tmp_path: Path) -> None:
    """A text file named .docx, or a document standing for one made by hand, is not memo's output."""
    (tmp_path / "ok.docx").write_bytes(FLAWED_FILES[0].read_bytes())
    (tmp_path / "text.docx").write_text("inte ett Word-dokument", encoding="utf-8")
    _rewrite(FLAWED_FILES[0], tmp_path / "hand.docx", {"docProps/custom.xml": lambda data: data.replace(
        b"memo-fingeravtryck", b"annan-egenskap")})
    assert written_by_memo(tmp_path / "ok.docx")
    assert not written_by_memo(tmp_path / "hand.docx")
    assert docx_files(tmp_path, memo_only=True) == [tmp_path / "ok.docx"]
    assert len(docx_files(tmp_path)) == 3


# --- the command line: memo granska ------------------------------------------------------------------

def test_cli_granska_reports_each_file_in_swedish_and_exits_1(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    flawed = tmp_path / "titel-saknas.docx"
    flawed.write_bytes((FLAWED / "titel-saknas.docx").read_bytes())
    assert cli.main(["granska", str(flawed)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{flawed}: 1 tillgänglighetsproblem (1 fel, 0 varningar):\n- fel [titel-saknas] ")


def test_cli_granska_exits_0_for_an_accessible_document(rendered_samples: dict[str, Path],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in rendered_samples.values()]
    assert cli.main(["granska", *paths]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{p}: Inga tillgänglighetsproblem hittades." for p in paths]


def test_cli_granska_says_in_swedish_when_a_file_cannot_be_read(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["granska", str(tmp_path / "saknas.docx")]) == 1
    assert capsys.readouterr().err == f"memo: {tmp_path / 'saknas.docx'}: Filen finns inte.\n"


def test_the_checker_is_part_of_the_public_api() -> None:
    assert memo.check_docx is check_docx
    assert memo.format_findings is format_findings
    assert {"Finding", "check_docx", "format_findings"} <= set(memo.__all__)


# --- the rules on variations of a clean document: no false alarms, headings found however styled ------

_ADEC = ('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:ext '
         'uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative '
         'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>')


def _nth(data: bytes, old: bytes, new: bytes, n: int) -> bytes:
    """Replace the ``n``-th (from 0) occurrence of ``old``."""
    parts = data.split(old)
    assert len(parts) > n + 1, f"{old!r} förekommer inte {n + 1} gånger"
    return old.join(parts[: n + 1]) + new + old.join(parts[n + 1:])


def _add_style(xml: str) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(b"</w:styles>", xml.encode() + b"</w:styles>")


VARIATIONS: dict[str, tuple[dict[str, Callable[[bytes], bytes]], set[str]]] = {
    "tomt-sista-stycke-ar-tillatet": ({"word/document.xml": lambda d: d.replace(b"<w:sectPr", b"<w:p/><w:sectPr")},
                                      set()),
    "tomt-stycke-i-tabellcell-ar-tillatet": ({"word/document.xml": lambda d: _nth(d, b"</w:tc>", b"<w:p/></w:tc>", 0)},
                                             set()),
    "dekorativ-bild-behover-ingen-alt-text": ({"word/header1.xml": lambda d: d.replace(
        f'descr="{LOGO_ALT}" title="{LOGO_ALT}"/>'.encode(), f">{_ADEC}</wp:docPr>".encode())}, set()),
    "datum-intervall-och-telefon-ar-inga-minus": ({"word/document.xml": lambda d: _nth(
        d, b"</w:t></w:r></w:p>", " Perioden 2026-07-01–2027-06-30, s. 11-29, tel. 019-602 10 00.</w:t></w:r>"
        "</w:p>".encode(), 3)}, set()),
    "rubrik-kand-pa-namnet": ({
        "word/styles.xml": _add_style('<w:style w:type="paragraph" w:styleId="Rubrik3"><w:name w:val="heading 3"/>'
                                      '<w:basedOn w:val="Normal"/></w:style>'),
        "word/document.xml": lambda d: _nth(d, b'w:val="Heading1"', b'w:val="Rubrik3"', 1)}, {"rubrikniva-hoppar"}),
    "rubrikniva-arvs-fran-basformat": ({
        "word/styles.xml": _add_style('<w:style w:type="paragraph" w:styleId="MinRubrik"><w:name w:val="Min rubrik"/>'
                                      '<w:basedOn w:val="Heading2"/></w:style>'),
        "word/document.xml": lambda d: _nth(d, b'w:val="Heading1"', b'w:val="MinRubrik"', 0)},
        {"forsta-rubrik-inte-niva-1"}),
    "direkt-dispositionsniva-ar-en-rubrik": ({"word/document.xml": lambda d: _nth(
        d, b'<w:pStyle w:val="Normal"/>', b'<w:pStyle w:val="Normal"/><w:outlineLvl w:val="3"/>', 0)},
        {"rubrikniva-hoppar"}),
    "skrivet-nummer": ({"word/document.xml": lambda d: d.replace(
        b">IUC Industrihubb \xc3\x96rebro har", b">1. IUC Industrihubb \xc3\x96rebro har")}, {"skriven-punktlista"}),
    "numrering-i-formatmallen-ar-en-riktig-lista": ({
        "word/styles.xml": _add_style('<w:style w:type="paragraph" w:styleId="Punkt"><w:name w:val="Punkt"/>'
                                      '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'),
        "word/document.xml": lambda d: _nth(d, b'<w:pStyle w:val="Normal"/></w:pPr><w:r><w:t xml:space="preserve">',
                                            b'<w:pStyle w:val="Punkt"/></w:pPr><w:r><w:t xml:space="preserve">- ',
                                            0)}, set()),
}


@pytest.fixture(scope="module")
def base_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clean document the flawed ones are made from: a sample with a logo and a table."""
    work = tmp_path_factory.mktemp("grund")
    base, _ = build(work / "flawed", work)
    return base


@pytest.mark.parametrize("name", list(VARIATIONS))
def test_variations_of_a_clean_document(name: str, base_docx: Path, tmp_path: Path) -> None:
    changes, expected = VARIATIONS[name]
    variant = _rewrite(base_docx, tmp_path / f"{name}.docx", changes)
    assert variant.read_bytes() != base_docx.read_bytes()
    findings = check_docx(variant)
    assert {f.rule for f in findings} == expected, format_findings(findings)
    assert validate_docx(variant) == []


# --- granska on documents from other writers: faked headings, "12%", an OpenDocument file -------------------------

def _python_docx(path: Path, paragraphs: list[tuple[str, str, bool]]) -> Path:
    """A document python-docx writes: each paragraph as (style, text, all in bold)."""
    document = docx.Document()
    for style, text, bold in paragraphs:
        paragraph = document.add_paragraph(style=style)
        paragraph.add_run(text).bold = bold or None
    document.save(str(path))
    return path


def _rules_at(findings: list[Finding], rule: str) -> list[str | None]:
    return [f.where for f in findings if f.rule == rule]


def test_a_heading_faked_in_bold_by_python_docx_is_flagged(tmp_path: Path) -> None:
    path = _python_docx(tmp_path / "pm.docx", [
        ("Normal", "Kommunen har fått en ansökan.", False), ("Normal", "Bakgrund", True),
        ("Normal", "Föreningen har sökt bidrag i tre år.", False)])
    findings = check_docx(path)
    assert _rules_at(findings, "fetstil-som-rubrik") == ["»Bakgrund«"]
    assert RULES["fetstil-som-rubrik"][0] == WARNING


@pytest.mark.parametrize("paragraphs", [
    [("Normal", "Observera att ansökan ska vara inne senast den 1 maj.", True), ("Normal", "Text.", False)],
    [("Normal", "Bakgrund", True), ("Heading 1", "Ärendet", False)],
    [("Normal", "Bakgrund", True), ("List Bullet", "en punkt", False)],
    [("Normal", "Bakgrund", True), ("Normal", "Åtgärder", True)],
    [("Normal", "Bakgrund", True)],
    [("Normal", "Bakgrund", False), ("Normal", "Text.", False)],
    [("Heading 1", "Bakgrund", True), ("Normal", "Text.", False)],
    [("Normal", "Det här är en lång rad i fetstil som ingen skulle kalla en rubrik eftersom den fortsätter "
                "och fortsätter", True), ("Normal", "Text.", False)],
], ids=["en-mening", "foljs-av-rubrik", "foljs-av-lista", "foljs-av-fetstil", "sist", "inte-fet", "riktig-rubrik",
        "lang-rad"])
def test_bold_that_is_no_faked_heading_is_not_flagged(tmp_path: Path, paragraphs: list[tuple[str, str, bool]]) -> None:
    assert _rules_at(check_docx(_python_docx(tmp_path / "pm.docx", paragraphs)), "fetstil-som-rubrik") == []


def test_bold_in_part_of_a_paragraph_is_no_faked_heading(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Obs").bold = True
    paragraph.add_run(" gäller alla")
    document.add_paragraph("Text.")
    document.save(str(tmp_path / "pm.docx"))
    assert _rules_at(check_docx(tmp_path / "pm.docx"), "fetstil-som-rubrik") == []


@pytest.mark.parametrize(("text", "rules"), [
    ("Andelen ökar med 12% till 2029.", {"procent-utan-mellanslag"}),
    ("Andelen ökar med 12,5% till 2029.", {"procent-utan-mellanslag"}),
    ("Andelen ökar med 12 % till 2029.", {"procent-med-mellanslag"}),
    ("Andelen ökar med 12\u00a0% till 2029.", set()),
    ("Rapporten: https://example.se/rapport2024%20slutlig.pdf", set()),
], ids=["utan-mellanslag", "decimaler-utan-mellanslag", "vanligt-mellanslag", "hart-mellanslag",
        "webbadressens-procentkod"])
def test_a_percent_sign_needs_a_no_break_space_before_it(tmp_path: Path, text: str, rules: set[str]) -> None:
    findings = check_docx(_python_docx(tmp_path / "pm.docx", [("Normal", text, False)]))
    assert {f.rule for f in findings} & {"procent-utan-mellanslag", "procent-med-mellanslag"} == rules


def _libreoffice(tmp_path: Path, html: str, target: str) -> Path:
    """``html`` converted by LibreOffice to ``target`` (docx, odt, fodt)."""
    require_real_client()
    soffice = find_soffice()
    assert soffice is not None
    source = tmp_path / "brev.html"
    source.write_text(html, encoding="utf-8")
    filters = {"docx": "docx:MS Word 2007 XML", "odt": "odt", "fodt": "fodt"}
    if target == "fodt":  # LibreOffice's HTML import writes no flat XML directly: by way of .odt
        source = _libreoffice(tmp_path, html, "odt")
    subprocess.run([str(soffice), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    filters[target], "--outdir", str(tmp_path), str(source)], check=True, capture_output=True,
                   timeout=180)
    return tmp_path / f"brev.{target}"


def test_headings_faked_in_bold_and_12_percent_in_a_libreoffice_document_are_flagged(tmp_path: Path) -> None:
    path = _libreoffice(tmp_path, "<html><body><p><b>Bakgrund</b></p><p>Bidraget är 12% av kostnaden.</p>"
                                  "<p><strong>Ärendets beredning</strong></p><p>Ärendet har beretts av "
                                  "förvaltningen.</p></body></html>", "docx")
    findings = check_docx(path)
    assert _rules_at(findings, "fetstil-som-rubrik") == ["»Bakgrund«", "»Ärendets beredning«"]
    assert len(_rules_at(findings, "procent-utan-mellanslag")) == 1


@pytest.mark.parametrize("ending", ["odt", "fodt"])
def test_granska_says_how_to_convert_an_opendocument_file(tmp_path: Path, ending: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = _libreoffice(tmp_path, "<html><body><h1>Tjänsteskrivelse</h1><p>Text.</p></body></html>", ending)
    assert cli.main(["granska", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"OpenDocument-dokument (.{ending}" in err
    assert f"soffice --headless --convert-to docx --outdir {tmp_path} {path}" in err
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "docx",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    assert cli.main(["granska", str(path.with_suffix(".docx"))]) == 1  # the advice works: now it is checked
    assert "tillgänglighetsproblem" in capsys.readouterr().out


def test_granska_of_a_folder_of_opendocument_files_tells_how_to_convert_each(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder with only .odt files was "inga .docx-filer hittades"; each is now told how to become a .docx."""
    folder = tmp_path / "underlag"
    folder.mkdir()
    made = [_libreoffice(folder, f"<html><body><h1>PM {n}</h1><p>Text.</p></body></html>", "odt").rename(
        folder / f"pm{n}.odt") for n in (1, 2)]
    assert cli.main(["granska", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "inga .docx-filer" not in err and "Traceback" not in err
    for path in made:
        assert f"soffice --headless --convert-to docx --outdir {folder} {path}" in err
