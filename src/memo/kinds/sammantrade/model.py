"""A nämnd's meeting (sammanträde) as memo holds it: when and where, who, and the items on its agenda in order.

Every item is a case (:class:`memo.case.model.Case`): a case file's, or a standing item's (Val av justerare,
Anmälan av delegationsbeslut …) made into one by :func:`standing_case`, so that the kallelse, the protokoll
and the protokollsutdrag show every item's förslag till beslut the one way the memo shows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from memo.case.decisions import ATT_SATSER
from memo.case.documenttypes import folded_type
from memo.case.model import Case
from memo.case.sections import SECTIONS, Kind
from memo.profile.load import Profile

__all__ = ["STANDING_OPTIONAL", "STANDING_WITHOUT_DECISION", "Item", "Meeting", "paragraph_ranges", "standing_case",
           "standing_profile"]

#: What a standing item has not, which a memo must have: a case's handläggare and diarienummer.
STANDING_OPTIONAL = frozenset({"handlaggare", "diarienummer"})
#: The document type of a standing item without a förslag till beslut (Val av justerare …): one without a decision.
STANDING_WITHOUT_DECISION = "Stående punkt"


@dataclass(frozen=True)
class Item:
    """An item on the agenda: its case, its paragraph (§) in the protokoll, and the decision as taken."""

    arende: Case
    paragraf: int
    #: The decision as taken, point by point; None: the förslag till beslut.
    beslut: tuple[str, ...] | None = None
    #: A standing item (its case made by :func:`standing_case`), not a case file's.
    staende: bool = False
    #: The line of the meeting file that holds the item (None: built in Python).
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Meeting:
    """A sammanträde: the nämnd, its time and place, the people, and its agenda (``arenden``, in order)."""

    namnd: str
    datum: dt.date
    tid: dt.time
    plats: str
    arenden: tuple[Item, ...]
    ordforande: str | None = None
    sekreterare: str | None = None
    justerare: tuple[str, ...] = ()
    beslutande: tuple[str, ...] = ()
    ovriga_narvarande: tuple[str, ...] = ()
    #: Justeringens plats och tid, as written ("Stadshuset, 12 oktober 2026").
    justering: str | None = None
    #: Where the protokoll is kept (the anslag's "Förvaringsplats för protokollet").
    forvaringsplats: str | None = None
    profil: str | None = None
    path: Path | None = None
    lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def paragrafer(self) -> str:
        """The protokoll's paragraphs as its first page gives them: "§§ 41–61", "§ 7", "§§ 3–5, 8"."""
        return paragraph_ranges([item.paragraf for item in self.arenden])


def paragraph_ranges(numbers: list[int]) -> str:
    """Paragraph numbers as a protokoll's first page writes them.

    >>> [paragraph_ranges(n) for n in ([41, 42, 43], [7], [3, 4, 5, 8, 10, 11], [])]
    ['§§ 41–43', '§ 7', '§§ 3–5, 8, 10–11', '']
    """
    if not numbers:
        return ""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = [[ordered[0], ordered[0]]]
    for number in ordered[1:]:
        if number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    text = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
    return f"§ {text}" if len(ordered) == 1 else f"§§ {text}"


def standing_case(rubrik: str, namnd: str, forslag: tuple[str, ...] | None, *, diarienummer: str | None = None,
                  path: Path | None = None, line: int | None = None) -> Case:
    """A standing item as a case: its rubrik, the nämnd as beslutsinstans, its förslag till beslut (if any), and no
    handläggare; read with :func:`standing_profile`."""
    avsnitt = {"forslag_till_beslut": forslag} if forslag else {}
    lines = {"rubrik": line, "forslag_till_beslut": line} if line else {}
    return Case(rubrik=rubrik, diarienummer=diarienummer or "", handlaggare=None, avsnitt=avsnitt,
                beslutsinstans=namnd, dokumenttyp=None if forslag else STANDING_WITHOUT_DECISION, path=path,
                lines=lines)


def standing_profile(profile: Profile) -> Profile:
    """The profile a standing item's case is read and shown with: the meeting's, holding only its förslag till beslut
    (none of the memo's other sections, perspectives or field lines), without a handläggare or diarienummer, its
    points as att-satser after "Kommunstyrelsen beslutar" whatever the memo's style ("godkänna dagordningen" is an
    att-sats, never a sentence), and with a standing item without a förslag as a document type without a decision."""
    return _relaxed(profile)


_RELAXED: dict[int, tuple[Profile, Profile]] = {}


def _relaxed(profile: Profile) -> Profile:
    known = _RELAXED.get(id(profile))
    if known is not None and known[0] is profile:
        return known[1]
    decision = next((spec for spec in profile.sections if spec.kind is Kind.DECISION),
                    next(spec for spec in SECTIONS if spec.kind is Kind.DECISION))
    made = dataclasses.replace(profile, valfria_falt=profile.valfria_falt | STANDING_OPTIONAL,
                               utan_beslut=profile.utan_beslut | {folded_type(STANDING_WITHOUT_DECISION)},
                               sections=(decision,), beslutsstil=ATT_SATSER, beslutsinledning=None, skiljetecken=None,
                               perspektiv=(), motivering_kravs=frozenset(), faltrader=(), mallar=None)
    _RELAXED[id(profile)] = (profile, made)
    return made
