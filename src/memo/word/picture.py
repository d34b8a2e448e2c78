"""A profile's logo as python-docx reads it: what the header will show, checked before the logo is placed.

:mod:`memo.word.prepare` puts the logo in the header :data:`LOGO_HEIGHT_MM` high and as wide as
python-docx's reading of the file makes it (its pixels and the resolution it declares). This reads
the file the same way first, so that a picture python-docx cannot read, one that claims more pixels
than any logo has (a file of a few dozen bytes can claim two billion, and Word and LibreOffice try to
make room for them), or one whose shape does not fit a header is one Swedish sentence naming the
file instead of a traceback or a memo that cannot be opened. Which files are pictures at all (by
their first bytes) and how large the file may be is :mod:`memo.profile.files`'s to say.
"""

from __future__ import annotations

from docx.image.image import Image

__all__ = ["LOGO_HEIGHT_MM", "MAX_LOGO_PIXELS", "MAX_LOGO_SHAPE", "logo_problem", "readable"]

#: The logo's height in the header, as :mod:`memo.word.prepare` places it.
LOGO_HEIGHT_MM = 12
#: A logo may have at most this many pixels (5 000 × 5 000): a printer's logo has a tenth as many.
MAX_LOGO_PIXELS = 25_000_000
#: A logo may be at most this many times as wide as it is high, or as high as it is wide: 12 mm high,
#: it is then at most 180 mm wide (a portrait A4 page's text is about 160 mm) or at least 0.8 mm.
MAX_LOGO_SHAPE = 15
_TYPES = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff")
#: A JFIF header (APP0: version 1.1, no unit, a 1:1 aspect ratio, no thumbnail), for a JPEG that has none.
_JFIF = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def readable(data: bytes) -> bytes:
    r"""The picture ``data`` as python-docx reads it: a JPEG whose first segment is neither JFIF nor Exif (as
    scanners, cameras and some image programs write them; Word and LibreOffice show them) gets a JFIF header
    in front, which changes no pixel. Anything else is returned as it is.

    >>> readable(b"\xff\xd8\xff\xdb\x00\x43")[:12]
    b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01'
    >>> readable(b"\x89PNG") == b"\x89PNG"
    True
    """
    if data.startswith(b"\xff\xd8\xff") and data[6:10] not in (b"JFIF", b"Exif"):
        return data[:2] + _JFIF + data[2:]
    return data


def logo_problem(data: bytes, what: str) -> str | None:
    """Why the picture ``data`` (the logo file ``what``, as in "Logotypen 'logo.png'") cannot go in a header,
    or None."""
    try:
        image = Image.from_blob(readable(data))
        kind, width, height = image.content_type, image.px_width, image.px_height
        dpi = (image.horz_dpi, image.vert_dpi)
    except Exception:  # one net: whatever python-docx's image readers raise for a damaged file, it is damaged
        return f"{what} går inte att läsa som bild; filen är skadad. Spara logotypen på nytt som PNG."
    if kind not in _TYPES:
        return f"{what} är en bild av ett slag som memo inte tar ({kind}). Spara logotypen som PNG."
    if width < 1 or height < 1:
        return f"{what} säger att den är {_number(width)} × {_number(height)} bildpunkter; filen är skadad. " \
               "Spara logotypen på nytt."
    if width * height > MAX_LOGO_PIXELS:
        return (f"{what} säger att den är {_number(width)} × {_number(height)} bildpunkter "
                f"({_number(width * height)}); memo tar logotyper på högst {_number(MAX_LOGO_PIXELS)} bildpunkter. "
                "Spara den med lägre upplösning (en logotyp i sidhuvudet behöver sällan mer än 1 000 bildpunkter "
                "på bredden).")
    if min(dpi) < 1:
        return f"{what} anger upplösningen {dpi[0]} × {dpi[1]} DPI; filen är skadad. Spara logotypen på nytt."
    shape = (width / dpi[0]) / (height / dpi[1])  # as wide as python-docx makes it, for its height
    if not 1 / MAX_LOGO_SHAPE <= shape <= MAX_LOGO_SHAPE:
        wide = LOGO_HEIGHT_MM * shape
        shown = _number(round(wide)) if wide >= 10 else f"{wide:.1f}".replace(".", ",")
        return (f"{what} skulle bli {shown} mm bred i sidhuvudet, där den är {LOGO_HEIGHT_MM} mm hög; en logotyp får "
                f"vara högst {MAX_LOGO_SHAPE} gånger så bred som hög eller så hög som bred. Beskär bilden.")
    return None


def _number(count: int) -> str:
    """A count with a space between thousands, as in a Swedish message: ``2 000 000 000``."""
    return f"{count:,}".replace(",", " ")
