"""The profile's values that every memo's header shows: the organisation's name, address, e-mail and the rest.

Each is a line of the header (the address a few lines), so each is one line of text of a bounded
length: a name of a million characters is a header that LibreOffice cannot lay out, and a memo that
nobody can open. And, like a case's diarienummer, none may hold an invisible character or a direction
override (U+202E and its kind), which make the text on screen differ from the text in the file. Each
problem is an error at the profile's own line and key.
"""

from __future__ import annotations

from memo.case.checker import Checker
from memo.read.yamlparse import Node

__all__ = ["HEADER_KEYS", "MAX_ADDRESS_LINES", "MAX_HEADER_CHARS", "address", "header_text"]

#: The profile's keys whose values the header shows (``adress`` is :func:`address`'s).
HEADER_KEYS = ("namn", "epost", "webbplats", "telefon", "forvaltning", "dokumenttyp", "logo.alt")
#: A value the header shows may be at most this long (a long name of a nämnd is some 60 characters).
MAX_HEADER_CHARS = 200
#: The organisation's address may have at most this many lines.
MAX_ADDRESS_LINES = 10


def header_text(check: Checker, node: Node | None, key: str) -> str | None:
    """A value the header shows: one line, at most :data:`MAX_HEADER_CHARS` characters, nothing invisible."""
    text = check.scalar(node, key, identifier=True)
    if text is None or node is None:
        return text
    if "\n" in text.strip():
        line = text.strip().split("\n", 1)[0]
        check.problem(node, key, f"Värdet står på flera rader, men sidhuvudet visar det på en rad. Skriv det på en "
                                 f"rad (radbrytningen kommer efter '{_short(line)}').")
        return None
    if len(text) > MAX_HEADER_CHARS:
        check.problem(node, key, f"Värdet är {len(text):,} tecken långt; sidhuvudet visar högst "
                                 f"{MAX_HEADER_CHARS} tecken på en rad. Korta det.".replace(",", " "))
        return None
    return text


def address(check: Checker, node: Node | None) -> tuple[str, ...]:
    """``adress``: at most :data:`MAX_ADDRESS_LINES` lines, each a value the header shows."""
    entries = check.items(node, "adress")
    if len(entries) > MAX_ADDRESS_LINES:
        check.problem(node, "adress", f"Adressen har {len(entries)} rader; sidhuvudet visar högst "
                                      f"{MAX_ADDRESS_LINES}. Skriv de rader som ska stå i varje PM.")
        return ()
    return tuple(text for text in (header_text(check, item, key) for key, item in entries) if text)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"
