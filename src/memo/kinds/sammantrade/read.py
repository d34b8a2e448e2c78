"""A meeting file read and checked, and every case it names with it: all problems in one round.

A problem of the meeting file is said at its line. A problem of a case is said at the line of the meeting
file that names the case, with the case file's own place in the message, so one run of ``memo kontrollera
MÖTE.yaml`` lists everything that stops the kallelse.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

from memo.case.build import read_section
from memo.case.checker import Checker, canonical_key, top_level
from memo.case.model import Case
from memo.case.sections import Field, Gender, Kind, noun_genders
from memo.errors import CaseError, MeetingError, MemoError, printable
from memo.kinds.kind import ProfileArgument
from memo.kinds.protokollsutdrag import (
    MAX_PARAGRAPH,
    PARAGRAPH,
    PARAGRAPH_WANTED,
    not_a_case_file,
    organ_problem,
)
from memo.kinds.sammantrade.model import Item, Meeting, standing_case, standing_profile
from memo.notice import MEMO_WARNING, Finding, FindingWarning
from memo.profile.chosen import profile_folder_for, profile_for, read_tree
from memo.profile.load import Profile
from memo.read.source import SourceText
from memo.read.yamlparse import Node
from memo.swedish import parse_date, parse_time

__all__ = ["FIELDS", "ITEM_KEYS", "case_path", "read_meeting"]

#: What a meeting file holds.
FIELDS: tuple[Field, ...] = (
    Field("profil", "organisationens profil, som alla ärenden skrivs med (`standard` om inget anges)"),
    Field("namnd", "nämnden eller styrelsen som sammanträder, t.ex. Kommunstyrelsen", required=True,
          written="nämnd"),
    Field("datum", "sammanträdets datum", required=True, form="datum", gender=Gender.NEUTER),
    Field("tid", "klockslaget då sammanträdet börjar, t.ex. 13.00", required=True),
    Field("plats", "var sammanträdet hålls, t.ex. Sessionssalen, Stadshuset", required=True),
    Field("ordforande", "ordförande", written="ordförande"),
    Field("sekreterare", "sekreterare"),
    Field("justerare", "de som utses att justera protokollet", form="lista", gender=Gender.PLURAL),
    Field("beslutande", "ledamöter och tjänstgörande ersättare, med parti", form="lista", gender=Gender.PLURAL),
    Field("ovriga_narvarande", "övriga närvarande", form="lista", written="övriga_närvarande",
          gender=Gender.PLURAL),
    Field("justering", "justeringens plats och tid, t.ex. Kommunkansliet, 12 oktober 2026"),
    Field("forvaringsplats", "förvaringsplats för protokollet, t.ex. Kommunkansliet", written="förvaringsplats"),
    Field("forsta_paragraf", "protokollets första paragraf (§); de följande räknas därifrån (annars 1)",
          form="nummer", written="första_paragraf"),
    Field("arenden", "föredragningslistan i ordning: ärendefiler (relativt sammanträdets fil) och stående punkter "
                     "(rubrik och förslag_till_beslut)", required=True, form="lista", written="ärenden",
          gender=Gender.PLURAL),
)
_KEYS = tuple(f.key for f in FIELDS)
#: What an item written as a mapping holds: a case file (``arende``) or a standing item (``rubrik`` …), and
#: after the meeting the decision as taken and its paragraph.
ITEM_KEYS = ("arende", "rubrik", "forslag_till_beslut", "diarienummer", "beslut", "paragraf")


def read_meeting(root: Node, source: SourceText, given: ProfileArgument) -> tuple[Meeting, Profile]:
    """The meeting file and every case in it, read for the meeting's profile (the caller's, else the file's)."""
    check = Checker(source, noun_genders(FIELDS, ()))
    f = check.fields(root, "", _KEYS, required=tuple(x.key for x in FIELDS if x.required))
    profile = profile_for(root, source, given)
    namnd = check.scalar(f.get("namnd"), "namnd", identifier=True)
    datum = check.convert(f.get("datum"), "datum", parse_date)
    tid = check.convert(f.get("tid"), "tid", parse_time)
    plats = check.scalar(f.get("plats"), "plats")
    people = {key: check.scalar(f.get(key), key, identifier=True) for key in ("ordforande", "sekreterare")}
    lists = {key: _names(check, f.get(key), key) for key in ("justerare", "beslutande", "ovriga_narvarande")}
    texts = {key: check.scalar(f.get(key), key) for key in ("justering", "forvaringsplats")}
    first = _number(check, f.get("forsta_paragraf"), "forsta_paragraf") or 1
    items: list[Item] = []
    taken: dict[int, int] = {}  # paragraph → the line of the item that has it
    cases: dict[Path, int] = {}  # a case file → the line of the item that names it
    number = first - 1
    for key, node in check.items(f.get("arenden"), "arenden", required=True):
        written = _written_paragraph(node)
        own = _number(check, written, f"{key}.paragraf") if written is not None else None
        number = own if own is not None else number + 1
        if number in taken:
            check.problem(written or node, f"{key}.paragraf" if written else key,
                          f"§ {number} står redan på rad {taken[number]}. Varje punkt har en egen paragraf: ändra "
                          "'paragraf' här eller där, eller 'forsta_paragraf'.", rule="dubbel-paragraf")
        elif number > MAX_PARAGRAPH:
            check.problem(node, key, f"Punkten får § {number}, räknat från 'forsta_paragraf', men en paragraf har "
                                     f"högst nummer {MAX_PARAGRAPH}. Ändra 'forsta_paragraf'.",
                          rule="ogiltig-paragraf")
        taken.setdefault(number, node.line)
        item = _item(check, node, key, source, profile, given, namnd or "")
        if item is None:
            continue
        if not item.staende:
            _check_case_item(check, node, key, item.arende, cases, namnd, datum)
        items.append(Item(item.arende, number, item.beslut, item.staende, line=node.line))
    try:
        check.raise_if_any()
    except CaseError as exc:  # said as the meeting's problems ("3 problem i sammanträdet")
        raise MeetingError(exc.message, exc.location, exc.problems) from None
    assert namnd is not None and datum is not None and tid is not None and plats is not None
    lines = {canonical_key(key): node.line for key, node in root.items()} if isinstance(root.value, dict) else {}
    named = f["profil"].value if "profil" in f and isinstance(f["profil"].value, str) else None
    return Meeting(namnd=namnd, datum=datum, tid=tid, plats=plats, arenden=tuple(items),
                   ordforande=people["ordforande"], sekreterare=people["sekreterare"],
                   justerare=lists["justerare"], beslutande=lists["beslutande"],
                   ovriga_narvarande=lists["ovriga_narvarande"], justering=texts["justering"],
                   forvaringsplats=texts["forvaringsplats"], profil=named, path=source.path, lines=lines), profile


