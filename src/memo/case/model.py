"""Stage 2 (model): a validated case, as frozen dataclasses.

Text is kept as the handläggare wrote it, references and all; the renderer turns it into
memo markup (see :mod:`memo.case.prose`). Everything here is plain, already-checked data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from memo.case.sections import referable_fields
from memo.errors import Location

__all__ = [
    "TABLE_UNITS",
    "Case",
    "Economy",
    "FreeSection",
    "Handlaggare",
    "Konsekvens",
    "Passage",
    "Prose",
    "SectionValue",
    "Signatory",
    "Table",
    "TableRow",
]

@dataclass(frozen=True)
class Passage:
    """A piece of prose under a sub-heading of its own (Rubrik 2), inside a section."""

    underrubrik: str
    text: str


#: Prose as the handläggare wrote it (paragraphs and lists, ``${…}`` references): one text,
#: or passages each under a sub-heading of its own.
Prose = str | tuple[Passage, ...]


@dataclass(frozen=True)
class Handlaggare:
    namn: str
    enhet: str
    epost: str | None = None
    telefon: str | None = None
    titel: str | None = None
    forvaltning: str | None = None


@dataclass(frozen=True)
class Signatory:
    """One signature (underskrift): name and title."""

    namn: str
    titel: str


@dataclass(frozen=True)
class Konsekvens:
    """The consequences of the decision seen from one or more perspectives (names as written;
    :mod:`memo.case.perspectives` matches and shows them).

    ``berors=False``: the perspectives are assessed as not affected, and ``text`` is the reason
    (``motivering``, "" when none is given).
    """

    perspektiv: tuple[str, ...]
    text: str
    berors: bool = True
    #: Where the entry was written (none for a case built in Python), for the rules that need the profile.
    where: Location | None = field(default=None, compare=False, repr=False)


#: The units a table of amounts may be shown in: amounts are given in kronor and divided
#: by the first number, shown with the second number of decimals.
TABLE_UNITS: Mapping[str, tuple[int, int]] = {"kronor": (1, 0), "kr": (1, 0), "tkr": (1000, 0), "mnkr": (1_000_000, 1)}


@dataclass(frozen=True)
class TableRow:
    post: str
    belopp: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Table:
    """A table of amounts (in kronor) per column, usually per year."""

    beskrivning: str
    kolumner: tuple[str, ...]
    rader: tuple[TableRow, ...]
    enhet: str = "tkr"
    summa: bool = False


@dataclass(frozen=True)
class Economy:
    """Ekonomiska konsekvenser: prose and an optional table."""

    text: str | None
    tabell: Table | None = None


@dataclass(frozen=True)
class FreeSection:
    """A section the case adds of its own: a heading and prose."""

    rubrik: str
    text: Prose


#: What a section holds, by its kind (:class:`memo.case.sections.Kind`): prose; one-line entries
#: (decision points, lists, recipients); consequences; the economy; own sections; signatures.
SectionValue = (Prose | tuple[str, ...] | tuple[Konsekvens, ...] | Economy | tuple[FreeSection, ...]
                | tuple[Signatory, ...])


@dataclass(frozen=True)
class Case:
    """A case's data: what the handläggare wrote, checked. Build it with :func:`memo.load_case`.

    Text is kept as written (with its ``${…}`` references); it is turned into the memo's
    markup when the memo is rendered, so a tool may build or change a case in Python
    (``dataclasses.replace``). ``avsnitt`` holds the sections the case fills, by key
    (:data:`memo.case.sections.SECTIONS` and the profile's own sections).
    """

    rubrik: str
    diarienummer: str
    #: None where the profile lets a memo go without one (a styrelse's missiv).
    handlaggare: Handlaggare | None
    avsnitt: Mapping[str, SectionValue] = field(default_factory=dict)
    beslutsinstans: str | None = None
    #: The body that proposes the decision to the deciding one (``Kommunstyrelsen``).
    forslagsstallare: str | None = None
    #: The words before the decision points (``${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta``).
    beslutsinledning: str | None = None
    dokumenttyp: str | None = None
    datum: dt.date | None = None
    sammantradesdatum: dt.date | None = None
    #: The body the memo is addressed to ("Till Kommunstyrelsen").
    till: str | None = None
    #: In a reply (yttrande): the date and reference of the letter answered.
    ert_datum: dt.date | None = None
    er_beteckning: str | None = None
    profil: str | None = None
    mallar: Path | None = None
    beslutsstil: str | None = None
    #: Headings the case gives sections instead of the profile's (section key → heading).
    rubriker: Mapping[str, str] = field(default_factory=dict)
    #: The named values (``varden``) as written.
    varden: Mapping[str, str | None] = field(default_factory=dict)
    path: Path | None = None
    #: The line where each top-level key was written (canonical key → line), for later checks.
    lines: Mapping[str, int] = field(default_factory=dict)
    #: The plain fields (:func:`memo.case.sections.plain_fields`) that have no attribute of their own here — an
    #: organisation's own header field added as a row of the table — by key.
    extra: Mapping[str, str | dt.date] = field(default_factory=dict)

    def field(self, key: str) -> object:
        """The value of the case's field ``key`` (None when the case has none): its attribute, else :attr:`extra`."""
        return getattr(self, key) if key in _ATTRIBUTES else self.extra.get(key)

    def references(self) -> dict[str, str | None]:
        """What text may refer to as ``${namn}``: the case's fields (:func:`memo.case.sections.referable_fields`)
        that it fills, and its named values."""
        fields = {name: self.field(name) for name in referable_fields()}
        shown = {name: value.isoformat() if isinstance(value, dt.date) else value
                 for name, value in fields.items() if isinstance(value, (str, dt.date))}
        return {**shown, **self.varden}

    def present_sections(self) -> frozenset[str]:
        """The keys of the sections this case fills."""
        return frozenset(key for key, value in self.avsnitt.items() if value)


#: The case's own attributes (a field without one is kept in :attr:`Case.extra`).
_ATTRIBUTES = frozenset(f.name for f in dataclasses.fields(Case))
