"""A font file's advance widths and names, read with fontTools.

fontTools reads TrueType and OpenType fonts (also collections, .ttc) table by table; memo reads the
character map, the horizontal metrics and the names, and nothing else (``lazy``: the glyphs are never
parsed). A file that is not a font, or a damaged one, is :data:`None`: it is as if it were not there.
"""

from __future__ import annotations

import contextlib
import io
import logging
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from fontTools.ttLib import TTFont, TTLibError

from memo.fonts.widths import CHARACTERS, ZERO_WIDTH

__all__ = ["Face", "advance_widths", "faces"]

#: What a damaged or foreign file makes fontTools raise while its tables are read.
_UNREADABLE = (TTLibError, OSError, KeyError, IndexError, ValueError, AssertionError, struct.error, EOFError)


class Face(NamedTuple):
    """One face in a font file: its family (as the font names it), whether it is bold or italic, its number."""

    family: str
    bold: bool
    italic: bool
    number: int


def advance_widths(source: Path | bytes, index: int = 0) -> dict[str, int] | None:
    """The advance width of each of :data:`memo.fonts.widths.CHARACTERS` the font has, in thousandths of an
    em (rounded up), for the font in the file ``source`` (or its bytes), face ``index``; None if unreadable."""
    try:
        with _open(source, index) as font:
            per_em = int(font["head"].unitsPerEm)
            cmap = font.getBestCmap() or {}
            metrics = font["hmtx"]
            widths = {}
            for character in CHARACTERS:
                glyph = cmap.get(ord(character))
                if glyph is not None:
                    widths[character] = -(-int(metrics[glyph][0]) * 1000 // per_em)
    except _UNREADABLE:
        return None
    if not per_em or not widths:
        return None
    widths.update(dict.fromkeys(ZERO_WIDTH, 0))
    return widths


def faces(path: Path) -> Iterator[Face]:
    """The faces in the font file at ``path`` (several in a collection); none if it is not a readable font."""
    try:
        with path.open("rb") as file:
            header = file.read(12)
        count = struct.unpack(">I", header[8:12])[0] if header[:4] == b"ttcf" else 1
    except (OSError, struct.error):
        return
    for index in range(min(count, 64)):
        try:
            with _open(path, index) as font:
                names = font["name"]
                family = names.getBestFamilyName() or ""
                os2 = font.get("OS/2")
                style = (names.getBestSubFamilyName() or "").casefold()
                bold = ("bold" in style or "black" in style or "heavy" in style
                        or (os2 is not None and int(os2.usWeightClass) >= 600))
                italic = "italic" in style or "oblique" in style or bool(os2 is not None and os2.fsSelection & 1)
        except _UNREADABLE:
            continue
        if family:
            yield Face(str(family), bold, italic, index)


@contextlib.contextmanager
def _open(source: Path | bytes, index: int) -> Iterator[Any]:
    """The font, opened lazily (only the tables read are parsed), and closed after. fontTools' remarks on
    odd values (a creation date before 1970 …) are not memo's to print: its logger is quiet meanwhile."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with TTFont(io.BytesIO(source) if isinstance(source, bytes) else str(source), fontNumber=index,
                    lazy=True) as font:
            yield font
    finally:
        logger.setLevel(level)
