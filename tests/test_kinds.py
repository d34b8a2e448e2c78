"""The table of kinds of document (memo.kinds.TABLE): one entry, one row and one folder per kind, and nothing else.

The pipeline, the writer, validation, watch mode and the command do with a document what its
kind's row says; these tests prove that the table and the folders agree, that a file's kind is
told by the file, and that those modules never name a kind's fields themselves.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from conftest import ROOT
from memo.case.checker import canonical_key
from memo.kinds import TABLE, default_kind, file_kinds, kind_for, kind_named, kind_of, kinds
from memo.kinds.kind import DocumentKind
from memo.profile.load import Profile
from memo.read.source import from_python

PACKAGE = ROOT / "src" / "memo"
SHIPPED_TEMPLATES = ROOT / "templates"
#: The modules that handle every kind of document alike.
GENERIC = ["pipeline.py", "validation.py", "word/writer.py", "cli/watch.py", "cli/__init__.py", "cli/commands.py",
           "renderer/render.py"]


def test_every_kind_is_a_folder_and_every_folder_a_kind() -> None:
    folders = {p.parent.name for p in (PACKAGE / "kinds").glob("*/__init__.py")}
    assert folders == {kind.name for kind in kinds()}
    assert len({kind.name for kind in kinds()}) == len(kinds())


def test_the_table_names_each_kinds_folder_and_marker_as_its_row_does() -> None:
    for entry, kind in zip(TABLE, kinds(), strict=True):
        assert (entry.name, entry.marker) == (kind.name, kind.marker)
        assert entry.module == f"memo.kinds.{kind.name}"
        assert kind_named(kind.name.upper()) is (kind if entry.made_from is None else None)


def test_a_kind_made_from_another_names_a_kind_with_files_and_is_never_a_files_kind() -> None:
    made = [entry for entry in TABLE if entry.made_from is not None]
    assert [entry.name for entry in made] == ["protokoll"]
    for entry in made:
        assert entry.marker is None
        assert kind_named(entry.made_from) in file_kinds()
        assert all(kind_of(from_python({"rubrik": "x", entry.name: "y"})) is not kind for kind in kinds()
                   if kind.name == entry.name)
    assert [kind.name for kind in file_kinds()] == [entry.name for entry in TABLE if entry.made_from is None]


def test_a_memo_never_reads_another_kinds_folder() -> None:
    """Reading and rendering a memo imports no other kind's folder: each costs a memo nothing."""
    import subprocess
    import sys

    from conftest import SEED_SAMPLE

    probe = ("import sys, memo; memo.render(sys.argv[1]);"
             "print(sorted(m for m in sys.modules if m.startswith('memo.kinds.')))")
    done = subprocess.run([sys.executable, "-c", probe, str(SEED_SAMPLE)], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "['memo.kinds.kind', 'memo.kinds.pm', 'memo.kinds.pm.shown']"


def test_the_memo_is_the_only_kind_with_files_without_a_marker_and_the_default() -> None:
    assert default_kind().marker is None and default_kind().name == "pm"
    assert [kind.name for kind in file_kinds() if kind.marker is None] == ["pm"]


@pytest.mark.parametrize("kind", file_kinds()[1:], ids=[k.name for k in file_kinds()[1:]])
def test_a_kinds_marker_is_its_own_required_field_and_no_other_kinds_key(kind: DocumentKind) -> None:
    assert kind.marker is not None
    assert any(field.key == kind.marker and field.required for field in kind.fields)
    others = {canonical_key(f.key) for other in kinds() if other is not kind for f in (*other.fields, *other.sections)}
    assert kind.marker not in others


@pytest.mark.parametrize("kind", file_kinds(), ids=[k.name for k in file_kinds()])
def test_a_file_is_the_kind_whose_marker_it_holds(kind: DocumentKind) -> None:
    written = {"rubrik": "x"} if kind.marker is None else {kind.marker.capitalize(): "x.yaml", "organ": "y"}
    assert kind_of(from_python(written)) is kind


@pytest.mark.parametrize("kind", kinds(), ids=[k.name for k in kinds()])
def test_every_kinds_main_template_is_there(kind: DocumentKind) -> None:
    folders = [f for f in (kind.templates, SHIPPED_TEMPLATES) if f is not None]
    assert any((folder / kind.main_template).is_file() for folder in folders), kind.main_template
    if kind.templates is not None:
        assert kind.templates.is_relative_to(PACKAGE / "kinds" / kind.name)


@pytest.mark.parametrize("kind", kinds(), ids=[k.name for k in kinds()])
def test_every_kinds_fields_are_described_and_written_once(kind: DocumentKind) -> None:
    keys = [canonical_key(f.key) for f in kind.fields] + [canonical_key(s.key) for s in kind.sections]
    assert len(keys) == len(set(keys))
    assert all(f.description for f in kind.fields)


def test_a_document_built_in_python_finds_its_kind_by_its_class() -> None:
    for kind in kinds():
        assert kind_for(object.__new__(kind.model)) is kind
    assert kind_for("ärende.yaml") is None


def _attributes(path: Path) -> set[str]:
    """The attributes a module reads and the texts it holds (a key read from a tree: ``root.value.get("mallar")``),
    except the command line's options (``args.profil``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and not (isinstance(node.value, ast.Name) and node.value.id == "args"):
            found.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
    return found


@pytest.mark.parametrize("module", GENERIC)
def test_the_generic_modules_never_name_a_kinds_fields(module: str) -> None:
    """Names that are also the profile's own settings (``mallar``, ``dokumenttyp`` …) are the profile's."""
    profile_settings = {f.name for f in dataclasses.fields(Profile)}
    fields = {f.key for kind in kinds() for f in kind.fields} | {s.key for kind in kinds() for s in kind.sections}
    named = (_attributes(PACKAGE / module) & fields) - profile_settings
    assert "rubrik" in fields and "organ" in fields  # what the memo's and the protokollsutdrag's rows hold
    assert not named, f"{module} läser {sorted(named)} direkt; låt dokumentslagets rad göra det"


def test_the_readme_has_each_kinds_table_of_keys_and_names_every_folder_in_its_architecture() -> None:
    from memo.kinds import readme_tables

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table in readme_tables():
        assert table in readme, "kör python tools/readme_keys.py"
    architecture = readme.split("## Arkitektur", 1)[1].split("\n## ", 1)[0]
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} - {"profiles"}  # built-in profiles: data
    assert all(f"`{folder}/`" in architecture for folder in folders), sorted(folders)
    assert all(f"`{kind.name}/`" in architecture for kind in kinds())
