"""``memo kallelse`` and ``memo protokoll``: a sammanträde's documents from its meeting file."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from memo.cli.argparsing import subparser
from memo.errors import Location, MemoError, MemoWarning

__all__ = ["kallelse", "protokoll"]


def _parser(prog: str, description: str, example: str) -> argparse.ArgumentParser:
    parser = subparser(prog, description, example)
    parser.add_argument("fil", metavar="MÖTE.yaml", type=Path, help="sammanträdets fil")
    parser.add_argument("-o", "--ut", dest="ut", metavar="MAPP", type=Path,
                        help="mappen dokumenten skrivs i (standard: en mapp som heter som sammanträdets fil, "
                             "bredvid den); den skapas om den inte finns")
    parser.add_argument("--profil", metavar="PROFIL", help="en annan profil än sammanträdets")
    parser.add_argument("--skriv-over", "--skriv-över", dest="skriv_over", action="store_true",
                        help="ersätt dokumenten även om någon har ändrat dem efter att memo skrev dem")
    return parser


def kallelse(argv: list[str]) -> int:
    """``memo kallelse MÖTE.yaml [-o MAPP] [--pdf]``."""
    parser = _parser("memo kallelse",
                     "Skriver kallelsen med föredragningslistan (kallelse.docx) till ett sammanträde: varje punkt "
                     "med rubrik, diarienummer, förslag till beslut som PM:et skriver det, handläggare och "
                     "PM:et som bilaga. Med --pdf också kallelse.pdf och mötesboken (motesbok.pdf): kallelsen och alla "
                     "PM i föredragningslistans ordning, med ett bokmärke per ärende, som en taggad PDF.",
                     "Exempel: memo kallelse ks-2026-10-05.yaml --pdf")
    parser.add_argument("--pdf", action="store_true",
                        help="skriv också kallelse.pdf och motesbok.pdf (kräver LibreOffice)")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    args = parser.parse_args(argv)
    from memo.meeting import write_kallelse

    def write() -> list[str]:
        made = write_kallelse(args.fil, _folder(args.fil, args.ut), profile=args.profil, pdf=args.pdf,
                              overwrite=args.skriv_over)
        lines = [str(made.docx)]
        if made.pdf is not None:
            lines.append(str(made.pdf))
        if made.motesbok is not None and made.motesbok_size is not None:
            lines.append(f"{made.motesbok} ({_size(made.motesbok_size)})")
        return lines

    return _run(args.fil, write)


def protokoll(argv: list[str]) -> int:
    """``memo protokoll MÖTE.yaml [-o MAPP]``."""
    parser = _parser("memo protokoll",
                     "Skriver protokollet (protokoll.docx) från ett sammanträde: en paragraf per punkt med förslaget "
                     "och beslutet, justering och anslag; och ett protokollsutdrag per paragraf i mappen "
                     "protokollsutdrag bredvid. Ett beslut som inte blev förslaget skrivs under 'beslut' i punkten.",
                     "Exempel: memo protokoll ks-2026-10-05.yaml")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    args = parser.parse_args(argv)
    from memo.meeting import write_protokoll

    def write() -> list[str]:
        made = write_protokoll(args.fil, _folder(args.fil, args.ut), profile=args.profil, overwrite=args.skriv_over)
        count = len(made.utdrag)
        folder = made.utdrag[0].parent if made.utdrag else made.docx.parent
        return [str(made.docx), f"{folder}{'/' if not str(folder).endswith('/') else ''} "
                                f"({count} protokollsutdrag)"]

    return _run(args.fil, write)


def _folder(meeting: Path, given: Path | None) -> Path:
    """Where the documents go: the folder given, else one named as the meeting file, beside it."""
    if given is not None:
        return given
    return meeting.with_suffix("") if meeting.suffix else meeting.with_name(meeting.name + "-dokument")


def _size(size: int) -> str:
    from memo.swedish import tal

    return f"{tal(round(size / 1024))} kB" if size < 1024 * 1024 else f"{tal(round(size / 1048576, 1))} MB"


def _run(meeting: Path, write: Callable[[], list[str]]) -> int:
    from memo.validation import SaidOnce, memo_warnings, warning_line

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MemoWarning)
        try:
            lines = write()
        except MemoError as exc:
            print(f"memo: {exc}", file=sys.stderr)
            return 1
    said = SaidOnce()
    lines_said: set[str] = set()
    for finding in memo_warnings(caught, Location(meeting)):
        line = warning_line(finding.location.file or meeting, finding)  # a case's warning at the case's file
        if said.first(finding) and line not in lines_said:
            lines_said.add(line)
            print(f"memo: varning: {line}", file=sys.stderr)
    for line in lines:
        print(line)
    return 0
