"""A case's consequences (konsekvenser) read and checked, and a profile's settings for them.

:func:`read_konsekvenser` reads ``konsekvenser:`` in either form (per perspective, or a list);
:func:`profile_perspectives` and :func:`profile_reasons` read a profile's ``perspektiv`` and
``motivering_kravs``; :func:`perspective_problems` has the rules that need the profile. The names,
their compounds and their order are :mod:`memo.case.perspectives`'.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Final, TypeGuard

from memo.case.checker import Checker, canonical_key
from memo.case.model import Case, Konsekvens
from memo.case.perspectives import (
    ALL,
    PERSPECTIVES,
    Profile,
    fold,
    known,
    phrase,
    reasons_required,
    shown,
)
from memo.case.sections import ASSESSMENT, CONSEQUENCE_ITEM, Kind
from memo.errors import CaseError, Location, MemoWarning
from memo.read.yamlparse import Node

__all__ = ["perspective_problems", "profile_perspectives", "profile_reasons", "read_konsekvenser", "well_formed"]

#: How close (difflib's ratio) a name must be to a known perspective to get its "Menade du …?": one letter
#: wrong in a name of four ("barm" for "barn") is 0.75.
_CLOSE: Final = 0.75
#: The word "perspektiv" written after a perspective's name (``barnperspektiv``, ``miljoperspektivet``), folded.
_PERSPECTIVE_WORD: Final = re.compile(r"s?perspektiv(?:et|en)?$")

#: The keys of one entry in the list form: a mapping form that uses them has lost its "- ".
_LIST_FORM_KEYS: Final = frozenset(key for key, _ in CONSEQUENCE_ITEM.keys)


def read_konsekvenser(check: Checker, node: Node | None, section: str,
                      values: Mapping[str, str | None]) -> tuple[Konsekvens, ...]:
    """``konsekvenser:`` in a case: per perspective (``miljö: text``, ``barn: {berors: nej, motivering: …}``),
    or a list of ``perspektiv`` with ``text`` (or ``berors: nej`` and ``motivering``).

    A perspective named twice (also in two spellings, ``miljo`` and ``miljö``) is a problem at the second.
    """
    if node is None or node.value is None:
        return ()
    result: list[Konsekvens] = []
    seen: dict[str, tuple[str, int]] = {}

    def first_time(name: str, name_node: Node, key: str) -> bool:
        earlier = seen.get(fold(name))
        if earlier is None:
            seen[fold(name)] = (name, name_node.line)
            return True
        written, line = earlier
        how = "" if written == name else f" (som '{written}'; å, ä, ö och stora bokstäver räknas inte)"
        on_line = f" på rad {line}" if line else ""
        check.problem(name_node, key, f"Perspektivet '{name}' står redan{on_line}{how}. Skriv varje perspektiv "
                                      "en gång.", rule="dubbelt-perspektiv")
        return False

    if isinstance(node.value, dict):
        for name, child in node.items():
            key = f"{section}.{name}"
            if not name.strip():
                check.problem(child, key, "Perspektivet har inget namn. Skriv till exempel 'miljö: …'.",
                              rule="tomt-varde")
                continue
            if fold(name) in _LIST_FORM_KEYS:
                check.problem(child, key, f"'{name}' är inget perspektiv utan en nyckel i listformen; skriv "
                                          "'- perspektiv: [miljö, barn]' med 'text' under, med ett streck först.",
                              rule="okand-nyckel")
                continue
            if isinstance(child.value, dict):
                f = check.shape(child, key, ASSESSMENT)
                konsekvens = _assessment(check, child, f, key, (name,), values)
            else:
                text = check.prose(child, key, values, required=True)
                konsekvens = Konsekvens((name,), text, where=check.source.location(child.line, child.column, key)) \
                    if text else None
            if check.text_ok(child, key, name) and first_time(name, child, key) and konsekvens is not None:
                result.append(konsekvens)
            elif konsekvens is None:  # written, with a problem of its own: not also "missing"
                check.meant.add(canonical_key(f"{section}.{fold(name)}"))
        return tuple(result)
    for key, item in check.items(node, section):
        f = check.shape(item, key, CONSEQUENCE_ITEM)
        names: list[str] = []
        for name_key, name_node in check.items(f.get("perspektiv"), f"{key}.perspektiv"):
            written = check.scalar(name_node, name_key)
            if written and first_time(written, name_node, name_key):
                names.append(written)
        konsekvens = _assessment(check, item, f, key, tuple(names), values) if f else None
        if names and konsekvens is not None:
            result.append(konsekvens)
        else:  # written, with a problem of its own: not also "missing"
            check.meant.update(canonical_key(f"{section}.{fold(name)}") for name in names)
    return tuple(result)


def _assessment(check: Checker, node: Node, f: Mapping[str, Node], key: str, names: tuple[str, ...],
                values: Mapping[str, str | None]) -> Konsekvens | None:
    """One assessment: ``text`` (the consequences), or ``berors: nej`` with an optional ``motivering``."""
    if check.misspelt(f"{key}.berors"):  # whether it is affected is not known: the misspelling is the problem
        return None
    if "berors" in f and f["berors"].value is None:  # (``flag`` would read an empty value as no)
        check.missing(f["berors"], f"{key}.berors", check.empty("berors", f"{key}.berors", "skriv ja eller nej."))
        return None
    affected = check.flag(f["berors"], f"{key}.berors") if "berors" in f else True
    where = check.source.location(node.line, node.column, key)
    if affected:
        if "motivering" in f:
            check.problem(f["motivering"], f"{key}.motivering", "'motivering' hör till ett perspektiv som inte "
                                                                "berörs (berors: nej). Skriv konsekvenserna under "
                                                                "'text', eller skriv 'berors: nej'.",
                          rule="motivering-men-berors")
        if "text" not in f:
            check.missing(node, f"{key}.text", "Nyckeln 'text' saknas: skriv konsekvenserna, eller 'berors: nej' "
                                               "och en 'motivering' om perspektivet inte berörs.",
                          rule="saknad-nyckel")
            return None
        text = check.prose(f["text"], f"{key}.text", values, required=True)
        return Konsekvens(names, text, where=where) if text else None
    if "text" in f:
        check.problem(f["text"], f"{key}.text", "Ett perspektiv som inte berörs (berors: nej) har en "
                                                "'motivering', inte en 'text': byt 'text' mot 'motivering'.",
                      rule="text-men-berors-inte")
        return None
    reason = check.prose(f.get("motivering"), f"{key}.motivering", values) if "motivering" in f else None
    return Konsekvens(names, reason or "", berors=False, where=where)


def profile_perspectives(check: Checker, node: Node | None) -> tuple[str, ...]:
    """A profile's ``perspektiv``, each as shown; one named twice (in any spelling) is a problem at the second."""
    names: dict[str, str] = {}
    for key, item in check.items(node, "perspektiv"):
        name = check.scalar(item, key)
        if not name:
            continue
        if fold(name) in names:
            check.problem(item, key, f"Perspektivet '{name}' står redan i listan (som '{names[fold(name)]}'); "
                                     "å, ä, ö och stora bokstäver räknas inte. Ta bort det ena.",
                          rule="dubbelt-perspektiv")
            continue
        names[fold(name)] = name
    return tuple(shown(name) for name in names.values())


