"""What a template may write: text and numbers, never ``None``, a truth value or a Python listing.

An expression that gives ``None`` or a truth value is refused when it is written (the
words "None" and "False" have no place in a memo); ``| string`` writes one on purpose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence, Set
from decimal import Decimal
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

__all__ = ["TAKES_ANY", "NotAValue", "refuse_non_value", "refuse_non_values"]


class NotAValue(SecurityError):
    """A template wrote ``None`` or a truth value."""


#: Filters that take any value on purpose: they turn it into text deliberately, or replace it.
TAKES_ANY = frozenset({"string", "default", "d", "length", "count", "first", "last", "list", "batch",
                       "slice", "select", "reject", "selectattr", "rejectattr", "map", "sort", "unique", "dictsort",
                       "groupby", "items", "reverse", "sum", "min", "max", "attr", "random"})


def refuse_non_value(value: Any) -> None:
    """A value that would be written as a Python word or a Python listing, not as memo text, is refused."""
    if value is None or isinstance(value, bool):
        raise NotAValue(f"uttrycket gav {value}, som inte ska stå i ett PM; skriv ut ett värde, pröva det i "
                        f"ett {{% if %}}, eller skriv '| string' om ordet '{value}' ska stå där")
    if isinstance(value, (Mapping, Set, Iterator)) or (isinstance(value, Sequence) and not isinstance(value, str)):
        kind = "en ordlista" if isinstance(value, Mapping) else "en lista"
        raise NotAValue(f"uttrycket gav {kind}, som skulle skrivas ut med Pythons klamrar och citattecken; gå "
                        "igenom den med {% for %} eller skriv den med | join(', ')")
    if isinstance(value, jinja2.Undefined):
        str(value)  # a missing value, or one the sandbox keeps out of reach: it says which
    if not isinstance(value, (str, int, float, Decimal, dt.date, dt.time)):
        raise NotAValue(f"uttrycket gav ett värde av slaget {type(value).__name__}, som inte är text eller ett tal")


def refuse_non_values(value: Any, name: str) -> None:
    """The value a filter gets: not None or a truth value; for join, every item is text or a number."""
    if name == "join" and isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            refuse_non_value(item)
        return
    if value is None or isinstance(value, bool):
        refuse_non_value(value)
