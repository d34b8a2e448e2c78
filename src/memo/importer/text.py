"""An old memo's blocks as the case writes text: prose with its lists, one-line entries, a table of amounts.

Paragraphs become the case's prose (their markup: ``**fet**``, ``*kursiv*``, a literal ``${`` doubled), separated
by an empty line; a Word list's items become the prose's lists ("- " and "1. "), which memo writes as Word lists
again, and a line typed "- …" or "1. …" stays the text it is. Prose has no tables (:mod:`memo.case.prose`): a
table in prose becomes a list, one item per row, its cells separated by semicolons, and the report says so. In the
economy's section a table whose cells are amounts becomes the case's table of amounts
(:data:`memo.case.sections.TABLE`).

>>> bold = Para("Normal", (Span("Ett "), Span("viktigt", bold=True), Span(" stycke, 5 * 3.")))
>>> prose([bold, _item("första", True), _item("andra", True), _para("Sist ${x}.")])
'Ett **viktigt** stycke, 5 \\\\* 3.\\n\\n1. första\\n1. andra\\n\\nSist $${x}.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from memo.word.readback import Block, Cell, Numbering, Para, Span, Table

__all__ = ["Amounts", "amounts", "entries", "is_caption", "literal", "prose", "table_lines"]

#: A list marker typed at a line's start ("- ", "• ", "1. "; the markup escapes "-" and "1." as "\\-" and "1\\.").
_MARKER = re.compile(r"^\s*(?:\\?[-–•◦▪]|\d{1,3}\\?[.)])[ \t\u00a0]+")
_SPACE = " \u00a0\t"
_CAPTION_STYLES = frozenset({"caption", "beskrivning", "bildtext", "tabellrubrik"})
_CAPTION = re.compile(r"^\s*(?:tabell|figur|diagram|bild)\s+\d", re.IGNORECASE)
#: An amount as a table writes it: "1 250", "-300", "−1 250,5", "" (an empty cell).
_AMOUNT = re.compile(r"^[-−–]?\d{1,3}(?:[ \u00a0\u202f.]?\d{3})*(?:,\d+)?$")
_UNITS = {"mnkr": Decimal(1_000_000), "miljoner kronor": Decimal(1_000_000), "tkr": Decimal(1000),
          "tusen kronor": Decimal(1000), "kkr": Decimal(1000), "kr": Decimal(1), "kronor": Decimal(1)}


def _para(text: str) -> Para:
    return Para("Normal", (Span(text),))


def _item(text: str, ordered: bool) -> Para:
    return Para("List Paragraph", (Span(text),), numbering=Numbering(1, 0, ordered, "1." if ordered else "•"))


def is_caption(para: Para) -> bool:
    """A table's or a figure's caption: in a caption's style, or "Tabell 1 …", "Figur 2 …"."""
    return para.style.casefold() in _CAPTION_STYLES or _CAPTION.match(para.text) is not None


def literal(markup: str) -> str:
    """Text as the case writes it: a ``${`` that is the memo's own text, not a reference, doubled."""
    return markup.replace("${", "$${")


def _markup(para: Para) -> str:
    """The paragraph as prose (its markup: ``${`` and a list marker typed at its start already escaped), on one
    line."""
    return " ".join(line.strip(_SPACE) for line in para.markup.split("\n") if line.strip(_SPACE))


def table_lines(table: Table) -> list[str]:
    """A table's rows as lines: its cells' texts separated by semicolons."""
    lines = []
    for row in table.rows:
        cells = [" ".join(_cell_text(cell).split()) for cell in row]
        if any(cells):
            lines.append("; ".join(cell for cell in cells if cell))
    return lines


def _cell_text(cell: Cell) -> str:
    return " ".join(_markup(block) if isinstance(block, Para) else " ".join(table_lines(block))
                    for block in cell.blocks)


def prose(blocks: Sequence[Block]) -> str:
    """``blocks`` as the case's prose: paragraphs apart, a list's items line by line."""
    pieces: list[tuple[bool, str]] = []  # (a list item, its text)
    for block in blocks:
        if isinstance(block, Table):
            pieces.extend((True, "- " + line) for line in table_lines(block))
            continue
        text = _markup(block)
        if not text:
            continue
        if block.numbering is not None:
            pieces.append((True, ("1. " if block.numbering.ordered else "- ") + text))
        elif _MARKER.match(text) and not text.lstrip().startswith("\\"):  # "• …" (a typed "- …" stays text)
            pieces.append((True, text.replace("•", "-", 1)))
        else:
            pieces.append((False, text))
    out = ""
    for n, (item, text) in enumerate(pieces):
        if n:
            out += "\n" if item and pieces[n - 1][0] else "\n\n"
        out += text
    return out


def entries(blocks: Sequence[Block]) -> list[str]:
    """``blocks`` as one-line entries (a list's items, the recipients): each line, without its list marker."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            found.extend(table_lines(block))
            continue
        for line in block.markup.split("\n"):
            text = _MARKER.sub("", line.strip(_SPACE)).strip(_SPACE).rstrip(",;")
            if text:
                found.append(text)
    return found


class Amounts(NamedTuple):
    """A table of amounts as the case writes it (:data:`memo.case.sections.TABLE`)."""

    kolumner: tuple[str, ...]
    rader: tuple[tuple[str, tuple[str, ...]], ...]  # each row's post, and its amounts in kronor ("" for none)
    enhet: str


def amounts(table: Table, caption: str = "") -> Amounts | None:
    """``table`` as a table of amounts: a header row (the columns), then rows of a text and amounts; the unit from
    the caption or the header ("tkr"), the amounts given in kronor. None when it is not one."""
    grid = [[" ".join(_cell_text(cell).split()) for cell in row] for row in table.rows]
    if len(grid) < 2 or len({len(row) for row in grid}) != 1 or len(grid[0]) < 2:
        return None
    head, body = grid[0], grid[1:]
    if not all(all(_AMOUNT.match(cell) or not cell for cell in row[1:]) for row in body):
        return None
    said = " ".join([caption, *head]).casefold()
    unit = next((name for name in _UNITS if re.search(rf"(?<!\w){name}(?!\w)", said)), "kronor")
    factor = _UNITS[unit]
    rader = []
    for row in body:
        values = []
        for cell in row[1:]:
            try:
                number = Decimal(re.sub(r"[ \u00a0\u202f.]", "", cell).replace(",", ".").replace("−", "-")
                                 .replace("–", "-")) * factor if cell else None
            except InvalidOperation:
                return None
            values.append("" if number is None else format(number.normalize(), "f"))
        rader.append((row[0], tuple(values)))
    shown = {"miljoner kronor": "mnkr", "tusen kronor": "tkr", "kkr": "tkr"}.get(unit, unit)
    return Amounts(tuple(head[1:]), tuple(rader), shown)
