"""An old memo that memo did not write becomes a new case for an organisation's profile (``memo läs GAMMALT.docx
--profil PROFIL -o NYTT.yaml``).

The document is read by :func:`memo.word.readback.read_document` (a ``.doc`` is converted through LibreOffice
first); its header, footer and the lines above the text give the case's fields under their labels
(:mod:`memo.importer.fields`), its headings are matched to the profile's sections (:mod:`memo.importer.headings`),
the text under each is placed by its section's kind (:mod:`memo.importer.draft`), and the case is written as YAML
(:mod:`memo.importer.yamltext`). Nothing is dropped: what fits nowhere stands in the nearest section with a
comment ``# memo läs: …`` above it, and :attr:`Imported.unplaced` says it in Swedish. Nothing is written here
either: the caller writes the text (and never over a file).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import NamedTuple

from memo.case.documenttypes import document_type_name, folded_type
from memo.case.sections import FIELDS, HANDLAGGARE, Kind, gender_of
from memo.errors import Location
from memo.importer.draft import NOTE, Draft, Value
from memo.importer.fields import Found, Story, fields_in, lines_of, title_fields, unlabelled
from memo.importer.headings import fold
from memo.importer.layout import split_body
from memo.importer.olddoc import readable
from memo.importer.template import from_field_lines, from_template
from memo.importer.text import literal
from memo.importer.yamltext import case_text
from memo.kinds.kind import ProfileArgument
from memo.profile.chosen import resolve_profile
from memo.profile.load import Profile
from memo.word.readback import Block, Para, ReadDocument, Span, read_document
from memo.word.readback.walk import UNREAD

__all__ = ["Imported", "import_memo"]

_SPACE = " \u00a0\t"
#: A page number in a header or footer: "1 (3)", "Sida 1 av 2", "2".
_PAGE = re.compile(r"^(?:sida|sid\.?)?\s*\d+\s*(?:\(\s*\d+\s*\)|av\s+\d+|/\s*\d+)?$", re.IGNORECASE)
#: The case's fields in the order a case writes them, the handläggare's among them.
_ORDER = ("profil", "dokumenttyp", "rubrik", "diarienummer", "datum", "sammantradesdatum", "handlaggare", "till",
          "ert_datum", "er_beteckning", "beslutsinstans", "forslagsstallare", "beslutsstil", "beslutsinledning",
          "underskriftsorgan", "rubriker")


class Imported(NamedTuple):
    """The new case: its YAML text, the report's lines about what could not be placed, the tracked changes read."""

    text: str
    unplaced: tuple[str, ...]
    revisions: int


def import_memo(path: str | os.PathLike[str], profile: ProfileArgument = None) -> Imported:
    """The old memo at ``path`` as a new case for ``profile`` (a name, a folder, a :class:`memo.Profile`; None:
    the standard profile). A :class:`memo.DocumentError` for a file that cannot be read."""
    chosen = resolve_profile(None, None, profile, Location(None, None, None, "profil"))
    document = readable(Path(path), read_document)
    draft = Draft(chosen)
    body = split_body(document.body, draft.sections, document.title)
    found = Found(chosen.egna_falt)
    top = lines_of(body.top, "brödtexten")
    header = lines_of(document.headers, "sidhuvudet", len(top.containers))
    footer = lines_of(document.footers, "sidfoten", len(top.containers) + len(header.containers))
    reference = _reference(chosen.reference)
    from_template(chosen, (reference.headers, reference.footers), (header, footer), found)
    from_field_lines(chosen, top, found)
    fields_in(header, found=found)
    fields_in(footer, footer=True, found=found)
    fields_in(top, found=found)
    unlabelled(header, top, found)
    template = _template_words(chosen, reference)
    for story in (header, footer):
        _left_in(story, found, template, draft)
    leading = _left_blocks(body.top, top, found)
    title = title_fields(body.title, found)
    if title:
        draft.values["rubrik"] = literal(title)
    if leading:
        draft.leading(leading, decision=not any(part.opens is not None and part.opens.section.kind is Kind.DECISION
                                                for part in body.parts))
    draft.body(body)
    _fields(draft, found, chosen)
    if isinstance(profile, str) and "/" not in profile and "\\" not in profile:
        draft.values["profil"] = profile
    _not_in_the_text(document, draft)
    if document.revisions:
        draft.report.append(f"Dokumentet hade {document.revisions} spårade ändringar; de lästes som godkända.")
    draft.comments.setdefault("", []).insert(0, f"Läst av memo läs från {Path(path).name} för profilen "
                                                f"'{chosen.name}'. Kommentarerna som börjar med '{NOTE.strip()}' "
                                                "säger vad som behöver ses över; ta bort dem sedan.")
    ordered = _ordered(draft, chosen)
    return Imported(case_text(ordered, draft.comments), tuple(draft.report), document.revisions)


