"""Accessibility check (``memo granska``) of any Word document, ours or one edited by hand.

The rules follow the DOS law's demands on published documents (lag 2018:1937; EN 301 549 /
WCAG 2.1) as DIGG reads them for Word, and the rules of DAYamlChecker: the language in the
styles, title and author in the core properties, headings in order, real lists, no empty
paragraphs as spacing, tables with a repeated header row and a description, images with alt
text, no floating text boxes. A few typographic slips a screen reader reads wrongly (a hyphen
as minus, an ordinary space in ``250 000``) are warnings.

The DOCX is read by :mod:`memo.word.inspection` (:mod:`zipfile` and :mod:`xml.etree.ElementTree`
only; python-docx is the writer's); this module holds the rules and their messages. Every
message is Swedish.

>>> print(format_findings([]))
Inga tillgänglighetsproblem hittades.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

from memo.errors import DocumentError, Location
from memo.notice import ERROR, WARNING, Finding
from memo.typography import GROUPED_IN_TEXT, HYPHEN_MINUS, PERCENT_TIGHT
from memo.word.inspection import Package, Styles, W, body_blocks, is_on, paragraph_level, paragraph_text

__all__ = ["ERROR", "RULES", "WARNING", "Finding", "check_docx", "format_findings"]

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
    "procent-utan-mellanslag": (WARNING, "På svenska står ett mellanslag mellan talet och % (»12 %«): skriv ett "
                                         "hårt mellanslag (Ctrl+Skift+Mellanslag) före %."),
    "fetstil-som-rubrik": (WARNING, "En skärmläsare hittar det inte bland rubrikerna, och det saknas i "
                                    "innehållsförteckningen och i PDF:ens bokmärken. Ge stycket formatmallen Rubrik 1 "
                                    "(eller den nivå det har) i stället för fetstil."),
}

_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
_V = "{urn:schemas-microsoft-com:vml}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_PART_NAMES = {"header": "sidhuvudet", "footer": "sidfoten", "footnotes": "fotnoterna", "endnotes": "slutnoterna"}

_TYPED_LIST = re.compile(r"^\s*(?:[\u2022\u00b7\u25aa\u25a0\u25e6\u25cf\u25cb\u2023\u2043*\-\u2013\u2014]"
                         r"|\d{1,2}[.)]|\(?[a-z]\))[ \t\u00a0]")
_PERCENT = re.compile(r"\d %")
#: A paragraph longer than this, or ending like a sentence, is no heading however bold it is.
_HEADING_CHARACTERS = 80
_SENTENCE_END = (".", "!", "?", ",", ";", "…")
#: The paragraph styles of plain body text, by name (folded): the document's default style is one too.
_BODY_STYLES = frozenset({"normal", "body text", "text body", "brödtext", "standard", "default paragraph style"})
_ESCAPED = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")


def _finding(rule: str, detail: str, where: str | None) -> Finding:
    return Finding(rule, f"{detail} {RULES[rule][1]}", Location(place=where), RULES[rule][0])


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return f"»{text if len(text) <= limit else text[: limit - 1] + '…'}«"


def _is_empty(paragraph: ET.Element) -> bool:
    if paragraph_text(paragraph).strip():
        return False
    if paragraph.find(f"{W}pPr/{W}sectPr") is not None:
        return False
    for element in paragraph.iter():
        if element.tag in (f"{W}drawing", f"{W}pict", f"{W}object", f"{W}fldSimple", f"{W}fldChar",
                           f"{W}sym", "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"):
            return False
        if element.tag == f"{W}br" and element.get(f"{W}type") in ("page", "column"):
            return False
    return True


def check_docx(path: str | Path) -> list[Finding]:
    """Check a DOCX for accessibility problems; return the findings (empty when it passes).

    Raises :class:`memo.errors.MemoError` when the file is missing or is not a readable DOCX.
    """
    package = Package(Path(path))
    try:
        return [f._replace(location=replace(f.location, file=Path(path))) for f in _check_package(package)]
    except MemoryError:
        raise DocumentError("Dokumentet är för stort för att granskas i minnet; filen är skadad eller gjord för att "
                            "fylla minnet.", Location(Path(path))) from None
    except RecursionError:  # elements nested deeper than any Word document: made to break readers
        raise DocumentError("Dokumentets XML är nästlad djupare än i något Word-dokument; filen är skadad eller "
                            "gjord för att få program att krascha.", Location(Path(path))) from None


def _check_package(package: Package) -> list[Finding]:
    findings: list[Finding] = []
    styles_part = next(iter(package.parts("styles")), "word/styles.xml")
    styles = Styles(package.xml(styles_part))
    findings.extend(_check_language(styles))
    findings.extend(_check_core(package.xml(package.core)))
    document = package.xml(package.document)
    body = document.find(f"{W}body") if document is not None else None
    if body is not None:
        findings.extend(_check_body(body, styles))
    if document is not None:
        findings.extend(_check_objects(document, "brödtexten", in_body=True))
    del document, body
    for kind, label in _PART_NAMES.items():
        for name in package.parts(kind):  # one part parsed at a time, and let go before the next
            root = package.xml(name)
            if root is not None:
                findings.extend(_check_objects(root, f"{label} ({name})", in_body=False))
    return findings


def _check_language(styles: Styles) -> list[Finding]:
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


def _check_body(body: ET.Element, styles: Styles) -> list[Finding]:
    findings: list[Finding] = []
    blocks = list(body_blocks(body))
    last_paragraph = max((i for i, (b, top) in enumerate(blocks) if top and b.tag == f"{W}p"), default=-1)
    previous_level = 0
    empty = 0
    context = "dokumentets början"
    tables = 0
    bold_line: str | None = None  # a short paragraph all in bold, until the next tells if body text follows it
    for index, (block, top) in enumerate(blocks):
        is_empty = block.tag == f"{W}p" and top and index != last_paragraph and _is_empty(block)
        if is_empty:
            empty += 1
            continue
        if top and empty:
            what = "ett tomt stycke" if empty == 1 else f"{empty} tomma stycken i rad"
            findings.append(_finding("tomma-stycken", f"Brödtexten har {what} som avstånd.", f"efter {context}"))
            empty = 0
        if block.tag == f"{W}tbl":
            bold_line = None
            tables += 1
            findings.extend(_check_table(block, f"tabell {tables}, efter {context}"))
            continue
        text = paragraph_text(block)
        ppr = block.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style.get(f"{W}val") if style is not None else None
        level = paragraph_level(ppr, style_id, styles)
        if level is not None and text.strip():
            if previous_level == 0 and level != 1:
                findings.append(_finding("forsta-rubrik-inte-niva-1", f"Den första rubriken är på nivå {level}.",
                                         _short(text)))
            elif previous_level and level > previous_level + 1:
                findings.append(_finding("rubrikniva-hoppar", f"Rubriken är på nivå {level} men den föregående "
                                         f"på nivå {previous_level}; använd Rubrik {previous_level + 1}.",
                                         _short(text)))
            previous_level = level
        num_id = ppr.find(f"{W}numPr/{W}numId") if ppr is not None else None
        numbered = num_id is not None and num_id.get(f"{W}val", "0") != "0"
        if _TYPED_LIST.match(text) and not numbered and not styles.numbered(style_id):
            findings.append(_finding("skriven-punktlista", "Stycket börjar med en punkt eller ett nummer skrivet "
                                     "för hand.", _short(text)))
        findings.extend(_check_typography(text))
        if top and text.strip():
            plain = level is None and not numbered and _body_text(style_id, styles)
            bold = plain and _all_bold(block, styles)
            if bold_line is not None and plain and not bold:
                findings.append(_finding("fetstil-som-rubrik", f"Stycket {_short(bold_line)} ser ut som en rubrik: "
                                         "en kort rad i fetstil, i brödtextens formatmall, före brödtext.",
                                         _short(bold_line, 40)))
            bold_line = text.strip() if bold and _reads_as_heading(text) else None
        if text.strip():
            context = _short(text, 40)
    return findings


def _body_text(style_id: str | None, styles: Styles) -> bool:
    """A paragraph style of plain body text: the document's default, or one named so (Brödtext, Body Text …),
    and no list."""
    default = style_id is None or style_id == styles.default
    return (default or styles.name(style_id).casefold() in _BODY_STYLES) and not styles.numbered(style_id)


def _all_bold(paragraph: ET.Element, styles: Styles) -> bool:
    """Every run of the paragraph that has text is bold (``w:b``, or a bold character style such as Strong)."""
    runs = [run for run in paragraph.iter(f"{W}r") if "".join(t.text or "" for t in run.iter(f"{W}t")).strip()]
    return bool(runs) and all(_bold(run, styles) for run in runs)


def _bold(run: ET.Element, styles: Styles) -> bool:
    properties = run.find(f"{W}rPr")
    if properties is None:
        return False
    direct = properties.find(f"{W}b")
    if direct is not None:
        return is_on(direct)
    style = properties.find(f"{W}rStyle")
    return style is not None and style.get(f"{W}val") in styles.bold_characters


def _reads_as_heading(text: str) -> bool:
    """One short line with a letter in it that does not end like a sentence ("Bakgrund", "Ärendets beredning")."""
    line = text.strip()
    return (len(line) <= _HEADING_CHARACTERS and "\n" not in line and any(c.isalpha() for c in line)
            and not line.endswith(_SENTENCE_END))


def _check_table(table: ET.Element, where: str) -> list[Finding]:
    findings = []
    first_row = table.find(f"{W}tr")
    if not is_on(first_row.find(f"{W}trPr/{W}tblHeader") if first_row is not None else None):
        findings.append(_finding("tabell-utan-rubrikrad", "Tabellens första rad är inte en rubrikrad som "
                                 "upprepas.", where))
    described = [e.get(f"{W}val", "").strip() for tag in ("tblCaption", "tblDescription")
                 if (e := table.find(f"{W}tblPr/{W}{tag}")) is not None]
    if not any(described):
        findings.append(_finding("tabell-utan-beskrivning", "Tabellen saknar rubrik och beskrivning.", where))
    return findings


def _check_typography(text: str) -> list[Finding]:
    findings = []
    for rule, pattern in (("minus-som-bindestreck", HYPHEN_MINUS), ("tusental-med-mellanslag", GROUPED_IN_TEXT),
                          ("procent-med-mellanslag", _PERCENT), ("procent-utan-mellanslag", PERCENT_TIGHT)):
        match = pattern.search(text)
        if match:
            start = text.rfind(" ", 0, max(match.start() - 15, 0)) + 1
            findings.append(_finding(rule, f"Möjligt fel i {_short(text[start:match.end() + 20])}:",
                                     _short(text, 40)))
    return findings


def _check_objects(root: ET.Element, label: str, *, in_body: bool) -> list[Finding]:
    findings: list[Finding] = []
    for box in root.iter(f"{W}txbxContent"):
        text = " ".join(paragraph_text(p) for p in box.iter(f"{W}p")).strip()
        findings.append(_finding("textruta", f"En flytande textruta {_short(text) if text else '(tom)'}.", label))
    for kind in ("inline", "anchor"):
        for drawing in root.iter(f"{_WP}{kind}"):
            if drawing.find(f".//{_WPS}txbx") is not None or drawing.find(f".//{W}txbxContent") is not None:
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

    >>> print(format_findings([Finding("titel-saknas", "Dokumentet saknar titel.", Location(place="egenskaperna"),
    ...                                ERROR)]))
    1 tillgänglighetsproblem (1 fel, 0 varningar):
    - fel [titel-saknas] egenskaperna: Dokumentet saknar titel.
    """
    if not findings:
        return "Inga tillgänglighetsproblem hittades."
    errors = sum(1 for f in findings if f.level == ERROR)
    warnings = len(findings) - errors
    lines = [f"{len(findings)} tillgänglighetsproblem ({errors} fel, {warnings} "
             f"{'varning' if warnings == 1 else 'varningar'}):"]
    lines.extend(f"- {f.level} [{f.rule}] {f.location.place + ': ' if f.location.place else ''}{f.message}"
                 for f in findings)
    return "\n".join(lines)
