"""The public front door: load a case, render a document, write it.

``load_case`` → :class:`memo.case.model.Case`; ``render`` → DOCX bytes; ``write`` → a file
(and, with ``pdf=True``, a tagged PDF beside it). A file's kind of document (a memo, a
protokollsutdrag …) is told by the file (:func:`memo.kinds.kind_of`); every step after reading
it is the kind's row's (:class:`memo.kinds.kind.DocumentKind`). Each stage is a module of its
own; this one only connects them, in one direction.
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from memo.case.model import Case
from memo.collector import collector_paused
from memo.errors import CaseError, Location, OutputError, ProfileWarning, TemplateError
from memo.kinds import kind_for, kind_of
from memo.kinds.kind import Document, DocumentKind, ProfileArgument
from memo.notice import FindingWarning
from memo.profile.chosen import read_file, read_tree
from memo.profile.load import Profile
from memo.profile.prepared import SLOT
from memo.profile.reference import prepare_reference
from memo.read.source import SourceText
from memo.read.yamlparse import Node
from memo.renderer.blocks import Block
from memo.renderer.markup import parse_markup
from memo.renderer.render import render_markup
from memo.word.output import write_atomically
from memo.word.writer import write_docx

__all__ = ["load_case", "load_document", "read_case", "render", "write"]

PathLike = str | os.PathLike[str]
#: What :func:`render` and :func:`write` take: a document read or built in Python, a file, or a mapping.
Source = Document | PathLike | Mapping[str, Any]


def read_case(case: PathLike | Mapping[str, Any],
              profile: ProfileArgument = None) -> tuple[Node, SourceText, Profile]:
    """A file's tree as written (a file or a mapping), its source, and the profile it is read for."""
    return read_file(case, profile)


def load_document(document: PathLike | Mapping[str, Any], *,
                  profile: ProfileArgument = None) -> tuple[Any, DocumentKind, Profile]:
    """Read and check a file (or mapping) of any kind of document: the document, its kind and its profile."""
    with collector_paused():
        root, source = read_tree(document)
        kind = kind_of(root)
        value, chosen = kind.read(root, source, profile)
        return value, kind, chosen


def load_case(case: PathLike | Mapping[str, Any], *, profile: ProfileArgument = None) -> Case:
    """Read and validate a case from a YAML file or from a mapping (as a form or tool builds it).

    The case is read for its profile (``profile``, or the one the case names): the
    profile's own sections are keys the case may fill.
    Raises :class:`memo.errors.CaseError` listing every problem found.
    """
    value, kind, _ = load_document(case, profile=profile)
    if not isinstance(value, Case):
        where = Location(Path(case)) if isinstance(case, (str, os.PathLike)) else Location()
        raise CaseError(f"{'Filen' if where.file else 'Mappningen'} är {kind.noun}, inte ett ärende. Gör "
                        "dokumentet med memo.render eller memo.write.", where)
    return value


def render(case: Source, *, profile: ProfileArgument = None,
           templates: PathLike | Sequence[PathLike] | None = None) -> bytes:
    """Render a case (or another kind of document) to a finished document and return the DOCX file's bytes.

    ``profile`` overrides the case's profile (a shipped profile's name or a folder);
    ``templates`` is a template folder (or several, first wins) that overrides the
    shipped section templates one by one, ahead of the case's and the profile's own.
    """
    kind = kind_for(case)
    if kind is not None:  # perhaps changed in Python, perhaps read for another profile
        chosen = kind.check(case, profile)
        document: Any = case
    elif isinstance(case, (str, os.PathLike, Mapping)):
        document, kind, chosen = load_document(case, profile=profile)  # read for its profile: that one renders it
    else:
        raise CaseError(f"memo tar ett ärende (memo.Case) eller ett annat dokument byggt i Python (som ett "
                        f"protokollsutdrag), en fil eller en mappning, inte {type(case).__name__}.", Location())
    return _render(document, kind, chosen, templates=templates)


