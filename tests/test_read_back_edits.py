"""A reviewer's edits — made with python-docx, and in LibreOffice — come back exactly at their keys, on every sample.

Each sample's memo gets, where it has the text for them, these edits: a word changed in every paragraph of the body
that has a word the case holds once (whatever wrote the paragraph: the key expected is the one whose text holds the
word, so a paragraph memo does not know the key of fails), a decision point replaced, a paragraph added, a list item
removed, a table cell changed and a header field changed.
The edits are read back into a copy of the case; the changes must be those keys and no others, and the case
rendered again must show what the edited memo shows (its words in order, both ways, through LibreOffice).
LibreOffice runs once per batch of files (to PDF; to flat ODT and back).
"""

from __future__ import annotations

import copy
import difflib
import re
import shutil
import subprocess
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import docx
import pytest
from docx.text.paragraph import Paragraph
from lxml import etree

import memo
from conftest import pdf_text, require_real_client
from memo.case.sections import Kind
from memo.kinds import kind_of
from memo.pdf import find_soffice
from memo.profile.chosen import read_tree
from memo.read.yamlparse import Node
from memo.roundtrip.back import Changes, read_back
from memo.roundtrip.fresh import Fresh, fresh_memo
from memo.roundtrip.units import key_name

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").glob("*.yaml") if not p.name.startswith("protokollsutdrag"))
NEW_WORD = "Granskarord"
NEW_PARAGRAPH = "Ett nytt stycke som granskaren skrev till."
NEW_POINT = "ge förvaltningen i uppdrag att redovisa arbetet"
NEW_POST = "Granskad post"


class Plan(NamedTuple):
    """Which paragraphs (by their text in the memo) get which edit, and the keys the changes must name."""

    words: tuple[tuple[str, str], ...]  # paragraph text, the word in it: a word in every paragraph that has one
    point: str | None  # a decision point's paragraph
    after: str | None  # the paragraph a new one follows
    removed: str | None  # a list item's paragraph
    cell: str | None  # a table cell's paragraph
    field: tuple[str, str] | None  # a header line, the field's text in it
    keys: frozenset[str]


def _copy(sample: Path, folder: Path) -> Path:
    case = folder / sample.name
    shutil.copy(sample, case)
    if not (folder / "profiler").exists():
        shutil.copytree(sample.parent / "profiler", folder / "profiler")
    return case


def _fresh(case: Path) -> Fresh:
    root, source = read_tree(case)
    _, profile = kind_of(root).read(root, source, None)
    return fresh_memo(root, source, profile, profile.readable_sections)


