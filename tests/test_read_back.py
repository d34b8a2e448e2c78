"""memo läs --ärende: a reviewer's edits to a memo come back into its case, at their keys, and nothing else changes.

Every sample's memo is written by memo, edited by another writer (python-docx directly; LibreOffice converting
it to flat ODT and back) and read back; the case file is compared byte for byte or key by key.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest

import memo
from conftest import SEED_SAMPLE, require_real_client
from memo.cli import main
from memo.pdf import find_soffice
from memo.roundtrip.back import read_back
from memo.word.fingerprint import FINGERPRINT_PROPERTY
from memo.word.readback import read_document
from test_foreign_docx import encrypted_by_word, macro_enabled, not_a_zip_at_all, truncated_file

SAMPLES = sorted(p for p in (Path(__file__).parent.parent / "samples").glob("*.yaml")
                 if not p.name.startswith("protokollsutdrag"))


def _written(sample: Path, folder: Path) -> tuple[Path, Path]:
    case = folder / sample.name
    shutil.copy(sample, case)
    for profile in (sample.parent / "profiler").glob("*"):  # a sample's profile folder stays beside it
        if not (folder / "profiler" / profile.name).exists():
            shutil.copytree(profile, folder / "profiler" / profile.name)
    target = folder / (sample.stem + ".docx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        memo.write(case, target)
    return case, target


def _set_text(paragraph: docx.text.paragraph.Paragraph, text: str) -> None:
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_an_unedited_memo_leaves_the_case_byte_identical(sample: Path, tmp_path: Path) -> None:
    case, written = _written(sample, tmp_path)
    before = case.read_bytes()
    changes = read_back(written, case)
    assert changes.changes == () and not changes.written
    assert case.read_bytes() == before


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_a_changed_word_in_a_paragraph_comes_back_at_its_key(sample: Path, tmp_path: Path) -> None:
    case, written = _written(sample, tmp_path)
    document = docx.Document(str(written))
    from memo.kinds import kind_of
    from memo.profile.chosen import read_tree
    from memo.roundtrip.fresh import fresh_memo  # which paragraph shows prose: the fresh memo says

    root, source = read_tree(case)
    _, profile = kind_of(root).read(root, source, None)
    fresh = fresh_memo(root, source, profile, profile.readable_sections)
    prose = next((p for p in fresh.pieces if p.unit is not None and fresh.units[p.unit].kind == "stycke"
                  and not p.references and len(p.text.split()) > 3), None)
    if prose is None:
        pytest.skip("ingen prosa utan hänvisningar i exemplet")
    unit = fresh.units[prose.unit]
    paragraph = next(p for p in document.paragraphs if p.text == prose.text)
    old_word = prose.text.split()[2]
    _set_text(paragraph, prose.text.replace(old_word, "Granskarord", 1))
    edited = tmp_path / "granskad.docx"
    document.save(str(edited))
    changes = read_back(edited, case, write=False)
    assert [c.key.split(",")[0] for c in changes.changes] == [unit.key]
    assert "Granskarord" in (changes.changes[0].after or "")
    assert not changes.written


@pytest.fixture(scope="module")
def office_round_trips(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Path, Path]]]:
    """Every sample's memo through LibreOffice with no edit: DOCX → flat ODT → DOCX, in two soffice calls."""
    require_real_client()
    folder = tmp_path_factory.mktemp("lo")
    written = {sample.stem: _written(sample, folder) for sample in SAMPLES}
    soffice = find_soffice()
    assert soffice is not None
    profile = f"-env:UserInstallation=file://{folder}/lo-profile"
    fodt = folder / "fodt"
    back = folder / "back"
    subprocess.run([str(soffice), profile, "--headless", "--convert-to", "fodt", "--outdir", str(fodt),
                    *[str(d) for _, d in written.values()]], check=True, capture_output=True, timeout=600)
    subprocess.run([str(soffice), profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                    str(back), *[str(p) for p in sorted(fodt.glob("*.fodt"))]], check=True, capture_output=True,
                   timeout=600)
    yield {stem: (case, back / (stem + ".docx")) for stem, (case, _) in written.items()}
    shutil.rmtree(back, ignore_errors=True)  # LibreOffice's DOCX is not memo's to validate (tests/ooxml_plugin.py)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_a_libreoffice_round_trip_without_edits_leaves_the_case_byte_identical(
        sample: Path, office_round_trips: dict[str, tuple[Path, Path]]) -> None:
    case, converted = office_round_trips[sample.stem]
    assert FINGERPRINT_PROPERTY in read_document(converted).properties  # what memo läs relies on, kept
    before = case.read_bytes()
    changes = read_back(converted, case)
    assert changes.changes == (), changes.changes
    assert case.read_bytes() == before


