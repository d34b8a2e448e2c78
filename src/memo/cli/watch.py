"""``memo --bevaka ÄRENDE.yaml``: write the memo again each time the case, its profile or its templates are saved.

The process stays warm (the profile, the reference document and the templates are cached
in it), so a render after a save takes milliseconds. The files are looked at a few times a
second (their size, modification time and inode: an editor that saves by renaming is seen
too); which files that is comes from the case itself, read again after each render (a case
may change its profile). Every write rule of ``memo`` holds: the memo is written
atomically, and a memo someone has edited in Word is never replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from memo.errors import Location, MemoError, MemoWarning, OutputError

if TYPE_CHECKING:
    import argparse

    from memo.pdf.warm import WarmConverter

__all__ = ["POLL_SECONDS", "command", "timed", "watch", "watched_files"]

#: How often the files are looked at.
POLL_SECONDS = 0.02

Stamp = tuple[int, int, int, int, bytes]

#: A file changed less than this long ago may change again within its timestamp's resolution (FAT and SMB shares
#: keep two seconds): its contents are part of its stamp, so that a save that keeps its size and time is seen.
_RECENT_NS = 3_000_000_000
#: The contents' hash of each file by what its status said when it was hashed: a file untouched since is not read.
_HASHES: dict[Path, tuple[tuple[int, int, int, int], bytes]] = {}


def _stamp(path: Path) -> Stamp | None:
    """What a file is now: its status, and the hash of its contents (read again only while it is recent, or when
    its status changed)."""
    try:
        status = os.stat(path)
        seen = (status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)
        kept = _HASHES.get(path)
        recent = time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) < _RECENT_NS
        if kept is not None and kept[0] == seen and not recent:
            return (*seen, kept[1])
        if not stat.S_ISREG(status.st_mode) or status.st_size > _HASHED_BYTES:
            digest = b""  # a folder, or a file too large to read at every look: its status alone
        else:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None
    _HASHES[path] = (seen, digest)
    return (*seen, digest)


#: A file larger than this is stamped by its status alone (a reference document or a logo is far smaller).
_HASHED_BYTES = 50_000_000


def _templates(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.j2") if path.is_file())


def watched_files(case: Path, profile: str | None, templates: Sequence[Path],
                  _depth: int = 0) -> tuple[list[Path], list[Path]]:
    """The files a memo is made from — the case, its profile's ``profil.yaml``, reference document and logo, and
    the templates — and the template folders (a template added to one is seen). For another kind of document,
    also the files it is made from (a protokollsutdrag's case) and theirs. The memo itself, its temporary
    files and Word's lock files are in none of them, so writing the memo is not a save."""
    from memo.kinds import kind_of
    from memo.pipeline import read_case

    files = [case]
    folders = [folder for folder in templates if folder.is_dir()]
    try:
        root, _, chosen = read_case(case, profile)
    except MemoError:  # a case or profile that cannot be read: the next save of either is what matters
        return [*files, *_profile_files(case, profile)], folders
    for made_from in kind_of(root).inputs(root, case) if _depth < 2 else ():
        if made_from.is_dir():  # the file's own template folder
            folders.append(made_from)
        elif not made_from.exists():  # not there yet: its creation is a save
            files.append(made_from)
        else:  # another file it is made from, and what that one is made from
            more_files, more_folders = watched_files(made_from, profile, templates, _depth + 1)
            files += more_files
            folders += more_folders
    files += [path for path in (chosen.folder / "profil.yaml", chosen.reference, chosen.logo)
              if path is not None and path.is_file()]
    if chosen.mallar is not None and chosen.mallar.is_dir():
        folders.append(chosen.mallar)
    for folder in folders:
        files += _templates(folder)
    return list(dict.fromkeys(files)), list(dict.fromkeys(folders))


def _profile_files(case: Path, profile: str | None) -> list[Path]:
    """The files of the profile a case names (or ``profile``), read from neither: a broken profile, fixed, is seen."""
    from memo.profile.chosen import profile_folder_for, read_tree
    from memo.profile.load import PROFILE_FILE

    try:
        folder = profile_folder_for(read_tree(case)[0], case, profile)
    except MemoError:
        return []
    try:  # its files, and its folders: a file added to one (a logo put back in place) changes the folder's time
        inside = sorted(folder.rglob("*"))[:1000]
    except OSError:
        inside = []
    return list(dict.fromkeys([folder / PROFILE_FILE, folder, *inside]))


def watch(case: Path, target: Path, *, profile: str | None = None, templates: Sequence[Path] = (),
          say: Callable[[str], None] = print, stop: Callable[[], bool] = lambda: False,
          poll: float = POLL_SECONDS, pdf: bool = False, pdf_timeout: float | None = None) -> None:
    """Render ``case`` to ``target`` now and after each save, telling ``say`` what happened, until ``stop()``.

    ``say`` gets "klart: pm.docx (12 ms)" after each memo written, or the error's Swedish text
    (each problem of the case), and memo's warnings as "varning: …"; a warning about the profile
    (:class:`~memo.errors.ProfileWarning`) once. With ``pdf``, each memo written is also exported
    as a tagged PDF beside it by one LibreOffice kept warm for the watch (:mod:`memo.pdf.warm`;
    ``pdf_timeout`` seconds per PDF), and ``say`` gets "klart: pm.pdf (300 ms)" or why not.
    LibreOffice is started first: when it (or its UNO bridge) is missing, :class:`OutputError`
    is raised before anything is written. It is ended, with all it left, when the watch ends.
    """
    from memo.pipeline import write
    from memo.validation import SaidOnce, language_findings, memo_warnings, warning_line

    profile_said = SaidOnce()

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
                for finding in memo_warnings(caught, Location(case)):
                    if profile_said.first(finding):
                        say(f"memo: varning: {warning_line(case, finding)}")
        took = (time.perf_counter() - started) * 1000
        for finding in language_findings(case, profile):
            say(f"memo: varning: {warning_line(case, finding)}")
        say(f"klart: {target} ({took:.0f} ms)")
        if converter is not None:
            started = time.perf_counter()
            result = converter.export(target)
            if result.error is None:
                say(f"klart: {result.pdf} ({(time.perf_counter() - started) * 1000:.0f} ms)")
            else:
                said = OutputError(f"Word-dokumentet skrevs ({target.name}) men inte PDF:en. {result.error.message}",
                                   result.error.location)
                say(f"memo: {said}")

    def stamps() -> tuple[list[Path], list[Path], list[object]]:
        files, folders = watched_files(case, profile, templates)
        return files, folders, look(files, folders)

    def look(files: list[Path], folders: list[Path]) -> list[object]:
        return [*(_stamp(path) for path in files), *(_templates(folder) for folder in folders)]

    converter: WarmConverter | None = None
    with contextlib.ExitStack() as ending:
        if pdf:
            from memo.pdf.warm import WarmConverter  # only with --pdf: it starts LibreOffice

            converter = WarmConverter() if pdf_timeout is None else WarmConverter(timeout=pdf_timeout)
            ending.enter_context(converter)  # ended with the watch, also when it is stopped
        # The files are stamped before each render: a save while it runs is seen after it.
        files, folders, seen = stamps()
        render()
        while not stop():
            time.sleep(poll)
            if look(files, folders) != seen:
                time.sleep(poll)  # an editor may write a file in more than one step: let it finish
                files, folders, seen = stamps()
                render()


def timed(message: str) -> str:
    r"""What the watch says as the command prints it: each line after the time of day, so that a handläggare sees
    when (the same time on each line of a message, so that a caret under a line of the case stays in place).

    >>> [line[8:] for line in timed("memo: fel\n  3 | rad\n      ^").splitlines()]
    [' memo: fel', '   3 | rad', '       ^']
    """
    now = time.strftime("%H:%M:%S")
    return "\n".join(f"{now} {line}" for line in message.split("\n"))


def command(case: Path, target: Path, args: argparse.Namespace) -> int:
    """``memo ÄRENDE.yaml --bevaka [--pdf]``: the watch until Ctrl+C or SIGTERM, each line after the time of day.

    Returns 1 when the watch cannot begin (``--pdf`` without LibreOffice or its UNO bridge), else the
    exit code of the stop (130 after Ctrl+C, 143 after SIGTERM) once everything it started is ended.
    """
    import signal
    import sys

    from memo.stopping import Stopped

    def say(message: str) -> None:
        print(timed(message), file=sys.stdout if message.startswith("klart") else sys.stderr, flush=True)

    say(f"Bevakar {case} (Ctrl+C avslutar).")
    try:
        watch(case, target, profile=args.profil, templates=[args.mallar] if args.mallar else (), say=say,
              pdf=args.pdf)
    except OutputError as exc:  # LibreOffice, or its bridge, is missing: said before anything is written
        say(f"memo: {exc}")
        return 1
    except (KeyboardInterrupt, Stopped) as stop:  # Ctrl+C (Stopped when run as the program memo) or SIGTERM
        over = "\r\033[K" if sys.stderr is not None and sys.stderr.isatty() else ""  # over the ^C the terminal shows
        print(over + timed("Bevakningen avslutad."), file=sys.stderr)
        return 128 + getattr(stop, "signal", signal.SIGINT)
    return 0
