"""Stage 4: memo markup (what the section templates produce) → document blocks.

Memo markup is a small XML vocabulary, close to HTML so that template authors know it:

========================  ============================================================
``<title>…</title>``      the memo's title (Word style *Title*)
``<h1>``, ``<h2>``        section headings (*heading 1*, *heading 2*)
``<p>``                   a paragraph (*Normal*); ``<p stil="Underskrift">`` picks a style
``<att>…</att>``          an att-sats: "att", a tab, the text (style *Att-sats*)
``<ul>``/``<ol>``/``<li>`` bullet and numbered lists (real Word lists, each restarting);
                          ``<ol stil="Beslutspunkt">`` numbers paragraphs of that style;
                          ``<ul tecken="streck">`` has a dash for its bullet
``<b>``, ``<i>``           bold, italic; ``<br/>`` line break; ``<tab/>`` tab
``<table beskrivning="…">`` a table of ``<tr>`` rows with ``<th>`` (header) and ``<td>``
                          cells; ``justera="höger"`` right-aligns a cell; ``bildtext="nej"``:
                          the description is the table's alt text only, not a caption above it
========================  ============================================================

Whitespace is collapsed as in HTML (a no-break space U+00A0 is kept). Templates are
rendered with autoescaping, so case text arrives here escaped exactly once.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import count
from xml.parsers import expat

from memo.errors import Location, TemplateError
from memo.renderer.blocks import Block, Cell, ListInfo, Paragraph, Run, Table

__all__ = ["STYLE_FOR_TAG", "parse_markup"]

STYLE_FOR_TAG = {
    "title": "Title",
    "h1": "heading 1",
    "h2": "heading 2",
    "p": "Normal",
    "att": "Att-sats",
}
_SPACE = re.compile(r"[ \t\r\n]+")
_ALIGN = {"höger": "right", "vänster": "left", "mitten": "center"}
_INLINE = {"b", "i", "br", "tab"}


def parse_markup(text: str) -> list[Block]:
    """Parse rendered templates into blocks.

    A problem is a :class:`memo.errors.TemplateError` at its line and column in ``text``
    (the renderer then says which template wrote it).

    >>> [b.text for b in parse_markup("<h1>Rubrik</h1><p>A &amp; <b>B</b></p>")]
    ['Rubrik', 'A & B']
    """
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        found = text.find("<!DOCTYPE") if "<!DOCTYPE" in text else text.find("<!ENTITY")
        raise _error("Uppmärkningen från mallarna får inte innehålla DOCTYPE eller ENTITY.", text, found)
    try:
        root = ET.fromstring(_WRAP + text + "</memo>")
    except ET.ParseError as exc:
        line, column = exc.position
        offset = _offset(text, line, column)
        unclosed = _unclosed(text) if "mismatched tag" in str(exc) else None
        if unclosed is not None:
            name, start, closing = unclosed
            raise _error(f"Taggen <{name}> stängs aldrig (det som följer är {closing}). Stäng den i samma mall som "
                         "öppnar den.", text, start) from None
        message, offset = _explain(text, offset, str(exc))
        raise _error(message, text, offset) from None
    try:
        return _Parser().blocks(root)
    except _Fault as fault:
        raise _error(fault.message, text, _element_offset(text, root, fault.element)) from None


_WRAP = "<memo>"


class _Fault(Exception):
    """A problem with one element of the markup (placed by :func:`_element_offset`)."""

    def __init__(self, element: ET.Element, message: str) -> None:
        super().__init__(message)
        self.element = element
        self.message = message


def _offset(text: str, line: int, column: int) -> int:
    """The offset in ``text`` of a 1-based line and 0-based column in the wrapped text."""
    lines = text.split("\n")
    before = sum(len(piece) + 1 for piece in lines[: line - 1])
    return max(0, min(len(text), before + column - (len(_WRAP) if line == 1 else 0)))


def _error(message: str, text: str, offset: int) -> TemplateError:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return TemplateError(message, Location(None, line, column))


def _element_offset(text: str, root: ET.Element, element: ET.Element) -> int:
    """Where ``element`` starts in ``text``: the same start tag, counted in document order, found by expat."""
    index = next(i for i, e in enumerate(root.iter()) if e is element)
    parser = expat.ParserCreate()
    starts: list[int] = []
    parser.StartElementHandler = lambda name, attributes: starts.append(parser.CurrentByteIndex)
    wrapped = (_WRAP + text + "</memo>").encode("utf-8")
    parser.Parse(wrapped, True)
    return len(wrapped[: starts[index]].decode("utf-8")) - len(_WRAP)


def _unclosed(text: str) -> tuple[str, int, str] | None:
    """For a closing tag that does not match: the element left open, where it starts, and the closing tag met."""
    wrapped = (_WRAP + text + "</memo>").encode("utf-8")
    parser = expat.ParserCreate()
    open_elements: list[tuple[str, int]] = []
    parser.StartElementHandler = lambda name, attributes: open_elements.append((name, parser.CurrentByteIndex))
    parser.EndElementHandler = lambda name: open_elements.pop()
    try:
        parser.Parse(wrapped, True)
    except expat.ExpatError:
        if len(open_elements) < 2:  # only the wrapper is open: a closing tag with nothing to close
            return None
        name, start = open_elements[-1]
        at = wrapped.rfind(b"</", 0, parser.CurrentByteIndex + 2)
        end = wrapped.find(b">", at)
        closing = wrapped[at:end + 1].decode("utf-8", "replace") if 0 <= at < end else "slutet av PM:et"
        if closing == "</memo>":
            closing = "slutet av PM:et"
        return name, len(wrapped[:start].decode("utf-8")) - len(_WRAP), closing
    return None


def _explain(text: str, offset: int, reason: str) -> tuple[str, int]:
    """What a parse error at ``offset`` most likely means, what to write instead, and where it begins."""
    character = text[offset] if offset < len(text) else ""
    if character and ((ord(character) < 0x20 and character not in "\t\n\r") or character in "\ufffe\uffff"):
        return (f"Mallen skriver tecknet U+{ord(character):04X}, ett styrtecken som inte får stå i ett "
                "Word-dokument. Ta bort det ur mallen."), offset
    ampersand = text.rfind("&", max(0, offset - 12), offset + 1)
    if "undefined entity" in reason and ampersand >= 0:
        name = text[ampersand:text.find(";", ampersand) + 1]
        return (f"Mallen skriver teckenreferensen {name}, som inte finns i memos uppmärkning (bara &amp; &lt; &gt; "
                "&quot; &apos; och nummer som &#160;). Skriv tecknet självt eller dess nummer."), ampersand
    if character == "&" or (ampersand >= 0 and ";" not in text[ampersand:offset + 1]):
        return ("Mallen skriver ett ensamt &, som läses som början på en teckenreferens. Skriv &amp; i mallens "
                "text (eller {{ '&' }})."), ampersand if ampersand >= 0 else offset
    unfinished = text.rfind("<", max(0, offset - 80), offset)  # a tag begun before the place, never ended
    tag_start = unfinished if unfinished >= 0 and ">" not in text[unfinished:offset] else offset
    if 0 <= tag_start < len(text) and text[tag_start] == "<":
        end = text.find(">", tag_start)
        shown = text[tag_start:end + 1 if 0 <= end < tag_start + 80 else tag_start + 40]
        if "mismatched tag" in reason:
            return (f"Mallen stänger med {shown} en tagg som inte är öppen där; varje tagg som öppnas ska stängas "
                    "med samma namn, i samma mall."), tag_start
        return (f"Mallen skriver {shown!r}, som läses som en tagg men inte är en. Skriv &lt; för tecknet < i text, "
                f"eller använd en av taggarna {', '.join(sorted([*STYLE_FOR_TAG, 'ul', 'ol', 'li', 'table']))}."
                ), tag_start
    if "no element found" in reason or "unclosed token" in reason:
        return ("Mallarna slutar innan alla taggar är stängda; kontrollera att varje tagg som öppnas också "
                "stängs."), offset
    return (f"Mallarna gav ogiltig uppmärkning ({reason.split(':')[0]}). Kontrollera att varje tagg som öppnas "
            "också stängs."), offset


class _Parser:
    def __init__(self) -> None:
        self.list_ids = count(1)
        self.out: list[Block] = []

    def blocks(self, root: ET.Element) -> list[Block]:
        for element in root:
            self.block(element)
        return self.out

    def block(self, element: ET.Element) -> None:
        tag = element.tag
        if tag in STYLE_FOR_TAG:
            style = element.get("stil") or STYLE_FOR_TAG[tag]
            prefix = (Run("att"), Run(kind="tab")) if tag == "att" else ()
            self.out.append(Paragraph(style, prefix + _runs(element), align=_align(element)))
        elif tag in ("ul", "ol"):
            self.listing(element, 0, next(self.list_ids))
        elif tag == "table":
            self.out.append(_table(element))
        else:
            raise _Fault(element, f"Okänd tagg <{tag}> i mallarnas uppmärkning. Tillåtna: "
                                  f"{', '.join(sorted([*STYLE_FOR_TAG, 'ul', 'ol', 'table']))}.")

    def listing(self, element: ET.Element, level: int, list_id: int, outer_style: str | None = None) -> None:
        ordered = element.tag == "ol"
        dash = _dash(element)
        default = "List Number" if ordered else "List Bullet"
        # A nested list keeps the outer list's paragraph style, so that the spacing between its
        # items is the same all through (Word drops it only between paragraphs of one style).
        style = element.get("stil") or outer_style or default
        start = _start(element)
        for item in element:
            if item.tag != "li":
                raise _Fault(item, f"I en lista får bara <li> stå, inte <{item.tag}>.")
            nested = [child for child in item if child.tag in ("ul", "ol")]
            runs = _runs(item, skip=("ul", "ol"))
            self.out.append(Paragraph(style, runs, ListInfo(list_id, level, ordered, start, dash)))
            for child in nested:
                # A list of the same kind continues the numbering one level down; a list of the
                # other kind (bullets inside a numbered list) has a numbering of its own.
                same_kind = (child.tag == "ol") == ordered
                self.listing(child, level + 1, list_id if same_kind else next(self.list_ids), style)


def _dash(element: ET.Element) -> bool:
    value = element.get("tecken")
    if value is None:
        return False
    if value != "streck" or element.tag != "ul":
        raise _Fault(element, f'tecken="{value}" går inte här; skriv <ul tecken="streck"> för en lista med tankstreck.')
    return True


def _start(element: ET.Element) -> int:
    value = element.get("start", "1")
    if not value.isdigit() or not 0 < int(value) < 10_000:
        raise _Fault(element, f'start="{value}" i en <ol> ska vara ett heltal från 1.')
    return int(value)

def _align(element: ET.Element) -> str | None:
    value = element.get("justera")
    if value is None:
        return None
    if value not in _ALIGN:
        raise _Fault(element, f"justera=\"{value}\" finns inte; välj höger, vänster eller mitten.")
    return _ALIGN[value]


def _runs(element: ET.Element, bold: bool = False, italic: bool = False,
          skip: tuple[str, ...] = ()) -> tuple[Run, ...]:
    if not len(element):  # the common case (a table cell, a plain paragraph): text alone
        text = _SPACE.sub(" ", element.text or "").strip(" ")
        return (Run(text, bold, italic),) if text else ()
    pieces: list[Run] = []
    _collect(element, bold, italic, skip, pieces)
    return _tidy(pieces)


def _collect(element: ET.Element, bold: bool, italic: bool, skip: tuple[str, ...], out: list[Run]) -> None:
    if element.text:
        out.append(Run(element.text, bold, italic))
    for child in element:
        if child.tag in skip:
            pass
        elif child.tag == "br":
            out.append(Run(kind="break"))
        elif child.tag == "tab":
            out.append(Run(kind="tab"))
        elif child.tag in ("b", "i"):
            _collect(child, bold or child.tag == "b", italic or child.tag == "i", skip, out)
        else:
            raise _Fault(child, f"<{child.tag}> får inte stå inne i text; tillåtet är {', '.join(sorted(_INLINE))}.")
        if child.tail:
            out.append(Run(child.tail, bold, italic))


def _tidy(pieces: list[Run]) -> tuple[Run, ...]:
    """Collapse whitespace across runs, drop it at the paragraph's edges and after breaks."""
    if len(pieces) == 1 and pieces[0].kind == "text":  # the common case: one plain run
        only = pieces[0]
        text = _SPACE.sub(" ", only.text).strip(" ")
        return (Run(text, only.bold, only.italic),) if text else ()
    result: list[Run] = []
    space_before = True  # at the start, leading space is dropped
    for run in pieces:
        if run.kind != "text":
            if result and result[-1].kind == "text" and result[-1].text.endswith(" "):
                last = result[-1]
                result[-1] = Run(last.text.rstrip(" "), last.bold, last.italic)
            result.append(run)
            space_before = True
            continue
        text = _SPACE.sub(" ", run.text)
        if space_before:
            text = text.lstrip(" ")
        if not text:
            continue
        space_before = text.endswith(" ")
        if result and result[-1].kind == "text" and (result[-1].bold, result[-1].italic) == (run.bold, run.italic):
            result[-1] = Run(result[-1].text + text, run.bold, run.italic)
        else:
            result.append(Run(text, run.bold, run.italic))
    if result and result[-1].kind == "text":
        last = result[-1]
        stripped = last.text.rstrip(" ")
        result[-1] = Run(stripped, last.bold, last.italic)
        if not stripped:
            result.pop()
    return tuple(r for r in result if r.kind != "text" or r.text)


def _table(element: ET.Element) -> Table:
    caption = element.get("beskrivning")
    if not caption:
        raise _Fault(element, "En <table> måste ha beskrivning=\"…\" (en tabelltext för skärmläsare).")
    rows: list[tuple[Cell, ...]] = []
    header_rows = 0
    for tr in element:
        if tr.tag != "tr":
            raise _Fault(tr, f"I en tabell får bara <tr> stå, inte <{tr.tag}>.")
        cells = []
        for td in tr:
            if td.tag not in ("th", "td"):
                raise _Fault(td, f"I en tabellrad får bara <th> och <td> stå, inte <{td.tag}>.")
            header = td.tag == "th"
            paragraph = Paragraph("Tabelltext", _runs(td, header), None, _align(td))
            cells.append(Cell((paragraph,), header))
        if cells and all(c.header for c in cells) and header_rows == len(rows):
            header_rows += 1
        rows.append(tuple(cells))
    shown = element.get("bildtext", "ja")
    if shown not in ("ja", "nej"):
        raise _Fault(element, f"bildtext=\"{shown}\" ska vara ja eller nej.")
    return Table(tuple(rows), caption, header_rows, shown == "ja")
