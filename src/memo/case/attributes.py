"""A document built or changed in Python (``dataclasses.replace``): every attribute checked against its type.

A case read from a file is built by :mod:`memo.case.build` and holds what its annotations say. One built
in Python holds whatever the caller put there: ``rubrik=12``, ``avsnitt=None``, a ``str`` subclass whose
``__str__`` raises. :func:`check_attributes` walks the dataclass by its own annotations (the model is the
single source of the types) and raises a :class:`CaseError` at the first attribute that does not fit, with
its key path (``avsnitt.sammanfattning[2].text``), before anything reads it. It takes the built-in types
only (``str``, ``list``, ``tuple``, ``dict`` …, not subclasses that could answer differently the next time
they are read), and stops at the limits a case file has, so that a hostile value is refused in bounded time.

Once the types fit, :func:`as_written` turns the case back into the mapping a case file would hold, so that
it is read by the same checker as a file (:func:`memo.case.build.build_case`): every rule a case file gets,
each in one place, said at its key path (``forslag_till_beslut[2]``) and not at a line of a file that no
longer says what the case holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import types
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from memo.case.model import (
    Case,
    Economy,
    FreeSection,
    Handlaggare,
    Konsekvens,
    Passage,
    Signatory,
    Table,
    TableRow,
)
from memo.errors import CaseError, Location
from memo.read.source import MAX_FILE_BYTES, MAX_ITEMS, MAX_NODES

__all__ = ["as_written", "check_attributes"]

#: An amount built in Python has at most this many digits before or after the point (as one written in a case).
_MAX_DIGITS = 30
#: A whole number (a line number) is at most this large.
_MAX_INT = 2**63

#: A mapping whose keys a case file writes at the top level (a section is ``sammanfattning:``, not under ``avsnitt``):
#: what is in it is named by its own key.
_TOP_LEVEL = frozenset({"avsnitt"})

_NAMES: Mapping[type, str] = {
    str: "en text (str)",
    bool: "True eller False",
    int: "ett heltal (int)",
    Decimal: "ett belopp (decimal.Decimal)",
    dt.date: "ett datum (datetime.date)",
    dt.time: "ett klockslag (datetime.time)",
    Path: "en sökväg (pathlib.Path)",
    type(None): "None",
}


class _Wrong(Exception):
    """An attribute that does not fit its type: its key path and what it should be."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key, message)
        self.key, self.message = key, message


def check_attributes(document: object) -> None:
    """Raise a :class:`CaseError` at the first attribute of ``document`` (a dataclass) that does not fit its type."""
    hints = _hints(type(document))
    counter = itertools.count()
    try:
        for name, hint in hints.items():
            _check(getattr(document, name), hint, name, counter)
    except _Wrong as wrong:  # at its key: the file it was read from, if any, may not hold it
        raise CaseError(wrong.message, Location(key=wrong.key)) from None


def as_written(case: Case) -> dict[str, object]:
    """The mapping a case file holding ``case`` would be (its attributes' types already checked): the fields under
    their keys, the sections (``avsnitt``) at the top level, each value in the form a file writes it."""
    written: dict[str, object] = {}
    for field in dataclasses.fields(case):
        value = getattr(case, field.name)
        if field.name in _NOT_WRITTEN or value is None:
            continue
        written[field.name] = str(value) if isinstance(value, Path) else _written(value)
    written.update({key: _written(value) for key, value in case.extra.items()})
    written.update({key: _written(value) for key, value in case.avsnitt.items()})
    return written


#: What a case holds that a file does not write: where it was read, and what :func:`as_written` spreads out.
_NOT_WRITTEN = frozenset({"path", "lines", "avsnitt", "extra"})


def _written(value: object) -> object:
    """A value of the case as a case file writes it (a list for a tuple, a mapping for each part of a section)."""
    if isinstance(value, (tuple, list)):
        return [_written(item) for item in value]
    if isinstance(value, dict):
        return {key: _written(item) for key, item in value.items()}
    if isinstance(value, Passage):
        return value.text if not value.underrubrik else {"underrubrik": value.underrubrik, "text": value.text}
    if isinstance(value, Konsekvens):
        names = list(value.perspektiv)
        if value.berors:
            return {"perspektiv": names, "text": value.text}
        return {"perspektiv": names, "berors": False, **({"motivering": value.text} if value.text else {})}
    if isinstance(value, (Handlaggare, Signatory, FreeSection, Economy, Table, TableRow)):
        return {f.name: _written(getattr(value, f.name)) for f in dataclasses.fields(value)
                if getattr(value, f.name) is not None}
    return value


def _hints(model: type) -> dict[str, Any]:
    return _HINTS[model] if model in _HINTS else _HINTS.setdefault(model, _resolved(model))


_HINTS: dict[type, dict[str, Any]] = {}


def _resolved(model: type) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(model)}
    return {name: hint for name, hint in typing.get_type_hints(model).items() if name in names}


