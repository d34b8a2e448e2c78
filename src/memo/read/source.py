"""Stage 1: read a YAML file (a case or a profile) into a tree that remembers positions.

This module reads the file and checks what must hold before it is parsed: its size, its
encoding (UTF-8 or UTF-16, never guessed) and raw control characters. The YAML itself is
composed into a :class:`memo.read.yamlparse.Node` tree by :mod:`memo.read.yamlparse`, the only module
that imports PyYAML. A case given as a Python mapping becomes the same tree (:func:`from_python`).
The limits below are checked while the file is read and parsed, so an oversized or hostile
file is refused quickly and with bounded memory.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from memo.errors import CaseError, Location, MemoError, os_reason
from memo.read.characters import clean_text
from memo.read.wording import CASE, Wording
from memo.read.yamlparse import Node, compose

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_NODES",
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


class SourceText(NamedTuple):
    """The decoded text of a file, for quoting the offending line in error messages."""

    path: Path | None
    text: str
    lines: tuple[str, ...] = ()
    #: Problems found while reading that do not stop it (duplicate keys), to be reported with the rest.
    problems: tuple[MemoError, ...] = ()
    #: The case is a mapping built in Python, not a file: messages speak of keys and lists, not lines.
    python: bool = False

    @classmethod
    def for_python(cls) -> SourceText:
        """The source of a case given as a Python mapping (:func:`from_python`)."""
        return cls(None, "", python=True)

    @classmethod
    def of(cls, path: Path | None, text: str) -> SourceText:
        lines = _LINE_BREAK.split(text)
        if lines and lines[-1] == "":
            lines.pop()
        return cls(path, text, tuple(lines))

    def location(self, line: int | None, column: int | None = None, key: str | None = None) -> Location:
        """A location in this file; ``line`` and ``column`` count from 1 (0 means unknown).

        A problem of the whole file (it is empty, a required key is missing) is at line 1, where
        the handläggare starts reading; a mapping from Python has no lines at all.
        """
        if not line:
            return Location(self.path, 1 if self.path is not None else None, None, key)
        column = column or None
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


def decode(data: bytes, path: Path | None, wording: Wording = CASE) -> str:
    """Decode a case file: UTF-8 (with or without BOM) or UTF-16 with BOM.

    A file saved as Windows-1252/Latin-1 is refused with a message saying how to save
    it as UTF-8, rather than guessed at: a wrong guess would put mojibake in the memo.
    """
    where = Location(path, 1)  # a problem of the whole file: line 1
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CaseError("Filen börjar som UTF-16 men är trasig. Spara den som UTF-8.", where,
                            rule="teckenkodning") from None
    if data.startswith(b"PK\x03\x04"):
        raise CaseError(wording.zip_file, where, rule="inte-text")
    head = data[:400]
    if head and head.count(b"\x00") * 4 >= len(head):
        raise CaseError("Filen är inte text i UTF-8: den ser ut att vara sparad som UTF-16 (\"Unicode\") "
                        f"eller är en binär fil. Spara {wording.the} som UTF-8.", where,
                        rule="inte-text")
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
            source.location(line, column), rule="teckenkodning",
        ) from None
    found = _MOJIBAKE.search(text)
    if found is not None:
        source = SourceText.of(path, text)
        line, column = source.position(found.start())
        raise CaseError(
            f"Texten innehåller '{found.group()}', som är ett å, ä eller ö som har konverterats fel "
            "någon gång (UTF-8 läst som Windows-1252). Rätta tecknen i filen, till exempel 'Ã¤' → 'ä' "
            "och 'Ã¥' → 'å', och spara som UTF-8.",
            source.location(line, column), rule="teckenkodning",
        )
    return text


def read_yaml(path: Path, wording: Wording = CASE) -> tuple[Node, SourceText]:
    """Read and parse a YAML file; never reads more than :data:`MAX_FILE_BYTES` (+1) bytes.

    ``wording`` says what the file is (a case, unless told otherwise) in the messages.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseError(_too_big(f" ({size // 1000} kB)", wording), Location(path, 1), rule="for-stort")
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise CaseError("Det här är en mapp, inte en YAML-fil.", Location(path),
                        rule="fil-saknas") from None
    except FileNotFoundError:
        raise CaseError("Filen finns inte. Kontrollera namnet och mappen.", Location(path),
                        rule="fil-saknas") from None
    except PermissionError:
        raise CaseError("Filen går inte att läsa (behörighet saknas).", Location(path),
                        rule="fil-saknas") from None
    except OSError as exc:
        raise CaseError(f"Filen går inte att läsa: {os_reason(exc)}.", Location(path),
                        rule="fil-saknas") from None
    if len(data) > MAX_FILE_BYTES:  # a pipe or device that grew past the limit
        raise CaseError(_too_big("", wording), Location(path, 1), rule="for-stort")
    return parse_yaml(decode(data, path, wording), path, wording)


