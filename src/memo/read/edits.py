"""An edit of a case file (:class:`Edit`), and the values the file should hold after it (:func:`edited`).

:mod:`memo.read.rewrite` writes an edit into the file's text; what is written is read again and compared with
:func:`edited`, the same edit made on the values (:func:`tree`) as plain Python.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Final, NamedTuple

from memo.errors import CaseError, Location
from memo.read.characters import clean_text
from memo.read.emit import Commented, Value
from memo.read.yamlparse import Node

__all__ = ["EMPTY", "Edit", "KeyPath", "Plain", "changes", "edited", "missing", "plain", "shown", "tree", "unsafe"]

#: A value's key path: keys and list positions (from 0).
KeyPath = tuple[str | int, ...]


class Edit(NamedTuple):
    """One change to a case file: the value at ``path`` becomes ``value`` (None removes it; :data:`EMPTY` leaves
    it empty); with ``insert``, ``value`` is a new list item before position ``path[-1]``."""

    path: KeyPath
    value: Value
    insert: bool = False


#: An empty value (``key:`` with nothing after it), as an edit's value: None removes the key.
EMPTY: Final = Commented(None)


Plain = str | None | list["Plain"] | dict[str, "Plain"]


def tree(node: Node) -> Plain:
    """A node's value as plain Python (text, None, lists and dicts), without positions.

    >>> from memo.read.source import parse_yaml
    >>> tree(parse_yaml("a: [x, {b: }]")[0])
    {'a': ['x', {'b': None}]}
    """
    if isinstance(node.value, dict):
        return {k: tree(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [tree(v) for v in node.value]
    return node.value


def plain(value: Value) -> Plain:
    """A :data:`memo.read.emit.Value` as memo reads it back: comments gone, text cleaned."""
    if isinstance(value, Commented):
        return plain(value.value)
    if value is None or isinstance(value, str):
        return None if value is None else clean_text(value)
    if isinstance(value, Mapping):
        return {clean_text(k): plain(v) for k, v in value.items()}
    return [plain(v) for v in value]


def unsafe(edit: Edit) -> CaseError:
    """The error for an edit that could not be written so that the file reads back as meant."""
    return CaseError(f"Ändringen av '{shown(edit.path)}' gick inte att skriva säkert i filen; filen är inte "
                     "ändrad.", Location(key=shown(edit.path)))


def shown(path: KeyPath) -> str:
    """A key path as memo's messages show it: ``forslag_till_beslut[2]`` (lists counted from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if out else part
    return out


def missing(path: KeyPath) -> CaseError:
    """The error for a path that names no value of the file."""
    return CaseError(f"Värdet '{shown(path)}' finns inte i filen.", Location(key=shown(path)))


def edited(value: Plain, edit: Edit) -> Plain:
    """What the file's values should be after ``edit``."""
    if not edit.path:
        raise missing(edit.path)
    *head, last = edit.path
    parent = value
    for part in head:
        parent = child(parent, part, edit.path)
    if isinstance(parent, dict) and isinstance(last, str) and not edit.insert:
        if edit.value is None:
            if last not in parent:
                raise missing(edit.path)
            del parent[last]
        else:
            parent[last] = plain(edit.value)
        return value
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last <= len(parent) - (not edit.insert):
        if edit.insert:
            parent.insert(last, plain(edit.value))
        elif edit.value is None:
            del parent[last]
        else:
            parent[last] = plain(edit.value)
        return value
    raise missing(edit.path)


def child(value: Plain, part: str | int, path: KeyPath) -> Plain:
    """The value at ``part`` of ``value`` (``path`` for the error when there is none)."""
    if isinstance(value, dict) and isinstance(part, str) and part in value:
        return value[part]
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return value[part]
    raise missing(path)




def changes(old: Plain, new: Plain, path: KeyPath = ()) -> list[Edit]:
    """The fewest edits that make ``old`` into ``new``, in an order :func:`memo.read.rewrite.apply` can make them
    one after the other (a list's later items first, so that the positions of the earlier ones hold). A value
    that is the same gives no edit, so the file keeps its bytes there; a list item that changed is replaced
    in place, keeping its comments and the other items' text.

    >>> old, new = {"a": "1", "b": ["x", "y", "z"], "c": "2"}, {"a": "1", "b": ["x", "Y", "z", "w"], "d": None}
    >>> for edit in changes(old, new):
    ...     print(edit.path, repr(edit.value), *["insert"] * edit.insert)
    ('b', 3) 'w' insert
    ('b', 1) 'Y'
    ('d',) Commented(value=None, comments=())
    ('c',) None
    """
    return list(_changes(old, new, path))


def _changes(old: Plain, new: Plain, path: KeyPath) -> Iterator[Edit]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):  # keys added before keys removed: never left empty
        for key, value in old.items():
            if key in new:
                yield from _changes(value, new[key], (*path, key))
        for key, value in new.items():
            if key not in old:
                yield Edit((*path, key), EMPTY if value is None else value)
        yield from (Edit((*path, key), None) for key in old if key not in new)
        return
    if isinstance(old, list) and isinstance(new, list) and old and new:
        yield from _list_changes(old, new, path)
        return
    yield Edit(path, EMPTY if new is None else new)


def _list_changes(old: list[Plain], new: list[Plain], path: KeyPath) -> Iterator[Edit]:
    """A list's changes: the items the two have the same at the start and at the end are left as they are; between
    them, as many items as both have are changed in place (as a reviewer edits), when the two have as many, else
    matched as :mod:`difflib` matches them."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    if len(old) == len(new):
        for index in reversed(range(start, len(old) - end)):
            yield from _changes(old[index], new[index], (*path, index))
        return
    middle_old, middle_new = old[start:len(old) - end], new[start:len(new) - end]
    matcher = difflib.SequenceMatcher(None, [repr(v) for v in middle_old], [repr(v) for v in middle_new],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for index in range(j1 + paired, j2):  # items added after the pairs
            value = middle_new[index]
            yield Edit((*path, start + i1 + index - j1), EMPTY if value is None else value, insert=True)
        for index in reversed(range(i1 + paired, i2)):  # items gone after the pairs
            yield Edit((*path, start + index), None)
        for offset in reversed(range(paired)):
            yield from _changes(middle_old[i1 + offset], middle_new[j1 + offset], (*path, start + i1 + offset))
