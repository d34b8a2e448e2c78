"""The kinds of document memo writes: one row each in :data:`KINDS`, one folder each.

A file's kind is told by its marker key (a protokollsutdrag names its case with
``protokollsutdrag: ärende.yaml``); a file without any is a memo, the default. Everything the
pipeline does with a document it does through the kind's row (:class:`memo.kinds.kind.DocumentKind`).
Adding a kind of document is a folder here and a row below.
"""

from __future__ import annotations

from memo.case.checker import canonical_key
from memo.case.sections import key_table
from memo.kinds import pm, protokollsutdrag
from memo.kinds.kind import DocumentKind
from memo.read.yamlparse import Node

__all__ = ["DEFAULT", "KINDS", "kind_for", "kind_of", "readme_tables"]

#: Every kind of document, the default (the memo) first.
KINDS: tuple[DocumentKind, ...] = (
    pm.KIND,
    protokollsutdrag.KIND,
)
DEFAULT = KINDS[0]


def kind_of(root: Node) -> DocumentKind:
    """The kind of the file whose tree is ``root``: the first whose marker key it holds, else the memo."""
    if isinstance(root.value, dict):
        keys = {canonical_key(key) for key in root.value}
        for kind in KINDS:
            if kind.marker is not None and kind.marker in keys:
                return kind
    return DEFAULT


def kind_for(document: object) -> DocumentKind | None:
    """The kind of a document read or built in Python (a :class:`memo.case.model.Case` …), or None."""
    return next((kind for kind in KINDS if isinstance(document, kind.model)), None)


def readme_tables() -> list[str]:
    """The README's table of keys for each kind of document (the memo's headed "nyckel", the others' named)."""
    return [key_table(kind.fields, kind.sections,
                      heading="nyckel" if kind.marker is None else f"nyckel ({kind.name})")
            for kind in KINDS]