def _too_big(size: str, wording: Wording) -> str:
    return (f"Filen är för stor{size}. {wording.capital} får vara högst {MAX_FILE_BYTES // 1000} kB; "
            f"{wording.too_large_advice}")


def parse_yaml(text: str, path: Path | None = None, wording: Wording = CASE) -> tuple[Node, SourceText]:
    """Parse YAML text into a :class:`Node` tree. The top level must be a mapping."""
    source = SourceText.of(path, text)
    if len(text) > MAX_FILE_BYTES:
        raise CaseError(f"Texten är för lång; {wording.one} får vara högst {MAX_FILE_BYTES // 1000} kB.",
                        source.location(None), rule="for-stort")
    raw = list(_NON_PRINTABLE.finditer(text))
    if raw:
        raise _control_characters(raw, text, source, wording)
    root, problems = _compose(text, source, wording)
    source = source._replace(problems=problems)
    if root is None or (root.value is None and not text.strip(" \t\r\n\ufeff")):
        raise CaseError(f"Filen är tom. {wording.capital} börjar med nycklar som '{wording.first_key}: …'.",
                        source.location(None), rule="tom-fil")
    if not isinstance(root.value, dict):
        raise CaseError(
            f"Filen ska börja med nycklar som '{wording.first_key}: …', inte med en lista eller en ensam text.",
            source.location(root.line, root.column), rule="inte-nycklar",
        )
    return root, source


def _compose(text: str, source: SourceText, wording: Wording) -> tuple[Node | None, tuple[MemoError, ...]]:
    """The YAML tree and its non-fatal problems, under the limits as they are set now."""
    return compose(text, source, max_items=MAX_ITEMS, max_nodes=MAX_NODES, max_depth=MAX_DEPTH, wording=wording)


def _control_characters(found: list[re.Match[str]], text: str, source: SourceText,
                        wording: Wording) -> CaseError:
    """One problem per raw control character, each with the key it stands in (when the rest parses)."""
    root: Node | None = None
    with contextlib.suppress(MemoError):
        # A letter in place of each control character keeps the structure, so the keys can be named.
        root, _ = _compose(_NON_PRINTABLE.sub("x", text), source, wording)
    problems: list[MemoError] = []
    for match in found[:_MAX_LISTED]:
        line, column = source.position(match.start())
        key = key_at(root, line, column) if root is not None else None
        problems.append(CaseError(
            f"Här står {character_name(match.group())}, som inte får finnas i {wording.one} och inte kan stå i "
            f"ett Word-dokument. {removal_hint(match.group())} (Sådana tecken följer ofta med text som klistrats "
            "in från e-post, Word eller PDF.)",
            source.location(line, column, key), rule="ogiltigt-tecken",
        ))
    first = problems[0]
    return CaseError(first.message, first.location, tuple(problems))


def from_python(value: Any, key: str = "") -> Node:
    """A case given as a Python mapping (as a form or tool builds it), as a tree of text.

    Numbers become the text Python writes for them, ``True``/``False`` become ``ja``/``nej``,
    dates become ISO dates. Other types, non-text keys, numbers that are not finite or have
    too many digits, and structures beyond the limits are :class:`CaseError` at their key.

    The values are read through the built-in types' own methods, never a subclass's
    (``__str__``, ``__repr__``, ``__iter__``), and a mapping's keys are taken one by one up to the
    limits, whatever its ``__len__`` says: a hostile value is refused in bounded time and memory.
    A mapping of another type that fails while it is read is a :class:`CaseError` at its key.
    """
    return _PythonTree().node(value, key, 0)


#: An integer from Python has at most this many digits (an amount is refused long before, at 30).
_MAX_INT_DIGITS = 100
#: A number from Python is at most this large or small (Decimal's exponent), so that it can be written out.
_MAX_EXPONENT = 100
_NOT_FINITE = "Värdet är NaN eller oändligt, inte ett tal. Ange ett tal, som 250000."


