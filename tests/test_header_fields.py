"""The header and footer show the profile's fields; a label whose value is empty goes with it."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

import memo
from conftest import ROOT, SEED_SAMPLE, package_copy, pdf_text, require_real_client, to_pdf
from memo.profile.headerfields import PLACEHOLDERS

STANDARD = ROOT / "src" / "memo" / "profiles" / "standard"

_CASE = """\
profil: profil
rubrik: Yttrande över remiss om regional cykelstrategi
diarienummer: KS 2026/91
till: Kommunstyrelsen
er_beteckning: RS 2026/12
ert_datum: 2026-05-04
handlaggare:
  namn: Anna Berg
  titel: Trafikplanerare
  enhet: Trafikenheten
  epost: anna.berg@kommunen.se
beslutsinstans: Kommunstyrelsen
forslag_till_beslut:
  - lämna yttrandet
"""


def _profile_with_own_footer(folder: Path) -> Path:
    """A profile whose reference document python-docx has given a footer of the organisation's kind."""
    profile = folder / "profil"
    profile.mkdir()
    document = docx.Document(str(STANDARD / "referens.docx"))
    section = document.sections[0]
    footer = section.footer
    for paragraph in footer.paragraphs:
        paragraph.text = ""
    lines = ["Till {{ till }}", "Handläggare: {{ handlaggare }}, {{ handlaggare_titel }}",
             "E-post: {{ handlaggare_epost }}", "Telefon: {{ handlaggare_telefon }}",
             "Förvaltning: {{ forvaltning }}", "Er beteckning: {{ er_beteckning }}, {{ ert_datum }}"]
    for line in lines:
        footer.add_paragraph(line)
    footer.add_paragraph("Sidfotens sista rad")
    document.save(str(profile / "referens.docx"))
    (profile / "profil.yaml").write_text("namn: Kommunen\n", encoding="utf-8")
    return profile


def _footer(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.sections[0].footer.paragraphs if p.text]


def test_placeholders_are_filled_and_a_label_without_a_value_is_gone(tmp_path: Path) -> None:
    _profile_with_own_footer(tmp_path)
    case = tmp_path / "ärende.yaml"
    case.write_text(_CASE, encoding="utf-8")
    lines = _footer(memo.render(case))
    assert "Till Kommunstyrelsen" in lines
    assert "Handläggare: Anna Berg, Trafikplanerare" in lines
    assert "E-post: anna.berg@kommunen.se" in lines
    assert "Er beteckning: RS 2026/12, 2026-05-04" in lines
    assert not any(line.startswith(("Telefon", "Förvaltning")) for line in lines), lines
    assert lines[-1] == "Sidfotens sista rad"


def test_an_office_suite_shows_no_empty_label(tmp_path: Path) -> None:
    require_real_client()
    _profile_with_own_footer(tmp_path)
    case = tmp_path / "ärende.yaml"
    case.write_text(_CASE, encoding="utf-8")
    target = tmp_path / "pm.docx"
    memo.write(case, target)
    text = pdf_text(to_pdf(target))
    assert "Till Kommunstyrelsen" in text and "E-post: anna.berg@kommunen.se" in text
    assert "Telefon" not in text and "Förvaltning" not in text


