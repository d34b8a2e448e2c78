"""Reading a Word document (DOCX) for inspection, with :mod:`memo.word.package` and :mod:`xml.etree` only.

The parts are found through the package's relationships, not by their usual names; the
paragraph styles are followed along their ``basedOn`` chain for heading level and list
numbering; the body is walked in reading order. ``mc:Fallback`` copies are dropped, so
an object inside ``mc:AlternateContent`` is seen once. Used by the accessibility check
(:mod:`memo.word.accessibility`); python-docx is the writer's alone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from memo.errors import DocumentError, Location
from memo.word.package import DocxPackage

__all__ = ["MAX_ELEMENTS", "Package", "Styles", "W", "body_blocks", "is_on", "paragraph_level", "paragraph_text"]

#: The WordprocessingML namespace, as ElementTree writes it in front of a tag name.
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CORE_RT = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_HEADING_NAME = re.compile(r"^(?:heading|rubrik)\s*([1-9])$", re.IGNORECASE)
_FALSE = ("0", "false", "off")
#: A document with more XML elements than this, in all the parts read, is not checked (a memo of
#: 10 000 paragraphs has about 100 000; a parsed element takes some hundred bytes).
MAX_ELEMENTS = 1_000_000
_CHUNK = 1 << 16


def is_on(element: ET.Element | None) -> bool:
    """A Word on/off property (``<w:b/>``, ``w:val="0"``…) that is present and on."""
    return element is not None and element.get(f"{W}val", "1").lower() not in _FALSE


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    outline: int | None
    numbered: bool
    name: str


class Styles:
    """Paragraph styles with their basedOn chain: heading level and list numbering."""

    def __init__(self, root: ET.Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default: str | None = None
        self.language: str | None = None
        #: The character styles that make text bold (``Strong``): a run in one is bold without ``w:b``.
        self.bold_characters: set[str] = set()
        if root is None:
            return
        lang = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        if lang is not None:
            self.language = (lang.get(f"{W}val") or "").strip() or None
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}type", "paragraph") != "paragraph":
                if style.get(f"{W}type") == "character" and is_on(style.find(f"{W}rPr/{W}b")):
                    self.bold_characters.add(style.get(f"{W}styleId") or "")
                continue
            style_id = style.get(f"{W}styleId") or ""
            if style.get(f"{W}default") in ("1", "true", "on"):
                self.default = style_id
            based = style.find(f"{W}basedOn")
            name = style.find(f"{W}name")
            num_id = style.find(f"{W}pPr/{W}numPr/{W}numId")
            self.styles[style_id] = _Style(
                based_on=based.get(f"{W}val") if based is not None else None,
                outline=_outline(style.find(f"{W}pPr/{W}outlineLvl")),
                numbered=num_id is not None and num_id.get(f"{W}val", "0") != "0",
                name=(name.get(f"{W}val", "") if name is not None else ""),
            )

    def _chain(self, style_id: str | None) -> Iterator[tuple[str, _Style]]:
        seen: set[str] = set()
        current = style_id if style_id is not None else self.default
        while current is not None and current not in seen and current in self.styles:
            seen.add(current)
            yield current, self.styles[current]
            current = self.styles[current].based_on

    def heading_level(self, style_id: str | None) -> int | None:
        for sid, style in self._chain(style_id):
            if style.outline is not None:
                return style.outline if style.outline <= 9 else None
            match = _HEADING_NAME.match(style.name) or _HEADING_NAME.match(sid)
            if match:
                return int(match.group(1))
        return None

    def name(self, style_id: str | None) -> str:
        """A paragraph style's name as the document gives it ('' for one it does not define)."""
        found = self.styles.get(style_id if style_id is not None else self.default or "")
        return found.name if found is not None else ""

    def numbered(self, style_id: str | None) -> bool:
        return any(style.numbered for _, style in self._chain(style_id))


def _outline(element: ET.Element | None) -> int | None:
    """The heading level (1–9) an ``outlineLvl`` gives, 10 for body text, None when absent."""
    if element is None:
        return None
    try:
        return int(element.get(f"{W}val", "9")) + 1
    except ValueError:
        return None


def paragraph_level(ppr: ET.Element | None, style: str | None, styles: Styles) -> int | None:
    """The heading level of a paragraph: its own outline level, else its style's; None for body text."""
    direct = _outline(ppr.find(f"{W}outlineLvl")) if ppr is not None else None
    if direct is not None:
        return direct if direct <= 9 else None
    return styles.heading_level(style)


