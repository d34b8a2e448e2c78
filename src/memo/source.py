"""Stage 1: read a YAML file (a case or a profile) into a tree that remembers positions.

This is the only module that imports PyYAML. Scalars are kept exactly as written
(always ``str``, or ``None`` for an empty value): there is no YAML 1.1 implicit typing,
so ``nej``, ``on``, ``010``, ``1_000`` and ``2026-06-01`` stay the text the author typed,
and the validation stage decides what each key means. Duplicate keys, anchors, aliases
and tags are errors. The limits below are checked while the file is read and parsed,
so an oversized or hostile file is refused quickly and with bounded memory.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import yaml

from memo.errors import CaseError, Location, MemoError

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_NODES",
    "Node",
    "SourceText",
    "character_name",
    "decode",
    "from_python",
    "key_at",
    "parse_yaml",
    "read_yaml",
    "removal_hint",
]

#: A case or profile file larger than this is refused before it is parsed (and never read whole).
MAX_FILE_BYTES = 1_000_000
#: No list or mapping may hold more entries than this.
MAX_ITEMS = 2_000
#: No more than this many values (scalars, lists, mappings) in one file.
MAX_NODES = 20_000
#: Lists and mappings nest at most this deep.
MAX_DEPTH = 20
#: At most this many raw control characters are listed one by one.
_MAX_LISTED = 10

# What YAML counts as a line break, so that line numbers agree with PyYAML's marks.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Characters PyYAML refuses in the raw text (its Reader.NON_PRINTABLE).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Text that was UTF-8, read as Windows-1252 and saved as UTF-8 again ("Ã¤" for "ä").
_MOJIBAKE = re.compile("Ã[¤¥¶„…–©¼]")
_TEXT_TAGS = ("tag:yaml.org,2002:str", "!")


@dataclass(frozen=True)
class SourceText:
    """The decoded text of a file, for quoting the offending line in error messages."""

    path: Path | None
    text: str
    lines: tuple[str, ...] = field(repr=False, default=())
    #: Problems found while reading that do not stop it (duplicate keys), to be reported with the rest.
    problems: tuple[MemoError, ...] = ()

    @classmethod
    def of(cls, path: Path | None, text: str) -> SourceText:
        lines = _LINE_BREAK.split(text)
        if lines and lines[-1] == "":
            lines.pop()
        return cls(path, text, tuple(lines))

    def location(self, line: int | None, column: int | None = None, key: str | None = None) -> Location:
        """A location in this file; ``line`` and ``column`` count from 1 (0 means unknown)."""
        line = line or None
        column = (column or None) if line else None
        source_line = None
        if line is not None and 1 <= line <= len(self.lines):
            source_line = self.lines[line - 1]
        return Location(self.path, line, column, key, source_line)

    def position(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of a character index in the text."""
        line, start = 1, 0
        for match in _LINE_BREAK.finditer(self.text, 0, index):
            line, start = line + 1, match.end()
        return line, index - start + 1


@dataclass(frozen=True)
class Node:
    """A value of the YAML tree with its position (1-based line and column).

    ``value`` is ``str`` or ``None`` for a scalar, ``list[Node]`` for a sequence and
    ``dict[str, Node]`` for a mapping. ``line``/``column`` give where the key that
    holds this node was written (the line a handläggare looks at), or where the value
    starts for a list entry. ``text_line``/``text_column`` give where the value itself
    starts and ``end_line``/``end_column`` where it ends. A tree built from a Python
    mapping has no positions (all 0).
    """

    value: str | list[Node] | dict[str, Node] | None
    line: int
    column: int
    quoted: bool = False
    block: bool = False
    #: The line where a scalar's text begins (the line after ``|`` for a block scalar).
    text_line: int = 0
    text_column: int = 0
    end_line: int = 0
    end_column: int = 0

    def is_scalar(self) -> bool:
        return self.value is None or isinstance(self.value, str)

    def items(self) -> Iterator[tuple[str, Node]]:
        assert isinstance(self.value, dict)
        return iter(self.value.items())

    def source_lines(self, source: SourceText) -> Iterator[tuple[int, int, str]]:
        """The source lines this value spans, as ``(line, first column, text from that column)``."""
        if not self.text_line:
            return
        last = max(self.end_line, self.text_line)
        for line in range(self.text_line, min(last, len(source.lines)) + 1):
            text = source.lines[line - 1]
            start = self.text_column if line == self.text_line and not self.block else 1
            yield line, start, text[start - 1:]


