"""What an organisation's Word template must not pass on to the memos made with it.

A memo is published with the agenda, and everything in its reference document goes into
every memo. :func:`clean` takes out what a template carries that is not the organisation's
layout: comments (and the people who wrote them), tracked changes (accepted: insertions
kept, deletions dropped, the reviewers' names gone), content controls bound to custom XML
(a placeholder where they hold a Dnr or a date, plain text otherwise) and the custom XML
parts that hold data, the notes of the template's body, hidden text, personal document
properties, building blocks, a thumbnail of the template's page, and every section but the
first (its page, header and footer are the memo's). ``memo profil ny``
(:mod:`memo.word.fromtemplate`) reports what it took out; :mod:`memo.word.prepare` cleans
every profile's reference when it is prepared, so an older profile cannot carry them either.

The body's content is left alone except for its section breaks: both callers empty it.
"""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from memo.word.clean.controls import remove_custom_xml, resolve_bound_controls
from memo.word.clean.notes import remove_notes
from memo.word.clean.properties import parse_xml, remove_personal_properties, serialized
from memo.word.clean.revisions import (
    Accepted,
    accept_changes,
    hidden_styles,
    remove_comment_marks,
    remove_hidden_text,
)
from memo.word.clean.sections import first_section

__all__ = ["Cleaned", "clean"]

#: The parts that hold comments and the people who wrote them (Word 2010 and later add the last four).
_COMMENT_PARTS = ("comments", "commentsExtended", "commentsIds", "commentsExtensible", "people")
#: The thumbnail of Word's blank page, which python-docx's default template (and so many a template) carries.
_BLANK_THUMBNAIL = "96367138dc44ce09bf2c8f0f8e49348a1478d2c5c0af69bbc2bbc38b63cdcead"


class Cleaned(NamedTuple):
    """What :func:`clean` did, and what is left for a person, as Swedish lines."""

    done: list[str]
    todo: list[str]


def _drop_rels(owner: Any, wanted: Any) -> list[Any]:
    """Drop ``owner``'s relationships for which ``wanted(rel)`` holds; return the parts they led to."""
    parts = []
    for rel_id, rel in list(owner.rels.items()):
        if not rel.is_external and wanted(rel):
            parts.append(rel.target_part)
            owner.rels.pop(rel_id)
    return parts


def _related(part: Any, reltype: str) -> Any:
    """The XML of the part ``part`` relates to by ``reltype`` (styles, settings), or None."""
    return next((rel.target_part.element for rel in part.rels.values() if rel.reltype == reltype
                 and not rel.is_external and getattr(rel.target_part, "element", None) is not None), None)


def _count(part: Any, tag: str) -> int:
    element = getattr(part, "element", None)
    return len(element.findall(qn(tag))) if element is not None else 0