def test_a_label_cell_above_an_empty_value_is_emptied(tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    case.write_text(SEED_SAMPLE.read_text(encoding="utf-8").replace("sammantradesdatum: 2026-06-01\n", ""),
                    encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO(memo.render(case))) as archive:
        header = archive.read("word/header1.xml").decode("utf-8")
    assert "Sammanträdesdatum" not in header and "Tjänsteställe, handläggare" in header
    with zipfile.ZipFile(io.BytesIO(memo.render(SEED_SAMPLE))) as archive:
        assert "Sammanträdesdatum" in archive.read("word/header1.xml").decode("utf-8")


def test_a_memo_without_a_handlaggare_where_the_profile_allows_it(tmp_path: Path) -> None:
    profile = tmp_path / "profil"
    profile.mkdir()
    shutil.copy(STANDARD / "referens.docx", profile)
    (profile / "profil.yaml").write_text("namn: Regionstyrelsen\nvalfria_falt: [handlaggare]\n", encoding="utf-8")
    case = tmp_path / "ärende.yaml"
    start, end = _CASE.index("handlaggare:"), _CASE.index("beslutsinstans:")
    case.write_text(_CASE[:start] + _CASE[end:], encoding="utf-8")
    data = memo.render(case)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.author == "Regionstyrelsen"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        header = archive.read("word/header1.xml").decode("utf-8")
    assert "Handläggare" not in header and "KS 2026/91" in header
    with pytest.raises(memo.CaseError, match="'handlaggare' saknas"):
        memo.render(case, profile="standard")


def test_every_placeholder_has_a_description_and_a_unique_name() -> None:
    names = [p.name for p in PLACEHOLDERS]
    assert len(names) == len(set(names)) and all(p.description for p in PLACEHOLDERS)


_FIELD_PROBE = """
import io, json, sys, zipfile
from pathlib import Path
import docx
import memo
from memo.case.schema import case_schema
from memo.case.sections import key_table
from memo.profile.headerfields import labels, placeholder_table

folder = Path(sys.argv[1])
case = memo.load_case(folder / "med.yaml")
result = {"value": case.field("kansli"), "extra": dict(case.extra), "keys": key_table(),
          "placeholders": placeholder_table(), "label": labels().get("kansli"),
          "schema": case_schema()["properties"].get("kansli")}
for name in ("med", "utan"):
    data = memo.render(folder / f"{name}.yaml")
    footer = docx.Document(io.BytesIO(data)).sections[0].footer
    result[name] = [p.text for p in footer.paragraphs if p.text]
made = memo.new_profile(folder / "ny", folder / "mall.docx", name="Kommunen")
document = docx.Document(str(folder / "ny" / "referens.docx"))
result["made"] = [c.text for t in document.sections[0].header.tables for r in t.rows for c in r.cells]
try:
    memo.load_case(folder / "felstavat.yaml")
except memo.CaseError as exc:
    result["misspelt"] = exc.message
print(json.dumps(result, ensure_ascii=False))
"""


def test_one_new_field_row_is_a_case_key_a_filled_placeholder_a_readme_row_and_a_label_profil_ny_knows(
        tmp_path: Path) -> None:
    """An organisation's own header field ("Kansli", a third level under the förvaltning) is one row of
    memo.case.sections.FIELDS, in a copy of the package: nothing else is written for it."""
    package = package_copy(tmp_path / "paket")
    table = package / "case" / "sections.py"
    source = table.read_text(encoding="utf-8")
    anchor = '    Field("beslutsinstans",'
    assert anchor in source
    table.write_text(source.replace(anchor, '    Field("kansli", "kansliet under förvaltningen", '
                                            'placeholder="kansliet (ärendets `kansli`)", labels=("kansli",), '
                                            'identifier=True),\n' + anchor, 1), encoding="utf-8")

    work = tmp_path / "arende"
    (work / "profil").mkdir(parents=True)
    reference = docx.Document(str(STANDARD / "referens.docx"))  # python-docx writes the organisation's footer
    reference.sections[0].footer.add_paragraph("Kansli: {{ kansli }}")
    reference.save(str(work / "profil" / "referens.docx"))
    (work / "profil" / "profil.yaml").write_text("namn: Kommunen\n", encoding="utf-8")
    (work / "med.yaml").write_text(_CASE + "kansli: Kommunkansliet\n", encoding="utf-8")
    (work / "utan.yaml").write_text(_CASE, encoding="utf-8")
    (work / "felstavat.yaml").write_text(_CASE + "kansl: Kommunkansliet\n", encoding="utf-8")
    template = docx.Document()  # a template with a header table: labels above their sample values
    labels, samples = template.sections[0].header.add_table(rows=2, cols=2, width=docx.shared.Cm(16)).rows
    for column, (label, sample) in enumerate([("Kansli", "Exempelkansliet"), ("Dnr", "KS 2020/1")]):
        labels.cells[column].text, samples.cells[column].text = label, sample
    template.save(str(work / "mall.docx"))

    env = {**os.environ, "PYTHONPATH": str(package.parent), "MEMO_CACHE_DIR": ""}
    done = subprocess.run([sys.executable, "-c", _FIELD_PROBE, str(work)], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)

    assert result["value"] == "Kommunkansliet" and result["extra"] == {"kansli": "Kommunkansliet"}  # the case
    assert "Kansli: Kommunkansliet" in result["med"]  # the placeholder, filled
    assert not any(line.startswith("Kansli") for line in result["utan"])  # empty: the label goes with it
    assert "| `kansli` | kansliet under förvaltningen |" in result["keys"]  # the README's rows
    assert "| `{{ kansli }}` | kansliet (ärendets `kansli`) |" in result["placeholders"]
    assert result["label"] == "kansli" and "{{ kansli }}" in result["made"]  # memo profil ny knows the label
    assert "Exempelkansliet" not in result["made"]
    assert result["schema"]["title"] == "kansli"  # the editor's schema
    assert "Menade du 'kansli'?" in result["misspelt"]  # and a typo is caught
