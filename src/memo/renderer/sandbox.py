"""The templates' sandbox: read-only data, and limits on steps, time, output and memory.

Templates run in Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: no Python
internals, and no method that changes a list, dict or set (``append``, ``clear``, ``update``
…), so a template can neither change the case a later section shows nor grow a list without
end. On top of that one render has a budget (:class:`Budget`): steps (loop iterations,
calls, operators), seconds, and the memory its templates build — every value a call, filter,
operator or output expression makes counts, and so does each loop iteration's share of
output — so that no template can fill the memory before the output-size check sees it.
An expression that gives ``None`` or a truth value is refused when it is written (the
words "None" and "False" have no place in a memo); ``| string`` writes one on purpose.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from memo.context import Amounts
from memo.swedish import tal

__all__ = ["MAX_OUTPUT_CHARS", "MAX_TEMPLATE_MEMORY", "MAX_TEMPLATE_SECONDS", "MAX_TEMPLATE_STEPS",
           "BudgetExceeded", "NotAValue", "Sandbox", "guarded_filter", "render_budget", "tick"]

#: A template that writes more than this is stopped (a runaway loop in a user template).
MAX_OUTPUT_CHARS = 5_000_000
#: Rendering stops after this many loop iterations, calls and operators in templates ...
MAX_TEMPLATE_STEPS = 1_000_000
#: ... or after this many seconds ...
MAX_TEMPLATE_SECONDS = 10.0
#: ... or when the values its templates have built come to this many bytes, all together.
MAX_TEMPLATE_MEMORY = 64_000_000
_WIDE_FORMAT = re.compile(r"[0-9]{7,}")  # a field width or precision of a million or more
_AMOUNT_WIDTH = 50  # an amount as text is never longer (30 digits, grouping, sign, decimals)
_POINTER = 8  # bytes a buffered piece of output costs before it is joined


class BudgetExceeded(SecurityError):
    """A template used up its render's steps, time, memory or output size."""


class NotAValue(SecurityError):
    """A template wrote ``None`` or a truth value."""


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
        if self.steps % 1000 == 0 and time.monotonic() > self.deadline:
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


