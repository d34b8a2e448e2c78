"""The checks of the language rules, one function per rule, with the limits they use.

Each rule of :data:`memo.language.RULES` names its check and the level it runs at
(:class:`~memo.language.rules.PerText`, :class:`~memo.language.rules.PerMemo`). A check of a text takes a
:class:`~memo.language.texts.Text` and yields ``(offset in the text, message)``; a check of the whole memo
takes the :class:`~memo.language.texts.Memo` once, after every text, and yields ``(location, message)``. The
rule's id is added by :func:`memo.language.check_language`, never by the check.

>>> from memo.read.source import from_python, SourceText
>>> from memo.case.sections import SECTIONS
>>> memo = Memo(from_python({"sammanfattning": "Vi bygger samt river."}), SourceText.for_python(), SECTIONS, 25)
>>> list(officialese(memo.texts[0]))
[(10, '»samt« är kanslispråk: skriv hellre »och«.')]
"""

from __future__ import annotations

from collections.abc import Iterator

import memo.case.personnummer as personnummer_rule
import memo.language.scan as scan
from memo.errors import Location
from memo.language.texts import Memo, Text
from memo.language.wordlists import FORKORTNINGAR

__all__ = ["LIX_LIMIT", "LIX_MIN_WORDS", "SENTENCE_LIMIT", "decision_references", "lix", "long_sentences",
           "numbers", "officialese", "personnummer", "unexplained_abbreviations"]

#: LIX above this is "svår text" (50–60 is usual for official text).
LIX_LIMIT = 60
#: A section (or memo) with fewer words gets no LIX: the figure is meaningless for a few sentences.
LIX_MIN_WORDS = 50
#: A sentence with more words than this is reported.
SENTENCE_LIMIT = 25


# --- each text ---------------------------------------------------------------------------------------------

def long_sentences(text: Text) -> Iterator[tuple[int, str]]:
    """Each sentence of more than :data:`SENTENCE_LIMIT` words (the memo measures the texts with it)."""
    for start, count in text.measure.too_long:
        yield start, (f"Meningen har {count} ord. En mening med fler än {SENTENCE_LIMIT} ord är svår att följa: "
                      "dela den i två eller flera.")


def decision_references(text: Text) -> Iterator[tuple[int, str]]:
    """Each "enligt förslaget" in a decision point."""
    if text.decision:
        for offset, shown in scan.decision_references(text.masked):
            yield offset, (f"Beslutspunkten hänvisar till »{shown}«. Ett beslut ska gå att förstå på egen hand när "
                           "det står i protokollet: skriv ut vad som beslutas.")


def officialese(text: Text) -> Iterator[tuple[int, str]]:
    """Each word of officialese, with the plain word to write."""
    for offset, shown, entry in scan.officialese(text.masked, text.words):
        base = "" if shown.lower() == entry.word else f" (av »{entry.word}«)"
        yield offset, f"»{shown}«{base} är kanslispråk: skriv hellre »{entry.plain}«."


def numbers(text: Text) -> Iterator[tuple[int, str]]:
    """Each number typed against the rules."""
    return scan.numbers(text.masked)


# --- the whole memo ----------------------------------------------------------------------------------------

def _lix(counts: tuple[int, int, int], what: str) -> str | None:
    words, sentences, long = counts
    if words < LIX_MIN_WORDS or not sentences:
        return None
    value = words / sentences + 100 * long / words
    if value <= LIX_LIMIT:
        return None
    return (f"LIX {int(value + 0.5)} {what}: över {LIX_LIMIT}: svår text ({words} ord, {sentences} meningar, "
            f"{long} långa ord). 50–60 är vanligt för myndighetstext; skriv kortare meningar och byt långa ord mot "
            "kortare där det går.")


def lix(memo: Memo) -> Iterator[tuple[Location, str]]:
    """LIX (words / sentences + 100 × long words / words) of each section of at least :data:`LIX_MIN_WORDS`
    words (for fewer, one sentence moves it by ten points), and of the memo as a whole when no section got a
    warning (a memo of many short sections)."""
    flagged = False
    total = (0, 0, 0)
    for group in memo.groups:
        measures = [memo.texts[i].measure for i in group.texts]
        counts = (sum(m.words for m in measures), sum(m.sentences for m in measures), sum(m.long for m in measures))
        total = (total[0] + counts[0], total[1] + counts[1], total[2] + counts[2])
        message = _lix(counts, "i avsnittet")
        if message is not None:
            flagged = True
            yield memo.source.location(group.node.line, group.node.column, group.path), message
    if not flagged:
        message = _lix(total, "för hela PM:et")
        if message is not None:
            yield memo.source.location(None), message


def personnummer(memo: Memo) -> Iterator[tuple[Location, str]]:
    """Each personnummer in any value of the case, ``varden`` and handläggare too, except the rubrik (where the
    validator already makes it an error): by the one rule of :mod:`memo.case.personnummer`."""
    for value in memo.values():
        if value.path == "rubrik":
            continue
        for offset in personnummer_rule.find(value.text if "$" not in value.text else scan.mask(value.text)):
            yield memo.at(value, offset), ("Här står ett personnummer (eller samordningsnummer). PM:et är en allmän "
                                           "handling som publiceras: ta bort numret och beskriv personen på annat "
                                           "sätt, eller lägg uppgiften i en bilaga som sekretessprövas.")


def unexplained_abbreviations(memo: Memo) -> Iterator[tuple[Location, str]]:
    """Each abbreviation of :data:`FORKORTNINGAR` used in the texts whose words stand nowhere in the case (nor
    its own explanation, "ord (FÖRK)"), at its first use in the file."""
    uses = [(name, text, offset) for text in memo.texts for offset, name in scan.abbreviations(text.masked, text.words)]
    if not uses:
        return
    corpus = "\n".join(value.text for value in memo.values())
    defined = scan.defined_abbreviations(corpus)
    lower = corpus.lower()
    explained: dict[str, bool] = {}
    first: dict[str, Location] = {}
    for name, text, offset in uses:
        if name not in explained:
            explained[name] = name in defined or any(w in lower for w in FORKORTNINGAR[name].explained_by)
        if explained[name]:
            continue
        where = memo.at(text, offset)
        if name not in first or (where.line or 0, where.column or 0) < (first[name].line or 0,
                                                                         first[name].column or 0):
            first[name] = where
    for name, where in first.items():
        yield where, (f"Förkortningen {name} förklaras inte i PM:et. Skriv ut den första gången: "
                      f"»{FORKORTNINGAR[name].meaning} ({name})«, eller skriv bara orden.")
