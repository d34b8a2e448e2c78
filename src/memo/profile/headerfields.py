"""The placeholders a reference document's header and footer may hold, and what each is filled with.

:data:`PLACEHOLDERS` is the one table: the reference preparation (:mod:`memo.word.prepare`)
accepts exactly these names as ``{{ namn }}``, the pipeline fills them from the case and
the profile with :func:`values`, ``memo profil ny`` recognises their labels (:func:`labels`),
and the README's list of placeholders is made from it (:func:`placeholder_table`). The case's
header fields come first, one for each row of :data:`memo.case.sections.FIELDS` that names a
placeholder: a field added there is a placeholder, filled with its value, with nothing else to
write. A paragraph of a header or footer whose placeholders are all empty is left out, label
and all (no "Telefon:" with nothing after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple, Protocol

from memo.case.model import Case
from memo.case.sections import FIELDS, Field
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

__all__ = ["LOGO", "PLACEHOLDERS", "Placeholder", "labels", "names", "placeholder_table", "values"]

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
    #: The labels before or above it in a Word template ("Dnr", "Handläggare"), as ``memo profil ny`` reads them.
    labels: tuple[str, ...] = ()


def _date(day: dt.date | None) -> str:
    return datum(day) if day else ""


def _handlaggare(field: str) -> Callable[[_Memo], str]:
    """The handläggare's ``field`` ('' for a memo without a handläggare or without the field)."""
    return lambda m: (getattr(m.case.handlaggare, field) or "") if m.case.handlaggare else ""


#: The case's header fields whose value is not simply the field's own: the title as shown, the profile's
#: document type for a case without one, today for a case without a date.
_COMPUTED: Mapping[str, Callable[[_Memo], str]] = {
    "dokumenttyp": lambda m: m.case.dokumenttyp or m.profile.dokumenttyp,
    "datum": lambda m: datum(m.case.datum or dt.date.today()),
    "rubrik": lambda m: m.title,
}


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return datum(value)
    return value if isinstance(value, str) else ""


def _from_case(field: Field) -> Placeholder:
    """A header field of the case: its value (a date as ``2026-06-01``), or '' when the case has none."""
    value = _COMPUTED.get(field.key) or (lambda m: _shown(m.case.field(field.key)))
    return Placeholder(field.key, field.placeholder, value, field.labels)


#: Every placeholder, in the README's order: the case's header fields, the handläggare's, the organisation's.
PLACEHOLDERS: tuple[Placeholder, ...] = (
    *(_from_case(field) for field in FIELDS if field.placeholder),
    Placeholder("handlaggare", "handläggarens namn", _handlaggare("namn"), ("handläggare", "namn")),
    Placeholder("handlaggare_titel", "handläggarens titel", _handlaggare("titel"), ("titel",)),
    Placeholder("handlaggare_epost", "handläggarens e-post", _handlaggare("epost"), ("e-post",)),
    Placeholder("handlaggare_telefon", "handläggarens telefon", _handlaggare("telefon"), ("telefon",)),
    Placeholder("enhet", "handläggarens enhet", _handlaggare("enhet"), ("enhet", "avdelning")),
    Placeholder("forvaltning", "förvaltningen (handläggarens, annars profilens)",
                lambda m: _handlaggare("forvaltning")(m) or m.profile.forvaltning or "", ("förvaltning",)),
    Placeholder("organisation", "organisationens namn", lambda m: m.profile.organisation),
    Placeholder("adress", "organisationens adress, rad för rad", lambda m: "\n".join(m.profile.adress)),
    Placeholder("epost", "organisationens e-post", lambda m: m.profile.epost or ""),
    Placeholder("webbplats", "organisationens webbplats", lambda m: m.profile.webbplats or ""),
    Placeholder("telefon", "organisationens telefon", lambda m: m.profile.telefon or ""),
    Placeholder(LOGO, "organisationens logotyp (profilens `logo`)", lambda m: ""),
)


def labels() -> Mapping[str, str]:
    """Each label a Word template may have (folded: "vår beteckning"), and the placeholder it labels."""
    return {label: p.name for p in PLACEHOLDERS for label in p.labels}


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
