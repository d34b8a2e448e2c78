"""The Word styles memo's templates write with, and how to make one a reference document lacks.

:data:`STYLES` is the one table: a profile's reference document must have every style in it
(checked when the profile loads, :func:`missing`), and ``memo profil ny`` adds the ones an
organisation's own document lacks, each based on a style the document has (its own Normal
and headings), with the paragraph and run properties given here (WordprocessingML).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

__all__ = ["STYLES", "StyleSpec", "missing"]


class StyleSpec(NamedTuple):
    """A style memo needs: the name it is looked up by, and how it is made when it is missing."""

    name: str
    style_id: str
    #: The styles to base a new one on, the first the document has (Normal as the last resort).
    based_on: tuple[str, ...]
    ppr: str = ""
    rpr: str = ""
    table: bool = False


_AFTER = '<w:spacing w:after="120"/>'

#: Every style the shipped templates and the markup use.
STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Title", "Title", ("heading 1",), '<w:keepNext/><w:spacing w:after="240"/>',
              '<w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/>'),
    StyleSpec("heading 1", "Heading1", (), '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="60"/>'
              '<w:outlineLvl w:val="0"/>', '<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/>'),
    StyleSpec("heading 2", "Heading2", ("heading 1",), '<w:keepNext/><w:spacing w:before="200" w:after="40"/>'
              '<w:outlineLvl w:val="1"/>', '<w:b/><w:bCs/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    StyleSpec("Beslutsinledning", "Beslutsinledning", (), "<w:keepNext/>" + _AFTER),
    StyleSpec("Att-sats", "Att-sats", (), '<w:tabs><w:tab w:val="left" w:pos="851"/></w:tabs>' + _AFTER
              + '<w:ind w:left="851" w:hanging="851"/>'),
    StyleSpec("Beslutspunkt", "Beslutspunkt", (), _AFTER + '<w:ind w:left="425" w:hanging="425"/>'),
    StyleSpec("List Bullet", "ListBullet", ("List Paragraph",), '<w:spacing w:after="120"/><w:contextualSpacing/>'),
    StyleSpec("List Number", "ListNumber", ("List Paragraph",), '<w:spacing w:after="120"/><w:contextualSpacing/>'),
    StyleSpec("Underskrift", "Underskrift", (), '<w:keepNext/><w:keepLines/><w:spacing w:before="720" w:after="0"/>'),
    StyleSpec("Underskriftstitel", "Underskriftstitel", (), _AFTER),
    StyleSpec("Sändlista rubrik", "Sandlistarubrik", (), '<w:keepNext/><w:spacing w:before="240" w:after="0"/>',
              "<w:b/><w:bCs/>"),
    StyleSpec("Sändlista", "Sandlista", (), '<w:spacing w:after="0"/>'),
    StyleSpec("Tabelltext", "Tabelltext", (), '<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>'),
    StyleSpec("caption", "Caption", (), '<w:keepNext/><w:spacing w:after="60"/>', "<w:i/><w:iCs/>"),
    StyleSpec("Table Grid", "TableGrid", (), table=True),
)


def missing(has_style: Callable[[str], bool]) -> list[str]:
    """The names of the styles in :data:`STYLES` that a document lacks."""
    return [spec.name for spec in STYLES if not has_style(spec.name)]
