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

from memo import cache
from memo.case import assessments
from memo.case import prose as prose_text
from memo.case.checker import Checker, canonical_key
from memo.case.decisions import ATT_SATSER, Punctuation
from memo.case.documenttypes import DECISIONLESS, folded_type
from memo.case.sections import FIELDS, OWN_NAME, RESERVED_KEYS, SECTIONS, Kind, Section, section
from memo.errors import CaseError, Location, ProfileError
from memo.profile import fieldlines, housestyle
from memo.profile.files import file_problem, logo_problem
from memo.profile.headertext import address, header_text
from memo.profile.optional import decisionless_types, optional_fields
from memo.profile.prepared import SLOT, Logo
from memo.profile.reference import prepare_reference
from memo.profile.styles import missing
from memo.read.source import read_yaml
from memo.read.wording import Wording
from memo.read.yamlparse import Node

__all__ = ["DEFAULT_PROFILE", "PROFILE_FILE", "PROFILE_WORDING", "Profile", "available_profiles", "load_profile",
           "profile_folder"]

DEFAULT_PROFILE = "standard"
PROFILE_FILE = "profil.yaml"
_KEYS = ("namn", "adress", "epost", "webbplats", "telefon", "logo", "forvaltning", "dokumenttyp", "beslutsstil",
         "beslutsinledning", "valfria_falt", "utan_beslut", "avsnitt", "obligatoriska_avsnitt", "perspektiv",
         "underrubrik_per_perspektiv", "motivering_kravs", "sprakkontroller_av", "referensdokument", "mallar",
         "exempelprofil", housestyle.PUNCTUATION, housestyle.SIGNING_ORGAN, "egna_falt", "faltrader",
         "tomma_falt_visas")
#: How the YAML reader's messages speak of a profile (not of a case: no 'varden', no 'rubrik').
PROFILE_WORDING = Wording(
    one="en profil",
    the="profilen",
    many="profiler",
    first_key="namn",
    alias_advice="Skriv ut värdet på varje ställe där det behövs.",
    too_large_advice="en profil har bara organisationens uppgifter och inställningar (mallar och referensdokument "
                     "är egna filer).",
    zip_file=f"Det här är en Word-fil eller annan zip-fil, inte en profil i YAML. {PROFILE_FILE} ska vara text; "
             "Word-dokumentet anges med 'referensdokument:'.",
)


@lru_cache(maxsize=64)
def _has_decision_section(sections: tuple[Section, ...]) -> bool:
    """The sections have a place for the decision (asked several times for every memo)."""
    return any(spec.kind is Kind.DECISION for spec in sections)


