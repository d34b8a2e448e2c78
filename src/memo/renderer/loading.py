"""Finding, reading and compiling templates: the template folders, their limits and their caches.

A user's template folder comes before the shipped templates, section by section. A
template file is read only if it stays inside its folder (symbolic links followed), is at
most :data:`MAX_TEMPLATE_FILE_BYTES` and is UTF-8; otherwise the error names the file (and,
for a byte that is not UTF-8, its line). Every cache is keyed on what the files are now
(:func:`memo.cache.file_stamp`), not on the process's lifetime: a template edited, added or
removed while a service keeps memo loaded takes effect on the next memo. Compiled templates
are also kept on disk in Jinja's own bytecode cache, keyed by each template's source.
"""

from __future__ import annotations

import contextlib
import functools
import os
import weakref
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from memo import cache
from memo.errors import Location, TemplateError, os_reason
from memo.renderer.sandbox import Sandbox, guarded_filter
from memo.stopping import deferred
from memo.swedish import FILTERS

__all__ = ["MAX_TEMPLATE_FILE_BYTES", "environment", "new_render", "template_names"]

#: A template file larger than this is not read (a section template is a few kilobytes).
MAX_TEMPLATE_FILE_BYTES = 1_000_000


class _Folder(jinja2.FileSystemLoader):
    """One template folder: its templates, followed through symlinks, stay inside it; each is checked when read."""

    def __init__(self, folder: Path, real: str) -> None:
        super().__init__(str(folder))
        self.folder = folder  # as the user gave it: messages name the templates so
        self.real = real

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        render = _RENDERS[0]  # taken before the file is read: an edit after this is seen by the next memo
        path = self.folder.joinpath(*split_template_path(template))
        if not path.is_file():
            raise jinja2.TemplateNotFound(template)
        if not os.path.realpath(path).startswith(self.real + os.sep):
            raise TemplateError(f"Mallen '{template}' är en länk som pekar utanför mallmappen; lägg mallen själv i "
                                "mappen.", Location(path))
        try:
            with path.open("rb") as stream:  # never more than the limit and a byte, however large the file is
                data = stream.read(MAX_TEMPLATE_FILE_BYTES + 1)
            if len(data) > MAX_TEMPLATE_FILE_BYTES:
                size = max(path.stat().st_size, len(data))
                raise TemplateError(f"Mallen är {size // 1000} kB; en mall får vara högst "
                                    f"{MAX_TEMPLATE_FILE_BYTES // 1000} kB. Dela upp den eller ta bort det som "
                                    "inte hör till mallen.", Location(path))
            stamp = cache.file_stamp(path, data)
        except OSError as exc:
            raise TemplateError(f"Mallen går inte att läsa: {os_reason(exc)}.", Location(path)) from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise TemplateError(f"Mallen är inte sparad som UTF-8 (byte 0x{data[exc.start]:02X} på rad {line}); "
                                "spara den som UTF-8 i din editor (i Anteckningar: Spara som, kodning UTF-8).",
                                Location(path, line)) from None

        checked = [render]

        def uptodate() -> bool:  # looked at once per memo, however often the template is included in it
            if checked[0] == _RENDERS[0]:
                return True
            checked[0] = _RENDERS[0]
            try:
                return cache.file_stamp(path) == stamp
            except OSError:
                return False

        return source.removeprefix("\ufeff"), str(path), uptodate


#: How many memos have begun rendering in this process (see :func:`new_render`).
_RENDERS = [0]


def new_render() -> None:
    """A new memo begins: each template's file is looked at again (once) before it is used."""
    _RENDERS[0] += 1


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
        with deferred(), contextlib.suppress(OSError):  # a stop waits: no temporary file is left behind
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    # The compiled code depends on the sandbox's rewriting of templates and on Jinja.
    stamp = cache.code_stamp("renderer/sandbox", "renderer/budget", "renderer/values", "renderer/loading")
    folder = cache.cache_folder(f"mallar-{jinja2.__version__}-{stamp}") if stamp else None
    return _BytecodeCache(str(folder)) if folder is not None else None


@functools.cache
def _package_templates() -> tuple[Path, str]:
    """The package's own template folder and its real path (see profile._packaged_root): read by path."""
    from memo import templates
    folder = Path(templates.__file__).parent
    return folder, os.path.realpath(folder)


def environment(folders: tuple[Path, ...]) -> Sandbox:
    """The sandbox for the user's template folders ``folders`` (first wins) before the shipped templates.

    One per folder spelling and real folder: a relative folder in a process that changes its
    working folder is another folder.
    """
    shipped, shipped_real = _package_templates()
    return _environment((*folders, shipped), (*(os.path.realpath(f) for f in folders), shipped_real))


@functools.lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...], reals: tuple[str, ...]) -> Sandbox:
    loaders: list[jinja2.BaseLoader] = [_Folder(f, real) for f, real in zip(folders, reals, strict=True)]
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,  # each template's uptodate() compares its file's stamp
        bytecode_cache=_bytecode_cache(),
    )
    del env.filters["pprint"]  # Python's own notation has no place in a memo
    env.filters = {name: guarded_filter(name, function) for name, function in env.filters.items()}
    env.filters.update({name: guarded_filter(name, function, formats_a_number=True)
                        for name, function in FILTERS.items()})
    return env


def template_names(env: Sandbox, folders: tuple[Path, ...]) -> frozenset[str]:
    """The templates there are in the environment's folders now (listed again when a folder changes)."""
    try:
        stamps = tuple(cache.file_stamp(Path(place)) for folder in folders for place in _subfolders(folder))
    except OSError as exc:
        raise TemplateError(f"Mallmappen går inte att läsa: {os_reason(exc)}.", Location(Path(exc.filename))) from None
    if _SEEN.get(env, stamps) != stamps:
        # A template added to or removed from a folder may change which file a name means, although
        # no loaded template's own file changed: every template is looked up again.
        env.cache.clear()  # type: ignore[union-attr]
    _SEEN[env] = stamps
    return _names(env, stamps)


def _subfolders(folder: Path) -> list[str]:
    """The folder and every folder in it: a template added to any of them changes one of their stamps."""
    return [folder_path for folder_path, _, _ in os.walk(folder)]


#: The folder stamps each environment's templates were last looked up with.
_SEEN: weakref.WeakKeyDictionary[Sandbox, tuple[tuple[object, ...], ...]] = weakref.WeakKeyDictionary()


@functools.lru_cache(maxsize=16)
def _names(env: Sandbox, stamps: tuple[tuple[object, ...], ...]) -> frozenset[str]:
    return frozenset(env.list_templates())
