"""Case prose → memo markup: paragraphs, lists, emphasis and named-value references.

This is the only module that imports markdown-it-py. A prose value in a case is a small
Markdown subset — paragraphs separated by a blank line, bullet lists (``-``, ``*`` or a
pasted ``•``), numbered lists (``1.``), ``*kursiv*`` and ``**fet**``, and ``\\`` before a
punctuation mark to take it literally. Nothing else is interpreted: ``<``, ``&``, ``{{``
and ``{%`` are text. References to the case's named values are written
``${namn}`` or ``${namn | formatering}`` (``${namn | tal(2)}`` passes ``decimaler``);
``$${`` writes a literal ``${``.

The result is memo markup (see :mod:`memo.markup`) with every piece of case text
escaped exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any, NamedTuple

from markdown_it import MarkdownIt

__all__ = [
    "ONE_LINE",
    "VALUE_NAME",
    "Reference",
    "ReferenceError",
    "check_reference",
    "find_references",
    "prose_markup",
    "resolve",
    "text_markup",
]

_REFERENCE = re.compile(r"\$?\$\{([^{}]*)\}|\$\{")
#: What a named value may be called: a letter, then letters, digits and _.
VALUE_NAME = re.compile(r"[^\W\d]\w*")
_FILTER = re.compile(r"([^\W\d]\w*)\s*(?:\(\s*(-?\d+)\s*\))?")
_BULLET = re.compile(r"^([ \t]*)[•◦▪‣][ \t]+", re.MULTILINE)
#: One line that does not open a list: one paragraph, whatever else it holds.
ONE_LINE = re.compile(r"(?![ \t]*(?:[-*+•◦▪‣]|\d{1,9}[.)])(?:[ \t]|$))[^\n]*\Z")
#: Characters that make Markdown do something in one line (emphasis, an escape; a carriage return is a break).
_MARKDOWN = re.compile(r"[*_\\\r]")


class ReferenceError(ValueError):
    """A reference in prose is malformed or names something unknown.

    ``offset`` is the position of the reference in the text; the message is Swedish.
    Callers turn it into a :class:`memo.errors.CaseError` with the key's location.
    """

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class Reference(NamedTuple):
    """One ``${namn | formatering(n)}`` in a text."""

    name: str
    filter: str | None
    argument: int | None
    offset: int
    source: str


Formatter = Callable[..., str]


def find_references(text: str) -> list[Reference]:
    """Every reference in ``text``, in order; raise :class:`ReferenceError` for a malformed one.

    >>> [r.name for r in find_references("${a} och ${b | kronor} men inte $${c}")]
    ['a', 'b']
    """
    found: list[Reference] = []
    for match in _REFERENCE.finditer(text):
        if match.group(0).startswith("$$"):
            continue
        if match.group(1) is None:
            raise ReferenceError("Referensen saknar avslutande '}'. Skriv till exempel ${belopp | kronor}.",
                                 match.start())
        name, _, rest = match.group(1).partition("|")
        name = name.strip()
        if not VALUE_NAME.fullmatch(name):
            raise ReferenceError(
                f"'{match.group(0)}' är ingen giltig referens. Skriv ${{namn}} eller ${{namn | kronor}}; "
                "skriv $${ om du menar tecknen ${ som text.",
                match.start(),
            )
        filter_name: str | None = None
        argument: int | None = None
        if rest.strip():
            filter_match = _FILTER.fullmatch(rest.strip())
            if filter_match is None:
                raise ReferenceError(
                    f"Formateringen '{rest.strip()}' i '{match.group(0)}' går inte att läsa. "
                    "Skriv till exempel | kronor eller | tal(2).",
                    match.start(),
                )
            filter_name = filter_match.group(1)
            argument = int(filter_match.group(2)) if filter_match.group(2) else None
        elif "|" in match.group(1):
            raise ReferenceError(f"Formatering saknas efter '|' i '{match.group(0)}'.", match.start())
        found.append(Reference(name, filter_name, argument, match.start(), match.group(0)))
    return found


def _suggest(name: str, candidates: Mapping[str, Any]) -> str:
    import difflib  # only for a misspelt name

    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f" Menade du '{close[0]}'?" if close else ""


def resolve(text: str, values: Mapping[str, str | None], filters: Mapping[str, Formatter]) -> str:
    """Replace each reference in ``text`` by its formatted value; ``$${`` becomes ``${``.

    Errors of the formatting functions (ValueError subclasses such as
    :class:`memo.errors.FormatError`) become :class:`ReferenceError` at the reference.

    >>> resolve("${n} st, $${n}", {"n": "3"}, {})
    '3 st, ${n}'
    """
    if "${" not in text:  # most text refers to nothing
        return text
    parts: list[str] = []
    position = 0
    for match in _REFERENCE.finditer(text):
        parts.append(text[position:match.start()])
        position = match.end()
        if match.group(0).startswith("$$"):
            parts.append(match.group(0)[1:])
            continue
        (reference,) = find_references(match.group(0))
        parts.append(check_reference(reference, values, filters, match.start()))
    parts.append(text[position:])
    return "".join(parts)


def check_reference(reference: Reference, values: Mapping[str, str | None], filters: Mapping[str, Formatter],
            offset: int) -> str:
    """Format one reference, or raise :class:`ReferenceError` at ``offset``."""
    if reference.name not in values:
        raise ReferenceError(
            f"Värdet '{reference.name}' finns inte bland ärendets värden.{_suggest(reference.name, values)} "
            "Lägg till det under 'varden:' eller rätta namnet.",
            offset,
        )
    value = values[reference.name]
    if value is None:
        raise ReferenceError(f"Värdet '{reference.name}' är tomt.", offset)
    if reference.filter is None:
        return value
    function = filters.get(reference.filter)
    if function is None:
        known = ", ".join(sorted(filters))
        raise ReferenceError(
            f"Formateringen '{reference.filter}' finns inte.{_suggest(reference.filter, filters)} "
            f"Det finns: {known}.",
            offset,
        )
    try:
        if reference.argument is None:
            return function(value)
        return function(value, reference.argument)
    except ValueError as exc:
        raise ReferenceError(f"{reference.source}: {exc}", offset) from None
    except TypeError:
        raise ReferenceError(f"Formateringen '{reference.filter}' tar inget tal inom parentes.",
                             offset) from None


def text_markup(text: str, values: Mapping[str, str | None], filters: Mapping[str, Formatter]) -> str:
    """A one-line text with references resolved, escaped as markup (no Markdown)."""
    return escape(" ".join(resolve(text, values, filters).split()), quote=False)


_PARSER = MarkdownIt("zero").enable(["list", "emphasis", "newline", "escape"])


def prose_markup(text: str, values: Mapping[str, str | None], filters: Mapping[str, Formatter], *,
                 inline: bool = False) -> str:
    """Convert case prose to memo markup.

    With ``inline=True`` (an att-sats, a list entry) the text must be one paragraph and
    the result is its inline markup; otherwise the result is a sequence of ``<p>``,
    ``<ul>`` and ``<ol>`` blocks.

    >>> prose_markup("Se *bilaga* & <ovan>", {}, {}, inline=True)
    'Se <i>bilaga</i> &amp; &lt;ovan&gt;'
    >>> prose_markup("Ett.\\n\\n- a\\n- b", {}, {})
    '<p>Ett.</p><ul><li>a</li><li>b</li></ul>'

    A list with blank lines between its items is the same list; a numbered list keeps
    its first number:

    >>> prose_markup("3. a\\n\\n4. b", {}, {})
    '<ol start="3"><li>a</li><li>b</li></ol>'
    """
    if inline and ONE_LINE.match(text) and not _MARKDOWN.search(text):  # plain text: nothing to parse
        return escape(resolve(text.strip(), values, filters), quote=False)  # as the parser, all whitespace
    tokens = _PARSER.parse(_BULLET.sub(r"\1- ", text))
    out: list[str] = []
    paragraphs = 0
    # For each open list item: how many paragraphs it has had. Inside an item, paragraphs
    # become line breaks (a list item is one Word paragraph).
    items: list[int] = []
    for token in tokens:
        kind = token.type
        if kind == "paragraph_open":
            paragraphs += 1
            if items:
                if items[-1]:
                    out.append("<br/>")
                items[-1] += 1
            elif not token.hidden:
                out.append("<p>")
        elif kind == "paragraph_close":
            if not items and not token.hidden:
                out.append("</p>")
        elif kind == "bullet_list_open":
            out.append("<ul>")
        elif kind == "ordered_list_open":
            start = int(token.attrs.get("start", 1) or 1)
            out.append(f'<ol start="{start}">' if start != 1 else "<ol>")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            out.append("</ul>" if kind == "bullet_list_close" else "</ol>")
        elif kind == "list_item_open":
            out.append("<li>")
            items.append(0)
        elif kind == "list_item_close":
            out.append("</li>")
            items.pop()
        elif kind == "inline":
            out.append(_inline(token.children or [], values, filters))
    if inline:
        if paragraphs > 1 or any(t.type.endswith("_list_open") for t in tokens):
            raise ReferenceError("Här får texten bara vara ett stycke, utan tomma rader eller listor.", 0)
        return "".join(part for part in out if part not in ("<p>", "</p>"))
    return "".join(out)


def _inline(children: list[Any], values: Mapping[str, str | None], filters: Mapping[str, Formatter]) -> str:
    out: list[str] = []
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(escape(resolve(child.content, values, filters), quote=False))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("<br/>")
        elif kind in ("em_open", "em_close"):
            out.append("<i>" if kind == "em_open" else "</i>")
        elif kind in ("strong_open", "strong_close"):
            out.append("<b>" if kind == "strong_open" else "</b>")
    return "".join(out)
