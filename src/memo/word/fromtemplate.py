"""python-docx makes an organisation's own Word memo or template into a reference document for memo.

The second of the two modules that import python-docx (the first, :mod:`memo.word.prepare`,
reads a reference document for writing; this one makes one). It keeps what makes the
organisation's memo its own — page size and margins, fonts, styles, header and footer with
their logo — empties the body, adds the styles memo needs that the document lacks
(:data:`memo.profile.styles.STYLES`, each based on the document's own), a bullet and a numbered list
definition where there are none, Swedish as the document's language, and turns header and
footer text that looks like a diarienummer, a date or a handläggare into placeholders.
What it did and what is left for a person is returned as Swedish lines.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart

from memo.errors import DocumentError, Location, ProfileError
from memo.profile.styles import STYLES, StyleSpec
from memo.word.package import DocxPackage

__all__ = ["MadeReference", "make_reference"]

_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
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
#: and the placeholder for what it labels.
_LABELS = {
    "datum": "datum", "dnr": "diarienummer", "diarienummer": "diarienummer", "diarienr": "diarienummer",
    "vår beteckning": "diarienummer", "er beteckning": "er_beteckning",
    "er referens": "er_beteckning", "ert datum": "ert_datum", "sammanträdesdatum": "sammantradesdatum",
    "handläggare": "handlaggare", "namn": "handlaggare", "titel": "handlaggare_titel", "enhet": "enhet",
    "avdelning": "enhet", "förvaltning": "forvaltning", "e-post": "handlaggare_epost",
    "telefon": "handlaggare_telefon", "till": "till", "mottagare": "till", "rubrik": "rubrik",
    "dokumenttyp": "dokumenttyp",
}
_PROMPT = re.compile(r"\[([^\[\]]{2,30})\]")


class MadeReference(NamedTuple):
    data: bytes
    done: list[str]
    todo: list[str]


def _open(path: Path, data: bytes) -> Any:
    where = Location(path)
    try:
        with DocxPackage(io.BytesIO(data), path) as package:  # damaged, encrypted, macros, a zip bomb: refused here
            parts = package.read_all()
    except DocumentError as exc:
        raise ProfileError(exc.message, where) from None
    try:
        types = parts.get("[Content_Types].xml", b"").decode("utf-8")
        if _TEMPLATE in types:  # a .dotx: the same package with the template's content type
            out = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(data)) as archive, \
                    zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in archive.infolist():
                    content = parts[info.filename]
                    if info.filename == "[Content_Types].xml":
                        content = types.replace(_TEMPLATE, _MAIN).encode("utf-8")
                    target.writestr(info, content)
            data = out.getvalue()
        return docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, OSError, UnicodeDecodeError, SyntaxError) as exc:  # lxml's XMLSyntaxError is one
        raise ProfileError(f"Filen går inte att öppna som Word-dokument ({type(exc).__name__}: {exc}). Spara om "
                           "den i Word som .docx.", where) from None


def make_reference(path: Path, data: bytes, logo_alt: str | None = None) -> MadeReference:
    """Make the Word document in ``data`` (read from ``path``) into a reference document for memo."""
    document = _open(path, data)
    if not len(document.sections):
        raise ProfileError("Dokumentet saknar sidinställningar (w:sectPr); öppna och spara om det i Word.",
                           Location(path))
    done: list[str] = []
    todo: list[str] = []
    body = document.element.body
    removed = [child for child in body if child.tag != qn("w:sectPr")]
    for child in removed:
        body.remove(child)
    if removed:
        done.append(f"Tömde brödtexten ({len(removed)} stycken och tabeller); sidformat och marginaler är kvar.")
    _swedish(document, done)
    _add_styles(document, done)
    _add_lists(document, done)
    _lists_in_schema_order(document, done)
    _package_parts(document, done)
    _stories(document, logo_alt, done, todo)
    properties = document.core_properties
    properties.title = properties.subject = properties.keywords = properties.comments = ""
    properties.author = properties.last_modified_by = ""
    out = io.BytesIO()
    document.save(out)
    return MadeReference(_steady(out.getvalue()), done, todo)


def _steady(data: bytes) -> bytes:
    """The package with every part dated the same: one document always gives the same reference, byte for byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            steady = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            steady.compress_type = zipfile.ZIP_DEFLATED
            steady.external_attr = 0o100644 << 16
            target.writestr(steady, source.read(info))
    return out.getvalue()


def _swedish(document: Any, done: list[str]) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = parse_xml(f"<w:rPrDefault {nsdecls('w')}/>")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    before = language.get(qn("w:val")) if language is not None else None
    if before != "sv-SE":
        if language is None:
            language = parse_xml(f"<w:lang {nsdecls('w')}/>")
            properties.append(language)
        language.set(qn("w:val"), "sv-SE")
        done.append(f"Satte dokumentets språk till svenska (sv-SE){f', i stället för {before}' if before else ''}.")
    for lang in styles.iter(qn("w:lang")):  # a style in another language would carry it into the PDF
        if lang is not language and (lang.get(qn("w:val")) or "sv").lower()[:2] != "sv":
            lang.set(qn("w:val"), "sv-SE")


def _find_style(document: Any, name: str) -> Any:
    key = name.casefold().replace(" ", "")
    for style in document.styles:
        if style.name is not None and style.name.casefold().replace(" ", "") == key:
            return style
    return None


def _add_styles(document: Any, done: list[str]) -> None:
    added: list[str] = []
    for spec in STYLES:
        if _find_style(document, spec.name) is not None:
            continue
        _add_style(document, spec)
        added.append(spec.name)
    if added:
        done.append(f"Lade till formatmallarna {', '.join(added)}, byggda på dokumentets egna.")


