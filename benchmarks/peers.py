"""The peers memo is measured against, each writing *the same memo*.

The memo's content is read back from memo's own DOCX output (only through the public
``memo.render``), so the peers get exactly the paragraphs, lists, table rows and texts
that memo wrote — already formatted (numbers, dates), already split into paragraphs.
That is generous to the peers: memo starts from a YAML file (or a validated case) and
does the parsing, checks, Markdown, Swedish formatting and templating itself.

* :func:`render_docxtpl` — docxtpl on an equivalent Word template (built by
  ``make_template.py`` on memo's own reference document, one Jinja block per section);
* :func:`render_plain` — python-docx writing the memo directly on its default template
  (``Document()``, ``add_heading``/``add_paragraph``/``add_table``), the "plain python-docx"
  baseline, written the way its documentation shows (``add_row().cells``, never
  ``table.cell()``);
* :func:`pandoc_markdown` — the same memo as Markdown for ``pandoc --reference-doc``.

Limits of the equivalence, all in the peers' favour: docxtpl writes each paragraph as
one plain run (no bold/italic inside running text, which would need ``RichText``), does
not restart numbered lists, and leaves an empty paragraph where memo removes the unused
logo placeholder; plain python-docx uses its default styles instead of memo's.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

#: memo's paragraph style ids (in its reference documents) → what the paragraph is.
KINDS = {
    "Title": "title",
    "Heading1": "h1",
    "Heading2": "h2",
    "Normal": "p",
    "ListBullet": "ul",
    "ListNumber": "ol",
    "Beslutspunkt": "ol",
    "Att-sats": "att",
    "Beslutsinledning": "inledning",
    "Underskrift": "underskrift",
    "Underskriftstitel": "underskriftstitel",
    "Sandlistarubrik": "sandlistarubrik",
    "Sandlista": "sandlista",
    "Caption": "caption",
}
#: Section headings memo writes → the section's key in the docxtpl context (``None``: by prefix).
SECTIONS = {
    "Förslag till beslut": "forslag",
    "Sammanfattning": "sammanfattning",
    "Ärendebeskrivning": "arendebeskrivning",
    "Ekonomiska konsekvenser": "ekonomi",
    "Uppföljning": "uppfoljning",
    "Beslutsunderlag": "beslutsunderlag",
    "Bilagor": "bilagor",
}
#: The sections the docxtpl template has, in memo's order (``memo.xml.j2``).
TEMPLATE_SECTIONS = ("sammanfattning", "arendebeskrivning", "konsekvenser", "ekonomi", "uppfoljning",
                     "beslutsunderlag", "bilagor")
TABLE_COLUMNS = 3  # amount columns the docxtpl template's table has (the generated cases use three)


@dataclass
class Para:
    kind: str
    runs: list[tuple[str, bool, bool]]
    align: str | None = None

    @property
    def text(self) -> str:
        return "".join(r[0] for r in self.runs)


@dataclass
class TableBlock:
    caption: str
    rows: list[list[str]]
    header_rows: int = 1


@dataclass
class Content:
    """The memo as the peers write it: ordered blocks plus header/footer values."""

    blocks: list[Para | TableBlock]
    header: dict[str, str] = field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        """The docxtpl context (JSON-serialisable)."""
        return docxtpl_context(self)


def _runs(p: Any) -> list[tuple[str, bool, bool]]:
    runs = []
    for r in p.iter(f"{_W}r"):
        rpr = r.find(f"{_W}rPr")
        bold = rpr is not None and rpr.find(f"{_W}b") is not None
        italic = rpr is not None and rpr.find(f"{_W}i") is not None
        text = []
        for child in r:
            if child.tag == f"{_W}t":
                text.append(child.text or "")
            elif child.tag == f"{_W}tab":
                text.append("\t")
            elif child.tag == f"{_W}br":
                text.append("\n")
        if text:
            runs.append(("".join(text), bold, italic))
    return runs


def _para(p: Any) -> Para:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    jc = p.find(f"{_W}pPr/{_W}jc")
    kind = KINDS.get(style.get(f"{_W}val") if style is not None else "Normal", "p")
    return Para(kind, _runs(p), jc.get(f"{_W}val") if jc is not None else None)


def extract(docx_bytes: bytes, header: dict[str, str] | None = None) -> Content:
    """Read memo's output back as :class:`Content`."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{_W}body")
    blocks: list[Para | TableBlock] = []
    caption = ""
    for child in body:
        if child.tag == f"{_W}p":
            para = _para(child)
            if para.kind == "caption":
                caption = para.text
            blocks.append(para)
        elif child.tag == f"{_W}tbl":
            rows, header_rows = [], 0
            for tr in child.iter(f"{_W}tr"):
                if tr.find(f"{_W}trPr/{_W}tblHeader") is not None:
                    header_rows += 1
                rows.append([_para(tc.find(f"{_W}p")).text for tc in tr.iter(f"{_W}tc")])
            blocks.append(TableBlock(caption, rows, header_rows))
    return Content(blocks, dict(header or {}))


