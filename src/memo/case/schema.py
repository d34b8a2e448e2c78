"""The case format as a JSON Schema, for editors: completion, descriptions and typos flagged while typing.

Made from the tables that say what a case holds — :data:`memo.case.sections.FIELDS`, the
profile's sections (:data:`memo.case.sections.SECTIONS` and its own), the shapes inside them
(:class:`memo.case.sections.Shape`), the decision styles, the table units and the perspectives —
so that it cannot drift from what memo reads. VS Code's YAML extension (and other
editors that speak the yaml-language-server protocol) use it from a line at the top of the
case: ``# yaml-language-server: $schema=memo-schema.json``.

A schema cannot say everything memo checks; :data:`NOT_IN_SCHEMA` lists what it leaves to
``memo kontrollera`` (``tests/test_schema.py`` shows that the two agree on everything else).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from memo.case.checker import FALSE_WORDS, TRUE_WORDS, canonical_key
from memo.case.decisions import DECISION_STYLES
from memo.case.documenttypes import APART, DECISIONLESS
from memo.case.model import TABLE_UNITS
from memo.case.perspectives import PERSPECTIVES, shown
from memo.case.prose import VALUE_NAME
from memo.case.sections import (
    ASSESSMENT,
    CONSEQUENCE_ITEM,
    ECONOMY,
    FIELDS,
    FREE_SECTION,
    HANDLAGGARE,
    MAX_NUMBER,
    NUMBER_PATTERN,
    PASSAGE,
    SECTIONS,
    SIGNATORY,
    TABLE,
    TABLE_ROW,
    Field,
    Kind,
    Section,
    Shape,
    referable_fields,
)
from memo.profile.load import Profile
from memo.profile.optional import relaxed
from memo.swedish import month_names

__all__ = ["NOT_IN_SCHEMA", "SCHEMAS", "SCHEMA_FILE", "case_schema", "fields_schema", "key_pattern"]

#: The file name ``memo ny`` and the README use for the schema beside the cases.
SCHEMA_FILE: Final = "memo-schema.json"

#: What memo checks that the schema does not say: an editor may accept a case that ``memo kontrollera`` refuses
#: for one of these reasons (never the other way round: every case memo accepts, the schema accepts).
NOT_IN_SCHEMA: Final[Mapping[str, str]] = {
    "stavning": "att en nyckel inte står två gånger i olika stavning (forslag_till_beslut och Förslag till beslut)",
    "yaml": "YAML som inte går att läsa, taggar, ankare, flera dokument, tabbtecken och teckenkodning",
    "referenser": "att ${namn | formatering} finns och går att formatera",
    "datum": "att ett datum finns i almanackan (2026-02-30)",
    "tal": "att ett belopp går att läsa som ett tal på svenska (250 000, 1 234,5)",
    "tecken": "osynliga tecken och riktningsmarkörer i diarienummer och namn, styrtecken",
    "text": "det som skulle försvinna i YAML (' #' i en text, en punkt som klistrats ihop med den ovanför)",
    "profil": "profilens regler om perspektiv och motivering (namnen jämförs utan å, ä och ö) och om de fält som "
              "inledningen till förslaget behöver",
    "tabell": "att varje rad har lika många belopp som tabellen har kolumner",
    "stycken": "att en beslutspunkt eller listpunkt är ett enda stycke",
    "storlek": "gränserna för filens storlek, antal punkter och djup, och för radlängden i det som sidhuvudet visar",
    "rubrik": "personnummer i rubriken",
}

#: A text: YAML may read one as a number or a truth value, memo reads each as the text it is written with.
_TEXT: Final = {"type": ["string", "number", "boolean"]}
#: A text that must say something: not empty, not only spaces.
_FILLED: Final = {"type": ["string", "number", "boolean"], "pattern": r"\S"}
def _any_case(word: str) -> str:
    """A regular expression for ``word`` in any case (ECMA-262 has no flag for it inside a schema)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def _one_of_words(words: Iterable[str]) -> str:
    return r"^\s*(" + "|".join(_any_case(word) for word in words) + r")\s*$"


