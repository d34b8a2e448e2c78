"""A changed paragraph back into case text: its ``${…}`` references kept where their text still stands.

The unit's markup as memo wrote it is known in pieces: the stretches each reference wrote
(:attr:`memo.roundtrip.fresh.Piece.references`) and the text between. The edited markup is set
against it character by character (:class:`difflib.SequenceMatcher`), and each reference is:

- *kept* — no change touches its stretch: ``${…}`` stands where its text now stands;
- *edited* — every change that touches it lies inside its stretch (the person changed the amount,
  nothing around it): the new text is read back with the inverse of its formatting
  (:func:`memo.swedish.parse_shown`: ``275 000 kronor`` → 275000), else it is a *conflict*; the
  reference stays and its value under ``varden:`` changes, written like the old one;
- *rewritten* — a change runs from its stretch into the text around it: the person rewrote the
  passage, and the new words are text (the reference is gone from this paragraph).

Everything else of the edited markup is the unit's new text; the no-break spaces and minus signs
memo puts into numbers are written back as the spaces and hyphens they were (memo puts them in
again), unless the case's text had them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from memo.case.prose import Reference, find_references
from memo.errors import FormatError
from memo.swedish import FILTERS, parse_shown, written_like

__all__ = ["Restored", "parse_back", "restore"]

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_MARKUP = re.compile(r"\\(.)|\*+")


class Restored(NamedTuple):
    """A changed unit as case text, and the named values whose change it brings."""

    text: str
    #: Value name → (its new text in the case, the reference's text in the memo before, after, and what memo
    #: will show).
    values: dict[str, tuple[str, str, str, str]]


class Conflict(ValueError):
    """A reference's text changed and cannot be read back into its value; ``before`` and ``after`` are the texts."""

    def __init__(self, reference: Reference, before: str, after: str) -> None:
        super().__init__(reference.source)
        self.reference = reference
        self.before = before
        self.after = after


def _plain(markup: str) -> str:
    return _MARKUP.sub(lambda m: m.group(1) or "", markup)


def _same_shown(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a).replace("\u2212", "-").strip() == _SPACES.sub(" ", b).replace("\u2212", "-").strip()


def parse_back(reference: Reference, shown: str, original: str | None) -> tuple[str, str] | None:
    """What the value under ``varden:`` must be (as the case's text, written like ``original``, its old text) for
    the reference to show ``shown`` (markup), and what memo will then show; None when the text does not give one
    value back unambiguously (:func:`memo.swedish.parse_shown`).

    >>> parse_back(find_references("${b | kronor}")[0], "275 000 kronor", "250000")
    ('275000', '275\xa0000\xa0kronor')
    >>> parse_back(find_references("${b | tkr}")[0], "300 tkr", "250 000")
    ('300 000', '300\xa0tkr')
    >>> parse_back(find_references("${d | langt_datum}")[0], "1 augusti 2026", "2026-07-01")
    ('2026-08-01', '1\xa0augusti\xa02026')
    >>> parse_back(find_references("${b | kronor}")[0], "cirka 275 000 kronor", "250000") is None
    True
    """
    text = _plain(shown).strip()
    if not text:
        return None
    value = parse_shown(text, reference.filter, original, reference.argument)
    if value is None:
        return None
    written = written_like(value, original)
    function = FILTERS.get(reference.filter) if reference.filter else None
    try:
        again = written if function is None else (
            function(written) if reference.argument is None else function(written, reference.argument))
    except (FormatError, ValueError, TypeError):
        return None
    return written, again