def test_a_document_memo_did_not_write_is_refused_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                                ) -> None:
    case, _ = _written(SAMPLES[0], tmp_path)
    other = tmp_path / "annat.docx"
    document = docx.Document()
    document.add_paragraph("Ett brev som memo inte skrev.")
    document.save(str(other))
    before = case.read_bytes()
    assert main(["läs", str(other), "--ärende", str(case)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "inte skrivet av memo" in err
    assert case.read_bytes() == before


def test_a_memo_of_another_case_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, _ = _written(SAMPLES[0], tmp_path)
    _, other = _written(SAMPLES[1], tmp_path)
    before = case.read_bytes()
    assert main(["läs", str(other), "--ärende", str(case)]) == 1
    assert "inte skrivet från" in capsys.readouterr().err
    assert case.read_bytes() == before


@pytest.mark.parametrize(("arguments", "said"), [
    pytest.param([], "ange --ärende", id="no_mode"),
    pytest.param(["--profil", "standard"], "-o NYTT.yaml", id="import_without_output"),
    pytest.param(["--ärende", "a.yaml", "-o", "b.yaml"], "-o hör till --profil", id="output_with_case"),
    pytest.param(["--profil", "standard", "-o", "b.yaml", "--visa"], "--visa hör till", id="show_with_import"),
])
def test_bad_argument_combinations_are_one_swedish_line(arguments: list[str], said: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["läs", str(tmp_path / "pm.docx"), *arguments]) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def _seed(tmp_path: Path) -> tuple[Path, Path]:
    return _written(SEED_SAMPLE, tmp_path)


def _edited(written: Path, target: Path, edit: Callable[[docx.document.Document], None]) -> Path:
    document = docx.Document(str(written))
    edit(document)
    document.save(str(target))
    return target


def _paragraph(document: docx.document.Document, start: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in document.paragraphs if p.text.startswith(start))


def test_an_amount_changed_in_the_memo_changes_its_value_and_keeps_the_reference(tmp_path: Path) -> None:
    case, written = _seed(tmp_path)
    point = "att\t2026 avsatta 250\u00a0000\u00a0kronor"

    def edit(document: docx.document.Document) -> None:
        paragraph = _paragraph(document, point)
        _set_text(paragraph, paragraph.text.replace("250\u00a0000\u00a0kronor", "275 000 kronor"))

    before = case.read_text(encoding="utf-8")
    changes = read_back(_edited(written, tmp_path / "granskad.docx", edit), case)
    after = case.read_text(encoding="utf-8")
    assert [c.key for c in changes.changes] == ["varden.driftsstod_2026"]
    assert "  driftsstod_2026: 275000        # kronor, halvår 2026\n" in after
    assert after.replace("275000", "250000") == before  # the reference and every other byte as they were
    assert memo.load_case(case).varden["driftsstod_2026"] == "275000"


@pytest.mark.parametrize(("shown", "said"), [
    pytest.param("0,25 mnkr", "0,25 mnkr", id="amount_in_another_scale"),
    pytest.param("tvåhundrafemtio tusen kronor", "tvåhundrafemtio tusen kronor", id="amount_in_words"),
])
def test_a_reference_whose_text_cannot_be_read_back_is_a_conflict(shown: str, said: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    case, written = _seed(tmp_path)

    def edit(document: docx.document.Document) -> None:
        paragraph = _paragraph(document, "att\t2026 avsatta")
        _set_text(paragraph, paragraph.text.replace("250\u00a0000\u00a0kronor", shown))

    edited = _edited(written, tmp_path / "granskad.docx", edit)
    before = case.read_bytes()
    assert main(["läs", str(edited), "--ärende", str(case)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Konflikt i forslag_till_beslut[1]" in err
    assert "250 000 kronor" in err.replace("\u00a0", " ") and said in err
    assert case.read_bytes() == before


def test_bold_and_italic_come_back_as_the_cases_markup(tmp_path: Path) -> None:
    case, written = _seed(tmp_path)

    def edit(document: docx.document.Document) -> None:
        paragraph = _paragraph(document, "Den ökade projektvolymen")
        rest = paragraph.text.removeprefix("Den ökade projektvolymen har")
        _set_text(paragraph, "Den ")
        paragraph.add_run("ökade").bold = True
        paragraph.add_run(" projektvolymen ")
        paragraph.add_run("har").italic = True
        paragraph.add_run(rest)

    read_back(_edited(written, tmp_path / "granskad.docx", edit), case)
    text = " ".join(case.read_text(encoding="utf-8").split())
    assert "Den **ökade** projektvolymen *har* medfört ett förändrat behov av ledning och styrning" in text


def test_a_tracked_change_is_read_as_accepted_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, written = _seed(tmp_path)

    def edit(document: docx.document.Document) -> None:
        paragraph = _paragraph(document, "IUC Industrihubben i Örebros")
        insertion = paragraph._p.makeelement(docx.oxml.ns.qn("w:ins"), {
            docx.oxml.ns.qn("w:id"): "901", docx.oxml.ns.qn("w:author"): "Granskare",
            docx.oxml.ns.qn("w:date"): "2026-06-02T10:00:00Z"})
        run = paragraph.add_run(" Uppföljningen redovisas årligen.")._r
        paragraph._p.remove(run)
        insertion.append(run)
        paragraph._p.append(insertion)

    edited = _edited(written, tmp_path / "granskad.docx", edit)
    assert main(["läs", str(edited), "--ärende", str(case)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Dokumentet har 1 spårad ändring; den är läst som godkänd."
    assert "tillväxtnämnden. Uppföljningen redovisas årligen." in " ".join(case.read_text(encoding="utf-8").split())


def test_visa_shows_the_changes_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, written = _seed(tmp_path)

    def edit(document: docx.document.Document) -> None:
        paragraph = _paragraph(document, "Den ökade projektvolymen")
        _set_text(paragraph, paragraph.text.replace("förändrat", "nytt"))

    edited = _edited(written, tmp_path / "granskad.docx", edit)
    before = case.read_bytes()
    assert main(["läs", str(edited), "--ärende", str(case), "--visa"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == ["sammanfattning, stycke 2:",
                                    "  före:  …har medfört ett förändrat behov av ledning och styrning inom "
                                    "verksamheten. Verkställande direktör …",
                                    "  efter: …har medfört ett nytt behov av ledning och styrning inom verksamheten. "
                                    "Verkställande direktör behöv…"]
    assert "som inte skrevs (--visa)" in out
    assert case.read_bytes() == before


@pytest.mark.parametrize("fault", [encrypted_by_word, macro_enabled, truncated_file, not_a_zip_at_all],
                         ids=lambda f: f.__name__)
def test_a_file_that_cannot_be_read_is_one_swedish_line(fault: Callable[[Path], Path], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    case, _ = _seed(tmp_path)
    bad = fault(tmp_path / "trasig.docx")
    before = case.read_bytes()
    assert main(["läs", str(bad), "--ärende", str(case)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("memo: ") and "Traceback" not in err
    assert case.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".yaml") == [case.name]


def test_what_memo_relies_on_is_in_the_memo_already_and_nothing_of_the_case_it_does_not_show(tmp_path: Path) -> None:
    """memo writes nothing for the round trip: no copy of the case, no value or comment the memo does not show
    (the fingerprint is a hash of the body), so neither the DOCX's XML nor its PDF carries any of it."""
    case, written = _seed(tmp_path)
    with zipfile.ZipFile(written) as archive:
        xml = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.endswith((".xml", ".rels")))
    for hidden in ("${", "driftsstod_2026", "varden", "formatering", "halvår", "Varje belopp och datum",
                   "\ue000", "\ue001"):
        assert hidden not in xml
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert memo.render(case) == memo.render(SEED_SAMPLE)  # the same bytes as before memo läs existed


def test_a_protokollsutdrag_is_not_read_back_into_and_says_where_its_text_is(tmp_path: Path,
                                                                              capsys: pytest.CaptureFixture[str]
                                                                              ) -> None:
    """The samples' one protokollsutdrag: its text is its case's, so its memo is not read back into it."""
    samples = SEED_SAMPLE.parent
    shutil.copy(samples / "foredragningspm-iuc-industrihubb.yaml", tmp_path)
    extract, written = _written(samples / "protokollsutdrag-iuc-industrihubb.yaml", tmp_path)
    before = extract.read_bytes()
    assert main(["läs", str(written), "--ärende", str(extract)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "är ett protokollsutdrag, inte ett ärende" in err
    assert extract.read_bytes() == before


def test_the_readmes_example_is_what_memo_las_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (SEED_SAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Granskarens ändringar tillbaka i ärendet", 1)[1]
    example = section.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = memo.write(case, tmp_path / "ärende.docx")

    def edit(document: docx.document.Document) -> None:
        point = _paragraph(document, "att\t2026 avsatta")
        _set_text(point, point.text.replace("250\u00a0000\u00a0kronor", "275 000 kronor"))
        paragraph = _paragraph(document, "Den ökade projektvolymen")
        _set_text(paragraph, paragraph.text.replace("förändrat", "nytt"))
        item = _paragraph(document, "omvärldsbevakning,")
        item._p.getparent().remove(item._p)

    edit_document = docx.Document(str(written))
    edit(edit_document)
    edit_document.save(str(written))
    assert example[0] == "$ memo läs ärende.docx --ärende ärende.yaml"
    assert main(["läs", str(written), "--ärende", str(case)]) == 0
    assert capsys.readouterr().out.splitlines() == example[1:]


def test_a_cases_own_private_use_character_is_text_not_a_marker(tmp_path: Path) -> None:
    """A Symbol font's bullet (U+F0B7) pasted into the case stays text: the memo unedited changes nothing, and a
    word changed in its paragraph comes back with it."""
    case = tmp_path / "ärende.yaml"
    case.write_text(SEED_SAMPLE.read_text(encoding="utf-8").replace(
        "  Den ökade projektvolymen", "  \uf0b7 Den ökade projektvolymen"), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = memo.write(case, tmp_path / "ärende.docx")
    assert read_back(written, case, write=False).changes == ()

    def edit(document: docx.document.Document) -> None:
        paragraph = _paragraph(document, "\uf0b7 Den ökade projektvolymen")
        _set_text(paragraph, paragraph.text.replace("förändrat", "nytt"))

    changes = read_back(_edited(written, tmp_path / "granskad.docx", edit), case)
    assert [c.key for c in changes.changes] == ["sammanfattning, stycke 2"]
    assert "  \uf0b7 Den ökade projektvolymen har medfört ett nytt behov" in case.read_text(encoding="utf-8")


def test_a_case_file_with_a_byte_order_mark_and_crlf_keeps_both(tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    original = "\ufeff" + SEED_SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    case.write_bytes(original.encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = memo.write(case, tmp_path / "ärende.docx")

    def edit(document: docx.document.Document) -> None:
        paragraph = _paragraph(document, "Den ökade projektvolymen")
        _set_text(paragraph, paragraph.text.replace("förändrat", "nytt"))

    read_back(_edited(written, tmp_path / "granskad.docx", edit), case)
    after = case.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff# Föredragnings-PM") and "\n" not in after.replace("\r\n", "")
    kept = [line for line in original.split("\r\n") if "projektvolymen" not in line]
    assert [line for line in after.split("\r\n") if line in kept][:20] == kept[:20]
    assert "Den ökade projektvolymen har medfört ett nytt behov" in after


def test_an_amount_written_in_another_form_of_its_unit_keeps_its_value_and_says_how_memo_shows_it(
        tmp_path: Path) -> None:
    case, written = _seed(tmp_path)

    def edit(document: docx.document.Document) -> None:
        paragraph = _paragraph(document, "att\t2026 avsatta")
        _set_text(paragraph, paragraph.text.replace("250\u00a0000\u00a0kronor", "250 000 kr"))

    before = case.read_bytes()
    changes = read_back(_edited(written, tmp_path / "granskad.docx", edit), case)
    assert changes.changes == () and case.read_bytes() == before
    assert changes.unplaced == ('forslag_till_beslut[1]: "250 000 kr" är läst som 250000 och visas som '
                                '"250 000 kronor".',)


def test_the_import_never_writes_over_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "gammalt.docx"
    document = docx.Document()
    document.add_heading("Ett gammalt PM", 1)
    document.add_paragraph("Text som någon skrev.")
    document.save(str(old))
    existing = tmp_path / "nytt.yaml"
    existing.write_text("rubrik: Mitt eget ärende\n", encoding="utf-8")
    assert main(["läs", str(old), "--profil", "standard", "-o", str(existing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "skriver aldrig över en fil" in err
    assert existing.read_text(encoding="utf-8") == "rubrik: Mitt eget ärende\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gammalt.docx", "nytt.yaml"]
