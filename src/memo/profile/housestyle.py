"""An organisation's house style, read from its profile: the decision's punctuation, how the two lists of documents
are set, and the organ that signs.

Each is a ``profil.yaml`` setting that no case needs: ``skiljetecken`` (what stands after the decision's points,
in place of the style's own), ``form`` under ``avsnitt.beslutsunderlag`` or ``avsnitt.bilagor`` (:data:`LIST_FORMS`)
and ``underskriftsorgan`` (the line above the signatures; a case's own ``underskriftsorgan`` wins).

>>> sorted(LIST_FORMS)
['numrerad', 'punktlista', 'rader']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from memo.case import prose as prose_text
from memo.case.checker import Checker
from memo.case.decisions import Punctuation
from memo.case.model import Case
from memo.case.sections import FIELDS, SECTIONS, Kind, Section
from memo.errors import CaseError, Location, MemoError
from memo.read.wording import either
from memo.read.yamlparse import Node
from memo.swedish import FILTERS

__all__ = ["LIST_FORMS", "MARKS", "PUNCTUATION", "SIGNING_ORGAN", "list_form", "organ_problems", "punctuation",
           "references_checked", "references_named", "signed", "signing_organ"]

#: The profile's key for the decision's punctuation, and its keys: after each point but the last, after the
#: second-to-last (else ``mellan``), after the last.
PUNCTUATION = "skiljetecken"
MARKS = ("mellan", "fore_sista", "sist")
#: The longest mark a profile may write (" samt," is six).
_LONGEST_MARK = 12
#: How a list of documents (beslutsunderlag, bilagor) may be set → the kind of section that sets it so:
#: one plain paragraph per entry, a bullet list, a numbered list.
LIST_FORMS: Mapping[str, Kind] = {"rader": Kind.LINES, "punktlista": Kind.LIST, "numrerad": Kind.NUMBERED_LIST}
#: The profile's and the case's key for the line above the signatures.
SIGNING_ORGAN = "underskriftsorgan"
#: The case's fields, some of which text may not refer to (``ert_datum``).
_FIELD_KEYS = frozenset(field.key for field in FIELDS)


def punctuation(check: Checker, node: Node | None) -> Punctuation | None:
    """``skiljetecken``: the marks after the decision's points in place of the style's; None: the style's own."""
    if node is None or node.value is None:
        return None
    f = check.fields(node, PUNCTUATION, MARKS)  # "" is a mark too (none), so the fields' own check of empty is not
    if isinstance(node.value, dict) and not f:
        check.problem(node, PUNCTUATION, f"'{PUNCTUATION}' är tomt. Skriv 'mellan' och 'sist' (och kanske "
                                         "'fore_sista'), till exempel '{mellan: \",\", sist: \"\"}', eller ta bort "
                                         "nyckeln.", rule="saknad-nyckel")
        return None
    marks: dict[str, str | None] = {}
    for key in MARKS:
        child = f.get(key)
        if child is not None and child.value is None:
            check.problem(child, f"{PUNCTUATION}.{key}", f"'{PUNCTUATION}.{key}' är tomt; skriv \"\" för inget "
                                                         "tecken.", rule="tomt-varde")
            marks[key] = None
            continue
        if child is None and key != "fore_sista" and f:
            check.missing(node, f"{PUNCTUATION}.{key}", f"Nyckeln '{key}' saknas; skriv \"\" för inget tecken.",
                          rule="saknad-nyckel")
        text = check.scalar(child, f"{PUNCTUATION}.{key}") if child is not None else None
        if text is not None and child is not None and ("\n" in text or len(text) > _LONGEST_MARK):
            check.problem(child, f"{PUNCTUATION}.{key}", f"'{PUNCTUATION}.{key}' ska vara några tecken på en rad "
                                                         f"(högst {_LONGEST_MARK}), till exempel \",\" eller "
                                                         "\" samt,\"; skriv \"\" för inget tecken.",
                          rule="ogiltigt-skiljetecken")
            text = None
        marks[key] = text
    between, last = marks["mellan"], marks["sist"]
    if between is None or last is None:
        return None
    return Punctuation(between, last, marks["fore_sista"])


