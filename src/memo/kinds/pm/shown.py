"""The fields a case fills that its memo shows nowhere: one warning each.

A field is shown when

- a placeholder in the profile's reference document (header or footer) shows it. Which placeholder shows
  which field is read off the placeholders' own table (:data:`memo.profile.headerfields.PLACEHOLDERS`)
  by filling it twice, with the field set to two different values: a placeholder whose text differs
  shows the field (``{{ forvaltning }}`` shows ``handlaggare.forvaltning``, ``{{ datum }}`` shows ``datum``);
- a template read it (``arende.sammantradesdatum``, ``arende.handlaggare.titel``, ``arende.varden.till``, or
  a walk over the whole mapping), as :mod:`memo.renderer.reads` noted while this memo was rendered: whatever
  template file it was in, through whatever include, macro or name it was bound to;
- or text the memo shows refers to it (``${beslutsinstans}``): the case's sections and headings, the
  profile's headings and the words before the decision points (the case's, the profile's or the style's).

A field the document's properties carry (found as the placeholders are: the title, the author, the subject,
the Dnr, the date) is never warned of: it titles, dates and files the document, shown on the page or not. Nor is
a field the case must fill in (``handlaggare.enhet``, a required field the profile does not make optional): the
case cannot leave it out, so the warning would have nothing to ask of it.

Each warning is a :class:`memo.Finding` with its own rule, :data:`RULE`, at the field's own key and line.
``memo ny`` asks for the optional fields that the same test (:func:`offered_fields`) finds a profile shows.

Limits: a field a template only tests (``{% if arende.till %}``) counts as shown; so does one referred
to in a section the profile does not show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterator
from typing import Any

from memo.case import decisions
from memo.case.build import key_location
from memo.case.checker import canonical_key, top_level
from memo.case.model import Case, Handlaggare
from memo.case.prose import find_references
from memo.case.sections import FIELDS, HANDLAGGARE
from memo.errors import Location, MemoError
from memo.notice import Finding
from memo.profile import headerfields, housestyle
from memo.profile.load import Profile
from memo.read.source import read_yaml
from memo.read.wording import either

__all__ = ["RULE", "Properties", "offered_fields", "placeholders_showing", "unshown_fields"]

#: The document's properties of a case, as the memo's row makes them (case, profile, title → properties).
Properties = Callable[[Case, Profile, str], object]

#: The key under which the memo's templates see the case (:func:`memo.renderer.context.template_context`), and
#: the case's named values in it.
_CASE = "arende"
_VALUES = "varden"
#: Two values a field is set to, to see which placeholders show it: text, and a date.
_TRIALS: dict[str, tuple[Any, Any]] = {"text": ("a", "b"), "datum": (dt.date(2001, 1, 1), dt.date(2002, 2, 2))}


#: A field a memo may show: (key path, form, text may refer to it, the keys of the templates' data that are it).
_Field = tuple[str, str, bool, tuple[str, ...]]


@functools.cache
def _fields() -> tuple[_Field, ...]:
    """The fields a memo may show: (key path, form, text may refer to it, the keys of the templates' data that
    are it). Those that steer how the memo is made (profil, mallar, beslutsstil …), the title and the named values
    are not among them."""
    found: list[tuple[str, str, bool]] = []
    for field in FIELDS:
        if field.form == "handlaggare":
            found.extend((f"{field.key}.{name}", "text", False) for name in HANDLAGGARE.names)
        elif field.form in _TRIALS and (field.placeholder or field.referable) and not field.resolved:
            found.append((field.key, field.form, field.referable))
    return tuple((path, form, referable, _read_as(path)) for path, form, referable in found)


def _read_as(path: str) -> tuple[str, ...]:
    """The keys of the templates' data a template reads the field at ``path`` by: itself, a named value, or a walk
    over its mapping."""
    key, _, inner = path.partition(".")
    places = [f"{_CASE}.{path}", f"{_CASE}.*", f"{_CASE}.{_VALUES}.{key}", f"{_CASE}.{_VALUES}.*"]
    return (*places, f"{_CASE}.{key}.*") if inner else tuple(places)


def _value(case: Case, path: str) -> object:
    key, _, inner = path.partition(".")
    value = case.field(key)
    return getattr(value, inner, None) if inner else value


def _with(case: Case, path: str, value: Any) -> Case:
    """The case with the field at ``path`` set to ``value``."""
    key, _, inner = path.partition(".")
    if inner:
        holder: Any = case.field(key)
        return dataclasses.replace(case, **{key: dataclasses.replace(holder, **{inner: value})})
    if key in {f.name for f in dataclasses.fields(case)}:
        return dataclasses.replace(case, **{key: value})
    return dataclasses.replace(case, extra={**case.extra, key: value})


def placeholders_showing(case: Case, profile: Profile, path: str, form: str) -> list[str]:
    """The placeholders whose text shows the field at ``path`` of ``case`` (filled in)."""
    first, second = (headerfields.values(_with(case, path, trial), profile, "") for trial in _TRIALS[form])
    return [name for name in first if first[name] != second[name]]


def _in_properties(case: Case, profile: Profile, path: str, form: str, properties: Properties) -> bool:
    """The document's properties carry the field at ``path`` (they differ with its value)."""
    first, second = (properties(_with(case, path, trial), profile, "") for trial in _TRIALS[form])
    return first != second


