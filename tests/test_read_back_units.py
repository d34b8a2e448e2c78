"""memo läs --ärende: text next to a reference, table cells, the consequences' texts and the headings the case
wrote come back at their keys (review of issue 23)."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

import memo
from memo.cli import main
from memo.roundtrip.back import read_back

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NORRBY = SAMPLES / "tjansteskrivelse-forskola-norrby.yaml"


def _written(tmp_path: Path, sample: Path = NORRBY, text: str | None = None) -> tuple[Path, Path]:
    case = tmp_path / sample.name
    if text is None:
        shutil.copy(sample, case)
    else:
        case.write_text(text, encoding="utf-8")
    target = tmp_path / "pm.docx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        memo.write(case, target)
    return case, target


def _paragraphs(document: docx.document.Document) -> list[Paragraph]:
    out = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    return out


def _replace(start: str, old: str, new: str) -> Callable[[docx.document.Document], None]:
    """An edit: ``old`` replaced by ``new`` in the paragraph that begins with ``start`` (its runs kept)."""
    def edit(document: docx.document.Document) -> None:
        paragraph = next(p for p in _paragraphs(document) if p.text.startswith(start) and old in p.text)
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new, 1)
                return
        text = paragraph.text.replace(old, new, 1)
        for run in paragraph.runs[1:]:
            run._r.getparent().remove(run._r)
        paragraph.runs[0].text = text
    return edit


def _folded(text: str) -> str:
    return " ".join(text.split())


def _read_back(tmp_path: Path, written: Path, case: Path,
               edit: Callable[[docx.document.Document], None]) -> tuple[str, str]:
    document = docx.Document(str(written))
    edit(document)
    edited = tmp_path / "granskad.docx"
    document.save(str(edited))
    before = case.read_text(encoding="utf-8")
    read_back(edited, case)
    return before, case.read_text(encoding="utf-8")


@pytest.mark.parametrize(("start", "old", "new", "was", "now"), [
    pytest.param("Driftkostnaden, 9", "Driftkostnaden, 9", "Driftkostnaden, cirka 9",
                 "  - Driftkostnaden, ${drift_helar | tkr} per helår",
                 "  - Driftkostnaden, cirka ${drift_helar | tkr} per helår", id="right_before_a_point's_reference"),
    pytest.param("Antalet barn", "med 12,5", "med ungefär 12,5",
                 "öka med ${andel_barn | procent} fram", "öka med ungefär ${andel_barn | procent}",
                 id="right_before_a_paragraph's_reference"),
    pytest.param("Antalet barn", "12,5\u00a0% fram", "12,5\u00a0% eller mer fram",
                 "öka med ${andel_barn | procent} fram", "${andel_barn | procent} eller mer",
                 id="right_after_a_reference"),
])
def test_text_typed_right_before_or_after_a_reference_is_kept_beside_it(start: str, old: str, new: str, was: str,
                                                                        now: str, tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    before, after = _read_back(tmp_path, written, case, _replace(start, old, new))
    assert _folded(was) in _folded(before) and _folded(now) in _folded(after)
    assert "drift_helar: 9240000" in after and "andel_barn: 12,5" in after  # the values as they were
    rendered = memo.load_case(case)
    assert rendered.varden["drift_helar"] == "9240000"


def test_a_digit_typed_against_a_references_edge_changes_its_value(tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    before, after = _read_back(tmp_path, written, case, _replace("Driftkostnaden, 9", "Driftkostnaden, 9",
                                                                 "Driftkostnaden, 19"))
    assert "drift_helar: 19240000" in after
    assert after.replace("19240000", "9240000") == before


def _rendered(case: Path, tmp_path: Path) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        memo.write(case, tmp_path / "igen.docx")
    return [p.text for p in _paragraphs(docx.Document(str(tmp_path / "igen.docx")))]


def test_a_changed_amount_in_a_table_cell_comes_back_in_the_tables_unit(tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    before, after = _read_back(tmp_path, written, case, _replace("3\u00a0200", "3\u00a0200", "3 300"))
    assert "        belopp: [3300000, 7700000, 7700000]\n" in after
    assert after.replace("3300000", "3200000") == before
    shown = _rendered(case, tmp_path)
    assert "3\u00a0300" in shown and "3\u00a0950" in shown  # the cell, and the sum memo counts again


def test_a_table_cell_that_gives_no_amount_back_is_a_conflict(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    case, written = _written(tmp_path)
    document = docx.Document(str(written))
    _replace("3\u00a0200", "3\u00a0200", "drygt tre miljoner")(document)
    document.save(str(tmp_path / "granskad.docx"))
    before = case.read_bytes()
    assert main(["läs", str(tmp_path / "granskad.docx"), "--ärende", str(case)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ekonomiska_konsekvenser.tabell.rader[1].belopp[1]" in err
    assert "drygt tre miljoner" in err
    assert case.read_bytes() == before


def test_a_page_number_in_the_body_is_no_page_number(tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    _, after = _read_back(tmp_path, written, case, _replace("800", "800", "900"))
    assert "belopp: [900000, 1900000, 1900000]" in after


def test_a_word_changed_in_a_consequence_under_its_perspective_comes_back(tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    before, after = _read_back(tmp_path, written, case, _replace("Byggnaden uppförs", "solceller", "solpaneler"))
    assert "  miljö: |\n    Byggnaden uppförs enligt kommunens miljöprogram, med solpaneler" in after
    assert before.count("solceller") == 1 and "solceller" not in after
    assert any("med solpaneler och" in text for text in _rendered(case, tmp_path))


def test_the_reason_a_perspective_is_not_affected_comes_back(tmp_path: Path) -> None:
    text = NORRBY.read_text(encoding="utf-8").replace(
        "  jämställdhet: |\n    Förslaget bedöms inte påverka jämställdheten, eftersom platserna erbjuds\n"
        "    alla familjer på samma villkor.\n",
        "  jämställdhet:\n    berors: nej\n    motivering: Platserna erbjuds alla familjer på samma villkor.\n")
    case, written = _written(tmp_path, text=text)
    _, after = _read_back(tmp_path, written, case, _replace("", "alla familjer", "varje familj"))
    assert "    motivering: Platserna erbjuds varje familj på samma villkor.\n" in after


def test_a_tables_description_changes_its_key_and_not_the_unit_memo_adds(tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    before, after = _read_back(tmp_path, written, case, _replace("Driftkostnader per år", "Driftkostnader",
                                                                 "Kostnader för driften"))
    assert "    beskrivning: Kostnader för driften per år\n" in after
    assert after.replace("Kostnader för driften per år", "Driftkostnader per år") == before


CUSTOM = """\
profil: standard
dokumenttyp: Tjänsteskrivelse
rubrik: Ny gång- och cykelväg
diarienummer: KS 2026/0001
beslutsinstans: Kommunfullmäktige
forslagsstallare: Kommunstyrelsen
beslutsinledning: ${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta
datum: 2026-03-01
handlaggare:
  namn: Anna Berg
  enhet: Samhällsbyggnad
rubriker:
  sammanfattning: Sammanfattning av ärendet
forslag_till_beslut:
  - Cykelvägen byggs längs Storgatan
sammanfattning: Förvaltningen föreslår en ny gång- och cykelväg längs Storgatan.
arendebeskrivning:
  - Inledande text utan underrubrik.
  - underrubrik: Remissvaren
    text: Tolv remissinstanser har svarat.
egna_avsnitt:
  - rubrik: Tidplan
    text: Bygget börjar våren 2027.
"""


@pytest.mark.parametrize(("start", "old", "new", "line"), [
    pytest.param("Sammanfattning av", "av ärendet", "i korthet", "  sammanfattning: Sammanfattning i korthet\n",
                 id="rubriker"),
    pytest.param("Remissvaren", "Remissvaren", "Svaren på remissen", "  - underrubrik: Svaren på remissen\n",
                 id="underrubrik"),
    pytest.param("Tidplan", "Tidplan", "Tidplan och etapper", "  - rubrik: Tidplan och etapper\n",
                 id="egna_avsnitt"),
    pytest.param("Kommunstyrelsen föreslår", "kommunfullmäktige", "regionfullmäktige",
                 "beslutsinstans: Regionfullmäktige\n", id="lead_in_body_in_lower_case"),
])
def test_a_heading_or_name_the_case_wrote_changes_its_key(start: str, old: str, new: str, line: str,
                                                          tmp_path: Path) -> None:
    case, written = _written(tmp_path, text=CUSTOM)
    document = docx.Document(str(written))
    _replace(start, old, new)(document)
    document.save(str(tmp_path / "granskad.docx"))
    changes = read_back(tmp_path / "granskad.docx", case)
    after = case.read_text(encoding="utf-8")
    assert line in after and not changes.unplaced
    assert len(after.splitlines()) == len(CUSTOM.splitlines())
    assert sum(a != b for a, b in zip(after.splitlines(), CUSTOM.splitlines(), strict=True)) == 1
    assert _folded(line.strip().split(": ", 1)[1].lower()) in _folded(" ".join(_rendered(case, tmp_path)).lower())


def test_a_changed_lead_in_names_the_key_it_comes_from(tmp_path: Path) -> None:
    case, written = _written(tmp_path, text=CUSTOM)
    document = docx.Document(str(written))
    _replace("Kommunstyrelsen föreslår", "besluta", "besluta enhälligt")(document)
    document.save(str(tmp_path / "granskad.docx"))
    changes = read_back(tmp_path / "granskad.docx", case)
    assert case.read_text(encoding="utf-8") == CUSTOM
    assert len(changes.unplaced) == 1 and "'beslutsinledning'" in changes.unplaced[0]
    assert "ärendets 'beslutsinledning'" in changes.unplaced[0] and "egen text" not in changes.unplaced[0]


def test_a_parenthesis_typed_around_a_reference_is_text_and_keeps_the_value(tmp_path: Path) -> None:
    case, written = _written(tmp_path)
    shown = "9\u00a0240\u00a0tkr"
    _, after = _read_back(tmp_path, written, case, _replace("Driftkostnaden, 9", f"Driftkostnaden, {shown}",
                                                            f"Driftkostnaden ({shown})"))
    assert "  - Driftkostnaden (${drift_helar | tkr}) per helår" in after
    assert "drift_helar: 9240000" in after
