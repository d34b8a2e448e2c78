"""What the templates read of their data: each key, by its path (``arende.handlaggare.titel``).

The data a kind of document gives its templates is handed to them with every mapping in it
(mappings in mappings, not in lists) as a :class:`ReadMapping`, which notes each key a template
reads: ``arende.till``, ``arende['till']``, ``arende.get('till')``, and through any name it is
bound to (``{% set h = arende.handlaggare %}{{ h.titel }}``, a macro's argument). A template
that walks a mapping (``{% for k, v in arende.items() %}``) reads all of it: ``arende.*``. What
is read is not always written (``{% if arende.till %}``): a key read is counted as shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["ReadMapping", "watched"]


class ReadMapping(dict[str, Any]):
    """A mapping of the templates' data that notes the path of each key read (``arende.till``) in ``read``."""

    __slots__ = ("_path", "_read")

    def __init__(self, data: Mapping[str, Any], path: str, read: set[str]) -> None:
        super().__init__(data)
        self._path = path
        self._read = read

    def __getitem__(self, key: str) -> Any:
        self._read.add(f"{self._path}{key}")
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._read.add(f"{self._path}{key}")
        return super().get(key, default)

    def _all(self) -> None:
        self._read.add(f"{self._path}*")

    def __iter__(self) -> Iterator[str]:
        self._all()
        return super().__iter__()

    def keys(self) -> Any:
        self._all()
        return super().keys()

    def values(self) -> Any:
        self._all()
        return super().values()

    def items(self) -> Any:
        self._all()
        return super().items()


def watched(data: Mapping[str, Any], read: set[str], path: str = "") -> ReadMapping:
    """``data`` with every mapping in it (through mappings) a :class:`ReadMapping` noting into ``read``.

    >>> read: set[str] = set()
    >>> data = watched({"arende": {"till": "KS", "handlaggare": {"titel": "Utredare"}}}, read)
    >>> data["arende"]["handlaggare"].get("titel"), sorted(read)
    ('Utredare', ['arende', 'arende.handlaggare', 'arende.handlaggare.titel'])
    """
    return ReadMapping({key: watched(value, read, f"{path}{key}.") if type(value) is dict else value
                        for key, value in data.items()}, path, read)
