"""The package's shape: memo's modules import each other without a cycle, and each library has its own place.

Read from the source with :mod:`ast` (imports inside functions included, imports under
``if TYPE_CHECKING:`` left out: they never run), so a lazy import that closes a cycle at run
time is caught as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "memo"
#: Which of memo's modules (or subpackages) may import each third-party library.
LIBRARY_HOMES = {
    "jinja2": {"memo.renderer"},
    "markupsafe": {"memo.renderer.context", "memo.renderer"},  # Jinja's own text type
    "yaml": {"memo.read.yamlparse"},
    "babel": {"memo.swedish"},
    "markdown_it": {"memo.case.prose"},
    "docx": {"memo.word.prepare", "memo.word.fromtemplate"},  # the reference's preparation, and `memo profil ny`
    "lxml": {"memo.word.prepare"},
    "platformdirs": {"memo.cache"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def run_time_imports(path: Path) -> set[str]:
    """The modules ``path`` imports when it runs (inside functions too, not under ``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for statement in node.body for child in ast.walk(statement))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def memo_graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {m for m in run_time_imports(path) if m in modules and m != name and m != "memo"}
            for name, path in modules.items()}


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


def test_each_third_party_library_is_imported_in_its_own_place() -> None:
    strays = []
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        for imported in run_time_imports(path):
            library = imported.split(".")[0]
            homes = LIBRARY_HOMES.get(library)
            if homes is not None and not any(name == home or name.startswith(home + ".") for home in homes):
                strays.append(f"{name} imports {imported}")
    assert not strays, sorted(set(strays))
