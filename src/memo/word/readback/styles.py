"""A document's styles and lists as the reader needs them: what a paragraph style makes of a paragraph (its name,
outline level, list, emphasis) and the label Word shows before each list paragraph.

Styles inherit through ``w:basedOn``; a list may come from the paragraph, from its style, or from a list style that
a numbering definition links to (``w:numStyleLink``). Each chain is followed a bounded number of steps, so a loop
in a hostile file ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from docx.styles import BabelFish

from memo.word.readback.model import Numbering, W

__all__ = ["Emphasis", "ListCounter", "StyleInfo", "Styles", "on"]

#: How far a chain of ``w:basedOn`` or list-style links is followed.
_MAX_CHAIN = 20
_HEADING_NAME = re.compile(r"^(?:heading|rubrik)\s*([1-9])$", re.IGNORECASE)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def on(element: Any) -> bool | None:
    """A toggle property's value (``<w:b/>``, ``<w:b w:val="0"/>``), or None when it is not set.

    >>> from docx.oxml import parse_xml
    >>> on(parse_xml('<w:b xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:val="off"/>'))
    False
    """
    if element is None:
        return None
    return element.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


class Emphasis(NamedTuple):
    """Bold and italic as set at one level (None: not set there)."""

    bold: bool | None = None
    italic: bool | None = None

    @classmethod
    def of(cls, rpr: Any) -> Emphasis:
        if rpr is None:
            return cls()
        return cls(on(rpr.find(W + "b")), on(rpr.find(W + "i")))

    def over(self, below: Emphasis) -> Emphasis:
        """This level's settings where it has them, else the level below's."""
        return Emphasis(self.bold if self.bold is not None else below.bold,
                        self.italic if self.italic is not None else below.italic)


class StyleInfo(NamedTuple):
    """What a style makes of a paragraph, with its inheritance resolved."""

    name: str
    heading: int | None
    num: tuple[int, int] | None  # (numId, level)
    emphasis: Emphasis
    vanish: bool


class Styles:
    """The styles part and the numbering part of one document."""

    def __init__(self, styles: Any, numbering: Any) -> None:
        self._raw: dict[str, Any] = {}
        self._default_paragraph = ""
        self._defaults = Emphasis(False, False)
        if styles is not None:
            defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
            self._defaults = Emphasis.of(defaults).over(Emphasis(False, False))
            for style in styles.iter(W + "style"):
                style_id = style.get(W + "styleId")
                if style_id is None:
                    continue
                self._raw.setdefault(style_id, style)
                if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
                    self._default_paragraph = style_id
        self._resolved: dict[str, StyleInfo] = {}
        self._nums: dict[int, tuple[Any, dict[int, int]]] = {}
        self._abstracts: dict[str, Any] = {}
        if numbering is not None:
            for abstract in numbering.iter(W + "abstractNum"):
                self._abstracts.setdefault(abstract.get(W + "abstractNumId", ""), abstract)
            for num in numbering.iter(W + "num"):
                number = _int(num.get(W + "numId"))
                if number is None:
                    continue
                starts = {}
                for override in num.iter(W + "lvlOverride"):
                    start = override.find(W + "startOverride")
                    level = _int(override.get(W + "ilvl"))
                    if start is not None and level is not None:
                        starts[level] = _int(start.get(W + "val")) or 0
                abstract_id = num.find(W + "abstractNumId")
                self._nums.setdefault(number, (abstract_id.get(W + "val") if abstract_id is not None else None,
                                               starts))

    @property
    def run_defaults(self) -> Emphasis:
        """The document's default emphasis (``w:docDefaults``)."""
        return self._defaults

    def paragraph(self, style_id: str | None) -> StyleInfo:
        """What the paragraph style ``style_id`` (None: the default paragraph style) makes of a paragraph."""
        key = style_id or self._default_paragraph
        if key not in self._resolved:
            self._resolved[key] = self._resolve(key)
        return self._resolved[key]

    def character(self, style_id: str | None) -> Emphasis:
        """The emphasis a character style gives (its inheritance resolved)."""
        emphasis = Emphasis()
        for style in self._chain(style_id):
            emphasis = emphasis.over(Emphasis.of(style.find(W + "rPr")))
        return emphasis

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < _MAX_CHAIN and style_id in self._raw:
            seen.add(style_id)
            style = self._raw[style_id]
            yield style
            based = style.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None

    def _resolve(self, style_id: str) -> StyleInfo:
        name = ""
        heading: int | None = None
        num: tuple[int, int] | None = None
        emphasis = Emphasis()
        vanish: bool | None = None
        for style in self._chain(style_id):
            if not name:
                named = style.find(W + "name")
                name = BabelFish.internal2ui(named.get(W + "val", "")) if named is not None else style_id
            ppr = style.find(W + "pPr")
            if ppr is not None:
                if heading is None:
                    heading = outline(ppr)
                if num is None:
                    num = num_reference(ppr)
            rpr = style.find(W + "rPr")
            emphasis = emphasis.over(Emphasis.of(rpr))
            if vanish is None and rpr is not None:
                vanish = on(rpr.find(W + "vanish"))
        if heading is None and (found := _HEADING_NAME.match(name)):
            heading = int(found.group(1))
        return StyleInfo(name or "Normal", heading, num if num and num[0] else None,
                         emphasis.over(self._defaults), bool(vanish))

    def level(self, num_id: int, level: int) -> tuple[str, str, int] | None:
        """The list level's number format, its text ("%1.") and its first number; None when there is no such
        list."""
        found = self._nums.get(num_id)
        if found is None:
            return None
        abstract = self._abstract(found[0])
        if abstract is None:
            return None
        for lvl in abstract.iter(W + "lvl"):
            if _int(lvl.get(W + "ilvl")) == level:
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                first = found[1].get(level, _int(start.get(W + "val")) if start is not None else 1)
                return (fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
                        text.get(W + "val", "") if text is not None else "", first if first is not None else 1)
        return None

    def _abstract(self, abstract_id: str | None) -> Any:
        """The abstract numbering, following a link to a list style (``w:numStyleLink``) a bounded number of steps."""
        for _ in range(_MAX_CHAIN):
            abstract = self._abstracts.get(abstract_id or "")
            if abstract is None:
                return None
            link = abstract.find(W + "numStyleLink")
            if link is None:
                return abstract
            style = self.paragraph_list_style(link.get(W + "val"))
            if style is None or style not in self._nums:
                return abstract
            abstract_id = self._nums[style][0]
        return None

    def paragraph_list_style(self, style_id: str | None) -> int | None:
        """The numId a list style (``w:type="numbering"``) stands for."""
        for style in self._chain(style_id):
            ppr = style.find(W + "pPr")
            reference = num_reference(ppr) if ppr is not None else None
            if reference is not None:
                return reference[0]
        return None


