"""The ``memo`` command: ``memo ärende.yaml`` writes ``ärende.docx`` beside it.

Thin by design: ``main(argv) -> int`` parses the arguments, calls the library and turns
a :class:`memo.errors.MemoError` into one Swedish message on stderr and exit code 1.
Wrong usage exits with 2. Several cases (or a folder) are rendered as a batch, on all
cores when there are many, with a progress line on a terminal. ``--pdf`` also writes a
tagged PDF for publishing beside each memo: once every DOCX is written, all of them in one
step (:func:`memo.pdf.export_pdfs`, one LibreOffice per core). ``memo granska fil.docx`` checks the
accessibility of any Word document and exits with 1 when it finds a problem.

Stopped by Ctrl+C or SIGTERM (:mod:`memo.stopping`, installed by :func:`run`), memo ends every
child process (the batch's workers, LibreOffice), leaves no temporary file or folder, keeps each
memo it finished whole, says so in one line and exits with 130 or 143.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from memo.cli.argparsing import CASE_SUFFIXES, files_named, subparser
from memo.cli.batch import Job, export_pdfs, make_folder, remove_empty, report, run_jobs
from memo.cli.subcommands import SUBCOMMANDS, command_for, group_help, group_named, not_a_command
from memo.errors import MemoError

__all__ = ["SUBCOMMANDS", "main", "run"]

#: The width of the subcommands' names in ``memo --help``.
_WIDTH = max(len(name) for name, _, _ in SUBCOMMANDS)


def _parser() -> argparse.ArgumentParser:
    parser = subparser(
        prog="memo",
        description="Gör ett färdigt PM (tjänsteskrivelse, föredragnings-PM) i Word-format av ett "
                    "ärende skrivet i YAML.",
        epilog="underkommandon (memo KOMMANDO --help visar mer):\n"
               + "".join(f"  memo {name:<{_WIDTH}}  {what}\n" for name, what, _ in SUBCOMMANDS)
               + "\nExempel: memo ärende.yaml   (skriver ärende.docx bredvid ärendet)\n"
               "         memo ärenden/        (gör PM av alla .yaml-filer i mappen)\n"
               "         memo ny ärende.yaml --profil region-orebro-lan\n"
               "         memo kontrollera ärende.yaml",
    )
    parser.add_argument("filer", metavar="ÄRENDE.yaml", type=Path, nargs="+",
                        help="ärendet som ska bli ett PM; flera filer eller en mapp går också")
    parser.add_argument("-o", "--ut", metavar="FIL",
                        help="var PM:et ska sparas (standard: samma namn som ärendet, .docx); vid flera "
                             "ärenden, eller när det slutar med /, en mapp (som skapas om den inte finns)")
    parser.add_argument("--profil", metavar="PROFIL",
                        help="organisationens profil: ett inbyggt namn (t.ex. region-orebro-lan) eller en mapp")
    parser.add_argument("--mallar", metavar="MAPP", type=Path,
                        help="en mapp med egna avsnittsmallar som ersätter de inbyggda, mall för mall")
    parser.add_argument("--pdf", action="store_true",
                        help="skriv också en taggad PDF (PDF/UA) för publicering bredvid PM:et; kräver LibreOffice "
                             "(med --bevaka också Python-UNO, i Debian paketet python3-uno)")
    parser.add_argument("--skriv-over", "--skriv-över", dest="skriv_over", action="store_true",
                        help="ersätt PM:et även om någon har ändrat det efter att memo skrev det")
    parser.add_argument("--bevaka", action="store_true",
                        help="skriv PM:et igen varje gång ärendet, profilen eller mallarna sparas (Ctrl+C avslutar)")
    parser.add_argument("--debug", action="store_true", help="visa hela felspårningen vid fel (för utvecklare)")
    parser.add_argument("--version", action="version", version=f"memo {_version()}",
                        help="visa memos version och avsluta")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    return parser


def _version() -> str:
    from memo import __version__
    return __version__


def _granska_parser() -> argparse.ArgumentParser:
    parser = subparser(
        prog="memo granska",
        description="Granskar att Word-dokument (DOCX) är tillgängliga: språk, titel, författare, rubriker, "
                    "listor, tomma stycken, tabeller, bilder och textrutor. Avslutas med kod 1 om något "
                    "problem hittas.",
        epilog="Exempel: memo granska ärende.docx",
    )
    parser.add_argument("filer", metavar="FIL.docx", type=Path, nargs="+",
                        help="dokument som ska granskas; en mapp går också")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    return parser


def _profil_parser() -> argparse.ArgumentParser:
    parser = subparser(
        prog="memo profil ny",
        description="Gör en profil av organisationens eget Word-dokument eller Word-mall: sidformat, typsnitt, "
                    "formatmallar, sidhuvud och sidfot med logotyp. Formatmallar som memo behöver och som saknas "
                    "läggs till, och text i sidhuvudet som ser ut som diarienummer, datum eller handläggare blir "
                    "platshållare. memo skriver vad den gjorde och vad som är kvar att fylla i.",
        epilog="Exempel: memo profil ny min-kommun --från tjänsteskrivelse.dotx --namn \"Exempels kommun\" "
               "--logotext \"Exempels kommuns logotyp\"",
    )
    parser.add_argument("mapp", metavar="MAPP", type=Path, help="mappen som profilen skrivs i (ny eller tom)")
    parser.add_argument("--från", "--fran", dest="source", metavar="DOKUMENT", type=Path, required=True,
                        help="organisationens Word-dokument (.docx) eller Word-mall (.dotx)")
    parser.add_argument("--namn", metavar="NAMN", help="organisationens namn (annars mappens namn)")
    parser.add_argument("--logotext", metavar="TEXT", help="alternativtext för logotypen i sidhuvudet")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    return parser


def _profil_ny(argv: list[str]) -> int:
    """``memo profil ny``: a profile from the organisation's Word document, with a report of what is left."""
    args = _profil_parser().parse_args(argv)
    from memo.profile.new import new_profile

    try:
        made = new_profile(args.mapp, args.source, name=args.namn, logo_alt=args.logotext)
    except MemoError as exc:
        print(f"memo: {exc}", file=sys.stderr)
        return 1
    print(made.report())
    return 0


