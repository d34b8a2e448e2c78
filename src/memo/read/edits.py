"""An edit of a case file (:class:`Edit`), and the values the file should hold after it (:func:`edited`).

:mod:`memo.read.rewrite` writes an edit into the file's text; what is written is read again and compared with
:func:`edited`, the same edit made on the values (:func:`tree`) as plain Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from memo.errors import CaseError, Location
from memo.read.characters import clean_text
from memo.read.emit import Commented, Value
from memo.read.yamlparse import Node

__all__ = ["Edit", "KeyPath", "Plain", "edited", "missing", "plain", "shown", "tree", "unsafe"]

#: A value's key path: keys and list positions (from 0).
KeyPath = tuple[str | int, ...]


class Edit(NamedTuple):
    """One change to a case file: the value at ``path`` becomes ``value`` (None removes it); with ``insert``,
    ``value`` is a new list item before position ``path[-1]``."""

    path: KeyPath
    value: Value
    insert: bool = False


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


