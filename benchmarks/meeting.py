"""Issue 24: a sammanträde's documents against a plain batch of the same cases, as a user runs them.

    python benchmarks/meeting.py [--antal 20] [--varv 5] [--steg 3] [--json resultat.json]

Makes ``--antal`` cases (copies of two standard-profile samples, each with its own rubrik and diarienummer) in a
folder ``arenden/`` and a meeting file ``mote.yaml`` beside it, with one standing item (Val av justerare) before
them. Then, as whole processes and in alternating order each round:

* ``kallelse --pdf``: ``memo kallelse mote.yaml --pdf -o UT`` (kallelse.docx, kallelse.pdf and the mötesbok),
  against ``memo arenden/ -o UT/ --pdf`` (a DOCX and a PDF per case, the plain batch);
* ``protokoll``: ``memo protokoll mote.yaml -o UT`` (the protokoll and one protokollsutdrag per §), against
  ``memo arenden/ -o UT/`` (a DOCX per case, no PDF), for information.

Wall time per run; median and minimum over the rounds, the ratio of the medians (and of the minimums) and the
median of the rounds' own ratios (each round's two runs are neighbours in time, so a load change hits both). Every
run's output is checked: the mötesbok has every case's rubrik in agenda order (pdftotext) and its page count is
read (pdfinfo); the batch wrote a PDF per case; the protokoll run wrote one utdrag per §. Prints the mötesbok's
size beside the sum of the memo PDFs' sizes, and a Markdown table for docs/prestanda.md. Last, ``--steg`` runs of
``memo.meeting.write_kallelse(pdf=True)`` in fresh processes with a stopwatch on each step (reading, rendering,
LibreOffice, the merge into the mötesbok, imports) say where the kallelse's time goes. Never asserts a timing;
not a test. LibreOffice and Poppler (pdftotext, pdfinfo) are needed.
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

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
#: Two standard-profile samples, used in turn.
SAMPLE_NAMES = ("tjansteskrivelse-forskola-norrby", "yttrande-regional-cykelstrategi")
MEETING_DATE = "2026-10-05"
#: ``write_kallelse(pdf=True)`` in a fresh process, as the command runs it, with a stopwatch on each step.
_STEPS = """
import json, sys, time, warnings
started = time.perf_counter()
warnings.simplefilter("ignore")
import memo.meeting as meeting
import memo.pdf
import memo.pdf.book
spent = {}

