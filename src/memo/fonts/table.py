"""The widths a table's text is printed with: the reference document's fonts, found and measured.

:func:`table_widths` is what :mod:`memo.fonts.cached` asks when the widths are not in memo's cache.
Each family the table's text may be printed in
is measured from the font embedded in the document, else from the installed font
(:mod:`memo.fonts.find`); a family found nowhere gets the widest common metrics
(:mod:`memo.fonts.widest`), and is named in :attr:`FontWidths.missing`, so that memo can say so.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

from memo.fonts.find import find_font
from memo.fonts.measure import advance_widths
from memo.fonts.widest import derive, widest
from memo.fonts.widths import FontWidths, family_key

__all__ = ["table_widths"]


def table_widths(families: Sequence[str], size: int, bold: bool = False,
                 embedded: Mapping[tuple[str, bool], bytes] | None = None) -> FontWidths:
    """The widths of text in ``families`` (each character as wide as in the widest of them) at ``size``
    (half-points); ``bold``: the text is bold throughout. ``embedded``: font files in the document, by
    :func:`family_key` and boldness."""
    embedded = embedded or {}
    missing: list[str] = []
    faces: dict[bool, list[dict[str, int]]] = {False: [], True: []}
    for family in dict.fromkeys(families):
        for face in (False, True):
            found = _measured(family, face or bold, embedded)
            if found is None:
                if family not in missing:
                    missing.append(family)
            else:
                faces[face].append(found)
    common = widest()
    regular, heavy = (_complete(faces[face], common[1 if face or bold else 0]) for face in (False, True))
    return FontWidths(families[0] if families else "", size, regular, heavy,
                      max([*regular.values(), *heavy.values()]), tuple(missing))


def _measured(family: str, bold: bool, embedded: Mapping[tuple[str, bool], bytes]) -> dict[str, int] | None:
    data = embedded.get((family_key(family), bold)) or embedded.get((family_key(family), False))
    if data is not None:
        found = advance_widths(data)
        if found is not None:
            return found
    where = find_font(family, bold)
    return _file_widths(where.path, where.number) if where is not None else None


@functools.lru_cache(maxsize=32)
def _file_widths(path: Path, index: int) -> dict[str, int] | None:
    return advance_widths(path, index)


def _complete(measured: list[dict[str, int]], common: Mapping[str, int]) -> dict[str, int]:
    """The widest of ``measured`` per character; a character none has (or none measured) as in ``common``."""
    if not measured:
        return dict(common)
    out = derive(measured)
    for character, width in common.items():
        out.setdefault(character, width)
    return out
