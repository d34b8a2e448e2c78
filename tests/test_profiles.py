"""Profile folders of one's own: a fault in profil.yaml is a ProfileError that says where it is."""

from __future__ import annotations

import importlib.resources
import shutil
from pathlib import Path
from typing import Any

import pytest

import memo

CASE: dict[str, Any] = {
    "rubrik": "Prov",
    "diarienummer": "KS 2026/17",
    "handlaggare": {"namn": "Anna Berg", "enhet": "Kansliet"},
    "beslutsinstans": "Kommunstyrelsen",
    "forslag_till_beslut": ["godkänna förslaget"],
}


def _profile(folder: Path, text: str) -> Path:
    """A profile folder with the shipped reference document and ``text`` as its profil.yaml."""
    folder.mkdir()
    reference = importlib.resources.files("memo.profiles") / "standard" / "referens.docx"
    with importlib.resources.as_file(reference) as path:
        shutil.copyfile(path, folder / "referens.docx")
    (folder / "profil.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("text", "line", "column", "wording"),
    [
        pytest.param("namn: Kommunen\nadress: [Box 1, 100 00 Orten\n", 2, 9, "YAML-fel", id="unclosed-bracket"),
        pytest.param("namn: Kommunen\n\tepost: a@example.se\n", 2, 1, "tabbtecken", id="tab-indent"),
        pytest.param("namn: Kommunen\nnamn: Staden\n", 2, 1, "står två gånger", id="duplicate-key"),
        pytest.param("namn: Kommunen\nepsot: a@example.se\n", 2, 1, "Menade du 'epost'?", id="misspelt-key"),
    ],
)
def test_a_fault_in_profil_yaml_is_a_profile_error_at_its_line(
    tmp_path: Path, text: str, line: int, column: int, wording: str
) -> None:
    folder = _profile(tmp_path / "profil", text)
    with pytest.raises(memo.ProfileError) as caught:
        memo.render(CASE, profile=folder)
    error = caught.value
    assert not isinstance(error, memo.CaseError)
    assert error.file is not None and error.file.name == "profil.yaml"
    assert (error.line, error.column) == (line, column)
    assert wording in error.message
    assert str(error).startswith(f"{error.file}, rad {line}, kolumn {column}")
    assert "problem i ärendet" not in str(error)


def test_every_problem_in_profil_yaml_is_reported_together_in_file_order(tmp_path: Path) -> None:
    folder = _profile(tmp_path / "profil", "namn: Kommunen\nbeslutsstil: punkter\nlogo: logo.png\nepsot: x\n")
    with pytest.raises(memo.ProfileError) as caught:
        memo.render(CASE, profile=folder)
    error = caught.value
    assert [(p.key, p.line) for p in error.problems] == [("beslutsstil", 2), ("logo", 3), ("epsot", 4)]
    assert all(isinstance(p, memo.ProfileError) for p in error.problems)
    assert (error.key, error.line) == ("beslutsstil", 2)
    message = str(error)
    assert message.startswith(f"{folder.resolve() / 'profil.yaml'}: 3 problem i profilen:")
    for n, line in enumerate((2, 3, 4), start=1):
        assert f"{n}) rad {line}, kolumn 1" in message


def _edited_reference(folder: Path, edit: Any) -> Path:
    """A profile whose reference document is the shipped one, changed by ``edit(document)``."""
    import docx

    _profile(folder, "namn: Kommunen\n")
    document = docx.Document(str(folder / "referens.docx"))
    edit(document)
    document.save(str(folder / "referens.docx"))
    return folder


def _unknown_placeholder(document: Any) -> None:
    document.sections[0].header.paragraphs[0].add_run("{{ okand }}")


def _slot_characters_in_properties(document: Any) -> None:
    document.core_properties.keywords = "\ufdd0title\ufdd1"


@pytest.mark.parametrize(("edit", "wording"), [
    pytest.param(_unknown_placeholder, "Platshållaren '{{ okand }}'", id="unknown-placeholder"),
    pytest.param(_slot_characters_in_properties, "U+FDD0", id="slot-characters-in-properties"),
])
def test_a_fault_in_the_reference_document_is_a_profile_error_naming_it(tmp_path: Path, edit: Any,
                                                                        wording: str) -> None:
    folder = _edited_reference(tmp_path / "profil", edit)
    with pytest.raises(memo.ProfileError) as caught:
        memo.render(CASE, profile=folder)
    assert caught.value.file is not None and caught.value.file.name == "referens.docx"
    assert wording in caught.value.message


def test_a_reference_document_that_is_not_a_word_file_is_a_profile_error(tmp_path: Path) -> None:
    folder = _profile(tmp_path / "profil", "namn: Kommunen\n")
    (folder / "referens.docx").write_bytes(b"inte en zip")
    with pytest.raises(memo.ProfileError) as caught:
        memo.render(CASE, profile=folder)
    assert "går inte att läsa som ett Word-dokument" in caught.value.message
