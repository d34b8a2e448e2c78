"""The ``memo`` command: ``memo ärende.yaml`` writes ``ärende.docx`` beside it.

Thin by design: ``main(argv) -> int`` parses the arguments, calls the library and turns
a :class:`memo.errors.MemoError` into one Swedish message on stderr and exit code 1.
Wrong usage exits with 2.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from memo.errors import MemoError

__all__ = ["main"]

_TRANSLATIONS = (
    (r"the following arguments are required: (.*)", r"argument saknas: \1"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"argument (.*): expected one argument", r"flaggan \1 behöver ett värde"),
    (r"ambiguous option: (.*)", r"flaggan är tvetydig: \1"),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: object, groups: object, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix or "Användning: ")  # type: ignore[arg-type]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _TRANSLATIONS:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"memo: fel: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="memo",
        description="Gör ett färdigt PM (tjänsteskrivelse, föredragnings-PM) i Word-format av ett "
                    "ärende skrivet i YAML.",
        epilog="Exempel: memo ärende.yaml   (skriver ärende.docx bredvid ärendet)",
        formatter_class=_Formatter,
        add_help=False,
    )
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    parser.add_argument("arende", metavar="ÄRENDE.yaml", type=Path, help="ärendet som ska bli ett PM")
    parser.add_argument("-o", "--ut", metavar="FIL", type=Path,
                        help="var PM:et ska sparas (standard: samma namn som ärendet, .docx)")
    parser.add_argument("--profil", metavar="PROFIL",
                        help="organisationens profil: ett inbyggt namn (t.ex. region-orebro-lan) eller en mapp")
    parser.add_argument("--mallar", metavar="MAPP", type=Path,
                        help="en mapp med egna avsnittsmallar som ersätter de inbyggda, mall för mall")
    parser.add_argument("--debug", action="store_true", help="visa hela felspårningen vid fel (för utvecklare)")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        from memo.pipeline import write

        target = args.ut or args.arende.with_suffix(".docx")
        written = write(args.arende, target, profile=args.profil, templates=args.mallar)
    except MemoError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"memo: {exc}", file=sys.stderr)
        return 1
    print(written)
    return 0
