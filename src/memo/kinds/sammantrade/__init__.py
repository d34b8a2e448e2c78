"""The sammanträde: a nämnd's meeting, made from the cases on its agenda; its own document is the kallelse.

A meeting file names the nämnd, the time and place, the people, and the agenda in order::

    profil: region-orebro-lan
    namnd: Regionstyrelsen
    datum: 2026-10-05
    tid: "13.00"
    plats: Regionhuset, sal A
    forsta_paragraf: 41
    arenden:
      - rubrik: Val av justerare
      - arenden/forskola-norrby.yaml         # a case file, relative to the meeting file
      - arende: arenden/budget-2027.yaml      # after the meeting: the decision as taken
        beslut:
          - godkänna budgeten med den ändringen att …

``memo MÖTE.yaml`` (and ``memo kallelse``) writes the kallelse with the föredragningslista: each item's
rubrik, Dnr, handläggare and förslag till beslut as its memo writes them. The protokoll is a kind of its
own made from the same file (:mod:`memo.kinds.protokoll`); the layouts follow published kallelser and
protokoll (``tests/data/sammantrade/``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import memo.kinds.pm as pm
from memo.case.attributes import check_attributes
from memo.case.checker import top_level
from memo.case.model import Case
from memo.errors import CaseError, Location, MemoError
from memo.kinds.kind import DocumentKind, ProfileArgument
from memo.kinds.protokollsutdrag import MAX_PARAGRAPH, PARAGRAPH_WANTED, genitive, organ_problem
from memo.kinds.sammantrade.context import case_context, item_context, meeting_context
from memo.kinds.sammantrade.model import Item, Meeting, standing_profile
from memo.kinds.sammantrade.read import FIELDS, case_path, read_meeting
from memo.notice import Finding
from memo.profile.chosen import resolve_profile
from memo.profile.load import Profile
from memo.read.yamlparse import Node
from memo.swedish import langt_datum
from memo.word.writer import CoreInfo

__all__ = ["FIELDS", "KIND", "Item", "Meeting", "case_file_paths", "header_values"]

#: The document type the kallelse's header shows.
KALLELSE = "Kallelse"
#: The Word header's placeholders that a meeting's documents leave empty: they are the nämnd's, not a
#: handläggare's, and answer no letter.
NOT_SHOWN = ("diarienummer", "handlaggare", "handlaggare_titel", "handlaggare_epost", "handlaggare_telefon", "enhet",
             "till", "ert_datum", "er_beteckning")


def _check(meeting: Meeting, profile: ProfileArgument) -> Profile:
    """A meeting built or changed in Python: its attributes' types, its paragraphs, and every case checked."""
    check_attributes(meeting)
    for key in ("namnd", "plats"):
        if not getattr(meeting, key).strip():
            raise CaseError(f"'{key}' är tom; den måste fyllas i.", Location(meeting.path, None, None, key),
                            rule="tomt-varde")
    for key in ("justerare", "beslutande", "ovriga_narvarande"):
        for number, name in enumerate(getattr(meeting, key), 1):
            if not name.strip():
                raise CaseError("Namnet är tomt. Skriv ett namn eller ta bort det ur listan.",
                                Location(meeting.path, None, None, f"{key}[{number}]"), rule="tomt-varde")
    chosen = resolve_profile(meeting.profil, meeting.path, profile, Location(meeting.path, None, None, "profil"))
    if not meeting.arenden:
        raise CaseError("Ett sammanträde ska ha minst en punkt i 'arenden'.", Location(meeting.path, None, None,
                                                                                       "arenden"), rule="tomt-varde")
    seen: set[int] = set()
    cases: set[int] = set()
    for number, item in enumerate(meeting.arenden, 1):
        key = f"arenden[{number}]"
        if not item.staende:
            identity = hash(item.arende.path.resolve()) if item.arende.path is not None else id(item.arende)
            if identity in cases:
                raise CaseError("Ärendet står redan på föredragningslistan. Ett ärende står en gång.",
                                Location(meeting.path, None, None, f"{key}.arende"), rule="dubbelt-arende")
            cases.add(identity)
            wrong = organ_problem(meeting.namnd, item.arende)
            if wrong is not None:
                raise CaseError(f"Ärendet är inte till '{' '.join(meeting.namnd.split())}' (sammanträdets 'namnd'): "
                                f"{wrong}", Location(meeting.path, None, None, f"{key}.arende"), rule="fel-organ")
        if not 1 <= item.paragraf <= MAX_PARAGRAPH:
            raise CaseError(f"'{key}.paragraf' ska vara {PARAGRAPH_WANTED}.",
                            Location(meeting.path, None, None, f"{key}.paragraf"), rule="ogiltig-paragraf")
        if item.paragraf in seen:
            raise CaseError(f"§ {item.paragraf} står två gånger. Varje punkt har en egen paragraf.",
                            Location(meeting.path, None, None, f"{key}.paragraf"), rule="dubbel-paragraf")
        seen.add(item.paragraf)
        try:
            pm.KIND.check(item.arende, standing_profile(chosen) if item.staende else chosen)
        except MemoError as exc:
            first = exc.problems[0] if isinstance(exc, CaseError) and exc.problems else exc
            where = first.location
            inner = where.key if where.line is None and where.key else None
            raise CaseError(first.message, dataclasses.replace(where, key=f"{key}.arende.{inner}")
                            if inner else where, rule=first.rule) from None
    return chosen


