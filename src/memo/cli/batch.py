"""A run of many cases (a batch): rendered in this process, or spread over a pool of worker processes, each
outcome printed as it comes, and the PDF step after.

A stopped batch (:mod:`memo.stopping`) ends every worker before it returns: each is sent SIGTERM, finishes or
unwinds the memo it is writing and exits; one still running after :data:`STOP_SECONDS` is killed.

The folder the memos go into (``-o ut/``) is made when memo is about to write in it (:func:`make_folder`), and
removed again when no memo reached it (:func:`remove_empty`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from memo.cli.argparsing import for_case
from memo.errors import Location, MemoError, MemoWarning, OutputError, os_reason
from memo.notice import Finding

__all__ = ["PARALLEL_FROM", "STOP_SECONDS", "Job", "export_pdfs", "make_folder", "remove_empty", "report",
           "run_jobs"]

#: From this many cases on, a batch is spread over all cores.
PARALLEL_FROM = 8
#: A warning as a job returns it (from a worker process, so as plain values): the line to print, and the finding
#: it says (the run says a warning about the profile once, :class:`memo.validation.SaidOnce`).
Warned = tuple[str, Finding]
#: What became of a job: the Swedish error text (None when the memo was written) and the warnings.
Outcome = tuple[str | None, list[Warned]]



class Job(NamedTuple):
    """One case to render, and how."""

    case: Path
    target: Path
    profile: str | None
    templates: Path | None
    debug: bool
    pdf: bool
    overwrite: bool
    #: One of several cases: an error that is not in the case itself names the case too.
    batch: bool


def _render_one(job: Job) -> Outcome:
    """Render one case; return the Swedish error text (None on success) and the warnings."""
    case, target, profile, templates, debug, pdf, overwrite, batch = job
    import warnings

    from memo.pipeline import write

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MemoWarning)
        try:
            write(case, target, profile=profile, templates=templates, pdf=pdf, overwrite=overwrite)
        except MemoError as exc:
            if debug:
                import traceback  # only with --debug

                traceback.print_exc()
            return for_case(exc, case) if batch else str(exc), _warnings(case, caught)
    from memo.validation import language_findings, warning_line

    return None, _warnings(case, caught) + [(warning_line(case, f), f) for f in language_findings(case, profile)]


def _warnings(case: Path, caught: Sequence[Any]) -> list[Warned]:
    from memo.errors import Location
    from memo.validation import memo_warnings, warning_line

    return [(warning_line(case, finding), finding) for finding in memo_warnings(caught, Location(case))]


def run_jobs(jobs: list[Job]) -> Generator[Outcome, None, None]:
    """Each job's outcome, in order: rendered here, or by a pool of worker processes for a large batch.

    When the batch is stopped (or the caller closes the iterator), every worker is ended before
    this returns (:func:`_end_workers`).
    """
    workers = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or workers < 2:
        yield from map(_render_one, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor  # only for a batch: it imports multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    from memo.stopping import deferred, result_of

    size = max(1, len(jobs) // (workers * 8))
    with deferred():  # every worker is started and known to the pool before a stop is let through
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
        chunks = [(pool.submit(_render_in_worker, jobs[start:start + size]), jobs[start:start + size])
                  for start in range(0, len(jobs), size)]
    try:
        for chunk, its_jobs in chunks:
            try:
                yield from result_of(chunk)
            except BrokenProcessPool:  # a worker was ended from outside (the system, out of memory): the pool ends
                yield from ((_ended_from_outside(job), []) for job in its_jobs)
    except BaseException:  # stopped: no worker goes on writing memos, none is left waiting
        _end_workers(pool)
        raise
    pool.shutdown()


def _ended_from_outside(job: Job) -> str:
    from memo.word.output import remove_leftovers

    remove_leftovers(job.target)
    return (f"{job.case}: Processen som skulle skriva {job.target.name} avslutades utifrån (till exempel av systemet "
            "när minnet tog slut), så memo vet inte om den hann skriva dokumentet; det som finns är helt. Kör memo "
            "igen för det här ärendet.")


#: Seconds a worker of a stopped batch has to finish or unwind the memo it is writing before it is killed.
STOP_SECONDS = 3.0


def _start_worker() -> None:
    """A worker of a batch: it renders many memos, so it collects cycles whatever the parent does; Ctrl+C is
    left to the main process, and SIGTERM (which the main process sends when it stops) ends it."""
    import gc

    from memo.stopping import install_in_worker

    gc.enable()
    install_in_worker()


def _render_in_worker(jobs: list[Job]) -> list[Outcome]:
    """A worker renders a share of the batch's jobs."""
    from memo.stopping import Stopped

    try:
        return [_render_one(job) for job in jobs]
    except Stopped as stop:  # the memo's temporary file is gone: end here rather than take the next jobs
        os._exit(stop.code if isinstance(stop.code, int) else 1)


