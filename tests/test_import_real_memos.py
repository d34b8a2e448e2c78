"""memo läs on real old memos: each one in tests/data/gamla-pm/ (INDEX.md: ten memos and more, from nine
organisations, made into Word by python-docx or by LibreOffice from HTML, one also as .doc) is read with its
organisation's profile, checked as ``memo kontrollera`` checks it, and rendered again by memo, whose document has
the source's words in order (through LibreOffice).

Each profile is the one ``memo profil ny`` made from a template imitating the organisation's, with one setting of
the organisation's own where its memos order their sections otherwise than memo's standard (:data:`SECTION_ORDER`;
the template has no text to show the order, as the samples' profiles in samples/profiler/ set it too).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

import memo
from conftest import DATA, ROOT, to_pdf
from memo.case.sections import SECTIONS
from memo.importer import import_memo
from test_new_samples import fidelity

sys.path.insert(0, str(ROOT / "tools"))
import old_memos as tool

OLD = DATA / "gamla-pm"

#: The sections in the order each organisation's memos have them, where memo's standard order is not theirs.
SECTION_ORDER = {
    "upplands-bro": ("forslag_till_beslut", "sammanfattning", "beslutsunderlag", "konsekvenser"),
    "goteborg": ("forslag_till_beslut", "sammanfattning", "ekonomiska_konsekvenser", "konsekvenser"),
    "sollentuna": ("sammanfattning", "forslag_till_beslut"),
    "tyreso": ("sammanfattning", "forslag_till_beslut", "arendebeskrivning", "bilagor"),
    "jonkoping": ("sammanfattning", "forslag_till_beslut"),
    "sll": ("arendebeskrivning", "beslutsunderlag", "uppfoljning", "forslag_till_beslut", "sammanfattning"),
}

#: What each old memo truly lacks, as ``memo kontrollera`` names it (and nothing else): no memo shows its
#: handläggare's unit, most show no handläggare, some have lost their diarienummer's digits on the page they were
#: published on (INDEX.md), a yttrande carries no decision, and Göteborg's handling is signed by names alone.
LACKS = {
    "upplands-bro-sn-riktlinjer-ekonomiskt-bistand": set(),
    "goteborg-kf-handling-2019-164-eget-kapital": {"diarienummer", "handlaggare.namn", "handlaggare.enhet",
                                                   "underskrift[1].titel", "underskrift[2].titel"},
    "goteborg-slk-tjansteutlatande-reglemente-fastighetsnamnd": {"handlaggare.enhet"},
    "region-skane-rs-2017-08-31-ej-avgjorda-motioner": {"handlaggare.namn", "handlaggare.enhet"},
    "norrkoping-yttrande-sou-2008-62-naturvardsverket": {"diarienummer", "handlaggare.namn", "handlaggare.enhet",
                                                         "forslag_till_beslut[1]"},
    "sollentuna-ksau-2016-05-30-139-remiss-sou-2016-5": {"handlaggare.namn", "handlaggare.enhet"},
    "tyreso-ks-2015-05-12-kommunal-borgen-batklubb": {"handlaggare.namn", "handlaggare.enhet"},
    "tyreso-sn-2017-11-29-granskning-gruppboenden": {"handlaggare.namn", "handlaggare.enhet"},
    "stockholm-pm-2003-ri-vii-arendeansvar-stadsdelsnamnder": {"diarienummer", "handlaggare.namn",
                                                               "handlaggare.enhet"},
    "stockholm-utlatande-2017-19-ri-obelisken": {"diarienummer", "handlaggare.namn", "handlaggare.enhet"},
    "jonkoping-missiv-motion-jamstalldhet-vardval": {"handlaggare.namn", "handlaggare.enhet"},
    "sll-trn-tjansteutlatande-service-i-glesbygd": {"diarienummer", "handlaggare.enhet"},
}

#: The share of the source's words a memo renders in order: 0.95, but where memo's memo has no place before the
#: title for text the old memo has there (the kallelse's meeting details: date, time and place).
FIDELITY = {
    "tyreso-ks-2015-05-12-kommunal-borgen-batklubb": 0.93,
    "tyreso-sn-2017-11-29-granskning-gruppboenden": 0.92,
}
#: What the new case writes where the old memo lacks a value, to render it and count its words.
FILLED = "Saknas"


class Old(NamedTuple):
    slug: str
    organisation: str
    path: Path


OLD_MEMOS = [Old(m.slug, m.organisation, OLD / f"{m.slug}{suffix}") for m in tool.MEMOS
             for suffix in ((".docx", ".doc") if m.doc else (".docx",))]


def _profile(organisation: str, folder: Path) -> Path:
    """The organisation's profile: ``memo profil ny``'s, with its memos' order of sections where it has its own."""
    target = folder / organisation
    shutil.copytree(OLD / "profiler" / organisation, target)
    order = SECTION_ORDER.get(organisation)
    if order:
        last = ("underskrift", "skickas_till")
        keys = [*order, *(s.key for s in SECTIONS if s.key not in order and s.key not in last), *last]
        with (target / "profil.yaml").open("a", encoding="utf-8") as file:
            file.write("avsnitt:\n" + "".join(f"  {key}:\n" for key in keys))
    return target


def test_the_old_memos_are_ten_or_more_from_five_organisations_or_more() -> None:
    assert len(tool.MEMOS) >= 10 and len({m.organisation for m in tool.MEMOS}) >= 5
    assert set(LACKS) == {m.slug for m in tool.MEMOS}


@pytest.mark.parametrize("old", OLD_MEMOS, ids=[o.path.name for o in OLD_MEMOS])
def test_an_old_memo_becomes_a_case_that_lacks_only_what_it_lacks_and_renders_its_words(
        old: Old, tmp_path: Path) -> None:
    profile = _profile(old.organisation, tmp_path)
    imported = import_memo(old.path, profile)
    case_file = tmp_path / "nytt.yaml"
    case_file.write_text(imported.text, encoding="utf-8")
    lacking = {problem.key for problem in memo.validate(case_file, profile=profile).errors}
    assert lacking == LACKS[old.slug]
    assert imported.text.count("# memo läs: ") >= len(lacking)  # each said where the handläggare sees it
    # what it lacks filled in, as the handläggare would, then rendered by memo
    case_file.write_text(re.sub(r'^(\s*(?:- )?(?:[\w.]+: )?)""$', rf"\g<1>{FILLED}", imported.text, flags=re.M),
                         encoding="utf-8")
    rendered = memo.write(case_file, tmp_path / "nytt.docx", profile=profile)
    assert fidelity(OLD / f"{old.slug}.txt", to_pdf(rendered)) >= FIDELITY.get(old.slug, 0.95)
