"""An old memo's body in parts: its title, the lines above the text, and the text under each heading.

The title is the paragraph in the Title style, else the first heading (or bold line) before the first heading
that opens one of the profile's sections, else the document's own title. What stands above the first section
heading and is no field (:mod:`memo.importer.fields`) is the text before any heading. A heading that opens none of
the profile's sections starts a sub-part of the section before it (a sub-heading), or, at the top level, an own
section of the case where the profile has ``egna_avsnitt``. The signatures at the end (names over titles) and a
recipients' line ("Beslutet skickas till: …") are parts of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from memo.case.sections import Kind, Section
from memo.importer.headings import Heading, is_heading, match
from memo.profile.samples import kind_of
from memo.word.readback import Block, Para, Span, Table

__all__ = ["Body", "Part", "split_body"]

_TITLE_STYLES = frozenset({"title", "rubrik", "titel"})
_SPACE = " \u00a0\t"
#: A title in bold is at most this long (a heading at most :data:`memo.importer.headings._MOST_WORDS`).
_MOST_TITLE_WORDS = 30
#: A signature's lines are short: a name, a title, the organ above them.
_MOST_SIGNATURE_WORDS = 8


class Part(NamedTuple):
    """The text under one heading, as the memo has it."""

    #: The heading as written ("" for the text before any heading).
    heading: str
    #: The section it opens, or None (a heading none of the profile's sections has, or the text before any).
    opens: Heading | None
    blocks: tuple[Block, ...]
    #: A sub-heading (a heading style below the first level, or a bold line that opens no section).
    sub: bool = False


class Body(NamedTuple):
    title: str
    #: The blocks above the title and above the first heading (fields and the text before any heading).
    top: tuple[Block, ...]
    parts: tuple[Part, ...]
    #: The signatures: each name with the lines under it; and the line above them (the signing organ), or "".
    signatures: tuple[tuple[str, ...], ...] = ()
    organ: str = ""


def _is_title(para: Para) -> bool:
    return para.style.casefold() in _TITLE_STYLES and bool(para.text.strip())


def split_body(body: Sequence[Block], sections: Sequence[Section], core_title: str) -> Body:
    """The body's title, top and parts, by the profile's ``sections``."""
    headings = [i for i, block in enumerate(body) if isinstance(block, Para) and is_heading(block, sections)]
    opening = next((i for i in headings if match(_text(body[i]), sections) is not None), len(body))
    title_at = next((i for i, block in enumerate(body) if isinstance(block, Para) and _is_title(block)), None)
    if title_at is None or title_at > opening:
        title_at = next((i for i in headings if i < opening), None)
    if title_at is None:  # a title longer than a heading, in bold
        title_at = next((i for i, block in enumerate(body[:opening]) if isinstance(block, Para) and block.all_bold
                         and len(block.text.split()) <= _MOST_TITLE_WORDS), None)
    title = " ".join(_text(body[title_at]).split()) if title_at is not None else " ".join(core_title.split())
    top = tuple(block for i, block in enumerate(body[:opening]) if i != title_at)
    parts: list[Part] = []
    for i in range(opening, len(body)):
        block = body[i]
        if i in headings and isinstance(block, Para):
            found = match(block.text, sections)
            sub = found is None and (block.heading is None or block.heading > 1)
            parts.append(Part(" ".join(block.text.split()).rstrip(":"), found, (), sub))
            continue
        recipients = _recipients_line(block, sections)
        if recipients is not None:
            parts.append(recipients)
            continue
        parts[-1] = parts[-1]._replace(blocks=(*parts[-1].blocks, block))
    if not parts:  # no heading at all: the signatures end the text before it
        count = _signature_lines(top)
        if count:
            signatures, organ = _signatories(top[len(top) - count:])
            return Body(title, top[:len(top) - count], (), signatures, organ)
    parts, signatures, organ = _signatures(parts)
    return Body(title, top, tuple(parts), signatures, organ)


def _text(block: Block) -> str:
    return block.text if isinstance(block, Para) else ""


def _recipients_line(block: Block, sections: Sequence[Section]) -> Part | None:
    """"Beslutet skickas till: Diariet, Kommunstyrelsen" as the recipients' part."""
    if not isinstance(block, Para) or ":" not in block.text:
        return None
    label, _, rest = block.text.partition(":")
    found = match(label, sections)
    if found is None or found.section.kind is not Kind.RECIPIENTS or not rest.strip(_SPACE):
        return None
    names = [Para("Normal", (Span(name.strip(_SPACE)),)) for name in re.split(r"[,;]|\s+och\s+", rest)
             if name.strip(_SPACE)]
    return Part(label.strip(_SPACE), found, tuple(names))


