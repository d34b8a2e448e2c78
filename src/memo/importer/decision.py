"""An old memo's decision: its lead-in and its points, in any of the three forms they are written.

A point is an item of a Word list, a line typed "att …" (or "att", a tab and the text), or a line typed "1. …";
without any of these, each paragraph after the lead-in is a point (a decision written as sentences). The lead-in
is the paragraph before the points that ends with a colon or with "beslutar"/"besluta"/"att" ("Regionstyrelsen
beslutar", "Kommunstyrelsen föreslås besluta att"); who decides, and who proposes, are read from it.

>>> points = [_para("Kommunstyrelsen föreslår kommunfullmäktige besluta"), _para("att anta planen,"),
...           _para("att\\tge nämnden i uppdrag att följa upp.")]
>>> decision = read_decision(points)
>>> decision.lead_in, decision.style, decision.rest
('Kommunstyrelsen föreslår kommunfullmäktige besluta', 'att-satser', ())
>>> decision.points
('anta planen', 'ge nämnden i uppdrag att följa upp')
>>> organs("Kommunstyrelsen föreslår kommunfullmäktige besluta"), organs("Regionstyrelsen beslutar")
({'forslagsstallare': 'Kommunstyrelsen', 'beslutsinstans': 'Kommunfullmäktige'}, {'beslutsinstans': 'Regionstyrelsen'})
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from memo.case.decisions import ATT_SATSER, MENING, NUMRERADE, STRECKSATSER, clean_point
from memo.word.readback import Block, Para, Span

__all__ = ["Decision", "decision_in", "organs", "read_decision"]

_ATT = re.compile(r"^\s*att(?:[ \t\u00a0]+|$)", re.IGNORECASE)
#: A typed number or dash before a point (the markup escapes "1." and "-" at a paragraph's start: "1\\.", "\\-").
_NUMBERED = re.compile(r"^\s*\d{1,2}\\?[.)][ \t\u00a0]+")
_DASHED = re.compile(r"^\s*\\?[-–—•][ \t\u00a0]+")
_LEAD_IN_END = re.compile(r"(?:beslutar|besluta|beslut|att|följande)\s*:?\s*$|:\s*$", re.IGNORECASE)
#: The paragraphs before the points that are read as their lead-in, at most.
_MOST_LEAD_IN = 3
#: Who decides and who proposes, as a lead-in names them.
_DECIDES = re.compile(r"^(?P<decides>[A-ZÅÄÖ][\w -]*?)(?: föreslås| beslutar| beslutade)(?: besluta)?(?: att)?"
                      r"(?: följande)?$")
_PROPOSES = re.compile(r"^(?P<proposes>[A-ZÅÄÖ][\w -]*?) föreslår (?:att )?(?P<decides>[\w -]+?)(?: att)?"
                       r"(?: besluta| beslutar)?(?: att)?(?: följande)?$")


class Decision(NamedTuple):
    lead_in: str
    points: tuple[str, ...]
    #: The decision style the points were written in (:data:`memo.case.decisions.STYLES`), None when there are none.
    style: str | None
    #: What stands in the decision's section and is no point: the paragraphs after the points, tables.
    rest: tuple[Block, ...]


def _para(text: str) -> Para:
    return Para("Normal", (Span(text),))


def _markup(para: Para) -> str:
    """The paragraph's markup; a paragraph all in bold or all in italic (points typed in bold) without it: the
    emphasis is the paragraph's look, not its words, and would hide an "att" at its start."""
    shown = [span for span in para.spans if span.text.strip()]
    if shown and (all(span.bold for span in shown) or all(span.italic for span in shown)):
        return Para(para.style, tuple(Span(span.text) for span in para.spans), para.heading, para.numbering).markup
    return para.markup


def _lines(para: Para) -> list[str]:
    """The paragraph's lines, where more than one of them is a point of its own ("att …" on each line)."""
    markup = _markup(para)
    lines = [line for line in markup.split("\n") if line.strip()]
    if len(lines) > 1 and sum(bool(_ATT.match(line) or _NUMBERED.match(line)) for line in lines) > 1:
        return lines
    return [" ".join(markup.split("\n"))]


