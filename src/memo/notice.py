"""A warning that does not stop a memo, with where it is: what the language checks and ``memo.validate`` give.

Its own small module, so that a warning kept from an earlier run (:mod:`memo.validation`'s cache) can be
told again without loading the checks that found it.
"""

from __future__ import annotations

from typing import NamedTuple

from memo.errors import Location

__all__ = ["Finding"]


class Finding(NamedTuple):
    """One warning: the check's id (``"varning"`` for memo's own), a Swedish message (what and how to fix)
    and where it is."""

    rule: str
    message: str
    location: Location
