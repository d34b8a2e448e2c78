"""A table font's widths, measured once per computer: kept for the process and in memo's cache on disk.

The first memo with a table measures the font its reference document names (:mod:`memo.fonts.table`,
which loads fontTools); the widths are kept under a key of the font, the embedded font files, memo's
code for it, fontTools' version and the font folders' stamp (:func:`memo.fonts.folders.environment_stamp`),
so that a new process reads them back without fontTools, and a font installed since is measured again.
A memo without a table never measures anything.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
from pathlib import Path

from memo import cache
from memo.fonts.embedded import deobfuscated
from memo.fonts.folders import environment_stamp
from memo.fonts.widths import FontWidths, TableFont

__all__ = ["font_widths"]

_CACHE_KIND = "typsnitt"
_FOLDER = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=16)
def font_widths(font: TableFont, package: bytes) -> FontWidths:
    """The widths of ``font``; ``package``: the zip its embedded fonts are in (the prepared reference's)."""
    embedded = _embedded(font, package)
    key = _key(font, embedded)
    if key is not None:
        stored = cache.load(_CACHE_KIND, key)
        if stored is not None:
            try:
                found = FontWidths.from_json(json.loads(stored))
            except ValueError:  # a damaged entry is measured again
                found = None
            if found is not None:
                return found
    from memo.fonts.table import table_widths  # fontTools: only when the widths are not in the cache

    widths = table_widths(font.families, font.size, font.bold, embedded)
    if key is not None:
        cache.store(_CACHE_KIND, key, json.dumps(widths.as_json(), ensure_ascii=False).encode("utf-8"))
    return widths


def _embedded(font: TableFont, package: bytes) -> dict[tuple[str, bool], bytes]:
    """The embedded font files, readable again, by family key and boldness."""
    if not font.embedded:
        return {}
    out = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = set(archive.namelist())
        for family, bold, member, font_key in font.embedded:
            data = deobfuscated(archive.read(member), font_key) if member in names else None
            if data is not None:
                out[(family, bold)] = data
    return out


def _key(font: TableFont, embedded: dict[tuple[str, bool], bytes]) -> str | None:
    code = cache.code_stamp(*(f"fonts/{path.stem}" for path in sorted(_FOLDER.glob("*.py"))))
    library = cache.package_stamp("fontTools")
    if code is None or library is None:
        return None
    try:
        widest = hashlib.sha256((_FOLDER / "widest.json").read_bytes()).hexdigest()
    except OSError:
        return None
    hasher = hashlib.sha256(f"{code}:{library}:{widest}:{environment_stamp()}:".encode())
    hasher.update(json.dumps(font.as_json(), sort_keys=True).encode("utf-8"))
    for (family, bold), data in sorted(embedded.items()):
        hasher.update(f"{family}:{bold}:{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest() + ".json"
