"""``memo läs PM.docx --ärende ÄRENDE.yaml``: a reviewer's edits to a memo, back into its case.

See :mod:`memo.roundtrip` for the design. :func:`read_back` reads the case and the edited memo,
renders the case again with its units marked (:mod:`memo.roundtrip.fresh`), sets the two memos
side by side (:mod:`memo.roundtrip.align`), turns each changed, removed or added paragraph into a
change of the scalar it came from (:mod:`memo.roundtrip.restore` for references) or of the field a
template line shows (:mod:`memo.roundtrip.fields`), and rewrites only those scalars in the file
(:func:`memo.read.rewrite.apply`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from memo.case.decisions import STYLES, clean_point, decision_style
from memo.case.model import Case
from memo.case.sections import Kind
from memo.errors import CaseError, DocumentError, Location
from memo.kinds import kind_of
from memo.profile.chosen import read_tree
from memo.read.rewrite import Edit, apply
from memo.read.yamlparse import Node
from memo.roundtrip.align import align
from memo.roundtrip.checked import check_loads
from memo.roundtrip.fields import field_edits
from memo.roundtrip.fresh import Piece, fresh_memo, pieces
from memo.roundtrip.lists import numbered_on, without
from memo.roundtrip.restore import Conflict, restore
from memo.roundtrip.stale import check_not_stale
from memo.roundtrip.units import Path as KeyPath
from memo.roundtrip.units import Unit, key_name, wrapped
from memo.roundtrip.written import write_case
from memo.word.fingerprint import FINGERPRINT_PROPERTY
from memo.word.readback import read_document

__all__ = ["Change", "Changes", "read_back"]


class Change(NamedTuple):
    """One key of the case that the edited memo changes: its text before and after (case text)."""

    key: str
    before: str | None
    after: str | None


class Changes(NamedTuple):
    """What :func:`read_back` found: the changes, key by key, in the file's order."""

    changes: tuple[Change, ...]
    #: Tracked changes in the edited memo, read as accepted.
    revisions: int
    #: The case file, and its text with the changes (the same text when there are none).
    path: Path
    text: str
    #: Whether the file was written (not with ``write=False``, nor when nothing changed).
    written: bool
    #: Edits memo found but cannot bring back (a heading changed, a paragraph of memo's own): one line each.
    unplaced: tuple[str, ...] = ()


def _node(root: Node, path: KeyPath) -> Node | None:
    node: Node | None = root
    for step in path:
        if node is None:
            return None
        if isinstance(step, int):
            node = node.value[step] if isinstance(node.value, list) and step < len(node.value) else None
        else:
            node = node.value.get(step) if isinstance(node.value, dict) else None
    return node


def _shown(text: str | None, limit: int = 70) -> str:
    if text is None:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class _Scalar:
    """A scalar of the case with units in it, and what happens to them."""

    def __init__(self, path: KeyPath, text: str, units: list[Unit]) -> None:
        self.path = path
        self.text = text
        self.units = units
        self.changed: dict[int, str] = {}
        self.removed: set[int] = set()
        self.added: dict[int, list[tuple[str, bool]]] = {}

    def described(self) -> list[Change]:
        """The scalar's changes unit by unit: ``sammanfattning, stycke 2`` before and after."""
        out: list[Change] = []
        counted: dict[str, int] = {}
        for unit in self.units:
            ordinal = counted[unit.kind] = counted.get(unit.kind, 0) + 1
            where = f"{unit.key}, {unit.kind} {ordinal}" if unit.kind != "rad" and (
                len(self.units) > 1 or unit.kind != "stycke") else unit.key  # a rad is its whole key
            was = self.text[unit.start:unit.end]
            if unit.number in self.removed:
                out.append(Change(f"{where} ({'borttaget' if unit.kind == 'stycke' else 'borttagen'})", was, None))
            elif unit.number in self.changed:
                out.append(Change(where, was, self.changed[unit.number]))
            out.extend(Change(f"{unit.key}, {'ny punkt' if item else 'nytt stycke'} efter {unit.kind} {ordinal}",
                              None, added) for added, item in self.added.get(unit.number, []))
        return out

    @property
    def touched(self) -> bool:
        return bool(self.changed or self.removed or self.added)

    def new_text(self) -> str:
        """The scalar's text with its units changed, removed and added, from the last one back."""
        text = self.text
        order = self.units
        for index in range(len(order) - 1, -1, -1):
            unit = order[index]
            for added, item in reversed(self.added.get(unit.number, [])):
                if unit.kind == "punkt" and item:
                    marker, rest = numbered_on(self.text[unit.line_start:unit.start], text[unit.end:])
                    text = text[:unit.end] + "\n" + marker + added + rest
                elif item:  # a list item after a paragraph: a list of its own
                    text = text[:unit.end] + "\n\n- " + added + text[unit.end:]
                else:
                    text = text[:unit.end] + "\n\n" + added + text[unit.end:]
            if unit.number in self.removed:
                text = without(text, order, index)
            elif unit.number in self.changed:
                text = text[:unit.start] + self.changed[unit.number] + text[unit.end:]
        return text if text.strip() else ""  # every unit removed: empty, not a line end


