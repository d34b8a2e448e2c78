"""The font and size a memo's table text is printed in, read from the reference document, and its widths.

A table cell's paragraph is in the *Tabelltext* style inside a *Table Grid* table. Its font and size
come, as in Word, from the document defaults, then the table style, then the paragraph style (each
with the styles it is based on; a theme font, such as Calibri in ``minorHAnsi``, read from the theme);
the size is the larger of the paragraph's and the table style's, on the safe side. The fonts embedded in
the document are listed with it: they are measured before installed ones (:mod:`memo.fonts.cached`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from memo.fonts.widths import TableFont, family_key
from memo.profile.prepared import style_key

__all__ = ["TABLE_STYLE", "TEXT_STYLE", "TextFont", "table_font", "text_font"]

#: The styles of a memo's table and of the paragraphs in its cells (memo.renderer.markup writes them).
TABLE_STYLE = "Table Grid"
TEXT_STYLE = "Tabelltext"
#: What WordprocessingML prints when no style names a font or a size (ECMA-376 Part 1, 17.3.2.26 and 17.3.2.38).
_DEFAULT = ("Times New Roman", 20)
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_THEME_SLOTS = {"minor": f"{_A}minorFont/{_A}latin", "major": f"{_A}majorFont/{_A}latin"}


class TextFont(NamedTuple):
    """The families (the ``w:ascii`` and ``w:hAnsi`` fonts, once each), size in half-points, and boldness."""

    families: tuple[str, ...]
    size: int
    bold: bool


def table_font(document: Any) -> TableFont:
    """The font of a table's text in the reference ``document`` (a python-docx Document), with its embedded fonts."""
    font = text_font(document)
    return TableFont(font.families, font.size, font.bold, _embedded(document))


def text_font(document: Any, paragraph_style: str = TEXT_STYLE, table_style: str = TABLE_STYLE) -> TextFont:
    """The font of a paragraph in ``paragraph_style`` in a table of ``table_style``."""
    styles = document.styles.element
    by_name: dict[str, Any] = {}
    by_id: dict[str, Any] = {}
    default_paragraph = None
    for style in styles.findall(qn("w:style")):
        by_id.setdefault(style.get(qn("w:styleId")), style)
        name = style.find(qn("w:name"))
        if name is not None:
            by_name.setdefault(style_key(name.get(qn("w:val")) or ""), style)
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
            default_paragraph = style
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    table = _chain(by_name.get(style_key(table_style)), by_id)
    paragraph = _chain(by_name.get(style_key(paragraph_style), default_paragraph), by_id)
    layers = [defaults, *table, *paragraph]
    theme = _theme(document)
    families: tuple[str, ...] = ()
    for layer in layers:
        found = _families(layer, theme)
        families = found or families
    paragraph_size = _last([defaults, *paragraph], _size)
    table_size = _last(table, _size)
    size = max(paragraph_size or _DEFAULT[1], table_size or 0)
    bold = bool(_last(layers, _bold))
    return TextFont(families or (_DEFAULT[0],), size, bold)


def _chain(style: Any, by_id: dict[str, Any]) -> list[Any]:
    """The run properties of ``style`` and the styles it is based on, the base first."""
    out: list[Any] = []
    seen: set[int] = set()
    while style is not None and id(style) not in seen:
        seen.add(id(style))
        out.append(style.find(qn("w:rPr")))
        based = style.find(qn("w:basedOn"))
        style = by_id.get(based.get(qn("w:val"))) if based is not None else None
    return out[::-1]


def _last(layers: list[Any], read: Any) -> Any:
    value = None
    for layer in layers:
        found = read(layer) if layer is not None else None
        value = found if found is not None else value
    return value


def _families(rpr: Any, theme: dict[str, str]) -> tuple[str, ...]:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return ()
    found = []
    for script in ("ascii", "hAnsi"):
        themed = fonts.get(qn(f"w:{script}Theme")) or ""
        name = (theme.get(themed[:5]) if themed else None) or fonts.get(qn(f"w:{script}"))
        if name and name not in found:
            found.append(name)
    return tuple(found)


def _size(rpr: Any) -> int | None:
    size = rpr.find(qn("w:sz"))
    value = size.get(qn("w:val")) if size is not None else None
    return int(value) if value is not None and value.isdigit() and 2 <= int(value) <= 3276 else None


def _bold(rpr: Any) -> bool | None:
    bold = rpr.find(qn("w:b"))
    return None if bold is None else bold.get(qn("w:val"), "1") not in ("0", "false", "off")


def _theme(document: Any) -> dict[str, str]:
    """The theme's minor and major Latin fonts (``minorHAnsi`` and ``majorHAnsi`` name them)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.THEME and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                return {}
            found = {slot: root.find(f".//{path}") for slot, path in _THEME_SLOTS.items()}
            return {slot: element.get("typeface") for slot, element in found.items()
                    if element is not None and element.get("typeface")}
    return {}


def _embedded(document: Any) -> tuple[tuple[str, bool, str, str], ...]:
    """The fonts embedded in the document: family (case- and space-folded), bold, part name and w:fontKey."""
    out = []
    for rel in document.part.rels.values():
        if rel.reltype != RT.FONT_TABLE or rel.is_external:
            continue
        part = rel.target_part
        try:
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            break
        for font in root.findall(qn("w:font")):
            family = family_key(font.get(qn("w:name")) or "")
            for tag, bold in (("w:embedRegular", False), ("w:embedBold", True)):
                embed = font.find(qn(tag))
                target = part.rels.get(embed.get(qn("r:id"))) if embed is not None else None
                if target is not None and not target.is_external:
                    out.append((family, bold, target.target_part.partname.membername,
                                embed.get(qn("w:fontKey")) or ""))
    return tuple(out)
