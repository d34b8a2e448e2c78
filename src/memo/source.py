"""Stage 1: read a YAML file (a case or a profile) into a tree that remembers positions.

This is the only module that imports PyYAML. Scalars are kept exactly as written
(always ``str``, or ``None`` for an empty value): there is no YAML 1.1 implicit typing,
so ``nej``, ``on``, ``010``, ``1_000`` and ``2026-06-01`` stay the text the author typed,
and the validation stage decides what each key means. Duplicate keys, anchors and
aliases are errors; size limits keep memory and time bounded.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from memo.errors import CaseError, Location, MemoError

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_NODES",
    "Node",
    "SourceText",
    "decode",
    "parse_yaml",
    "read_yaml",
]

#: A case or profile file larger than this is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000
#: No list or mapping may hold more entries than this.
MAX_ITEMS = 2_000
#: No more than this many values (scalars, lists, mappings) in one file.
MAX_NODES = 50_000
#: Lists and mappings nest at most this deep.
MAX_DEPTH = 20


@dataclass(frozen=True)
class SourceText:
    """The decoded text of a file, for quoting the offending line in error messages."""

    path: Path | None
    text: str
    lines: tuple[str, ...] = field(repr=False, default=())

    @classmethod
    def of(cls, path: Path | None, text: str) -> SourceText:
        return cls(path, text, tuple(text.splitlines()))

    def location(self, line: int | None, column: int | None = None, key: str | None = None) -> Location:
        """A location in this file; ``line`` and ``column`` count from 1."""
        source_line = None
        if line is not None and 1 <= line <= len(self.lines):
            source_line = self.lines[line - 1]
        return Location(self.path, line, column, key, source_line)


@dataclass(frozen=True)
class Node:
    """A value of the YAML tree with its position (1-based line and column).

    ``value`` is ``str`` or ``None`` for a scalar, ``list[Node]`` for a sequence and
    ``dict[str, Node]`` for a mapping. ``key_line``/``key_column`` give where the key
    that holds this node was written (the line a handläggare looks at).
    """

    value: str | list[Node] | dict[str, Node] | None
    line: int
    column: int
    quoted: bool = False
    block: bool = False
    #: The line where a scalar's text begins (the line after ``|`` for a block scalar).
    text_line: int = 0

    def is_scalar(self) -> bool:
        return self.value is None or isinstance(self.value, str)

    def items(self) -> Iterator[tuple[str, Node]]:
        assert isinstance(self.value, dict)
        return iter(self.value.items())


def decode(data: bytes, path: Path | None) -> str:
    """Decode a case file: UTF-8 (with or without BOM) or UTF-16 with BOM.

    A file saved as Windows-1252/Latin-1 is refused with a message saying how to save
    it as UTF-8, rather than guessed at: a wrong guess would put mojibake in the memo.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        text = data.decode("cp1252", errors="replace")
        source = SourceText.of(path, text)
        raise CaseError(
            "Filen är inte sparad som UTF-8 (den ser ut att vara sparad som Windows-1252/ANSI, "
            "där å, ä och ö blir fel). Spara den som UTF-8: i Anteckningar välj Arkiv → Spara som → "
            "Kodning: UTF-8; i Notepad++ välj Koda → UTF-8.",
            source.location(line, column),
        ) from None