@lru_cache(maxsize=256)
def _folded(dokumenttyp: str) -> str:
    return folded_type(dokumenttyp)


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
    #: The words before the decision points, unless the case gives its own (None: the style's).
    beslutsinledning: str | None = None
    #: What stands after the decision's points in this profile's style, in place of the style's own.
    skiljetecken: Punctuation | None = None
    #: The line above the signatures ("LANDSTINGSSTYRELSEN"), unless the case gives its own; may refer to the case.
    underskriftsorgan: str | None = None
    dokumenttyp: str = "Tjänsteskrivelse"
    #: The memo's sections in order, with the profile's headings and mandatory ones marked;
    #: the standard sections (:data:`memo.case.sections.SECTIONS`) unless the profile declares its own.
    sections: tuple[Section, ...] = SECTIONS
    #: The perspectives every memo's consequences must assess, as shown (:mod:`memo.case.perspectives`).
    perspektiv: tuple[str, ...] = ()
    #: Each consequence under a sub-heading naming its perspectives ("Barnperspektiv").
    underrubrik_per_perspektiv: bool = False
    #: The perspectives (folded, or ``alla``) that need a reason (``motivering``) when marked not affected.
    motivering_kravs: frozenset[str] = frozenset()
    mallar: Path | None = None
    #: The förvaltning shown where a case's handläggare gives none.
    forvaltning: str | None = None
    #: Case values memo requires that this profile's memos may go without (:data:`memo.profile.optional.OPTIONAL`:
    #: a styrelse's missiv has no handläggare; a published agenda item may have no diarienummer).
    valfria_falt: frozenset[str] = frozenset()
    #: The document types (folded) whose memos carry no decision: the table's
    #: (:data:`memo.case.documenttypes.DECISIONLESS`) unless the profile gives its own (``utan_beslut``).
    utan_beslut: frozenset[str] = DECISIONLESS
    #: The language checks (:data:`memo.language.RULES`) this organisation turns off.
    sprakkontroller_av: frozenset[str] = frozenset()
    #: A profile with an example organisation's details (the standard profile): memo warns when it is used.
    exempelprofil: bool = False
    #: The organisation's own fields, each a key the case fills and its label (:mod:`memo.profile.fieldlines`).
    egna_falt: tuple[fieldlines.OwnField, ...] = ()
    #: Lines of fields in the body, before or after the title ("Dnr ${diarienummer}").
    faltrader: tuple[fieldlines.FieldLine, ...] = ()
    #: Header placeholders whose label stays when the case leaves them empty ("er_beteckning").
    tomma_falt_visas: frozenset[str] = frozenset()

    def has_decision(self, dokumenttyp: str | None) -> bool:
        """A memo of this document type (the case's, else the profile's) carries a decision with this profile: the
        type is not one without (``utan_beslut``), and the profile's memo has a place for it (a profile of letters
        may leave the decision out of its sections)."""
        return self.typed_with_decision(dokumenttyp) and _has_decision_section(self.sections)

    def typed_with_decision(self, dokumenttyp: str | None) -> bool:
        """The document type (the case's, else the profile's) is one that carries a decision with this profile."""
        return _folded(dokumenttyp or self.dokumenttyp) not in self.utan_beslut

    @property
    def logo_picture(self) -> Logo | None:
        """The logo for ``{{ logo }}`` with its alt text (the organisation's name unless the profile gives one)."""
        return Logo(self.logo, self.logo_alt or self.organisation) if self.logo else None

    @property
    def readable_sections(self) -> tuple[Section, ...]:
        """The sections a case may fill when read for this profile: the standard ones and the profile's own.

        A standard section the profile leaves out is still read, so that it can be reported
        as not part of this profile's memo rather than as an unknown key.
        """
        own = tuple(s._replace(required=False) for s in self.sections if section(s.key) is None)
        return SECTIONS + own  # (what the profile makes mandatory is its own check, with its own message)


def _packaged_root() -> Path:
    # The profiles are read by path (python-docx, Jinja), so they must be files on disk; the
    # package's own folder says where. (importlib.resources would cost every run ~1 ms for nothing.)
    from memo import profiles
    return Path(profiles.__file__).parent


def packaged_folder(name: str) -> Path:
    """The folder of the profile ``name`` shipped with memo."""
    return _packaged_root() / name


def available_profiles() -> list[str]:
    """The names of the profiles shipped with memo."""
    root = _packaged_root()
    return sorted(p.name for p in root.iterdir() if (p / PROFILE_FILE).is_file())


def load_profile(name_or_path: str | Path | None = None, base: Path | None = None) -> Profile:
    """Load a shipped profile by name, or a profile folder (or its ``profil.yaml``) by path.

    A relative path is taken relative to ``base`` (the case file's folder) when given.
    """
    path = profile_folder(name_or_path, base)
    if not (path / PROFILE_FILE).is_file():
        names = ", ".join(available_profiles())
        raise ProfileError(f"Profilen '{name_or_path}' finns inte. Inbyggda profiler: {names}; eller ange en mapp "
                           f"som innehåller {PROFILE_FILE}.", rule="fil-saknas")
    return _loaded(path.resolve())


def profile_folder(name_or_path: str | Path | None = None, base: Path | None = None) -> Path:
    """The folder :func:`load_profile` reads for ``name_or_path`` (there or not), without reading it."""
    if name_or_path is None:
        name_or_path = DEFAULT_PROFILE
    text = str(name_or_path)
    packaged = _packaged_root() / text
    if isinstance(name_or_path, str) and "/" not in text and "\\" not in text and \
            (packaged / PROFILE_FILE).is_file():
        return packaged
    path = Path(text).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    return path.parent if path.is_file() else path


def _loaded(folder: Path) -> Profile:
    """The profile in ``folder``, loaded again when its ``profil.yaml`` has changed (a long-running service)."""
    try:
        stamp = cache.file_stamp(folder / PROFILE_FILE)
    except OSError:
        stamp = ()  # read_yaml says what is wrong with the file
    return _load(folder, stamp)