def profile_reasons(check: Checker, node: Node | None, perspektiv: Sequence[str]) -> frozenset[str]:
    """A profile's ``motivering_kravs``: the perspectives (folded) that need a reason when not affected, or ``alla``."""
    allowed = {fold(name) for name in perspektiv} | {p.key for p in PERSPECTIVES}
    wanted: set[str] = set()
    for key, item in check.items(node, "motivering_kravs"):
        name = check.scalar(item, key)
        if not name:
            continue
        if fold(name) == ALL:
            wanted.add(ALL)
        elif fold(name) not in allowed:
            import difflib  # only for a misspelt name

            choices = sorted({shown(n) for n in perspektiv} | {p.name for p in PERSPECTIVES})
            close = difflib.get_close_matches(shown(name), choices, n=1, cutoff=0.6)
            hint = f" Menade du '{close[0]}'?" if close else ""
            check.problem(item, key, f"Perspektivet '{name}' finns inte bland profilens perspektiv eller de "
                                     f"perspektiv memo känner.{hint} Skriv ett av {', '.join(choices)}, eller "
                                     f"'{ALL}'.", rule="okant-perspektiv")
        else:
            wanted.add(fold(name))
    return frozenset(wanted)


# --- the rules that need the profile ------------------------------------------------------------------

def well_formed(k: object) -> TypeGuard[Konsekvens]:
    """Whether a consequence built in Python holds what one read from a case holds (its perspectives named)."""
    return (isinstance(k, Konsekvens) and isinstance(k.perspektiv, tuple) and bool(k.perspektiv)
            and all(isinstance(name, str) and name.strip() for name in k.perspektiv)
            and isinstance(k.text, str) and isinstance(k.berors, bool))


