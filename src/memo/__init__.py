"""memo: a YAML case becomes a Swedish public-sector memo (tjänsteskrivelse,
föredragnings-PM) as a Word document.

>>> import memo
>>> memo.kronor(250000)
'250\\xa0000\\xa0kronor'

Main entry points: :func:`load_case`, :func:`render` (DOCX bytes) and :func:`write`;
:func:`validate` (every check, the language included, with nothing written), :func:`case_schema`
(the case format as a JSON Schema), :func:`export_pdf` (a tagged PDF for publishing),
:func:`check_docx` (the accessibility check of any DOCX, reported in Swedish by :func:`format_findings`),
:func:`read_back` (a reviewer's edits to a memo, back into its case: :class:`Changes`), :func:`import_memo`
(an old memo from another writer as a new case's YAML), and a meeting's documents from its cases:
:func:`write_kallelse` (the kallelse, and with ``pdf=True`` the mötesbok) and :func:`write_protokoll` (the
protokoll and a protokollsutdrag per §).
Importing memo has no side effects, and is cheap: each part is loaded when first used
(``memo.render`` loads the renderer and the writer, ``memo.check_docx`` the checker).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: The version of memo (the distribution memo-tjansteskrivelse); ``memo --version`` prints it.
__version__ = "0.2.0"

from memo.errors import (
    CaseError,
    DocumentError,
    FormatError,
    Location,
    MemoError,
    MemoWarning,
    OutputError,
    ProfileError,
    TemplateError,
)

if TYPE_CHECKING:
    from memo.case.model import Case
    from memo.case.schema import case_schema
    from memo.importer import Imported, import_memo
    from memo.meeting import Kallelse, Protokoll, load_meeting, write_kallelse, write_protokoll
    from memo.notice import Finding
    from memo.pdf import export_pdf
    from memo.pipeline import load_case, render, write
    from memo.profile.load import Profile, available_profiles, load_profile
    from memo.profile.new import NewProfile, new_profile
    from memo.roundtrip import Changes, read_back
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
    from memo.validation import Report, validate
    from memo.word.accessibility import check_docx, format_findings

_LAZY = {
    "Finding": "memo.notice",
    "check_docx": "memo.word.accessibility",
    "format_findings": "memo.word.accessibility",
    "Case": "memo.case.model",
    "case_schema": "memo.case.schema",
    "Imported": "memo.importer",
    "import_memo": "memo.importer",
    "Report": "memo.validation",
    "validate": "memo.validation",
    "export_pdf": "memo.pdf",
    "Changes": "memo.roundtrip",
    "read_back": "memo.roundtrip",
    "NewProfile": "memo.profile.new",
    "new_profile": "memo.profile.new",
    **{name: "memo.meeting" for name in ("Kallelse", "Protokoll", "load_meeting", "write_kallelse",
                                         "write_protokoll")},
    "load_case": "memo.pipeline",
    "render": "memo.pipeline",
    "write": "memo.pipeline",
    "Profile": "memo.profile.load",
    "available_profiles": "memo.profile.load",
    "load_profile": "memo.profile.load",
    **{name: "memo.swedish" for name in ("datum", "klockslag", "kr", "kronor", "langt_datum", "mnkr", "parse_date",
                                         "parse_number", "parse_time", "procent", "tal", "tkr", "veckodag")},
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'memo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Case",
    "CaseError",
    "Changes",
    "DocumentError",
    "Finding",
    "FormatError",
    "Imported",
    "Kallelse",
    "Location",
    "MemoError",
    "MemoWarning",
    "NewProfile",
    "OutputError",
    "Profile",
    "ProfileError",
    "Protokoll",
    "Report",
    "TemplateError",
    "available_profiles",
    "case_schema",
    "check_docx",
    "datum",
    "export_pdf",
    "format_findings",
    "import_memo",
    "klockslag",
    "kr",
    "kronor",
    "langt_datum",
    "load_case",
    "load_meeting",
    "load_profile",
    "mnkr",
    "new_profile",
    "parse_date",
    "parse_number",
    "parse_time",
    "procent",
    "read_back",
    "render",
    "tal",
    "tkr",
    "validate",
    "veckodag",
    "write",
    "write_kallelse",
    "write_protokoll",
]
