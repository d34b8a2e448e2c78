"""The ``memo`` command's subcommands for starting and checking a case: ``ny``, ``schema``, ``kontrollera``.

Each is ``function(argv) -> exit code`` with an argparse parser of its own, listed in
:data:`memo.cli.SUBCOMMANDS`, which ``memo --help`` shows. Errors are one Swedish line each,
``memo: …``, with exit code 1; wrong usage exits with 2.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from memo.cli.argparsing import CASE_SUFFIXES, files_named, for_case, subparser
from memo.errors import Location, MemoError, OutputError, os_reason

__all__ = ["OUTCOMES", "kontrollera", "ny", "profil_lista", "schema"]


def ny(argv: list[str]) -> int:
    """``memo ny ÄRENDE.yaml``: a starter case (and the schema beside it), never replacing a file.

    ``--typ`` names a kind of memo (a preset of the memo's) or another kind of document (a protokollsutdrag).
    """
    from memo.case.starter import DOCUMENT_TYPES, document_type
    from memo.kinds import default_kind, file_kinds, kind_named

    memo_kind = default_kind()
    others = [kind for kind in file_kinds() if kind.marker is not None]
    choices = ", ".join(DOCUMENT_TYPES) + "".join(f", {kind.name}" for kind in others)
    parser = subparser("memo ny", "Skriver ett nytt ärende att fylla i: alla avsnitt som profilen har, de "
                                  "obligatoriska märkta, en förklaring per nyckel och schemat för editorn "
                                  "(memo-schema.json) bredvid. En fil som finns skrivs aldrig över.",
                       "Exempel: memo ny ärende.yaml --profil region-orebro-lan --typ föredragnings-pm")
    parser.add_argument("fil", metavar="ÄRENDE.yaml", type=Path, help="det nya ärendet")
    parser.add_argument("--profil", metavar="PROFIL", default="standard",
                        help="organisationens profil: ett inbyggt namn eller en mapp (standard: standard)")
    parser.add_argument("--typ", metavar="TYP", default=None,
                        help=f"slag av PM eller dokument: {choices} (annars profilens dokumenttyp)")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    args = parser.parse_args(argv)
    preset = document_type(args.typ) if args.typ is not None else None
    kind = memo_kind if preset is not None or args.typ is None else kind_named(args.typ)
    if kind is memo_kind and preset is None and args.typ is not None:  # the memo by its kind's name (pm)
        preset = document_type("tjänsteskrivelse")
    if kind is None:
        parser.error(f"slaget '{args.typ}' finns inte; välj {choices}")
    import json

    from memo.profile.load import load_profile
    from memo.word.output import create_new

    path: Path = args.fil
    # A profile folder is written relative to the case's folder, where memo looks for it.
    named = os.path.relpath(Path(args.profil).resolve(), path.parent.resolve()).replace(os.sep, "/") \
        if Path(args.profil).is_dir() else args.profil
    try:
        profile = load_profile(args.profil)
        text = kind.starter(profile, named, kind.schema_file, preset.name if preset is not None else None)
        _create(path, text)
    except MemoError as exc:
        print(f"memo: {exc}", file=sys.stderr)
        return 1
    print(path)
    schema_path = path.parent / kind.schema_file
    made = kind.schema(profile)
    try:
        create_new(schema_path, (json.dumps(made, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        print(schema_path)
    except FileExistsError:  # the schema of an earlier case is there: the editor's to use, not memo's to replace
        if _read_json(schema_path) != made:
            typ = "" if kind.marker is None else f" --typ {kind.name}"
            print(f"memo: varning: {schema_path} finns redan men är inte schemat för profilen {args.profil}; "
                  f"skriv det nya med 'memo schema --profil {args.profil}{typ} > {kind.schema_file}'.",
                  file=sys.stderr)
    except OSError as exc:
        print(f"memo: varning: {schema_path}: schemat kunde inte skrivas: {os_reason(exc)}.", file=sys.stderr)
    return 0


def _read_json(path: Path) -> object:
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _create(path: Path, text: str) -> None:
    from memo.word.output import create_new

    try:
        create_new(path, text.encode("utf-8"))
    except FileExistsError:
        raise OutputError("Filen finns redan; memo ny skriver aldrig över en fil. Välj ett annat namn.",
                          Location(path)) from None
    except OSError as exc:
        raise OutputError(f"Filen kunde inte skrivas: {os_reason(exc)}.", Location(path)) from None


def schema(argv: list[str]) -> int:
    """``memo schema``: the case format's JSON Schema for a profile (or another kind of document's), on standard
    output."""
    from memo.kinds import file_kinds, kind_named

    names = ", ".join(kind.name for kind in file_kinds())
    parser = subparser("memo schema", "Skriver ärendeformatets JSON-schema (för editorns komplettering och "
                                      "felmarkering, t.ex. VS Code med YAML-tillägget) för en profil.",
                       "Exempel: memo schema --profil region-orebro-lan > memo-schema.json")
    parser.add_argument("--profil", metavar="PROFIL", default="standard",
                        help="organisationens profil: ett inbyggt namn eller en mapp (standard: standard)")
    parser.add_argument("--typ", metavar="SLAG", default=file_kinds()[0].name,
                        help=f"slag av dokument: {names} (standard: {file_kinds()[0].name})")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    args = parser.parse_args(argv)
    kind = kind_named(args.typ)
    if kind is None:
        parser.error(f"slaget '{args.typ}' finns inte; välj {names}")
    import json

    from memo.profile.load import load_profile

    try:
        made = kind.schema(load_profile(args.profil))
    except MemoError as exc:
        print(f"memo: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(made, ensure_ascii=False, indent=2))
    return 0


def profil_lista(argv: list[str]) -> int:
    """``memo profil lista``: the profiles shipped with memo, each with its organisation and document type as the
    profile gives them, and how to choose one."""
    parser = subparser("memo profil lista", "Visar profilerna som följer med memo: namnet, organisationen och "
                                            "dokumenttypen, och hur en av dem väljs.",
                       "Exempel: memo profil lista")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    parser.parse_args(argv)
    from memo.profile.load import Profile, available_profiles, load_profile

    shipped: list[Profile] = []
    status = 0
    for name in available_profiles():
        try:
            shipped.append(load_profile(name))
        except MemoError as exc:
            print(f"memo: {exc}", file=sys.stderr)
            status = 1
    if not shipped:
        return status
    width = max(len(profile.name) for profile in shipped)
    print("Inbyggda profiler:")
    for profile in shipped:
        example = " — exempelprofil med påhittade uppgifter (memo varnar)" if profile.exempelprofil else ""
        print(f"  {profile.name:<{width}}  {profile.organisation}, {profile.dokumenttyp}{example}")
    shown = next((profile for profile in shipped if not profile.exempelprofil), shipped[0]).name
    print(f"\nVälj en med --profil (memo ärende.yaml --profil {shown}) eller med raden 'profil: {shown}' i "
          "ärendet.\nEn egen profil av organisationens Word-mall: memo profil ny MAPP --från DOKUMENT.docx")
    return status


def kontrollera(argv: list[str]) -> int:
    """``memo kontrollera``: every check of rendering and the language checks, nothing written; 1 on a problem."""
    parser = subparser("memo kontrollera", "Kontrollerar ärenden som memo gör när PM:et skrivs — struktur, "
                                           "profilens regler, hänvisningar och mallar — och språket (klarspråk "
                                           "och skrivregler, som varningar). Ingen fil skrivs. Avslutas med kod 1 "
                                           "om något ärende har ett fel.",
                       "Exempel: memo kontrollera ärende.yaml\n         memo kontrollera ärenden/")
    parser.add_argument("filer", metavar="ÄRENDE.yaml", type=Path, nargs="+",
                        help="ärenden som ska kontrolleras; en mapp går också")
    parser.add_argument("--profil", metavar="PROFIL", help="en annan profil än ärendets")
    parser.add_argument("--mallar", metavar="MAPP", type=Path, help="en mapp med egna avsnittsmallar")
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    args = parser.parse_args(argv)
    from memo.validation import SaidOnce, validate, warning_line

    cases = files_named(args.filer, CASE_SUFFIXES)
    if not cases:
        print("memo: inga .yaml-filer hittades.", file=sys.stderr)
        return 1
    tally: dict[str, int] = {}
    said = SaidOnce()  # a warning about the profile: the same for every case made with it
    for case in cases:
        report = validate(case, profile=args.profil, templates=args.mallar)
        for error in report.errors:
            print(f"memo: {for_case(error, case) if len(cases) > 1 else error}", file=sys.stderr)
        shown = [finding for finding in report.warnings if said.first(finding)]
        for finding in shown:
            print(f"memo: varning: {warning_line(case, finding)}", file=sys.stderr)
        errors = _count(len(report.errors), "fel", "fel") if report.errors else "inga fel"
        warned = f", {_count(len(shown), 'varning', 'varningar')}" if shown else ""
        print(f"{case}: {errors}{warned}", file=sys.stderr if report.errors else sys.stdout)  # with its errors
        outcome = _WITH_ERRORS if report.errors else _WITH_WARNINGS if shown else _CLEAN
        tally[outcome] = tally.get(outcome, 0) + 1
    if len(cases) > 1 or any(path.is_dir() for path in args.filer):  # a folder: how many cases it had too
        checked = _count(len(cases), "ärende kontrollerat", "ärenden kontrollerade")
        print(f"{checked}: " + ", ".join(f"{tally[outcome]} {outcome}" for outcome in OUTCOMES if outcome in tally))
    return 1 if _WITH_ERRORS in tally else 0


#: What ``memo kontrollera`` found in a case, in the order its summary line gives the number of cases of each.
OUTCOMES = ("med fel", "med varningar", "utan anmärkning")
_WITH_ERRORS, _WITH_WARNINGS, _CLEAN = OUTCOMES


def _count(number: int, one: str, several: str) -> str:
    """``number`` and the noun phrase that agrees with it: "1 ärende kontrollerat", "3 ärenden kontrollerade"."""
    return f"{number} {one if number == 1 else several}"