@lru_cache(maxsize=32)
def _load(folder: Path, stamp: tuple[object, ...]) -> Profile:
    try:
        root, source = read_yaml(folder / PROFILE_FILE, PROFILE_WORDING)
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
                                           "lägg filen i profilmappen.", rule="utanfor-profilmappen")
            return None
        if not target.exists():
            check.problem(f.get(key), key, f"Filen eller mappen '{raw}' finns inte i profilens mapp.",
                          rule="fil-saknas")
            return None
        problem = file_problem(target, f"Referensdokumentet '{raw}'", neuter=True) if key == "referensdokument" \
            else None
        if problem is not None:
            check.problem(f.get(key), key, problem, rule="ogiltigt-referensdokument")
            return None
        return target

    logo = alt = logo_node = None
    if "logo" in f:
        lf = check.fields(f["logo"], "logo", ("fil", "alt"), required=("fil", "alt"))
        logo_node = lf.get("fil")
        raw = check.scalar(lf.get("fil"), "logo.fil")
        alt = header_text(check, lf.get("alt"), "logo.alt")
        if raw:
            logo = (folder / raw).resolve()
            problem = logo_problem(logo, f"Logotypen '{raw}'") if logo.is_relative_to(folder) and logo.exists() \
                else f"Logotypen '{raw}' finns inte i profilens mapp."
            if problem is not None:
                check.problem(lf.get("fil"), "logo.fil", problem, rule="ogiltig-logotyp")
                logo = None
    style = check.decision_style(f.get("beslutsstil")) or ATT_SATSER
    mandatory = tuple(s for s in (check.scalar(n, k) for k, n in
                                  check.items(f.get("obligatoriska_avsnitt"), "obligatoriska_avsnitt")) if s)
    dokumenttyp = header_text(check, f.get("dokumenttyp"), "dokumenttyp") or "Tjänsteskrivelse"
    utan_beslut = decisionless_types(check, f.get("utan_beslut"))
    declared = _declared_sections(check, f.get("avsnitt"), folded_type(dokumenttyp) not in utan_beslut)
    keys = [spec.key for spec in declared]
    for name in mandatory:
        if canonical_key(name) not in keys:
            check.problem(f.get("obligatoriska_avsnitt"), "obligatoriska_avsnitt",
                          f"Avsnittet '{name}' finns inte. Välj bland: {', '.join(keys)}.", rule="okant-avsnitt")
    wanted = {canonical_key(name) for name in mandatory}
    sections = tuple(spec._replace(required=True) if spec.key in wanted else spec for spec in declared)
    reference = inside("referensdokument", "referens.docx")
    perspektiv = assessments.profile_perspectives(check, f.get("perspektiv"))
    reasons = assessments.profile_reasons(check, f.get("motivering_kravs"), perspektiv)
    _assessed_somewhere(check, f, sections, perspektiv, reasons)
    own = fieldlines.own_fields(check, f.get("egna_falt"), (spec.key for spec in sections))
    known = fieldlines.referable(own)
    profile = Profile(
        name=folder.name,
        folder=folder,
        organisation=header_text(check, f.get("namn"), "namn") or "",
        reference=reference or folder,
        adress=address(check, f.get("adress")),
        epost=header_text(check, f.get("epost"), "epost"),
        webbplats=header_text(check, f.get("webbplats"), "webbplats"),
        telefon=header_text(check, f.get("telefon"), "telefon"),
        logo=logo,
        logo_alt=alt,
        beslutsstil=style,
        beslutsinledning=housestyle.references_checked(check, f.get("beslutsinledning"), "beslutsinledning", known),
        skiljetecken=housestyle.punctuation(check, f.get(housestyle.PUNCTUATION)),
        underskriftsorgan=housestyle.references_checked(check, f.get(housestyle.SIGNING_ORGAN),
                                                        housestyle.SIGNING_ORGAN, known),
        dokumenttyp=dokumenttyp,
        sections=sections,
        perspektiv=perspektiv,
        underrubrik_per_perspektiv=check.flag(f.get("underrubrik_per_perspektiv"), "underrubrik_per_perspektiv"),
        motivering_kravs=reasons,
        mallar=inside("mallar"),
        forvaltning=header_text(check, f.get("forvaltning"), "forvaltning"),
        valfria_falt=optional_fields(check, f.get("valfria_falt")),
        utan_beslut=utan_beslut,
        exempelprofil=check.flag(f.get("exempelprofil"), "exempelprofil"),
        sprakkontroller_av=_checks_off(check, f.get("sprakkontroller_av")),
        egna_falt=own,
        faltrader=fieldlines.field_lines(check, f.get("faltrader"), own),
        tomma_falt_visas=fieldlines.kept_labels(check, f.get("tomma_falt_visas"), own),
    )
    try:
        check.raise_if_any()
    except CaseError as exc:
        raise _profile_error(exc) from None
    _check_reference(profile, Location(source.path, f["referensdokument"].line if "referensdokument" in f else None,
                                       None, "referensdokument"),
                     source.location(logo_node.line, logo_node.column, "logo.fil") if logo_node else None)
    return profile