def clocked(name, function):
    def timed(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - begun
    return timed

meeting.load_meeting = clocked("läsa sammanträdet och ärendena", meeting.load_meeting)
meeting.render = clocked("rendera kallelsen och PM:en", meeting.render)
memo.pdf.export_pdfs = clocked("LibreOffice: DOCX till PDF", memo.pdf.export_pdfs)
memo.pdf.book.make_book = clocked("sätta ihop mötesboken (pikepdf)", memo.pdf.book.make_book)
imported = time.perf_counter() - started
meeting.write_kallelse(sys.argv[1], sys.argv[2], pdf=True, overwrite=True)
whole = time.perf_counter() - started
spent["importer"] = imported
spent["övrigt (skriva filer, temporär mapp)"] = whole - sum(spent.values())
spent["hela (utan Pythons start)"] = whole
print(json.dumps(spent))
"""
MEETING_HEAD = f"""\
profil: standard
namnd: Kommunstyrelsen
datum: {MEETING_DATE}
tid: "13.00"
plats: Sessionssalen, Stadshuset
ordforande: Anna Berg (S)
sekreterare: Per Holm
justerare:
  - Eva Lind (M)
beslutande:
  - Anna Berg (S), ordförande
  - Lars Ek (M), 1:e vice ordförande
  - Eva Lind (M)
justering: Kommunkansliet, 12 oktober 2026
forvaringsplats: Kommunkansliet
forsta_paragraf: 1
arenden:
  - rubrik: Val av justerare
    forslag_till_beslut:
      - utse Eva Lind (M) att jämte ordföranden justera protokollet
"""


def make_meeting(work: Path, count: int) -> tuple[Path, Path, list[str]]:
    """``count`` cases in ``work/arenden`` and a meeting file with them: the meeting file, the folder and the
    cases' rubriker in agenda order."""
    folder = work / "arenden"
    folder.mkdir(parents=True)
    titles, lines = [], [MEETING_HEAD]
    for number in range(1, count + 1):
        name = SAMPLE_NAMES[(number - 1) % len(SAMPLE_NAMES)]
        text = (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
        title_line = re.search(r"^rubrik: (.*)$", text, re.MULTILINE)
        number_line = re.search(r"^diarienummer: (.*)$", text, re.MULTILINE)
        assert title_line and number_line, name
        title = f"{title_line.group(1)} (punkt {number})"
        text = text.replace(title_line.group(0), f"rubrik: {title}", 1)
        text = text.replace(number_line.group(0), f"diarienummer: KS 2026/{900 + number:04d}", 1)
        # Every case goes to this meeting.
        text = re.sub(r"^sammantradesdatum: .*$", f"sammantradesdatum: {MEETING_DATE}", text, count=1,
                      flags=re.MULTILINE)
        case = folder / f"{number:02d}-{name}.yaml"
        case.write_text(text, encoding="utf-8")
        lines.append(f"  - arenden/{case.name}\n")
        titles.append(title)
    meeting = work / "mote.yaml"
    meeting.write_text("".join(lines), encoding="utf-8")
    return meeting, folder, titles


def memo_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "memo", *args]


def run(command: list[str], out: Path) -> float:
    """``command`` once, in ``out``'s folder, into a fresh ``out``; its wall time."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, cwd=out.parent,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[2:])}: avslutades med {done.returncode}:\n{done.stderr.decode()}")
    return seconds


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^Pages:\s*(\d+)", info, re.MULTILINE)
    assert found, pdf
    return int(found.group(1))


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def check_book(out: Path, titles: list[str]) -> dict[str, int]:
    """The mötesbok holds every case's rubrik, in agenda order; its size and pages, and the kallelse PDF's."""
    book, kallelse = out / "motesbok.pdf", out / "kallelse.pdf"
    for path in (book, kallelse, out / "kallelse.docx"):
        if not path.is_file():
            raise SystemExit(f"{path} saknas")
    text, at = pdf_text(book), 0
    for title in titles:
        found = text.find(title, at)
        if found < 0:
            raise SystemExit(f"{book}: {title!r} saknas eller står i fel ordning")
        at = found + len(title)
    return {"motesbok_bytes": book.stat().st_size, "motesbok_sidor": pdf_pages(book),
            "kallelse_pdf_bytes": kallelse.stat().st_size, "kallelse_pdf_sidor": pdf_pages(kallelse)}


def check_batch(out: Path, folder: Path, pdf: bool) -> dict[str, int]:
    """A DOCX (and a PDF) per case; the PDFs' summed size and pages."""
    cases = sorted(folder.glob("*.yaml"))
    for case in cases:
        for suffix in (".docx", ".pdf") if pdf else (".docx",):
            if not (out / (case.stem + suffix)).is_file():
                raise SystemExit(f"{out / (case.stem + suffix)} saknas")
    if not pdf:
        return {}
    pdfs = [out / (case.stem + ".pdf") for case in cases]
    return {"pm_pdf_bytes": sum(path.stat().st_size for path in pdfs), "pm_pdf_sidor": sum(map(pdf_pages, pdfs))}


def check_protokoll(out: Path, count: int) -> None:
    utdrag = sorted((out / "protokollsutdrag").glob("paragraf-*.docx"))
    if not (out / "protokoll.docx").is_file() or len(utdrag) != count + 1:
        raise SystemExit(f"{out}: protokoll.docx och {count + 1} protokollsutdrag väntades, fick {len(utdrag)}")


def steps(meeting: Path, out: Path, rounds: int) -> dict[str, float]:
    """Where ``memo kallelse --pdf``'s time goes: the median seconds of each step over ``rounds`` fresh processes."""
    spent: dict[str, list[float]] = {}
    for _ in range(rounds):
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run([sys.executable, "-c", _STEPS, str(meeting), str(out)], capture_output=True, text=True,
                              check=True)
        for name, seconds in json.loads(done.stdout).items():
            spent.setdefault(name, []).append(seconds)
    return {name: statistics.median(times) for name, times in spent.items()}


def compare(label: str, ways: dict[str, list[str]], outs: dict[str, Path], rounds: int,
            check: dict[str, Any]) -> dict[str, Any]:
    """``rounds`` alternating runs of the two ways (after one warm-up run each); medians, minimums, ratios."""
    names = list(ways)
    for name in names:
        run(ways[name], outs[name])
        check[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    loads = []
    for round_ in range(rounds):
        loads.append(os.getloadavg()[0])
        for name in (names if round_ % 2 == 0 else names[::-1]):
            times[name].append(run(ways[name], outs[name]))
            print(f"  {label}: {name:<28} {times[name][-1]:6.2f} s  (belastning {os.getloadavg()[0]:.2f})",
                  flush=True)
    first, second = names
    medians = {name: statistics.median(times[name]) for name in names}
    minimums = {name: min(times[name]) for name in names}
    return {"kommandon": {name: " ".join(["memo", *ways[name][3:]]) for name in names}, "varv": times,
            "median_s": medians, "min_s": minimums, "kvot_median": medians[first] / medians[second],
            "kvot_min": minimums[first] / minimums[second],
            "kvot_parvis": statistics.median(a / b for a, b in zip(times[first], times[second], strict=True)),
            "belastning": loads}


def sv(number: float, digits: int = 2) -> str:
    """A number as Swedish writes it (decimal comma)."""
    return f"{number:.{digits}f}".replace(".", ",")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--antal", type=int, default=20, help="ärenden på föredragningslistan (20)")
    parser.add_argument("--varv", type=int, default=5, help="varv per jämförelse (5)")
    parser.add_argument("--steg", type=int, default=3,
                        help="körningar av kallelsen med stoppur på varje steg, i egna processer (3; 0 hoppar över)")
    parser.add_argument("--json", type=Path, help="spara alla mätvärden som JSON")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdfinfo") or not shutil.which("pdftotext"):
        raise SystemExit("LibreOffice (soffice) och Poppler (pdfinfo, pdftotext) behövs för den här mätningen.")
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; {os.cpu_count()} kärnor; Python {platform.python_version()}; {args.antal} ärenden, "
          f"{args.varv} varv; belastning {[round(x, 2) for x in os.getloadavg()]}")
    result: dict[str, Any] = {"datum": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                              "libreoffice": version, "kärnor": os.cpu_count(), "antal": args.antal,
                              "belastning_före": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="memo-motesbok-bench-") as scratch:
        work = Path(scratch)
        meeting, folder, titles = make_meeting(work, args.antal)
        sizes: dict[str, int] = {}
        outs = {"kallelse": work / "ut-kallelse", "batch": work / "ut-batch"}
        pdf = compare("pdf", {"kallelse": memo_command("kallelse", meeting.name, "--pdf", "-o", outs["kallelse"].name),
                              "batch": memo_command(f"{folder.name}/", "-o", f"{outs['batch'].name}/", "--pdf")},
                      outs, args.varv,
                      {"kallelse": lambda: sizes.update(check_book(outs["kallelse"], titles)),
                       "batch": lambda: sizes.update(check_batch(outs["batch"], folder, pdf=True))})
        outs = {"protokoll": work / "ut-protokoll", "batch": work / "ut-batch-docx"}
        protokoll = compare("docx", {"protokoll": memo_command("protokoll", meeting.name, "-o", outs["protokoll"].name),
                                     "batch": memo_command(f"{folder.name}/", "-o", f"{outs['batch'].name}/")},
                            outs, args.varv,
                            {"protokoll": lambda: check_protokoll(outs["protokoll"], args.antal),
                             "batch": lambda: check_batch(outs["batch"], folder, pdf=False)})
        spent = steps(meeting, work / "ut-steg", args.steg) if args.steg else {}
    result.update({"kallelse_pdf": pdf, "protokoll": protokoll, "storlekar": sizes, "steg_s": spent,
                   "belastning_efter": os.getloadavg()})
    print()
    print("| mått | sammanträdet | batch | kvot |")
    print("| --- | ---: | ---: | ---: |")
    for row, first in ((pdf, "kallelse"), (protokoll, "protokoll")):
        label = f"`{row['kommandon'][first]}` mot `{row['kommandon']['batch']}`"
        for statistic, ratio in (("median_s", "kvot_median"), ("min_s", "kvot_min")):
            print(f"| {label}, {statistic.removesuffix('_s')} | {sv(row[statistic][first])} s "
                  f"| {sv(row[statistic]['batch'])} s | {sv(row[ratio])}× |")
        print(f"| {label}, varvens kvoter (median) | | | {sv(row['kvot_parvis'])}× |")
    print()
    print(f"mötesboken: {sizes['motesbok_bytes']} byte ({sizes['motesbok_bytes'] / 1024:.0f} kB), "
          f"{sizes['motesbok_sidor']} sidor; kallelse.pdf {sizes['kallelse_pdf_bytes'] / 1024:.0f} kB, "
          f"{sizes['kallelse_pdf_sidor']} sidor; de {args.antal} PM:ens PDF:er sammanlagt {sizes['pm_pdf_bytes']} "
          f"byte ({sizes['pm_pdf_bytes'] / 1024:.0f} kB), {sizes['pm_pdf_sidor']} sidor")
    if spent:
        print(f"kallelsen med --pdf, steg för steg (median av {args.steg} processer): "
              + "; ".join(f"{name} {sv(seconds)} s" for name, seconds in spent.items()))
    verdict = "uppfyllt" if pdf["kvot_median"] <= 1.5 else "EJ uppfyllt"
    print(f"mål: kallelse med mötesbok ≤ 1,5× batchen med --pdf: {sv(pdf['kvot_median'])}× — {verdict}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
