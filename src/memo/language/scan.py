"""Reading one text for the language checks: sentences, words, and the patterns each rule looks for.

Every function takes the text with its references masked (:func:`mask`: same length, so offsets are
the original's) and yields offsets into it; :mod:`memo.language` turns an offset into a line and column.
The patterns are written to start with a character class or a literal, so that the regular expression
engine skips ahead quickly, and the costlier ones only run on a text that can hold a hit.

How a text is read:

- a reference ``${namn | formatering}`` is one short word, and nothing inside it is flagged; ``$${`` is text;
- a sentence ends at ``.``, ``!`` or ``?`` followed by a space and something that is not a small letter or a
  digit (``kap. 11`` and ``t.ex. att`` do not end it), at a blank line and where a list item begins
  (``- ``, ``• ``, ``1. ``);
- words are what stands between spaces, dashes and punctuation (``VD:s`` and ``2:1`` are one word, numbers
  are words); Markdown's ``*`` and ``**`` are not; a long word has more than six letters and only letters.

>>> text = mask("Vi bygger. Det blir ${kostnad | kronor} med tre nya avdelningar.")
>>> measure(text, spaced(text), limit=5)
Measure(words=9, sentences=2, long=1, too_long=[(11, 7)])
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from memo.language.wordlists import FORKORTNINGAR, KANSLISPRAK, Officialese

__all__ = ["Measure", "abbreviations", "decision_references", "defined_abbreviations", "mask", "measure", "numbers",
           "officialese", "spaced"]

_REFERENCE = re.compile(r"\$\$\{|\$\{[^{}]*\}")
_MASK = "\ufffc"  # an object replacement character: no pattern matches it, and offsets stay the same

_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*(?=[\"'\u201d\u00bb)\]]*(?:\s+[^\sa-z\u00e5\u00e4\u00f6\u00e9\u00fc\d,;:]|\s*\Z))"
    r"|(?<=\n)[ \t]*(?:(?:[-\u2022]|\d{1,3}[.)])[ \t]+|(?=\n)))")
_LEADING_MARKER = re.compile(r"[ \t]*(?:[-\u2022]|\d{1,3}[.)])[ \t]+")
#: Punctuation, dashes and Markdown markers: not words, and not part of one. A point or comma between
#: digits ("2,5", "13.00") and a colon inside a word ("VD:s", "2:1") are.
_SEPARATOR = re.compile(r"[;!?()\[\]{}\u00bb\u00ab\"'\u201d\u201c\u2019*\\/\u2013\u2014\u2022%\u00a7&+=<>|#~\-]"
                        r"|[.,](?:(?<!\d[.,])|(?!\d))|:(?!\w)")
_DIGITS = "0123456789"


def mask(text: str) -> str:
    """The text with each reference (and each ``$${``) replaced by as many placeholder characters."""
    if "$" not in text:
        return text
    return _REFERENCE.sub(lambda m: _MASK * len(m.group()), text)


def spaced(masked: str) -> str:
    """The text with every character that is not part of a word made a space (same length)."""
    return _SEPARATOR.sub(" ", masked)


class Measure(NamedTuple):
    """A text's words, sentences and long words, and its sentences over the limit as (offset, words)."""

    words: int
    sentences: int
    long: int
    too_long: list[tuple[int, int]]


def measure(masked: str, words_only: str, limit: int) -> Measure:
    """Count the words, sentences and long words of a text, and find its sentences of more than ``limit``
    words. ``words_only`` is :func:`spaced` of the text."""
    marker = _LEADING_MARKER.match(masked)
    pos = marker.end() if marker is not None else 0
    ends = [(b.start(), b.end()) for b in _BOUNDARY.finditer(masked, pos)]
    ends.append((len(masked), len(masked)))
    words = sentences = 0
    too_long: list[tuple[int, int]] = []
    for end, after in ends:
        if end > pos:
            count = len(words_only[pos:end].split())
            if count:
                words += count
                sentences += 1
                if count > limit:
                    part = words_only[pos:end]
                    too_long.append((pos + len(part) - len(part.lstrip()), count))
        pos = after
    long = sum(map(str.isalpha, [w for w in words_only.split() if len(w) > 6]))
    return Measure(words, sentences, long, too_long)


def _outside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_")


def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(r"\s+".join(map(re.escape, f.split()))
                               for f in sorted(forms, key=len, reverse=True)))


#: For each officialese entry: the words that show it may be in a text, and the pattern of its forms.
_OFFICIALESE = tuple((frozenset(max(f.split(), key=len) for f in entry.forms), _forms_pattern(entry.forms), entry)
                     for entry in KANSLISPRAK)
_TRIGGERS = frozenset().union(*(words for words, _, _ in _OFFICIALESE))
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\s+$")


def officialese(masked: str, words_only: str) -> Iterator[tuple[int, str, Officialese]]:
    """Each word or phrase of :data:`KANSLISPRAK` in a text: (offset, as written, entry). ``words_only`` is
    :func:`spaced` of the text."""
    vocabulary = _TRIGGERS.intersection(words_only.lower().split())
    if not vocabulary:
        return
    lower = masked.lower()
    if len(lower) != len(masked):  # a letter whose lower case is longer: keep the offsets right
        lower = masked
    for words, pattern, entry in _OFFICIALESE:
        if words.isdisjoint(vocabulary):
            continue
        for m in pattern.finditer(lower):
            if not _outside_word(lower, m.start(), m.end()):
                continue
            if entry.not_after:
                before = _PREVIOUS_WORD.search(lower, max(0, m.start() - 40), m.start())
                if before is not None and before.group(1) in entry.not_after:
                    continue
            yield m.start(), " ".join(masked[m.start():m.end()].split()), entry


