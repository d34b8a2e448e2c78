"""Language checks: each rule's trips text gives exactly its finding at its line and column, its passes text
none; the samples give the findings listed here; turned-off rules give nothing; odd input never raises."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import memo
from conftest import ROOT, SAMPLES, SEED_SAMPLE, package_copy
from memo.case.checker import canonical_key
from memo.case.sections import SECTIONS, Section
from memo.language import RULES, Finding, PerMemo, PerText, Rule, check_language, checks, rules_table
from memo.read.source import SourceText, from_python, parse_yaml, read_yaml

_CASE = """\
rubrik: Ny förskola i Norrby
diarienummer: KS 2026/114
handlaggare:
  namn: Sara Lind
  enhet: Barn- och utbildningsförvaltningen
beslutsinstans: Kommunstyrelsen
forslag_till_beslut:
  - {decision}
sammanfattning: |
{text}
"""


def _case(rule: Rule, example: str) -> str:
    """A case file with the example under the rule's section (prose wrapped over lines, as people write)."""
    if rule.section == "forslag_till_beslut":
        return _CASE.format(decision=example, text="  Förskolan behövs.")
    wrapped = textwrap.fill(example, 90, break_long_words=False, break_on_hyphens=False)
    return _CASE.format(decision="bygga en ny förskola i Norrby", text=textwrap.indent(wrapped, "  "))


def _check(text: str, sections: tuple[Section, ...] = SECTIONS, **kwargs: Any) -> list[Finding]:
    root, source = parse_yaml(text, Path("arende.yaml"))
    return check_language(root, source, sections, **kwargs)


def _expected_position(text: str, rule: Rule) -> tuple[int, int]:
    lines = text.splitlines()
    key_line = next(i for i, line in enumerate(lines, 1) if line.startswith(f"{rule.section}:"))
    if not rule.at:
        return key_line, 1
    line = next(i for i, line in enumerate(lines, 1) if i > key_line and rule.at in line)
    return line, lines[line - 1].index(rule.at) + 1


def _shown(findings: list[Finding]) -> str:
    return "\n".join(f"{f.location.line}:{f.location.column} {f.rule} {f.message}" for f in findings)


RULE_LIST = list(RULES.values())
RULE_IDS = [r.id for r in RULE_LIST]


@pytest.mark.parametrize("rule", RULE_LIST, ids=RULE_IDS)
def test_the_tripping_text_gives_exactly_its_finding_where_it_is(rule: Rule) -> None:
    text = _case(rule, rule.trips)
    findings = _check(text)
    assert [f.rule for f in findings] == [rule.id], _shown(findings)
    (finding,) = findings
    assert (finding.location.line, finding.location.column) == _expected_position(text, rule)
    assert finding.location.file == Path("arende.yaml")
    assert (finding.location.key or "").startswith(rule.section)


@pytest.mark.parametrize("rule", RULE_LIST, ids=RULE_IDS)
def test_the_passing_text_gives_nothing(rule: Rule) -> None:
    findings = _check(_case(rule, rule.passes))
    assert findings == [], _shown(findings)


@pytest.mark.parametrize("rule", RULE_LIST, ids=RULE_IDS)
def test_a_rule_turned_off_gives_nothing(rule: Rule) -> None:
    assert _check(_case(rule, rule.trips), disabled=[rule.id]) == []


def test_every_rule_has_its_examples_and_documentation() -> None:
    assert len(RULES) >= 7
    for rule in RULE_LIST:
        assert rule.id.isascii() and rule.id == rule.id.lower(), rule.id
        assert rule.title and rule.what and rule.source, rule.id
        assert rule.trips and rule.passes and rule.trips != rule.passes, f"{rule.id} saknar sina exempel"
        assert not rule.at or rule.at in rule.trips, rule.id
    table = rules_table()
    assert table.splitlines()[0] == "| id | vad | källa |"
    assert all(f"| `{rule}` |" in table for rule in RULES)
    assert len(table.splitlines()) == len(RULES) + 2



# --- the table drives the checks ---------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULE_LIST, ids=RULE_IDS)
def test_every_rule_names_its_check_and_the_level_it_runs_at(rule: Rule) -> None:
    assert isinstance(rule.check, PerText | PerMemo)
    assert callable(rule.check.run) and rule.check.run.__module__ == "memo.language.checks"


