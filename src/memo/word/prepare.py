"""python-docx makes a reference Word document ready for many memos (see :mod:`memo.profile.reference`).

This is the only module that imports python-docx, and memo imports it only when a
reference document is not yet in the cache. It opens the reference, takes out what must never
reach a memo (:mod:`memo.word.clean`: comments, tracked changes, bound content controls …), checks it
(numbering, header and footer placeholders, the main namespace prefix), places the
profile's logo, compresses the parts that never change between memos (styles, settings,
theme, fonts, relationships, media) into a ready zip, and serialises the parts each memo
writes anew with slots where the memo's values go — placeholders that Word has split over
several runs included.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from memo.case.sections import OWN_NAME
from memo.errors import Location, ProfileError
from memo.profile.prepared import (
    PLACEHOLDERS,
    SLOT,
    SLOT_CHARACTERS,
    Logo,
    PreparedReference,
    optional_marks,
    slot,
    style_key,
)
from memo.word.clean import clean
from memo.word.fingerprint import BODY_PART, CUSTOM_PART
from memo.word.picture import readable
from memo.word.tablefont import table_font
from memo.word.wordxml import TEXT_WIDTH

__all__ = ["cells_by_column", "prepare_with_docx", "replace_span"]

_PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
_MARKER = "@@memo-body@@"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_UNUSUAL_PREFIX = "använder ett ovanligt XML-prefix; spara om det i Word."


def prepare_with_docx(path: Path, reference: bytes, logo: Logo | None) -> PreparedReference:
    """Open, check and prepare the reference document ``reference`` (read from ``path``)."""
    where = Location(path)
    try:
        document = docx.Document(io.BytesIO(reference))
    except (OSError, ValueError, KeyError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise ProfileError(f"Referensdokumentet går inte att öppna som Word-dokument (trasig XML eller en del som "
                           f"saknas: {exc}).", where) from None
    root = document.element
    if root.nsmap.get("w") != _W:
        raise ProfileError(f"Referensdokumentet {_UNUSUAL_PREFIX}", where)
    _refuse_slot_characters(document, where)
    cleaned = clean(document).done  # comments, tracked changes, bound controls …: never in a memo, whatever the profile
    style_ids = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            style_ids[style_key(name.get(qn("w:val")))] = style.get(qn("w:styleId"))
    try:
        numbering_part = document.part.numbering_part
    except NotImplementedError:
        raise ProfileError("Referensdokumentet saknar numreringsdefinitioner (numbering.xml); "
                           "listor kan inte skrivas.", where) from None
    numbering = numbering_part.element
    formats: dict[str, str] = {}
    # The list definitions the List Bullet and List Number styles use, where they name one (Word's own
    # templates hold many, the first often indented for another purpose); else the first of each kind.
    for style_name in ("List Bullet", "List Number"):
        abstract = _style_list(document, numbering, style_name)
        fmt = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}") if abstract is not None else None
        if abstract is not None and fmt is not None:
            formats.setdefault(fmt.get(qn("w:val")), abstract.get(qn("w:abstractNumId")))
    for abstract in numbering.findall(qn("w:abstractNum")):
        fmt = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
        if fmt is not None:
            formats.setdefault(fmt.get(qn("w:val")), abstract.get(qn("w:abstractNumId")))
    if "bullet" not in formats or "decimal" not in formats:
        raise ProfileError("Referensdokumentet måste ha en punktlista och en numrerad lista i sina "
                           "numreringsdefinitioner.", where)
    if numbering.nsmap.get("w") != _W:
        raise ProfileError(f"Referensdokumentets numreringsdefinitioner {_UNUSUAL_PREFIX}", where)
    existing = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    # Where the abstractNum elements end (a list definition memo adds goes there), then where the nums end.
    abstracts_end = parse_xml(f'<w:num {nsdecls("w")} w:numId="{_MARKER}a"/>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstracts_end)
    marker = parse_xml(f'<w:num {nsdecls("w")} w:numId="{_MARKER}"/>')
    anchor = numbering.find(qn("w:numIdMacAtCleanup"))
    if anchor is not None:
        anchor.addprevious(marker)
    else:
        numbering.append(marker)
    numbering_head, _, numbering_tail = serialize_part_xml(numbering).decode("utf-8").partition(
        f'<w:num w:numId="{_MARKER}"/>')
    numbering_head, _, numbering_nums = numbering_head.partition(f'<w:num w:numId="{_MARKER}a"/>')
    if first_num is None:  # no nums of its own: the abstracts end where the memo's nums begin
        numbering_nums = ""
    if not numbering_tail:
        raise ProfileError("Referensdokumentets numreringsdefinitioner går inte att läsa.", where)

    stories = []
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            part = rel.target_part
            if part.element.nsmap.get("w") != _W:
                raise ProfileError(f"Referensdokumentets sidhuvud eller sidfot {_UNUSUAL_PREFIX}", where)
            found = _check_placeholders(part.element, where)
            _place_logo(part, logo)
            # A name memo does not have may be the profile's own field: the profile checks it when it loads.
            slots = {name: slot(name) for name in (*PLACEHOLDERS, *found) if name != "logo"}
            for paragraph in part.element.iter(qn("w:p")):
                _replace_in_paragraph(paragraph, slots)
            _mark_optional(part.element)
            stories.append((part.partname.membername, serialize_part_xml(part.element).decode("utf-8")))

    # The body: everything before the final sectPr goes; the memo's blocks take its place.
    body = root.body
    section = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not section:
            body.remove(child)
    body_marker = parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>{_MARKER}</w:t></w:r></w:p>')
    if section is not None:
        section.addprevious(body_marker)
    else:
        body.append(body_marker)
    head, _, tail = serialize_part_xml(root).decode("utf-8").partition(f"<w:p><w:r><w:t>{_MARKER}</w:t></w:r></w:p>")
    if not tail:
        raise ProfileError("Referensdokumentets brödtext går inte att läsa.", where)
    if document.part.partname.membername != BODY_PART:  # memo's fingerprint is taken of that part
        raise ProfileError(f"Referensdokumentets brödtext ligger inte i {BODY_PART}; spara om det i Word.", where)

    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rel.rId)
    package.relate_to(Part(PackURI("/" + CUSTOM_PART), CT.OFC_CUSTOM_PROPERTIES, b"", package), RT.CUSTOM_PROPERTIES)
    core = _core_template(package.core_properties)
    core_name = next(rel.target_part.partname.membername for rel in package.rels.values()
                     if rel.reltype == RT.CORE_PROPERTIES)
    core_xml = serialize_part_xml(core).decode("utf-8")

    dynamic = {BODY_PART, numbering_part.partname.membername, core_name, CUSTOM_PART, *(name for name, _ in stories)}
    full = io.BytesIO()
    document.save(full)
    static = io.BytesIO()
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in dynamic:
                target.writestr(info.filename, source.read(info))
    return PreparedReference(
        static_zip=static.getvalue(), document_head=head, document_tail=tail, stories=tuple(stories),
        numbering_name=numbering_part.partname.membername, numbering_head=numbering_head,
        numbering_nums=numbering_nums, numbering_tail=numbering_tail, next_num_id=max(existing, default=0) + 1,
        next_abstract_id=max(abstract_ids, default=-1) + 1, core_name=core_name,
        core=core_xml, style_ids=style_ids, bullet_abstract=formats["bullet"], decimal_abstract=formats["decimal"],
        text_width=_text_width(document), table_font=table_font(document), cleaned=tuple(cleaned))


def _style_list(document: Any, numbering: Any, style_name: str) -> Any:
    """The abstractNum a paragraph style's numbering (w:numPr/w:numId) points to, or None."""
    key = style_key(style_name)
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is None or style_key(name.get(qn("w:val"))) != key:
            continue
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None:
            return None
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == num_id.get(qn("w:val")):
                abstract_id = num.find(qn("w:abstractNumId"))
                wanted = abstract_id.get(qn("w:val")) if abstract_id is not None else None
                return next((a for a in numbering.findall(qn("w:abstractNum"))
                             if a.get(qn("w:abstractNumId")) == wanted), None)
    return None


