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
import datetime as dt
import functools
import re
import string
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from memo.renderer.context import Amounts
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
_ENTRY = 64  # bytes a list entry of its own costs (the entry and a small object)
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


def _charge(size: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.charge(size)


def _too_big(what: str) -> BudgetExceeded:
    return BudgetExceeded(f"{what} skulle bli större än {tal(MAX_OUTPUT_CHARS)} tecken")


def _sized(value: Any) -> Any:
    """A value a template built: at most the output's size, and counted against the memory budget.

    A list, tuple or dict is counted with an entry's worth per item (the items may be new, as
    a split's are), so that holding many of them costs what they take.
    """
    if isinstance(value, (str, bytes, list, tuple, dict)):
        if len(value) > MAX_OUTPUT_CHARS:
            raise _too_big("ett värde")
        _charge(sys.getsizeof(value) + (len(value) * _ENTRY if not isinstance(value, (str, bytes)) else 0))
    return value


def _literal(value: Any) -> Any:
    """A list, tuple or dict written in a template (``[a, b]``), counted like any value a template builds."""
    tick()
    return _sized(value)


def _check_arguments(args: Iterable[Any], text: str | None = None, name: str = "") -> None:
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
        raise _too_big("resultatet")
    if name == "replace" and text is not None:
        strings = [a for a in args if isinstance(a, str)]
        if len(strings) >= 2 and len(text) + (len(text) // max(len(strings[0]), 1) + 1) * len(strings[1]) \
                > MAX_OUTPUT_CHARS:
            raise _too_big("resultatet av replace")
    if text is not None and name in ("batch", "slice", "list"):  # a list with an entry per character
        _charge(len(text) * _ENTRY)


#: Methods and filters whose number arguments are widths or counts (what they build grows with them).
_WIDTHS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate", "batch",
                     "slice"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|[0-9]*)(?:\.(\*|[0-9]*))?[a-zA-Z%]")


def _check_format(text: str, args: Iterable[Any], percent: bool) -> None:
    """A format string (``%`` or ``{}``) with its values: each value is text or a number, no width comes from a
    value or runs to millions, and the result's size is foreseen (every field may take the longest value)."""
    values = list(args)
    for value in values:
        if isinstance(value, Mapping) and not percent:
            continue
        for item in (value.values() if isinstance(value, Mapping) else
                     value if isinstance(value, tuple) else (value,)):
            _refuse_non_value(item)
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
            raise _too_big("den formaterade texten")
    flat = [v for value in values for v in (value.values() if isinstance(value, Mapping) else
                                            value if isinstance(value, tuple) else (value,))]
    longest = max((len(str(v)) for v in flat if isinstance(v, (str, int, float, Decimal))), default=0)
    if len(text) + len(specs) * longest > MAX_OUTPUT_CHARS:
        raise _too_big("den formaterade texten")


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


def guarded_filter(name: str, function: Callable[..., Any], formats_a_number: bool = False) -> Callable[..., Any]:
    """``function`` as the template filter ``name``: counted against the budget, its arguments and result
    size-checked.

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
        if name not in _TAKES_ANY and values:  # a filter would write None or False as a word
            _refuse_non_values(values[0], name)
        if name == "format" and text is not None:  # Jinja's format filter: the % kind
            _check_format(text, values[1:], percent=True)
        _check_arguments(values[1:] if text is not None else values, text, name)
        try:
            result = function(*args, **kwargs)
        except MemoryError:
            raise _too_big("resultatet") from None
        if isinstance(result, Iterator):  # map, select, batch …: the work is done item by item, later
            return _ticking(result)
        return _sized(result)

    return guarded


def _ticking(items: Iterator[Any]) -> Iterator[Any]:
    """A filter's lazy result: each item is a step and an entry's worth of memory, however the items are used."""
    for item in items:
        tick()
        _charge(_ENTRY)
        yield item


def _steps(iterable: Iterable[Any], weight: int) -> Iterator[Any]:
    """A for-loop's iterable: each iteration is a step, and costs the output its body buffers (``weight``)."""
    for item in iterable:
        tick()
        _charge(weight)
        yield item


def _concat(parts: Sequence[Any]) -> str:
    """Template ``~``, with a size check before the text is built: only text and numbers are joined."""
    tick()
    for part in parts:
        _refuse_non_value(part)
    if sum(len(p) if isinstance(p, str) else 20 for p in parts) > MAX_OUTPUT_CHARS:
        raise _too_big("den sammanfogade texten")
    return _sized(markup_join(parts))  # type: ignore[no-any-return]


def _join_output(parts: Iterable[str]) -> str:
    """The output of a ``{% set %}`` block, a macro or a ``{% filter %}`` block, joined (Jinja's ``concat``)."""
    pieces = list(parts)
    if sum(len(p) for p in pieces) > MAX_OUTPUT_CHARS:
        raise _too_big("texten som mallen samlar")
    return _sized("".join(pieces))  # type: ignore[no-any-return]


#: Filters that take any value on purpose: they turn it into text deliberately, or replace it.
_TAKES_ANY = frozenset({"string", "default", "d", "length", "count", "first", "last", "list", "batch",
                        "slice", "select", "reject", "selectattr", "rejectattr", "map", "sort", "unique", "dictsort",
                        "groupby", "items", "reverse", "sum", "min", "max", "attr", "random"})


def _refuse_non_value(value: Any) -> None:
    """A value that would be written as a Python word or a Python listing, not as memo text, is refused."""
    if value is None or isinstance(value, bool):
        raise NotAValue(f"uttrycket gav {value}, som inte ska stå i ett PM; skriv ut ett värde, pröva det i "
                        f"ett {{% if %}}, eller skriv '| string' om ordet '{value}' ska stå där")
    if isinstance(value, (Mapping, Set, Iterator)) or (isinstance(value, Sequence) and not isinstance(value, str)):
        kind = "en ordlista" if isinstance(value, Mapping) else "en lista"
        raise NotAValue(f"uttrycket gav {kind}, som skulle skrivas ut med Pythons klamrar och citattecken; gå "
                        "igenom den med {% for %} eller skriv den med | join(', ')")
    if isinstance(value, jinja2.Undefined):
        str(value)  # a missing value, or one the sandbox keeps out of reach: it says which
    if not isinstance(value, (str, int, float, Decimal, dt.date, dt.time)):
        raise NotAValue(f"uttrycket gav ett värde av slaget {type(value).__name__}, som inte är text eller ett tal")


def _refuse_non_values(value: Any, name: str) -> None:
    """The value a filter gets: not None or a truth value; for join, every item is text or a number."""
    if name == "join" and isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            _refuse_non_value(item)
        return
    if value is None or isinstance(value, bool):
        _refuse_non_value(value)


@jinja2.pass_context  # needs the run time: Jinja then folds no constant into the text around it, so the
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:  # renderer can tell which line wrote a value
    """Every ``{{ … }}`` value before it is written: text or a number, and counted against the budget."""
    if type(value) is not Markup and type(value) is not str:  # the common case first: text
        _refuse_non_value(value)
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
        node.iter = nodes.Call(_internal("environment.memo_steps", node.lineno), [node.iter, nodes.Const(weight)],
                               [], None, None, lineno=node.lineno)
        return node

    def visit_List(self, node: nodes.List) -> nodes.Node:
        return self._counted(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        if node.ctx != "load":  # a loop's or assignment's target names, not a value
            return node
        return self._counted(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        return self._counted(node)

    def _counted(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(_internal("environment.memo_literal", node.lineno), [node], [], None, None,
                          lineno=node.lineno)

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(_internal("environment.memo_concat", node.lineno),
                          [nodes.List(node.nodes, lineno=node.lineno)], [], None, None, lineno=node.lineno)


class _Template(jinja2.Template):
    """A template whose ``{% import %}`` module is made anew each time, never kept on the template.

    Jinja keeps an imported template's module (and any ``namespace()`` in it) on the template
    object, which lives as long as the process: a counter or a value set there in one memo
    would show in the next memo rendered in the same process.
    """

    def _get_default_module(self, ctx: jinja2.runtime.Context | None = None) -> jinja2.environment.TemplateModule:
        if ctx is not None:
            keys = ctx.globals_keys - self.globals.keys()
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        return self.make_module()


def _internal(name: str, lineno: int) -> nodes.InternalName:
    """A name in the compiled code that no template can write or rebind (Jinja's parser makes these so)."""
    node = object.__new__(nodes.InternalName)
    nodes.Node.__init__(node, name, lineno=lineno)
    return node


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's read-only sandbox with limits on steps, time, memory and the size of what a template builds."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    concat = staticmethod(_join_output)
    template_class = _Template
    # The guards the rewritten templates call, reached through the environment (see _Guard).
    memo_steps = staticmethod(_steps)
    memo_concat = staticmethod(_concat)
    memo_literal = staticmethod(_literal)

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_finalize, **options)
        del self.globals["lipsum"]  # placeholder text has no place in a memo, and its cost grows with n

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
                if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int) \
                        and len(sequence) * times > MAX_OUTPUT_CHARS:
                    raise _too_big("resultatet av *")
        if operator == "%" and isinstance(left, str):
            _check_format(left, (right,), percent=True)
        try:
            return _sized(super().call_binop(context, operator, left, right))
        except MemoryError:
            raise _too_big("resultatet") from None

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        tick()
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str):
            method = getattr(__obj, "__name__", "")
            if method == "join" and args and not isinstance(args[0], (list, tuple, str)):
                args = (list(args[0]), *args[1:])  # a generator's items are counted like a list's
            if method == "join" and args:
                _refuse_non_values(args[0], "join")
            if method in ("format", "format_map"):
                _check_format(owner, (*args, *kwargs.values()), percent=False)
            _check_arguments((*args, *kwargs.values()), owner, method)
        try:
            return _sized(super().call(__context, __obj, *args, **kwargs))
        except MemoryError:
            raise _too_big("resultatet") from None