def test_every_check_function_is_named_by_one_rule() -> None:
    named = [rule.check.run.__name__ for rule in RULE_LIST]
    functions = [name for name in checks.__all__ if callable(getattr(checks, name))]
    assert sorted(named) == sorted(functions)


def test_a_row_without_its_check_is_refused_when_the_table_is_read() -> None:
    row = {"id": "ny-regel", "title": "Ny regel", "what": "något", "source": "ett prov", "trips": "a", "passes": "b"}
    with pytest.raises(TypeError, match="'check'"):
        Rule(**row)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"language rule 'ny-regel': check must be PerText\(function\) or PerMemo"):
        Rule(**row, check=checks.officialese)  # type: ignore[arg-type]  # the function without its level
    with pytest.raises(TypeError, match="language rule 'ny-regel'"):
        Rule(**row, check=PerText(None))  # type: ignore[arg-type]



def test_every_module_the_checks_run_is_in_the_key_of_the_cached_warnings() -> None:
    """The cached warnings are keyed by the code that finds them: every module of memo that the language
    checks load (a personnummer rule in case/, the number formats in swedish/), so that a change to any of them
    finds the warnings again."""
    from memo import validation

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, memo.language.scan, memo.language.checks, memo.language.texts, "
         "memo.language.rules, memo.language.wordlists; print(*sorted(sys.modules))"],
        capture_output=True, text=True, check=True).stdout.split()
    packages = {path.parent.name for path in (ROOT / "src" / "memo").glob("*/__init__.py")}
    modules = {name.removeprefix("memo.").replace(".", "/") for name in loaded if name.startswith("memo.")}
    modules = {"language/__init__" if name == "language" else name for name in modules
               if name not in packages and name not in ("cache", "stopping")}  # the cache itself; signals
    assert modules - set(validation._LANGUAGE_CODE) == set()


def test_the_checks_use_nothing_of_memo_but_the_case_its_reading_errors_and_notices() -> None:
    allowed = ("memo.language", "memo.case", "memo.read", "memo.errors", "memo.notice")
    for path in (ROOT / "src" / "memo" / "language").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        used |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        outside = {name for name in used if name.split(".")[0] == "memo" and not name.startswith(allowed)}
        assert not outside, (path.name, outside)

#: A new check of each level and two new rows, as a developer would add them: one with its examples, one without.
_NEW_CHECKS = """

def hoppsan(text: Text) -> Iterator[tuple[int, str]]:
    offset = text.masked.find("hoppsan")
    if offset != -1:
        yield offset, "Skriv inte »hoppsan«."


def oj(memo: Memo) -> Iterator[tuple[Location, str]]:
    if any(" oj " in f" {text.words.lower()} " for text in memo.texts):
        yield memo.source.location(None), "Ordet »oj« står i PM:et."
"""
_NEW_ROWS = """\
    Rule("prov-hoppsan", "Hoppsan", "ordet »hoppsan«", "ett prov", "Det blev hoppsan i går.", "Det blev fel i går.",
         at="hoppsan", check=PerText(checks.hoppsan)),
    Rule("prov-utan-exempel", "Oj", "ordet »oj«", "ett prov", "", "", check=PerMemo(checks.oj)),
)

#: Every language check, by id."""

_RUN_NEW_RULES = """
import json, sys
from pathlib import Path
import memo.language
from memo.case.sections import SECTIONS
from memo.language import check_language, rules_table
from memo.read.source import parse_yaml

root, source = parse_yaml(Path(sys.argv[1]).read_text(encoding="utf-8"), Path("arende.yaml"))
def found(**kwargs):
    return [[f.rule, f.location.line, f.location.column, f.location.key, f.message]
            for f in check_language(root, source, SECTIONS, **kwargs)]
print(json.dumps({"package": memo.language.__file__, "found": found(),
                  "off": found(disabled=["prov-hoppsan", "prov-utan-exempel"]), "table": rules_table()}))
"""


