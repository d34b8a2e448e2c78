"""A header or footer read as lines of text, and the placeholders ``memo profil ny`` puts in them.

Every paragraph is read once (:func:`read_story`), as Word shows it: its text with tabs and line
breaks, and where it stands (a table cell, a text box, the story itself). The readers in
:mod:`memo.word.fromtemplate.labelled` claim spans of that text for a placeholder (:class:`Claims`);
a span already claimed, or holding a placeholder, is not claimed again, so the first reader wins. Text that
Word computes (a field's result: the page number) is never claimed; the text around it may be.
Only then is the text changed, each paragraph from its end, so that every claim's offsets hold.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from docx.oxml.ns import qn

from memo.case.documenttypes import document_type_name
from memo.profile.headerfields import placeholder
from memo.word.prepare import cells_by_column, replace_span

__all__ = ["PLACEHOLDER", "Claims", "Span", "Text", "read_story", "where"]

PLACEHOLDER = re.compile(r"\{\{\s*[a-z_]+\s*\}\}")
_SPACE = " \u00a0"


def _computed(element: Any, paragraph: Any) -> bool:
    """Whether ``element`` stands in a simple field or a bound content control within ``paragraph``."""
    for ancestor in element.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag == qn("w:fldSimple") or (
                ancestor.tag == qn("w:sdt") and next(ancestor.iter(qn("w:dataBinding")), None) is not None):
            return True
    return False


def _own(paragraph: Any, *tags: str) -> list[Any]:
    """The elements named ``tags`` in ``paragraph`` itself, not in a text box's paragraphs within it (those are
    paragraphs of their own)."""
    return [element for element in paragraph.iter(*(qn(tag) for tag in tags))
            if next(element.iterancestors(qn("w:p")), None) is paragraph]


class Text:
    """One paragraph as it was read: its text with tabs and line breaks, and for each character its offset in the
    ``w:t`` texts alone (what :func:`memo.word.prepare.replace_span` counts in)."""

    def __init__(self, element: Any, container: Any) -> None:
        self.element = element
        #: The table cell, text box or story the paragraph is in.
        self.container = container
        #: A paragraph in a content control (text Word may fill from a binding): not changed.
        self.fixed = any(ancestor.tag == qn("w:sdt") for ancestor in element.iterancestors())
        characters: list[str] = []
        #: For each character, whether Word computes it (a field's result, "1" of PAGE) or fills it (a content
        #: control within the paragraph): such text is not changed, and not sample data.
        self.computed: list[bool] = []
        self.offsets: list[int] = []
        position, depth = 0, 0  # depth: how many fields (w:fldChar begin … end) the text stands in
        for child in _own(element, "w:t", "w:tab", "w:br", "w:cr", "w:fldChar"):
            if child.tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                depth = depth + 1 if kind == "begin" else max(0, depth - 1) if kind == "end" else depth
                continue
            computed = depth > 0 or _computed(child, element)
            if child.tag == qn("w:t"):
                for character in child.text or "":
                    characters.append(character)
                    self.computed.append(computed)
                    self.offsets.append(position)
                    position += 1
            else:  # a tab or break has the offset of what follows
                characters.append("\t" if child.tag == qn("w:tab") else "\n")
                self.computed.append(computed)
                self.offsets.append(position)
        self.offsets.append(position)
        self.text = "".join(characters)

    def lines(self) -> list[Span]:
        """The paragraph's lines (split at its line breaks)."""
        return Span(self, 0, len(self.text)).split("\n")


class Span(NamedTuple):
    """Characters ``start:end`` of a paragraph's text."""

    text: Text
    start: int
    end: int

    @property
    def value(self) -> str:
        return self.text.text[self.start:self.end]

    def stripped(self) -> Span:
        value = self.value
        start = self.start + len(value) - len(value.lstrip(_SPACE))
        return Span(self.text, start, max(start, self.start + len(value.rstrip(_SPACE))))

    def until_computed(self) -> Span:
        """The span up to its first character that Word computes ("Handläggare: Karin Exempel" before PAGE)."""
        computed = self.text.computed
        end = next((i for i in range(self.start, self.end) if computed[i]), self.end)
        return Span(self.text, self.start, end).stripped()

    def shown(self) -> str:
        """The span's text with each character Word computes or a placeholder holds as a tab: what the template
        itself says."""
        value = PLACEHOLDER.sub(lambda m: "\t" * len(m.group()), self.value)
        return "".join("\t" if self.text.computed[self.start + i] else c for i, c in enumerate(value))

    def split(self, separator: str) -> list[Span]:
        spans, start = [], self.start
        for part in self.value.split(separator):
            spans.append(Span(self.text, start, start + len(part)))
            start += len(part) + len(separator)
        return spans


