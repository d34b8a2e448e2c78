"""Stopping cleanly: Ctrl+C (SIGINT) and SIGTERM end the program ``memo`` with nothing left behind.

The program (:func:`memo.cli.run`) calls :func:`install` first. From then on the first of these
signals raises :class:`Stopped` in the main thread, and every later one is ignored while memo
cleans up on the way out: child processes are ended, temporary files and folders removed, and the
program says so in one line and exits with 128 + the signal's number (130 for Ctrl+C, 143 for
SIGTERM). :class:`Stopped` is a :class:`SystemExit`, so that no ``except Exception`` takes it for
an error, and a stop that nothing catches still ends the process quietly with that code.

Work that must not be cut in half — writing a file and moving it into place, creating a temporary
folder and noting it, starting the worker processes — runs inside :func:`deferred`: a signal that
arrives then is held, and raised when the outermost block ends. Unless the program installed the
handling, :func:`deferred` does nothing and Python behaves as usual (``KeyboardInterrupt`` on
Ctrl+C): importing memo or calling it from Python changes no signal handling.

The system may deliver a signal to any thread of the process, and Python runs its handler only
when the main thread runs: a main thread that waits for other threads or processes does so with
:func:`result_of`, which looks every tenth of a second.

The worker processes of a batch call :func:`install_in_worker`: they ignore Ctrl+C (a terminal
sends it to every process of the group; the main process decides) and stop on SIGTERM, which the
main process sends them when it stops; a worker that is writing a memo finishes the file or
unwinds it first.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Stopped", "deferred", "finish", "install", "install_in_worker", "result_of"]

T = TypeVar("T")
#: How often a main thread waiting for a result looks for a signal that reached another thread.
_LOOK_SECONDS = 0.1

#: The signals that stop memo, by name (SIGTERM exists on every platform Python runs on).
_SIGNALS = ("SIGINT", "SIGTERM")


class Stopped(SystemExit):
    """memo was told to stop by ``signal`` (a number); ``code`` is the exit code, 128 + ``signal``."""

    def __init__(self, number: int) -> None:
        super().__init__(128 + number)
        self.signal = number


class _State:
    """The handling installed in this process (one per process: signals are the process's)."""

    pid: int | None = None  # the process that installed it (a child made by fork inherits the handler, not this)
    armed = False  # the next signal stops memo
    depth = 0  # how many deferred() blocks the main thread is in
    held: int | None = None  # a signal that came inside one


def _on_signal(number: int, frame: FrameType | None) -> None:
    if os.getpid() != _State.pid:
        # A worker made by fork before it set up its own handling: it has nothing of its own to clean up.
        os._exit(128 + number)
    if not _State.armed:
        return  # stopping already: the first signal is being handled
    if _State.depth:
        if _State.held is None:
            _State.held = number
        return
    _State.armed = False
    raise Stopped(number)


def install() -> None:
    """Make Ctrl+C and SIGTERM raise :class:`Stopped` in the main thread (once); call it from the main thread.

    A signal that was ignored when the process started (``nohup``, a background job of a script) stays ignored.
    """
    for name in _SIGNALS:
        number = getattr(signal, name)
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _on_signal)
    _State.pid, _State.armed, _State.depth, _State.held = os.getpid(), True, 0, None


def install_in_worker() -> None:
    """In a worker process of a batch: ignore Ctrl+C, stop on SIGTERM (:class:`Stopped`, outside :func:`deferred`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN:
        signal.signal(signal.SIGTERM, _on_signal)
    _State.pid, _State.armed, _State.depth, _State.held = os.getpid(), True, 0, None


def finish() -> None:
    """The work is done (or stopped and cleaned up): from now on a signal ends the process the ordinary way."""
    _State.armed = False
    if _State.pid != os.getpid():
        return
    for name in _SIGNALS:
        number = getattr(signal, name)
        if signal.getsignal(number) is _on_signal:
            signal.signal(number, signal.SIG_DFL)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold a stop until the block is done (in the main thread; elsewhere, and when nothing is installed, a no-op).

    The held signal is raised as :class:`Stopped` when the outermost block ends, whether it ended
    normally or with an exception (which the stop then replaces).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _State.depth += 1
    try:
        yield
    finally:
        _State.depth -= 1
        if not _State.depth and _State.held is not None and _State.armed:
            number, _State.held, _State.armed = _State.held, None, False
            raise Stopped(number)


def result_of(future: Future[T]) -> T:
    """``future.result()``, waited for in short slices, so that a stop that reached another thread is seen at once."""
    from concurrent.futures import wait

    while not future.done():
        wait([future], timeout=_LOOK_SECONDS)
    return future.result()
