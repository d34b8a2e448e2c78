#!/usr/bin/env python3
"""Write the README's tables of keys (one per kind of document) and of placeholders anew from
``memo.kinds`` and ``memo.profile.headerfields`` (run after changing the tables).

Usage::

    python tools/readme_keys.py
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    from memo.kinds import readme_tables
    from memo.profile.headerfields import placeholder_table

    text = README.read_text(encoding="utf-8")
    for table in (*readme_tables(), placeholder_table()):
        header = table.split("\n", 1)[0]
        start = text.index(header)
        end = text.index("\n\n", start)
        text = text[:start] + table + text[end:]
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
