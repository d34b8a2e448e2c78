"""A template's own placeholders: ``{{ namn }}`` that is not one of memo's becomes an own field of the profile.

An organisation that has already written ``{{ dokument_id }}`` in its template (where its document-management
system printed the document's id) gets it declared under ``egna_falt`` in the ``profil.yaml`` that ``memo profil
ny`` writes, with the label the template prints for it: the text before it on its line ("Uppdnr {{ uppdnr }}"),
else the cell above it in a table ("DOKUMENT-ID" over ``{{ dokument_id }}``), else its own name.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from docx.oxml.ns import qn

from memo.case.sections import OWN_NAME
from memo.word.prepare import cells_by_column

__all__ = ["own_placeholders"]

_NAMED = re.compile(r"\{\{\s*(" + OWN_NAME.pattern + r")\s*\}\}")
#: A label is short: a longer text above a placeholder is not its label.
_LONGEST_LABEL = 60


_APART = frozenset({qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:ptab")})


def _text(element: Any) -> str:
    """The element's text, a tab or line break as a tab (which ends a label: "Regionen<tab>Uppdnr")."""
    return "".join("\t" if x.tag in _APART else x.text or "" for x in element.iter(qn("w:t"), *_APART))


def own_placeholders(stories: Iterable[Any], known: Collection[str]) -> dict[str, str]:
    """Each placeholder in the header and footer ``stories`` that is not among ``known``, with its label."""
    found: dict[str, str] = {}
    for story in stories:
        for paragraph in story.iter(qn("w:p")):
            text = _text(paragraph)
            for match in _NAMED.finditer(text):
                name = match.group(1)
                if name in known or name in found:
                    continue
                before = _NAMED.sub("\t", text[:match.start()]).split("\t")[-1].strip(" \u00a0:")
                found[name] = before or _above(paragraph) or name
    return found


def _above(paragraph: Any) -> str:
    """The text of the table cell above the one ``paragraph`` stands in, where it is a short label."""
    cell = next(paragraph.iterancestors(qn("w:tc")), None)
    if cell is None:
        return ""
    row = cell.getparent()
    rows = row.getparent().findall(qn("w:tr"))
    number = rows.index(row)
    column = next((c for c, x in cells_by_column(row).items() if x is cell), None)
    above = cells_by_column(rows[number - 1]).get(column) if number and column is not None else None
    text = " ".join(_text(above).split()) if above is not None else ""
    return text if len(text) <= _LONGEST_LABEL and not _NAMED.search(text) else ""
