"""Content controls bound to custom XML, and the custom XML parts themselves.

A template from a document management system binds controls in its header to data kept in
the package (``customXml/item1.xml``: the case's Dnr, date, handläggare). Word shows the
value it last read, so every memo would show the template's own Dnr. A bound control whose
tag, title or binding says what it holds becomes memo's placeholder (``{{ diarienummer }}``);
any other keeps its text as plain text. The custom XML parts that hold data go too: they hold
the template's data, and a memo needs none of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from memo.profile.headerfields import labels, names
from memo.word.clean.revisions import unwrap

__all__ = ["Control", "remove_custom_xml", "resolve_bound_controls"]

_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_BINDINGS = (qn("w:dataBinding"), f"{{{_W15}}}dataBinding")
#: Single words that name a person's or the organisation's detail alike: not enough to tell a control's meaning.
_AMBIGUOUS = {"namn", "titel", "telefon", "e-post", "till"}
#: What document management systems and Word's own properties call the values memo fills in.
_SYSTEM_NAMES = {
    "dnr": "diarienummer", "diarienr": "diarienummer", "arendenummer": "diarienummer",
    "ärendenummer": "diarienummer", "ärendenr": "diarienummer", "casenumber": "diarienummer",
    "caseid": "diarienummer", "registrationnumber": "diarienummer", "date": "datum", "documentdate": "datum",
    "dokumentdatum": "datum", "creator": "handlaggare", "author": "handlaggare", "title": "rubrik",
}


def _fold(text: str) -> str:
    return "".join(character for character in text.casefold() if character.isalnum())


def _meanings() -> Mapping[str, str]:
    table = {_fold(label): name for label, name in labels().items() if label not in _AMBIGUOUS}
    table.update({_fold(name): name for name in names()})
    table.update(_SYSTEM_NAMES)
    return table


_MEANINGS = _meanings()


class Control(NamedTuple):
    """A bound content control resolved: what it was called, the text it showed, and the placeholder it became."""

    label: str
    shown: str
    placeholder: str | None


def _value(properties: Any, tag: str) -> str:
    found = properties.find(qn(tag))
    return (found.get(qn("w:val")) or "") if found is not None else ""


def _meaning(properties: Any, binding: Any) -> str | None:
    xpath = binding.get(qn("w:xpath")) or binding.get(f"{{{_W15}}}xpath") or ""
    last = xpath.rstrip("/").rsplit("/", 1)[-1].split("[", 1)[0].rsplit(":", 1)[-1]
    for word in (_value(properties, "w:tag"), _value(properties, "w:alias"), last):
        name = _MEANINGS.get(_fold(word))
        if name is not None:
            return name
    return "datum" if properties.find(qn("w:date")) is not None else None


def _binding(properties: Any) -> Any:
    return next((b for tag in _BINDINGS for b in properties.findall(tag)), None)


def resolve_bound_controls(root: Any) -> list[Control]:
    """Make each content control under ``root`` that is bound to data a placeholder or plain text."""
    resolved: list[Control] = []
    for control in list(root.iter(qn("w:sdt"))):
        properties = control.find(qn("w:sdtPr"))
        binding = _binding(properties) if properties is not None else None
        if binding is None or control.getparent() is None:
            continue
        content = control.find(qn("w:sdtContent"))
        texts = list(content.iter(qn("w:t"))) if content is not None else []
        shown = "".join(t.text or "" for t in texts).strip()
        name = _meaning(properties, binding)
        label = _value(properties, "w:alias") or _value(properties, "w:tag") or shown
        if name is not None and content is not None:
            _put_placeholder(content, texts, "{{ " + name + " }}")
        resolved.append(Control(label, shown, name))
        for child in [c for c in control if c.tag != qn("w:sdtContent")]:  # its properties, bindings and all
            control.remove(child)
        if content is not None:
            unwrap(content)
        unwrap(control)
    return resolved


def _put_placeholder(content: Any, texts: list[Any], placeholder: str) -> None:
    if not texts:
        holder = next(content.iter(qn("w:p")), content)
        run = etree.SubElement(holder, qn("w:r"))
        texts = [etree.SubElement(run, qn("w:t"))]
    texts[0].text = placeholder
    for text in texts[1:]:
        text.text = ""


def _holds_data(blob: bytes) -> bool:
    """Whether a custom XML part holds anything: an element or text under its root (an empty list of sources,
    as in Word's own blank document, holds nothing)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(blob, parser)
    except etree.XMLSyntaxError:
        return True
    return len(root) > 0 or bool((root.text or "").strip())


def remove_custom_xml(document: Any) -> int:
    """Remove the document's custom XML parts that hold data; return how many."""
    removed = 0
    part = document.part
    for owner in (part, part.package):
        for rel_id, rel in list(owner.rels.items()):
            if not rel.is_external and rel.reltype.endswith("/customXml") and _holds_data(rel.target_part.blob):
                owner.rels.pop(rel_id)
                removed += 1
    return removed
