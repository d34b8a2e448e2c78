"""Stage 4 (model): the memo as document blocks, independent of Word.

The markup parser produces these; the DOCX writer consumes them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Block", "Cell", "ListInfo", "Paragraph", "Run", "Table"]


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting. ``kind`` is ``text``, ``tab`` or ``break``."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    kind: str = "text"


@dataclass(frozen=True)
class ListInfo:
    """Membership of a paragraph in a list: which list (restarts per id), level, kind and first number."""

    list_id: int
    level: int
    ordered: bool
    start: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in a named Word paragraph style (the style's UI name)."""

    style: str
    runs: tuple[Run, ...]
    list: ListInfo | None = None
    align: str | None = None

    @property
    def text(self) -> str:
        return "".join(r.text if r.kind == "text" else ("\t" if r.kind == "tab" else "\n") for r in self.runs)


@dataclass(frozen=True)
class Cell:
    paragraphs: tuple[Paragraph, ...]
    header: bool = False


@dataclass(frozen=True)
class Table:
    """A table; its first ``header_rows`` rows repeat on every page. ``caption`` describes it."""

    rows: tuple[tuple[Cell, ...], ...]
    caption: str
    header_rows: int = 1


Block = Paragraph | Table
