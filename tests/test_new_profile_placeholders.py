"""``memo profil ny`` on a document that has memo's placeholders already: the report says which, and they stay."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

import memo

STANDARD = Path(memo.__file__).resolve().parent / "profiles" / "standard" / "referens.docx"
CASE = ("rubrik: Nytt städavtal\ndiarienummer: KS 2026/17\ndatum: 2026-03-02\n"
        "handlaggare: {namn: Anna Berg, enhet: Kansliet}\nbeslutsinstans: Kommunstyrelsen\n"
        "forslag_till_beslut:\n  - godkänna avtalet\n")


def _header(target: Path) -> str:
    """The text of the header's paragraphs, each as Word shows it (its runs joined)."""
    document = docx.Document(str(target))
    header = document.sections[0].header
    paragraphs = [*header.paragraphs, *(p for t in header.tables for r in t.rows for c in r.cells
                                        for p in c.paragraphs)]
    return "\n".join(p.text for p in paragraphs)


def _rendered(profile: Path, tmp_path: Path) -> Path:
    case = tmp_path / "arende.yaml"
    case.write_text(CASE, encoding="utf-8")
    return memo.write(case, tmp_path / "pm.docx", profile=memo.load_profile(profile))


def test_a_shipped_profiles_reference_made_again_keeps_its_placeholders_and_says_so(tmp_path: Path) -> None:
    made = memo.new_profile(tmp_path / "profil", STANDARD, name="Kommunen")
    report = made.report()
    said = next(line for line in made.done if line.startswith("Dokumentet har redan memos platshållare"))
    assert all(f"{{{{ {name} }}}}" in said for name in ("diarienummer", "datum", "handlaggare", "organisation"))
    assert "diarienummer" not in " ".join(made.todo) and "Ingen text" not in report
    with zipfile.ZipFile(tmp_path / "profil" / "referens.docx") as made_reference, zipfile.ZipFile(STANDARD) as old:
        assert made_reference.read("word/header1.xml").count(b"{{") == old.read("word/header1.xml").count(b"{{")
    header = _header(_rendered(tmp_path / "profil", tmp_path))
    assert "KS 2026/17" in header and "2026-03-02" in header and "Anna Berg" in header and "{{" not in header


def test_placeholders_word_split_over_runs_are_found_and_kept(tmp_path: Path) -> None:
    document = docx.Document()
    header = document.sections[0].header
    first = header.paragraphs[0]
    for text in ("Dnr {{ dia", "rienummer", " }}"):  # as Word splits a placeholder edited by hand
        first.add_run(text)
    second = header.add_paragraph()
    for text in ("Datum {", "{ datum }", "}"):
        second.add_run(text)
    source = tmp_path / "mall.docx"
    document.save(str(source))
    made = memo.new_profile(tmp_path / "profil", source, name="Kommunen")
    said = [line for line in made.done if line.startswith("Dokumentet har redan memos platshållare")]
    assert said == ["Dokumentet har redan memos platshållare {{ diarienummer }} och {{ datum }} i sidhuvud eller "
                    "sidfot; de står kvar och fylls i för varje PM."]
    assert not any("Ingen text" in line for line in made.todo)
    shown = _header(_rendered(tmp_path / "profil", tmp_path))
    assert "Dnr KS 2026/17" in shown and "Datum 2026-03-02" in shown
