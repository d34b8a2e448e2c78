"""The profile's values that every memo's header shows: the organisation's name, address, e-mail and the rest.

Each is a line of the header (the address a few lines), so each is one line of text of a bounded
length: a name of a million characters is a header that LibreOffice cannot lay out, and a memo that
nobody can open. And, like a case's diarienummer, none may hold an invisible character or a direction
override (U+202E and its kind), which make the text on screen differ from the text in the file. Each
problem is an error at the profile's own line and key.
"""

from __future__ import annotations

from memo.case.checker import MAX_HEADER_CHARS, Checker
from memo.read.characters import HIDDEN_SEARCH, invisible_name
from memo.read.yamlparse import Node

__all__ = ["HEADER_KEYS", "MAX_ADDRESS_LINES", "MAX_HEADER_CHARS", "address", "alt_text_problem", "header_text"]

#: The profile's keys whose values the header shows (``adress`` is :func:`address`'s).
HEADER_KEYS = ("namn", "epost", "webbplats", "telefon", "forvaltning", "dokumenttyp", "logo.alt")
#: The organisation's address may have at most this many lines.
MAX_ADDRESS_LINES = 10


def header_text(check: Checker, node: Node | None, key: str) -> str | None:
    """A value the header shows: at most :data:`MAX_ADDRESS_LINES` lines (a name written on two lines stays on two,
    as the header has always shown it) of at most :data:`MAX_HEADER_CHARS` characters each, nothing invisible."""
    text = check.scalar(node, key, identifier=True)
    if text is None or node is None:
        return text
    lines = text.strip().split("\n")
    if len(lines) > MAX_ADDRESS_LINES:
        check.problem(node, key, f"Värdet har {len(lines)} rader; sidhuvudet visar högst {MAX_ADDRESS_LINES}. "
                                 "Skriv de rader som ska stå i varje PM.", rule="for-langt-varde")
        return None
    return text  # each line at most MAX_HEADER_CHARS long: the checker's scalar says so for every identifier


def address(check: Checker, node: Node | None) -> tuple[str, ...]:
    """``adress``: at most :data:`MAX_ADDRESS_LINES` entries, each a value the header shows."""
    entries = check.items(node, "adress")
    if len(entries) > MAX_ADDRESS_LINES:
        check.problem(node, "adress", f"Adressen har {len(entries)} rader; sidhuvudet visar högst "
                                      f"{MAX_ADDRESS_LINES}. Skriv de rader som ska stå i varje PM.",
                      rule="for-langt-varde")
        return ()
    return tuple(text for text in (header_text(check, item, key) for key, item in entries) if text)


def alt_text_problem(text: str) -> str | None:
    """Why a logo's alt text given outside a profile file (``memo profil ny --logotext``) cannot stand in every
    memo, or None: as a header value, one line of at most :data:`MAX_HEADER_CHARS` characters, nothing invisible."""
    hidden = HIDDEN_SEARCH.search(text)
    if hidden is not None:
        return f"texten innehåller {invisible_name(hidden.group())}. Skriv den utan."
    if "\n" in text.strip() or len(text) > MAX_HEADER_CHARS:
        return f"skriv den på en rad med högst {MAX_HEADER_CHARS} tecken."
    return None


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"
