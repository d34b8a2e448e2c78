"""Characters in the handläggare's text that need care: line breaks, composed Unicode, invisible controls.

Text pasted from Word, mail, PDFs and web forms brings decomposed letters (NFD, as macOS
sends them), every kind of line break, and characters no one sees: zero-width spaces, word
joiners, byte-order marks, and bidirectional controls that change the order text is *shown*
in (a diarienummer that reads "KS 2026/114" on screen while it is "KS 2026/411"). Every value
memo reads is cleaned here (:func:`clean_text`); identifiers refuse the invisible ones
(:mod:`memo.case.checker`), and free text warns of the bidirectional ones.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BIDI_CONTROLS", "BIDI_SEARCH", "HIDDEN_SEARCH", "INVISIBLE", "clean_text", "invisible_name"]

#: Every way a line break is written — Windows (CR LF), old Mac (CR), NEL, Unicode's line and paragraph
#: separators — becomes one line break in a value.
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
#: Characters that change the order text is shown in (bidirectional controls) or that are invisible.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Invisible characters that have no place in an identifier. Not here: the soft hyphen (a possible
#: hyphenation point, harmless) and the zero-width (non-)joiners, which emoji and Persian spelling need.
INVISIBLE = "\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
#: The first bidirectional control in a text (free text is warned of these) ...
BIDI_SEARCH = re.compile(f"[{BIDI_CONTROLS}]")
#: ... and the first bidirectional control or invisible character (an identifier may hold none).
HIDDEN_SEARCH = re.compile(f"[{BIDI_CONTROLS}{INVISIBLE}]")


def clean_text(text: str) -> str:
    r"""A value as memo keeps it: composed Unicode (NFC, as Word and search expect) and ``\n`` line breaks.

    >>> clean_text("Va\u0308stera\u030as\r\nrad\u2028tre")
    'Västerås\nrad\ntre'
    """
    if text.isascii():
        return _LINE_BREAKS.sub("\n", text) if "\r" in text else text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = _LINE_BREAKS.sub("\n", text)
    return text


def invisible_name(character: str) -> str:
    r"""A Swedish description of a bidirectional control or an invisible character.

    >>> invisible_name("\u202e")
    'en osynlig riktningsmarkör (U+202E RIGHT-TO-LEFT OVERRIDE), som vänder textens ordning på skärmen'
    """
    name = unicodedata.name(character, "")
    if character in BIDI_CONTROLS:
        return f"en osynlig riktningsmarkör (U+{ord(character):04X} {name}), som vänder textens ordning på skärmen"
    return f"ett osynligt tecken (U+{ord(character):04X} {name})"
