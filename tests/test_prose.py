"""Prose that needs no parse comes out as the Markdown parse would have made it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from memo.case import prose
from memo.swedish import FILTERS

_VALUES = {"belopp": "250000", "namn": "A & B <C>"}
_PIECES = [*"ab cÅ&<>#-+1.)•\t$%{}*_\\\r\u00a0\u3000\u2028", "${belopp | kronor}", "${namn}", "$${", "  "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


@given(_TEXT)
def test_one_plain_line_is_what_the_parser_makes_of_it(text: str) -> None:
    try:
        fast = prose.prose_markup(text, _VALUES, FILTERS, inline=True)
    except prose.ReferenceError:
        return
    tokens = prose._tokens(text)
    if any(t.type.endswith("_list_open") for t in tokens) or sum(t.type == "paragraph_open" for t in tokens) > 1:
        return  # not one paragraph: the fast path is not taken, and the parse refuses it
    parsed = "".join(prose._inline(t.children or [], _VALUES, FILTERS) for t in tokens if t.type == "inline")
    assert fast == parsed