def read_yaml(path: Path) -> tuple[Node, SourceText]:
    """Read and parse a YAML file, enforcing the size limit before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseError(
                f"Filen är för stor ({size // 1000} kB). Ett ärende får vara högst "
                f"{MAX_FILE_BYTES // 1000} kB; lägg stora underlag som bilagor i stället.",
                Location(path),
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise CaseError("Det här är en mapp, inte en YAML-fil.", Location(path)) from None
    except FileNotFoundError:
        raise CaseError("Filen finns inte.", Location(path)) from None
    except PermissionError:
        raise CaseError("Filen går inte att läsa (behörighet saknas).", Location(path)) from None
    except OSError as exc:
        raise CaseError(f"Filen går inte att läsa: {exc.strerror}.", Location(path)) from None
    return parse_yaml(decode(data, path), path)


def parse_yaml(text: str, path: Path | None = None) -> tuple[Node, SourceText]:
    """Parse YAML text into a :class:`Node` tree. The top level must be a mapping."""
    source = SourceText.of(path, text)
    if len(text) > MAX_FILE_BYTES:
        raise CaseError(f"Texten är för lång; ett ärende får vara högst {MAX_FILE_BYTES // 1000} kB.",
                        source.location(None))
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, source) from None
    except yaml.YAMLError as exc:
        raise CaseError(f"YAML-filen går inte att läsa: {exc}", source.location(None)) from None
    if root is None:
        raise CaseError("Filen är tom.", source.location(None))
    if not isinstance(root, yaml.MappingNode):
        line, column = root.start_mark.line + 1, root.start_mark.column + 1
        raise CaseError(
            "Filen ska börja med nycklar som 'rubrik: …', inte med en lista eller en ensam text.",
            source.location(line, column),
        )
    return _Builder(source).build(root, depth=0), source


_HINTS = {
    "found character '\\t' that cannot start any token": (
        "Här står ett tabbtecken. YAML tillåter bara mellanslag för indrag: byt tabben mot mellanslag."
    ),
    "mapping values are not allowed here": (
        "Ett kolon (:) står där det inte får stå. Sätt texten inom citattecken om den innehåller ': ', "
        "eller kontrollera indraget på raden."
    ),
    "found unexpected end of stream": (
        "Filen tar slut mitt i en text. Kontrollera att varje citattecken (\" eller ') har en partner."
    ),
    "found unknown escape character": (
        "Ett omvänt snedstreck (\\) i en text inom \"…\" måste skrivas dubbelt (\\\\), "
        "eller använd enkla citattecken."
    ),
}


def _syntax_error(exc: yaml.MarkedYAMLError, source: SourceText) -> CaseError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = exc.problem or ""
    hint = next((h for k, h in _HINTS.items() if problem.startswith(k)), None)
    if hint is None and isinstance(exc, yaml.reader.ReaderError):
        hint = "Filen innehåller ett tecken som inte får förekomma (ett styrtecken). Ta bort det."
    if hint is None and "expected <block end>" in problem:
        hint = "Indraget stämmer inte: nycklar på samma nivå ska börja i samma kolumn."
    if hint is None and "could not find expected ':'" in problem:
        hint = "Raden saknar kolon efter nyckeln, eller en text fortsätter utan rätt indrag."
    message = f"YAML-fel: {hint}" if hint else f"YAML-fel ({problem}). Kontrollera indrag och citattecken."
    return CaseError(message, source.location(line, column))


class _Builder:
    """Walks the composed YAML graph once, refusing aliases and enforcing limits."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.seen: set[int] = set()
        self.count = 0

    def error(self, node: yaml.Node, message: str) -> MemoError:
        return CaseError(message, self.source.location(node.start_mark.line + 1, node.start_mark.column + 1))

    def build(self, node: yaml.Node, depth: int) -> Node:
        if id(node) in self.seen:
            raise self.error(node, "Ankare och alias (& och *) används inte i ärenden. Skriv ut värdet.")
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(node, f"Filen har fler än {MAX_NODES} värden; det är för stort för ett ärende.")
        if depth > MAX_DEPTH:
            raise self.error(node, f"Värdena är inbäddade djupare än {MAX_DEPTH} nivåer.")
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line, column)
        if isinstance(node, yaml.SequenceNode):
            if len(node.value) > MAX_ITEMS:
                raise self.error(node, f"Listan har {len(node.value)} punkter; högst {MAX_ITEMS} tillåts.")
            return Node([self.build(item, depth + 1) for item in node.value], line, column)
        assert isinstance(node, yaml.MappingNode)
        if len(node.value) > MAX_ITEMS:
            raise self.error(node, f"Här finns {len(node.value)} nycklar; högst {MAX_ITEMS} tillåts.")
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value in ("", "<<"):
                raise self.error(key_node, "En nyckel måste vara ett ord, till exempel 'rubrik:'.")
            key = key_node.value
            if key in mapping:
                first = mapping[key]
                raise self.error(
                    key_node,
                    f"Nyckeln '{key}' står två gånger (första gången på rad {first.line}). "
                    "Ta bort den ena; annars vet ingen vilket värde som gäller.",
                )
            built = self.build(value_node, depth + 1)
            # Remember where the key was written: for a block value that is the line a person looks at.
            mapping[key] = Node(built.value, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                built.quoted, built.block, built.text_line)
        return Node(mapping, line, column)

    def _scalar(self, node: yaml.ScalarNode, line: int, column: int) -> Node:
        style = node.style
        if not style and node.value in ("", "~", "null", "Null", "NULL"):
            return Node(None, line, column)
        block = style in ("|", ">")
        return Node(node.value, line, column, quoted=style in ("'", '"'), block=block,
                    text_line=line + 1 if block else line)
