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

import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from memo.case.model import Case
from memo.errors import CaseError, Location, OutputError
from memo.kinds.kind import ProfileArgument
from memo.kinds.sammantrade.model import Meeting
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
    target = Path(folder) / KALLELSE_FILE
    kallelse = render(meeting, profile=chosen)
    memos = [(number, item, render(item.arende, profile=chosen)) for number, item in enumerate(meeting.arenden, 1)
             if not item.staende] if pdf else []
    _folder(folder)
    check_overwrite(target, overwrite)
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
        failed = [result.error for result in export_pdfs(pairs) if result.error is not None]
        if failed:
            raise OutputError(f"Kallelsen skrevs ({target.name}) men inte mötesboken. {failed[0].message}",
                              Location(target.with_suffix(".pdf")))
        parts = [Part("Kallelse", pairs[0][1])]
        parts += [Part(f"{number}. {_plain_title(item.arende, chosen)}", pair[1])
                  for (number, item, _), pair in zip(memos, pairs[1:], strict=True)]
        book = target.parent / MOTESBOK_FILE
        size = make_book(parts, book, title=f"Mötesbok: {title(meeting, chosen)}")
    return Kallelse(target, target.with_suffix(".pdf"), book, size)


def write_protokoll(meeting: MeetingSource, folder: PathLike, *, profile: ProfileArgument = None,
                    overwrite: bool = False) -> Protokoll:
    """Write the meeting's protokoll (``protokoll.docx``) into ``folder``, and a protokollsutdrag per § in its
    ``protokollsutdrag/`` folder (``paragraf-41.docx`` …)."""
    from memo.kinds.protokoll import Protocol, extract_of, item_profile

    meeting, chosen = load_meeting(meeting, profile=profile)
    base = Path(folder)
    target = base / PROTOKOLL_FILE
    protokoll = render(Protocol(meeting), profile=chosen)
    extracts = [(base / UTDRAG_FOLDER / f"paragraf-{item.paragraf}.docx",
                 render(extract_of(meeting, item), profile=item_profile(item, chosen))) for item in meeting.arenden]
    _folder(base)
    for path in (target, *(path for path, _ in extracts)):
        check_overwrite(path, overwrite)
    write_atomically(target, protokoll, overwrite=overwrite)
    (base / UTDRAG_FOLDER).mkdir(exist_ok=True)
    for path, data in extracts:
        write_atomically(path, data, overwrite=overwrite)
    return Protokoll(target, tuple(path for path, _ in extracts))


def _folder(folder: PathLike) -> Path:
    """The output folder, made if it is not there."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise OutputError("Här ska stå en mapp, men det är en fil. Ange en mapp med -o.", Location(path))
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
