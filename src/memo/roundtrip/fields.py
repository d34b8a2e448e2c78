"""A changed line that memo's templates or the profile wrote — the title, a header's line, a field line — as
a change of the case's field it shows.

The case's fields are its scalars outside the sections (``rubrik``, ``diarienummer``,
``handlaggare.namn``, a date …). A line may show several (``Näringslivsutveckling, Kristina Eklöf``)
and a field may stand in several lines (the Dnr in the header and after the title). A change
belongs to the field whose text, where it stands in the line, holds every change made to the line;
a date is read back (``1 juli 2026`` → 2026-07-01). A change no field holds is reported, not guessed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from memo.case.checker import canonical_key
from memo.case.sections import SECTIONS
from memo.errors import CaseError, FormatError, Location
from memo.read.yamlparse import Node
from memo.roundtrip.cells import amount_back, node_at
from memo.roundtrip.fresh import Piece
from memo.roundtrip.units import Path as KeyPath
from memo.roundtrip.units import key_name
from memo.swedish import datum, gemen, langt_datum, parse_date

__all__ = ["field_edits"]

#: Keys that hold no field a memo shows as text.
_NOT_FIELDS = frozenset({"profil", "mallar", "varden", "rubriker", "beslutsstil", "dokumenttyp"})
_SECTION_KEYS = frozenset(spec.key for spec in SECTIONS)


def _fields(root: Node) -> Iterator[tuple[KeyPath, str]]:
    """The case's field scalars: (path, text as written)."""
    if not isinstance(root.value, dict):
        return
    for key, node in root.value.items():
        name = canonical_key(key)
        if name in _NOT_FIELDS or name in _SECTION_KEYS:
            continue
        if isinstance(node.value, str) and node.value.strip():
            yield (key,), node.value
        elif isinstance(node.value, dict):
            for inner, child in node.value.items():
                if isinstance(child.value, str) and child.value.strip():
                    yield (key, inner), child.value


def _folded(text: str) -> str:
    """A line as compared: white space folded, and without the word joiners memo sets after a dash (2027–2035)."""
    return " ".join(text.replace("\u2060", "").split())


def _shown_forms(text: str) -> list[tuple[str, str]]:
    """How a field's text may be shown: as written, inside a sentence (``${beslutsinstans | gemen}``), and, for a
    date, as memo writes dates; each with what it is (``text``, ``gemen``, ``date``)."""
    written = _folded(text)
    forms = [(written, "text")]
    if gemen(written) != written:
        forms.append((gemen(written), "gemen"))
    try:
        date = parse_date(text)
    except FormatError:
        return forms
    return [*forms, (datum(date.isoformat()), "date"), (langt_datum(date.isoformat()), "date")]


def _value(path: KeyPath, shown: str, after: str, form: str, case: Path) -> object:
    """The field's new value from the line's new text where it stood."""
    if form == "gemen":  # a body's name inside a sentence: its capital back
        return after[:1].upper() + after[1:]
    if form != "date":
        return after
    try:
        return parse_date(after)
    except FormatError:
        raise CaseError(f"Konflikt i {key_name(path)}: datumet \"{shown}\" är ändrat till \"{after}\", som memo "
                        "inte kan läsa som ett datum.", Location(case, None, None, key_name(path))) from None


def _own_line(old: Piece, a: str, b: str, root: Node) -> str:
    """What to say about a changed line no field holds: which of the case's keys it comes from, where known."""
    said = f"Raden \"{a}\" är ändrad till \"{b}\""
    if old.key is not None:
        return (f"{said}, men bara {key_name(old.key)} i den står i ärendet; resten skriver memo. Ändra "
                f"{key_name(old.key)} i ärendet, eller profilen för resten.")
    if old.para.style == "Beslutsinledning":
        own = any(canonical_key(k) == "beslutsinledning" for k in root.value) if isinstance(root.value, dict) else False
        where = "ärendets 'beslutsinledning'" if own else "profilens 'beslutsinledning'"
        return (f"{said}, men memo skriver den ur {where} med fälten 'beslutsinstans' och 'forslagsstallare'; ändra "
                "'beslutsinledning' eller fälten i ärendet för det.")
    return f"{said}, men den är memos eller profilens egen text; ändra profilen för det."


