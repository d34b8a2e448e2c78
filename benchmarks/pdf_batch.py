"""Issue 14: PDFs for a whole agenda — one LibreOffice per memo against the batch step, side by side.

    python benchmarks/pdf_batch.py [--antal 1,6,20] [--varv 3] [--json resultat.json] [--base SRC]

For each N it generates N cases from the samples (copies, each with its own title) and
runs, as whole processes and in alternating order each round:

* ``en per PM`` — today's way before issue 14: ``memo … -o UT`` writes the DOCX files, then
  each memo gets a LibreOffice of its own (``memo.export_pdf(docx)``), one after the other
  below ``memo.cli.batch.PARALLEL_FROM`` cases and one per core from there, as ``memo --pdf`` did
  (each worker ran ``write(..., pdf=True)``). With ``--base SRC`` the old way is instead the
  ``memo … --pdf`` command of another source tree (e.g. ``git archive HEAD`` before the change).
* ``samlat`` — ``memo … -o UT --pdf``: all DOCX first, then every PDF in one step, one
  LibreOffice per core.

Wall time per run; the median over the rounds, and the ratio of the medians. Every run's PDFs
are checked (one per memo, each a PDF with its own memo's title, by pdfinfo when installed).
Prints a Markdown table for docs/prestanda.md. Never asserts a timing; not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLES = ROOT / "samples"
#: Samples with different organisations, profiles and lengths, used in turn.
SAMPLE_NAMES = ("foredragningspm-iuc-industrihubb", "plan-tyreso-forskola-akvarievagen",
                "tjansteskrivelse-forskola-norrby", "tjansteskrivelse-upplands-bro-ekonomiskt-bistand",
                "yttrande-regional-cykelstrategi", "svar-pa-motion-nynashamn-barnvagnsskydd")

#: The old way, in a process of its own: the DOCX files, then one LibreOffice per memo (as memo --pdf did).
_ONE_PER_MEMO = """
import os, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from memo.cli import main
from memo.cli.batch import PARALLEL_FROM
from memo.pdf import export_pdf

out, cases = Path(sys.argv[1]), sys.argv[2:]
code = main([*cases, "-o", str(out if len(cases) > 1 else out / (Path(cases[0]).stem + ".docx"))])
docx = sorted(out.glob("*.docx"))
workers = (os.cpu_count() or 1) if len(docx) >= PARALLEL_FROM else 1
with ThreadPoolExecutor(max_workers=workers) as pool:
    list(pool.map(export_pdf, docx))
sys.exit(code)
"""


def make_cases(folder: Path, count: int) -> list[tuple[Path, str]]:
    """``count`` cases from the samples, each with its own title; the cases and their titles."""
    folder.mkdir(parents=True)
    made = []
    for number in range(1, count + 1):
        name = SAMPLE_NAMES[(number - 1) % len(SAMPLE_NAMES)]
        text = (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
        # A profile folder is relative to the sample: point at it where it is.
        text = re.sub(r"^profil: (profiler/.*)$", lambda m: f"profil: {(SAMPLES / m.group(1)).as_posix()}", text,
                      count=1, flags=re.MULTILINE)
        title_line = re.search(r"^rubrik: (.*)$", text, re.MULTILINE)
        assert title_line, name
        title = f"{title_line.group(1)} (punkt {number})"
        text = text.replace(title_line.group(0), f"rubrik: {title}", 1)
        case = folder / f"{number:02d}-{name}.yaml"
        case.write_text(text, encoding="utf-8")
        made.append((case, title))
    return made


def run_once(way: str, cases: list[tuple[Path, str]], work: Path, base: Path | None) -> float:
    """One run of ``way`` on the cases, into a fresh folder; its wall time. The PDFs are checked."""
    out = work / f"ut-{way}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    paths = [str(case) for case, _ in cases]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    if way == "en per PM" and base is None:
        command = [sys.executable, "-c", _ONE_PER_MEMO, str(out), *paths]
    else:
        target = str(out if len(cases) > 1 else out / (cases[0][0].stem + ".docx"))
        command = [sys.executable, "-m", "memo", *paths, "-o", target, "--pdf"]
        if way == "en per PM":
            env["PYTHONPATH"] = str(base)
    started = time.perf_counter()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{way}: memo avslutades med {done.returncode}:\n{done.stderr.decode()}")
    check(out, cases)
    return seconds


def check(out: Path, cases: list[tuple[Path, str]]) -> None:
    """Every memo has its PDF, and (with pdfinfo) each PDF has its own memo's title."""
    for case, title in cases:
        pdf = out / (case.stem + ".pdf")
        if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF-"):
            raise SystemExit(f"{pdf} saknas eller är ingen PDF")
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            shown = re.search(r"^Title:\s*(.*)$", info, re.MULTILINE)
            if not shown or shown.group(1).strip() != title:
                raise SystemExit(f"{pdf}: fel titel {shown.group(1) if shown else None!r}, väntade {title!r}")


def libreoffice_version() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("LibreOffice (soffice) behövs för den här mätningen.")
    done = subprocess.run([found, "--version"], capture_output=True, text=True)
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--antal", default="1,6,20", help="antal PM per körning, kommaseparerat (1,6,20)")
    parser.add_argument("--varv", type=int, default=3, help="varv per antal (3)")
    parser.add_argument("--json", type=Path, help="spara alla mätvärden som JSON")
    parser.add_argument("--base", type=Path, help="källträd (src) vars memo --pdf är det gamla sättet")
    args = parser.parse_args()
    counts = [int(n) for n in args.antal.split(",")]
    version = libreoffice_version()
    print(f"{version}; {os.cpu_count()} kärnor; Python {platform.python_version()}; {args.varv} varv")
    ways = ("en per PM", "samlat")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="memo-pdfbatch-") as folder:
        work = Path(folder)
        for count in counts:
            cases = make_cases(work / f"arenden-{count}", count)
            run_once("samlat", cases, work, args.base)  # warm-up: the page cache, memo's own cache
            times: dict[str, list[float]] = {way: [] for way in ways}
            for round_ in range(args.varv):
                for way in (ways if round_ % 2 == 0 else ways[::-1]):
                    times[way].append(run_once(way, cases, work, args.base))
                    print(f"  N={count:<3} {way:<10} {times[way][-1]:6.2f} s", flush=True)
            old, new = (statistics.median(times[way]) for way in ways)
            rows.append({"antal": count, "en_per_pm_s": old, "samlat_s": new, "kvot": new / old, "varv": times})
    print()
    print("| PM | en LibreOffice per PM | samlat (issue 14) | kvot |")
    print("| ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['antal']} | {row['en_per_pm_s']:.2f} s | {row['samlat_s']:.2f} s | {row['kvot']:.2f}× |")
    print()
    for row in rows:
        if row["antal"] == 20:
            print(f"mål: 20 PM ≤ 0,2× en per PM: {row['kvot']:.2f}× — {'uppfyllt' if row['kvot'] <= 0.2 else 'EJ'}")
        if row["antal"] == 1:
            print(f"mål: 1 PM inte långsammare: {row['kvot']:.2f}× — "
                  f"{'uppfyllt' if row['kvot'] <= 1.05 else 'EJ (mer än 5 % långsammare)'}")
    if args.json:
        args.json.write_text(json.dumps({"datum": dt.datetime.now().isoformat(timespec="seconds"),
                                         "libreoffice": version, "kärnor": os.cpu_count(),
                                         "base": str(args.base) if args.base else None, "rader": rows},
                                        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