def outline(ppr: Any) -> int | None:
    """The heading level (1–9) a ``w:pPr`` gives with ``w:outlineLvl`` (9 is body text), else None."""
    found = ppr.find(W + "outlineLvl")
    value = _int(found.get(W + "val")) if found is not None else None
    return value + 1 if value is not None and 0 <= value <= 8 else None


def num_reference(ppr: Any) -> tuple[int, int] | None:
    """The ``(numId, ilvl)`` a ``w:pPr`` sets (numId 0: explicitly no list), or None when it sets none."""
    num_pr = ppr.find(W + "numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(W + "numId")
    level = num_pr.find(W + "ilvl")
    number = _int(num_id.get(W + "val")) if num_id is not None else None
    if number is None:
        return None
    ilvl = _int(level.get(W + "val")) if level is not None else None
    return number, ilvl if ilvl is not None else 0


class ListCounter:
    """Counts list paragraphs in reading order and gives each its label, as Word numbers them (per list; a
    higher level's item restarts the levels below it)."""

    def __init__(self, styles: Styles) -> None:
        self._styles = styles
        self._counts: dict[int, list[int]] = {}

    def label(self, num_id: int, level: int) -> Numbering | None:
        """The next paragraph of list ``num_id`` at ``level``."""
        found = self._styles.level(num_id, level)
        if found is None:
            return None
        fmt, text, first = found
        counts = self._counts.setdefault(num_id, [0] * 9)
        level = max(0, min(level, 8))
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        counts[level] = min(counts[level] + 1 if counts[level] else first, _MAX_NUMBER)
        ordered = fmt not in ("bullet", "none")

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            if not 0 <= at <= 8:
                return ""
            at_fmt = fmt if at == level else (self._styles.level(num_id, at) or ("decimal", "", 1))[0]
            return _formatted(counts[at] or 1, at_fmt)

        if fmt == "bullet":  # a symbol font's private-use bullet (Symbol's U+F0B7) reads as the bullet it shows
            label = "".join("•" if "\ue000" <= ch <= "\uf8ff" else ch for ch in text).strip() or "•"
        else:
            label = re.sub(r"%([1-9])", number, text).strip()
        return Numbering(num_id, level, ordered, label)


#: The largest list number Word counts to; a larger start in a file is read as this.
_MAX_NUMBER = 32767
#: The largest number written in Roman numerals; above it, as digits.
_MAX_ROMAN = 3999


def _formatted(value: int, fmt: str) -> str:
    """A list number in Word's format ``fmt``.

    >>> [_formatted(4, f) for f in ("decimal", "lowerLetter", "upperRoman", "decimalZero")]
    ['4', 'd', 'IV', '04']
    """
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = _LETTERS[rest] + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and value <= _MAX_ROMAN:
        roman = ""
        for size, letters in _ROMAN:
            while value >= size:
                roman += letters
                value -= size
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
