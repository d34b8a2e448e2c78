"""memo's fingerprint of what it wrote, kept in the DOCX's custom properties.

The writer records ``sha256:<hex>`` of the ``word/document.xml`` part it wrote in the
custom document property ``memo-fingeravtryck``. Before replacing a file, the output stage
compares it with the file's current body: if they differ, someone edited the memo.
"""

from __future__ import annotations

import hashlib
import re

__all__ = [
    "BODY_PART",
    "CUSTOM_PART",
    "FINGERPRINT_PROPERTY",
    "custom_properties_xml",
    "digest",
    "recorded_in",
]

FINGERPRINT_PROPERTY = "memo-fingeravtryck"
BODY_PART = "word/document.xml"
CUSTOM_PART = "docProps/custom.xml"
_RECORDED = re.compile(
    rb'name="' + re.escape(FINGERPRINT_PROPERTY.encode()) + rb'"[^>]*>\s*<vt:lpwstr>\s*(sha256:[0-9a-f]{64})\s*<'
)


def digest(body: bytes) -> str:
    """The fingerprint of a body part.

    >>> digest(b"")[:15]
    'sha256:e3b0c442'
    """
    return "sha256:" + hashlib.sha256(body).hexdigest()


def custom_properties_xml(fingerprint: str) -> bytes:
    """The ``docProps/custom.xml`` part that records ``fingerprint``."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{FINGERPRINT_PROPERTY}"><vt:lpwstr>{fingerprint}</vt:lpwstr></property></Properties>'
    ).encode()


def recorded_in(custom_xml: bytes) -> str | None:
    """The fingerprint recorded in a custom-properties part, if any.

    >>> recorded_in(custom_properties_xml(digest(b"x"))) == digest(b"x")
    True
    """
    found = _RECORDED.search(custom_xml)
    return found.group(1).decode("ascii") if found else None
