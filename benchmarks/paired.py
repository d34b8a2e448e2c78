"""Two versions of memo side by side, alternating, on the seed sample: is a change slower?

``run.py`` measures memo against its peers; on a loaded machine the peers' own times move
from run to run, so a ratio can move a few per cent with no change in memo. This script
compares two memo source trees directly, taking turns run by run so that the machine's
state affects both alike:

* the command (``python -m memo ärende.yaml -o …``), with its cache and without
  (``MEMO_CACHE_DIR=""``, as the first run), as wall and CPU time of each process;
* a warm ``memo.render(fil)`` in a process of each version (minimum, 10th percentile and
  median of several hundred renders).

    python benchmarks/paired.py --base /tmp/snapbase/src --new /tmp/snapnew/src
    python benchmarks/paired.py --base … --new … --arende samples/tjansteskrivelse-forskola-norrby.yaml  # a table

Make each tree with ``git archive <commit> src templates`` (see README.md); both are
byte-compiled first, so that neither pays for compiling its sources when
``PYTHONDONTWRITEBYTECODE`` is set. The tree's ``templates`` are copied into its ``memo/templates``
package first: with memo installed editable, ``memo.templates`` would otherwise be the checkout's
templates for both versions.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "foredragningspm-iuc-industrihubb.yaml"
_WARM = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
import memo
for _ in range(50):
    memo.render(sys.argv[1])
times = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    memo.render(sys.argv[1])
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def command(tree: Path, cache: str, target: Path, case: Path = SEED) -> tuple[float, float]:
    """Wall and CPU seconds of one ``memo`` command run with the sources in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree), "MEMO_CACHE_DIR": cache}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "memo", str(case), "-o", str(target)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"memo från {tree} avslutades med kod {child.returncode}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def warm(tree: Path, renders: int, case: Path = SEED) -> list[float]:
    done = subprocess.run([sys.executable, "-c", _WARM, str(case), str(renders)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(tree)}, check=True)
    times: list[float] = json.loads(done.stdout)
    return times


def _own_templates(tree: Path) -> None:
    """The tree's templates (``git archive … templates``, beside ``src``) as its ``memo.templates`` package."""
    shipped, package = tree.parent / "templates", tree / "memo" / "templates"
    if shipped.is_dir() and not package.exists():
        import shutil

        shutil.copytree(shipped, package)
        (package / "__init__.py").touch()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="källträdet (src) före ändringen")
    parser.add_argument("--new", type=Path, required=True, help="källträdet (src) efter ändringen")
    parser.add_argument("--runs", type=int, default=40, help="körningar av kommandot per version och läge")
    parser.add_argument("--renders", type=int, default=600, help="varma renderingar per omgång")
    parser.add_argument("--rounds", type=int, default=3, help="omgångar med varma renderingar per version")
    parser.add_argument("--arende", type=Path, default=SEED, help="ärendet som mäts (seed om inget anges)")
    args = parser.parse_args()
    case = args.arende.resolve()
    trees = {"före": args.base.resolve(), "efter": args.new.resolve()}
    for tree in trees.values():
        _own_templates(tree)
        compileall.compile_dir(str(tree), quiet=1)
    out = Path(tempfile.mkdtemp(prefix="memo-paired-"))
    print(f"memo parat: {case.name}; belastning {[round(x, 2) for x in os.getloadavg()]}")
    for mode, cache in (("med cache", str(out / "cache")), ("utan cache", "")):
        wall: dict[str, list[float]] = {name: [] for name in trees}
        cpu: dict[str, list[float]] = {name: [] for name in trees}
        for run in range(args.runs + 4):
            order = list(trees.items()) if run % 2 else list(trees.items())[::-1]
            for name, tree in order:
                seconds, used = command(tree, cache, out / f"{name}-{run}.docx", case)
                if run >= 4:  # the first runs fill the cache and the page cache
                    wall[name].append(seconds)
                    cpu[name].append(used)
        medians = {name: (statistics.median(wall[name]) * 1000, statistics.median(cpu[name]) * 1000) for name in trees}
        line = ", ".join(f"{name} {w:.1f} ms (cpu {c:.1f})" for name, (w, c) in medians.items())
        print(f"kommandot {mode}: {line}; efter/före {medians['efter'][0] / medians['före'][0]:.3f}×")
    samples: dict[str, list[float]] = {name: [] for name in trees}
    for round_number in range(args.rounds):
        order = list(trees.items()) if round_number % 2 else list(trees.items())[::-1]
        for name, tree in order:
            samples[name].extend(warm(tree, args.renders, case))
    summary = {}
    for name, times in samples.items():
        times.sort()
        summary[name] = (times[0] * 1000, times[len(times) // 10] * 1000, statistics.median(times) * 1000)
        print(f"varm render(fil), {name}: min {summary[name][0]:.2f} ms, p10 {summary[name][1]:.2f} ms, "
              f"median {summary[name][2]:.2f} ms")
    print("varm render(fil), efter/före: " + ", ".join(
        f"{label} {summary['efter'][i] / summary['före'][i]:.3f}×" for i, label in enumerate(("min", "p10", "median"))))


if __name__ == "__main__":
    main()
