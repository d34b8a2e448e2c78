"""Swedish numbers, amounts, dates and times, formatted for a public-sector memo.

This package is the only part of memo that imports babel. The locale is always ``sv_SE``,
passed explicitly on every babel call; nothing is read from the environment
(:mod:`~memo.swedish.localedata`). Numbers, amounts in kronor and percentages are read and
formatted by :mod:`~memo.swedish.numbers` (its docstring has the output rules and what a
handläggare may type), dates and times of day by :mod:`~memo.swedish.dates`, and
:mod:`~memo.swedish.filters` gathers the formatting functions as Jinja filters (``FILTERS``), from the table
``FORMATTINGS`` that also holds each one's inverse (:mod:`~memo.swedish.inverses`): ``parse_shown`` reads a
shown value back, ``written_like`` writes a new value as the case wrote the old one.

Years, page numbers, Dnr and other identifiers must never be grouped, and nothing here
formats them: a caller prints them as written, without a filter (``{{ ar }}``, not
``{{ ar|tal }}``, which would print ``2 026``). ``tal("26RS5145")`` is an error.
"""

from __future__ import annotations

from memo.swedish.dates import datum, klockslag, langt_datum, month_names, parse_date, parse_time, veckodag
from memo.swedish.filters import FILTERS, FORMATTINGS, gemen, parse_shown
from memo.swedish.inverses import written_like
from memo.swedish.numbers import kr, kronor, mnkr, no_break, parse_number, procent, tal, tkr

__all__ = [
    "FILTERS",
    "FORMATTINGS",
    "datum",
    "gemen",
    "klockslag",
    "kr",
    "kronor",
    "langt_datum",
    "mnkr",
    "month_names",
    "no_break",
    "parse_date",
    "parse_number",
    "parse_shown",
    "parse_time",
    "procent",
    "tal",
    "tkr",
    "veckodag",
    "written_like",
]
