"""memo's cache on disk: work that depends only on file contents, kept between runs.

A handläggare runs ``memo`` again and again while writing, and each run is a new
process. Four pieces of one-time work are therefore kept on disk: the profile's reference
document made ready for writing (:mod:`memo.profile.reference`), the compiled section templates
(Jinja's own bytecode cache, set up by :mod:`memo.renderer`), babel's Swedish locale
data, merged (:mod:`memo.swedish`), and the widths of a table's font (:mod:`memo.fonts.cached`).
Each is keyed by what it was made from — file contents, memo's own code, the library's
version (for the font, also the font folders) — so an edited reference document or template,
an installed font or an upgrade, is simply prepared again.

Where: the user's cache folder as platformdirs gives it (``~/.cache/memo`` on Linux,
``%LOCALAPPDATA%\\memo\\Cache`` on Windows, ``~/Library/Caches/memo`` on macOS), or the
folder in the environment variable ``MEMO_CACHE_DIR``; ``MEMO_CACHE_DIR=""`` turns the
cache off. The cache is best effort: a folder that cannot be created or written means the
work is done again, never an error. Everything in it may be deleted at any time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import time
from functools import cache as _memoized
from pathlib import Path

from memo.stopping import deferred

__all__ = ["CACHE_ENV", "available", "cache_folder", "code_stamp", "file_stamp", "load", "package_stamp", "store"]

#: The environment variable that moves the cache (a folder) or turns it off (empty).
CACHE_ENV = "MEMO_CACHE_DIR"


def cache_folder(kind: str) -> Path | None:
    """The folder for one kind of cached work, created if needed; None when there is no usable cache."""
    found = _root()
    if found is None:
        return None
    root, own = found
    folder = root / kind
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(root, own):
            return None
        folder.mkdir(mode=0o700, exist_ok=True)
        if not _private(folder, True):
            return None
    except OSError:
        return None
    return folder


def _private(folder: Path, own: bool) -> bool:
    """True if ``folder`` is a real folder only this user may write in (on Windows: a real folder).

    Compiled templates are loaded from the cache and run outside the sandbox, so, as Jinja
    does with its own folder, a symbolic link or a folder that someone else owns or may
    write in is not used. memo's own folders that others may write to (made under a umask
    such as 002) are made private first; a folder named in MEMO_CACHE_DIR is the user's and
    is left as it is.
    """
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):  # a symbolic link (or anything else) is refused
        return False
    if os.name != "posix":
        return True
    if info.st_uid != os.getuid():
        return False
    if info.st_mode & 0o022 and own:
        folder.chmod(0o700)
        info = folder.lstat()
    return not info.st_mode & 0o022


def _root() -> tuple[Path, bool] | None:
    """The cache's folder, and whether it is memo's own (not one the user named); None when turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return (Path(configured), False) if configured.strip() else None
    import platformdirs  # only here: the common path that finds MEMO_CACHE_DIR set never pays for it

    return Path(platformdirs.user_cache_dir("memo", appauthor=False)), True


#: Every entry starts with this and the SHA-256 of what follows: a damaged entry is not used.
_HEADER = b"memo-cache-1\n"


def load(kind: str, key: str) -> bytes | None:
    """The bytes stored under ``key``, or None (also when the entry is damaged)."""
    folder = cache_folder(kind)
    if folder is None:
        return None
    try:
        stored = (folder / key).read_bytes()
    except OSError:
        return None
    start = len(_HEADER) + 32
    if stored[: len(_HEADER)] != _HEADER or hashlib.sha256(stored[start:]).digest() != stored[len(_HEADER):start]:
        return None
    return stored[start:]


def store(kind: str, key: str, data: bytes) -> None:
    """Keep ``data`` under ``key``: written whole to a temporary file, then renamed into place."""
    folder = cache_folder(kind)
    if folder is None:
        return
    with deferred():  # a stop (Ctrl+C, SIGTERM) waits: no temporary file is left behind
        try:
            descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(_HEADER + hashlib.sha256(data).digest() + data)
            os.replace(temporary, folder / key)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def available(kind: str) -> bool:
    """Whether there is a usable cache folder for ``kind`` (so that work worth keeping is worth making)."""
    return cache_folder(kind) is not None


@_memoized
def package_stamp(name: str) -> str | None:
    """A short hash of an installed package's ``__init__.py`` (where its version is), without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None:
            return None
        return hashlib.sha256(Path(origin).read_bytes()).hexdigest()[:16]
    except (OSError, ImportError, ValueError):
        return None


@_memoized
def code_stamp(*modules: str) -> str | None:
    """A short hash of memo's own source files ``modules`` (names within the package).

    Part of every cache key, so that cached work made by other code — another memo
    version, or a source file edited during development — is never used. None when the
    sources cannot be read (then nothing is cached).
    """
    hasher = hashlib.sha256()
    here = Path(__file__).resolve().parent
    try:
        for module in modules:
            hasher.update(module.encode())
            hasher.update((here / f"{module}.py").read_bytes())
    except OSError:
        return None
    return hasher.hexdigest()[:16]


#: A file changed less than this long ago may change again within its timestamp's resolution
#: (a few milliseconds on Linux, two seconds on FAT): its contents are part of its stamp.
_RECENT_NS = 3_000_000_000


def file_stamp(path: Path, contents: bytes | None = None) -> tuple[object, ...]:
    """What a file (or a folder) is now, as a key for work done on it within this process.

    Its modification time, size, inode and change time — and, for a file changed in the last
    few seconds, the hash of its contents (``contents`` when the caller has just read them;
    for a folder, its names), so that two saves within one tick of the clock are still two
    versions (git's "racy clean" rule). Two equal stamps mean the same contents. Raises
    :class:`OSError` when the file cannot be read.
    """
    info = path.stat()
    key: tuple[object, ...] = (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < _RECENT_NS:
        if contents is None and stat.S_ISDIR(info.st_mode):
            contents = "\n".join(sorted(os.listdir(path))).encode("utf-8", "surrogateescape")
        elif contents is None:  # a named pipe or a device is never read: it could wait, or never end
            contents = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
        key += (hashlib.sha256(contents).digest(),)
    return key