def _check_reference(profile: Profile, where: Location, logo_where: Location | None) -> None:
    """The reference document made ready with the logo, and every style memo's templates write with in it, told
    when the profile loads. A logo python-docx cannot place is told at ``logo_where``, where the profile names it."""
    try:
        prepared = prepare_reference(profile.reference, profile.logo_picture)
    except ProfileError as exc:
        if profile.logo is not None and exc.file == profile.logo and logo_where is not None:
            raise ProfileError(exc.message, logo_where, rule="ogiltig-logotyp") from None
        raise
    problem = fieldlines.placeholder_problem((name for _, story in prepared.stories for name in SLOT.findall(story)),
                                             profile.egna_falt)
    if problem is not None:
        raise ProfileError(problem, Location(profile.reference), rule="ogiltigt-referensdokument")
    lacking = missing(prepared.has_style)
    if lacking:
        raise ProfileError(f"Referensdokumentet {profile.reference.name} saknar formatmallarna {', '.join(lacking)}. "
                           "Lägg till dem i Word (Formatmallar → Ny formatmall), eller gör profilen med "
                           "'memo profil ny MAPP --från DOKUMENT.docx', som lägger till dem.", where,
                           rule="ogiltigt-referensdokument")


def _assessed_somewhere(check: Checker, f: dict[str, Node], sections: tuple[Section, ...],
                        perspektiv: tuple[str, ...], reasons: frozenset[str]) -> None:
    """Perspectives the profile requires need the section they are assessed in (``konsekvenser``)."""
    if any(spec.kind is Kind.CONSEQUENCES for spec in sections):
        return
    home = next(s.key for s in SECTIONS if s.kind is Kind.CONSEQUENCES)
    add = f"Lägg till '{home}' under 'avsnitt'"
    if perspektiv:
        quoted = [f"'{name}'" for name in perspektiv]
        names = f"perspektivet {quoted[0]}" if len(quoted) == 1 else \
            f"perspektiven {', '.join(quoted[:-1])} och {quoted[-1]}"
        check.problem(f.get("perspektiv"), "perspektiv",
                      f"Profilen kräver att {names} bedöms i varje PM, men avsnittet '{home}', där "
                      f"{'det' if len(quoted) == 1 else 'de'} bedöms, finns "
                      f"inte bland profilens avsnitt. {add}, eller ta bort 'perspektiv'.", rule="profil-krav")
    elif reasons:
        check.problem(f.get("motivering_kravs"), "motivering_kravs",
                      f"Profilen kräver motiveringar i konsekvenserna, men avsnittet '{home}' finns inte bland "
                      f"profilens avsnitt. {add}, eller ta bort 'motivering_kravs'.", rule="profil-krav")


def _checks_off(check: Checker, node: Node | None) -> frozenset[str]:
    """``sprakkontroller_av``: ids of language checks that this organisation's memos are not given."""
    if node is None:
        return frozenset()
    from memo.language import RULES  # only for a profile that turns checks off

    off: set[str] = set()
    for key, item in check.items(node, "sprakkontroller_av"):
        name = check.scalar(item, key)
        if name is None:
            continue
        if name.strip().lower() not in RULES:
            import difflib  # only for a misspelt name

            close = difflib.get_close_matches(name.strip().lower(), list(RULES), n=1)
            hint = f" Menade du '{close[0]}'?" if close else ""
            check.problem(item, key, f"Språkkontrollen '{name}' finns inte.{hint} Det finns: {', '.join(RULES)}.",
                          rule="ogiltigt-val")
        else:
            off.add(name.strip().lower())
    return frozenset(off)




