"""memo.read.rewrite: a value edited in a case file, and every other byte of the file as it was.

Each edit is written to a file and the file read again with memo's own reader (:func:`read_yaml`): the values
are the ones meant, and the lines outside the edited value are the original lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from memo.errors import CaseError
from memo.read import emit
from memo.read.characters import clean_text
from memo.read.edits import Plain
from memo.read.emit import Commented
from memo.read.rewrite import Edit, apply, tree
from memo.read.source import parse_yaml, read_yaml
from memo.read.yamlparse import Node

ALL_SAMPLES = sorted(SAMPLES.glob("**/*.yaml"))
IDS = [str(path.relative_to(SAMPLES)) for path in ALL_SAMPLES]
_TRICKY = ["\t", "\n", "\r", "\u2028", "\x1b", "#", " #", "'", '"', ": ", "- ", "${x}", "😀", " ", "\xa0", "|", "~",
           "yes", "2026-01-01", "1 000", "\\", "[", "{"]
#: Any text, but for "Ã¤" and its kind, which memo refuses in a file as mojibake before reading it as YAML.
TEXT = st.lists(st.one_of(st.sampled_from(_TRICKY), st.text(max_size=6)), max_size=10).map("".join).filter(
    lambda text: "Ã" not in text)
_LINE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def written(tmp_path: Path, text: str, name: str = "arende.yaml") -> tuple[Node, bytes]:
    """``text`` saved as a case file and read back by memo; the tree and the file's bytes."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return read_yaml(path)[0], path.read_bytes()


def scalars(node: Node, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Node]]:
    if isinstance(node.value, dict):
        for key, child in node.value.items():
            yield from scalars(child, (*path, key))
    elif isinstance(node.value, list):
        for index, child in enumerate(node.value):
            yield from scalars(child, (*path, index))
    else:
        yield path, node


def lines(text: str) -> list[str]:
    return _LINE.split(text)


def outside_unchanged(before: str, after: str, first: int, last: int) -> None:
    """The lines before line ``first`` and after line ``last`` (1-based, of ``before``) are in ``after`` as
    they were, at the start and at the end."""
    old, new = lines(before), lines(after)
    assert new[:first - 1] == old[:first - 1]
    tail = old[last:]
    assert new[len(new) - len(tail):] == tail


