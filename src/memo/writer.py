"""Stage 5: document blocks → DOCX bytes, on the profile's reference Word document.

This is the only module that imports python-docx. Once per process and reference
document, python-docx opens the reference, checks it (styles, numbering, header and
footer placeholders), places the profile's logo, and the parts that never change
between memos (styles, settings, theme, fonts, relationships, media) are compressed
into a ready zip. Each memo then only serialises what is its own — the body, the
header and footer with their placeholders filled (even when Word has split one over
several runs), one numbering instance per list so every list restarts, the core
properties and memo's fingerprint — and appends those parts to a copy of that zip.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from memo.blocks import Block, Paragraph
from memo.errors import Location, ProfileError
from memo.fingerprint import BODY_PART, CUSTOM_PART, custom_properties_xml, digest
from memo.wordxml import TEXT_WIDTH, body_xml, list_ids

__all__ = ["PLACEHOLDERS", "CoreInfo", "Logo", "check_reference", "write_docx"]

#: Names that may stand as ``{{ namn }}`` in a reference document's header or footer.
PLACEHOLDERS = ("dokumenttyp", "diarienummer", "enhet", "handlaggare", "sammantradesdatum", "datum",
                "rubrik", "organisation", "adress", "epost", "webbplats", "telefon", "logo")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
_MARKER = "@@memo-body@@"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class CoreInfo:
    title: str
    author: str
    subject: str
    identifier: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str


@dataclass(frozen=True)
class _Prepared:
    """A reference document made ready for many memos."""

    static_zip: bytes
    document_head: str
    document_tail: str
    stories: tuple[tuple[str, Any], ...]  # header/footer zip member name → element with placeholders
    numbering_name: str  # zip member names of the parts each memo writes anew
    numbering: Any
    core_name: str
    core: Any
    style_ids: Mapping[str, str]
    bullet_abstract: str
    decimal_abstract: str
    text_width: int  # twentieths of a point between the margins

    def style_id(self, name: str) -> str:
        return self.style_ids[_key(name)]


def _key(name: str) -> str:
    return name.casefold().replace(" ", "")


def _prepare(path: Path, logo: Logo | None) -> _Prepared:
    stamp = (path.stat().st_mtime_ns, logo.path.stat().st_mtime_ns if logo else 0)
    return _prepare_cached(path, logo, stamp)


@lru_cache(maxsize=16)
def _prepare_cached(path: Path, logo: Logo | None, stamp: tuple[int, int]) -> _Prepared:
    where = Location(path)
    try:
        document = docx.Document(str(path))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ProfileError(f"Referensdokumentet går inte att öppna som Word-dokument: {exc}.", where) from None
    root = document.element
    if root.nsmap.get("w") != _W:
        raise ProfileError("Referensdokumentet använder ett ovanligt XML-prefix; spara om det i Word.", where)
    style_ids = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            style_ids[_key(name.get(qn("w:val")))] = style.get(qn("w:styleId"))
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        raise ProfileError("Referensdokumentet saknar numreringsdefinitioner (numbering.xml); "
                           "listor kan inte skrivas.", where) from None
    formats: dict[str, str] = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        fmt = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
        if fmt is not None:
            formats.setdefault(fmt.get(qn("w:val")), abstract.get(qn("w:abstractNumId")))
    if "bullet" not in formats or "decimal" not in formats:
        raise ProfileError("Referensdokumentet måste ha en punktlista och en numrerad lista i sina "
                           "numreringsdefinitioner.", where)
    text_width = _text_width(document)
    stories = []
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            part = rel.target_part
            _check_placeholders(part.element, where)
            _place_logo(part, logo)
            stories.append((part.partname.membername, part.element))
    # The body: everything before the final sectPr goes; the memo's blocks take its place.
    body = root.body
    section = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not section:
            body.remove(child)
    marker = parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>{_MARKER}</w:t></w:r></w:p>')
    if section is not None:
        section.addprevious(marker)
    else:
        body.append(marker)
    serialized = serialize_part_xml(root).decode("utf-8")
    head, _, tail = serialized.partition(f"<w:p><w:r><w:t>{_MARKER}</w:t></w:r></w:p>")
    if not tail:
        raise ProfileError("Referensdokumentets brödtext går inte att läsa.", where)
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rel.rId)
    package.relate_to(Part(PackURI("/" + CUSTOM_PART), CT.OFC_CUSTOM_PROPERTIES, b"", package), RT.CUSTOM_PROPERTIES)
    core = package.core_properties._element
    core_name = next(rel.target_part.partname.membername for rel in package.rels.values()
                     if rel.reltype == RT.CORE_PROPERTIES)
    numbering_name = document.part.numbering_part.partname.membername
    if document.part.partname.membername != BODY_PART:  # memo's fingerprint is taken of that part
        raise ProfileError(f"Referensdokumentets brödtext ligger inte i {BODY_PART}; spara om det i Word.", where)
    dynamic = {BODY_PART, numbering_name, core_name, CUSTOM_PART,
               *(name for name, _ in stories)}
    full = io.BytesIO()
    document.save(full)
    static = io.BytesIO()
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in dynamic:
                target.writestr(info.filename, source.read(info))
    return _Prepared(static.getvalue(), head, tail, tuple(stories), numbering_name, numbering, core_name, core,
                     style_ids, formats["bullet"], formats["decimal"], text_width)


def _text_width(document: Any) -> int:
    """The width between the margins of the reference's last section, in twentieths of a point."""
    section = document.sections[-1] if len(document.sections) else None
    if section is None or None in (section.page_width, section.left_margin, section.right_margin):
        return TEXT_WIDTH
    width = int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips
    return width if width > 1440 else TEXT_WIDTH


