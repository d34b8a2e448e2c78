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
the Dnr, the date) is never warned of: it titles, dates and files the document, shown on the page or not.

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
from memo.case.model import Case, Handlaggare
from memo.case.prose import find_references
from memo.case.sections import FIELDS, HANDLAGGARE
from memo.profile import headerfields
from memo.profile.load import Profile

__all__ = ["Properties", "placeholders_showing", "unshown_fields"]

#: The document's properties of a case, as the memo's row makes them (case, profile, title → properties).
Properties = Callable[[Case, Profile, str], object]

#: The key under which the memo's templates see the case (:func:`memo.renderer.context.template_context`), and
#: the case's named values in it.
_CASE = "arende"
_VALUES = "varden"
#: Two values a field is set to, to see which placeholders show it: text, and a date.
_TRIALS: dict[str, tuple[Any, Any]] = {"text": ("a", "b"), "datum": (dt.date(2001, 1, 1), dt.date(2002, 2, 2))}


@functools.cache
def _fields() -> tuple[tuple[str, str, bool, tuple[str, ...]], ...]:
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
    points, the headings), then those of its sections (a longer walk, only when asked for)."""
    style = decisions.decision_style(case.beslutsstil or profile.beslutsstil)
    lead_in = decisions.lead_in(style, case.beslutsinledning, profile.beslutsinledning)
    for texts in ([case.rubrik, lead_in or "", *case.rubriker.values(), *(s.heading for s in profile.sections)],
                  _texts(list(case.avsnitt.values()))):
        yield {reference.name for text in texts if "${" in text for reference in find_references(text)}


def _refers(name: str, referred: set[str], more: Iterator[set[str]]) -> bool:
    """The text refers to ``name``: among the names found so far (``referred``), or those ``more`` finds next."""
    while name not in referred:
        found = next(more, None)
        if found is None:
            return False
        referred |= found
    return True


def unshown_fields(case: Case, profile: Profile, placeholders: Collection[str], read: Collection[str], *,
                   properties: Properties) -> list[str]:
    """A warning for each field ``case`` fills that its memo shows nowhere: not in the reference document's
    ``placeholders``, not among what the templates ``read``, not referred to in its text, not in its
    ``properties`` (the kind's row's: case, profile, title → the document's properties)."""
    warnings = []
    referred: set[str] = set()
    more = _referred(case, profile)
    for path, form, referable, read_as in _fields():
        value = _value(case, path)
        if value is None or (isinstance(value, str) and not value.strip()) or any(key in read for key in read_as):
            continue
        showing, carried = _places(profile, path, form, properties)
        if carried or any(name in placeholders for name in showing):
            continue
        if referable and _refers(path, referred, more):
            continue
        key = path.partition(".")[0]
        line = case.lines.get(key)
        where = f" (rad {line})" if line else ""
        ways = [f"{{{{ {name} }}}} i referensdokumentets sidhuvud eller sidfot" for name in showing[:1]]
        if referable:
            ways.append(f"${{{path}}} i texten")
        ways.append(f"{_CASE}.{path} i en egen mall")
        warnings.append(f"Fältet '{path}'{where} är ifyllt men visas ingenstans i PM:et med profilen "
                        f"'{profile.name}': varken sidhuvudet, sidfoten, mallarna eller texten visar det. Ta bort "
                        f"det, eller visa det med {_either(ways)}.")
    return warnings


def _either(ways: list[str]) -> str:
    return ways[0] if len(ways) == 1 else ", ".join(ways[:-1]) + " eller " + ways[-1]
