"""Generated benchmark cases: the seed memo with a long Ärendebeskrivning or a long table.

Two series, each at 10 / 100 / 1 000 / 10 000:

* ``stycken-N`` — the seed case with ``arendebeskrivning`` replaced by N prose paragraphs
  separated by blank lines (one YAML scalar, so ``source.MAX_ITEMS`` does not apply).
  Every 7th paragraph has ``*kursiv*``, every 13th ``**fet**`` and every 11th a
  ``${driftsstod_2026 | kronor}`` reference, so the inline paths are exercised.
* ``rader-N`` — the seed case with ``ekonomiska_konsekvenser`` as text plus a table of N
  rows × 3 year columns (``enhet: tkr``, ``summa: ja``).

The text is deterministic (a fixed random seed), so every run measures the same files.
``python benchmarks/cases.py`` writes them to ``benchmarks/generated/`` and prints their
sizes and YAML node counts against memo's input limits.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "samples" / "foredragningspm-iuc-industrihubb.yaml"
GENERATED = HERE / "generated"
SIZES = (10, 100, 1_000, 10_000)
COLUMNS = ("2026", "2027", "2028")

_WORDS = (
    "regionen", "verksamheten", "industrin", "företagen", "länet", "kompetensförsörjning", "utveckling",
    "samverkan", "finansiering", "projektet", "styrgruppen", "uppföljning", "nämnden", "driftsbidraget",
    "kommunerna", "omställningen", "digitaliseringen", "hållbarheten", "näringslivet", "innovation",
    "arbetsmarknaden", "utbildning", "målgruppen", "insatserna", "budgeten", "planeringsreserven", "åtgärderna",
    "förutsättningar", "långsiktig", "regional", "strategisk", "gemensam", "stärker", "bidrar", "säkerställer",
    "utvecklar", "finansierar", "följer", "prioriterar", "samordnar",
)


def _sentence(rng: random.Random, index: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(5, 8))]
    if index % 7 == 3:
        words[2] = f"*{words[2]}*"
    if index % 13 == 5:
        words[4] = f"**{words[4]}**"
    if index % 11 == 0:
        words.insert(5, "${driftsstod_2026 | kronor}")
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraphs(count: int, seed: int = 4711) -> str:
    """``count`` short prose paragraphs separated by blank lines."""
    rng = random.Random(seed)
    return "\n\n".join(_sentence(rng, i) for i in range(count)) + "\n"


def table(count: int, seed: int = 815) -> dict[str, Any]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        post = f"Post {i + 1}: {rng.choice(_WORDS)} {rng.choice(_WORDS)}"
        rows.append({"post": post, "belopp": _Flow(rng.randrange(0, 5_000_000, 500) for _ in COLUMNS)})
    return {
        "beskrivning": "Kostnader per post",
        "enhet": "tkr",
        "kolumner": _Flow(COLUMNS),
        "rader": rows,
        "summa": "ja",
    }


class _Flow(list[Any]):
    """A list written in flow style (``[a, b, c]``) to keep large cases small."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, _flow)


def seed_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    return data


def case_data(series: str, size: int) -> dict[str, Any]:
    """The case as YAML data (``series`` is ``stycken`` or ``rader``)."""
    data = seed_data()
    if series == "stycken":
        data["arendebeskrivning"] = paragraphs(size)
    elif series == "rader":
        text = data["ekonomiska_konsekvenser"]
        data["ekonomiska_konsekvenser"] = {"text": text, "tabell": table(size)}
    else:
        raise ValueError(f"unknown series {series!r}")
    return data


def case_yaml(series: str, size: int) -> str:
    header = f"# Genererat av benchmarks/cases.py: {series}-{size}. Ändra inte för hand.\n"
    body = yaml.dump(case_data(series, size), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100, default_flow_style=False)
    return header + body


def write_cases(folder: Path = GENERATED, sizes: tuple[int, ...] = SIZES) -> dict[str, Path]:
    """Write every generated case (only when its text changed); return name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for series in ("stycken", "rader"):
        for size in sizes:
            path = folder / f"{series}-{size}.yaml"
            text = case_yaml(series, size)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written[f"{series}-{size}"] = path
    return written


def node_count(path: Path) -> tuple[int, int, int]:
    """(YAML values, values and mapping keys, longest list or mapping) — what ``memo.read.source`` limits.

    Depending on the version, memo counts only values or values and keys against
    ``MAX_NODES``; both counts are given.
    """
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    values = keys = longest = 0
    stack = [root]
    while stack:
        node = stack.pop()
        values += 1
        if isinstance(node, yaml.SequenceNode):
            longest = max(longest, len(node.value))
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            longest = max(longest, len(node.value))
            keys += len(node.value)
            stack.extend(value for _, value in node.value)
    return values, values + keys, longest


def main() -> int:
    from memo.read import source
    cases = write_cases()
    print(f"limits: MAX_FILE_BYTES={source.MAX_FILE_BYTES} MAX_ITEMS={source.MAX_ITEMS} "
          f"MAX_NODES={source.MAX_NODES}")
    for name, path in cases.items():
        size = path.stat().st_size
        nodes, with_keys, longest = node_count(path)
        over = [what for what, value, limit in (("bytes", size, source.MAX_FILE_BYTES),
                                                ("items", longest, source.MAX_ITEMS),
                                                ("nodes", with_keys, source.MAX_NODES)) if value > limit]
        print(f"{name:14} {size:>9} B  {nodes:>6} values ({with_keys:>6} with keys)  longest list {longest:>6}  "
              f"{'OVER ' + ', '.join(over) if over else 'ok'}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
