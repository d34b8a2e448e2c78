"""The texts of a case that the language rules read, and where in the file each finding is.

:class:`Memo` is one case as the checks (:mod:`memo.language.checks`) see it: its texts in file order, each
read once (:class:`Text`: masked, its words, its sentences), the sections they belong to (:class:`Group`, for
LIX), every value of the case (:meth:`Memo.values`), and the findings so far, kept in file order.

What is read: the rubrik, prose sections (also under ``underrubrik``), decision points, list entries, the
consequences' ``text``/``motivering``, the economy's ``text`` and the case's own sections (``rubrik`` and
``text``); not names (underskrift, skickas_till). :meth:`Memo.values` is every value, names too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

import memo.language.scan as scan
from memo.case.checker import canonical_key
from memo.case.sections import Kind, Section
from memo.errors import Location
from memo.notice import Finding
from memo.read.source import SourceText
from memo.read.yamlparse import Node

__all__ = ["READS", "Group", "Memo", "Text", "Value"]


class Value(NamedTuple):
    """A text value of the case with its key path (``konsekvenser.barn.motivering``)."""

    path: str
    node: Node
    text: str


class Text(NamedTuple):
    """A text the rules read, read once: with its references masked (:func:`scan.mask`), with every character
    that is not part of a word made a space (:func:`scan.spaced`), and its sentences (:func:`scan.measure`)."""

    path: str
    node: Node
    text: str
    #: A decision point (under a section of :attr:`Kind.DECISION`).
    decision: bool
    masked: str
    words: str
    measure: scan.Measure


class Group(NamedTuple):
    """The texts of one section (or one of the case's own sections), measured together for LIX."""

    path: str
    node: Node
    texts: list[int]  # indexes into Memo.texts


_TEXT_KEYS = frozenset({"underrubrik", "rubrik", "text", "motivering"})

#: How the language checks read each kind of section; one entry per :class:`memo.case.sections.Kind`:
#: ``text`` its texts as one group, ``decision`` the same as decision points, ``items`` a group per list item
#: (own sections), ``entries`` one group of every entry's texts (consequences), ``none`` not at all (names).
READS: Mapping[Kind, str] = {
    Kind.PROSE: "text",
    Kind.LIST: "text",
    Kind.NUMBERED_LIST: "text",
    Kind.LINES: "text",
    Kind.ECONOMY: "text",
    Kind.DECISION: "decision",
    Kind.FREE: "items",
    Kind.CONSEQUENCES: "entries",
    Kind.SIGNATURE: "none",
    Kind.RECIPIENTS: "none",
}


def _strings(node: Node, path: str, *, every_key: bool = False) -> Iterator[Value]:
    """The texts of a value with their key paths: itself, its list entries, and the values of mappings in it
    (of the text keys only, unless ``every_key``)."""
    stack = [(path, node)]
    while stack:
        where, current = stack.pop()
        value = current.value
        if isinstance(value, str):
            yield Value(where, current, value)
        elif isinstance(value, list):
            stack.extend(reversed([(f"{where}[{i}]", item) for i, item in enumerate(value, 1)]))
        elif isinstance(value, dict):
            stack.extend(reversed([(f"{where}.{k}" if where else k, child) for k, child in value.items()
                                   if every_key or canonical_key(k) in _TEXT_KEYS]))


def _read(value: Value, decision: bool, sentence_limit: int) -> Text:
    masked = scan.mask(value.text)
    words = scan.spaced(masked)
    measure = scan.measure(masked, words, sentence_limit)
    return Text(value.path, value.node, value.text, decision, masked, words, measure)


def _collect(root: dict[str, Node], sections: Sequence[Section], sentence_limit: int) -> tuple[list[Text],
                                                                                                 list[Group]]:
    """The texts the language rules read, in file order, and the sections they belong to."""
    kinds = {s.key: s.kind for s in sections}
    texts: list[Text] = []
    groups: list[Group] = []

    def add(path: str, node: Node, decision: bool = False) -> list[int]:
        first = len(texts)
        texts.extend(_read(value, decision, sentence_limit) for value in _strings(node, path))
        return list(range(first, len(texts)))

    for key, node in root.items():
        name = canonical_key(key)
        kind = kinds.get(name)
        reads = READS[kind] if kind is not None else "none"
        if name == "rubrik":
            if isinstance(node.value, str):
                texts.append(_read(Value(key, node, node.value), False, sentence_limit))
        elif reads == "items" and isinstance(node.value, list):
            for i, item in enumerate(node.value, 1):
                groups.append(Group(f"{key}[{i}]", item, add(f"{key}[{i}]", item)))
        elif reads == "entries" and isinstance(node.value, dict):
            own = [i for k, child in node.items() for i in add(f"{key}.{k}", child)]
            groups.append(Group(key, node, own))
        elif reads != "none":
            groups.append(Group(key, node, add(key, node, reads == "decision")))
    return texts, groups


class Memo:
    """One case as the language checks see it, and its findings; ``root`` is a mapping.

    ``sentence_limit``: a sentence of more words is listed in its text's ``measure.too_long``.
    """

    def __init__(self, root: Node, source: SourceText, sections: Sequence[Section], sentence_limit: int) -> None:
        assert isinstance(root.value, dict)
        self.root = root
        self.source = source
        self.texts, self.groups = _collect(root.value, sections, sentence_limit)
        #: The text being checked, to keep the findings of a tree from Python (no lines) in text order; the
        #: checks of the whole memo come after every text.
        self.current = 0
        self._findings: list[tuple[tuple[int, int, int, int, int], Finding]] = []
        self._values: list[Value] | None = None
        #: Per value node and snippet: its offsets in the text and its lines and columns in the file (:meth:`at`).
        self._found: dict[tuple[int, str], tuple[list[int], list[tuple[int, int]]]] = {}

    def values(self) -> list[Value]:
        """Every text value of the case, in file order: names, ``varden`` and the rubrik too."""
        if self._values is None:
            self._values = list(_strings(self.root, "", every_key=True))
        return self._values

    def add(self, rule: str, message: str, location: Location, offset: int = 0) -> None:
        """A finding of ``rule``; ``offset`` (in the current text) orders findings at the same place."""
        order = (location.line or 0, location.column or 0, self.current, offset, len(self._findings))
        self._findings.append((order, Finding(rule, message, location)))

    def in_file_order(self) -> list[Finding]:
        return [finding for _, finding in sorted(self._findings, key=lambda pair: pair[0])]

    def at(self, value: Value | Text, offset: int) -> Location:
        """Where the text at ``offset`` of a scalar begins in the file (its key, for a tree from Python).

        The snippet there is looked up in the lines the scalar spans, counting its earlier occurrences in
        the text (as :meth:`memo.case.checker.Checker._locate` finds a reference): this holds for block scalars,
        folded lines and quoted text alike. When it cannot be found, the key's position is used.
        """
        node, text = value.node, value.text
        if self.source.python or not node.text_line:
            return self.source.location(node.line, node.column, value.path)
        end = offset
        while end < len(text) and end - offset < 40 and not text[end].isspace():
            end += 1
        snippet = text[offset:end]
        if snippet:
            in_text, in_file = self._occurrences(value, snippet)
            wanted = bisect.bisect_left(in_text, offset)
            if wanted < len(in_file):
                line, column = in_file[wanted]
                return self.source.location(line, column, value.path)
        return self.source.location(node.line, node.column, value.path)

    def _occurrences(self, value: Value | Text, snippet: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Where ``snippet`` stands in a text and in the file lines it spans, each found once per value (so a
        long text with many findings is read a few times, not once per finding). Kept by the value's node,
        which lives as long as the case: a text and the same value seen by :meth:`values` share it."""
        key = (id(value.node), snippet)
        found = self._found.get(key)
        if found is None:
            in_text = [m.start() for m in re.finditer(re.escape(snippet), value.text)]
            in_file: list[tuple[int, int]] = []
            for line, start, rest in value.node.source_lines(self.source):
                index = rest.find(snippet)
                while index != -1:
                    in_file.append((line, start + index))
                    index = rest.find(snippet, index + len(snippet))
            found = self._found[key] = (in_text, in_file)
        return found
