"""The prepared reference document's data: what :mod:`memo.word.prepare` makes and :mod:`memo.word.writer` fills.

A :class:`PreparedReference` is plain data: the parts no memo changes as a ready zip, and
the parts each memo writes anew — body, numbering, headers and footers, core properties —
as text with marked slots. The writer fills it with string operations alone. A module of
its own, so that the preparation (python-docx), the cache front (:mod:`memo.profile.reference`) and
the writer all depend on it and on nothing of each other.
"""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from memo.fonts.widths import TableFont
from memo.profile import headerfields

__all__ = ["FORMAT", "OPTIONAL", "PLACEHOLDERS", "SLOT", "SLOT_CHARACTERS", "Logo", "PreparedReference",
           "optional_marks", "slot", "style_key"]

#: Names that may stand as ``{{ namn }}`` in a reference document's header or footer.
PLACEHOLDERS = headerfields.names()
#: A slot in a prepared part: a name between two of Unicode's noncharacters (U+FDD0, U+FDD1),
#: which are set aside for a program's internal use and never stand in a document.
SLOT = re.compile("\ufdd0([a-z0-9_]+)\ufdd1")
#: A stretch of a header or footer shown only when one of its placeholders has a value:
#: U+FDD2, the names, U+FDD3, the stretch, U+FDD4.
OPTIONAL = re.compile("\ufdd2([a-z0-9_,]+)\ufdd3(.*?)\ufdd4", re.DOTALL)
SLOT_CHARACTERS = "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4"
FORMAT = 5  # bump when PreparedReference changes shape


def optional_marks(names: list[str]) -> tuple[str, str]:
    """The marks around a stretch shown only when one of ``names`` has a value (see :data:`OPTIONAL`)."""
    return f"\ufdd2{','.join(names)}\ufdd3", "\ufdd4"


def slot(name: str) -> str:
    """The marked slot for ``name`` in a prepared part."""
    return f"\ufdd0{name}\ufdd1"


class Logo(NamedTuple):
    path: Path
    alt: str


class PreparedReference(NamedTuple):
    """A reference document made ready for many memos: plain text, bytes and numbers."""

    static_zip: bytes  # every part no memo changes, compressed once
    document_head: str  # word/document.xml before and after the body
    document_tail: str
    stories: tuple[tuple[str, str], ...]  # header/footer zip member name → XML with placeholder slots
    numbering_name: str
    numbering_head: str  # numbering XML up to the end of its abstractNum elements,
    numbering_nums: str  # its own w:num elements,
    numbering_tail: str  # and what follows the memo's own w:num elements
    next_abstract_id: int  # a free abstractNumId (for the dash list memo adds when a memo has one)
    next_num_id: int
    core_name: str
    core: str  # core properties XML with slots for title, author, subject, identifier and created
    style_ids: Mapping[str, str]  # style name, case- and space-folded → style id
    bullet_abstract: str
    decimal_abstract: str
    text_width: int  # twentieths of a point between the margins
    table_font: TableFont  # the font a table's text is printed in (measured when a memo has a table)
    cleaned: tuple[str, ...]  # what memo.word.clean took out of it (an older profile's), as Swedish lines

    def has_style(self, name: str) -> bool:
        return style_key(name) in self.style_ids

    def style_id(self, name: str) -> str:
        return self.style_ids[style_key(name)]

    def to_json(self) -> bytes:
        fields = self._asdict()
        fields["static_zip"] = base64.b64encode(self.static_zip).decode("ascii")
        fields["table_font"] = self.table_font.as_json()
        return json.dumps({"format": FORMAT, **fields}, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> PreparedReference | None:
        """The prepared reference in ``data``, or None if it is not one of this format."""
        try:
            fields = json.loads(data)
            if fields.pop("format") != FORMAT:
                return None
            fields["static_zip"] = base64.b64decode(fields["static_zip"], validate=True)
            fields["stories"] = tuple((str(name), str(text)) for name, text in fields["stories"])
            fields["cleaned"] = tuple(str(line) for line in fields["cleaned"])
            fields["table_font"] = TableFont.from_json(fields["table_font"])
            if fields["table_font"] is None:
                return None
            prepared = cls(**fields)
            return prepared if prepared._well_formed() else None
        except Exception:  # a damaged or foreign entry, whatever is wrong with it, is prepared again
            return None

    def _well_formed(self) -> bool:
        texts = (self.document_head, self.document_tail, self.numbering_name, self.numbering_head,
                 self.numbering_nums, self.numbering_tail, self.core_name, self.core, self.bullet_abstract,
                 self.decimal_abstract)
        if not (all(isinstance(text, str) for text in texts)
                and all(isinstance(n, int) for n in (self.next_num_id, self.next_abstract_id, self.text_width))
                and isinstance(self.style_ids, dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in self.style_ids.items())):
            return False
        with zipfile.ZipFile(io.BytesIO(self.static_zip)) as archive:  # a whole zip with the package's own parts
            return "[Content_Types].xml" in archive.namelist() and archive.testzip() is None


def style_key(name: str) -> str:
    return name.casefold().replace(" ", "")
