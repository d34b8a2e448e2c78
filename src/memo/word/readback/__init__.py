"""Reading a Word document back: what any .docx shows, as a neutral model (:mod:`.model`).

The round trip (a memo edited in Word, back into its case) and the import (an old memo from any writer, into a new
case) both start here. This folder reads the XML with lxml through python-docx's names, as the rest of
:mod:`memo.word` does.
"""

from __future__ import annotations

from memo.word.readback.model import Block, Cell, Numbering, Para, ReadDocument, Span, Table
from memo.word.readback.read import read_document

__all__ = ["Block", "Cell", "Numbering", "Para", "ReadDocument", "Span", "Table", "read_document"]
