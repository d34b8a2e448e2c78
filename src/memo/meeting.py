"""A sammanträde's documents, written from its meeting file: the kallelse (and the mötesbok), the protokoll and
its protokollsutdrag.

:func:`write_kallelse` writes ``kallelse.docx`` (with ``pdf=True`` also ``kallelse.pdf`` and ``motesbok.pdf``: the
kallelse and every item's memo in agenda order, one bookmark each, as one tagged PDF); :func:`write_protokoll`
writes ``protokoll.docx`` and one protokollsutdrag per § in ``protokollsutdrag/``. Everything is read, checked and
rendered before anything is written: a fault anywhere leaves every file as it was. Each document is its kind's
(:mod:`memo.kinds.sammantrade`, :mod:`memo.kinds.protokoll`, :mod:`memo.kinds.protokollsutdrag`), rendered by
:func:`memo.pipeline.render`; this module only decides what goes where.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from memo.case.model import Case
from memo.errors import CaseError, Location, MemoWarning, OutputError
from memo.kinds.kind import ProfileArgument
from memo.kinds.sammantrade.model import Item, Meeting
from memo.notice import MEMO_WARNING, Finding, FindingWarning
from memo.pipeline import load_document, render
from memo.profile.load import Profile
from memo.word.output import check_overwrite, write_atomically

__all__ = ["KALLELSE_FILE", "MOTESBOK_FILE", "PROTOKOLL_FILE", "UTDRAG_FOLDER", "Kallelse", "Protokoll",
           "load_meeting", "write_kallelse", "write_protokoll"]

PathLike = str | os.PathLike[str]
KALLELSE_FILE = "kallelse.docx"
MOTESBOK_FILE = "motesbok.pdf"
PROTOKOLL_FILE = "protokoll.docx"
#: The folder beside the protokoll that holds its protokollsutdrag, one per §.
UTDRAG_FOLDER = "protokollsutdrag"
#: The name of a §'s protokollsutdrag, before its number (``paragraf-41.docx``).
EXTRACT_PREFIX = "paragraf-"


class Kallelse(NamedTuple):
    """What :func:`write_kallelse` wrote."""

    docx: Path
    pdf: Path | None = None
    motesbok: Path | None = None
    #: The mötesbok's size in bytes.
    motesbok_size: int | None = None


class Protokoll(NamedTuple):
    """What :func:`write_protokoll` wrote: the protokoll and its protokollsutdrag, in § order."""

    docx: Path
    utdrag: tuple[Path, ...]


#: A meeting as the functions take it: a file, a mapping, or a :class:`Meeting` built in Python.
MeetingSource = Meeting | PathLike | Mapping[str, Any]


def load_meeting(meeting: MeetingSource, *, profile: ProfileArgument = None) -> tuple[Meeting, Profile]:
    """A meeting file (or mapping) read with every case in it, or a :class:`memo.kinds.sammantrade.Meeting` built in
    Python checked: the meeting and its profile."""
    from memo.kinds.sammantrade import KIND

    if isinstance(meeting, Meeting):
        return meeting, KIND.check(meeting, profile)
    if not isinstance(meeting, (str, os.PathLike, Mapping)):
        raise CaseError(f"Ett sammanträde är en fil, en mappning eller ett memo.kinds.sammantrade.Meeting, inte "
                        f"{type(meeting).__name__}.", Location())
    document, kind, chosen = load_document(meeting, profile=profile)
    if kind is not KIND:
        where = Location(Path(meeting)) if isinstance(meeting, (str, os.PathLike)) else Location()
        raise CaseError(f"{'Filen' if where.file else 'Mappningen'} är {kind.noun}, inte ett sammanträde: ett "
                        "sammanträde har föredragningslistan under 'arenden'.", where, rule="inte-ett-sammantrade")
    assert isinstance(document, Meeting)
    return document, chosen


def write_kallelse(meeting: MeetingSource, folder: PathLike, *, profile: ProfileArgument = None, pdf: bool = False,
                   overwrite: bool = False) -> Kallelse:
    """Write the meeting's kallelse (``kallelse.docx``) into ``folder``; with ``pdf=True`` also ``kallelse.pdf`` and
    the mötesbok (``motesbok.pdf``: the kallelse and every item's memo, through LibreOffice)."""
    meeting, chosen = load_meeting(meeting, profile=profile)
    base = Path(folder)
    target = base / KALLELSE_FILE
    kallelse = render(meeting, profile=chosen)
    memos = [(number, item, _render_case(item.arende, chosen)) for number, item in enumerate(meeting.arenden, 1)
             if not item.staende] if pdf else []
    book = base / MOTESBOK_FILE
    _ready(base, [target], [target.with_suffix(".pdf"), book] if pdf else [], overwrite)
    write_atomically(target, kallelse, overwrite=overwrite)
    if not pdf:
        return Kallelse(target)
    from memo.kinds.sammantrade import title
    from memo.pdf import export_pdfs
    from memo.pdf.book import Part, make_book

    with tempfile.TemporaryDirectory(prefix="memo-motesbok-") as scratch:
        pairs = [(target, target.with_suffix(".pdf"))]
        for number, item, data in memos:
            docx = Path(scratch) / f"{number:03d}-{_slug(item.arende.path)}.docx"
            docx.write_bytes(data)
            pairs.append((docx, docx.with_suffix(".pdf")))
        results = export_pdfs(pairs)
        failed = next((at for at, result in enumerate(results) if result.error is not None), None)
        if failed is not None:
            _book_failed(book, target, results[failed].error, None if failed == 0 else memos[failed - 1][:2])
        parts = [Part("Kallelse", pairs[0][1])]
        parts += [Part(f"{number}. {_plain_title(item.arende, chosen)}", pair[1])
                  for (number, item, _), pair in zip(memos, pairs[1:], strict=True)]
        size = make_book(parts, book, title=f"Mötesbok: {title(meeting, chosen)}")
    return Kallelse(target, target.with_suffix(".pdf"), book, size)


def write_protokoll(meeting: MeetingSource, folder: PathLike, *, profile: ProfileArgument = None,
                    overwrite: bool = False) -> Protokoll:
    """Write the meeting's protokoll (``protokoll.docx``) into ``folder``, and a protokollsutdrag per § in its
    ``protokollsutdrag/`` folder (``paragraf-41.docx`` …).

    A § without a decision (a standing item without a förslag, a letter) gets no protokollsutdrag: a warning says
    so. An earlier run's protokollsutdrag of a § the meeting no longer has is removed, when memo wrote it and no one
    has changed it since; one changed by hand is left, with a warning.
    """
    from memo.kinds.protokoll import Protocol, extract_of, has_decision, item_profile

    meeting, chosen = load_meeting(meeting, profile=profile)
    base = Path(folder)
    target = base / PROTOKOLL_FILE
    extract_folder = base / UTDRAG_FOLDER
    protokoll = render(Protocol(meeting), profile=chosen)
    extracts: list[tuple[Path, bytes]] = []
    for item in meeting.arenden:
        if not has_decision(item, chosen):
            said = f"§ {item.paragraf} ({_plain_title(item.arende, chosen)})"
            warnings.warn(FindingWarning(Finding(MEMO_WARNING, f"{said} har inget beslut, så inget protokollsutdrag "
                                                 "skrevs för den. Skriv beslutet under 'beslut' i punkten.",
                                                 Location(meeting.path, item.line))), stacklevel=2)
            continue
        extracts.append((extract_folder / f"{EXTRACT_PREFIX}{item.paragraf}.docx",
                         render(extract_of(meeting, item), profile=item_profile(item, chosen))))
    _ready(base, [target, *(path for path, _ in extracts)], [], overwrite, extract_folder)
    stale = _stale_extracts(extract_folder, {path.name for path, _ in extracts}, meeting)
    write_atomically(target, protokoll, overwrite=overwrite)
    _folder(extract_folder)
    for path, data in extracts:
        write_atomically(path, data, overwrite=overwrite)
    for path in stale:
        path.unlink(missing_ok=True)
    return Protokoll(target, tuple(path for path, _ in extracts))


def _book_failed(book: Path, kallelse: Path, error: OutputError | None, item: tuple[int, Item] | None) -> NoReturn:
    """The mötesbok could not be made (a PDF of the kallelse or of one memo failed): an earlier run's mötesbok is
    removed (it would show the meeting as it was), and the error says what was written and which document failed."""
    book.unlink(missing_ok=True)
    reason = error.message if error is not None else "LibreOffice gjorde ingen PDF."
    written = f"Kallelsen skrevs ({kallelse.name}{', ' + kallelse.with_suffix('.pdf').name if item else ''})"
    if item is None:
        raise OutputError(f"{written}, men inte dess PDF, så mötesboken kunde inte göras. {reason}",
                          Location(kallelse.with_suffix(".pdf")))
    number, failed = item
    raise OutputError(f"{written}, men mötesboken kunde inte göras: PM:et för punkt {number} gick inte att göra "
                      f"till PDF. {reason}", Location(failed.arende.path))


def _stale_extracts(folder: Path, kept: set[str], meeting: Meeting) -> list[Path]:
    """An earlier run's protokollsutdrag in ``folder`` of §§ this meeting no longer has (of this nämnd and date: another
    meeting's in the same folder are left alone), that memo wrote and no one has changed since (they are removed);
    one changed by hand is kept, with a warning."""
    from memo.word.output import author_and_date

    if not folder.is_dir():
        return []
    stale = []
    for path in sorted(folder.glob(f"{EXTRACT_PREFIX}*.docx")):
        if path.name in kept or not re.fullmatch(rf"{EXTRACT_PREFIX}[0-9]+\.docx", path.name):
            continue
        made = author_and_date(path)
        if made is None or " ".join(made[0].split()) != " ".join(meeting.namnd.split()) \
                or not made[1].startswith(meeting.datum.isoformat()):
            continue  # not this meeting's (or not memo's): not memo's to remove
        try:
            check_overwrite(path, False)
        except OutputError:
            warnings.warn(FindingWarning(Finding(
                MEMO_WARNING, "Protokollsutdraget gäller en paragraf som protokollet inte längre har, men det har "
                              "ändrats efter att memo skrev det, så memo tar inte bort det. Ta bort det om det inte "
                              "ska skickas.", Location(path))), stacklevel=3)
            continue
        stale.append(path)
    return stale


def _ready(base: Path, documents: list[Path], derived: list[Path], overwrite: bool,
           subfolder: Path | None = None) -> None:
    """Everything a write needs, checked before the first file is written: the folders are folders (or absent), no
    target is a folder, and no document edited by hand is replaced (``overwrite`` aside); then the folder is made."""
    for folder in (base, subfolder):
        if folder is not None and folder.exists() and not folder.is_dir():
            raise OutputError("Här ska memo skriva en mapp, men det finns en fil med det namnet. Flytta filen, eller "
                              "ange en annan mapp med -o.", Location(folder))
    for path in (*documents, *derived):
        if path.is_dir():
            raise OutputError("Här ska memo skriva en fil, men det finns en mapp med det namnet. Flytta mappen, "
                              "eller ange en annan mapp med -o.", Location(path))
    for path in documents:
        check_overwrite(path, overwrite)
    _folder(base)


def _render_case(case: Case, profile: Profile) -> bytes:
    """A case's memo, its warnings said at its own file (not the meeting's)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MemoWarning)
        data = render(case, profile=profile)
    for warning in caught:
        message = warning.message
        if isinstance(message, FindingWarning) and message.finding.location.file is None:
            found = message.finding
            message = FindingWarning(found._replace(location=dataclasses.replace(found.location, file=case.path)))
        if isinstance(message, Warning):
            warnings.warn(message, stacklevel=2)
    return data


def _folder(folder: PathLike) -> Path:
    """The output folder, made if it is not there."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from memo.errors import os_reason

        raise OutputError(f"Mappen kunde inte skapas: {os_reason(exc)}.", Location(path)) from None
    return path


def _slug(path: Path | None) -> str:
    stem = path.stem if path is not None else "arende"
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem).strip("-")[:60] or "arende"


def _plain_title(case: Case, profile: Profile) -> str:
    import memo.kinds.pm as pm

    return pm.KIND.title(case, profile)