def list_form(check: Checker, node: Node | None, where: str, spec: Section) -> Section:
    """``avsnitt.<key>.form``: the section set as the form says (:data:`LIST_FORMS`); a list section only."""
    written = check.scalar(node, f"{where}.form")
    if written is None or node is None:
        return spec
    form = written.strip().lower()
    if spec.kind not in LIST_FORMS.values():
        lists = [s.key for s in SECTIONS if s.kind in LIST_FORMS.values()]
        check.problem(node, f"{where}.form", f"'form' gäller bara {' och '.join(lists)}, inte '{spec.key}'.",
                      rule="ogiltigt-avsnitt")
        return spec
    if form not in LIST_FORMS:
        check.problem(node, f"{where}.form", f"Formen '{written}' finns inte. Välj {either(list(LIST_FORMS))}.",
                      rule="ogiltigt-val")
        return spec
    return spec._replace(kind=LIST_FORMS[form])


def references_named(check: Checker, node: Node, key: str, text: str,
                     known: Sequence[str]) -> list[prose_text.Reference] | None:
    """The references of a profile's ``text`` (``beslutsinledning``, ``underskriftsorgan``, a field line): well
    formed, each naming one of the ``known`` fields (the case's referable ones and the profile's own) with a
    formatting memo has; else a problem at ``node`` and None. The values come from each case."""
    try:
        references = prose_text.find_references(text)
    except prose_text.ReferenceError as exc:
        check.problem(node, key, exc.message, rule=exc.rule)
        return None
    for reference in references:
        if reference.name not in known:
            what = "går inte att hänvisa till" if reference.name in _FIELD_KEYS else "finns inte"
            check.problem(node, key, f"Fältet '{reference.name}' i '{reference.source}' {what}. Det går att "
                                     f"hänvisa till {', '.join(known)}.", rule="ogiltig-hanvisning")
            return None
        if reference.filter is not None and reference.filter not in FILTERS:
            check.problem(node, key, f"Formateringen '{reference.filter}' i '{reference.source}' "
                                     f"finns inte. Det finns: {', '.join(sorted(FILTERS))}.",
                          rule="okand-formatering")
            return None
    return references


def references_checked(check: Checker, node: Node | None, key: str, known: Sequence[str]) -> str | None:
    """A profile's text that refers to the case's values (``${beslutsinstans}``), its references checked by
    :func:`references_named`."""
    text = check.scalar(node, key)
    if text is None or node is None:
        return None
    return text if references_named(check, node, key, text, known) is not None else None


def signing_organ(case: Case, profile_organ: str | None) -> tuple[str | None, bool]:
    """The line above the signatures: the case's, shown as written, else the profile's, whose references the case
    fills; and whether it is the profile's."""
    own = case.field(SIGNING_ORGAN)
    if isinstance(own, str) and own.strip():
        return own, False
    return profile_organ, profile_organ is not None


def signed(case: Case) -> bool:
    """The case has signatures (a section of the signature kind): only then is a line above them shown."""
    present = case.present_sections()
    return any(spec.kind is Kind.SIGNATURE and spec.key in present for spec in SECTIONS)


def organ_problems(case: Case, profile_organ: str | None, values: Mapping[str, str | None],
                   locate: Callable[[Case, str], Location]) -> list[MemoError]:
    """The profile's signing organ refers to ``values`` (:func:`memo.profile.headerfields.text_values`) this case
    lacks (``${forslagsstallare}`` with none); nothing for a case without signatures, where it is not shown."""
    text, from_profile = signing_organ(case, profile_organ)
    if text is None or not from_profile or not signed(case):
        return []
    problems: list[MemoError] = []
    for reference in prose_text.find_references(text):  # well formed: checked with the profile
        if not (values.get(reference.name) or "").strip():
            problems.append(CaseError(f"Profilens underskriftsorgan ('{text}') behöver '{reference.name}'. Fyll i "
                                      f"den, eller skriv ärendets eget '{SIGNING_ORGAN}'.",
                                      locate(case, reference.name), rule="tomt-varde"))
            continue
        try:
            prose_text.check_reference(reference, values, FILTERS, reference.offset)
        except prose_text.ReferenceError as exc:
            problems.append(CaseError(f"Profilens underskriftsorgan ('{text}'): {exc.message}",
                                      locate(case, reference.name), rule=exc.rule))
    return problems
