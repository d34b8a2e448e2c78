"""A finding that does not stop a memo, with where it is: what the language checks, ``memo.validate`` and
``memo granska`` (:func:`memo.check_docx`) give. One type for all of them, public as ``memo.Finding``.

Its own small module, so that a warning kept from an earlier run (:mod:`memo.validation`'s cache) can be
told again without loading the checks that found it.
"""

from __future__ import annotations

from typing import NamedTuple

from memo.errors import Location, MemoWarning

__all__ = ["ERROR", "WARNING", "Finding", "FindingWarning"]

#: A finding's :attr:`Finding.level`: a fault (``memo granska`` exits with 1) or something worth a look.
ERROR = "fel"
WARNING = "varning"


#: The rule id of a warning memo gives while rendering (not a language check), unless it has its own.
MEMO_WARNING = "varning"


class Finding(NamedTuple):
    """One finding: the check's id (``"varning"`` for memo's own warnings, unless one has its own: ``"visas-inte"``),
    a Swedish message (what and how to fix), where it is, and its level (``"varning"``, or ``"fel"`` for an
    accessibility fault).

    A finding in a case file is at a line, column and key (:class:`memo.errors.Location`); one in a Word document
    names its file and, in words, the place (``location.place``: ``»Sammanfattning«``), which :attr:`where` gives.

    >>> Finding("titel-saknas", "Dokumentet saknar titel.", Location(place="egenskaperna"), ERROR).where
    'egenskaperna'
    """

    rule: str
    message: str
    location: Location = Location()
    level: str = WARNING

    @property
    def where(self) -> str | None:
        """Where the finding is, in words: the place in a Word document, else the location as a message says it."""
        return self.location.place or self.location.describe() or None


class FindingWarning(MemoWarning):
    """A warning of memo's that carries its :class:`Finding`: its own rule id and where it is (a field's line and
    key), which ``memo.validate`` and the command give as they are. As text it is the message after its place.
    """

    def __init__(self, finding: Finding) -> None:
        where = finding.location.describe()
        super().__init__(f"{where}: {finding.message}" if where else finding.message)
        self.finding = finding
