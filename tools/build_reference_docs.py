#!/usr/bin/env python3
"""Build the profiles' reference Word documents (``referens.docx``) from scratch.

Usage::

    python tools/build_reference_docs.py

Writes ``src/memo/profiles/<profile>/referens.docx`` for every profile below.
Each document is a minimal, hand-written WordprocessingML package: only the
styles memo uses, two list definitions, a header and a footer carrying
``{{ name }}`` placeholders, and a body that holds nothing but the final
``w:sectPr``.  The output is deterministic (fixed part order, fixed zip
timestamps and attributes), so running the script twice gives byte-identical
files.

The memo writer opens a reference document with python-docx, keeps the
``w:sectPr``, appends the memo's paragraphs using these styles, fills the
placeholders in header and footer and adds ``w:num`` instances for lists.
Style names (``w:name``) are what the writer looks up, so do not rename them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from memo.profile.headerfields import names

REPO_ROOT = Path(__file__).resolve().parent.parent
PROFILES_DIR = REPO_ROOT / "src" / "memo" / "profiles"

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFDOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# --- page geometry (twips) ------------------------------------------------
PAGE_W, PAGE_H = 11906, 16838  # A4 portrait
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2268, 1701, 1701, 1701
HEADER_DIST, FOOTER_DIST = 709, 567
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 8504

SERIF = "Times New Roman"
SANS = "Arial"

# The (only) placeholder names that header and footer may carry: memo's own table.
PLACEHOLDERS = frozenset(names())


def ph(name: str) -> str:
    """A placeholder exactly as the writer expects it: ``{{ name }}``."""
    assert name in PLACEHOLDERS, name
    return "{{ " + name + " }}"


# ==========================================================================
# Small WordprocessingML builders (plain strings; order follows the schema)
# ==========================================================================


def fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:cs="{name}"/>'


def run(text: str, rpr: str = "") -> str:
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:r>{rpr_xml}<w:t{space}>{escape(text)}</w:t></w:r>"


def tab_run(rpr: str = "") -> str:
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f"<w:r>{rpr_xml}<w:tab/></w:r>"


def field(instr: str, shown: str, rpr: str = "") -> str:
    """A complex field (begin / instrText / separate / cached result / end)."""
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (
        f'<w:r>{rpr_xml}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr_xml}<w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        f'<w:r>{rpr_xml}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr_xml}<w:t>{escape(shown)}</w:t></w:r>"
        f'<w:r>{rpr_xml}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def para(style: str, content: str = "", ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{content}</w:p>'


def cell(width: int, paragraphs: Iterable[str], tcpr: str = "") -> str:
    """A table cell; ``tcpr`` is extra cell properties after ``w:tcW``."""
    body = "".join(paragraphs)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{tcpr}</w:tcPr>{body}</w:tc>'


def borderless_table(widths: list[int], rows: list[list[list[str]]], top_rule: bool = False) -> str:
    """A fixed-layout table without borders (optionally a thin rule above it).

    ``rows`` holds, per row and cell, the cell's paragraphs.  The left cell margin is 0
    so the text lines up with the body text's left edge, and the last column has no
    right margin either, so right-aligned text ends at the right text edge.
    """
    assert sum(widths) == TEXT_W, widths
    rule = '<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    top = rule if top_rule else '<w:top w:val="nil"/>'
    borders = (
        f"<w:tblBorders>{top}"
        '<w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
        '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
    )
    tblpr = (
        "<w:tblPr>"
        f'<w:tblW w:w="{TEXT_W}" w:type="dxa"/>'
        '<w:tblInd w:w="0" w:type="dxa"/>'
        f"{borders}"
        '<w:tblLayout w:type="fixed"/>'
        "<w:tblCellMar>"
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="113" w:type="dxa"/>'
        "</w:tblCellMar>"
        # Only the bitmask form (noHBand | noVBand): valid in the 2007 schema and later ones alike.
        '<w:tblLook w:val="0600"/>'
        "</w:tblPr>"
    )
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    last = len(widths) - 1
    no_right_margin = '<w:tcMar><w:right w:w="0" w:type="dxa"/></w:tcMar>'
    body = "".join(
        "<w:tr>"
        + "".join(
            cell(w, paras, no_right_margin if i == last else "")
            for i, (w, paras) in enumerate(zip(widths, row, strict=True))
        )
        + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{tblpr}{grid}{body}</w:tbl>"


# ==========================================================================
# Package parts shared by all profiles
# ==========================================================================

CONTENT_TYPES = (
    XML_DECL + f'<Types xmlns="{CT_NS}">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{WML_CT}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{WML_CT}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{WML_CT}.settings+xml"/>'
    f'<Override PartName="/word/numbering.xml" ContentType="{WML_CT}.numbering+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{WML_CT}.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{WML_CT}.header+xml"/>'
    f'<Override PartName="/word/footer1.xml" ContentType="{WML_CT}.footer+xml"/>'
    '<Override PartName="/docProps/core.xml"'
    ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    XML_DECL + f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{OFFDOC_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2"'
    ' Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
    ' Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{OFFDOC_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    XML_DECL + f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{OFFDOC_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFDOC_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{OFFDOC_REL}/numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rId4" Type="{OFFDOC_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId5" Type="{OFFDOC_REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rId6" Type="{OFFDOC_REL}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rId7" Type="{OFFDOC_REL}/theme" Target="theme/theme1.xml"/>'
    "</Relationships>"
)

CORE_PROPS = (
    XML_DECL + "<cp:coreProperties"
    ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title></dc:title>"
    "</cp:coreProperties>"
)

APP_PROPS = (
    XML_DECL + "<Properties"
    ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>memo</Application>"
    "</Properties>"
)

DOCUMENT = (
    XML_DECL + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    "<w:body>"
    "<w:sectPr>"
    '<w:headerReference w:type="default" r:id="rId5"/>'
    '<w:footerReference w:type="default" r:id="rId6"/>'
    f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
    f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}"'
    f' w:left="{MARGIN_LEFT}" w:header="{HEADER_DIST}" w:footer="{FOOTER_DIST}" w:gutter="0"/>'
    '<w:cols w:space="708"/>'
    "</w:sectPr>"
    "</w:body>"
    "</w:document>"
)

SETTINGS = (
    XML_DECL + f'<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="1304"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat>"
    '<w:compatSetting w:name="compatibilityMode"'
    ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat>"
    '<w:themeFontLang w:val="sv-SE"/>'
    '<w:decimalSymbol w:val=","/>'
    '<w:listSeparator w:val=";"/>'
    "</w:settings>"
)

FONT_TABLE = (
    XML_DECL + f'<w:fonts xmlns:w="{W_NS}">'
    f'<w:font w:name="{SERIF}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    f'<w:font w:name="{SANS}"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
)


# A minimal theme.  Nothing in the styles uses theme fonts or colours (all fonts are explicit),
# but Word documents normally carry one and openxml-audit's strict policy requires the part.
_SOLID = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = f'<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr">{_SOLID}<a:prstDash val="solid"/></a:ln>'
_EFFECT = "<a:effectStyle><a:effectLst/></a:effectStyle>"
THEME = (
    XML_DECL + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="memo">'
    "<a:themeElements>"
    '<a:clrScheme name="memo">'
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    '<a:dk2><a:srgbClr val="1F1F1F"/></a:dk2>'
    '<a:lt2><a:srgbClr val="EEEEEE"/></a:lt2>'
    '<a:accent1><a:srgbClr val="1F4E79"/></a:accent1>'
    '<a:accent2><a:srgbClr val="2E75B6"/></a:accent2>'
    '<a:accent3><a:srgbClr val="7F7F7F"/></a:accent3>'
    '<a:accent4><a:srgbClr val="BF9000"/></a:accent4>'
    '<a:accent5><a:srgbClr val="548235"/></a:accent5>'
    '<a:accent6><a:srgbClr val="C55A11"/></a:accent6>'
    '<a:hlink><a:srgbClr val="0563C1"/></a:hlink>'
    '<a:folHlink><a:srgbClr val="954F72"/></a:folHlink>'
    "</a:clrScheme>"
    '<a:fontScheme name="memo">'
    f'<a:majorFont><a:latin typeface="{SANS}"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>'
    f'<a:minorFont><a:latin typeface="{SERIF}"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>'
    "</a:fontScheme>"
    '<a:fmtScheme name="memo">'
    f"<a:fillStyleLst>{_SOLID * 3}</a:fillStyleLst>"
    f"<a:lnStyleLst>{_LINE * 3}</a:lnStyleLst>"
    f"<a:effectStyleLst>{_EFFECT * 3}</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_SOLID * 3}</a:bgFillStyleLst>"
    "</a:fmtScheme>"
    "</a:themeElements>"
    "</a:theme>"
)

# --- styles ------------------------------------------------------------------


def style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    next_style: str | None = None,
    ui_priority: int | None = None,
    qformat: bool = False,
    default: bool = False,
    semi_hidden: bool = False,
    ppr: str = "",
    rpr: str = "",
    tblpr: str = "",
) -> str:
    default_attr = ' w:default="1"' if default else ""
    parts = [f'<w:style w:type="{kind}"{default_attr} w:styleId="{style_id}">', f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    if ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    if semi_hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if qformat:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    if tblpr:
        parts.append(f"<w:tblPr>{tblpr}</w:tblPr>")
    parts.append("</w:style>")
    return "".join(parts)


def spacing(before: int | None = None, after: int | None = None, line: int | None = None) -> str:
    attrs = ""
    if before is not None:
        attrs += f' w:before="{before}"'
    if after is not None:
        attrs += f' w:after="{after}"'
    if line is not None:
        attrs += f' w:line="{line}" w:lineRule="auto"'
    return f"<w:spacing{attrs}/>"


def sz(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


LINE = 264  # 1.1 lines: a little air for Times New Roman 12 pt

STYLE_LIST = [
    # --- paragraph styles ---
    style(
        "paragraph",
        "Normal",
        "Normal",
        default=True,
        qformat=True,
        ppr="<w:widowControl/>" + spacing(after=200),
    ),
    style(
        "paragraph",
        "Title",
        "Title",
        based_on="Normal",
        next_style="Normal",
        ui_priority=10,
        qformat=True,
        ppr="<w:keepNext/>" + spacing(after=240),
        rpr=fonts(SANS) + "<w:b/><w:bCs/>" + sz(32),
    ),
    style(
        "paragraph",
        "Heading1",
        "heading 1",
        based_on="Normal",
        next_style="Normal",
        ui_priority=9,
        qformat=True,
        ppr="<w:keepNext/><w:keepLines/>" + spacing(before=240, after=60) + '<w:outlineLvl w:val="0"/>',
        rpr=fonts(SANS) + "<w:b/><w:bCs/>" + sz(24),
    ),
    style(
        "paragraph",
        "Heading2",
        "heading 2",
        based_on="Normal",
        next_style="Normal",
        ui_priority=9,
        qformat=True,
        ppr="<w:keepNext/>" + spacing(before=200, after=40) + '<w:outlineLvl w:val="1"/>',
        rpr=fonts(SANS) + "<w:b/><w:bCs/>" + sz(22),
    ),
    style(
        "paragraph",
        "Beslutsinledning",
        "Beslutsinledning",
        based_on="Normal",
        next_style="Att-sats",
        qformat=True,
        ppr="<w:keepNext/>" + spacing(after=120),
    ),
    style(
        "paragraph",
        "Att-sats",
        "Att-sats",
        based_on="Normal",
        qformat=True,
        ppr='<w:tabs><w:tab w:val="left" w:pos="851"/></w:tabs>'
        + spacing(after=120)
        + '<w:ind w:left="851" w:hanging="851"/>',
    ),
    style(
        "paragraph",
        "Beslutspunkt",
        "Beslutspunkt",
        based_on="Normal",
        qformat=True,
        ppr=spacing(after=120) + '<w:ind w:left="425" w:hanging="425"/>',
    ),
    style(
        "paragraph",
        "ListBullet",
        "List Bullet",
        based_on="Normal",
        ui_priority=99,
        ppr=spacing(after=200) + "<w:contextualSpacing/>",
    ),
    style(
        "paragraph",
        "ListNumber",
        "List Number",
        based_on="Normal",
        ui_priority=99,
        ppr=spacing(after=200) + "<w:contextualSpacing/>",
    ),
    style(
        "paragraph",
        "Underskrift",
        "Underskrift",
        based_on="Normal",
        next_style="Underskriftstitel",
        ppr="<w:keepNext/><w:keepLines/>" + spacing(before=720, after=0),
    ),
    style("paragraph", "Underskriftstitel", "Underskriftstitel", based_on="Normal", ppr=spacing(after=200)),
    style(
        "paragraph",
        "Sandlistarubrik",
        "Sändlista rubrik",
        based_on="Normal",
        next_style="Sandlista",
        ppr="<w:keepNext/>" + spacing(before=240, after=0),
        rpr="<w:b/><w:bCs/>",
    ),
    style("paragraph", "Sandlista", "Sändlista", based_on="Normal", ppr=spacing(after=0)),
    # Not used by name elsewhere yet: cell text (Normal's 200 after would make rows tall, and a
    # paragraph style's spacing wins over the table style's in Word and LibreOffice alike).
    style(
        "paragraph", "Tabelltext", "Tabelltext", based_on="Normal", ppr=spacing(before=20, after=20, line=240)
    ),
    style(
        "paragraph",
        "Caption",
        "caption",
        based_on="Normal",
        next_style="Normal",
        ui_priority=35,
        qformat=True,
        ppr="<w:keepNext/>" + spacing(after=60),
        rpr="<w:i/><w:iCs/>" + sz(20),
    ),
    style(
        "paragraph",
        "Header",
        "header",
        based_on="Normal",
        ui_priority=99,
        ppr=f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>' + spacing(after=0, line=240),
        rpr=fonts(SANS) + sz(16),
    ),
    style(
        "paragraph",
        "Footer",
        "footer",
        based_on="Normal",
        ui_priority=99,
        ppr=f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>' + spacing(after=0, line=240),
        rpr=fonts(SANS) + sz(16),
    ),
    style("paragraph", "Sidhuvudetikett", "Sidhuvud etikett", based_on="Header", rpr=sz(14)),
    # --- character styles ---
    style("character", "Strong", "Strong", ui_priority=22, qformat=True, rpr="<w:b/><w:bCs/>"),
    style("character", "Emphasis", "Emphasis", ui_priority=20, qformat=True, rpr="<w:i/><w:iCs/>"),
    # --- table styles ---
    style(
        "table",
        "TableNormal",
        "Normal Table",
        default=True,
        ui_priority=99,
        semi_hidden=True,
        tblpr='<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar>',
    ),
    style(
        "table",
        "TableGrid",
        "Table Grid",
        based_on="TableNormal",
        ui_priority=39,
        ppr=spacing(after=0, line=240),
        tblpr="<w:tblBorders>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar>',
    ),
]

STYLES = (
    XML_DECL + f'<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults>"
    "<w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="{SERIF}" w:eastAsia="{SERIF}" w:hAnsi="{SERIF}" w:cs="{SERIF}"/>'
    + sz(24)
    + '<w:lang w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault>"
    f"<w:pPrDefault><w:pPr>{spacing(after=0, line=LINE)}</w:pPr></w:pPrDefault>"
    "</w:docDefaults>" + "".join(STYLE_LIST) + "</w:styles>"
)


# --- numbering ---------------------------------------------------------------

LIST_INDENT = 425


def level(ilvl: int, fmt: str, text: str, rpr: str = "") -> str:
    left = LIST_INDENT * (ilvl + 1)
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}">'
        '<w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{escape(text)}"/>'
        '<w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/></w:pPr>'
        f"{rpr_xml}"
        "</w:lvl>"
    )


BULLET_RPR = fonts(SANS) + '<w:b w:val="0"/><w:i w:val="0"/>'

NUMBERING = (
    XML_DECL + f'<w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="1">'
    '<w:nsid w:val="4D454D31"/>'
    '<w:multiLevelType w:val="hybridMultilevel"/>'
    + level(0, "bullet", "\u2022", BULLET_RPR)
    + level(1, "bullet", "\u2013", BULLET_RPR)
    + level(2, "bullet", "\u2022", BULLET_RPR)
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2">'
    '<w:nsid w:val="4D454D32"/>'
    '<w:multiLevelType w:val="hybridMultilevel"/>'
    + level(0, "decimal", "%1.")
    + level(1, "lowerLetter", "%2)")
    + level(2, "lowerRoman", "%3)")
    + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    "</w:numbering>"
)


# ==========================================================================
# Profiles: header and footer
# ==========================================================================

HDR_OPEN = f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
FTR_OPEN = f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'

PAGE_RPR = sz(20)
ORG_RPR = "<w:b/><w:bCs/>" + sz(24)
DOCTYPE_RPR = "<w:b/><w:bCs/>" + sz(16)
# A header or footer must end with a paragraph, so one follows the table.  In the footer it is
# kept tiny; in the header it is an 18 pt spacer that keeps the body text off the header block
# when a tall logo makes the header grow past the top margin (and is invisible otherwise).
_TAIL_RPR = '<w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr>'
HEADER_TAIL_PPR = '<w:spacing w:after="0" w:line="360" w:lineRule="exact"/>' + _TAIL_RPR
FOOTER_TAIL_PPR = '<w:spacing w:after="0" w:line="120" w:lineRule="exact"/>' + _TAIL_RPR
HEADER_COLS = [3969, 2268, 2267]
FOOTER_COLS = [2552, 3685, 2267]  # the middle column must hold "E-post: someone@some-long-domain.se"


def logo_paragraph() -> str:
    return para("Header", run(ph("logo")))


def org_and_page_paragraph() -> str:
    """Organisation name on the left, "PAGE (NUMPAGES)" at the right tab."""
    return para(
        "Header",
        run(ph("organisation"), ORG_RPR)
        + tab_run(PAGE_RPR)
        + field("PAGE", "1", PAGE_RPR)
        + run(" (", PAGE_RPR)
        + field("NUMPAGES", "1", PAGE_RPR)
        + run(")", PAGE_RPR),
        ppr='<w:spacing w:after="160"/>',
    )


def header_xml(labels: list[str], values: list[str | list[str]]) -> str:
    """labels / values: run-level XML for the three columns (a list for a value cell of several paragraphs; a
    complete paragraph, ``<w:p>…``, stays as it is)."""
    table = borderless_table(
        HEADER_COLS,
        [
            [[para("Sidhuvudetikett", c)] for c in labels],
            [[p if p.startswith("<w:p>") else para("Header", p) for p in ([c] if isinstance(c, str) else c)]
             for c in values],
        ],
    )
    return (
        XML_DECL
        + HDR_OPEN
        + logo_paragraph()
        + org_and_page_paragraph()
        + table
        + para("Header", "", HEADER_TAIL_PPR)
        + "</w:hdr>"
    )


def footer_xml(columns: list[list[str]]) -> str:
    """columns: per column a list of complete paragraphs."""
    table = borderless_table(FOOTER_COLS, [columns], top_rule=True)
    return XML_DECL + FTR_OPEN + table + para("Footer", "", FOOTER_TAIL_PPR) + "</w:ftr>"


SPLIT_RPR = '<w:lang w:val="sv-SE"/>'
FIRST_FOOTER_PPR = '<w:spacing w:before="57"/>'  # a little air below the rule


def region_orebro_lan() -> tuple[str, str]:
    header = header_xml(
        labels=[
            run("Tjänsteställe, handläggare"),
            run("Sammanträdesdatum"),
            run(ph("dokumenttyp"), DOCTYPE_RPR),
        ],
        values=[
            run(f"{ph('enhet')}, {ph('handlaggare')}"),
            run(ph("sammantradesdatum")),
            # Deliberately split over three runs (with identical rPr) the way Word splits text
            # after editing: the writer must cope with placeholders that span runs.
            run("Dnr: {{ dia", SPLIT_RPR) + run("rienum", SPLIT_RPR) + run("mer }}", SPLIT_RPR),
        ],
    )
    footer = footer_xml(
        [
            [
                para("Sidhuvudetikett", run("Postadress"), FIRST_FOOTER_PPR),
                para("Footer", run(ph("organisation"))),
                para("Footer", run(ph("adress"))),
            ],
            [para("Footer", run(f"E-post: {ph('epost')}"), FIRST_FOOTER_PPR)],
            [para("Footer", run(ph("webbplats")), FIRST_FOOTER_PPR + '<w:jc w:val="right"/>')],
        ]
    )
    return header, footer


def labelled(label: str, name: str) -> str:
    """A header paragraph: a label in the label's size over its placeholder; both go when the value is empty."""
    return para("Header", run(label, sz(14)) + "<w:r><w:br/></w:r>" + run(ph(name)), spacing(before=120))


