"""Surgical edits of a case file's YAML text: the values changed, everything else byte for byte.

memo knows where each value of the file stands (:class:`memo.read.yamlparse.Node`), so a new value is
written in place of the old one's text and nothing else moves: comments, blank lines, key order, the
quoting of other values, ``${…}`` references, CRLF line endings and a byte-order mark stay as they were.
(ruamel.yaml's round-trip mode was the other way; it re-emits the whole file and so re-indents
and re-quotes what was not edited, and it would be a second YAML library.)

An :class:`Edit` names a value by its key path (``("varden", "belopp")``, ``("forslag_till_beslut", 2)``,
list positions from 0) and gives its new value: text, a list, a mapping (see :data:`memo.read.emit.Value`),
or None to remove the key or list item. With ``insert=True`` the path's last part is a position in a list,
and the value is a new item placed before the item there (the list's length appends it). A key that does
not exist in its mapping is added after the mapping's last key, in the mapping's indentation.

How a value is written:

* a scalar keeps its style when the new text fits it: a ``|`` block stays a block with the same
  indentation (a ``>`` block becomes a ``|`` block: the text is then written as it reads), a quoted
  value stays quoted the same way, and a plain value stays plain when memo reads it back as the same text
  and no YAML reader takes it for a truth value or null (``275000`` → ``280000`` and ``12,5`` → ``15``
  stay plain, ``yes`` and ``~`` are quoted); else it is written as :func:`memo.read.emit.scalar` writes
  a new value;
* a list or mapping replaced by another keeps the old one's indentation; comments inside the old one go;
* a value inside a flow collection (``[a, b]``) rewrites that one collection, in flow style;
* a removed key or list item takes with it the comment lines directly above it (at its own indentation,
  with no blank line between): they describe it. The comments above the file's first key are the file's
  heading and stay. A list or mapping whose last entry is removed becomes ``[]`` or ``{}``.

The edits apply in order, each to the text the ones before left. After each, the text is read again and
its values compared with what the edit should give; a difference is an error (nothing is returned), so
a file is never written with a value other than the one meant.

>>> text = "# Ärendet\\nrubrik: Bygglov  # kort\\nvarden:\\n  belopp: 275000\\n"
>>> root, _ = parse_yaml(text)
>>> print(apply(text, root, [Edit(("varden", "belopp"), "280000"), Edit(("datum",), "2026-10-01")]), end="")
# Ärendet
rubrik: Bygglov  # kort
varden:
  belopp: 280000
datum: "2026-10-01"
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from memo.errors import CaseError
from memo.read import emit
from memo.read.edits import Edit, KeyPath, child, edited, missing, tree, unsafe
from memo.read.emit import Value
from memo.read.source import parse_yaml
from memo.read.yamlparse import Node

__all__ = ["Edit", "apply", "tree"]


def apply(text: str, root: Node, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` made, everything else unchanged. ``root`` is ``text`` as
    :func:`memo.read.source.parse_yaml` reads it (a text that starts with a byte-order mark is read again
    here without it; the mark is kept). A path that names no value, or a change that cannot be written
    safely, is a :class:`memo.errors.CaseError`.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    if bom:
        root, _ = parse_yaml(body)
    for edit in edits:
        expected = edited(tree(root), edit)
        body = _Writer(body, root).write(edit)
        try:
            root, _ = parse_yaml(body)
        except CaseError as exc:
            raise unsafe(edit) from exc
        if tree(root) != expected:
            raise unsafe(edit)
    return bom + body


#: What YAML counts as blank on a line (not Python's whitespace: a no-break space is text to YAML).
_BLANK = " \t\r\n"
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_KEY_COLON = re.compile(r":(?=[ \t\r\n\x85\u2028\u2029]|\Z)")


class _Unsupported(Exception):
    """A layout this writer does not edit in place: the collection around it is written anew."""


class _Place(NamedTuple):
    """Where a value stands: the node, what holds it (a key's colon or a list item's dash) and its column."""

    node: Node
    holder: int  # offset of the key's colon or the item's dash
    column: int  # 0-based column of the key or the dash
    is_item: bool
    entry_start: int  # offset where the key or the dash begins


class _Writer:
    """One edit written into ``text``, from the positions of ``root``."""

    def __init__(self, text: str, root: Node) -> None:
        self.text = text
        self.root = root
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        first = _LINE_BREAK.search(text)
        self.newline = first.group() if first is not None and first.group() in ("\n", "\r\n", "\r") else "\n"
        self.step, self.sequence_indent = _indentation(root)

    # -- positions ---------------------------------------------------------------------------------------------
    def offset(self, line: int, column: int) -> int:
        if line > len(self.starts):
            return len(self.text)
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def line_of(self, offset: int) -> int:
        """The 1-based line of an offset."""
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1

    def line_text(self, line: int) -> str:
        """A line without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        found = _LINE_BREAK.search(self.text, start, end)
        return self.text[start:found.start()] if found is not None else self.text[start:end]

    def line_end(self, offset: int) -> int:
        """The offset of the line break ending the line that ``offset`` is on (or of the text's end)."""
        found = _LINE_BREAK.search(self.text, offset)
        return found.start() if found is not None else len(self.text)

    def start(self, node: Node) -> int:
        """Where a value's text begins: a block scalar's header, a collection's first key, ``[`` or ``-``."""
        if node.block:
            return self.offset(node.text_line - 1, node.text_column)
        return self.offset(node.text_line, node.text_column)

    def end(self, node: Node) -> int:
        """Where a value's text ends: after its last character (a block's last line without its break)."""
        if isinstance(node.value, (list, dict)) and not self.flow(node):
            children = list(node.value.values()) if isinstance(node.value, dict) else node.value
            if not children:
                return self.offset(node.end_line, node.end_column)
            return self.end(children[-1])
        if not node.block:
            return self.offset(node.end_line, node.end_column)
        header = self.line_text(node.text_line - 1)[node.text_column - 1:]
        last = node.end_line - 1 if node.end_column == 1 else node.end_line
        last = min(last, len(self.starts))
        if "+" not in header.split("#")[0]:
            while last >= node.text_line and not self.line_text(last).strip(_BLANK):
                last -= 1
        last = max(last, node.text_line - 1)
        return self.starts[last - 1] + len(self.line_text(last))

    def flow(self, node: Node) -> bool:
        return isinstance(node.value, (list, dict)) and self.text[self.start(node):self.start(node) + 1] in ("[", "{")

    # -- finding a value -----------------------------------------------------------------------------------
    def find(self, path: KeyPath) -> list[_Place]:
        """The places from the root down to ``path`` (which must exist)."""
        places: list[_Place] = []
        node = self.root
        for part in path:
            if isinstance(node.value, dict) and isinstance(part, str) and part in node.value:
                child = node.value[part]
                key = self.offset(child.line, child.column)
                places.append(_Place(child, self.colon(key), child.column - 1, False, key))
            elif isinstance(node.value, list) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
                dash = self.dash(child)
                column = dash - self.starts[self.line_of(dash) - 1] if dash >= 0 else -1
                places.append(_Place(child, dash, column, True, dash))
            else:
                raise missing(path)
            node = child
        return places

    def colon(self, key: int) -> int:
        """The colon after the key that begins at ``key``."""
        text = self.text
        if text[key:key + 1] in ("'", '"'):
            quote = text[key]
            index = key + 1
            while index < len(text):
                if text[index] == "\\" and quote == '"':
                    index += 2
                    continue
                if text[index] == quote:
                    if quote == "'" and text[index + 1:index + 2] == "'":
                        index += 2
                        continue
                    break
                index += 1
            found = text.find(":", index + 1)
        else:
            match = _KEY_COLON.search(text, key)
            found = match.start() if match is not None else -1
        if found < 0:
            raise _Unsupported
        return found

    def dash(self, item: Node) -> int:
        """The ``-`` before a list item (-1 in a flow list)."""
        index = self.start(item) - 1
        while index >= 0 and self.text[index] in " \t\r\n\x85\u2028\u2029":
            index -= 1
        return index if index >= 0 and self.text[index] == "-" else -1

    # -- writing ---------------------------------------------------------------------------------------------
    def write(self, edit: Edit) -> str:
        try:
            return self.write_in(edit)
        except _Unsupported:
            return self.rewrite_around(edit)

    def write_in(self, edit: Edit) -> str:
        *head, last = edit.path
        parents = self.find(tuple(head))
        container = parents[-1].node if parents else self.root
        if any(self.flow(place.node) for place in parents) or self.flow(container):
            raise _Unsupported
        if isinstance(container.value, dict) and isinstance(last, str) and not edit.insert:
            if last not in container.value:
                if edit.value is None:
                    raise missing(edit.path)
                return self.add_key(container, last, edit.value)
        elif not (isinstance(container.value, list) and isinstance(last, int)):
            raise _Unsupported
        elif edit.insert:
            return self.insert_item(container, last, edit.value)
        place = self.find(edit.path)[-1]
        if edit.value is None:
            index = last if isinstance(last, int) else list(container.value).index(last)
            return self.remove(place, container, parents, index)
        return self.replace(place, edit.value)

    def rewrite_around(self, edit: Edit) -> str:
        """The nearest enclosing value that can be written in place, written anew with the edit made in it."""
        *head, _ = edit.path
        if not head:
            raise unsafe(edit)
        value = edited(tree(self.root), edit)
        for part in head:
            value = child(value, part, edit.path)
        return _Writer(self.text, self.root).write(Edit(tuple(head), value))

    def splice(self, start: int, end: int, new: str) -> str:
        return self.text[:start] + new.replace("\n", self.newline) + self.text[end:]

    def replace(self, place: _Place, value: Value) -> str:
        """The value at ``place`` replaced: a list or mapping by one of the same kind in its own indentation, a
        scalar in its own style (:meth:`scalar_like`), anything else after its key or dash."""
        node = place.node
        start, end = self.start(node), self.end(node)
        if node.value is None and start >= end:  # nothing written after the key or dash: the new value follows it
            start = end = place.holder + 1
        inline_old = self.line_of(start) == self.line_of(place.holder)
        if isinstance(value, emit.Commented):
            value = value.value
        if isinstance(node.value, (list, dict)) and not self.flow(node) and isinstance(value, (list, dict)) \
                and value and isinstance(value, dict) == isinstance(node.value, dict) and node.value:
            column = start - self.starts[self.line_of(start) - 1]
            written = self.lines(value, column)
            return self.splice(start, end, written[column:])
        if isinstance(value, str) or value is None:
            written = self.scalar_like(node, value, place)
        elif not value:
            written = "{}" if isinstance(value, Mapping) else "[]"
        elif self.flow(node):
            written = emit.flow(value, loose=True)
        elif place.is_item:
            written = self.lines(value, place.column + 2)[place.column + 2:]
            if not inline_old:
                start = place.holder + 1
            if start == place.holder + 1:
                written = " " + written
            return self.splice(start, end, written)
        else:
            indent = place.column + (self.step if isinstance(value, Mapping) else self.sequence_indent)
            block = self.lines(value, indent)
            if inline_old:
                rest = self.text[end:self.line_end(end)]
                return self.splice(place.holder + 1, self.line_end(end), rest + "\n" + block)
            return self.splice(self.line_end(place.holder), end, "\n" + block)
        # A scalar (or an empty value) in place of the old value.
        if not inline_old:
            # the old value stood on the lines below its key: the new one follows the key; its comment stays
            comment = self.text[place.holder + 1:self.line_end(place.holder)]
            if "\n" in written and comment.strip(_BLANK):
                written = emit.quoted(value) if isinstance(value, str) else written
            joined = ("" if value is None else " " + written) + comment
            return self.splice(place.holder + 1, end, joined)
        if "\n" in written and self.text[end:self.line_end(end)].strip(_BLANK):
            written = emit.quoted(value) if isinstance(value, str) else written
        if value is None:
            return self.splice(place.holder + 1, end, "")
        if start == place.holder + 1 or self.text[start - 1] not in " \t\r\n":
            written = " " + written
        return self.splice(start, end, written)

    def scalar_like(self, node: Node, value: str | None, place: _Place) -> str:
        """New text in the old scalar's style, when it fits."""
        if value is None:
            return ""
        start = self.start(node)
        old = self.text[start:start + 1]
        if node.block and emit.block_safe(value):
            header = self.line_text(node.text_line - 1)[node.text_column - 1:]
            content = [self.line_text(n) for n in range(node.text_line, self.line_of(self.end(node)) + 1)]
            widths = [len(line) - len(line.lstrip(" ")) for line in content if line.strip(_BLANK)]
            indent = int(header[1]) + place.column if header[1:2].isdigit() else min(widths, default=place.column + 2)
            return self.kept(emit.block(value, place.column, indent), value, node)
        if node.quoted and old == "'" and not emit.needs_escape(value):
            return "'" + value.replace("'", "''") + "'"
        if node.quoted:
            return emit.quoted(value)
        if isinstance(node.value, str) and not node.block and emit.plain_shape(value) and (
                emit.plain_safe(value) or emit.yaml_type(value) in _PLAIN_TYPES
                or emit.yaml_type(value) == emit.yaml_type(node.value)):
            return value
        return self.kept(emit.scalar(value, place.column), value, node)

    def kept(self, written: str, value: str, node: Node) -> str:
        """``written``, unless it is a block that keeps its trailing blank lines (``|+``) and a blank line follows
        the old value, which it would take into its text: then ``value`` double-quoted."""
        if not re.match(r"\|[0-9]?\+", written):
            return written
        after = self.line_of(self.end(node)) + 1
        return written if after > len(self.starts) or self.line_text(after).strip(_BLANK) else emit.quoted(value)

    def lines(self, value: Value, indent: int) -> str:
        return "\n".join(emit.lines(value, indent, self.step, self.sequence_indent))

    def remove(self, place: _Place, container: Node, parents: list[_Place], index: int) -> str:
        """The key or list item at ``index`` of ``container`` removed, with the comment lines above it."""
        children = list(container.value.values()) if isinstance(container.value, dict) else container.value
        assert isinstance(children, list)
        if len(children) == 1:
            if not parents:
                raise _Unsupported
            return self.replace(parents[-1], {} if isinstance(container.value, dict) else [])
        line = self.line_of(place.entry_start)
        prefix = self.text[self.starts[line - 1]:place.entry_start]
        if prefix.strip(_BLANK):
            # the first key of a mapping in a list item ("- namn: …"): the next key moves up after the dash
            if index != 0 or not isinstance(container.value, dict):
                raise _Unsupported
            nxt = children[1]
            return self.splice(place.entry_start, self.offset(nxt.line, nxt.column), "")
        first = self.comments_above(line, place.column, container is self.root and index == 0)
        last = self.line_of(self.end(place.node))
        start = self.starts[first - 1]
        stop = self.starts[last] if last < len(self.starts) else len(self.text)
        if stop == len(self.text) and start > 0 and last == len(self.starts):
            start -= len(self.text[:start]) - len(self.text[:start].rstrip("\r\n"))
        elif first > 1 and not self.line_text(first - 1).strip(_BLANK) and last < len(self.starts) \
                and not self.line_text(last + 1).strip(_BLANK):
            stop = self.starts[last + 1] if last + 1 < len(self.starts) else len(self.text)
        return self.text[:start] + self.text[stop:]

    def comments_above(self, line: int, column: int, heading: bool) -> int:
        """The first of the comment lines directly above ``line`` at ``column`` (``line`` if none)."""
        if heading:
            return line
        first = line
        while first > 1:
            above = self.line_text(first - 1)
            if not above.lstrip(_BLANK).startswith("#") or len(above) - len(above.lstrip(" ")) != column:
                break
            first -= 1
        return first

    def add_key(self, mapping: Node, name: str, value: Value) -> str:
        """A new key after the mapping's last, in its indentation."""
        if not mapping.value:
            raise _Unsupported
        children = list(mapping.value.values()) if isinstance(mapping.value, dict) else []
        first = children[0]
        column = first.column - 1
        end = self.end(children[-1])
        stop = self.line_end(end)
        return self.splice(stop, stop, "\n" + self.lines({name: value}, column))

    def insert_item(self, sequence: Node, index: int, value: Value) -> str:
        """A new list item before the one at ``index`` (and the comment lines above that one)."""
        items = sequence.value
        assert isinstance(items, list)
        if not items or not 0 <= index <= len(items):
            raise _Unsupported
        dashes = [self.dash(item) for item in items]
        if min(dashes) < 0:
            raise _Unsupported
        column = dashes[0] - self.starts[self.line_of(dashes[0]) - 1]
        written = self.lines([value], column)
        if index == len(items):
            stop = self.line_end(self.end(items[-1]))
            return self.splice(stop, stop, "\n" + written)
        line = self.line_of(dashes[index])
        if self.text[self.starts[line - 1]:dashes[index]].strip(_BLANK):
            raise _Unsupported
        first = self.comments_above(line, column, False)
        return self.splice(self.starts[first - 1], self.starts[first - 1], written + "\n")


#: YAML types a plain value may take when it replaces a plain value: a number or a date, as case authors write
#: them (``belopp: 275000``, ``datum: 2026-09-14``); memo reads them as text. A truth value or null is quoted.
_PLAIN_TYPES = frozenset({"int", "float", "timestamp"})


def _indentation(root: Node) -> tuple[int, int]:
    """The file's indentation step and how far a list under a key is indented (both 2 when it shows none)."""
    step: int | None = None
    sequence: int | None = None
    pending = [root]
    while pending and (step is None or sequence is None):
        node = pending.pop()
        if not isinstance(node.value, dict):
            continue
        for entry in node.value.values():
            if isinstance(entry.value, dict) and entry.value and entry.text_line > entry.line and step is None:
                step = entry.text_column - entry.column
            if isinstance(entry.value, list) and entry.value and entry.text_line > entry.line and sequence is None:
                sequence = entry.text_column - entry.column
            pending.append(entry)
    return (step if step and step > 0 else 2), (sequence if sequence is not None and sequence >= 0 else 2)
