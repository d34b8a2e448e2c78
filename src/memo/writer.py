"""Stage 5: document blocks → DOCX bytes, on the profile's reference Word document.

This is the only module that imports python-docx. The reference document gives the
styles, page, header and footer; the writer fills the header/footer placeholders
(``{{ diarienummer }}`` …, even when Word has split one over several runs), replaces the
body with the memo's blocks, adds one numbering instance per list so every list
restarts, and sets the core properties.

The body is built as one XML string and parsed once, which keeps long memos linear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from memo.blocks import Block, Paragraph, Run, Table
from memo.errors import Location, ProfileError

__all__ = ["FINGERPRINT_PROPERTY", "PLACEHOLDERS", "CoreInfo", "Logo", "check_reference", "write_docx"]

#: The custom document property where memo records a fingerprint of the body it wrote,
#: ``sha256:<hex>`` of the ``word/document.xml`` part. A later run compares it with the
#: file's current body to tell whether someone edited the memo by hand.
FINGERPRINT_PROPERTY = "memo-fingeravtryck"

#: Names that may stand as ``{{ namn }}`` in a reference document's header or footer.
PLACEHOLDERS = ("dokumenttyp", "diarienummer", "enhet", "handlaggare", "sammantradesdatum", "datum",
                "rubrik", "organisation", "adress", "epost", "webbplats", "telefon", "logo")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
_TEXT_WIDTH = 8504
_KEEP_TOGETHER_ROWS = 20


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
class _Reference:
    data: bytes
    style_ids: Mapping[str, str]
    bullet_abstract: str
    decimal_abstract: str


def _key(name: str) -> str:
    return name.casefold().replace(" ", "")


@lru_cache(maxsize=16)
def _load_reference(path: Path, mtime_ns: int) -> _Reference:
    try:
        data = path.read_bytes()
        document = docx.Document(io.BytesIO(data))
    except (OSError, ValueError, KeyError) as exc:
        raise ProfileError(f"Referensdokumentet går inte att öppna som Word-dokument: {exc}.",
                           Location(path)) from None
    style_ids = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            style_ids[_key(name.get(qn("w:val")))] = style.get(qn("w:styleId"))
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        raise ProfileError("Referensdokumentet saknar numreringsdefinitioner (numbering.xml); "
                           "listor kan inte skrivas.", Location(path)) from None
    formats: dict[str, str] = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        fmt = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
        if fmt is not None:
            formats.setdefault(fmt.get(qn("w:val")), abstract.get(qn("w:abstractNumId")))
    if "bullet" not in formats or "decimal" not in formats:
        raise ProfileError("Referensdokumentet måste ha en punktlista och en numrerad lista i sina "
                           "numreringsdefinitioner.", Location(path))
    for part in _header_footer_elements(document):
        for paragraph in part.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            for match in _PLACEHOLDER.finditer(text):
                if match.group(1) not in PLACEHOLDERS:
                    raise ProfileError(
                        f"Platshållaren '{match.group(0)}' i referensdokumentets sidhuvud eller sidfot "
                        f"finns inte. Tillåtna: {', '.join(PLACEHOLDERS)}.", Location(path))
    return _Reference(data, style_ids, formats["bullet"], formats["decimal"])


def check_reference(path: Path, styles: Iterable[str]) -> None:
    """Raise :class:`ProfileError` unless the reference document has every named style."""
    reference = _load_reference(path, path.stat().st_mtime_ns)
    for style in styles:
        if _key(style) not in reference.style_ids:
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


def _header_footer_elements(document: Any) -> list[Any]:
    return [rel.target_part.element for rel in document.part.rels.values()
            if rel.reltype in (RT.HEADER, RT.FOOTER)]


def write_docx(blocks: Sequence[Block], reference_path: Path, placeholders: Mapping[str, str],
               core: CoreInfo, logo: Logo | None = None) -> bytes:
    """Write the memo and return the DOCX file's bytes."""
    reference = _load_reference(reference_path, reference_path.stat().st_mtime_ns)
    check_reference(reference_path, _styles_used(blocks))
    document = docx.Document(io.BytesIO(reference.data))
    list_nums = _add_numbering(document, blocks, reference)
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not section:
            body.remove(child)
    xml = "".join(_block_xml(b, reference, list_nums) for b in blocks)
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")
    for child in list(fragment):
        if section is not None:
            section.addprevious(child)
        else:
            body.append(child)
    _fill_placeholders(document, placeholders, logo)
    properties = document.core_properties
    properties.title = core.title
    properties.author = core.author
    properties.last_modified_by = core.author
    properties.subject = core.subject
    properties.identifier = core.identifier
    properties.language = "sv-SE"
    if core.date is not None:
        moment = dt.datetime.combine(core.date, dt.time(), tzinfo=dt.UTC)
        properties.created = moment
        properties.modified = moment
    properties.revision = 1
    _add_fingerprint(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_numbering(document: Any, blocks: Sequence[Block], reference: _Reference) -> dict[int, int]:
    numbering = document.part.numbering_part.element
    existing = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    next_id = max(existing, default=0) + 1
    nums: dict[int, int] = {}
    xml = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.list is not None and block.list.list_id not in nums:
            nums[block.list.list_id] = next_id
            abstract = reference.decimal_abstract if block.list.ordered else reference.bullet_abstract
            xml.append(f'<w:num {nsdecls("w")} w:numId="{next_id}"><w:abstractNumId w:val="{abstract}"/>'
                       '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
            next_id += 1
    anchor = numbering.find(qn("w:numIdMacAtCleanup"))
    for item in xml:
        element = parse_xml(item)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            numbering.append(element)
    return nums


def _style_id(reference: _Reference, name: str) -> str:
    return reference.style_ids[_key(name)]


def _run_xml(run: Run) -> str:
    if run.kind == "tab":
        return "<w:r><w:tab/></w:r>"
    if run.kind == "break":
        return "<w:r><w:br/></w:r>"
    props = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = []
    for i, line in enumerate(run.text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if part:
                pieces.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def _paragraph_xml(paragraph: Paragraph, reference: _Reference, list_nums: Mapping[int, int],
                   keep_next: bool = False) -> str:
    ppr = f'<w:pStyle w:val="{_style_id(reference, paragraph.style)}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if paragraph.list is not None:
        ppr += (f'<w:numPr><w:ilvl w:val="{min(paragraph.list.level, 8)}"/>'
                f'<w:numId w:val="{list_nums[paragraph.list.list_id]}"/></w:numPr>')
    if paragraph.align is not None:
        ppr += f'<w:jc w:val="{ {"right": "right", "left": "left", "center": "center"}[paragraph.align]}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(_run_xml(r) for r in paragraph.runs)}</w:p>"


def _table_xml(table: Table, reference: _Reference, list_nums: Mapping[int, int]) -> str:
    columns = max((len(row) for row in table.rows), default=1)
    first = max(_TEXT_WIDTH - (columns - 1) * 1300, 2800) if columns > 1 else _TEXT_WIDTH
    other = (_TEXT_WIDTH - first) // (columns - 1) if columns > 1 else 0
    widths = [first] + [other] * (columns - 1)
    caption = Paragraph("caption", (Run(table.caption),))
    out = [_paragraph_xml(caption, reference, list_nums)]
    style = reference.style_ids.get(_key("Table Grid"))
    out.append("<w:tbl><w:tblPr>")
    if style:
        out.append(f'<w:tblStyle w:val="{style}"/>')
    out.append(f'<w:tblW w:w="{_TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/>'
               f"<w:tblCaption w:val={quoteattr(table.caption)}/>"
               f"<w:tblDescription w:val={quoteattr(table.caption)}/></w:tblPr><w:tblGrid>")
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")
    # A short table is kept on one page: every row but the last keeps with the next.
    keep_together = len(table.rows) <= _KEEP_TOGETHER_ROWS
    for index, row in enumerate(table.rows):
        keep = keep_together and index < len(table.rows) - 1
        out.append("<w:tr>")
        if index < table.header_rows:
            out.append("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for column, cell in enumerate(row):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[min(column, columns - 1)]}" w:type="dxa"/></w:tcPr>')
            out.extend(_paragraph_xml(p, reference, list_nums, keep) for p in cell.paragraphs)
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _block_xml(block: Block, reference: _Reference, list_nums: Mapping[int, int]) -> str:
    if isinstance(block, Table):
        return _table_xml(block, reference, list_nums)
    return _paragraph_xml(block, reference, list_nums)


class _Parent:
    """The minimal parent python-docx needs to give a paragraph access to its part."""

    def __init__(self, part: Any) -> None:
        self.part = part


def _fill_placeholders(document: Any, values: Mapping[str, str], logo: Logo | None) -> None:
    for rel in list(document.part.rels.values()):
        if rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        part = rel.target_part
        for paragraph in list(part.element.iter(qn("w:p"))):
            if _replace_in_paragraph(paragraph, values):
                _place_logo(paragraph, part, logo)


def _replace_in_paragraph(paragraph: Any, values: Mapping[str, str]) -> bool:
    """Replace placeholders across the paragraph's runs. Return True if it held ``{{ logo }}``."""
    texts = list(paragraph.iter(qn("w:t")))
    joined = "".join(t.text or "" for t in texts)
    if "{{" not in joined:
        return False
    has_logo = False
    matches = list(_PLACEHOLDER.finditer(joined))
    # Map character offsets to (text element, offset within it).
    bounds = []
    position = 0
    for t in texts:
        bounds.append((position, position + len(t.text or "")))
        position += len(t.text or "")
    for match in reversed(matches):
        name = match.group(1)
        has_logo = has_logo or name == "logo"
        value = "" if name == "logo" else values.get(name, "")
        start, end = match.span()
        first = next(i for i, (a, b) in enumerate(bounds) if a <= start < b)
        last = next(i for i, (a, b) in enumerate(bounds) if a < end <= b)
        a0 = bounds[first][0]
        head = (texts[first].text or "")[: start - a0]
        if first == last:
            tail = (texts[first].text or "")[end - a0:]
            texts[first].text = head + value + tail
        else:
            texts[first].text = head + value
            for middle in range(first + 1, last):
                texts[middle].text = ""
            al = bounds[last][0]
            texts[last].text = (texts[last].text or "")[end - al:]
        bounds = _rebound(texts)
    for t in texts:
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if t.text and "\n" in t.text:
            _split_lines(t)
    return has_logo


def _rebound(texts: list[Any]) -> list[tuple[int, int]]:
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


def _place_logo(paragraph: Any, part: Any, logo: Logo | None) -> None:
    text = "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip()
    if logo is None:
        parent = paragraph.getparent()
        if not text and parent is not None and len(parent.findall(qn("w:p"))) + len(parent.findall(qn("w:tbl"))) > 1:
            parent.remove(paragraph)
        return
    shape = DocxParagraph(paragraph, _Parent(part)).add_run().add_picture(str(logo.path), height=Mm(12))
    inline = shape._inline
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")
    doc_pr = inline.docPr
    doc_pr.set("descr", logo.alt)
    doc_pr.set("title", logo.alt)


def _add_fingerprint(document: Any) -> None:
    body = serialize_part_xml(document.element)
    digest = "sha256:" + hashlib.sha256(body).hexdigest()
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{FINGERPRINT_PROPERTY}"><vt:lpwstr>{digest}</vt:lpwstr></property></Properties>'
    )
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rel.rId)
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
