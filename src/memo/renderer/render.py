"""Stage 3: a document + its profile → memo markup, through its kind's main template and one template per section.

The renderer folder is the only part of memo that imports Jinja: :mod:`memo.renderer.sandbox`
(read-only data; every call, loop and value checked against :mod:`memo.renderer.budget`,
the render's limits, and :mod:`memo.renderer.values`, what a template may write),
:mod:`memo.renderer.loading` (template folders, their limits and caches), and this module,
which renders; when a template fails, :mod:`memo.renderer.origins` finds the template file
that caused it and its own line, and :mod:`memo.renderer.messages` says what went wrong in
Swedish. Every template — shipped or the user's — runs sandboxed with ``StrictUndefined`` and
autoescaping: case text is data, never code, and a missing value is an error, never a blank.
A user's template folder overrides the shipped templates section by section.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import jinja2

from memo.collector import collector_paused
from memo.errors import Location, TemplateError
from memo.profile.load import Profile
from memo.renderer.budget import (
    MAX_OUTPUT_CHARS,
    MAX_TEMPLATE_MEMORY,
    MAX_TEMPLATE_SECONDS,
    MAX_TEMPLATE_STEPS,
    render_budget,
    tick,
)
from memo.renderer.loading import MAX_TEMPLATE_FILE_BYTES, environment, new_render, template_names
from memo.renderer.reads import watched
from memo.renderer.sandbox import Sandbox
from memo.swedish import tal

__all__ = ["MAX_OUTPUT_CHARS", "MAX_TEMPLATE_FILE_BYTES", "MAX_TEMPLATE_MEMORY", "MAX_TEMPLATE_SECONDS",
           "MAX_TEMPLATE_STEPS", "Context", "Rendering", "render_markup"]


class Context(Protocol):
    """A kind of document's template context (:attr:`memo.kinds.kind.DocumentKind.context`): what its templates
    see; ``tick`` counts work against the render's budget; ``templates`` are the names of the templates there are."""

    def __call__(self, document: Any, profile: Profile, tick: Callable[[], None],
                 templates: Collection[str], /) -> Mapping[str, Any]: ...


class Rendering(NamedTuple):
    """What a render needs: enough to render again and find which template wrote a stretch of output."""

    document: Any
    profile: Profile
    folders: tuple[Path, ...]
    context: Context
    main: str
    #: The keys of the data the templates read, by path (``arende.till``; :mod:`memo.renderer.reads`).
    read: set[str]

    def origin(self, offset: int) -> Location:
        """The template file and line that wrote the output character at ``offset``."""
        env = environment(self.folders)
        context = _context(self, env)
        start = 0
        with _translated(), render_budget():
            generator = env.get_template(self.main).generate(context)
            for piece in generator:
                if start + len(piece) > offset:
                    from memo.renderer.origins import piece_origin

                    return piece_origin(env, generator, piece, offset - start)
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


def render_markup(document: Any, profile: Profile, templates: Sequence[Path] = (), *, context: Context,
                  main: str) -> tuple[str, Rendering]:
    """Render a whole document to markup: its ``main`` template with its kind's ``context``.
    ``templates`` are user folders, first one wins.

    Returns the markup and the :class:`Rendering` that made it, which places a problem found
    later in the markup in the template that wrote it (:meth:`Rendering.located`) and tells which of the
    data's keys the templates read (:attr:`Rendering.read`).
    """
    folders = tuple(templates)
    for folder in folders:
        if not folder.is_dir():
            raise TemplateError(f"Mallmappen '{folder}' finns inte.", Location(folder))
    env = environment(folders)
    new_render()
    rendering = Rendering(document, profile, folders, context, main, set())
    data = watched(_context(rendering, env), rendering.read)
    pieces: list[str] = []
    size = 0
    with _translated(), render_budget():
        generator = env.get_template(main).generate(data)
        for piece in generator:
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                from memo.renderer.origins import piece_origin

                raise TemplateError(f"Mallen skrev mer än {tal(MAX_OUTPUT_CHARS)} tecken; troligen en loop som "
                                    "inte tar slut.", piece_origin(env, generator, piece, 0))
            pieces.append(piece)
    return "".join(pieces), rendering


def _context(rendering: Rendering, env: Sandbox) -> Mapping[str, Any]:
    with collector_paused():  # the prose's Markdown parse makes many objects and no cycles
        return rendering.context(rendering.document, rendering.profile, tick,
                                 template_names(env, rendering.folders))


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    """Jinja's and the sandbox's exceptions, raised in the block, as TemplateErrors at the template's line."""
    try:
        yield
    except TemplateError:
        raise
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError,
            RecursionError, MemoryError) as exc:
        from memo.renderer import messages, origins  # only when a template has failed

        if isinstance(exc, jinja2.TemplateSyntaxError):
            raise origins.template_error(messages.message(exc), exc.filename, exc.lineno) from None
        filename, line = origins.frame(sys.exc_info()[2])
        if filename is not None and line is not None and "non-namespace" in str(exc):
            line = origins.assignment_line(filename, line)  # Jinja marks no line of its own for this check
        raise origins.template_error(messages.message(exc), filename, line) from None