def body_texts(docx_bytes: bytes) -> list[str]:
    """The body's paragraph texts in order (table cells included), for checking equivalence."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    texts = []
    for p in root.find(f"{_W}body").iter(f"{_W}p"):
        text = "".join(r[0] for r in _runs(p))
        if text.strip():
            texts.append(text)
    return texts


# --- docxtpl ------------------------------------------------------------------------------------


def _section_key(heading: str) -> str:
    if heading in SECTIONS:
        return SECTIONS[heading]
    if heading.startswith("Konsekvenser för"):
        return "konsekvenser"
    raise ValueError(f"the docxtpl template has no section for the heading {heading!r}")


def docxtpl_context(content: Content) -> dict[str, Any]:
    ctx: dict[str, Any] = {key: [] for key in TEMPLATE_SECTIONS}
    ctx.update({"rubrik": "", "beslutsinledning": "", "att_satser": [], "konsekvenser_rubrik": "",
                "tabell": None, "underskrift": [], "skickas_till": []})
    ctx.update(content.header)
    ctx["logo"] = ""
    section = None
    for block in content.blocks:
        if isinstance(block, TableBlock):
            if section != "ekonomi":
                raise ValueError("the docxtpl template has a table only under Ekonomiska konsekvenser")
            head, *rest = block.rows
            summa = rest.pop() if rest and rest[-1][0] == "Summa" else None
            if len(head) != TABLE_COLUMNS + 1:
                raise ValueError(f"the docxtpl template's table has {TABLE_COLUMNS} amount columns")
            ctx["tabell"] = {"beskrivning": block.caption, "rubrik": head[0], "kolumner": head[1:],
                             "rader": [{"post": r[0], "belopp": r[1:]} for r in rest],
                             "summa": summa[1:] if summa else None}
            continue
        kind, text = block.kind, block.text
        if kind == "title":
            ctx["rubrik"] = text
        elif kind == "h1":
            section = _section_key(text)
            if section == "konsekvenser":
                ctx["konsekvenser_rubrik"] = text
        elif kind == "inledning":
            ctx["beslutsinledning"] = text
        elif kind == "att":
            ctx["att_satser"].append(text.removeprefix("att\t"))
        elif kind == "underskrift":
            ctx["underskrift"].append({"namn": text, "titel": ""})
        elif kind == "underskriftstitel":
            ctx["underskrift"][-1]["titel"] = text
        elif kind == "sandlista":
            ctx["skickas_till"].append(text)
        elif kind in ("sandlistarubrik", "caption"):
            pass
        elif section in TEMPLATE_SECTIONS and kind in ("p", "ul", "ol"):
            ctx[section].append({"text": text, "lista": kind if kind != "p" else ""})
        else:
            raise ValueError(f"the docxtpl template has no place for a {kind!r} paragraph in {section!r}")
    return ctx


def render_docxtpl(template: bytes, context: dict[str, Any]) -> bytes:
    """docxtpl: open the template, render, save to bytes (the template is reopened per memo)."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(context, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


# --- plain python-docx --------------------------------------------------------------------------

_PLAIN_STYLE = {"ul": "List Bullet", "ol": "List Number", "caption": "Caption"}