_NAMES = {
    "\x00": "ett nolltecken (U+0000)",
    "\x0b": "en radbrytning från Word (vertikal tabb, U+000B)",
    "\x0c": "en sidbrytning (U+000C)",
    "\x1b": "ett escape-tecken (U+001B)",
    "\x7f": "ett raderingstecken (U+007F)",
}


def character_name(character: str) -> str:
    """A Swedish description of a character that cannot stand in a Word document.

    >>> character_name("\\x1b")
    'ett escape-tecken (U+001B)'
    """
    if character in _NAMES:
        return _NAMES[character]
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return f"ett ensamt surrogattecken (U+{code:04X}, trasig Unicode)"
    return f"ett osynligt styrtecken (U+{code:04X})"


def removal_hint(character: str) -> str:
    """What to do about a character that cannot stand in a Word document, in Swedish."""
    if character == "\x0b":
        return "Byt tecknet mot en vanlig radbrytning, eller ta bort det."
    return "Ta bort tecknet."


def key_at(root: Node, line: int, column: int) -> str | None:
    """The key path (``handlaggare.namn``, ``bilagor[2]``) of the innermost value at a position."""
    def inside(node: Node) -> bool:
        start = (node.text_line or node.line, node.text_column or node.column)
        return start <= (line, column) < (node.end_line, node.end_column)

    path: str | None = None
    node = root
    while True:
        children: list[tuple[str, Node]]
        if isinstance(node.value, dict):
            children = [(f"{path}.{k}" if path else k, child) for k, child in node.items()]
        elif isinstance(node.value, list):
            children = [(f"{path or ''}[{i}]", child) for i, child in enumerate(node.value, start=1)]
        else:
            return path
        found = next(((p, c) for p, c in children if inside(c)), None)
        if found is None:
            return path
        path, node = found