def expected(value: Plain, path: tuple[str | int, ...], new: Plain) -> Plain:
    *head, last = path
    parent = value
    for part in head:
        parent = parent[part]
    parent[last] = new
    return value


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=IDS)
def test_no_edit_leaves_every_sample_byte_identical(sample: Path, tmp_path: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    root, _ = parse_yaml(text)
    _, data = written(tmp_path, apply(text, root, []))
    assert data == sample.read_bytes()


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=IDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_each_scalar_replaced_by_any_text_changes_that_value_and_no_other_line(sample: Path, tmp_path: Path,
                                                                               data: st.DataObject) -> None:
    text = sample.read_text(encoding="utf-8")
    root, _ = parse_yaml(text)
    found = list(scalars(root))
    path, node = data.draw(st.sampled_from(found), label="value")
    new = data.draw(TEXT, label="text")
    after = apply(text, root, [Edit(path, new)])
    reread, _ = written(tmp_path, after)
    assert tree(reread) == expected(tree(root), path, clean_text(new))
    last = node.end_line - (1 if node.block or node.end_column == 1 else 0)
    outside_unchanged(text, after, node.line if node.block or node.text_line > node.line else node.text_line,
                      max(last, node.text_line))


def test_every_scalar_of_every_sample_takes_text_of_every_kind(tmp_path: Path) -> None:
    """All values of all samples, each replaced by prose, a date, a comment-like text, a block with trailing
    blank lines, control characters and the empty text: each reads back as given."""
    news = ["ny text", "Rad ett.\nRad två.\n", "2026-01-01", "a: b # c", "", " x ", "\t\u2028\x1b", "x\n\n", "yes"]
    edits = 0
    for sample in ALL_SAMPLES:
        text = sample.read_text(encoding="utf-8")
        root, _ = parse_yaml(text)
        for path, _node in scalars(root):
            for new in news:
                reread, _ = written(tmp_path, apply(text, root, [Edit(path, new)]))
                assert tree(reread) == expected(tree(root), path, clean_text(new))
                edits += 1
    assert edits > 4000


def test_a_value_keeps_its_style_when_the_new_text_fits_it() -> None:
    text = ("a: 275000\nb: '275 000'\nc: \"x\"\nd: 2026-03-03\ne: |\n    indraget\n    block\nf: >-\n  vikt\n"
            "g: Plain\n")
    root, _ = parse_yaml(text)
    edits = [Edit(("a",), "280000"), Edit(("b",), "280 000"), Edit(("c",), "y\tz"), Edit(("d",), "2026-04-01"),
             Edit(("e",), "ny\ntext\n"), Edit(("f",), "rad\nrad"), Edit(("g",), "yes")]
    assert apply(text, root, edits) == ("a: 280000\nb: '280 000'\nc: \"y\\tz\"\nd: 2026-04-01\ne: |\n    ny\n"
                                        "    text\nf: |-\n  rad\n  rad\ng: \"yes\"\n")


def test_a_plain_value_stays_plain_unless_yaml_would_read_a_truth_value_or_null() -> None:
    text = "a: 275000\nb: 275000\nc: 12,5\nd: text\ne: x\n"
    root, _ = parse_yaml(text)
    after = apply(text, root, [Edit(("a",), "yes"), Edit(("b",), "ungefär 3"), Edit(("c",), "15"),
                               Edit(("d",), "2026-01-01"), Edit(("e",), "~")])
    assert after == 'a: "yes"\nb: ungefär 3\nc: 15\nd: 2026-01-01\ne: "~"\n'


def test_references_in_values_not_edited_stay_byte_for_byte(tmp_path: Path) -> None:
    sample = SAMPLES / "tjansteskrivelse-forskola-norrby.yaml"
    text = sample.read_text(encoding="utf-8")
    root, _ = parse_yaml(text)
    after = apply(text, root, [Edit(("varden", "investering"), "50000000"), Edit(("rubrik",), "Ny rubrik")])
    _, data = written(tmp_path, after)
    references = re.findall(r"\$\{[^}]*\}", text)
    assert references and re.findall(r"\$\{[^}]*\}", data.decode("utf-8")) == references
    changed = [(old, new) for old, new in zip(lines(text), lines(after), strict=True) if old != new]
    assert changed == [("rubrik: Investering i ny förskola i Norrby", "rubrik: Ny rubrik"),
                       ("  investering: 48500000", "  investering: 50000000")]


def test_list_items_are_inserted_removed_and_replaced_with_their_comments(tmp_path: Path) -> None:
    text = ("rubrik: R\n"
            "forslag_till_beslut:\n"
            "  - Första punkten  # behålls\n"
            "  # om den andra\n"
            "  - Andra punkten\n"
            "  - Tredje punkten\n"
            "\n"
            "# slut\n"
            "sammanfattning: S\n")
    root, _ = parse_yaml(text)
    after = apply(text, root, [Edit(("forslag_till_beslut", 1), None),
                               Edit(("forslag_till_beslut", 0), "Ny första punkt", insert=True),
                               Edit(("forslag_till_beslut", 3), "Sista: punkten", insert=True),
                               Edit(("forslag_till_beslut", 2), "Tredje, ändrad")])
    reread, data = written(tmp_path, after)
    assert data.decode() == ("rubrik: R\n"
                             "forslag_till_beslut:\n"
                             "  - Ny första punkt\n"
                             "  - Första punkten  # behålls\n"
                             "  - Tredje, ändrad\n"
                             '  - "Sista: punkten"\n'
                             "\n"
                             "# slut\n"
                             "sammanfattning: S\n")
    assert tree(reread)["forslag_till_beslut"] == [
        "Ny första punkt", "Första punkten", "Tredje, ändrad", "Sista: punkten"]


def test_a_whole_list_or_mapping_is_replaced_in_its_own_indentation() -> None:
    text = "a:\n    - x\n    - y\nb:\n   k: v\n   l: w\nc: text\nd: [1, 2]\n"
    root, _ = parse_yaml(text)
    after = apply(text, root, [Edit(("a",), ["p", ["q", "r"]]), Edit(("b",), {"m": "nytt"}),
                               Edit(("c",), Commented(["ny"])), Edit(("d", 1), "3, 4")])
    assert after == 'a:\n    - p\n    - - q\n      - r\nb:\n   m: nytt\nc:\n    - ny\nd: [1, "3, 4"]\n'


def test_keys_are_added_after_the_last_key_and_removed_with_their_comments() -> None:
    text = ("# Rubriken på filen\n"
            "rubrik: R\n"
            "handlaggare:\n"
            "  namn: A\n"
            "  # telefon i växeln\n"
            "  telefon: 1\n"
            "\n"
            "bilagor:\n"
            "  - namn: B\n"
            "    fil: b.pdf\n")
    root, _ = parse_yaml(text)
    after = apply(text, root, [Edit(("handlaggare", "telefon"), None), Edit(("handlaggare", "epost"), "a@b.se"),
                               Edit(("bilagor", 0, "namn"), None), Edit(("rubrik",), None),
                               Edit(("bilagor", 0, "titel"), "T")])
    assert after == ("# Rubriken på filen\n"
                     "handlaggare:\n"
                     "  namn: A\n"
                     "  epost: a@b.se\n"
                     "\n"
                     "bilagor:\n"
                     "  - fil: b.pdf\n"
                     "    titel: T\n")


def test_the_last_entry_removed_leaves_an_empty_list_or_mapping() -> None:
    text = "a:\n  - x\nb:\n  k: v\nc: d\n"
    root, _ = parse_yaml(text)
    assert apply(text, root, [Edit(("a", 0), None), Edit(("b", "k"), None)]) == "a: []\nb: {}\nc: d\n"


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_windows_line_endings_and_a_byte_order_mark_are_kept(tmp_path: Path, newline: str) -> None:
    text = "\ufeffrubrik: R\n# kommentar\nlista:\n  - a\ntext: |\n  rad ett\n  rad två\n".replace("\n", newline)
    root, _ = parse_yaml(text[1:])
    after = apply(text, root, [Edit(("text",), "ny\nsista\n"), Edit(("lista", 1), "b", insert=True),
                               Edit(("ny",), {"k": ["v"]})])
    reread, data = written(tmp_path, after)
    assert data == ("\ufeffrubrik: R\n# kommentar\nlista:\n  - a\n  - b\ntext: |\n  ny\n  sista\n"
                    "ny:\n  k:\n    - v\n").replace("\n", newline).encode()
    assert tree(reread) == {"rubrik": "R", "lista": ["a", "b"], "text": "ny\nsista\n", "ny": {"k": ["v"]}}


def test_a_value_inside_a_flow_collection_rewrites_that_collection_only() -> None:
    text = "a: [x, 'y']  # kvar\nb: {k: v, l: [1, 2]}\nc: sist\n"
    root, _ = parse_yaml(text)
    after = apply(text, root, [Edit(("a", 1), "z: w"), Edit(("b", "l", 0), None), Edit(("b", "m"), "nytt")])
    assert after == 'a: [x, "z: w"]  # kvar\nb: {k: v, l: [2], m: nytt}\nc: sist\n'


def test_a_path_that_names_no_value_is_an_error_in_swedish() -> None:
    text = "a: b\nlista:\n  - x\n"
    root, _ = parse_yaml(text)
    for edit in (Edit(("finns_inte", "x"), "y"), Edit(("lista", 5), "y"), Edit(("finns_inte",), None),
                 Edit(("lista", 3), "y", insert=True)):
        with pytest.raises(CaseError, match="finns inte i filen") as caught:
            apply(text, root, [edit])
        assert caught.value.location.key is not None


def nodes(node: Node, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Node]]:
    yield path, node
    if isinstance(node.value, dict):
        for key, child in node.value.items():
            yield from nodes(child, (*path, key))
    elif isinstance(node.value, list):
        for index, child in enumerate(node.value):
            yield from nodes(child, (*path, index))


