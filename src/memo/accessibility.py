"""Accessibility check (``memo granska``) of any Word document, ours or one edited by hand.

The rules follow the DOS law's demands on published documents (lag 2018:1937; EN 301 549 /
WCAG 2.1) as DIGG reads them for Word, and the rules of DAYamlChecker: the language in the
styles, title and author in the core properties, headings in order, real lists, no empty
paragraphs as spacing, tables with a repeated header row and a description, images with alt
text, no floating text boxes. A few typographic slips a screen reader reads wrongly (a hyphen
as minus, an ordinary space in ``250 000``) are warnings.

The DOCX is read with :mod:`zipfile` and :mod:`xml.etree.ElementTree` only (python-docx is
the writer's). Every message is Swedish.

>>> print(format_findings([]))
Inga tillgänglighetsproblem hittades.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from memo.errors import Location, MemoError

__all__ = ["ERROR", "RULES", "WARNING", "Finding", "check_docx", "format_findings"]

ERROR = "fel"
WARNING = "varning"

#: Every rule: id → (level, the Swedish explanation and fix that ends each finding's message).
RULES: dict[str, tuple[str, str]] = {
    "sprak-saknas": (ERROR, "Skärmläsare och PDF-taggningen behöver språket för att läsa texten som svenska. Rätta "
                            "i Word: Granska → Språk → Ange korrekturspråk → Svenska (Sverige) → Standard."),
    "sprak-inte-svenska": (WARNING, "En skärmläsare läser då den svenska texten med fel uttal. Ange Svenska "
                                    "(Sverige) som standardspråk."),
    "titel-saknas": (ERROR, "Titeln visas i fönstret och läses upp först av en skärmläsare. Rätta i Word: Arkiv → "
                            "Information → Egenskaper → Rubrik."),
    "titel-dubbelkodad": (ERROR, "Koden (till exempel &amp;) visas och läses upp bokstavligt; titeln har kodats "
                                 "två gånger. Skriv den med vanliga tecken (&, <, >)."),
    "forfattare-saknas": (ERROR, "Rätta i Word: Arkiv → Information → Egenskaper → Författare."),
    "forsta-rubrik-inte-niva-1": (ERROR, "Rubrikerna ska börja på nivå 1 (Rubrik 1) så att strukturen går att "
                                         "följa med skärmläsare."),
    "rubrikniva-hoppar": (ERROR, "Rubriknivåerna ska följa på varandra utan att hoppa över en nivå, annars tappar "
                                 "en skärmläsare strukturen."),
    "skriven-punktlista": (ERROR, "En skärmläsare känner då inte igen listan. Använd Words punktlista eller "
                                  "numrerade lista."),
    "tomma-stycken": (ERROR, "En skärmläsare läser varje tomt stycke som »tom«. Ta bort dem och ge formatmallen "
                             "avstånd före eller efter i stället."),
    "tabell-utan-rubrikrad": (ERROR, "Skärmläsare använder rubrikraden för att säga vilken kolumn en cell hör "
                                     "till. Rätta i Word: markera första raden → Tabellegenskaper → Rad → Upprepa "
                                     "som rubrikrad överst på varje sida."),
    "tabell-utan-beskrivning": (ERROR, "Rätta i Word: Tabellegenskaper → Alternativtext (rubrik eller "
                                       "beskrivning)."),
    "bild-utan-alt-text": (ERROR, "Rätta i Word: högerklicka på bilden → Redigera alternativtext (eller markera "
                                  "den som dekorativ)."),
    "textruta": (ERROR, "Den står utanför textflödet, så en skärmläsare läser den på fel ställe eller inte alls. "
                        "Flytta texten till ett vanligt stycke."),
    "flytande-bild": (ERROR, "Den står utanför läsordningen. Ställ in Radbrytning → I nivå med texten."),
    "minus-som-bindestreck": (WARNING, "Skriv minustecknet \u2212 (U+2212); ett bindestreck läses inte upp som "
                                       "minus."),
    "tusental-med-mellanslag": (WARNING, "Skriv ett hårt mellanslag (Ctrl+Skift+Mellanslag) mellan tusentalen så "
                                         "att talet inte delas på två rader eller läses som två tal."),
    "procent-med-mellanslag": (WARNING, "Skriv ett hårt mellanslag (Ctrl+Skift+Mellanslag) före %."),
}

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_V = "{urn:schemas-microsoft-com:vml}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CORE_RT = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_PART_NAMES = {"header": "sidhuvudet", "footer": "sidfoten", "footnotes": "fotnoterna", "endnotes": "slutnoterna"}

_TYPED_LIST = re.compile(r"^\s*(?:[\u2022\u00b7\u25aa\u25a0\u25e6\u25cf\u25cb\u2023\u2043*\-\u2013\u2014]"
                         r"|\d{1,2}[.)]|\(?[a-z]\))[ \t\u00a0]")
_HYPHEN_MINUS = re.compile(r"(?<![\w\-\u2212\u2013/.,:])-(?=\d)")
_THOUSANDS = re.compile(r"(?<![\w.,\u00a0])\d{1,3}(?: \d{3})+(?!\d)")
_PERCENT = re.compile(r"\d %")
_ESCAPED = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")
_HEADING_NAME = re.compile(r"^(?:heading|rubrik)\s*([1-9])$", re.IGNORECASE)
_FALSE = ("0", "false", "off")


@dataclass(frozen=True)
class Finding:
    """One accessibility problem: the rule's id, a Swedish message and where it is."""

    rule: str
    message: str
    where: str | None = None

    @property
    def level(self) -> str:
        """``fel`` or ``varning``."""
        return RULES[self.rule][0]


