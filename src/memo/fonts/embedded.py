"""A font embedded in a Word document, made readable again.

Word and LibreOffice embed a font (``word/fonts/font1.odttf``) obfuscated as ECMA-376 Part 1,
17.8.1 says: its first 32 bytes are XORed with the 16 bytes of the GUID in ``w:fontKey``, taken
in reverse order. Doing it again gives back the font file.
"""

from __future__ import annotations

import re

__all__ = ["deobfuscated"]

_GUID = re.compile(r"\{?([0-9A-Fa-f]{8})-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{12})\}?")


def deobfuscated(data: bytes, font_key: str) -> bytes | None:
    """The font file in ``data``, obfuscated with ``font_key`` (``{XXXXXXXX-XXXX-…}``); None for a key that is
    not a GUID or data too short to be a font. (The same operation obfuscates.)

    >>> key = "{00000000-0000-0000-0000-0000000000FF}"
    >>> deobfuscated(deobfuscated(bytes(40), key) or b"", key) == bytes(40)
    True
    >>> (deobfuscated(bytes(40), key) or b"")[:2]
    b'\\xff\\x00'
    """
    match = _GUID.fullmatch(font_key.strip())
    if match is None or len(data) < 32:
        return None
    key = bytes.fromhex("".join(match.groups()))[::-1]
    return bytes(byte ^ key[i % 16] for i, byte in enumerate(data[:32])) + data[32:]
