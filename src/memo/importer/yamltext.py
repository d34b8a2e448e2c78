"""The new case as YAML text: its keys in the case's order, each comment above its key, every scalar written by
memo's YAML emitter (:func:`memo.read.emit.scalar`)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from memo.importer.draft import Value
from memo.read.emit import scalar

__all__ = ["case_text"]

#: A comment's lines are wrapped to this width (with "# " before each, the width of memo's own files).
_WIDTH = 114


def case_text(values: Mapping[str, Value], comments: Mapping[str, Sequence[str]]) -> str:
    """``values`` (in order) as a case file; ``comments`` by key ("" for the top of the file)."""
    lines = _comments(comments.get("", ()))
    previous_block = False
    for key, value in values.items():
        block = not isinstance(value, str) or "\n" in value
        if lines and (block or previous_block):
            lines.append("")
        lines.extend(_comments(comments.get(key, ())))
        lines.extend(_entry(key, value, 0))
        previous_block = block
    return "\n".join(lines) + "\n"


def _comments(comments: Sequence[str]) -> list[str]:
    """Each comment as lines of a YAML comment, wrapped to the width memo's files have."""
    return [f"# {line}" for comment in comments for line in textwrap.wrap(comment, _WIDTH, break_long_words=False,
                                                                        break_on_hyphens=False) or [""]]


def _entry(key: str, value: Value, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, str):
        return [f"{pad}{key}: {scalar(value, indent)}"]
    if isinstance(value, dict):
        return [f"{pad}{key}:", *(line for child, inner in value.items() for line in _entry(child, inner, indent + 2))]
    if not value:
        return [f"{pad}{key}: []"]
    lines = [f"{pad}{key}:"]
    for item in value:
        lines.extend(_item(item, indent + 2))
    return lines


def _item(value: Value, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, str):
        return [f"{pad}- {scalar(value, indent + 2)}"]
    if isinstance(value, list):
        return [f"{pad}- [{', '.join(scalar(v, indent + 2) for v in value if isinstance(v, str))}]"]
    inner = [line for child, item in value.items() for line in _entry(child, item, indent + 2)]
    return [f"{pad}- {inner[0].lstrip()}", *inner[1:]] if inner else [f"{pad}- {{}}"]
