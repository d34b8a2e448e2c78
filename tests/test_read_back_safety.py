"""memo läs --ärende (review of issue 23): what must never be written back, and lists that stay lists.

A case changed since the memo was written, another case with the same Dnr, or a memo written with another
profile is refused (memo's fingerprint); --profil gives the profile the memo was written with; an emptied
point or paragraph is removed, and a case that would no longer load is refused; a read-only case is refused
and a symbolic link to the case stays one; list items removed and added keep the paragraphs and numbers.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import stat
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

import memo
from memo.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "tjansteskrivelse-forskola-norrby.yaml"


def _written(tmp_path: Path, text: str | None = None, **options: object) -> tuple[Path, Path]:
    case = tmp_path / "arende.yaml"
    if text is None:
        shutil.copy(SAMPLE, case)
    else:
        case.write_text(text, encoding="utf-8")
    target = tmp_path / "pm.docx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        memo.write(case, target, **options)  # type: ignore[arg-type]
    return case, target


def _edit(target: Path, edit: Callable[[docx.document.Document], None]) -> Path:
    document = docx.Document(str(target))
    edit(document)
    document.save(str(target))
    return target


def _replace(old: str, new: str) -> Callable[[docx.document.Document], None]:
    def edit(document: docx.document.Document) -> None:
        hit = False
        for paragraph in document.paragraphs:
            for run in paragraph.runs:
                if old in run.text:
                    run.text = run.text.replace(old, new)
                    hit = True
        assert hit, old
    return edit


def _remove(start: str) -> Callable[[docx.document.Document], None]:
    def edit(document: docx.document.Document) -> None:
        paragraph = next(p for p in document.paragraphs if p.text.startswith(start))
        paragraph._p.getparent().remove(paragraph._p)
    return edit


def _read(target: Path, case: Path, *extra: str) -> int:
    return main(["läs", str(target), "--ärende", str(case), *extra])


def _rendered(case: Path, tmp_path: Path) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        memo.write(case, tmp_path / "igen.docx")
    return [p.text for p in docx.Document(str(tmp_path / "igen.docx")).paragraphs]


def test_a_case_edited_after_the_memo_is_not_reverted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, target = _written(tmp_path)
    case.write_text(case.read_text(encoding="utf-8").replace("varje tertial.", "varje tertial och i bokslutet."),
                    encoding="utf-8")
    before = case.read_bytes()
    _edit(target, _replace("Befolkningsprognosen", "Den senaste befolkningsprognosen"))
    assert _read(target, case) == 1
    err = capsys.readouterr().err
    assert "Ärendet har ändrats sedan PM:et skrevs" in err and err.count("\n") == 1
    assert case.read_bytes() == before


def test_another_case_with_the_same_dnr_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, target = _written(tmp_path)
    other = tmp_path / "missiv.yaml"
    other.write_text(SAMPLE.read_text(encoding="utf-8").replace("Befintliga förskolor är fullbelagda.",
                                                                  "Missivet gäller en annan sak."), encoding="utf-8")
    before = other.read_bytes()
    assert _read(target, other) == 1
    assert "ett annat ärende" in capsys.readouterr().err
    assert other.read_bytes() == before


def test_a_memo_written_on_another_day_from_a_case_without_datum_is_read_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(line for line in SAMPLE.read_text(encoding="utf-8").splitlines(True)
                   if not line.startswith("datum:"))

    class Yesterday(dt.date):
        @classmethod
        def today(cls) -> Yesterday:
            return cls(2020, 1, 2)

    import memo.kinds.pm as pm
    import memo.profile.headerfields as headerfields

    with monkeypatch.context() as patched:
        for module in (pm, headerfields):
            patched.setattr(module, "dt", type("dt", (), {"date": Yesterday}))
        case, target = _written(tmp_path, text)
    with zipfile.ZipFile(target) as package:
        assert b"2020-01-02" in package.read("docProps/core.xml")  # the memo is dated that day
    _edit(target, _replace("varje tertial", "varje kvartal"))
    assert _read(target, case) == 0
    assert case.read_text(encoding="utf-8") == text.replace("varje tertial", "varje kvartal")


def test_a_memo_written_with_another_profile_is_read_back_with_profil(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, target = _written(tmp_path, profile="region-orebro-lan")
    before = case.read_bytes()
    _edit(target, _replace("varje tertial", "varje kvartal"))
    assert _read(target, case) == 1  # read for the case's own profile: not the memo it wrote
    assert "en annan profil" in capsys.readouterr().err
    assert case.read_bytes() == before
    assert _read(target, case, "--profil", "region-orebro-lan") == 0
    assert case.read_bytes() == before.replace(b"varje tertial", b"varje kvartal")


def test_the_last_list_item_removed_leaves_the_paragraph_after_the_list(tmp_path: Path) -> None:
    case, target = _written(tmp_path)
    _edit(target, _remove("att bygga en ny förskola på kommunens tomt"))
    assert _read(target, case) == 0
    text = case.read_text(encoding="utf-8")
    assert "  2. att hyra tillfälliga paviljonger,\n\n  Det tredje alternativet" in text
    shown = _rendered(case, tmp_path)
    assert "att hyra tillfälliga paviljonger," in shown
    assert any(p.startswith("Det tredje alternativet") for p in shown)


def test_a_list_item_merged_with_the_paragraph_after_it_stays_a_paragraph(tmp_path: Path) -> None:
    case, target = _written(tmp_path)

    def merge(document: docx.document.Document) -> None:
        item = next(p for p in document.paragraphs if p.text.startswith("att bygga en ny förskola"))
        para = next(p for p in document.paragraphs if p.text.startswith("Det tredje alternativet"))
        text = item.text + " " + para.text
        for run in item.runs[1:]:
            run._r.getparent().remove(run._r)
        item.runs[0].text = text
        para._p.getparent().remove(para._p)

    _edit(target, merge)
    assert _read(target, case) == 0
    shown = _rendered(case, tmp_path)
    assert "att hyra tillfälliga paviljonger," in shown  # not glued to the item before


def test_an_item_added_to_an_ordered_list_is_numbered_on(tmp_path: Path) -> None:
    case, target = _written(tmp_path)

    def add(document: docx.document.Document) -> None:
        item = next(p for p in document.paragraphs if p.text.startswith("att hyra tillfälliga"))
        new = copy.deepcopy(item._p)
        item._p.addnext(new)
        paragraph = Paragraph(new, item._parent)
        for run in paragraph.runs[1:]:
            run._r.getparent().remove(run._r)
        paragraph.runs[0].text = "att riva den gamla förskolan,"

    _edit(target, add)
    assert _read(target, case) == 0
    assert ("  2. att hyra tillfälliga paviljonger,\n  3. att riva den gamla förskolan,\n"
            "  4. att bygga en ny förskola") in case.read_text(encoding="utf-8")


def test_an_emptied_decision_point_is_removed(tmp_path: Path) -> None:
    case, target = _written(tmp_path)

    def empty(document: docx.document.Document) -> None:
        paragraph = next(p for p in document.paragraphs if "öppna förskolan" in p.text)
        for run in paragraph.runs:
            run.text = ""

    _edit(target, empty)
    assert _read(target, case) == 0
    text = case.read_text(encoding="utf-8")
    assert '- ""' not in text and "öppna förskolan" not in text
    assert text.count("\n  - ") == SAMPLE.read_text(encoding="utf-8").count("\n  - ") - 1


def test_an_emptied_section_is_written_empty_and_still_loads(tmp_path: Path) -> None:
    case, target = _written(tmp_path)

    def empty(document: docx.document.Document) -> None:
        paragraph = next(p for p in document.paragraphs if p.text.startswith("Byggprojektet följs upp"))
        for run in paragraph.runs:
            run.text = ""

    _edit(target, empty)
    assert _read(target, case) == 0
    text = case.read_text(encoding="utf-8")
    assert 'uppfoljning: ""\n' in text and "Byggprojektet följs upp" not in text
    assert not any(p.startswith("Byggprojektet") for p in _rendered(case, tmp_path))


def test_every_decision_point_removed_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, target = _written(tmp_path)
    before = case.read_bytes()

    def none(document: docx.document.Document) -> None:
        for paragraph in [p for p in document.paragraphs if p.style is not None and p.style.name == "Beslutspunkt"]:
            paragraph._p.getparent().remove(paragraph._p)

    _edit(target, none)
    assert _read(target, case) == 1
    err = capsys.readouterr().err
    assert "forslag_till_beslut" in err and "memo skriver inget" in err and err.count("\n") == 1
    assert case.read_bytes() == before


def test_a_read_only_case_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case, target = _written(tmp_path)
    _edit(target, _replace("varje tertial", "varje kvartal"))
    before = case.read_bytes()
    os.chmod(case, 0o444)
    assert _read(target, case) == 1
    err = capsys.readouterr().err
    assert "är skrivskyddad" in err and err.count("\n") == 1
    assert case.read_bytes() == before and stat.S_IMODE(case.stat().st_mode) == 0o444


def test_a_symbolic_link_to_the_case_stays_a_link(tmp_path: Path) -> None:
    case, target = _written(tmp_path)
    real = tmp_path / "riktig.yaml"
    case.rename(real)
    case.symlink_to(real.name)
    _edit(target, _replace("varje tertial", "varje kvartal"))
    assert _read(target, case) == 0
    assert case.is_symlink() and "varje kvartal" in real.read_text(encoding="utf-8")


def test_a_changed_signature_title_is_named_by_its_key_alone(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    case, target = _written(tmp_path)
    _edit(target, _replace("Förvaltningschef", "Utredare och projektledare"))
    assert _read(target, case) == 0
    out = capsys.readouterr().out
    assert "underskrift[1].titel:\n" in out and "rad 1" not in out
    assert "titel: Utredare och projektledare" in case.read_text(encoding="utf-8")
