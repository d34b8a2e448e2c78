"""Bad cases: every file in tests/bad_cases/ is refused with a Swedish message that names its line and key.

Each case states what is expected on its first line (``# väntat: rad 7, kolumn 3, nyckel
forslag_till_beslut[2], text "Menade du"``) or, for files that are not clean UTF-8 text, in a
sidecar ``<namn>.expect``. ``rad -`` or no ``rad`` means the problem has no line of its own;
``ensamt`` means it is the only problem (one fault brings no follow-on errors).
"""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import memo
from conftest import SEED_SAMPLE
from memo.cli import main
from memo.read.source import MAX_FILE_BYTES, MAX_ITEMS, from_python

BAD_CASES = Path(__file__).resolve().parent / "bad_cases"
CASE_FILES = sorted(p for p in BAD_CASES.iterdir() if p.suffix != ".expect")
_EXPECTATION = re.compile(r"väntat:\s*(.*)")


@dataclass(frozen=True)
class Expected:
    line: int | None
    column: int | None
    key: str | None
    texts: tuple[str, ...]
    alone: bool = False


def expectation(case: Path) -> Expected:
    sidecar = case.with_suffix(".expect")
    if sidecar.exists():
        first = sidecar.read_text(encoding="utf-8").splitlines()[0]
    else:
        first = case.read_text(encoding="utf-8").splitlines()[0]
    found = _EXPECTATION.search(first)
    assert found, f"{case.name}: första raden (eller {sidecar.name}) ska börja med 'väntat:'"
    spec = found.group(1)
    texts = tuple(re.findall(r'text "([^"]*)"', spec))
    spec = re.sub(r',?\s*text "[^"]*"', "", spec)
    alone = re.search(r"\bensamt\b", spec) is not None
    spec = re.sub(r",?\s*\bensamt\b", "", spec)
    line = re.search(r"\brad (\d+)", spec)
    column = re.search(r"\bkolumn (\d+)", spec)
    key = re.search(r"\bnyckel (.+?)(?:,|$)", spec)
    return Expected(int(line.group(1)) if line else None, int(column.group(1)) if column else None,
                    key.group(1).strip() if key else None, texts, alone)


def problem_heading(expected: Expected) -> re.Pattern[str]:
    """The start of the one problem the case is about: ``rad 7, kolumn 3, nyckel x:``."""
    parts = []
    if expected.line is not None:
        parts.append(rf"\brad {expected.line}")
    if expected.column is not None:
        parts.append(rf"kolumn {expected.column}")
    if expected.key is not None:
        parts.append(rf"nyckel {re.escape(expected.key)}")
    return re.compile(", ".join(parts) + ":")


