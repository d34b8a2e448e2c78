"""Organisation profiles: who writes the memo and how their memos look.

A profile is a folder with ``profil.yaml`` and a reference Word document (styles, page,
header and footer). Profiles shipped with memo are package data under
``memo/profiles/<namn>/``; a case or the command line may also name a folder of its own.
Paths inside a profile (reference document, logo, templates) may not leave its folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from memo.case import ATT_SATSER, DECISION_STYLES, decision_style
from memo.checker import Checker
from memo.errors import CaseError, ProfileError
from memo.source import read_yaml

__all__ = ["DEFAULT_PROFILE", "PROFILE_FILE", "SECTIONS", "Profile", "available_profiles", "load_profile"]

DEFAULT_PROFILE = "standard"
PROFILE_FILE = "profil.yaml"
#: Sections a profile may declare mandatory.
SECTIONS = ("sammanfattning", "arendebeskrivning", "konsekvenser", "ekonomiska_konsekvenser",
            "uppfoljning", "beslutsunderlag", "bilagor", "underskrift", "skickas_till")
_KEYS = ("namn", "adress", "epost", "webbplats", "telefon", "logo", "beslutsstil", "dokumenttyp",
         "obligatoriska_avsnitt", "perspektiv", "referensdokument", "mallar")


@dataclass(frozen=True)
class Profile:
    """An organisation profile, checked and with its paths resolved."""

    name: str
    folder: Path
    organisation: str
    reference: Path
    adress: tuple[str, ...] = ()
    epost: str | None = None
    webbplats: str | None = None
    telefon: str | None = None
    logo: Path | None = None
    logo_alt: str | None = None
    beslutsstil: str = ATT_SATSER
    dokumenttyp: str = "Tjänsteskrivelse"
    obligatoriska_avsnitt: tuple[str, ...] = ()
    perspektiv: tuple[str, ...] = ()
    mallar: Path | None = None


def _packaged_root() -> Path:
    # The profiles are read by path (python-docx, Jinja), so they must be files on disk; the
    # package's own folder says where. (importlib.resources would cost every run ~1 ms for nothing.)
    from memo import profiles

    return Path(profiles.__file__).parent


def available_profiles() -> list[str]:
    """The names of the profiles shipped with memo."""
    root = _packaged_root()
    return sorted(p.name for p in root.iterdir() if (p / PROFILE_FILE).is_file())


def load_profile(name_or_path: str | Path | None = None, base: Path | None = None) -> Profile:
    """Load a shipped profile by name, or a profile folder (or its ``profil.yaml``) by path.

    A relative path is taken relative to ``base`` (the case file's folder) when given.
    """
    if name_or_path is None:
        name_or_path = DEFAULT_PROFILE
    text = str(name_or_path)
    packaged = _packaged_root() / text
    if isinstance(name_or_path, str) and "/" not in text and "\\" not in text and \
            (packaged / PROFILE_FILE).is_file():
        return _load(packaged.resolve())
    path = Path(text).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    if path.is_file():
        path = path.parent
    if not (path / PROFILE_FILE).is_file():
        names = ", ".join(available_profiles())
        raise ProfileError(f"Profilen '{text}' finns inte. Inbyggda profiler: {names}; eller ange en mapp "
                           f"som innehåller {PROFILE_FILE}.")
    return _load(path.resolve())


@lru_cache(maxsize=32)
def _load(folder: Path) -> Profile:
    try:
        root, source = read_yaml(folder / PROFILE_FILE)
    except CaseError as exc:
        raise _profile_error(exc) from None
    check = Checker(source)
    f = check.fields(root, "", _KEYS, required=("namn",))

    def inside(key: str, default: str | None = None) -> Path | None:
        raw = check.scalar(f.get(key), key) or default
        if raw is None:
            return None
        target = (folder / raw).resolve()
        if not target.is_relative_to(folder):
            check.problem(f.get(key), key, f"Sökvägen '{raw}' pekar utanför profilens mapp; "
                                           "lägg filen i profilmappen.")
            return None
        if not target.exists():
            check.problem(f.get(key), key, f"Filen eller mappen '{raw}' finns inte i profilens mapp.")
            return None
        return target

    logo = alt = None
    if "logo" in f:
        lf = check.fields(f["logo"], "logo", ("fil", "alt"), required=("fil", "alt"))
        raw = check.scalar(lf.get("fil"), "logo.fil")
        alt = check.scalar(lf.get("alt"), "logo.alt")
        if raw:
            logo = (folder / raw).resolve()
            if not logo.is_relative_to(folder) or not logo.is_file():
                check.problem(lf.get("fil"), "logo.fil", f"Logotypen '{raw}' finns inte i profilens mapp.")
                logo = None
    style = decision_style(check.scalar(f.get("beslutsstil"), "beslutsstil") or ATT_SATSER)
    if style not in DECISION_STYLES:
        check.problem(f.get("beslutsstil"), "beslutsstil",
                      f"Beslutsstilen '{style}' finns inte. Välj {' eller '.join(DECISION_STYLES)}.")
    mandatory = tuple(s for s in (check.scalar(n, k) for k, n in
                                  check.items(f.get("obligatoriska_avsnitt"), "obligatoriska_avsnitt")) if s)
    for section in mandatory:
        if section not in SECTIONS:
            check.problem(f.get("obligatoriska_avsnitt"), "obligatoriska_avsnitt",
                          f"Avsnittet '{section}' finns inte. Välj bland: {', '.join(SECTIONS)}.")
    reference = inside("referensdokument", "referens.docx")
    profile = Profile(
        name=folder.name,
        folder=folder,
        organisation=check.scalar(f.get("namn"), "namn") or "",
        reference=reference or folder,
        adress=tuple(s for s in (check.scalar(n, k) for k, n in check.items(f.get("adress"), "adress")) if s),
        epost=check.scalar(f.get("epost"), "epost"),
        webbplats=check.scalar(f.get("webbplats"), "webbplats"),
        telefon=check.scalar(f.get("telefon"), "telefon"),
        logo=logo,
        logo_alt=alt,
        beslutsstil=style,
        dokumenttyp=check.scalar(f.get("dokumenttyp"), "dokumenttyp") or "Tjänsteskrivelse",
        obligatoriska_avsnitt=mandatory,
        perspektiv=tuple(s for s in (check.scalar(n, k) for k, n in
                                     check.items(f.get("perspektiv"), "perspektiv")) if s),
        mallar=inside("mallar"),
    )
    try:
        check.raise_if_any()
    except CaseError as exc:
        raise _profile_error(exc) from None
    return profile


def _profile_error(error: CaseError) -> ProfileError:
    """A problem in ``profil.yaml``, found by the reader that cases share, as the profile's error.

    Every problem is kept, with its file, line, column and key.
    """
    problems = tuple(ProfileError(p.message, p.location) for p in error.problems)
    return ProfileError(error.message, error.location, problems if len(problems) > 1 else ())
