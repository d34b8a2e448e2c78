"""Stage 3: case + profile → memo markup, through one Jinja template per section.

This is the only module that imports Jinja. Every template — shipped or the user's —
runs in Jinja's sandbox with ``StrictUndefined`` and autoescaping: case text is data,
never code, and a missing value is an error, never a blank. A user's template folder
overrides the shipped templates section by section.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from memo import cache
from memo.case import (
    Case,
)
from memo.collector import collector_paused
from memo.context import Amounts, template_context
from memo.errors import Location, TemplateError
from memo.profile import Profile
from memo.swedish import FILTERS, tal

__all__ = ["MAIN_TEMPLATE", "MAX_OUTPUT_CHARS", "MAX_TEMPLATE_SECONDS", "MAX_TEMPLATE_STEPS", "render_markup"]

MAIN_TEMPLATE = "memo.xml.j2"
#: A template that writes more than this is stopped (a runaway loop in a user template).
MAX_OUTPUT_CHARS = 5_000_000
#: Rendering stops after this many loop iterations, calls and operators in templates ...
MAX_TEMPLATE_STEPS = 1_000_000
#: ... or after this many seconds.
MAX_TEMPLATE_SECONDS = 10.0
_WIDE_FORMAT = re.compile(r"[0-9]{7,}")  # a field width or precision of a million or more
_AMOUNT_WIDTH = 50  # an amount as text is never longer (30 digits, grouping, sign, decimals)


class _Budget:
    """The steps and time left for one render."""

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_TEMPLATE_SECONDS

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_TEMPLATE_STEPS:
            steps = tal(MAX_TEMPLATE_STEPS)
            raise SecurityError(f"mallarna tog fler än {steps} steg, troligen en loop som inte tar slut")
        if self.steps % 1000 == 0 and time.monotonic() > self.deadline:
            raise SecurityError(f"mallarna tog längre tid än {MAX_TEMPLATE_SECONDS:g} sekunder")


_BUDGET: ContextVar[_Budget | None] = ContextVar("memo_template_budget", default=None)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} skulle bli större än {tal(MAX_OUTPUT_CHARS)} tecken")


def _sized(value: Any) -> Any:
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_OUTPUT_CHARS:
        raise _too_big("ett värde")
    return value


def _check_arguments(args: Iterable[Any], text: str | None = None, name: str = "") -> None:
    """Refuse arguments that would make a string method or filter build something huge."""
    total = len(text) if text is not None else 0
    items, separator = 0, 0
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT_CHARS:
            raise SecurityError(f"talet {value} är för stort som bredd eller antal")
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


def _guarded_filter(function: Callable[..., Any], formats_a_number: bool = False) -> Callable[..., Any]:
    """``function`` as a template filter: counted against the budget, its arguments and result size-checked.

    ``formats_a_number``: memo's formatting filters, whose value is a number to write, not a
    width or count (``{{ 10000000 | tal }}`` is ten million, nothing to refuse).
    """

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
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


def _steps(iterable: Iterable[Any]) -> Iterator[Any]:
    """A for-loop's iterable, counting each iteration against the budget."""
    for item in iterable:
        _tick()
        yield item


def _concat(parts: Sequence[Any]) -> str:
    """Template ``~``, with a size check before the text is built."""
    _tick()
    if sum(len(p) if isinstance(p, str) else 20 for p in parts) > MAX_OUTPUT_CHARS:
        raise _too_big("den sammanfogade texten")
    return markup_join(parts)


class _Guard(NodeTransformer):
    """Rewrites a parsed template so that loops and ``~`` go through the budget and size checks."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.Name("_memo_steps", "load"), [node.iter], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.Name("_memo_concat", "load"), [nodes.List(node.nodes, lineno=node.lineno)], [],
                          None, None, lineno=node.lineno)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with limits on steps, time and the size of what a template builds."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        template = super()._parse(source, name, filename)
        return _Guard().visit(template)  # type: ignore[no-any-return]

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if isinstance(left, int) and isinstance(right, int) and (
                (operator == "**" and abs(left) > 1 and right * abs(left).bit_length() > 100_000)
                or (operator == "*" and left.bit_length() + right.bit_length() > 100_000)):
            raise SecurityError("talet skulle få fler än 30 000 siffror")
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
        _tick()
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str):
            _check_arguments((*args, *kwargs.values()), owner, getattr(__obj, "__name__", ""))
        try:
            return _sized(super().call(__context, __obj, *args, **kwargs))
        except MemoryError:
            raise _too_big("resultatet") from None


class _FolderLoader(jinja2.FileSystemLoader):
    """A template folder whose templates, followed through symlinks, stay inside it."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        if not any(real.startswith(os.path.realpath(folder) + os.sep) for folder in self.searchpath):
            raise SecurityError(f"mallen '{template}' är en länk som pekar utanför mallmappen")
        return source, filename, uptodate