@pytest.fixture(scope="module")
def memo_docx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A memo written by memo, to stand as an existing output that must not change."""
    return memo.write(SEED_SAMPLE, tmp_path_factory.mktemp("befintlig") / "pm.docx").read_bytes()


def test_there_are_enough_bad_cases_each_with_an_expectation() -> None:
    assert len(CASE_FILES) >= 45
    for case in CASE_FILES:
        expectation(case)


@pytest.mark.parametrize("existing", [False, True], ids=["ny-fil", "befintlig-fil"])
@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_a_bad_case_is_refused_with_its_line_and_key_and_nothing_is_written(
        case: Path, existing: bool, tmp_path: Path, memo_docx: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    expected = expectation(case)
    copy = tmp_path / case.name
    shutil.copyfile(case, copy)
    out_dir = tmp_path / "ut"
    out_dir.mkdir()
    target = out_dir / "pm.docx"
    if existing:
        target.write_bytes(memo_docx)

    code = main([str(copy), "-o", str(target)])

    captured = capsys.readouterr()
    assert code == 1, captured
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert captured.err.startswith("memo: ")
    assert str(copy) in captured.err
    heading = problem_heading(expected)
    assert heading.search(captured.err), f"väntade {heading.pattern!r} i:\n{captured.err}"
    if expected.line is None:
        assert not re.search(rf"rad \d+[^\n]*nyckel {re.escape(expected.key or '')}:", captured.err)
    for text in expected.texts:
        assert text in captured.err
    if expected.alone:
        assert " problem i " not in captured.err, f"väntade bara ett problem:\n{captured.err}"
    assert [p.name for p in out_dir.iterdir()] == (["pm.docx"] if existing else [])
    if existing:
        assert target.read_bytes() == memo_docx


def test_several_independent_problems_are_reported_together_in_file_order(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "ärende.yaml"
    case.write_text(
        "rubrik: Nytt städavtal\n"                                   # 1
        "diarienummer: 26RS100\n"                                    # 2
        "handlaggare:\n"                                             # 3
        "  namn: Anna Berg\n"                                        # 4
        "beslutsinstans: Regionstyrelsen\n"                          # 5
        "forslag_till_beslut:\n"                                     # 6
        "  - godkänna avtalet för ${belopp | kronr}\n"               # 7
        "  -\n"                                                      # 8
        "sammanfatning: Avtalet gäller i tre år.\n"                  # 9
        "varden:\n"                                                  # 10
        "  belopp: 250000\n"                                         # 11
        "arendebeskrivning: |\n"                                     # 12
        "  Första stycket.\n"                                        # 13
        "\n"                                                         # 14
        "  Kostnaden är ${beloppp}.\n"                               # 15
        "diarienummer: 26RS101\n",                                   # 16
        encoding="utf-8")

    assert main([str(case), "-o", str(tmp_path / "pm.docx")]) == 1

    err = capsys.readouterr().err
    assert err.startswith(f"memo: {case}: 6 problem i ärendet:\n")
    headings = re.findall(r"^\d\) (rad \d+(?:, kolumn \d+)?, nyckel \S+):", err, re.MULTILINE)
    assert headings == [
        "rad 3, kolumn 1, nyckel handlaggare.enhet",
        "rad 7, kolumn 26, nyckel forslag_till_beslut[1]",
        "rad 8, kolumn 4, nyckel forslag_till_beslut[2]",
        "rad 9, kolumn 1, nyckel sammanfatning",
        "rad 15, kolumn 16, nyckel arendebeskrivning",
        "rad 16, kolumn 1, nyckel diarienummer",
    ]
    assert "står två gånger (första gången på rad 2)" in err
    assert "Menade du 'sammanfattning'?" in err
    assert "Menade du 'kronor'?" in err
    assert "Menade du 'belopp'?" in err
    assert not (tmp_path / "pm.docx").exists()


def test_the_library_raises_the_same_problems_with_locations_as_attributes(tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    case.write_text((BAD_CASES / "unknown_reference.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(memo.CaseError) as caught:
        memo.load_case(case)
    error = caught.value
    assert (error.file, error.line, error.column, error.key) == (case, 15, 16, "sammanfattning")
    assert error.location.source_line == "  Kostnaden är ${beloppp | kronor} per år."
    assert len(error.problems) == 1


def test_yaml_11_words_stay_the_text_the_author_wrote(tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    case.write_text(
        "rubrik: no\n"
        "diarienummer: 010\n"
        "handlaggare:\n"
        "  namn: on\n"
        "  enhet: ja\n"
        "  telefon: 019-60 20 00\n"
        "beslutsinstans: nej\n"
        "sammantradesdatum: 2026-06-01\n"
        "forslag_till_beslut:\n"
        "  - yes\n"
        "  - 2026-06-01\n"
        "  - 12:30\n"
        "  - 1_000\n"
        "  - 0x1F\n"
        "  - .inf\n"
        "skickas_till: [off, Null-sektionen, ~sektionen]\n",
        encoding="utf-8")
    case_ = memo.load_case(case)
    assert case_.rubrik == "no"
    assert case_.diarienummer == "010"
    assert (case_.handlaggare.namn, case_.handlaggare.enhet) == ("on", "ja")
    assert case_.handlaggare.telefon == "019-60 20 00"
    assert case_.beslutsinstans == "nej"
    assert case_.avsnitt["forslag_till_beslut"] == ("yes", "2026-06-01", "12:30", "1_000", "0x1F", ".inf")
    assert case_.avsnitt["skickas_till"] == ("off", "Null-sektionen", "~sektionen")
    assert str(case_.sammantradesdatum) == "2026-06-01"


@pytest.mark.parametrize("data", [
    pytest.param(b"\xef\xbb\xbf", id="utf8-bom"),
    pytest.param(b"", id="utf8"),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_utf8_with_or_without_bom_and_crlf_are_read(data: bytes, newline: str, tmp_path: Path) -> None:
    text = SEED_SAMPLE.read_text(encoding="utf-8").replace("\n", newline)
    case = tmp_path / "ärende.yaml"
    case.write_bytes(data + text.encode("utf-8"))
    loaded = memo.load_case(case)
    assert loaded.handlaggare.namn == "Kristina Eklöf"
    assert replace(loaded, path=None) == replace(memo.load_case(SEED_SAMPLE), path=None)


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    case.write_text(SEED_SAMPLE.read_text(encoding="utf-8"), encoding="utf-16")
    assert memo.load_case(case).handlaggare.namn == "Kristina Eklöf"


def test_crlf_errors_name_the_same_line(tmp_path: Path) -> None:
    source = (BAD_CASES / "unknown_reference.yaml").read_text(encoding="utf-8")
    case = tmp_path / "ärende.yaml"
    case.write_bytes(source.replace("\n", "\r\n").encode("utf-8"))
    with pytest.raises(memo.CaseError) as caught:
        memo.load_case(case)
    assert (caught.value.line, caught.value.column) == (15, 16)


def test_a_50_mb_case_is_refused_before_it_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    case = tmp_path / "stort.yaml"
    with case.open("wb") as stream:  # a sparse file: 50 MB on paper, nothing on disk
        stream.truncate(50_000_000)

    def never(self: Path, *args: object, **kwargs: object) -> object:
        raise AssertionError(f"{self} was opened")

    monkeypatch.setattr(Path, "open", never)
    monkeypatch.setattr(Path, "read_bytes", never)
    started = time.perf_counter()
    assert main([str(case), "-o", str(tmp_path / "pm.docx")]) == 1
    assert time.perf_counter() - started < 1
    err = capsys.readouterr().err
    assert "för stor (50000 kB)" in err and f"högst {MAX_FILE_BYTES // 1000} kB" in err


def test_a_100000_item_list_is_refused_quickly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "lista.yaml"
    case.write_text("rubrik: x\nbilagor:\n" + "  - x\n" * 100_000, encoding="utf-8")
    assert case.stat().st_size < MAX_FILE_BYTES  # so the list limit, not the size limit, refuses it
    started = time.perf_counter()
    assert main([str(case), "-o", str(tmp_path / "pm.docx")]) == 1
    assert time.perf_counter() - started < 2
    err = capsys.readouterr().err
    assert f"fler än {MAX_ITEMS} punkter" in err and "rad 3" in err


def test_a_billion_laughs_is_refused_at_the_first_anchor_without_expanding(tmp_path: Path) -> None:
    case = tmp_path / "skratt.yaml"
    case.write_bytes((BAD_CASES / "billion_laughs.yaml").read_bytes())
    started = time.perf_counter()
    with pytest.raises(memo.CaseError, match="Ankare och alias"):
        memo.load_case(case)
    assert time.perf_counter() - started < 0.5


def test_a_file_that_grows_past_the_limit_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A device or a pipe reports size 0; memo reads at most one byte past the limit.
    case = tmp_path / "ärende.yaml"
    case.write_bytes(b"rubrik: " + b"x" * (MAX_FILE_BYTES + 10))
    real_stat = Path.stat

    def small_stat(self: Path, **kwargs: bool) -> object:
        result = real_stat(self, **kwargs)
        return result if self != case else type("S", (), {"st_size": 0})()

    monkeypatch.setattr(Path, "stat", small_stat)
    with pytest.raises(memo.CaseError, match="för stor"):
        memo.load_case(case)


@pytest.mark.parametrize(("value", "expected"), [
    pytest.param({"rubrik": "a\x00b"}, "rubrik", id="nul"),
    pytest.param({"rubrik": "a\x0bb"}, "rubrik", id="vertical-tab"),
    pytest.param({"rubrik": "a\x1bb"}, "rubrik", id="escape"),
    pytest.param({"rubrik": "a\ud800b"}, "rubrik", id="lone-surrogate"),
    pytest.param({"bilagor": ["ok", "a\udfffb"]}, "bilagor[2]", id="surrogate-in-list"),
    pytest.param({"konsekvenser": {"miljö\x07": "Inga."}}, "konsekvenser.miljö\x07", id="control-in-key"),
])
def test_a_mapping_with_characters_word_cannot_hold_is_a_case_error_naming_the_key(
        value: dict[str, object], expected: str) -> None:
    case: dict[str, object] = {
        "rubrik": "Avtal", "diarienummer": "26RS1", "handlaggare": {"namn": "A", "enhet": "B"},
        "beslutsinstans": "Nämnden", "forslag_till_beslut": ["godkänna"], **value,
    }
    with pytest.raises(memo.CaseError) as caught:
        memo.render(case)
    assert caught.value.key == expected
    assert caught.value.line is None
    assert "\x00" not in str(caught.value) and "\ud800" not in str(caught.value)


def _nested(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(("value", "expected"), [
    pytest.param(_nested(30), "djupare än 20 nivåer", id="deep"),
    pytest.param(["x"] * (MAX_ITEMS + 1), f"fler än {MAX_ITEMS} punkter", id="long"),
    pytest.param(b"bytes", "typen bytes", id="bytes"),
    pytest.param({1, 2}, "typen set", id="set"),
])
def test_source_reads_a_python_mapping_within_the_limits(value: object, expected: str) -> None:
    with pytest.raises(memo.CaseError, match=expected) as caught:
        from_python({"rubrik": "Avtal", "bilagor": value})
    assert caught.value.key is not None and caught.value.key.startswith("bilagor")


@pytest.mark.parametrize("value", [
    pytest.param(_nested(5000), id="deep"),
    pytest.param(b"bytes", id="bytes"),
])
def test_a_mapping_beyond_the_limits_is_a_case_error(value: object) -> None:
    with pytest.raises(memo.CaseError, match="bilagor"):
        memo.load_case({"rubrik": "Avtal", "diarienummer": "1", "handlaggare": {"namn": "A", "enhet": "B"},
                        "forslag_till_beslut": ["godkänna"], "bilagor": value})


def test_what_the_invisible_character_checks_leave_alone(tmp_path: Path) -> None:
    """An empty value with a comment, a soft hyphen and emoji joiners in names, and a decomposed value name."""
    key = unicodedata.normalize("NFD", "kostnad_år")
    path = tmp_path / "ärende.yaml"
    path.write_text(
        "rubrik: Städavtal\ndiarienummer: KS 2026/114\nsammantradesdatum: #fylls i senare\n"
        "handlaggare:\n  namn: Anna Berg\n  enhet: Ekonomi\u00adenheten\n  titel: Utredare \U0001f469\u200d\U0001f4bc\n"
        f"beslutsinstans: Regionstyrelsen\nvarden:\n  {key}: 1000\n"
        f"forslag_till_beslut:\n  - avsätta ${{{key} | kronor}}\n", encoding="utf-8")
    case = memo.load_case(path)
    assert case.sammantradesdatum is None and case.handlaggare is not None
    assert case.handlaggare.enhet == "Ekonomi\u00adenheten"
    assert "kostnad_år" in case.varden


_TEN_PROBLEMS = """\
profil: region-orebro-lan
rubrik: Överklagande av beslut i ärende #2026-45 om bygglov
diarienummer: "26RS\\u202e5145"
sammantradesdatum: 2026-13-01
handlaggare:
  namn: Kristina Eklöf
  enhet: Näringslivsutveckling
