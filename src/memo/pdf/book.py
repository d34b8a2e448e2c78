"""The mötesbok: tagged PDFs (the kallelse and each memo) merged into one tagged PDF, with a bookmark per part.

Each part's pages are copied in order, then its structure tree and its own bookmarks (qpdf maps a reference to a
page that was already copied to the copy, so the tree's ``/Pg`` and the bookmarks' targets point at the book's
pages). The book's structure tree is one ``Document`` holding a ``Part`` per tagged part (LibreOffice's
``Document`` element becomes that ``Part``, titled with the bookmark); the parent trees are merged with each
part's keys moved past the ones before it, and the pages' and annotations' keys with them. Role and class maps
are merged (a name two parts map differently is renamed in the later one), and so is the ID tree. The book has
its own title, language, XMP metadata (PDF/UA when every part claims it) and nothing else from the parts'
catalogs: no author, producer, JavaScript, attached files or forms. It is saved compressed, with object
streams and only the objects it uses, and written atomically (:func:`memo.word.output.write_atomically`).

pikepdf (qpdf) is imported only when a book is made.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from xml.sax.saxutils import escape

from memo.errors import Location, OutputError, os_reason
from memo.word.output import write_atomically

if TYPE_CHECKING:
    import pikepdf

__all__ = ["Part", "make_book"]

#: Action types a part's link or bookmark may not bring into the book (they run code or programs).
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"})
#: Characters XML 1.0 cannot hold (a title is written into the XMP metadata).
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PDFUA = re.compile(rb"<pdfuaid:part>\s*1\s*</pdfuaid:part>|pdfuaid:part=[\"']1[\"']")


class Part(NamedTuple):
    """One part of the book: its bookmark's title and its PDF (tagged as LibreOffice writes it, or untagged)."""

    bookmark: str
    pdf: Path


class _Tags:
    """The book's structure tree as it grows: its root, its ``Document`` element and the merged maps."""

    def __init__(self, book: pikepdf.Pdf, lang: str) -> None:
        from pikepdf import Array, Dictionary, Name

        self.book, self.lang = book, lang
        self.root = book.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root,
                                                      K=Array()))
        self.root.K = self.document
        self.nums: list[tuple[int, pikepdf.Object]] = []
        self.next_key = 0
        self.role_map: dict[str, pikepdf.Object] = {}
        self.class_map: dict[str, pikepdf.Object] = {}
        self.ids: dict[bytes, pikepdf.Object] = {}
        self.images: dict[bytes, pikepdf.Object] = {}  # by content, for every part

    def add(self, source: pikepdf.Pdf, bookmark: str, first_page: int) -> pikepdf.Object | None:
        """Bring ``source``'s structure tree (its pages already copied from ``first_page`` on) into the book; return
        its ``Part`` element, or None when it has no tags (then its pages' keys are removed)."""
        from pikepdf import Array, Dictionary, Name, String

        pages = [page.obj for page in self.book.pages[first_page:first_page + len(source.pages)]]
        tree = source.Root.get("/StructTreeRoot")
        if not isinstance(tree, Dictionary) or not isinstance(source.Root.get("/MarkInfo"), Dictionary):
            _tidy(pages, None, self.images)
            return None
        tree = self.book.copy_foreign(tree)
        entries = list(_number_tree(tree.get("/ParentTree")))
        offset = self.next_key
        end = max([key + 1 for key, _ in entries] + [_int(tree.get("/ParentTreeNextKey"))])
        self.nums.extend((key + offset, value) for key, value in sorted(entries, key=lambda entry: entry[0]))
        self.next_key = offset + end
        _tidy(pages, offset, self.images)
        kids = [kid for kid in _as_list(tree.get("/K")) if isinstance(kid, Dictionary)]
        if len(kids) == 1 and kids[0].get("/S") == Name.Document:
            part = kids[0] if kids[0].is_indirect else self.book.make_indirect(kids[0])
            part.S = Name.Part
        else:
            part = self.book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, K=Array(kids)))
            for kid in kids:
                kid.P = part
        part.P = self.document
        part.T = String(bookmark)
        language = source.Root.get("/Lang")
        if isinstance(language, String) and str(language) and str(language) != self.lang:
            part.Lang = String(str(language))  # (a new string: the part's own belongs to its PDF)
        roles = _merge_map(self.role_map, tree.get("/RoleMap"))
        classes = _merge_map(self.class_map, tree.get("/ClassMap"))
        for element in _elements(part):
            _clean_element(element, roles, classes)
        self._add_ids(tree.get("/IDTree"))
        self.document.K.append(part)
        return part

    def _add_ids(self, id_tree: pikepdf.Object | None) -> None:
        from pikepdf import String

        for name, element in _name_tree(id_tree):
            new, number = name, 1
            while new in self.ids:
                number += 1
                new = name + f"-{number}".encode("ascii")
            if new != name:
                element.ID = String(new)
            self.ids[new] = element

    def finish(self) -> None:
        """Write the merged maps into the book's structure root and put it in the catalog."""
        from pikepdf import Array, Dictionary, String

        self.root.ParentTree = self.book.make_indirect(
            Dictionary(Nums=Array([item for key, value in self.nums for item in (key, value)])))
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = Dictionary({name: value for name, value in self.role_map.items()})
        if self.class_map:
            self.root.ClassMap = Dictionary({name: value for name, value in self.class_map.items()})
        if self.ids:
            self.root.IDTree = Dictionary(Names=Array([item for name, element in sorted(self.ids.items())
                                                       for item in (String(name), element)]))
        self.book.Root.StructTreeRoot = self.root
        self.book.Root.MarkInfo = Dictionary(Marked=True)


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
        tags = _Tags(book, lang)
        tagged, claims_ua, version = False, True, "1.4"
        outline: list[pikepdf.Object] = []
        for part in parts:
            source = sources.enter_context(_open_part(part.pdf))
            try:
                first = len(book.pages)
                book.pages.extend(source.pages)
                element = tags.add(source, part.bookmark, first)
                outline.append(_bookmark(book, source, part.bookmark, first, element))
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