def _name(hint: Any) -> str:
    """What a type hint asks for, in Swedish."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return " eller ".join(_name(a) for a in typing.get_args(hint))
    if origin is tuple:
        return f"en lista (list eller tuple) där varje punkt är {_name(typing.get_args(hint)[0])}"
    if origin is not None:  # a Mapping
        key, value = typing.get_args(hint)
        return f"en dict där varje nyckel är {_name(key)} och varje värde {_name(value)}"
    if hint in _NAMES:
        return _NAMES[hint]
    return f"en {hint.__module__}.{hint.__qualname__}"


def _check(value: object, hint: Any, key: str, counter: Iterator[int]) -> None:
    """Raise :class:`_Wrong` where ``value`` (at ``key``) or anything in it does not fit ``hint``."""
    if next(counter) > MAX_NODES:
        raise _Wrong(key, f"Dokumentet har fler än {MAX_NODES} värden.")
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        _union(value, typing.get_args(hint), key, counter)
    elif origin is tuple:
        for i, item in enumerate(_items(value, hint, key), 1):
            _check(item, typing.get_args(hint)[0], f"{key}[{i}]", counter)
    elif origin is not None:  # a Mapping: a plain dict, read as one
        if type(value) is not dict:
            raise _wrong(value, hint, key)
        if len(value) > MAX_ITEMS:
            raise _Wrong(key, f"'{key}' har fler än {MAX_ITEMS} nycklar.")
        key_hint, value_hint = typing.get_args(hint)
        for k, v in dict.items(value):
            if type(k) is not str:
                raise _Wrong(key, f"'{key}' har en nyckel av typen {type(k).__name__}; varje nyckel ska vara "
                                  f"{_name(key_hint)}.")
            _check(v, value_hint, k if key in _TOP_LEVEL else f"{key}.{k}", counter)
    elif dataclasses.is_dataclass(hint):
        if type(value) is not hint:
            raise _wrong(value, hint, key)
        for name, inner in _hints(hint).items():
            _check(getattr(value, name), inner, f"{key}.{name}", counter)
    else:
        _scalar(value, hint, key)


def _union(value: object, options: tuple[Any, ...], key: str, counter: Iterator[int]) -> None:
    """A value of one of ``options``; a list fits lists of any of them, item by item (the section's kind says which)."""
    if value is None and type(None) in options:
        return
    lists = [typing.get_args(o)[0] for o in options if typing.get_origin(o) is tuple]
    if type(value) in (list, tuple) and lists:
        item = functools.reduce(lambda a, b: a | b, lists) if len(lists) > 1 else lists[0]
        _check(value, tuple[item, ...], key, counter)  # type: ignore[valid-type]
        return
    for option in options:
        if typing.get_origin(option) is not tuple and option is not type(None) and _fits(value, option):
            _check(value, option, key, counter)
            return
    raise _Wrong(key, f"'{key}' ska vara {' eller '.join(_name(o) for o in options)}, inte {_type_name(value)}.")


def _fits(value: object, hint: Any) -> bool:
    """The value is of the hint's own type (its contents are checked after)."""
    if dataclasses.is_dataclass(hint):
        return type(value) is hint
    if typing.get_origin(hint) is not None:
        return type(value) is dict
    return type(value) is hint or (hint is dt.date and type(value) is dt.datetime) or (
        hint is Path and isinstance(value, Path))


def _items(value: object, hint: Any, key: str) -> list[object]:
    if type(value) not in (list, tuple):
        raise _wrong(value, hint, key)
    items = list(itertools.islice(iter(value), MAX_ITEMS + 1))  # type: ignore[call-overload]
    if len(items) > MAX_ITEMS:
        raise _Wrong(key, f"'{key}' har fler än {MAX_ITEMS} punkter.")
    return items


def _scalar(value: object, hint: Any, key: str) -> None:
    if hint is Any or hint is object:
        return
    if not _fits(value, hint):
        raise _wrong(value, hint, key)
    if type(value) is str and len(value) > MAX_FILE_BYTES:
        raise _Wrong(key, f"'{key}' är för lång: högst {MAX_FILE_BYTES} tecken.")
    if type(value) is int and not -_MAX_INT < value < _MAX_INT:
        raise _Wrong(key, f"'{key}' är ett för stort tal.")
    if type(value) is Decimal and (not value.is_finite() or (not value.is_zero() and (
            value.adjusted() >= _MAX_DIGITS or value.as_tuple().exponent < -_MAX_DIGITS))):  # type: ignore[operator]
        raise _Wrong(key, f"'{key}' ska vara ett ändligt belopp med högst {_MAX_DIGITS} siffror före och efter "
                          "decimaltecknet.")


def _wrong(value: object, hint: Any, key: str) -> _Wrong:
    return _Wrong(key, f"'{key}' ska vara {_name(hint)}, inte {_type_name(value)}.")


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__