def _package_templates() -> Path:
    # Jinja's FileSystemLoader reads templates by path: the package's own folder (see profile._packaged_root).
    from memo import templates

    return Path(templates.__file__).parent


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own bytecode cache, in memo's cache folder: a new process need not compile the templates.

    Jinja keys each entry by the template's name and the checksum of its source, so an
    edited template is compiled again. A damaged entry is compiled again; a cache that
    cannot be written is no error.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # whatever is wrong with an entry, compiling again mends it
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    # The compiled code depends on this module (the sandbox's guards, the options) and on Jinja.
    stamp = cache.code_stamp("renderer")
    folder = cache.cache_folder(f"mallar-{jinja2.__version__}-{stamp}") if stamp else None
    return _BytecodeCache(str(folder)) if folder is not None else None


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]) -> SandboxedEnvironment:
    loaders: list[jinja2.BaseLoader] = [_FolderLoader(str(f)) for f in folders]
    loaders.append(jinja2.FileSystemLoader(str(_package_templates())))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters = {name: _guarded_filter(function) for name, function in env.filters.items()}
    env.filters.update({name: _guarded_filter(function, formats_a_number=True) for name, function in FILTERS.items()})
    env.globals.update(_memo_steps=_steps, _memo_concat=_concat)
    return env


@lru_cache(maxsize=16)
def _template_names(env: SandboxedEnvironment) -> frozenset[str]:
    """The templates in the environment's folders (read once, as the environment compiles each template once)."""
    return frozenset(env.list_templates())


def render_markup(case: Case, profile: Profile, templates: Sequence[Path] = ()) -> str:
    """Render the whole memo to markup. ``templates`` are user folders, first one wins."""
    folders = tuple(p.resolve() for p in templates)
    for folder in folders:
        if not folder.is_dir():
            raise TemplateError(f"Mallmappen '{folder}' finns inte.", Location(folder))
    env = _environment(folders)
    with collector_paused():  # the prose's Markdown parse makes many objects and no cycles
        context = template_context(case, profile, _tick, _template_names(env))
    token = _BUDGET.set(_Budget())
    try:
        template = env.get_template(MAIN_TEMPLATE)
        pieces: list[str] = []
        size = 0
        for piece in template.generate(context):
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateError(f"Mallarna skrev mer än {tal(MAX_OUTPUT_CHARS)} tecken; "
                                    "troligen en loop som inte tar slut.")
            pieces.append(piece)
        return "".join(pieces)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(f"Mallen har ett syntaxfel: {exc.message}.", exc.filename, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise _from_traceback(f"Mallen '{exc.name}' finns inte (eller pekar utanför mallmappen).") from None
    except jinja2.exceptions.SecurityError as exc:
        raise _from_traceback(f"Mallen försöker göra något som inte är tillåtet: {str(exc).rstrip('.')}.") from None
    except jinja2.UndefinedError as exc:
        raise _from_traceback(f"Mallen använder ett värde som inte finns: {exc.message}.") from None
    except RecursionError:
        raise _from_traceback("Mallen anropar sig själv utan slut.") from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise _from_traceback(f"Mallen misslyckades: {exc}.") from None
    finally:
        _BUDGET.reset(token)


def _template_error(message: str, filename: str | None, line: int | None) -> TemplateError:
    source_line = None
    path = Path(filename) if filename else None
    if path is not None and line is not None and path.is_file():
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        source_line = lines[line - 1] if 0 < line <= len(lines) else None
    return TemplateError(message, Location(path, line, None, None, source_line))


def _from_traceback(message: str) -> TemplateError:
    """Find the template file and line in the traceback being handled (Jinja rewrites it)."""
    tb: TracebackType | None = sys.exc_info()[2]
    filename, line = None, None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2"):
            filename, line = code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return _template_error(message, filename, line)
