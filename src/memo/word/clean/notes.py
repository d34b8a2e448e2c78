"""A template's footnotes and endnotes: the memo's body is the case's, so the notes its sample text had go.

Word keeps the notes in their own parts (``word/footnotes.xml``, ``word/endnotes.xml``). The
notes of the template's body would otherwise ride along in every memo, unseen: no reference
in the memo's body points at them. Word's separators (the line above the notes) are notes too,
marked with a ``w:type``, and stay: the settings refer to them and they hold no text.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from memo.word.clean.properties import parse_xml, serialized

__all__ = ["NOTE_KINDS", "NoteKind", "remove_notes"]


class NoteKind(NamedTuple):
    """A part of notes: its relationship, its element, and its name in the report (one, many)."""

    reltype: str
    tag: str
    one: str
    many: str


NOTE_KINDS = (NoteKind(RT.FOOTNOTES, "w:footnote", "fotnot", "fotnoter"),
              NoteKind(RT.ENDNOTES, "w:endnote", "slutnot", "slutnoter"))
#: The notes Word writes itself, which hold no text: the separator lines and the notice of a continuation.
_WORDS_OWN = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def remove_notes(main: Any) -> list[tuple[NoteKind, int, str]]:
    """Remove the notes of the main part's note parts, keeping Word's own; return each kind's count and part."""
    removed = []
    for kind in NOTE_KINDS:
        for rel in main.rels.values():
            if rel.reltype != kind.reltype or rel.is_external:
                continue
            part = rel.target_part
            element = getattr(part, "element", None)
            root = element if element is not None else parse_xml(part.blob)
            if root is None:
                continue
            notes = [note for note in root.findall(qn(kind.tag)) if note.get(qn("w:type")) not in _WORDS_OWN]
            for note in notes:
                root.remove(note)
            if notes:
                if element is None:  # a part python-docx keeps as bytes
                    part._blob = serialized(root)
                removed.append((kind, len(notes), str(part.partname).lstrip("/")))
    return removed
