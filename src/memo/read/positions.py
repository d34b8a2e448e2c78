"""Where in a case file a character or a reference of a value is written, for the caret under a problem.

A value read from YAML may be shorter than what stands in the file (escapes in a double-quoted
scalar, folded lines, composed letters), so a problem at character *n* of the value is found in
the value's source lines (:meth:`memo.read.yamlparse.Node.source_lines`).
"""

from __future__ import annotations

import re

from memo.read.source import SourceText
from memo.read.yamlparse import Node

__all__ = ["escape_at", "locate", "position"]

# An escape sequence in a double-quoted YAML scalar.
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_SIMPLE_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
                   "r": "\r", "e": "\x1b", " ": " ", "/": "/", "\\": "\\", '"': '"', "N": "\x85"}
_REFERENCE_START = re.compile(r"\$\{[^}\s|]*")


def position(source: SourceText, node: Node, index: int) -> tuple[int | None, int | None]:
    """Where character ``index`` of a value is written in the file: at its escape in a double-quoted
    value, else where the same character stands in the value's source lines (the value itself may be
    shorter than its source: escapes, folded lines, composed letters)."""
    assert isinstance(node.value, str)
    character = node.value[index]
    if node.quoted:
        line, column, written = escape_at(source, node, character)
        if written is not None:
            return line, column
    for line, start, text in node.source_lines(source):
        found = text.find(character)
        if found >= 0:
            return line, start + found
    return node.line or None, node.column or None

def escape_at(source: SourceText, node: Node, character: str) -> tuple[int | None, int | None, str | None]:
    """Where in a double-quoted scalar the escape sequence producing ``character`` is written."""
    for line, start, text in node.source_lines(source):
        for match in _ESCAPE.finditer(text):
            if _unescape(match.group()) == character:
                return line, start + match.start(), match.group()
    return (node.text_line or None), (node.text_column or None), None


def locate(source: SourceText, node: Node, text: str, offset: int) -> tuple[int | None, int | None]:
    """The line and column in the file of the reference at ``offset`` in a scalar's text.

    The reference's opening (``${namn``) is looked up in the lines the scalar spans, counting
    earlier occurrences, which holds for block scalars, folded lines and quoted text alike.
    """
    match = _REFERENCE_START.match(text, offset)
    if match is not None:
        snippet = match.group()
        wanted = text.count(snippet, 0, offset)
        for line, start, rest in node.source_lines(source):
            index = rest.find(snippet)
            while index != -1:
                if wanted == 0:
                    return line, start + index
                wanted -= 1
                index = rest.find(snippet, index + len(snippet))
    return (node.line or None), (node.column or None)


def _unescape(escape: str) -> str | None:
    """The character a YAML double-quoted escape sequence stands for."""
    body = escape[1:]
    if body[0] in "xuU" and len(body) > 1:
        return chr(int(body[1:], 16))
    return _SIMPLE_ESCAPES.get(body)
