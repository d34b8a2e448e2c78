"""The protokollsutdrag: one paragraph (§) of a nämnd's protokoll, made from the case it decided.

A small file names the case and gives the meeting::

    protokollsutdrag: tjansteskrivelse-forskola-norrby.yaml   # the case, relative to this file
    organ: Kommunstyrelsen
    sammantradesdatum: 2026-10-05
    paragraf: 142
    justerare: [Anna Berg, Per Holm]
    beslut:                    # the decision as taken; without it, the case's förslag till beslut
      - godkänna …

The extract is written with the case's profile (the organisation's layout): organ and date,
"§ N" and Dnr, the rubrik, the decision in the profile's decision style with the case's
lead-in, "Beslutet skickas till" from the case's sändlista, and the boxes for "Justerandes
signatur" and "Utdragsbestyrkande". The layout follows published extracts (``tests/data/protokollsutdrag/``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import memo.kinds.pm as pm
from memo.case import decisions
from memo.case.attributes import check_attributes
from memo.case.build import read_section
from memo.case.checker import Checker, canonical_key, top_level
from memo.case.model import Case
from memo.case.sections import MAX_NUMBER, NUMBER_PATTERN, Field, Gender, Kind, noun_genders
from memo.errors import CaseError, Location, MemoError, os_reason
from memo.kinds.kind import DocumentKind, ProfileArgument
from memo.notice import Finding
from memo.profile.chosen import read_tree
from memo.profile.load import Profile
from memo.read.source import SourceText
from memo.read.yamlparse import Node
from memo.renderer.context import template_context
from memo.swedish import datum, parse_date
from memo.word.writer import CoreInfo

__all__ = ["FIELDS", "KIND", "MAX_PARAGRAPH", "PARAGRAPH", "PARAGRAPH_WANTED", "Extract", "decided", "genitive",
           "not_a_case_file", "organ_problem"]

#: What the extract's file holds.
FIELDS: tuple[Field, ...] = (
    Field("protokollsutdrag", "ärendet (dess YAML-fil, relativt utdraget) vars beslut utdraget visar", required=True,
          gender=Gender.NEUTER),
    Field("organ", "organet som beslutade, t.ex. Kommunstyrelsen", required=True, gender=Gender.NEUTER),
    Field("sammantradesdatum", "sammanträdets datum", required=True, form="datum", written="sammanträdesdatum",
          gender=Gender.NEUTER),
    Field("paragraf", "paragrafens nummer i protokollet (visas som § 142)", required=True, form="nummer"),
    Field("justerare", "de som justerar protokollet, en eller flera", form="lista", gender=Gender.PLURAL),
    Field("beslut", "beslutet som det fattades, punkt för punkt (annars ärendets förslag till beslut)",
          form="lista", gender=Gender.NEUTER),
)
_KEYS = tuple(f.key for f in FIELDS)

#: The Word header's placeholders that an extract leaves empty: it is the organ's, not the handläggare's, and
#: it is addressed to no one and answers no letter.
_NOT_SHOWN = ("handlaggare", "handlaggare_titel", "handlaggare_epost", "handlaggare_telefon", "enhet", "till",
              "ert_datum", "er_beteckning")
#: What the extract is called in its header, and the document type a letter's decision as taken is shown under.
_EXTRACT = "Protokollsutdrag"
#: The highest paragraph number a protokoll has: the largest ``nummer`` a field holds.
MAX_PARAGRAPH = MAX_NUMBER
#: A paragraph's number as written: a whole number from 1 to :data:`MAX_PARAGRAPH`, leading zeros allowed.
PARAGRAPH = re.compile(NUMBER_PATTERN)
#: What a paragraph's number must be, in Swedish.
PARAGRAPH_WANTED = f"ett heltal från 1 till {MAX_PARAGRAPH} utan §"
_PARAGRAPH_WANTED = f"'paragraf' ska vara paragrafens nummer i protokollet, {PARAGRAPH_WANTED}, som 142."


@dataclass(frozen=True)
class Extract:
    """A protokollsutdrag: the case it extracts and the meeting that decided it."""

    arende: Case
    organ: str
    sammantradesdatum: dt.date
    paragraf: str
    justerare: tuple[str, ...] = ()
    #: The decision as taken, point by point; None: the case's förslag till beslut.
    beslut: tuple[str, ...] | None = None
    path: Path | None = None
    lines: Mapping[str, int] = field(default_factory=dict)


def _read(root: Node, source: SourceText, given: ProfileArgument) -> tuple[Extract, Profile]:
    """The extract's file, and the case it names read for the case's own profile (or the caller's)."""
    check = Checker(source, noun_genders(FIELDS, ()))
    named_profile = top_level(root, "profil")
    if named_profile is not None:
        check.problem(named_profile, "profil", "Ett protokollsutdrag skrivs med ärendets profil: ange profilen i "
                                               "ärendet, eller med --profil.", rule="profil-i-utdrag")
    f = check.fields(root, "", (*_KEYS, "profil"), required=tuple(x.key for x in FIELDS if x.required))
    named = check.scalar(f.get("protokollsutdrag"), "protokollsutdrag")  # a file's name: the header never shows it
    marker = f.get("protokollsutdrag")
    if named is not None and marker is not None and not check.visible_ok(marker, "protokollsutdrag", named, True):
        named = None
    organ = check.scalar(f.get("organ"), "organ", identifier=True)
    day = check.convert(f.get("sammantradesdatum"), "sammantradesdatum", parse_date)
    paragraf = check.scalar(f.get("paragraf"), "paragraf", identifier=True)
    number = PARAGRAPH.fullmatch(paragraf.strip()) if paragraf is not None else None
    if paragraf is not None and number is None:
        check.problem(f.get("paragraf"), "paragraf", _PARAGRAPH_WANTED, rule="ogiltig-paragraf")
    justerare = tuple(name for name in (check.scalar(node, key, identifier=True)
                                        for key, node in check.items(f.get("justerare"), "justerare")) if name)
    case_file = None
    if named is not None and named.strip():
        case_path = (source.path.parent / named) if source.path is not None else Path(named)
        wrong = not_a_case_file(case_path, named)
        if wrong is not None:
            check.problem(f.get("protokollsutdrag"), "protokollsutdrag", wrong, rule="arende-saknas")
        else:  # a problem inside the case is the case file's, at its own line
            case_file = read_tree(case_path)
            if _names_the_case(case_file[0]) is not None:
                check.problem(f.get("protokollsutdrag"), "protokollsutdrag",
                              f"'{named}' är ett protokollsutdrag, inte ett ärende. Ange ärendets YAML-fil.",
                              rule="utdrag-som-arende")
    check.raise_if_any()
    assert case_file is not None and organ is not None and day is not None and paragraf is not None
    case, profile = pm.KIND.read(*case_file, given)
    wrong_organ = organ_problem(organ, case)
    if wrong_organ is not None:
        check.problem(f.get("organ"), "organ", wrong_organ, rule="fel-organ")
    beslut = None
    written = f["beslut"].value if "beslut" in f else None
    if written not in (None, []) and not (isinstance(written, str) and not written.strip()):  # ${belopp | kronor}
        value = read_section(check, Kind.DECISION, f["beslut"], "beslut", case.references())
        beslut = tuple(point for point in value if isinstance(point, str)) if isinstance(value, tuple) else None
    if not profile.has_decision(case.dokumenttyp) and (beslut is None or not profile.has_decision(_EXTRACT)):
        check.problem(f.get("protokollsutdrag"), "protokollsutdrag",
                      f"Ärendet '{named}' har inget förslag till beslut (dokumenttypen "
                      f"'{case.dokumenttyp or profile.dokumenttyp}' har inget), så utdraget har inget beslut att "
                      "visa. Skriv beslutet som det fattades under 'beslut'." if profile.has_decision(_EXTRACT) else
                      f"Ärendet '{named}' har inget förslag till beslut, och PM:en i profilen '{profile.name}' har "
                      "ingen plats för ett beslut, så utdraget kan inte visa något.", rule="utdrag-utan-beslut")
    check.raise_if_any()
    lines = {canonical_key(key): node.line for key, node in root.items()} if isinstance(root.value, dict) else {}
    shown = number.group(1) if number is not None else paragraf.strip()  # 00042 is § 42
    return Extract(case, organ, day, shown, justerare, beslut, source.path, lines), profile


def not_a_case_file(path: Path, named: str, relative_to: str = "utdragets mapp") -> str | None:
    """Why the file a document names as its case cannot be read as one (None: it can); ``relative_to`` says what
    the name is relative to ("utdragets mapp", "sammanträdets fil")."""
    try:
        if path.is_file():
            return None
        if path.is_dir():
            return f"'{named}' är en mapp. Ange ärendets YAML-fil, relativt {relative_to}."
        if path.exists():
            return f"'{named}' är ingen vanlig fil. Ange ärendets YAML-fil, relativt {relative_to}."
    except OSError as exc:
        return f"Ärendet '{named[:80]}' går inte att läsa: {os_reason(exc)}."
    return f"Ärendet '{named}' finns inte. Ange ärendets YAML-fil, relativt {relative_to}."


def _same_organ(a: str | None, b: str) -> bool:
    return a is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def organ_problem(organ: str, case: Case) -> str | None:
    """The decision is the organ's: it is the case's beslutsinstans or förslagsställare (whose proposal to the
    beslutsinstans the lead-in says), or the case names neither and the organ decides."""
    known = [name for name in (case.beslutsinstans, case.forslagsstallare) if name]
    if not known or any(_same_organ(name, organ) for name in known):
        return None
    if case.beslutsinstans and not case.forslagsstallare:
        return (f"Organet '{organ}' är inte ärendets beslutsinstans ('{case.beslutsinstans}'). Ange organet som "
                "fattade beslutet; ett organ som föreslår beslutet skrivs som förslagsställare ('forslagsstallare') "
                "i ärendet.")
    if not case.beslutsinstans:
        return (f"Organet '{organ}' är inte ärendets förslagsställare ('{case.forslagsstallare}'), och ärendet har "
                "ingen beslutsinstans. Ange organet som fattade beslutet, eller fyll i beslutsinstans i ärendet.")
    return (f"Organet '{organ}' är varken ärendets beslutsinstans ('{case.beslutsinstans}') eller "
            f"förslagsställare ('{case.forslagsstallare}'). Ange organet som fattade beslutet.")


def _check(extract: Extract, profile: ProfileArgument) -> Profile:
    """An extract built or changed in Python: what a file's reading checks, said at the attribute."""
    check_attributes(extract)  # each attribute's type, by the model's annotations; then what they must say
    where = Location(extract.path if isinstance(extract.path, Path) else None)
    if not isinstance(extract.lines, Mapping) or not (extract.path is None or isinstance(extract.path, Path)):
        raise CaseError("Ett protokollsutdrag ska ha path (en Path eller None) och lines (en mappning).", where,
                        rule="fel-typ")

    def refuse(key: str, message: str, rule: str = "fel-typ") -> CaseError:
        return CaseError(message, Location(extract.path, extract.lines.get(key) or None, None, key), rule=rule)

    if not isinstance(extract.arende, Case):
        raise CaseError("Ett protokollsutdrag ska ha ett ärende: arende ska vara en memo.case.model.Case.", where,
                        rule="fel-typ")
    if not isinstance(extract.organ, str) or not extract.organ.strip():
        raise refuse("organ", "'organ' ska vara organet som beslutade (en text), t.ex. Kommunstyrelsen.")
    if not isinstance(extract.sammantradesdatum, dt.date):
        raise refuse("sammantradesdatum", "'sammantradesdatum' ska vara ett datum (datetime.date).")
    if not isinstance(extract.paragraf, str) or not PARAGRAPH.fullmatch(extract.paragraf.strip()):
        raise refuse("paragraf", "'paragraf' ska vara paragrafens nummer som text, som \"142\".",
                     rule="ogiltig-paragraf")
    if not isinstance(extract.justerare, tuple) or not all(isinstance(n, str) and n.strip()
                                                            for n in extract.justerare):
        raise refuse("justerare", "'justerare' ska vara en tuple med namn (texter).")
    if extract.beslut is not None and (not isinstance(extract.beslut, tuple) or not extract.beslut or not all(
            isinstance(p, str) and p.strip() for p in extract.beslut)):
        raise refuse("beslut", "'beslut' ska vara None (ärendets förslag) eller en tuple med minst en beslutspunkt.")
    wrong_organ = organ_problem(extract.organ, extract.arende)
    if wrong_organ is not None:
        raise refuse("organ", wrong_organ, rule="fel-organ")
    try:
        return pm.KIND.check(extract.arende, profile)
    except CaseError as exc:  # said at the attribute that holds the case, as its types are
        problems = tuple(_in_case(p) for p in exc.problems)
        raise CaseError(problems[0].message, problems[0].location, problems) from None


def _in_case(problem: MemoError) -> MemoError:
    """A problem of an extract's case (``rubrik``), said under the extract's attribute (``arende.rubrik``)."""
    where = problem.location
    if where.key is None or where.line is not None:  # at a line of the case's file: said there
        return problem
    return type(problem)(problem.message, replace(where, key=f"arende.{where.key}"), rule=problem.rule)


def genitive(name: str) -> str:
    """A Swedish genitive: "Kommunstyrelsens"; a name ending in s, x or z stays as it is; an abbreviation takes
    a colon ("KS:s").

    >>> [genitive(n) for n in ("Kommunstyrelsen", "Regional tillväxtnämnd", "Kommunfullmäktige", "KS", "BUN",
    ...                         "KOMMUNSTYRELSEN")]
    ['Kommunstyrelsens', 'Regional tillväxtnämnds', 'Kommunfullmäktiges', 'KS:s', 'BUN:s', 'KOMMUNSTYRELSENS']
    """
    last = name.split()[-1] if name.split() else name
    if 1 < len(last) <= 5 and last.isupper():  # KS, KF, BUN, KSAU; KOMMUNSTYRELSEN is a word in capitals
        return name + ":s"
    if name[-1:].lower() in ("s", "x", "z"):
        return name
    return name + ("S" if last.isupper() else "s")  # KOMMUNSTYRELSENS, as the name is written


def _organ(extract: Extract) -> str:
    """The organ as the case spells it, when it is the case's beslutsinstans or förslagsställare."""
    case = extract.arende
    known = [name for name in (case.beslutsinstans, case.forslagsstallare) if name is not None]
    return next((name for name in known if _same_organ(name, extract.organ)), " ".join(extract.organ.split()))


def decided(extract: Extract, profile: Profile) -> Case:
    """The case as the meeting decided it: the decision as taken, and the lead-in of the organ that took it.

    An organ that is the case's förslagsställare proposes to the beslutsinstans: the case's own lead-in says so
    ("Kommunstyrelsen föreslår kommunfullmäktige besluta"). An organ that decides gets the style's own lead-in
    ("Kommunfullmäktige beslutar" before att-satser, none before sentences), never one that names a proposal.
    """
    case = extract.arende
    avsnitt = dict(case.avsnitt)
    proposed = profile.has_decision(case.dokumenttyp)  # a letter proposes nothing: the organ decided on it
    if extract.beslut is not None:
        avsnitt["forslag_till_beslut"] = extract.beslut
        if not proposed:  # a letter's decision as taken is shown as an extract's
            case = replace(case, dokumenttyp=_EXTRACT)
    organ = _organ(extract)
    if proposed and case.forslagsstallare and _same_organ(case.forslagsstallare, organ) \
            and not _same_organ(case.beslutsinstans, organ):
        return replace(case, avsnitt=avsnitt)
    style = decisions.decision_style(case.beslutsstil or profile.beslutsstil)
    return replace(case, avsnitt=avsnitt, beslutsinstans=organ,
                   beslutsinledning=decisions.STYLES[style].lead_in or decisions.NO_LEAD_IN)


def _context(extract: Extract, profile: Profile, tick: Callable[[], None],
             templates: Collection[str]) -> Mapping[str, Any]:
    """The memo's context of the case as decided (its rubrik, decision and sändlista as the memo shows them),
    and the meeting under ``utdrag``."""
    try:
        context = dict(template_context(decided(extract, profile), profile, tick, templates))
    except CaseError as exc:  # the decision as taken is the extract's own: a fault in it is said there
        key = exc.location.key or ""
        if extract.beslut is None or not key.startswith("forslag_till_beslut"):
            raise
        raise CaseError(exc.message, Location(extract.path, extract.lines.get("beslut") or None, None,
                                              "beslut" + key.removeprefix("forslag_till_beslut")),
                         rule=exc.rule) from None
    decision = next((s for s in context["avsnitten"] if s["typ"] == Kind.DECISION.value), None)
    recipients = next((s for s in context["avsnitten"] if s["typ"] == Kind.RECIPIENTS.value), None)
    context["utdrag"] = {
        "organ": _organ(extract),
        "sammantradesdatum": extract.sammantradesdatum,
        "paragraf": extract.paragraf,
        "justerare": list(extract.justerare),
        "beslut": None if decision is None else {**decision, "rubrik": f"{genitive(_organ(extract))} beslut"},
        "skickas_till": [] if recipients is None else recipients["innehall"],
    }
    return context


def _title(extract: Extract, profile: Profile) -> str:
    """The case's title as the extract shows it (the case as decided: its ``${beslutsinstans}`` is the organ)."""
    return pm.KIND.title(decided(extract, profile), profile)


def _header(extract: Extract, profile: Profile, title: str) -> Mapping[str, str]:
    values = dict(pm.KIND.header(extract.arende, profile, title))
    day = datum(extract.sammantradesdatum)
    values.update({"dokumenttyp": _EXTRACT, "datum": day, "sammantradesdatum": day},
                  **{name: "" for name in _NOT_SHOWN})
    return values


def _core(extract: Extract, profile: Profile, title: str) -> CoreInfo:
    case = extract.arende
    return CoreInfo(title=title, author=_organ(extract),
                    subject=f"Protokollsutdrag § {extract.paragraf}", identifier=case.diarienummer,
                    date=extract.sammantradesdatum)


def _unshown_fields(extract: Extract, profile: Profile, placeholders: Collection[str],
                    read: Collection[str]) -> list[Finding]:
    """None: the extract's own fields are its template's, and the case's header fields stay out on purpose (the
    case was written for its memo, not for the extract)."""
    return []


_STARTER_INTRO = ("Ett nytt protokollsutdrag. Ange ärendets YAML-fil och sammanträdet; det som är märkt\n"
                  "(obligatoriskt) måste fyllas i. Utan 'beslut' visar utdraget ärendets förslag till beslut.\n"
                  "'memo' på filen gör utdraget med ärendets profil.")


def _names_the_case(root: Node) -> str | None:
    """The case an extract's tree names (its marker's value), or None: the tree is not an extract's."""
    node = top_level(root, "protokollsutdrag")
    return None if node is None else node.value if isinstance(node.value, str) else ""


def _inputs(root: Node, path: Path) -> tuple[Path, ...]:
    """The case the extract's file names (as written: a file that does not exist yet is watched too)."""
    named = _names_the_case(root)
    return (path.parent / named,) if named and named.strip() else ()


def _schema(profile: Profile | None) -> dict[str, Any]:
    from memo.case.schema import fields_schema  # only for memo schema and memo ny: not on an extract's way

    return fields_schema(FIELDS, "Protokollsutdrag för memo",
                         "Ett protokollsutdrag som memo gör av ett ärende och sammanträdets beslut.")


def _starter(profile: Profile, named: str, schema: str, typ: str | None) -> str:
    from memo.case.starter import fields_starter

    return fields_starter(FIELDS, schema=schema, intro=_STARTER_INTRO)


KIND = DocumentKind(
    name="protokollsutdrag",
    description="protokollsutdrag: en paragraf ur protokollet med beslutet, justering och utdragsbestyrkande",
    noun="ett protokollsutdrag",
    marker="protokollsutdrag",
    model=Extract,
    fields=FIELDS,
    sections=(),
    read=_read,
    check=_check,
    context=_context,
    main_template="protokollsutdrag.xml.j2",
    templates=Path(__file__).parent / "mallar",
    title=_title,
    header=_header,
    core=_core,
    unshown_fields=_unshown_fields,
    template_folders=lambda extract: pm.KIND.template_folders(extract.arende),
    inputs=_inputs,
    schema=_schema,
    starter=_starter,
)
