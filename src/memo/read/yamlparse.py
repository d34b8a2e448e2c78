"""Stage 1, the YAML part: PyYAML's parse events composed into a tree that remembers positions.

This is the only module that imports PyYAML. Scalars are kept exactly as written
(always ``str``, or ``None`` for an empty value): there is no YAML 1.1 implicit typing,
so ``nej``, ``on``, ``010``, ``1_000`` and ``2026-06-01`` stay the text the author typed,
and the validation stage decides what each key means. Duplicate keys, anchors, aliases
and tags are errors, and a syntax error gets a Swedish hint at the place to look.
The limits (set in :mod:`memo.read.source`) are enforced as the events arrive, before an
oversized structure is held in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple, Protocol

import yaml

from memo.errors import CaseError, Location, MemoError
from memo.read.characters import clean_text
from memo.read.wording import CASE, Wording

__all__ = ["Node", "compose"]

_TEXT_TAGS = ("tag:yaml.org,2002:str", "!")


class SourceText(Protocol):
    """What the tree needs of the file it is read from (:class:`memo.read.source.SourceText` is one):
    its lines, and a location in it for a problem."""

    @property
    def lines(self) -> tuple[str, ...]: ...

    def location(self, line: int | None, column: int | None = None, key: str | None = None) -> Location: ...


class Node(NamedTuple):
    """A value of the YAML tree with its position (1-based line and column).

    ``value`` is ``str`` or ``None`` for a scalar, ``list[Node]`` for a sequence and
    ``dict[str, Node]`` for a mapping. ``line``/``column`` give where the key that
    holds this node was written (the line a handläggare looks at), or where the value
    starts for a list entry. ``text_line``/``text_column`` give where the value itself
    starts and ``end_line``/``end_column`` where it ends. A tree built from a Python
    mapping has no positions (all 0). (A named tuple: a large case has one per value.)
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


def compose(text: str, source: SourceText, *, max_items: int, max_nodes: int, max_depth: int,
            wording: Wording = CASE) -> tuple[Node | None, tuple[MemoError, ...]]:
    """Parse YAML text into a :class:`Node` tree (``None`` for an empty stream).

    Returns the tree and the problems that do not stop reading (duplicate keys). A syntax
    error, and anything the tree may not hold, is a :class:`memo.errors.CaseError`, told in
    ``wording``'s words.
    """
    if _FAST_LOADER is not None:
        # libyaml reads a large case many times faster; on any syntax error the pure-Python
        # parser reads it again, so that the message and its position are the ones we explain.
        composer = _Composer(source, wording, max_items=max_items, max_nodes=max_nodes, max_depth=max_depth)
        try:
            return composer.compose(yaml.parse(text, Loader=_FAST_LOADER)), tuple(composer.problems)
        except yaml.YAMLError:
            pass
    composer = _Composer(source, wording, max_items=max_items, max_nodes=max_nodes, max_depth=max_depth)
    try:
        root = composer.compose(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, source) from None
    return root, tuple(composer.problems)


#: PyYAML's libyaml binding when it is installed (it is in PyYAML's wheels), else None.
_FAST_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


