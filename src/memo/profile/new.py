"""``memo profil ny``: a profile made from an organisation's own Word memo or template.

The Word document becomes the profile's reference document (:mod:`memo.word.fromtemplate`), a
``profil.yaml`` is written beside it, and the profile is loaded as any profile is — its
styles, placeholders and sections checked — before anything is put in the target folder.
An existing profile is never overwritten.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

from memo.errors import Location, MemoError, OutputError, ProfileError, os_reason
from memo.profile.headertext import alt_text_problem
from memo.profile.load import PROFILE_FILE, load_profile
from memo.stopping import deferred

__all__ = ["MAX_SOURCE_BYTES", "NewProfile", "new_profile"]

#: A Word document larger than this is not read (a memo template is a few hundred kilobytes).
MAX_SOURCE_BYTES = 20_000_000
_REFERENCE = "referens.docx"
_SUFFIXES = (".docx", ".dotx", ".docm", ".dotm")


class NewProfile(NamedTuple):
    """What ``memo profil ny`` made: the folder, what it did, and what is left for a person to edit."""

    folder: Path
    done: list[str]
    todo: list[str]

    def report(self) -> str:
        """The report in Swedish, as the command prints it."""
        lines = [f"Profilen finns nu i {self.folder}."]
        lines += ["Gjort:"] + [f"  - {line}" for line in self.done]
        lines += ["Kvar att göra:"] + [f"  - {line}" for line in self.todo]
        return "\n".join(lines)


def _profile_yaml(name: str, source: Path, found: dict[str, str], own: tuple[tuple[str, str], ...] = ()) -> str:
    return (f"# Gjord av memo profil ny från {source.name}. Fyll i organisationens uppgifter;\n"
            "# se README (Ny profil) för avsnitt, beslutsstil och de andra inställningarna.\n"
            f"namn: {json.dumps(name, ensure_ascii=False)}\n"
            + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in found.items())
            + ("egna_falt:\n" if own else "")
            + "".join(f"  {key}: {json.dumps(label, ensure_ascii=False)}\n" for key, label in own) +
            "# adress: [Box 1, 100 00 Orten]\n"
            "# epost: registrator@kommunen.se\n"
            "# webbplats: www.kommunen.se\n"
            "# telefon: 010-000 00 00\n"
            "beslutsstil: att-satser\n"
            f"referensdokument: {_REFERENCE}\n")


def _parent(target: Path) -> Path:
    """The nearest folder that exists above ``target`` (where the trial folder is made, on the same disk)."""
    parent = target.parent if str(target.parent) else Path(".")
    while not parent.is_dir() and parent != parent.parent:
        parent = parent.parent
    return parent


def _put_in_place(trial: Path, target: Path) -> None:
    """Move the checked profile into ``target``: the whole folder at once where it can, else file by file,
    taking back the first file when the second cannot follow."""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        if target.exists():
            target.rmdir()
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(trial, target)
        return
    moved: list[Path] = []
    try:
        for name in (_REFERENCE, PROFILE_FILE):
            if (target / name).exists():  # made meanwhile: never overwritten
                raise FileExistsError(17, "filen finns redan", str(target / name))
            os.replace(trial / name, target / name)
            moved.append(target / name)
    except OSError:
        for path in moved:
            path.unlink(missing_ok=True)
        raise


def new_profile(folder: str | os.PathLike[str], source: str | os.PathLike[str], *, name: str | None = None,
                logo_alt: str | None = None) -> NewProfile:
    """Make a profile in ``folder`` from the Word document (.docx or .dotx) ``source``.

    ``name`` is the organisation's name (the folder's name if not given); ``logo_alt`` the
    alt text for the logo in the document's header. Raises :class:`memo.errors.ProfileError`
    for a document memo cannot use and :class:`memo.errors.OutputError` when the folder
    already holds a profile; nothing is written then.
    """
    target, document = Path(folder), Path(source)
    if target.exists() and not target.is_dir():
        raise OutputError("Det finns redan en fil med det namnet; ange en mapp för profilen.", Location(target))
    for existing in (PROFILE_FILE, _REFERENCE):
        if (target / existing).exists():
            raise OutputError(f"Mappen har redan en profil ({existing}); memo skriver inte över den. Välj en ny "
                              "mapp eller ta bort den gamla profilen först.", Location(target / existing))
    if document.suffix.lower() not in _SUFFIXES:
        raise ProfileError("Ange ett Word-dokument (.docx) eller en Word-mall (.dotx).", Location(document))
    try:
        if document.stat().st_size > MAX_SOURCE_BYTES:
            raise ProfileError(f"Filen är större än {MAX_SOURCE_BYTES // 1_000_000} MB; en PM-mall är mycket mindre.",
                               Location(document))
        data = document.read_bytes()
    except OSError as exc:
        raise ProfileError(f"Filen går inte att läsa: {os_reason(exc)}.", Location(document)) from None
    if logo_alt is not None:
        problem = alt_text_problem(logo_alt)
        if problem is not None:
            raise ProfileError(f"Logotypens alternativtext (--logotext): {problem}", Location(document))
    from memo.word.fromtemplate import make_reference  # it imports python-docx

    organisation = name or target.name
    made = make_reference(document, data, logo_alt, organisation)
    todo, done = list(made.todo), list(made.done)
    # The template's own document type and förvaltning are the profile's, for a case without its own (a value
    # a header cannot show, on several lines or with an invisible character, is left to the person).
    found = {key: value for key, value in made.profile.items() if alt_text_problem(value) is None}
    done += [f"Skrev mallens {key} i {PROFILE_FILE} ({key}: {value}); ett ärende med ett eget värde visar sitt."
             for key, value in found.items()]
    if made.own:
        done.append(f"Mallens egna platshållare blev egna fält i {PROFILE_FILE} (egna_falt), som ett ärende fyller med "
                    "nyckeln: " + ", ".join(f"{{{{ {key} }}}} ({label})" for key, label in made.own) + ".")
    if not name:
        todo.insert(0, f"Organisationens namn är nu '{organisation}' (mappens namn): rätta 'namn' i {PROFILE_FILE}.")
    todo.append(f"Fyll i adress, e-post, webbplats och telefon i {PROFILE_FILE}; de står i sidhuvud och sidfot där "
                "referensdokumentet har platshållare för dem.")
    todo.append("Gör ett PM med profilen och granska det: memo ärende.yaml --profil "
                f"{target} och memo granska ärende.docx.")
    trial: Path | None = None
    try:  # the profile is checked as every profile is, in a folder of its own, before it goes in place
        with deferred():  # a stop waits until the folder is made and noted, so that it is removed
            try:
                trial = Path(tempfile.mkdtemp(prefix=".memo-profil-", dir=_parent(target)))
            except OSError as exc:
                raise OutputError(f"Profilens mapp går inte att skriva i: {os_reason(exc)}.",
                                  Location(target)) from None
        (trial / _REFERENCE).write_bytes(made.data)
        (trial / PROFILE_FILE).write_text(_profile_yaml(organisation, document, found, made.own), encoding="utf-8")
        try:
            load_profile(trial)
        except MemoError as exc:
            if exc.key == "namn":  # the name given, checked as a profile's name is (one line, nothing invisible)
                given = "--namn, i Python name=…" if name else "mappens namn; ange ett annat med --namn"
                raise ProfileError(f"Organisationens namn {organisation!r} ({given}) går inte att använda i "
                                   f"sidhuvudet: {exc.message}") from None
            raise ProfileError(f"Profilen som gjordes av dokumentet fungerar inte: {exc.message}",
                               Location(document)) from None
        with deferred():  # the profile goes in place whole
            _put_in_place(trial, target)
    except OSError as exc:
        raise OutputError(f"Profilen gick inte att skriva: {os_reason(exc)}.", Location(target)) from None
    finally:
        if trial is not None:
            shutil.rmtree(trial, ignore_errors=True)
    return NewProfile(target, done, todo)