varden:
  belopp: 250000
forslag_till_beslut:
  - avsätta ${belopp | kronr} till projektet
  - godkänna ${saknas}
sammanfatning: Ett stavfel i nyckeln.
arendebeskrivning: Regionen har fått en ansökan.
konsekvenser:
  miljö: Ingen påverkan på miljön.
  barn:
    berors: nej
  Miljo: igen
ekonomiska_konsekvenser:
  tabell:
    beskrivning: Kostnader per år
    enhet: kronor
    kolumner: ["2026", "2027"]
    rader:
      - post: Drift
        belopp: [100000]
bilagor:
  -
  - Karta
"""


def test_problems_in_structure_and_profile_are_all_reported_in_one_run_each_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "ärende.yaml"
    case.write_text(_TEN_PROBLEMS, encoding="utf-8")
    target = tmp_path / "pm.docx"
    assert main([str(case), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert not target.exists() and "Traceback" not in err
    with pytest.raises(memo.CaseError) as caught:
        memo.load_case(case)
    found = [(p.line, p.key) for p in caught.value.problems]
    assert found == [
        (1, "uppfoljning"),  # a section the profile makes mandatory is missing: line 1
        (1, "beslutsinstans"),  # the profile's lead-in needs it; the key is missing: line 1
        (2, "rubrik"),  # text after ' #' would be lost
        (3, "diarienummer"),  # a right-to-left override
        (4, "sammantradesdatum"),  # no 13th month
        (11, "forslag_till_beslut[1]"),  # an unknown formatting
        (12, "forslag_till_beslut[2]"),  # an unknown value
        (13, "sammanfatning"),  # a misspelt key (and so not also "sammanfattning is missing")
        (15, "konsekvenser.jamstalldhet"),  # the profile's perspective jämställdhet is not assessed
        (17, "konsekvenser.barn.motivering"),  # barn not affected, without the reason the profile requires
        (19, "konsekvenser.Miljo"),  # miljö written twice (beside another perspective's problem)
        (27, "ekonomiska_konsekvenser.tabell.rader[1].belopp"),  # one amount for two columns
        (29, "bilagor[1]"),  # an empty item
    ]
    assert err.startswith(f"memo: {case}: 13 problem i ärendet:")
    for number, (line, key) in enumerate(found, start=1):
        assert f"\n{number}) rad {line}, " in err and f"nyckel {key}:" in err
    assert "'sammanfattning' är obligatoriskt" not in err


def test_every_foreign_tag_in_a_file_is_reported_in_one_round(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "ärende.yaml"
    case.write_text("rubrik: !!python/object:os.system x\n"           # 1
                    "diarienummer: !!python/name:os.system y\n"       # 2
                    "handlaggare: {namn: Anna Berg, enhet: Kansliet}\n"
                    "beslutsinstans: Regionstyrelsen\n"
                    "forslag_till_beslut:\n"
                    "  - !!python/tuple [a]\n", encoding="utf-8")    # 6

    assert main([str(case), "-o", str(tmp_path / "pm.docx")]) == 1

    err = capsys.readouterr().err
    for shown, where in (("!!python/object:os.system", "rad 1, kolumn 9, nyckel rubrik"),
                         ("!!python/name:os.system", "rad 2, kolumn 15, nyckel diarienummer"),
                         ("!!python/tuple", "rad 6, kolumn 5, nyckel forslag_till_beslut[1]")):
        assert re.search(rf"{re.escape(where)}: Taggen '{re.escape(shown)}' används inte", err), err
    assert not (tmp_path / "pm.docx").exists()
