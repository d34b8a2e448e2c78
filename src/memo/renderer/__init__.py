"""Stage 3: case + profile → memo markup, through one Jinja template per section.

This package is the only part of memo that imports Jinja: :mod:`memo.renderer.sandbox`
(read-only data and the render's budget), :mod:`memo.renderer.loading` (template folders,
their limits and caches) and this module, which renders and turns every template problem
into a :class:`memo.errors.TemplateError` naming **the template file that caused it and its
own line**. Every template — shipped or the user's — runs sandboxed with ``StrictUndefined``
and autoescaping: case text is data, never code, and a missing value is an error, never a
blank. A user's template folder overrides the shipped templates section by section.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import GeneratorType, TracebackType
from typing import Any, NamedTuple

import jinja2
from jinja2.sandbox import MAX_RANGE

from memo.case import Case
from memo.collector import collector_paused
from memo.context import template_context
from memo.errors import Location, TemplateError
from memo.profile import Profile
from memo.renderer.loading import MAX_TEMPLATE_FILE_BYTES, environment, template_names
from memo.renderer.sandbox import (
    MAX_OUTPUT_CHARS,
    MAX_TEMPLATE_MEMORY,
    MAX_TEMPLATE_SECONDS,
    MAX_TEMPLATE_STEPS,
    BudgetExceeded,
    NotAValue,
    Sandbox,
    render_budget,
    tick,
)
from memo.swedish import tal

__all__ = ["MAIN_TEMPLATE", "MAX_OUTPUT_CHARS", "MAX_TEMPLATE_FILE_BYTES", "MAX_TEMPLATE_MEMORY",
           "MAX_TEMPLATE_SECONDS", "MAX_TEMPLATE_STEPS", "Rendering", "render_markup"]

MAIN_TEMPLATE = "memo.xml.j2"


class Rendering(NamedTuple):
    """What a render needs: enough to render again and find which template wrote a stretch of output."""

    case: Case
    profile: Profile
    folders: tuple[Path, ...]

    def origin(self, offset: int) -> Location:
        """The template file and line that wrote the output character at ``offset``."""
        env = environment(self.folders)
        context = _context(self.case, self.profile, env, self.folders)
        start = 0
        with _translated(), render_budget():
            generator = env.get_template(MAIN_TEMPLATE).generate(context)
            for piece in generator:
                if start + len(piece) > offset:
                    return _piece_origin(env, generator, piece, offset - start)
                start += len(piece)
        return Location()

    def located(self, error: TemplateError, markup: str) -> TemplateError:
        """``error``, found at a line and column of ``markup``, at the template line that wrote it instead."""
        where = error.location
        if where.file is not None or where.line is None:
            return error
        lines = markup.split("\n")
        offset = sum(len(text) + 1 for text in lines[: where.line - 1]) + (where.column or 1) - 1
        found = self.origin(offset)
        return TemplateError(error.message, found) if found.file is not None else error


def render_markup(case: Case, profile: Profile, templates: Sequence[Path] = ()) -> tuple[str, Rendering]:
    """Render the whole memo to markup. ``templates`` are user folders, first one wins.

    Returns the markup and the :class:`Rendering` that made it, which places a problem found
    later in the markup in the template that wrote it (:meth:`Rendering.located`).
    """
    folders = tuple(templates)
    for folder in folders:
        if not folder.is_dir():
            raise TemplateError(f"Mallmappen '{folder}' finns inte.", Location(folder))
    env = environment(folders)
    context = _context(case, profile, env, folders)
    pieces: list[str] = []
    size = 0
    with _translated(), render_budget():
        generator = env.get_template(MAIN_TEMPLATE).generate(context)
        for piece in generator:
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateError(f"Mallen skrev mer än {tal(MAX_OUTPUT_CHARS)} tecken; troligen en loop som "
                                    "inte tar slut.", _piece_origin(env, generator, piece, 0))
            pieces.append(piece)
    return "".join(pieces), Rendering(case, profile, folders)


def _context(case: Case, profile: Profile, env: Sandbox, folders: tuple[Path, ...]) -> Mapping[str, Any]:
    with collector_paused():  # the prose's Markdown parse makes many objects and no cycles
        return template_context(case, profile, tick, template_names(env, folders))


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    """Jinja's and the sandbox's exceptions, raised in the block, as TemplateErrors at the template's line."""
    try:
        yield
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(_message(exc), exc.filename, exc.lineno) from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError,
            RecursionError, MemoryError) as exc:
        filename, line = _frame(sys.exc_info()[2])
        if filename is not None and line is not None and "non-namespace" in str(exc):
            line = _assignment_line(filename, line)  # Jinja marks no line of its own for this check
        raise _template_error(_message(exc), filename, line) from None


