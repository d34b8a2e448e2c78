"""The perspectives of a memo's consequences (konsekvenser): their names, Swedish compounds and order.

One table, :data:`PERSPECTIVES`, holds what memo knows about a perspective: its key (folded,
ASCII), its name as written (with å, ä and ö), the first part of its compound ("folkhälso" in
"folkhälsoperspektivet") and, where the law asks for one, why a perspective that is not
affected needs a reason. Everything else is derived from it:

* **Matching.** A name in a case or a profile is compared folded (:func:`fold`): case,
  diacritics (å → a, ä → a, ö → o, é → e) and spaces, hyphens or ``_`` do not count, so
  ``miljo``, ``Miljö`` and ``miljö`` are one perspective.
* **Shown.** A name in the table is shown in its written form (``jamstalldhet`` →
  "jämställdhet"); any other name as the handläggare wrote it.
* **Compounds.** The table's first part; for any other name the rule in :func:`stem`
  (a linking s after -het, -tet, -ning, -ering, -skap, -tion, -sion and -dom; a hyphen after
  an abbreviation or a name of several words: "EU-perspektivet", "Agenda 2030-perspektivet").
* **Order.** The heading names the profile's perspectives first, then the case's others in
  the order written; the paragraphs follow the heading (each where its first perspective is).

The case's ``konsekvenser`` are read and checked in :mod:`memo.case.assessments`, with the profile's
settings for them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, NamedTuple, Protocol

from memo.case.model import Konsekvens
from memo.case.sections import Section


class Profile(Protocol):
    """What the perspectives' rules read of a profile (:class:`memo.profile.load.Profile` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def perspektiv(self) -> tuple[str, ...]: ...
    @property
    def motivering_kravs(self) -> frozenset[str]: ...
    @property
    def sections(self) -> tuple[Section, ...]: ...

__all__ = [
    "ALL",
    "PERSPECTIVES",
    "Perspective",
    "fold",
    "heading_names",
    "in_heading_order",
    "known",
    "not_affected_sentence",
    "phrase",
    "reasons_required",
    "shown",
    "stem",
    "subheading",
]


class Perspective(NamedTuple):
    """A perspective memo knows: its folded key, its name as written, its compound's first part."""

    key: str
    name: str
    stem: str
    #: Why a reason is needed when the perspective is "not affected" ("" when only the profile asks).
    why: str = ""


_BARNKONVENTIONEN: Final = ("Barnkonventionen är svensk lag sedan 2020 (SFS 2018:1197): ett beslut som rör barn "
                            "ska visa att barnets bästa har bedömts, också när beslutet inte bedöms påverka barn.")

#: The perspectives memo knows, with their compound forms ("landsbygds" + "perspektivet").
PERSPECTIVES: Final = (
    Perspective("miljo", "miljö", "miljö"),
    Perspective("barn", "barn", "barn", _BARNKONVENTIONEN),
    Perspective("barnratt", "barnrätt", "barnrätts", _BARNKONVENTIONEN),
    Perspective("jamstalldhet", "jämställdhet", "jämställdhets"),
    Perspective("jamlikhet", "jämlikhet", "jämlikhets"),
    Perspective("folkhalsa", "folkhälsa", "folkhälso"),
    Perspective("halsa", "hälsa", "hälso"),
    Perspective("landsbygd", "landsbygd", "landsbygds"),
    Perspective("tillganglighet", "tillgänglighet", "tillgänglighets"),
    Perspective("funktionshinder", "funktionshinder", "funktionshinder"),
    Perspective("mangfald", "mångfald", "mångfalds"),
    Perspective("integration", "integration", "integrations"),
    Perspective("ungdom", "ungdom", "ungdoms"),
    Perspective("aldre", "äldre", "äldre"),
    Perspective("klimat", "klimat", "klimat"),
    Perspective("naringsliv", "näringsliv", "näringslivs"),
    Perspective("trygghet", "trygghet", "trygghets"),
)

#: ``motivering_kravs: alla`` in a profile: every perspective marked not affected needs a reason.
ALL: Final = "alla"

_BY_KEY: Final[Mapping[str, Perspective]] = {p.key: p for p in PERSPECTIVES}
#: Endings after which a Swedish compound takes a linking s (jämställdhets-, digitaliserings-, ungdoms-).
_LINKING_S: Final = ("het", "tet", "ning", "ering", "skap", "tion", "sion", "dom")
_SEPARATORS: Final = re.compile(r"[\s_\-]+")
_COMBINING: Final = re.compile(r"[\u0300-\u036f]")


@functools.lru_cache(maxsize=1024)  # bounded: the names come from cases
def fold(name: str) -> str:
    """A perspective's name as it is matched: lower case, no diacritics, ``_`` between words.

    >>> fold("Jämställdhet"), fold(" miljo "), fold("Social hållbarhet"), fold("hälsa-é")
    ('jamstalldhet', 'miljo', 'social_hallbarhet', 'halsa_e')
    """
    bare = _COMBINING.sub("", unicodedata.normalize("NFD", name.strip().casefold()))
    return _SEPARATORS.sub("_", unicodedata.normalize("NFC", bare))


