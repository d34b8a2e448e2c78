"""Stage 5a: the profile's reference Word document, made ready for many memos.

:mod:`memo.word.prepare` makes a :class:`memo.profile.prepared.PreparedReference` with python-docx;
this module keeps it for the process (per file, by :func:`memo.cache.file_stamp`: an edited
reference document or logo is prepared again on the next memo) and in memo's cache on disk
(:mod:`memo.cache`), keyed by the bytes of the reference document and the logo, so that a new
``memo`` process reuses it without importing python-docx or lxml at all. The file is opened
through :class:`memo.word.package.DocxPackage` first, so that a damaged, encrypted or
oversized one is refused before python-docx unpacks it.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from memo import cache
from memo.errors import DocumentError, Location, ProfileError, os_reason
from memo.profile.files import file_problem, logo_problem
from memo.profile.prepared import FORMAT, Logo, PreparedReference
from memo.word.package import DocxPackage, file_bytes

__all__ = ["prepare_reference"]

_CACHE_KIND = "referens"


def prepare_reference(path: Path, logo: Logo | None = None) -> PreparedReference:
    """The reference document at ``path`` (with ``logo`` in place of ``{{ logo }}``), ready for writing.

    Raises :class:`memo.errors.ProfileError` for a reference document memo cannot use.
    """
    try:
        stamp = (cache.file_stamp(path), cache.file_stamp(logo.path) if logo else ())
    except OSError as exc:
        raise _unreadable(exc, path) from None
    return _prepared(path, logo, stamp)


def _unreadable(exc: OSError, path: Path) -> ProfileError:
    return ProfileError(f"Filen går inte att läsa: {os_reason(exc)}.", Location(Path(exc.filename or path)))


@lru_cache(maxsize=1)
def _clean_modules() -> tuple[str, ...]:
    """The modules of :mod:`memo.word.clean`, which the preparation runs (named, not imported: they import
    python-docx)."""
    folder = Path(__file__).resolve().parent.parent / "word" / "clean"
    return tuple(f"word/clean/{path.stem}" for path in sorted(folder.glob("*.py")))


@lru_cache(maxsize=16)
def _prepared(path: Path, logo: Logo | None, stamp: tuple[object, ...]) -> PreparedReference:
    # The profile checked these when it loaded (at its own lines); they may have changed since, in a long run.
    problem = file_problem(path, f"Referensdokumentet '{path.name}'", neuter=True)
    if problem is not None:
        raise ProfileError(problem, Location(path))
    problem = logo_problem(logo.path, f"Logotypen '{logo.path.name}'") if logo else None
    if logo is not None and problem is not None:
        raise ProfileError(problem, Location(logo.path))
    try:
        reference = file_bytes(path)
        picture = logo.path.read_bytes() if logo else b""
    except DocumentError as exc:
        raise ProfileError(f"Referensdokumentet går inte att använda. {exc.message}", exc.location) from None
    except OSError as exc:
        raise _unreadable(exc, path) from None
    # Everything that makes or reads a prepared reference is in the key: memo's code for it and
    # python-docx's and lxml's versions (their __init__.py) as well as the files, the logo's name and alt text.
    code = cache.code_stamp("profile/reference", "profile/prepared", "word/package", "word/prepare",
                            "word/writer", "word/wordxml", "word/fingerprint", "profile/headerfields",
                            "profile/files", "word/picture", "word/tablefont", "fonts/widths", *_clean_modules())
    libraries = (cache.package_stamp("docx"), cache.package_stamp("lxml"))
    key = None
    if code is not None and None not in libraries:
        hasher = hashlib.sha256(f"{FORMAT}:{code}:{libraries}:".encode())
        logo_name = logo.path.name if logo else ""
        for piece in (reference, picture, logo_name.encode(), (logo.alt if logo else "").encode()):
            hasher.update(len(piece).to_bytes(8, "big"))
            hasher.update(piece)
        key = hasher.hexdigest() + ".json"
        stored = cache.load(_CACHE_KIND, key)
        if stored is not None:
            found = PreparedReference.from_json(stored)
            if found is not None:
                return found
    try:  # every part unpacked once, within bounds, before python-docx sees the file
        with DocxPackage(io.BytesIO(reference), path) as package:
            package.read_all()
    except DocumentError as exc:
        raise ProfileError(f"Referensdokumentet går inte att använda. {exc.message}", exc.location) from None
    if logo is not None:  # read as python-docx will place it (only on a cache miss: it imports python-docx)
        from memo.word.picture import logo_problem as picture_problem

        problem = picture_problem(picture, f"Logotypen '{logo.path.name}'")
        if problem is not None:
            raise ProfileError(problem, Location(logo.path))
    from memo.word.prepare import prepare_with_docx  # only on a cache miss: it imports python-docx

    prepared = prepare_with_docx(path, reference, logo)
    if key is not None:
        cache.store(_CACHE_KIND, key, prepared.to_json())
    return prepared


