"""Save-to-DOCX latency of ``memo --bevaka`` against a fresh ``memo`` command per save, in one run.

Each round saves the seed case (a new title, written and renamed over the old file as an editor
does) and measures the time until the memo with that title is written: once through a warm
``memo.cli.watch.watch`` in this process (what ``memo ärende.yaml --bevaka`` runs), once by running
the ``memo`` command after the save (what a handläggare does without it). The two take turns,
so that the machine's state affects both alike.

    python benchmarks/watch_latency.py [--saves 20] [--json UT.json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import docx

from memo.cli.watch import POLL_SECONDS, watch

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "foredragningspm-iuc-industrihubb.yaml"


def _save(path: Path, text: str) -> float:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return time.perf_counter()


def _title(path: Path) -> str:
    return str(docx.Document(io.BytesIO(path.read_bytes())).paragraphs[0].text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    folder = Path(tempfile.mkdtemp(prefix="memo-bevaka-"))
    case, target, other = folder / "ärende.yaml", folder / "pm.docx", folder / "kommando.yaml"
    original = SEED.read_text(encoding="utf-8")
    shutil.copy(SEED, case)
    shutil.copy(SEED, other)
    said: queue.Queue[tuple[float, str]] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(case, target), daemon=True,
                               kwargs={"say": lambda m: said.put((time.perf_counter(), m)), "stop": stop.is_set})
    watcher.start()
    while not said.get(timeout=30)[1].startswith("klart"):
        pass
    command = [sys.executable, "-m", "memo", str(other), "-o", str(folder / "kommando.docx")]
    warm: list[float] = []
    fresh: list[float] = []
    for n in range(args.saves):
        title = f"rubrik: Driftsstöd nummer {n}"
        saved = _save(case, original.replace("rubrik: Utökat driftsstöd", title))
        while True:
            at, message = said.get(timeout=30)
            if message.startswith("klart"):
                break
        assert _title(target).startswith(f"Driftsstöd nummer {n} "), _title(target)
        warm.append(at - saved)
        started = _save(other, original.replace("rubrik: Utökat driftsstöd", title))
        subprocess.run(command, check=True, capture_output=True)
        fresh.append(time.perf_counter() - started)
        time.sleep(0.2)
    stop.set()
    watcher.join(5)
    result = {
        "saves": args.saves, "poll_seconds": POLL_SECONDS,
        "warm_ms": {"median": statistics.median(warm) * 1000, "p90": sorted(warm)[int(len(warm) * 0.9)] * 1000,
                    "max": max(warm) * 1000},
        "command_ms": {"median": statistics.median(fresh) * 1000, "max": max(fresh) * 1000},
        "ratio_median": statistics.median(warm) / statistics.median(fresh),
        "load": os.getloadavg(),
    }
    print(f"memo --bevaka: sparat → DOCX skrivet, {args.saves} sparningar (avläsning var {POLL_SECONDS * 1000:.0f} ms)")
    print(f"  varm bevakning: median {result['warm_ms']['median']:.0f} ms, p90 {result['warm_ms']['p90']:.0f} ms, "
          f"max {result['warm_ms']['max']:.0f} ms")
    print(f"  nytt kommando per sparning: median {result['command_ms']['median']:.0f} ms")
    print(f"  kvot bevakning/kommando (median): {result['ratio_median']:.3f}×")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
