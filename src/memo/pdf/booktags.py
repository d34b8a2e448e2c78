"""The mötesbok's structure tree: each part's tags brought into one tree, and its pages made to fit it.

The book's tree is one ``Document`` holding a ``Part`` per tagged part (LibreOffice's ``Document`` element
becomes that ``Part``, titled with the bookmark). The parent trees are merged with each part's keys moved past
the ones before it, and the pages', annotations' and XObjects' keys with them; an untagged part's pages lose theirs
(they would name another part's content). Role and class maps are merged (a name two parts map differently is
renamed in the later one), and so is the ID tree. On the way, what may run code or carry files is dropped from
the pages, links and elements, and an image the book has already (a logo on every memo) is shared, unless it is
itself content of the tree (it has a key of its own then).

Only :mod:`memo.pdf.book` uses it, when a book is made: pikepdf is imported then.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

__all__ = ["StructureMerge", "action_steps", "defuse", "name_tree", "to_int"]

#: Action types a part's link or bookmark may not bring into the book (they run code or programs).
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"})


class StructureMerge:
    """The book's structure tree as it grows: its root, its ``Document`` element and the merged maps (and the
    images of the parts so far, by content)."""

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
        end = max([key + 1 for key, _ in entries] + [to_int(tree.get("/ParentTreeNextKey"))])
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
        from pikepdf import Dictionary, String

        for name, element in name_tree(id_tree):
            if not isinstance(element, Dictionary):
                continue
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


def _is_int(value: object) -> bool:
    """Whether ``value`` is a PDF integer (pikepdf gives them as ``int``)."""
    return isinstance(value, int) and not isinstance(value, bool)


def to_int(value: object) -> int:
    """``value`` if it is a PDF integer, else 0."""
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
        yield from ((to_int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2) if _is_int(nums[i]))
    for kid in _as_list(node.get("/Kids")):
        yield from _number_tree(kid, depth + 1)


def name_tree(node: pikepdf.Object | None, depth: int = 0) -> Iterator[tuple[bytes, pikepdf.Object]]:
    """A name tree's entries (``/Names`` pairs, in ``/Kids`` too)."""
    from pikepdf import Array, Dictionary, String

    if not isinstance(node, Dictionary) or depth > 32:
        return
    names = node.get("/Names")
    if isinstance(names, Array):
        yield from ((bytes(names[i]), names[i + 1]) for i in range(0, len(names) - 1, 2)
                    if isinstance(names[i], String))
    for kid in _as_list(node.get("/Kids")):
        yield from name_tree(kid, depth + 1)


def _tidy(pages: Sequence[pikepdf.Object], offset: int | None, images: dict[bytes, pikepdf.Object]) -> None:
    """Move the structure keys of ``pages`` (and of their annotations and XObjects) by ``offset``; remove them when
    None. Drop what may run code or carry files, and use the book's copy of an image it has already (``images``,
    by content: a logo on every memo is kept once) unless the image has a key (then it is a part's own content).
    Each object once, however many pages share it."""
    from pikepdf import Dictionary, Name, Stream

    seen: set[tuple[int, int]] = set()
    todo: list[tuple[pikepdf.Object, tuple[str, ...]]] = [(page, ("/StructParents",)) for page in pages]
    while todo:
        holder, keys = todo.pop()
        if holder.is_indirect:
            if holder.objgen in seen:
                continue
            seen.add(holder.objgen)
        for key in keys:
            if key not in holder:
                continue
            if offset is None or not _is_int(holder[key]):
                del holder[key]
            else:
                holder[key] = to_int(holder[key]) + offset
        for unsafe in ("/AA", "/AF"):
            if unsafe in holder:
                del holder[unsafe]
        if keys == ("/StructParents",):  # a page
            annotations = _as_list(holder.get("/Annots"))
            if annotations and "/Tabs" not in holder:
                holder.Tabs = Name.S  # the tab order follows the structure (PDF/UA)
            for annotation in annotations:
                if isinstance(annotation, Dictionary):
                    defuse(annotation)
                    todo.append((annotation, ("/StructParent",)))
        resources = holder.get("/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
        if not isinstance(xobjects, Dictionary):
            continue
        for name, xobject in xobjects.items():
            if not isinstance(xobject, Stream):
                continue
            keyed = "/StructParent" in xobject or "/StructParents" in xobject  # a form's content, or one item
            if xobject.get("/Subtype") == "/Form" or keyed:
                todo.append((xobject, ("/StructParent", "/StructParents")))
            if xobject.get("/Subtype") == "/Image" and xobject.is_indirect and not keyed:
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


def defuse(holder: pikepdf.Object) -> None:
    """Remove an action that runs code or a program, and an attached file, from a link or a bookmark."""
    action = holder.get("/A")
    if action is not None and any(step.get("/S") in _ACTIVE_ACTIONS for step in action_steps(action)):
        del holder["/A"]
    if holder.get("/Subtype") == "/FileAttachment" and "/FS" in holder:
        del holder["/FS"]


def action_steps(action: pikepdf.Object, depth: int = 0) -> Iterator[pikepdf.Object]:
    """An action and the ones it is followed by (``/Next``)."""
    from pikepdf import Dictionary

    if isinstance(action, Dictionary) and depth < 32:
        yield action
        for following in _as_list(action.get("/Next")):
            yield from action_steps(following, depth + 1)


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