def _granska(argv: list[str]) -> int:
    """``memo granska``: report each document's accessibility problems; 1 if any, or if a file is unreadable."""
    args = _granska_parser().parse_args(argv)
    from memo.word.accessibility import check_docx, format_findings
    from memo.word.package import OPENDOCUMENT_TEXT

    status = 0
    files = files_named(args.filer, (".docx", *OPENDOCUMENT_TEXT))  # a folder: its documents (an .odt is told how
    if not files:                                                   # to become one)
        print("memo: inga .docx-filer hittades.", file=sys.stderr)
        return 1
    for path in files:
        try:
            findings = check_docx(path)
        except MemoError as exc:
            print(f"memo: {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"{path}: {format_findings(findings)}")
        if findings:
            status = 1
    return status


def _target(case: Path, out: Path | None, into_folder: bool) -> Path:
    if out is None:
        return case.with_suffix(".docx")
    return out / case.with_suffix(".docx").name if into_folder else out


def _watch(cases: list[Path], args: argparse.Namespace, out_text: str | None, into_folder: bool) -> int:
    """``--bevaka``: one case, written again after each save (and its PDF with ``--pdf``), until Ctrl+C."""
    if len(cases) != 1:
        print("memo: fel: --bevaka tar ett ärende.", file=sys.stderr)
        return 2
    if into_folder and _a_file_for_a_folder(args.ut, out_text, False):
        return 2
    from memo.cli.watch import command

    return _in_folder(args.ut if into_folder else None,
                      lambda: command(cases[0], _target(cases[0], args.ut, into_folder), args))


def _a_file_for_a_folder(out: Path, out_text: str | None, batch: bool) -> bool:
    """Whether ``-o`` names a file where it must be a folder (several cases, or ``-o ut/``); says so if it does."""
    if not out.exists() or out.is_dir():
        return False
    why = "med flera ärenden ska -o vara en mapp" if batch else f"-o {out_text} slutar med / och är en mapp"
    print(f"memo: fel: {why}, men {out} är en fil.", file=sys.stderr)
    return True


def _in_folder(folder: Path | None, write: Callable[[], int]) -> int:
    """``write`` the memos, with ``folder`` (``-o`` as a folder) made first and removed again if none reached it."""
    try:
        made = make_folder(folder) if folder is not None else []
    except MemoError as exc:
        print(f"memo: {exc}", file=sys.stderr)
        return 1
    try:
        return write()
    finally:  # a folder made for the memos, that none of them reached, is not left behind
        remove_empty(made)


def _stop_code(stop: BaseException) -> int:
    """The exit code after a stop: 128 + the signal's number (130 for Ctrl+C, 143 for SIGTERM)."""
    import signal

    return 128 + getattr(stop, "signal", signal.SIGINT)


def _stopped(stop: BaseException) -> int:
    """Say in one line that memo was stopped, once everything is cleaned up; return the exit code."""
    import signal

    code = _stop_code(stop)
    how = "med Ctrl+C" if code == 128 + signal.SIGINT else f"av signalen {signal.Signals(code - 128).name}"
    line = f"memo: avbröts {how}. Filer som hann skrivas är hela, och inga halvfärdiga finns kvar."
    with contextlib.suppress(OSError, ValueError):
        if sys.stderr is not None:
            print(_over_the_line() + line, file=sys.stderr, flush=True)
    return code


def _over_the_line() -> str:
    """On a terminal, what puts the next line over the progress line and the ^C the terminal shows."""
    return "\r\033[K" if sys.stderr is not None and sys.stderr.isatty() else ""


def run() -> NoReturn:
    """The ``memo`` program: :func:`main` in a process of its own.

    A short-lived process need not collect cycles, nor tear its modules down one by one
    at exit: the collector is off while it works, and once every file is written and
    closed and the output is flushed, the process ends at once (``os._exit``). Under
    coverage measurement, or when the output cannot be flushed (a closed pipe), it exits
    the ordinary way, so that exit handlers run and Python reports what it must.
    """
    import gc

    from memo import stopping

    stopping.install()  # first: a stop ends the children, removes the temporary files and says so in one line
    gc.disable()
    try:
        code = _through_pipes()
        stopping.finish()
    except stopping.Stopped as stop:  # raised once: later signals are ignored while this runs
        code = _stopped(stop)
        stopping.finish()
    gc.freeze()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None when the descriptor is closed (cron) or under pythonw
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    if "coverage" in sys.modules:
        sys.exit(code)
    os._exit(code)


#: The exit code when the reader of memo's output went away before it was all written (``memo schema | head``):
#: Python's own for a broken pipe, as the signal module's documentation handles it.
CLOSED_PIPE = 1


def _through_pipes() -> int:
    """:func:`main`, with its output read by another program that may stop reading early (``memo schema | head``).

    Then memo ends as Python's documentation says a program should (the signal module's note on
    SIGPIPE): quietly, without a traceback, the rest of its output going to :data:`os.devnull`, with
    exit code :data:`CLOSED_PIPE`. What it was doing stops there, as for every program in a pipe;
    the memos written are whole (a batch's workers are ended, and a folder made for the memos that
    none reached is removed).
    """
    from memo.stopping import Stopped

    try:
        try:
            code = main()
        except SystemExit as done:  # argparse: help, version and wrong usage, whose output is flushed here
            if isinstance(done, Stopped):
                raise
            if isinstance(done.code, str):
                print(done.code, file=sys.stderr)
            code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        _to_devnull()
        return CLOSED_PIPE
    return code


def _to_devnull() -> None:
    """Send the rest of the output of each closed pipe (standard output, unless only standard error is one) to
    :data:`os.devnull`, so that neither memo nor Python's exit writes to it again."""
    closed = []
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            closed.append(stream)
        except (OSError, ValueError):
            continue
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in closed or [stream for stream in (sys.stdout,) if stream is not None]:
            os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)


