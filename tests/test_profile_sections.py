"""A profile declares its memo: the sections' order, headings, which are mandatory or left out, and its own."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

import memo
from conftest import ROOT, SAMPLES, pdf_text, require_real_client, to_pdf

STANDARD = ROOT / "src" / "memo" / "profiles" / "standard"

_PROFILE = """\
namn: Exempelkommunen
beslutsstil: att-satser
perspektiv: [barn]
avsnitt:
  sammanfattning: Sammanfattning av ärendet
  bakgrund: {rubrik: Bakgrund, obligatorisk: ja}
  arendebeskrivning: Ärendet
  egna_avsnitt:
  forslag_till_beslut: Förvaltningens förslag till beslut
  konsekvenser: Barnkonsekvensanalys
  underskrift:
  skickas_till: "Beslutet ska expedieras till:"
"""

_CASE = """\
profil: profil
rubrik: Ny lekplats i Norrby
diarienummer: KS 2026/77
handlaggare:
  namn: Anna Berg
  enhet: Kansliet
beslutsinstans: Kommunstyrelsen
forslag_till_beslut:
  - anta förslaget
sammanfattning: En ny lekplats byggs.
bakgrund: Den gamla lekplatsen är sliten.
konsekvenser:
  barn: Barnen har fått säga sitt.
skickas_till:
  - Tekniska nämnden
"""


def _profile(folder: Path, text: str = _PROFILE) -> Path:
    profile = folder / "profil"
    profile.mkdir(exist_ok=True)
    shutil.copy(STANDARD / "referens.docx", profile / "referens.docx")
    (profile / "profil.yaml").write_text(text, encoding="utf-8")
    return profile


def _case(folder: Path, text: str) -> Path:
    path = folder / "ärende.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_the_memo_has_the_profiles_sections_in_its_order_with_its_headings(tmp_path: Path) -> None:
    _profile(tmp_path)
    paragraphs = _paragraphs(memo.render(_case(tmp_path, _CASE)))
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == ["Sammanfattning av ärendet", "Bakgrund", "Förvaltningens förslag till beslut",
                        "Barnkonsekvensanalys"]
    assert ("Normal", "Den gamla lekplatsen är sliten.") in paragraphs  # the profile's own section, by its key
    assert ("Sändlista rubrik", "Beslutet ska expedieras till:") in paragraphs
    assert paragraphs.index(("Heading 1", "Bakgrund")) < paragraphs.index(("Att-sats", "att\tanta förslaget."))


def test_the_profile_lists_its_sections_with_their_headings(tmp_path: Path) -> None:
    profile = memo.load_profile(_profile(tmp_path))
    shown = [(s.key, s.heading, s.required) for s in profile.sections]
    assert shown[:3] == [("sammanfattning", "Sammanfattning av ärendet", False), ("bakgrund", "Bakgrund", True),
                         ("arendebeskrivning", "Ärendet", False)]
    assert "ekonomiska_konsekvenser" not in [s.key for s in profile.sections]


@pytest.mark.parametrize(("edit", "key", "message"), [
    pytest.param(("bakgrund: Den gamla lekplatsen är sliten.\n", ""), "bakgrund", "obligatoriskt",
                 id="mandatory-own-section-missing"),
    pytest.param(("bakgrund:", "bakgrnd:"), "bakgrnd", "Menade du 'bakgrund'?", id="own-section-misspelt"),
    pytest.param(("skickas_till:", "uppfoljning: Följs upp i maj.\nskickas_till:"), "uppfoljning",
                 "ingår inte i PM:et i profilen", id="section-left-out-by-the-profile"),
])
def test_a_case_that_does_not_fit_the_profiles_memo_is_refused_at_its_key(
        tmp_path: Path, edit: tuple[str, str], key: str, message: str) -> None:
    _profile(tmp_path)
    case = _case(tmp_path, _CASE.replace(*edit))
    with pytest.raises(memo.CaseError) as caught:
        memo.render(case)
    problems = caught.value.problems or (caught.value,)
    assert [p.key for p in problems] == [key]
    assert message in problems[0].message
    assert problems[0].line is not None or key == "bakgrund"


@pytest.mark.parametrize(("avsnitt", "message"), [
    pytest.param("  sammanfatning:\n  forslag_till_beslut:\n", "Menade du 'sammanfattning'?",
                 id="standard-section-misspelt"),
    pytest.param("  sammanfattning:\n", "'forslag_till_beslut' måste finnas i varje PM", id="decision-left-out"),
    pytest.param("  rubrik: Rubrik\n  forslag_till_beslut:\n", "kan inte vara namnet på ett eget avsnitt",
                 id="own-section-named-as-a-field"),
])
def test_a_profile_whose_sections_cannot_make_a_memo_is_a_profile_error(
        tmp_path: Path, avsnitt: str, message: str) -> None:
    profile = _profile(tmp_path, "namn: Kommunen\navsnitt:\n" + avsnitt)
    with pytest.raises(memo.ProfileError) as caught:
        memo.load_profile(profile)
    assert message in caught.value.message
    assert caught.value.file == profile / "profil.yaml" and caught.value.line is not None


def test_a_case_gives_its_own_headings_own_sections_and_sub_headings(tmp_path: Path) -> None:
    case = _case(tmp_path, """\
