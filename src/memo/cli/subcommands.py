"""The ``memo`` command's subcommands: one table, and what the command line derives from it.

:data:`SUBCOMMANDS` is the only list of them. From it come the function a command line runs
(:func:`command_for`), the groups of subcommands that share a first word and their help
(``memo profil --help``), the list in ``memo --help``, and the "Menade du …?" for a first argument
that is neither a subcommand nor a case (:func:`not_a_command`). A case may be named like
anything, so a first argument that exists as a file or folder, or that ends in ``.yaml`` or
``.yml``, is always a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from memo.cli.argparsing import CASE_SUFFIXES, Parser, subparser

__all__ = ["SUBCOMMANDS", "command_for", "group_help", "group_named", "groups", "is_case", "not_a_command", "words"]

#: The subcommands, as ``memo --help`` lists them: the words that name one, what it does, and its function.
SUBCOMMANDS: tuple[tuple[str, str, str], ...] = (
    ("ny", "skriv ett nytt ärende att fylla i, med alla avsnitt som profilen har", "memo.cli.commands:ny"),
    ("kontrollera", "kontrollera ärenden och deras språk utan att skriva något", "memo.cli.commands:kontrollera"),
    ("schema", "skriv ärendeformatets JSON-schema för editorn", "memo.cli.commands:schema"),
    ("läs", "för in ändringar i ett PM i ärendet (--ärende), eller gör ett nytt ärende av ett gammalt PM (--profil)",
     "memo.cli.reading:las"),
    ("kallelse", "skriv kallelsen med föredragningslistan till ett sammanträde (med --pdf också mötesboken)",
     "memo.cli.meeting:kallelse"),
    ("protokoll", "skriv protokollet från ett sammanträde och ett protokollsutdrag per paragraf",
     "memo.cli.meeting:protokoll"),
    ("granska", "granska tillgängligheten i Word-dokument (också en mapp)", "memo.cli:_granska"),
    ("profil ny", "gör en profil av organisationens Word-mall", "memo.cli:_profil_ny"),
    ("profil lista", "visa de inbyggda profilerna och hur en av dem väljs", "memo.cli.commands:profil_lista"),
)

#: What each group of subcommands (the first word of several) is about, for its help.
_GROUPS = {
    "profil": "Organisationens profil: sidhuvud, sidfot, typsnitt och formatmallar i PM:et.",
}

_HELP = ("-h", "--help")


def words() -> list[str]:
    """The first words of the subcommands, in the table's order, each once (``ny``, …, ``profil``)."""
    return list(dict.fromkeys(name.split()[0] for name, _, _ in SUBCOMMANDS))


def groups() -> dict[str, list[tuple[str, str]]]:
    """Each first word that several subcommands share, with their second words and what they do."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name, what, _ in SUBCOMMANDS:
        first, *rest = name.split()
        if rest:
            found.setdefault(first, []).append((" ".join(rest), what))
    return found


def command_for(arguments: Sequence[str]) -> tuple[str, list[str]] | None:
    """The function (``module:name``) of the subcommand that ``arguments`` begin with, and the arguments left."""
    for name, _, function in SUBCOMMANDS:
        named = name.split()
        if list(arguments[:len(named)]) == named:
            return function, list(arguments[len(named):])
    return None


def group_named(arguments: Sequence[str]) -> str | None:
    """The group of subcommands (``profil``) that ``arguments`` begin with but name none of: its help, or a
    misspelt subcommand of it. None when the first argument is no group's, or is a case (a folder ``profil``),
    unless help is asked for."""
    if not arguments or arguments[0] not in groups():
        return None
    if is_case(arguments[0]) and not (len(arguments) > 1 and arguments[1] in _HELP):
        return None
    return arguments[0]


def is_case(argument: str) -> bool:
    """Whether a first argument names a case (or a folder of cases) whatever it is called: it ends in ``.yaml``
    or ``.yml``, or a file or folder by that name exists."""
    path = Path(argument)
    if path.suffix.lower() in CASE_SUFFIXES:
        return True
    try:
        return path.exists() or path.is_symlink()
    except (OSError, ValueError):  # a name too long for the file system, or with a NUL: no file has it
        return False


def _close(word: str, choices: Sequence[str]) -> str | None:
    import difflib  # only for a word that is no command and no case

    found = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def not_a_command(arguments: Sequence[str]) -> str | None:
    """Why the first of ``arguments`` is taken for a misspelt subcommand, with its "Menade du …?"; None when it is
    a case, an option, or like no subcommand (then it is read as a case, which says if no such file exists)."""
    if not arguments or arguments[0].startswith("-") or is_case(arguments[0]):
        return None
    close = _close(arguments[0], words())
    if close is None:
        return None
    meant = f"memo {close}"
    if close in groups() and len(arguments) > 1:  # "memo profl lista": the group's command, if it is one
        second = _close(arguments[1], [rest for rest, _ in groups()[close]])
        meant += f" {second}" if second is not None else ""
    return (f"'{arguments[0]}' är inget kommando, och ingen fil eller mapp heter så. "
            f"Menade du '{meant}'?")


def _group_parser(group: str) -> Parser:
    rows = groups()[group]
    width = max(len(f"memo {group} {rest}") for rest, _ in rows)
    parser = subparser(
        prog=f"memo {group}",
        description=_GROUPS[group],
        epilog=f"underkommandon (memo {group} KOMMANDO --help visar mer):\n"
               + "".join(f"  {f'memo {group} {rest}':<{width}}  {what}\n" for rest, what in rows)
               + "\nExempel: " + "\n         ".join(f"memo {group} {rest} --help" for rest, _ in rows),
    )
    parser.add_argument("kommando", metavar="KOMMANDO", help=" eller ".join(rest for rest, _ in rows))
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    return parser


def group_help(group: str, arguments: Sequence[str]) -> int:
    """``memo profil …`` with no subcommand of the group after it: the group's help (``--help``, exit 0), or
    what is wrong with a "Menade du …?" (exit 2)."""
    parser = _group_parser(group)
    rest = [second for second, _ in groups()[group]]
    if not arguments:
        parser.error(f"ange vad memo {group} ska göra: {' eller '.join(rest)}")
    if arguments[0] in _HELP:
        parser.print_help()
        return 0
    close = _close(arguments[0], rest)
    hint = f"Menade du 'memo {group} {close}'?" if close is not None else \
        f"Välj {' eller '.join(f'memo {group} {second}' for second in rest)}."
    parser.error(f"'memo {group} {arguments[0]}' är inget kommando. {hint}")
