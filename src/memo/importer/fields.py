"""The case's fields from an old memo's header, footer and the lines above its text: under their labels.

The labels are ``memo profil ny``'s (:func:`memo.profile.headerfields.labels`, from
:data:`memo.case.sections.FIELDS` and the handläggare's rows), and a value's shape is judged by the same table
of sample data (:data:`memo.profile.samples.SAMPLES`): a date under "Datum", a Dnr under "Dnr", a person's name
under "Handläggare", and under the name the handläggare's e-mail address, phone number, förvaltning and enhet.
A label stands in any of the layouts a template has: a table row of labels over a row of values, a label cell
beside its value, a label alone on its line over the value, labels set out with tabs over their values, and a label
and its value on one line ("Dnr KS 2025/12", "Handläggare: Karin Exempel"). The name of a document type standing
alone ("TJÄNSTESKRIVELSE") is the case's ``dokumenttyp``, a lone date at the start of a line its ``datum``.

Each value is the case's key it fills (``diarienummer``, ``handlaggare.epost``); the first one found wins. The
organisation's own details (its telephone, e-mail and web address in a footer) are the profile's, not the case's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from memo.case.documenttypes import document_type_name
from memo.profile.headerfields import Placeholder, labels, placeholder
from memo.profile.samples import SAMPLES, kind_of
from memo.word.readback import Block, Para

__all__ = ["DATE", "Found", "Label", "Line", "Story", "fields_in", "label_for_placeholder", "lines_of", "shaped",
           "title_fields", "unlabelled"]

_LABELS = labels()
_FOOTER_LABELS = labels(footer=True)
DATE = next(sample for sample in SAMPLES if sample.placeholders == ("datum",))
_SHAPE = {sample.placeholders[0]: sample for sample in SAMPLES if not sample.whole}
_DIARIENUMMER = _SHAPE["diarienummer"].pattern
#: One word with a digit in it: a diarienummer of an organisation's own form, after its label ("1402523").
_TOKEN = re.compile(r"(?=[^\s]*\d)[\w./:-]+")
#: A handläggare's details run over at most this many lines under the name.
_MOST_LINES = 6
_SPACE = " \u00a0\t"


class Line(NamedTuple):
    """One line of text where it stands: its container (a story's paragraphs, or one table cell) and its place."""

    text: str
    container: int
    number: int
    #: Where it stands, as the report says it ("sidhuvudet", "sidfoten", "brödtexten").
    story: str


class Story(NamedTuple):
    """A header's, a footer's or the body's lines: by container (its paragraphs outside tables, then each table
    cell), and each table as rows of its cells' containers."""

    containers: list[list[Line]]
    tables: list[list[list[int]]]


def lines_of(blocks: Sequence[Block], story: str, first: int = 0) -> Story:
    """The lines of ``blocks`` (numbered from container ``first``), and its tables' cells."""
    containers: list[list[Line]] = [[]]
    tables: list[list[list[int]]] = []

    def add(block: Block, into: int) -> None:
        if isinstance(block, Para):
            for text in block.text.split("\n"):
                containers[into].append(Line(text, first + into, len(containers[into]), story))
            return
        grid: list[list[int]] = []
        tables.append(grid)
        for row in block.rows:
            grid.append([])
            for cell in row:
                containers.append([])
                grid[-1].append(len(containers) - 1)
                for inner in cell.blocks:
                    add(inner, len(containers) - 1)

    for block in blocks:
        add(block, 0)
    return Story(containers, tables)


class Label(NamedTuple):
    """What a label names: the case key its value fills (None: the organisation's own detail, the profile's), and
    the shape that value has, where it has one."""

    key: str | None
    #: The value's own shape (a date under "Datum", a Dnr under "Dnr"), or None.
    shape: re.Pattern[str] | None = None
    #: The value is a person's name (the handläggare's), with their details on the lines under it.
    person: bool = False
    #: One of the handläggare's details other than the name (read after the name, or after a colon).
    detail: bool = False


def _of(placeholder_: Placeholder) -> Label:
    if placeholder_.field is not None:
        date = placeholder_.field.form == "datum"
        sample = DATE if date else _SHAPE.get(placeholder_.name)
        return Label(placeholder_.field.key, sample.pattern if sample else None)
    if placeholder_.handlaggare_key:
        key = placeholder_.handlaggare_key
        sample = _SHAPE.get(placeholder_.name)  # an e-mail address, a phone number
        return Label(f"handlaggare.{key}", sample.pattern if sample else None, person=key == "namn",
                     detail=key != "namn")
    return Label(None)


def _table(found: dict[str, str], own: Sequence[tuple[str, str]]) -> dict[str, Label]:
    table = {label: _of(placeholder(name)) for label, name in found.items()}
    table.update((_folded(label), Label(key)) for key, label in own)
    return table


def _folded(text: str) -> str:
    return " ".join(text.strip(_SPACE).rstrip(":.").split()).casefold()


def label_for_placeholder(name: str) -> Label | None:
    """The label of the placeholder ``name`` (``{{ diarienummer }}``), or None where memo has none of that name."""
    try:
        return _of(placeholder(name))
    except KeyError:
        return None


def shaped(label: Label, text: str) -> bool:
    """Whether ``text`` has the shape of ``label``'s value (any text, where it has none)."""
    if label.shape is not None:
        return label.shape.fullmatch(text.strip(_SPACE)) is not None
    if label.person:
        return _person(text.split(",")[0])
    return bool(text.strip(_SPACE))


@functools.lru_cache(maxsize=64)
def _tables_of(own: tuple[tuple[str, str], ...]) -> tuple[dict[str, Label], dict[str, Label], re.Pattern[str]]:
    """The labels in a header and in a footer, with a profile's own fields' (``own``), and the pattern of a label
    where a line or a part of one starts, with the colon (or full stop) after it."""
    header, footer = _table(dict(_LABELS), own), _table(dict(_FOOTER_LABELS), own)
    names = sorted({*header, *footer}, key=len, reverse=True)
    starts = re.compile(r"(?P<label>" + "|".join(re.escape(name) for name in names) +
                        r")(?![\w-])\.?[ \u00a0]*(?P<colon>:)?[ \u00a0]*", re.IGNORECASE)
    return header, footer, starts


class Found:
    """The values found so far, the lines they came from, and the labels read: memo's, and the profile's own fields'
    (``egna_falt``: "DOKUMENT-ID", "Uppdnr")."""

    def __init__(self, own: Sequence[tuple[str, str]] = ()) -> None:
        self.values: dict[str, str] = {}
        self.used: set[tuple[int, int]] = set()
        self._labels, self._footer_labels, self.starts = _tables_of(tuple((key, label) for key, label in own))

    def label(self, text: str, footer: bool = False) -> Label | None:
        """What ``text`` labels ("Dnr:", "HANDLÄGGARE", "Uppdnr"), in a header or a ``footer``; None: no label."""
        return (self._footer_labels if footer else self._labels).get(_folded(text))

    def take(self, key: str | None, value: str, *lines: Line) -> bool:
        value = " ".join(value.strip(_SPACE + ":").split())
        if key is None:  # the organisation's own detail: the profile's, not the case's
            self.used.update((line.container, line.number) for line in lines)
            return True
        if not value or key in self.values:
            return False
        self.values[key] = value
        self.used.update((line.container, line.number) for line in lines)
        return True

    def free(self, line: Line) -> bool:
        return (line.container, line.number) not in self.used


def fields_in(story: Story, *, footer: bool = False, found: Found | None = None) -> Found:
    """Every field under its label in ``story`` (:func:`lines_of`), added to ``found``."""
    found = found if found is not None else Found()
    _tables(story, found, footer)
    for lines in story.containers:
        _label_lines(lines, found, footer)
        _inline(lines, found, footer)
        for line in lines:
            if found.free(line):
                _alone(line, found)
    return found


def _tables(story: Story, found: Found, footer: bool) -> None:
    """A label cell beside a value of the label's shape; else a row of labels over a row of values (at least half
    of its cells labels)."""
    for grid in story.tables:
        for number, row in enumerate(grid):
            cells = [_filled(story.containers[index]) for index in row]
            labelled = [found.label(lines[0].text, footer) if len(lines) == 1 else None for lines in cells]
            beside = [(label, lines[0], values) for (label, lines), values in
                      zip(zip(labelled, cells, strict=True), cells[1:], strict=False)
                      if label is not None and values and found.label(values[0].text, footer) is None and
                      shaped(label, values[0].text) and (label.shape is not None or label.person)]
            if beside:
                for named, written, values in beside:
                    _value(named, written, values, found, footer)
            elif 2 * sum(label is not None for label in labelled) >= len([lines for lines in cells if lines]) > 0 \
                    and number + 1 < len(grid):
                below = [_filled(story.containers[index]) for index in grid[number + 1]]
                for label, lines, values in zip(labelled, cells, below, strict=False):
                    if label is not None and values and found.label(values[0].text, footer) is None and \
                            shaped(label, values[0].text):
                        _value(label, lines[0], values, found, footer)


def _value(label: Label, written: Line, values: list[Line], found: Found, footer: bool) -> None:
    """The value under or beside a label (its first line); under a handläggare's name, their other details."""
    first = values[0].text
    if label.person:
        first = first.split(",")[0]
    if found.take(label.key, first, written, values[0]) and label.person:
        _follow([*_rest(values[0]), *values[1:]], found, footer)


def _filled(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.text.strip(_SPACE)]


def _label_lines(lines: list[Line], found: Found, footer: bool) -> None:
    """A label alone on its line over its value; labels set out with tabs over values set out the same way."""
    filled = _filled(lines)
    for number, line in enumerate(filled):
        if not found.free(line):
            continue
        below = filled[number + 1] if number + 1 < len(filled) else None
        columns = [part for part in line.text.split("\t") if part.strip(_SPACE)]
        if len(columns) > 1 and below is not None:
            labelled = [found.label(column, footer) for column in columns]
            values = [part for part in below.text.split("\t") if part.strip(_SPACE)]
            if 2 * sum(label is not None for label in labelled) > len(labelled) and len(values) == len(columns):
                for label, value in zip(labelled, values, strict=True):
                    if label is not None and shaped(label, value):
                        found.take(label.key, value, line, below)
            continue
        label = found.label(line.text, footer)
        if label is None or below is None or found.label(below.text.split(":")[0], footer) is not None:
            continue
        if shaped(label, below.text.split(",")[0]):
            _value(label, line, filled[number + 1:number + 1 + _MOST_LINES], found, footer)


def _inline(lines: list[Line], found: Found, footer: bool) -> None:
    """A label and its value on one line: "Dnr KS 2025/12", "Datum: 2025-05-04", "Handläggare: Karin Exempel".

    A value of its own shape is taken wherever the label stands; any other after a colon, or after a label that
    begins the line (a date only in its shape, a handläggare's detail only after a colon).
    """
    for number, line in enumerate(lines):
        if not found.free(line):
            continue
        for segment in line.text.split("\t"):
            text = segment.strip(_SPACE)
            _within(text, line, found, footer)
            start = found.starts.match(text)
            label = found.label(start.group("label"), footer) if start else None
            if start is None or label is None or not text[start.end():]:
                continue
            value = text[start.end():]
            shaped = label.shape.match(value) if label.shape is not None else None
            if shaped is not None:
                value = shaped.group()
            elif label.shape is DATE.pattern or (label.detail and not start.group("colon")) or \
                    not re.match(r"[^\s:.]", value):
                continue
            if label.person:
                _value(label, line, [line._replace(text=value), *lines[number + 1:]], found, footer)
            else:
                found.take(label.key, value, line)


def _within(text: str, line: Line, found: Found, footer: bool) -> None:
    """A label inside a line with a value of its own shape after it ("§ 139/2016 Dnr 2016/0166 KS-2")."""
    for match in found.starts.finditer(text):
        label = found.label(match.group("label"), footer)
        if not match.start() or text[match.start() - 1] not in _SPACE + "(" or label is None or label.shape is None:
            continue
        shaped = label.shape.match(text, match.end())
        if shaped is not None:
            found.take(label.key, shaped.group(), line)


def _rest(line: Line) -> list[Line]:
    """What follows a handläggare's name on its line ("Karin Exempel, Socialförvaltningen"), as lines of its own
    (the same line: taking one takes the line)."""
    return [line._replace(text=part) for part in line.text.split(",")[1:]]


def _follow(lines: Sequence[Line], found: Found, footer: bool) -> None:
    """The lines under a handläggare's name: each one of the handläggare's details, up to the first that is none."""
    for line in list(lines)[:_MOST_LINES]:
        text = line.text.strip(_SPACE)
        if not text:
            break
        start = found.starts.match(text)
        label = found.label(start.group("label"), footer) if start else None
        if start is not None and label is not None and label.detail and start.group("colon"):
            found.take(label.key, text[start.end():], line)
            continue
        kind = kind_of(text)
        if kind is None or not kind.handlaggare_key or f"handlaggare.{kind.handlaggare_key}" in found.values:
            break
        found.take(f"handlaggare.{kind.handlaggare_key}", text, line)


def _alone(line: Line, found: Found) -> None:
    """A document type's name standing alone ("TJÄNSTESKRIVELSE"); a date at the start of a line."""
    for segment in line.text.split("\t"):
        text = segment.strip(_SPACE)
        name = document_type_name(text)
        if name is not None:
            found.take("dokumenttyp", text, line)
            continue
        date = DATE.pattern.match(text)
        if date is not None and not text[date.end():].strip(_SPACE):
            found.take("datum", date.group(), line)
        elif line.story != "brödtexten" and _DIARIENUMMER.fullmatch(text):  # "LJ2013/154" alone in the header
            found.take("diarienummer", text, line)


def title_fields(title: str, found: Found) -> str:
    """The title without the label and value at its end ("4. Redovisning … Diarienummer 1402523"), which are
    taken as the field."""
    for match in found.starts.finditer(title):
        label = found.label(match.group("label"))
        value = title[match.end():].strip(_SPACE)
        valued = label is not None and label.shape is not None and (
            label.shape.fullmatch(value) or (label.shape is not DATE.pattern and _TOKEN.fullmatch(value)))
        if label is not None and valued and match.start() and title[match.start() - 1] in _SPACE and \
                found.take(label.key, value):
            return title[:match.start()].strip(_SPACE)
    return title




#: The name of a body a memo is addressed to ("Socialnämnden", "Miljö- och samhällsbyggnadsnämnden", "Kommunstyrelsens
#: arbetsutskott"): its words capitalised, genitives or "och", the last one the body's.
_ORGAN = re.compile(r"^(?:Till\s+)?(?P<organ>[A-ZÅÄÖ][\w-]*(?:[ -]+(?:och|[\w-]+s|[A-ZÅÄÖ][\w-]*))*?[ -]*[\w-]*?"
                    r"(?:nämnd|nämnden|styrelse|styrelsen|fullmäktige|utskott|utskottet|beredning|beredningen|"
                    r"direktion|direktionen))\s*$")
_MOST_ORGAN_WORDS = 6


def unlabelled(header: Story, top: Story, found: Found) -> None:
    """What stands without a label: a person's name alone on a line of the header (the handläggare, with the
    details under it), and the name of a body alone on a line above the text (the one the memo is addressed to,
    ``till``)."""
    if "handlaggare.namn" not in found.values:
        for lines in header.containers:
            at = next((n for n, line in enumerate(lines) if found.free(line) and _person(line.text)), None)
            if at is not None:
                found.take("handlaggare.namn", lines[at].text, lines[at])
                _follow(lines[at + 1:], found, False)
                break
    for line in top.containers[0] if top.containers else ():
        organ = _ORGAN.match(line.text.strip(_SPACE))
        if found.free(line) and organ is not None and len(line.text.split()) <= _MOST_ORGAN_WORDS:
            found.take("till", organ.group("organ"), line)
            break


def _person(text: str) -> bool:
    kind = kind_of(text)
    return kind is not None and kind.handlaggare_key == "namn"