def _endings(profile_marks: object, style: str) -> list[str]:
    marks = profile_marks or STYLES[style].punctuation
    found = {getattr(marks, name, None) for name in ("between", "last", "before_last")}
    return sorted((m for m in found if m), key=len, reverse=True)


def _unit_markup(piece: Piece, fresh: Piece, unit: Unit, endings: Sequence[str]) -> tuple[str, str]:
    """The unit's old and new markup: after the template's prefix, a decision point without its ending."""
    old = fresh.markup[len(fresh.prefix):]
    new = piece.markup[len(fresh.prefix):] if piece.markup.startswith(fresh.prefix) else piece.markup
    if unit.section is Kind.DECISION:
        ending = next((e for e in endings if old.endswith(e)), "")
        old = old[: len(old) - len(ending)] if ending else old
        new = new[: len(new) - len(ending)] if ending and new.endswith(ending) else clean_point(new)
    return old, new.strip()


def read_back(docx: str | os.PathLike[str], case: str | os.PathLike[str], *, write: bool = True,
              profile: str | Path | None = None) -> Changes:
    """Bring the edits made to a memo (``docx``, written by memo from ``case`` and then edited in Word or
    LibreOffice) back into the case file: only the keys whose text changed change, every other byte stays.

    ``profile`` is the one the memo was written with when not the case's own (``memo ärende.yaml --profil X``).
    With ``write=False`` the changes are found and returned, the file left as it is. Raises
    :class:`memo.errors.DocumentError` for a file memo did not write from this case (or cannot read), and
    :class:`memo.errors.CaseError` for a conflict (a reference's text changed into something memo cannot
    read back into its value); nothing is written then.
    """
    case_path, docx_path = Path(case), Path(docx)
    edited = read_document(docx_path)
    root, source = read_tree(case_path)
    kind = kind_of(root)
    document, chosen = kind.read(root, source, profile)
    if not isinstance(document, Case):  # a protokollsutdrag, a meeting: its text is its cases', edited there
        raise CaseError(f"{case_path.name} är {kind.noun}, inte ett ärende: 'memo läs' för in ändringar i "
                        "ärendet som PM:et skrevs från. Texten i det här dokumentet kommer från ärendena det görs "
                        "av: för in ändringarna i de ärendena och skriv dokumentet igen.", Location(case_path))
    fresh = fresh_memo(root, source, chosen, chosen.readable_sections)
    shown = pieces(edited, marked=False)
    _check_written_from(edited.properties, edited.title, fresh.title, document.diarienummer, shown, docx_path,
                        case_path)
    check_not_stale(edited.properties.get(FINGERPRINT_PROPERTY), document, kind, chosen, docx_path, case_path)
    alignment = align(fresh.pieces, shown)
    scalars: dict[KeyPath, _Scalar] = {}
    for unit in fresh.units:
        node = _node(root, unit.path)
        if node is not None and isinstance(node.value, str):
            scalars.setdefault(unit.path, _Scalar(unit.path, node.value, [])).units.append(unit)
    style = decision_style(getattr(document, "beslutsstil", None) or chosen.beslutsstil)
    endings = _endings(chosen.skiljetecken if style == chosen.beslutsstil else None, style)
    values: dict[str, tuple[str, str, str, str]] = {}
    varden = _varden_key(root)
    originals = _originals(root, varden)
    unplaced: list[str] = []
    unitless: list[tuple[Piece, Piece]] = []
    entries: dict[KeyPath, list[tuple[int, bool, str]]] = {}
    for index, piece in sorted(alignment.changed.items()):
        old = fresh.pieces[index]
        if old.unit is None:
            unitless.append((old, piece))
            continue
        unit = fresh.units[old.unit]
        scalar = scalars.get(unit.path)
        if scalar is None:
            continue
        before, after = _unit_markup(piece, old, unit, endings)
        if not after.strip():  # emptied: removed
            scalar.removed.add(unit.number)
            continue
        if before == after:
            continue
        try:
            restored = restore(scalar.text[unit.start:unit.end], before, old.references, after, originals)
        except Conflict as conflict:
            raise CaseError(
                f"Konflikt i {unit.key}: texten som {conflict.reference.source} skriver var "
                f"\"{_shown(conflict.before)}\" och är nu \"{_shown(conflict.after)}\", som memo inte kan läsa "
                f"tillbaka till ett värde. Ändra värdet under 'varden:' eller texten i ärendet själv.",
                Location(case_path, _line(root, unit.path), None, unit.key)) from None
        for name, (value, _, now, again) in restored.values.items():
            if name not in originals:  # a field's own value (${beslutsinstans}): changed where it is written
                raise CaseError(f"Konflikt i {unit.key}: texten som ${{{name}}} skriver är ändrad till "
                                f"\"{_shown(now)}\", men '{name}' är inget värde under 'varden:'. Ändra fältet "
                                f"'{name}' i ärendet själv.", Location(case_path, _line(root, unit.path), None,
                                                                        unit.key))
            if name in values and values[name][0] != value:
                raise CaseError(f"Konflikt i varden.{name}: memo visar värdet på två ställen, ändrat till "
                                f"\"{_shown(values[name][2])}\" och till \"{_shown(now)}\".",
                                Location(case_path, None, None, f"varden.{name}"))
            values[name] = (value, now, again, unit.key)
            if " ".join(again.split()) != " ".join(now.split()):
                unplaced.append(f"{unit.key}: \"{_shown(now)}\" är läst som {value} och visas som "
                                f"\"{_shown(again)}\".")
        source_text = scalar.text[unit.start:unit.end]
        if " ".join(restored.text.split()) != " ".join(source_text.split()):  # not only a value changed
            scalar.changed[unit.number] = wrapped(restored.text, scalar.text, unit)
    for index in alignment.removed:
        old = fresh.pieces[index]
        if old.unit is None:
            if old.text.strip():
                unplaced.append(f"Stycket \"{_shown(old.text)}\" är borttaget men är memos eget (en rubrik eller "
                                "en rad ur profilen); ändra profilen eller ärendets rubriker för det.")
            continue
        unit = fresh.units[old.unit]
        if unit.path in scalars:
            scalars[unit.path].removed.add(unit.number)
    for anchor, _, piece in alignment.added:
        target = _anchor(fresh.pieces, anchor)
        if target is None:
            unplaced.append(f"Det nya stycket \"{_shown(piece.text)}\" står där memo inte har någon text ur "
                            "ärendet; skriv in det i ärendet själv.")
            continue
        unit, follows = fresh.units[target[0]], target[1]
        scalar = scalars.get(unit.path)
        if scalar is None:
            continue
        new = piece.markup.strip()
        if unit.kind == "rad":  # an entry added to a list of one-line entries
            if isinstance(unit.path[-1], int):
                if unit.section is Kind.DECISION:
                    new = clean_point(new)
                entries.setdefault(unit.path[:-1], []).append((unit.path[-1], follows, new))
            else:
                unplaced.append(f"Det nya stycket \"{_shown(new)}\" kan inte läggas till i {unit.key}; skriv in "
                                "det i ärendet själv.")
            continue
        if follows:
            scalar.added.setdefault(unit.number, []).append((new, piece.para.numbering is not None))
        else:
            scalar.changed[unit.number] = new + "\n\n" + scalar.changed.get(unit.number,
                                                                           scalar.text[unit.start:unit.end])
    field_changes, field_unplaced = field_edits(root, unitless, case_path)
    unplaced.extend(field_unplaced)
    edits: list[Edit] = []
    changes: list[Change] = []
    entry_edits, entry_changes = _entries(root, scalars, entries)
    edits.extend(entry_edits)
    changes.extend(entry_changes)
    for path, scalar in scalars.items():
        if path and isinstance(path[-1], int) and scalar.units[0].kind == "rad":
            continue  # an entry of a list: above
        if scalar.touched:
            new_text = scalar.new_text()
            if new_text != scalar.text:
                edits.append(Edit(path, new_text))
                changes.extend(scalar.described())
    for path, (was_text, field_value) in field_changes.items():
        edits.append(Edit(path, str(field_value)))
        changes.append(Change(key_name(path), was_text, str(field_value)))
    for name, (value, *_) in values.items():
        if value != originals.get(name):
            edits.append(Edit((varden, name), value))
            changes.append(Change(f"varden.{name}", originals.get(name), value))
    text = _as_written(case_path, source.text)
    written = False
    if edits:
        text = apply(text, root, edits)
        check_loads(text, case_path, profile)
        if write:
            write_case(case_path, text)
            written = True
    return Changes(tuple(changes), edited.revisions, case_path, text, written, tuple(unplaced))


