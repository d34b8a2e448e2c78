"""The new case as YAML text, written by memo's YAML emitter (:func:`memo.read.emit.document`): its keys in the
case's order, each comment above its key, the comments for the whole case at the top."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from memo.importer.draft import Value
from memo.read.emit import Commented, document

__all__ = ["case_text"]

#: A comment's lines are wrapped to this width (with "# " before each, the width of memo's own files).
_WIDTH = 114


def case_text(values: Mapping[str, Value], comments: Mapping[str, Sequence[str]]) -> str:
    """``values`` (in order) as a case file; ``comments`` by key ("" for the top of the file).

    >>> print(case_text({"rubrik": "Bygglov", "diarienummer": ""}, {"diarienummer": ["memo läs: fyll i det."]}))
    rubrik: Bygglov
    <BLANKLINE>
    # memo läs: fyll i det.
    diarienummer: ""
    <BLANKLINE>
    """
    entries = {key: Commented(value, _wrapped(comments[key])) if comments.get(key) else value
               for key, value in values.items()}
    return document(entries, _wrapped(comments.get("", ())))


def _wrapped(comments: Sequence[str]) -> tuple[str, ...]:
    """Each comment as lines no wider than memo's files."""
    return tuple(line for comment in comments for line in textwrap.wrap(comment, _WIDTH, break_long_words=False,
                                                                        break_on_hyphens=False) or [""])