#: How memo folds a key (:func:`memo.case.checker.canonical_key`), as the letters a written key may have.
_FOLDED_LETTERS: Final = {"a": "aAåÅäÄ", "o": "oOöÖ", "_": "_ \\-"}


def key_pattern(key: str) -> str:
    """A regular expression for every way a key may be written: any case, å/ä/ö, spaces or hyphens.

    >>> import re
    >>> bool(re.fullmatch(key_pattern("forslag_till_beslut"), "Förslag till beslut"))
    True
    """
    letters = "".join(f"[{_FOLDED_LETTERS[c]}]" if c in _FOLDED_LETTERS else
                      f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in key)
    return rf"^\s*{letters}\s*$"


_MONTH_NAMES = "|".join(_any_case(month) for month in month_names())
_DATE: Final = {"type": "string", "title": "datum", "description": "ett datum: 2026-06-01 eller 1 juni 2026",
                "pattern": rf"^\s*(\d{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])|"
                           rf"(0?[1-9]|[12]\d|3[01]) ({_MONTH_NAMES}) \d{{4}})\s*$"}
_FLAG: Final = {"description": "ja eller nej", "anyOf": [
    {"type": "boolean"}, {"enum": sorted(TRUE_WORDS | FALSE_WORDS)},
    {"type": "string", "pattern": _one_of_words(sorted(TRUE_WORDS | FALSE_WORDS))}]}


def _list_of(item: Mapping[str, Any], description: str) -> dict[str, Any]:
    """A list, or one entry written alone (memo reads a single value as a list of one)."""
    return {"description": description, "anyOf": [item, {"type": "array", "items": item, "minItems": 1}]}


