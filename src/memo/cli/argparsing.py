"""The command line's arguments, in Swedish: usage, errors and help as a handläggare reads them, and the
case files that the arguments name.

Shared by the ``memo`` command (:mod:`memo.cli`) and its subcommands (:mod:`memo.cli.commands`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, Protocol

from memo.errors import MemoError, ProfileError

__all__ = ["CASE_SUFFIXES", "Formatter", "Parser", "files_named", "for_case", "subparser"]

_TRANSLATIONS = (
    (r"the following arguments are required: (.*)", r"argument saknas: \1"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"argument (.*): expected one argument", r"flaggan \1 behöver ett värde"),
    (r"ambiguous option: (\S+) could match (.*)", r"flaggan \1 är tvetydig: den kan vara \2"),
    (r"ambiguous option: (.*)", r"flaggan är tvetydig: \1"),
    (r"argument (\S+): ignored explicit argument (.*)", r"flaggan \1 tar inget värde (\2)"),
    (r"argument (\S+): invalid choice: (.*)", r"flaggan \1 har ett okänt värde: \2"),
)


class Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: object, groups: object, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix or "Användning: ")  # type: ignore[arg-type]


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


class Parser(argparse.ArgumentParser):
    def _print_message(self, message: str, file: _Writable | None = None) -> None:
        """As argparse prints help, usage and version, except that a reader who went away (``memo --help | head
        -1``) is not ignored: memo ends as for any output into a closed pipe (:func:`memo.cli.run`)."""
        stream = file or sys.stderr
        if not message or stream is None:  # None: the descriptor is closed (cron), or under pythonw
            return
        try:
            stream.write(message)
        except BrokenPipeError:
            raise
        except OSError:
            pass

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _TRANSLATIONS:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"memo: fel: {message}\n")


def subparser(prog: str, description: str, epilog: str) -> Parser:
    """A parser in memo's Swedish style, with Swedish section titles and its own ``-h``."""
    parser = Parser(prog=prog, description=description, epilog=epilog, formatter_class=Formatter, add_help=False)
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    return parser


#: The file names a case has: a folder's cases are its files with these endings.
CASE_SUFFIXES = (".yaml", ".yml")


#: Beginnings of the names editors and file systems give their own files beside a user's: Word's lock files
#: (``~$pm.docx``), Emacs's lock links (``.#ärende.yaml``), macOS's resource forks on shared drives
#: (``._ärende.yaml``), LibreOffice's lock files (``.~lock.pm.docx#``). A folder's files with these are not its own.
EDITOR_FILES = ("~$", ".#", "._", ".~lock.")


def files_named(paths: Sequence[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """The files the arguments name: each file, and each folder's regular files with one of ``suffixes`` (in name
    order, without editors' own files: :data:`EDITOR_FILES`)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix.lower() in suffixes and not p.name.startswith(EDITOR_FILES)
                                and (p.is_file() or not p.exists())))
        else:
            found.append(path)
    return found


def for_case(error: MemoError, case: Path) -> str:
    """``error``, met with ``case`` among several cases, as the command says it: a fault of the profile the case
    uses begins with the case, so that every case that cannot be made because of it is named."""
    if isinstance(error, ProfileError) and error.file is not None and error.file.resolve() != case.resolve():
        return f"{case}: ärendets profil har fel: {error}"
    return str(error)