def _unreadable() -> str:
    return "Filen är ingen PDF som går att läsa (den är skadad eller inte en PDF) och kan inte läggas i mötesboken."


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(number) for number in re.findall(r"\d+", version))


def _is_int(value: object) -> bool:
    """Whether ``value`` is a PDF integer (pikepdf gives them as ``int``)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _as_list(value: pikepdf.Object | None) -> list[pikepdf.Object]:
    from pikepdf import Array

    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _number_tree(node: pikepdf.Object | None, depth: int = 0) -> Iterator[tuple[int, pikepdf.Object]]:
    """A number tree's entries (``/Nums`` pairs, in ``/Kids`` too)."""
    from pikepdf import Array, Dictionary

    if not isinstance(node, Dictionary) or depth > 32:
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        yield from ((_int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2) if _is_int(nums[i]))
    for kid in _as_list(node.get("/Kids")):
        yield from _number_tree(kid, depth + 1)


def _name_tree(node: pikepdf.Object | None, depth: int = 0) -> Iterator[tuple[bytes, pikepdf.Object]]:
    """A name tree's entries (``/Names`` pairs, in ``/Kids`` too)."""
    from pikepdf import Array, Dictionary, String

    if not isinstance(node, Dictionary) or depth > 32:
        return
    names = node.get("/Names")
    if isinstance(names, Array):
        yield from ((bytes(names[i]), names[i + 1]) for i in range(0, len(names) - 1, 2)
                    if isinstance(names[i], String) and isinstance(names[i + 1], Dictionary))
    for kid in _as_list(node.get("/Kids")):
        yield from _name_tree(kid, depth + 1)


