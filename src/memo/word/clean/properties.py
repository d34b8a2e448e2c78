"""Who wrote the template, and where it was kept: the document properties a memo must not carry.

Word writes the author, the last person to save, the company and the manager into every
file, a document management system its own custom properties, and a template linked to a
file on someone's disk its path (``w:attachedTemplate``, often with a user name). Each goes,
and a value memo sets for each memo (title, author) is set by :mod:`memo.word.prepare`.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

__all__ = ["parse_xml", "remove_personal_properties", "serialized"]

#: The core properties that may name a person or hold the template's own text, with their Swedish names.
_CORE = (("author", "författare"), ("last_modified_by", "senast sparad av"), ("title", "titel"),
         ("subject", "ämne"), ("keywords", "nyckelord"), ("comments", "beskrivning"), ("category", "kategori"),
         ("content_status", "status"), ("identifier", "identifierare"), ("version", "version"))
#: The extended properties (docProps/app.xml) that name a person or an organisation.
_EXTENDED = (("Company", "företag"), ("Manager", "chef"), ("HyperlinkBase", "hyperlänkbas"))
_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def remove_personal_properties(document: Any) -> list[str]:
    """Empty the personal document properties; return the Swedish names of those that had a value.

    A property already empty is left as it is (the element is not added or rewritten).
    """
    removed = _other_core_parts(document)
    core = document.core_properties
    for attribute, name in _CORE:
        if (getattr(core, attribute) or "").strip():
            setattr(core, attribute, "")
            removed.append(name)
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            removed += _extended(rel.target_part)
        elif rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            package.rels.pop(rel_id)
            count = _count_custom(rel.target_part.blob)
            removed.append(f"{count} anpassade egenskaper" if count != 1 else "1 anpassad egenskap")
    settings = next((rel.target_part for rel in document.part.rels.values()
                     if rel.reltype == RT.SETTINGS and not rel.is_external), None)
    if settings is not None:
        for linked in settings.element.findall(qn("w:attachedTemplate")):
            rel_id = linked.get(qn("r:id"))
            settings.element.remove(linked)
            if rel_id in settings.rels:
                settings.rels.pop(rel_id)
            removed.append("länken till mallfilen (w:attachedTemplate)")
    return list(dict.fromkeys(removed))  # a property said once, whichever part held it


#: The core properties' elements, by local name, with their Swedish names (for a core part python-docx does not read).
_CORE_ELEMENTS = {"creator": "författare", "lastModifiedBy": "senast sparad av", "title": "titel",
                  "subject": "ämne", "keywords": "nyckelord", "description": "beskrivning", "category": "kategori"}


def _other_core_parts(document: Any) -> list[str]:
    """Remove a core-properties part that python-docx does not take for one: LibreOffice relates it with the
    older relationship type (``…/metadata/core-properties``), and python-docx would write its own beside it, two
    ``docProps/core.xml`` in one file, the template's author kept in the first. Return the values it had."""
    removed: list[str] = []
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.is_external or rel.reltype == RT.CORE_PROPERTIES or not rel.reltype.endswith("/core-properties"):
            continue
        package.rels.pop(rel_id)
        root = _parse(rel.target_part.blob)
        if root is not None:
            for element in root.iter():
                name = _CORE_ELEMENTS.get(etree.QName(element).localname) if isinstance(element.tag, str) else None
                if name is not None and (element.text or "").strip():
                    removed.append(name)
    return removed


def parse_xml(blob: bytes) -> Any:
    """A part's XML, read safely (no entities, no network); None when it is not XML."""
    return _parse(blob)


def serialized(root: Any) -> bytes:
    """A part's XML as bytes, with its declaration, as Word writes it."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _parse(blob: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError:
        return None


def _extended(part: Any) -> list[str]:
    root = _parse(part.blob)
    if root is None:
        return []
    removed = []
    for tag, name in _EXTENDED:
        for element in root.findall(f"{{{_EXTENDED_NS}}}{tag}"):
            if (element.text or "").strip():
                element.text = ""
                removed.append(name)
    if removed:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return removed


def _count_custom(blob: bytes) -> int:
    root = _parse(blob)
    return len(root) if root is not None else 0
