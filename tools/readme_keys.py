#!/usr/bin/env python3
"""Write the README's tables of case keys, of placeholders and of language checks anew from
``memo.case.sections``, ``memo.profile.headerfields`` and ``memo.language.rules`` (run after changing the
tables).

Usage::

    python tools/readme_keys.py
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    from memo.case.sections import key_table
    from memo.language import rules_table
    from memo.profile.headerfields import placeholder_table

    text = README.read_text(encoding="utf-8")
    for table in (key_table(), placeholder_table(), rules_table()):
        header = table.split("\n", 1)[0]
        start = text.index(header)
        end = text.index("\n\n", start)
        text = text[:start] + table + text[end:]
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