def _end_workers(pool: Any) -> None:
    """End the worker processes of a stopped batch: each is sent SIGTERM, finishes or unwinds the memo it is
    writing and exits; one still running after :data:`STOP_SECONDS` is killed."""
    import multiprocessing
    import time

    workers = multiprocessing.active_children()  # the pool's workers, the only processes it starts
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.is_alive():
            worker.kill()
            worker.join(1.0)


def export_pdfs(written: list[Path], progress: bool) -> int:
    """Make the tagged PDF of every memo written, all in one step; print each, or why not. Return the failures."""
    from memo.errors import OutputError
    from memo.pdf import export_pdfs as export  # only with --pdf: it starts LibreOffice

    def show(done: int, total: int) -> None:
        print(f"\r\033[K{done}/{total} PDF klara", end="", file=sys.stderr, flush=True)

    results = export(written, progress=show if progress else None)
    failed = [result for result in results if result.error is not None]
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    for result in results:
        if result.error is None:
            if not progress:
                print(result.pdf)
        else:
            said = OutputError(f"Word-dokumentet skrevs ({result.docx.name}) men inte PDF:en. {result.error.message}",
                               result.error.location)
            print(f"memo: {said}", file=sys.stderr)
    if progress:
        print(f"{len(results) - len(failed)} av {len(results)} PDF skrivna.", file=sys.stderr)
    return len(failed)


def report(jobs: list[Job], outcomes: Iterator[Outcome], progress: bool, written: list[Path]) -> int:
    """Print each job's outcome as it comes (and the progress on a terminal); add what was written to ``written``.
    A warning about the profile is printed once, with the first case that got it. Return the number of failures."""
    from memo.validation import SaidOnce

    failures = 0
    said = SaidOnce()
    for done, ((_, target, *_), (error, warned)) in enumerate(zip(jobs, outcomes, strict=True), start=1):
        if progress:
            print(f"\r\033[K{done}/{len(jobs)} klara", end="", file=sys.stderr, flush=True)
        for warning, finding in warned:
            if not said.first(finding):
                continue
            if progress:
                print("\r\033[K", end="", file=sys.stderr)
            print(f"memo: varning: {warning}", file=sys.stderr)
        if error is None:
            written.append(target)
            if not progress:
                print(target)
        else:
            failures += 1
            if progress:
                print("\r\033[K", end="", file=sys.stderr)
            print(f"memo: {error}", file=sys.stderr)
    if progress:
        print(f"\r\033[K{len(jobs) - failures} av {len(jobs)} PM skrivna.", file=sys.stderr)
    return failures


def make_folder(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; return those made, the deepest first."""
    missing = [folder, *folder.parents]
    missing = missing[:next((i for i, path in enumerate(missing) if path.is_dir()), len(missing))]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        remove_empty(missing)
        raise OutputError(f"Mappen för PM:en kunde inte skapas: {os_reason(exc)}.", Location(folder)) from None
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders memo made (the deepest first) that are still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except FileNotFoundError:
            continue
        except OSError:  # something was written in it (or its user put something there): it stays
            return
