"""The memo as memo writes it from the case now, every paragraph knowing the unit of case text it shows.

The case's tree is marked (:func:`memo.roundtrip.units.marked_tree`), read and rendered as any
case is, and the DOCX read back with :mod:`memo.word.readback`, the reader the edited memo is
read with, so that the two are compared paragraph by paragraph in the same terms. The markers are
then taken out of each paragraph: what remains is the memo's text exactly, and where they stood
says which unit the paragraph shows and which stretch of it each ``${…}`` reference wrote.
"""

from __future__ import annotations

import re
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from memo.collector import collector_paused
from memo.kinds import kind_of
from memo.kinds.kind import DocumentKind
from memo.profile.load import Profile
from memo.read.source import SourceText
from memo.read.yamlparse import Node
from memo.roundtrip.cells import amounts_keyed
from memo.roundtrip.piece import Piece
from memo.roundtrip.units import KEY, MARKERS, REF_CLOSE, REF_OPEN, UNIT, UNIT_BASE, Unit, marked
from memo.roundtrip.units import Path as KeyPath
from memo.word.readback import Block, Para, ReadDocument, Span, Table, read_document

__all__ = ["Piece", "flat", "fresh_memo"]

_UNITS = re.compile("[" + UNIT + KEY + "][\ue100-\uf8ff]")


def flat(blocks: Sequence[Block]) -> Iterator[Para]:
    """The paragraphs of ``blocks`` in reading order, a table's row by row and cell by cell."""
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from flat(cell.blocks)
        else:
            yield block


def _clean(para: Para) -> Para:
    return para._replace(spans=tuple(s._replace(text=MARKERS.sub("", s.text)) for s in para.spans))


def _piece(para: Para, story: str, keys: Sequence[KeyPath] = ()) -> Piece:
    """A paragraph of the marked memo, its markers read and taken out."""
    marked = para.markup
    clean = _clean(para)
    if UNIT not in marked:
        at = marked.find(KEY)
        number = ord(marked[at + 1]) - UNIT_BASE if 0 <= at < len(marked) - 1 else -1
        key = keys[number] if 0 <= number < len(keys) else None
        return Piece(clean, clean.text, clean.markup, story=story, key=key)
    at = marked.index(UNIT)
    unit = ord(marked[at + 1]) - UNIT_BASE if at + 1 < len(marked) else None
    prefix = MARKERS.sub("", marked[:at])
    rest = marked[at + 2:]
    references: list[tuple[int, int]] = []
    out: list[str] = []
    size = 0
    opened = -1
    for character in _UNITS.sub("", rest):
        if character == REF_OPEN:
            opened = size
        elif character == REF_CLOSE:
            if opened >= 0:
                references.append((opened, size))
            opened = -1
        else:
            out.append(character)
            size += 1
    return Piece(clean, clean.text, prefix + "".join(out), unit, prefix, tuple(references), story)


def pieces(document: ReadDocument, *, marked: bool, keys: Sequence[KeyPath] = ()) -> list[Piece]:
    """Every paragraph of a read memo — the body's, then the headers' and footers' — as pieces."""
    def make(para: Para, story: str) -> Piece:
        if marked:
            return _piece(para, story, keys)
        return Piece(para, para.text, para.markup, story=story)

    return ([make(p, "body") for p in flat(document.body)] + [make(p, "header") for p in flat(document.headers)]
            + [make(p, "footer") for p in flat(document.footers)])


class Fresh(NamedTuple):
    """The memo rendered from the case now."""

    pieces: list[Piece]
    units: list[Unit]
    document: Any
    profile: Profile
    title: str


def fresh_memo(root: Node, source: SourceText, profile: Profile, sections: Sequence[Any]) -> Fresh:
    """Render the case (its tree ``root``, read for ``profile``) with its units marked, and read the memo back."""
    from memo.pipeline import _render  # the pipeline's own steps, on the marked case

    marked_root, units, keys = marked(root, sections)
    kind: DocumentKind = kind_of(marked_root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said when the case is rendered for itself, not here
        with collector_paused():
            document, chosen = kind.read(marked_root, source, profile)
        data = _render(document, kind, chosen, templates=None)
    with tempfile.TemporaryDirectory(prefix="memo-las-") as folder:
        path = Path(folder) / "memo.docx"
        path.write_bytes(data)
        read = read_document(path)
    title = MARKERS.sub("", read.title)
    return Fresh(amounts_keyed(pieces(read, marked=True, keys=keys), read, units, root), units, document, chosen,
                 title)


__all__ += ["Fresh", "Span", "pieces"]