#: A case with every field empty but a handläggare, to find where each field goes.
_PROBE = Case(rubrik="", diarienummer="", handlaggare=Handlaggare(namn="", enhet=""))
#: Field path → (the placeholders that show it, whether the properties carry it): found once per process, on
#: :data:`_PROBE`. Where a field goes is the tables' (placeholders, properties), not a case's or a profile's: each
#: field is set to two values that are both filled, so that no fallback to the profile's value hides it.
_PLACES: dict[str, tuple[tuple[str, ...], bool]] = {}


def _places(profile: Profile, path: str, form: str, properties: Properties) -> tuple[tuple[str, ...], bool]:
    found = _PLACES.get(path)
    if found is None:
        found = _PLACES[path] = (tuple(placeholders_showing(_PROBE, profile, path, form)),
                                 _in_properties(_PROBE, profile, path, form, properties))
    return found


def _texts(value: object) -> Iterator[str]:
    """Every text in a section's value (prose, passages, consequences, lists …)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))


def _referred(case: Case, profile: Profile) -> Iterator[set[str]]:
    """The names the memo's text refers to (``${namn}``): first those of its lines (the words before the decision
    points, the headings, the profile's field lines and signing organ), then those of its sections (a longer walk,
    only when asked for)."""
    style = decisions.decision_style(case.beslutsstil or profile.beslutsstil)
    lead_in = decisions.lead_in(style, case.beslutsinledning, profile.beslutsinledning) \
        if profile.has_decision(case.dokumenttyp) else None
    organ, from_profile = housestyle.signing_organ(case, profile.underskriftsorgan)
    for texts in ([case.rubrik, lead_in or "", *case.rubriker.values(), *_profile_texts(profile),
                   organ or "" if from_profile and housestyle.signed(case) else ""],
                  _texts(list(case.avsnitt.values()))):
        yield {reference.name for text in texts if "${" in text for reference in find_references(text)}


def _profile_texts(profile: Profile) -> list[str]:
    """The profile's texts that refer to fields whatever the case says: its headings and field lines (the
    signing organ and the lead-in show only in some memos)."""
    return [*(s.heading for s in profile.sections), *(line.text for line in profile.faltrader)]


def _refers(name: str, referred: set[str], more: Iterator[set[str]]) -> bool:
    """The text refers to ``name``: among the names found so far (``referred``), or those ``more`` finds next."""
    while name not in referred:
        found = next(more, None)
        if found is None:
            return False
        referred |= found
    return True


def _required(path: str, profile: Profile) -> bool:
    """The case must fill the field at ``path`` in (the case format or the profile requires it): it is never called
    removable. A handläggare's required keys (``namn``, ``enhet``) are required wherever a handläggare is given,
    unless the profile makes one optional (``handlaggare.enhet``)."""
    key, _, inner = path.partition(".")
    if inner:
        return inner in HANDLAGGARE.required and path not in profile.valfria_falt
    return any(f.key == key and f.required for f in FIELDS) and key not in profile.valfria_falt


def _shown_nowhere(field: _Field, profile: Profile, placeholders: Collection[str], read: Collection[str],
                   properties: Properties, refers: Callable[[str], bool]) -> tuple[str, ...] | None:
    """None when the memo shows ``field`` (a row of :func:`_fields`): a placeholder among ``placeholders``, a key the
    templates ``read``, the ``properties`` or a text that ``refers`` to it; else the placeholders that would show
    it. The one test of "shown" that both the warning and ``memo ny`` make."""
    path, form, referable, read_as = field
    if any(key in read for key in read_as):
        return None
    showing, carried = _places(profile, path, form, properties)
    if carried or any(name in placeholders for name in showing) or (referable and refers(path)):
        return None
    return showing


def _own_shown_nowhere(key: str, placeholders: Collection[str], read: Collection[str],
                       refers: Callable[[str], bool]) -> tuple[str, ...] | None:
    """As :func:`_shown_nowhere`, for the profile's own field ``key``: its placeholder of the same name, a key the
    templates ``read``, or a field line that ``refers`` to it shows it."""
    if key in placeholders or any(name in read for name in _read_as(key)) or refers(key):
        return None
    return (key,)


#: The rule id of the warning (:attr:`memo.Finding.rule`).
RULE = "visas-inte"


def unshown_fields(case: Case, profile: Profile, placeholders: Collection[str], read: Collection[str], *,
                   properties: Properties) -> list[Finding]:
    """A warning for each field ``case`` fills that its memo shows nowhere: not in the reference document's
    ``placeholders``, not among what the templates ``read``, not referred to in its text, not in its
    ``properties`` (the kind's row's: case, profile, title → the document's properties). A field the case must
    fill in (:func:`_required`) gets none: the case cannot leave it out, and ``memo ny`` asks for it."""
    found = []
    referred: set[str] = set()
    more = _referred(case, profile)
    own = {key for key, _ in profile.egna_falt}  # a placeholder of its own name, or a field line, shows it
    for field in (*_fields(), *((key, "text", True, _read_as(key)) for key in sorted(own))):
        path, _, referable, _ = field
        value = _value(case, path)
        if value is None or (isinstance(value, str) and not value.strip()) or _required(path, profile):
            continue
        refers = functools.partial(_refers, referred=referred, more=more)
        showing = _own_shown_nowhere(path, placeholders, read, refers) if path in own else \
            _shown_nowhere(field, profile, placeholders, read, properties, refers)
        if showing is None:
            continue
        ways = [f"{{{{ {name} }}}} i referensdokumentets sidhuvud eller sidfot" for name in showing[:1]]
        if referable:
            ways.append(f"${{{path}}} i " + ("en av profilens fältrader" if path in own else "texten"))
        ways.append(f"{_CASE}.{path} i en egen mall")
        found.append(Finding(RULE, f"Fältet '{path}' är ifyllt men visas ingenstans i PM:et med profilen "
                                   f"'{profile.name}': varken sidhuvudet, sidfoten, mallarna eller texten visar det. "
                                   f"Ta bort det, eller visa det med {either(ways)}.", _location(case, path)))
    return found


def _location(case: Case, path: str) -> Location:
    """Where the field at ``path`` is written: its key's (:func:`memo.case.build.key_location`), and for a key inside
    another (``handlaggare.epost``) its own line and column, read again from the case's file (the case keeps the
    lines of its top-level keys only)."""
    key, _, inner = path.partition(".")
    written = dataclasses.replace(key_location(case, key), key=path)
    if not inner or case.path is None or not case.lines.get(key):
        return written
    try:
        root, source = read_yaml(case.path)
    except MemoError:  # gone since it was read: at the key that holds the field
        return written
    parent = top_level(root, key)
    node = next((n for name, n in parent.items() if canonical_key(name) == inner), None) \
        if parent is not None and isinstance(parent.value, dict) else None
    return source.location(node.line, node.column, path) if node is not None and node.line else written


def offered_fields(profile: Profile, placeholders: Collection[str], read: Collection[str] | None, *,
                   properties: Properties) -> frozenset[str]:
    """The fields (key paths, ``handlaggare.titel``) a memo with ``profile`` shows whatever the case's own text says,
    by the same test as the warning: its reference document's ``placeholders``, what its templates ``read`` (None:
    not known, as for a profile with templates of its own, and every field counts as shown), the document's
    ``properties`` and the profile's headings. ``memo ny`` asks for these (and for the required ones)."""
    referred = {reference.name for text in [*_profile_texts(profile), profile.underskriftsorgan or ""]
                if "${" in text for reference in find_references(text)}
    return frozenset(field[0] for field in _fields()
                     if read is None or _shown_nowhere(field, profile, placeholders, read, properties,
                                                       referred.__contains__) is None)