def _add_style(document: Any, spec: StyleSpec) -> None:
    kind = "table" if spec.table else "paragraph"
    base = next((s for s in (_find_style(document, n) for n in (*spec.based_on, "Normal")) if s is not None), None)
    based = f'<w:basedOn w:val="{base.style_id}"/>' if base is not None and not spec.table else ""
    table = ('<w:tblPr><w:tblBorders>' + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                                                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
             + '</w:tblBorders></w:tblPr>') if spec.table else ""
    ppr = f"<w:pPr>{spec.ppr}</w:pPr>" if spec.ppr else ""
    rpr = f"<w:rPr>{spec.rpr}</w:rPr>" if spec.rpr else ""
    element = parse_xml(f'<w:style {nsdecls("w")} w:type="{kind}" w:customStyle="1" w:styleId="{spec.style_id}">'
                        f'<w:name w:val="{spec.name}"/>{based}<w:qFormat/>{ppr}{rpr}{table}</w:style>')
    if _find_style_id(document, spec.style_id):
        element.set(qn("w:styleId"), f"{spec.style_id}Memo")
    document.styles.element.append(element)


def _find_style_id(document: Any, style_id: str) -> bool:
    return any(s.get(qn("w:styleId")) == style_id for s in document.styles.element.findall(qn("w:style")))


def _standard_part(name: str) -> bytes:
    """A part of memo's standard reference document (a theme, list definitions) for a document without one."""
    from memo.profile.load import DEFAULT_PROFILE, packaged_folder

    with zipfile.ZipFile(packaged_folder(DEFAULT_PROFILE) / "referens.docx") as standard:
        return standard.read(name)


def _numbering(document: Any) -> Any:
    try:
        return document.part.numbering_part.element
    except NotImplementedError:  # python-docx makes none: memo's standard one goes in
        part = NumberingPart.load(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                                  _standard_part("word/numbering.xml"), document.part.package)
        document.part.relate_to(part, RT.NUMBERING)
        return part.element


def _add_lists(document: Any, done: list[str]) -> None:
    numbering = _numbering(document)
    formats = {fmt.get(qn("w:val")) for fmt in numbering.iter(qn("w:numFmt"))}
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    added = []
    for fmt, text in (("bullet", "•"), ("decimal", "%1.")):
        if fmt in formats:
            continue
        abstract_id = max(ids, default=-1) + 1
        ids.append(abstract_id)
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text.replace("1", str(level + 1))}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{360 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>' for level in range(3))
        element = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                            f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)  # every abstractNum comes before the first num
        else:
            numbering.append(element)
        added.append("punktlista" if fmt == "bullet" else "numrerad lista")
    if added:
        done.append(f"Lade till listdefinitioner: {' och '.join(added)}.")


#: The order ECMA-376 gives a list level's children (LibreOffice writes pStyle too early).
_LEVEL_ORDER = ("start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText", "lvlPicBulletId", "legacy",
                "lvlJc", "pPr", "rPr")


def _lists_in_schema_order(document: Any, done: list[str]) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_LEVEL_ORDER)}
    mended = 0
    for level in _numbering(document).iter(qn("w:lvl")):
        children = list(level)
        ordered = sorted(children, key=lambda child: rank.get(child.tag, len(rank)))
        if ordered != children:
            mended += 1
            for child in children:
                level.remove(child)
            level.extend(ordered)
    if mended:
        done.append(f"Ordnade {mended} listnivåer i den ordning Word-formatet kräver.")


def _package_parts(document: Any, done: list[str]) -> None:
    """Drop ``stylesWithEffects`` (Word's copy of the styles, stale once styles are added; Word makes it anew),
    and give a document without a theme memo's standard one (the format requires a theme part)."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
            part.rels.pop(rel_id, None)
    if not any(rel.reltype == RT.THEME for rel in part.rels.values()):
        theme = _standard_part("word/theme/theme1.xml")
        part.relate_to(Part(PackURI("/word/theme/theme1.xml"), CT.OFC_THEME, theme, part.package), RT.THEME)
        done.append("Lade till ett färgtema (dokumentet saknade ett, och Word-formatet kräver det).")


def _stories(document: Any, logo_alt: str | None, done: list[str], todo: list[str]) -> None:
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
    else:
        todo.append("Ingen text i sidhuvud eller sidfot såg ut som diarienummer, datum eller handläggare. Skriv "
                    "platshållare som {{ diarienummer }} och {{ datum }} där de ska stå (se README).")
    fields = [i.text or "" for part in parts for i in part.element.iter(qn("w:instrText"))]
    fields += [f.get(qn("w:instr")) or "" for part in parts for f in part.element.iter(qn("w:fldSimple"))]
    if not any("PAGE" in field for field in fields):
        todo.append("Sidhuvudet har inget sidnummer; lägg till fälten Sidnummer och Antal sidor i Word om "
                    "PM:et ska visa 'sidan 1 (3)'.")


def _logo_text(parts: list[Any], logo_alt: str | None, done: list[str], todo: list[str]) -> None:
    """The pictures in header and footer (the logo) get ``logo_alt``, or a to-do where they have no alt text."""
    pictures = [d for part in parts for d in part.element.iter(qn("wp:docPr"))]
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


def _paragraph_text(paragraph: Any) -> tuple[str, list[int]]:
    """The paragraph's text with its tabs and line breaks, and for each character its offset in the ``w:t`` texts
    alone (what :func:`memo.word.prepare.replace_span` counts in); a tab or break has the offset of what follows."""
    text: list[str] = []
    offsets: list[int] = []
    position = 0
    for element in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
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
            replace_span(list(paragraph.iter(qn("w:t"))), offsets[start], offsets[end], "{{ " + label + " }}")
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
