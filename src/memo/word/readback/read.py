"""Open a Word file and read it into a :class:`memo.word.readback.model.ReadDocument`.

The package is opened by :class:`memo.word.package.DocxPackage`, which refuses what memo never reads (an encrypted
or macro-enabled file, the old .doc format, a zip bomb) with one Swedish line. Every XML part is parsed without
entities or network. Tracked changes are accepted first, as Word's "Godkänn alla ändringar" would, and counted.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from memo.errors import DocumentError, Location
from memo.word.clean.properties import parse_xml
from memo.word.clean.revisions import accept_changes
from memo.word.package import MAX_PARSED_TOTAL_BYTES, DocxPackage
from memo.word.readback.model import Block, ReadDocument, W
from memo.word.readback.styles import Styles
from memo.word.readback.walk import Walker

__all__ = ["read_document"]

_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PART_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def read_document(path: Path) -> ReadDocument:
    """Read the Word document at ``path``: its body, headers and footers as shown, with tracked changes accepted.

    Raises :class:`memo.errors.DocumentError` for a file that is not a Word document memo reads.
    """
    with DocxPackage(path) as package:
        return _read(_Parts(package), path)


class _Parts:
    """The package's XML parts, each read when first asked for (a document's theme and fonts are never read)."""

    def __init__(self, package: DocxPackage) -> None:
        self._package = package
        self._read: dict[str, bytes | None] = {}
        self._total = 0

    def get(self, name: str, default: bytes | None = None) -> bytes | None:
        if name not in self._read:
            data = self._package.xml_part(name)
            self._total += len(data or b"")
            if self._total > MAX_PARSED_TOTAL_BYTES:
                raise DocumentError(f"Filens XML-delar är över {MAX_PARSED_TOTAL_BYTES // 1_000_000} MB "
                                    "tillsammans; memo läser inte så stora dokument.", Location(self._package.path))
            self._read[name] = data
        found = self._read[name]
        return found if found is not None else default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __getitem__(self, name: str) -> bytes:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found


def _read(parts: _Parts, path: Path) -> ReadDocument:
    where = Location(path)
    main = _main_part(parts)
    if main is None or main not in parts:
        raise DocumentError("Filen är inget Word-dokument: dokumentets huvuddel saknas.", where)
    document = _parsed(parts, main, where)
    relations = _relations(parts, main)
    styles = Styles(_optional(parts, relations.get("styles", [None])[0]),
                    _optional(parts, relations.get("numbering", [None])[0]))
    walker = Walker(styles)
    revisions = sum(accept_changes(document))
    body_element = document.find(qn("w:body"))
    body = walker.blocks(body_element) if body_element is not None else ()
    stories: dict[str, list[Block]] = {"header": [], "footer": []}
    targets = _by_id(parts, main)
    even = _even_pages(parts, relations)
    for kind, part in _section_stories(document, targets, even):
        root = _parsed(parts, part, where)
        revisions += sum(accept_changes(root))
        stories[kind].extend(walker.blocks(root))
    notes: list[Block] = []
    for kind in ("footnotes", "endnotes"):
        for part in relations.get(kind, []):
            root = _parsed(parts, part, where)
            revisions += sum(accept_changes(root))
            for note in root:
                if note.get(W + "type") in (None, "normal"):  # not Word's separator lines
                    notes.extend(walker.blocks(note))
    return ReadDocument(path, body, tuple(stories["header"]), tuple(stories["footer"]), revisions,
                        _custom_properties(parts), _title(parts), tuple(notes), dict(walker.unread))


def _parsed(parts: _Parts, name: str, where: Location) -> Any:
    if name not in parts:  # a part the document names is missing: Word would not open the file either
        raise DocumentError(f"Delen {name} saknas, fast dokumentet hänvisar till den; filen är skadad.", where)
    root = parse_xml(parts[name])
    if root is None:
        raise DocumentError(f"Delen {name} är inte läsbar XML; filen är skadad.", where)
    return root


def _optional(parts: _Parts, name: str | None) -> Any:
    return parse_xml(parts[name]) if name is not None and name in parts else None


def _main_part(parts: _Parts) -> str | None:
    root = parse_xml(parts.get("_rels/.rels", b"") or b"")
    if root is None:
        return None
    for relation in root.iter(_RELATIONSHIPS):
        if relation.get("Type") == _OFFICE_DOCUMENT and relation.get("TargetMode") != "External":
            return posixpath.normpath(str(relation.get("Target", "")).lstrip("/"))
    return None


def _relations_root(parts: _Parts, part: str) -> Any:
    folder, name = posixpath.split(part)
    return parse_xml(parts.get(posixpath.join(folder, "_rels", name + ".rels"), b"") or b"")


def _target(part: str, relation: Any) -> str:
    target = str(relation.get("Target", ""))
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _relations(parts: _Parts, part: str) -> dict[str, list[str]]:
    """The part's internal relationships by type (the last word of the type's URI: ``styles``, ``header``)."""
    root = _relations_root(parts, part)
    found: dict[str, list[str]] = {}
    if root is None:
        return found
    for relation in root.iter(_RELATIONSHIPS):
        kind = relation.get("Type", "")
        if kind.startswith(_PART_TYPE) and relation.get("TargetMode") != "External":
            found.setdefault(kind[len(_PART_TYPE):], []).append(_target(part, relation))
    return found


def _by_id(parts: _Parts, part: str) -> dict[str, str]:
    root = _relations_root(parts, part)
    if root is None:
        return {}
    return {relation.get("Id", ""): _target(part, relation) for relation in root.iter(_RELATIONSHIPS)
            if relation.get("TargetMode") != "External"}


def _even_pages(parts: _Parts, relations: dict[str, list[str]]) -> bool:
    settings = _optional(parts, relations.get("settings", [None])[0])
    return settings is not None and settings.find(qn("w:evenAndOddHeaders")) is not None


def _section_stories(document: Any, targets: dict[str, str], even: bool) -> list[tuple[str, str]]:
    """Each header and footer part that some section shows, once, in the sections' order: the first page's
    (when the section has one), then the default, then the even pages' (when the document has them)."""
    order = ["first", "default", "even"]
    seen: set[str] = set()
    stories: list[tuple[str, str]] = []
    for section in document.iter(qn("w:sectPr")):
        first_page = section.find(qn("w:titlePg")) is not None
        for kind in ("header", "footer"):
            references = {ref.get(qn("w:type"), "default"): ref.get(_R_ID)
                          for ref in section.findall(qn(f"w:{kind}Reference"))}
            for which in order:
                if (which == "first" and not first_page) or (which == "even" and not even):
                    continue
                part = targets.get(references.get(which) or "")
                if part and part not in seen:
                    seen.add(part)
                    stories.append((kind, part))
    return stories


def _custom_properties(parts: _Parts) -> dict[str, str]:
    root = _optional(parts, "docProps/custom.xml")
    found: dict[str, str] = {}
    if root is None:
        return found
    for prop in root:
        name = prop.get("name")
        if name and len(prop):
            found.setdefault(name, "".join(prop[0].itertext()))
    return found


def _title(parts: _Parts) -> str:
    root = _optional(parts, "docProps/core.xml")
    title = root.find(_DC_TITLE) if root is not None else None
    return "".join(title.itertext()) if title is not None else ""
