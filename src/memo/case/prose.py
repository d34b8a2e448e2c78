"""Case prose → memo markup: paragraphs, lists, emphasis and named-value references.

This is the only module that imports markdown-it-py. A prose value in a case is a small
Markdown subset — paragraphs separated by a blank line, bullet lists (``-``, ``*`` or a
pasted ``•``), numbered lists (``1.``), ``*kursiv*`` and ``**fet**``, and ``\\`` before a
punctuation mark to take it literally. Nothing else is interpreted: ``<``, ``&``, ``{{``
and ``{%`` are text, an underscore is never emphasis (``__globals__``, ``fil_namn``), and
``+`` at a line start is a plus sign, not a list marker (``+ 5 procent``). References to
the case's named values are written ``${namn}`` or ``${namn | formatering}``
(``${namn | tal(2)}`` passes ``decimaler``), on one line or broken over several;
``$${`` writes a literal ``${``.

The result is memo markup (see :mod:`memo.renderer.markup`) with every piece of case text
escaped exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from html import escape
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.emphasis import tokenize as _emphasis

from memo.swedish.numbers import no_break

__all__ = [
    "ONE_LINE",
    "VALUE_NAME",
    "Reference",
    "ReferenceError",
    "check_reference",
    "find_references",
    "line_markup",
    "one_line",
    "prose_markup",
    "resolve",
    "resolve_fields",
    "text_markup",
]

_REFERENCE = re.compile(r"\$?\$\{([^{}]*)\}|\$\{")
#: What a named value may be called: a letter, then letters, digits and _.
VALUE_NAME = re.compile(r"[^\W\d]\w*")
_FILTER = re.compile(r"([^\W\d]\w*)\s*(?:\(\s*(-?\d+)\s*\))?")
_BULLET = re.compile(r"^([ \t]*)[•◦▪‣][ \t]+", re.MULTILINE)
#: One line that does not open a list: one paragraph, whatever else it holds.
ONE_LINE = re.compile(r"(?![ \t]*(?:[-*•◦▪‣]|\d{1,9}[.)])(?:[ \t]|$))[^\n]*\Z")
#: Characters that make Markdown do something in one line (emphasis, an escape; a carriage return is a break).
_MARKDOWN = re.compile(r"[*\\\r]")
#: A plus sign opening a line: CommonMark's third bullet marker, which no one in a memo means as one.
_PLUS = re.compile(r"^([ \t]*)\+(?=[ \t]|$)", re.MULTILINE)
#: A run of white space in a one-line text: folded to one space, unless it is a no-break space (``_folded``).
_SPACES = re.compile(r"\s+")
_NO_BREAK = "\u00a0\u202f"
#: A reference broken over lines: its line breaks become spaces before Markdown splits it.
_SPLIT_REFERENCE = re.compile(r"(?<!\$)\$\{[^{}]*\n[^{}]*\}")


class ReferenceError(ValueError):
    """A reference in prose is malformed or names something unknown.

    ``offset`` is the position of the reference in the text; the message is Swedish.
    Callers turn it into a :class:`memo.errors.CaseError` with the key's location.
    """

    def __init__(self, message: str, offset: int, *, argument: bool = False,
                 rule: str = "ogiltig-hanvisning") -> None:
        super().__init__(message)
        #: The id of the fault (:data:`memo.faults.FAULTS`) that the :class:`memo.errors.CaseError` carries.
        self.rule = rule
        self.message = message
        self.offset = offset
        #: The fault is the formatting's argument (``datum(2)``), not the value it formats.
        self.argument = argument
        #: The case field whose own text holds the reference (:func:`resolve_fields`), if not the text at hand.
        self.field: str | None = None


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
                    match.start(), rule="okand-formatering",
                )
            filter_name = filter_match.group(1)
            argument = int(filter_match.group(2)) if filter_match.group(2) else None
        elif "|" in match.group(1):
            raise ReferenceError(f"Formatering saknas efter '|' i '{match.group(0)}'.", match.start(),
                                 rule="okand-formatering")
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
            offset, rule="okand-formatering",
        )
    try:
        if reference.argument is None:
            return function(value)
        return function(value, reference.argument)
    except ValueError as exc:
        raise ReferenceError(f"{reference.source}: {exc}", offset, rule="oformaterbart-varde",
                             argument=_reads_without_argument(function, value, reference)) from None
    except TypeError:
        raise ReferenceError(f"Formateringen '{reference.filter}' tar inget tal inom parentes.",
                             offset, argument=True, rule="okand-formatering") from None


def _reads_without_argument(function: Formatter, value: str, reference: Reference) -> bool:
    """Whether the value formats once the reference's argument is left out: then the argument is at fault."""
    if reference.argument is None:
        return False
    try:
        function(value)
    except (ValueError, TypeError):
        return False
    return True


