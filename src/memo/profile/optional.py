"""What a profile's memos may go without: the case values memo otherwise requires, and the decision.

:data:`OPTIONAL` is the one table of the values a profile may make optional (``valfria_falt``): the
profile's reader (:func:`optional_fields`), its error's list of choices and the README's table
(:func:`optional_table`) come from it, and the readers of a case, the JSON Schema, ``memo ny``'s starter
and the header's date ask :func:`relaxed` and :attr:`memo.profile.load.Profile.valfria_falt`.

The document types whose memos carry no decision (a letter, a kallelse) are the column
:attr:`memo.case.documenttypes.DocumentType.decision` of the table of document types; a profile may give its
own list (``utan_beslut``), read by :func:`decisionless_types`.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from memo.case.checker import Checker, canonical_key
from memo.case.documenttypes import DECISIONLESS, folded_type
from memo.case.sections import Shape
from memo.read.yamlparse import Node

__all__ = ["OPTIONAL", "OptionalValue", "decisionless_types", "optional_fields", "optional_table", "relaxed"]


class OptionalValue(NamedTuple):
    """A value a case must otherwise give, which a profile may make optional."""

    #: Its key path: a case field (``datum``) or a key inside one (``handlaggare.enhet``).
    key: str
    #: What a memo without it is, in Swedish (the README's table).
    without: str


#: The values a profile may make optional, in the README's order.
OPTIONAL: Final = (
    OptionalValue("handlaggare", "PM:et har ingen handläggare (till exempel en styrelses missiv)"),
    OptionalValue("diarienummer", "PM:et har inget diarienummer (till exempel ett ärende på en publicerad "
                                  "dagordning)"),
    OptionalValue("handlaggare.enhet", "handläggaren anges utan enhet"),
    OptionalValue("underskrift.titel", "en underskrift är bara ett namn, utan titel under"),
    OptionalValue("datum", "ett ärende utan `datum` visar inget datum (annars dateras PM:et i dag); i sidhuvudet "
                           "går datumet bort som ett tomt fält gör, med sin etikett"),
)
_KEYS: Final = tuple(value.key for value in OPTIONAL)


def relaxed(shape: Shape, key: str, optional: frozenset[str]) -> Shape:
    """``shape``, read under ``key``, without the required keys the profile makes optional (``handlaggare.enhet``).

    >>> from memo.case.sections import HANDLAGGARE
    >>> relaxed(HANDLAGGARE, "handlaggare", frozenset({"handlaggare.enhet"})).required
    ('namn',)
    """
    return shape._replace(required=tuple(name for name in shape.required if f"{key}.{name}" not in optional))


def optional_fields(check: Checker, node: Node | None) -> frozenset[str]:
    """``valfria_falt``: the values of :data:`OPTIONAL` that this profile's memos may lack."""
    names: set[str] = set()
    for key, item in check.items(node, "valfria_falt"):
        name = check.scalar(item, key)
        if name is None:
            continue
        folded = ".".join(canonical_key(part) for part in name.split("."))
        if folded not in _KEYS:
            check.problem(item, key, f"'{name}' kan inte vara valfritt. Välj bland: {', '.join(_KEYS)}.",
                          rule="ogiltigt-val")
        else:
            names.add(folded)
    return frozenset(names)


def decisionless_types(check: Checker, node: Node | None) -> frozenset[str]:
    """``utan_beslut``: the document types (folded, :func:`memo.case.documenttypes.folded_type`) whose memos carry
    no decision with this profile, instead of the table's (:data:`memo.case.documenttypes.DECISIONLESS`)."""
    if node is None:
        return DECISIONLESS
    names: set[str] = set()
    for key, item in check.items(node, "utan_beslut", allow_empty=True):
        name = check.scalar(item, key, required=True)
        if name:
            names.add(folded_type(name))
    return frozenset(names)


def optional_table() -> str:
    """The README's table of what ``valfria_falt`` may name, as Markdown."""
    rows = ["| valfritt fält | då |", "|---|---|"]
    rows += [f"| `{value.key}` | {value.without} |" for value in OPTIONAL]
    return "\n".join(rows)
