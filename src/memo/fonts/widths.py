"""A table's font as plain data: what the reference document says, and the advance widths measured from it.

No fontTools here. :class:`TableFont` travels in the prepared reference document; the first memo
with a table has it measured (:mod:`memo.fonts.cached`, kept in memo's cache on disk) as a
:class:`FontWidths`, and its table is sized from that with dictionary look-ups alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = ["CHARACTERS", "ZERO_WIDTH", "FontWidths", "TableFont", "family_key"]

#: The characters whose widths are measured: printable ASCII, Latin-1, Latin Extended-A (names such as
#: Łukasz, Dvořák) and the punctuation and spaces Swedish text and amounts use (– — ’ ” … € − and the
#: no-break spaces). A character outside them is taken as wide as the widest one measured.
CHARACTERS = "".join([*map(chr, range(0x20, 0x7F)), *map(chr, range(0xA0, 0x180)),
                      "\u2002\u2003\u2007\u2009\u200a\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201a\u201c"
                      "\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u202f\u20ac\u2122\u2212"])
#: Characters that take no room on a line (the word joiner memo puts after a range's dash, a soft hyphen).
ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def family_key(family: str) -> str:
    """A family's name as memo compares names: case and spaces do not count.

    >>> family_key("DejaVu Sans") == family_key("dejavusans")
    True
    """
    return family.casefold().replace(" ", "")


class TableFont(NamedTuple):
    """The font a table's text is printed in, as the reference document says: its families (the ``w:ascii``
    and ``w:hAnsi`` fonts, once each), size in half-points and boldness, and the fonts embedded in the document
    as (family, case- and space-folded; bold; the part's name in the package; its ``w:fontKey``)."""

    families: tuple[str, ...]
    size: int
    bold: bool = False
    embedded: tuple[tuple[str, bool, str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"families": list(self.families), "size": self.size, "bold": self.bold,
                "embedded": [list(entry) for entry in self.embedded]}

    @classmethod
    def from_json(cls, data: Any) -> TableFont | None:
        """The font in ``data`` (as :meth:`as_json` gives it), or None if it is not that."""
        if not isinstance(data, dict) or set(data) != set(cls._fields):
            return None
        families, embedded = data["families"], data["embedded"]
        if not (isinstance(families, list) and all(isinstance(f, str) for f in families) and _whole(data["size"])
                and isinstance(data["bold"], bool) and isinstance(embedded, list)
                and all(isinstance(e, list) and len(e) == 4 and isinstance(e[1], bool)
                        and all(isinstance(e[i], str) for i in (0, 2, 3)) for e in embedded)):
            return None
        return cls(tuple(families), data["size"], data["bold"], tuple((e[0], e[1], e[2], e[3]) for e in embedded))


class FontWidths(NamedTuple):
    """The advance widths of the font a table's text is printed in, at its size.

    ``regular`` and ``bold`` map a character to its advance width in thousandths of an em (rounded up);
    ``default`` is the width of a character not in them. ``missing`` names the families the reference
    document asks for that were found neither on this computer nor embedded in the document: their
    widths are the widest common ones (:mod:`memo.fonts.widest`).
    """

    family: str
    size: int  # half-points, as WordprocessingML's w:sz
    regular: Mapping[str, int]
    bold: Mapping[str, int]
    default: int
    missing: tuple[str, ...] = ()

    def twips(self, text: str, bold: bool = False) -> int:
        """The width of ``text`` on one line, in twentieths of a point (rounded up).

        >>> FontWidths("Exempel", 24, {"1": 556, " ": 278}, {}, 1000).twips("1 1")
        334
        """
        table = self.bold if bold else self.regular
        try:  # the common case: every character measured
            units = sum(map(table.__getitem__, text))
        except KeyError:
            default = self.default
            units = sum([table.get(character, default) for character in text])
        # units/1000 em × size/2 pt × 20 twips per pt
        return -(-units * self.size // 100)

    def as_json(self) -> dict[str, Any]:
        return {"family": self.family, "size": self.size, "regular": dict(self.regular), "bold": dict(self.bold),
                "default": self.default, "missing": list(self.missing)}

    @classmethod
    def from_json(cls, data: Any) -> FontWidths | None:
        """The widths in ``data`` (as :meth:`as_json` gives them), or None if it is not that."""
        if not isinstance(data, dict) or set(data) != set(cls._fields):
            return None
        tables = (data["regular"], data["bold"])
        if not (isinstance(data["family"], str) and _whole(data["size"]) and _whole(data["default"])
                and all(isinstance(t, dict) and all(isinstance(k, str) and _whole(v) for k, v in t.items())
                        for t in tables)
                and isinstance(data["missing"], list) and all(isinstance(m, str) for m in data["missing"])):
            return None
        return cls(data["family"], data["size"], data["regular"], data["bold"], data["default"],
                   tuple(data["missing"]))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