def read_decision(blocks: Sequence[Block]) -> Decision:
    """The lead-in, the points and what is left of a decision's section."""
    before: list[str] = []
    points: list[str] = []
    styles: list[str] = []
    rest: list[Block] = []
    for block in blocks:
        if not isinstance(block, Para):
            rest.append(block)
            continue
        if not block.text.strip():
            continue
        for line in _lines(block):
            form = _form(block, line)
            if form is None and not points:
                before.append(line)
            elif form is None:
                rest.append(_para(line) if line != _markup(block) else block)
            else:
                styles.append(form)
                points.append(clean_point(_NUMBERED.sub("", _DASHED.sub("", line), count=1)))
    lead_in = ""
    if before and (points or len(before) > 1) and _LEAD_IN_END.search(before[-1]) and \
            not before[-1].rstrip().endswith("."):
        # the paragraphs before it, when there are points, introduce them too ("Yrkande … har bifallits.")
        lead_in = " ".join(before) if points and len(before) <= _MOST_LEAD_IN else before[-1]
        before = [] if points and len(before) <= _MOST_LEAD_IN else before[:-1]
    if not points:  # a decision as sentences: each paragraph a point
        points = [clean_point(line) for line in before]
        before = []
        styles = [MENING] if points else []
    rest = [*(_para(line) for line in before), *rest]
    style = max(set(styles), key=styles.count) if styles else None
    return Decision(" ".join(lead_in.split()), tuple(p for p in points if p), style, tuple(rest))


def _form(para: Para, line: str) -> str | None:
    """The style a point is written in (None: the line is no point)."""
    if _ATT.match(line):
        return ATT_SATSER
    if para.numbering is not None:
        return NUMRERADE if para.numbering.ordered else STRECKSATSER
    if _NUMBERED.match(line):
        return NUMRERADE
    if _DASHED.match(line):
        return STRECKSATSER
    return None


def organs(lead_in: str) -> dict[str, str]:
    """Who decides (``beslutsinstans``) and who proposes (``forslagsstallare``), as the lead-in names them."""
    text = " ".join(re.sub(r"\\(.)", r"\1", lead_in.replace("*", "")).rstrip(" :.").split())
    text = re.split(r"(?<=[.!?]) ", text)[-1]  # the lead-in's last sentence names the organs
    proposes = _PROPOSES.match(text)
    if proposes is not None:
        decides = proposes.group("decides")
        return {"forslagsstallare": proposes.group("proposes"), "beslutsinstans": decides[:1].upper() + decides[1:]}
    decides_match = _DECIDES.match(text)
    return {"beslutsinstans": decides_match.group("decides")} if decides_match is not None else {}


def decision_in(blocks: Sequence[Block]) -> tuple[int, int] | None:
    """Where a decision without a heading stands in ``blocks`` (the text before the first heading, in a profile whose
    decision has none): from its lead-in ("Borgarrådsberedningen föreslår kommunstyrelsen besluta följande") over
    the points after it (a list, "att" or "1." lines; else the one paragraph after it). None: no lead-in there.

    >>> decision_in([_para("Bakgrund."), _para("Regionstyrelsen beslutar"), _para("att anta planen"), _para("Text.")])
    (1, 3)
    """
    for at, block in enumerate(blocks):
        text = block.text.rstrip() if isinstance(block, Para) else ""
        text = text[:-1] if text.endswith("följande.") else text  # "… beslutar följande."
        if isinstance(block, Para) and not text.endswith(".") and organs(text) and _LEAD_IN_END.search(text):
            end = at + 1
            while end < len(blocks):
                after = blocks[end]
                if not isinstance(after, Para) or _form(after, _markup(after)) is None:
                    break
                end += 1
            return at, max(end, min(at + 2, len(blocks)))
    return None