def _signature_lines(blocks: Sequence[Block]) -> int:
    """How many of ``blocks``' last blocks are the signatures (0: none): short lines, one of them a person's name."""
    start = len(blocks)
    named = False
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        lines = _lines(block)
        if not lines:
            start = i
            continue
        if any(len(line.split()) > _MOST_SIGNATURE_WORDS or line.endswith((".", ":")) for line in lines):
            break
        named = named or any(_is_name(line) for line in lines)
        start = i
    if not named:
        return 0
    first = next(i for i in range(start, len(blocks)) if any(_is_name(line) for line in _lines(blocks[i])))
    above = _lines(blocks[first - 1]) if first > start else []
    if len(above) == 1 and above[0].isupper():  # the signing organ ("LANDSTINGSSTYRELSEN")
        first -= 1
    return len(blocks) - first


def _lines(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [part.strip(_SPACE) for line in block.text.split("\n") for part in line.split("\t")
                if part.strip(_SPACE)]
    return [line for row in block.rows for cell in row for inner in cell.blocks for line in _lines(inner)]


def _is_name(line: str) -> bool:
    kind = kind_of(line)
    return kind is not None and kind.handlaggare_key == "namn"


def _kind(part: Part) -> Kind | None:
    return part.opens.section.kind if part.opens is not None else None


def _signatures(parts: list[Part]) -> tuple[list[Part], tuple[tuple[str, ...], ...], str]:
    """The signatures at the end of the last part that is not the recipients' (and the organ's line above them)."""
    last = next((n for n in range(len(parts) - 1, -1, -1) if _kind(parts[n]) not in (Kind.RECIPIENTS, Kind.SIGNATURE)),
                None)
    if last is None:
        return parts, (), ""
    blocks = parts[last].blocks
    count = _signature_lines(blocks)
    if not count:
        return parts, (), ""
    signed = blocks[len(blocks) - count:]
    parts[last] = parts[last]._replace(blocks=blocks[:len(blocks) - count])
    return parts, *_signatories(signed)


def _signatories(blocks: Sequence[Block]) -> tuple[tuple[tuple[str, ...], ...], str]:
    """Each name with the lines under it (names side by side in table cells or after tabs, each with its own), and
    the line in capitals above them (the signing organ)."""
    rows: list[list[str]] = []
    for block in blocks:
        if isinstance(block, Table):  # column by column: a name, and the title under it, also a row lower
            for column in range(max((len(row) for row in block.rows), default=0)):
                cells = [row[column] for row in block.rows if column < len(row)]
                rows.extend([line] for cell in cells for inner in cell.blocks for line in _lines(inner))
                rows.append([])  # a column ends its signatures
            continue
        for line in block.text.split("\n"):
            rows.append([part.strip(_SPACE) for part in line.split("\t") if part.strip(_SPACE)])
    organ = ""
    signatures: list[list[str]] = []
    group: list[list[str]] = []  # the signatures whose names stand side by side on the last row of names
    for row in rows:
        if not row:
            group = []
        elif _is_name(row[0]):
            group = [[part] for part in row]
            signatures.extend(group)
        elif group and len(row) == len(group):
            for signature, part in zip(group, row, strict=True):
                signature.append(part)
        elif group:
            group[-1].extend(row)
        elif not signatures and " ".join(row).isupper():
            organ = " ".join(row)
    return tuple(tuple(signature) for signature in signatures), organ