class _PythonTree:
    """:func:`from_python`'s walk, counting values and characters against the limits a file has."""

    def __init__(self) -> None:
        self.nodes = 0
        self.characters = 0

    def node(self, value: Any, key: str, depth: int) -> Node:
        where = Location(key=key or None)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise CaseError(f"Ärendet har fler än {MAX_NODES} värden.", where, rule="for-stort")
        if depth > MAX_DEPTH:
            raise CaseError(f"Värdena är inbäddade djupare än {MAX_DEPTH} nivåer.", where, rule="for-stort")
        if isinstance(value, Mapping):
            return Node(self._mapping(value, key, depth), 0, 0)
        if isinstance(value, (list, tuple)):
            items = list(itertools.islice(list.__iter__(value) if isinstance(value, list)
                                          else tuple.__iter__(value), MAX_ITEMS + 1))
            if len(items) > MAX_ITEMS:
                raise CaseError(f"Listan har fler än {MAX_ITEMS} punkter.", where, rule="for-stort")
            return Node([self.node(v, f"{key}[{i}]", depth + 1) for i, v in enumerate(items, 1)], 0, 0)
        if value is None:
            return Node(None, 0, 0)
        return Node(self._text(_scalar_text(value, where), where), 0, 0, quoted=not isinstance(value, bool))

    def _mapping(self, value: Mapping[Any, Any], key: str, depth: int) -> dict[str, Node]:
        where = Location(key=key or None)
        entries: list[tuple[str, Any]] = []
        if isinstance(value, dict):  # a dict's own entries, whatever a subclass says
            for k in itertools.islice(dict.__iter__(value), MAX_ITEMS + 1):
                entries.append((_key_name(k, key), dict.__getitem__(value, k)))
        else:  # another mapping: its keys one by one, its length not trusted
            keys = _calling(lambda: iter(value), key)
            while len(entries) <= MAX_ITEMS:
                k = _calling(lambda: next(keys, _END), key)
                if k is _END:
                    break
                name = _key_name(k, key)
                entries.append((name, _calling(lambda: value[k], _path(key, name))))  # noqa: B023 (called at once)
        if len(entries) > MAX_ITEMS:
            raise CaseError(f"Här finns fler än {MAX_ITEMS} nycklar.", where, rule="for-stort")
        result: dict[str, Node] = {}
        for written, v in entries:
            name = self._text(clean_text(written), where)
            result[name] = self.node(v, _path(key, name), depth + 1)
        return result

    def _text(self, text: str, where: Location) -> str:
        self.characters += len(text)
        if self.characters > MAX_FILE_BYTES:
            raise CaseError(f"Texten är för lång; ett ärende får vara högst {MAX_FILE_BYTES // 1000} kB.", where,
                            rule="for-stort")
        return text


_END = object()
T = TypeVar("T")


def _calling(step: Callable[[], T], key: str) -> T:
    """One call into the caller's own mapping; its failure is a :class:`CaseError` at ``key``, the cause chained."""
    try:
        return step()
    except Exception as exc:  # the caller's code, whatever it raises: said at its key, not let through
        raise CaseError(f"Mappningen gick inte att läsa: den gav {type(exc).__name__}.",
                        Location(key=key or None), rule="olasbart-varde") from exc


def _path(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


def _key_name(k: Any, parent: str) -> str:
    """A mapping's key as text; a key that is not text is a :class:`CaseError`, named by its type."""
    if isinstance(k, str):
        return str.__str__(k)
    raise CaseError(f"En nyckel har typen {type(k).__name__}; varje nyckel måste vara en text.",
                    Location(key=_path(parent, f"<{type(k).__name__}>")), rule="ogiltig-nyckel")


def _scalar_text(value: Any, where: Location) -> str:
    """A scalar from Python as the text a case file would hold, read through the built-in type's own methods."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return date.isoformat(datetime.date(value))
    if isinstance(value, date):
        return date.isoformat(value)
    if isinstance(value, str):
        return clean_text(str.__str__(value))
    if isinstance(value, int):
        if int.bit_length(value) > _MAX_INT_DIGITS * 10 // 3:  # about as many bits as the digits allow
            raise CaseError(f"Talet har för många siffror (högst {_MAX_INT_DIGITS}).", where, rule="for-stort")
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CaseError(_NOT_FINITE, where, rule="olasbart-varde")
        # Plain positional notation: 1e16 is a number a handläggare would write out; a float to 15 significant
        # digits, as a spreadsheet shows it (0.1 + 0.2 is 0.3, not 0.30000000000000004).
        return _positional(Decimal(float.__format__(value, ".15g")), where)
    if isinstance(value, Decimal):
        if not Decimal.is_finite(value):
            raise CaseError(_NOT_FINITE, where, rule="olasbart-varde")
        return _positional(Decimal(Decimal.__str__(value)), where)
    raise CaseError(f"Värdet har typen {type(value).__name__}; ange text, tal, datum, listor eller nycklar.",
                    where, rule="olasbart-varde")


def _positional(number: Decimal, where: Location) -> str:
    """A finite number as Python writes it (Decimal("1E+3") as 1000), within :data:`_MAX_EXPONENT`."""
    if not number.is_zero() and abs(number.adjusted()) > _MAX_EXPONENT:
        raise CaseError(f"Talet har för många siffror (högst {_MAX_EXPONENT}).", where, rule="for-stort")
    text = str(number)
    return format(number, "f") if "e" in text.lower() else text
