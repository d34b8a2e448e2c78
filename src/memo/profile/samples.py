"""What a Word template's sample data looks like: a person's name, a date, a Dnr, an e-mail address, a phone number.

:data:`SAMPLES` is the one table. ``memo profil ny`` reads a line under the label "Handläggare"
by it (:func:`kind_of`: an e-mail address there is the handläggare's, ``{{ handlaggare_epost }}``),
and lists the text left in header and footer that looks like sample data (:func:`sample_data`),
since that text comes with every memo. The förvaltning and the enhet under a handläggare's
name are read too, but are the organisation's, not sample data, and are not listed.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from memo.profile.headerfields import labels
from memo.swedish import month_names

__all__ = ["SAMPLES", "Sample", "kind_of", "sample_data"]


class Sample(NamedTuple):
    """One kind of text a template's header may hold as an example."""

    #: What it is, in Swedish, with its article ("ett namn").
    name: str
    #: The text of this kind (matched as a whole line or a part of one, see :func:`sample_data`).
    pattern: re.Pattern[str]
    #: The placeholders it usually is, the handläggare's first (:data:`memo.profile.headerfields.PLACEHOLDERS`).
    placeholders: tuple[str, ...]
    #: Under a handläggare's name: which of the handläggare's keys it is (:data:`memo.case.sections.HANDLAGGARE`).
    handlaggare_key: str = ""
    #: Listed when it is left in header or footer (the förvaltning's name is the organisation's own).
    reported: bool = True
    #: Only a whole part of a line is of this kind (a name), not a match inside one.
    whole: bool = False


#: One word of a name: "Karin", "Berg-Ek", "McDonald", "O'Brien", "al-Sayed".
_NAME_PART = r"(?:[A-ZÅÄÖÉÜ]['’])?[A-ZÅÄÖÉÜ][a-zåäöéèüß]+(?:[A-ZÅÄÖÉÜ][a-zåäöéèüß]+)?"
_WORD = rf"(?:(?:al|el)-)?{_NAME_PART}(?:-{_NAME_PART})?"
#: The small words inside a name, before the family name: "Per von Essen", "Anna af Klint", "Ali el Sayed".
_PARTICLES: Final = ("af", "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la",
                     "le", "el", "al", "bin", "ibn", "zu", "ter", "ten")
_ISO = r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"
#: The words a name of a place, a street or an organisation ends with ("Högskolan Väst", "Region Skåne"); a
#: person's name has none of these.
_NOT_A_PERSON: Final = ("kommun", "kommunen", "region", "regionen", "nämnd", "nämnden", "styrelse", "styrelsen",
                        "förvaltning", "förvaltningen", "kontor", "kontoret", "kansli", "kansliet", "enhet",
                        "enheten", "avdelning", "avdelningen", "län", "länet", "stad", "staden", "gatan", "vägen",
                        "torget", "sektion", "sektionen", "huset", "bolag", "bolaget", "fullmäktige", "skola",
                        "skolan", "universitet", "universitetet", "myndighet", "myndigheten", "verket", "förbund",
                        "förbundet", "stiftelse", "stiftelsen", "kyrka", "kyrkan", "församling", "församlingen",
                        "sjukhus", "sjukhuset", "institut", "institutet", "akademi", "akademin", "centrum",
                        "bibliotek", "biblioteket", "museum", "museet", "polisen", "direktion", "direktionen")
#: The labels a header writes before a value ("Telefon", "Datum"): no word of a person's name.
_LABEL_WORDS: Final = frozenset(label for label in labels() if " " not in label)

