"""The widest common metrics: the widths memo assumes for a font it cannot find.

For each character, the widest advance among :data:`COMMON_FAMILIES` — the fonts Debian ships
for the families Swedish organisations write in (Arial, Times New Roman, Calibri, Cambria: the
Liberation, Carlito and Caladea fonts have their very widths) and the wide ones (DejaVu, made from
Bitstream Vera, which has Verdana's proportions; GNU FreeFont). A column sized with them is wide
enough for any of these fonts. ``widest.json`` holds the result, made by ``tools/widest_metrics.py``
from the fonts (``tests/test_fonts.py`` makes it again and compares), so memo needs none of them
installed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from importlib import resources

__all__ = ["COMMON_FAMILIES", "DATA_FILE", "derive", "measure_common", "widest"]

#: The families whose widest advance per character a font that cannot be found is given (with their
#: Debian packages, which ``.ci/run`` installs).
COMMON_FAMILIES: dict[str, str] = {
    "DejaVu Sans": "fonts-dejavu-core",
    "DejaVu Serif": "fonts-dejavu-core",
    "Liberation Sans": "fonts-liberation2",
    "Liberation Serif": "fonts-liberation2",
    "Carlito": "fonts-crosextra-carlito",
    "Caladea": "fonts-crosextra-caladea",
    "FreeSans": "fonts-freefont-ttf",
    "FreeSerif": "fonts-freefont-ttf",
}
DATA_FILE = "widest.json"


def derive(tables: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """The widest advance of each character over ``tables`` (characters none of them has are left out).

    >>> derive([{"1": 556, "M": 833}, {"1": 636, "W": 989}]) == {"1": 636, "M": 833, "W": 989}
    True
    """
    out: dict[str, int] = {}
    for table in tables:
        for character, width in table.items():
            out[character] = max(width, out.get(character, 0))
    return dict(sorted(out.items()))


@functools.lru_cache(maxsize=1)
def widest() -> tuple[dict[str, int], dict[str, int]]:
    """The widest common advance widths (thousandths of an em): regular and bold, as shipped in ``widest.json``."""
    data = json.loads(resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))
    return dict(data["regular"]), dict(data["bold"])


def measure_common() -> tuple[dict[str, dict[str, int]], list[str]]:
    """The widest metrics measured from the installed :data:`COMMON_FAMILIES` (as ``widest.json`` holds them),
    and the families that are not installed (the result then leaves them out)."""
    from memo.fonts.find import find_font
    from memo.fonts.measure import advance_widths

    tables: dict[bool, list[dict[str, int]]] = {False: [], True: []}
    missing = []
    for family in COMMON_FAMILIES:
        for bold in (False, True):
            where = find_font(family, bold)
            found = advance_widths(where.path, where.number) if where is not None else None
            if found is None:
                missing.append(family)
            else:
                tables[bold].append(found)
    return {"regular": derive(tables[False]), "bold": derive(tables[True])}, sorted(set(missing))
