"""The case as memo läs would write it, read again before it is written: edits that leave a case memo cannot
read (every decision point removed, a section emptied) are refused with one Swedish line naming the key."""

from __future__ import annotations

import warnings
from pathlib import Path

from memo.collector import collector_paused
from memo.errors import CaseError, Location, MemoError
from memo.kinds import kind_of
from memo.read.source import decode, parse_yaml

__all__ = ["check_loads"]


def check_loads(text: str, path: Path, profile: str | Path | None) -> None:
    """Raise :class:`memo.errors.CaseError` if ``text`` (the case file ``path`` with the edits) does not read as a
    case for ``profile`` (None: the one it names)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with collector_paused():
                root, source = parse_yaml(decode(text.encode("utf-8"), path), path)
                kind_of(root).read(root, source, profile)
    except MemoError as exc:
        key = exc.location.key or "ärendet"
        reason = " ".join(exc.message.split()).rstrip(".")
        raise CaseError(f"Med ändringarna i PM:et går {path.name} inte att läsa ({reason}), så memo skriver inget. "
                        f"Ändra {key} i ärendet själv, eller ändra PM:et och kör memo läs igen.",
                        Location(path, None, None, key)) from None
