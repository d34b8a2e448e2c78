"""python-docx makes an organisation's own Word memo or template into a reference document for memo.

The second of the two places that import python-docx (the first, :mod:`memo.word.prepare`,
reads a reference document for writing; this package makes one). It keeps what makes the
organisation's memo its own — page size and margins, fonts, styles, header and footer with
their logo — takes out what must not reach a memo (comments, tracked changes, bound content
controls, hidden text, personal properties, every section but the first: :mod:`memo.word.clean`),
empties the body, adds the styles memo needs that the document lacks
(:data:`memo.profile.styles.STYLES`, each based on the document's own), a bullet and a numbered list
definition where there are none, Swedish as the document's language, and turns the header's and
footer's sample values under their labels and its document type into placeholders
(:mod:`memo.word.fromtemplate.headerfooter`).
What it did and what is left for a person is returned as Swedish lines, with the profile's values the
template showed (its document type, its förvaltning).
"""

from __future__ import annotations

import io
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
from memo.profile.headerfields import names
from memo.profile.styles import STYLES, StyleSpec
from memo.word.clean import clean
from memo.word.fromtemplate.headerfooter import header_and_footer, header_stories
from memo.word.fromtemplate.own import own_placeholders
from memo.word.package import DocxPackage

__all__ = ["MadeReference", "make_reference"]

_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


class MadeReference(NamedTuple):
    data: bytes
    done: list[str]
    todo: list[str]
    #: The profile's values the template showed, by the profile's key ("dokumenttyp": "Tjänsteskrivelse").
    profile: dict[str, str]
    #: The template's own placeholders, not memo's, with their labels: the profile's own fields (``egna_falt``).
    own: tuple[tuple[str, str], ...] = ()


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
    except KeyError as exc:  # a part the document names is not in the package
        raise ProfileError(f"Filen går inte att öppna som Word-dokument: en del som den hänvisar till saknas "
                           f"({str(exc.args[0] if exc.args else exc)[:120]}). Spara om den i Word som .docx.",
                           where) from None
    except (ValueError, OSError, UnicodeDecodeError, SyntaxError):  # lxml's XMLSyntaxError is a SyntaxError
        raise ProfileError("Filen går inte att öppna som Word-dokument: dess XML är skadad. Spara om den i Word "
                           "som .docx.", where) from None


def make_reference(path: Path, data: bytes, logo_alt: str | None = None,
                   organisation: str | None = None) -> MadeReference:
    """Make the Word document in ``data`` (read from ``path``) into a reference document for memo
    (``organisation``, its name, is not sample data in its header)."""
    document = _open(path, data)
    if not len(document.sections):
        raise ProfileError("Dokumentet saknar sidinställningar (w:sectPr); öppna och spara om det i Word.",
                           Location(path))
    done: list[str] = []
    cleaned = clean(document)  # before the body goes: its section breaks are in it
    todo = list(cleaned.todo)
    body = document.element.body
    removed = [child for child in body if child.tag != qn("w:sectPr")]
    for child in removed:
        body.remove(child)
    if removed:
        done.append(f"Tömde brödtexten ({len(removed)} stycken och tabeller); sidformat och marginaler är kvar.")
    done += cleaned.done
    _swedish(document, done)
    _add_styles(document, done)
    _add_lists(document, done)
    _lists_in_schema_order(document, done)
    _package_parts(document, done)
    found = header_and_footer(document, logo_alt, done, todo, organisation)
    own = own_placeholders((part.element for part, _ in header_stories(document)), names())
    properties = document.core_properties  # emptied by clean() where they held anything; written the same way
    properties.title = properties.subject = properties.keywords = properties.comments = ""
    properties.author = properties.last_modified_by = ""
    out = io.BytesIO()
    document.save(out)
    return MadeReference(_steady(out.getvalue()), done, todo, found, tuple(own.items()))


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
