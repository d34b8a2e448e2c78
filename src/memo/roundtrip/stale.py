"""Whether a memo was written from the case as it is now, and with the profile it is read for.

memo records the fingerprint of the body it wrote (``memo-fingeravtryck``, :mod:`memo.word.fingerprint`),
and Word and LibreOffice keep that property when the reviewer saves. The case is rendered again, without
markers, for the same profile: if its body's fingerprint is not the recorded one, the case was edited after
the memo was written (bringing the reviewer's edits back would quietly undo those edits), or the memo was
written from another case or with another profile. The body holds no date memo makes up (a case without
``datum`` gets today's date in the header and the document's properties only), so a memo written on another
day still matches.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path
from typing import Any

from memo.collector import collector_paused
from memo.errors import DocumentError, Location
from memo.kinds.kind import DocumentKind
from memo.profile.load import Profile
from memo.word.fingerprint import BODY_PART, digest

__all__ = ["check_not_stale"]


def body_of(data: bytes) -> bytes:
    """The body part of a DOCX's bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(BODY_PART)


def check_not_stale(recorded: str | None, document: Any, kind: DocumentKind, profile: Profile, docx: Path,
                    case: Path) -> None:
    """Raise :class:`memo.errors.DocumentError` (one Swedish line) if ``recorded`` is not the fingerprint of
    the body memo writes from ``document`` (the case as read now) with ``profile``."""
    from memo.pipeline import _render  # the pipeline's own step, as the memo was written

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said when the case is rendered for itself, not here
        with collector_paused():
            data = _render(document, kind, profile, templates=None)
    if recorded == digest(body_of(data)):
        return
    raise DocumentError(
        f"Ärendet har ändrats sedan PM:et skrevs, eller PM:et skrevs från ett annat ärende eller med en annan "
        f"profil; memo för inte in ändringarna i {case.name}, eftersom det skulle ta bort det som ändrats i "
        f"ärendet. Ange profilen PM:et skrevs med (--profil), eller skriv PM:et från {case.name} igen och för "
        "in granskarens ändringar i det nya PM:et.", Location(docx))