def decode(data: bytes, path: Path | None) -> str:
    """Decode a case file: UTF-8 (with or without BOM) or UTF-16 with BOM.

    A file saved as Windows-1252/Latin-1 is refused with a message saying how to save
    it as UTF-8, rather than guessed at: a wrong guess would put mojibake in the memo.
    """
    where = Location(path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CaseError("Filen börjar som UTF-16 men är trasig. Spara den som UTF-8.", where) from None
    if data.startswith(b"PK\x03\x04"):
        raise CaseError("Det här är en Word-fil eller annan zip-fil, inte ett ärende i YAML. Ange ärendets "
                        ".yaml-fil (PM:et skrivs med -o).", where)
    head = data[:400]
    if head and head.count(b"\x00") * 4 >= len(head):
        raise CaseError("Filen är inte text i UTF-8: den ser ut att vara sparad som UTF-16 (\"Unicode\") "
                        "eller är en binär fil. Spara ärendet som UTF-8.", where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        source = SourceText.of(path, data.decode("cp1252", errors="replace"))
        raise CaseError(
            "Filen är inte sparad som UTF-8 (den ser ut att vara sparad som Windows-1252/ANSI, "
            "där å, ä och ö blir fel). Spara den som UTF-8: i Anteckningar välj Arkiv → Spara som → "
            "Kodning: UTF-8; i Notepad++ välj Koda → UTF-8.",
            source.location(line, column),
        ) from None
    found = _MOJIBAKE.search(text)
    if found is not None:
        source = SourceText.of(path, text)
        line, column = source.position(found.start())
        raise CaseError(
            f"Texten innehåller '{found.group()}', som är ett å, ä eller ö som har konverterats fel "
            "någon gång (UTF-8 läst som Windows-1252). Rätta tecknen i filen, till exempel 'Ã¤' → 'ä' "
            "och 'Ã¥' → 'å', och spara som UTF-8.",
            source.location(line, column),
        )
    return text


def read_yaml(path: Path) -> tuple[Node, SourceText]:
    """Read and parse a YAML file; never reads more than :data:`MAX_FILE_BYTES` (+1) bytes."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseError(_too_big(f" ({size // 1000} kB)"), Location(path))
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise CaseError("Det här är en mapp, inte en YAML-fil.", Location(path)) from None
    except FileNotFoundError:
        raise CaseError("Filen finns inte. Kontrollera namnet och mappen.", Location(path)) from None
    except PermissionError:
        raise CaseError("Filen går inte att läsa (behörighet saknas).", Location(path)) from None
    except OSError as exc:
        raise CaseError(f"Filen går inte att läsa: {exc.strerror or exc}.", Location(path)) from None
    if len(data) > MAX_FILE_BYTES:  # a pipe or device that grew past the limit
        raise CaseError(_too_big(""), Location(path))
    return parse_yaml(decode(data, path), path)


def _too_big(size: str) -> str:
    return (f"Filen är för stor{size}. Ett ärende får vara högst {MAX_FILE_BYTES // 1000} kB; "
            "lägg stora underlag som bilagor i stället.")


def parse_yaml(text: str, path: Path | None = None) -> tuple[Node, SourceText]:
    """Parse YAML text into a :class:`Node` tree. The top level must be a mapping."""
    source = SourceText.of(path, text)
    if len(text) > MAX_FILE_BYTES:
        raise CaseError(f"Texten är för lång; ett ärende får vara högst {MAX_FILE_BYTES // 1000} kB.",
                        source.location(None))
    raw = list(_NON_PRINTABLE.finditer(text))
    if raw:
        raise _control_characters(raw, text, source)
    composer = _Composer(source)
    root = _compose(text, source, composer)
    source = replace(source, problems=tuple(composer.problems))
    if root is None or (root.value is None and not text.strip(" \t\r\n\ufeff")):
        raise CaseError("Filen är tom. Ett ärende börjar med nycklar som 'rubrik: …'.", source.location(None))
    if not isinstance(root.value, dict):
        raise CaseError(
            "Filen ska börja med nycklar som 'rubrik: …', inte med en lista eller en ensam text.",
            source.location(root.line, root.column),
        )
    return root, source


def _compose(text: str, source: SourceText, composer: _Composer | None = None) -> Node | None:
    try:
        return (composer or _Composer(source)).compose(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, source) from None


def _control_characters(found: list[re.Match[str]], text: str, source: SourceText) -> CaseError:
    """One problem per raw control character, each with the key it stands in (when the rest parses)."""
    root: Node | None = None
    with contextlib.suppress(MemoError):
        # A letter in place of each control character keeps the structure, so the keys can be named.
        root = _compose(_NON_PRINTABLE.sub("x", text), source)
    problems: list[MemoError] = []
    for match in found[:_MAX_LISTED]:
        line, column = source.position(match.start())
        key = key_at(root, line, column) if root is not None else None
        problems.append(CaseError(
            f"Här står {character_name(match.group())}, som inte får finnas i ett ärende och inte kan stå i "
            f"ett Word-dokument. {removal_hint(match.group())} (Sådana tecken följer ofta med text som klistrats "
            "in från e-post, Word eller PDF.)",
            source.location(line, column, key),
        ))
    first = problems[0]
    return CaseError(first.message, first.location, tuple(problems))


_HINTS = {
    "found character '\\t' that cannot start any token": (
        "Här står ett tabbtecken. YAML tillåter bara mellanslag för indrag: byt tabben mot mellanslag."
    ),
    "mapping values are not allowed here": (
        "Ett kolon (:) står där det inte får stå. Sätt texten inom citattecken om den innehåller ': ', "
        "eller kontrollera indraget på raden."
    ),
    "found unknown escape character": (
        "Ett omvänt snedstreck (\\) i en text inom \"…\" måste skrivas dubbelt (\\\\), "
        "eller använd enkla citattecken."
    ),
    "found character '@' that cannot start any token": (
        "En text får inte börja med @ utan citattecken. Skriv den inom citattecken: \"@…\"."
    ),
    "found character '`' that cannot start any token": (
        "En text får inte börja med ` utan citattecken. Skriv den inom citattecken."
    ),
    "found character '%' that cannot start any token": (
        "En text får inte börja med % utan citattecken. Skriv den inom citattecken: \"%…\"."
    ),
}


def _syntax_error(exc: yaml.MarkedYAMLError, source: SourceText) -> CaseError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    context = exc.context or ""
    hint = next((h for k, h in _HINTS.items() if problem.startswith(k)), None)
    if hint is None and "escape" in problem:
        hint = _HINTS["found unknown escape character"]
    elif hint is None and "quoted scalar" in context:
        # An unclosed quote: the place to look at is where the quote was opened.
        mark = exc.context_mark or mark
        hint = ("Citattecknet som börjar här avslutas aldrig. Sätt ett likadant citattecken (\" eller ') "
                "i slutet av texten.")
    elif hint is None and "block scalar" in context:
        hint = "En text efter | eller > måste ha indrag (mellanslag) på varje rad."
    elif hint is None and problem.startswith(("expected <block end>", "expected <block mapping start>")):
        hint = ("Indraget stämmer inte: nycklar på samma nivå ska börja i samma kolumn, och en rad som "
                "fortsätter en text ska ha mer indrag än nyckeln.")
    elif hint is None and "could not find expected ':'" in problem:
        # The line that lacks the colon is where the key began, not where PyYAML gave up.
        mark = exc.context_mark or mark
        hint = ("Raden saknar kolon efter nyckeln, eller så fortsätter en text utan indrag (efter | eller > "
                "ska varje rad i texten ha indrag).")
    elif hint is None and "found unexpected end of stream" in problem:
        hint = "Filen tar slut mitt i en text. Kontrollera att varje citattecken (\" eller ') har en partner."
    elif hint is None and problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        mark = exc.context_mark or mark  # where the [ or { was opened
        hint = ("En lista inom [ ] eller nycklar inom { } är inte rätt avslutade. Kontrollera hakparenteser, "
                "klamrar och kommatecken, eller sätt texten inom citattecken.")
    elif hint is None and "expected alphabetic or numeric character" in problem:
        hint = "Tecknen & och * får inte inleda en text utan citattecken. Skriv texten inom citattecken."
    if hint is None:
        hint = f"Filen går inte att läsa som YAML ({problem or context}). Kontrollera indrag och citattecken."
    line, column = _mark(mark)
    if "escape" in problem and 0 < line <= len(source.lines):
        # Point at the backslash that starts the escape, not at the character after it.
        backslash = source.lines[line - 1].rfind("\\", 0, column)
        column = backslash + 1 if backslash >= 0 else column
    return CaseError(f"YAML-fel: {hint}", source.location(line, column))


class _Mark(Protocol):
    line: int
    column: int


def _mark(mark: _Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


_BAD_KEY = ("En nyckel måste vara ett ord följt av kolon, till exempel 'rubrik:'. Står här en text som "
            "börjar med '?', '[' eller '{', sätt den inom citattecken.")


@dataclass
class _Open:
    """A list or mapping being composed: its key path, and the mapping key waiting for its value."""

    start: yaml.Event
    items: list[Node] | dict[str, Node]
    path: str
    key: yaml.ScalarEvent | None = None
    #: The value being composed belongs to a duplicate key and is dropped.
    dropped: bool = False

    def child_path(self) -> str:
        if isinstance(self.items, list):
            return f"{self.path}[{len(self.items) + 1}]"
        name = self.key.value if self.key is not None else ""
        return f"{self.path}.{name}" if self.path else name


class _Composer:
    """Builds the :class:`Node` tree from PyYAML's parse events, without recursion.

    Anchors, aliases, tags other than text and non-text keys are refused, and the limits
    are enforced as the events arrive, before an oversized structure is held in memory.
    A duplicate key is recorded in ``problems`` (its first value is kept) so that it is
    reported together with the other problems of the file.
    """

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.count = 0
        self.problems: list[MemoError] = []

    def error(self, event: yaml.Event, message: str, key: str | None = None) -> CaseError:
        return CaseError(message, self.source.location(*_mark(event.start_mark), key=key or None))

    def compose(self, events: Iterator[yaml.Event]) -> Node | None:
        stack: list[_Open] = []
        root: Node | None = None
        documents = 0
        for event in events:
            node: Node
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.error(event, "YAML-fel: Filen innehåller mer än ett dokument (en rad med bara "
                                            "'---' mitt i filen). Ett ärende är ett enda dokument: ta bort raden.")
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                done = stack.pop()
                node = _collection(done.start, event, done.items)
            else:
                parent = stack[-1] if stack else None
                path = parent.child_path() if parent is not None else ""
                self.check(event, len(stack), path)
                awaiting_key = parent is not None and isinstance(parent.items, dict) and parent.key is None
                if isinstance(event, yaml.CollectionStartEvent):
                    if awaiting_key:
                        raise self.error(event, _BAD_KEY, parent.path if parent else None)
                    stack.append(_Open(event, [] if isinstance(event, yaml.SequenceStartEvent) else {}, path))
                    continue
                assert isinstance(event, yaml.ScalarEvent)
                if parent is not None and awaiting_key:
                    self.open_key(parent, event)
                    continue
                node = _scalar(event)
            if stack:
                self.attach(stack[-1], node)
            else:
                root = node
        return root

    def check(self, event: yaml.Event, depth: int, path: str) -> None:
        if isinstance(event, yaml.AliasEvent) or (isinstance(event, yaml.NodeEvent) and event.anchor):
            raise self.error(event, "Ankare och alias (& och *) används inte i ärenden. Skriv ut värdet där "
                                    "det behövs, eller lägg det under 'varden:' och hänvisa med ${namn}.", path)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _TEXT_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.error(event, f"Taggen '{shown}' används inte i ärenden; ta bort den (allt läses som text).",
                             path)
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(event, f"Filen har fler än {MAX_NODES} värden; det är för stort för ett ärende.", path)
        if depth >= MAX_DEPTH and isinstance(event, yaml.CollectionStartEvent):
            raise self.error(event, f"Värdena är inbäddade djupare än {MAX_DEPTH} nivåer; det behövs aldrig "
                                    "i ett ärende.", path)

    def open_key(self, mapping: _Open, event: yaml.ScalarEvent) -> None:
        assert isinstance(mapping.items, dict)
        if event.value in ("", "<<") and not event.style:
            raise self.error(event, _BAD_KEY, mapping.path)
        if len(mapping.items) >= MAX_ITEMS:
            raise self.error(mapping.start, f"Här finns fler än {MAX_ITEMS} nycklar; det är för många för "
                                            "ett ärende.", mapping.path)
        mapping.key = event
        mapping.dropped = event.value in mapping.items
        if mapping.dropped:
            first = mapping.items[event.value]
            self.problems.append(self.error(
                event, f"Nyckeln '{event.value}' står två gånger (första gången på rad {first.line}). Ta bort "
                       "den ena; annars vet ingen vilket värde som gäller.", mapping.child_path()))

    def attach(self, parent: _Open, node: Node) -> None:
        if isinstance(parent.items, list):
            if len(parent.items) >= MAX_ITEMS:
                raise self.error(parent.start, f"Listan har fler än {MAX_ITEMS} punkter; det är för många "
                                               "för ett ärende.", parent.path)
            parent.items.append(node)
            return
        key = parent.key
        assert key is not None
        if not parent.dropped:
            # Remember where the key was written: for a block value that is the line a person looks at.
            line, column = _mark(key.start_mark)
            parent.items[key.value] = replace(node, line=line, column=column)
        parent.key = None
        parent.dropped = False


def _collection(start: yaml.Event, end: yaml.Event, items: list[Node] | dict[str, Node]) -> Node:
    line, column = _mark(start.start_mark)
    end_line, end_column = _mark(end.end_mark)
    return Node(items, line, column, text_line=line, text_column=column, end_line=end_line, end_column=end_column)


def _scalar(event: yaml.ScalarEvent) -> Node:
    line, column = _mark(event.start_mark)
    end_line, end_column = _mark(event.end_mark)
    style = event.style
    if not style and event.value in ("", "~", "null", "Null", "NULL"):
        return Node(None, line, column, text_line=line, text_column=column, end_line=end_line,
                    end_column=end_column)
    block = style in ("|", ">")
    return Node(event.value, line, column, quoted=style in ("'", '"'), block=block,
                text_line=line + 1 if block else line, text_column=column,
                end_line=end_line, end_column=end_column)


def from_python(value: Any, key: str = "", depth: int = 0) -> Node:
    """A case given as a Python mapping (as a form or tool builds it), as a tree of text.

    Numbers become the text Python writes for them, ``True``/``False`` become ``ja``/``nej``,
    dates become ISO dates. Other types, non-text keys and structures beyond the limits are
    :class:`CaseError`.
    """
    where = Location(key=key or None)
    if depth > MAX_DEPTH:
        raise CaseError(f"Värdena är inbäddade djupare än {MAX_DEPTH} nivåer.", where)
    if isinstance(value, Mapping):
        if len(value) > MAX_ITEMS:
            raise CaseError(f"Här finns fler än {MAX_ITEMS} nycklar.", where)
        result: dict[str, Node] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise CaseError(f"Nyckeln {k!r} måste vara en text.", where)
            result[k] = from_python(v, f"{key}.{k}" if key else k, depth + 1)
        return Node(result, 0, 0)
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_ITEMS:
            raise CaseError(f"Listan har fler än {MAX_ITEMS} punkter.", where)
        return Node([from_python(v, f"{key}[{i}]", depth + 1) for i, v in enumerate(value, 1)], 0, 0)
    if value is None:
        return Node(None, 0, 0)
    if isinstance(value, bool):
        return Node("ja" if value else "nej", 0, 0)
    if isinstance(value, (str, int, float, Decimal, date)):
        return Node(str(value) if not isinstance(value, date) else value.isoformat(), 0, 0, quoted=True)
    raise CaseError(f"Värdet har typen {type(value).__name__}; ange text, tal, datum, listor eller nycklar.",
                    where)
