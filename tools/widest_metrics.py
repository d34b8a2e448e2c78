#!/usr/bin/env python3
"""Make ``src/memo/fonts/widest.json``: the widest common metrics memo assumes for a font it cannot find.

Usage::

    python tools/widest_metrics.py

Measures the families in :data:`memo.fonts.widest.COMMON_FAMILIES` (install their Debian packages
first, as ``.ci/run`` does) and writes, for each character memo measures, the widest advance among
them, regular and bold. ``tests/test_fonts.py`` measures them again and compares with the file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from memo.fonts.widest import COMMON_FAMILIES, DATA_FILE, measure_common

TARGET = Path(__file__).resolve().parent.parent / "src" / "memo" / "fonts" / DATA_FILE


def main() -> int:
    tables, missing = measure_common()
    if missing:
        packages = sorted({COMMON_FAMILIES[family] for family in missing})
        print(f"saknas: {', '.join(missing)} (apt-get install {' '.join(packages)})", file=sys.stderr)
        return 1
    TARGET.write_text(json.dumps(tables, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