_ENLIGT = re.compile(
    r"(?:i\s+enlighet\s+med|enligt)\s+(?:(?:det|den|de)\s+)?(?:[^\W\d_]+\s+)?"
    r"(?:förslag(?:et|en)?|tjänsteskrivelse(?:n)?|tjänsteutlåtande(?:t)?)(?![\w-])", re.IGNORECASE)


def decision_references(masked: str) -> Iterator[tuple[int, str]]:
    """Each "enligt förslaget" and its variants in a decision point: (offset, as written)."""
    for m in _ENLIGT.finditer(masked):
        before = masked[m.start() - 1] if m.start() else " "
        if not (before.isalnum() or before in "-_"):
            yield m.start(), " ".join(m.group().split())


_MONTHS = "Januari|Februari|Mars|April|Maj|Juni|Juli|Augusti|September|Oktober|November|December"
_NUMBERS = re.compile(
    r"\d(?<![\w.,:/\-\u2212]\d)(?:"
    r"(?P<grupp>\d{0,2}(?:\.\d{3})+|\d{0,2}(?:,\d{3}){2,}|\d{0,2},\d{3}(?=[ \u00a0]?(?:kr|kronor|tkr|mnkr|SEK)\b))"
    r"(?![.,]?\d)"
    r"|\d*(?:,\d+)?(?P<tecken>[%\u00a7])"
    r"|\d?[ \u00a0]+(?P<manad>" + _MONTHS + r")(?!\w))")
_UNIT_POINT = re.compile(r"(?<=\d[ \u00a0])(?:kr|tkr|mnkr)\.(?=[ \t\u00a0]+[a-z\u00e5\u00e4\u00f6\d(]|[,;])")


#: A date typed with slashes or points, day first (31/12/2026, 31.12.2026): Swedish writes 2026-12-31 or
#: 31 december 2026.
_OTHER_DATE = re.compile(r"(?<![\w/.\-])([0-9]{1,2})([/.])([0-9]{1,2})\2([0-9]{4})(?![\w/]|[.,][0-9])")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _other_dates(masked: str) -> Iterator[tuple[int, str]]:
    """Each date typed with slashes or points: (offset, the Swedish message)."""
    for m in _OTHER_DATE.finditer(masked):
        day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
        if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
            continue
        name = _MONTHS.split("|")[month - 1].lower()
        yield m.start(), (f"»{m.group()}«: skriv datum som »{year}-{month:02}-{day:02}« eller »{day} {name} {year}«, "
                          "eller hellre som ett namngivet värde under varden: ${datum | langt_datum}.")


def numbers(masked: str) -> Iterator[tuple[int, str]]:
    """Each number typed against the rules: (offset, the Swedish message)."""
    digits = any(d in masked for d in _DIGITS)
    if digits and ("/" in masked or "." in masked):
        yield from _other_dates(masked)
    if digits:
        for m in _NUMBERS.finditer(masked):
            text = m.group()
            if m.group("grupp"):
                fixed = text.replace(".", " ").replace(",", " ")
                yield m.start(), (f"»{text}«: skriv tusental med mellanslag, inte med punkt eller komma (»{fixed}«), "
                                  "eller hellre som ett namngivet värde under varden: ${belopp | kronor}.")
            elif m.group("tecken"):
                sign = m.group("tecken")
                better = " eller hellre ${andel | procent}" if sign == "%" else ""
                yield m.start(), f"»{text}«: skriv ett mellanslag före {sign}: »{text[:-1]} {sign}«{better}."
            else:
                day = text.split()[0]
                yield m.start(), (f"»{day} {m.group('manad')}«: månader skrivs med liten bokstav: "
                                  f"»{day} {m.group('manad').lower()}«.")
    if "kr." in masked:
        for m in _UNIT_POINT.finditer(masked):
            yield m.start(), f"»{m.group()}«: {m.group()[:-1]} skrivs utan punkt."


_ABBREVIATIONS = re.compile("|".join(sorted(map(re.escape, FORKORTNINGAR), key=len, reverse=True)))
_DEFINED = re.compile(r"\(\s*([^\W\d_][\w-]{0,11})\s*\)")


_ABBREVIATION_WORDS = frozenset(FORKORTNINGAR) | {f"{name}:s" for name in FORKORTNINGAR}


def abbreviations(masked: str, words_only: str) -> Iterator[tuple[int, str]]:
    """Each use of an abbreviation of :data:`FORKORTNINGAR`: (offset, the abbreviation). Not inside a word
    (``LSS-insatser`` and ``VD:s`` are uses), not before a number (``KS 2026/114`` is a diarienummer) and
    not after one (``5 MB``). ``words_only`` is :func:`spaced` of the text."""
    if _ABBREVIATION_WORDS.isdisjoint(words_only.split()):
        return
    for m in _ABBREVIATIONS.finditer(masked):
        start, end = m.start(), m.end()
        before = masked[start - 1] if start else " "
        if before.isalnum() or before in "_-/" or masked[max(0, start - 2):start].strip(" \u00a0").isdigit():
            continue
        rest = masked[end:end + 2]
        if rest[:1].isalpha() or rest.lstrip(" \u00a0")[:1].isdigit():
            continue
        yield start, m.group()


def defined_abbreviations(text: str) -> set[str]:
    """The abbreviations a text explains itself, as in "Industriellt utvecklingscentrum (IUC)"."""
    return {m.group(1) for m in _DEFINED.finditer(text) if m.start() and text[:m.start()].strip()}