def field_edits(root: Node, changed: Sequence[tuple[Piece, Piece]],
                case: Path) -> tuple[dict[KeyPath, tuple[str, object]], list[str]]:
    """The fields the changed lines change (path → (before, after)), and a line for each change no field holds.

    A line the case wrote as it is (a heading of its own, a table's description) changes its key
    (:attr:`memo.roundtrip.fresh.Piece.key`); a table's amount is read back in the table's unit."""
    fields = list(_fields(root))
    found: dict[KeyPath, tuple[str, object]] = {}
    unplaced: list[str] = []

    def put(path: KeyPath, text: str, value: object) -> None:
        if path in found and found[path][1] != value:
            raise CaseError(f"Konflikt i {key_name(path)}: memo visar fältet på två ställen, ändrat till "
                            f"\"{found[path][1]}\" och till \"{value}\".", Location(case, None, None, key_name(path)))
        found[path] = (text, value)

    for old, new in changed:
        a, b = _folded(old.text), _folded(new.text)
        if a == b:
            continue  # emphasis only: memo's own formatting
        if old.key is not None and len(old.key) > 1 and canonical_key(str(old.key[-2])) == "belopp":
            amount = amount_back(root, old.key, b)
            if amount is None:
                raise CaseError(f"Konflikt i {key_name(old.key)}: beloppet i tabellen var \"{a}\" och är nu "
                                f"\"{b}\", som memo inte kan läsa tillbaka till ett belopp. Ändra beloppet i ärendet "
                                "själv.", Location(case, None, None, key_name(old.key)))
            if amount[0] != amount[1]:
                put(old.key, amount[1], amount[0])
            continue
        own = node_at(root, old.key) if old.key is not None else None
        candidates = ([(old.key, own.value)] if old.key is not None and own is not None
                      and isinstance(own.value, str) else []) + fields
        opcodes = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
        changes = [(i1, i2) for tag, i1, i2, _, _ in opcodes if tag != "equal"]
        placed = False
        for path, text in candidates:
            for shown, form in _shown_forms(text):
                start = a.find(shown)
                while start >= 0 and not placed:
                    end = start + len(shown)
                    if all(start <= i1 and i2 <= end for i1, i2 in changes):
                        after = _mapped(opcodes, start, end, b)
                        value = _value(path, shown, after, form, case)
                        if after != shown:
                            put(path, text, value.isoformat() if isinstance(value, dt.date) else value)
                        placed = True
                    start = a.find(shown, start + 1)
                if placed:
                    break
            if placed:
                break
        if not placed and old.story != "body" and all(a[i1:i2].isdigit() or not a[i1:i2] for i1, i2 in changes) \
                and re.fullmatch(r"[\d ()/]*", "".join(b[j1:j2] for tag, _, _, j1, j2 in opcodes if tag != "equal")):
            continue  # a page number in a header or footer (a field Word and LibreOffice count again), not an edit
        if not placed:
            unplaced.append(_own_line(old, a, b, root))
    return found, unplaced


def _mapped(opcodes: Sequence[tuple[str, int, int, int, int]], start: int, end: int, new: str) -> str:
    """The new line's text where the old line's ``start``–``end`` stood."""
    def at(position: int, left: bool) -> int:
        for tag, i1, i2, j1, j2 in opcodes:  # a change at the field's edge is the field's (the line held it)
            if tag != "equal" and i1 <= position <= i2:
                return j1 if left else j2
        for _, i1, i2, j1, _ in opcodes:
            if i1 <= position <= i2:
                return j1 + position - i1
        return len(new)

    return new[at(start, True):at(end, False)].strip()