#: Every kind, in the order a line is tried (an e-mail address before the name its first part may spell).
SAMPLES: tuple[Sample, ...] = (
    Sample("en e-postadress", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), ("handlaggare_epost", "epost"), "epost"),
    Sample("ett telefonnummer", re.compile(r"(?<![\w/.-])(?:\+46[ \u00a0-]?(?:\(0\)[ \u00a0]?)?|0)\d{1,3}"
                                           r"(?:[ \u00a0-]?\d{1,4}){2,4}(?![\w/-])"),
           ("handlaggare_telefon", "telefon"), "telefon"),
    Sample("ett diarienummer", re.compile(r"(?<![\w/-])(?:[A-ZÅÄÖ]{1,6}[ \u00a0.-]?\d{2}(?:\d{2})?[/.-]\d{1,6}"
                                          r"|(?:19|20)\d{2}/\d{1,6})(?:[:.-]\d+)?(?![\w/])"), ("diarienummer",)),
    Sample("ett datum", re.compile(_ISO + r"|(?<!\d)\d{1,2}[ \u00a0]+(?:" + "|".join(month_names())
                                   + r")[ \u00a0]+\d{4}(?!\d)", re.IGNORECASE), ("datum",)),
    Sample("förvaltningens namn", re.compile(r"[\w -]*(?:förvaltning|förvaltningen|kontoret|kansliet)",
                                             re.IGNORECASE), ("forvaltning",), "forvaltning", reported=False,
           whole=True),
    Sample("enhetens namn", re.compile(r"[\w -]*(?:enheten|enhet|avdelningen|avdelning|sektionen|staben)",
                                       re.IGNORECASE), ("enhet",), "enhet", reported=False, whole=True),
    Sample("ett namn", re.compile(rf"{_WORD}(?:[ \u00a0](?:(?:{'|'.join(_PARTICLES)})[ \u00a0]){{0,2}}"
                                  rf"(?:[A-ZÅÄÖ]\.|{_WORD})){{1,3}}"), ("handlaggare",),
           "namn", whole=True),
)
#: Where a line falls into parts that each may be a name: tabs, commas, colons, dashes between spaces.
_PARTS: Final = re.compile(r"[\t\n,;:|()]|[ \u00a0][–-][ \u00a0]")


def _fits(sample: Sample, text: str) -> bool:
    if not sample.pattern.fullmatch(text):
        return False
    if sample.handlaggare_key == "telefon":  # a phone number has seven to thirteen digits
        return 7 <= sum(c.isdigit() for c in text) <= 13
    if sample.handlaggare_key == "namn":
        words = [word.casefold() for word in text.split()]
        return not any(word.endswith(_NOT_A_PERSON) or word in _LABEL_WORDS for word in words)
    return True


def kind_of(text: str) -> Sample | None:
    """The kind of sample data ``text`` is, whole (spaces around it aside), or None.

    >>> [kind_of(t).name for t in ("Karin Exempel", "karin.exempel@kommunen.se", "08-123 456 78", "KS 2025/12")]
    ['ett namn', 'en e-postadress', 'ett telefonnummer', 'ett diarienummer']
    >>> [kind_of(t).name for t in ("Per von Essen", "Sara McDonald", "KS-2025-00012", "KS.2025.12")]
    ['ett namn', 'ett namn', 'ett diarienummer', 'ett diarienummer']
    >>> kind_of("Socialförvaltningen").handlaggare_key, kind_of("Exempels kommun"), kind_of("Storgatan 1")
    ('forvaltning', None, None)
    """
    text = text.strip(" \u00a0\t")
    return next((sample for sample in SAMPLES if _fits(sample, text)), None)


def sample_data(text: str, *, ignore: tuple[str, ...] = ()) -> list[tuple[Sample, str]]:
    """The sample data in ``text``, a line of a header or footer: each reported kind and the text it is, in order.

    A name counts only as a whole part of the line ("Vår referens: Eva Ek"), never inside a longer text nor with
    the label before a colon ("Kungsängen Växel:"), and text in ``ignore`` (the organisation's name) is none.

    >>> [(s.name, t) for s, t in sample_data("Vår referens: Eva Ek, tel 08-123 456 78\\tMall 2019-04-01")]
    [('ett namn', 'Eva Ek'), ('ett telefonnummer', '08-123 456 78'), ('ett datum', '2019-04-01')]
    >>> [t for _, t in sample_data("Box 1, Kungsängen Växel: 08-581 690 00, Högskolan Väst, Per von Essen")]
    ['08-581 690 00', 'Per von Essen']
    """
    found: list[tuple[int, Sample, str]] = []
    taken: list[tuple[int, int]] = []
    for sample in SAMPLES:
        if not sample.reported:
            continue
        if sample.whole:
            for part in re.finditer(r"[^\x00]+", _PARTS.sub(lambda m: "\x00" * len(m.group()), text)):
                stripped = part.group().strip(" \u00a0")
                if text.startswith(":", part.end()):  # "… Kungsängen Växel: 08-…": the last word is a label
                    stripped = stripped.rpartition(" ")[0].rstrip(" \u00a0")
                start = part.start() + len(part.group()) - len(part.group().lstrip(" \u00a0"))
                if stripped and stripped not in ignore and _fits(sample, stripped) and \
                        not any(a < start + len(stripped) and start < b for a, b in taken):
                    found.append((start, sample, stripped))
                    taken.append((start, start + len(stripped)))
            continue
        for match in sample.pattern.finditer(text):
            if not any(a < match.end() and match.start() < b for a, b in taken) and _fits(sample, match.group()):
                found.append((match.start(), sample, match.group()))
                taken.append(match.span())
    return [(sample, shown) for _, sample, shown in sorted(found, key=lambda item: item[0])]
