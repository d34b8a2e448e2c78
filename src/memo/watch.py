"""``memo --bevaka ÄRENDE.yaml``: write the memo again each time the case, its profile or its templates are saved.

The process stays warm (the profile, the reference document and the templates are cached
in it), so a render after a save takes milliseconds. The files are looked at a few times a
second (their size, modification time and inode: an editor that saves by renaming is seen
too); which files that is comes from the case itself, read again after each render (a case
may change its profile). Every write rule of ``memo`` holds: the memo is written
atomically, and a memo someone has edited in Word is never replaced.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from memo.errors import MemoError, MemoWarning

__all__ = ["POLL_SECONDS", "watch", "watched_files"]

#: How often the files are looked at.
POLL_SECONDS = 0.02

Stamp = tuple[int, int, int]


def _stamp(path: Path) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


def _under(folder: Path) -> Iterator[Path]:
    for parent, _, names in os.walk(folder):
        for name in names:
            yield Path(parent, name)


def watched_files(case: Path, profile: str | None, templates: Sequence[Path]) -> list[Path]:
    """The files a memo is made from: the case, its profile's files and the template folders' files."""
    from memo.pipeline import read_case

    files = [case]
    folders = list(templates)
    try:
        root, _, chosen = read_case(case, profile)
    except MemoError:
        return files  # a case that cannot be read: its own next save is what matters
    if chosen.folder is not None:
        folders.append(chosen.folder)
    mallar = root.value.get("mallar") if isinstance(root.value, dict) else None
    if mallar is not None and isinstance(mallar.value, str):
        folders.append(case.parent / mallar.value)
    for folder in folders:
        if folder.is_dir():  # the folder too: a template added to it changes its listing
            files += [folder, *(Path(parent) for parent, _, _ in os.walk(folder)), *_under(folder)]
    return list(dict.fromkeys(files))


def watch(case: Path, target: Path, *, profile: str | None = None, templates: Sequence[Path] = (),
          say: Callable[[str], None] = print, stop: Callable[[], bool] = lambda: False,
          poll: float = POLL_SECONDS) -> None:
    """Render ``case`` to ``target`` now and after each save, telling ``say`` what happened, until ``stop()``.

    ``say`` gets "klart: pm.docx (12 ms)" after each memo written, or the error's Swedish text
    (each problem of the case), and memo's warnings as "varning: …".
    """
    from memo.pipeline import write

    def render() -> None:
        started = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MemoWarning)
            try:
                write(case, target, profile=profile, templates=list(templates) or None, overwrite=False)
            except MemoError as exc:
                say(f"memo: {exc}")
                return
            finally:
                for warning in caught:
                    if isinstance(warning.message, MemoWarning):
                        say(f"memo: varning: {case}: {warning.message}")
        say(f"klart: {target} ({(time.perf_counter() - started) * 1000:.0f} ms)")

    def stamps() -> dict[Path, Stamp | None]:
        return {path: _stamp(path) for path in watched_files(case, profile, templates)}

    # The files are stamped before each render: a save while it runs is seen after it.
    seen = stamps()
    render()
    while not stop():
        time.sleep(poll)
        now = {path: _stamp(path) for path in seen}
        if now != seen:
            time.sleep(poll)  # an editor may write a file in more than one step: let it finish
            seen = stamps()
            render()