def _scalars(node: Node, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string the case file holds, with its key path."""
    if isinstance(node.value, str):
        yield path, node.value
    elif isinstance(node.value, list):
        for index, child in enumerate(node.value):
            yield from _scalars(child, (*path, index))
    elif isinstance(node.value, dict):
        for key, child in node.value.items():
            yield from _scalars(child, (*path, key))


def _word_edits(fresh: Fresh, root: Node, used: set[str]) -> tuple[list[tuple[str, str]], set[str]]:
    """A word changed in every paragraph of the memo's body (not only those memo knows the key of) whose text has
    a word that stands once in the memo and once in the case: the key is the one whose text holds the word."""
    shown = " ".join(p.text for p in fresh.pieces)
    scalars = [(path, text) for path, text in _scalars(root) if path and path[0] not in ("profil", "mallar")]
    edits: list[tuple[str, str]] = []
    keys: set[str] = set()
    for piece in fresh.pieces:
        if piece.story != "body" or piece.text in used or len(piece.text.split()) <= 4 \
                or [p.text for p in fresh.pieces].count(piece.text) > 1:
            continue
        for word in (w for w in re.findall(r"[^\W\d_]{4,}", piece.text)):
            alone = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
            holders = [path for path, text in scalars for _ in alone.finditer(text)]
            if alone.search(piece.text) and len(alone.findall(shown)) == 1 and len(holders) == 1:
                edits.append((piece.text, word))
                keys.add(key_name(holders[0]))
                used.add(piece.text)
                break
    return edits, keys


def plan(case: Path) -> Plan:
    """The edits a sample's memo can have, chosen from what it shows (each on a paragraph of its own)."""
    fresh = _fresh(case)
    body = [p for p in fresh.pieces if p.story == "body" and p.unit is not None]
    units = fresh.units
    used: set[str] = set()
    keys: set[str] = set()

    def pick(test: Callable[[object], bool]) -> object | None:
        for piece in body:
            if piece.text not in used and test(piece):
                used.add(piece.text)
                return piece
        return None

    def unit(piece: object) -> object:
        return units[piece.unit]  # type: ignore[attr-defined]

    point = pick(lambda p: unit(p).section is Kind.DECISION)
    if point is not None:
        keys.add(unit(point).key)
    after = pick(lambda p: unit(p).kind == "stycke" and unit(p).section is Kind.PROSE)
    if after is not None:
        keys.add(unit(after).key)
    removed = pick(lambda p: unit(p).kind == "punkt" and (after is None or unit(p).key != unit(after).key))
    if removed is not None:
        keys.add(unit(removed).key)
    cell = None
    for number, u in enumerate(units):
        if u.path[-1] == "post":
            cell = next(p for p in fresh.pieces if p.unit == number)
            keys.add(u.key)
            break
    field = None
    root, _ = read_tree(case)
    if cell is not None:
        used.add(cell.text)  # type: ignore[attr-defined]
    words, word_keys = _word_edits(fresh, root, used)
    keys |= word_keys
    dnr = root.value.get("diarienummer") if isinstance(root.value, dict) else None
    if dnr is not None and isinstance(dnr.value, str):
        alone = re.compile(rf"(?<![\w-]){re.escape(dnr.value)}(?![\w-])")
        line = next((p.text for p in fresh.pieces if p.story == "header" and alone.search(p.text)), None)
        if line is not None:
            field = (line, dnr.value)
            keys.add("diarienummer")
    return Plan(tuple(words), point.text if point else None, after.text if after else None,  # type: ignore[attr-defined]
                removed.text if removed else None, cell.text if cell else None,  # type: ignore[attr-defined]
                field, frozenset(keys))


_ENDING = re.compile(r"(?:\s+(?:samt|och|eller))?[,.;:]*$")


def _new_point(text: str) -> str:
    """A decision point rewritten as a person rewrites one: its "att" (and tab) and its ending kept."""
    prefix = text.split("\t", 1)[0] + "\t" if "\t" in text else ""
    ending = _ENDING.search(text)
    return prefix + NEW_POINT + (ending.group() if ending else "")


def _new_word(text: str, word: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", NEW_WORD, text, count=1)


def _new_field(line: str, value: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", value + "-1", line, count=1)


def _set_text(paragraph: Paragraph, text: str) -> None:
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


def edit_with_python_docx(written: Path, plan: Plan, target: Path) -> None:
    document = docx.Document(str(written))
    paragraphs = list(document.paragraphs) + [p for t in document.tables for r in t.rows for c in r.cells
                                              for p in c.paragraphs]
    for paragraph in paragraphs:
        text = paragraph.text
        if text in dict(plan.words):
            _set_text(paragraph, _new_word(text, dict(plan.words)[text]))
        elif text == plan.point:
            _set_text(paragraph, _new_point(text))
        elif text == plan.after:
            new = copy.deepcopy(paragraph._p)
            paragraph._p.addnext(new)
            _set_text(Paragraph(new, paragraph._parent), NEW_PARAGRAPH)
        elif text == plan.removed:
            paragraph._p.getparent().remove(paragraph._p)
        elif text == plan.cell:
            _set_text(paragraph, NEW_POST)
    if plan.field:
        header = document.sections[0].header
        lines = list(header.paragraphs) + [p for t in header.tables for r in t.rows for c in r.cells
                                           for p in c.paragraphs]
        for paragraph in lines:
            if paragraph.text == plan.field[0]:
                _set_text(paragraph, _new_field(paragraph.text, plan.field[1]))
                break
    document.save(str(target))


_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def _odf_text(element: etree._Element) -> str:
    out = [element.text or ""]
    for child in element:
        tag = etree.QName(child).localname
        if tag == "tab":
            out.append("\t")
        elif tag == "s":
            out.append(" " * int(child.get(f"{{{_TEXT}}}c", "1")))
        elif tag == "line-break":
            out.append("\n")
        elif tag not in ("bookmark", "bookmark-start", "bookmark-end", "soft-page-break"):
            out.append(_odf_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _replace_in_text_nodes(element: etree._Element, old: str, new: str) -> bool:
    """``old`` replaced by ``new`` where one text node holds it (as a person's edit of one word)."""
    for node in element.iter():
        for attribute in ("text", "tail"):
            value = getattr(node, attribute)
            if node is element and attribute == "tail":
                continue
            if value and old in value:
                setattr(node, attribute, value.replace(old, new, 1))
                return True
    return False


def _set_odf_text(element: etree._Element, text: str) -> None:
    """The paragraph's text replaced, as typing over it does (a tab stays a tab)."""
    for child in list(element):
        element.remove(child)
    first, *rest = text.split("\t")
    element.text = first
    for part in rest:
        etree.SubElement(element, f"{{{_TEXT}}}tab").tail = part


def edit_flat_odt(fodt: Path, plan: Plan) -> None:
    """Edit a memo converted to flat ODT as a person would in LibreOffice: the XML of the paragraphs changed."""
    tree = etree.parse(str(fodt))
    paragraphs = [e for e in tree.iter(f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")]
    body = tree.find(f".//{{{_OFFICE}}}body")
    in_body = {id(e) for e in body.iter()} if body is not None else set()
    for element in paragraphs:
        if id(element) not in in_body:
            continue
        text = _odf_text(element)
        if text in dict(plan.words):
            assert _replace_in_text_nodes(element, dict(plan.words)[text], NEW_WORD)
        elif text == plan.point:
            _set_odf_text(element, _new_point(text))
        elif text == plan.after:
            new = copy.deepcopy(element)
            _set_odf_text(new, NEW_PARAGRAPH)
            new.tail = element.tail
            element.addnext(new)
        elif text == plan.removed:
            item = element.getparent()
            if etree.QName(item).localname == "list-item":
                item.getparent().remove(item)
            else:
                element.getparent().remove(element)
        elif text == plan.cell:
            _set_odf_text(element, NEW_POST)
    if plan.field:
        styles = tree.find(f".//{{{_OFFICE}}}master-styles")
        for element in styles.iter(f"{{{_TEXT}}}p") if styles is not None else []:
            if _odf_text(element) == plan.field[0]:
                alone = re.compile(rf"(?<![\w-]){re.escape(plan.field[1])}(?![\w-])")
                for node in element.iter():  # typed into the text, the page number's fields left as they are
                    if node.text and alone.search(node.text):
                        node.text = alone.sub(plan.field[1] + "-1", node.text, count=1)
                        break
                    if node is not element and node.tail and alone.search(node.tail):
                        node.tail = alone.sub(plan.field[1] + "-1", node.tail, count=1)
                        break
                else:
                    _set_odf_text(element, _new_field(_odf_text(element), plan.field[1]))
    tree.write(str(fodt), xml_declaration=True, encoding="UTF-8")


def _soffice(folder: Path, target: str, outdir: Path, files: list[Path]) -> None:
    soffice = find_soffice()
    assert soffice is not None
    subprocess.run([str(soffice), f"-env:UserInstallation=file://{folder}/lo-profile", "--headless",
                    "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=900)


#: A line of the page's number alone ("1 (2)"): fields the office suite fills in, no text of the case.
_PAGE_NUMBER = re.compile(r"^[ \t]*\d+[ \t]*(?:\([ \t]*\d*[ \t]*\)?)?[ \t]*$", re.MULTILINE)


def _words(text: str) -> list[str]:
    text = _PAGE_NUMBER.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-").replace("\u00ad", "")
    return [w for w in text.lower().split() if w not in {"•", "–", "-", "\uf0b7", "●", "▪"}]


def in_order(a: str, b: str) -> float:
    """The share of ``a``'s words that ``b`` has in the same order."""
    want, got = _words(a), _words(b)
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(want))


class Reviewed(NamedTuple):
    plan: Plan
    changes: Changes
    edited_pdf: Path
    rendered_pdf: Path


def _review(folder: Path, editor: str) -> dict[str, Reviewed]:
    """Every sample's memo written, edited by ``editor`` (python-docx or LibreOffice), read back and rendered
    again; both memos printed by LibreOffice."""
    require_real_client()
    cases = {s.stem: _copy(s, folder) for s in SAMPLES}
    plans = {stem: plan(case) for stem, case in cases.items()}
    written = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for stem, case in cases.items():
            written[stem] = memo.write(case, folder / f"{stem}.docx")
    edited = {stem: folder / "edited" / f"{stem}.docx" for stem in cases}
    (folder / "edited").mkdir()
    if editor == "python-docx":
        for stem in cases:
            edit_with_python_docx(written[stem], plans[stem], edited[stem])
    else:
        _soffice(folder, "fodt", folder / "fodt", list(written.values()))
        for stem in cases:
            edit_flat_odt(folder / "fodt" / f"{stem}.fodt", plans[stem])
        _soffice(folder, "docx:MS Word 2007 XML", folder / "edited", sorted((folder / "fodt").glob("*.fodt")))
    changes = {stem: read_back(edited[stem], case) for stem, case in cases.items()}
    rendered = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for stem, case in cases.items():
            rendered[stem] = memo.write(case, folder / "rendered" / f"{stem}.docx") if (
                folder / "rendered").is_dir() else (folder / "rendered").mkdir() or memo.write(
                case, folder / "rendered" / f"{stem}.docx")
    _soffice(folder, "pdf", folder / "pdf-edited", list(edited.values()))
    _soffice(folder, "pdf", folder / "pdf-rendered", list(rendered.values()))
    return {stem: Reviewed(plans[stem], changes[stem], folder / "pdf-edited" / f"{stem}.pdf",
                           folder / "pdf-rendered" / f"{stem}.pdf") for stem in cases}


@pytest.fixture(scope="module", params=["python-docx", "libreoffice"])
def reviewed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Reviewed]:
    folder = tmp_path_factory.mktemp(f"granskad-{request.param}")
    yield _review(folder, request.param)
    for made in ("edited", "fodt"):  # LibreOffice's DOCX is not memo's to validate: it goes with the module
        shutil.rmtree(folder / made, ignore_errors=True)


_KEY = re.compile(r"^([^,(]+?)(?:,| \(|$)")


@pytest.mark.parametrize("sample", [s.stem for s in SAMPLES])
def test_each_edit_comes_back_at_its_key_and_nothing_else_changes(reviewed: dict[str, Reviewed],
                                                                  sample: str) -> None:
    review = reviewed[sample]
    keys = {_KEY.match(change.key).group(1).strip() for change in review.changes.changes}  # type: ignore[union-attr]
    assert keys == set(review.plan.keys), review.changes
    shown = " ".join(change.after or "" for change in review.changes.changes)
    if review.plan.words:
        assert shown.count(NEW_WORD) >= len(review.plan.words)
    if review.plan.point:
        assert NEW_POINT in shown
    if review.plan.after:
        assert NEW_PARAGRAPH in shown
    if review.plan.cell:
        assert NEW_POST in shown
    if review.plan.field:
        assert review.plan.field[1] + "-1" in shown
    assert not review.changes.unplaced


@pytest.mark.parametrize("sample", [s.stem for s in SAMPLES])
def test_the_case_rendered_again_shows_what_the_edited_memo_shows(reviewed: dict[str, Reviewed],
                                                                  sample: str) -> None:
    review = reviewed[sample]
    edited, rendered = pdf_text(review.edited_pdf), pdf_text(review.rendered_pdf)
    assert in_order(edited, rendered) >= 0.99
    assert in_order(rendered, edited) >= 0.99
    for hidden in ("${", "\ue000", "\ue001", "\ue002"):  # nothing of the round trip's machinery in either PDF
        assert hidden not in edited and hidden not in rendered
