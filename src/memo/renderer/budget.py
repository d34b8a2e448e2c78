"""One render's budget: steps, seconds and memory, and the size of what a template builds.

One render has a budget (:class:`Budget`): steps (loop iterations, calls, operators),
seconds, and the memory its templates build — every value a call, filter, operator or
output expression makes counts, and so does each loop iteration's share of output — so that
no template can fill the memory before the output-size check sees it. A string method's or
filter's call that would build something huge is refused before it runs, its result's size
foreseen from its arguments.
"""

from __future__ import annotations

import contextlib
import re
import string
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from jinja2.exceptions import SecurityError

from memo.renderer.context import Amounts
from memo.renderer.values import refuse_non_value
from memo.swedish import tal

__all__ = ["MAX_OUTPUT_CHARS", "MAX_TEMPLATE_MEMORY", "MAX_TEMPLATE_SECONDS", "MAX_TEMPLATE_STEPS", "BudgetExceeded",
           "charge", "check_arguments", "check_format", "render_budget", "sized", "steps", "tick", "ticking",
           "too_big"]

#: A template that writes more than this is stopped (a runaway loop in a user template).
MAX_OUTPUT_CHARS = 5_000_000
#: Rendering stops after this many loop iterations, calls and operators in templates ...
MAX_TEMPLATE_STEPS = 1_000_000
#: ... or after this many seconds ...
MAX_TEMPLATE_SECONDS = 10.0
#: ... or when the values its templates have built come to this many bytes, all together.
MAX_TEMPLATE_MEMORY = 64_000_000
_WIDE_FORMAT = re.compile(r"[0-9]{7,}")  # a field width or precision of a million or more
_ENTRY = 64  # bytes a list entry of its own costs (the entry and a small object)
_AMOUNT_WIDTH = 50  # an amount as text is never longer (30 digits, grouping, sign, decimals)


class BudgetExceeded(SecurityError):
    """A template used up its render's steps, time, memory or output size."""



class Budget:
    """The steps, time and memory left for one render."""

    def __init__(self) -> None:
        self.steps = 0
        self.built = 0
        self.deadline = time.monotonic() + MAX_TEMPLATE_SECONDS

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_TEMPLATE_STEPS:
            raise BudgetExceeded(f"den tog fler än {tal(MAX_TEMPLATE_STEPS)} steg, troligen i en loop som inte "
                                 "tar slut")
        if time.monotonic() > self.deadline:  # every step: one call may be slow (a long filter, a big sort)
            raise BudgetExceeded(f"den tog längre tid än {MAX_TEMPLATE_SECONDS:g} sekunder")

    def charge(self, size: int) -> None:
        self.built += size
        if self.built > MAX_TEMPLATE_MEMORY:
            raise BudgetExceeded(f"den byggde värden på mer än {MAX_TEMPLATE_MEMORY // 1_000_000} MB, troligen "
                                 "i en loop som inte tar slut")


_BUDGET: ContextVar[Budget | None] = ContextVar("memo_template_budget", default=None)


@contextlib.contextmanager
def render_budget() -> Iterator[None]:
    """One render's budget, for the templates run inside the ``with`` block."""
    token = _BUDGET.set(Budget())
    try:
        yield
    finally:
        _BUDGET.reset(token)


def tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


