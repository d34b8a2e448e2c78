"""``memo läs PM.docx --ärende ÄRENDE.yaml`` on the seed memo, against rendering the same memo, in one run.

The seed case's memo is written once and edited as a reviewer would (python-docx: a word changed in
a paragraph, so that the case is rewritten). Then, taking turns so that the machine's state affects
all alike: the function warm in this process (``memo.read_back``, ``write=False``: the changes found,
the file left as it is, so that every round reads the same case) against ``memo.render`` of the same
case; and the command (``memo läs … --visa``, a new process each time) against the ``memo`` command
writing the memo. Medians and the ratios are printed; ``--json`` keeps the raw times.

    python benchmarks/read_back.py [--rounds 30] [--json UT.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import docx

import memo

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "foredragningspm-iuc-industrihubb.yaml"


def _edited(written: Path, target: Path) -> Path:
    document = docx.Document(str(written))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Den ökade projektvolymen"))
    text = paragraph.text.replace("förändrat", "nytt")
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text
    document.save(str(target))
    return target


def _timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    folder = Path(tempfile.mkdtemp(prefix="memo-las-"))
    case = folder / "ärende.yaml"
    shutil.copy(SEED, case)
    written = memo.write(case, folder / "pm.docx")
    edited = _edited(written, folder / "granskad.docx")
    found = memo.read_back(edited, case, write=False)
    assert [c.key for c in found.changes] == ["sammanfattning, stycke 2"], found.changes
    memo.render(case)  # both warm: templates compiled, reference prepared
    command = [sys.executable, "-m", "memo"]
    times: dict[str, list[float]] = {"läs": [], "rendera": [], "läs-kommando": [], "rendera-kommando": []}
    for _ in range(args.rounds):
        times["läs"].append(_timed(lambda: memo.read_back(edited, case, write=False)))
        times["rendera"].append(_timed(lambda: memo.render(case)))
        times["läs-kommando"].append(_timed(lambda: subprocess.run(
            [*command, "läs", str(edited), "--ärende", str(case), "--visa"], check=True, capture_output=True)))
        times["rendera-kommando"].append(_timed(lambda: subprocess.run(
            [*command, str(case), "-o", str(folder / "pm2.docx"), "--skriv-over"], check=True,
            capture_output=True)))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        p95 = sorted(times[name])[int(0.95 * len(times[name]))]
        print(f"{name:18} median {value * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms")
    print(f"funktionen: memo.read_back / memo.render = {medians['läs'] / medians['rendera']:.2f}x")
    print(f"kommandot:  memo läs / memo = {medians['läs-kommando'] / medians['rendera-kommando']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"medianer": medians, "tider": times}, indent=2, ensure_ascii=False),
                             encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
