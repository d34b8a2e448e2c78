"""Units taken out of a scalar and list items added to one, so that lists and paragraphs stay as they were.

A unit removed takes one of the two separators around it with it and keeps the other: the one with a blank
line, so that the last item of a list taken out leaves the paragraph after the list a paragraph (not a line
of the item before it). An item added to an ordered list is numbered on (``2.`` → ``3.``), and the items
after it that followed in order are numbered on with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from memo.roundtrip.units import Unit

__all__ = ["numbered_on", "without"]

_ORDERED = re.compile(r"(\s*)(\d{1,9})([.)])(\s+)$")
_ITEM = re.compile(r"([ \t]*)(\d{1,9})([.)])([ \t]+)")


def without(text: str, order: Sequence[Unit], index: int) -> str:
    """``text`` without the unit ``order[index]`` (``text`` as the scalar was up to the next unit's line)."""
    unit = order[index]
    if index + 1 < len(order):
        after = text[unit.end:order[index + 1].line_start]
        if index > 0 and after.count("\n") > text[order[index - 1].end:unit.line_start].count("\n"):
            return text[:order[index - 1].end] + text[unit.end:]  # keep the blank line after it
        return text[:unit.line_start] + text[order[index + 1].line_start:]
    if index > 0:
        return text[:order[index - 1].end] + text[unit.end:]
    return text[:unit.line_start] + text[unit.end:]


def numbered_on(marker: str, rest: str) -> tuple[str, str]:
    r"""The marker of an item added after the item whose marker is ``marker`` (``2. `` → ``3. ``), and ``rest``
    (the scalar after that item's text) with the items that followed it in order numbered on.

    >>> numbered_on("2. ", "\n3. c\n\n4. Ett stycke")
    ('3. ', '\n4. c\n\n4. Ett stycke')
    """
    found = _ORDERED.fullmatch(marker)
    if found is None:
        return marker, rest
    indent, number, close = found.group(1), int(found.group(2)), found.group(3)
    new = f"{indent}{number + 1}{close}{found.group(4)}"
    lines = rest.split("\n")
    expected = number + 1
    for position, line in enumerate(lines[1:], 1):
        if not line.strip():
            break
        item = _ITEM.match(line)
        if item is None:
            if line[:len(indent) + 1].strip():  # a line of another paragraph, not an item's continuation
                break
            continue
        if item.group(1) != indent or item.group(3) != close or int(item.group(2)) != expected:
            break
        lines[position] = f"{indent}{expected + 1}{close}{line[item.end(3):]}"
        expected += 1
    return new, "\n".join(lines)
