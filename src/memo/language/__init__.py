"""Language checks of a case (klarspråk and skrivregler): warnings at their line and column, never errors.

Språklagen (2009:600) 11 § asks for public-sector language that is "vårdat, enkelt och begripligt". These
checks point at what a tool can see in the case's own texts: heavy text (LIX), long sentences, a decision
that leans on "enligt förslaget", officialese, numbers typed against the rules, a personnummer, an
abbreviation nobody explained. :data:`RULES` (:mod:`memo.language.rules`) is the one table of them, with the
README's table from :func:`rules_table`; the word lists are :mod:`memo.language.wordlists`, and how a text is
split into sentences and words is :mod:`memo.language.scan`.

What is checked: the rubrik, prose sections (also under ``underrubrik``), decision points, list entries,
the consequences' ``text``/``motivering``, the economy's ``text`` and the case's own sections (``rubrik``
and ``text``); not names (underskrift, skickas_till). A personnummer is looked for in every value of the
case, ``varden`` and handläggare too, except the rubrik, where the validator already makes it an error.
An abbreviation counts as explained when its words stand anywhere in the case.

LIX (words / sentences + 100 × long words / words) is given for each section of at least
:data:`LIX_MIN_WORDS` words (for fewer, one sentence moves it by ten points), and for the memo as a whole
when no section got a warning (a memo of many short sections).

>>> from memo.case.sections import SECTIONS
>>> from memo.read.source import SourceText, from_python
>>> case = from_python({"sammanfattning": "Frågan gäller skolan samt förskolan."})
>>> [f.message for f in check_language(case, SourceText.for_python(), SECTIONS)]
['»samt« är kanslispråk: skriv hellre »och«.']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator, Sequence
from typing import NamedTuple

from memo.case.checker import canonical_key
from memo.case.sections import Kind, Section
from memo.errors import Location
from memo.language import scan
from memo.language.rules import LIX_LIMIT, LIX_MIN_WORDS, RULES, SENTENCE_LIMIT, Rule, rules_table
from memo.language.wordlists import FORKORTNINGAR
from memo.notice import Finding
from memo.read.source import SourceText
from memo.read.yamlparse import Node

__all__ = ["LIX_LIMIT", "LIX_MIN_WORDS", "RULES", "SENTENCE_LIMIT", "Finding", "Rule", "check_language",
           "rules_table"]


class _Text(NamedTuple):
    path: str
    node: Node
    text: str
    decision: bool


class _Group(NamedTuple):
    """The texts of one section (or one of the case's own sections), measured together for LIX."""

    path: str
    node: Node
    texts: list[int]  # indexes into the texts


_TEXT_KEYS = frozenset({"underrubrik", "rubrik", "text", "motivering"})
_NOT_TEXT = frozenset({Kind.SIGNATURE, Kind.RECIPIENTS})


def _strings(node: Node, path: str, *, every_key: bool = False) -> Iterator[tuple[str, Node, str]]:
    """The texts of a value with their key paths: itself, its list entries, and the values of mappings in it
    (of the text keys only, unless ``every_key``)."""
    stack = [(path, node)]
    while stack:
        where, current = stack.pop()
        value = current.value
        if isinstance(value, str):
            yield where, current, value
        elif isinstance(value, list):
            stack.extend(reversed([(f"{where}[{i}]", item) for i, item in enumerate(value, 1)]))
        elif isinstance(value, dict):
            stack.extend(reversed([(f"{where}.{k}" if where else k, child) for k, child in value.items()
                                   if every_key or canonical_key(k) in _TEXT_KEYS]))


def _collect(root: dict[str, Node], sections: Sequence[Section]) -> tuple[list[_Text], list[_Group]]:
    """The texts the language rules read, in file order, and the sections they belong to."""
    kinds = {s.key: s.kind for s in sections}
    texts: list[_Text] = []
    groups: list[_Group] = []

    def add(path: str, node: Node, decision: bool = False) -> list[int]:
        first = len(texts)
        texts.extend(_Text(p, n, v, decision) for p, n, v in _strings(node, path))
        return list(range(first, len(texts)))

    for key, node in root.items():
        name = canonical_key(key)
        kind = kinds.get(name)
        if name == "rubrik":
            if isinstance(node.value, str):
                texts.append(_Text(key, node, node.value, False))
        elif kind is Kind.FREE and isinstance(node.value, list):
            for i, item in enumerate(node.value, 1):
                groups.append(_Group(f"{key}[{i}]", item, add(f"{key}[{i}]", item)))
        elif kind is Kind.CONSEQUENCES and isinstance(node.value, dict):
            own = [i for k, child in node.items() for i in add(f"{key}.{k}", child)]
            groups.append(_Group(key, node, own))
        elif kind is not None and kind not in _NOT_TEXT:
            groups.append(_Group(key, node, add(key, node, kind is Kind.DECISION)))
    return texts, groups


class _Check:
    """The findings of one case, and where in the file each text's words are."""

    def __init__(self, source: SourceText, disabled: Collection[str]) -> None:
        self.source = source
        self.on = frozenset(RULES).difference(disabled)
        self.findings: list[tuple[tuple[int, int, int, int, int], Finding]] = []
        #: The text being read and the offset in it, to keep a tree from Python (no lines) in text order.
        self.current = 0
        #: Each use of a listed abbreviation, in the order of the texts: (abbreviation, text, offset).
        self.abbreviations: list[tuple[str, _Text, int]] = []
        #: Per text and snippet: its offsets in the text and its lines and columns in the file (:meth:`at`).
        self._found: dict[tuple[int, str], tuple[list[int], list[tuple[int, int]]]] = {}

    def add(self, rule: str, message: str, location: Location, offset: int = 0) -> None:
        order = (location.line or 0, location.column or 0, self.current, offset, len(self.findings))
        self.findings.append((order, Finding(rule, message, location)))

    def at(self, t: _Text, offset: int) -> Location:
        """Where the text at ``offset`` of a scalar begins in the file (its key, for a tree from Python).

        The snippet there is looked up in the lines the scalar spans, counting its earlier occurrences in
        the text (as :meth:`memo.case.checker.Checker._locate` finds a reference): this holds for block scalars,
        folded lines and quoted text alike. When it cannot be found, the key's position is used.
        """
        node, text = t.node, t.text
        if self.source.python or not node.text_line:
            return self.source.location(node.line, node.column, t.path)
        end = offset
        while end < len(text) and end - offset < 40 and not text[end].isspace():
            end += 1
        snippet = text[offset:end]
        if snippet:
            in_text, in_file = self._occurrences(t, snippet)
            wanted = bisect.bisect_left(in_text, offset)
            if wanted < len(in_file):
                line, column = in_file[wanted]
                return self.source.location(line, column, t.path)
        return self.source.location(node.line, node.column, t.path)

    def _occurrences(self, t: _Text, snippet: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Where ``snippet`` stands in a text and in the file lines it spans, each found once per text (so a
        long text with many findings is read a few times, not once per finding)."""
        key = (id(t), snippet)
        found = self._found.get(key)
        if found is None:
            in_text = [m.start() for m in re.finditer(re.escape(snippet), t.text)]
            in_file: list[tuple[int, int]] = []
            for line, start, rest in t.node.source_lines(self.source):
                index = rest.find(snippet)
                while index != -1:
                    in_file.append((line, start + index))
                    index = rest.find(snippet, index + len(snippet))
            found = self._found[key] = (in_text, in_file)
        return found

    def text(self, t: _Text) -> tuple[int, int, int]:
        """Runs the rules on one text; returns its words, sentences and long words (for LIX)."""
        masked = scan.mask(t.text)
        words_only = scan.spaced(masked)
        measured = scan.measure(masked, words_only, SENTENCE_LIMIT)
        for start, count in measured.too_long if "meningslangd" in self.on else ():
            self.add("meningslangd", f"Meningen har {count} ord. En mening med fler än {SENTENCE_LIMIT} ord är "
                                     "svår att följa: dela den i två eller flera.", self.at(t, start), start)
        if t.decision and "enligt-forslaget" in self.on:
            for offset, shown in scan.decision_references(masked):
                self.add("enligt-forslaget", f"Beslutspunkten hänvisar till »{shown}«. Ett beslut ska gå att förstå "
                                             "på egen hand när det står i protokollet: skriv ut vad som beslutas.",
                         self.at(t, offset), offset)
        if "kanslisprak" in self.on:
            for offset, shown, entry in scan.officialese(masked, words_only):
                base = "" if shown.lower() == entry.word else f" (av »{entry.word}«)"
                self.add("kanslisprak", f"»{shown}«{base} är kanslispråk: skriv hellre »{entry.plain}«.",
                         self.at(t, offset), offset)
        if "tal-i-text" in self.on:
            for offset, message in scan.numbers(masked):
                self.add("tal-i-text", message, self.at(t, offset), offset)
        if "forkortning" in self.on:
            self.abbreviations.extend((name, t, offset) for offset, name in scan.abbreviations(masked, words_only))
        return measured.words, measured.sentences, measured.long

    def lix(self, counts: tuple[int, int, int], where: Location, what: str) -> bool:
        words, sentences, long = counts
        if words < LIX_MIN_WORDS or not sentences:
            return False
        value = words / sentences + 100 * long / words
        if value <= LIX_LIMIT:
            return False
        self.add("lix", f"LIX {int(value + 0.5)} {what}: över {LIX_LIMIT}: svår text ({words} ord, {sentences} "
                        f"meningar, {long} långa ord). 50–60 är vanligt för myndighetstext; skriv kortare meningar "
                        "och byt långa ord mot kortare där det går.", where)
        return True

    def whole_case(self, root: Node) -> None:
        """The rules that read every value of the case: personnummer, and the abbreviations' explanations."""
        everything: list[str] = []
        for path, node, value in _strings(root, "", every_key=True):
            everything.append(value)
            if "personnummer" in self.on and path != "rubrik":
                for offset in scan.personnummer(value if "$" not in value else scan.mask(value)):
                    self.add("personnummer", "Här står ett personnummer (eller samordningsnummer). PM:et är en "
                                             "allmän handling som publiceras: ta bort numret och beskriv personen "
                                             "på annat sätt, eller lägg uppgiften i en bilaga som sekretessprövas.",
                             self.at(_Text(path, node, value, False), offset))
        if not self.abbreviations:
            return
        corpus = "\n".join(everything)
        defined = scan.defined_abbreviations(corpus)
        lower = corpus.lower()
        explained: dict[str, bool] = {}
        first: dict[str, Location] = {}
        for name, t, offset in self.abbreviations:
            if name not in explained:
                explained[name] = name in defined or any(w in lower for w in FORKORTNINGAR[name].explained_by)
            if explained[name]:
                continue
            where = self.at(t, offset)
            if name not in first or (where.line or 0, where.column or 0) < (first[name].line or 0,
                                                                             first[name].column or 0):
                first[name] = where
        for name, where in first.items():
            self.add("forkortning", f"Förkortningen {name} förklaras inte i PM:et. Skriv ut den första gången: "
                                    f"»{FORKORTNINGAR[name].meaning} ({name})«, eller skriv bara orden.", where)


def check_language(root: Node, source: SourceText, sections: Sequence[Section], *,
                   disabled: Collection[str] = ()) -> list[Finding]:
    """The language warnings of a case, in file order; ``disabled`` holds ids of :data:`RULES` not to run
    (an unknown id is ignored: the profile's reader should check them against :data:`RULES`).

    ``sections`` is the profile's section table (``Profile.readable_sections``): it says which keys hold
    prose, decision points and names. Never raises for a tree memo can read; a value of an odd shape is
    skipped (the validator reports it).
    """
    check = _Check(source, disabled)
    if not check.on or not isinstance(root.value, dict):
        return []
    texts, groups = _collect(root.value, sections)
    counts = []
    for index, t in enumerate(texts):
        check.current = index
        counts.append(check.text(t))
    check.current = len(texts)
    if "lix" in check.on:
        flagged = False
        total = (0, 0, 0)
        for group in groups:
            words, sentences, long = (sum(counts[i][n] for i in group.texts) for n in range(3))
            total = (total[0] + words, total[1] + sentences, total[2] + long)
            where = source.location(group.node.line, group.node.column, group.path)
            flagged = check.lix((words, sentences, long), where, "i avsnittet") or flagged
        if not flagged:
            check.lix(total, source.location(None), "för hela PM:et")
    if "personnummer" in check.on or check.abbreviations:
        check.whole_case(root)
    return [finding for _, finding in sorted(check.findings, key=lambda pair: pair[0])]
