"""Where a font family's file is on this computer: fontconfig's ``fc-match``, else the system's font folders.

fontconfig is what LibreOffice uses on Linux to find (and replace) fonts, so ``fc-match`` answers
with the file LibreOffice prints with. It always answers — with a replacement when the family is not
installed — so its answer counts only when it is the family asked for, or one made with the very same
widths (:data:`METRIC_TWINS`: Liberation Sans for Arial, Carlito for Calibri …). Without fontconfig
(Windows, most Macs) the font folders are read, each font's own name table, once per process.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path
from typing import NamedTuple

from memo.fonts import folders
from memo.fonts.widths import family_key as _key

__all__ = ["METRIC_TWINS", "FontFile", "find_font", "same_family"]

#: Families made with the same advance widths as a common one, so that either measures the other
#: (fontconfig's own list, 30-metric-aliases.conf, the ones memo's users meet): the one table.
METRIC_TWINS: dict[str, tuple[str, ...]] = {
    "Arial": ("Liberation Sans", "Arimo", "Helvetica"),
    "Helvetica": ("Liberation Sans", "Arimo", "Arial"),
    "Times New Roman": ("Liberation Serif", "Tinos", "Times"),
    "Times": ("Liberation Serif", "Tinos", "Times New Roman"),
    "Courier New": ("Liberation Mono", "Cousine", "Courier"),
    "Calibri": ("Carlito",),
    "Cambria": ("Caladea",),
    "Georgia": ("Gelasio",),
    "Arial Narrow": ("Liberation Sans Narrow",),
}
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


class FontFile(NamedTuple):
    """A face of a font: its file and its number in it (a collection, .ttc, holds several)."""

    path: Path
    number: int = 0


def same_family(asked: str, found: str) -> bool:
    """Whether a font of family ``found`` prints ``asked`` with the same widths: the same name, or a twin.

    >>> same_family("Times New Roman", "Liberation Serif"), same_family("Garamond", "DejaVu Serif")
    (True, False)
    """
    asked_key, found_key = _key(asked), _key(found)
    return asked_key == found_key or any(_key(twin) == found_key for name, twins in METRIC_TWINS.items()
                                         if _key(name) == asked_key for twin in twins)


def find_font(family: str, bold: bool) -> FontFile | None:
    """The file of ``family`` (its bold face if ``bold`` and there is one), or None if it is not installed."""
    if shutil.which("fc-match") is not None:
        return _fontconfig(family, bold)
    twins = next((twins for name, twins in METRIC_TWINS.items() if _key(name) == _key(family)), ())
    for name in (family, *twins):
        faces = _faces_named(name)
        if faces:
            return faces.get(bold) or faces.get(False)
    return None


@functools.lru_cache(maxsize=64)
def _fontconfig(family: str, bold: bool) -> FontFile | None:
    import subprocess  # only when a font is looked for: a memo is written without it

    pattern = "".join("\\" + c if c in "\\-:,=" else c for c in family) + (":weight=bold" if bold else "")
    try:
        done = subprocess.run(["fc-match", "--format", "%{file}\\n%{index}\\n%{family}", pattern],
                              capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.decode("utf-8", "replace").split("\n")
    if done.returncode != 0 or len(lines) != 3 or not lines[0] or not lines[1].isdigit():
        return None
    families = [name.replace("\\", "") for name in lines[2].split(",")]
    if not any(same_family(family, name) for name in families):
        return None  # fontconfig's replacement for a family that is not installed
    return FontFile(Path(lines[0]), int(lines[1]))


def _faces_named(family: str) -> dict[bool, FontFile]:
    """The upright faces of ``family`` in the font folders, by boldness. The files whose names begin as the
    family's does are read first (arial.ttf, calibrib.ttf, GARA.TTF: most fonts on Windows and macOS), and all
    of them only if the family is not among those."""
    key = _key(family)
    return _indexed(key[:4]).get(key) or _indexed("").get(key) or {}


@functools.lru_cache(maxsize=32)
def _indexed(prefix: str) -> dict[str, dict[bool, FontFile]]:
    """The upright faces in the font files whose names begin with ``prefix``, by family and boldness."""
    from memo.fonts.measure import faces  # fontTools: only when a font is looked for without fontconfig

    found: dict[str, dict[bool, FontFile]] = {}
    for folder in folders.font_folders():
        for root, _, names in os.walk(folder):
            for name in sorted(names):
                if name.lower().endswith(_FONT_SUFFIXES) and _key(name).replace("-", "").startswith(prefix):
                    for face in faces(Path(root) / name):
                        if not face.italic:
                            found.setdefault(_key(face.family), {}).setdefault(
                                face.bold, FontFile(Path(root) / name, face.number))
    return found