def known(name: str) -> Perspective | None:
    """The table's row for a name, however it is written."""
    return _BY_KEY.get(fold(name))


@functools.lru_cache(maxsize=1024)  # bounded: the names come from cases
def shown(name: str) -> str:
    """A perspective's name as the memo shows it: the table's form, or the name as written.

    >>> shown("jamstalldhet"), shown("Miljö"), shown("kultur")
    ('jämställdhet', 'miljö', 'kultur')
    """
    row = known(name)
    return row.name if row is not None else name.strip()


@functools.lru_cache(maxsize=1024)  # bounded: the names come from cases
def stem(name: str) -> str:
    """The first part of the perspective's compound: the table's, or by the rule for other names.

    The rule: the name as written, with a linking s after -het, -tet, -ning, -ering, -skap,
    -tion, -sion and -dom, and a hyphen after a name that ends in a capital (an abbreviation)
    or holds a space or a digit.

    >>> stem("folkhälsa"), stem("landsbygd"), stem("digitalisering"), stem("EU"), stem("Agenda 2030")
    ('folkhälso', 'landsbygds', 'digitaliserings', 'EU-', 'Agenda 2030-')
    """
    row = known(name)
    if row is not None:
        return row.stem
    written = " ".join(name.split())
    if written[-1:].isupper() or any(c.isspace() or c.isdigit() for c in written):
        return written + "-"
    return written + ("s" if written.casefold().endswith(_LINKING_S) else "")


@functools.lru_cache(maxsize=1024)  # bounded: the names come from cases
def _phrase(names: tuple[str, ...], definite: bool) -> str:
    parts = [stem(name) for name in names]
    if len(parts) == 1:
        return parts[0] + ("perspektivet" if definite else "perspektiv")
    joined = "".join(part + ("" if part.endswith("-") else "-") + (", " if i < len(parts) - 2 else " och ")
                     for i, part in enumerate(parts[:-1]))
    return joined + parts[-1] + ("perspektiven" if definite else "perspektiv")


def phrase(names: Sequence[str], *, definite: bool = True) -> str:
    """The perspectives as one Swedish phrase (the compounds joined), definite for a heading.

    >>> phrase(["miljö"])
    'miljöperspektivet'
    >>> phrase(["miljo", "barn", "jamstalldhet"])
    'miljö-, barn- och jämställdhetsperspektiven'
    >>> phrase(["folkhälsa", "EU"], definite=False)
    'folkhälso- och EU-perspektiv'
    """
    return _phrase(tuple(names), definite) if names else ""


def subheading(names: Sequence[str]) -> str:
    """The sub-heading a paragraph gets when the profile wants one per perspective.

    >>> subheading(["barn"]), subheading(["miljö", "jämställdhet"])
    ('Barnperspektiv', 'Miljö- och jämställdhetsperspektiv')
    """
    text = phrase(names, definite=False)
    return text[:1].upper() + text[1:]


def not_affected_sentence(names: Sequence[str]) -> str:
    """What the memo says for a perspective marked not affected, before the reason.

    >>> not_affected_sentence(["barn"])
    'Beslutet bedöms inte ha några konsekvenser ur ett barnperspektiv.'
    """
    return f"Beslutet bedöms inte ha några konsekvenser ur ett {phrase(names, definite=False)}."


def heading_names(profile_names: Iterable[str], konsekvenser: Iterable[Konsekvens]) -> list[str]:
    """The perspectives the heading names, as shown: the profile's first, then the case's others as written.

    >>> heading_names(["miljö", "barn"], [Konsekvens(("Barn", "kultur"), "…"), Konsekvens(("miljo",), "…")])
    ['miljö', 'barn', 'kultur']
    """
    names: list[str] = []
    seen: set[str] = set()
    for name in (*profile_names, *(n for k in konsekvenser for n in k.perspektiv)):
        key = fold(name)
        if key not in seen:
            seen.add(key)
            names.append(shown(name))
    return names


def in_heading_order(konsekvenser: Sequence[Konsekvens], names: Sequence[str]) -> list[Konsekvens]:
    """The consequences in the heading's order: each where its first perspective stands in ``names``."""
    place = {fold(name): i for i, name in enumerate(names)}
    return sorted(konsekvenser, key=lambda k: min((place.get(fold(n), len(place)) for n in k.perspektiv),
                                                  default=len(place)))


def reasons_required(profile: Profile, names: Iterable[str]) -> bool:
    """Whether the profile requires a reason when any of these perspectives is marked not affected."""
    wanted = profile.motivering_kravs
    return bool(wanted) and (ALL in wanted or any(fold(name) in wanted for name in names))