def structural_edits(root: Node) -> Iterator[Edit]:
    """Every list item removed and inserted at each place, every key removed, a key added to every mapping and
    every list and mapping replaced by another."""
    for path, node in nodes(root):
        if path:
            yield Edit(path, None)
            yield Edit(path, ["ny punkt", {"namn": "N", "lista": ["x"]}])
        if isinstance(node.value, list):
            for index in range(len(node.value) + 1):
                yield Edit((*path, index), "Ny punkt: med kolon", insert=True)
            yield Edit((*path, len(node.value)), {"namn": "Ny", "roll": "R"}, insert=True)
        if isinstance(node.value, dict):
            yield Edit((*path, "ny_nyckel"), Commented("Nytt värde", ("ny kommentar",)))


def changed(before: str, after: str) -> list[str]:
    """The lines of ``before`` that are not in ``after`` between their common first and last lines."""
    old, new = lines(before), lines(after)
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return old[prefix:len(old) - suffix]


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=IDS)
def test_lists_and_mappings_of_every_sample_take_every_structural_edit_in_one_place(sample: Path,
                                                                                   tmp_path: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    root, _ = parse_yaml(text)
    for edit in structural_edits(root):
        after = apply(text, root, [edit])
        reread, _ = written(tmp_path, after)
        want = tree(root)
        *head, last = edit.path
        parent = want
        for part in head:
            parent = parent[part]
        if edit.insert:
            parent.insert(last, edit.value if not isinstance(edit.value, dict) else dict(edit.value))
        elif edit.value is None:
            del parent[last]
        else:
            parent[last] = edit.value.value if isinstance(edit.value, Commented) else edit.value
        assert tree(reread) == want, edit
        gone = changed(text, after)
        container = dict(nodes(root))[tuple(head)]
        start = lines(text)[container.text_line - 1][container.text_column - 1:]
        if start.startswith(("[", "{")) or (edit.value is None and len(container.value) == 1):  # type: ignore[arg-type]
            # a flow collection is written anew; a list or mapping left empty becomes [] or {} on its key's line
            assert len(gone) <= len(lines(text)[container.line - 1:container.end_line]), edit
        elif edit.insert or isinstance(edit.value, Commented):
            assert gone == [], edit  # lines only added
        elif edit.value is None:
            # the lines of the removed entry, the comments above it and a blank line
            node = dict(nodes(root))[edit.path]
            entry = lines(text)[node.line - 1:]
            assert gone == entry[:len(gone)] or all(line.lstrip().startswith("#") or not line.strip()
                                                    for line in gone[:gone.index(entry[0])]), edit


_KEYS = TEXT.filter(lambda k: clean_text(k) == k)
_VALUES = st.recursive(st.one_of(st.none(), TEXT),
                       lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)),
                       max_leaves=10)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.dictionaries(_KEYS, _VALUES, min_size=2, max_size=4), data=st.data())