def perspective_problems(case: Case, profile: Profile,
                         key_location: Callable[[Case, str], Location]) -> list[CaseError]:
    """Every perspective the profile names is assessed, and a perspective marked not affected has a reason
    where the profile requires one. ``key_location`` says where a top-level key was written."""
    problems: list[CaseError] = []
    present = case.present_sections()
    for spec in profile.sections:
        if spec.kind is not Kind.CONSEQUENCES or not (spec.key in present or spec.required):
            continue
        value = case.avsnitt.get(spec.key)
        # One that is not well formed is the template context's to refuse, with the section's key.
        konsekvenser = [k for k in (value if isinstance(value, tuple) else ()) if well_formed(k)]
        named = [fold(name) for k in konsekvenser for name in k.perspektiv]
        for twice in sorted({name for name in named if named.count(name) > 1}):
            problems.append(CaseError(f"Perspektivet '{shown(twice)}' står mer än en gång i konsekvenserna. "
                                      "Skriv det en gång.", key_location(case, spec.key),
                                      rule="dubbelt-perspektiv"))
        covered = set(named)
        misspelt = _misspelt(konsekvenser, profile)
        for name in profile.perspektiv:
            if fold(name) in misspelt and fold(name) not in covered:  # written, misspelt: said where it is
                written, k, _ = misspelt.pop(fold(name))
                problems.append(CaseError(
                    f"{_unknown(written, name)} Profilen '{profile.name}' kräver att '{name}' bedöms.",
                    k.where or key_location(case, spec.key), rule="perspektiv-saknas"))
            elif fold(name) not in covered:
                problems.append(CaseError(
                    f"Konsekvenserna för perspektivet '{name}' saknas. Profilen '{profile.name}' kräver att det "
                    "bedöms; skriv en kort motivering även när beslutet inte påverkar det.",
                    replace(key_location(case, spec.key), key=f"{spec.key}.{fold(name)}"), rule="perspektiv-saknas"))
        for k in konsekvenser:
            if k.berors or k.text.strip() or not reasons_required(profile, k.perspektiv):
                continue
            where = replace(k.where, key=f"{k.where.key}.motivering") if k.where and k.where.key \
                else key_location(case, spec.key)
            one = len(k.perspektiv) == 1
            quoted = [f"'{shown(name)}'" for name in k.perspektiv]
            names = quoted[0] if one else f"{', '.join(quoted[:-1])} och {quoted[-1]}"
            why = next((row.why for row in map(known, k.perspektiv) if row is not None and row.why), "")
            marked = "markerat som inte berört" if one else "markerade som inte berörda"
            problems.append(CaseError(
                f"{'Perspektivet' if one else 'Perspektiven'} {names} är {marked} (berors: nej) men saknar "
                f"motivering. Profilen '{profile.name}' kräver en motivering: skriv under 'motivering' varför "
                f"beslutet inte påverkar {'det' if one else 'dem'}.{' ' + why if why else ''}", where,
                rule="motivering-saknas"))
        for written, k, meant in misspelt.values():  # a new perspective may be meant: a warning, not an error
            where = k.where or key_location(case, spec.key)
            warnings.warn(MemoWarning(f"{where.describe()}: {_unknown(written, meant)} Ett nytt perspektiv går också "
                                      f"bra; rubriken skriver det då som '{phrase([written])}'."), stacklevel=3)
    return problems


def _misspelt(konsekvenser: Sequence[Konsekvens], profile: Profile) -> dict[str, tuple[str, Konsekvens, str]]:
    """The case's perspectives that are neither in the table nor the profile's but close to one that is: by the
    folded name they were probably meant to be, the name as written, its consequence and the name meant as shown
    (the first of each)."""
    names = {p.key: p.name for p in PERSPECTIVES} | {fold(n): shown(n) for n in profile.perspektiv}
    found: dict[str, tuple[str, Konsekvens, str]] = {}
    for k in konsekvenser:
        for name in k.perspektiv:
            if fold(name) in names:
                continue
            import difflib  # only for a name memo does not know

            written = _PERSPECTIVE_WORD.sub("", fold(name)) or fold(name)  # "barnperspektiv" means barn
            close = [written] if written in names else difflib.get_close_matches(written, list(names), 1, _CLOSE)
            if close:
                found.setdefault(close[0], (name, k, names[close[0]]))
    return found


def _unknown(written: str, meant: str) -> str:
    """That a perspective is not one memo or the profile knows, and which one it may be."""
    return f"Perspektivet '{written}' finns inte bland de perspektiv memo och profilen känner. Menade du '{meant}'?"