def _names(check: Checker, node: Node | None, key: str) -> tuple[str, ...]:
    return tuple(name for name in (check.scalar(item, where, identifier=True)
                                   for where, item in check.items(node, key)) if name and name.strip())


def _number(check: Checker, node: Node | None, key: str) -> int | None:
    """A paragraph's number (``paragraf``, ``forsta_paragraf``), or None when there is none or it is wrong."""
    if node is None or node.value is None:
        return None
    if isinstance(node.value, (list, dict)):
        what = "en lista" if isinstance(node.value, list) else "nycklar"
        check.problem(node, key, f"'{key}' ska vara {PARAGRAPH_WANTED}, inte {what}.", rule="fel-typ")
        return None
    text = check.scalar(node, key, identifier=True) if not isinstance(node.value, int) else str(node.value)
    if text is None:
        return None
    found = PARAGRAPH.fullmatch(text.strip())
    if found is None:
        check.problem(node, key, f"'{key}' ska vara {PARAGRAPH_WANTED}, som 41.", rule="ogiltig-paragraf")
        return None
    return int(found.group(1))


def _check_case_item(check: Checker, node: Node, key: str, case: Case, cases: dict[Path, int], namnd: str | None,
                     datum: dt.date | None) -> None:
    """A case on the agenda once, of this nämnd (its beslutsinstans or förslagsställare, as its protokollsutdrag
    must be) and, if it names one, of this meeting's date (a warning: the case may have been moved here)."""
    if case.path is not None:
        path = case.path.resolve()
        if path in cases:
            check.problem(node, key, f"Ärendet står redan på rad {cases[path]}. Ett ärende står en gång på "
                                     "föredragningslistan.", rule="dubbelt-arende")
        cases.setdefault(path, node.line)
    if namnd and namnd.strip():
        wrong = organ_problem(namnd, case)
        if wrong is not None:
            known = " eller ".join(f"'{name}'" for name in (case.beslutsinstans, case.forslagsstallare) if name)
            check.problem(node, key, f"Ärendet '{case.path.name if case.path else key}' är till {known}, inte till "
                                     f"'{' '.join(namnd.split())}' (sammanträdets 'namnd'). Rätta 'beslutsinstans' "
                                     "eller 'forslagsstallare' i ärendet, eller ta bort det från sammanträdet.",
                          rule="fel-organ")
    if datum is not None and case.sammantradesdatum is not None and case.sammantradesdatum != datum:
        where = check.source.location(node.line or None, node.column or None, key)
        said = (f"Ärendets sammanträdesdatum är {case.sammantradesdatum.isoformat()}, men sammanträdet är "
                f"{datum.isoformat()}, och ärendets PM visar sitt eget datum. Rätta 'sammantradesdatum' i ärendet om "
                "ärendet har flyttats hit.")
        warnings.warn(FindingWarning(Finding(MEMO_WARNING, said, where)), stacklevel=2)


