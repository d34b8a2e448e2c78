"""A paragraph of a memo as the round trip compares it (:mod:`memo.roundtrip.fresh` makes them, and
:mod:`memo.roundtrip.cells` reads a table's amounts off them)."""

from __future__ import annotations

from typing import NamedTuple

from memo.roundtrip.units import Path as KeyPath
from memo.word.readback import Para

__all__ = ["Piece"]


class Piece(NamedTuple):
    """One paragraph of a memo, as compared: its text and markup, and (in the fresh memo) what wrote it."""

    para: Para
    text: str
    markup: str
    #: The unit it shows (None: the templates' own text, a heading, a header's line).
    unit: int | None = None
    #: The markup before the unit's text (``att\t`` before a decision point).
    prefix: str = ""
    #: The stretches of the unit's markup (after ``prefix``) each reference wrote: (start, end), in order.
    references: tuple[tuple[int, int], ...] = ()
    #: Where it stands: ``body``, ``header`` or ``footer``.
    story: str = "body"
    #: A line memo writes from one key of the case that is no unit (a heading the case wrote, a table's
    #: description, a table's amount): the key (:mod:`memo.roundtrip.fields` changes it).
    key: KeyPath | None = None
