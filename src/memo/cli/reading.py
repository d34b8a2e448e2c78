"""``memo läs``: a memo in Word back into a case — the reviewer's edits into the case it was written from
(``--ärende``), or an old memo memo did not write into a new case (``--profil`` and ``-o``)."""

from __future__ import annotations

import sys
from pathlib import Path

from memo.cli.argparsing import subparser
from memo.errors import MemoError

__all__ = ["las", "report"]


def report(changes: object, *, written: bool) -> list[str]:
    """What ``memo läs --ärende`` prints: the changes key by key, in Swedish."""
    from memo.roundtrip.back import Changes

    assert isinstance(changes, Changes)
    lines: list[str] = []
    if changes.revisions:
        lines.append("Dokumentet har 1 spårad ändring; den är läst som godkänd." if changes.revisions == 1 else
                     f"Dokumentet har {changes.revisions} spårade ändringar; de är lästa som godkända.")
    if not changes.changes:
        lines.append(f"Inga ändringar: {changes.path.name} är som förut.")
    for change in changes.changes:
        before, after = _from_difference(change.before, change.after)
        lines.append(f"{change.key}:")
        if change.before is not None:
            lines.append(f"  före:  {before}")
        if change.after is not None:
            lines.append(f"  efter: {after}")
    lines.extend(f"Inte överfört: {line}" for line in changes.unplaced)
    if changes.changes:
        count = len(changes.changes)
        said = "1 ändring" if count == 1 else f"{count} ändringar"
        lines.append(f"{said} i {changes.path.name}." if written
                     else f"{said} i {changes.path.name} som inte skrevs (--visa).")
    return lines


def _from_difference(before: str | None, after: str | None, limit: int = 100) -> tuple[str, str]:
    """Both texts on one line, from a little before where they first differ, each cut at ``limit`` characters.

    >>> _from_difference("Ett långt stycke " * 5 + "med ett ord.", "Ett långt stycke " * 5 + "med två ord.")
    ('…stycke Ett långt stycke med ett ord.', '…stycke Ett långt stycke med två ord.')
    """
    a, b = " ".join((before or "").split()), " ".join((after or "").split())
    same = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, same - 30) if a and b else 0
    space = a.find(" ", start) if start else -1
    if 0 <= space < same:  # from the start of a word
        start = space + 1
    cut = [("…" if start else "") + text[start:] for text in (a, b)]
    return tuple(text if len(text) <= limit else text[: limit - 1] + "…" for text in cut)  # type: ignore[return-value]


def las(argv: list[str]) -> int:
    """``memo läs X.docx --ärende Ä.yaml [--profil P] [--visa]`` or ``memo läs X.docx --profil P -o NYTT.yaml``."""
    parser = subparser(
        "memo läs",
        "Läser ett PM i Word tillbaka till ett ärende. Med --ärende: ändringarna som någon gjort i ett PM som memo "
        "skrev (i Word eller LibreOffice) förs in i ärendet, och bara de nycklar vars text ändrats ändras. Med "
        "--profil och -o: ett gammalt PM som memo inte skrev blir ett nytt ärende för profilens organisation.",
        "Exempel: memo läs pm.docx --ärende ärende.yaml --visa\n"
        "         memo läs gammalt.docx --profil region-orebro-lan -o nytt.yaml")
    parser.add_argument("dokument", metavar="PM.docx", type=Path, help="Word-dokumentet som ska läsas")
    parser.add_argument("--ärende", "--arende", dest="arende", metavar="ÄRENDE.yaml", type=Path,
                        help="ärendet som PM:et skrevs från; ändringarna förs in i det")
    parser.add_argument("--visa", action="store_true", help="visa ändringarna utan att skriva något")
    parser.add_argument("--profil", metavar="PROFIL",
                        help="profilen ett gammalt PM läses in för (nytt ärende), eller med --ärende profilen som "
                             "PM:et skrevs med (om det inte är ärendets egen)")
    parser.add_argument("-o", "--ut", dest="ut", metavar="NYTT.yaml", type=Path,
                        help="det nya ärendet (med --profil); skrivs aldrig över")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    args = parser.parse_args(argv)
    problem = _argument_problem(args.arende, args.profil, args.ut, args.visa)
    if problem:
        print(f"memo läs: {problem}", file=sys.stderr)
        return 2
    try:
        if args.arende is not None:
            from memo.roundtrip.back import read_back

            changes = read_back(args.dokument, args.arende, write=not args.visa, profile=args.profil)
            print("\n".join(report(changes, written=changes.written)))
            return 0
        return _import(args.dokument, args.profil, args.ut)
    except MemoError as exc:
        print(f"memo: {exc}", file=sys.stderr)
        return 1


def _argument_problem(arende: Path | None, profil: str | None, ut: Path | None, visa: bool) -> str | None:
    """What is wrong with the arguments' combination, in Swedish (None: nothing)."""
    if arende is None and profil is None:
        return "ange --ärende ÄRENDE.yaml (för in ändringar i ärendet) eller --profil PROFIL -o NYTT.yaml (gör ett " \
               "nytt ärende av ett gammalt PM)."
    if arende is None and profil is not None and ut is None:
        return "ange det nya ärendets fil med -o NYTT.yaml."
    if arende is not None and ut is not None:
        return "-o hör till --profil; med --ärende skrivs ändringarna in i ärendet självt."
    if arende is None and visa:
        return "--visa hör till --ärende."
    return None


def _import(document: Path, profile: str, target: Path) -> int:
    """The old memo as a new case for ``profile``, written to ``target`` (never over a file)."""
    from memo.errors import Location, OutputError, os_reason
    from memo.importer import import_memo
    from memo.word.output import create_new

    refused = OutputError("Filen finns redan; memo läs skriver aldrig över en fil. Välj ett annat namn.",
                          Location(target))
    if target.exists():  # said before the old memo is read; create_new makes sure of it when writing
        raise refused
    imported = import_memo(document, profile)
    try:
        create_new(target, imported.text.encode("utf-8"))
    except FileExistsError:
        raise refused from None
    except OSError as exc:
        raise OutputError(f"Filen kunde inte skrivas: {os_reason(exc)}.", Location(target)) from None
    for line in imported.unplaced:  # the importer's report: what it could not place, the tracked changes read
        print(line)
    print(f"Skrev {target}.")
    return 0
