"""The mötesbok: tagged PDFs that LibreOffice made, merged into one tagged, bookmarked, Swedish PDF.

The parts are made by LibreOffice from flat ODT files written here (not by memo) and from one of memo's samples;
the book is read back with poppler (pdftotext, pdfinfo and its structure tree) and with pikepdf.
"""

from __future__ import annotations

import base64
import itertools
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

import pikepdf
import pytest

import memo
from conftest import DATA, SAMPLES, pdf_text, require_real_client
from memo.errors import OutputError
from memo.pdf import TAGGED_PDF_FILTER, find_soffice
from memo.pdf.book import Part, make_book

TITLE = "Mötesbok för nämndens sammanträde 2026-12-07"
MEMO_SAMPLE = SAMPLES / "tjansteskrivelse-forskola-norrby.yaml"
LOGO = DATA / "logotyper" / "utan-jfif.jpg"

_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{title}</dc:title><meta:initial-creator>Anna Person</meta:initial-creator>
<dc:creator>Anna Person</dc:creator></office:meta>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties fo:language="{language}" fo:country="{country}"/>
</style:default-style>
<style:style style:name="NySida" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/>
</style:style>
</office:styles>
<office:body><office:text>{body}</office:text></office:body></office:document>
"""


def fodt(title: str, body: str, language: str = "sv", country: str = "SE") -> str:
    """A flat ODT document with the logo first: ``body`` is its text in ODF markup."""
    logo = ('<text:p><draw:frame draw:name="Logotyp" text:anchor-type="as-char" svg:width="3cm" svg:height="1cm">'
            f"<draw:image><office:binary-data>{base64.b64encode(LOGO.read_bytes()).decode('ascii')}"
            "</office:binary-data></draw:image><svg:title>Logotyp</svg:title></draw:frame></text:p>")
    return _FODT.format(title=escape(title), language=language, country=country, body=logo + body)


#: The documents made into parts here (not by memo): their names, bookmarks and text.
DOCUMENTS = {
    "kallelse": ("Kallelse", fodt("Kallelse till sammanträde", (
        '<text:h text:outline-level="1">Kallelse till sammanträde</text:h>'
        '<text:p>Kallelsetext med <text:a xlink:type="simple" xlink:href="https://example.org/">länk</text:a>.</text:p>'
        '<text:h text:outline-level="2" text:style-name="NySida">Föredragningslista</text:h>'
        "<text:p>Ärendelistans andra sida, se "
        '<text:a xlink:type="simple" xlink:href="#Kallelse till sammanträde|outline">kallelsen</text:a>.</text:p>'))),
    "bilaga": ("§ 43 Bilaga på engelska", fodt("Appendix", (
        '<text:h text:outline-level="1">Appendix heading</text:h><text:p>Appendix text in English.</text:p>'
        '<text:p text:style-name="NySida">Second page, back to '
        '<text:a xlink:type="simple" xlink:href="#Appendix heading|outline">the heading</text:a>.</text:p>'),
        "en", "GB")),
}


class Book(NamedTuple):
    parts: list[Part]
    pdf: Path


def soffice_tagged(sources: list[Path], folder: Path) -> None:
    """Convert ``sources`` to tagged PDFs in ``folder`` with one LibreOffice (as memo exports them)."""
    soffice = find_soffice()
    assert soffice is not None
    profile = (folder / "lo-profil").as_uri()
    subprocess.run([str(soffice), "--headless", "--convert-to", TAGGED_PDF_FILTER, "--outdir", str(folder),
                    *map(str, sources), f"-env:UserInstallation={profile}"],
                   capture_output=True, check=True, timeout=180)


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Part]:
    """The kallelse, one of memo's memos and an English appendix, as LibreOffice's tagged PDFs."""
    require_real_client()
    folder = tmp_path_factory.mktemp("delar")
    sources = []
    for name, (_, text) in DOCUMENTS.items():
        sources.append(folder / f"{name}.fodt")
        sources[-1].write_text(text, encoding="utf-8")
    soffice_tagged(sources, folder)
    docx = memo.write(MEMO_SAMPLE, folder / "norrby.docx", pdf=True)
    return [Part(DOCUMENTS["kallelse"][0], folder / "kallelse.pdf"),
            Part("§ 42 Förskola Norrby", docx.with_suffix(".pdf")),
            Part(DOCUMENTS["bilaga"][0], folder / "bilaga.pdf")]


@pytest.fixture(scope="module")
def book(parts: list[Part], tmp_path_factory: pytest.TempPathFactory) -> Book:
    target = tmp_path_factory.mktemp("bok") / "motesbok.pdf"
    size = make_book(parts, target, title=TITLE)
    assert size == target.stat().st_size
    return Book(parts, target)


def pdfinfo(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdfinfo", "-enc", "UTF-8", *options, str(pdf)], capture_output=True, check=True,
                          text=True).stdout


def structure(pdf: Path) -> str:
    """The structure tree as poppler shows it (``pdfinfo -struct-text``). Poppler 22 prints an element's title
    (``/T``) in its PDF encoding, not in UTF-8 as the rest: a line that is not UTF-8 is read as Latin-1, which
    PDFDocEncoding is for Swedish letters and §."""
    shown = subprocess.run(["pdfinfo", "-enc", "UTF-8", "-struct-text", str(pdf)], capture_output=True, check=True)
    lines = []
    for line in shown.stdout.splitlines():
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("latin-1"))
    return "\n".join(lines) + "\n"


def info(pdf: Path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z ]+):\s*(.*?)\s*$", pdfinfo(pdf), re.MULTILINE))


def page_count(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def outline(item: Any) -> Iterator[Any]:
    """The bookmarks under ``item`` (the outline's root or a bookmark), in order."""
    child = item.get("/First")
    while child is not None:
        yield child
        child = child.get("/Next")


def elements(top: Any) -> Iterator[tuple[Any, Any]]:
    """Each structure element under ``top`` with its parent."""
    for kid in listed(top.get("/K")):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid, top
            yield from elements(kid)


def parent_tree(root: Any) -> dict[int, Any]:
    nums = root.ParentTree.Nums
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert len(keys) == len(set(keys)), "nycklar i ParentTree förekommer flera gånger"
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def test_the_book_has_every_parts_pages_and_text_in_order(book: Book) -> None:
    assert page_count(book.pdf) == sum(page_count(part.pdf) for part in book.parts)
    assert pdf_text(book.pdf) == "".join(pdf_text(part.pdf) for part in book.parts)


def test_the_book_is_titled_tagged_swedish_and_pdf_ua(book: Book) -> None:
    shown = info(book.pdf)
    assert shown["Title"] == TITLE
    assert shown["Tagged"] == "yes"
    metadata = pdfinfo(book.pdf, "-meta")
    assert f'<rdf:li xml:lang="x-default">{TITLE}</rdf:li>' in metadata
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>", metadata)
    with pikepdf.open(book.pdf) as pdf:
        assert str(pdf.Root.Lang) == "sv-SE"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.Root.PageMode == "/UseOutlines"
        assert pdf.Root.MarkInfo.Marked is True
        check = getattr(pdf, "check_pdf_syntax", None) or pdf.check  # qpdf's check (pikepdf 9 calls it check)
        assert check() == []


def test_the_book_has_no_personal_properties(book: Book) -> None:
    assert "Anna Person" in pdfinfo(book.parts[0].pdf)  # the part's author, which the book must not keep
    shown = info(book.pdf)
    assert not {"Author", "Creator", "Producer", "Subject", "Keywords"} & set(shown)
    assert "Anna Person" not in pdfinfo(book.pdf, "-meta")
    assert shown["JavaScript"] == "no"


def test_each_part_has_one_bookmark_to_its_first_page_with_its_own_under_it(book: Book) -> None:
    with pikepdf.open(book.pdf) as pdf:
        pages = [page.objgen for page in pdf.pages]
        items = list(outline(pdf.Root.Outlines))
        assert [str(item.Title) for item in items] == [part.bookmark for part in book.parts]
        assert int(pdf.Root.Outlines.Count) == len(items)  # the parts' bookmarks shown, each closed:
        assert all(int(item.Count) == -sum(1 + max(int(own.get("/Count", 0)), 0) for own in outline(item))
                   for item in items)
        first = 0
        for item, part in zip(items, book.parts, strict=True):
            assert pages.index(item.Dest[0].objgen) == first
            with pikepdf.open(part.pdf) as alone:
                own = [(str(entry.Title), [page.objgen for page in alone.pages].index(entry.Dest[0].objgen))
                       for entry in outline(alone.Root.Outlines)]
            assert own, f"{part.pdf.name} har inga egna bokmärken att jämföra med"
            assert [(str(entry.Title), pages.index(entry.Dest[0].objgen) - first) for entry in outline(item)] == own
            first += page_count(part.pdf)


def test_a_link_inside_a_part_goes_to_the_same_page_of_the_part_in_the_book(book: Book) -> None:
    def targets(pdf: Path, first: int = 0) -> list[tuple[int, int]]:
        """Each link to a page: from which page to which, counted from ``first``."""
        with pikepdf.open(pdf) as opened:
            pages = [page.objgen for page in opened.pages]
            return [(first + number, first + pages.index(annotation.Dest[0].objgen))
                    for number, page in enumerate(opened.pages)
                    for annotation in listed(page.obj.get("/Annots")) if "/Dest" in annotation]

    expected, first = [], 0
    for part in book.parts:
        expected += targets(part.pdf, first)
        first += page_count(part.pdf)
    assert (1, 0) in expected and (first - 1, first - 2) in expected  # in the kallelse and in the appendix
    assert targets(book.pdf) == expected


def test_the_structure_tree_is_a_document_of_one_part_per_pdf_with_its_text(book: Book) -> None:
    tree = structure(book.pdf)
    assert tree.startswith("Document\n")
    tops = re.findall(r'^  Part "(.*)"', tree, re.MULTILINE)
    assert tops == [part.bookmark for part in book.parts]
    pieces = re.split(r'^  Part ".*"\n', tree, flags=re.MULTILINE)[1:]
    for piece, part, word in zip(pieces, book.parts, ["Kallelsetext", "Norrby", "Appendix"], strict=True):
        tagged = set(re.findall(r"\w+", " ".join(re.findall(r'"([^"]*)"', piece))))
        assert word in tagged
        assert tagged <= set(re.findall(r"\w+", pdf_text(part.pdf))), f"{part.bookmark}: text från en annan del"


def images(pdf: Path) -> list[tuple[int, int]]:
    """The image objects the pages of ``pdf`` show."""
    with pikepdf.open(pdf) as opened:
        return sorted({xobject.objgen for page in opened.pages
                       for _, xobject in page.obj.Resources.get("/XObject", pikepdf.Dictionary()).items()
                       if xobject.get("/Subtype") == "/Image"})


def test_a_logo_every_part_shows_is_in_the_book_once(book: Book) -> None:
    assert len(images(book.parts[0].pdf)) == len(images(book.parts[2].pdf)) == 1
    assert len(images(book.pdf)) == 1
    with pikepdf.open(book.pdf) as pdf:
        assert sum(isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" for obj in pdf.objects) == 1


def test_a_part_in_another_language_says_so(book: Book) -> None:
    with pikepdf.open(book.pdf) as pdf:
        languages = {str(part.T): str(part.get("/Lang", "")) for part in listed(pdf.Root.StructTreeRoot.K.K)}
    assert languages == {"Kallelse": "", "§ 42 Förskola Norrby": "", "§ 43 Bilaga på engelska": "en-GB"}


def test_every_structure_key_resolves_in_the_merged_parent_tree(book: Book) -> None:
    with pikepdf.open(book.pdf) as pdf:
        root = pdf.Root.StructTreeRoot
        tree = parent_tree(root)
        assert int(root.ParentTreeNextKey) == max(tree) + 1
        links = 0
        for page in pdf.pages:
            if "/StructParents" in page.obj:
                marked = [element for element in listed(tree[int(page.obj.StructParents)]) if element is not None]
                assert marked and all(element.Pg.objgen == page.objgen for element in marked)
            for annotation in listed(page.obj.get("/Annots")):
                element = tree[int(annotation.StructParent)]
                references = [kid.Obj.objgen for kid in listed(element.K)
                              if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"]
                assert annotation.objgen in references
                links += 1
        assert links >= 1, "ingen länk i boken: testet prövar inte annoteringarnas nycklar"
        assert sum("/StructParents" in page.obj for page in pdf.pages) == page_count(book.pdf)


def test_every_element_points_at_its_parent_and_at_a_page_of_the_book(book: Book) -> None:
    with pikepdf.open(book.pdf) as pdf:
        pages = {page.objgen for page in pdf.pages}
        root = pdf.Root.StructTreeRoot
        assert root.K.S == "/Document" and root.K.P.objgen == root.objgen
        found = list(elements(root.K))
        assert len(found) > 50
        assert all(element.P.objgen == parent.objgen for element, parent in found)
        pointing = [element.Pg.objgen for element, _ in found if "/Pg" in element]
        assert pointing and set(pointing) <= pages
        assert set(pointing) == pages  # each page has tagged content


def test_the_role_map_of_every_part_is_kept(book: Book) -> None:
    with pikepdf.open(book.pdf) as pdf:
        mapped = set(pdf.Root.StructTreeRoot.RoleMap.keys())
        roles = {str(element.S) for element, _ in elements(pdf.Root.StructTreeRoot.K)}
    with pikepdf.open(book.parts[1].pdf) as memo_part:
        assert set(memo_part.Root.StructTreeRoot.RoleMap.keys()) <= mapped
    assert "/Beslutspunkt" in mapped  # memo's own paragraph style, mapped to P
    standard = {"/Document", "/Part", "/P", "/H1", "/H2", "/H3", "/H", "/L", "/LI", "/Lbl", "/LBody", "/Link",
                "/Table", "/TR", "/TH", "/TD", "/THead", "/TBody", "/Span", "/Figure", "/Caption", "/Sect", "/Div",
                "/Note", "/Reference", "/Quote", "/Code", "/TOC", "/TOCI", "/Index", "/BlockQuote", "/Form"}
    assert roles - standard <= mapped


def test_a_role_two_parts_map_differently_is_renamed_in_the_later(parts: list[Part], tmp_path: Path) -> None:
    changed = tmp_path / "annan-roll.pdf"
    with pikepdf.open(parts[0].pdf) as pdf:
        role_map = pdf.Root.StructTreeRoot.RoleMap
        assert role_map.Standard == "/P"
        role_map.Standard = pikepdf.Name.Span
        pdf.save(changed)
    target = tmp_path / "bok.pdf"
    make_book([parts[0], Part("Ändrad", changed)], target, title=TITLE)
    with pikepdf.open(target) as pdf:
        root = pdf.Root.StructTreeRoot
        assert root.RoleMap.Standard == "/P"
        renamed = [name for name in root.RoleMap if name.startswith("/Standard-")]
        assert len(renamed) == 1 and root.RoleMap[renamed[0]] == "/Span"
        first, second = listed(root.K.K)
        assert "/Standard" in {str(element.S) for element, _ in elements(first)}
        roles = {str(element.S) for element, _ in elements(second)}
        assert renamed[0] in roles and "/Standard" not in roles
    assert "Tagged:          yes" in pdfinfo(target)


def test_an_untagged_part_is_taken_without_tags(parts: list[Part], tmp_path: Path) -> None:
    untagged = tmp_path / "otaggad.pdf"
    with pikepdf.open(parts[2].pdf) as pdf:
        del pdf.Root.StructTreeRoot, pdf.Root.MarkInfo
        pdf.save(untagged)
    target = tmp_path / "bok.pdf"
    make_book([parts[0], Part("Otaggad", untagged)], target, title=TITLE)
    assert pdf_text(target) == pdf_text(parts[0].pdf) + pdf_text(untagged)
    with pikepdf.open(target) as pdf:
        assert [str(item.Title) for item in outline(pdf.Root.Outlines)] == ["Kallelse", "Otaggad"]
        assert [str(part.T) for part in listed(pdf.Root.StructTreeRoot.K.K)] == ["Kallelse"]
        keys = set(parent_tree(pdf.Root.StructTreeRoot))
        tagged = page_count(parts[0].pdf)
        holders = [[page.obj, *listed(page.obj.get("/Annots"))] for page in pdf.pages]
        found = [[holder.get("/StructParents", holder.get("/StructParent")) for holder in on_page]
                 for on_page in holders]
        assert all(key in keys for on_page in found[:tagged] for key in on_page)
        untagged_holders = [key for on_page in found[tagged:] for key in on_page]
        assert len(untagged_holders) > len(found) - tagged  # its pages and a link
        assert untagged_holders == [None] * len(untagged_holders)  # its keys would name another part's content
    assert "pdfuaid" not in pdfinfo(target, "-meta")  # not every part is PDF/UA


def test_scripts_and_attached_files_of_a_part_stay_out(parts: list[Part], tmp_path: Path) -> None:
    active = tmp_path / "aktiv.pdf"
    with pikepdf.open(parts[0].pdf) as pdf:
        page = pdf.pages[0].obj
        link = next(annotation for annotation in page.Annots if annotation.Subtype == "/Link")
        link.A = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hej')"))
        attached = pikepdf.Stream(pdf, b"hemlig bilaga")
        attached.Type = pikepdf.Name.EmbeddedFile
        page.Annots.append(pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[0, 0, 10, 10],
            FS=pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("a.txt"),
                                  EF=pikepdf.Dictionary(F=attached)))))
        page.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1")))
        pdf.save(active)
    assert info(active)["JavaScript"] == "yes"
    target = tmp_path / "bok.pdf"
    make_book([Part("Aktiv", active)], target, title=TITLE)
    assert info(target)["JavaScript"] == "no"
    with pikepdf.open(target) as pdf:
        kinds = {str(obj.get("/Type")) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)}
        actions = {str(obj.get("/S")) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)}
    assert "/EmbeddedFile" not in kinds and "/Filespec" not in kinds
    assert "/JavaScript" not in actions


