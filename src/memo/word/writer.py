"""Stage 5b: document blocks → DOCX bytes, on a prepared reference document.

Each memo serialises only what is its own — the body, the header and footer with their
placeholders filled, one numbering instance per list so that every list restarts, the core
properties and memo's fingerprint — into the slots of a
:class:`memo.profile.prepared.PreparedReference`, and appends those parts to a copy of its ready
zip. Strings and :mod:`zipfile` only: no XML library and no python-docx, so a memo is
written in time linear in its length and the ``memo`` command starts without them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import NamedTuple

from memo.errors import Location, ProfileError
from memo.fonts.widths import FontWidths
from memo.profile.prepared import OPTIONAL, SLOT, PreparedReference
from memo.renderer.blocks import Block, Paragraph
from memo.word.fingerprint import BODY_PART, CUSTOM_PART, custom_properties_xml, digest
from memo.word.wordxml import body_xml, composed, list_ids

__all__ = ["CORE_TEXT_LIMIT", "CoreInfo", "write_docx"]

#: Word keeps at most this many characters (UTF-16 units) in a document property (title, subject …).
CORE_TEXT_LIMIT = 255


class CoreInfo(NamedTuple):
    title: str
    author: str
    subject: str
    identifier: str
    date: dt.date


#: The list definition for ``<ul tecken="streck">``, added to a memo that has such a list (its id in ``{}``).
_DASH_ABSTRACT = ('<w:abstractNum w:abstractNumId="{}"><w:multiLevelType w:val="hybridMultilevel"/>'
                  + "".join(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                            '<w:lvlText w:val="\u2013"/><w:lvlJc w:val="left"/>'
                            f'<w:pPr><w:ind w:left="{425 * (level + 1)}" w:hanging="425"/></w:pPr></w:lvl>'
                            for level in range(3))
                  + "</w:abstractNum>")


def _check_styles(reference: PreparedReference, styles: Iterable[str], path: Path) -> None:
    for style in styles:
        if not reference.has_style(style):
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


def write_docx(blocks: Sequence[Block], reference: PreparedReference, placeholders: Mapping[str, str],
               core: CoreInfo, source: Path, kept: Collection[str] = frozenset()) -> bytes:
    """Write the memo and return the DOCX file's bytes (``source``: the reference's path, for messages).

    A header or footer paragraph whose placeholders are all empty goes, label and all, unless one of them is
    among ``kept`` (the profile's ``tomma_falt_visas``: "Er beteckning" printed with nothing under it)."""
    _check_styles(reference, _styles_used(blocks), source)
    num_ids: dict[int, int] = {}
    nums: list[str] = []
    dashes = ""
    for info in list_ids(blocks):
        list_id, ordered, start = info.list_id, info.ordered, info.start
        num_id = reference.next_num_id + len(nums)
        abstract = reference.decimal_abstract if ordered else reference.bullet_abstract
        if info.dash:
            abstract = str(reference.next_abstract_id)
            dashes = _DASH_ABSTRACT.format(abstract)
        nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                    f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>')
        num_ids[list_id] = num_id
    document = (reference.document_head + body_xml(blocks, reference.style_id, num_ids, reference.text_width,
                                                       lambda: _table_font(reference))
                + reference.document_tail).encode("utf-8")
    parts = {
        BODY_PART: document,
        reference.numbering_name: (reference.numbering_head + dashes + reference.numbering_nums + "".join(nums)
                                   + reference.numbering_tail).encode("utf-8"),
    }
    for name, text in reference.stories:
        shown = OPTIONAL.sub(lambda match: match.group(2) if any(placeholders.get(n) or n in kept for n in
                                                                 match.group(1).split(",")) else "", text)
        parts[name] = SLOT.sub(lambda match: _story_value(placeholders, match.group(1)), shown).encode("utf-8")
    parts[reference.core_name] = _core_xml(reference.core, core)
    parts[CUSTOM_PART] = custom_properties_xml(digest(document))
    out = io.BytesIO(reference.static_zip)
    out.seek(0, io.SEEK_END)
    # Level 3, not zlib's default 6: a tenth larger, in half the time (a long memo's body is megabytes of XML).
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=3) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _table_font(reference: PreparedReference) -> FontWidths:
    """The widths of the reference's table font (imported here: a memo without a table never needs them)."""
    from memo.fonts.cached import font_widths

    return font_widths(reference.table_font, reference.static_zip)


def _story_value(placeholders: Mapping[str, str], name: str) -> str:
    """A header or footer placeholder's value as run text; a line break in it becomes ``w:br``."""
    value = placeholders.get(name)
    if value is None:
        return escape(f"{{{{ {name} }}}}", quote=False)
    return _xml_text(value).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


def _xml_text(value: str) -> str:
    """``value`` as XML character data, composed (NFC); a carriage return is kept as a reference (a reader
    would drop it)."""
    return escape(composed(value), quote=False).replace("\r", "&#13;")


def _within_limit(text: str) -> str:
    """``text`` within Word's limit for a document property, counted as Word does (UTF-16 units)."""
    if len(text.encode("utf-16-le")) // 2 <= CORE_TEXT_LIMIT:
        return text
    kept, units = [], 1  # one for the "…"
    for character in text:
        units += 2 if ord(character) > 0xFFFF else 1
        if units > CORE_TEXT_LIMIT:
            break
        kept.append(character)
    return "".join(kept) + "…"


def _core_xml(template: str, info: CoreInfo) -> bytes:
    moment = dt.datetime.combine(info.date, dt.time(), tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    values = {"title": info.title, "author": info.author, "subject": info.subject, "identifier": info.identifier}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "created":
            return moment
        return _xml_text(_within_limit(values[name]))

    return SLOT.sub(fill, template).encode("utf-8")
