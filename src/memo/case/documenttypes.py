"""What a memo's header calls it: the document types a case's or a profile's ``dokumenttyp`` names.

:data:`DOCUMENT_TYPE_NAMES` is the one table. ``memo profil ny`` turns header text that is one of
these names, in any case ("TJÄNSTESKRIVELSE"), into ``{{ dokumenttyp }}``
(:mod:`memo.word.fromtemplate.labelled`), so that a Yttrande is headed Yttrande; the kinds of memo
``memo ny`` starts (:data:`memo.case.starter.DOCUMENT_TYPES`) name their ``dokumenttyp`` from it
(``tests/test_new_profile_header.py`` proves it).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["DOCUMENT_TYPE_NAMES", "document_type_name"]

#: The names, as a case writes them; a spelling with a hyphen or a space ("Föredragnings-PM") is the same name.
DOCUMENT_TYPE_NAMES: Final = (
    "Tjänsteskrivelse", "Tjänsteutlåtande", "FöredragningsPM", "Yttrande", "Remissvar", "PM", "Promemoria",
    "Missiv", "Skrivelse", "Svar på motion", "Svar på medborgarförslag", "Delegationsbeslut", "Utredning",
)

_APART: Final = re.compile(r"[\s\u00a0\-\u2010\u2011]+")
_BY_KEY: Final = {_APART.sub("", name).casefold(): name for name in DOCUMENT_TYPE_NAMES}


def document_type_name(text: str) -> str | None:
    """The document type ``text`` is, as the table writes it, or None.

    >>> document_type_name("TJÄNSTESKRIVELSE"), document_type_name("Föredragnings-PM"), document_type_name("Datum")
    ('Tjänsteskrivelse', 'FöredragningsPM', None)
    """
    return _BY_KEY.get(_APART.sub("", text).casefold())
