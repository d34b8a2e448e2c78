"""Issue 21, item 4: save-to-PDF under ``memo --bevaka --pdf`` against today's ``memo --pdf`` for one memo; and the
warm LibreOffice against today's batch step for many memos.

    python benchmarks/watch_pdf.py [--saves 10] [--antal 20] [--varv 3] [--json UT.json]

**Bevakning.** Each round saves the seed case (a new title, written and renamed over the old file as an editor
does) and measures the time until the watch says the PDF with that title is written: through a warm
``memo.cli.watch.watch(..., pdf=True)`` in this process (what ``memo ärende.yaml --bevaka --pdf`` runs), and by
running ``memo ärende.yaml --pdf`` after the save (what a handläggare does without it), in turns, so that the
machine's state affects both alike. Every PDF's text is read back (pdftotext) and must show the round's title.

**Många PM.** N memos from the seed (each with its own title) as DOCX, then their tagged PDFs by today's step
(``memo.pdf.export_pdfs``: one ``soffice --convert-to`` per group, one group per core) and by one warm LibreOffice
(``memo.pdf.warm.WarmConverter``, started in the round: its start is counted), alternating which goes first.

Medians over the rounds and their ratios. Never asserts a timing; not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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

from memo.cli.watch import POLL_SECONDS, watch
from memo.pdf import export_pdfs
from memo.pdf.warm import WarmConverter

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "foredragningspm-iuc-industrihubb.yaml"
TITLE = "rubrik: Utökat driftsstöd"


def _save(path: Path, text: str) -> float:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return time.perf_counter()


def _shows(pdf: Path, title: str) -> bool:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return title in " ".join(text.split())


def _watch_rounds(folder: Path, saves: int) -> dict[str, object]:
    case, target, other = folder / "ärende.yaml", folder / "pm.docx", folder / "kommando.yaml"
    original = SEED.read_text(encoding="utf-8")
    shutil.copy(SEED, case)
    shutil.copy(SEED, other)
    pdf = target.with_suffix(".pdf")
    said: queue.Queue[tuple[float, str]] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(case, target), daemon=True,
                               kwargs={"say": lambda m: said.put((time.perf_counter(), m)), "stop": stop.is_set,
                                       "pdf": True})
    watcher.start()

    def pdf_said() -> float:
        while True:
            at, message = said.get(timeout=180)
            if message.startswith(f"klart: {pdf} ("):
                return at
            if message.startswith("memo: Word") or message.startswith(f"memo: {case}"):
                raise SystemExit(message)

    pdf_said()
    command = [sys.executable, "-m", "memo", str(other), "-o", str(folder / "kommando.docx"), "--pdf"]
    warm: list[float] = []
    fresh: list[float] = []
    for n in range(saves):
        title = f"Driftsstöd nummer {n}"
        saved = _save(case, original.replace(TITLE, f"rubrik: {title}"))
        warm.append(pdf_said() - saved)
        assert _shows(pdf, title), f"PDF:en visar inte {title}"
        started = _save(other, original.replace(TITLE, f"rubrik: {title}"))
        subprocess.run(command, check=True, capture_output=True)
        fresh.append(time.perf_counter() - started)
        assert _shows(folder / "kommando.pdf", title)
        time.sleep(0.2)
    stop.set()
    watcher.join(30)
    return {
        "saves": saves, "poll_seconds": POLL_SECONDS,
        "warm_s": {"median": statistics.median(warm), "min": min(warm), "max": max(warm), "all": warm},
        "command_s": {"median": statistics.median(fresh), "min": min(fresh), "max": max(fresh), "all": fresh},
        "ratio_median": statistics.median(warm) / statistics.median(fresh),
    }


def _many_rounds(folder: Path, count: int, rounds: int) -> dict[str, object]:
    from memo import write

    original = SEED.read_text(encoding="utf-8")
    docx = []
    for number in range(count):
        case = folder / f"{number:02d}.yaml"
        case.write_text(original.replace(TITLE, f"rubrik: Driftsstöd punkt {number}"), encoding="utf-8")
        docx.append(write(case, folder / f"{number:02d}.docx"))

    def today() -> float:
        started = time.perf_counter()
        results = export_pdfs(docx)
        took = time.perf_counter() - started
        assert all(result.ok for result in results), [r.error for r in results if not r.ok]
        return took

    def warm() -> float:
        started = time.perf_counter()
        with WarmConverter() as converter:
            results = [converter.export(path) for path in docx]
        took = time.perf_counter() - started
        assert all(result.ok for result in results), [r.error for r in results if not r.ok]
        return took

    times: dict[str, list[float]] = {"today": [], "warm": []}
    for round_number in range(rounds):
        order = [("today", today), ("warm", warm)]
        for name, run in order if round_number % 2 == 0 else reversed(order):
            times[name].append(run())
            for number in (0, count - 1):
                assert _shows(folder / f"{number:02d}.pdf", f"Driftsstöd punkt {number}")
    return {"memos": count, "rounds": rounds, "today_s": times["today"], "warm_s": times["warm"],
            "today_median": statistics.median(times["today"]), "warm_median": statistics.median(times["warm"]),
            "ratio_median": statistics.median(times["warm"]) / statistics.median(times["today"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--antal", type=int, default=20, help="PM i jämförelsen för många PM (0: hoppa över)")
    parser.add_argument("--varv", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    folder = Path(tempfile.mkdtemp(prefix="memo-bevaka-pdf-"))
    (folder / "bevaka").mkdir()
    (folder / "manga").mkdir()
    try:
        watched = _watch_rounds(folder / "bevaka", args.saves)
        many = _many_rounds(folder / "manga", args.antal, args.varv) if args.antal else None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    soffice = subprocess.run(["soffice", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    result = {"watch": watched, "many": many, "load": os.getloadavg(), "machine": platform.platform(),
              "cpus": os.cpu_count(), "libreoffice": soffice, "python": platform.python_version()}
    warm, command = watched["warm_s"], watched["command_s"]
    assert isinstance(warm, dict) and isinstance(command, dict)
    print(f"memo --bevaka --pdf: sparat → PDF skriven, {args.saves} sparningar (avläsning var "
          f"{POLL_SECONDS * 1000:.0f} ms)")
    print(f"  varm LibreOffice: median {warm['median']:.2f} s (min {warm['min']:.2f}, max {warm['max']:.2f})")
    print(f"  memo ärende.yaml --pdf per sparning: median {command['median']:.2f} s "
          f"(min {command['min']:.2f}, max {command['max']:.2f})")
    print(f"  kvot (median): {watched['ratio_median']:.3f}×")
    if many is not None:
        print(f"{args.antal} PM, {args.varv} varv: export_pdfs i dag median {many['today_median']:.2f} s, "
              f"en varm LibreOffice (start inräknad) {many['warm_median']:.2f} s, kvot {many['ratio_median']:.2f}×")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