_ATTRIBUTE_ASSIGNMENT = re.compile(r"\{%-?\s*set\s+\w+\.\w+")


def _assignment_line(filename: str, line: int) -> int:
    """The line of the first ``{% set name.attribute = … %}`` at or after ``line`` (else ``line``)."""
    source = _source(filename)
    start = sum(len(text) + 1 for text in source.split("\n")[: line - 1])
    found = _ATTRIBUTE_ASSIGNMENT.search(source, start)
    return source.count("\n", 0, found.start()) + 1 if found else line


def _message(exc: BaseException) -> str:
    """The Swedish message for an exception a template caused."""
    text = str(exc).rstrip(".")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"Mallen har ett syntaxfel: {_syntax(exc.message or '')}."
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"Mallen '{exc.name}' finns inte (eller pekar utanför mallmappen)."
    if isinstance(exc, NotAValue):
        return f"Mallen skriver ut ett värde som inte är text: {text}."
    if isinstance(exc, BudgetExceeded):
        return f"Mallen stoppades: {text}."
    if isinstance(exc, jinja2.exceptions.SecurityError):
        unsafe = _UNSAFE.fullmatch(text)
        if unsafe and unsafe["attribute"] in _CHANGING and unsafe["type"] in ("list", "dict", "set"):
            return (f"Mallen försöker ändra ärendets eller profilens uppgifter med {unsafe['attribute']}(), vilket "
                    "inte är tillåtet: mallarna får bara läsa dem. Bygg det du behöver med filter, till exempel "
                    "{{ (lista + ['ny']) | join(', ') }}.")
        if unsafe:
            return (f"Mallen försöker nå '{unsafe['attribute']}' på ett {unsafe['type']}-objekt, vilket inte är "
                    "tillåtet.")
        return f"Mallen försöker göra något som inte är tillåtet: {text}."
    if isinstance(exc, jinja2.UndefinedError):
        return f"Mallen använder ett värde som inte finns: {_undefined(exc.message or '')}."
    if isinstance(exc, RecursionError):
        return "Mallen anropar sig själv utan slut."
    if isinstance(exc, OverflowError) and "MAX_RANGE" in text:
        return f"Mallen stoppades: range() får ge högst {tal(MAX_RANGE)} tal i en mall."
    if isinstance(exc, MemoryError):
        return "Mallen stoppades: minnet tog slut, troligen i en loop som inte tar slut."
    if isinstance(exc, ZeroDivisionError):
        return "Mallen delar med noll."
    if isinstance(exc, jinja2.exceptions.TemplateRuntimeError) and "non-namespace" in text:
        return ("Mallen försöker ändra ärendets eller profilens uppgifter med {% set … = … %}, vilket inte är "
                "tillåtet: mallarna får bara läsa dem. Lägg värdet i en egen variabel, eller i en namespace().")
    if isinstance(exc, TypeError):
        return f"Mallen räknar, jämför eller skriver värden som inte går ihop ({text})."
    return f"Mallen misslyckades: {text}."


_UNSAFE = re.compile(r"access to attribute '(?P<attribute>[^']*)' of '(?P<type>[^']*)' object is unsafe")
#: Jinja's commonest syntax errors, in Swedish (any other is given as Jinja words it).
_SYNTAX = (
    (re.compile(r"Unexpected end of template\..*innermost block that needs to be closed is '(\w+)'.*", re.DOTALL),
     r"mallen slutar innan {% \1 %} är stängt; skriv {% end\1 %} där blocket slutar"),
    (re.compile(r"Unexpected end of template.*", re.DOTALL), "mallen slutar mitt i ett uttryck eller block"),
    (re.compile(r"Encountered unknown tag '(\w+)'\..*innermost block that needs to be closed is '(\w+)'.*",
                re.DOTALL), r"{% \1 %} står där {% \2 %} ännu inte är stängt; skriv {% end\2 %} före"),
    (re.compile(r"Encountered unknown tag '(\w+)'\..*", re.DOTALL), r"{% \1 %} är ingen tagg i Jinja"),
    (re.compile(r"Expected an expression, got '(.+?)'"), r"här borde ett uttryck stå, men det står '\1'"),
    (re.compile(r"No filter named '(.+?)'\.?"), r"filtret '\1' finns inte"),
    (re.compile(r"No test named '(.+?)'\.?"), r"testet '\1' finns inte"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), r"här borde '\1' stå, men det står '\2'"),
    (re.compile(r"unexpected '(.+?)'"), r"'\1' står där det inte kan stå"),
    (re.compile(r"unexpected char '(.+?)' at \d+"), r"tecknet '\1' kan inte stå i ett uttryck"),
    (re.compile(r"tag name expected"), "ett taggnamn saknas efter {%"),
)


