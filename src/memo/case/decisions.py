"""The decision's wording: its styles, its lead-in and how its points are punctuated — in one place.

A decision point is written as the handläggare plainly means it (without a leading "att"
and without a closing comma or full stop); :func:`clean_point` makes it so, and
:func:`ending` gives the punctuation the style puts after it. Both read the text as
written, so emphasis (``*m.fl.*``) and numbers (``avsnitt 3.2.``) are judged by what the
reader sees.

>>> [clean_point(t) for t in ("att godkänna avsnitt 3.2.", "Att bjuda in kommunerna m.fl.", "anta planen,")]
['godkänna avsnitt 3.2', 'bjuda in kommunerna m.fl.', 'anta planen']
>>> ending("bjuda in kommunerna m.fl.", 0, 2, style="att-satser"), ending("*m.fl.*", 1, 2, style="numrerade")
(',', '')

Adding a style is one row in :data:`STYLES` and its template part (``templates/beslut/<name>.xml.j2``):
``beslut.xml.j2`` writes the heading and the lead-in and includes the part the row names, and the
case key's description (:mod:`memo.case.sections`), the JSON Schema, the messages and the README
name the styles from the table; ``tests/test_decision_styles.py`` proves it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from memo.read.wording import either

__all__ = ["ATT_SATSER", "DECISION_STYLES", "MENING", "NO_LEAD_IN", "NUMRERADE", "STRECKSATSER", "STYLES",
           "DecisionStyle", "Punctuation",
           "clean_point", "decision_style", "ending", "lead_in", "style_names", "styles_described", "unknown_style"]

ATT_SATSER = "att-satser"
NUMRERADE = "numrerade"
MENING = "mening"
STRECKSATSER = "strecksatser"
#: Written as the lead-in (``beslutsinledning: ingen``): the decision has none.
NO_LEAD_IN = "ingen"


class Punctuation(NamedTuple):
    """What stands after the decision's points: a style's own, or an organisation's (``skiljetecken`` in a profile).

    >>> Punctuation(",", ".", " samt,").after(0, 3), Punctuation(",", ".", " samt,").after(1, 3)
    (',', ' samt,')
    """

    #: After each point but the last (and the second-to-last, when :attr:`before_last` is given).
    between: str
    #: After the last point ("": nothing).
    last: str
    #: After the second-to-last point; None: :attr:`between`.
    before_last: str | None = None

    def after(self, index: int, count: int) -> str:
        """The mark after point ``index`` (from 0) of ``count``."""
        if index == count - 1:
            return self.last
        return self.before_last if index == count - 2 and self.before_last is not None else self.between


class DecisionStyle(NamedTuple):
    """How a style writes the decision points."""

    #: The template part that writes the points, included by ``beslut.xml.j2`` (a user's template folder
    #: may have its own, like any template).
    template: str
    #: What it writes, in Swedish, for the README.
    description: str
    #: After each point but the last, and after the last (a full stop only where the text has none).
    between: str
    last: str
    #: The lead-in when neither the case nor the profile gives one (``${…}`` references the case).
    lead_in: str | None

    @property
    def punctuation(self) -> Punctuation:
        """The style's own punctuation, unless the organisation has its own."""
        return Punctuation(self.between, self.last)


#: The decision styles, by name.
STYLES: Mapping[str, DecisionStyle] = {
    ATT_SATSER: DecisionStyle("beslut/att-satser.xml.j2", "\"att\", tabb och texten, med kommatecken mellan "
                              "punkterna och punkt efter den sista", ",", ".", "${beslutsinstans} beslutar"),
    NUMRERADE: DecisionStyle("beslut/numrerade.xml.j2", "numrerade meningar", ".", ".", None),
    STRECKSATSER: DecisionStyle("beslut/strecksatser.xml.j2",
                                "en lista med tankstreck, \"– Informationen noteras.\"", ".", ".", None),
    MENING: DecisionStyle("beslut/mening.xml.j2", "vanliga stycken", ".", ".", None),
}
DECISION_STYLES = tuple(STYLES)

