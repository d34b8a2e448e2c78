"""How the reader's messages name the file they are about: a case, unless the caller says otherwise.

The reader (:mod:`memo.read.source`, :mod:`memo.read.yamlparse`) knows YAML, not what a file is
for; the few words that depend on it — what the file is called, the key it begins with, where a
value goes instead of an alias — come from a :class:`Wording`. A case's is :data:`CASE`; the
profile's is :data:`memo.profile.load.PROFILE_WORDING`, so that a profile's problems never get
advice meant for a case ("lägg det under 'varden:'", "Ett ärende börjar med … 'rubrik'").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["CASE", "Wording", "either"]


def either(words: Sequence[str]) -> str:
    """Alternatives as a message lists them: "rader, punktlista eller numrerad".

    >>> either(["rader", "punktlista", "numrerad"]), either(["tkr"])
    ('rader, punktlista eller numrerad', 'tkr')
    """
    return f"{', '.join(words[:-1])} eller {words[-1]}" if len(words) > 1 else "".join(words)


class Wording(NamedTuple):
    """The words of the reader's messages that depend on what kind of file is read."""

    #: The file with its article: "ett ärende", "en profil".
    one: str
    #: The file in its definite form: "ärendet", "profilen".
    the: str
    #: Such files: "ärenden", "profiler".
    many: str
    #: The key such a file begins with, for examples: "rubrik".
    first_key: str
    #: What to do instead of an anchor or an alias (``&`` and ``*``).
    alias_advice: str
    #: What to do with a file that is too large.
    too_large_advice: str
    #: What a Word or zip file given in its place is told.
    zip_file: str

    @property
    def capital(self) -> str:
        """:attr:`one` at the start of a sentence: "Ett ärende"."""
        return self.one[:1].upper() + self.one[1:]


#: The words for a case, the file memo reads most.
CASE = Wording(
    one="ett ärende",
    the="ärendet",
    many="ärenden",
    first_key="rubrik",
    alias_advice="Skriv ut värdet där det behövs, eller lägg det under 'varden:' och hänvisa med ${namn}.",
    too_large_advice="lägg stora underlag som bilagor i stället.",
    zip_file="Det här är en Word-fil eller annan zip-fil, inte ett ärende i YAML. Ange ärendets .yaml-fil (PM:et "
             "skrivs med -o).",
)