def _opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes from ``old`` to ``new``, compared character by character only between the common start
    and end (a reviewer changes a few words of a long paragraph: the rest is one equal stretch each side).

    >>> _opcodes("ett gammalt ord", "ett nytt ord")
    [('equal', 0, 4, 0, 4), ('replace', 4, 10, 4, 7), ('equal', 10, 15, 7, 12)]
    """
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    inner = difflib.SequenceMatcher(None, old[head:len(old) - tail], new[head:len(new) - tail],
                                    autojunk=False).get_opcodes()
    out: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
    out.extend((tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in inner)
    if tail:
        out.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    merged: list[tuple[str, int, int, int, int]] = []
    for op in out:
        if op[0] == "equal" and op[1] == op[2]:
            continue
        if merged and merged[-1][0] == op[0] == "equal":
            merged[-1] = ("equal", merged[-1][1], op[2], merged[-1][3], op[4])
        else:
            merged.append(op)
    return merged


def _literal(text: str, original: str) -> str:
    """New text as case text: memo's no-break spaces and minus signs as typed, unless the case had them."""
    if "\u00a0" not in original:
        text = text.replace("\u00a0", " ")
    if "\u2212" not in original:
        text = text.replace("\u2212", "-")
    return text


def restore(source: str, old: str, spans: Sequence[tuple[int, int]], new: str,
            originals: Mapping[str, str | None]) -> Restored:
    """The case text for a unit whose markup was ``old`` (from ``source``, its references writing ``spans`` of
    it) and is ``new``. Raises :class:`Conflict` for a reference whose changed text cannot be read back."""
    try:
        references = find_references(source)
    except ValueError:
        references = []
    if len(references) != len(spans):  # the references did not each write a stretch of their own: all text
        return Restored(_literal(new, source), {})
    opcodes = _opcodes(old, new)
    equal = [(i1, i2, j1) for tag, i1, i2, j1, _ in opcodes if tag == "equal"]
    changes = [(i1, i2) for tag, i1, i2, _, _ in opcodes if tag != "equal"]

    def mapped(position: int, last: bool) -> int | None:
        """Where ``position`` of the old markup stands in the new: in the first equal stretch that holds it, or
        the last (a reference's start: text inserted right before it stands before it, not in its place)."""
        found = [j1 + position - i1 for i1, i2, j1 in equal if i1 <= position <= i2]
        return (found[-1] if last else found[0]) if found else None

    inserted = {i1: new[j1:j2] for tag, i1, _, j1, j2 in opcodes if tag == "insert"}

    def glued(typed: str, text: str, *, before: bool) -> bool:
        """Text typed against a reference's edge with no space between (``19 240`` or ``0,25`` for ``9 240``, a word
        run on after it) is the reference's text, changed; a parenthesis or a quotation mark opened before it, a
        space or punctuation after it, are text beside it."""
        if not typed or not text:
            return False
        if before:
            return not typed[-1].isspace() and typed[-1] not in "([{\"'«“‘„" and not text[0].isspace()
        return typed[0].isalnum() and not text[-1].isspace()

    kept: list[tuple[int, int, Reference]] = []
    values: dict[str, tuple[str, str, str, str]] = {}
    for reference, (a, b) in zip(references, spans, strict=True):
        head = a < b and glued(inserted.get(a, ""), old[a:b], before=True)
        tail = a < b and glued(inserted.get(b, ""), old[a:b], before=False)
        touching = [(i1, i2) for i1, i2 in changes
                    if (i1 < b and i2 > a) or (i1 == i2 and (a < i1 < b or (i1 == a and head) or (i1 == b and tail)))]
        start, end = mapped(a, last=not head), mapped(b, last=tail)
        if a == b:
            end = start
        if touching and not all(a <= i1 and i2 <= b for i1, i2 in touching):
            continue  # rewritten with the words around it: text now
        if start is None or end is None or start > end:
            continue
        if touching:
            after = new[start:end]
            if not _plain(after).strip():
                continue  # the amount was taken out: so is its reference
            value = parse_back(reference, after, originals.get(reference.name))
            if value is None:
                raise Conflict(reference, old[a:b], after)
            values[reference.name] = (value[0], old[a:b], after, value[1])
        kept.append((start, end, reference))
    out: list[str] = []
    position = 0
    for start, end, reference in kept:
        out.append(_literal(new[position:start], source))
        out.append(reference.source)
        position = end
    out.append(_literal(new[position:], source))
    return Restored("".join(out), values)
