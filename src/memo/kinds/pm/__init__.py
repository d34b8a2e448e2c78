"""The memo (PM: tjänsteskrivelse, föredragnings-PM, yttrande …), memo's first kind of document and the default.

Its tables are :data:`memo.case.sections.FIELDS` and :data:`memo.case.sections.SECTIONS`; a case
file is read by :func:`memo.case.build.build_case`, the templates see
:func:`memo.renderer.context.template_context`, and the header's placeholders are filled by
:func:`memo.profile.headerfields.values`. This module puts them in the memo's row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import os
import weakref
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from memo.case import prose
from memo.case.attributes import as_written, check_attributes
from memo.case.build import build_case, key_location
from memo.case.checker import top_level
from memo.case.model import Case
from memo.case.sections import FIELDS, SECTIONS, resolved_fields
from memo.errors import CaseError, Location
from memo.kinds.kind import DocumentKind, ProfileArgument
from memo.kinds.pm import shown
from memo.notice import Finding
from memo.profile import headerfields
from memo.profile.chosen import profile_for, read_tree, resolve_profile
from memo.profile.load import Profile
from memo.read.source import SourceText, from_python
from memo.read.yamlparse import Node
from memo.renderer.context import template_context
from memo.swedish import FILTERS
from memo.word.writer import CoreInfo

__all__ = ["KIND", "load", "title"]


def _read(root: Node, source: SourceText, given: ProfileArgument) -> tuple[Case, Profile]:
    """A case read for its profile: the caller's, else the one it names (read first: it says what the case holds)."""
    chosen = profile_for(root, source, given)
    base = source.path.parent if source.path is not None else None
    case = build_case(root, source, base, chosen)
    _remember(case, chosen)
    return case, chosen


def load(case: str | os.PathLike[str] | Mapping[str, Any], profile: ProfileArgument = None) -> tuple[Case, Profile]:
    """A case file (or mapping) read and checked for its profile (the caller's, else the one it names)."""
    return _read(*read_tree(case), profile)


def _check(case: Case, profile: ProfileArgument) -> Profile:
    """A case perhaps changed in Python, perhaps read for another profile: its attributes' types, then every rule a
    case file gets (it is read as the mapping it would be, :func:`memo.case.attributes.as_written`), for its profile.

    The problems are said at their keys, as for a mapping: not at a line of the file it was once read from. A case
    this process has read or checked, unchanged since, for the same profile, is not read again.
    """
    known = _CHECKED.get(id(case))
    if known is not None and known[0]() is case and _same(known[2], _held(case)):
        chosen = resolve_profile(case.profil, case.path, profile, key_location(case, "profil"))
        if chosen is known[1]:
            return chosen
    check_attributes(case)
    chosen = resolve_profile(case.profil, case.path, profile, key_location(case, "profil"))
    build_case(from_python(as_written(case)), SourceText.for_python(), None, chosen)
    _remember(case, chosen)
    return chosen


#: The cases read or checked in this process (by ``id``): the case, the profile it was checked for and what it
#: held then (:func:`_held`).
_CHECKED: dict[int, tuple[weakref.ref[Case], Profile, list[object]]] = {}
_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(Case))


def _held(case: Case) -> list[object]:
    """What a case holds, to be compared by identity: its attributes, and each entry of the mappings among them
    (the only parts of a checked case that can change in place; the rest are tuples, text and frozen dataclasses)."""
    held: list[object] = []
    for name in _FIELD_NAMES:
        value = getattr(case, name)
        held.append(value)
        if type(value) is dict:
            held.append(len(value))
            for item in dict.items(value):
                held.extend(item)
    return held


def _same(before: list[object], now: list[object]) -> bool:
    return len(before) == len(now) and all(map(operator.is_, before, now))


def _remember(case: Case, profile: Profile) -> None:
    key = id(case)
    _CHECKED[key] = (weakref.ref(case, lambda _: _CHECKED.pop(key, None)), profile, _held(case))


def title(case: Case, profile: Profile) -> str:
    """The memo's title as the reader sees it: its rubrik with the ``${…}`` resolved, on one line
    (``Budget ${ar}`` → ``Budget 2027``), whatever a template writes as the title paragraph."""
    if "${" not in case.rubrik:  # most titles refer to nothing
        return prose.one_line(case.rubrik)
    try:
        values = prose.resolve_fields(case.references(), resolved_fields(), FILTERS)
    except prose.ReferenceError as exc:  # the templates' context resolves it first: said there, at its key
        key = exc.field or "rubrik"
        raise CaseError(exc.message, Location(case.path, case.lines.get(key) or None, None, key)) from None
    return prose.one_line(values.get("rubrik") or "")


def _header(case: Case, profile: Profile, title: str) -> Mapping[str, str]:
    return headerfields.values(case, profile, title)


def _core(case: Case, profile: Profile, title: str) -> CoreInfo:
    author = case.handlaggare.namn if case.handlaggare else profile.organisation
    return CoreInfo(title=title, author=author, subject=case.dokumenttyp or profile.dokumenttyp,
                    identifier=case.diarienummer, date=case.datum or dt.date.today())  # as the header's date


def _unshown_fields(case: Case, profile: Profile, placeholders: Collection[str],
                    read: Collection[str]) -> list[Finding]:
    return shown.unshown_fields(case, profile, placeholders, read, properties=_core)


def _template_folders(case: Case) -> tuple[Path, ...]:
    return (case.mallar,) if case.mallar is not None else ()


def _inputs(root: Node, path: Path) -> tuple[Path, ...]:
    """The case's own template folder (``mallar``, relative to the case), when it names one (there or not yet)."""
    node = top_level(root, "mallar")
    named = node.value if node is not None else None
    return (path.parent / named,) if isinstance(named, str) and named.strip() else ()


def _schema(profile: Profile | None) -> dict[str, Any]:
    from memo.case.schema import case_schema  # only for memo schema and memo ny: not on a memo's way

    return case_schema(profile)


def _starter(profile: Profile, named: str, schema: str, typ: str | None) -> str:
    """A new memo of the type ``typ`` (the profile's document type without one) that asks for the optional fields
    the profile shows (:func:`memo.kinds.pm.shown.offered_fields`), and for every required one."""
    from memo.case.starter import DOCUMENT_TYPES, profile_type, starter_case
    from memo.profile.prepared import SLOT
    from memo.profile.reference import prepare_reference

    stories = prepare_reference(profile.reference, profile.logo_picture).stories
    placeholders = {name for _, story in stories for name in SLOT.findall(story)}  # as the memo's are found
    read = None if profile.mallar is not None else ()  # the shipped templates read none of the fields
    offered = shown.offered_fields(profile, placeholders, read, properties=_core)
    return starter_case(profile, DOCUMENT_TYPES[typ] if typ else profile_type(profile), profile_name=named,
                        schema=schema, offered=offered)


KIND = DocumentKind(
    name="pm",
    description="PM: tjänsteskrivelse, föredragnings-PM, yttrande, svar på motion …",
    noun="ett PM",
    marker=None,
    model=Case,
    fields=FIELDS,
    sections=SECTIONS,
    read=_read,
    check=_check,
    context=template_context,
    main_template="memo.xml.j2",
    templates=None,
    title=title,
    header=_header,
    core=_core,
    unshown_fields=_unshown_fields,
    template_folders=_template_folders,
    inputs=_inputs,
    schema=_schema,
    starter=_starter,
)
