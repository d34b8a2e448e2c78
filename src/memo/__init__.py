"""memo: a YAML case becomes a Swedish public-sector memo (tjänsteskrivelse,
föredragnings-PM) as a Word document.

>>> import memo
>>> memo.kronor(250000)
'250\\xa0000\\xa0kronor'

Main entry points: :func:`load_case`, :func:`render` (DOCX bytes) and :func:`write`;
:func:`export_pdf` (a tagged PDF for publishing) and :func:`check_docx` (the accessibility
check of any DOCX, reported in Swedish by :func:`format_findings`).
Importing memo has no side effects.
"""

from memo.accessibility import Finding, check_docx, format_findings
from memo.case import Case
from memo.errors import (
    CaseError,
    FormatError,
    Location,
    MemoError,
    OutputError,
    ProfileError,
    TemplateError,
)
from memo.pdf import export_pdf
from memo.pipeline import load_case, render, write
from memo.profile import Profile, available_profiles, load_profile
from memo.swedish import (
    datum,
    klockslag,
    kr,
    kronor,
    langt_datum,
    mnkr,
    parse_date,
    parse_number,
    parse_time,
    procent,
    tal,
    tkr,
    veckodag,
)

__all__ = [
    "Case",
    "CaseError",
    "Finding",
    "FormatError",
    "Location",
    "MemoError",
    "OutputError",
    "Profile",
    "ProfileError",
    "TemplateError",
    "available_profiles",
    "check_docx",
    "datum",
    "export_pdf",
    "format_findings",
    "klockslag",
    "kr",
    "kronor",
    "langt_datum",
    "load_case",
    "load_profile",
    "mnkr",
    "parse_date",
    "parse_number",
    "parse_time",
    "procent",
    "render",
    "tal",
    "tkr",
    "veckodag",
    "write",
]