def charge(size: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.charge(size)


def too_big(what: str) -> BudgetExceeded:
    return BudgetExceeded(f"{what} skulle bli större än {tal(MAX_OUTPUT_CHARS)} tecken")


def sized(value: Any) -> Any:
    """A value a template built: at most the output's size, and counted against the memory budget.

    A list, tuple or dict is counted with an entry's worth per item (the items may be new, as
    a split's are), so that holding many of them costs what they take.
    """
    if isinstance(value, (str, bytes, list, tuple, dict)):
        if len(value) > MAX_OUTPUT_CHARS:
            raise too_big("ett värde")
        charge(sys.getsizeof(value) + (len(value) * _ENTRY if not isinstance(value, (str, bytes)) else 0))
    return value


def check_arguments(args: Iterable[Any], text: str | None = None, name: str = "") -> None:
    """Refuse a string method's or filter's call that would build something huge, before it runs.

    ``text``: the string the method belongs to, or the filter's value when it is a string;
    ``name``: the method's or filter's name. The result's size is foreseen from the sizes of
    the arguments and what the method does with them (a width, a separator, a count).
    """
    args = list(args)
    total = len(text) if text is not None else 0
    items, separator, width = 0, 0, 0
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and name in _WIDTHS:
            if abs(value) > MAX_OUTPUT_CHARS:
                raise BudgetExceeded(f"talet {value} är för stort som bredd eller antal")
            width = max(width, abs(value))
        if isinstance(value, (str, bytes)):
            total += len(value)
            separator = max(separator, len(value))
        elif isinstance(value, Amounts):
            total += len(value) * _AMOUNT_WIDTH
            items += len(value)
        elif isinstance(value, (list, tuple)):
            total += len(value) + sum(len(v) for v in value if isinstance(v, (str, bytes)))
            items += len(value)
    if text is not None:
        total += _widened(name, text, width, args)
    if name == "join":  # the separator — the string itself, when join is its method — goes between the items
        total += max(separator, len(text) if text is not None else 0) * items
    if total > MAX_OUTPUT_CHARS:
        raise too_big("resultatet")
    if name == "replace" and text is not None:
        strings = [a for a in args if isinstance(a, str)]
        if len(strings) >= 2 and len(text) + (len(text) // max(len(strings[0]), 1) + 1) * len(strings[1]) \
                > MAX_OUTPUT_CHARS:
            raise too_big("resultatet av replace")
    if text is not None and name in ("batch", "slice", "list"):  # a list with an entry per character
        charge(len(text) * _ENTRY)


#: Methods and filters whose number arguments are widths or counts (what they build grows with them).
_WIDTHS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate", "batch",
                     "slice"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|[0-9]*)(?:\.(\*|[0-9]*))?[a-zA-Z%]")


def check_format(text: str, args: Iterable[Any], percent: bool) -> None:
    """A format string (``%`` or ``{}``) with its values: each value is text or a number, no width comes from a
    value or runs to millions, and the result's size is foreseen (every field may take the longest value)."""
    values = list(args)
    for value in values:
        if isinstance(value, Mapping) and not percent:
            continue
        for item in (value.values() if isinstance(value, Mapping) else
                     value if isinstance(value, tuple) else (value,)):
            refuse_non_value(item)
    if percent:
        specs = [(m.group(1), m.group(2) or "") for m in _PERCENT_SPEC.finditer(text)]
    else:
        try:
            specs = [(spec or "", "") for _, field, spec, _ in string.Formatter().parse(text) if field is not None]
        except ValueError:
            return  # a malformed format string: Python says so when it is used
    for width, precision in specs:
        if "*" in (width, precision) or "{" in width:
            raise BudgetExceeded("en bredd eller precision som tas från ett värde ({:{w}} eller %*s) går inte i "
                                 "mallar")
        if _WIDE_FORMAT.search(width) or _WIDE_FORMAT.search(precision):
            raise too_big("den formaterade texten")
    flat = [v for value in values for v in (value.values() if isinstance(value, Mapping) else
                                            value if isinstance(value, tuple) else (value,))]
    longest = max((len(str(v)) for v in flat if isinstance(v, (str, int, float, Decimal))), default=0)
    if len(text) + len(specs) * longest > MAX_OUTPUT_CHARS:
        raise too_big("den formaterade texten")


def _widened(name: str, text: str, width: int, args: Sequence[Any]) -> int:
    """How much longer than ``text`` a method or filter that pads, indents or maps characters makes it."""
    if name == "expandtabs":
        return text.count("\t") * width
    if name == "indent":  # the width may be a number of spaces or a string to put first on each line
        first = len(args[0]) if args and isinstance(args[0], str) else width
        return (text.count("\n") + 1) * first
    if name == "wordwrap":  # a line break (wrapstring) every `width` characters at most
        breaks = max((len(a) for a in args[3:] if isinstance(a, str)), default=1)
        return (len(text) // max(width, 1) + text.count("\n") + 1) * breaks
    if name in ("center", "ljust", "rjust", "zfill"):
        return width
    if name == "translate":
        longest = max((len(v) for a in args if isinstance(a, dict) for v in a.values() if isinstance(v, str)),
                      default=1)
        return len(text) * longest
    return 0


def ticking(items: Iterator[Any]) -> Iterator[Any]:
    """A filter's lazy result: each item is a step and an entry's worth of memory, however the items are used."""
    for item in items:
        tick()
        charge(_ENTRY)
        yield item


def steps(iterable: Iterable[Any], weight: int) -> Iterator[Any]:
    """A for-loop's iterable: each iteration is a step, and costs the output its body buffers (``weight``)."""
    for item in iterable:
        tick()
        charge(weight)
        yield item
