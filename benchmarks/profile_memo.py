"""Where memo's time goes: per stage, warm, and what a cold start spends on imports.

    python benchmarks/profile_memo.py [--fall seed,stycken-1000,rader-1000] [--varv 20]
                                      [--cprofile UT.prof] [--pyinstrument] [--kall]

* Stages: memo's pipeline functions are wrapped with a stopwatch (only in this process)
  and a warm ``memo.render(fil)`` is split into YAML load, validation + Markdown, profile
  and checks, Jinja, markup → blocks, and inside the DOCX writer: opening the reference
  with python-docx, building the body XML, parsing it, filling header/footer, the
  fingerprint, the zip save, and the rest (moving the parsed body into the document,
  core properties). The wrapped names are memo internals: a name that no longer exists
  is reported as missing, not an error.
* ``--cprofile`` / ``--pyinstrument``: a full profile of the same warm renders.
* ``--utan-gc``: the same with Python's cyclic garbage collector off, to see what it costs per stage.
* ``--kall``: ``python -X importtime -c "import memo; memo.render"`` (median of runs) grouped
  by top-level package, and a cold ``memo`` command split into interpreter start, imports,
  first render (one-time set-up) and writing the file.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import cases  # noqa: E402
from run import compile_memo, raised_limits  # noqa: E402

# (stage label, module, attribute). Top-level stages add up to the whole render.
TOP = (
    ("YAML-inläsning (read_yaml)", "memo.profile.chosen", "read_yaml"),
    ("validering + Markdown (build_case)", "memo.kinds.pm", "build_case"),
    ("profil + kontroller", "memo.profile.chosen", "resolve_profile"),
    ("profil + kontroller", "memo.kinds.pm", "check_against_profile"),
    ("Jinja (render_markup)", "memo.pipeline", "render_markup"),
    ("uppmärkning → block (parse_markup)", "memo.pipeline", "parse_markup"),
    ("förberedd referens (prepare_reference)", "memo.pipeline", "prepare_reference"),
    ("DOCX (write_docx)", "memo.pipeline", "write_docx"),
)
# Inside the DOCX writer and the reference preparation; names that are missing are skipped.
# Times are exclusive: a wrapped function called from another counts only for itself.
INSIDE_DOCX = (
    ("python-docx förbereder referensen (cachemiss)", "memo.word.prepare", "prepare_with_docx"),
    ("läsa förberedd referens ur cachen", "memo.profile.reference", "PreparedReference.from_json"),
    ("stilkontroll (_check_styles)", "memo.word.writer", "_check_styles"),
    ("brödtext som XML-sträng (body_xml)", "memo.word.writer", "body_xml"),
    ("kärnegenskaper (_core_xml)", "memo.word.writer", "_core_xml"),
    ("fingeravtryck (digest)", "memo.word.writer", "digest"),
    ("zip: skriv delar (ZipFile.writestr)", "zipfile", "ZipFile.writestr"),
)


class Stopwatch:
    """Inclusive time per label (recursion counted once) and exclusive time (minus wrapped callees)."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.exclusive: dict[str, float] = defaultdict(float)
        self.missing: list[str] = []
        self.depth: dict[str, int] = defaultdict(int)
        self.stack: list[list[float]] = []  # per active call: [time spent in wrapped callees]

    def clear(self) -> None:
        self.total.clear()
        self.exclusive.clear()

    def wrap(self, label: str, module: str, attribute: str) -> None:
        import importlib

        try:
            owner: Any = importlib.import_module(module)
            *path, name = attribute.split(".")
            for part in path:
                owner = getattr(owner, part)
            original = getattr(owner, name)
        except (ImportError, AttributeError):
            self.missing.append(f"{module}.{attribute}")
            return

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.depth[label] += 1
            self.stack.append([0.0])
            start = time.perf_counter_ns()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter_ns() - start
                callees = self.stack.pop()[0]
                self.exclusive[label] += elapsed - callees
                if self.stack:
                    self.stack[-1][0] += elapsed
                self.depth[label] -= 1
                if self.depth[label] == 0:  # count recursion once
                    self.total[label] += elapsed

        setattr(owner, name, timed)