def _check_placeholders(element: Any, where: Location) -> None:
    for paragraph in element.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        for match in _PLACEHOLDER.finditer(text):
            if match.group(1) not in PLACEHOLDERS:
                raise ProfileError(
                    f"Platshållaren '{match.group(0)}' i referensdokumentets sidhuvud eller sidfot "
                    f"finns inte. Tillåtna: {', '.join(PLACEHOLDERS)}.", where)


def check_reference(path: Path, styles: Iterable[str]) -> None:
    """Raise :class:`ProfileError` unless the reference document has every named style."""
    _check_styles(_prepare(path, None), styles, path)


def _check_styles(prepared: _Prepared, styles: Iterable[str], path: Path) -> None:
    for style in styles:
        if _key(style) not in prepared.style_ids:
            raise ProfileError(f"Formatmallen '{style}' finns inte i referensdokumentet. Lägg till den i "
                               "Word (Formatmallar → Ny formatmall) eller ändra mallen som använder den.",
                               Location(path))


def _styles_used(blocks: Sequence[Block]) -> set[str]:
    styles = set()
    for block in blocks:
        if isinstance(block, Paragraph):
            styles.add(block.style)
        else:
            styles.update({"caption", "Table Grid"})
            styles.update(p.style for row in block.rows for cell in row for p in cell.paragraphs)
    return styles


def write_docx(blocks: Sequence[Block], reference_path: Path, placeholders: Mapping[str, str],
               core: CoreInfo, logo: Logo | None = None) -> bytes:
    """Write the memo and return the DOCX file's bytes."""
    prepared = _prepare(reference_path, logo)
    _check_styles(prepared, _styles_used(blocks), reference_path)
    numbering = copy.deepcopy(prepared.numbering)
    num_ids = _add_numbering(numbering, list_ids(blocks), prepared)
    document = (prepared.document_head + body_xml(blocks, prepared.style_id, num_ids, prepared.text_width)
                + prepared.document_tail).encode("utf-8")
    parts = {BODY_PART: document, prepared.numbering_name: serialize_part_xml(numbering)}
    for name, element in prepared.stories:
        story = copy.deepcopy(element)
        for paragraph in story.iter(qn("w:p")):
            _replace_in_paragraph(paragraph, placeholders)
        parts[name] = serialize_part_xml(story)
    parts[prepared.core_name] = _core_xml(prepared.core, core)
    parts[CUSTOM_PART] = custom_properties_xml(digest(document))
    out = io.BytesIO(prepared.static_zip)
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _core_xml(template: Any, info: CoreInfo) -> bytes:
    element = copy.deepcopy(template)
    properties = CoreProperties(element)
    properties.title = info.title
    properties.author = info.author
    properties.last_modified_by = info.author
    properties.subject = info.subject
    properties.identifier = info.identifier
    properties.language = "sv-SE"
    properties.revision = 1
    if info.date is not None:
        moment = dt.datetime.combine(info.date, dt.time(), tzinfo=dt.UTC)
        properties.created = moment
        properties.modified = moment
    return bytes(serialize_part_xml(element))


