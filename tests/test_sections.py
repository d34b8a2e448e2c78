"""The section table is the one source of what a case holds and what a memo's sections are."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path

import docx
import pytest

import memo
from conftest import ROOT, package_copy
from memo.case import build
from memo.case.sections import FIELDS, SECTIONS, Kind, key_table
from memo.renderer.context import template_context

PACKAGE_TEMPLATES = ROOT / "templates"


def test_the_readme_key_table_is_the_one_made_from_the_tables() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert key_table() in readme, "README:s nyckeltabell ska vara sections.key_table(); kör python tools/readme_keys.py"


@pytest.mark.parametrize("kind", list(Kind), ids=[k.value for k in Kind])
def test_every_kind_has_a_template_and_a_reader(kind: Kind) -> None:
    assert (PACKAGE_TEMPLATES / f"{kind.value}.xml.j2").is_file()
    assert kind in build._READERS


def _section_kind_tables() -> dict[str, Mapping[Kind, object]]:
    """Every table keyed by the kind of section, by where it lives: each stage that treats kinds differently."""
    from memo.case.schema import SCHEMAS
    from memo.case.starter import ENTRIES
    from memo.language.texts import READS
    from memo.renderer.context import SHOWN

    return {"memo.case.build._READERS": build._READERS, "memo.renderer.context.SHOWN": SHOWN,
            "memo.case.schema.SCHEMAS": SCHEMAS, "memo.case.starter.ENTRIES": ENTRIES,
            "memo.language.texts.READS": READS}


@pytest.mark.parametrize("kind", list(Kind), ids=[k.value for k in Kind])
def test_every_kind_of_section_has_its_reader_context_schema_starter_entry_and_language_reading(kind: Kind) -> None:
    """A kind added to :class:`Kind` with nothing else fails here, naming each table that lacks it; no stage
    has a default that would treat it as another kind."""
    missing = [name for name, table in _section_kind_tables().items() if kind not in table]
    assert not missing, f"Kind.{kind.name} saknas i {', '.join(missing)}"


def test_the_section_kind_tables_hold_only_kinds() -> None:
    for name, table in _section_kind_tables().items():
        assert set(table) == set(Kind), name


def test_every_key_is_written_in_its_canonical_form_once() -> None:
    from memo.case.checker import canonical_key

    keys = [f.key for f in FIELDS] + [s.key for s in SECTIONS]
    assert len(keys) == len(set(keys))
    assert all(canonical_key(k) == k for k in keys)
    # The heading, as Word shows it, is an alias of the key where it names the section.
    assert canonical_key("Förslag till beslut") == "forslag_till_beslut"


def test_the_template_context_has_every_profile_section_in_order_with_its_heading() -> None:
    case = memo.load_case(ROOT / "samples" / "foredragningspm-iuc-industrihubb.yaml")
    profile = memo.load_profile("region-orebro-lan")
    context = template_context(case, profile, lambda: None, ())
    assert [s["nyckel"] for s in context["avsnitten"]] == [s.key for s in SECTIONS]
    headings = {s["nyckel"]: s["rubrik"] for s in context["avsnitten"]}
    assert headings["konsekvenser"] == "Konsekvenser för miljö-, barn- och jämställdhetsperspektiven"
    assert headings["sammanfattning"] == "Sammanfattning"
    assert set(context["arende"]) >= {s.key for s in SECTIONS}


_PROBE = """
import io, json, sys
from pathlib import Path
import memo
from memo.case import build
from memo.case.sections import key_table
from memo.renderer.context import template_context

folder = Path(sys.argv[1])
result = {"keys": list(build.case_keys()), "readme": key_table()}
case = memo.load_case(folder / "ärende.yaml")
result["value"] = case.avsnitt.get("risker")
context = template_context(case, memo.load_profile("standard"), lambda: None, ())
result["context"] = [[s["nyckel"], s["rubrik"], str(s["innehall"])] for s in context["avsnitten"]]
(folder / "pm.docx").write_bytes(memo.render(case))
for name in ("felstavat.yaml", "saknas.yaml"):
    try:
        memo.render(folder / name, profile=folder / "profil")
        result[name] = None
    except memo.CaseError as exc:
        result[name] = [[p.key, p.message] for p in exc.problems or (exc,)]
print(json.dumps(result, ensure_ascii=False))
"""

_CASE = """\
rubrik: Nytt avsnitt
diarienummer: KS 2026/1
handlaggare:
  namn: Anna Berg
  enhet: Kansliet
beslutsinstans: Kommunstyrelsen
varden:
  belopp: 1000
forslag_till_beslut: [godkänna rapporten]
{extra}
"""


def test_one_new_row_in_the_table_is_a_case_key_a_validated_section_a_heading_and_a_readme_row(
        tmp_path: Path) -> None:
    package = package_copy(tmp_path / "paket")
    table = package / "case" / "sections.py"
    source = table.read_text(encoding="utf-8")
    anchor = '    Section("beslutsunderlag",'
    assert anchor in source
    table.write_text(source.replace(anchor, '    Section("risker", "Risker", Kind.PROSE, "löptext om riskerna"),\n'
                                            + anchor, 1), encoding="utf-8")

    work = tmp_path / "arende"
    work.mkdir()
    filled = _CASE.replace("{extra}", "risker: Risken är ${belopp | kronor}.")
    (work / "ärende.yaml").write_text(filled, encoding="utf-8")
    (work / "felstavat.yaml").write_text(_CASE.replace("{extra}", "riskr: Text."), encoding="utf-8")
    (work / "saknas.yaml").write_text(_CASE.replace("{extra}", ""), encoding="utf-8")
    (work / "profil").mkdir()
    shutil.copy(ROOT / "src" / "memo" / "profiles" / "standard" / "referens.docx", work / "profil")
    (work / "profil" / "profil.yaml").write_text("namn: Kommunen\nobligatoriska_avsnitt: [risker]\n",
                                                 encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": str(package.parent), "MEMO_CACHE_DIR": ""}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(_PROBE), str(work)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)

    assert "risker" in result["keys"]  # the case key
    assert result["value"] == "Risken är ${belopp | kronor}."  # the case holds the text as written
    assert "| `risker` | löptext om riskerna |" in result["readme"]  # the README row
    order = [entry[0] for entry in result["context"]]
    assert order.index("uppfoljning") < order.index("risker") < order.index("beslutsunderlag")
    risker = next(entry for entry in result["context"] if entry[0] == "risker")
    assert risker[1] == "Risker" and "1\xa0000\xa0kronor" in risker[2]  # the template context
    (problem,) = result["felstavat.yaml"]  # validation, with the hint
    assert problem[0] == "riskr" and "Menade du 'risker'?" in problem[1]
    (problem,) = result["saknas.yaml"]  # the profile's mandatory-section check
    assert problem[0] == "risker" and "obligatoriskt" in problem[1]

    document = docx.Document(io.BytesIO((work / "pm.docx").read_bytes()))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    at = paragraphs.index(("Heading 1", "Risker"))  # the heading, from the kind's template
    assert paragraphs[at + 1] == ("Normal", "Risken är 1\xa0000\xa0kronor.")


def test_the_readme_placeholder_table_is_the_one_made_from_the_table() -> None:
    from memo.profile.headerfields import placeholder_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert placeholder_table() in readme, "README:s tabell över platshållare: kör python tools/readme_keys.py"


def test_every_referable_field_is_an_attribute_of_the_case() -> None:
    from memo.case.sections import referable_fields

    fields = set(memo.Case.__dataclass_fields__)
    assert set(referable_fields()) <= fields