def test_any_edit_of_any_file_memo_writes_gives_the_values_meant(entries: dict[str, object], data: st.DataObject,
                                                                 tmp_path: Path) -> None:
    from memo.read.emit import document

    text = document(entries)  # type: ignore[arg-type]
    root, _ = parse_yaml(text)
    places = list(nodes(root))[1:]
    path, node = data.draw(st.sampled_from(places), label="value")
    kind = data.draw(st.sampled_from(["replace", "remove", "insert", "add"]), label="kind")
    new = data.draw(_VALUES.filter(lambda v: v is not None), label="new")  # None removes
    want = tree(root)
    parent = want
    for part in path[:-1]:
        parent = parent[part]
    if kind == "insert" and isinstance(node.value, list):
        index = data.draw(st.integers(0, len(node.value)), label="index")
        edit = Edit((*path, index), new, insert=True)
        parent[path[-1]].insert(index, new)
    elif kind == "add" and isinstance(node.value, dict) and "ny nyckel" not in node.value:
        edit = Edit((*path, "ny nyckel"), new)
        parent[path[-1]]["ny nyckel"] = new
    elif kind == "remove":
        edit = Edit(path, None)
        del parent[path[-1]]
    else:
        edit = Edit(path, new)
        parent[path[-1]] = new
    reread, _ = written(tmp_path, apply(text, root, [edit]))
    assert tree(reread) == _cleaned(want)