def _add_numbering(numbering: Any, lists: Sequence[tuple[int, bool, int]], prepared: _Prepared) -> dict[int, int]:
    existing = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    next_id = max(existing, default=0) + 1
    anchor = numbering.find(qn("w:numIdMacAtCleanup"))
    num_ids: dict[int, int] = {}
    for list_id, ordered, start in lists:
        abstract = prepared.decimal_abstract if ordered else prepared.bullet_abstract
        element = parse_xml(f'<w:num {nsdecls("w")} w:numId="{next_id}"><w:abstractNumId w:val="{abstract}"/>'
                            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>')
        if anchor is not None:
            anchor.addprevious(element)
        else:
            numbering.append(element)
        num_ids[list_id] = next_id
        next_id += 1
    return num_ids


def _replace_in_paragraph(paragraph: Any, values: Mapping[str, str]) -> bool:
    """Replace the placeholders named in ``values`` across the paragraph's runs.

    Return True if the paragraph held ``{{ logo }}`` (and ``logo`` was among ``values``).
    """
    texts = list(paragraph.iter(qn("w:t")))
    joined = "".join(t.text or "" for t in texts)
    if "{{" not in joined:
        return False
    has_logo = False
    for match in reversed(list(_PLACEHOLDER.finditer(joined))):
        name = match.group(1)
        if name not in values:
            continue
        bounds = _bounds(texts)
        has_logo = has_logo or name == "logo"
        value = values[name]
        start, end = match.span()
        first = next(i for i, (a, b) in enumerate(bounds) if a <= start < b)
        last = next(i for i, (a, b) in enumerate(bounds) if a < end <= b)
        head = (texts[first].text or "")[: start - bounds[first][0]]
        if first == last:
            texts[first].text = head + value + (texts[first].text or "")[end - bounds[first][0]:]
        else:
            texts[first].text = head + value
            for middle in range(first + 1, last):
                texts[middle].text = ""
            texts[last].text = (texts[last].text or "")[end - bounds[last][0]:]
    for t in texts:
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if t.text and "\n" in t.text:
            _split_lines(t)
    return has_logo


def _bounds(texts: list[Any]) -> list[tuple[int, int]]:
    bounds, position = [], 0
    for t in texts:
        bounds.append((position, position + len(t.text or "")))
        position += len(t.text or "")
    return bounds


def _split_lines(t: Any) -> None:
    """Turn newlines in a filled placeholder into line breaks (``w:br``) within the run."""
    lines = t.text.split("\n")
    t.text = lines[0]
    anchor = t
    for line in lines[1:]:
        br = parse_xml(f"<w:br {nsdecls('w')}/>")
        anchor.addnext(br)
        new_t = parse_xml(f'<w:t {nsdecls("w")} xml:space="preserve">{escape(line)}</w:t>')
        br.addnext(new_t)
        anchor = new_t


class _Parent:
    """The minimal parent python-docx needs to give a paragraph access to its part."""

    def __init__(self, part: Any) -> None:
        self.part = part


def _place_logo(part: Any, logo: Logo | None) -> None:
    """Put the logo where ``{{ logo }}`` stands, or drop that paragraph when there is no logo."""
    for paragraph in list(part.element.iter(qn("w:p"))):
        if not _replace_in_paragraph(paragraph, {"logo": ""}):
            continue
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip()
        if logo is None:
            parent = paragraph.getparent()
            if not text and parent is not None and len(parent) > 1:
                parent.remove(paragraph)
            continue
        shape = DocxParagraph(paragraph, _Parent(part)).add_run().add_picture(str(logo.path), height=Mm(12))
        inline = shape._inline
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, "0")
        inline.docPr.set("descr", logo.alt)
        inline.docPr.set("title", logo.alt)