def _declared_sections(check: Checker, node: Node | None, decision: bool = True) -> tuple[Section, ...]:
    """``avsnitt:``: the memo's sections in the order written; a standard section not listed is left out.

    Each entry is a section's key, with nothing (the standard heading), a heading (``""``:
    none, the section's text stands under the one before), or ``rubrik``, ``obligatorisk`` and, for a list,
    ``form`` (:func:`memo.profile.housestyle.list_form`). A key that is not a standard section is a prose section
    of the profile's own, and needs a heading or ``""``.
    """
    if node is None or node.value is None:
        return SECTIONS
    if not isinstance(node.value, dict):
        check.problem(node, "avsnitt", "'avsnitt' ska vara avsnittens nycklar i PM:ets ordning, på egna rader "
                                       "med indrag, till exempel 'sammanfattning: Sammanfattning av ärendet'.",
                          rule="fel-typ")
        return SECTIONS
    result: list[Section] = []
    seen: set[str] = set()
    for written, child in node.items():
        key = canonical_key(written)
        where = f"avsnitt.{written}"
        heading: str | None = None
        required = False
        form = None
        if isinstance(child.value, dict):
            f = check.fields(child, where, ("rubrik", "obligatorisk", "form"))
            heading = check.scalar(f.get("rubrik"), f"{where}.rubrik")  # "": none; left empty: memo's own
            required = check.flag(f.get("obligatorisk"), f"{where}.obligatorisk")
            form = f.get("form")
        elif child.value is not None:
            heading = check.scalar(child, where)
        heading = prose_text.one_line(heading) if heading is not None else None
        standard = section(key)
        if key in seen:
            check.problem(child, where, f"Avsnittet '{written}' står redan i listan. Ta bort det ena.",
                          rule="dubbel-nyckel")
            continue
        seen.add(key)
        if standard is not None and heading and not standard.heading:
            check.problem(child, where, f"Avsnittet '{written}' har ingen rubrik i PM:et; skriv bara nyckeln.",
                          rule="ogiltigt-avsnitt")
        elif standard is not None:
            result.append(housestyle.list_form(check, form, where, standard._replace(
                heading=standard.heading if heading is None else heading, required=standard.required or required)))
        elif key in {x.key for x in FIELDS} | RESERVED_KEYS or not OWN_NAME.fullmatch(key):
            check.problem(child, where, f"'{written}' kan inte vara namnet på ett eget avsnitt. Skriv bara "
                                        "bokstäver, siffror och _, och välj ett namn som inte är ett fält i ärendet "
                                        f"eller en av memos mallar ({', '.join(sorted(RESERVED_KEYS))}).",
                          rule="ogiltigt-avsnitt")
        elif heading is None:
            import difflib  # only for a misspelt key

            close = difflib.get_close_matches(key, [s.key for s in SECTIONS], n=1, cutoff=0.6)
            hint = (f" Menade du '{close[0]}'?" if close else "") + " Ett eget avsnitt behöver en rubrik: skriv " \
                "till exempel 'bakgrund: Bakgrund', eller 'bakgrund: \"\"' för inget."
            check.problem(child, where, f"Avsnittet '{written}' finns inte bland memos avsnitt.{hint}",
                          rule="okant-avsnitt")
        else:
            own = Section(key, heading, Kind.PROSE, "profilens eget avsnitt (löptext)", required)
            result.append(housestyle.list_form(check, form, where, own))
    for standard in SECTIONS:  # the decision, unless the profile's own document type carries none (a letter)
        if standard.required and standard.key not in seen and (decision or standard.kind is not Kind.DECISION):
            check.problem(node, "avsnitt", f"Avsnittet '{standard.key}' måste finnas i varje PM; "
                                           "lägg till det i 'avsnitt'.", rule="avsnitt-saknas")
    return tuple(result)


def _profile_error(error: CaseError) -> ProfileError:
    """A problem in ``profil.yaml``, found by the reader that cases share, as the profile's error.

    Every problem is kept, with its file, line, column and key.
    """
    problems = tuple(ProfileError(p.message, p.location, rule=_in_profile(p.rule)) for p in error.problems)
    return ProfileError(error.message, error.location, problems if len(problems) > 1 else (),
                        rule=_in_profile(error.rule))


def _in_profile(rule: str) -> str | None:
    """A problem's id in a profile: its own, but a case's class id (``arende``) is the profile's (``profil``)."""
    return None if rule == CaseError.default_rule else rule
