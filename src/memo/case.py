"""Stage 2 (model): a validated case, as frozen dataclasses.

Text that a handläggare wrote as prose is kept twice: ``text`` as written and
``markup``, the same text converted to memo markup with named values filled in
(see :mod:`memo.prose`). Everything else is plain, already-checked data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

__all__ = [
    "ATT_SATSER",
    "DECISION_STYLES",
    "NUMRERADE",
    "TABLE_UNITS",
    "Case",
    "Economy",
    "Handlaggare",
    "Konsekvens",
    "Prose",
    "Signatory",
    "Table",
    "TableRow",
    "decision_style",
]

ATT_SATSER = "att-satser"
NUMRERADE = "numrerade"
DECISION_STYLES = (ATT_SATSER, NUMRERADE)


def decision_style(text: str) -> str:
    """A decision style as written (``Att-satser``, ``att satser``) in its canonical form.

    >>> decision_style(" Att satser ")
    'att-satser'
    """
    return "-".join(text.lower().split())


@dataclass(frozen=True)
class Prose:
    """A piece of case text: as written, and as memo markup."""

    text: str
    markup: str


@dataclass(frozen=True)
class Handlaggare:
    namn: str
    enhet: str
    epost: str | None = None
    telefon: str | None = None


@dataclass(frozen=True)
class Signatory:
    """One signature (underskrift): name and title."""

    namn: str
    titel: str


@dataclass(frozen=True)
class Konsekvens:
    """The consequences of the decision seen from one or more perspectives."""

    perspektiv: tuple[str, ...]
    text: Prose


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

    text: Prose | None
    tabell: Table | None = None


@dataclass(frozen=True)
class Case:
    """A validated case. Build it with :func:`memo.load_case`."""

    rubrik: Prose
    diarienummer: str
    handlaggare: Handlaggare
    forslag_till_beslut: tuple[Prose, ...]
    beslutsinstans: str | None = None
    dokumenttyp: str | None = None
    datum: dt.date | None = None
    sammantradesdatum: dt.date | None = None
    profil: str | None = None
    mallar: Path | None = None
    beslutsstil: str | None = None
    varden: Mapping[str, str | None] = field(default_factory=dict)
    sammanfattning: Prose | None = None
    arendebeskrivning: Prose | None = None
    konsekvenser: tuple[Konsekvens, ...] = ()
    ekonomiska_konsekvenser: Economy | None = None
    uppfoljning: Prose | None = None
    beslutsunderlag: tuple[Prose, ...] = ()
    bilagor: tuple[Prose, ...] = ()
    underskrift: tuple[Signatory, ...] = ()
    skickas_till: tuple[Prose, ...] = ()
    path: Path | None = None
    #: The line where each top-level key was written (canonical key → line), for later checks.
    lines: Mapping[str, int] = field(default_factory=dict)

    def present_sections(self) -> frozenset[str]:
        """The names of the optional sections this case fills."""
        names = {
            "sammanfattning": self.sammanfattning,
            "arendebeskrivning": self.arendebeskrivning,
            "konsekvenser": self.konsekvenser,
            "ekonomiska_konsekvenser": self.ekonomiska_konsekvenser,
            "uppfoljning": self.uppfoljning,
            "beslutsunderlag": self.beslutsunderlag,
            "bilagor": self.bilagor,
            "underskrift": self.underskrift,
            "skickas_till": self.skickas_till,
            "forslag_till_beslut": self.forslag_till_beslut,
        }
        return frozenset(name for name, value in names.items() if value)