class Package:
    """A DOCX's XML parts, located through its relationships.

    Raises :class:`memo.errors.DocumentError` when the file is missing, is not a zip package or
    has no main document part.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        with DocxPackage(path) as docx_file:  # damaged, encrypted, macros, a zip bomb: one DocumentError
            self._data = docx_file.xml_parts()
        self._elements_left = MAX_ELEMENTS
        package = self._relations("")
        self.document = next((t for r, t in package if r == _RT + "officeDocument"), "word/document.xml")
        self.core = next((t for r, t in package if r == _CORE_RT), "docProps/core.xml")
        if self.document not in self._data:
            raise DocumentError("Filen är inget Word-dokument: huvuddelen (word/document.xml) saknas.",
                            Location(path))
        self.related = self._relations(self.document)

    def _relations(self, part: str) -> list[tuple[str, str]]:
        folder, name = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", name + ".rels"))
        if root is None:
            return []
        out = []
        for rel in root.iter(_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            out.append((rel.get("Type", ""), resolved))
        return out

    def xml(self, name: str) -> ET.Element | None:
        """A part parsed, without ``mc:Fallback`` copies; None when the package has no such part."""
        data = self._data.get(name)
        if data is None:
            return None
        parser: Any = ET.XMLPullParser(events=("start",))  # typeshed types its events too narrowly
        root: ET.Element | None = None
        try:
            for start in range(0, len(data), _CHUNK):  # fed in pieces, counting elements as they come
                parser.feed(data[start:start + _CHUNK])
                for event in parser.read_events():
                    element = event[1]
                    if root is None and isinstance(element, ET.Element):
                        root = element
                    self._elements_left -= 1
                if self._elements_left < 0:
                    raise DocumentError(f"Dokumentet har fler än {MAX_ELEMENTS} XML-element; memo granskar inte så "
                                        "stora dokument (filen kan vara gjord för att fylla minnet).",
                                        Location(self.path))
            parser.close()
        except (ET.ParseError, LookupError, ValueError) as exc:  # also an encoding XML does not know
            raise DocumentError(f"Delen {name} i dokumentet är trasig XML ({exc}); Word kan inte öppna filen.",
                                Location(self.path)) from None
        if root is None:
            raise DocumentError(f"Delen {name} i dokumentet är tom; Word kan inte öppna filen.", Location(self.path))
        _drop_fallbacks(root)
        return root

    def parts(self, kind: str) -> list[str]:
        """The names of the main document's related parts of one kind (``header``, ``styles``…)."""
        return sorted(t for r, t in self.related if r == _RT + kind and t in self._data)


def _drop_fallbacks(root: ET.Element) -> None:
    """Remove ``mc:Fallback`` copies so that an object inside ``mc:AlternateContent`` counts once."""
    pairs = [(parent, child) for parent in root.iter() for child in parent if child.tag == f"{_MC}Fallback"]
    for parent, child in pairs:
        parent.remove(child)


def paragraph_text(element: ET.Element) -> str:
    """The text of a paragraph (tabs and line breaks included), leaving out text boxes in it.

    Walked with a stack of its own, not by recursion: a document may nest elements deeper than
    Python's recursion limit.
    """
    pieces = []
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == f"{W}t":
            pieces.append(child.text or "")
        elif child.tag in (f"{W}tab", f"{W}ptab"):
            pieces.append("\t")
        elif child.tag in (f"{W}br", f"{W}cr"):
            pieces.append("\n")
        elif child.tag != f"{W}txbxContent":
            stack.append(iter(child))
    return "".join(pieces)


def body_blocks(container: ET.Element, top: bool = True) -> Iterator[tuple[ET.Element, bool]]:
    """The paragraphs and tables of the body in order, with whether each is directly in the body.

    Paragraphs inside text boxes are not part of the body's flow and are not visited.
    """
    for child in container:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child, top
            if child.tag == f"{W}tbl":
                for row in child.findall(f"{W}tr"):
                    for cell in row.findall(f"{W}tc"):
                        yield from body_blocks(cell, top=False)
        elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
            content = child.find(f"{W}sdtContent")
            yield from body_blocks(content if content is not None else child, top)
