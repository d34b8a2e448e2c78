"""``memo.validate`` and ``memo kontrollera``: every check memo makes when it renders, with nothing written.

A case is read for its profile, checked and rendered in memory (its templates and references
included), so that whatever would stop ``memo`` stops here, with the same messages. The
warnings are memo's own (an example profile, a table too wide …) and the language checks of
:mod:`memo.language`, which never fail a memo.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from memo.case import Case
from memo.errors import Location, MemoError, MemoWarning
from memo.profile import Profile

if TYPE_CHECKING:
    from memo.language import Finding

__all__ = ["Report", "language_findings", "validate"]

PathLike = str | os.PathLike[str]
#: The rule id of a warning memo gives while rendering (not a language check).
MEMO_WARNING = "varning"


@dataclass(frozen=True)
class Report:
    """What :func:`validate` found: the problems that stop a memo, and the warnings that do not."""

    errors: tuple[MemoError, ...]
    #: Language findings and memo's warnings (``rule`` is ``"varning"`` for the latter), in file order.
    warnings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """No problem stops the memo (warnings may remain)."""
        return not self.errors


def validate(case: Case | PathLike | Mapping[str, Any], *, profile: str | Path | Profile | None = None,
             templates: PathLike | Sequence[PathLike] | None = None) -> Report:
    """Check a case as :func:`memo.render` would, and its language; write nothing, raise no :class:`MemoError`.

    The language checks need the case as written (a file or a mapping); a :class:`memo.case.Case`
    gets the other checks only.
    """
    from memo.language import Finding
    from memo.pipeline import render

    errors: tuple[MemoError, ...] = ()
    where = Location(Path(case)) if isinstance(case, (str, os.PathLike)) else Location()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MemoWarning)
        try:
            render(case, profile=profile, templates=templates)
        except MemoError as exc:
            errors = tuple(getattr(exc, "problems", (exc,)))
    said = [Finding(MEMO_WARNING, str(w.message), where) for w in caught if isinstance(w.message, MemoWarning)]
    found = said + ([] if isinstance(case, Case) else language_findings(case, profile))
    return Report(errors, tuple(found))


def language_findings(case: PathLike | Mapping[str, Any], profile: str | Path | Profile | None = None
                      ) -> list[Finding]:
    """The language warnings of a case (:func:`memo.language.check_language`), with the profile's checks turned off.

    A case that cannot be read has none: its problem is an error of its own.
    """
    from memo.language import check_language
    from memo.pipeline import read_case

    try:
        root, source, chosen = read_case(case, profile)
    except MemoError:
        return []
    return check_language(root, source, chosen.readable_sections, disabled=chosen.sprakkontroller_av)
