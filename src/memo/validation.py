"""``memo.validate`` and ``memo kontrollera``: every check memo makes when it renders, with nothing written.

A case is read for its profile, checked and rendered in memory (its templates and references
included), so that whatever would stop ``memo`` stops here, with the same messages. The
warnings are memo's own (an example profile, a table too wide …) and the language checks of
:mod:`memo.language`, which never fail a memo.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from memo import cache
from memo.errors import Location, MemoError, MemoWarning, ProfileWarning
from memo.notice import MEMO_WARNING, Finding, FindingWarning
from memo.profile.load import Profile
from memo.read.source import SourceText

if TYPE_CHECKING:  # a document built in Python: its kind's row is loaded only to render it
    from memo.kinds.kind import Document

__all__ = ["Report", "SaidOnce", "language_findings", "memo_warnings", "validate", "warning_line"]

PathLike = str | os.PathLike[str]
#: The rule id of a warning about the profile, the same for every case made with it (an example profile, a
#: reference that carries what memo cleans): the command says it once per run.
PROFILE_WARNING = "profilvarning"


class SaidOnce:
    """What a run (a batch, a watch, ``memo kontrollera``) has said of the profile: a warning about it
    (:data:`PROFILE_WARNING`) is the same for every case made with it, so the run says it once."""

    def __init__(self) -> None:
        self._said: set[str] = set()

    def first(self, finding: Finding) -> bool:
        """Whether to say ``finding`` now: any warning but one about the profile that the run has said."""
        if finding.rule != PROFILE_WARNING:
            return True
        if finding.message in self._said:
            return False
        self._said.add(finding.message)
        return True


class Report(NamedTuple):
    """What :func:`validate` found: the problems that stop a memo, and the warnings that do not."""

    errors: tuple[MemoError, ...]
    #: Language findings and memo's warnings (``rule`` is ``"varning"`` for the latter, or the warning's own:
    #: ``"visas-inte"`` for a field shown nowhere), in file order.
    warnings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """No problem stops the memo (warnings may remain)."""
        return not self.errors


def validate(case: Document | PathLike | Mapping[str, Any], *, profile: str | Path | Profile | None = None,
             templates: PathLike | Sequence[PathLike] | None = None) -> Report:
    """Check a case as :func:`memo.render` would, and its language; write nothing, raise no :class:`MemoError`.

    The language checks need the case as written (a file or a mapping); a :class:`memo.case.model.Case`
    (or another kind's document built in Python, a protokollsutdrag's ``Extract``) gets the other checks only.
    """
    from memo.pipeline import render

    errors: tuple[MemoError, ...] = ()
    where = Location(Path(case)) if isinstance(case, (str, os.PathLike)) else Location()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MemoWarning)
        try:
            render(case, profile=profile, templates=templates)
        except MemoError as exc:
            errors = tuple(getattr(exc, "problems", (exc,)))
    found = memo_warnings(caught, where)
    if isinstance(case, (str, os.PathLike, Mapping)):  # a document built in Python is not as written
        found += language_findings(case, profile)
    return Report(errors, tuple(found))


def memo_warnings(caught: Sequence[warnings.WarningMessage], where: Location) -> list[Finding]:
    """memo's own warnings among those caught while a memo was rendered, as findings at ``where`` (one that carries
    its finding, :class:`memo.notice.FindingWarning`, as its own rule and place, in ``where``'s file)."""
    return [_finding(w.message, where) for w in caught if isinstance(w.message, MemoWarning)]


def _finding(warning: MemoWarning, where: Location) -> Finding:
    if isinstance(warning, ProfileWarning):
        return Finding(PROFILE_WARNING, str(warning), where)
    if not isinstance(warning, FindingWarning):
        return Finding(MEMO_WARNING, str(warning), where)
    found = warning.finding
    return found if found.location.file is not None else found._replace(
        location=dataclasses.replace(found.location, file=where.file))


def language_findings(case: PathLike | Mapping[str, Any], profile: str | Path | Profile | None = None
                      ) -> list[Finding]:
    """The language warnings of a case (:func:`memo.language.check_language`), with the profile's checks turned off.

    A case that cannot be read has none: its problem is an error of its own. For a case file the
    warnings are kept in memo's cache, keyed on the file's contents, the profile's sections and
    checks and the code of the checks: a memo written again from an unchanged case is told them
    without the checks being loaded.
    """
    from memo.pipeline import read_case

    try:
        root, source, chosen = read_case(case, profile)
    except MemoError:
        return []
    key = _cache_key(source, chosen)
    if key is not None:
        kept = cache.load(_CACHE_KIND, key)
        if kept is not None:
            try:  # marshal: built in, so a memo told its warnings again loads nothing to read them
                return [Finding(r, m, Location(Path(f) if f else None, line, column, k, shown))
                        for r, m, f, line, column, k, shown in marshal.loads(kept)]
            except (ValueError, TypeError, EOFError):
                pass  # not what this code stores: checked again below
    from memo.language import check_language

    found = check_language(root, source, chosen.readable_sections, disabled=chosen.sprakkontroller_av)
    if key is not None:
        cache.store(_CACHE_KIND, key, marshal.dumps([
            (f.rule, f.message, str(f.location.file) if f.location.file else None, f.location.line,
             f.location.column, f.location.key, f.location.source_line) for f in found]))
    return found


_CACHE_KIND = "sprak"
#: memo's modules whose code the language warnings come from: warnings cached by other code are never told.
_LANGUAGE_CODE = ("validation", "notice", "errors", "faults", "typography", "language/__init__", "language/rules",
                  "language/checks", "language/texts", "language/scan", "language/wordlists", "case/sections",
                  "case/checker", "case/decisions", "case/personnummer", "case/prose", "read/characters",
                  "read/positions", "read/source", "read/wording", "read/yamlparse", "swedish/dates",
                  "swedish/filters", "swedish/inverses", "swedish/localedata", "swedish/numbers")


def _cache_key(source: SourceText, profile: Profile) -> str | None:
    """The cache key of a case file's language warnings; None for a mapping from Python or without a cache."""
    if source.path is None or not cache.available(_CACHE_KIND):
        return None
    code = cache.code_stamp(*_LANGUAGE_CODE)
    if code is None:
        return None
    hasher = hashlib.sha256(f"{code}:{sys.version}".encode())  # marshal's format is the interpreter's
    for piece in (str(source.path), source.text, repr(profile.readable_sections),
                  repr(sorted(profile.sprakkontroller_av))):
        data = piece.encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest() + ".marshal"


def warning_line(case: Path, finding: Finding) -> str:
    """A warning as the command prints it: the file, its line and column, the check's id, the message."""
    where = finding.location
    place = Location(case, where.line, where.column, where.key).describe()
    label = "" if finding.rule in (MEMO_WARNING, PROFILE_WARNING) else f"[{finding.rule}] "
    return f"{place}: {label}{finding.message}"