@pytest.mark.parametrize("content", [b"", b"inte en PDF alls", b"%PDF-1.6\n1 0 obj\n<<"],
                         ids=["tom-fil", "text", "avbruten-pdf"])
def test_a_part_that_is_no_pdf_stops_the_book_and_keeps_the_old_one(parts: list[Part], tmp_path: Path,
                                                                     content: bytes) -> None:
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(content)
    target = tmp_path / "motesbok.pdf"
    target.write_bytes(b"%PDF-1.6 tidigare bok")
    with pytest.raises(OutputError) as caught:
        make_book([parts[0], Part("§ 1 Trasig", broken)], target, title=TITLE)
    assert caught.value.file == broken
    assert re.search(r"trasig\.pdf: (Filen är ingen PDF som går att läsa|PDF:en har inga sidor)", str(caught.value))
    assert target.read_bytes() == b"%PDF-1.6 tidigare bok"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["motesbok.pdf", "trasig.pdf"]


def test_a_missing_part_is_named_and_no_book_is_written(parts: list[Part], tmp_path: Path) -> None:
    missing = tmp_path / "saknas.pdf"
    target = tmp_path / "motesbok.pdf"
    with pytest.raises(OutputError, match=r"saknas\.pdf: Filen kunde inte läsas \(filen eller mappen finns inte\)"):
        make_book([parts[0], Part("§ 1", missing)], target, title=TITLE)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_no_temporary_file(parts: list[Part], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "motesbok.pdf"
    target.write_bytes(b"%PDF-1.6 tidigare bok")

    def interrupt(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        make_book(parts, target, title=TITLE)
    assert [path.name for path in tmp_path.iterdir()] == ["motesbok.pdf"]
    assert target.read_bytes() == b"%PDF-1.6 tidigare bok"


def test_a_book_of_21_parts_is_smaller_than_its_parts_and_made_in_a_second(parts: list[Part],
                                                                          tmp_path: Path) -> None:
    many = [parts[0]] + [Part(f"§ {number}", parts[1 + number % 2].pdf) for number in range(1, 21)]
    target = tmp_path / "motesbok.pdf"
    seconds = []
    for _ in range(2):  # the better of two: a busy machine may stop any one run for a moment
        started = time.perf_counter()
        size = make_book(many, target, title=TITLE)
        seconds.append(time.perf_counter() - started)
    assert size < sum(part.pdf.stat().st_size for part in many) * 0.9
    assert page_count(target) == sum(page_count(part.pdf) for part in many)
    assert min(seconds) < 1.0, f"{min(seconds):.2f} s"


def tagged_part(path: Path, alt: str) -> None:
    """A one-page tagged PDF made here, whose form and image are figures (each an item of the tree with a
    ``/StructParent`` of its own) described by ``alt``: the same keys and the same image in every such part."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page().obj
    form = pdf.make_stream(b"0 0 m 10 10 l S", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 100, 100], StructParent=1)
    image = pdf.make_stream(b"\x80", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=1, Height=1,
                            ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8, StructParent=2)
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form, Im0=image))
    page.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC EMC /Fm0 Do /Im0 Do")
    page.StructParents = 0
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, ParentTreeNextKey=3))
    document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))

    def element(role: str, kid: Any, text: str = "") -> Any:
        return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(role), P=document,
                                                    Pg=page, K=kid, Alt=pikepdf.String(text)))

    def item(xobject: Any) -> Any:
        return pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=xobject, Pg=page)

    paragraph, figure, picture = element("/P", 0), element("/Figure", item(form), alt), element(
        "/Figure", item(image), f"{alt}, bild")
    document.K, root.K = pikepdf.Array([paragraph, figure, picture]), document
    root.ParentTree = pikepdf.Dictionary(Nums=[0, [paragraph], 1, figure, 2, picture])
    pdf.Root.StructTreeRoot, pdf.Root.MarkInfo = root, pikepdf.Dictionary(Marked=True)
    pdf.save(path)


def test_a_form_or_image_that_is_a_figure_keeps_its_own_parts_element(tmp_path: Path) -> None:
    names = ["första", "andra"]
    for name in names:
        tagged_part(tmp_path / f"{name}.pdf", name)
    target = tmp_path / "bok.pdf"
    make_book([Part(name, tmp_path / f"{name}.pdf") for name in names], target, title=TITLE)
    with pikepdf.open(target) as pdf:
        tree = parent_tree(pdf.Root.StructTreeRoot)
        shown = []
        for page in pdf.pages:
            for xobject in (page.obj.Resources.XObject.Fm0, page.obj.Resources.XObject.Im0):
                element = tree[int(xobject.StructParent)]
                assert element.K.Obj.objgen == xobject.objgen
                shown.append(str(element.Alt))
        assert shown == ["första", "första, bild", "andra", "andra, bild"]
        assert len({page.obj.Resources.XObject.Im0.objgen for page in pdf.pages}) == 2


def named_destinations_part(path: Path) -> None:
    """A three-page PDF made here whose bookmarks and links lead to named destinations: in its name tree (with
    ``/Kids``) as strings, in its old ``/Dests`` dictionary as names, and one it lacks. It has a form field too."""
    pdf = pikepdf.new()
    pages = [pdf.add_blank_page().obj for _ in range(3)]
    names = pikepdf.Dictionary(Kids=[
        pdf.make_indirect(pikepdf.Dictionary(Limits=["eins", "eins"], Names=["eins", [pages[0], pikepdf.Name.Fit]])),
        pdf.make_indirect(pikepdf.Dictionary(Limits=["zwei", "zwei"], Names=[
            "zwei", pikepdf.Dictionary(D=[pages[2], pikepdf.Name.XYZ, None, None, None])]))])
    pdf.Root.Names = pikepdf.Dictionary(Dests=names)
    pdf.Root.Dests = pikepdf.Dictionary(drei=[pages[1], pikepdf.Name.Fit])

    def goto(target: Any) -> Any:
        return pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=target)

    targets = [{"Dest": pikepdf.String("zwei")}, {"A": goto(pikepdf.Name("/drei"))},
               {"Dest": pikepdf.String("eins")}, {"A": goto(pikepdf.String("saknas"))}]
    pages[0].Annots = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], **target)) for target in targets])
    pages[1].Annots = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("fält"),
        Rect=[0, 0, 10, 10]))])
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[pages[1].Annots[0]])
    outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    items = [pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(f"Bokmärke {number}"), Parent=outlines,
                                                  **target)) for number, target in enumerate(targets)]
    for before, after in itertools.pairwise(items):
        before.Next, after.Prev = after, before
    outlines.First, outlines.Last, outlines.Count = items[0], items[-1], len(items)
    pdf.Root.Outlines = outlines
    pdf.save(path)


def test_bookmarks_and_links_to_named_destinations_lead_to_their_parts_page_in_the_book(tmp_path: Path) -> None:
    part = tmp_path / "namn.pdf"
    named_destinations_part(part)
    target = tmp_path / "bok.pdf"
    make_book([Part("Första", part), Part("Andra", part)], target, title=TITLE)  # the same names in both parts
    with pikepdf.open(target) as pdf:
        pages = [page.objgen for page in pdf.pages]

        def leads_to(holder: Any) -> int | None:
            destination = holder.get("/Dest", holder.get("/A", pikepdf.Dictionary()).get("/D"))
            return None if destination is None else pages.index(destination[0].objgen)

        assert "/Names" not in pdf.Root and "/Dests" not in pdf.Root and "/AcroForm" not in pdf.Root
        for first, bookmark in zip([0, 3], outline(pdf.Root.Outlines), strict=True):
            assert [leads_to(item) for item in outline(bookmark)] == [first + 2, first + 1, first, None]
            links = listed(pdf.pages[first].obj.Annots)
            assert [leads_to(link) for link in links] == [first + 2, first + 1, first, None]
            assert "/A" not in links[-1] and links[-1].Subtype == "/Link"  # kept, leading nowhere
            assert [str(field.T) for field in pdf.pages[first + 1].obj.Annots] == ["fält"]


def test_importing_memo_does_not_import_pikepdf(tmp_path: Path) -> None:
    probe = ("import sys, memo, memo.pdf, memo.pdf.book, memo.pdf.booktags\n"
             "assert 'pikepdf' not in sys.modules, 'importerat för tidigt'\n")
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)
