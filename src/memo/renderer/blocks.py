"""Stage 4 (model): the memo as document blocks, independent of Word.

The markup parser produces these; the DOCX writer consumes them. They are named tuples:
immutable like frozen dataclasses, but a long memo makes one per paragraph, run and table
cell, and a tuple is made in less than half the time (and is not followed by Python's
cycle collector when it holds only text and numbers).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Block", "Cell", "ListInfo", "Paragraph", "Run", "Table"]


class Run(NamedTuple):
    """A piece of text with one formatting. ``kind`` is ``text``, ``tab`` or ``break``."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    kind: str = "text"


class ListInfo(NamedTuple):
    """Membership of a paragraph in a list: which list (restarts per id), level, kind and first number."""

    list_id: int
    level: int
    ordered: bool
    start: int = 1
    #: A bullet list whose bullet is a dash ("–"), as decision points are often written.
    dash: bool = False


class Paragraph(NamedTuple):
    """A paragraph in a named Word paragraph style (the style's UI name)."""

    style: str
    runs: tuple[Run, ...]
    list: ListInfo | None = None
    align: str | None = None

    @property
    def text(self) -> str:
        return "".join(r.text if r.kind == "text" else ("\t" if r.kind == "tab" else "\n") for r in self.runs)


class Cell(NamedTuple):
    paragraphs: tuple[Paragraph, ...]
    header: bool = False


class Table(NamedTuple):
    """A table; its first ``header_rows`` rows repeat on every page. ``caption`` describes it."""

    rows: tuple[tuple[Cell, ...], ...]
    caption: str
    header_rows: int = 1
    #: The caption stands above the table; otherwise it is the table's alt text only.
    shown_caption: bool = True


Block = Paragraph | Table