def _shape(shape: Shape, forms: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    forms = forms or {}
    properties = {key: _entry(dict(forms.get(key, _FILLED if key in shape.required else _TEXT)), key, what,
                              key in shape.required) for key, what in shape.keys}
    return _keyed(properties, [(key, "") for key in shape.required])


def _keyed(properties: dict[str, Any], required: list[tuple[str, str]]) -> dict[str, Any]:
    """A mapping with these keys, each also in every spelling memo takes (:func:`key_pattern`)."""
    folded = {canonical_key(name): entry for name, entry in properties.items()}
    keyed: dict[str, Any] = {
        "type": "object", "properties": properties, "additionalProperties": False,
        "patternProperties": {key_pattern(key): entry for key, entry in folded.items()},
    }
    if required:  # a required key in any spelling: "not every key fails to match its pattern"
        keyed["allOf"] = [{"anyOf": [{"required": [key]}, *([{"required": [written]}] if written else []),
                                     {"not": {"propertyNames": {"not": {"pattern": key_pattern(key)}}}}]}
                          for key, written in required]
    return keyed


def _prose() -> dict[str, Any]:
    passage = _shape(PASSAGE)
    return {"anyOf": [_TEXT, {"type": "array", "minItems": 1, "items": {"anyOf": [_TEXT, passage]}}]}


def _consequences(profile: Profile | None) -> dict[str, Any]:
    assessment = _shape(ASSESSMENT, {"berors": _FLAG})
    per_perspective = {"anyOf": [_TEXT, assessment]}
    names = list(profile.perspektiv) if profile else []
    names += [p.name for p in PERSPECTIVES if p.name not in names]
    item = _shape(CONSEQUENCE_ITEM, {"perspektiv": _list_of(_TEXT, "perspektivens namn"), "berors": _FLAG})
    required = set(profile.perspektiv) if profile else set()
    return {"anyOf": [
        {"type": "object", "minProperties": 1, "additionalProperties": per_perspective,
         "properties": {name: {**per_perspective, "description": f"konsekvenserna ur ett {shown(name)}perspektiv"
                               + (" (profilen kräver att det bedöms)" if name in required else "")}
                        for name in names}},
        {"type": "array", "minItems": 1, "items": item},
    ]}


def _economy() -> dict[str, Any]:
    amount = {"type": ["number", "string", "null"], "description": "ett belopp i kronor, eller - för inget"}
    row = _shape(TABLE_ROW, {"belopp": _list_of(amount, "ett belopp per kolumn")})
    table = _shape(TABLE, {"enhet": {"enum": list(TABLE_UNITS)}, "summa": _FLAG,
                           "kolumner": _list_of(_TEXT, "kolumnernas rubriker"),
                           "rader": {"type": "array", "items": row, "minItems": 1}})
    return {"anyOf": [_TEXT, _shape(ECONOMY, {"text": _prose(), "tabell": table})]}


def _one_line_entries(profile: Profile | None) -> dict[str, Any]:
    return _list_of(_FILLED, "en punkt per rad som börjar med '- '")


#: The section key a signature's optional title is named under (``underskrift.titel``).
_SIGNATURES: Final = next(s.key for s in SECTIONS if s.kind is Kind.SIGNATURE)


#: Each kind of section's schema (given the profile); one entry per :class:`memo.case.sections.Kind`.
SCHEMAS: Mapping[Kind, Callable[[Profile | None], dict[str, Any]]] = {
    Kind.PROSE: lambda profile: _prose(),
    Kind.LIST: _one_line_entries,
    Kind.NUMBERED_LIST: _one_line_entries,
    Kind.LINES: _one_line_entries,
    Kind.DECISION: _one_line_entries,
    Kind.RECIPIENTS: _one_line_entries,
    Kind.CONSEQUENCES: _consequences,
    Kind.ECONOMY: lambda profile: _economy(),
    Kind.FREE: lambda profile: {"type": "array", "minItems": 1, "items": _shape(FREE_SECTION, {"text": _prose()})},
    Kind.SIGNATURE: lambda profile: _list_of(
        _shape(relaxed(SIGNATORY, _SIGNATURES, profile.valfria_falt) if profile is not None else SIGNATORY),
        "namn och titel, eller en lista med flera"),
}


def _section(spec: Section, profile: Profile | None) -> dict[str, Any]:
    return SCHEMAS[spec.kind](profile)


def _field(field: Field, sections: tuple[Section, ...], optional: frozenset[str] = frozenset()) -> dict[str, Any]:
    if field.form == "datum":
        return dict(_DATE)
    if field.form == "lista":
        return _list_of(_FILLED, "en punkt per rad som börjar med '- '")
    if field.form == "nummer":
        return {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_NUMBER},
                          {"type": "string", "pattern": rf"^\s*{NUMBER_PATTERN}\s*$"}]}
    if field.form == "handlaggare":
        return _shape(relaxed(HANDLAGGARE, field.key, optional))
    if field.form == "beslutsstil":
        return {"anyOf": [{"enum": list(DECISION_STYLES)},
                          {"type": "string", "pattern": _one_of_words(DECISION_STYLES)}]}
    if field.form == "rubriker":
        return _keyed({s.key: {**_TEXT, "description": f"i stället för \"{s.heading}\""}
                       for s in sections if s.heading}, [])
    if field.form == "varden":
        return {"type": "object", "additionalProperties": _FILLED,
                "propertyNames": {"pattern": _NAME_PATTERN, "not": {"enum": list(referable_fields())}}}
    return dict(_FILLED if field.required else _TEXT)


# JSON Schema's regular expressions are ECMA-262's: \w is ASCII there, so the letters are spelled out.
_NAME_PATTERN: Final = "^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ0-9_]*$"
assert VALUE_NAME.fullmatch("värde_2") and not VALUE_NAME.fullmatch("2värde")  # the rule the pattern follows


def _entry(body: dict[str, Any], title: str, description: str, required: bool) -> dict[str, Any]:
    """A top-level key's schema; one that is not required may be left empty (``sammanfattning:``), as memo allows."""
    if required:
        return {**body, "title": title, "description": description}
    return {"anyOf": [{"type": "null"}, body], "title": title, "description": description}


def fields_schema(fields: Sequence[Field], title: str, description: str) -> dict[str, Any]:
    """The JSON Schema of a file of another kind of document, one that holds fields only (a protokollsutdrag).

    >>> from memo.case.sections import Field
    >>> schema = fields_schema([Field("organ", "organet", required=True)], "Utdrag", "Ett utdrag.")
    >>> schema["properties"]["organ"]["title"], schema["allOf"][0]["anyOf"][0]
    ('organ', {'required': ['organ']})
    """
    properties: dict[str, Any] = {}
    required: list[tuple[str, str]] = []
    for field in fields:
        entry = _entry(_field(field, ()), field.written or field.key, field.description, field.required)
        for name in dict.fromkeys((field.key, field.written or field.key)):
            properties[name] = entry
        if field.required:
            required.append((field.key, field.written))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, "description": description,
            **_keyed(properties, required)}


