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
from collections.abc import Callable, Mapping, Sequence
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
    @property
    def valfria_falt(self) -> frozenset[str]: ...
    @property
    def egna_falt(self) -> Sequence[tuple[str, str]]: ...

__all__ = ["LOGO", "PLACEHOLDERS", "Placeholder", "labels", "names", "placeholder", "placeholder_table",
           "text_values", "values"]

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
    #: The case's header field it shows (a row of :data:`memo.case.sections.FIELDS`), or None.
    field: Field | None = None
    #: The handläggare's key it shows (:data:`memo.case.sections.HANDLAGGARE`: "namn", "epost" …), or ''.
    handlaggare_key: str = ""
    #: The profile's key that fills it when the case has no value ("dokumenttyp"), or ''. ``memo profil ny``
    #: writes the template's own text for it there.
    profile_key: str = ""
    #: Its labels in a footer, where they mean the organisation's own details ("Telefon" over the switchboard's
    #: number), not the handläggare's: in a footer they win over the same labels' meaning in a header.
    footer_labels: tuple[str, ...] = ()


def _day(case: Case, profile: Profile) -> dt.date | None:
    """The memo's date: the case's, else today (none where the profile makes it optional)."""
    return case.datum or (None if "datum" in profile.valfria_falt else dt.date.today())


def _date(day: dt.date | None) -> str:
    return datum(day) if day else ""


def _handlaggare(field: str) -> Callable[[_Memo], str]:
    """The handläggare's ``field`` ('' for a memo without a handläggare or without the field)."""
    return lambda m: (getattr(m.case.handlaggare, field) or "") if m.case.handlaggare else ""


def _of_handlaggare(name: str, description: str, key: str, labels: tuple[str, ...]) -> Placeholder:
    """The placeholder that shows the handläggare's ``key``."""
    return Placeholder(name, description, _handlaggare(key), labels, handlaggare_key=key)


#: The case's header fields whose value is not simply the field's own: the title as shown, today for a case without
#: a date (none where the profile makes the date optional: ``valfria_falt: [datum]``).
_COMPUTED: Mapping[str, Callable[[_Memo], str]] = {
    "datum": lambda m: _date(_day(m.case, m.profile)),
    "rubrik": lambda m: m.title,
}
#: The case's header fields that the profile fills when the case has no value: the profile's key.
_FROM_PROFILE: Mapping[str, str] = {"dokumenttyp": "dokumenttyp"}


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return datum(value)
    return value if isinstance(value, str) else ""


def _from_case(field: Field) -> Placeholder:
    """A header field of the case: its value (a date as ``2026-06-01``), else the profile's where it has one
    (:data:`_FROM_PROFILE`), else ''."""
    fallback = _FROM_PROFILE.get(field.key, "")
    value = _COMPUTED.get(field.key) or (
        lambda m: _shown(m.case.field(field.key)) or (str(getattr(m.profile, fallback)) if fallback else ""))
    return Placeholder(field.key, field.placeholder, value, field.labels, field, profile_key=fallback)


#: Every placeholder, in the README's order: the case's header fields, the handläggare's, the organisation's.
PLACEHOLDERS: tuple[Placeholder, ...] = (
    *(_from_case(field) for field in FIELDS if field.placeholder),
    _of_handlaggare("handlaggare", "handläggarens namn", "namn",
                    ("handläggare", "namn", "vår referens", "kontaktperson")),
    _of_handlaggare("handlaggare_titel", "handläggarens titel", "titel", ("titel",)),
    _of_handlaggare("handlaggare_epost", "handläggarens e-post", "epost", ("e-post",)),
    _of_handlaggare("handlaggare_telefon", "handläggarens telefon", "telefon", ("telefon",)),
    _of_handlaggare("enhet", "handläggarens enhet", "enhet", ("enhet", "avdelning")),
    Placeholder("forvaltning", "förvaltningen (handläggarens, annars profilens)",
                lambda m: _handlaggare("forvaltning")(m) or m.profile.forvaltning or "", ("förvaltning",),
                handlaggare_key="forvaltning", profile_key="forvaltning"),
    Placeholder("organisation", "organisationens namn", lambda m: m.profile.organisation),
    Placeholder("adress", "organisationens adress, rad för rad", lambda m: "\n".join(m.profile.adress)),
    Placeholder("epost", "organisationens e-post", lambda m: m.profile.epost or "", profile_key="epost",
                footer_labels=("e-post", "epost")),
    Placeholder("webbplats", "organisationens webbplats", lambda m: m.profile.webbplats or "",
                profile_key="webbplats", footer_labels=("webb", "webbplats", "webbadress", "hemsida", "internet")),
    Placeholder("telefon", "organisationens telefon", lambda m: m.profile.telefon or "", profile_key="telefon",
                footer_labels=("telefon", "tel", "växel")),
    Placeholder(LOGO, "organisationens logotyp (profilens `logo`)", lambda m: ""),
)


_BY_NAME: Mapping[str, Placeholder] = {p.name: p for p in PLACEHOLDERS}


def labels(*, footer: bool = False) -> Mapping[str, str]:
    """Each label a Word template may have (folded: "vår beteckning"), and the placeholder it labels; in a
    ``footer``, the organisation's own details win ("telefon": the organisation's, not the handläggare's).

    >>> labels()["telefon"], labels(footer=True)["telefon"], labels(footer=True)["dnr"]
    ('handlaggare_telefon', 'telefon', 'diarienummer')
    """
    found = {label: p.name for p in PLACEHOLDERS for label in p.labels}
    return found | {label: p.name for p in PLACEHOLDERS for label in p.footer_labels} if footer else found


def placeholder(name: str) -> Placeholder:
    """The placeholder named ``name`` (a KeyError for a name that is none)."""
    return _BY_NAME[name]


def names() -> tuple[str, ...]:
    return tuple(p.name for p in PLACEHOLDERS)


def values(case: Case, profile: Profile, title: str) -> Mapping[str, str]:
    """Every text placeholder's value for this memo ('' where the case and profile have none), and the profile's own
    fields' (:mod:`memo.profile.fieldlines`)."""
    memo = _Memo(case, profile, title)
    own = {key: _shown(case.extra.get(key)) for key, _ in profile.egna_falt}
    return {p.name: p.value(memo) for p in PLACEHOLDERS if p.name != LOGO} | own


def text_values(case: Case, profile: Profile, references: Mapping[str, str | None]) -> dict[str, str | None]:
    """What a profile's text (``beslutsinledning``, ``underskriftsorgan``, a field line) refers to: the case's
    ``references`` (:meth:`memo.case.model.Case.references`, perhaps resolved); where the case has none, the value
    the header shows (today's date, the profile's ``dokumenttyp``: :data:`_COMPUTED`, :data:`_FROM_PROFILE`), in
    the form of the case's own; and the profile's own fields."""
    day = _day(case, profile)
    header = {"datum": day.isoformat() if day else None} | {
        key: str(getattr(profile, attribute) or "") or None for key, attribute in _FROM_PROFILE.items()}
    own = {key: value if isinstance(value, str) else None for key, _ in profile.egna_falt
           for value in [case.extra.get(key)]}
    return {**header, **{key: value for key, value in references.items() if value is not None}, **own}


def placeholder_table() -> str:
    """The README's table of placeholders, as Markdown."""
    rows = ["| platshållare | blir |", "|---|---|"]
    rows += [f"| `{{{{ {p.name} }}}}` | {p.description} |" for p in PLACEHOLDERS]
    return "\n".join(rows)
