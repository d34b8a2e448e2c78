#!/usr/bin/env python3
"""Write the README's table of case keys anew from ``memo.sections`` (run after changing the tables).

Usage::

    python tools/readme_keys.py
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
HEADER = "| nyckel | innehåll |"


def main() -> int:
    from memo.sections import key_table

    text = README.read_text(encoding="utf-8")
    start = text.index(HEADER)
    end = text.index("\n\n", start)
    README.write_text(text[:start] + key_table() + text[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