def _slots_in(element: Any) -> list[str]:
    return SLOT.findall("".join(t.text or "" for t in element.iter(qn("w:t"))))


def _wrap(element: Any, names: list[str], whole: bool) -> None:
    """Mark ``element`` (a paragraph, or with ``whole=False`` its content) as shown only when ``names`` have a value."""
    opening, closing = optional_marks(names)
    if whole:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + opening
        else:
            parent = element.getparent()
            _set_text(parent, (_ElementText.__get__(parent) or "") + opening)
        element.tail = closing + (element.tail or "")
        return
    content = [child for child in element if child.tag != qn("w:pPr")]
    if not content:
        return
    properties = element.find(qn("w:pPr"))
    if properties is not None:
        properties.tail = (properties.tail or "") + opening
    else:
        _set_text(element, (_ElementText.__get__(element) or "") + opening)
    content[-1].tail = closing + (content[-1].tail or "")


# python-docx's element classes give ``text`` a meaning of their own (a paragraph's text); the
# marks go into lxml's own text slot, before the first child.
_ElementText = etree._Element.text


def _set_text(element: Any, text: str) -> None:
    _ElementText.__set__(element, text)


def _mark_optional(story: Any) -> None:
    """Let a header or footer paragraph go when every placeholder in it is empty, and the label above it.

    A paragraph with a field (the page number), a picture or a text box stays. The last
    paragraph of a table cell or of the story keeps its place and loses its text (both must
    end with a paragraph); a label cell in the row above a cell that holds only empty
    placeholders loses its text too.
    """
    for paragraph in list(story.iter(qn("w:p"))):
        names = _slots_in(paragraph)
        if not names or any(True for tag in ("w:fldChar", "w:fldSimple", "w:drawing", "w:pict", "w:p")
                            for _ in paragraph.iter(qn(tag)) if _ is not paragraph):
            continue
        last = paragraph.getparent().findall(qn("w:p"))[-1]  # a cell and a story end with a paragraph
        _wrap(paragraph, names, whole=paragraph is not last)
    for table in story.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        for above, row in itertools.pairwise(rows):
            labels = cells_by_column(above)
            for column, cell in cells_by_column(row).items():
                label = labels.get(column)
                names = _slots_in(cell)
                text = "".join(t.text or "" for t in cell.iter(qn("w:t")))
                if label is None or not names or SLOT.sub("", text).strip(" ,.:;–-/") or not _is_label(label):
                    continue
                for paragraph in label.findall(qn("w:p")):
                    _wrap(paragraph, names, whole=False)