@pytest.fixture(scope="module")
def new_rules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a copy of memo whose table has the two new rows and its checks the two new functions."""
    package = package_copy(tmp_path_factory.mktemp("paket"))
    with (package / "language" / "checks.py").open("a", encoding="utf-8") as functions:
        functions.write(_NEW_CHECKS)
    table = package / "language" / "rules.py"
    source = table.read_text(encoding="utf-8")
    anchor = ")\n\n#: Every language check, by id."
    assert source.count(anchor) == 1
    table.write_text(source.replace(anchor, _NEW_ROWS), encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(package.parent)}


def test_a_new_row_and_its_function_are_run_at_their_level_and_turned_off_by_id(
        new_rules: dict[str, str], tmp_path: Path) -> None:
    case = tmp_path / "arende.yaml"
    case.write_text(_CASE.format(decision="bygga hoppsan", text="  Det blev oj, och sedan hoppsan."),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _RUN_NEW_RULES, str(case)], env=new_rules, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["package"].startswith(new_rules["PYTHONPATH"])
    assert result["found"] == [
        ["prov-utan-exempel", 1, None, None, "Ordet »oj« står i PM:et."],  # the memo as a whole
        ["prov-hoppsan", 8, 11, "forslag_till_beslut[1]", "Skriv inte »hoppsan«."],
        ["prov-hoppsan", 10, 26, "sammanfattning", "Skriv inte »hoppsan«."]]
    assert result["off"] == []
    assert "| `prov-hoppsan` | Hoppsan: ordet »hoppsan« | ett prov |" in result["table"].splitlines()


def test_a_new_row_is_run_by_the_example_tests_which_fail_without_examples_as_the_readme_test_does(
        new_rules: dict[str, str], tmp_path: Path) -> None:
    tests = {f"tests/test_language.py::{name}": passes for name, passes in [
        ("test_the_tripping_text_gives_exactly_its_finding_where_it_is[prov-hoppsan]", True),
        ("test_the_passing_text_gives_nothing[prov-hoppsan]", True),
        ("test_a_rule_turned_off_gives_nothing[prov-hoppsan]", True),
        ("test_the_tripping_text_gives_exactly_its_finding_where_it_is[prov-utan-exempel]", False),
        ("test_every_rule_has_its_examples_and_documentation", False)]}
    tests["tests/test_readme.py::test_the_readme_table_of_language_checks_is_rules_table_row_for_row"] = False
    report = tmp_path / "report.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:ooxml_plugin",
                    f"--basetemp={tmp_path / 'tmp'}", f"--junitxml={report}", *tests], cwd=ROOT, env=new_rules,
                   capture_output=True, text=True, timeout=300, check=False)
    failures = {f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}":
                "".join(failure.get("message", "") for failure in case.iter("failure"))
                for case in ElementTree.parse(report).iter("testcase")}
    assert {name: not failures[name] for name in tests} == tests
    assert "prov-utan-exempel saknar sina exempel" in failures[
        "tests/test_language.py::test_every_rule_has_its_examples_and_documentation"]

# --- the samples -------------------------------------------------------------------------------------------

def _sample(path: Path) -> tuple[memo.Profile, list[Finding]]:
    root, source = read_yaml(path)
    assert isinstance(root.value, dict)
    name = next((n.value for k, n in root.value.items() if canonical_key(k) == "profil"), None)
    profile = memo.load_profile(name, path.parent)
    return profile, check_language(root, source, profile.readable_sections)


#: What the language checks say about each shipped sample: (rule, line, column, key).
SAMPLE_FINDINGS: dict[str, list[tuple[str, int, int, str | None]]] = {
    "arende-region-rs-aterrapportering-2017-12-19": [
        ("lix", 23, 1, "sammanfattning"),  # LIX 65
        ("meningslangd", 25, 82, "sammanfattning"),  # "För att ge styrelsen …" (32 ord)
        ("kanslisprak", 26, 56, "sammanfattning"),  # "med anledning av"
    ],
    "arende-region-rs-aterrapportering-2021-02-03": [
        ("lix", 25, 1, "sammanfattning"),
        ("meningslangd", 27, 91, "sammanfattning"),  # "För att ge regionstyrelsen …"
        ("kanslisprak", 28, 80, "sammanfattning"),  # "med anledning av"
        ("lix", 31, 1, "arendebeskrivning"),
    ],
    "beslutsunderlag-dalarna-andringar-i-reglementen": [],
    "pm-stockholm-enprocentsregeln": [
        ("meningslangd", 24, 3, "arendebeskrivning"),
        ("meningslangd", 28, 84, "arendebeskrivning"),
        ("meningslangd", 32, 3, "arendebeskrivning"),
        ("kanslisprak", 34, 59, "arendebeskrivning"),
    ],
    "skrivelse-sll-miljoutmaning-2016": [
        ("meningslangd", 23, 3, "motivering"),  # "Stockholms läns landsting bedriver …"
    ],
    "foredragningspm-iuc-industrihubb": [
        ("meningslangd", 35, 31, "sammanfattning"),  # "Verkställande direktör behöver …" (31 ord)
        ("meningslangd", 40, 3, "sammanfattning"),  # "För att säkerställa …" (34 ord)
        ("kanslisprak", 55, 54, "arendebeskrivning"),  # "Business Region Örebro samt"
        ("meningslangd", 83, 3, "arendebeskrivning"),  # "Ett utökat driftsbidrag …" (34 ord)
        ("lix", 88, 1, "konsekvenser"),  # LIX 64
        ("meningslangd", 92, 79, "konsekvenser[1].text"),  # "IUC Industrihubb arbetar …" (26 ord)
        ("meningslangd", 102, 3, "ekonomiska_konsekvenser"),  # "Förslaget innebär …" (33 ord)
    ],
    "plan-tyreso-forskola-akvarievagen": [
        ("meningslangd", 12, 5, "forslag_till_beslut[1]"),
        ("tal-i-text", 15, 81, "forslag_till_beslut[1]"),  # "11§"
        ("forkortning", 16, 65, "forslag_till_beslut[1]"),  # "MKB"
        ("kanslisprak", 21, 74, "arendebeskrivning"),  # "samt"
    ],
    "svar-pa-motion-nynashamn-barnvagnsskydd": [
        ("lix", 13, 1, "sammanfattning"),  # LIX 66
        ("kanslisprak", 14, 17, "sammanfattning"),  # "inkommit"
        ("meningslangd", 16, 3, "sammanfattning"),  # 47 ord
        ("kanslisprak", 17, 90, "sammanfattning"),  # "samt"
    ],
    "protokollsutdrag-iuc-industrihubb": [],  # the extract's decision is the case's, checked there
    "remissvar-brev-sll-regional-indelning": [],
    "tjansteskrivelse-uppsala-kommunallag": [
        ("meningslangd", 24, 3, "arendebeskrivning"),  # "Betänkandet har remitterats …" (30 ord)
        ("kanslisprak", 24, 140, "arendebeskrivning"),  # "samt"
        ("meningslangd", 33, 5, "arendebeskrivning"),  # "Kravet att kommunfullmäktige …" (34 ord)
    ],
    "yttrande-jamtland-narkolepsi": [],
    "tjansteskrivelse-forskola-norrby": [],
    "tjansteskrivelse-upplands-bro-ekonomiskt-bistand": [],
    "yttrande-regional-cykelstrategi": [
        ("meningslangd", 24, 3, "sammanfattning"),
    ],
    # Real memos of other organisations (issue 22), their text as the source has it.
    "missiv-jonkoping-motion-jamstalldhet-vardval": [
        ("lix", 1, None, None),
        ("meningslangd", 15, 3, "sammanfattning"),  # 35 ord
        ("kanslisprak", 17, 48, "sammanfattning"),  # "samt"
    ],
    "tjansteskrivelse-arboga-yttrande-ds-2015-53": [
        ("kanslisprak", 22, 20, "yttrande"),  # "inkommit"
        ("meningslangd", 36, 3, "yttrande"),  # 30 ord
        ("kanslisprak", 43, 105, "yttrande"),  # "samt"
    ],
    "tjansteskrivelse-karlskoga-kfn-checklista": [
        ("lix", 15, 1, "sammanfattning"),
        ("meningslangd", 16, 3, "sammanfattning"),  # 40 ord
    ],
    "tjansteutlatande-sll-trn-service-i-glesbygd": [
        ("kanslisprak", 31, 69, "arendets_beredning"),  # "samt"
        ("enligt-forslaget", 34, 50, "forslag_till_beslut[1]"),
        ("meningslangd", 47, 7, "forvaltningens_forslag[1].text"),  # 26 ord
        ("kanslisprak", 48, 27, "forvaltningens_forslag[1].text"),  # "samt"
    ],
}
SAMPLE_CASES = sorted(SAMPLES.glob("*.yaml"))


def test_every_sample_is_listed() -> None:
    assert sorted(SAMPLE_FINDINGS) == [p.stem for p in SAMPLE_CASES]


@pytest.mark.parametrize("path", SAMPLE_CASES, ids=[p.stem for p in SAMPLE_CASES])
def test_the_samples_give_the_listed_findings(path: Path) -> None:
    _, findings = _sample(path)
    got = [(f.rule, f.location.line, f.location.column, f.location.key) for f in findings]
    assert got == SAMPLE_FINDINGS[path.stem], _shown(findings)
    assert all(f.location.file == path for f in findings)


def test_the_seed_sample_says_what_to_do() -> None:
    _, findings = _sample(SEED_SAMPLE)
    messages: dict[str, str] = {}
    for f in findings:
        messages.setdefault(f.rule, f.message)
    assert messages["lix"].startswith("LIX 64 i avsnittet: över 60: svår text")
    assert messages["kanslisprak"] == "»samt« är kanslispråk: skriv hellre »och«."
    assert messages["meningslangd"].startswith("Meningen har 31 ord.")
    # VD:s is explained by "Verkställande direktör" earlier in the memo.
    assert "forkortning" not in messages


def test_the_seed_sample_with_every_rule_off_gives_nothing() -> None:
    root, source = read_yaml(SEED_SAMPLE)
    sections = memo.load_profile("region-orebro-lan").readable_sections
    assert check_language(root, source, sections, disabled=RULES) == []
    assert check_language(root, source, sections, disabled=["okänd-regel"]) != []


def test_the_seed_sample_is_checked_fast() -> None:
    root, source = read_yaml(SEED_SAMPLE)
    sections = memo.load_profile("region-orebro-lan").readable_sections
    best = float("inf")
    for _ in range(20):
        start = time.perf_counter()
        check_language(root, source, sections)
        best = min(best, time.perf_counter() - start)
    assert best < 0.01  # about 1 ms; the margin is for loaded CI machines


# --- each rule's edges ---------------------------------------------------------------------------------------

def _prose(text: str) -> list[Finding]:
    return check_language(from_python({"sammanfattning": text}), SourceText.for_python(), SECTIONS)


@pytest.mark.parametrize("text", [
    "Bidraget är 250.000 kr.", "Bidraget är 1,250,000 kronor.", "Bidraget är 250,000 kr.", "Andelen ökar med 12%.",
    "Andelen ökar med 12,5%.", "Enligt 6 kap. 11§ miljöbalken.", "Vi börjar den 1 Juli 2026.", "Vi börjar 15 Augusti.",
    "Det kostar 250 kr. per barn."])
def test_numbers_against_the_rules_are_found(text: str) -> None:
    assert [f.rule for f in _prose(text)] == ["tal-i-text"]


@pytest.mark.parametrize("text", [
    "Budgeten för 2026 är klar.", "Ärendet har Dnr 26RS5145.", "Se KS 2026/114.", "Mötet börjar kl. 13.00 i dag.",
    "Räntan är 2,5 procent.", "Andelen är 12 %.", "Vi börjar den 1 juli 2026.", "Området är ca 6450 kvm.",
    "Fastigheten Bollmora 2:1.", "Förordningen 1998:905 gäller.", "Summan är ${belopp | kronor}.", "Det kostar 250 kr.",
    "Juli blir varm.", "Perioden 2027–2029."])
def test_years_codes_times_and_decimals_are_not_found(text: str) -> None:
    assert _prose(text) == []


def test_a_number_message_says_how_to_write_it() -> None:
    (finding,) = _prose("Bidraget är 250.000 kr.")
    assert "»250 000«" in finding.message and "${belopp | kronor}" in finding.message
    (finding,) = _prose("Vi börjar den 1 Juli.")
    assert finding.message == "»1 Juli«: månader skrivs med liten bokstav: »1 juli«."


@pytest.mark.parametrize("text", ["Sökanden 850412-3456 har ansökt.", "Sökanden 19850412-3456 har ansökt.",
                                  "Sökanden 191212121212 har ansökt.", "Personen 121212+1212 är över hundra år.",
                                  "Samordningsnummer 701063-2391 finns."])
def test_a_personnummer_is_found(text: str) -> None:
    assert [f.rule for f in _prose(text)] == ["personnummer"]


@pytest.mark.parametrize("text", ["Organisationsnummer 556677-8899.", "Beslut 2026-06-01.", "Ring 010-000 12 34.",
                                  "Dnr KS 2026/0412.", "Numret 191212121213 är inget.", "Telefon 0701234567.",
                                  "Diariet 2017KSM0094.214."])
def test_dates_and_other_numbers_are_not_personnummer(text: str) -> None:
    assert _prose(text) == []


def test_a_personnummer_is_found_in_any_value_but_not_twice_in_the_rubrik() -> None:
    text = _CASE.format(decision="bevilja bistånd", text="  Ansökan gäller bistånd.").replace(
        "  namn: Sara Lind", "  namn: Sara Lind 19850412-3456").replace(
        "rubrik: Ny förskola i Norrby", "rubrik: Bistånd till 19850412-3456")
    text += "varden:\n  sokande: 850412-3456\nskickas_till:\n  - Anna 850412-3456\n"
    findings = _check(text)
    assert [(f.rule, f.location.key, f.location.line) for f in findings] == [
        ("personnummer", "handlaggare.namn", 4), ("personnummer", "varden.sokande", 12),
        ("personnummer", "skickas_till[1]", 14)]


def test_an_abbreviation_is_explained_by_its_words_or_the_authors_own_parenthesis() -> None:
    assert _prose("Insatser enligt LSS ges. Lagen om stöd och service till vissa funktionshindrade gäller.") == []
    assert _prose("Lagen om valfrihet (LOV) gäller. LOV ger brukaren ett val.") == []
    assert _prose("Insatser enligt SoL och socialtjänstlagen.") == []
    assert _prose("Ärendet har beteckningen KS 2026/114.") == []
    assert _prose("Filen är 5 MB.") == []
    findings = _prose("LSS-insatser ges. LSS:s regler gäller. Enligt SoL.")
    assert [(f.rule, f.message.split(".")[0]) for f in findings] == [
        ("forkortning", "Förkortningen LSS förklaras inte i PM:et"),
        ("forkortning", "Förkortningen SoL förklaras inte i PM:et")]


def test_an_abbreviation_is_reported_at_its_first_use_in_the_file() -> None:
    text = _CASE.format(decision="upphandla enligt LOU", text="  Enligt LOU ska det upphandlas.")
    findings = _check(text)
    assert [(f.rule, f.location.line, f.location.key) for f in findings] == [
        ("forkortning", 8, "forslag_till_beslut[1]")]


@pytest.mark.parametrize("decision", [
    "bevilja bidraget enligt förslaget", "godkänna planen enligt förvaltningens förslag",
    "besluta i enlighet med det upprättade förslaget", "anta riktlinjerna enligt tjänsteskrivelsen"])
def test_a_decision_that_leans_on_the_proposal_is_found(decision: str) -> None:
    findings = _check(_CASE.format(decision=decision, text="  Förskolan behövs."))
    assert [f.rule for f in findings] == ["enligt-forslaget"]


@pytest.mark.parametrize("decision", ["anta riktlinjerna enligt bilaga 1", "anta förvaltningens yttrande som sitt eget",
                                      "ge förvaltningen i uppdrag att ta fram ett förslag"])
def test_a_decision_that_stands_on_its_own_is_not_found(decision: str) -> None:
    assert _check(_CASE.format(decision=decision, text="  Förskolan behövs.")) == []


def test_enligt_forslaget_in_prose_is_not_a_decision() -> None:
    assert _prose("Förvaltningen har arbetat enligt förslaget.") == []


@pytest.mark.parametrize("text", ["Vi gör så i detta avseende.", "Det skiljer sig i alla avseenden.",
                                  "En icke-vinstdrivande förening.", "Samtliga kommuner deltar.",
                                  "Inkomsten ökar.", "Det gäller ${betraffande}.", "Texten $${angående} visas."])
def test_officialese_is_only_a_whole_word(text: str) -> None:
    assert _prose(text) == []


def test_officialese_names_its_plain_word_and_its_base_form() -> None:
    findings = _prose("Ansökan har inkommit. Beslutet fattas med anledning av\nremissen. Beträffande kostnaden.")
    assert [f.message for f in findings] == [
        "»inkommit« (av »inkomma«) är kanslispråk: skriv hellre »komma in, skicka in«.",
        "»med anledning av« är kanslispråk: skriv hellre »på grund av, eftersom«.",
        "»Beträffande« är kanslispråk: skriv hellre »om«."]


def test_list_items_and_paragraphs_end_sentences() -> None:
    items = "\n".join(f"- punkt nummer {i} i listan" for i in range(1, 9))
    assert _prose(f"Stödet gäller bland annat:\n{items}") == []
    paragraphs = "\n\n".join("Ett kort stycke utan punkt" for _ in range(8))
    assert _prose(paragraphs) == []
    assert [f.rule for f in _prose(" ".join(["ord"] * 26))] == ["meningslangd"]
    assert _prose("Enligt 6 kap. 11 § ska t.ex. en plan tas fram.") == []


def test_a_reference_is_one_word() -> None:
    sentence = " ".join(["${belopp | kronor}"] * 25) + "."
    assert _prose(sentence) == []
    assert [f.rule for f in _prose(sentence + " Det var allt.")] == []
    assert [f.rule for f in _prose(sentence + " ett.")] == ["meningslangd"]  # a small letter: the same sentence


def test_the_memo_as_a_whole_gets_a_lix_when_no_section_did() -> None:
    heavy = RULES["lix"].trips.split(". ")
    case = {"sammanfattning": ". ".join(heavy[:3]) + ".", "arendebeskrivning": ". ".join(heavy[3:])}
    findings = check_language(from_python(case), SourceText.for_python(), SECTIONS)
    assert [(f.rule, f.location.key) for f in findings] == [("lix", None)]
    assert "för hela PM:et" in findings[0].message
    root, source = parse_yaml("sammanfattning: " + json.dumps(case["sammanfattning"], ensure_ascii=False) +
                              "\narendebeskrivning: " + json.dumps(case["arendebeskrivning"], ensure_ascii=False),
                              Path("a.yaml"))
    (finding,) = check_language(root, source, SECTIONS)
    assert (finding.location.line, finding.location.column, finding.location.key) == (1, None, None)


def test_every_kind_of_section_is_read_and_names_are_not() -> None:
    case = {
        "Sammanfattning": [{"underrubrik": "Beträffande bygget", "text": "Det är klart."}],
        "konsekvenser": {"barn": {"berors": "nej", "motivering": "Ingen påverkan beträffande barn."},
                         "miljö": "Beträffande miljön."},
        "ekonomiska_konsekvenser": {"text": "Beträffande kostnaden.", "tabell": {"beskrivning": "Beträffande"}},
        "egna_avsnitt": [{"rubrik": "Samråd", "text": "Beträffande samrådet."}],
        "bilagor": ["Beträffande bilagan"],
        "underskrift": {"namn": "Samt Beträffande", "titel": "VD"},
        "skickas_till": ["Beträffande-gruppen", "LSS-enheten"],
    }
    findings = check_language(from_python(case), SourceText.for_python(), SECTIONS)
    assert [f.location.key for f in findings] == [
        "Sammanfattning[1].underrubrik", "konsekvenser.barn.motivering", "konsekvenser.miljö",
        "ekonomiska_konsekvenser.text", "egna_avsnitt[1].text", "bilagor[1]"]
    assert {f.rule for f in findings} == {"kanslisprak"}
    assert all(f.location.line is None and f.location.file is None for f in findings)


def test_the_consequences_as_a_list_and_a_profile_section() -> None:
    case = {"konsekvenser": [{"perspektiv": ["miljö", "angående"], "text": "Angående miljön."}],
            "risker": "Angående riskerna."}
    own = (*SECTIONS, Section("risker", "Risker", SECTIONS[1].kind, "löptext"))
    findings = check_language(from_python(case), SourceText.for_python(), own)
    assert [f.location.key for f in findings] == ["konsekvenser[1].text", "risker"]
    assert check_language(from_python(case), SourceText.for_python(), SECTIONS)[1:] == []


def test_positions_in_quoted_and_folded_text() -> None:
    text = ('rubrik: "Beträffande bygget"\nsammanfattning: >\n  Texten är lång och handlar om\n'
            '  bygget. Angående kostnaden\n  och beträffande tiden.\n'
            "arendebeskrivning: 'Det är ''klart'' samt bra'\n")
    findings = _check(text)
    assert [(f.location.line, f.location.column, f.location.key) for f in findings] == [
        (1, 10, "rubrik"), (4, 11, "sammanfattning"), (5, 7, "sammanfattning"), (6, 38, "arendebeskrivning")]


# --- never raises -----------------------------------------------------------------------------------------

_PIECES = ["\n", "\n\n", "\n- ", "\n1. ", " ", "${a}", "${a | kronor}", "$${", "${", "}", ". ", "LSS", "850412-3456",
           "12%", "1 Juli", "samt", "i syfte att", "enligt förslaget", "*", "**", "250.000 kr", "(MKB)", "ä"]
_TEXT = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12) | st.sampled_from(_PIECES),
                 max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_any_prose_is_checked_without_raising(text: str) -> None:
    for finding in _prose(text):
        assert finding.rule in RULES and finding.message
    try:
        root, source = parse_yaml("sammanfattning: " + json.dumps(text) + "\nrubrik: " + json.dumps(text))
    except memo.MemoError:
        return
    for finding in check_language(root, source, SECTIONS):
        assert finding.location.line is not None


_TREE = st.recursive(st.none() | _TEXT, lambda inner: st.lists(inner, max_size=3) |
                     st.dictionaries(st.sampled_from(["text", "motivering", "rubrik", "underrubrik", "perspektiv",
                                                      "berors", "tabell", "x"]), inner, max_size=3), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([s.key for s in SECTIONS] + ["rubrik", "varden", "okand"]), _TREE,
                       max_size=6))
def test_any_tree_is_checked_without_raising(case: dict[str, Any]) -> None:
    for finding in check_language(from_python(case), SourceText.for_python(), SECTIONS):
        assert finding.rule in RULES


_KEPT = """
import json, sys, warnings
warnings.simplefilter("ignore")
from memo.validation import language_findings
found = language_findings(sys.argv[1])
print(json.dumps({"loaded": "memo.language" in sys.modules,
                  "found": [[f.rule, f.message, f.location.line, f.location.column, f.location.key] for f in found]}))