def stages(path: Path, rounds: int) -> dict[str, Any]:
    import memo

    watch = Stopwatch()
    for spec in TOP + INSIDE_DOCX:
        watch.wrap(*spec)
    with raised_limits(path):
        memo.render(path)  # warm: reference parsed, templates compiled
        watch.clear()
        samples = []
        for _ in range(rounds):
            start = time.perf_counter_ns()
            memo.render(path)
            samples.append(time.perf_counter_ns() - start)
    whole = sum(samples) / rounds / 1e6
    per = {label: ns / rounds / 1e6 for label, ns in watch.total.items()}
    own = {label: ns / rounds / 1e6 for label, ns in watch.exclusive.items()}
    top_labels = dict.fromkeys(label for label, _, _ in TOP)
    rows: list[tuple[str, float]] = [(label, per.get(label, 0.0)) for label in top_labels]
    rows.append(("övrigt i render (pipeline)", whole - sum(per.get(label, 0.0) for label in top_labels)))
    inner: list[tuple[str, float]] = [(label, own.get(label, 0.0)) for label in dict.fromkeys(
        label for label, _, _ in INSIDE_DOCX)]
    inner.append(("övrigt i write_docx (egen tid: strängar, hash, zip-ram …)", own.get("DOCX (write_docx)", 0.0)))
    return {"fil": str(path), "ms_per_render": round(whole, 2), "steg": rows, "i_docx": inner,
            "saknas": watch.missing}


def print_stages(name: str, result: dict[str, Any]) -> None:
    whole = result["ms_per_render"]
    print(f"\n== {name}: memo.render(fil), varm, {whole:.2f} ms per PM (med stoppur)")
    for label, ms in result["steg"]:
        print(f"   {label:60} {ms:9.2f} ms {100 * ms / whole:5.1f} %")
    print("   varav i DOCX-steget:")
    for label, ms in result["i_docx"]:
        if ms >= 0.005:
            print(f"     {label:58} {ms:9.2f} ms {100 * ms / whole:5.1f} %")
    if result["saknas"]:
        print(f"   (namn som inte finns i den här versionen: {', '.join(result['saknas'])})")


def full_profile(path: Path, rounds: int, out: Path | None, pyinstrument: bool) -> None:
    import memo

    with raised_limits(path):
        memo.render(path)
        if out is not None:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(rounds):
                memo.render(path)
            profiler.disable()
            profiler.dump_stats(out)
            print(f"\n-- cProfile, {rounds} renderingar av {path.name} (tottime, topp 25) → {out}")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        if pyinstrument:
            from pyinstrument import Profiler

            profiler2 = Profiler(interval=0.0005)
            profiler2.start()
            for _ in range(rounds):
                memo.render(path)
            profiler2.stop()
            print(f"\n-- pyinstrument, {rounds} renderingar av {path.name}")
            print(profiler2.output_text(unicode=True, color=False, show_all=False))


# --- cold start ---------------------------------------------------------------------------------

GROUPS = (
    ("memo (egna moduler)", ("memo",)),
    ("python-docx", ("docx",)),
    ("lxml", ("lxml",)),
    ("jinja2 + markupsafe", ("jinja2", "markupsafe")),
    ("markdown-it-py (+ mdurl)", ("markdown_it", "mdurl")),
    ("babel", ("babel",)),
    ("pyyaml", ("yaml", "_yaml")),
    ("urllib.request/http/email/ssl (via xml.sax.saxutils)", ("urllib", "http", "email", "ssl", "xml",
                                                               "mimetypes", "base64", "hashlib", "socket",
                                                               "selectors", "calendar", "quopri", "uu",
                                                               "bisect", "random", "tempfile", "shutil")),
    ("typing/dataclasses/re/övrig stdlib", ()),
)


def importtime(code: str, runs: int) -> dict[str, dict[str, float]]:
    """Median self and cumulative µs per module over ``runs`` processes."""
    selfs: dict[str, list[int]] = defaultdict(list)
    cumulative: dict[str, list[int]] = defaultdict(list)
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                             check=True).stderr
        for line in err.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            _, self_us, cum_us, name = (part.strip() for part in line.replace("import time:", "|", 1).split("|"))
            selfs[name.strip()].append(int(self_us))
            cumulative[name.strip()].append(int(cum_us))
    return {name: {"self": statistics.median(v), "cum": statistics.median(cumulative[name])}
            for name, v in selfs.items()}


def group_of(module: str) -> str:
    top = module.split(".")[0]
    for label, prefixes in GROUPS:
        if top in prefixes:
            return label
    return GROUPS[-1][0]