rubrik: Remissvar om cykelstrategi
diarienummer: KS 2026/8
handlaggare: {namn: Anna Berg, enhet: Kansliet}
beslutsinstans: Kommunstyrelsen
rubriker:
  forslag_till_beslut: Stadsbyggnadsutskottets förslag till beslut
forslag_till_beslut: [lämna yttrandet]
arendebeskrivning:
  - Regionen har skickat strategin på remiss.
  - underrubrik: Kommunens synpunkter
    text: Kommunen vill se fler pendlingsstråk.
egna_avsnitt:
  - rubrik: Samråd med föreningar
    text: Samråd har hållits med tre föreningar.
""".replace("{namn: Anna Berg, enhet: Kansliet}", "\n  namn: Anna Berg\n  enhet: Kansliet"))
    paragraphs = _paragraphs(memo.render(case))
    assert ("Heading 1", "Stadsbyggnadsutskottets förslag till beslut") in paragraphs
    at = paragraphs.index(("Heading 1", "Ärendebeskrivning"))
    assert paragraphs[at:at + 4] == [("Heading 1", "Ärendebeskrivning"),
                                     ("Normal", "Regionen har skickat strategin på remiss."),
                                     ("Heading 2", "Kommunens synpunkter"),
                                     ("Normal", "Kommunen vill se fler pendlingsstråk.")]
    assert paragraphs[at + 4:at + 6] == [("Heading 1", "Samråd med föreningar"),
                                         ("Normal", "Samråd har hållits med tre föreningar.")]


def test_an_office_suite_shows_the_profiles_memo_in_its_order(tmp_path: Path) -> None:
    require_real_client()
    _profile(tmp_path)
    target = tmp_path / "pm.docx"
    memo.write(_case(tmp_path, _CASE), target)
    text = " ".join(pdf_text(to_pdf(target)).split())
    order = ["Sammanfattning av ärendet", "En ny lekplats byggs.", "Bakgrund", "Den gamla lekplatsen är sliten.",
             "Förvaltningens förslag till beslut", "Kommunstyrelsen beslutar", "Barnkonsekvensanalys",
             "Beslutet ska expedieras till:", "Tekniska nämnden"]
    positions = [text.find(piece) for piece in order]
    assert -1 not in positions and positions == sorted(positions), (positions, text)


def test_the_example_profile_is_written_but_warned_about(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from memo.cli import main

    text = _CASE.replace("profil: profil\n", "profil: standard\n").replace("bakgrund:", "arendebeskrivning:")
    case = _case(tmp_path, text.replace("  barn: Barnen har fått säga sitt.\n", "  barn: Barnen har fått säga sitt.\n"
                                        "  miljö: Ingen påverkan.\n  jämställdhet: Ingen påverkan.\n"))
    with pytest.warns(memo.MemoWarning, match="exempelprofil"):
        memo.render(case)
    assert main([str(case), "-o", str(tmp_path / "pm.docx")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"memo: varning: {case}: Profilen 'standard' är en exempelprofil") and err.count("\n") == 1
    assert (tmp_path / "pm.docx").is_file()


def test_the_example_profile_warning_is_said_once_when_kontrollera_checks_three(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """memo kontrollera of a folder said it once per case; it is counted where it is said."""
    from memo.cli import main

    folder = tmp_path / "ärenden"
    folder.mkdir()
    for number in (1, 2, 3):
        shutil.copy(SAMPLES / "tjansteskrivelse-forskola-norrby.yaml", folder / f"ärende-{number}.yaml")
    assert main(["kontrollera", str(folder)]) == 0
    said = capsys.readouterr()
    assert said.err.count("är en exempelprofil") == 1, said.err
    assert said.out.count("inga fel, 1 varning") == 1 and said.out.count("inga fel\n") == 2, said.out
    assert said.out.endswith("3 ärenden kontrollerade: 1 med varningar, 2 utan anmärkning\n")


def test_the_example_profile_warning_is_said_once_in_a_batch_of_three(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 21, item 3: the warning about the example profile came once per memo (20 times for 20 memos)."""
    from memo.cli import main

    folder = tmp_path / "ärenden"
    folder.mkdir()
    norrby = SAMPLES / "tjansteskrivelse-forskola-norrby.yaml"  # the standard profile, and no other warning
    for number in (1, 2, 3):
        shutil.copy(norrby, folder / f"ärende-{number}.yaml")
    out = tmp_path / "ut"
    out.mkdir()
    assert main([str(folder), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("är en exempelprofil") == 1, err
    assert err.startswith(f"memo: varning: {folder / 'ärende-1.yaml'}: Profilen 'standard' är en exempelprofil")
    assert sorted(path.name for path in out.iterdir()) == ["ärende-1.docx", "ärende-2.docx", "ärende-3.docx"]
    for path in out.iterdir():  # each memo has the example profile's header and footer all the same
        with zipfile.ZipFile(path) as package:
            margins = "".join(package.read(name).decode("utf-8") for name in package.namelist()
                              if re.fullmatch(r"word/(header|footer)\d*\.xml", name))
        assert "Organisationen" in margins, path


def test_an_organisations_own_profile_gets_no_warning(tmp_path: Path) -> None:
    import warnings

    _profile(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        memo.render(_case(tmp_path, _CASE))


def test_an_empty_heading_leaves_the_section_without_one_and_the_memo_passes_granska(tmp_path: Path) -> None:
    _profile(tmp_path, "namn: Kommunen\nperspektiv: [barn]\navsnitt:\n  sammanfattning: \"\"\n"
                       "  forslag_till_beslut:\n  konsekvenser:\n  skickas_till: {rubrik: \"\"}\n")
    case = _CASE.replace("bakgrund: Den gamla lekplatsen är sliten.\n", "").replace(
        "sammanfattning: En ny lekplats byggs.\n",
        "sammanfattning:\n  - En ny lekplats byggs.\n  - underrubrik: Platsen\n    text: Vid skolan.\n")
    target = memo.write(_case(tmp_path, case), tmp_path / "pm.docx")
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(target)).paragraphs]
    assert paragraphs[1:4] == [("Normal", "En ny lekplats byggs."), ("Heading 1", "Platsen"), ("Normal", "Vid skolan.")]
    assert not any(style == "Sändlista rubrik" for style, _ in paragraphs)
    assert ("Sändlista", "Tekniska nämnden") in paragraphs
    assert memo.check_docx(target) == []


def test_a_heading_left_empty_is_memos_own(tmp_path: Path) -> None:
    profile = memo.load_profile(_profile(tmp_path, "namn: Kommunen\navsnitt:\n  sammanfattning: {rubrik:}\n"
                                                   "  forslag_till_beslut:\n"))
    assert [(s.key, s.heading) for s in profile.sections] == [("sammanfattning", "Sammanfattning"),
                                                              ("forslag_till_beslut", "Förslag till beslut")]


def test_a_profile_may_let_its_memos_go_without_a_diarienummer(tmp_path: Path) -> None:
    _profile(tmp_path, _PROFILE + "valfria_falt: [diarienummer]\n")
    data = memo.render(_case(tmp_path, _CASE.replace("diarienummer: KS 2026/77\n", "")))
    header = docx.Document(io.BytesIO(data)).sections[0].header
    assert "Dnr" not in " ".join(c.text for t in header.tables for r in t.rows for c in r.cells)
    _profile(tmp_path, _PROFILE + "valfria_falt: [rubrik]\n")
    memo.profile.load._load.cache_clear()
    with pytest.raises(memo.ProfileError, match="'rubrik' kan inte vara valfritt"):
        memo.load_profile(tmp_path / "profil")