"""


def test_the_warnings_of_an_unchanged_case_are_told_again_from_the_cache_without_loading_the_checks(
        tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    env = {**os.environ, "MEMO_CACHE_DIR": str(tmp_path / "cache")}

    def run() -> dict[str, object]:
        done = subprocess.run([sys.executable, "-c", _KEPT, str(case)], env=env, capture_output=True, text=True,
                              check=True)
        return dict(json.loads(done.stdout))

    first, second = run(), run()
    assert first["loaded"] and not second["loaded"]
    assert first["found"] == second["found"] and first["found"]
    case.write_text(case.read_text(encoding="utf-8").replace("Den ökade", "Beträffande den ökade"), encoding="utf-8")
    edited = run()
    assert edited["loaded"] and any(f[0] == "kanslisprak" and "beträffande" in f[1].lower() for f in edited["found"])


@pytest.mark.parametrize(("text", "written"), [
    pytest.param("Avtalet gäller till 31/12/2026.",
                 "»31/12/2026«: skriv datum som »2026-12-31« eller »31 december 2026«", id="slashes"),
    pytest.param("Avtalet gäller från 1.7.2026 och framåt.",
                 "»1.7.2026«: skriv datum som »2026-07-01« eller »1 juli 2026«", id="points"),
])
def test_a_date_typed_with_slashes_or_points_gets_the_swedish_forms(text: str, written: str) -> None:
    (finding,) = _prose(text)
    assert finding.rule == "tal-i-text" and finding.message.startswith(written)
    assert "${datum | langt_datum}" in finding.message


@pytest.mark.parametrize("text", ["Budgetåret 2026/27 är slut.", "Dnr KS 2026/114.", "Avtalet gäller till 2026-12-31.",
                                  "Hälften, 1/2, av 2026 går.", "Numret 32/13/2026 är inget datum.",
                                  "Version 1.2.2026.1 är ny."])
def test_what_only_looks_like_a_date_with_slashes_is_not_flagged(text: str) -> None:
    assert _prose(text) == []
