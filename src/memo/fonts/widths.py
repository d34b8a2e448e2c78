"""A font's advance widths as plain data: what the preparation measures and the writer sizes columns with.

No fontTools here: :class:`FontWidths` travels in the prepared reference document (and memo's cache
on disk), and a memo's table is sized from it with dictionary look-ups alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = ["CHARACTERS", "ZERO_WIDTH", "FontWidths"]

#: The characters whose widths are measured: printable ASCII, Latin-1, Latin Extended-A (names such as
#: Łukasz, Dvořák) and the punctuation and spaces Swedish text and amounts use (– — ’ ” … € − and the
#: no-break spaces). A character outside them is taken as wide as the widest one measured.
CHARACTERS = "".join([*map(chr, range(0x20, 0x7F)), *map(chr, range(0xA0, 0x180)),
                      "\u2002\u2003\u2007\u2009\u200a\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201a\u201c"
                      "\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u202f\u20ac\u2122\u2212"])
#: Characters that take no room on a line (the word joiner memo puts after a range's dash, a soft hyphen).
ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


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
