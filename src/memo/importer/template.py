"""The old memo's header and footer read against the profile's own: where the profile's reference document has a
placeholder, the old memo (written in the same organisation's template) has the value.

A line of the reference with text around its placeholders ("Dnr: {{ diarienummer }}", "{{ enhet }},
{{ handlaggare }}") is matched against every line of the old memo's header (or footer); a line that is a
placeholder alone is read at the same place: the same table cell (or the paragraphs outside tables), line for
line where the old memo has as many lines there, else in order, a line of another shape passed over. Each value
must have its field's shape (a date where the date stands). This comes before the labels
(:mod:`memo.importer.fields`), which read what the profile's template does not say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from memo.case.sections import FIELDS
from memo.importer.fields import DATE, Found, Label, Line, Story, label_for_placeholder, lines_of, shaped
from memo.profile.load import Profile
from memo.profile.samples import kind_of
from memo.word.readback import Block

__all__ = ["from_field_lines", "from_template"]

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
#: A reference in a profile's field line (``faltrader``), without a formatting: its value is the case's as written.
_REFERENCE = re.compile(r"\$\{\s*([a-z_][a-z0-9_]*)\s*\}")
_SPACE = " \u00a0\t"
_DATE = DATE.pattern
#: The enhet and the förvaltning are both a unit's name ("Socialkontoret" is either): one kind of detail.
_UNIT = {"handlaggare.enhet": "unit", "handlaggare.forvaltning": "unit"}
#: The case's own one-line fields a field line may name (``${beslutsinstans}``).
_CASE_FIELDS = frozenset(field.key for field in FIELDS if field.form in ("text", "datum"))


def from_template(profile: Profile, reference: tuple[tuple[Block, ...], tuple[Block, ...]],
                  stories: tuple[Story, Story], found: Found) -> None:
    """The values in ``stories`` (the old memo's header and footer) where ``reference`` (the profile's reference
    document's header and footer blocks) has placeholders."""
    own = {key: Label(key) for key, _ in profile.egna_falt}
    for blocks, story in zip(reference, stories, strict=True):
        template = lines_of(blocks, "")
        _with_text(template, story, found, own)
        _alone(template, story, found, own)


def from_field_lines(profile: Profile, top: Story, found: Found) -> None:
    """The values in the lines above the old memo's text where the profile's field lines (``faltrader``: "PM
    ${pm_nummer} (Dnr ${diarienummer})") have references."""
    own = {key: Label(key) for key, _ in profile.egna_falt}
    for field_line in profile.faltrader:
        text = _REFERENCE.sub(lambda m: "{{ " + m.group(1) + " }}", field_line.text)
        if "${" in text:  # a formatted value (``${beslutsinstans | gemen}``) is not the case's as written
            continue
        _with_text(lines_of((), ""), top, found, own, [text])


def _label(name: str, own: dict[str, Label]) -> Label | None:
    return own.get(name) or label_for_placeholder(name) or (Label(name) if name in _CASE_FIELDS else None)


def _plausible(label: Label, text: str) -> bool:
    """A value where the template has its placeholder: a date where a date stands, any text elsewhere."""
    if label.shape is _DATE:
        return shaped(label, text)
    return bool(text.strip(_SPACE))


def _pattern(text: str, *, weak: bool = False) -> re.Pattern[str] | None:
    """A reference line with text around its placeholders as a pattern of the old line, each placeholder a group;
    None where its text has no word (", " between two placeholders) unless ``weak``: such a line is read only at
    its place.

    >>> _pattern("PM {{ pm_nummer }} {{ rotel }} (Dnr {{ diarienummer }})").fullmatch("PM 2004 RIV (Dnr 3/04)").groups()
    ('2004', 'RIV', '3/04')
    >>> _pattern("{{ enhet }}, {{ handlaggare }}"), _pattern("{{ enhet }}, {{ handlaggare }}", weak=True).groups
    (None, 2)
    >>> _pattern("{{ dokumenttyp }}\\t\\t1 (1)").fullmatch("TJÄNSTESKRIVELSE\\t\\t1 (3)").group("p0")
    'TJÄNSTESKRIVELSE'
    >>> _pattern("{{ dokumenttyp }}\\t\\t1 (1)").fullmatch("Exempels kommun\\tTJÄNSTESKRIVELSE\\t1 (3)")
    """
    parts = _PLACEHOLDER.split(text.strip(_SPACE))
    literal = "".join(parts[0::2])
    if len(parts) < 3 or not (re.search(r"\w", literal) or (weak and literal.strip(_SPACE))):
        return None
    pattern = ""
    for n, part in enumerate(parts):
        if n % 2:  # a value: no space at its ends (the spaces around it are the template's), no tab in it
            pattern += rf"(?P<p{n // 2}>\S(?:[^\t]*?\S)?)"
            continue
        words = r"\s+".join(re.sub(r"\d+", r"\\d+", re.escape(word)) for word in part.split())  # "1 (1)": a page
        before = r"\s+" if part[:1].isspace() and n else ""
        after = r"\s+" if part[-1:].isspace() and n < len(parts) - 1 and words else ""
        pattern += before + words + after if words else (r"\s+" if part else "")
    return re.compile(pattern, re.IGNORECASE)


def _with_text(template: Story, story: Story, found: Found, own: dict[str, Label], extra: Sequence[str] = ()) -> None:
    old = [line for lines in story.containers for line in lines]
    for text in [*(line.text for lines in template.containers for line in lines), *extra]:
        if text:
            pattern = _pattern(text)
            if pattern is None:
                continue
            for line in old:
                if found.free(line) and _take_matched(text, line, found, own):
                    break


def _take_matched(text: str, line: Line, found: Found, own: dict[str, Label], *, weak: bool = False) -> bool:
    """The values of the reference line ``text``'s placeholders in the old ``line``, where it is that line."""
    pattern = _pattern(text, weak=weak)
    matched = pattern.fullmatch(line.text.strip(_SPACE)) if pattern is not None else None
    if matched is None:
        return False
    labels = [_label(name, own) for name in _PLACEHOLDER.findall(text)]
    values = [matched.group(f"p{n}") for n in range(len(labels))]
    if not all(label is not None and _plausible(label, value) for label, value in zip(labels, values, strict=True)):
        return False
    for label, value in zip(labels, values, strict=True):
        if label is not None:
            found.take(label.key, value, line)
    return True


def _places(story: Story) -> dict[object, list[Line]]:
    """Each container's lines by its place: "" for the paragraphs outside tables, (table, row, column) for a cell."""
    places: dict[object, list[Line]] = {"": story.containers[0]} if story.containers else {}
    for t, grid in enumerate(story.tables):
        for r, row in enumerate(grid):
            for c, index in enumerate(row):
                places[(t, r, c)] = story.containers[index]
    return places


def _matches(reference: str, line: str) -> bool:
    """Whether the old ``line`` is the reference's line: its text, its placeholders filled."""
    pattern = _pattern(reference)
    if pattern is not None:
        return pattern.fullmatch(line.strip(_SPACE)) is not None
    return not _PLACEHOLDER.search(reference) and bool(reference.strip(_SPACE)) and \
        " ".join(reference.split()).casefold() == " ".join(line.split()).casefold()


def _table(place: object) -> object:
    """The table a cell's place is in ("" for the paragraphs outside tables)."""
    return place[0] if isinstance(place, tuple) else place


def _anchored(template: dict[object, list[Line]], old: dict[object, list[Line]]) -> set[object]:
    """The places laid out as the reference's: the paragraphs outside tables where one of the reference's lines
    with text of its own is there too, and each table where one of its cells has such a line at the same place."""
    anchored: set[object] = set()
    for place, lines in template.items():
        theirs = old.get(place, [])
        if any(_matches(line.text, other.text) for line in lines for other in theirs):
            anchored.add(_table(place))
    return anchored


def _alone(template: Story, story: Story, found: Found, own: dict[str, Label]) -> None:
    old = _places(story)
    places = _places(template)
    anchored = _anchored(places, old)
    for place, lines in places.items():
        theirs = old.get(place, [])
        if _table(place) not in anchored:
            continue  # the old memo's header is laid out otherwise here: its labels say what stands where
        if not theirs or not any(_PLACEHOLDER.search(line.text) for line in lines):
            continue
        if len(lines) == len(theirs):  # line for line
            pairs: Sequence[tuple[Line, Line]] = list(zip(lines, theirs, strict=True))
        else:
            pairs = _in_order(lines, [line for line in theirs if line.text.strip(_SPACE)], own)
        for reference, line in pairs:
            name = _only(reference.text)
            label = _label(name, own) if name else None
            if label is not None and found.free(line) and _plausible(label, line.text):
                found.take(label.key, line.text, line)
            elif not name and found.free(line):
                _take_matched(reference.text, line, found, own, weak=True)


def _only(text: str) -> str:
    """The placeholder's name where ``text`` is one placeholder alone, else ''."""
    matched = _PLACEHOLDER.fullmatch(text.strip(_SPACE))
    return matched.group(1) if matched else ""


def _in_order(lines: list[Line], theirs: list[Line], own: dict[str, Label]) -> list[tuple[Line, Line]]:
    """The reference's lines paired in order with the old memo's filled ones: a reference line whose value is not
    there (another shape, or the old line is the reference's next text) is passed over."""
    pairs: list[tuple[Line, Line]] = []
    at = 0
    for n, reference in enumerate(lines):
        if at >= len(theirs):
            break
        line = theirs[at]
        name = _only(reference.text)
        if not name:
            weak = _pattern(reference.text, weak=True)
            if weak is not None and weak.fullmatch(line.text.strip(_SPACE)):
                pairs.append((reference, line))
                at += 1
            elif " ".join(reference.text.split()).casefold() == " ".join(line.text.split()).casefold():
                at += 1
            continue
        label = _label(name, own)
        later = [" ".join(after.text.split()).casefold() for after in lines[n + 1:] if not _only(after.text)]
        if label is None or " ".join(line.text.split()).casefold() in later or not _plausible(label, line.text) or \
                not _detail_fits(label, line.text):
            continue
        pairs.append((reference, line))
        at += 1
    return pairs


def _detail_fits(label: Label, text: str) -> bool:
    """A handläggare's detail of another kind (an e-mail address where the title stands) is not the value."""
    kind = kind_of(text)
    if kind is None or not kind.handlaggare_key or label.key is None or not label.key.startswith("handlaggare."):
        return True
    return _UNIT.get(label.key, label.key) == _UNIT.get(f"handlaggare.{kind.handlaggare_key}",
                                                        f"handlaggare.{kind.handlaggare_key}")