_HINTS = {
    "found character '\\t' that cannot start any token": (
        "Här står ett tabbtecken. YAML tillåter bara mellanslag för indrag: byt tabben mot mellanslag."
    ),
    "mapping values are not allowed here": (
        "Ett kolon (:) står där det inte får stå. Sätt texten inom citattecken om den innehåller kolon följt "
        "av mellanslag eller tabb, eller kontrollera indraget på raden."
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
        # PyYAML stops at the first character an alias name may not hold (the ä of *Preliminärt:*): the
        # culprit is the & or * that opened it.
        mark = exc.context_mark or mark
        hint = "Tecknen & och * får inte inleda en text utan citattecken. Skriv texten inom citattecken."
    if hint is None:
        hint = f"Filen går inte att läsa som YAML ({problem or context}). Kontrollera indrag och citattecken."
    line, column = _mark(mark)
    if "escape" in problem and 0 < line <= len(source.lines):
        # Point at the backslash that starts the escape, not at the character after it.
        backslash = source.lines[line - 1].rfind("\\", 0, column)
        column = backslash + 1 if backslash >= 0 else column
    return CaseError(f"YAML-fel: {hint}", source.location(line, column), rule="yaml-syntax")


class _Mark(Protocol):
    line: int
    column: int


def _mark(mark: _Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


_BAD_KEY = ("En nyckel måste vara ett ord följt av kolon, till exempel '{key}:'. Står här en text som "
            "börjar med '?', '[' eller '{{', sätt den inom citattecken.")


class _Open:
    """A list or mapping being composed: its key path, and the mapping key waiting for its value."""

    __slots__ = ("dropped", "items", "key", "path", "start")

    def __init__(self, start: yaml.Event, items: list[Node] | dict[str, Node], path: str) -> None:
        self.start = start
        self.items = items
        self.path = path
        self.key: yaml.ScalarEvent | None = None
        #: The value being composed belongs to a duplicate key and is dropped.
        self.dropped = False

    def child_path(self) -> str:
        if isinstance(self.items, list):
            return f"{self.path}[{len(self.items) + 1}]"
        name = self.key.value if self.key is not None else ""
        return f"{self.path}.{name}" if self.path else name


_CUT_BY_COMMENT = re.compile(r"[ \t]+#[^\s#]")


class _Composer:
    """Builds the :class:`Node` tree from PyYAML's parse events, without recursion.

    Anchors, aliases, tags other than text and non-text keys are refused, and the limits
    are enforced as the events arrive, before an oversized structure is held in memory.
    A duplicate key is recorded in ``problems`` (its first value is kept) so that it is
    reported together with the other problems of the file.
    """

    def __init__(self, source: SourceText, wording: Wording, *, max_items: int, max_nodes: int,
                 max_depth: int) -> None:
        self.source = source
        self.wording = wording
        self.max_items = max_items
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.count = 0
        self.problems: list[MemoError] = []

    def error(self, event: yaml.Event, message: str, key: str | None = None, *, rule: str) -> CaseError:
        return CaseError(message, self.source.location(*_mark(event.start_mark), key=key or None), rule=rule)

    def bad_key(self) -> str:
        return _BAD_KEY.format(key=self.wording.first_key)

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
                                            f"'---' mitt i filen). {self.wording.capital} är ett enda dokument: "
                                            "ta bort raden.", rule="flera-dokument")
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
                        raise self.error(event, self.bad_key(), parent.path if parent else None,
                                         rule="ogiltig-nyckel")
                    stack.append(_Open(event, [] if isinstance(event, yaml.SequenceStartEvent) else {}, path))
                    continue
                assert isinstance(event, yaml.ScalarEvent)
                if parent is not None and awaiting_key:
                    self.open_key(parent, event)
                    continue
                node = _scalar(event)
                if not event.style:
                    self.check_comment(event, path)
                    if parent is not None and isinstance(parent.items, list):
                        self.check_glued_item(event, path)
            if stack:
                self.attach(stack[-1], node)
            else:
                root = node
        return root

    def check_comment(self, event: yaml.ScalarEvent, path: str) -> None:
        """Text cut off by YAML: an unquoted value followed on its line by `` #`` and a character at once
        (``ärende #2026-45 om bygglov``) — a comment only by accident; ``# kronor`` with a space stays one."""
        line, column = _mark(event.end_mark)
        if not event.value or not 0 < line <= len(self.source.lines):  # an empty value cuts nothing off
            return
        rest = self.source.lines[line - 1][column - 1:]
        found = _CUT_BY_COMMENT.match(rest)
        if found is None:
            return
        cut = rest[found.end() - 2:].rstrip()
        kept = event.value if len(event.value) <= 30 else "…" + event.value[-30:]
        self.problems.append(CaseError(
            f"YAML läser '{cut}' som en kommentar (# efter ett mellanslag), så det kommer inte med i PM:et; värdet "
            f"slutar vid '{kept}'. Sätt hela texten inom citattecken (\"…\"), eller skriv "
            "till exempel 'nr 2026-45' i stället för '#2026-45'.",
            self.source.location(line, column + found.end() - 2, key=path or None), rule="kommentar-i-text"))

    def check_glued_item(self, event: yaml.ScalarEvent, path: str) -> None:
        """A list item whose continuation line starts with "- ": a new item indented too far, read by YAML as
        the same item ("… bifalla motionen. - Kommunstyrelsen får i uppdrag …")."""
        first, _ = _mark(event.start_mark)
        last, _ = _mark(event.end_mark)
        for line in range(first + 1, min(last, len(self.source.lines)) + 1):
            text = self.source.lines[line - 1]
            if text.lstrip().startswith("- "):
                column = len(text) - len(text.lstrip()) + 1
                self.problems.append(CaseError(
                    "Raden ser ut som en ny punkt i listan, men den är indragen längre än punkterna ovanför, så "
                    "YAML läser den som en fortsättning på punkten före. Dra in '-' lika långt som de andra "
                    "punkterna.", self.source.location(line, column, key=path or None),
                    rule="punkt-indragen"))
                return

    def check(self, event: yaml.Event, depth: int, path: str) -> None:
        if isinstance(event, yaml.AliasEvent) or (isinstance(event, yaml.NodeEvent) and event.anchor):
            raise self.error(event, f"Ankare och alias (& och *) används inte i {self.wording.many}. "
                                    f"{self.wording.alias_advice}", path, rule="yaml-ankare")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _TEXT_TAGS:  # said with the file's other problems; the value is read as it is
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            read_as = "allt läses som text" if isinstance(event, yaml.ScalarEvent) else "värdet läses som det står"
            self.problems.append(self.error(
                event, f"Taggen '{shown}' används inte i {self.wording.many}; ta bort den ({read_as}).",
                path, rule="yaml-tagg"))
        self.count += 1
        if self.count > self.max_nodes:
            raise self.error(event, f"Filen har fler än {self.max_nodes} värden; det är för stort för "
                                    f"{self.wording.one}.", path, rule="for-stort")
        if depth >= self.max_depth and isinstance(event, yaml.CollectionStartEvent):
            raise self.error(event, f"Värdena är inbäddade djupare än {self.max_depth} nivåer; det behövs aldrig "
                                    f"i {self.wording.one}.", path, rule="for-stort")

    def open_key(self, mapping: _Open, event: yaml.ScalarEvent) -> None:
        assert isinstance(mapping.items, dict)
        event.value = clean_text(event.value)  # a key is compared with references, which are cleaned text too
        if event.value in ("", "<<") and not event.style:
            raise self.error(event, self.bad_key(), mapping.path, rule="ogiltig-nyckel")
        if len(mapping.items) >= self.max_items:
            raise self.error(mapping.start, f"Här finns fler än {self.max_items} nycklar; det är för många för "
                                            f"{self.wording.one}.", mapping.path, rule="for-stort")
        mapping.key = event
        mapping.dropped = event.value in mapping.items
        if mapping.dropped:
            first = mapping.items[event.value]
            self.problems.append(self.error(
                event, f"Nyckeln '{event.value}' står två gånger (första gången på rad {first.line}). Ta bort "
                       "den ena; annars vet ingen vilket värde som gäller.", mapping.child_path(),
                rule="dubbel-nyckel"))

    def attach(self, parent: _Open, node: Node) -> None:
        if isinstance(parent.items, list):
            if len(parent.items) >= self.max_items:
                raise self.error(parent.start, f"Listan har fler än {self.max_items} punkter; det är för många "
                                               f"för {self.wording.one}.", parent.path, rule="for-stort")
            parent.items.append(node)
            return
        key = parent.key
        assert key is not None
        if not parent.dropped:
            # Remember where the key was written: for a block value that is the line a person looks at.
            line, column = _mark(key.start_mark)
            parent.items[key.value] = node._replace(line=line, column=column)
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
    return Node(clean_text(event.value), line, column, quoted=style in ("'", '"'), block=block,
                text_line=line + 1 if block else line, text_column=column,
                end_line=end_line, end_column=end_column)
