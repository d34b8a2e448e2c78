"""What a template's writers and reviewers left in its XML: tracked changes, comment marks and hidden text.

Each function works on one part's XML element and returns what it did, counted. Tracked
changes are accepted as Word's "Godkänn alla ändringar" does: an insertion keeps its text,
a deletion goes with its text, a formatting change keeps the new formatting, and the marks
with the reviewer's name and time go. Hidden text (``w:vanish``) goes with its runs, and no
formatting in the reference hides text any more.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from docx.oxml.ns import qn

__all__ = ["Accepted", "accept_changes", "hidden_styles", "remove_comment_marks", "remove_hidden_text", "unwrap"]

#: The elements that record a formatting change (the element holds the old formatting).
_FORMAT_CHANGES = tuple(qn(f"w:{name}") for name in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange", "tcPrChange",
    "tblGridChange", "numberingChange"))
#: Marks where a moved or changed stretch begins and ends, and marks of a table cell's changes.
_MARKS = tuple(qn(f"w:{name}") for name in (
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
    "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd", "customXmlMoveFromRangeStart",
    "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "cellIns", "cellDel",
    "cellMerge"))
_INSERTED = (qn("w:ins"), qn("w:moveTo"))
_DELETED = (qn("w:del"), qn("w:moveFrom"))
_COMMENT_MARKS = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))
_VANISH = (qn("w:vanish"), qn("w:specVanish"))
#: What makes a paragraph more than an empty line.
_CONTENT = (qn("w:t"), qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldChar"), qn("w:fldSimple"),
            qn("w:tab"), qn("w:sym"))


class Accepted(NamedTuple):
    """Tracked changes accepted in one part."""

    insertions: int
    deletions: int
    formatting: int


def _all(root: Any, tags: Iterable[str]) -> list[Any]:
    return list(root.iter(*tags))


def unwrap(element: Any) -> None:
    """Put ``element``'s children in its place."""
    for child in list(element):
        element.addprevious(child)
    element.getparent().remove(element)


def _remove(element: Any) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def accept_changes(root: Any) -> Accepted:
    """Accept every tracked change under ``root``; return how many of each kind there were."""
    accepted = Accepted(len(_all(root, _INSERTED)), len(_all(root, _DELETED)), len(_all(root, _FORMAT_CHANGES)))
    for element in _all(root, _DELETED):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag == qn("w:rPr") and parent.getparent() is not None and parent.getparent().tag == qn("w:pPr"):
            _join_with_next(parent.getparent().getparent())  # a deleted paragraph mark
            _remove(element)
        elif parent.tag == qn("w:trPr"):  # a deleted table row
            _remove(parent.getparent())
        elif parent.tag in (qn("w:rPr"), qn("w:tcPr")):
            parent.remove(element)
        else:
            parent.remove(element)  # deleted text goes with its runs
    for element in _all(root, _INSERTED):
        if element.getparent() is None:
            continue
        if element.getparent().tag in (qn("w:rPr"), qn("w:trPr"), qn("w:tcPr")):
            _remove(element)  # an inserted paragraph mark or row: only the mark goes
        else:
            unwrap(element)
    for element in _all(root, _FORMAT_CHANGES + _MARKS):
        _remove(element)
    return accepted


def _join_with_next(paragraph: Any) -> None:
    """A paragraph whose mark was deleted runs on into the next one, which keeps its own formatting."""
    following = paragraph.getnext()
    if following is None or following.tag != qn("w:p"):
        return
    anchor = following.find(qn("w:pPr"))
    for child in [c for c in paragraph if c.tag != qn("w:pPr")]:
        if anchor is not None:
            anchor.addnext(child)
        else:
            following.insert(0, child)
        anchor = child
    _remove(paragraph)


def remove_comment_marks(root: Any) -> int:
    """Remove where comments begin, end and are referred to; return how many marks there were."""
    marks = _all(root, _COMMENT_MARKS)
    for mark in marks:
        run = mark.getparent()
        _remove(mark)
        if run is not None and run.tag == qn("w:r") and all(child.tag == qn("w:rPr") for child in run):
            _remove(run)  # the run held only the reference
    return len(marks)


def _on(element: Any) -> bool:
    return (element.get(qn("w:val")) or "true").lower() in ("1", "true", "on")


def hidden_styles(styles: Any) -> set[str]:
    """The ids of the styles that hide their text, themselves or through the style they are based on."""
    based_on: dict[str, str] = {}
    hidden: set[str] = set()
    for style in styles.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId")) or ""
        vanish = style.find(f"{qn('w:rPr')}/{qn('w:vanish')}")
        if vanish is not None and _on(vanish):
            hidden.add(style_id)
        base = style.find(qn("w:basedOn"))
        if base is not None and vanish is None:
            based_on[style_id] = base.get(qn("w:val")) or ""
    while True:
        more = {style_id for style_id, base in based_on.items() if base in hidden} - hidden
        if not more:
            return hidden
        hidden |= more


def _style(properties: Any, tag: str) -> str | None:
    found = properties.find(qn(tag)) if properties is not None else None
    return found.get(qn("w:val")) if found is not None else None


def remove_hidden_text(root: Any, hidden: set[str]) -> int:
    """Remove the runs that Word hides (``w:vanish``, directly or by their style), the paragraphs left empty that
    were hidden too, and every ``w:vanish`` left; return how many runs were hidden."""
    removed = 0
    for run in _all(root, (qn("w:r"),)):
        properties = run.find(qn("w:rPr"))
        vanish = properties.find(qn("w:vanish")) if properties is not None else None
        paragraph = next((a for a in run.iterancestors(qn("w:p"))), None)
        paragraph_style = _style(paragraph.find(qn("w:pPr")), "w:pStyle") if paragraph is not None else None
        if vanish is not None:
            is_hidden = _on(vanish)
        else:
            is_hidden = _style(properties, "w:rStyle") in hidden or paragraph_style in hidden
        if is_hidden and run.getparent() is not None:
            run.getparent().remove(run)
            removed += 1
    for paragraph in _all(root, (qn("w:p"),)):
        mark = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:vanish')}")
        hidden_mark = (_on(mark) if mark is not None else _style(paragraph.find(qn("w:pPr")), "w:pStyle") in hidden)
        parent = paragraph.getparent()
        if (hidden_mark and parent is not None and parent.findall(qn("w:p"))[-1] is not paragraph
                and not any(True for _ in paragraph.iter(*_CONTENT))):
            parent.remove(paragraph)
    for element in _all(root, _VANISH):
        _remove(element)
    return removed
