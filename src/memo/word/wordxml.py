"""WordprocessingML for the memo's body, written as text.

Pure functions from document blocks to ``w:p`` and ``w:tbl`` markup; the writer splices
the result into the reference document's body. Building one string and handing it to
the XML parser once keeps long memos linear (python-docx's ``add_paragraph`` and
``table.cell()`` are not).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from html import escape

from memo.fonts.widths import FontWidths
from memo.renderer.blocks import Block, ListInfo, Paragraph, Run, Table
from memo.word.tablewidths import column_widths

__all__ = ["KEEP_TOGETHER_ROWS", "KEEP_WITH_PREVIOUS", "RANGE_STYLES", "TEXT_WIDTH", "body_xml", "composed",
           "join_ranges", "list_ids"]

#: The text width of an A4 page with the shipped reference documents' margins, in twentieths
#: of a point; the writer passes the reference document's own width.
TEXT_WIDTH = 8504
#: Tables with at most this many rows are kept on one page.
KEEP_TOGETHER_ROWS = 20
_JC = {"right": "right", "left": "left", "center": "center"}
#: The paragraph styles that keep with the paragraph before them: the signature and the sändlista end the
#: memo together with the last lines of its text, never alone at the top of a page. The paragraph before
#: each of them gets ``w:keepNext`` (Word and LibreOffice both honour it on a paragraph, and a paragraph
#: that may split still moves only its last lines, as widow control allows).
KEEP_WITH_PREVIOUS = frozenset({"Underskrift", "Underskriftstitel", "Sändlista rubrik", "Sändlista"})
#: The paragraph styles in which a range of numbers ("2027–2035") never breaks after its dash: a WORD
#: JOINER (U+2060) follows the en dash. Body text is left as written, so that a search for the range finds it.
RANGE_STYLES = frozenset({"Title", "heading 1", "heading 2"})
_RANGE = re.compile("(?<=[0-9])\u2013(?=[0-9])")


StyleId = Callable[[str], str]


def list_ids(blocks: Sequence[Block]) -> list[ListInfo]:
    """Each list in the memo once, in order, as its first paragraph has it (id, kind, first number)."""
    seen: dict[int, ListInfo] = {}
    for block in blocks:
        if isinstance(block, Paragraph) and block.list is not None and block.list.list_id not in seen:
            seen[block.list.list_id] = block.list
    return list(seen.values())


def body_xml(blocks: Sequence[Block], style_id: StyleId, num_ids: Mapping[int, int], text_width: int,
             table_font: Callable[[], FontWidths]) -> str:
    """The body's paragraphs and tables as one string (prefix ``w:`` for the main namespace); ``table_font``
    gives the widths of a table's text, which size its columns (asked only when there is a table)."""
    style_id = functools.cache(style_id)  # looked up once per style name: a long memo asks thousands of times
    out: list[str] = []
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index < last else None
        keep = isinstance(following, Paragraph) and following.style in KEEP_WITH_PREVIOUS
        if isinstance(block, Table):
            _table(block, style_id, num_ids, out, text_width, table_font, keep)
        else:
            out.append(_paragraph(block, style_id, num_ids, keep))
    return "".join(out)


def join_ranges(text: str) -> str:
    """``text`` with a WORD JOINER after each en dash between digits, so that no line ends in the range's dash.

    >>> join_ranges("Plan 2027–2035, sidorna 4–5 och A–B") == "Plan 2027–\u20602035, sidorna 4–\u20605 och A–B"
    True
    """
    return _RANGE.sub("\u2013\u2060", text) if "\u2013" in text else text


def composed(text: str) -> str:
    """``text`` in composed Unicode (NFC): a case built in Python may hold decomposed letters, which Word's
    search and sorting do not match with the composed ones.

    >>> composed("Va\u0308stera\u030as") == "Västerås"
    True
    """
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _run(run: Run, ranges: bool = False) -> str:
    if run.kind == "tab":
        return "<w:r><w:tab/></w:r>"
    if run.kind == "break":
        return "<w:r><w:br/></w:r>"
    props = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
    start = f"<w:r><w:rPr>{props}</w:rPr>" if props else "<w:r>"
    text = run.text if run.text.isascii() else composed(run.text)
    if ranges:
        text = join_ranges(text)
    if "\n" not in text and "\t" not in text:  # the common case: one piece of text
        return f'{start}<w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r>'
    pieces = [start]
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if part:
                pieces.append(f'<w:t xml:space="preserve">{escape(part, quote=False)}</w:t>')
    pieces.append("</w:r>")
    return "".join(pieces)


def _paragraph(paragraph: Paragraph, style_id: StyleId, num_ids: Mapping[int, int], keep_next: bool = False) -> str:
    ppr = f'<w:pStyle w:val="{style_id(paragraph.style)}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if paragraph.list is not None:
        ppr += (f'<w:numPr><w:ilvl w:val="{min(paragraph.list.level, 8)}"/>'
                f'<w:numId w:val="{num_ids[paragraph.list.list_id]}"/></w:numPr>')
    if paragraph.align is not None:
        ppr += f'<w:jc w:val="{_JC[paragraph.align]}"/>'
    runs = paragraph.runs
    ranges = paragraph.style in RANGE_STYLES
    text = _run(runs[0], ranges) if len(runs) == 1 else "".join([_run(r, ranges) for r in runs])
    return f"<w:p><w:pPr>{ppr}</w:pPr>{text}</w:p>"


def _table(table: Table, style_id: StyleId, num_ids: Mapping[int, int], out: list[str], width: int,
           font: Callable[[], FontWidths], keep_last: bool = False) -> None:
    """The table after its caption; ``keep_last``: its last row keeps with the paragraph after the table."""
    widths = column_widths(table, width, font())
    columns = len(widths)
    if table.shown_caption:
        out.append(_paragraph(Paragraph("caption", (Run(table.caption),)), style_id, num_ids))
    out.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id("Table Grid")}"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/>'
               f'<w:tblCaption w:val="{escape(table.caption)}"/>'
               f'<w:tblDescription w:val="{escape(table.caption)}"/></w:tblPr><w:tblGrid>')
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")
    cell_starts = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
    # A short table is kept on one page: every row but the last keeps with the next.
    keep_together = len(table.rows) <= KEEP_TOGETHER_ROWS
    last = len(table.rows) - 1
    for index, row in enumerate(table.rows):
        keep = (keep_together and index < last) or (keep_last and index == last)
        out.append("<w:tr>")
        if index < table.header_rows:
            out.append("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for column, cell in enumerate(row):
            out.append(cell_starts[min(column, columns - 1)])
            for paragraph in cell.paragraphs:
                out.append(_paragraph(paragraph, style_id, num_ids, keep))
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
