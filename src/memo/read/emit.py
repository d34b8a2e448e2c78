"""YAML text for what memo writes into a case file: one scalar (:func:`scalar`), or a new file (:func:`document`).

What is written reads back through memo's own reader (:func:`memo.read.source.parse_yaml`) as the same
text: exactly the text given when it is text memo keeps as it is, else as memo cleans it
(:func:`memo.read.characters.clean_text`: composed Unicode, every line break as ``\\n``), since memo
reads every value that way. A scalar is written in the plainest style that is safe:

* plain (``Kommunstyrelsen``) when the text is one line that every YAML reader reads back as the same
  text, never as a number, a truth value, a null or a date (``"2026-01-01"``, ``"~"``, ``"010"`` and
  ``"yes"`` are quoted; ``ja`` and ``1 000`` are text in YAML 1.1 and 1.2 alike and stay plain);
* a literal block (``|``, ``|-`` or ``|+``, by how many line breaks end the text) for prose of several lines;
* else double-quoted, with escapes for what cannot stand as it is (``"\\t"``, ``"\\e"``, ``"\\L"``).

>>> print(scalar("Kommunstyrelsen", 0), scalar("2026-01-01", 0), scalar("Pris: 5 kr", 0), scalar("#2", 0))
Kommunstyrelsen "2026-01-01" "Pris: 5 kr" "#2"
>>> print("text: " + scalar("Första stycket.\\n\\nAndra stycket.\\n", 0))
text: |
  Första stycket.
<BLANKLINE>
  Andra stycket.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple, TypeAlias

import yaml

__all__ = ["Commented", "Value", "block", "block_safe", "comments", "document", "flow", "key", "lines", "needs_escape",
           "plain_safe", "plain_shape", "quoted", "scalar", "yaml_type"]


class Commented(NamedTuple):
    """A value with comment lines written above its key or list item (each line without its ``#``)."""

    value: Value
    comments: tuple[str, ...] = ()


#: A value for a case file: text, an empty value (None), a list, a mapping (in its order), or one of these
#: with comment lines above it.
Value: TypeAlias = "str | Sequence[Value] | Mapping[str, Value] | Commented | None"

#: Characters PyYAML refuses raw in a file (its Reader.NON_PRINTABLE), and what else must never stand raw:
#: YAML's own line breaks (memo reads each as ``\n``), tabs and the byte-order mark.
_ESCAPED = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
#: What a block scalar's lines may not hold: YAML line breaks other than ``\n``, and the raw characters
#: above except the tab.
_NOT_IN_BLOCK = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
#: A first character that starts something else in YAML than a plain scalar.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: Plain text other YAML readers (YAML 1.2 core, or 1.1 beyond PyYAML) read as a number or truth value.
_OTHER_TYPED = re.compile(r"[-+]?(?:0o[0-7]+|0x[0-9a-fA-F]+|\.inf|\.Inf|\.INF"
                          r"|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)|\.nan|\.NaN|\.NAN|[yYnN]")
_SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\x00": "\\0", "\x07": "\\a", "\x08": "\\b", "\t": "\\t",
                   "\n": "\\n", "\x0b": "\\v", "\x0c": "\\f", "\r": "\\r", "\x1b": "\\e", "\x85": "\\N",
                   "\u2028": "\\L", "\u2029": "\\P"}
_RESOLVER = yaml.resolver.Resolver()


def plain_safe(text: str) -> bool:
    """Whether ``text`` can be written as a one-line plain scalar in block style and read back unchanged by
    any YAML reader, as text (never a number, truth value, null or date).

    >>> [plain_safe(t) for t in ("Ja", "1 000", "${belopp}", "1000", "yes", "~", "a: b", "a #b", " a", "- a")]
    [True, True, True, False, False, False, False, False, False, False]
    """
    return plain_shape(text) and _OTHER_TYPED.fullmatch(text) is None and yaml_type(text) == "str"


def plain_shape(text: str) -> bool:
    """Whether ``text`` written as a one-line plain scalar in block style is read back as these characters
    (it may still be typed, as ``yes`` or ``2026-01-01`` are, by a reader other than memo's).

    >>> plain_shape("2026-01-01"), plain_shape("a: b"), plain_shape("")
    (True, False, False)
    """
    if not text or text[0] in _INDICATORS or text[0] == " " or text[-1] in " :":
        return False
    return ": " not in text and " #" not in text and not needs_escape(text)