def _cleaned(value: Plain) -> Plain:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    return value


def _mutated(value: Plain, data: st.DataObject) -> Plain:
    """``value`` with some of its parts changed, removed or added."""
    if isinstance(value, dict):
        out: dict[str, Plain] = {}
        for key, item in value.items():
            choice = data.draw(st.sampled_from(["keep", "keep", "change", "remove"]))
            if choice == "keep":
                out[key] = item
            elif choice == "change":
                out[key] = _mutated(item, data)
        if data.draw(st.booleans()):
            out[data.draw(_KEYS)] = data.draw(_VALUES)
        return out
    if isinstance(value, list):
        items = [item if data.draw(st.booleans()) else _mutated(item, data) for item in value
                 if data.draw(st.integers(0, 4))]
        for _ in range(data.draw(st.integers(0, 2))):
            items.insert(data.draw(st.integers(0, len(items))), data.draw(_VALUES))
        return items
    return data.draw(st.one_of(st.just(value), _VALUES))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=4), data=st.data())
def test_the_changes_between_two_trees_made_in_a_file_give_the_new_tree(entries: dict[str, object],
                                                                        data: st.DataObject, tmp_path: Path) -> None:
    from memo.read.edits import changes
    from memo.read.emit import document

    text = document(entries)  # type: ignore[arg-type]
    root, _ = parse_yaml(text)
    new = _mutated(tree(root), data)
    if not new:
        new = {"kvar": "x"}
    reread, _ = written(tmp_path, apply(text, root, changes(tree(root), new)))
    assert tree(reread) == _cleaned(new)


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=IDS)
def test_the_same_tree_gives_no_change_and_one_changed_item_one_changed_line(sample: Path) -> None:
    from memo.read.edits import changes

    text = sample.read_text(encoding="utf-8")
    root, _ = parse_yaml(text)
    assert changes(tree(root), tree(root)) == []
    for path, node in scalars(root):
        if node.value is None or node.block or node.end_line != node.text_line:
            continue
        new = expected(tree(root), path, "Ändrad")
        edits = changes(tree(root), new)
        assert edits == [Edit(path, "Ändrad")]
        after = apply(text, root, edits)
        assert changed(text, after) == [lines(text)[node.text_line - 1]]


@pytest.mark.parametrize(("entries", "path", "value"), [
    pytest.param({"\t": None, "": ["#\n\u00a0"]}, ("",), [], id="block_ending_in_a_no_break_space_replaced"),
    pytest.param({"b": ["\u00a0x\n\u00a0"]}, ("b", 0), "ny", id="block_of_no_break_spaces_replaced_in_a_list"),
])
def test_a_no_break_space_is_text_to_yaml_not_a_blank_line(entries: dict[str, object], path: tuple[str | int, ...],
                                                            value: object) -> None:
    text = emit.document(entries)  # type: ignore[arg-type]
    root, _ = parse_yaml(text)
    rewritten = apply(text, root, [Edit(path, value)])  # type: ignore[arg-type]
    assert "\u00a0" not in rewritten and parse_yaml(rewritten)[0] is not None
