"""The one rule of what is a personnummer (or samordningsnummer) in a text.

Both the case's validator (a personnummer in the public rubrik is an error, :mod:`memo.case.build`) and the
language check (one anywhere else is a warning, :mod:`memo.language.checks`) ask :func:`find`, so that a number
is a personnummer to both or to neither. A number counts when it is written

* ÅÅMMDD-NNNN or ÅÅÅÅMMDD-NNNN (``+`` instead of ``-`` for someone over a hundred, or the en dash Word
  makes of a hyphen), with a real date, also right after a label ("Pnr:850412-3456");
* ÅÅÅÅMMDDNNNN (twelve digits, 19 or 20 first), with a real date and a right check digit (Luhn), since twelve
  digits without a hyphen are often something else.

The date is real in the calendar (not 31 April; 29 February only in a leap year); in a samordningsnummer the
day has 60 added (61–91). An organisationsnummer (556677-8899) has a "month" of 20 or more and is never a
personnummer; neither is a date (2026-06-01), a diarienummer (KS 2026/114) or a number in a longer one.

>>> list(find("Org.nr 556677-8899, dnr 2026-06-01, pnr 19850412-3456"))
[40]
>>> is_personnummer("850412-3456"), is_personnummer("850471-3456"), is_personnummer("850431-3456")
(True, True, False)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import Final

__all__ = ["find", "is_personnummer"]

#: A run of digits that may be one: not inside a longer number, a word, a date or a diarienummer.
_CANDIDATE: Final = re.compile(r"\d(?<![\w+\-\u2013]\d)(?<!\d[.,:/]\d)\d{5,11}(?:[-+\u2013]\d{4})?"
                               r"(?![\w+\-\u2013]|[.,:/]\d)")
#: The day of a samordningsnummer: the day of birth plus this.
_SAMORDNING: Final = 60


def _real_date(year: int, month: int, day: int) -> bool:
    """Whether the date exists. For ÅÅ without the century, 2000 + ÅÅ is a leap year exactly when 19ÅÅ or 20ÅÅ
    may be one."""
    if day > _SAMORDNING:
        day -= _SAMORDNING
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year, month)[1]


def _luhn(digits: str) -> bool:
    """The check digit of the last ten digits is right (the Luhn algorithm, as Skatteverket computes it)."""
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 - i % 2)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_personnummer(text: str) -> bool:
    """Whether ``text`` (a number alone) is a personnummer or samordningsnummer by the rule above."""
    left, separator, _ = text.replace("+", "-").replace("\u2013", "-").partition("-")  # an en dash, as Word types
    if separator:
        if len(left) == 6:
            return _real_date(2000 + int(left[:2]), int(left[2:4]), int(left[4:6]))
        return len(left) == 8 and left[:2] in ("19", "20") and \
            _real_date(int(left[:4]), int(left[4:6]), int(left[6:8]))
    return len(text) == 12 and text.isdigit() and text[:2] in ("19", "20") and \
        _real_date(int(text[:4]), int(text[4:6]), int(text[6:8])) and _luhn(text[2:])


def find(text: str) -> Iterator[int]:
    """The offset of each personnummer or samordningsnummer in ``text``."""
    if len(text) < 10:
        return
    for m in _CANDIDATE.finditer(text):
        if is_personnummer(m.group()):
            yield m.start()
