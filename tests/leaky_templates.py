"""Word templates that carry what must never reach a published memo, written by other writers than memo.

python-docx writes the plain templates, LibreOffice converts flat ODT files (comments,
tracked changes, a text box beside the logo, a letterhead section and a landscape appendix),
and the rest is XML edited by hand in the zip, as a document management system or Word
would have left it: a header's tracked changes, content controls bound to custom XML,
hidden text, personal properties. Each ``add_*`` function edits a package's parts in place
and works on a template and on a profile's finished reference document alike.
"""

from __future__ import annotations

import base64
import re
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
from docx.shared import Mm

from conftest import require_real_client
from memo.pdf import find_soffice

Parts = dict[str, bytes]

#: What a leak leaves in a memo when it gets through: names, a mobile number, a stale Dnr, a reviewer's deletion.
SECRETS = ("Eva Ek", "Per Persson", "070-123 45 67", "KS 2019/44", "2019-03-01", "Byggenheten", "Konsultbolaget",
           "Maria Chef", "Bilaga", "Intern anteckning", "eva.ek")
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WHEN = 'w:date="2025-01-01T10:00:00Z"'


def png() -> bytes:
    width, height = 60, 20
    raw = b"".join(b"\x00" + bytes([30, 90, 160]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def plain_template(folder: Path) -> Path:
    """A kommun's memo template as python-docx writes it: Dnr and date in the header, a footer, some body text."""
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Kommunstyrelseförvaltningen"
    header.add_paragraph("Dnr KS 2025/123")
    document.sections[0].footer.paragraphs[0].text = "Exempels kommun, Box 1, 123 45 Exempelstad"
    document.add_paragraph("Här skriver handläggaren.")
    path = folder / "mall.docx"
    document.save(str(path))
    return path


def read_parts(path: Path) -> Parts:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(parts: Parts, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def edited(source: Path, target: Path, *edits: Callable[[Parts], None]) -> Path:
    """``source`` with ``edits`` made to its parts, saved as ``target``."""
    parts = read_parts(source)
    for edit in edits:
        edit(parts)
    return write_parts(parts, target)


def _text(parts: Parts, name: str) -> str:
    return parts[name].decode("utf-8")


def _relate(parts: Parts, source_rels: str, kind: str, target: str, rel_id: str) -> None:
    rels = _text(parts, source_rels)
    relation = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"/>'
    parts[source_rels] = rels.replace("</Relationships>", relation + "</Relationships>").encode("utf-8")


def _add_part(parts: Parts, name: str, content_type: str, data: str) -> None:
    types = _text(parts, "[Content_Types].xml")
    override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
    parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode("utf-8")
    parts[name] = data.encode("utf-8")


def header_name(parts: Parts) -> str:
    """The part name of the first section's default header."""
    rels = _text(parts, "word/_rels/document.xml.rels")
    document = _text(parts, "word/document.xml")
    first = re.search(r'<w:headerReference w:type="default" r:id="([^"]+)"', document)
    assert first is not None
    target = re.search(rf'Id="{first.group(1)}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{first.group(1)}"',
                       rels)
    assert target is not None
    return "word/" + (target.group(1) or target.group(2))


def _in_header(parts: Parts, paragraphs: str) -> None:
    name = header_name(parts)
    header = _text(parts, name)
    parts[name] = header.replace("</w:hdr>", paragraphs + "</w:hdr>").encode("utf-8")


def add_comment(parts: Parts) -> None:
    """An internal note with a mobile number, as a comment in the header (and its part)."""
    _in_header(parts, '<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>Kommunstyrelsen</w:t></w:r>'
                      '<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r></w:p>')
    _add_part(parts, "word/comments.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              f'<w:comment w:id="7" w:author="Eva Ek" w:initials="EE" {_WHEN}><w:p><w:r>'
              '<w:t>Intern anteckning: ring mig på 070-123 45 67</w:t></w:r></w:p></w:comment></w:comments>')
    _relate(parts, "word/_rels/document.xml.rels", _REL + "comments", "comments.xml", "rIdKommentar")


def add_tracked_changes(parts: Parts) -> None:
    """A reviewer's insertion, deletion and formatting change in the header, and tracking left on."""
    _in_header(parts, f'<w:p><w:pPr><w:pPrChange w:id="91" w:author="Per Persson" {_WHEN}><w:pPr/></w:pPrChange>'
                      '</w:pPr><w:r><w:t xml:space="preserve">Enhet: </w:t></w:r>'
                      f'<w:ins w:id="92" w:author="Per Persson" {_WHEN}><w:r><w:t>Miljöenheten</w:t></w:r></w:ins>'
                      f'<w:del w:id="93" w:author="Per Persson" {_WHEN}><w:r><w:delText>Byggenheten</w:delText>'
                      '</w:r></w:del></w:p>')
    settings = _text(parts, "word/settings.xml")
    parts["word/settings.xml"] = re.sub(r"(<w:settings[^>]*>)", r"\1<w:trackRevisions/>", settings, count=1) \
        .encode("utf-8")


def _control(tag: str, xpath: str, shown: str, extra: str = "") -> str:
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/>'
            f'<w:dataBinding w:prefixMappings="xmlns:ns0=\'urn:exempel:dms\'" w:xpath="{xpath}" '
            f'w:storeItemID="{{6B1D5C2E-0A4F-4E55-9C1B-2D5A7E3F8A11}}"/>{extra}</w:sdtPr>'
            f'<w:sdtContent><w:r><w:t>{shown}</w:t></w:r></w:sdtContent></w:sdt>')


def add_bound_controls(parts: Parts) -> None:
    """A document management system's data (customXml) and header controls bound to it: Dnr, date, nämnd."""
    _in_header(parts, '<w:p><w:r><w:t xml:space="preserve">Ärende </w:t></w:r>'
               + _control("Diarienummer", "/ns0:Dokument[1]/ns0:Dnr[1]", "KS 2019/44") + '</w:p><w:p>'
               + _control("Dokumentdatum", "/ns0:Dokument[1]/ns0:Skapad[1]", "2019-03-01",
                          '<w:date w:fullDate="2019-03-01T00:00:00Z"><w:dateFormat w:val="yyyy-MM-dd"/></w:date>')
               + '</w:p><w:p>' + _control("Nämnd", "/ns0:Dokument[1]/ns0:Namnd[1]", "Kommunstyrelsen") + '</w:p>')
    _add_part(parts, "customXml/item9.xml", "application/xml",
              '<?xml version="1.0" encoding="UTF-8"?><Dokument xmlns="urn:exempel:dms"><Dnr>KS 2019/44</Dnr>'
              '<Skapad>2019-03-01</Skapad><Handlaggare>Eva Ek</Handlaggare><Namnd>Kommunstyrelsen</Namnd></Dokument>')
    _add_part(parts, "customXml/itemProps9.xml",
              "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
              '<?xml version="1.0" encoding="UTF-8"?><ds:datastoreItem '
              'ds:itemID="{6B1D5C2E-0A4F-4E55-9C1B-2D5A7E3F8A11}" '
              'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
              '<ds:schemaRef ds:uri="urn:exempel:dms"/></ds:schemaRefs></ds:datastoreItem>')
    parts["customXml/_rels/item9.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{_REL}customXmlProps" Target="itemProps9.xml"/>'
        '</Relationships>').encode()
    _relate(parts, "word/_rels/document.xml.rels", _REL + "customXml", "../customXml/item9.xml", "rIdDms")


def add_hidden_text(parts: Parts) -> None:
    """A hidden note in the header: a hidden run beside visible text, and a paragraph hidden whole."""
    _in_header(parts, '<w:p><w:r><w:t xml:space="preserve">Kommunstyrelsen </w:t></w:r><w:r><w:rPr><w:vanish/>'
                      '</w:rPr><w:t>Intern anteckning: Eva Ek, 070-123 45 67</w:t></w:r></w:p>'
                      '<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr>'
                      '<w:t>Granskad av Per Persson</w:t></w:r></w:p>')


def add_personal_properties(parts: Parts) -> None:
    """Who wrote and kept the template: core, extended and custom document properties."""
    core = re.sub(r"<(dc:creator|cp:lastModifiedBy|cp:keywords|dc:description|cp:category)(/>|>.*?</\1>)", "",
                  _text(parts, "docProps/core.xml"))
    core = core.replace("</cp:coreProperties>", "<dc:creator>Eva Ek</dc:creator><cp:lastModifiedBy>Per Persson"
                        "</cp:lastModifiedBy><cp:keywords>Eva Ek</cp:keywords><dc:description>Granskad av Per "
                        "Persson</dc:description><cp:category>Intern anteckning</cp:category></cp:coreProperties>")
    parts["docProps/core.xml"] = core.encode("utf-8")
    app = re.sub(r"<(Company|Manager)(/>|>.*?</\1>)", "", _text(parts, "docProps/app.xml"))
    parts["docProps/app.xml"] = app.replace("</Properties>", "<Manager>Maria Chef</Manager><Company>Konsultbolaget "
                                            "AB</Company></Properties>").encode("utf-8")
    settings = _text(parts, "word/settings.xml")
    parts["word/settings.xml"] = re.sub(r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdMall"/>', settings,
                                        count=1).encode("utf-8")
    if "word/_rels/settings.xml.rels" not in parts:
        parts["word/_rels/settings.xml.rels"] = (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"></Relationships>')
    rels = _text(parts, "word/_rels/settings.xml.rels").replace(
        "</Relationships>", f'<Relationship Id="rIdMall" Type="{_REL}attachedTemplate" '
        'Target="file:///C:/Users/eva.ek/AppData/Roaming/Microsoft/Mallar/KS-mall.dotm" TargetMode="External"/>'
        "</Relationships>")
    parts["word/_rels/settings.xml.rels"] = rels.encode("utf-8")
    if "docProps/custom.xml" not in parts:
        _add_part(parts, "docProps/custom.xml",
                  "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                  '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
                  'pid="2" name="Handläggare"><vt:lpwstr>Eva Ek</vt:lpwstr></property></Properties>')
        _relate(parts, "_rels/.rels", _REL + "custom-properties", "docProps/custom.xml", "rIdEgna")


def add_thumbnail_of_the_page(parts: Parts) -> None:
    """Word's preview picture of the template's first page, in place of the blank page's."""
    parts["docProps/thumbnail.jpeg"] = b"\xff\xd8\xff\xe0" + b"Dnr KS 2019/44, Eva Ek".ljust(64, b"\x00") + b"\xff\xd9"


def add_landscape_appendix(parts: Parts) -> None:
    """A last section in landscape, with its own header "Bilaga"; the first keeps the letterhead's page."""
    document = _text(parts, "word/document.xml")
    final = re.search(r"<w:sectPr[ >].*?</w:sectPr>(?=</w:body>)", document, re.DOTALL)
    assert final is not None
    landscape = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdBilaga"/>'
                 '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" '
                 'w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>')
    parts["word/document.xml"] = (document[:final.start()] + f"<w:p><w:pPr>{final.group(0)}</w:pPr></w:p>"
                                  + "<w:p><w:r><w:t>Bilaga 1</w:t></w:r></w:p>" + landscape
                                  + document[final.end():]).encode("utf-8")
    _add_part(parts, "word/header9.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="http://schemas.openxmlformats'
              '.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Bilaga</w:t></w:r></w:p></w:hdr>')
    _relate(parts, "word/_rels/document.xml.rels", _REL + "header", "header9.xml", "rIdBilaga")


def libreoffice(folder: Path, name: str, fodt: str) -> Path:
    """The flat ODT ``fodt`` as LibreOffice converts it to Word (``folder/name.docx``)."""
    require_real_client()
    source = folder / f"{name}.fodt"
    source.write_text(fodt, encoding="utf-8")
    soffice = find_soffice()
    assert soffice is not None
    with tempfile.TemporaryDirectory(prefix="memo-lo-") as profile:
        subprocess.run([str(soffice), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)],
                       check=True, capture_output=True, timeout=120)
    path = folder / f"{name}.docx"
    assert path.is_file()
    return path


_NAMESPACES = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in (
    ("office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
    ("style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"),
    ("text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
    ("draw", "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"),
    ("svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"),
    ("fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0")))
_LAYOUT = ('<style:page-layout style:name="{name}"><style:page-layout-properties fo:page-width="{width}" '
           'fo:page-height="{height}" style:print-orientation="{orientation}" fo:margin-top="1.5cm" '
           'fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2cm"/></style:page-layout>')


def fodt(header: str, body: str, *, appendix: bool = False, meta: str = "") -> str:
    """A flat ODT: a portrait A4 letterhead with ``header``, and with ``appendix`` a last page in landscape
    whose header says "Bilaga"."""
    layouts = _LAYOUT.format(name="brev", width="21cm", height="29.7cm", orientation="portrait")
    masters = (f'<style:master-page style:name="Standard" style:page-layout-name="brev"><style:header>{header}'
               '</style:header></style:master-page>')
    if appendix:
        layouts += _LAYOUT.format(name="bred", width="29.7cm", height="21cm", orientation="landscape")
        masters += ('<style:master-page style:name="Liggande" style:page-layout-name="bred"><style:header>'
                    '<text:p>Bilaga</text:p></style:header></style:master-page>')
        body += '<text:p text:style-name="Bilagesida">Bilaga 1: karta</text:p>'
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {_NAMESPACES} office:version="1.2" '
            f'office:mimetype="application/vnd.oasis.opendocument.text"><office:meta>{meta}</office:meta>'
            '<office:styles><style:style style:name="Standard" style:family="paragraph"/></office:styles>'
            f'<office:automatic-styles>{layouts}<style:style style:name="Bilagesida" style:family="paragraph" '
            'style:master-page-name="Liggande"/></office:automatic-styles>'
            f'<office:master-styles>{masters}</office:master-styles>'
            f'<office:body><office:text>{body}</office:text></office:body></office:document>')


def logo_and_text_box() -> str:
    """A header paragraph with the logo, and one with a text box ("Brevpapper") beside the Dnr."""
    picture = base64.b64encode(png()).decode("ascii")
    return ('<text:p><draw:frame draw:name="Logotyp" text:anchor-type="as-char" svg:width="3cm" svg:height="1cm">'
            f'<draw:image><office:binary-data>{picture}</office:binary-data></draw:image></draw:frame>'
            'Kommunstyrelsen</text:p><text:p><draw:frame draw:name="Ruta" text:anchor-type="paragraph" '
            'svg:width="5cm" svg:height="1cm" svg:x="10cm" svg:y="0cm"><draw:text-box><text:p>Brevpapper</text:p>'
            '</draw:text-box></draw:frame>Dnr KS 2025/123</text:p>')


def first_page_letterhead(folder: Path) -> Path:
    """python-docx: a letterhead on the first page only (its own first-page header), then a landscape appendix."""
    (folder / "logo.png").write_bytes(png())
    document = docx.Document()
    letter = document.sections[0]
    letter.page_width, letter.page_height = Mm(210), Mm(297)
    letter.different_first_page_header_footer = True
    letter.first_page_header.paragraphs[0].add_run().add_picture(str(folder / "logo.png"), height=Mm(10))
    letter.first_page_header.add_paragraph("Kommunstyrelsen  Dnr KS 2025/123")
    letter.header.paragraphs[0].text = "Kommunstyrelsen, sida 2 och framåt"
    document.add_paragraph("Här skriver handläggaren.")
    appendix = document.add_section()
    appendix.orientation = 1  # WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    for header in (appendix.header, appendix.first_page_header):
        header.is_linked_to_previous = False
        header.paragraphs[0].text = "Bilaga"
    document.add_paragraph("Bilaga 1: karta")
    path = folder / "brevpapper.docx"
    document.save(str(path))
    return path
