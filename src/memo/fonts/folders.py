"""The folders fonts are kept in, and a cheap stamp of what is installed in them.

A module of its own, without fontTools or subprocesses, so that the cache key of a prepared reference
document (:mod:`memo.profile.reference`) can include the stamp at the cost of a few ``stat`` calls.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["environment_stamp", "font_folders"]


def font_folders() -> list[Path]:
    """The folders the system and the user keep fonts in, on this system."""
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), data / "fonts", home / ".fonts"]


def environment_stamp() -> tuple[object, ...]:
    """What the installed fonts are now, cheaply: the modification times of the font folders and of the
    folders in them two levels down, where font packages put theirs (``truetype/dejavu``), which a font
    added or taken away changes. (Not fontconfig's caches: looking a font up may write them.)"""
    stamp: list[object] = [shutil.which("fc-match") is not None]
    for folder in font_folders():
        stamp.extend(_folder_times(folder, 2))
    return tuple(stamp)


def _folder_times(folder: Path, depth: int) -> Iterator[tuple[str, int]]:
    subfolders: list[str] = []
    try:
        yield str(folder), folder.stat().st_mtime_ns
        if depth:
            with os.scandir(folder) as entries:
                subfolders = sorted(e.path for e in entries if e.is_dir(follow_symlinks=False))
    except OSError:
        return
    for subfolder in subfolders:
        yield from _folder_times(Path(subfolder), depth - 1)