def _charge(size: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.charge(size)


def _too_big(what: str) -> BudgetExceeded:
    return BudgetExceeded(f"{what} skulle bli större än {tal(MAX_OUTPUT_CHARS)} tecken")


def _sized(value: Any) -> Any:
    """A value a template built: at most the output's size, and counted against the memory budget."""
    if isinstance(value, (str, list, tuple, dict)):
        if len(value) > MAX_OUTPUT_CHARS:
            raise _too_big("ett värde")
        _charge(sys.getsizeof(value))
    return value


def _check_arguments(args: Iterable[Any], text: str | None = None, name: str = "") -> None:
    """Refuse arguments that would make a string method or filter build something huge."""
    total = len(text) if text is not None else 0
    items, separator = 0, 0
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT_CHARS:
            raise BudgetExceeded(f"talet {value} är för stort som bredd eller antal")
        if isinstance(value, str):
            total += len(value)
            separator = max(separator, len(value))
        elif isinstance(value, Amounts):
            total += len(value) * _AMOUNT_WIDTH
            items += len(value)
        elif isinstance(value, (list, tuple)):
            total += len(value) + sum(len(v) for v in value if isinstance(v, str))
            items += len(value)
    if name == "join":  # the separator goes between every two items
        total += separator * items
    if total > MAX_OUTPUT_CHARS:
        raise _too_big("resultatet")
    if name == "replace" and text is not None:
        strings = [a for a in args if isinstance(a, str)]
        if len(strings) >= 2 and len(text) + (len(text) // max(len(strings[0]), 1) + 1) * len(strings[1]) \
                > MAX_OUTPUT_CHARS:
            raise _too_big("resultatet av replace")
    if name in ("format", "format_map") and text is not None and _WIDE_FORMAT.search(text):
        raise _too_big("den formaterade texten")


def guarded_filter(function: Callable[..., Any], formats_a_number: bool = False) -> Callable[..., Any]:
    """``function`` as a template filter: counted against the budget, its arguments and result size-checked.

    ``formats_a_number``: memo's formatting filters, whose value is a number to write, not a
    width or count (``{{ 10000000 | tal }}`` is ten million, nothing to refuse).
    """

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        tick()
        values = [a for a in (*args, *kwargs.values())
                  if not isinstance(a, (jinja2.Environment, jinja2.runtime.Context, nodes.EvalContext))]
        if formats_a_number and args and isinstance(args[0], (int, float, Decimal)):
            values = values[1:]
        text = values[0] if values and isinstance(values[0], str) else None
        _check_arguments(values[1:] if text is not None else values, text, function.__name__.removeprefix("do_"))
        try:
            return _sized(function(*args, **kwargs))
        except MemoryError:
            raise _too_big("resultatet") from None

    return guarded


def _steps(iterable: Iterable[Any], weight: int) -> Iterator[Any]:
    """A for-loop's iterable: each iteration is a step, and costs the output its body buffers (``weight``)."""
    for item in iterable:
        tick()
        _charge(weight)
        yield item


def _concat(parts: Sequence[Any]) -> str:
    """Template ``~``, with a size check before the text is built."""
    tick()
    if sum(len(p) if isinstance(p, str) else 20 for p in parts) > MAX_OUTPUT_CHARS:
        raise _too_big("den sammanfogade texten")
    return _sized(markup_join(parts))  # type: ignore[no-any-return]


def _join_output(parts: Iterable[str]) -> str:
    """The output of a ``{% set %}`` block, a macro or a ``{% filter %}`` block, joined (Jinja's ``concat``)."""
    pieces = list(parts)
    if sum(len(p) for p in pieces) > MAX_OUTPUT_CHARS:
        raise _too_big("texten som mallen samlar")
    return _sized("".join(pieces))  # type: ignore[no-any-return]


@jinja2.pass_context  # needs the run time: Jinja then folds no constant into the text around it, so the
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:  # renderer can tell which line wrote a value
    """Every ``{{ … }}`` value before it is written: no None or truth value, and counted against the budget."""
    if value is None or isinstance(value, bool):
        raise NotAValue(f"uttrycket gav {value}, som inte ska stå i ett PM; skriv ut ett värde, pröva det i "
                            f"ett {{% if %}}, eller skriv '| string' om ordet '{value}' ska stå där")
    if isinstance(value, str):
        _charge(sys.getsizeof(value))
    return value


def _body_weight(body: Sequence[nodes.Node]) -> int:
    """What one pass through a loop body adds to buffered output, nested loops left to their own count."""
    weight = 0
    stack: list[nodes.Node] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.For):
            continue
        if isinstance(node, nodes.Output):
            weight += sum(len(child.data) + _POINTER if isinstance(child, nodes.TemplateData) else _POINTER
                          for child in node.nodes)
        stack.extend(node.iter_child_nodes())
    return weight


class _Guard(NodeTransformer):
    """Rewrites a parsed template so that loops and ``~`` go through the budget and size checks."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        weight = _body_weight(node.body)
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.Name("_memo_steps", "load"), [node.iter, nodes.Const(weight)], [], None, None,
                               lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.Name("_memo_concat", "load"), [nodes.List(node.nodes, lineno=node.lineno)], [],
                          None, None, lineno=node.lineno)


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's read-only sandbox with limits on steps, time, memory and the size of what a template builds."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    concat = staticmethod(_join_output)

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_finalize, **options)
        self.globals.update(_memo_steps=_steps, _memo_concat=_concat)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        template = super()._parse(source, name, filename)
        return _Guard().visit(template)  # type: ignore[no-any-return]

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        tick()
        if isinstance(left, int) and isinstance(right, int) and (
                (operator == "**" and abs(left) > 1 and right * abs(left).bit_length() > 100_000)
                or (operator == "*" and left.bit_length() + right.bit_length() > 100_000)):
            raise BudgetExceeded("talet skulle få fler än 30 000 siffror")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) \
                        and len(sequence) * times > MAX_OUTPUT_CHARS:
                    raise _too_big("resultatet av *")
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise _too_big("den formaterade texten")
        try:
            return _sized(super().call_binop(context, operator, left, right))
        except MemoryError:
            raise _too_big("resultatet") from None

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        tick()
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str):
            _check_arguments((*args, *kwargs.values()), owner, getattr(__obj, "__name__", ""))
        try:
            return _sized(super().call(__context, __obj, *args, **kwargs))
        except MemoryError:
            raise _too_big("resultatet") from None
