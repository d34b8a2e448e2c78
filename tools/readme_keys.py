#!/usr/bin/env python3
"""Write the README's tables of keys (one per kind of document, from ``memo.kinds``), of placeholders
(``memo.profile.headerfields``), of what a profile may make optional (``memo.profile.optional``), of language
checks (``memo.language.rules``) and of fault ids (``memo.faults``)
anew, and its sentence and example line naming the decision styles from ``memo.case.decisions`` (run after changing
the tables).

Usage::

    python tools/readme_keys.py
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


#: The README's sentence that names the decision styles, each with what it writes (the styles are group 2).
STYLES_SENTENCE = re.compile(r"(Beslutsstilen \(`beslutsstil` i ärendet eller profilen\) är\s+)(.*?)(\.\s+Skriv )",
                             re.DOTALL)
#: The example profile's line: one style, and the others in a comment.
STYLES_EXAMPLE = re.compile(r"^(beslutsstil: (\S+) +# eller )(.*)$", re.MULTILINE)


def _replaced(pattern: re.Pattern[str], new: Callable[[re.Match[str]], str], text: str) -> str:
    text, count = pattern.subn(new, text, count=1)
    if count != 1:
        raise SystemExit(f"README.md: hittar inte {pattern.pattern!r}")
    return text


def main() -> int:
    from memo.case.decisions import STYLES, styles_described
    from memo.faults import faults_table
    from memo.kinds import readme_tables
    from memo.language import rules_table
    from memo.profile.headerfields import placeholder_table
    from memo.profile.optional import optional_table

    text = README.read_text(encoding="utf-8")
    for table in (*readme_tables(), placeholder_table(), optional_table(), rules_table(),
                  faults_table()):
        header = table.split("\n", 1)[0]
        start = text.index(header)
        end = text.index("\n\n", start)
        text = text[:start] + table + text[end:]
    text = _replaced(STYLES_SENTENCE, lambda found: found[1] + styles_described() + found[3], text)
    text = _replaced(STYLES_EXAMPLE, lambda found: found[1] + ", ".join(s for s in STYLES if s != found[2]), text)
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