def default_profile() -> tuple[str, str]:
    header = header_xml(
        labels=[run("Handläggare"), run("Datum"), run(ph("dokumenttyp"), DOCTYPE_RPR)],
        # The handläggare with title, enhet, förvaltning and contact details; a line whose value is empty is left
        # out. Below the date, the meeting's date with its label (both go when the case has none). Every field
        # memo ny asks for is shown (tests/test_unshown_fields.py).
        values=[
            [run(ph("handlaggare")), run(ph("handlaggare_titel")), run(ph("enhet")), run(ph("forvaltning")),
             run(ph("handlaggare_epost")), run(ph("handlaggare_telefon"))],
            [run(ph("datum")), labelled("Sammanträdesdatum", "sammantradesdatum")],
            # In a reply (yttrande): the addressee and the letter answered.
            [run(f"Dnr {ph('diarienummer')}"), labelled("Till", "till"), labelled("Er beteckning", "er_beteckning"),
             labelled("Ert datum", "ert_datum")],
        ],
    )
    footer = footer_xml(
        [
            [
                para("Footer", run(ph("organisation")), FIRST_FOOTER_PPR),
                para("Footer", run(ph("adress"))),
            ],
            [
                para("Footer", run(f"E-post: {ph('epost')}"), FIRST_FOOTER_PPR),
                para("Footer", run(f"Telefon: {ph('telefon')}")),
            ],
            [para("Footer", run(ph("webbplats")), FIRST_FOOTER_PPR + '<w:jc w:val="right"/>')],
        ]
    )
    return header, footer


PROFILES = {
    "standard": default_profile,
    "region-orebro-lan": region_orebro_lan,
}


# ==========================================================================
# Writing
# ==========================================================================


def package_parts(header: str, footer: str) -> list[tuple[str, str]]:
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", CORE_PROPS),
        ("docProps/app.xml", APP_PROPS),
        ("word/document.xml", DOCUMENT),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("word/numbering.xml", NUMBERING),
        ("word/fontTable.xml", FONT_TABLE),
        ("word/theme/theme1.xml", THEME),
        ("word/header1.xml", header),
        ("word/footer1.xml", footer),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
    ]


def write_docx(path: Path, parts: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".docx.tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, xml in parts:
            # openxml-audit silently accepts a part that is not well-formed XML: check here.
            ElementTree.fromstring(xml.encode("utf-8"))
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # fixed, not dependent on the building platform
            info.external_attr = 0o100644 << 16
            zf.writestr(info, xml.encode("utf-8"), compresslevel=9)
    tmp.replace(path)


def main() -> None:
    for name, build in PROFILES.items():
        header, footer = build()
        out = PROFILES_DIR / name / "referens.docx"
        write_docx(out, package_parts(header, footer))
        print(f"{out.relative_to(REPO_ROOT)}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
