"""The edited memo's paragraphs set against the fresh memo's: which units changed, went or came.

The two memos are read by one reader and compared as sequences of paragraphs (their text, white
space folded) with :class:`difflib.SequenceMatcher`. Paragraphs that are equal in text but not in
markup (a word made bold) are changed; within a stretch that differs, paragraphs are paired in
order with the most alike one (a changed word leaves a paragraph alike; a new paragraph is alike
to none), the rest are removed (fresh) or added (edited). An added paragraph belongs with the
paragraph before it — after a heading, with the one after it — so a paragraph added under a
section's last one joins that section's text and a point added after a decision point joins the
points. A paragraph memo's templates wrote (a heading, a header's line) has no unit: a change in it
is a change of the field it shows (:mod:`memo.roundtrip.fields`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import NamedTuple

from memo.roundtrip.fresh import Piece

__all__ = ["Alignment", "align"]

_SPACE = re.compile(r"\s+")
#: Two paragraphs at least this alike (difflib's ratio) are one paragraph, changed.
ALIKE = 0.5


class Alignment(NamedTuple):
    """What the edited memo did to the fresh one, paragraph by paragraph."""

    #: Fresh piece index → edited piece (same place, other text or markup).
    changed: dict[int, Piece]
    #: Fresh piece indexes that are gone.
    removed: list[int]
    #: Added edited pieces, with the fresh piece index they follow (-1: before the first) or precede.
    added: list[tuple[int, bool, Piece]]


def _key(piece: Piece) -> str:
    return _SPACE.sub(" ", piece.text).strip()


def align(fresh: Sequence[Piece], edited: Sequence[Piece]) -> Alignment:
    """Set the edited memo's pieces against the fresh memo's (each story on its own: body, header, footer)."""
    changed: dict[int, Piece] = {}
    removed: list[int] = []
    added: list[tuple[int, bool, Piece]] = []
    for story in ("body", "header", "footer"):
        mine = [i for i, p in enumerate(fresh) if p.story == story]
        theirs = [p for p in edited if p.story == story]
        _align_story(fresh, mine, theirs, changed, removed, added)
    return Alignment(changed, removed, added)


def _align_story(fresh: Sequence[Piece], mine: list[int], theirs: list[Piece], changed: dict[int, Piece],
                 removed: list[int], added: list[tuple[int, bool, Piece]]) -> None:
    a = [_key(fresh[i]) for i in mine]
    b = [_key(p) for p in theirs]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                old, new = fresh[mine[i1 + k]], theirs[j1 + k]
                if old.markup != new.markup:
                    changed[mine[i1 + k]] = new
            continue
        pairs = _pairs(a[i1:i2], b[j1:j2])
        paired_new = {j for _, j in pairs}
        paired_old = {i for i, _ in pairs}
        for i, j in pairs:
            changed[mine[i1 + i]] = theirs[j1 + j]
        removed.extend(mine[i1 + i] for i in range(i2 - i1) if i not in paired_old)
        for j in range(j2 - j1):
            if j in paired_new or not b[j1 + j]:
                continue  # paired, or an empty paragraph: nothing to bring back
            before = [i for i, jj in pairs if jj < j]
            anchor = mine[i1 + before[-1]] if before else (mine[i1 - 1] if i1 > 0 else -1)
            added.append((anchor, True, theirs[j1 + j]))


def _pairs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """Old and new paragraphs paired in order, each with the most alike (at least :data:`ALIKE`)."""
    if not old or not new:
        return []
    if len(old) == len(new):  # as many as there were: each replaced in its place (a rewritten decision point)
        return [(i, i) for i in range(len(old))]
    # Longest chain of alike pairs in order (a small dynamic programme: stretches are a few paragraphs).
    score = [[difflib.SequenceMatcher(None, o, n, autojunk=False).ratio() for n in new] for o in old]
    best: dict[tuple[int, int], tuple[float, list[tuple[int, int]]]] = {}

    def chain(i: int, j: int) -> tuple[float, list[tuple[int, int]]]:
        if i >= len(old) or j >= len(new):
            return 0.0, []
        if (i, j) in best:
            return best[(i, j)]
        options = [chain(i + 1, j), chain(i, j + 1)]
        if score[i][j] >= ALIKE:
            total, rest = chain(i + 1, j + 1)
            options.append((total + score[i][j], [(i, j), *rest]))
        best[(i, j)] = max(options, key=lambda option: option[0])
        return best[(i, j)]

    if len(old) * len(new) > 2500 or len(old) + len(new) > 400:  # a long rewritten stretch: pair in order only
        return [(i, i) for i in range(min(len(old), len(new))) if score[i][i] >= ALIKE]
    return chain(0, 0)[1]