def _tidy(pages: Sequence[pikepdf.Object], offset: int | None, images: dict[bytes, pikepdf.Object]) -> None:
    """Move the structure keys of ``pages`` (and of their annotations and forms) by ``offset``; remove them when
    None. Drop what may run code or carry files, and use the book's copy of an image it has already (``images``,
    by content: a logo on every memo is kept once). Each object once, however many pages share it."""
    from pikepdf import Dictionary, Name, Stream

    seen: set[tuple[int, int]] = set()
    todo: list[tuple[pikepdf.Object, str]] = [(page, "/StructParents") for page in pages]
    while todo:
        holder, key = todo.pop()
        if holder.is_indirect:
            if holder.objgen in seen:
                continue
            seen.add(holder.objgen)
        if key in holder:
            if offset is None or not _is_int(holder[key]):
                del holder[key]
            else:
                holder[key] = _int(holder[key]) + offset
        for unsafe in ("/AA", "/AF"):
            if unsafe in holder:
                del holder[unsafe]
        if key == "/StructParents" and holder.get("/Type") != "/XObject":  # a page
            annotations = _as_list(holder.get("/Annots"))
            if annotations and "/Tabs" not in holder:
                holder.Tabs = Name.S  # the tab order follows the structure (PDF/UA)
            for annotation in annotations:
                if isinstance(annotation, Dictionary):
                    _defuse(annotation)
                    todo.append((annotation, "/StructParent"))
        resources = holder.get("/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
        if not isinstance(xobjects, Dictionary):
            continue
        for name, xobject in xobjects.items():
            if not isinstance(xobject, Stream):
                continue
            if xobject.get("/Subtype") == "/Form":
                todo.append((xobject, "/StructParents"))
            elif xobject.get("/Subtype") == "/Image" and xobject.is_indirect:
                kept = images.setdefault(_fingerprint(xobject), xobject)
                if kept.objgen != xobject.objgen:
                    xobjects[name] = kept


def _fingerprint(value: object, depth: int = 0) -> bytes:
    """What an object holds, references followed (for an image: its data, dictionary, soft mask, colour space)."""
    from pikepdf import Array, Dictionary, Object, Stream

    if not isinstance(value, Object):  # a number or a truth value, as pikepdf gives them
        return repr(value).encode("ascii")
    if depth > 8:
        return value.unparse(resolved=True)
    if isinstance(value, Stream):
        data = value.read_raw_bytes()
        return hashlib.sha256(data + _fingerprint(value.stream_dict, depth + 1)).digest()
    if isinstance(value, Dictionary):
        return b"<<" + b" ".join(key.encode() + _fingerprint(value[key], depth + 1) for key in sorted(value.keys())
                                 if key != "/Length") + b">>"
    if isinstance(value, Array):
        return b"[" + b" ".join(_fingerprint(item, depth + 1) for item in value) + b"]"
    return value.unparse(resolved=True)


def _defuse(holder: pikepdf.Object) -> None:
    """Remove an action that runs code or a program, and an attached file, from a link or a bookmark."""
    action = holder.get("/A")
    if action is not None and any(step.get("/S") in _ACTIVE_ACTIONS for step in _actions(action)):
        del holder["/A"]
    if holder.get("/Subtype") == "/FileAttachment" and "/FS" in holder:
        del holder["/FS"]


def _actions(action: pikepdf.Object, depth: int = 0) -> Iterator[pikepdf.Object]:
    from pikepdf import Dictionary

    if isinstance(action, Dictionary) and depth < 32:
        yield action
        for following in _as_list(action.get("/Next")):
            yield from _actions(following, depth + 1)


def _merge_map(merged: dict[str, pikepdf.Object], part_map: pikepdf.Object | None) -> dict[str, str]:
    """Add a part's role or class map to ``merged``; return the part's names that had to be renamed (a name the
    book already maps to something else), old → new."""
    from pikepdf import Dictionary

    renamed: dict[str, str] = {}
    if not isinstance(part_map, Dictionary):
        return renamed
    for name, value in part_map.items():
        new, number = name, 1
        while new in merged and merged[new].unparse() != value.unparse():
            number += 1
            new = f"{name}-{number}"
        if new != name:
            renamed[name] = new
        merged.setdefault(new, value)
    return renamed


def _elements(top: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """``top`` and the structure elements under it (not marked content or object references)."""
    from pikepdf import Dictionary

    seen: set[tuple[int, int]] = set()
    todo = [top]
    while todo:
        element = todo.pop()
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        yield element
        todo.extend(kid for kid in _as_list(element.get("/K"))
                    if isinstance(kid, Dictionary) and "/S" in kid and kid.get("/Type") not in ("/MCR", "/OBJR"))


def _clean_element(element: pikepdf.Object, roles: dict[str, str], classes: dict[str, str]) -> None:
    """Apply the role and class renames to one element; drop its attached files."""
    from pikepdf import Array, Name

    if "/AF" in element:
        del element["/AF"]
    role = str(element.get("/S", ""))
    if role in roles:
        element.S = Name(roles[role])
    own = element.get("/C")
    if own is not None and classes:
        names = [Name(classes.get(str(name), str(name))) for name in _as_list(own)]
        element.C = Array(names) if isinstance(own, Array) else names[0]


def _bookmark(book: pikepdf.Pdf, source: pikepdf.Pdf, title: str, first: int,
              element: pikepdf.Object | None) -> pikepdf.Object:
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
            _defuse(descendant)
        item.First, item.Last = children[0], children[-1]
        item.Count = -sum(1 + max(_int(child.get("/Count")), 0) for child in children)
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
