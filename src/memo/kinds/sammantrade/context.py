"""What the meeting's documents show of each item: the memo's own rendering of its case (rubrik, Dnr,
handläggare, förslag till beslut with the case's decision style and lead-in), so that the kallelse, the
protokoll and the protokollsutdrag never write an item's text a second way."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from memo.case.sections import Kind
from memo.kinds.sammantrade.model import Item, Meeting, standing_profile
from memo.profile.load import Profile
from memo.renderer.context import template_context
from memo.swedish import klockslag, langt_datum, veckodag

__all__ = ["case_context", "item_context", "meeting_context", "time_and_place"]


def case_context(item: Item, profile: Profile, tick: Callable[[], None],
                 templates: Collection[str]) -> Mapping[str, Any]:
    """The memo's template context of the item's case (a standing item's with the profile it is checked with)."""
    return template_context(item.arende, standing_profile(profile) if item.staende else profile, tick, templates)


def item_context(number: int, item: Item, context: Mapping[str, Any]) -> dict[str, Any]:
    """An item as the kallelse and the protokoll show it, from its case's context (``context``, of ``item.arende``)."""
    arende = context["arende"]
    decision = next((s for s in context["avsnitten"] if s["typ"] == Kind.DECISION.value), None)
    recipients = next((s for s in context["avsnitten"] if s["typ"] == Kind.RECIPIENTS.value), None)
    handling = None
    if not item.staende:
        day = item.arende.datum
        handling = f"{arende['dokumenttyp']} {day.isoformat()}" if day is not None else arende["dokumenttyp"]
    return {
        "nummer": number,
        "paragraf": item.paragraf,
        "staende": item.staende,
        "rubrik": arende["rubrik"],
        "diarienummer": arende["diarienummer"] or None,
        "handlaggare": arende["handlaggare"],
        "forslag": None if decision is None else {**decision, "rubrik": None},
        "beslutsform": context["beslut"],
        "skickas_till": [] if recipients is None else recipients["innehall"],
        "handling": handling,
    }


def time_and_place(meeting: Meeting) -> str:
    """When and where, as a kallelse says it: "måndag 5 oktober 2026 kl. 13.00, Sessionssalen, Stadshuset"."""
    return f"{veckodag(meeting.datum)} {langt_datum(meeting.datum)} kl. {klockslag(meeting.tid)}, {meeting.plats}"


def meeting_context(meeting: Meeting) -> dict[str, Any]:
    """The meeting itself, as its documents' templates see it under ``sammantrade``."""
    return {
        "namnd": meeting.namnd,
        "datum": meeting.datum,
        "tid": meeting.tid,
        "plats": meeting.plats,
        "tid_och_plats": time_and_place(meeting),
        "ordforande": meeting.ordforande,
        "sekreterare": meeting.sekreterare,
        "justerare": list(meeting.justerare),
        "beslutande": list(meeting.beslutande),
        "ovriga_narvarande": list(meeting.ovriga_narvarande),
        "justering": meeting.justering,
        "forvaringsplats": meeting.forvaringsplats,
        "paragrafer": meeting.paragrafer,
    }
