"""The templates' sandbox: read-only data, and every call, loop and value a template makes checked.

Templates run in Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: no Python
internals, and no method that changes a list, dict or set (``append``, ``clear``, ``update``
…), so a template can neither change the case a later section shows nor grow a list without
end. On top of that each step, call, filter, loop and value is counted against the render's
budget (:mod:`memo.renderer.budget`: steps, time, memory and output size), and each value
written is text or a number (:mod:`memo.renderer.values`). Loops, ``~`` and the lists a
template writes reach the budget because the parsed template is rewritten to call it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from memo.renderer.budget import (
    MAX_OUTPUT_CHARS,
    BudgetExceeded,
    charge,
    check_arguments,
    check_format,
    sized,
    steps,
    tick,
    ticking,
    too_big,
)
from memo.renderer.values import TAKES_ANY, refuse_non_value, refuse_non_values

__all__ = ["Sandbox", "guarded_filter"]

_POINTER = 8  # bytes a buffered piece of output costs before it is joined


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
        if name not in TAKES_ANY and values:  # a filter would write None or False as a word
            refuse_non_values(values[0], name)
        if name == "format" and text is not None:  # Jinja's format filter: the % kind
            check_format(text, values[1:], percent=True)
        check_arguments(values[1:] if text is not None else values, text, name)
        try:
            result = function(*args, **kwargs)
        except MemoryError:
            raise too_big("resultatet") from None
        if isinstance(result, Iterator):  # map, select, batch …: the work is done item by item, later
            return ticking(result)
        return sized(result)

    return guarded


def _literal(value: Any) -> Any:
    """A list, tuple or dict written in a template (``[a, b]``), counted like any value a template builds."""
    tick()
    return sized(value)


def _concat(parts: Sequence[Any]) -> str:
    """Template ``~``, with a size check before the text is built: only text and numbers are joined."""
    tick()
    for part in parts:
        refuse_non_value(part)
    if sum(len(p) if isinstance(p, str) else 20 for p in parts) > MAX_OUTPUT_CHARS:
        raise too_big("den sammanfogade texten")
    return sized(markup_join(parts))  # type: ignore[no-any-return]


def _join_output(parts: Iterable[str]) -> str:
    """The output of a ``{% set %}`` block, a macro or a ``{% filter %}`` block, joined (Jinja's ``concat``)."""
    pieces = list(parts)
    if sum(len(p) for p in pieces) > MAX_OUTPUT_CHARS:
        raise too_big("texten som mallen samlar")
    return sized("".join(pieces))  # type: ignore[no-any-return]


@jinja2.pass_context  # needs the run time: Jinja then folds no constant into the text around it, so the
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:  # renderer can tell which line wrote a value
    """Every ``{{ … }}`` value before it is written: text or a number, and counted against the budget."""
    if type(value) is not Markup and type(value) is not str:  # the common case first: text
        refuse_non_value(value)
    if isinstance(value, str):
        charge(sys.getsizeof(value))
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
    memo_steps = staticmethod(steps)
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
                    raise too_big("resultatet av *")
        if operator == "%" and isinstance(left, str):
            check_format(left, (right,), percent=True)
        try:
            return sized(super().call_binop(context, operator, left, right))
        except MemoryError:
            raise too_big("resultatet") from None

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        tick()
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str):
            method = getattr(__obj, "__name__", "")
            if method == "join" and args and not isinstance(args[0], (list, tuple, str)):
                args = (list(args[0]), *args[1:])  # a generator's items are counted like a list's
            if method == "join" and args:
                refuse_non_values(args[0], "join")
            if method in ("format", "format_map"):
                check_format(owner, (*args, *kwargs.values()), percent=False)
            check_arguments((*args, *kwargs.values()), owner, method)
        try:
            return sized(super().call(__context, __obj, *args, **kwargs))
        except MemoryError:
            raise too_big("resultatet") from None