def cells_by_column(row: Any) -> dict[int, Any]:
    """A table row's cells by the grid column each starts in (a cell may span several, w:gridSpan)."""
    cells, column = {}, 0
    for cell in row.findall(qn("w:tc")):
        cells[column] = cell
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        column += int(span.get(qn("w:val"))) if span is not None and (span.get(qn("w:val")) or "").isdigit() else 1
    return cells


def _is_label(cell: Any) -> bool:
    """A cell that holds a short label only: no placeholder, picture, field or text box, and a few words."""
    text = "".join(t.text or "" for t in cell.iter(qn("w:t")))
    return not _slots_in(cell) and len(text) <= 40 and not any(
        True for tag in ("w:drawing", "w:pict", "w:object", "w:fldChar", "w:fldSimple", "w:tbl")
        for _ in cell.iter(qn(tag)))


def _refuse_slot_characters(document: Any, where: Location) -> None:
    """Refuse a reference whose parts already hold the characters memo marks its slots with."""
    package = document.part.package
    elements = [document.element, package.core_properties._element]
    elements += [rel.target_part.element for rel in document.part.rels.values()
                 if rel.reltype in (RT.HEADER, RT.FOOTER, RT.NUMBERING)]
    for element in elements:
        if any(character in serialize_part_xml(element).decode("utf-8") for character in SLOT_CHARACTERS):
            raise ProfileError("Referensdokumentet innehåller något av tecknen U+FDD0–U+FDD4 (i text, egenskaper "
                               "eller sidhuvud/sidfot), som memo använder internt; ta bort dem.", where)


def _core_template(properties: Any) -> Any:
    """The core properties with memo's slots in place of what each memo sets."""
    properties.title = slot("title")
    properties.author = slot("author")
    properties.last_modified_by = slot("author")
    properties.subject = slot("subject")
    properties.identifier = slot("identifier")
    properties.language = "sv-SE"
    properties.revision = 1
    placeholder = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    properties.created = placeholder
    properties.modified = placeholder
    element = properties._element
    for name in ("dcterms:created", "dcterms:modified"):
        element.find(qn(name)).text = slot("created")
    return element


def _text_width(document: Any) -> int:
    """The width between the margins of the reference's last section, in twentieths of a point."""
    section = document.sections[-1] if len(document.sections) else None
    if section is None or None in (section.page_width, section.left_margin, section.right_margin):
        return TEXT_WIDTH
    width = int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips
    return width if width > 1440 else TEXT_WIDTH


def _check_placeholders(element: Any, where: Location) -> list[str]:
    """The names of the placeholders in a header or footer; one that cannot be a name is refused here."""
    found = []
    for paragraph in element.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        for match in _PLACEHOLDER.finditer(text):
            if match.group(1) not in PLACEHOLDERS and not OWN_NAME.fullmatch(match.group(1)):
                raise ProfileError(
                    f"Platshållaren '{match.group(0)}' i referensdokumentets sidhuvud eller sidfot "
                    f"finns inte. Tillåtna: {', '.join(PLACEHOLDERS)}.", where)
            found.append(match.group(1))
    return found


def _replace_in_paragraph(paragraph: Any, values: Mapping[str, str]) -> bool:
    """Replace the placeholders named in ``values`` across the paragraph's runs (Word may split one).

    The value goes into the run where the placeholder starts. Return True if the
    paragraph held ``{{ logo }}`` (and ``logo`` was among ``values``).
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
        has_logo = has_logo or name == "logo"
        replace_span(texts, match.start(), match.end(), values[name])
    return has_logo


def replace_span(texts: list[Any], start: int, end: int, value: str) -> None:
    """Put ``value`` in place of characters ``start:end`` of the joined ``w:t`` elements of one paragraph.

    The value goes into the run where the span starts (Word may have split the text over several).
    """
    bounds = _bounds(texts)
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


def _bounds(texts: list[Any]) -> list[tuple[int, int]]:
    bounds, position = [], 0
    for t in texts:
        bounds.append((position, position + len(t.text or "")))
        position += len(t.text or "")
    return bounds


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
            if not text and parent is not None and len(parent.findall(qn("w:p"))) > 1:
                parent.remove(paragraph)
            continue
        picture = logo.path.read_bytes()
        shown = readable(picture)  # a JPEG without a JFIF header gets one; anything else goes as the file is
        source = str(logo.path) if shown is picture else io.BytesIO(shown)
        shape = Paragraph(paragraph, _Parent(part)).add_run().add_picture(source, height=Mm(12))
        inline = shape._inline
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, "0")
        alt = "".join(character for character in logo.alt if character not in SLOT_CHARACTERS)
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", alt)