def cold(runs: int) -> None:
    compile_memo()  # memo's bytecode, as pip writes it at install (PYTHONDONTWRITEBYTECODE would hide it)
    code = "import memo; memo.render"
    times = importtime(code, runs)
    by_group: dict[str, float] = defaultdict(float)
    for module, t in times.items():
        by_group[group_of(module)] += t["self"]
    total = sum(by_group.values())
    print(f"\n== kallstart: python -X importtime -c '{code}' (median av {runs} körningar; importtime "
          "lägger själv på tid)")
    print(f"   alla importer {total / 1000:.1f} ms (summa självtid)")
    for label, us in sorted(by_group.items(), key=lambda kv: -kv[1]):
        print(f"   {label:56} {us / 1000:7.1f} ms")
    print("   tyngsta moduler (kumulativt):")
    heavy = sorted(times.items(), key=lambda kv: -kv[1]["cum"])
    for module, t in heavy[:30]:
        print(f"     {module:48} {t['cum'] / 1000:7.1f} ms (själv {t['self'] / 1000:5.1f})")
    # Which imports the CLI path needs at all.
    seed = cases.SEED
    script = (
        "import time, sys\n"
        "t0 = time.perf_counter()\n"
        "import memo.cli\n"
        "t1 = time.perf_counter()\n"
        "import memo.pipeline\n"
        "t2 = time.perf_counter()\n"
        f"data = memo.pipeline.render({str(seed)!r})\n"
        "t3 = time.perf_counter()\n"
        f"memo.pipeline.render({str(seed)!r})\n"
        "t4 = time.perf_counter()\n"
        "import tempfile, pathlib\n"
        "from memo.word.output import write_atomically\n"
        "d = tempfile.mkdtemp()\n"
        "t5 = time.perf_counter()\n"
        "write_atomically(pathlib.Path(d) / 'ut.docx', data)\n"
        "t6 = time.perf_counter()\n"
        "print((t1-t0)*1000, (t2-t1)*1000, (t3-t2)*1000, (t4-t3)*1000, (t6-t5)*1000)\n"
    )
    rows = []
    starts = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        starts.append((time.perf_counter() - start) * 1000)
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
        rows.append([float(x) for x in out.split()])
    med = [statistics.median(col) for col in zip(*rows, strict=True)]
    print(f"\n== kall memo-process uppdelad (median av {runs})")
    print(f"   starta Python (python -c pass, hela processen)              {statistics.median(starts):7.1f} ms")
    print(f"   import memo.cli                                             {med[0]:7.1f} ms")
    print(f"   import memo.pipeline (jinja2, yaml, babel, markdown-it)       {med[1]:5.1f} ms")
    print(f"   första render (inkl. engångsarbete: referens, mallar, locale) {med[2]:5.1f} ms")
    print(f"   andra render (varm, för jämförelse)                          {med[3]:6.1f} ms")
    print(f"   skriva filen (write_atomically, med fsync)                   {med[4]:6.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Var memo lägger sin tid.")
    parser.add_argument("--fall", default="seed,stycken-1000,rader-1000",
                        help="seed och/eller genererade fall (stycken-N, rader-N)")
    parser.add_argument("--varv", type=int, default=20, help="renderingar per fall för stegtiderna")
    parser.add_argument("--cprofile", type=Path, help="skriv en cProfile-fil (för snakeviz m.fl.)")
    parser.add_argument("--pyinstrument", action="store_true", help="skriv pyinstrument-träd")
    parser.add_argument("--kall", action="store_true", help="mät kallstarten (importer, första render)")
    parser.add_argument("--kall-varv", type=int, default=7)
    parser.add_argument("--utan-gc", action="store_true",
                        help="stäng av Pythons cykliska skräpsamlare (visar vad den kostar i varje steg)")
    args = parser.parse_args(argv)
    if args.utan_gc:
        import gc

        gc.disable()
    generated = cases.write_cases()
    for name in (n.strip() for n in args.fall.split(",") if n.strip()):
        path = cases.SEED if name == "seed" else generated[name]
        size = int(name.rsplit("-", 1)[1]) if name != "seed" else 0
        rounds = max(1, args.varv // (10 if size >= 10_000 else 1))
        print_stages(name, stages(path, rounds))
        if args.cprofile or args.pyinstrument:
            out = args.cprofile.with_name(f"{args.cprofile.stem}-{name}{args.cprofile.suffix}") \
                if args.cprofile else None
            full_profile(path, rounds, out, args.pyinstrument)
    if args.kall:
        with tempfile.TemporaryDirectory():
            cold(args.kall_varv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
