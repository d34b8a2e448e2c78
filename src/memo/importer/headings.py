"""An old memo's headings: which paragraphs are headings, and which of the profile's sections each one opens.

A heading is a paragraph with an outline level (a heading style), a short line typed in bold, or a short
paragraph that is word for word one of the sections' headings ("Bakgrund", "Beslutet skickas till:"). It is
matched, case and punctuation aside, first to the profile's own headings (:attr:`memo.profile.load.Profile.sections`),
then to the usual headings other writers give a section (:attr:`memo.case.sections.Section.synonyms`, the one
table), then as a perspective of the consequences ("Barnperspektiv", "Konsekvenser för miljön"), and last by its
end ("Miljö- och samhällsbyggnadsutskottets förslag till beslut" is the decision).

>>> fold("Förslag till beslut:"), fold("2.1 Miljö- och  samhällsbyggnad")
('förslag till beslut', 'miljö och samhällsbyggnad')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from memo.case.perspectives import PERSPECTIVES
from memo.case.sections import Kind, Section
from memo.importer.text import is_caption
from memo.word.readback import Para

__all__ = ["Heading", "fold", "is_heading", "match", "perspectives_of"]

#: A heading's number ("2.", "2.1", "3)") before its words.
_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=\D)")
_NOT_WORD = re.compile(r"[^\w]+")
#: A bold line longer than this is emphasis in a paragraph, not a heading.
_MOST_WORDS = 12
_MOST_CHARACTERS = 110
#: A heading that ends with a one-word heading of a section ("Kommunstyrelsens förslag") opens it when it is this
#: short (the word before it says whose).
_MOST_OWNER_WORDS = 3
#: A plain (not bold) paragraph is a heading only when it is one of the headings word for word, and this short.
_MOST_PLAIN_WORDS = 6
#: "miljö-, barn- och jämställdhetsperspektiven", "barnperspektiv": the names before "perspektiv".
_LISTED = re.compile(r"(?P<names>.+?)perspektiv(?:et|en)?")


class Heading(NamedTuple):
    """What a heading opens: a section of the profile (with a perspective, for the consequences)."""

    section: Section
    #: The perspectives it names, for the consequences (barn for "Barnperspektiv"), else none.
    perspectives: tuple[str, ...] = ()
    #: It matched the profile's own heading or the section's standard one: the case needs no heading of its own.
    own: bool = True


def fold(text: str) -> str:
    """A heading as it is compared: its number, punctuation, case and runs of spaces aside."""
    return " ".join(_NOT_WORD.sub(" ", _NUMBER.sub("", text).casefold()).split())


def _words(text: str) -> int:
    return len(text.split())


def is_heading(para: Para, sections: Sequence[Section]) -> bool:
    """Whether ``para`` is a heading: a heading style, a short line in bold, or a short plain paragraph that is word
    for word the heading of ``sections``' recipients ("Beslutet skickas till") or a heading of theirs with a colon
    after it ("Bakgrund:"). A list item is none, and a plain line that merely reads like a heading ("Förslag till
    yttrande" in a list of documents) is none either."""
    text = para.text.strip()
    if not text or (para.numbering is not None and para.heading is None) or is_caption(para):
        return False
    if para.heading is not None:
        return True
    short = _words(text) <= _MOST_WORDS and len(text) <= _MOST_CHARACTERS and "\n" not in text
    if para.all_bold and short and not text.endswith((".", ",", ";")):
        return True
    found = match(text, sections, exact=True) if _words(text) <= _MOST_PLAIN_WORDS else None
    return found is not None and (text.endswith(":") or found.section.kind is Kind.RECIPIENTS)


def perspectives_of(text: str) -> tuple[str, ...]:
    """The perspectives a heading names ("Barnperspektiv" → barn, "Konsekvenser för miljö-, barn- och
    jämställdhetsperspektiven" → all three, "Konsekvenser för miljön" → miljö), each by memo's name for it where
    memo knows it; none for another heading.

    >>> perspectives_of("Barnperspektiv"), perspectives_of("Ur ett jämställdhetsperspektiv"), perspectives_of("Ekonomi")
    (('barn',), ('jämställdhet',), ())
    >>> perspectives_of("Konsekvenser för miljö-, barn- och jämställdhetsperspektiven")
    ('miljö', 'barn', 'jämställdhet')
    >>> perspectives_of("Konsekvenser för miljön"), perspectives_of("Folkhälsoperspektivet")
    (('miljö',), ('folkhälsa',))
    """
    written = " ".join(_NUMBER.sub("", text).casefold().strip(" :.").split())
    written = re.sub(r"^(?:konsekvenser (?:för|ur)|ur|för) (?:ett |de |det )?", "", written)
    listed = _LISTED.fullmatch(written)
    if listed is not None:
        parts = [part.strip(" -") for part in re.split(r",\s*|\s+och\s+", listed.group("names"))]
        return tuple(_perspective(part, compound=True) for part in parts if part)
    plain = re.fullmatch(r"(?P<name>[\w-]+?)(?:n|en|et)?", written)
    if plain is not None and text.casefold().lstrip(" 0123456789.").startswith("konsekvenser"):
        named = _perspective(plain.group("name"), compound=False)
        return (named,) if named else ()
    return ()


def _perspective(name: str, *, compound: bool) -> str:
    """A perspective's name from a heading's word ("jämställdhets", "miljö"): memo's name for it, else the word
    (without a compound's linking s); "" for a word no perspective is, outside a compound."""
    for row in PERSPECTIVES:
        if name in (row.stem.casefold(), row.name.casefold(), row.stem.casefold().rstrip("s")):
            return row.name
    if not compound:
        return ""
    return name[:-1] if name.endswith(("hets", "ings", "tions", "skaps")) else name


class _Folded(NamedTuple):
    """A profile's sections' headings as they are compared (:func:`fold`), made once per profile."""

    #: Each section's own heading ("" for none); a heading with ``{perspektiv}`` as what comes before it.
    own: tuple[tuple[Section, str, bool], ...]
    #: The usual headings of each section (:attr:`memo.case.sections.Section.synonyms`).
    synonyms: tuple[tuple[Section, frozenset[str]], ...]
    #: The headings a longer heading may end with.
    endings: tuple[tuple[Section, tuple[str, ...]], ...]
    consequences: Section | None


@functools.lru_cache(maxsize=64)
def _folded(sections: tuple[Section, ...]) -> _Folded:
    return _Folded(
        tuple((spec, fold(spec.heading.split("{", 1)[0]), "{" in spec.heading) for spec in sections),
        tuple((spec, frozenset(fold(synonym) for synonym in spec.synonyms)) for spec in sections),
        tuple((spec, tuple(fold(h) for h in (spec.heading, *spec.synonyms) if h and "{" not in h))
              for spec in sections),
        next((spec for spec in sections if spec.kind is Kind.CONSEQUENCES), None))


def match(text: str, sections: Sequence[Section], *, exact: bool = False) -> Heading | None:
    """The section of ``sections`` (the profile's, in its order) that a heading reading ``text`` opens, or None;
    ``exact``: only a heading or a usual heading word for word, none by its perspectives or its end."""
    folded = fold(text)
    if not folded:
        return None
    table = _folded(tuple(sections))
    for spec, heading, open_ended in table.own:
        if heading and (folded == heading or (open_ended and folded.startswith(heading + " "))):
            return Heading(spec, perspectives_of(text) if spec.kind is Kind.CONSEQUENCES else ())
    for spec, synonyms in table.synonyms:
        if folded in synonyms:
            return Heading(spec, own=False)
    named = perspectives_of(text) if not exact else ()
    if exact:
        return None
    if table.consequences is not None and named:
        return Heading(table.consequences, named, own=False)
    for spec, endings in table.endings:  # "Kommunstyrelsens förslag", "Miljö- och …utskottets förslag till beslut"
        if any(folded.endswith(" " + ending) and (" " in ending or _words(folded) <= _MOST_OWNER_WORDS)
               for ending in endings):
            return Heading(spec, own=False)
    return None
