"""Which text of the case each paragraph of its memo shows: the case's texts cut into units, and marked.

A *unit* is the smallest piece of case text that memo writes as one paragraph of its own: a
paragraph or a list item of prose, a decision point, an entry of a list, a recipient, a
signature's name or title, a table row's post. Each has its place in the YAML tree (the path of
the scalar that holds it) and, inside a prose scalar, its span. :func:`marked_tree` returns a copy
of the file's tree where each unit's text begins with an invisible marker (two characters of
Unicode's private use area, never in a case: :data:`UNIT`) and each ``${…}`` reference is
enclosed by two more (:data:`REF_OPEN`, :data:`REF_CLOSE`). Rendered, the markers ride along in
the paragraphs' text, so the memo itself says which paragraph came from which unit, and which
stretch of it a reference wrote; :mod:`memo.roundtrip.fresh` reads them and takes them out.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from memo.case.checker import canonical_key
from memo.case.decisions import clean_point
from memo.case.prose import find_references
from memo.case.sections import Kind, Section
from memo.read.yamlparse import Node

__all__ = ["KEY", "MARKERS", "REF_CLOSE", "REF_OPEN", "UNIT", "Path", "Unit", "key_name", "marked", "marked_tree",
           "unit_marker", "wrapped"]

#: Opens a unit's marker; the next character (``UNIT_BASE`` + the unit's number) says which unit.
UNIT = "\ue000"
UNIT_BASE = 0xE100
REF_OPEN = "\ue001"
REF_CLOSE = "\ue002"
#: Opens the marker of a line the case wrote that is no unit (a heading of its own, a table's description): the
#: next character (``UNIT_BASE`` + its number) says which key; the line is a field's (:mod:`memo.roundtrip.fields`).
KEY = "\ue005"
#: Every marker: a unit's (its opening character and number) and a reference's two. A case's own character of
#: the private use area (a Symbol font's bullet, U+F0B7) is no marker; a scalar holding one of the markers'
#: own characters is not marked.
MARKERS = re.compile("[\ue000\ue005][\ue100-\uf8ff]|[\ue001\ue002]")
_OWN = re.compile("[\ue000-\ue002\ue005]")
#: The most units a case is marked in (private use area from ``UNIT_BASE`` up).
MAX_UNITS = 0xF8FF - UNIT_BASE

#: A path in the YAML tree: keys as written and list indexes (from 0).
Path = tuple[str | int, ...]

#: A list marker opening a line of prose (the markers memo.case.prose reads).
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•◦▪‣]|\d{1,9}[.)])[ \t]+")
_BLANK = re.compile(r"\n[ \t]*\n")


class Unit(NamedTuple):
    """One piece of case text that memo writes as one paragraph."""

    number: int
    #: The scalar that holds it.
    path: Path
    #: The key as a person reads it: ``sammanfattning``, ``forslag_till_beslut[2]``.
    key: str
    #: ``stycke`` (prose paragraph), ``punkt`` (a list item in prose) or ``rad`` (the whole scalar: a decision
    #: point, an entry, a name).
    kind: str
    #: The span of the unit's text in the scalar (a list item's after its marker).
    start: int
    end: int
    #: Where its line begins (a list item's marker) in the scalar.
    line_start: int
    #: The section's kind.
    section: Kind


def unit_marker(number: int) -> str:
    return UNIT + chr(UNIT_BASE + number)


def key_name(path: Path) -> str:
    """A path as a person reads it: ``konsekvenser[1].text`` (indexes from 1, as memo's messages count)."""
    out = ""
    for step in path:
        out += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def prose_spans(text: str) -> list[tuple[str, int, int, int]]:
    """The paragraphs and list items of a prose text: (kind, start, end, line start), in order.

    >>> [(k, "- a\\n- b\\n\\nEtt\\nstycke"[s:e]) for k, s, e, _ in prose_spans("- a\\n- b\\n\\nEtt\\nstycke")]
    [('punkt', 'a'), ('punkt', 'b'), ('stycke', 'Ett\\nstycke')]
    """
    spans: list[tuple[str, int, int, int]] = []
    position = 0
    for chunk in [*_BLANK.split(text)]:
        start = text.index(chunk, position) if chunk else position
        position = start + len(chunk)
        offset = start
        current: list[int] | None = None  # [kind is item, start, end, line start]
        for line in chunk.split("\n"):
            item = _LIST_ITEM.match(line)
            if item is not None:
                if current is not None:
                    spans.append(("punkt" if current[0] else "stycke", current[1], current[2], current[3]))
                current = [1, offset + item.end(), offset + len(line.rstrip()), offset]
            elif line.strip():
                if current is None:
                    lead = len(line) - len(line.lstrip())
                    current = [0, offset + lead, offset + len(line.rstrip()), offset]
                else:
                    current[2] = offset + len(line.rstrip())
            offset += len(line) + 1
        if current is not None:
            spans.append(("punkt" if current[0] else "stycke", current[1], current[2], current[3]))
    return spans


def _marked(text: str, start: int, end: int, number: int) -> str:
    """The unit's text with its marker before it and a marker pair around each reference."""
    inside = text[start:end]
    parts: list[str] = []
    position = 0
    try:
        references = find_references(inside)
    except ValueError:  # a malformed reference: the case did not load; nothing to mark in it
        references = []
    for reference in references:
        parts.append(inside[position:reference.offset])
        parts.append(REF_OPEN + reference.source + REF_CLOSE)
        position = reference.offset + len(reference.source)
    parts.append(inside[position:])
    return text[:start] + unit_marker(number) + "".join(parts) + text[end:]


class _Marker:
    """Walks a file's sections, numbers their units and marks them."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.keys: list[Path] = []

    def key(self, node: Node, path: Path) -> Node:
        """A line the case wrote that memo shows as it is (a heading): marked with its key, not as a unit."""
        if not isinstance(node.value, str) or not node.value.strip() or _OWN.search(node.value) \
                or len(self.keys) >= MAX_UNITS:
            return node
        self.keys.append(path)
        lead = len(node.value) - len(node.value.lstrip())
        return node._replace(value=node.value[:lead] + KEY + chr(UNIT_BASE + len(self.keys) - 1)
                             + node.value[lead:])

    def unit(self, path: Path, kind: str, start: int, end: int, line_start: int, section: Kind) -> int:
        number = len(self.units)
        self.units.append(Unit(number, path, key_name(path), kind, start, end, line_start, section))
        return number

    def prose(self, node: Node, path: Path, section: Kind) -> Node:
        if not isinstance(node.value, str) or _OWN.search(node.value):
            return node
        text = node.value
        spans = prose_spans(text)
        if len(self.units) + len(spans) > MAX_UNITS:
            return node
        numbers = [self.unit(path, kind, start, end, line, section) for kind, start, end, line in spans]
        for number, (_, start, end, _) in reversed(list(zip(numbers, spans, strict=True))):
            text = _marked(text, start, end, number)
        return node._replace(value=text)

    def line(self, node: Node, path: Path, section: Kind) -> Node:
        if not isinstance(node.value, str) or not node.value.strip() or len(self.units) >= MAX_UNITS \
                or _OWN.search(node.value):
            return node
        text = node.value
        start, end = len(text) - len(text.lstrip()), len(text.rstrip())
        if section is Kind.DECISION:  # the marker after a leading "att", which memo takes away
            cleaned = clean_point(text)
            found = text.find(cleaned) if cleaned else -1
            if found < 0:
                return node
            start, end = found, found + len(cleaned)
        number = self.unit(path, "rad", start, end, 0, section)
        return node._replace(value=_marked(text, start, end, number))

    def section(self, node: Node, path: Path, kind: Kind) -> Node:
        """A section's value with its units marked, by the section's kind."""
        if kind in (Kind.PROSE, Kind.ECONOMY, Kind.CONSEQUENCES, Kind.FREE):
            return self._texts(node, path, kind)
        if kind in (Kind.LIST, Kind.NUMBERED_LIST, Kind.LINES, Kind.RECIPIENTS, Kind.DECISION):
            if isinstance(node.value, list):
                return node._replace(value=[self.line(item, (*path, i), kind) for i, item in enumerate(node.value)])
            return node
        if kind is Kind.SIGNATURE and isinstance(node.value, dict):
            return self._mapping(node, path, kind, lines=("namn", "titel"))
        if kind is Kind.SIGNATURE and isinstance(node.value, list):
            return node._replace(value=[self._mapping(item, (*path, i), kind, lines=("namn", "titel"))
                                        for i, item in enumerate(node.value)])
        return node

    def _texts(self, node: Node, path: Path, kind: Kind) -> Node:
        """Prose wherever it stands in a section: the value itself, a list of passages, ``text`` of entries."""
        if isinstance(node.value, str):
            return self.prose(node, path, kind)
        if isinstance(node.value, list):
            return node._replace(value=[self._texts(item, (*path, i), kind) for i, item in enumerate(node.value)])
        if isinstance(node.value, dict):
            return self._mapping(node, path, kind, lines=("post",))
        return node

    def _mapping(self, node: Node, path: Path, kind: Kind, lines: Sequence[str]) -> Node:
        if not isinstance(node.value, dict):
            return self.line(node, path, kind) if kind is Kind.SIGNATURE else node
        out: dict[str, Node] = {}
        for key, child in node.value.items():
            name = canonical_key(key)
            if name in ("underrubrik", "rubrik"):
                out[key] = self.key(child, (*path, key))
            elif name in ("text", "motivering") or (kind is Kind.CONSEQUENCES and name not in ("perspektiv", "berors")
                                                    and isinstance(child.value, (str, dict))):
                out[key] = self._texts(child, (*path, key), kind)  # a consequence's text, also under its perspective
            elif name in lines:
                out[key] = self.line(child, (*path, key), kind)
            elif name in ("tabell", "rader"):
                out[key] = self._table(child, (*path, key), kind)
            else:
                out[key] = child
        return node._replace(value=out)

    def _table(self, node: Node, path: Path, kind: Kind) -> Node:
        if isinstance(node.value, dict):
            return node._replace(value={key: self._table(child, (*path, key), kind) if canonical_key(key) == "rader"
                                        else self.key(child, (*path, key)) if canonical_key(key) == "beskrivning"
                                        else child for key, child in node.value.items()})
        if isinstance(node.value, list):
            return node._replace(value=[self._mapping(row, (*path, i), kind, lines=("post",))
                                        for i, row in enumerate(node.value)])
        return node


def marked(root: Node, sections: Sequence[Section]) -> tuple[Node, list[Unit], list[Path]]:
    """The file's tree with every unit of its sections marked, the units (numbered in the tree's order), and the
    keys of the lines the case wrote that are no units (its own headings: ``rubriker``, ``underrubrik``,
    ``egna_avsnitt[].rubrik``; a table's ``beskrivning``), marked with :data:`KEY` and numbered in this list."""
    marker = _Marker()
    if not isinstance(root.value, dict):
        return root, [], []
    kinds = {spec.key: spec.kind for spec in sections}
    out: dict[str, Node] = {}
    for key, node in root.value.items():
        kind = kinds.get(canonical_key(key))
        if canonical_key(key) == "rubriker" and isinstance(node.value, dict):
            out[key] = node._replace(value={name: marker.key(child, (key, name)) for name, child in node.value.items()})
            continue
        out[key] = node if kind is None else marker.section(node, (key,), kind)
    return root._replace(value=out), marker.units, marker.keys


def marked_tree(root: Node, sections: Sequence[Section]) -> tuple[Node, list[Unit]]:
    """The file's tree with every unit of its sections marked, and the units (numbered in the tree's order)."""
    tree, units, _ = marked(root, sections)
    return tree, units


def walk_units(units: Sequence[Unit]) -> Iterator[tuple[Path, list[Unit]]]:
    """The units grouped by the scalar that holds them, in order."""
    current: list[Unit] = []
    for unit in units:
        if current and current[0].path != unit.path:
            yield current[0].path, current
            current = []
        current.append(unit)
    if current:
        yield current[0].path, current


_REFERENCE_SPACE = re.compile(r"\$\{[^{}]*\}")


def wrapped(new: str, scalar: str, unit: Unit) -> str:
    r"""A unit's new text broken into lines as its old text was (a prose paragraph written over several lines
    is again, at the width of its longest line; a reference is never broken), else on one line.

    >>> text = "Ett stycke som\nbryts.\n"
    >>> unit = Unit(0, ("a",), "a", "stycke", 0, 21, 0, Kind.PROSE)
    >>> wrapped("Ett längre stycke som bryts på ett ställe till", text, unit)
    'Ett längre\nstycke som\nbryts på ett\nställe till'
    """
    old = scalar[unit.line_start:unit.end]
    if "\n" not in old or "\n" in new:
        return new
    lines = old.split("\n")
    width = max(len(line) for line in lines)
    indent = lines[1][: len(lines[1]) - len(lines[1].lstrip())]
    protected = _REFERENCE_SPACE.sub(lambda m: m.group().replace(" ", "\ue003"), new)
    first = "\ue004" * (unit.start - unit.line_start)
    out = textwrap.wrap(protected, width=width, initial_indent=first, subsequent_indent=indent,
                        break_long_words=False, break_on_hyphens=False)
    text = "\n".join(out)[len(first):].replace("\ue003", " ")
    if len(prose_spans(text)) != 1 or " ".join(text.split()) != " ".join(new.split()):
        return new  # a line would open a list, or something moved: one line, as written
    return text