#: What Jinja says of a missing value, in Swedish.
_UNDEFINED = (
    (re.compile(r"'(.+?)' is undefined"), r"'\1' finns inte"),
    (re.compile(r"'(.+?) object' has no attribute '(.+?)'"), r"ett \1-värde har inget '\2'"),
    (re.compile(r"'(.+?)' has no attribute '(.+?)'"), r"'\1' har inget '\2'"),
    (re.compile(r"(.+?) object has no element (.+)"), r"ett \1-värde har inget element \2"),
)


def _undefined(message: str) -> str:
    for pattern, swedish in _UNDEFINED:
        if pattern.fullmatch(message):
            return pattern.sub(swedish, message)
    return message


_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "mallens slut"}


def _syntax(message: str) -> str:
    for name, shown in _TOKENS.items():
        message = message.replace(f"'{name}'", f"'{shown}'")
    for pattern, swedish in _SYNTAX:
        if pattern.fullmatch(message):
            return pattern.sub(swedish, message)
    return message.rstrip(".")


#: The methods Jinja's read-only sandbox refuses because they change a list, dict or set.
_CHANGING = ("append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "add", "discard",
             "sort", "reverse", "popitem", "difference_update", "intersection_update",
             "symmetric_difference_update")


def _frame(traceback: TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja rewrites it to the templates' lines)."""
    filename, line = None, None
    while traceback is not None:
        frame = traceback.tb_frame
        if "__jinja_exception__" in frame.f_globals or frame.f_code.co_filename.endswith(".j2"):
            filename, line = frame.f_code.co_filename, traceback.tb_lineno
        traceback = traceback.tb_next
    return filename, line


def _template_error(message: str, filename: str | None, line: int | None) -> TemplateError:
    return TemplateError(message, _location(filename, line))


def _location(filename: str | None, line: int | None) -> Location:
    source_line = None
    path = Path(filename) if filename else None
    if path is not None and line is not None and path.is_file():
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")  # Jinja's lines, not splitlines()
        source_line = lines[line - 1] if 0 < line <= len(lines) else None
    return Location(path, line, None, None, source_line)


def _innermost(generator: Any) -> Any:
    """The generator that yielded last: through ``yield from`` and through Jinja's include loops (``gen``)."""
    current = generator
    while True:
        frame = getattr(current, "gi_frame", None)
        inner = getattr(current, "gi_yieldfrom", None)
        if inner is None and frame is not None:
            inner = frame.f_locals.get("gen")
        if not isinstance(inner, GeneratorType) or inner.gi_frame is None:
            return current
        current = inner


def _piece_origin(env: jinja2.Environment, generator: Iterator[str], piece: str, at: int) -> Location:
    """Where the piece of output ``generator`` has just yielded was written: its template and line.

    ``at``: the character within the piece that matters. A piece that is the template's own
    text is found in its source from the line Jinja gives for it on, so the line is that of
    the character itself; a piece that is not there (a macro's output, a value) is looked for,
    by the line around ``at``, in the other templates of the render; else it is the line that
    wrote it.
    """
    frame = _innermost(generator).gi_frame
    name = frame.f_globals.get("name") if frame is not None else None
    if frame is None or not isinstance(name, str):
        return Location()
    template = env.get_template(name)
    filename = template.filename
    line = template.get_corresponding_lineno(frame.f_lineno)
    if filename is None or not piece:
        return _location(filename, line)
    source = _source(filename)
    line_start = sum(len(text) + 1 for text in source.split("\n")[: line - 1])
    found = source.find(piece, line_start)
    if found >= 0:
        return _location(filename, source.count("\n", 0, found + at) + 1)
    begin = piece.rfind("\n", 0, at) + 1
    end = piece.find("\n", at)
    snippet = piece[begin:end if end >= 0 else len(piece)].strip()
    if len(snippet) >= 3:
        places = [(other, position) for other in _loaded_files(env)
                  for position in _positions(_source(other), snippet)]
        if len(places) == 1:
            other, position = places[0]
            return _location(other, _source(other).count("\n", 0, position) + 1)
    return _location(filename, line)


def _source(filename: str) -> str:
    """A template's text with its line breaks as Jinja counts them (``read_text`` makes every kind ``\n``)."""
    return Path(filename).read_text(encoding="utf-8", errors="replace")


def _loaded_files(env: jinja2.Environment) -> list[str]:
    """The files of the templates the environment has loaded (those of this render among them)."""
    templates = list(env.cache.values()) if env.cache is not None else []
    return sorted({t.filename for t in templates if t.filename})


def _positions(text: str, snippet: str) -> list[int]:
    found: list[int] = []
    start = text.find(snippet)
    while start >= 0 and len(found) < 2:
        found.append(start)
        start = text.find(snippet, start + 1)
    return found