def resolve_fields(values: Mapping[str, str | None], names: Collection[str],
                   filters: Mapping[str, Formatter]) -> dict[str, str | None]:
    """``values`` with the references in the fields ``names`` resolved, so that ``${rubrik}`` shows the title as read.

    A field's references are resolved against the values without the fields ``names``: a title
    cannot refer to itself. A :class:`ReferenceError` carries the field's name in ``field``.

    >>> resolve_fields({"rubrik": "Bidrag ${b | kronor}", "b": "5000"}, ["rubrik"], {"kronor": lambda v: v + " kr"})
    {'rubrik': 'Bidrag 5000 kr', 'b': '5000'}
    """
    pending = [name for name in names if "${" in (values.get(name) or "")]
    if not pending:
        return dict(values)
    others = {name: value for name, value in values.items() if name not in names}
    shown = dict(values)
    for name in pending:
        try:
            shown[name] = resolve(values[name] or "", others, filters)
        except ReferenceError as exc:
            exc.field = name
            raise
    return shown


def text_markup(text: str, values: Mapping[str, str | None], filters: Mapping[str, Formatter]) -> str:
    """A one-line text with references resolved, escaped as markup (no Markdown)."""
    return line_markup(resolve(text, values, filters))


def line_markup(text: str) -> str:
    """A text as one line of markup: its runs of spaces and line breaks are one space, ``<`` and ``&`` escaped,
    and its numbers kept on one line (:func:`memo.swedish.numbers.no_break`).

    A no-break space stays: it is how an amount or a date is kept on one line.

    >>> line_markup(" 48\\u00a0500  kr\\n & 1 000 mer ")
    '48\\xa0500\\xa0kr &amp; 1\\xa0000 mer'
    """
    return escape(no_break(one_line(text)), quote=False)


def one_line(text: str) -> str:
    """``text`` with its runs of white space made one space and its ends trimmed; a no-break space
    between words stays (it keeps an amount or a date on one line).

    >>> one_line("\\u00a0 Plan för\\n 2027\\u00a0kr\\u2003\\u2003i år\\u3000")
    'Plan för 2027\\xa0kr i år'
    """
    return _SPACES.sub(_folded, text).strip()


def _folded(run: re.Match[str]) -> str:
    """A run of white space as one: a no-break space between words stays one, anything else is a space."""
    spaces = run.group()
    return spaces[0] if spaces.strip(_NO_BREAK) == "" else " "


def _star_emphasis(state: StateInline, silent: bool) -> bool:
    """CommonMark's emphasis for ``*`` only: an underscore is a character of the text."""
    return state.src[state.pos] == "*" and _emphasis(state, silent)


_PARSER = MarkdownIt("zero").enable(["list", "emphasis", "newline", "escape"])
_PARSER.inline.ruler.at("emphasis", _star_emphasis)


def _joined(match: re.Match[str]) -> str:
    return match.group().replace("\r", " ").replace("\n", " ")


def _tokens(text: str) -> list[Any]:
    """The Markdown parse of case prose, once a pasted bullet is a ``-``, a leading ``+`` is text and
    a reference broken over lines is on one."""
    source = _BULLET.sub(r"\1- ", text)
    if "+" in source:
        source = _PLUS.sub(r"\1\\+", source)
    if "${" in source and "\n" in source:
        source = _SPLIT_REFERENCE.sub(_joined, source)
    return _PARSER.parse(source)


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
        return escape(no_break(resolve(text.strip(), values, filters)), quote=False)  # as the parser, all whitespace
    tokens = _tokens(text)
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
            raise ReferenceError("Här får texten bara vara ett stycke, utan tomma rader eller listor.", 0,
                                 rule="flera-stycken")
        return "".join(part for part in out if part not in ("<p>", "</p>"))
    return "".join(out)


def _inline(children: list[Any], values: Mapping[str, str | None], filters: Mapping[str, Formatter]) -> str:
    out: list[str] = []
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(escape(no_break(resolve(child.content, values, filters)), quote=False))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("<br/>")
        elif kind in ("em_open", "em_close"):
            out.append("<i>" if kind == "em_open" else "</i>")
        elif kind in ("strong_open", "strong_close"):
            out.append("<b>" if kind == "strong_open" else "</b>")
    return "".join(out)
