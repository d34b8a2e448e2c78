"""Language checks of a case (klarspråk and skrivregler): warnings at their line and column, never errors.

Språklagen (2009:600) 11 § asks for public-sector language that is "vårdat, enkelt och begripligt". These
checks point at what a tool can see in the case's own texts: heavy text (LIX), long sentences, a decision
that leans on "enligt förslaget", officialese, numbers typed against the rules, a personnummer, an
abbreviation nobody explained. :data:`RULES` (:mod:`memo.language.rules`) is the one table of them: each row
names its check (in :mod:`memo.language.checks`) and the level it runs at, :func:`check_language` runs the
check of each rule that is on, and the README's table is :func:`rules_table`. The word lists are
:mod:`memo.language.wordlists`, the texts of a case and where their words are in the file
:mod:`memo.language.texts`, and how a text is split into sentences and words :mod:`memo.language.scan`.

What is checked: the rubrik, prose sections (also under ``underrubrik``), decision points, list entries,
the consequences' ``text``/``motivering``, the economy's ``text`` and the case's own sections (``rubrik``
and ``text``); not names (underskrift, skickas_till). A personnummer is looked for in every value of the
case, ``varden`` and handläggare too, except the rubrik, where the validator already makes it an error.
An abbreviation counts as explained when its words stand anywhere in the case.

LIX (words / sentences + 100 × long words / words) is given for each section of at least
:data:`LIX_MIN_WORDS` words (for fewer, one sentence moves it by ten points), and for the memo as a whole
when no section got a warning (a memo of many short sections).

>>> from memo.case.sections import SECTIONS
>>> from memo.read.source import SourceText, from_python
>>> case = from_python({"sammanfattning": "Frågan gäller skolan samt förskolan."})
>>> [f.message for f in check_language(case, SourceText.for_python(), SECTIONS)]
['»samt« är kanslispråk: skriv hellre »och«.']
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from memo.case.sections import Section
from memo.language.rules import LIX_LIMIT, LIX_MIN_WORDS, RULES, SENTENCE_LIMIT, PerMemo, PerText, Rule, rules_table
from memo.language.texts import Memo
from memo.notice import Finding
from memo.read.source import SourceText
from memo.read.yamlparse import Node

__all__ = ["LIX_LIMIT", "LIX_MIN_WORDS", "RULES", "SENTENCE_LIMIT", "Finding", "PerMemo", "PerText", "Rule",
           "check_language", "rules_table"]


def check_language(root: Node, source: SourceText, sections: Sequence[Section], *,
                   disabled: Collection[str] = ()) -> list[Finding]:
    """The language warnings of a case, in file order; ``disabled`` holds ids of :data:`RULES` not to run
    (an unknown id is ignored: the profile's reader should check them against :data:`RULES`).

    ``sections`` is the profile's section table (``Profile.readable_sections``): it says which keys hold
    prose, decision points and names. Never raises for a tree memo can read; a value of an odd shape is
    skipped (the validator reports it).

    The checks run in the table's order: those of each text (:class:`PerText`) text by text, then those of
    the whole memo (:class:`PerMemo`); each finding is given its rule's id here.
    """
    on = [rule for rule in RULES.values() if rule.id not in disabled]
    if not on or not isinstance(root.value, dict):
        return []
    memo = Memo(root, source, sections, SENTENCE_LIMIT)
    per_text = [(rule.id, rule.check.run) for rule in on if isinstance(rule.check, PerText)]
    for index, text in enumerate(memo.texts):
        memo.current = index
        for rule_id, run_text in per_text:
            for offset, message in run_text(text):
                memo.add(rule_id, message, memo.at(text, offset), offset)
    memo.current = len(memo.texts)
    for rule in on:
        if isinstance(rule.check, PerMemo):
            for where, message in rule.check.run(memo):
                memo.add(rule.id, message, where)
    return memo.in_file_order()
