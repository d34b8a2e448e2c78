"""A new meeting file to fill in (``memo ny MÖTE.yaml --typ sammanträde``) and its JSON Schema."""

from __future__ import annotations

import copy
from typing import Any

from memo.case.schema import fields_schema, key_pattern
from memo.case.sections import Field
from memo.kinds.sammantrade.read import FIELDS
from memo.profile.load import Profile

__all__ = ["ITEM_FIELDS", "STANDING_ITEMS", "schema", "starter"]

#: An item of the agenda written as a mapping.
ITEM_FIELDS: tuple[Field, ...] = (
    Field("arende", "ärendets YAML-fil, relativt sammanträdets fil", written="ärende"),
    Field("rubrik", "en stående punkts rubrik, t.ex. Val av justerare"),
    Field("forslag_till_beslut", "en stående punkts förslag till beslut, punkt för punkt", form="lista",
          written="förslag_till_beslut"),
    Field("diarienummer", "en stående punkts diarienummer, om den har ett"),
    Field("beslut", "beslutet som det fattades, punkt för punkt (annars förslaget)", form="lista"),
    Field("paragraf", "punktens paragraf i protokollet (annars räknad från första_paragraf)", form="nummer"),
)
#: The standing items a new meeting starts with, each with its usual förslag till beslut (None: none).
STANDING_ITEMS: tuple[tuple[str, str | None], ...] = (
    ("Val av justerare", None),
    ("Godkännande av dagordningen", "godkänna dagordningen"),
    ("Anmälan av delegationsbeslut", "lägga anmälan av delegationsbeslut till handlingarna"),
    ("Meddelanden", "lägga meddelandena till handlingarna"),
)


def schema(profile: Profile | None) -> dict[str, Any]:
    """The JSON Schema of a meeting file: its fields, and each item a case file's name or a mapping."""
    made = fields_schema(FIELDS, "Sammanträde för memo",
                         "Ett sammanträde: nämnden, tid och plats och föredragningslistan, som memo gör kallelsen, "
                         "protokollet och protokollsutdragen av.")
    item = fields_schema(ITEM_FIELDS, "Punkt", "En punkt på föredragningslistan.")
    item.pop("$schema")
    entry = {"anyOf": [{"type": "string", "pattern": "\\S", "description": "ärendets YAML-fil"}, item]}
    listed = copy.deepcopy(made["properties"]["arenden"])
    listed["anyOf"] = [{"type": "array", "items": entry, "minItems": 1}]
    for name in ("arenden", "ärenden"):  # the key as written, and in every spelling memo takes
        made["properties"][name] = listed
    made["patternProperties"][key_pattern("arenden")] = listed
    return made


def starter(profile: Profile, named: str, schema_file: str) -> str:
    """The text of a new meeting file for ``profile`` (named as the file names it)."""
    lines = [
        f"# yaml-language-server: $schema={schema_file}",
        "# Ett nytt sammanträde. Fyll i nämnden, tid och plats och föredragningslistan under 'arenden'; det som är",
        "# märkt (obligatoriskt) måste fyllas i. Ett ärende skrivs som sin YAML-fil, relativt den här filen.",
        "# 'memo kallelse FIL' skriver kallelsen (med --pdf också mötesboken), 'memo protokoll FIL' protokollet",
        "# och ett protokollsutdrag per paragraf. Efter sammanträdet: skriv 'beslut' under en punkt vars beslut",
        "# inte blev förslaget.",
        "",
        f"profil: {named}",
    ]
    for field in FIELDS:
        if field.key in ("profil", "arenden"):
            continue
        mark = "(obligatoriskt) " if field.required else ""
        lines.append(f"{field.key + ':':<27} # {mark}{field.description}")
    lines.append("arenden:                    # (obligatoriskt) föredragningslistan i ordning")
    for rubrik, forslag in STANDING_ITEMS[:2]:
        lines += _standing(rubrik, forslag)
    lines.append("  # - arenden/mitt-arende.yaml    # ett ärende: dess YAML-fil")
    for rubrik, forslag in STANDING_ITEMS[2:]:
        lines += _standing(rubrik, forslag)
    return "\n".join(lines) + "\n"


def _standing(rubrik: str, forslag: str | None) -> list[str]:
    lines = [f"  - rubrik: {rubrik}"]
    if forslag:
        lines += ["    forslag_till_beslut:", f"      - {forslag}"]
    return lines
