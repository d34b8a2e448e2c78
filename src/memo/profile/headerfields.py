"""The placeholders a reference document's header and footer may hold, and what each is filled with.

:data:`PLACEHOLDERS` is the one table: the reference preparation (:mod:`memo.word.prepare`)
accepts exactly these names as ``{{ namn }}``, the pipeline fills them from the case and
the profile with :func:`values`, and the README's list of placeholders is made from it
(:func:`placeholder_table`). A paragraph of a header or footer whose placeholders are all
empty is left out, label and all (no "Telefon:" with nothing after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple, Protocol

from memo.case.model import Case
from memo.swedish import datum


class Profile(Protocol):
    """What the placeholders read of a profile (:class:`memo.profile.load.Profile` is one; that module reads
    reference documents, whose placeholders are named here)."""

    @property
    def dokumenttyp(self) -> str: ...
    @property
    def forvaltning(self) -> str | None: ...
    @property
    def organisation(self) -> str: ...
    @property
    def adress(self) -> tuple[str, ...]: ...
    @property
    def epost(self) -> str | None: ...
    @property
    def webbplats(self) -> str | None: ...
    @property
    def telefon(self) -> str | None: ...

__all__ = ["LOGO", "PLACEHOLDERS", "Placeholder", "names", "placeholder_table", "values"]

#: The placeholder where the profile's logo goes (a picture, not text).
LOGO = "logo"


class _Memo(NamedTuple):
    case: Case
    profile: Profile
    title: str


class Placeholder(NamedTuple):
    name: str
    description: str
    value: Callable[[_Memo], str]


def _date(day: dt.date | None) -> str:
    return datum(day) if day else ""


def _handlaggare(field: str) -> Callable[[_Memo], str]:
    """The handläggare's ``field`` ('' for a memo without a handläggare or without the field)."""
    return lambda m: (getattr(m.case.handlaggare, field) or "") if m.case.handlaggare else ""


#: Every placeholder, in the README's order.
PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("dokumenttyp", "dokumenttypen (ärendets, annars profilens)",
                lambda m: m.case.dokumenttyp or m.profile.dokumenttyp),
    Placeholder("diarienummer", "diarienumret", lambda m: m.case.diarienummer),
    Placeholder("datum", "PM:ets datum (i dag om ärendet inte anger något)",
                lambda m: datum(m.case.datum or dt.date.today())),
    Placeholder("sammantradesdatum", "sammanträdets datum", lambda m: _date(m.case.sammantradesdatum)),
    Placeholder("rubrik", "ärendets rubrik", lambda m: m.title),
    Placeholder("handlaggare", "handläggarens namn", _handlaggare("namn")),
    Placeholder("handlaggare_titel", "handläggarens titel", _handlaggare("titel")),
    Placeholder("handlaggare_epost", "handläggarens e-post", _handlaggare("epost")),
    Placeholder("handlaggare_telefon", "handläggarens telefon", _handlaggare("telefon")),
    Placeholder("enhet", "handläggarens enhet", _handlaggare("enhet")),
    Placeholder("forvaltning", "förvaltningen (handläggarens, annars profilens)",
                lambda m: _handlaggare("forvaltning")(m) or m.profile.forvaltning or ""),
    Placeholder("till", "den som PM:et ställs till (ärendets `till`)", lambda m: m.case.till or ""),
    Placeholder("ert_datum", "datum på skrivelsen som besvaras (ärendets `ert_datum`)",
                lambda m: _date(m.case.ert_datum)),
    Placeholder("er_beteckning", "beteckning på skrivelsen som besvaras (ärendets `er_beteckning`)",
                lambda m: m.case.er_beteckning or ""),
    Placeholder("organisation", "organisationens namn", lambda m: m.profile.organisation),
    Placeholder("adress", "organisationens adress, rad för rad", lambda m: "\n".join(m.profile.adress)),
    Placeholder("epost", "organisationens e-post", lambda m: m.profile.epost or ""),
    Placeholder("webbplats", "organisationens webbplats", lambda m: m.profile.webbplats or ""),
    Placeholder("telefon", "organisationens telefon", lambda m: m.profile.telefon or ""),
    Placeholder(LOGO, "organisationens logotyp (profilens `logo`)", lambda m: ""),
)


def names() -> tuple[str, ...]:
    return tuple(p.name for p in PLACEHOLDERS)


def values(case: Case, profile: Profile, title: str) -> Mapping[str, str]:
    """Every text placeholder's value for this memo ('' where the case and profile have none)."""
    memo = _Memo(case, profile, title)
    return {p.name: p.value(memo) for p in PLACEHOLDERS if p.name != LOGO}


def placeholder_table() -> str:
    """The README's table of placeholders, as Markdown."""
    rows = ["| platshållare | blir |", "|---|---|"]
    rows += [f"| `{{{{ {p.name} }}}}` | {p.description} |" for p in PLACEHOLDERS]
    return "\n".join(rows)