def _subcommand(target: str) -> Callable[[list[str]], int]:
    """The function ``module:name`` of a subcommand, imported when it is run."""
    import importlib

    module, _, name = target.partition(":")
    function: Callable[[list[str]], int] = getattr(importlib.import_module(module), name)
    return function


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if any(not argument.strip() for argument in arguments):  # "$ARENDE" unset: not the working folder
        print("memo: fel: ett argument är tomt; ange ärendets fil eller mapp.", file=sys.stderr)
        return 2
    chosen = command_for(arguments)
    if chosen is not None:
        function, rest = chosen
        return _subcommand(function)(rest)
    group = group_named(arguments)
    if group is not None:
        return group_help(group, arguments[1:])
    misspelt = not_a_command(arguments)
    if misspelt is not None:  # "memo kontrolera ärende.yaml": nothing is written
        print(f"memo: fel: {misspelt}", file=sys.stderr)
        return 2
    args = _parser().parse_args(arguments)
    misspelt = not_a_command([str(path) for path in args.filer])  # "memo --skriv-over kontrolera a.yaml"
    if misspelt is not None:
        print(f"memo: fel: {misspelt}", file=sys.stderr)
        return 2
    out_text: str | None = args.ut
    args.ut = None if out_text is None else Path(out_text)
    cases = files_named(args.filer, CASE_SUFFIXES)
    batch = len(cases) > 1 or any(p.is_dir() for p in args.filer)
    # Several cases, or -o ut/: -o is a folder, made when memo is about to write in it.
    into_folder = out_text is not None and (batch or out_text.endswith(("/", os.sep)))
    if args.bevaka:
        return _watch(cases, args, out_text, into_folder)
    if into_folder and _a_file_for_a_folder(args.ut, out_text, batch):
        return 2
    if batch and into_folder and not args.ut.exists() and args.ut.suffix.lower() == ".docx":
        print(f"memo: fel: med flera ärenden ska -o vara en mapp, inte ett dokument ({args.ut}).", file=sys.stderr)
        return 2
    if not cases:
        print("memo: inga .yaml-filer hittades.", file=sys.stderr)
        return 1
    # The PDFs are made after every DOCX is written, all in one step (memo.pdf.export_pdfs), not one by one.
    jobs = [Job(case, _target(case, args.ut, into_folder), args.profil, args.mallar, args.debug, False,
                args.skriv_over, batch) for case in cases]
    by_target: dict[Path, Path] = {}
    for case, target, *_ in jobs:
        other = by_target.setdefault(target.resolve(), case)
        if other != case:
            print(f"memo: fel: {other} och {case} skulle båda bli {target}; byt namn på det ena ärendet.",
                  file=sys.stderr)
            return 2
    return _in_folder(args.ut if into_folder else None, lambda: _render(jobs, batch, args.pdf))


def _render(jobs: list[Job], batch: bool, pdf: bool) -> int:
    """Write the jobs' memos (and their PDFs), saying what was written or why not; return the exit code."""
    progress = batch and sys.stderr is not None and sys.stderr.isatty()
    written: list[Path] = []
    with contextlib.closing(run_jobs(jobs)) as outcomes:  # left early (a stop): the workers are ended at once
        failures = report(jobs, outcomes, progress, written)
    if pdf and written:
        failures += export_pdfs(written, progress)
    return 1 if failures else 0