def read_story(story: Any) -> list[Text]:
    """Every paragraph of a header or footer, in order, with the cell, text box or story it stands in."""
    texts = []
    for paragraph in story.iter(qn("w:p")):
        container = next(paragraph.iterancestors(qn("w:tc"), qn("w:txbxContent")), story)
        texts.append(Text(paragraph, container))
    return texts


def where(text: Text, story: Any, part: str) -> str:
    """Where a paragraph stands, in Swedish: "sidhuvudet, tabellen rad 2, kolumn 1", "sidfoten, rad 3"."""
    cell = next(text.element.iterancestors(qn("w:tc"), qn("w:txbxContent")), None)
    if cell is not None and cell.tag == qn("w:txbxContent"):
        return f"{part}, i en textruta"
    if cell is not None:
        table = next(cell.iterancestors(qn("w:tbl")))
        tables = list(story.iter(qn("w:tbl")))
        row = next(cell.iterancestors(qn("w:tr")))
        column = next(c for c, element in cells_by_column(row).items() if element is cell)
        named = "tabellen" if len(tables) == 1 else f"tabell {tables.index(table) + 1}"
        return f"{part}, {named} rad {table.findall(qn('w:tr')).index(row) + 1}, kolumn {column + 1}"
    paragraphs = story.findall(qn("w:p"))
    top = text.element if text.element in paragraphs else next(
        (a for a in text.element.iterancestors() if a.getparent() is story), text.element)
    line = paragraphs.index(top) + 1 if top in paragraphs else None
    return f"{part}, rad {line}" if line else part


class _Claim(NamedTuple):
    span: Span
    name: str
    caps: bool


class Claims:
    """The spans of one story's text that become placeholders, and what ``memo profil ny`` learnt on the way."""

    def __init__(self, texts: list[Text]) -> None:
        self._taken: dict[Text, list[tuple[int, int]]] = {
            text: [m.span() for m in PLACEHOLDER.finditer(text.text)] for text in texts}
        self._claims: list[_Claim] = []
        #: The profile's values found in the template ("dokumenttyp": "Tjänsteskrivelse"), by the profile's key.
        self.found: dict[str, str] = {}
        #: Whether the story is a footer, where "Telefon" and "E-post" are the organisation's own details.
        self.footer = False
        #: Lines under a label that memo could not place (the text, and the label it stands under).
        self.unread: list[tuple[Span, str]] = []
        #: Lines under a label that memo does not know, in a row of labels it knows (the text, and the label as
        #: the template writes it: "Beslutsinstans").
        self.unknown: list[tuple[Span, str]] = []

    def free(self, span: Span) -> bool:
        return not span.text.fixed and span.end > span.start and not any(span.text.computed[span.start:span.end]) \
            and not any(a < span.end and span.start < b for a, b in self._taken[span.text])

    def leave(self, span: Span, label: str) -> None:
        """Leave ``span``, the value under ``label`` (a label memo does not know), as it is: no later reader claims
        it, and the report names it."""
        span = span.stripped()
        if self.free(span):
            self._taken[span.text].append(span[1:])
            self.unknown.append((span, label))

    def take(self, span: Span, name: str, *, whole: Span | None = None, learn: bool = True) -> bool:
        """Claim ``span`` for the placeholder ``name`` (and ``whole``, the label with it, for later readers); with
        ``learn``, its text is the profile's value where the placeholder has one (not a prompt's "[Förvaltning]")."""
        span = span.stripped()
        if not self.free(span) or (whole is not None and not self.free(whole)):
            return False
        self._taken[span.text].append((whole or span)[1:])
        value = span.value
        canonical = document_type_name(value) if name == "dokumenttyp" else None
        # A document type written in capitals stays in capitals, whatever the case's is ("YTTRANDE").
        caps = canonical is not None and value.isupper() and canonical != value
        self._claims.append(_Claim(span, name, caps))
        key = placeholder(name).profile_key
        if key and learn and key not in self.found:
            self.found[key] = canonical if caps and canonical else value
        return True

    def apply(self) -> list[str]:
        """Put each claimed span's placeholder in place; what was turned, in Swedish ("'KS 2025/1' → …")."""
        by_text: dict[Text, list[_Claim]] = {}
        for claim in self._claims:
            by_text.setdefault(claim.span.text, []).append(claim)
        for claims in by_text.values():
            for claim in sorted(claims, key=lambda c: c.span.start, reverse=True):
                text, start, end = claim.span
                elements = _own(text.element, "w:t")
                first, position = None, 0
                for element in elements:
                    if position <= text.offsets[start] < position + len(element.text or ""):
                        first = element
                        break
                    position += len(element.text or "")
                replace_span(elements, text.offsets[start], text.offsets[end], "{{ " + claim.name + " }}")
                if claim.caps and first is not None and first.getparent().tag == qn("w:r"):
                    first.getparent().get_or_add_rPr().get_or_add_caps()
        return [f"'{claim.span.value}' → {{{{ {claim.name} }}}}" for claim in self._claims]