def clean(document: Any) -> Cleaned:
    """Clean the python-docx ``document``, a reference document in the making or being prepared.

    What holds nothing stays, so that an existing profile writes the same memo, byte for byte:
    a custom XML part without data (Word's blank document has an empty list of sources) and
    the thumbnail of Word's blank page.
    """
    done = first_section(document)
    todo: list[str] = []
    part = document.part
    comments = _drop_rels(part, lambda rel: rel.reltype.rsplit("/", 1)[-1] in _COMMENT_PARTS)
    count = sum(_count(p, "w:comment") for p in comments)
    if comments:
        done.append(f"Tog bort {_counted(count, 'kommentar', 'kommentarer')} med författarnas namn "
                    "(word/comments.xml) och deras markeringar.")
    if _drop_rels(part, lambda rel: rel.reltype == RT.GLOSSARY_DOCUMENT):
        done.append("Tog bort dokumentets byggblock och autotexter (word/glossary).")
    if _drop_rels(part.package, lambda rel: rel.reltype == RT.THUMBNAIL
                  and hashlib.sha256(rel.target_part.blob).hexdigest() != _BLANK_THUMBNAIL):
        done.append("Tog bort miniatyrbilden (docProps/thumbnail), en bild av mallens första sida.")
    styles = _related(part, RT.STYLES)
    hidden = hidden_styles(styles) if styles is not None else set()
    hiding_styles = len(styles.findall(f"{qn('w:style')}/{qn('w:rPr')}/{qn('w:vanish')}")) if styles is not None else 0
    accepted: list[Accepted] = []
    marks = hidden_runs = 0
    controls = []
    for xml_part in part.package.iter_parts():
        element = getattr(xml_part, "element", None)
        if element is None:
            continue
        # the body's content goes in both callers: of the main part, only the section that stays
        roots = [element] if xml_part is not part else element.body.findall(qn("w:sectPr"))
        for root in roots:
            accepted.append(accept_changes(root))
            marks += remove_comment_marks(root)
            if xml_part is not part:
                controls += resolve_bound_controls(root)
            hidden_runs += remove_hidden_text(root, hidden)
    settings = _related(part, RT.SETTINGS)
    for tracking in settings.findall(qn("w:trackRevisions")) if settings is not None else []:
        settings.remove(tracking)
        done.append("Stängde av Spåra ändringar, så att ändringar i PM:en inte sparas med namn.")
    done += _changes_line(accepted)
    if marks and not comments:
        done.append(f"Tog bort {_counted(marks, 'kommentarsmarkering', 'kommentarsmarkeringar')}.")
    for control in controls:
        if control.placeholder:
            done.append(f"Gjorde om innehållskontrollen '{control.label}', bunden till anpassad XML (visade "
                        f"'{control.shown}'), till {{{{ {control.placeholder} }}}}.")
        else:
            todo.append(f"Innehållskontrollen '{control.label}' var bunden till anpassad XML; dess text "
                        f"'{control.shown}' står nu kvar som vanlig text. Rätta den i referensdokumentet om den "
                        "inte gäller alla PM.")
    removed = remove_custom_xml(document)
    if removed:
        done.append(f"Tog bort {_counted(removed, 'del', 'delar')} med anpassad XML (customXml), "
                    "med dokumenthanteringens uppgifter.")
    if hidden_runs or hiding_styles:
        where = [f"{_counted(hidden_runs, 'textavsnitt', 'textavsnitt')}"] if hidden_runs else []
        where += [f"ur {_counted(hiding_styles, 'formatmall', 'formatmallar')}"] if hiding_styles else []
        done.append(f"Tog bort dold text (w:vanish): {' och '.join(where)}.")
    notes = remove_notes(part)
    if notes:
        counts = " och ".join(_counted(count, kind.one, kind.many) for kind, count, _ in notes)
        done.append(f"Tog bort {counts} ur mallen ({', '.join(name for _, _, name in notes)}).")
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE and not rel.is_external:
            _valid_character_sets(rel.target_part)
    personal = remove_personal_properties(document)
    if personal:
        done.append("Tog bort uppgifter ur dokumentegenskaperna: " + ", ".join(personal)
                    + "; memo sätter titel och författare för varje PM.")
    return Cleaned(done, todo)


#: The character sets a font table may name (ECMA-376's ST_String list for w:charset/@w:characterSet).
_CHARACTER_SETS = frozenset({"Big5", "GBK", "KS_C-5601-1992", "iso-8859-1", "iso-8859-9", "ks_c-5601-1987",
                             "macintosh", "shift_jis", "windows-1250", "windows-1251", "windows-1253",
                             "windows-1255", "windows-1256", "windows-1257", "windows-1258", "windows-874"})


def _valid_character_sets(fonts: Any) -> None:
    """LibreOffice's "Office Open XML Text" filter names character sets (windows-1252, utf-8) that the standard
    does not list, and a validator refuses the memo for them: those go (the font's w:val says the same)."""
    element = getattr(fonts, "element", None)
    root = element if element is not None else parse_xml(fonts.blob)
    if root is None:
        return
    name = qn("w:characterSet")
    wrong = [charset for charset in root.iter(qn("w:charset"))
             if charset.get(name) is not None and charset.get(name) not in _CHARACTER_SETS]
    for charset in wrong:
        del charset.attrib[name]
    if wrong and element is None:  # a part python-docx keeps as bytes
        fonts._blob = serialized(root)


def _changes_line(accepted: list[Accepted]) -> list[str]:
    insertions = sum(counts.insertions for counts in accepted)
    deletions = sum(counts.deletions for counts in accepted)
    formatting = sum(counts.formatting for counts in accepted)
    if not insertions + deletions + formatting:
        return []
    return [f"Godkände {_counted(insertions + deletions + formatting, 'spårad ändring', 'spårade ändringar')} "
            f"({_counted(insertions, 'infogning', 'infogningar')} behölls, "
            f"{_counted(deletions, 'borttagning', 'borttagningar')} togs bort, "
            f"{_counted(formatting, 'formateringsändring', 'formateringsändringar')} behölls); PM:en får inga "
            "spårade ändringar och inga granskares namn."]


def _counted(count: int, one: str, many: str) -> str:
    """``count`` with the word in singular or plural.

    >>> _counted(1, "kommentar", "kommentarer"), _counted(3, "kommentar", "kommentarer")
    ('1 kommentar', '3 kommentarer')
    """
    return f"{count} {one if count == 1 else many}"
