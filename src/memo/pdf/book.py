"""The mötesbok: tagged PDFs (the kallelse and each memo) merged into one tagged PDF, with a bookmark per part.

Each part's pages are copied in order, then its structure tree (:mod:`memo.pdf.booktags` merges the trees) and
its own bookmarks, under the part's bookmark. qpdf maps a reference to a page that was already copied to the
copy, so the tree's ``/Pg`` and the bookmarks' and links' targets point at the book's pages. A bookmark or link to
a named destination of its part is given the destination itself (the book has no names: two parts may use the
same one); one whose name the part lacks loses its target, and the link stays, leading nowhere. The book has its own
title, language, XMP metadata (PDF/UA when every part claims it) and nothing else from the parts' catalogs: no
author, producer, JavaScript, attached files or forms. It is saved compressed, with object streams and only the
objects it uses, and written atomically (:func:`memo.word.output.write_atomically`).

pikepdf (qpdf) is imported only when a book is made.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from xml.sax.saxutils import escape

from memo.errors import Location, OutputError, os_reason
from memo.pdf.booktags import StructureMerge, action_steps, defuse, name_tree, to_int
from memo.word.output import write_atomically

if TYPE_CHECKING:
    import pikepdf

__all__ = ["Part", "make_book"]

#: Characters XML 1.0 cannot hold (a title is written into the XMP metadata).
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PDFUA = re.compile(rb"<pdfuaid:part>\s*1\s*</pdfuaid:part>|pdfuaid:part=[\"']1[\"']")


class Part(NamedTuple):
    """One part of the book: its bookmark's title and its PDF (tagged as LibreOffice writes it, or untagged)."""

    bookmark: str
    pdf: Path


def make_book(parts: Sequence[Part], target: Path, *, title: str, lang: str = "sv-SE") -> int:
    """Write the parts as one PDF to target atomically (temp file in target's folder + os.replace; an existing
    file untouched on failure; no temp file left on failure or KeyboardInterrupt); return its size in bytes.

    Raises :class:`OutputError` (in Swedish, naming the file) when a part cannot be read as a PDF or the book
    cannot be written.
    """
    if not parts:
        raise ValueError("make_book: a book needs at least one part")
    import pikepdf

    target = Path(target)
    with contextlib.ExitStack() as sources, pikepdf.new() as book:
        tags = StructureMerge(book, lang)
        tagged, claims_ua, version = False, True, "1.4"
        outline: list[pikepdf.Object] = []
        for part in parts:
            source = sources.enter_context(_open_part(part.pdf))
            try:
                first = len(book.pages)
                for page in source.pages:  # (pages.extend warns that it leaves named destinations behind)
                    book.pages.append(page)
                destinations = _Destinations(source, book.pages[first:])
                element = tags.add(source, part.bookmark, first)
                for page in book.pages[first:]:
                    annotations = page.obj.get("/Annots")
                    for annotation in annotations if isinstance(annotations, pikepdf.Array) else ():
                        destinations.resolve(annotation)
                outline.append(_bookmark(book, source, part.bookmark, first, element, destinations))
            except pikepdf.PdfError:
                raise OutputError(_unreadable(), Location(part.pdf)) from None
            tagged = tagged or element is not None
            claims_ua = claims_ua and element is not None and _claims_pdf_ua(source)
            version = max(version, source.pdf_version, key=_version_key)
        if tagged:
            tags.finish()
        _catalog(book, outline, title, lang, claims_ua)
        data = io.BytesIO()
        try:
            with _no_form_warning():
                book.save(data, min_version=version, compress_streams=True, fix_metadata_version=False,
                          object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
        except pikepdf.PdfError as exc:
            raise OutputError(f"Mötesboken kunde inte skrivas: en av delarna är skadad ({exc}).",
                              Location(target)) from None
    written = data.getvalue()
    write_atomically(target, written, overwrite=True)
    return len(written)


@contextlib.contextmanager
def _open_part(path: Path) -> Iterator[pikepdf.Pdf]:
    """The part's PDF, open until the book is saved (qpdf reads the copied streams from it then)."""
    import pikepdf

    try:
        source = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise OutputError("PDF:en är skyddad med lösenord och kan inte läggas i mötesboken.", Location(path)) from None
    except pikepdf.PdfError:
        raise OutputError(_unreadable(), Location(path)) from None
    except OSError as exc:
        raise OutputError(f"Filen kunde inte läsas ({os_reason(exc)}).", Location(path)) from None
    with source:
        if not len(source.pages):
            raise OutputError("PDF:en har inga sidor och kan inte läggas i mötesboken.", Location(path))
        yield source


@contextlib.contextmanager
def _no_form_warning() -> Iterator[None]:
    """Without pikepdf's warning (10.18 on) that a form field's widget is not in the book's form: the book keeps
    no forms (the widgets stay on the pages, as they look)."""
    import pikepdf

    with warnings.catch_warnings():
        category = getattr(pikepdf, "PageCopyWarning", None)
        if category is not None:
            warnings.simplefilter("ignore", category)
        yield


class _Destinations:
    """A part's named destinations (its ``/Names /Dests`` name tree and its old ``/Dests`` dictionary) as explicit
    destinations to the book's copies of its pages."""

    def __init__(self, source: pikepdf.Pdf, pages: Sequence[pikepdf.Page]) -> None:
        from pikepdf import Dictionary

        self.numbers = {page.obj.objgen: number for number, page in enumerate(source.pages)}
        self.pages = [page.obj for page in pages]
        names = source.Root.get("/Names")
        tree = names.get("/Dests") if isinstance(names, Dictionary) else None
        self.by_string = dict(name_tree(tree))
        dests = source.Root.get("/Dests")
        self.by_name = dict(dests.items()) if isinstance(dests, Dictionary) else {}

    def resolve(self, holder: pikepdf.Object) -> None:
        """Give a link or bookmark (in the book) the destinations its ``/Dest`` and go-to actions name; drop a
        target whose name its part lacks."""
        from pikepdf import Dictionary

        if not isinstance(holder, Dictionary):
            return
        if "/Dest" in holder:
            explicit = self._explicit(holder.Dest)
            if explicit is None:
                del holder["/Dest"]
            else:
                holder.Dest = explicit
        action = holder.get("/A")
        for step in list(action_steps(action)) if action is not None else []:
            if step.get("/S") == "/GoTo":
                explicit = self._explicit(step.get("/D"))
                if explicit is None:
                    del holder["/A"]
                    break
                step.D = explicit

    def _explicit(self, target: pikepdf.Object | None) -> pikepdf.Object | None:
        """``target`` as an explicit destination in the book (``target`` itself if it is one); None if it names
        none of the part's destinations or is none."""
        from pikepdf import Array, Dictionary, Name, String

        if isinstance(target, Array):
            return target
        if isinstance(target, String):
            entry = self.by_string.get(bytes(target))
        elif isinstance(target, Name):
            entry = self.by_name.get(str(target))
        else:
            return None
        if isinstance(entry, Dictionary):
            entry = entry.get("/D")
        if not isinstance(entry, Array) or not len(entry) or not isinstance(entry[0], Dictionary):
            return None
        number = self.numbers.get(entry[0].objgen)
        rest = list(entry)[1:]
        if number is None or any(getattr(item, "is_indirect", False) for item in rest):
            return None
        return Array([self.pages[number], *rest])


def _unreadable() -> str:
    return "Filen är ingen PDF som går att läsa (den är skadad eller inte en PDF) och kan inte läggas i mötesboken."


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(number) for number in re.findall(r"\d+", version))