def needs_escape(text: str) -> bool:
    r"""Whether ``text`` holds a character that must be escaped in a one-line scalar (a line break, a tab, a
    control character, a byte-order mark): then only double quotes can hold it.

    >>> needs_escape("a\tb"), needs_escape("Å ä ö 😀")
    (True, False)
    """
    return _ESCAPED.search(text) is not None


def yaml_type(text: str) -> str:
    """The type YAML 1.1 gives ``text`` written plain: ``str``, ``int``, ``float``, ``bool``, ``null``,
    ``timestamp`` … (memo itself reads every scalar as text).

    >>> yaml_type("275000"), yaml_type("2026-03-03"), yaml_type("12,5")
    ('int', 'timestamp', 'str')
    """
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag.rsplit(":", 1)[-1]


def quoted(text: str) -> str:
    """``text`` as a double-quoted scalar on one line, with YAML escapes for what cannot stand as it is.

    >>> print(quoted('Säg "hej"\\tsen\\n\\u2028slut\\x1b'))
    "Säg \\"hej\\"\\tsen\\n\\Lslut\\e"
    """
    def escape(match: re.Match[str]) -> str:
        character = match.group()
        known = _SIMPLE_ESCAPES.get(character)
        if known is not None:
            return known
        code = ord(character)
        return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"

    return '"' + re.sub(r'[\\"]|' + _ESCAPED.pattern, escape, text) + '"'


def block_safe(text: str) -> bool:
    """Whether ``text`` can be written as a literal block scalar (``|``) and read back unchanged: text of
    several lines, with no line of spaces only and no character a block cannot hold.

    >>> block_safe("Ett\\ntvå"), block_safe("Ett"), block_safe("Ett\\n  \\ntvå"), block_safe("Ett\\r\\ntvå")
    (True, False, False, False)
    """
    if "\n" not in text or not text.strip() or _NOT_IN_BLOCK.search(text) is not None:
        return False
    return all(line.strip(" \t") or not line for line in text.split("\n"))


def block(text: str, holder: int, indent: int) -> str:
    """``text`` as a literal block scalar: the header (``|``, ``|-`` or ``|+``) and its lines, each indented
    ``indent`` spaces; ``holder`` is the column of the key or ``-`` that holds it (for the indentation
    indicator a first line that starts with a space needs). Call only when :func:`block_safe`.
    No line break after the last line.

    >>> block(" indragen\\nrad\\n\\n", 2, 4)
    '|2+\\n     indragen\\n    rad\\n'
    """
    body = text[:-1] if text.endswith("\n") else text
    chomping = "-" if not text.endswith("\n") else "+" if text.endswith("\n\n") else ""
    indicator = str(indent - holder) if text.lstrip("\n").startswith(" ") else ""
    pad = " " * indent
    return f"|{indicator}{chomping}" + "".join("\n" + (pad + line if line else "") for line in body.split("\n"))


def scalar(text: str, indent: int) -> str:
    """The YAML text of a value, to follow ``key: `` or ``- `` at column ``indent`` (the key's or the dash's
    indentation, in spaces): plain, a literal block (lines indented ``indent + 2``) or double-quoted.
    No line break after it.

    >>> print("- " + scalar("Text med\\n  indrag", 0))
    - |-
      Text med
        indrag
    >>> print(scalar("", 2), scalar("ja", 2), scalar("3,5", 2), scalar("0.5", 2), scalar("13:15", 2))
    "" ja 3,5 "0.5" "13:15"
    """
    if plain_safe(text):
        return text
    if block_safe(text):
        return block(text, indent, indent + 2)
    return quoted(text)


def key(name: str) -> str:
    """A mapping key as it is written before its colon.

    >>> key("rubrik"), key("Nämnd: KS")
    ('rubrik', '"Nämnd: KS"')
    """
    return name if plain_safe(name) else quoted(name)


def flow(value: Value, *, loose: bool = False) -> str:
    """A value in flow style (``[a, b]``, ``{k: v}``), for a list or mapping written on one line. With ``loose``,
    text YAML would type (``2``, ``2026-01-01``) stays plain too, as in a collection whose author wrote it so:
    memo reads it as the same text.

    >>> flow(["a", "b, c", ["d"], {"e": None}, "2"]), flow(["2", "~"], loose=True)
    ('[a, "b, c", [d], {e: null}, "2"]', '[2, "~"]')
    """
    if isinstance(value, Commented):
        value = value.value
    if value is None:
        return "null"
    if isinstance(value, str):
        fits = plain_shape(value) and value not in _NULLS if loose else plain_safe(value)
        # PyYAML's own parser ends a plain scalar in a flow collection at ? and : too
        return value if fits and not any(c in value for c in ",[]{}?:") else quoted(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{flow(k)}: {flow(v, loose=loose)}" for k, v in value.items()) + "}"  # keys strictly
    return "[" + ", ".join(flow(item, loose=loose) for item in value) + "]"


