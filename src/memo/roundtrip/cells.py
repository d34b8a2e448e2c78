"""A table's amounts: which cell of the fresh memo shows which ``rader[i].belopp[j]`` of the case.

An amount is a number (or a reference to one) that memo formats in the table's unit, so it carries no
marker (:mod:`memo.roundtrip.units`): its cell is known by where it stands instead. A row whose first
cell shows a row's ``post`` (a unit) shows that row's amounts in its other cells, in order, when there
are as many of them as the row has amounts. The piece of each such cell gets the amount's key
(:attr:`memo.roundtrip.fresh.Piece.key`), and a changed amount is read back by
:func:`memo.roundtrip.fields.field_edits` (:func:`amount_back`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from memo.case.checker import canonical_key
from memo.case.model import TABLE_UNITS
from memo.read.yamlparse import Node
from memo.roundtrip.piece import Piece
from memo.roundtrip.units import Path, Unit
from memo.swedish import parse_shown, written_like
from memo.word.readback import Block, Para, ReadDocument, Table

__all__ = ["amount_back", "amounts_keyed", "node_at"]

#: What a cleared cell says: no amount.
NO_AMOUNT = ("", "-", "\u2013", "\u2212")


def node_at(root: Node, path: Path) -> Node | None:
    """The node at ``path`` (keys as written, list positions from 0), or None."""
    node: Node | None = root
    for step in path:
        if node is None:
            return None
        if isinstance(step, int):
            node = node.value[step] if isinstance(node.value, list) and 0 <= step < len(node.value) else None
        else:
            node = node.value.get(step) if isinstance(node.value, dict) else None
    return node


def _cells(blocks: Sequence[Block]) -> Iterator[tuple[Para, tuple[int, int, int] | None]]:
    """The paragraphs of ``blocks`` in the order :func:`memo.roundtrip.fresh.flat` gives them, each with its
    table, row and cell (None outside a table)."""
    tables = 0

    def walk(blocks: Sequence[Block], place: tuple[int, int, int] | None) -> Iterator[tuple[Para, tuple[int, int, int]
                                                                                       | None]]:
        nonlocal tables
        for block in blocks:
            if isinstance(block, Table):
                tables += 1
                table = tables
                for r, row in enumerate(block.rows):
                    for c, cell in enumerate(row):
                        yield from walk(cell.blocks, (table, r, c))
            else:
                yield block, place

    yield from walk(blocks, None)


def amounts_keyed(pieces: list[Piece], read: ReadDocument, units: Sequence[Unit], root: Node) -> list[Piece]:
    """``pieces`` (the fresh memo's, body first) with each table amount's cell keyed to its ``belopp[j]``."""
    places = [place for _, place in _cells(read.body)]
    if len(places) > len(pieces):
        return pieces
    rows: dict[tuple[int, int], dict[int, list[int]]] = {}
    for index, place in enumerate(places):
        if place is not None:
            rows.setdefault(place[:2], {}).setdefault(place[2], []).append(index)
    out = list(pieces)
    for cells in rows.values():
        first = [number for i in cells.get(0, []) if (number := pieces[i].unit) is not None]
        if len(first) != 1:
            continue
        path = units[first[0]].path
        if len(path) < 3 or not isinstance(path[-2], int) or canonical_key(str(path[-1])) != "post":
            continue
        row = node_at(root, path[:-1])
        if row is None or not isinstance(row.value, dict):
            continue
        amounts_key = next((key for key in row.value if canonical_key(key) == "belopp"), None)
        amounts = row.value.get(amounts_key) if amounts_key is not None else None
        if amounts_key is None or amounts is None or not isinstance(amounts.value, list) \
                or len(amounts.value) != len(cells) - 1:
            continue
        for column in range(1, len(cells)):
            shown = [i for i in cells.get(column, []) if pieces[i].text.strip()] or cells.get(column, [])[:1]
            if len(shown) == 1:
                out[shown[0]] = out[shown[0]]._replace(key=(*path[:-1], amounts_key, column - 1))
    return out


def amount_back(root: Node, path: Path, shown: str) -> tuple[str, str] | None:
    """An amount's new text in the case, written like its old one, for a cell now showing ``shown``; and its
    old text. None when the cell's text gives no amount back unambiguously (or the case writes a reference)."""
    node = node_at(root, path)
    if node is None or not isinstance(node.value, str) or "${" in node.value:
        return None
    table = node_at(root, path[:-4])
    unit = "tkr"
    if table is not None and isinstance(table.value, dict):
        for key, child in table.value.items():
            if canonical_key(key) == "enhet" and isinstance(child.value, str) and child.value.strip() in TABLE_UNITS:
                unit = child.value.strip()
    text = " ".join(shown.split())
    if text in NO_AMOUNT:
        return "-", node.value
    old = node.value.strip()
    value = parse_shown(f"{text} {unit}", unit, None if old in NO_AMOUNT else old)
    if value is None:
        return None
    return written_like(value, None if old in NO_AMOUNT else old), node.value
