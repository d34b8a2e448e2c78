"""Python's cycle collector, paused while memo builds objects that make no reference cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a memo is built.

    A long memo makes many small objects that live until it is written; the collector's
    repeated passes over them made time grow faster than the memo. The stages paused here
    (reading the YAML, turning prose into markup, turning markup into blocks, writing the
    DOCX) make no reference cycles; Jinja does, so running the templates is left with the
    collector on. It is switched back on afterwards (if it was on) and collects as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
