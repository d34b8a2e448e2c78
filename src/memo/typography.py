"""How a number stands in Swedish text: the patterns memo writes by and checks a Word document by.

memo writes a text's numbers as it writes amounts (:func:`memo.swedish.numbers.no_break`): a no-break
space between groups of three digits, and the minus sign (U+2212) for a hyphen before a number. ``memo
granska`` (:mod:`memo.word.accessibility`) warns where a document does otherwise. Both read these
patterns, so that memo's own output never fails memo's own check. No third-party library here: the check
of a document loads no Babel.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["GROUPED_IN_TEXT", "HYPHEN_MINUS", "HYPHEN_MINUS_AFTER_SPACE", "MINUS", "PERCENT_TIGHT"]

#: The minus sign (U+2212), which a screen reader reads as "minus".
MINUS: Final = "\u2212"
#: A number with plain spaces between its groups of three digits ("1 500 000"): not a run of digits inside a
#: word or another number.
GROUPED_IN_TEXT: Final = re.compile(r"(?<![\w.,\u00a0])[0-9]{1,3}(?: [0-9]{3})+(?![0-9])")
#: A hyphen used as a minus sign: before a number, not inside a word, a date, a range or a diarienummer.
HYPHEN_MINUS: Final = re.compile(r"(?<![\w\-\u2212\u2013/.,:])-(?=[0-9])")
#: The same, where memo writes the minus sign itself: only after a space or an opening bracket, since memo sees a
#: text in pieces (the text after **fet** or *kursiv* begins a piece: "**2025**-2026" is a range, not a minus).
HYPHEN_MINUS_AFTER_SPACE: Final = re.compile(r"(?<=[\s(\u00a0])-(?=[0-9])")
#: A per cent sign right after its number ("12%"), not a web address's escape ("rapport%20slutlig", "2024%20").
PERCENT_TIGHT: Final = re.compile(r"[0-9]%(?![0-9A-Fa-f]{2})")
