"""The protokoll of a sammanträde, made from the meeting file (it has no file of its own).

The first page gives the organ, time and place, who decided, who checks (justerare) and the paragraphs
("§§ 41–61"), with room for the signatures; then one § per item: its rubrik and Dnr, the förslag till
beslut as the memo writes it, the decision as taken (the förslag, unless the meeting file says otherwise),
written as the item's protokollsutdrag writes it, and "Beslutet skickas till" from the case's sändlista;
last the anslag (bevis om justering). ``memo protokoll MÖTE.yaml`` writes it, and a protokollsutdrag
(:mod:`memo.kinds.protokollsutdrag`) per § beside it. The layout follows published protokoll
(``tests/data/sammantrade/``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memo.case.sections import Kind
from memo.errors import CaseError, Location
from memo.kinds.kind import DocumentKind, ProfileArgument
from memo.kinds.protokollsutdrag import KIND as EXTRACT
from memo.kinds.protokollsutdrag import Extract, genitive
from memo.kinds.sammantrade import KIND as MEETING
from memo.kinds.sammantrade import Meeting, header_values
from memo.kinds.sammantrade.context import case_context, item_context, meeting_context
from memo.kinds.sammantrade.model import Item, standing_profile
from memo.notice import Finding
from memo.profile.load import Profile
from memo.read.source import SourceText
from memo.read.yamlparse import Node
from memo.swedish import langt_datum
from memo.word.writer import CoreInfo

__all__ = ["KIND", "PROTOKOLL", "Protocol", "extract_of", "has_decision", "item_profile"]

#: The document type the protokoll's header shows.
PROTOKOLL = "Protokoll"


@dataclass(frozen=True)
class Protocol:
    """The protokoll of a meeting."""

    sammantrade: Meeting

    @property
    def path(self) -> Path | None:
        return self.sammantrade.path


def extract_of(meeting: Meeting, item: Item) -> Extract:
    """The protokollsutdrag of one item's §: its case, the meeting, and the decision as taken."""
    return Extract(arende=item.arende, organ=meeting.namnd, sammantradesdatum=meeting.datum,
                   paragraf=str(item.paragraf), justerare=meeting.justerare, beslut=item.beslut,
                   path=meeting.path, lines=meeting.lines)


def has_decision(item: Item, profile: Profile) -> bool:
    """The item's § has a decision to show: the decision as taken, or its case's förslag till beslut (a standing item
    without a förslag, or a letter, has none until the meeting file gives its ``beslut``)."""
    if item.beslut is not None:
        return True
    chosen = item_profile(item, profile)
    return chosen.has_decision(item.arende.dokumenttyp) and any(
        spec.kind is Kind.DECISION and item.arende.avsnitt.get(spec.key) for spec in chosen.sections)


def item_profile(item: Item, profile: Profile) -> Profile:
    """The profile an item's case (and its protokollsutdrag) is written with."""
    return standing_profile(profile) if item.staende else profile


def _read(root: Node, source: SourceText, given: ProfileArgument) -> tuple[Protocol, Profile]:
    meeting, profile = MEETING.read(root, source, given)
    return Protocol(meeting), profile


def _check(protocol: Protocol, profile: ProfileArgument) -> Profile:
    if not isinstance(protocol, Protocol) or not isinstance(protocol.sammantrade, Meeting):
        raise CaseError("Ett protokoll görs av ett sammanträde: Protocol(sammantrade=Meeting(…)).", Location(),
                        rule="fel-typ")
    return MEETING.check(protocol.sammantrade, profile)


def _context(protocol: Protocol, profile: Profile, tick: Callable[[], None],
             templates: Collection[str]) -> Mapping[str, Any]:
    """The meeting, and per § the item as the kallelse shows it (its förslag) and as its protokollsutdrag shows the
    decision as taken (``beslut``, ``beslutsform``: its lead-in, ``beslutsrubrik``: "Kommunstyrelsens beslut")."""
    meeting = protocol.sammantrade
    paragraphs = []
    for number, item in enumerate(meeting.arenden, 1):
        shown = item_context(number, item, case_context(item, profile, tick, templates))
        extract = EXTRACT.context(extract_of(meeting, item), item_profile(item, profile), tick, templates)
        taken = extract["utdrag"]["beslut"]
        shown.update({
            "beslut": None if taken is None else {**taken, "rubrik": None},
            "beslutsrubrik": None if taken is None else taken["rubrik"],
            "beslutsform": extract["beslut"],
            "forslagsform": shown["beslutsform"],
            "skickas_till": extract["utdrag"]["skickas_till"],
            "andrat": item.beslut is not None,
        })
        paragraphs.append(shown)
    return {"sammantrade": meeting_context(meeting), "paragrafer": paragraphs, "dokumenttyp": PROTOKOLL,
            "profil": {"namn": profile.organisation}}


def _title(protocol: Protocol, profile: Profile) -> str:
    meeting = protocol.sammantrade
    return f"Protokoll från {genitive(' '.join(meeting.namnd.split()))} sammanträde {langt_datum(meeting.datum)}"


def _core(protocol: Protocol, profile: Profile, title: str) -> CoreInfo:
    meeting = protocol.sammantrade
    return CoreInfo(title=title, author=" ".join(meeting.namnd.split()), subject=f"{PROTOKOLL} {meeting.paragrafer}",
                    identifier="", date=meeting.datum)


def _unshown_fields(protocol: Protocol, profile: Profile, placeholders: Collection[str],
                    read: Collection[str]) -> list[Finding]:
    return []


KIND = DocumentKind(
    name="protokoll",
    description="protokoll: sammanträdets paragrafer med förslag och beslut, justering och anslag",
    noun="ett protokoll",
    marker=None,
    model=Protocol,
    fields=(),
    sections=(),
    read=_read,
    check=_check,
    context=_context,
    main_template="protokoll.xml.j2",
    templates=Path(__file__).parent / "mallar",
    title=_title,
    header=lambda protocol, profile, shown: header_values(protocol.sammantrade, profile, shown, PROTOKOLL),
    core=_core,
    unshown_fields=_unshown_fields,
    template_folders=lambda protocol: (),
    inputs=lambda root, path: MEETING.inputs(root, path),
    schema=lambda profile: MEETING.schema(profile),
    starter=lambda profile, named, schema, typ: MEETING.starter(profile, named, schema, typ),
)