def _as_written(path: Path, decoded: str) -> str:
    """The case file's text exactly as it is on disk (a byte-order mark and CRLF line ends kept), which
    :func:`memo.read.rewrite.apply` keeps; a file in another encoding than UTF-8: as memo decoded it."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return decoded


def _varden_key(root: Node) -> str:
    if isinstance(root.value, dict):
        for key in root.value:
            if key.strip().lower() in ("varden", "värden"):
                return key
    return "varden"


def _originals(root: Node, varden: str) -> dict[str, str | None]:
    """The named values as the case writes them (name → text), which a changed amount is written like."""
    node = _node(root, (varden,))
    if node is None or not isinstance(node.value, dict):
        return {}
    return {name: child.value if isinstance(child.value, str) else None for name, child in node.value.items()}


def _line(root: Node, path: KeyPath) -> int | None:
    node = _node(root, path[:1])
    return node.line or None if node is not None else None


def _anchor(fresh: Sequence[Piece], anchor: int) -> tuple[int, bool] | None:
    """The unit an added paragraph joins: the one it follows (True), else — after a heading — the one after it."""
    number = fresh[anchor].unit if anchor >= 0 else None
    if number is not None:
        return number, True
    story = fresh[anchor].story if anchor >= 0 else "body"
    for piece in fresh[anchor + 1:]:
        if piece.story != story:
            break
        if piece.unit is not None:
            return piece.unit, False
        if piece.text.strip():
            break
    return None


def _entries(root: Node, scalars: Mapping[KeyPath, _Scalar],
             added: Mapping[KeyPath, list[tuple[int, bool, str]]]) -> tuple[list[Edit], list[Change]]:
    """The edits for lists of one-line entries (decision points, recipients): each entry changed, removed or
    added on its own, from the list's end back, so that each edit's position is the one the file has then."""
    parents = {path[:-1] for path, scalar in scalars.items()
               if path and isinstance(path[-1], int) and scalar.touched and scalar.units[0].kind == "rad"}
    parents |= set(added)
    edits: list[Edit] = []
    changes: list[Change] = []
    for parent in sorted(parents, key=lambda p: [str(s) for s in p]):
        node = _node(root, parent)
        if node is None or not isinstance(node.value, list):
            continue
        new_entries = added.get(parent, [])
        for index in range(len(node.value) - 1, -1, -1):
            item = node.value[index]
            for _, _, text in reversed([e for e in new_entries if e[0] == index and e[1]]):
                edits.append(Edit((*parent, index + 1), text, insert=True))
                changes.append(Change(key_name((*parent, index + 1)) + " (ny)", None, text))
            scalar = scalars.get((*parent, index))
            was = item.value if isinstance(item.value, str) else None
            if scalar is not None and scalar.units[0].number in scalar.removed:
                edits.append(Edit((*parent, index), None))
                changes.append(Change(key_name((*parent, index)) + " (borttagen)", was, None))
            elif scalar is not None and scalar.changed:
                new = scalar.new_text()
                if new != scalar.text:
                    edits.append(Edit((*parent, index), new))
                    changes.append(Change(key_name((*parent, index)), was, new))
            for _, _, text in reversed([e for e in new_entries if e[0] == index and not e[1]]):
                edits.append(Edit((*parent, index), text, insert=True))
                changes.append(Change(key_name((*parent, index)) + " (ny)", None, text))
    changes.reverse()  # said in the file's order
    return edits, changes


def _check_written_from(properties: Mapping[str, str], title: str, fresh_title: str, dnr: str,
                        edited: Sequence[Piece], docx: Path, case: Path) -> None:
    """A memo memo wrote (its fingerprint property), from this case: its title or its Dnr is the case's (one of
    them may be what the reviewer changed)."""
    if FINGERPRINT_PROPERTY not in properties:
        raise DocumentError(f"{docx.name} är inte skrivet av memo (det saknar memos fingeravtryck), så memo vet "
                            f"inte vilken text som kom från vilken nyckel. Använd 'memo läs {docx.name} --profil "
                            "PROFIL -o NYTT.yaml' för att göra ett nytt ärende av det.", Location(docx))
    texts = " ".join(" ".join(p.text.split()) for p in edited)
    same_title = title.strip() == fresh_title.strip() or " ".join(fresh_title.split()) in texts
    same_dnr = bool(dnr.strip()) and dnr.strip() in texts
    if not same_title and not same_dnr:
        raise DocumentError(f"{docx.name} är inte skrivet från {case.name}: varken ärendets rubrik "
                            f"(\"{_shown(fresh_title)}\") eller diarienummer ({dnr}) står i det.", Location(docx))