def _finding(rule: str, detail: str, where: str | None) -> Finding:
    return Finding(rule, f"{detail} {RULES[rule][1]}", where)


def _on(element: ET.Element | None) -> bool:
    """A Word on/off property (``<w:b/>``, ``w:val="0"``…) that is present and on."""
    return element is not None and element.get(f"{_W}val", "1").lower() not in _FALSE


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    outline: int | None
    numbered: bool
    name: str


class _Styles:
    """Paragraph styles with their basedOn chain: heading level and list numbering."""

    def __init__(self, root: ET.Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default: str | None = None
        self.language: str | None = None
        if root is None:
            return
        lang = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
        if lang is not None:
            self.language = (lang.get(f"{_W}val") or "").strip() or None
        for style in root.iter(f"{_W}style"):
            if style.get(f"{_W}type", "paragraph") != "paragraph":
                continue
            style_id = style.get(f"{_W}styleId") or ""
            if style.get(f"{_W}default") in ("1", "true", "on"):
                self.default = style_id
            based = style.find(f"{_W}basedOn")
            name = style.find(f"{_W}name")
            num_id = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
            self.styles[style_id] = _Style(
                based_on=based.get(f"{_W}val") if based is not None else None,
                outline=_outline(style.find(f"{_W}pPr/{_W}outlineLvl")),
                numbered=num_id is not None and num_id.get(f"{_W}val", "0") != "0",
                name=(name.get(f"{_W}val", "") if name is not None else ""),
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

    def numbered(self, style_id: str | None) -> bool:
        return any(style.numbered for _, style in self._chain(style_id))


def _outline(element: ET.Element | None) -> int | None:
    """The heading level (1–9) an ``outlineLvl`` gives, 10 for body text, None when absent."""
    if element is None:
        return None
    try:
        return int(element.get(f"{_W}val", "9")) + 1
    except ValueError:
        return None


class _Package:
    """The DOCX's parts that the rules read, located through the relationships."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with zipfile.ZipFile(path) as archive:
                self._data = {n: archive.read(n) for n in archive.namelist() if n.endswith((".xml", ".rels"))}
        except FileNotFoundError:
            raise MemoError("Filen finns inte.", Location(path)) from None
        except (zipfile.BadZipFile, OSError):
            raise MemoError("Filen går inte att läsa som ett Word-dokument (DOCX); den är skadad eller av ett "
                            "annat slag.", Location(path)) from None
        package = self._relations("")
        self.document = next((t for r, t in package if r == _RT + "officeDocument"), "word/document.xml")
        self.core = next((t for r, t in package if r == _CORE_RT), "docProps/core.xml")
        if self.document not in self._data:
            raise MemoError("Filen är inget Word-dokument: huvuddelen (word/document.xml) saknas.",
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
        data = self._data.get(name)
        if data is None:
            return None
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            raise MemoError(f"Delen {name} i dokumentet är trasig XML ({exc}); Word kan inte öppna filen.",
                            Location(self.path)) from None
        _drop_fallbacks(root)
        return root

    def parts(self, kind: str) -> list[str]:
        return sorted(t for r, t in self.related if r == _RT + kind and t in self._data)


def _drop_fallbacks(root: ET.Element) -> None:
    """Remove ``mc:Fallback`` copies so that an object inside ``mc:AlternateContent`` counts once."""
    pairs = [(parent, child) for parent in root.iter() for child in parent if child.tag == f"{_MC}Fallback"]
    for parent, child in pairs:
        parent.remove(child)


def _text(element: ET.Element) -> str:
    """The text of a paragraph (tabs and line breaks included), leaving out text boxes in it."""
    pieces = []
    for child in element:
        if child.tag == f"{_W}t":
            pieces.append(child.text or "")
        elif child.tag in (f"{_W}tab", f"{_W}ptab"):
            pieces.append("\t")
        elif child.tag in (f"{_W}br", f"{_W}cr"):
            pieces.append("\n")
        elif child.tag != f"{_W}txbxContent":
            pieces.append(_text(child))
    return "".join(pieces)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return f"»{text if len(text) <= limit else text[: limit - 1] + '…'}«"


def _blocks(container: ET.Element, top: bool = True) -> Iterator[tuple[ET.Element, bool]]:
    """The paragraphs and tables of the body in order, with whether each is directly in the body.

    Paragraphs inside text boxes are not part of the body's flow and are not visited.
    """
    for child in container:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child, top
            if child.tag == f"{_W}tbl":
                for row in child.findall(f"{_W}tr"):
                    for cell in row.findall(f"{_W}tc"):
                        yield from _blocks(cell, top=False)
        elif child.tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"):
            content = child.find(f"{_W}sdtContent")
            yield from _blocks(content if content is not None else child, top)


def _is_empty(paragraph: ET.Element) -> bool:
    if _text(paragraph).strip():
        return False
    if paragraph.find(f"{_W}pPr/{_W}sectPr") is not None:
        return False
    for element in paragraph.iter():
        if element.tag in (f"{_W}drawing", f"{_W}pict", f"{_W}object", f"{_W}fldSimple", f"{_W}fldChar",
                           f"{_W}sym", "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"):
            return False
        if element.tag == f"{_W}br" and element.get(f"{_W}type") in ("page", "column"):
            return False
    return True


def check_docx(path: str | Path) -> list[Finding]:
    """Check a DOCX for accessibility problems; return the findings (empty when it passes).

    Raises :class:`memo.errors.MemoError` when the file is missing or is not a readable DOCX.
    """
    package = _Package(Path(path))
    findings: list[Finding] = []
    styles_part = next(iter(package.parts("styles")), "word/styles.xml")
    styles = _Styles(package.xml(styles_part))
    findings.extend(_check_language(styles))
    findings.extend(_check_core(package.xml(package.core)))
    document = package.xml(package.document)
    body = document.find(f"{_W}body") if document is not None else None
    if body is not None:
        findings.extend(_check_body(body, styles))
    parts = [("brödtexten", document)]
    for kind, label in _PART_NAMES.items():
        parts.extend((f"{label} ({name})", package.xml(name)) for name in package.parts(kind))
    for label, root in parts:
        if root is not None:
            findings.extend(_check_objects(root, label, in_body=root is document))
    return findings


def _check_language(styles: _Styles) -> list[Finding]:
    where = "formatmallarna (word/styles.xml)"
    if styles.language is None:
        return [_finding("sprak-saknas", "Dokumentets språk är inte angivet i formatmallarnas "
                         "standardinställningar (w:lang).", where)]
    if not styles.language.lower().startswith("sv"):
        return [_finding("sprak-inte-svenska", f"Dokumentets språk är {styles.language}, inte svenska.", where)]
    return []


def _check_core(core: ET.Element | None) -> list[Finding]:
    where = "dokumentegenskaperna (docProps/core.xml)"
    title = (core.findtext(f"{_DC}title") or "").strip() if core is not None else ""
    findings = []
    if not title:
        findings.append(_finding("titel-saknas", "Dokumentet saknar titel.", where))
    elif _ESCAPED.search(title):
        findings.append(_finding("titel-dubbelkodad", f"Titeln {_short(title)} innehåller XML-kod.", where))
    if core is None or not (core.findtext(f"{_DC}creator") or "").strip():
        findings.append(_finding("forfattare-saknas", "Dokumentet saknar författare.", where))
    return findings


def _check_body(body: ET.Element, styles: _Styles) -> list[Finding]:
    findings: list[Finding] = []
    blocks = list(_blocks(body))
    last_paragraph = max((i for i, (b, top) in enumerate(blocks) if top and b.tag == f"{_W}p"), default=-1)
    previous_level = 0
    empty = 0
    context = "dokumentets början"
    tables = 0
    for index, (block, top) in enumerate(blocks):
        is_empty = block.tag == f"{_W}p" and top and index != last_paragraph and _is_empty(block)
        if is_empty:
            empty += 1
            continue
        if top and empty:
            what = "ett tomt stycke" if empty == 1 else f"{empty} tomma stycken i rad"
            findings.append(_finding("tomma-stycken", f"Brödtexten har {what} som avstånd.", f"efter {context}"))
            empty = 0
        if block.tag == f"{_W}tbl":
            tables += 1
            findings.extend(_check_table(block, f"tabell {tables}, efter {context}"))
            continue
        text = _text(block)
        ppr = block.find(f"{_W}pPr")
        style = ppr.find(f"{_W}pStyle") if ppr is not None else None
        style_id = style.get(f"{_W}val") if style is not None else None
        level = _paragraph_level(ppr, style_id, styles)
        if level is not None and text.strip():
            if previous_level == 0 and level != 1:
                findings.append(_finding("forsta-rubrik-inte-niva-1", f"Den första rubriken är på nivå {level}.",
                                         _short(text)))
            elif previous_level and level > previous_level + 1:
                findings.append(_finding("rubrikniva-hoppar", f"Rubriken är på nivå {level} men den föregående "
                                         f"på nivå {previous_level}; använd Rubrik {previous_level + 1}.",
                                         _short(text)))
            previous_level = level
        num_id = ppr.find(f"{_W}numPr/{_W}numId") if ppr is not None else None
        numbered = num_id is not None and num_id.get(f"{_W}val", "0") != "0"
        if _TYPED_LIST.match(text) and not numbered and not styles.numbered(style_id):
            findings.append(_finding("skriven-punktlista", "Stycket börjar med en punkt eller ett nummer skrivet "
                                     "för hand.", _short(text)))
        findings.extend(_check_typography(text))
        if text.strip():
            context = _short(text, 40)
    return findings


def _paragraph_level(ppr: ET.Element | None, style: str | None, styles: _Styles) -> int | None:
    """The heading level of a paragraph: its own outline level, else its style's; None for body text."""
    direct = _outline(ppr.find(f"{_W}outlineLvl")) if ppr is not None else None
    if direct is not None:
        return direct if direct <= 9 else None
    return styles.heading_level(style)


def _check_table(table: ET.Element, where: str) -> list[Finding]:
    findings = []
    first_row = table.find(f"{_W}tr")
    if not _on(first_row.find(f"{_W}trPr/{_W}tblHeader") if first_row is not None else None):
        findings.append(_finding("tabell-utan-rubrikrad", "Tabellens första rad är inte en rubrikrad som "
                                 "upprepas.", where))
    described = [e.get(f"{_W}val", "").strip() for tag in ("tblCaption", "tblDescription")
                 if (e := table.find(f"{_W}tblPr/{_W}{tag}")) is not None]
    if not any(described):
        findings.append(_finding("tabell-utan-beskrivning", "Tabellen saknar rubrik och beskrivning.", where))
    return findings


def _check_typography(text: str) -> list[Finding]:
    findings = []
    for rule, pattern in (("minus-som-bindestreck", _HYPHEN_MINUS), ("tusental-med-mellanslag", _THOUSANDS),
                          ("procent-med-mellanslag", _PERCENT)):
        match = pattern.search(text)
        if match:
            start = text.rfind(" ", 0, max(match.start() - 15, 0)) + 1
            findings.append(_finding(rule, f"Möjligt fel i {_short(text[start:match.end() + 20])}:",
                                     _short(text, 40)))
    return findings


def _check_objects(root: ET.Element, label: str, *, in_body: bool) -> list[Finding]:
    findings: list[Finding] = []
    for box in root.iter(f"{_W}txbxContent"):
        text = " ".join(_text(p) for p in box.iter(f"{_W}p")).strip()
        findings.append(_finding("textruta", f"En flytande textruta {_short(text) if text else '(tom)'}.", label))
    for kind in ("inline", "anchor"):
        for drawing in root.iter(f"{_WP}{kind}"):
            if drawing.find(f".//{_WPS}txbx") is not None or drawing.find(f".//{_W}txbxContent") is not None:
                continue
            doc_pr = drawing.find(f"{_WP}docPr")
            attributes = doc_pr.attrib if doc_pr is not None else {}
            name = f" {_short(attributes['name'])}" if attributes.get("name") else ""
            decorative = doc_pr is not None and any(
                d.get("val", "").lower() in ("1", "true") for d in doc_pr.iter(_DECORATIVE))
            if not attributes.get("descr", "").strip() and not decorative:
                findings.append(_finding("bild-utan-alt-text", f"Bilden{name} saknar alternativtext.", label))
            if kind == "anchor" and in_body:
                findings.append(_finding("flytande-bild", f"Bilden eller formen{name} flyter över texten.", label))
    for shape in root.iter():
        if shape.tag.startswith(_V) and shape.find(f"{_V}imagedata") is not None and not shape.get("alt", "").strip():
            findings.append(_finding("bild-utan-alt-text", "En bild (VML) saknar alternativtext.", label))
    return findings


def format_findings(findings: Sequence[Finding]) -> str:
    """The findings as a Swedish report, one problem per line, for the command line.

    >>> print(format_findings([Finding("titel-saknas", "Dokumentet saknar titel.", "egenskaperna")]))
    1 tillgänglighetsproblem (1 fel, 0 varningar):
    - fel [titel-saknas] egenskaperna: Dokumentet saknar titel.
    """
    if not findings:
        return "Inga tillgänglighetsproblem hittades."
    errors = sum(1 for f in findings if f.level == ERROR)
    warnings = len(findings) - errors
    lines = [f"{len(findings)} tillgänglighetsproblem ({errors} fel, {warnings} "
             f"{'varning' if warnings == 1 else 'varningar'}):"]
    lines.extend(f"- {f.level} [{f.rule}] {f.where + ': ' if f.where else ''}{f.message}" for f in findings)
    return "\n".join(lines)