def render_plain(content: Content) -> bytes:
    """python-docx on its default template, with the documented API."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    h = content.header
    header = document.sections[0].header
    header.paragraphs[0].text = f"{h.get('organisation', '')}\t\t{h.get('dokumenttyp', '')}"
    header.add_paragraph(f"{h.get('enhet', '')}, {h.get('handlaggare', '')}\t"
                         f"{h.get('sammantradesdatum', '')}\tDnr: {h.get('diarienummer', '')}")
    footer = document.sections[0].footer
    footer.paragraphs[0].text = (f"{h.get('organisation', '')}, {h.get('adress', '')}\t"
                                 f"E-post: {h.get('epost', '')}\t{h.get('webbplats', '')}")
    for block in content.blocks:
        if isinstance(block, TableBlock):
            columns = max(len(r) for r in block.rows)
            table = document.add_table(rows=0, cols=columns)
            table.style = "Table Grid"
            for index, values in enumerate(block.rows):
                cells = table.add_row().cells
                for column, (cell, value) in enumerate(zip(cells, values, strict=False)):
                    paragraph = cell.paragraphs[0]
                    run = paragraph.add_run(value)
                    if index < block.header_rows or values[0] == "Summa":
                        run.bold = True
                    if column:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        if block.kind == "title":
            document.add_heading(block.text, 0)
        elif block.kind in ("h1", "h2"):
            document.add_heading(block.text, 1 if block.kind == "h1" else 2)
        else:
            paragraph = document.add_paragraph(style=_PLAIN_STYLE.get(block.kind))
            for text, bold, italic in block.runs:
                run = paragraph.add_run(text)
                if bold or block.kind == "underskrift":
                    run.bold = True
                if italic:
                    run.italic = True
    properties = document.core_properties
    properties.title = next((b.text for b in content.blocks if isinstance(b, Para) and b.kind == "title"), "")
    properties.author = h.get("handlaggare", "")
    properties.language = "sv-SE"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- pandoc ------------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    out = text
    for ch in "\\*_[]#`<>|$":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\t", " ").replace("\n", "\\\n")


def pandoc_markdown(content: Content) -> str:
    """The memo as Pandoc Markdown (title block, headings, lists, a pipe table)."""
    lines: list[str] = []
    previous = None
    for block in content.blocks:
        if isinstance(block, TableBlock):
            head, *rest = block.rows
            lines.append("| " + " | ".join(_md_escape(c) for c in head) + " |")
            lines.append("|" + "|".join([":---"] + ["---:"] * (len(head) - 1)) + "|")
            lines.extend("| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rest)
            lines.append("")
            lines.append(f": {_md_escape(block.caption)}")
            lines.append("")
            previous = None
            continue
        kind, text = block.kind, _md_escape(block.text)
        if kind == "caption":
            continue
        if kind in ("ul", "ol"):
            lines.append(("- " if kind == "ul" else "1. ") + text)
        else:
            if previous in ("ul", "ol"):
                lines.append("")
            if kind == "title":
                lines.append(f"---\ntitle: \"{block.text}\"\nlang: sv-SE\n---")
            elif kind in ("h1", "h2"):
                lines.append(("# " if kind == "h1" else "## ") + text)
            else:
                lines.append(text)
            lines.append("")
        previous = kind
    return "\n".join(lines) + "\n"


# --- passing the content to a probe process ----------------------------------------------------


def content_to_json(content: Content) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    for b in content.blocks:
        if isinstance(b, TableBlock):
            blocks.append({"table": b.caption, "rows": b.rows, "header_rows": b.header_rows})
        else:
            blocks.append({"kind": b.kind, "runs": b.runs, "align": b.align})
    return {"blocks": blocks, "header": content.header}


def content_from_json(data: dict[str, Any]) -> Content:
    blocks: list[Para | TableBlock] = []
    for b in data["blocks"]:
        if "table" in b:
            blocks.append(TableBlock(b["table"], b["rows"], b["header_rows"]))
        else:
            blocks.append(Para(b["kind"], [tuple(r) for r in b["runs"]], b["align"]))
    return Content(blocks, data["header"])