_LEADING_ATT = re.compile(r"^\s*att\s+", re.IGNORECASE)
_EMPHASIS = "*_ "
#: Abbreviations that end with their only full stop; others are told by a full stop inside (m.fl., t.ex.).
_ABBREVIATIONS = frozenset({"osv.", "etc.", "resp.", "dvs.", "ca.", "kap.", "st.", "jfr.", "kr.", "tel."})
_LETTERS_AND_DOTS = re.compile(r"(?:[^\W\d_]+\.)+")


def decision_style(text: str) -> str:
    """A decision style as written (``Att-satser``, ``att satser``) in its canonical form.

    >>> decision_style(" Att satser ")
    'att-satser'
    """
    return "-".join(text.lower().split())


def style_names(mark: str = "") -> str:
    """The styles' names in the table's order, as Swedish lists them, each between ``mark``s.

    >>> style_names("`")
    '`att-satser`, `numrerade`, `strecksatser` eller `mening`'
    """
    return either([f"{mark}{name}{mark}" for name in STYLES])


def styles_described() -> str:
    """The styles, each with what it writes, as the README's paragraph on the decision names them.

    >>> styles_described()[:41]
    '`att-satser` ("att", tabb och texten, med'
    """
    return either([f"`{name}` ({style.description})" for name, style in STYLES.items()])


def unknown_style(style: str) -> str:
    """The message for a decision style memo does not have, with the style it was probably meant to be.

    >>> unknown_style("numrerde")[:60]
    "Beslutsstilen 'numrerde' finns inte. Menade du 'numrerade'? "
    """
    import difflib  # only for a style memo does not have

    close = difflib.get_close_matches(style, list(STYLES), 1, 0.75)
    hint = f" Menade du '{close[0]}'? Stilarna är" if close else " Välj"
    return f"Beslutsstilen '{style}' finns inte.{hint} {style_names()}."


def _ends_with_abbreviation(text: str) -> bool:
    words = text.rstrip(_EMPHASIS).rsplit(maxsplit=1)
    word = words[-1].lstrip("*_(") if words else ""
    if not _LETTERS_AND_DOTS.fullmatch(word):
        return False
    return word.count(".") > 1 or word.lower() in _ABBREVIATIONS


def clean_point(text: str) -> str:
    """A decision point without a leading "att" and without closing punctuation, an abbreviation's full stop kept."""
    text = _LEADING_ATT.sub("", text.strip()).rstrip(" ,;")
    while text.endswith(".") and not _ends_with_abbreviation(text):
        text = text[:-1].rstrip(" ,;")
    return text


def lead_in(style: str, *given: str | None) -> str | None:
    """The words before the decision points: the first one given (the case's, the profile's), else the style's.

    ``ingen`` means none.

    >>> lead_in("att-satser", None, None), lead_in("att-satser", "Ingen"), lead_in("numrerade", None)
    ('${beslutsinstans} beslutar', None, None)
    """
    chosen = next((text for text in given if text is not None), STYLES[style].lead_in)
    return None if chosen is None or chosen.strip().casefold() == NO_LEAD_IN else chosen


def ending(text: str, index: int, count: int, *, style: str, marks: Punctuation | None = None) -> str:
    """The punctuation after point ``index`` (from 0) of ``count``: the organisation's ``marks``, else ``style``'s;
    a full stop that would follow an abbreviation's is left out.

    >>> ending("m.fl.", 1, 2, style="att-satser", marks=Punctuation("", ". ")), ending("planen", 0, 2,
    ...     style="att-satser", marks=Punctuation(",", ".", " samt,"))
    (' ', ' samt,')
    """
    mark = (marks or STYLES[style].punctuation).after(index, count)
    return mark[1:] if mark.startswith(".") and text.rstrip(_EMPHASIS).endswith(".") else mark
