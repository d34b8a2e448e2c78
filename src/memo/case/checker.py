"""Stage 2, the reading part: read the nodes of one file and record every problem found.

A :class:`Checker` is what both the case (:mod:`memo.case.build`) and the organisation
profile (:mod:`memo.profile.load`) are read with: keys under their canonical spelling with a
"menade du …?" hint for unknown ones, text with characters a Word document cannot hold
reported at the escape that wrote them, lists, yes/no flags, and prose whose ``${…}``
references are checked each at its own line and column. Problems are collected, not
raised one by one, and :meth:`Checker.raise_if_any` raises them together in file order.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from typing import Final, TypeVar

from memo.case import decisions
from memo.case import prose as prose_text
from memo.case.sections import Gender, Shape, gender_of, referable_fields, resolved_fields
from memo.errors import CaseError, FormatError, MemoError, MemoWarning
from memo.read.characters import BIDI_SEARCH, HIDDEN_SEARCH, invisible_name
from memo.read.positions import escape_at, locate, position
from memo.read.source import SourceText, character_name, removal_hint
from memo.read.yamlparse import Node
from memo.swedish import FILTERS, tal
from memo.swedish.numbers import amount_unit

__all__ = ["FALSE_WORDS", "MAX_HEADER_CHARS", "TRUE_WORDS", "Checker", "canonical_key", "number_hint"]

T = TypeVar("T")

_ALIASES = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "_", "-": "_"})
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_UNESCAPED_REFERENCE = re.compile(r"\$\{")
#: A value the header shows may have lines of at most this many characters (a long name of a nämnd is some 60).
MAX_HEADER_CHARS: Final = 200
#: The formattings that write an amount with its unit.
AMOUNT_FILTERS: Final = frozenset({"kronor", "kr", "tkr", "mnkr"})
#: The words a yes-or-no value may be written with.
TRUE_WORDS: Final = frozenset({"ja", "true", "sant", "yes", "on"})
FALSE_WORDS: Final = frozenset({"nej", "false", "falskt", "no", "off"})


def canonical_key(key: str) -> str:
    """The canonical spelling of a key: lower case, no diacritics, ``_`` for spaces.

    >>> canonical_key("Förslag till beslut")
    'forslag_till_beslut'
    """
    return key.strip().lower().translate(_ALIASES)


def top_level(root: Node, key: str) -> Node | None:
    """The value a file's tree holds under the canonical ``key`` (written in any spelling), or None; read before
    the file is checked (its profile, its kind's marker)."""
    if not isinstance(root.value, dict):
        return None
    return next((node for written, node in root.items() if canonical_key(written) == key), None)


class Checker:
    """Reads nodes of one file, recording problems instead of stopping at the first."""

    def __init__(self, source: SourceText, genders: Mapping[str, Gender] | None = None) -> None:
        self.source = source
        #: The gender of each key's noun (:func:`memo.case.sections.noun_genders`): a case's, unless another kind of
        #: file's keys are given.
        self.genders = genders
        self.problems: list[MemoError] = list(source.problems)
        #: Each name a reference may use (named values, case fields): its key path and where it was written.
        self.value_nodes: dict[str, tuple[str, Node]] = {}
        self._reported: set[str] = {p.key for p in source.problems if p.key}
        #: The keys a misspelt key was probably meant to be (its "Menade du …?"): not also missing.
        self.meant: set[str] = set()

    def problem(self, node: Node | None, key: str, message: str, *, line: int | None = None,
                column: int | None = None, rule: str | None = None) -> None:
        """A problem at ``key``; ``rule`` is its id in :data:`memo.faults.FAULTS` (else the class's, ``arende``)."""
        if line is None and node is not None:
            line, column = node.line, node.column
        self._reported.add(key)
        self.problems.append(CaseError(message, self.source.location(line, column, key), rule=rule))

    def missing(self, node: Node | None, key: str, message: str, *, rule: str = "tomt-varde") -> None:
        """A required value is missing or empty: reported once per key, and not at all when the key is written
        misspelt (its "Menade du …?" is the problem). ``rule``: ``saknad-nyckel`` for a key not written."""
        if key not in self._reported and not self.misspelt(key):
            self.problem(node, key, message, rule=rule)

    def misspelt(self, key: str) -> bool:
        """Whether ``key`` (a key path) was written with a misspelling that another problem names: what is read
        without it (a missing value, a table without columns) is no problem of its own."""
        return key in self.meant

    def raise_if_any(self) -> None:
        if self.problems:
            problems = sorted(self.problems, key=_file_order)
            first = problems[0]
            raise CaseError(first.message, first.location, tuple(problems))

    def shape(self, node: Node, path: str, shape: Shape) -> dict[str, Node]:
        """The entries of a mapping of a :class:`memo.case.sections.Shape` (its keys, its required ones)."""
        return self.fields(node, path, shape.names, required=shape.required)

    def fields(self, node: Node, path: str, allowed: tuple[str, ...],
               required: tuple[str, ...] = ()) -> dict[str, Node]:
        """The entries of a mapping under their canonical keys; unknown keys are problems."""
        if not isinstance(node.value, dict):
            names = ", ".join(required or allowed[:3])
            wanted = f"en mappning med nycklarna {names} …" if self.source.python else \
                f"nycklar ({names} …) på egna rader med indrag"
            self.problem(node, path, f"Här ska stå {wanted}, inte {self._kind(node)}.", rule="fel-typ")
            return {}
        result: dict[str, Node] = {}
        for key, child in node.items():
            name = canonical_key(key)
            where = f"{path}.{key}" if path else key
            if name not in allowed:
                import difflib  # only for a misspelt key

                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = f" Menade du '{close[0]}'?" if close else f" Tillåtna nycklar här: {', '.join(allowed)}."
                if close:
                    self.meant.add(f"{path}.{close[0]}" if path else close[0])
                self.problem(child, where, f"Okänd nyckel '{key}'.{hint}", rule="okand-nyckel")
            elif name in result:
                first = result[name]
                on_line = f" på rad {first.line}" if first.line else ""
                self.problem(child, where, f"Nyckeln '{key}' står redan{on_line} med en annan stavning. "
                                           "Ta bort den ena.", rule="dubbel-nyckel")
            else:
                result[name] = child
        for name in required:
            where = f"{path}.{name}" if path else name
            if name not in result:
                if self.misspelt(where):  # written, misspelt: that is the problem, not a missing key
                    continue
                # A missing key has no line of its own: point at the mapping that should hold it.
                self.missing(node if path else None, where, f"Nyckeln '{name}' saknas; den måste fyllas i.",
                             rule="saknad-nyckel")
            elif _empty(result[name].value):
                self.missing(result[name], where, self.empty(name, where))
        return result

    def empty(self, name: str, path: str, then: str = "") -> str:
        """That the value of ``name`` (at key path ``path``) is empty, in words that agree with the key's noun:
        "'diarienummer' är tomt; det måste fyllas i." ``then``: what to do instead of filling it in."""
        gender = gender_of(path) if self.genders is None else gender_of(path, self.genders)
        return f"'{name}' är {gender.empty}; {then or gender.pronoun + ' måste fyllas i.'}"

    def scalar(self, node: Node | None, key: str, *, required: bool = False,
               identifier: bool = False) -> str | None:
        """A text value. ``identifier``: a value the header shows and people compare (a diarienummer, a name),
        in which no invisible character may stand."""
        if node is None or node.value is None:
            if required:
                self.missing(node, key, f"'{key}' måste fyllas i.")
            return None
        if not isinstance(node.value, str):
            message, column = self._not_text(key, node)
            self.problem(node, key, message, line=node.line or None, column=column, rule="fel-typ")
            return None
        if not self.text_ok(node, key, node.value):
            return None
        if not self.visible_ok(node, key, node.value, identifier):
            return None
        if identifier and not self.short_enough(node, key, node.value):
            return None
        if required and not node.value.strip():
            self.missing(node, key, self.empty(key.rsplit(".", 1)[-1], key))  # 'text', as the other keys
            return None
        return node.value

    def short_enough(self, node: Node, key: str, text: str) -> bool:
        """A value the header shows (or people compare) has no line longer than :data:`MAX_HEADER_CHARS`: a
        diarienummer of a million characters is a header LibreOffice cannot lay out, and a memo nobody opens."""
        lines = text.strip().split("\n")
        longest = max(lines, key=len)
        if len(longest) <= MAX_HEADER_CHARS:
            return True
        said = f"Värdet är {len(longest):,} tecken långt" if len(lines) == 1 else \
            f"En rad i värdet är {len(longest):,} tecken lång"
        self.problem(node, key, f"{said}; sidhuvudet visar högst {MAX_HEADER_CHARS} tecken på en rad. "
                                f"Korta {'det' if len(lines) == 1 else 'den'}.".replace(",", " "),
                     line=node.text_line or node.line or None, column=node.text_column or node.column or None,
                     rule="for-langt-varde")
        return False

    def text_ok(self, node: Node, key: str, text: str) -> bool:
        """Report a character that cannot stand in a Word document, at the escape that wrote it."""
        found = _FORBIDDEN.search(text)
        if found is None:
            return True
        character = found.group()
        line, column, written = escape_at(self.source, node, character)
        how = f", skrivet som {written}" if written else ""
        self.problem(node, key, f"Texten innehåller {character_name(character)}{how} (tecken {found.start() + 1} "
                                f"i texten), som inte kan stå i ett Word-dokument. {removal_hint(character)}",
                     line=line, column=column, rule="ogiltigt-tecken")
        return False

    def visible_ok(self, node: Node, key: str, text: str, identifier: bool) -> bool:
        """An identifier holds no invisible character; free text with a bidirectional control gets a warning."""
        if text.isascii():  # the common case: nothing hidden can be in it
            return True
        found = (HIDDEN_SEARCH if identifier else BIDI_SEARCH).search(text)
        if found is None:
            return True
        index = found.start()
        line, column = position(self.source, node, index)
        if not identifier:
            where = self.source.location(line, column, key).describe()
            warnings.warn(MemoWarning(f"{where}: Texten innehåller {invisible_name(text[index])}. Det du ser är "
                                      "kanske inte det som står; kontrollera texten eller skriv den på nytt."),
                          stacklevel=2)
            return True
        self.problem(node, key, f"Värdet innehåller {invisible_name(text[index])} (tecken {index + 1}). I en "
                                "beteckning eller ett namn som sidhuvudet visar får inget osynligt tecken stå: ta "
                                "bort det (det följer ofta med text som kopierats från webben, e-post eller PDF).",
                     line=line, column=column, rule="osynligt-tecken")
        return False

    def items(self, node: Node | None, key: str, *, required: bool = False,
              allow_empty: bool = False) -> list[tuple[str, Node]]:
        """A list's entries with their key paths (``key[1]``, counting from 1); a scalar is a list of one.

        An empty entry (a line with only ``-``) is a problem unless ``allow_empty``.
        """
        if node is None or node.value is None or node.value == []:
            if required:
                how = "en lista med minst en text" if self.source.python else \
                    "minst en punkt (en rad som börjar med '- ')"
                self.missing(node, key, f"'{key}' måste ha {how}.")
            return []
        if isinstance(node.value, str):
            return [(key, node)]
        if not isinstance(node.value, list):
            self.problem(node, key, f"'{key}' ska vara en lista, inte en mappning." if self.source.python else
                         f"'{key}' ska vara en lista (rader som börjar med '- '), inte nycklar.", rule="fel-typ")
            return []
        entries = [(f"{key}[{i}]", item) for i, item in enumerate(node.value, start=1)]
        if not allow_empty:
            for where, item in entries:
                if item.value is None:
                    self.problem(item, where, "Punkten är tom. Skriv en text eller ta bort den ur listan."
                                 if self.source.python else
                                 "Punkten är tom. Skriv texten efter '- ' eller ta bort raden.", rule="tomt-varde")
        return [(where, item) for where, item in entries if allow_empty or item.value is not None]

    def convert(self, node: Node | None, key: str, parse: Callable[[str], T]) -> T | None:
        text = self.scalar(node, key)
        if text is None:
            return None
        try:
            return parse(text)
        except FormatError as exc:
            self.problem(node, key, exc.message, rule="ogiltigt-datum")
            return None

    def decision_style(self, node: Node | None) -> str | None:
        """``beslutsstil`` in its canonical form; None when it is not given or unknown (a problem)."""
        style = self.scalar(node, "beslutsstil")
        if style is None:
            return None
        style = decisions.decision_style(style)
        if style not in decisions.STYLES:
            assert node is not None  # it held the style
            self.problem(node, "beslutsstil", decisions.unknown_style(style), line=node.text_line or node.line or None,
                         column=node.text_column or node.column or None, rule="ogiltigt-val")
            return None
        return style

    def flag(self, node: Node | None, key: str) -> bool:
        text = self.scalar(node, key)
        if text is None:
            return False
        if text.strip().lower() in TRUE_WORDS:
            return True
        if text.strip().lower() not in FALSE_WORDS:
            self.problem(node, key, f"'{key}' ska vara ja eller nej, inte '{text}'.", rule="ogiltigt-val")
        return False

    def prose(self, node: Node | None, key: str, values: Mapping[str, str | None], *,
              inline: bool = False, required: bool = False) -> str | None:
        """Prose as written, once its references are checked; ``inline``: one paragraph, no lists.

        The text is turned into markup when the memo is rendered; for ``inline`` text that
        is tried here already, since only the parse can tell a second paragraph or a list.
        """
        text = self.scalar(node, key, required=required)
        if text is None or node is None or not self.references_ok(node, key, text, values):
            return None
        if inline and not prose_text.ONE_LINE.match(text):  # one line that opens no list is one paragraph
            try:
                prose_text.prose_markup(text, values, FILTERS, inline=True)
            except prose_text.ReferenceError as exc:
                self._reference_problem(node, key, text, exc)
                return None
        return text

    def line_text(self, node: Node | None, key: str, values: Mapping[str, str | None], *,
                  required: bool = False) -> str | None:
        """One line of text whose references are checked; no Markdown (titles, names)."""
        text = self.scalar(node, key, required=required)
        if text is None or node is None or not self.references_ok(node, key, text, values):
            return None
        return text

    def shown_as_written(self, node: Node, key: str, text: str) -> None:
        """A field that is shown as it stands: a ``${`` in it is refused where it is written."""
        match = _UNESCAPED_REFERENCE.search(text)
        if match is not None:
            self._reference_problem(node, key, text, prose_text.ReferenceError(
                f"'{key}' visas som det står och kan inte hänvisa till värden med ${{…}}; skriv texten direkt.",
                match.start(), rule="hanvisning-visas-ordagrant"))

    def references_ok(self, node: Node, key: str, text: str, values: Mapping[str, str | None]) -> bool:
        """Check every ``${…}`` in ``text``; each bad one is a problem at its own line and column."""
        try:
            references = prose_text.find_references(text)
        except prose_text.ReferenceError as exc:
            self._reference_problem(node, key, text, exc)
            return False
        ok = True
        for reference in references:
            if reference.name not in values and (self.misspelt(reference.name) or (
                    self.misspelt("varden") and reference.name not in referable_fields())):
                ok = False  # written under a misspelt key: that is the problem, said where it is
                continue
            if reference.name == key and key in resolved_fields():  # the title in the title
                ok = False
                self._reference_problem(node, key, text, prose_text.ReferenceError(
                    f"'{key}' kan inte hänvisa till sig själv; skriv texten direkt.", reference.offset))
                continue
            if reference.name not in values and reference.name in referable_fields():
                ok = False
                self._reference_problem(node, key, text, prose_text.ReferenceError(
                    f"Texten hänvisar till '{reference.name}', som inte är ifylld i ärendet. Fyll i "
                    f"'{reference.name}:'.", reference.offset, rule="tomt-varde"))
                continue
            try:
                prose_text.check_reference(reference, values, FILTERS, reference.offset)
            except prose_text.ReferenceError as exc:
                ok = False
                if not self._value_problem(node, text, reference, values, exc):
                    self._reference_problem(node, key, text, exc)
        return ok

    def _value_problem(self, node: Node, text: str, reference: prose_text.Reference,
                       values: Mapping[str, str | None], exc: prose_text.ReferenceError) -> bool:
        """A named value that its formatting cannot read: reported once, where the value is written."""
        value = values.get(reference.name)
        written = self.value_nodes.get(reference.name)
        if value is None or written is None or reference.filter not in FILTERS or exc.argument:
            return False
        where, target = written
        line, _ = locate(self.source, node, text, reference.offset)
        used = f" (används med | {reference.filter} på rad {line})" if line else f" (används med | {reference.filter})"
        reason = exc.message.removeprefix(f"{reference.source}: ")
        unit = amount_unit(value)
        formatting = reference.filter if reference.filter in AMOUNT_FILTERS else "kronor"
        shown = f" Formateringen skriver enheten: ${{{reference.name} | {formatting}}}." if unit else ""
        message = f"Värdet '{reference.name}' går inte att formatera{used}: {reason}{self.number_hint(value)}{shown}"
        if where not in self._reported:
            self.problem(target, where, message, rule="oformaterbart-varde")
        return True

    def _kind(self, node: Node) -> str:
        if isinstance(node.value, list):
            return "en lista"
        if isinstance(node.value, dict):
            return "en mappning" if self.source.python else "nycklar"
        return f"en text ('{_short(node.value or '')}')"

    def _not_text(self, key: str, node: Node) -> tuple[str, int | None]:
        """Why a value is not a text, and the column to point at (the value's own, or the separator's)."""
        if not self.source.python and isinstance(node.value, dict) and len(node.value) == 1 and \
                node.text_line == node.line:
            (inner,) = node.value
            after, column = self._after_key(node, inner)
            return (f"'{key}' ska vara en text, men YAML läste den som en nyckel '{_short(inner)}:' eftersom "
                    f"texten innehåller kolon följt av {after}. Sätt hela texten inom citattecken: \"…\".", column)
        return f"'{key}' ska vara en text, inte {self._kind(node)}.", node.column or None

    def _after_key(self, node: Node, inner: str) -> tuple[str, int | None]:
        """What follows the colon of a key YAML found inside a text (a space or a tab), and that character's column."""
        line = self.source.lines[node.text_line - 1] if 0 < node.text_line <= len(self.source.lines) else ""
        at = line.find(inner + ":", max(node.text_column - 1, 0))
        if at < 0 or at + len(inner) + 1 >= len(line):
            return "mellanslag", node.column or None
        after = at + len(inner) + 1
        return ("en tabb" if line[after] == "\t" else "mellanslag"), after + 1

    def number_hint(self, value: str) -> str:
        """:func:`number_hint` for a file; a value from Python was not typed as YAML, so it needs none."""
        return "" if self.source.python else number_hint(value)

    def _reference_problem(self, node: Node, key: str, text: str, exc: prose_text.ReferenceError) -> None:
        line, column = locate(self.source, node, text, exc.offset)
        self.problem(node, key, exc.message, line=line, column=column, rule=exc.rule)



def _file_order(problem: MemoError) -> tuple[int, int]:
    return (problem.line or 10**9, problem.column or 0)


def _empty(value: object) -> bool:
    return value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip())


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def number_hint(value: str) -> str:
    """Why a number as YAML 1.1 would have read it is not read here ('' when that is not the reason).

    >>> number_hint("1_000")
    ' Skriv tusental med mellanslag, som i svensk text: 1 000.'
    """
    text = value.strip()
    if re.fullmatch(r"[+-]?0\d+", text):
        return (f" En nolla först gör '{text}' tvetydigt: det kan vara en kod, och äldre YAML läser till "
                f"exempel 010 som det oktala talet 8. Menar du talet, skriv {int(text)}.")
    if re.fullmatch(r"[+-]?\d+(?:_\d+)+", text):
        typed = tal(text.replace("_", "")).replace("\xa0", " ")  # as the author types it in YAML
        return f" Skriv tusental med mellanslag, som i svensk text: {typed}."
    return ""
