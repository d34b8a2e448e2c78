"""Build the deliberately flawed DOCX files in this folder, one accessibility fault each.

Each file is the seed sample rendered by memo (with a logo and an economy table added, so
that images and tables are covered), then changed by XML surgery so that exactly one rule of
``memo granska`` fails. The file is named after that rule. The files stay schema-valid: the
faults are ones a validator cannot see. Run from the repository root to rebuild them::

    .venv/bin/python tests/flawed_docx/make_flawed.py
"""

from __future__ import annotations

import copy
import io
import shutil
import struct
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

import memo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEED = ROOT / "samples" / "foredragningspm-iuc-industrihubb.yaml"
STANDARD_REFERENCE = ROOT / "src" / "memo" / "profiles" / "standard" / "referens.docx"
LOGO_ALT = "Region Exempels logotyp"
_FIXED_TIME = (2026, 6, 1, 0, 0, 0)

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
W = f"{{{NS['w']}}}"
_DECLS = " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items() if p not in ("dc", "rel"))

Surgery = Callable[[dict[str, Any]], None]


def tiny_png(width: int = 8, height: int = 4) -> bytes:
    """A small valid PNG (a blue rectangle), written with zlib and struct only."""
    raw = b"".join(b"\x00" + b"\x1f\x4e\x9a" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def logo_profile(folder: Path) -> Path:
    """A profile folder like the standard one, with a logo (``{{ logo }}`` in its header)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STANDARD_REFERENCE, folder / "referens.docx")
    (folder / "logo.png").write_bytes(tiny_png())
    (folder / "profil.yaml").write_text(
        "namn: Region Exempel\nadress:\n  - Box 1, 100 00 Orten\n"
        f"logo:\n  fil: logo.png\n  alt: {LOGO_ALT}\n"
        "perspektiv: [miljö, barn, jämställdhet]\nreferensdokument: referens.docx\n", encoding="utf-8")
    return folder


def base_case() -> dict[str, Any]:
    """The seed sample as a mapping, with an economy table added."""
    case: dict[str, Any] = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    case["ekonomiska_konsekvenser"] = {
        "text": case["ekonomiska_konsekvenser"],
        "tabell": {"beskrivning": "Driftsbidrag till IUC Industrihubb", "enhet": "tkr",
                   "kolumner": ["2026", "2027"],
                   "rader": [{"post": "Driftsbidrag", "belopp": [250000, 500000]}]},
    }
    return case


def render_base(work: Path) -> bytes:
    """The unflawed document: the seed sample with a logo and a table, as memo writes it."""
    return memo.render(base_case(), profile=logo_profile(work / "profil"))


# --- surgery helpers -------------------------------------------------------------------------

def _paragraphs(parts: dict[str, Any], style: str) -> list[Any]:
    return list(parts["word/document.xml"].xpath(f"//w:body/w:p[w:pPr/w:pStyle/@w:val='{style}']",
                                                 namespaces=NS))


def _fragment(xml: str) -> Any:
    return etree.fromstring(f"<w:body {_DECLS}>{xml}</w:body>")[0]


def _remove(parts: dict[str, Any], part: str, xpath: str) -> None:
    found = parts[part].xpath(xpath, namespaces=NS)
    assert found, f"{xpath} finns inte i {part}"
    for element in found:
        element.getparent().remove(element)


def _append_text(parts: dict[str, Any], text: str) -> None:
    paragraph = _paragraphs(parts, "Normal")[0]
    run = etree.SubElement(paragraph, W + "r")
    t = etree.SubElement(run, W + "t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text


def _set_style(paragraph: Any, style: str) -> None:
    paragraph.find(f"{W}pPr/{W}pStyle").set(W + "val", style)


def no_language(parts: dict[str, Any]) -> None:
    _remove(parts, "word/styles.xml", "/w:styles/w:docDefaults/w:rPrDefault/w:rPr/w:lang")


def english_language(parts: dict[str, Any]) -> None:
    lang = parts["word/styles.xml"].find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    lang.set(W + "val", "en-US")


def no_title(parts: dict[str, Any]) -> None:
    _remove(parts, "docProps/core.xml", "//dc:title")


def double_escaped_title(parts: dict[str, Any]) -> None:
    title = parts["docProps/core.xml"].find(f"{{{NS['dc']}}}title")
    title.text = "Driftsstöd &amp; utveckling för IUC Industrihubb"  # written as &amp;amp; in the XML


def no_author(parts: dict[str, Any]) -> None:
    _remove(parts, "docProps/core.xml", "//dc:creator")


def first_heading_level_2(parts: dict[str, Any]) -> None:
    _set_style(_paragraphs(parts, "Heading1")[0], "Heading2")


def skipped_heading_level(parts: dict[str, Any]) -> None:
    styles = parts["word/styles.xml"]
    heading2 = styles.xpath("//w:style[@w:styleId='Heading2']", namespaces=NS)[0]
    heading3 = copy.deepcopy(heading2)
    heading3.set(W + "styleId", "Heading3")
    heading3.find(f"{W}name").set(W + "val", "heading 3")
    heading3.find(f"{W}pPr/{W}outlineLvl").set(W + "val", "2")
    heading2.addnext(heading3)
    _set_style(_paragraphs(parts, "Heading1")[1], "Heading3")


def typed_bullets(parts: dict[str, Any]) -> None:
    items = _paragraphs(parts, "ListBullet")
    first_list = items[0].find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val")
    for paragraph in items:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr.find(f"{W}numId").get(W + "val") == first_list:
            num_pr.getparent().remove(num_pr)
            _set_style(paragraph, "Normal")
            t = paragraph.find(f".//{W}t")
            t.text = "\u2022 " + (t.text or "")


def empty_paragraphs(parts: dict[str, Any]) -> None:
    anchor = _paragraphs(parts, "Normal")[0]
    for _ in range(2):
        anchor.addnext(_fragment('<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>'))


def table_without_header_row(parts: dict[str, Any]) -> None:
    _remove(parts, "word/document.xml", "//w:tbl/w:tr/w:trPr/w:tblHeader")


def table_without_description(parts: dict[str, Any]) -> None:
    _remove(parts, "word/document.xml", "//w:tbl/w:tblPr/w:tblCaption | //w:tbl/w:tblPr/w:tblDescription")


def image_without_alt_text(parts: dict[str, Any]) -> None:
    for doc_pr in parts["word/header1.xml"].iter(f"{{{NS['wp']}}}docPr"):
        for attribute in ("descr", "title"):
            doc_pr.attrib.pop(attribute, None)


_ANCHOR = ('<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" '
           'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
           '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
           '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
           '<wp:extent cx="1800000" cy="540000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
           '<wp:wrapSquare wrapText="bothSides"/>{doc_pr}<wp:cNvGraphicFramePr/>{graphic}</wp:anchor>')


def text_box(parts: dict[str, Any]) -> None:
    text = '<w:txbxContent><w:p><w:r><w:t>Viktigt: beslutet gäller från 1 juli 2026.</w:t></w:r></w:p></w:txbxContent>'
    graphic = ('<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1800000" '
               'cy="540000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
               f'<wps:txbx>{text}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>')
    anchor = _ANCHOR.format(doc_pr='<wp:docPr id="100" name="Textruta 1"/>', graphic=graphic)
    run = (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{anchor}</w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><v:shape id="Textruta1" type="#_x0000_t202" '
           f'style="position:absolute;width:141.75pt;height:42.5pt"><v:textbox>{text}</v:textbox></v:shape>'
           '</w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    _paragraphs(parts, "Normal")[0].append(_fragment(f"<w:p>{run}</w:p>")[0])


def floating_image(parts: dict[str, Any]) -> None:
    rels = parts["word/_rels/document.xml.rels"]
    relation = etree.SubElement(rels, f"{{{NS['rel']}}}Relationship")
    relation.attrib.update({"Id": "rIdFlytande", "Target": "media/image1.png",
                            "Type": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"})
    graphic = ('<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
               '<pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
               '<a:blip r:embed="rIdFlytande"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
               '<a:xfrm><a:off x="0" y="0"/><a:ext cx="1800000" cy="540000"/></a:xfrm><a:prstGeom prst="rect">'
               '<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>')
    anchor = _ANCHOR.format(doc_pr=f'<wp:docPr id="101" name="Bild 1" descr="{LOGO_ALT}"/>', graphic=graphic)
    _paragraphs(parts, "Normal")[0].append(_fragment(f"<w:p><w:r><w:drawing>{anchor}</w:drawing></w:r></w:p>")[0])


def hyphen_as_minus(parts: dict[str, Any]) -> None:
    _append_text(parts, " Resultatet för 2025 var -5\u00a0tkr.")


def thousands_with_space(parts: dict[str, Any]) -> None:
    _append_text(parts, " Totalt handlar det om 750 000\u00a0kronor.")


def percent_with_space(parts: dict[str, Any]) -> None:
    _append_text(parts, " Andelen ökar med 12,5 %.")


def percent_without_space(parts: dict[str, Any]) -> None:
    _append_text(parts, " Andelen ökar med 12,5%.")


def bold_as_heading(parts: dict[str, Any]) -> None:
    """A sub-heading typed in bold in a Normal paragraph, between two paragraphs of body text."""
    _paragraphs(parts, "Normal")[0].addnext(_fragment(
        '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Bakgrund</w:t></w:r></w:p>'))


#: File name (the rule that must fail) → the surgery that breaks it.
FLAWS: dict[str, Surgery] = {
    "sprak-saknas": no_language,
    "sprak-inte-svenska": english_language,
    "titel-saknas": no_title,
    "titel-dubbelkodad": double_escaped_title,
    "forfattare-saknas": no_author,
    "forsta-rubrik-inte-niva-1": first_heading_level_2,
    "rubrikniva-hoppar": skipped_heading_level,
    "skriven-punktlista": typed_bullets,
    "tomma-stycken": empty_paragraphs,
    "tabell-utan-rubrikrad": table_without_header_row,
    "tabell-utan-beskrivning": table_without_description,
    "bild-utan-alt-text": image_without_alt_text,
    "textruta": text_box,
    "flytande-bild": floating_image,
    "minus-som-bindestreck": hyphen_as_minus,
    "tusental-med-mellanslag": thousands_with_space,
    "procent-med-mellanslag": percent_with_space,
    "procent-utan-mellanslag": percent_without_space,
    "fetstil-som-rubrik": bold_as_heading,
}


def apply(base: bytes, surgery: Surgery) -> bytes:
    """Apply one surgery to the DOCX ``base``; every entry is rewritten with a fixed time stamp."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    parts = {name: etree.fromstring(data) for name, data in entries if name.endswith((".xml", ".rels"))}
    surgery(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            if name in parts:
                data = etree.tostring(parts[name], xml_declaration=True, encoding="UTF-8", standalone=True)
            archive.writestr(zipfile.ZipInfo(name, _FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build(folder: Path, work: Path) -> tuple[Path, dict[str, Path]]:
    """Write every flawed file into ``folder`` and the unflawed base into ``work``.

    Returns the base's path and rule → flawed file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    base = render_base(work)
    base_path = work / "grund.docx"
    base_path.write_bytes(apply(base, lambda parts: None))
    written = {}
    for rule, surgery in FLAWS.items():
        target = folder / f"{rule}.docx"
        target.write_bytes(apply(base, surgery))
        written[rule] = target
    return base_path, written


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="memo-flawed-") as work:
        for path in build(HERE, Path(work))[1].values():
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
