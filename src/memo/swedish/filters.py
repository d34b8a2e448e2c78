"""The formatting functions as Jinja filters: ``FILTERS``, and ``gemen`` for a name inside a sentence."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

from memo.swedish.dates import datum, klockslag, langt_datum, veckodag
from memo.swedish.numbers import kr, kronor, mnkr, procent, tal, tkr

__all__ = ["FILTERS", "gemen"]


def gemen(text: object) -> str:
    """A body's name inside a sentence: its first letter in lower case (for a lead-in such as "… föreslår
    kommunfullmäktige besluta").

    A first word with a capital after its first letter is an abbreviation or a name that keeps its
    capitals (IT-nämnden, EU, KF, SoL), and the text stays as written.

    >>> gemen("Kommunfullmäktige"), gemen("Regional tillväxtnämnd")
    ('kommunfullmäktige', 'regional tillväxtnämnd')
    >>> gemen("IT-nämnden"), gemen("EU-kommissionen"), gemen("SoL-handläggarna")
    ('IT-nämnden', 'EU-kommissionen', 'SoL-handläggarna')
    """
    value = str(text)
    first = value.split(maxsplit=1)[0] if value.strip() else ""
    if any(c.isupper() for c in first[1:]):
        return value
    return value[:1].lower() + value[1:]


FILTERS: Final[Mapping[str, Callable[..., str]]] = MappingProxyType(
    {f.__name__: f for f in (tal, kronor, kr, tkr, mnkr, procent, datum, langt_datum, veckodag, klockslag,
                                gemen)}
)
"""Name → formatting function, for Jinja filters and value references in a case."""
