"""The public front door: load a case, render it, write it.

``load_case`` → :class:`memo.case.model.Case`; ``render`` → DOCX bytes; ``write`` → a file
(and, with ``pdf=True``, a tagged PDF beside it).
Each stage is a module of its own; this one only connects them, in one direction.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from memo.case.build import build_case, check_against_profile, key_location
from memo.case.checker import canonical_key
from memo.case.model import Case
from memo.collector import collector_paused
from memo.errors import Location, MemoWarning, OutputError, ProfileError, TemplateError
from memo.profile import headerfields
from memo.profile.load import Profile, load_profile
from memo.profile.reference import prepare_reference
from memo.read.source import SourceText, from_python, read_yaml
from memo.read.yamlparse import Node
from memo.renderer import render_markup
from memo.renderer.blocks import Block, Paragraph
from memo.renderer.markup import parse_markup
from memo.word.output import write_atomically
from memo.word.writer import CoreInfo, write_docx

__all__ = ["load_case", "read_case", "render", "write"]

PathLike = str | os.PathLike[str]


def load_case(case: PathLike | Mapping[str, Any], *, profile: str | Path | Profile | None = None) -> Case:
    """Read and validate a case from a YAML file or from a mapping (as a form or tool builds it).

    The case is read for its profile (``profile``, or the one the case names): the
    profile's own sections are keys the case may fill.
    Raises :class:`memo.errors.CaseError` listing every problem found.
    """
    with collector_paused():
        return _load_case(case, profile)[0]


def _load_case(case: PathLike | Mapping[str, Any], profile: str | Path | Profile | None) -> tuple[Case, Profile]:
    """The case, and the profile it was read for."""
    root, source, chosen = read_case(case, profile)
    base = source.path.parent if source.path is not None else None
    return build_case(root, source, base, chosen), chosen


def read_case(case: PathLike | Mapping[str, Any],
              profile: str | Path | Profile | None = None) -> tuple[Node, SourceText, Profile]:
    """A case's tree as written (a file or a mapping), its source, and the profile it is read for."""
    if isinstance(case, Mapping):
        source = SourceText.for_python()
        root = from_python(case)
    else:
        root, source = read_yaml(Path(case))
    named = _named_profile(root)
    where = Location(source.path, (named.line or None) if named else None, None, "profil")
    return root, source, _resolve_profile(named.value if named else None, source.path, profile, where)


class _NamedProfile(NamedTuple):
    value: str
    line: int


def _named_profile(root: Node) -> _NamedProfile | None:
    """The case's ``profil`` entry, if it names one (read before the rest: the profile says what the case holds)."""
    if not isinstance(root.value, dict):
        return None
    return next((_NamedProfile(node.value, node.line) for key, node in root.items()
                 if canonical_key(key) == "profil" and isinstance(node.value, str)), None)


def _resolve_profile(name: str | None, case_path: Path | None, profile: str | Path | Profile | None,
                     where: Location) -> Profile:
    """The profile given by the caller, or else the one the case names (``where``: the case's ``profil``)."""
    if isinstance(profile, Profile):
        return profile
    # A profile folder named in the case is relative to the case; one given by the caller is not.
    base = case_path.parent if case_path and profile is None else None
    try:
        return load_profile(profile if profile is not None else name, base)
    except ProfileError as exc:
        if profile is None and exc.location.file is None:
            raise ProfileError(exc.message, where) from None
        raise


def render(case: Case | PathLike | Mapping[str, Any], *, profile: str | Path | Profile | None = None,
           templates: PathLike | Sequence[PathLike] | None = None) -> bytes:
    """Render a case to a finished memo and return the DOCX file's bytes.

    ``profile`` overrides the case's profile (a shipped profile's name or a folder);
    ``templates`` is a template folder (or several, first wins) that overrides the
    shipped section templates one by one, ahead of the case's and the profile's own.
    """
    if isinstance(case, Case):  # perhaps changed in Python, perhaps read for another profile
        chosen = _resolve_profile(case.profil, case.path, profile, key_location(case, "profil"))
        check_against_profile(case, chosen)
    else:
        with collector_paused():  # read for its profile, with its rules: that one renders it
            case, chosen = _load_case(case, profile)
    return _render(case, chosen, templates=templates)


def _render(case: Case, chosen: Profile, *, templates: PathLike | Sequence[PathLike] | None) -> bytes:
    if chosen.exempelprofil:
        warnings.warn(MemoWarning(
            f"Profilen '{chosen.name}' är en exempelprofil: sidhuvud och sidfot visar '{chosen.organisation}' och "
            "exemplets adresser. Ange organisationens egen profil med 'profil:' i ärendet eller --profil "
            "(se README, Ny profil)."), stacklevel=3)
    folders: list[Path] = []
    if templates is not None:
        items = [templates] if isinstance(templates, (str, os.PathLike)) else list(templates)
        folders.extend(Path(t) for t in items)
    if case.mallar is not None:
        folders.append(case.mallar)
    if chosen.mallar is not None:
        folders.append(chosen.mallar)
    markup, rendering = render_markup(case, chosen, folders)
    with collector_paused():  # the blocks live and die while it is paused: it never walks them
        try:
            blocks = parse_markup(markup)
        except TemplateError as exc:  # found at a place in the markup: said at the template line that wrote it
            raise rendering.located(exc, markup) from None
        return _write(blocks, case, chosen)


def _write(blocks: list[Block], case: Case, chosen: Profile) -> bytes:
    title = next((b.text for b in blocks if isinstance(b, Paragraph) and b.style == "Title"), case.rubrik)
    placeholders = headerfields.values(case, chosen, title)
    author = case.handlaggare.namn if case.handlaggare else chosen.organisation
    core = CoreInfo(title=title, author=author, subject=placeholders["dokumenttyp"],
                    identifier=case.diarienummer, date=case.datum or dt.date.today())  # as the header's date
    reference = prepare_reference(chosen.reference, chosen.logo_picture)
    return write_docx(blocks, reference, placeholders, core, chosen.reference)


def write(case: Case | PathLike | Mapping[str, Any], path: PathLike, *,
          profile: str | Path | Profile | None = None,
          templates: PathLike | Sequence[PathLike] | None = None,
          pdf: bool = False, overwrite: bool = False) -> Path:
    """Render a case and write the DOCX to ``path`` atomically; return the path.

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
            raise OutputError(f"PM:et skrevs ({target.name}) men inte PDF:en. {exc.message}", exc.location) from None
    return target

