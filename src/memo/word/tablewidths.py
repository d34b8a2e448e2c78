"""The widths of a table's columns, from the text in them: an amount is never broken inside its figures.

Word and LibreOffice lay out a fixed-width table as told, so memo sizes each column before it
writes it. The width of a text is measured with the advance widths of the font the reference
document prints table text in (:class:`memo.fonts.widths.FontWidths`, measured once per font and
computer, :mod:`memo.fonts.cached`); the amount columns get what their widest amount needs, the text column the rest.
"""

from __future__ import annotations

import re
import warnings

from memo.errors import MemoWarning
from memo.fonts.widths import FontWidths
from memo.renderer.blocks import Cell, Table

__all__ = ["CELL_PADDING", "MARGIN_ALLOWANCE", "NUMBER_COLUMN", "TEXT_COLUMN", "TEXT_COLUMN_FLOOR", "column_widths"]

#: Cell padding (Table Grid's 0.19 cm on each side) and a margin for rounding, in twentieths of a point.
CELL_PADDING = 2 * 108 + 40
#: A column of figures is at least this wide when there is room, as memo's tables were before.
NUMBER_COLUMN = 1300
#: The text (first) column gets what the others leave, and at least this much before memo warns …
TEXT_COLUMN = 2268  # 4 cm
#: … and never less than this (the table then reaches into the right margin).
TEXT_COLUMN_FLOOR = 1134  # 2 cm
#: How far past the text width a table may reach, into the right margin (which is at least 2 cm in the
#: shipped reference documents and in the usual ones); a wider table is squeezed to it, never off the paper.
MARGIN_ALLOWANCE = 1134
_BREAKS = re.compile("[ \t\n\u2013\u2014-]")


def _cell_need(cell: Cell, font: FontWidths) -> int:
    """The narrowest width a cell's text fits in without breaking inside a word or a number."""
    need = 0
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            if run.kind == "text":
                need = max(need, *(font.twips(piece, run.bold) for piece in _BREAKS.split(run.text)))
    return need + CELL_PADDING


def _cell_natural(cell: Cell, font: FontWidths) -> int:
    """The width a cell's text fits in on one line."""
    return max((sum(font.twips(r.text, r.bold) for r in p.runs if r.kind == "text") for p in cell.paragraphs),
               default=0) + CELL_PADDING


def column_widths(table: Table, width: int, font: FontWidths) -> list[int]:
    """The widths of the table's columns in twentieths of a point, for a text width of ``width``, with the
    table text's ``font``.

    The columns after the first (figures, as a rule) get the width their longest word or amount needs —
    an amount is never broken — all of them the same, and at least :data:`NUMBER_COLUMN` when there is
    room. The first column gets the rest. When that is less than :data:`TEXT_COLUMN` (or the first
    column's own text, if shorter), memo warns; the first column is then never narrower than
    :data:`TEXT_COLUMN_FLOOR`, and the table reaches past the text width, at most by :data:`MARGIN_ALLOWANCE`:
    beyond that the amount columns share what there is, and amounts wrap (the warning says so).
    """
    columns = max((len(row) for row in table.rows), default=1)
    if columns == 1:
        return [width]
    if font.missing:
        _warn_missing(table, font)
    needs = [0] * columns
    text_natural = 0
    for row in table.rows:
        for column, cell in enumerate(row):
            needs[column] = max(needs[column], _cell_need(cell, font))
            if column == 0:
                text_natural = max(text_natural, _cell_natural(cell, font))
    others = needs[1:]
    text_minimum = min(TEXT_COLUMN, text_natural)
    for candidate in ([max(max(others), NUMBER_COLUMN)] * len(others), [max(others)] * len(others), others):
        if width - sum(candidate) >= text_minimum:
            return [width - sum(candidate), *candidate]
    first = max(width - sum(others), TEXT_COLUMN_FLOOR)
    fits = first + sum(others) <= width + MARGIN_ALLOWANCE
    consequence = ("tabellen går därför ut i högermarginalen" if fits else
                   "den går inte att visa utan att beloppen bryts, och de gör det nu")
    warnings.warn(MemoWarning(
        f"Tabellen \u201d{table.caption}\u201d får inte plats mellan sidans marginaler: de {columns - 1} kolumnerna "
        f"med belopp behöver omkring {_cm(sum(others))} cm och texten i första kolumnen {_cm(text_minimum)} cm, "
        f"men sidan har {_cm(width)} cm; {consequence}. Visa beloppen i en större enhet (enhet: tkr eller "
        "enhet: mnkr under tabell), eller dela upp tabellen i färre kolumner."), stacklevel=2)
    if fits:
        return [first, *others]
    # Never off the paper: what the margin allows is shared by the amount columns, which then wrap.
    each = (width + MARGIN_ALLOWANCE - TEXT_COLUMN_FLOOR) // len(others)
    return [TEXT_COLUMN_FLOOR, *([each] * len(others))]


def _cm(twips: int) -> str:
    return f"{twips / 567:.1f}".replace(".", ",")


def _warn_missing(table: Table, font: FontWidths) -> None:
    names = " och ".join(f"\u201d{family}\u201d" for family in font.missing)
    one = len(font.missing) == 1
    warnings.warn(MemoWarning(
        f"{'Typsnittet' if one else 'Typsnitten'} {names}, som referensdokumentet skriver tabelltext med, finns "
        f"inte på den här datorn och är inte {'inbäddat' if one else 'inbäddade'} i referensdokumentet. memo har "
        f"därför räknat kolumnbredderna i tabellen \u201d{table.caption}\u201d med de bredaste vanliga "
        "typsnittens mått: beloppen bryts inte, men kolumnerna kan bli något bredare än de behöver. Installera "
        f"{'typsnittet' if one else 'typsnitten'}, eller bädda in {'det' if one else 'dem'} i referensdokumentet "
        "(i Word: Arkiv → Alternativ → Spara → Bädda in teckensnitt i filen)."), stacklevel=3)
