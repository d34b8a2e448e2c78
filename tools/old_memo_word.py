"""The Word side of tools/old_memos.py: an old memo's blocks written as DOCX by python-docx, or as HTML that
LibreOffice converts to DOCX (and to .doc), in the forms the organisation published it; and the Word templates
that imitate the organisations' own, from which ``memo profil ny`` makes their profiles.

Every file is made the same way each time: the zip entries get one fixed timestamp, so that a re-run writes the
same bytes (LibreOffice's .doc aside: its text is the same, not its bytes).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from sample_profiles import _addressee, _document, _name_and_page, _page_number, _saved

# A line's role in the memo (one letter per body line of the .txt, see old_memos.MEMOS):
# T title, H heading, h sub-heading, P paragraph, + the previous paragraph continues (a page break or a wrapped line
# in the source), D decision point, L list item, R sändlista item, B a bold label line, S signature line,
# k a label and v its value in the table at the top of the body.
ROLES = "THhP+DLRBSkv"
TABLE_MARK = "|tabell|"  # where the header table stands among the header's lines
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_MARKER = re.compile(r"^(?:\d+\.|•|\uf0b7)\s*")
HTML_LEVELS = {"T": 1, "H": 2, "h": 3}  # <h1>-<h3>, which LibreOffice reads as "Heading 1"-"Heading 3"


def docx_styles(heading_style: str) -> dict[str, str]:
    """The paragraph style python-docx gives the title, a heading and a sub-heading."""
    return {"T": "Title", "H": heading_style, "h": "Heading 2"}


@dataclass(frozen=True)
class Layout:
    """How one memo was published: what tools/old_memos.MEMOS says of it, as the writers need it."""

    header_lines: tuple[str, ...]
    header_table: tuple[tuple[str, ...], ...]
    footer_lines: tuple[str, ...]
    heading_styles: bool
    heading_style: str
    decision_list: bool
    signature_table: tuple[tuple[str, str], ...]


def blocks(lines: Sequence[str], roles: str) -> list[tuple[str, str]]:
    """The memo's blocks as (role, text): one per line, a '+' line joined to the block before it."""
    if len(lines) != len(roles) or set(roles) - set(ROLES):
        raise ValueError(f"{len(lines)} lines but roles {roles!r}")
    result: list[tuple[str, str]] = []
    for role, line in zip(roles, lines, strict=True):
        if role == "+":
            previous_role, previous = result[-1]
            result[-1] = (previous_role, f"{previous} {line.strip()}")
        else:
            result.append((role, line))
    return result


def unmarked(text: str) -> str:
    """A list item's text without the number or bullet a Word list shows by itself."""
    return _MARKER.sub("", text.strip(), count=1)


def _bullet(text: str) -> bool:
    return text.strip().startswith(("•", "\uf0b7"))


def _label_rows(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """k/v blocks as table rows: a label, then its value if one follows (an empty value stays empty)."""
    rows: list[tuple[str, str]] = []
    for role, text in items:
        if role == "k":
            rows.append((text, ""))
        else:
            rows[-1] = (rows[-1][0], text)
    return rows


# --- python-docx --------------------------------------------------------------------------------------------------

def _outline_style(document: Any, name: str) -> None:
    """A paragraph style of the organisation's own name that Word shows in the navigation pane (outline level 1)."""
    if name in [style.name for style in document.styles]:
        return
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.bold = True
    style.font.size = Pt(12)
    style.paragraph_format.space_before = Pt(12)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))


def _fill(table: Any, rows: Sequence[Sequence[str]]) -> None:
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].text = text


def _header_and_footer(section: Any, layout: Layout) -> None:
    header, first = section.header, True
    for line in layout.header_lines:
        if line == TABLE_MARK:
            width = len(layout.header_table[0])
            _fill(header.add_table(rows=len(layout.header_table), cols=width, width=Cm(16)), layout.header_table)
            continue
        paragraph = header.paragraphs[0] if first else header.add_paragraph()
        paragraph.text, first = line, False
    footer = section.footer
    for index, line in enumerate(layout.footer_lines):
        paragraph = footer.paragraphs[0] if index == 0 else footer.add_paragraph()
        paragraph.add_run(line).font.size = Pt(8)


