"""What a Word document says, read back: paragraphs with their style, emphasis and list, tables, header and footer.

The model is neutral: it knows nothing of cases or sections, only what a reader of the document sees. Both the
round trip (a memo memo wrote, edited in Word) and the import (an old memo from any writer) map it onto a case.
Named tuples, like the writer's blocks (:mod:`memo.renderer.blocks`): a long document makes one per run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

__all__ = ["Block", "Cell", "Numbering", "Para", "ReadDocument", "Span", "Table", "W"]

#: WordprocessingML's namespace, as lxml writes it before a tag's name (``W + "p"``).
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: What a case's prose (memo.case.prose) would read as markup: emphasis, an escape.
_MARKUP = re.compile(r"([*\\])")
#: A line start that the prose would read as a list item ("- ", "1. ", "2) "), on any line of a paragraph.
_LIST_START = re.compile(r"^([ \t]*)(?:([-+])|(\d{1,9})([.)]))(?=\s|$)", re.MULTILINE)
#: A span's text as spaces and punctuation before, the emphasised core, and spaces and punctuation after.
_EDGES = re.compile(r"([\W_]*?)(\w(?:.*\w)?)?([\W_]*)", re.DOTALL)


class Span(NamedTuple):
    """A stretch of text with one emphasis: runs of the same formatting, merged. Tabs are ``\\t``, line breaks
    ``\\n``."""

    text: str
    bold: bool = False
    italic: bool = False


class Numbering(NamedTuple):
    """A paragraph's place in a Word list: the list (``w:numId``), its level (0 first), whether it counts, and the
    label Word shows before it ("1.", "a)", "•", "–")."""

    num_id: int
    level: int
    ordered: bool
    label: str


class Para(NamedTuple):
    """A paragraph as shown.

    ``style`` is its paragraph style's name as Word shows it ("Normal", "Heading 1", "Title", "Rubrik 2");
    ``heading`` its outline level (1–9) when it is a heading by its style or its own formatting; ``numbering`` its
    place in a Word list (from the paragraph or its style); ``bookmarks`` the names of the bookmarks that start in it.
    """

    style: str
    spans: tuple[Span, ...]
    heading: int | None = None
    numbering: Numbering | None = None
    bookmarks: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The plain text.

        >>> Para("Normal", (Span("Region "), Span("Örebro", bold=True))).text
        'Region Örebro'
        """
        return "".join(span.text for span in self.spans)

    @property
    def all_bold(self) -> bool:
        """Every character that is not a space is bold (a heading typed as bold text), and there is one.

        >>> Para("Normal", (Span("Bakgrund", bold=True), Span(" "))).all_bold
        True
        """
        seen = False
        for span in self.spans:
            if span.text.strip():
                if not span.bold:
                    return False
                seen = True
        return seen

    @property
    def markup(self) -> str:
        """The text as a case's prose writes it: ``**fet**``, ``*kursiv*``, and ``\\`` before a character that the
        prose would otherwise read as markup (an asterisk, a backslash, a list marker at the start, ``${``).

        >>> Para("Normal", (Span("Beslutet "), Span("gäller ", italic=True), Span("från 1 juli."))).markup
        'Beslutet *gäller* från 1 juli.'
        >>> Para("Normal", (Span("1. Kostnad: 5 * 3 ${x}"),)).markup
        '1\\\\. Kostnad: 5 \\\\* 3 $${x}'
        """
        out: list[str] = []
        for span in _merged(self.spans):
            marker = ("**" if span.bold else "") + ("*" if span.italic else "")
            # Spaces and punctuation at the edges stand outside the markers: CommonMark opens "**" only before a
            # letter (or after a space) and closes it only after one, so "Kommun**-**styrelsen" would stay as typed.
            edges = _EDGES.fullmatch(span.text)
            lead, core, trail = edges.groups() if edges else ("", span.text, "")
            if not marker or not core:
                out.append(_escaped(span.text))
                continue
            out.append(f"{_escaped(lead)}{marker}{_escaped(core)}{marker[::-1]}{_escaped(trail)}")
        return _LIST_START.sub(_escaped_marker, "".join(out))


def _escaped(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text).replace("${", "$${")


def _escaped_marker(found: re.Match[str]) -> str:
    if found.group(2):
        return f"{found.group(1)}\\{found.group(2)}"
    return f"{found.group(1)}{found.group(3)}\\{found.group(4)}"


def _merged(spans: tuple[Span, ...]) -> list[Span]:
    """Neighbouring spans of the same emphasis as one; spaces take their neighbour's emphasis."""
    out: list[Span] = []
    for span in spans:
        if out and (out[-1].bold, out[-1].italic) == (span.bold, span.italic):
            out[-1] = Span(out[-1].text + span.text, span.bold, span.italic)
        elif out and not span.text.strip():
            out[-1] = Span(out[-1].text + span.text, out[-1].bold, out[-1].italic)
        else:
            out.append(span)
    return out


class Cell(NamedTuple):
    """A table cell: its paragraphs and nested tables."""

    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The cell's text, its paragraphs on lines of their own."""
        return "\n".join(block.text if isinstance(block, Para) else "" for block in self.blocks)


class Table(NamedTuple):
    """A table: its rows of cells (a merged cell once, where it starts; a cell merged from above is empty)."""

    rows: tuple[tuple[Cell, ...], ...]


Block = Para | Table


class ReadDocument(NamedTuple):
    """A Word document as read: the body, every header and footer part (each once, in the order the document's
    sections name them, the first page's before the others'), the tracked changes found (read as accepted), the
    custom document properties, the title property, the notes and what was not read."""

    path: Path | None
    body: tuple[Block, ...]
    headers: tuple[Block, ...]
    footers: tuple[Block, ...]
    revisions: int
    properties: Mapping[str, str]
    title: str
    #: The footnotes' and endnotes' paragraphs, in the order of the parts.
    notes: tuple[Block, ...] = ()
    #: What the model has no place for, counted by what it is (:data:`memo.word.readback.walk.UNREAD`: pictures,
    #: equations, tables nested too deep), so that a reader of the model can say it was left out.
    unread: Mapping[str, int] = {}
