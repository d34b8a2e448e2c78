"""The reference's header and footer: placeholders where memo fills in, the logo's alt text.

Header and footer text that looks like a diarienummer, a date or a handläggare — a label's
value ("Dnr KS 2024/12"), a value under a label cell in a header table, or a prompt in
brackets ("[Handläggare]") — becomes the placeholder memo fills in (``{{ diarienummer }}``),
the logo gets its alt text, and a document without header text gets memo's own header and
footer.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from memo.profile.headerfields import labels

__all__ = ["header_and_footer"]

#: Header and footer text that memo fills in: a label's value, or a value standing alone.
# A value starts with a letter or digit and runs to a tab, a line break or the end.
_UNTIL_TAB = r"[^\s:.\x00][^\t\n\x00]*?(?=[ \u00a0]*(?:[\t\n\x00]|$))"
_DATE = r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"
_FIELDS = (
    ("diarienummer", re.compile(r"\b(?:Dnr|Diarienummer|Diarienr|Vår beteckning)\b\.?:?[ \u00a0]*"
                                r"(?P<value>[A-ZÅÄÖ]{0,6}[ \u00a0]?\d{2,4}[/-]\d{1,6}(?:[:.-]\d+)?(?!\S)|"
                                + _UNTIL_TAB + ")", re.IGNORECASE)),
    ("er_beteckning", re.compile(r"\bEr beteckning\b:?[ \u00a0]*(?P<value>" + _UNTIL_TAB + ")", re.IGNORECASE)),
    ("handlaggare", re.compile(r"\bHandläggare\b:?[ \u00a0]*(?P<value>" + _UNTIL_TAB + ")", re.IGNORECASE)),
    ("sammantradesdatum", re.compile(r"\bSammanträdesdatum\b:?\s*(?P<value>" + _DATE + ")", re.IGNORECASE)),
    ("ert_datum", re.compile(r"\bErt datum\b:?\s*(?P<value>" + _DATE + ")", re.IGNORECASE)),
    # The memo's date: after the label Datum, or a date standing alone (not "Beslutsdatum", "fastställd …").
    ("datum", re.compile(r"(?:\bDatum\b:?[ \u00a0]*|(?:^|(?<=\t))[ \u00a0]*)(?P<value>" + _DATE + ")",
                         re.IGNORECASE | re.MULTILINE)),
)
_PLACEHOLDER = re.compile(r"\{\{\s*[a-z_]+\s*\}\}")
#: A label in a memo template (a header cell above its value, or a prompt in brackets: "[Handläggare]")
#: and the placeholder for what it labels: the placeholders' own labels (memo.profile.headerfields).
_LABELS = labels()
_PROMPT = re.compile(r"\[([^\[\]]{2,30})\]")


def header_and_footer(document: Any, logo_alt: str | None, done: list[str], todo: list[str]) -> None:
    """Placeholders in the header and footer, the logo's alt text, or memo's own header and footer.

    What was done goes into ``done``, what is left for a person into ``todo``.
    """
    parts = [rel.target_part for rel in document.part.rels.values() if rel.reltype in (RT.HEADER, RT.FOOTER)]
    _logo_text(parts, logo_alt, done, todo)
    headers = [p for p in parts if "header" in p.partname]
    texts = [t for part in parts for t in part.element.iter(qn("w:t")) if t.text]
    if not headers or not texts:
        _add_header_and_footer(document)
        done.append("Dokumentet hade inget sidhuvud med text: lade till ett med organisationens namn, sidnumret "
                    "'N (M)', dokumenttypen, diarienummer och datum, och en sidfot med adressen.")
        return
    turned: list[str] = []
    for part in parts:
        for table in part.element.iter(qn("w:tbl")):
            turned.extend(_labelled_cells(table))
        for paragraph in part.element.iter(qn("w:p")):
            turned.extend(_placeholders_in(paragraph))
    if turned:
        done.append("Gjorde om text i sidhuvud och sidfot till platshållare: " + "; ".join(turned) + ".")
    elif not _PLACEHOLDER.search("".join(t.text or "" for t in texts)):  # none written, none made of a control
        todo.append("Ingen text i sidhuvud eller sidfot såg ut som diarienummer, datum eller handläggare. Skriv "
                    "platshållare som {{ diarienummer }} och {{ datum }} där de ska stå (se README).")
    fields = [i.text or "" for part in parts for i in part.element.iter(qn("w:instrText"))]
    fields += [f.get(qn("w:instr")) or "" for part in parts for f in part.element.iter(qn("w:fldSimple"))]
    if not any("PAGE" in field for field in fields):
        todo.append("Sidhuvudet har inget sidnummer; lägg till fälten Sidnummer och Antal sidor i Word om "
                    "PM:et ska visa 'sidan 1 (3)'.")


def _logo_text(parts: list[Any], logo_alt: str | None, done: list[str], todo: list[str]) -> None:
    """The pictures in header and footer (the logo) get ``logo_alt``, or a to-do where they have no alt text.

    A text box or a shape is not a picture: it keeps its own alt text.
    """
    pictures = [d for part in parts for d in part.element.iter(qn("wp:docPr"))
                if d.getparent().find(f"{qn('a:graphic')}/{qn('a:graphicData')}/{qn('pic:pic')}") is not None]
    for picture in pictures:
        if logo_alt:
            picture.set("descr", logo_alt)
            picture.set("title", logo_alt)
        elif not (picture.get("descr") or "").strip():
            todo.append("Logotypen i sidhuvudet saknar alternativtext: kör igen med --logotext \"Kommunens "
                        "logotyp\" (i Python: logo_alt=...).")
    if pictures and logo_alt:
        done.append(f"Gav logotypen alternativtexten '{logo_alt}'.")


def _label(text: str) -> str | None:
    return _LABELS.get(" ".join(text.strip().rstrip(":").split()).casefold())


def _labelled_cells(table: Any) -> list[str]:
    """A header table's value cells under a label cell ("Datum" above "2018-08-28") become the label's placeholder."""
    from memo.word.prepare import cells_by_column, replace_span

    turned = []
    rows = table.findall(qn("w:tr"))
    for above, row in itertools.pairwise(rows):
        labels = cells_by_column(above)
        for column, cell in cells_by_column(row).items():
            label = labels.get(column)
            if label is None:
                continue
            name = _label("".join(t.text or "" for t in label.iter(qn("w:t"))))
            paragraphs = [p for p in cell.findall(qn("w:p")) if "".join(t.text or "" for t in p.iter(qn("w:t")))]
            if name is None or len(paragraphs) != 1:
                continue
            texts = list(paragraphs[0].iter(qn("w:t")))
            value = "".join(t.text or "" for t in texts)
            if _PLACEHOLDER.search(value):
                continue
            replace_span(texts, 0, len(value), "{{ " + name + " }}")
            turned.append(f"'{value.strip()}' → {{{{ {name} }}}}")
    return turned


def _own(paragraph: Any, *tags: str) -> list[Any]:
    """The elements named ``tags`` in ``paragraph`` itself, not in a text box's paragraphs within it (those are
    paragraphs of their own)."""
    return [element for element in paragraph.iter(*(qn(tag) for tag in tags))
            if next(element.iterancestors(qn("w:p")), None) is paragraph]


def _paragraph_text(paragraph: Any) -> tuple[str, list[int]]:
    """The paragraph's text with its tabs and line breaks, and for each character its offset in the ``w:t`` texts
    alone (what :func:`memo.word.prepare.replace_span` counts in); a tab or break has the offset of what follows."""
    text: list[str] = []
    offsets: list[int] = []
    position = 0
    for element in _own(paragraph, "w:t", "w:tab", "w:br", "w:cr"):
        if element.tag == qn("w:t"):
            for character in element.text or "":
                text.append(character)
                offsets.append(position)
                position += 1
        else:
            text.append("\t" if element.tag == qn("w:tab") else "\n")
            offsets.append(position)
    offsets.append(position)
    return "".join(text), offsets


def _placeholders_in(paragraph: Any) -> list[str]:
    """Turn what looks like a diarienummer, a date or a handläggare in ``paragraph`` into placeholders.

    Placeholders already there (written in the template, or just made) are not read again.
    """
    from memo.word.prepare import replace_span

    turned: list[str] = []
    if any(True for tag in ("w:fldChar", "w:fldSimple", "w:dataBinding") for _ in paragraph.iter(qn(tag))) or \
            any(ancestor.tag == qn("w:sdt") for ancestor in paragraph.iterancestors()):
        return turned  # Word computes a field's text and fills a bound control itself
    for pattern, name in [(_PROMPT, None), *((p, n) for n, p in _FIELDS)]:
        text, offsets = _paragraph_text(paragraph)
        masked = _PLACEHOLDER.sub(lambda m: "\x00" * len(m.group()), text)
        for match in reversed(list(pattern.finditer(masked))):
            group = 1 if name is None else "value"
            label = _label(match.group(1)) if name is None else name
            value = match.group(group) if name is not None else match.group(0)
            if label is None or "\x00" in value:
                continue
            start, end = match.span(0 if name is None else "value")
            replace_span(_own(paragraph, "w:t"), offsets[start], offsets[end], "{{ " + label + " }}")
            turned.append(f"'{value.strip()}' → {{{{ {label} }}}}")
    return turned


def _add_header_and_footer(document: Any) -> None:
    section = document.sections[-1]
    header = section.header
    header.is_linked_to_previous = False  # what the header holds (a picture) stays; memo's lines follow it
    first = header.add_paragraph()
    width = section.page_width - section.left_margin - section.right_margin if section.page_width else None
    if width:
        first.paragraph_format.tab_stops.add_tab_stop(width, alignment=2)  # right
    first.add_run("{{ organisation }}").bold = True
    first.add_run("\t")
    for instruction, shown in (("PAGE", "1"), (None, " ("), ("NUMPAGES", "1"), (None, ")")):
        if instruction is None:
            first.add_run(shown)
            continue
        run = first.add_run()
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
        run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>'))
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
        run._r.append(parse_xml(f'<w:t {nsdecls("w")}>{shown}</w:t>'))
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    header.add_paragraph("{{ dokumenttyp }}  Dnr {{ diarienummer }}  {{ datum }}")
    header.add_paragraph("{{ handlaggare }}, {{ enhet }}")
    footer = section.footer
    footer.is_linked_to_previous = False
    for line in ("{{ organisation }}", "{{ adress }}", "{{ webbplats }}"):
        footer.add_paragraph(line)
    styles = {s.get(qn("w:styleId")) for s in document.styles.element.findall(qn("w:style"))}
    for story in (header, footer):  # python-docx's own Header/Footer styles, which a foreign document may lack
        for style in list(story._element.iter(qn("w:pStyle"))):
            if style.get(qn("w:val")) not in styles:
                style.getparent().remove(style)
