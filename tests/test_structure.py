"""The package's shape: memo's modules import each other without a cycle, and each library has its own folder.

Read from the source with :mod:`ast`: imports inside functions and under ``if TYPE_CHECKING:``
included, so a lazy import that closes a cycle at run time is caught, and so is a cycle that
only the type checker sees (it still ties the two modules together).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "memo"
#: The one folder (or top-level module) of memo that may import each third-party library.
LIBRARY_HOMES = {
    "jinja2": "memo.renderer",
    "markupsafe": "memo.renderer",  # Jinja's own text type
    "yaml": "memo.read",
    "babel": "memo.swedish",
    "markdown_it": "memo.case",  # the case's prose: memo.case.prose
    "docx": "memo.word",  # python-docx: the reference's preparation and `memo profil ny`
    "lxml": "memo.word",
    "platformdirs": "memo.cache",
    "uno": "memo.pdf",  # LibreOffice's own, in the bridge that another Python runs (memo.pdf.unobridge)
    "fontTools": "memo.fonts",  # the table's fonts measured: memo.fonts.measure
    "pikepdf": "memo.pdf",  # the mötesbok: memo.pdf.book, memo.pdf.booktags
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_imports(path: Path) -> set[str]:
    """The modules ``path`` imports: at the top, inside functions and under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            found.add(f"<relative import at line {node.lineno}>")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _packages_run_first(imported: str, importer: str) -> set[str]:
    """The packages whose ``__init__`` importing ``imported`` runs first: each one above it that ``importer`` is
    not inside (a module inside a package is only imported once that package's ``__init__`` has begun)."""
    parts = imported.split(".")
    above = {".".join(parts[:n]) for n in range(2, len(parts))}
    return {package for package in above if not (importer + ".").startswith(package + ".")}


def memo_graph() -> dict[str, set[str]]:
    """Each memo module and the memo modules importing it runs: the ones it names, and the packages above them."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        named = {m for m in all_imports(path) if m in modules and m != name and m != "memo"}
        graph[name] = named | {package for m in named for package in _packages_run_first(m, name)} - {name}
    return graph


def test_memos_modules_import_each_other_without_a_cycle() -> None:
    graph = memo_graph()
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                cycles.append([*path[path.index(other):], other])
            elif other not in state:
                visit(other, [*path, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, [" → ".join(cycle) for cycle in cycles]


def test_the_prepared_reference_has_a_module_of_its_own() -> None:
    graph = memo_graph()
    assert "memo.word.prepare" in graph["memo.profile.reference"]  # on a cache miss
    assert "memo.profile.reference" not in graph["memo.word.prepare"]
    assert "memo.profile.prepared" in graph["memo.word.prepare"]
    assert "memo.profile.prepared" in graph["memo.word.writer"]


def test_each_third_party_library_is_imported_in_its_own_folder_only() -> None:
    strays = []
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        for imported in all_imports(path):
            library = imported.split(".")[0]
            if library == "memo" or library in sys.stdlib_module_names:
                continue
            home = LIBRARY_HOMES.get(library)
            if home is None:
                strays.append(f"{name} imports {imported}, a library with no home in LIBRARY_HOMES")
            elif not (name == home or name.startswith(home + ".")):
                strays.append(f"{name} imports {imported}, whose home is {home}")
    assert not strays, sorted(set(strays))


def test_importing_a_module_runs_the_packages_above_it_first() -> None:
    assert _packages_run_first("memo.renderer.blocks", "memo.word.wordxml") == {"memo.renderer"}
    assert _packages_run_first("memo.renderer.blocks", "memo.renderer.markup") == set()
    assert _packages_run_first("memo.kinds.pm", "memo.kinds.protokollsutdrag") == set()


def test_the_import_reader_sees_type_checking_imports_and_refuses_relative_ones(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from memo.case.model import Case\n"
                      "def f():\n    import memo.word.writer\nfrom . import sibling\n", encoding="utf-8")
    found = all_imports(module)
    assert {"memo.case.model", "memo.case.model.Case", "memo.word.writer"} <= found
    assert "<relative import at line 6>" in found