def write_docx(items: list[tuple[str, str]], layout: Layout, target: Path) -> None:
    """The memo as python-docx writes it."""
    document, section = _document((2.5, 2.5, 2, 2), "Times New Roman", "Arial", 12)
    _header_and_footer(section, layout)
    if layout.heading_styles:
        _outline_style(document, layout.heading_style)
    labels = [item for item in items if item[0] in "kv"]
    signed = False
    for role, text in items:
        if role in "kv":
            if labels:
                rows = _label_rows(labels)
                _fill(document.add_table(rows=len(rows), cols=2), rows)
                labels = []
            continue
        if role == "S" and layout.signature_table:
            if not signed:
                _fill(document.add_table(rows=len(layout.signature_table), cols=2), layout.signature_table)
                signed = True
            continue
        if role in "THh" and layout.heading_styles:
            document.add_paragraph(text, style=docx_styles(layout.heading_style)[role])
        elif role in "THhB":
            run = document.add_paragraph().add_run(text)
            run.bold = True
            if role == "T":
                run.font.size = Pt(14)
        elif role in "LR" or (role == "D" and layout.decision_list):
            style = "List Bullet" if role in "LR" or _bullet(text) else "List Number"
            document.add_paragraph(unmarked(text), style=style)
        else:
            document.add_paragraph(text)
    document.save(str(target))
    normalise(target)


# --- HTML through LibreOffice -----------------------------------------------------------------------------------

def _list_tag(role: str, text: str, layout: Layout) -> str | None:
    if role in "LR":
        return "ul"
    if role == "D" and layout.decision_list:
        return "ul" if _bullet(text) else "ol"
    return None