def _render(document: Any, kind: DocumentKind, chosen: Profile, *,
            templates: PathLike | Sequence[PathLike] | None) -> bytes:
    if chosen.exempelprofil:
        warnings.warn(ProfileWarning(
            f"Profilen '{chosen.name}' är en exempelprofil: sidhuvud och sidfot visar '{chosen.organisation}' och "
            "exemplets adresser. Ange organisationens egen profil med 'profil:' i ärendet eller --profil "
            "(se README, Ny profil)."), stacklevel=3)
    folders: list[Path] = []
    if templates is not None:
        items = [templates] if isinstance(templates, (str, os.PathLike)) else list(templates)
        folders.extend(Path(t) for t in items)
    folders.extend(kind.template_folders(document))
    if chosen.mallar is not None:
        folders.append(chosen.mallar)
    if kind.templates is not None:
        folders.append(kind.templates)
    markup, rendering = render_markup(document, chosen, folders, context=kind.context, main=kind.main_template)
    with collector_paused():  # the blocks live and die while it is paused: it never walks them
        try:
            blocks = parse_markup(markup)
        except TemplateError as exc:  # found at a place in the markup: said at the template line that wrote it
            raise rendering.located(exc, markup) from None
        return _write(blocks, document, kind, chosen, rendering.read)


def _write(blocks: list[Block], document: Any, kind: DocumentKind, chosen: Profile, read: Collection[str]) -> bytes:
    """The document's DOCX; ``read``: the keys of the context the templates read (for the fields shown nowhere)."""
    title = kind.title(document, chosen)  # the rubrik as shown, whatever title paragraph the templates wrote
    placeholders = kind.header(document, chosen, title)
    reference = prepare_reference(chosen.reference, chosen.logo_picture)
    if reference.cleaned:  # an older profile's, made before memo cleaned templates (memo profil ny does)
        warnings.warn(ProfileWarning(
            f"Referensdokumentet {chosen.reference} i profilen '{chosen.name}' bär med sig sådant som inte ska "
            f"följa med ett publicerat PM, så memo rensar bort det varje gång. Det här gjorde rensningen: "
            f"{' '.join(reference.cleaned)} Rensa referensdokumentet i Word, eller gör om profilen med "
            "'memo profil ny' från organisationens mall, så försvinner varningen."), stacklevel=4)
    for finding in kind.unshown_fields(document, chosen, _placeholders(reference.stories), read):
        warnings.warn(FindingWarning(finding), stacklevel=4)
    return write_docx(blocks, reference, placeholders, kind.core(document, chosen, title), chosen.reference,
                      chosen.tomma_falt_visas)


@functools.lru_cache(maxsize=16)
def _placeholders(stories: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The placeholders a prepared reference document's header and footer hold (its stories: name, text)."""
    return frozenset(name for _, story in stories for name in SLOT.findall(story))


def write(case: Source, path: PathLike, *,
          profile: ProfileArgument = None,
          templates: PathLike | Sequence[PathLike] | None = None,
          pdf: bool = False, overwrite: bool = False) -> Path:
    """Render a case (or another kind of document) and write the DOCX to ``path`` atomically; return the path.

    With ``pdf=True`` also write a tagged PDF (PDF/UA, for publishing) beside it, named
    like the DOCX with ``.pdf``, through LibreOffice (:func:`memo.pdf.export_pdf`). The
    DOCX is written first; when the PDF cannot be made, :class:`memo.errors.OutputError`
    is raised after it.
    """
    data = render(case, profile=profile, templates=templates)
    target = Path(path)
    write_atomically(target, data, overwrite=overwrite)
    if pdf:
        try:
            from memo.pdf import export_pdf  # only when asked for: it starts LibreOffice

            export_pdf(target, target.with_suffix(".pdf"))
        except OutputError as exc:
            raise OutputError(f"Word-dokumentet skrevs ({target.name}) men inte PDF:en. {exc.message}",
                              exc.location) from None
    return target
