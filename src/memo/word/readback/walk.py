"""A story's XML (the body, a header, a footer, a table cell) → paragraphs and tables as shown.

What a reader sees is read; what they do not see is not: text in content controls, hyperlinks, smart tags and
custom XML is read where it stands; a field shows its result, never its instruction; hidden text, deleted text
(tracked changes are accepted before) and a drawing's fallback copy are left out. A text box's paragraphs follow the
paragraph that anchors it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from memo.word.readback.model import Block, Cell, Numbering, Para, Span, Table, W
from memo.word.readback.styles import Emphasis, ListCounter, Styles, num_reference, on, outline

__all__ = ["UNREAD", "Walker"]

#: What the reader counts and leaves out, by the name a report gives it (Swedish, plural).
UNREAD = {"picture": "bilder", "equation": "formler", "deep_table": "tabeller i tabeller för djupt"}

_P, _TBL, _TR, _TC, _R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
_SDT, _SDT_CONTENT = W + "sdt", W + "sdtContent"
#: Containers whose content is read where it stands.
_TRANSPARENT = frozenset(W + name for name in (
    "hyperlink", "smartTag", "customXml", "ins", "moveTo", "dir", "bdo", "fldSimple"))
#: Content nobody sees: deleted text, a field's instruction.
_UNSEEN = frozenset(W + name for name in ("del", "moveFrom", "instrText", "delText", "delInstrText"))
_BOOKMARK = W + "bookmarkStart"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = W + "txbxContent"
_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"
#: Elements that show what the model cannot hold: a picture (one with no text box in it), an equation.
_UNREAD_TAGS = {W + "drawing": "picture", W + "pict": "picture", W + "object": "picture", _MATH: "equation"}
_BREAK_TYPES = ("textWrapping", None)
#: How deep tables and text boxes may nest before the rest is left unread (a hostile file's recursion).
_MAX_DEPTH = 30


class Walker:
    """Reads stories of one document; list numbers count on across them, in reading order."""

    def __init__(self, styles: Styles) -> None:
        self._styles = styles
        self._lists = ListCounter(styles)
        #: What was left out, counted by its key in :data:`UNREAD`.
        self.unread: dict[str, int] = {}

    def _left_out(self, what: str) -> None:
        self.unread[what] = self.unread.get(what, 0) + 1

    def blocks(self, container: Any, depth: int = 0) -> tuple[Block, ...]:
        """The paragraphs and tables directly in ``container`` (a body, header, footer or cell)."""
        out: list[Block] = []
        pending: list[str] = []  # bookmarks between paragraphs belong to the next one
        for child in _content(container):
            if child.tag == _P:
                paragraph, boxes = self._paragraph(child, depth)
                if pending:
                    paragraph = paragraph._replace(bookmarks=tuple(pending) + paragraph.bookmarks)
                    pending = []
                out.append(paragraph)
                out.extend(boxes)
            elif child.tag == _TBL and depth < _MAX_DEPTH:
                out.append(self._table(child, depth + 1))
            elif child.tag == _TBL:
                self._left_out("deep_table")
            elif child.tag == _BOOKMARK and child.get(W + "name"):
                pending.append(child.get(W + "name"))
        return tuple(out)

    def _table(self, table: Any, depth: int) -> Table:
        rows = []
        for row in _content(table):
            if row.tag != _TR:
                continue
            rows.append(tuple(Cell(self.blocks(cell, depth)) for cell in _content(row) if cell.tag == _TC))
        return Table(tuple(rows))

    def _paragraph(self, paragraph: Any, depth: int) -> tuple[Para, list[Block]]:
        ppr = paragraph.find(W + "pPr")
        style_element = ppr.find(W + "pStyle") if ppr is not None else None
        style = self._styles.paragraph(style_element.get(W + "val") if style_element is not None else None)
        heading = (outline(ppr) if ppr is not None else None) or style.heading
        numbering = self._numbering(ppr, style.num)
        base = style.emphasis
        spans: list[Span] = []
        bookmarks: list[str] = []
        boxes: list[Block] = []
        field: list[bool] = []  # per open complex field: its result is showing
        for element in _runs(paragraph, bookmarks):
            if element.tag in _UNREAD_TAGS:
                self._left_out(_UNREAD_TAGS[element.tag])
                continue
            if element.tag == _TEXT_BOX:
                if depth < _MAX_DEPTH:
                    boxes.extend(self.blocks(element, depth + 1))
                continue
            self._run(element, base, style.vanish, field, spans)
        return Para(style.name, tuple(spans), heading, numbering, tuple(bookmarks)), boxes

    def _numbering(self, ppr: Any, from_style: tuple[int, int] | None) -> Numbering | None:
        own = num_reference(ppr) if ppr is not None else None
        num_id = own[0] if own is not None else (from_style[0] if from_style else 0)
        if own is not None and own[0] == 0:
            return None  # the paragraph takes itself out of its style's list
        level = own[1] if own is not None else (from_style[1] if from_style else 0)
        if not num_id:
            return None
        return self._lists.label(num_id, level)

    def _run(self, run: Any, base: Emphasis, hidden_style: bool, field: list[bool], spans: list[Span]) -> None:
        rpr = run.find(W + "rPr")
        character = rpr.find(W + "rStyle") if rpr is not None else None
        emphasis = Emphasis.of(rpr).over(self._styles.character(
            character.get(W + "val") if character is not None else None)).over(base)
        vanish = on(rpr.find(W + "vanish")) if rpr is not None else None
        hidden = vanish if vanish is not None else hidden_style
        text: list[str] = []
        for child in run:
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    field.append(False)
                elif kind == "separate" and field:
                    field[-1] = True
                elif kind == "end" and field:
                    field.pop()
                continue
            if field and not field[-1]:
                continue  # the field's instruction, or a field with no result yet
            if tag == W + "t":
                text.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                text.append("\t")
            elif (tag == W + "br" and child.get(W + "type") in _BREAK_TYPES) or tag == W + "cr":
                text.append("\n")
            elif tag == W + "noBreakHyphen":
                text.append("-")
            elif tag == W + "sym":
                text.append(_symbol(child))
        if hidden or not text:
            return
        joined = "".join(text)
        bold, italic = bool(emphasis.bold), bool(emphasis.italic)
        if spans and (spans[-1].bold, spans[-1].italic) == (bold, italic):
            spans[-1] = Span(spans[-1].text + joined, bold, italic)
        else:
            spans.append(Span(joined, bold, italic))


def _symbol(element: Any) -> str:
    """A ``w:sym`` character (a Wingdings bullet reads as "•")."""
    code = element.get(W + "char", "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if value >= 0xF000:  # a symbol font's private-use code point
        return "•"
    return chr(value) if 0x20 <= value < 0x110000 and not 0xD800 <= value < 0xE000 else ""


def _content(container: Any) -> Iterator[Any]:
    """The children of a story or table level, with content controls and custom XML opened."""
    for child in container:
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _content(content)
        elif child.tag in _TRANSPARENT:
            yield from _content(child)
        else:
            yield child


def _runs(paragraph: Any, bookmarks: list[str]) -> Iterator[Any]:
    """The runs of a paragraph in reading order, with the text boxes they anchor (after the run) and the names of
    the bookmarks that start in it (added to ``bookmarks``)."""
    stack = [iter(paragraph)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == _R:
            yield child
            boxes = [box for box in child.iter(_TEXT_BOX) if _outermost(box, child)]
            yield from boxes
            if not boxes:
                yield from (shown for shown in child if shown.tag in _UNREAD_TAGS)
        elif tag == _MATH:
            yield child
        elif tag == _BOOKMARK:
            if child.get(W + "name"):
                bookmarks.append(child.get(W + "name"))
        elif tag in _UNSEEN or tag in (W + "pPr", _FALLBACK):
            continue
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                stack.append(iter(content))
        elif tag in _TRANSPARENT or len(child):
            stack.append(iter(child))


def _outermost(box: Any, run: Any) -> bool:
    """The text box is the run's own: not a drawing's fallback copy, not inside another text box of the run."""
    for parent in box.iterancestors():
        if parent is run:
            return True
        if parent.tag in (_FALLBACK, _TEXT_BOX):
            return False
    return True