def _written_paragraph(node: Node) -> Node | None:
    if not isinstance(node.value, dict):
        return None
    return next((child for key, child in node.items() if canonical_key(key) == "paragraf"), None)


def _item(check: Checker, node: Node, key: str, source: SourceText, profile: Profile, given: ProfileArgument,
          namnd: str) -> Item | None:
    """One item of the agenda: a case file named as text, or a mapping (a case file with its decision as taken, or
    a standing item); None when it has a problem (recorded)."""
    if isinstance(node.value, str):
        case = _case(check, node, key, node.value, source, profile, given)
        return None if case is None else Item(case, 0)
    f = check.fields(node, key, ITEM_KEYS)
    if not f and not isinstance(node.value, dict):
        return None
    if ("arende" in f) == ("rubrik" in f):
        check.problem(node, key, "En punkt är antingen ett ärende ('arende: fil.yaml') eller en stående punkt "
                                 "('rubrik:' med 'forslag_till_beslut:'), " +
                      ("inte båda." if "arende" in f else "men här står ingetdera."), rule="oklar-punkt")
        return None
    if "arende" in f:
        for extra in ("forslag_till_beslut", "diarienummer"):
            if extra in f:
                check.problem(f[extra], f"{key}.{extra}", f"'{extra}' hör till ärendet: skriv det i ärendets fil, "
                                                          "inte på sammanträdet.", rule="okand-nyckel")
        named = check.scalar(f["arende"], f"{key}.arende")
        case = None if named is None else _case(check, f["arende"], f"{key}.arende", named, source, profile, given)
        if case is None:
            return None
        return Item(case, 0, _decision(check, f.get("beslut"), f"{key}.beslut", case))
    rubrik = check.scalar(f["rubrik"], f"{key}.rubrik", required=True)
    diarienummer = check.scalar(f.get("diarienummer"), f"{key}.diarienummer", identifier=True)
    forslag = _points(check, f.get("forslag_till_beslut"), f"{key}.forslag_till_beslut", {})
    if rubrik is None or not rubrik.strip():
        return None
    case = standing_case(rubrik, namnd, forslag, diarienummer=diarienummer, path=source.path, line=node.line)
    beslut = _decision(check, f.get("beslut"), f"{key}.beslut", case)
    if namnd.strip():  # without the nämnd (its own problem) the item's lead-in has no one to name
        _check_standing(check, node, key, case, profile)
    return Item(case, 0, beslut, staende=True)


