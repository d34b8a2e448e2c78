"""memo: a YAML case becomes a Swedish public-sector memo (tjänsteskrivelse,
föredragnings-PM) as a Word document.

>>> import memo
>>> memo.kronor(250000)
'250\\xa0000\\xa0kronor'

Main entry points: :func:`load_case`, :func:`render` (DOCX bytes) and :func:`write`.
Importing memo has no side effects.
"""

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
    "FormatError",
    "Location",
    "MemoError",
    "OutputError",
    "Profile",
    "ProfileError",
    "TemplateError",
    "available_profiles",
    "datum",
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