def _not_in_the_text(document: ReadDocument, draft: Draft) -> None:
    """The footnotes' text, and what the reader left out (pictures, equations), said atop the case and reported:
    a case has no place for them, and nothing goes without a word."""
    notes = [" ".join(block.text.split()) for block in document.notes if isinstance(block, Para)]
    for text in (note for note in notes if note):
        draft.comments.setdefault("", []).append(f"{NOTE}fotnot: {text}")
        draft.report.append(f"Fotnoten '{text}' har ingen plats i ärendet; den står som en kommentar överst i "
                            "ärendet.")
    for what, count in sorted(document.unread.items()):
        name = UNREAD[what] if count > 1 else _ONE[what]
        said = f"{count} {name}" if count > 1 else name
        draft.comments.setdefault("", []).append(f"{NOTE}det gamla PM:et har {said} som inte kom med.")
        draft.report.append(f"Det gamla PM:et har {said} som memo inte läser in; lägg till det som behövs i "
                            "mallen eller som bilaga.")


#: One of each kind of what the reader leaves out, in Swedish.
_ONE = {"picture": "en bild", "equation": "en formel", "deep_table": "en tabell i tabeller för djupt"}


def _reference(path: Path) -> ReadDocument:
    """The profile's reference document as read, once for each version of the file."""
    stat = path.stat()
    return _read_reference(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read_reference(path: Path, modified: int, size: int) -> ReadDocument:
    return read_document(path)


def _template_words(profile: Profile, reference: ReadDocument) -> frozenset[str]:
    """The words of the profile's own header and footer (its fixed text: the organisation's name, its address)."""
    words = {word for story in (reference.headers, reference.footers) for line in _texts(story)
             for word in _words(line)}
    words.update(_words(" ".join([profile.organisation, *profile.adress, profile.epost or "",
                                  profile.webbplats or "", profile.telefon or "", profile.forvaltning or ""])))
    return frozenset(words)


def _texts(blocks: tuple[Block, ...]) -> list[str]:
    return [line.text for story in [lines_of(blocks, "")] for lines in story.containers for line in lines]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _left_in(story: Story, found: Found, template: frozenset[str], draft: Draft) -> None:
    """The header's or footer's text that is no field and not the profile's own: reported, atop the case."""
    for lines in story.containers:
        for line in lines:
            text = " ".join(line.text.split())
            if not text or not found.free(line) or _PAGE.match(text):
                continue
            words = [word for word in _words(text) if not word.isdigit()]
            if not words or all(word in template for word in words):
                continue
            draft.comments.setdefault("", []).append(f"{NOTE}{line.story}: {text}")
            draft.report.append(f"Texten '{text}' i {line.story} är inget fält som memo känner och står inte i "
                                "profilens sidhuvud eller sidfot; den står som en kommentar överst i ärendet.")


def _left_blocks(blocks: tuple[Block, ...], story: Story, found: Found) -> list[Block]:
    """The blocks above the first heading, less the lines that were fields."""
    left: list[Block] = []
    free = [line for lines in story.containers for line in lines if found.free(line) and line.text.strip(_SPACE)]
    body_lines = {(line.container, line.number) for line in free}
    number = 0
    for block in blocks:
        if isinstance(block, Para):
            count = len(block.text.split("\n"))
            kept = [text for n, text in enumerate(block.text.split("\n")) if (0, number + n) in body_lines]
            number += count
            if kept and len(kept) == count:
                left.append(block)
            elif kept:
                left.append(Para(block.style, (Span("\n".join(kept)),)))
    left.extend(Para("Normal", (Span(line.text),)) for line in free if line.container != 0)
    return left


def _fields(draft: Draft, found: Found, profile: Profile) -> None:
    """The fields found into the case; a required one the old memo lacks written empty, with a comment."""
    values = dict(found.values)
    typed = values.pop("dokumenttyp", None)
    if typed is not None:
        name = document_type_name(typed) or (profile.dokumenttyp if folded_type(typed) == folded_type(
            profile.dokumenttyp) else None)
        if name is None:
            draft.report.append(f"Dokumenttypen '{typed}' i sidhuvudet är ingen som memo eller profilen känner; "
                                f"ärendet har profilens, '{profile.dokumenttyp}'.")
        elif folded_type(name) != folded_type(profile.dokumenttyp):
            draft.values["dokumenttyp"] = name
    values.pop("rubrik", None)  # the title is the body's
    handlaggare = {key.split(".", 1)[1]: values.pop(key) for key in list(values) if key.startswith("handlaggare.")}
    if fold(handlaggare.get("forvaltning", "")) == fold(profile.forvaltning or ""):  # the profile's, shown anyway
        handlaggare.pop("forvaltning", None)
    optional = profile.valfria_falt
    if "namn" in handlaggare and "enhet" not in handlaggare and "forvaltning" in handlaggare \
            and "handlaggare.enhet" not in optional:
        handlaggare["enhet"] = handlaggare.pop("forvaltning")
    for key in (field.key for field in FIELDS):
        if key in values:
            draft.values.setdefault(key, literal(values.pop(key)))
    for key, value in values.items():  # the profile's own fields
        draft.values.setdefault(key, literal(value))
    if handlaggare or "handlaggare" not in optional:
        ordered: dict[str, Value] = {key: literal(handlaggare[key]) for key in HANDLAGGARE.names if key in handlaggare}
        for key in HANDLAGGARE.required:
            if key not in ordered and f"handlaggare.{key}" not in optional:
                ordered[key] = ""
                pronoun = gender_of(f"handlaggare.{key}").pronoun
                draft.note("handlaggare", f"handläggarens {key} står inte i det gamla PM:et; fyll i {pronoun}.")
        draft.values["handlaggare"] = ordered
    if not draft.values.get("rubrik"):
        draft.values["rubrik"] = ""
        draft.note("rubrik", "det gamla PM:et har ingen rubrik som memo hittade; fyll i den.")
    if "diarienummer" not in draft.values and "diarienummer" not in optional:
        draft.values["diarienummer"] = ""
        draft.note("diarienummer", "det gamla PM:et har inget diarienummer som memo hittade; fyll i det.")
    decides = next((spec for spec in draft.sections if spec.key == "forslag_till_beslut"), None)
    typed_value = draft.values.get("dokumenttyp")
    if decides is not None and profile.has_decision(typed_value if isinstance(typed_value, str) else None) \
            and not draft.points:
        draft.values["forslag_till_beslut"] = [""]
        draft.note("forslag_till_beslut", "det gamla PM:et har inget förslag till beslut som memo hittade; fyll i "
                                          "beslutspunkterna.")


def _ordered(draft: Draft, profile: Profile) -> dict[str, Value]:
    """The case's keys in a case's order: its fields, the profile's own fields, then the sections in the profile's."""
    keys = [*_ORDER, *(key for key, _ in profile.egna_falt), *(spec.key for spec in profile.sections)]
    ordered = {key: draft.values[key] for key in keys if key in draft.values}
    ordered.update((key, value) for key, value in draft.values.items() if key not in ordered)
    return ordered