def title(meeting: Meeting, profile: Profile) -> str:
    """The kallelse's title: "Kallelse till Kommunstyrelsens sammanträde 5 oktober 2026"."""
    return f"Kallelse till {genitive(' '.join(meeting.namnd.split()))} sammanträde {langt_datum(meeting.datum)}"


def header_values(meeting: Meeting, profile: Profile, title: str, dokumenttyp: str) -> Mapping[str, str]:
    """The header's placeholders for a meeting's document: the memo's, of a case that is the meeting (its date,
    the nämnd), with the handläggare's and the letter's left empty."""
    case = Case(rubrik=title, diarienummer="", handlaggare=None, dokumenttyp=dokumenttyp, datum=meeting.datum,
                sammantradesdatum=meeting.datum, beslutsinstans=meeting.namnd)
    values = dict(pm.KIND.header(case, profile, title))
    values.update({"dokumenttyp": dokumenttyp}, **{name: "" for name in NOT_SHOWN})
    return values


def _context(meeting: Meeting, profile: Profile, tick: Callable[[], None],
             templates: Collection[str]) -> Mapping[str, Any]:
    """The kallelse: the meeting, and each item as its memo shows it."""
    items = [item_context(number, item, case_context(item, profile, tick, templates))
             for number, item in enumerate(meeting.arenden, 1)]
    return {"sammantrade": meeting_context(meeting), "punkter": items, "dokumenttyp": KALLELSE,
            "profil": {"namn": profile.organisation}}


def _core(meeting: Meeting, profile: Profile, title: str) -> CoreInfo:
    return CoreInfo(title=title, author=" ".join(meeting.namnd.split()), subject=KALLELSE, identifier="",
                    date=meeting.datum)


def _unshown_fields(meeting: Meeting, profile: Profile, placeholders: Collection[str],
                    read: Collection[str]) -> list[Finding]:
    """None: a meeting's fields are its templates', and its cases' header fields are their memos'."""
    return []


def case_file_paths(root: Node, path: Path) -> tuple[Path, ...]:
    """The case files a meeting file names (as written: one that does not exist yet is watched too)."""
    node = top_level(root, "arenden")
    if node is None or not isinstance(node.value, list):
        return ()
    named: list[str] = []
    for item in node.value:
        if isinstance(item.value, str):
            named.append(item.value)
        elif isinstance(item.value, dict):
            case = top_level(item, "arende")
            if case is not None and isinstance(case.value, str):
                named.append(case.value)
    return tuple(case_path(path.parent, name) for name in named if name.strip())


def _schema(profile: Profile | None) -> dict[str, Any]:
    from memo.kinds.sammantrade.starter import schema

    return schema(profile)


def _starter(profile: Profile, named: str, schema: str, typ: str | None) -> str:
    from memo.kinds.sammantrade.starter import starter

    return starter(profile, named, schema)


KIND = DocumentKind(
    name="sammantrade",
    description="sammanträde: kallelse med föredragningslista (och protokoll) av ärendena på ett sammanträde",
    noun="ett sammanträde",
    marker="arenden",
    model=Meeting,
    fields=FIELDS,
    sections=(),
    read=read_meeting,
    check=_check,
    context=_context,
    main_template="kallelse.xml.j2",
    templates=Path(__file__).parent / "mallar",
    title=title,
    header=lambda meeting, profile, shown: header_values(meeting, profile, shown, KALLELSE),
    core=_core,
    unshown_fields=_unshown_fields,
    template_folders=lambda meeting: (),
    inputs=case_file_paths,
    schema=_schema,
    starter=_starter,
)
