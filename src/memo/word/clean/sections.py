"""The memo's page: the template's first section, never its last.

A template may start with its letterhead and end with an appendix in landscape ("Bilaga").
Word keeps a section's page setup at its end: the first section's in the last paragraph of
that section, the last section's at the end of the body, which is all a memo keeps. So the
first section's setup takes the body's last place, and the headers and footers that only the
other sections used go, with their text.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

__all__ = ["first_section"]

_REFERENCES = (qn("w:headerReference"), qn("w:footerReference"))
_TWIPS_PER_MM = 1440 / 25.4


def _page(section: Any) -> str:
    """The section's page in words: "stående, 210 × 297 mm"."""
    size = section.find(qn("w:pgSz"))
    if size is None:
        return "utan angiven sidstorlek"
    try:
        width, height = int(size.get(qn("w:w")) or 0), int(size.get(qn("w:h")) or 0)
    except ValueError:
        return "med en sidstorlek som inte går att läsa"
    landscape = size.get(qn("w:orient")) == "landscape" or width > height
    return f"{'liggande' if landscape else 'stående'}, {width / _TWIPS_PER_MM:.0f} × {height / _TWIPS_PER_MM:.0f} mm"


def _story_text(part: Any) -> str:
    text = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in part.element.iter(qn("w:p")))
    return " ".join(text.split())


def first_section(document: Any) -> list[str]:
    """Give the body's last section the first section's setup; drop the headers and footers no section uses.

    Returns what was done, in Swedish (nothing for a document of one section whose headers and footers are all
    in use).
    """
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    if final is None:
        return []
    breaks = [s for s in body.iter(qn("w:sectPr")) if s is not final and s.getparent().tag == qn("w:pPr")]
    done: list[str] = []
    if breaks:
        first = copy.deepcopy(breaks[0])
        final.addprevious(first)
        body.remove(final)
        final = first
        for section in breaks:
            section.getparent().remove(section)
        done.append(f"Dokumentet hade {len(breaks) + 1} avsnitt: PM:et får det första avsnittets sidformat "
                    f"({_page(first)}), sidhuvud och sidfot, inte det sista avsnittets.")
    used = {reference.get(qn("r:id")) for reference in final if reference.tag in _REFERENCES}
    part = document.part
    dropped = []
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in (RT.HEADER, RT.FOOTER) and rel_id not in used:
            text = _story_text(rel.target_part)
            dropped.append(f"'{text[:40]}{'…' if len(text) > 40 else ''}'" if text else "tomt")
            part.rels.pop(rel_id)
    if dropped:
        done.append("Tog bort sidhuvuden och sidfötter som PM:et inte använder: " + ", ".join(dropped) + ".")
    return done