def html_page(title: str, items: list[tuple[str, str]], layout: Layout) -> str:
    """The memo as an HTML page whose header and footer divs LibreOffice reads as the page header and footer."""
    esc = html.escape
    out = ['<!DOCTYPE html>', '<html lang="sv"><head><meta charset="utf-8">', f"<title>{esc(title)}</title>",
           "<style>body{font-family:'Times New Roman';font-size:12pt}</style></head><body>"]
    if layout.header_lines:
        table = "".join("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>"
                        for row in layout.header_table)
        lines = [f"<table>{table}</table>" if line == TABLE_MARK else f"<p>{esc(line)}</p>"
                 for line in layout.header_lines]
        out.append('<div title="header">' + "".join(lines) + "</div>")
    labels = [item for item in items if item[0] in "kv"]
    open_list: str | None = None
    for role, text in items:
        tag = _list_tag(role, text, layout)
        if open_list and tag != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if tag:
            if not open_list:
                out.append(f"<{tag}>")
                open_list = tag
            out.append(f"<li>{esc(unmarked(text))}</li>")
        elif role in "kv":
            if labels:
                rows = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in _label_rows(labels))
                out.append(f'<table border="0">{rows}</table>')
                labels = []
        elif role in "THh" and layout.heading_styles:
            level = HTML_LEVELS[role]
            out.append(f"<h{level}>{esc(text)}</h{level}>")
        elif role in "THhB":
            size = ' style="font-size:14pt"' if role == "T" else ""
            out.append(f"<p><b{size}>{esc(text)}</b></p>")
        else:
            out.append(f"<p>{esc(text)}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    if layout.footer_lines:
        out.append('<div title="footer">' + "".join(f"<p>{esc(line)}</p>" for line in layout.footer_lines) + "</div>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def soffice(source: Path, target: Path, filter_name: str) -> None:
    """``source`` converted by LibreOffice with ``filter_name`` into ``target`` (its own user profile each time)."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is needed to write these memos")
    with tempfile.TemporaryDirectory(prefix="lo-oldmemos-") as work:
        profile = Path(work) / "profile"
        subprocess.run([binary, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", filter_name, "--outdir", work, str(source)],
                       check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": work})
        made = Path(work) / f"{source.stem}.{filter_name.split(':')[0]}"
        shutil.move(str(made), str(target))


def write_html_docx(title: str, items: list[tuple[str, str]], layout: Layout, target: Path) -> None:
    """The memo as LibreOffice writes it from the HTML page."""
    with tempfile.TemporaryDirectory(prefix="oldmemo-") as work:
        page = Path(work) / f"{target.stem}.html"
        page.write_text(html_page(title, items, layout), encoding="utf-8")
        soffice(page, target, "docx:MS Word 2007 XML")
    normalise(target)


def write_doc(source: Path, target: Path) -> None:
    """``source`` (.docx) as LibreOffice saves it in Word 97's binary format."""
    soffice(source, target, "doc:MS Word 97")


def normalise(path: Path) -> None:
    """The zip rewritten with one fixed timestamp and the core properties' dates left out."""
    with zipfile.ZipFile(path) as package:
        entries = [(info.filename, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            package.writestr(info, data)


# --- the organisations' templates (tools/sample_profiles.py has the others) ---------------------------------------

def goteborg(folder: Path) -> Path:
    """Göteborgs Stad's handling to the kommunfullmäktige: the body and the handling's number at the top, the city,
    the body and the page in the footer."""
    document, section = _document((2.5, 2.5, 2, 2), "Arial", "Arial", 11)
    header = section.header
    header.paragraphs[0].text = "Kommunfullmäktige"
    header.add_paragraph("Handling 2019 nr [Nummer]")
    _name_and_page(section.footer, "Göteborgs Stad kommunfullmäktige")
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def region_skane(folder: Path) -> Path:
    """Region Skåne's dagordning: a table in the header with the document type, the date and the page."""
    document, section = _document((2.5, 2.5, 2, 2), "Arial", "Arial", 11)
    header = section.header
    table = header.add_table(rows=1, cols=3, width=Cm(16))
    _fill(table, [("DAGORDNING", "Datum 2017-01-01", "")])
    _page_number(table.rows[0].cells[2].paragraphs[0])
    section.footer.paragraphs[0].text = "Region Skåne, Rådhus Skåne, 291 89 Kristianstad"
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def norrkoping(folder: Path) -> Path:
    """Norrköpings kommun's yttrande: the document type and page, the own diarienummer under its label, the
    handläggare's name and title under theirs, the addressee; the template's name in the footer."""
    document, section = _document((2.5, 2.5, 2, 2), "Times New Roman", "Arial", 12)
    header = section.header
    _name_and_page(header, "YTTRANDE", right=16)
    header.add_paragraph("Vårt diarienummer")
    header.add_paragraph("KS-[Nummer]")
    header.add_paragraph("Handläggare, titel, telefon")
    header.add_paragraph("[Handläggare], [titel]")
    _addressee(header, "[Till]")
    section.footer.paragraphs[0].text = "Ärendehandbok för Norrköpings kommun"
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)


def sollentuna(folder: Path) -> Path:
    """Sollentuna kommun's protokollsutdrag: the document type, the body, the meeting's date and the page in the
    header; the signature boxes in the footer."""
    document, section = _document((2.5, 2.5, 2, 2), "Arial", "Arial", 11)
    header = section.header
    _name_and_page(header, "Sammanträdesprotokoll", "Sidan ", right=16)
    header.add_paragraph("Kommunstyrelsens arbetsutskott")
    header.add_paragraph("Sammanträdesdatum 2016-01-01")
    section.footer.paragraphs[0].text = "Sign. Ordf. Justerare Exp. datum Sign."
    document.add_paragraph("Rubrik", style="Title")
    document.add_paragraph("Text.")
    return _saved(document, folder)
