"""The values under a template header's labels, its document type and its lone date become placeholders.

A label is one of the placeholders' own labels (:func:`memo.profile.headerfields.labels`, from
:data:`memo.case.sections.FIELDS` and the handläggare's rows), in any layout a header has:

- a table whose label row stands above the values ("Handläggare | Datum | Dnr" over the sample values; a row
  most of whose cells are labels, where the value under a label memo does not know stays and is reported),
  or a label cell beside a value of the label's shape (a date beside "Datum");
- a label on a line of its own, the value on the next (two lines in a cell, or two paragraphs), or labels set
  out with tabs over their values;
- a label and its value on one line ("Dnr KS 2025/12", "Handläggare: Karin Exempel");
- a prompt in brackets ("[Namn]").

Under a handläggare's name, the lines that follow are read as the handläggare's too: an e-mail address,
a phone number, the förvaltning, the enhet, or a line with its own label ("Telefon: …")
(:data:`memo.profile.samples.SAMPLES`). The name of a document type
(:data:`memo.case.documenttypes.DOCUMENT_TYPE_NAMES`, "TJÄNSTESKRIVELSE") standing alone becomes
``{{ dokumenttyp }}``, and a date standing at the start of a line ``{{ datum }}``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

from docx.oxml.ns import qn

from memo.case.documenttypes import document_type_name
from memo.profile.headerfields import PLACEHOLDERS, Placeholder, labels, placeholder
from memo.profile.samples import SAMPLES, Sample, kind_of
from memo.word.fromtemplate.lines import PLACEHOLDER, Claims, Span, Text
from memo.word.prepare import cells_by_column

__all__ = ["placeholders_in"]

_LABELS = labels()
#: The labels in a footer: the organisation's details ("Telefon", "E-post", "Webb") are its own there.
_FOOTER_LABELS = labels(footer=True)
#: A label where a line or a part of one starts, and the colon (or full stop) after it.
_LABEL = re.compile(r"(?<![\w-])(?P<label>" + "|".join(re.escape(label) for label in
                                                       sorted({*_LABELS, *_FOOTER_LABELS}, key=len, reverse=True))
                    + r")(?![\w-])\.?[ \u00a0]*(?P<colon>:)?[ \u00a0]*", re.IGNORECASE)
_PROMPT = re.compile(r"\[([^\[\]]{2,30})\]")
#: The placeholder that shows each of the handläggare's keys ("epost": "handlaggare_epost").
_HANDLAGGARE = {p.handlaggare_key: p.name for p in PLACEHOLDERS if p.handlaggare_key}
_DATE = next(sample for sample in SAMPLES if sample.placeholders == ("datum",))
#: A value's own shape, where one kind of sample data is the placeholder's ("KS 2025/12" for the diarienummer).
_SHAPE = {sample.placeholders[0]: sample for sample in SAMPLES if not sample.whole}
#: A value runs over at most this many lines (a name, a title, a förvaltning, an e-mail address, a phone number …).
_MOST_LINES = 8


def label_of(text: str, claims: Claims | None = None) -> Placeholder | None:
    """The placeholder whose label ``text`` is ("Dnr:", "Handläggare") in the story ``claims`` reads (a footer's
    "Telefon" is the organisation's), or None."""
    table = _FOOTER_LABELS if claims is not None and claims.footer else _LABELS
    name = table.get(" ".join(text.strip(" \u00a0").rstrip(":.").split()).casefold())
    return placeholder(name) if name else None


def placeholders_in(story: Any, texts: list[Text], claims: Claims) -> None:
    """Claim the placeholders of one header or footer (``texts`` are its paragraphs), the first reader first."""
    claims.footer = story.tag == qn("w:ftr")
    containers: dict[Any, list[Span]] = {}  # by the cell, text box or story (an element is its own key)
    for text in texts:
        containers.setdefault(text.container, []).extend(text.lines())
    _prompts(texts, claims)
    _tables(story, containers, claims)
    for lines in containers.values():
        bounded = lines[0].text.container.tag == qn("w:tc")
        _label_lines(lines, claims, bounded)
        _inline(lines, claims, bounded)
    for text in texts:
        for line in text.lines():
            for segment in line.split("\t"):
                _document_type(segment, claims)
                _lone_date(segment, claims)


def _prompts(texts: list[Text], claims: Claims) -> None:
    for text in texts:
        for match in _PROMPT.finditer(text.text):
            label = label_of(match.group(1), claims)
            if label is not None:
                claims.take(Span(text, *match.span()), label.name, learn=False)


def _filled(lines: Iterable[Span]) -> list[Span]:
    return [line.stripped() for line in lines if line.value.strip(" \u00a0\t")]


def _tables(story: Any, containers: dict[Any, list[Span]], claims: Claims) -> None:
    """A label row above the values (a row whose cells are mostly labels memo knows), or a label cell beside its
    value (a value of the label's shape, not a label itself)."""
    for table in story.iter(qn("w:tbl")):
        grid = [cells_by_column(row) for row in table.findall(qn("w:tr"))]
        for number, row in enumerate(grid):
            cells = {column: _filled(containers.get(cell, [])) for column, cell in row.items()}
            labelled = {column: label_of(lines[0].value, claims) if len(lines) == 1 else None
                        for column, lines in cells.items()}
            if _label_row([labelled[column] for column, lines in cells.items() if lines]):
                below = grid[number + 1] if number + 1 < len(grid) else {}
                for column, lines in cells.items():
                    values = _filled(containers.get(below.get(column), []))
                    if lines and _value_below(values):
                        _under(labelled[column], lines[0].value, values, claims, bounded=True)
                continue
            for column, beside in itertools.pairwise(cells):
                label, values = labelled[column], cells[beside]
                if label is not None and _value_below(values) and _shaped(label, values[0].value):
                    _block(label, values, claims, bounded=True)


def _label_row(labels: list[Placeholder | None]) -> bool:
    """Whether texts side by side with these labels (None: not a label memo knows) are a row of labels: most of
    them are ("Datum | Diarienummer | Beslutsinstans")."""
    return 2 * sum(label is not None for label in labels) > len(labels)


def _value_below(values: list[Span]) -> bool:
    """Whether ``values`` (the filled lines under or beside a label) hold a value: not a label, not a placeholder."""
    return bool(values) and label_of(values[0].value) is None and not PLACEHOLDER.search(values[0].value)


def _under(label: Placeholder | None, written: str, values: list[Span], claims: Claims, *, bounded: bool) -> None:
    """The value under a label in a row of labels: the placeholder's, or, under a label memo does not know
    (``written``), text for a person to see to."""
    if label is not None:
        _block(label, values, claims, bounded=bounded)
    else:
        for value in values[:_MOST_LINES]:
            claims.leave(value, written.strip(" \u00a0"))


def _block(label: Placeholder, lines: list[Span], claims: Claims, *, bounded: bool) -> None:
    """The value of ``label`` on the first line; under a handläggare's name, the handläggare's other values."""
    first, rest = lines[0], lines[1:]
    if PLACEHOLDER.search(first.value):
        return
    if label.handlaggare_key == "namn":  # "Karin Exempel, Socialförvaltningen"
        first, *more = first.split(",")
        rest = [*more, *rest]
    if claims.take(first, label.name) and label.handlaggare_key:
        _follow(rest, claims, {label.handlaggare_key}, bounded, label.labels[0])


def _follow(lines: list[Span], claims: Claims, used: set[str], bounded: bool, label: str) -> None:
    """The lines after a handläggare's value, each one of the handläggare's keys (not one already placed).

    In a table cell every line is the handläggare's; elsewhere the first line that is none ends them.
    """
    for line in (line.stripped() for line in lines[:_MOST_LINES]):
        if not line.value or PLACEHOLDER.search(line.value):
            if bounded or line.value:
                continue
            break
        match = _LABEL.match(line.value)
        own = label_of(match.group("label"), claims) if match else None
        if match is not None and own is not None and own.handlaggare_key and own.handlaggare_key not in used:
            used.add(own.handlaggare_key)
            claims.take(Span(line.text, line.start + match.end(), line.end), own.name)
            continue
        kind = kind_of(line.value)
        if kind is not None and kind.handlaggare_key and kind.handlaggare_key not in used:
            used.add(kind.handlaggare_key)
            claims.take(line, _HANDLAGGARE[kind.handlaggare_key])
        elif bounded:
            claims.unread.append((line, label))
        else:
            break


def _label_lines(lines: list[Span], claims: Claims, bounded: bool) -> None:
    """A label alone on its line ("Handläggare"), its value on the lines below, up to an empty line or a line with
    a label of its own. Outside a table cell the value must have its own shape, where it has one (a date)."""
    for number, line in enumerate(lines):
        columns = [segment for segment in line.split("\t") if segment.value.strip(" \u00a0")]
        if len(columns) > 1 and number + 1 < len(lines):
            _label_columns(columns, lines[number + 1], claims)
            continue
        label = label_of(line.value, claims) if line.value.strip(" \u00a0") else None
        if label is None or PLACEHOLDER.search(line.value):
            continue
        below: list[Span] = []
        for after in lines[number + 1:number + 1 + _MOST_LINES]:
            start = _LABEL.match(after.value.strip(" \u00a0\t"))
            if not after.value.strip(" \u00a0\t") or (start is not None and label_of(start.group("label"), claims)):
                break
            below.append(after.stripped())
        if below and (bounded or _shaped(label, below[0].value)):
            _block(label, below, claims, bounded=bounded)


def _label_columns(columns: list[Span], below: Span, claims: Claims) -> None:
    """Labels set out with tabs ("Handläggare→Datum→Dnr"), each over its value on the next line, tab for tab; most
    of them labels memo knows."""
    labels = [label_of(column.value, claims) for column in columns]
    values = [segment.stripped() for segment in below.split("\t") if segment.value.strip(" \u00a0")]
    if not _label_row(labels) or len(values) != len(columns) or any(label_of(value.value, claims) for value in values):
        return
    for label, column, value in zip(labels, columns, values, strict=True):
        if PLACEHOLDER.search(value.value):
            continue
        if label is not None:
            claims.take(value, label.name)
        else:
            claims.leave(value, column.value.strip(" \u00a0"))


def _shaped(label: Placeholder, text: str) -> bool:
    """Whether ``text`` has the shape of ``label``'s value, where it has one (a date, a Dnr, a person's name)."""
    own = _DATE if label.field is not None and label.field.form == "datum" else _SHAPE.get(label.name)
    if own is not None:
        return own.pattern.fullmatch(text) is not None
    kind = kind_of(text.split(",")[0])  # "Karin Exempel, Socialförvaltningen"
    return label.handlaggare_key != "namn" or (kind is not None and kind.handlaggare_key == "namn")


def _inline(lines: list[Span], claims: Claims, bounded: bool) -> None:
    """A label and its value on one line: "Dnr KS 2025/12", "Datum: 2025-05-04", "Handläggare: Karin Exempel"."""
    for number, line in enumerate(lines):
        for segment in (part.until_computed() for part in line.split("\t")):
            text = segment.value
            for match in _LABEL.finditer(text):
                label = label_of(match.group("label"), claims)
                if label is None or (label.handlaggare_key and label.handlaggare_key != "namn"):
                    continue  # the handläggare's details, where they follow the handläggare's name only
                value = _value(label, text, match, at_start=not text[:match.start()].strip(" \u00a0"))
                if value is None:
                    continue
                start, end = segment.start + value[0], segment.start + value[1]
                whole = Span(segment.text, segment.start + match.start(), end)
                if label.handlaggare_key == "namn":
                    _block(label, [Span(segment.text, start, segment.end), *lines[number + 1:number + _MOST_LINES]],
                           claims, bounded=bounded)
                else:
                    claims.take(Span(segment.text, start, end), label.name, whole=whole)


def _value(label: Placeholder, text: str, match: re.Match[str], *, at_start: bool) -> tuple[int, int] | None:
    """Where the value after ``match`` (a label) is in ``text``, or None where what follows is not its value.

    A date field takes a date only. Another field takes a value of its own shape ("KS 2025/12") wherever the
    label stands, and any text after a colon, or after a label at the start of a line.
    """
    start = match.end()
    own: Sample | None = _DATE if label.field is not None and label.field.form == "datum" else _SHAPE.get(label.name)
    shaped = own.pattern.match(text, start) if own is not None else None
    if shaped is not None:
        return shaped.span()
    if own is _DATE or (label.field is None and label.handlaggare_key != "namn"):
        return None
    if not (match.group("colon") or at_start) or not re.match(r"[^\s:.]", text[start:]):
        return None
    return start, len(text.rstrip(" \u00a0"))


def _document_type(segment: Span, claims: Claims) -> None:
    """"TJÄNSTESKRIVELSE", "Yttrande", "PM" standing alone: the case's own document type."""
    stripped = segment.stripped()
    if document_type_name(stripped.value) is not None:
        claims.take(stripped, "dokumenttyp")


def _lone_date(segment: Span, claims: Claims) -> None:
    """A date at the start of a line or after a tab: the memo's date (not "Mall fastställd 2019-04-01")."""
    stripped = segment.stripped()
    match = _DATE.pattern.match(stripped.value)
    if match is not None:
        claims.take(Span(stripped.text, stripped.start, stripped.start + match.end()), "datum")
