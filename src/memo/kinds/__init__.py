"""The kinds of document memo writes: one entry each in :data:`TABLE`, one folder each.

A file's kind is told by its marker key (a protokollsutdrag names its case with
``protokollsutdrag: ärende.yaml``); a file without any is a memo, the default. A kind may also be made only
from a file of another kind (the protokoll, from a sammanträde's file): it has no marker and no file of its own.
Everything the pipeline does with a document it does through the kind's row (:class:`memo.kinds.kind.DocumentKind`,
the ``KIND`` of its folder). A kind's folder is imported only when a file of that kind is read,
so a memo never pays for the other kinds. Adding a kind of document is a folder here and an entry below.
"""

from __future__ import annotations

import functools
import importlib
import sys
from typing import TYPE_CHECKING, NamedTuple

from memo.case.checker import canonical_key
from memo.read.yamlparse import Node

if TYPE_CHECKING:
    from memo.kinds.kind import DocumentKind

__all__ = ["TABLE", "Entry", "default_kind", "file_kinds", "kind_for", "kind_named", "kind_of", "kinds",
           "readme_tables"]


class Entry(NamedTuple):
    """A kind of document as the table knows it before its folder is read."""

    name: str
    #: The top-level key that makes a file this kind; None for the default.
    marker: str | None
    #: The kind's folder, whose ``KIND`` is its row.
    module: str
    #: The kind whose files it is made from (the protokoll: a sammanträde's); None: it has files of its own.
    made_from: str | None = None


#: Every kind of document, the default (the memo) first.
TABLE: tuple[Entry, ...] = (
    Entry("pm", None, "memo.kinds.pm"),
    Entry("protokollsutdrag", "protokollsutdrag", "memo.kinds.protokollsutdrag"),
    Entry("sammantrade", "arenden", "memo.kinds.sammantrade"),
    Entry("protokoll", None, "memo.kinds.protokoll", made_from="sammantrade"),
)


def _row(entry: Entry) -> DocumentKind:
    kind: DocumentKind = importlib.import_module(entry.module).KIND
    return kind


def default_kind() -> DocumentKind:
    """The memo: the kind of a file without a marker."""
    return _row(TABLE[0])


@functools.cache
def kinds() -> tuple[DocumentKind, ...]:
    """Every kind's row, in the table's order (each folder read)."""
    return tuple(_row(entry) for entry in TABLE)


def file_kinds() -> tuple[DocumentKind, ...]:
    """The kinds that have files of their own (``memo ny`` and ``memo schema`` offer them), in the table's order."""
    return tuple(_row(entry) for entry in TABLE if entry.made_from is None)


def kind_named(name: str) -> DocumentKind | None:
    """The kind with files of its own called ``name`` (written with or without å, ä and ö, in any case), or None."""
    wanted = canonical_key(name)
    return next((_row(entry) for entry in TABLE if entry.made_from is None and canonical_key(entry.name) == wanted),
                None)


def kind_of(root: Node) -> DocumentKind:
    """The kind of the file whose tree is ``root``: the first whose marker key it holds, else the memo."""
    if isinstance(root.value, dict):
        keys = {canonical_key(key) for key in root.value}
        for entry in TABLE:
            if entry.marker is not None and entry.marker in keys:
                return _row(entry)
    return default_kind()


def kind_for(document: object) -> DocumentKind | None:
    """The kind of a document read or built in Python (a :class:`memo.case.model.Case` …), or None.

    Only kinds whose folder is read are asked: a document of a kind whose folder was never imported cannot exist.
    """
    for entry in TABLE:
        if entry.module in sys.modules:
            kind = _row(entry)
            if isinstance(document, kind.model):
                return kind
    return None


def readme_tables() -> list[str]:
    """The README's table of keys for each kind of document (the memo's headed "nyckel", the others' named)."""
    from memo.case.sections import key_table

    return [key_table(kind.fields, kind.sections,
                      heading="nyckel" if kind.marker is None else f"nyckel ({kind.name})")
            for kind in file_kinds()]