def case_schema(profile: Profile | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case for ``profile`` (memo's standard sections without one).

    >>> schema = case_schema()
    >>> schema["properties"]["beslutsstil"]["anyOf"][1]["anyOf"][0]["enum"] == list(DECISION_STYLES)
    True
    >>> schema["properties"]["förslag_till_beslut"] == schema["properties"]["forslag_till_beslut"]
    True
    """
    sections = profile.readable_sections if profile is not None else SECTIONS
    optional = profile.valfria_falt if profile is not None else frozenset()
    declared = {s.key for s in profile.sections if s.required} if profile is not None else set()
    properties: dict[str, Any] = {}
    required: list[tuple[str, str]] = []
    for field in FIELDS:
        needed = field.required and field.key not in optional
        entry = _entry(_field(field, sections, optional), field.written or field.key, field.description, needed)
        for name in dict.fromkeys((field.key, field.written or field.key)):
            properties[name] = entry
        if needed:
            required.append((field.key, field.written))
    for own in profile.egna_falt if profile is not None else ():  # the organisation's own fields, as text
        properties[own.key] = _entry(dict(_TEXT), own.key, f"{own.label} (profilens eget fält)", False)
    for spec in sections:
        needed = spec.required or spec.key in declared
        what = f"{spec.heading.replace('{perspektiv}', '…')}: {spec.description}" if spec.heading else spec.description
        entry = _entry(_section(spec, profile), spec.written or spec.key, what, needed)
        for name in dict.fromkeys((spec.key, spec.written or spec.key)):
            properties[name] = entry
        if needed:
            required.append((spec.key, spec.written))
    name = profile.name if profile is not None else "memo"
    keyed = _keyed(properties, required)
    _decision_by_type(keyed, sections, profile)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Ärende för memo ({name})",
        "description": "Ett ärende som memo gör till ett PM. Skapat av 'memo schema'; det som schemat inte kan "
                       "säga kontrollerar 'memo kontrollera'.",
        **keyed,
    }


#: The characters memo ignores in a document type's name (:func:`memo.case.documenttypes.folded_type`).
_APART: Final = APART + "*"


def _decision_by_type(keyed: dict[str, Any], sections: Sequence[Section], profile: Profile | None) -> None:
    """The decision is required unless the memo's document type (the case's, else the profile's) carries none, and
    is refused where it does not (:meth:`memo.profile.load.Profile.has_decision`)."""
    kinds = profile.utan_beslut if profile is not None else DECISIONLESS
    typ = key_pattern("dokumenttyp")
    conditions: list[dict[str, Any]] = []
    if kinds:
        names = "|".join(_APART.join(_any_case(c) for c in kind) for kind in sorted(kinds))
        conditions.append({"allOf": [{"not": {"propertyNames": {"not": {"pattern": typ}}}},
                                     {"patternProperties": {typ: {"type": "string",
                                                                  "pattern": rf"^{_APART}({names}){_APART}$"}}}]})
        if profile is not None and not profile.has_decision(None):  # the profile's own type, where the case has none
            conditions.append({"patternProperties": {typ: {"anyOf": [{"type": "null"},
                                                                     {"type": "string", "pattern": r"^\s*$"}]}}})
    if not conditions:
        return
    without = conditions[0] if len(conditions) == 1 else {"anyOf": conditions}
    for spec in sections:
        if spec.kind is not Kind.DECISION:
            continue
        written = {"not": {"propertyNames": {"not": {"pattern": key_pattern(spec.key)}}}}
        for rule in keyed.get("allOf", []):
            if {"required": [spec.key]} in rule["anyOf"]:
                rule["anyOf"].append(without)
        keyed.setdefault("allOf", []).append({"not": {"allOf": [without, written]}})