def _bookmark(book: pikepdf.Pdf, source: pikepdf.Pdf, title: str, first: int, element: pikepdf.Object | None,
              destinations: _Destinations) -> pikepdf.Object:
    """The part's bookmark, to the top of its first page, closed, with the part's own bookmarks under it."""
    from pikepdf import Array, Dictionary, Name, String

    page = book.pages[first]
    box = [float(number) for number in page.cropbox]
    item = book.make_indirect(Dictionary(Title=String(title),
                                         Dest=Array([page.obj, Name.XYZ, None, max(box[1], box[3]), None])))
    if element is not None:
        item.SE = element
    own = source.Root.get("/Outlines")
    if isinstance(own, Dictionary) and isinstance(own.get("/First"), Dictionary):
        children = _chain(book.copy_foreign(own).First)
        for child in children:
            child.Parent = item
        for descendant in _outline_items(children):
            defuse(descendant)
            destinations.resolve(descendant)
        item.First, item.Last = children[0], children[-1]
        item.Count = -sum(1 + max(to_int(child.get("/Count")), 0) for child in children)
    return item


def _chain(first: pikepdf.Object) -> list[pikepdf.Object]:
    """The bookmarks from ``first`` on through ``/Next`` (each once)."""
    from pikepdf import Dictionary

    items: list[pikepdf.Object] = []
    seen: set[tuple[int, int]] = set()
    item: pikepdf.Object | None = first
    while isinstance(item, Dictionary) and item.objgen not in seen:
        seen.add(item.objgen)
        items.append(item)
        item = item.get("/Next")
    return items


def _outline_items(items: list[pikepdf.Object], depth: int = 0) -> Iterator[pikepdf.Object]:
    from pikepdf import Dictionary

    for item in items:
        yield item
        if isinstance(item.get("/First"), Dictionary) and depth < 32:
            yield from _outline_items(_chain(item.First), depth + 1)


def _catalog(book: pikepdf.Pdf, outline: list[pikepdf.Object], title: str, lang: str, claims_ua: bool) -> None:
    """The book's outline, language, title and metadata, and nothing from the parts' catalogs."""
    from pikepdf import Dictionary, Name, Stream, String

    root = book.make_indirect(Dictionary(Type=Name.Outlines, Count=len(outline)))
    for number, item in enumerate(outline):
        item.Parent = root
        if number:
            item.Prev = outline[number - 1]
        if number + 1 < len(outline):
            item.Next = outline[number + 1]
    root.First, root.Last = outline[0], outline[-1]
    book.Root.Outlines = root
    book.Root.PageMode = Name.UseOutlines
    book.Root.Lang = String(lang)
    book.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    book.docinfo = book.make_indirect(Dictionary(Title=String(title)))
    metadata = Stream(book, _xmp(title, lang, claims_ua=claims_ua))
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    book.Root.Metadata = metadata


def _claims_pdf_ua(source: pikepdf.Pdf) -> bool:
    from pikepdf import Stream

    metadata = source.Root.get("/Metadata")
    return isinstance(metadata, Stream) and _PDFUA.search(metadata.read_bytes()) is not None


def _xmp(title: str, lang: str, *, claims_ua: bool) -> bytes:
    r"""The book's XMP metadata: its title and language, and PDF/UA when every part claims it.

    >>> b'<rdf:li xml:lang="x-default">A &amp; B</rdf:li>' in _xmp("A & B\x07", "sv-SE", claims_ua=False)
    True
    """
    title, lang = _XML_UNSAFE.sub("", title), _XML_UNSAFE.sub("", lang)
    ua = ('  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
          "   <pdfuaid:part>1</pdfuaid:part>\n  </rdf:Description>\n") if claims_ua else ""
    text = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
            f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
            f"   <dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>\n"
            f"  </rdf:Description>\n{ua} </rdf:RDF>\n</x:xmpmeta>\n"
            '<?xpacket end="w"?>')
    return text.encode("utf-8")
