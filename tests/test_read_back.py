"""memo läs --ärende: a reviewer's edits to a memo come back into its case, at their keys, and nothing else changes.

Every sample's memo is written by memo, edited by another writer (python-docx directly; LibreOffice converting
it to flat ODT and back) and read back; the case file is compared byte for byte or key by key.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import docx
import pytest

import memo
from conftest import require_real_client
from memo.cli import main
from memo.pdf import find_soffice
from memo.roundtrip.back import read_back

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
    assert [c.key for c in changes.changes] == [unit.key]
    assert "Granskarord" in (changes.changes[0].after or "")
    assert not changes.written


@pytest.fixture(scope="module")
def office_round_trips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
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
    return {stem: (case, back / (stem + ".docx")) for stem, (case, _) in written.items()}


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_a_libreoffice_round_trip_without_edits_leaves_the_case_byte_identical(
        sample: Path, office_round_trips: dict[str, tuple[Path, Path]]) -> None:
    case, converted = office_round_trips[sample.stem]
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
    pytest.param(["--ärende", "a.yaml", "--profil", "standard"], "inte båda", id="both_modes"),
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