def _points(check: Checker, node: Node | None, key: str, values: dict[str, str | None]) -> tuple[str, ...] | None:
    written = node.value if node is not None else None
    if written in (None, []) or (isinstance(written, str) and not written.strip()):
        return None
    value = read_section(check, Kind.DECISION, node, key, values)
    points = tuple(point for point in value if isinstance(point, str)) if isinstance(value, tuple) else ()
    return points or None


def _decision(check: Checker, node: Node | None, key: str, case: Case) -> tuple[str, ...] | None:
    return _points(check, node, key, dict(case.references()))


def _check_standing(check: Checker, node: Node, key: str, case: Case, profile: Profile) -> None:
    """A standing item checked as its case (the memo's rules for a rubrik and a decision), said at its line."""
    import memo.kinds.pm as pm

    try:
        pm.KIND.check(case, standing_profile(profile))
    except MemoError as exc:
        for problem in getattr(exc, "problems", (exc,)):
            check.problem(node, key, f"Den stående punkten: {problem.message}", rule=problem.rule)


def _case(check: Checker, node: Node, key: str, named: str, source: SourceText, profile: Profile,
          given: ProfileArgument) -> Case | None:
    """The case file an item names, read for the meeting's profile; its problems said at the item's line."""
    import memo.kinds.pm as pm
    from memo.kinds import kind_of

    if not named.strip():
        check.missing(node, key, "Ange ärendets YAML-fil, relativt sammanträdets fil.")
        return None
    path = case_path(source.path.parent if source.path is not None else Path(), named)
    wrong = not_a_case_file(path, named, "sammanträdets fil")
    if wrong is not None:
        check.problem(node, key, wrong, rule="arende-saknas")
        return None
    try:
        root, case_source = read_tree(path)
    except MemoError as exc:
        _case_problems(check, node, key, named, exc)
        return None
    kind = kind_of(root)
    if kind is not pm.KIND:
        check.problem(node, key, f"'{named}' är {kind.noun}, inte ett ärende. Ange ärendets YAML-fil.",
                      rule="inte-ett-arende")
        return None
    if given is None:
        try:
            own = profile_folder_for(root, path, None).resolve()
        except MemoError:
            own = None
        if own is not None and own != profile.folder.resolve():
            written = top_level(root, "profil")
            said = f"skrivs med profilen '{own.name}'" if written is not None else \
                f"anger ingen profil och skrivs då med '{own.name}'"
            check.problem(node, key, f"Ärendet '{named}' {said}, men sammanträdet med '{profile.name}'. Alla "
                                     "ärenden på ett sammanträde skrivs med sammanträdets profil: ange "
                                     f"'profil: {_as_named(profile, path)}' i ärendet.", rule="annan-profil")
            return None
    try:
        case, _ = pm.KIND.read(root, case_source, profile)
    except MemoError as exc:
        _case_problems(check, node, key, named, exc)
        return None
    assert isinstance(case, Case)
    return case


def _as_named(profile: Profile, case_path: Path) -> str:
    """The profile as a case file at ``case_path`` names it: a shipped one by its name, a folder relative to it."""
    from memo.profile.load import profile_folder

    if profile_folder(profile.name).resolve() == profile.folder.resolve():  # a shipped profile, by its name
        return profile.name
    return os.path.relpath(profile.folder.resolve(), case_path.parent.resolve()).replace(os.sep, "/")


def case_path(base: Path, named: str) -> Path:
    """The case file an item names, relative to the meeting file's folder ``base``; a path written on Windows
    (``..\\ärenden\\a.yaml``) is read with / where no file has the name as written."""
    path = base / named
    if "\\" in named and os.sep == "/" and not path.exists():
        return base / named.replace("\\", "/")
    return path


def _case_problems(check: Checker, node: Node, key: str, named: str, error: MemoError) -> None:
    problems = tuple(getattr(error, "problems", (error,)))
    for problem in problems:
        where = printable(problem.location.describe())
        said = f"{where}: {problem.message}" if where else problem.message
        check.problem(node, key, f"Ärendet '{named}' har fel: {said}", rule="fel-i-arende")
