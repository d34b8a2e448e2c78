"""Which template file and line caused a problem: from a traceback, or from a piece of the output.

Jinja rewrites a traceback so that its frames are the templates' own lines; a problem found
later in the joined output (bad markup, a runaway loop) is traced to the generator that
yielded that piece of output. Used only when something has gone wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import GeneratorType, TracebackType
from typing import Any

import jinja2

from memo.errors import Location, TemplateError

__all__ = ["assignment_line", "frame", "location", "piece_origin", "template_error"]


def frame(traceback: TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja rewrites it to the templates' lines)."""
    filename, line = None, None
    while traceback is not None:
        frame = traceback.tb_frame
        if "__jinja_exception__" in frame.f_globals or frame.f_code.co_filename.endswith(".j2"):
            filename, line = frame.f_code.co_filename, traceback.tb_lineno
        traceback = traceback.tb_next
    return filename, line


def template_error(message: str, filename: str | None, line: int | None) -> TemplateError:
    return TemplateError(message, location(filename, line))


def location(filename: str | None, line: int | None) -> Location:
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


def piece_origin(env: jinja2.Environment, generator: Iterator[str], piece: str, at: int) -> Location:
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
        return location(filename, line)
    source = _source(filename)
    line_start = sum(len(text) + 1 for text in source.split("\n")[: line - 1])
    found = source.find(piece, line_start)
    if found >= 0:
        return location(filename, source.count("\n", 0, found + at) + 1)
    begin = piece.rfind("\n", 0, at) + 1
    end = piece.find("\n", at)
    snippet = piece[begin:end if end >= 0 else len(piece)].strip()
    if len(snippet) >= 3:  # a whole line of one template, and of no other: where a macro wrote it
        places = [(other, number) for other in _loaded_files(env)
                  for number, text in enumerate(_source(other).split("\n"), 1) if text.strip() == snippet]
        if len(places) == 1:
            return location(*places[0])
    return location(filename, line)


def _source(filename: str) -> str:
    """A template's text with its line breaks as Jinja counts them (``read_text`` makes every kind ``\n``)."""
    return Path(filename).read_text(encoding="utf-8", errors="replace")


def _loaded_files(env: jinja2.Environment) -> list[str]:
    """The files of the templates the environment has loaded (those of this render among them)."""
    try:
        templates = list(env.cache.values()) if env.cache is not None else []
    except (KeyError, RuntimeError):  # the cache changed under us (another thread): nothing to search
        return []
    return sorted({t.filename for t in templates if t.filename})


_ATTRIBUTE_ASSIGNMENT = re.compile(r"\{%-?\s*set\s+\w+\.\w+")


def assignment_line(filename: str, line: int) -> int:
    """The line of the first ``{% set name.attribute = … %}`` at or after ``line`` (else ``line``)."""
    source = _source(filename)
    start = sum(len(text) + 1 for text in source.split("\n")[: line - 1])
    found = _ATTRIBUTE_ASSIGNMENT.search(source, start)
    return source.count("\n", 0, found.start()) + 1 if found else line