#: What memo reads as an empty value when it stands plain.
_NULLS = frozenset({"~", "null", "Null", "NULL"})


def lines(value: Value, indent: int, step: int = 2, sequence_indent: int | None = None) -> Iterator[str]:
    """The lines of a list's items or a mapping's keys at column ``indent`` (each without its line break),
    nested values indented ``step`` more, a list under a key ``sequence_indent`` more (``step``
    when not given; 0 writes ``key:`` and ``- …`` in the same column).

    >>> print("\\n".join(lines({"a": "1", "b": ["x", {"c": "z", "d": None}], "e": [], "f": {}}, 0)))
    a: "1"
    b:
      - x
      - c: z
        d:
    e: []
    f: {}
    """
    under = step if sequence_indent is None else sequence_indent
    pad = " " * indent
    if isinstance(value, Commented):
        value = value.value
    if isinstance(value, Mapping):
        for name, item in value.items():
            if isinstance(item, Commented):
                yield from comments(item.comments, indent)
                item = item.value
            yield from _entry(f"{pad}{key(name)}:", item, indent, indent + step, indent + under, step,
                              sequence_indent)
        return
    if isinstance(value, str) or value is None:
        raise TypeError("lines() writes a list or a mapping")
    for item in value:
        if isinstance(item, Commented):
            yield from comments(item.comments, indent)
            item = item.value
        if isinstance(item, (str, type(None))) or not item:
            yield from _entry(f"{pad}-", item, indent, indent + 2, indent + 2, step, sequence_indent)
        else:  # a list or mapping: its first line after the dash, the rest below it
            first, *rest = lines(item, indent + 2, step, sequence_indent)
            yield f"{pad}- {first[indent + 2:]}"
            yield from rest


_LINE_BREAKS = re.compile("\r\n?|[\n\x85\u2028\u2029]")


def comments(texts: Sequence[str], indent: int) -> Iterator[str]:
    r"""Comment lines at column ``indent``, one for each line of ``texts``; a character a comment cannot hold (a
    control character) becomes a space.

    >>> list(comments(["Från gammalt.docx", "rad ett\nrad två", ""], 2))
    ['  # Från gammalt.docx', '  # rad ett', '  # rad två', '  #']
    """
    for text in texts:
        for line in _LINE_BREAKS.split(text):
            line = _ESCAPED.sub(lambda m: m.group() if m.group() == "\t" else " ", line).rstrip()
            yield f"{' ' * indent}#{' ' if line else ''}{line}"


def _entry(head: str, value: Value, holder: int, nested: int, listed: int, step: int,
           sequence_indent: int | None) -> Iterator[str]:
    """A key's or a list item's lines: ``head`` (``key:`` or ``-``) with its value inline or below it."""
    if isinstance(value, Commented):
        value = value.value
    if value is None:
        yield head
    elif isinstance(value, str):
        yield from f"{head} {scalar(value, holder)}".split("\n")
    elif not value:
        yield f"{head} {'{}' if isinstance(value, Mapping) else '[]'}"
    else:
        yield head
        yield from lines(value, nested if isinstance(value, Mapping) else listed, step, sequence_indent)


def document(entries: Mapping[str, Value], header: Sequence[str] = ()) -> str:
    """A whole new case file: ``header`` as comment lines first, then the keys in order, with a blank
    line before each top-level key whose value takes several lines or has comments above it.

    >>> print(document({"rubrik": "Bygglov", "varden": {"belopp": "275000"},
    ...                 "text": Commented("Rad ett.\\nRad två.\\n", ("Ärendets text",))}, ("Importerat",)), end="")
    # Importerat
    rubrik: Bygglov
    <BLANKLINE>
    varden:
      belopp: "275000"
    <BLANKLINE>
    # Ärendets text
    text: |
      Rad ett.
      Rad två.
    """
    out = list(comments(header, 0))
    before: list[str] = []
    for name, value in entries.items():
        written = list(lines({name: value}, 0))
        if out and len(written) > 1 and not any(_KEEP.search(line) for line in before):
            out.append("")
        out.extend(written)
        before = written
    return "".join(line + "\n" for line in out)


#: The header of a block scalar that keeps its trailing blank lines (``|+``): a blank line after it would become
#: part of its text.
_KEEP = re.compile(r"[:-] \|[0-9]?\+$")
