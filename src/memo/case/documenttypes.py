"""What a memo's header calls it: the document types a case's or a profile's ``dokumenttyp`` names.

:data:`DOCUMENT_TYPE_NAMES` is the one table. ``memo profil ny`` turns header text that is one of
these names, in any case ("TJÄNSTESKRIVELSE"), into ``{{ dokumenttyp }}``
(:mod:`memo.word.fromtemplate.labelled`), so that a Yttrande is headed Yttrande; the kinds of memo
``memo ny`` starts (:data:`memo.case.starter.DOCUMENT_TYPES`) name their ``dokumenttyp`` from it
(``tests/test_new_profile_header.py`` proves it). Its column :attr:`DocumentType.decision` says whether such a
memo carries a decision (a letter does not): :data:`DECISIONLESS`, which a profile may replace (``utan_beslut``).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

__all__ = ["APART", "DECISIONLESS", "DOCUMENT_TYPE_NAMES", "TYPES", "DocumentType", "document_type_name",
           "folded_type"]


class DocumentType(NamedTuple):
    """A document type a memo's header may name."""

    #: The name, as a case writes it; a spelling with a hyphen or a space ("Föredragnings-PM") is the same name.
    name: str
    #: Such a memo carries a decision (``forslag_till_beslut``, required); a letter or a kallelse does not. A missiv
    #: from a styrelse to fullmäktige often carries one, so a missiv does unless the profile says otherwise.
    decision: bool = True


#: The one table of document types.
TYPES: Final = (
    DocumentType("Tjänsteskrivelse"), DocumentType("Tjänsteutlåtande"), DocumentType("FöredragningsPM"),
    DocumentType("Yttrande"), DocumentType("Remissvar"), DocumentType("PM"), DocumentType("Promemoria"),
    DocumentType("Missiv"), DocumentType("Skrivelse"), DocumentType("Svar på motion"),
    DocumentType("Svar på medborgarförslag"), DocumentType("Delegationsbeslut"), DocumentType("Utredning"),
    DocumentType("Brev", decision=False), DocumentType("Information", decision=False),
    DocumentType("Kallelse", decision=False),
)
#: The names, as a case writes them.
DOCUMENT_TYPE_NAMES: Final = tuple(kind.name for kind in TYPES)

#: A character a document type's name may have or lack without being another name ("Föredragnings-PM").
APART: Final = r"[\s\u00a0\-\u2010\u2011]"
_APART: Final = re.compile(APART + "+")


def folded_type(text: str) -> str:
    """A document type's name as names are compared: no spaces or hyphens, folded case.

    >>> folded_type("Föredragnings-PM") == folded_type("FÖREDRAGNINGSPM")
    True
    """
    return _APART.sub("", text).casefold()


_BY_KEY: Final = {folded_type(name): name for name in DOCUMENT_TYPE_NAMES}
#: The document types (folded, :func:`folded_type`) whose memos carry no decision, unless a profile gives its own.
DECISIONLESS: Final = frozenset(folded_type(kind.name) for kind in TYPES if not kind.decision)


def document_type_name(text: str) -> str | None:
    """The document type ``text`` is, as the table writes it, or None.

    >>> document_type_name("TJÄNSTESKRIVELSE"), document_type_name("Föredragnings-PM"), document_type_name("Datum")
    ('Tjänsteskrivelse', 'FöredragningsPM', None)
    """
    return _BY_KEY.get(folded_type(text))
