"""The decision styles are one table: each row names its template part, and every list of the styles is made from it.

A style is a row in :data:`memo.case.decisions.STYLES` and a template part in ``templates/beslut/``;
``beslut.xml.j2`` includes the part the row names. A row without a part, or a part without a row,
fails here by name; a row added in a copy of the package is a style the case may choose, the
schema accepts, the key's description names and the DOCX shows.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Mapping
from pathlib import Path

import docx
import pytest

import memo
from conftest import ROOT, package_copy
from memo.case import decisions
from memo.case.decisions import STYLES

PACKAGE_TEMPLATES = ROOT / "templates"


def unmatched(templates: Path, parts: Mapping[str, str]) -> list[str]:
    """What does not match between the styles (name → part) and the parts in ``templates/beslut/``, in words."""
    shipped = {path.relative_to(templates).as_posix() for path in (templates / "beslut").glob("*.xml.j2")}
    faults = [f"beslutsstilen '{name}' har ingen mall {part}" for name, part in parts.items() if part not in shipped]
    faults += [f"mallen {part} hör inte till någon beslutsstil i STYLES"
               for part in sorted(shipped - set(parts.values()))]
    return faults


def _parts() -> dict[str, str]:
    return {name: style.template for name, style in STYLES.items()}


@pytest.mark.parametrize("name", list(STYLES))
def test_every_style_has_its_template_part(name: str) -> None:
    part = STYLES[name].template
    assert (PACKAGE_TEMPLATES / part).is_file(), f"beslutsstilen '{name}' har ingen mall {part}"


def test_every_part_and_every_style_match() -> None:
    assert unmatched(PACKAGE_TEMPLATES, _parts()) == []


def test_a_part_without_a_row_and_a_row_without_a_part_are_named(tmp_path: Path) -> None:
    templates = shutil.copytree(PACKAGE_TEMPLATES, tmp_path / "templates")
    (templates / "beslut" / "punkter.xml.j2").write_text("<p>x</p>\n", encoding="utf-8")
    assert unmatched(templates, {**_parts(), "fetstil": "beslut/fetstil.xml.j2"}) == [
        "beslutsstilen 'fetstil' har ingen mall beslut/fetstil.xml.j2",
        "mallen beslut/punkter.xml.j2 hör inte till någon beslutsstil i STYLES"]


def test_the_decision_template_includes_the_styles_part_and_names_no_style() -> None:
    template = (PACKAGE_TEMPLATES / "beslut.xml.j2").read_text(encoding="utf-8")
    assert "{% include beslut.mall %}" in template
    assert not any(f'"{name}"' in template for name in STYLES)


def _backticked(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def test_the_key_description_schema_and_message_name_the_styles_in_the_tables_order() -> None:
    from memo.case.schema import case_schema
    from memo.case.sections import FIELDS

    (field,) = (f for f in FIELDS if f.key == "beslutsstil")
    assert _backticked(field.description) == list(STYLES)
    assert case_schema()["properties"]["beslutsstil"]["anyOf"][1]["anyOf"][0]["enum"] == list(STYLES)
    message = decisions.unknown_style("punktform")
    assert [name for name in STYLES if f" {name}" in message] == list(STYLES)


def test_the_readme_names_exactly_the_styles_in_the_table_in_its_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = " ".join(readme.split("**Förslag till beslut.**", 1)[1].split("\n\n", 1)[0].split())
    sentence = paragraph.split(" är ", 1)[1].split(". Skriv ", 1)[0]
    hint = "README:s meningar om beslutsstilarna ska göras av STYLES: kör python tools/readme_keys.py"
    assert sentence == decisions.styles_described(), hint
    assert [name for name in _backticked(sentence) if name in STYLES] == list(STYLES), hint
    (example,) = re.findall(r"^beslutsstil: (\S+) +# eller (.*)$", readme, re.MULTILINE)
    assert [example[0], *example[1].split(", ")] == [example[0], *(s for s in STYLES if s != example[0])], hint


def _render(style: str, templates: Path | None = None) -> bytes:
    case = {"rubrik": "Prov", "diarienummer": "KS 2026/17", "handlaggare": {"namn": "Anna Berg", "enhet": "Kansliet"},
            "beslutsinstans": "Kommunstyrelsen", "beslutsstil": style,
            "forslag_till_beslut": ["godkänna förslaget", "ge kansliet i uppdrag"]}
    return memo.render(case, templates=templates) if templates else memo.render(case)


def _decision(data: bytes) -> list[tuple[str, str]]:
    paragraphs = [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]
    at = paragraphs.index(("Heading 1", "Förslag till beslut"))
    end = next((i for i, (style, _) in enumerate(paragraphs[at + 1:], at + 1) if style.startswith("Heading")),
               len(paragraphs))
    return paragraphs[at + 1:end]


def test_a_users_folder_overrides_one_styles_part_and_keeps_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    (folder / "beslut").mkdir(parents=True)
    (folder / "beslut" / "numrerade.xml.j2").write_text(
        "{% for punkt in avsnitt.innehall %}<p>Punkt {{ loop.index }}: {{ punkt }}</p>{% endfor %}", encoding="utf-8")
    assert _decision(_render("numrerade", folder)) == [
        ("Normal", "Punkt 1: godkänna förslaget."), ("Normal", "Punkt 2: ge kansliet i uppdrag.")]
    assert _decision(_render("att-satser", folder)) == _decision(_render("att-satser"))


def test_a_users_own_decision_template_need_not_include_the_part(tmp_path: Path) -> None:
    """A ``beslut.xml.j2`` written before the parts (one chain of styles) still serves every style."""
    (tmp_path / "beslut.xml.j2").write_text(
        "<h1>{{ avsnitt.rubrik }}</h1>{% if beslut.stil == 'mening' %}<p>Mening</p>{% endif %}"
        "{% for punkt in avsnitt.innehall %}<p>{{ beslut.stil }}: {{ punkt }}</p>{% endfor %}", encoding="utf-8")
    assert _decision(_render("strecksatser", tmp_path)) == [
        ("Normal", "strecksatser: godkänna förslaget."), ("Normal", "strecksatser: ge kansliet i uppdrag.")]


# --- one new row in a copy of the package ------------------------------------------------------------------------

_ROW = '    "fetstil": DecisionStyle("beslut/fetstil.xml.j2", "stycken i fetstil", ".", ".", None),\n'
_PART = ("{#- Beslutspunkterna i fetstil. -#}\n"
         "{% for punkt in avsnitt.innehall %}\n<p><b>{{ punkt }}</b></p>\n{% endfor %}\n")

_PROBE = """
import json, sys
from pathlib import Path
import memo
from memo.case import decisions
from memo.case.schema import case_schema
from memo.case.sections import FIELDS, key_table

folder = Path(sys.argv[1])
result = {
    "parts": {name: style.template for name, style in decisions.STYLES.items()},
    "description": next(f.description for f in FIELDS if f.key == "beslutsstil"),
    "readme": key_table(),
    "sentence": decisions.styles_described(),
    "schema": case_schema()["properties"]["beslutsstil"]["anyOf"][1]["anyOf"][0]["enum"],
    "message": decisions.unknown_style("punktform"),
}
case = memo.load_case(folder / "ärende.yaml")
result["style"] = case.beslutsstil
try:
    (folder / "pm.docx").write_bytes(memo.render(case))
    result["error"] = None
except memo.TemplateError as exc:
    result["error"] = [str(exc.location.file), exc.location.line, exc.message]
print(json.dumps(result, ensure_ascii=False))
"""

_CASE = """\
rubrik: Ny beslutsstil
diarienummer: KS 2026/1
handlaggare:
  namn: Anna Berg
  enhet: Kansliet
beslutsstil: Fetstil
forslag_till_beslut:
  - godkänna rapporten
  - lägga den till handlingarna
"""


def _copy_with_a_new_row(tmp_path: Path) -> Path:
    package = package_copy(tmp_path / "paket")
    table = package / "case" / "decisions.py"
    source = table.read_text(encoding="utf-8")
    anchor = "\n}\nDECISION_STYLES = tuple(STYLES)\n"
    assert source.count(anchor) == 1
    table.write_text(source.replace(anchor, "\n" + _ROW.rstrip("\n") + anchor, 1), encoding="utf-8")
    return package


def _probe(package: Path, work: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(package.parent), "MEMO_CACHE_DIR": ""}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(_PROBE), str(work)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_one_new_row_and_its_part_are_a_style_the_case_may_choose_and_the_docx_shows(tmp_path: Path) -> None:
    package = _copy_with_a_new_row(tmp_path)
    (package / "templates" / "beslut" / "fetstil.xml.j2").write_text(_PART, encoding="utf-8")
    work = tmp_path / "arende"
    work.mkdir()
    (work / "ärende.yaml").write_text(_CASE, encoding="utf-8")

    result = _probe(package, work)
    assert result["error"] is None
    assert result["style"] == "fetstil"  # accepted by the case's reader, in its canonical form
    assert result["schema"] == [*STYLES, "fetstil"]  # accepted by the schema
    assert str(result["description"]).startswith("`att-satser`, `numrerade`, `strecksatser`, `mening` eller "
                                                 "`fetstil`")  # named in the key's description
    assert "`mening` eller `fetstil` (annars profilens) |" in str(result["readme"])
    assert str(result["sentence"]).endswith("eller `fetstil` (stycken i fetstil)")
    assert str(result["message"]).endswith("mening eller fetstil.")
    assert unmatched(package / "templates", dict(result["parts"])) == []  # type: ignore[call-overload]

    with zipfile.ZipFile(work / "pm.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    for text in ("godkänna rapporten.", "lägga den till handlingarna."):  # the row's punctuation, the part's bold
        at = body.index(f">{text}</w:t>")
        run = body[body.rindex("<w:r>", 0, at):at]
        assert "<w:b/>" in run, run
    document = docx.Document(str(work / "pm.docx"))
    assert not any(p.style.name in ("Att-sats", "Beslutspunkt", "Beslutsinledning") for p in document.paragraphs)


def test_one_new_row_without_its_part_is_an_error_naming_the_part_never_plain_paragraphs(tmp_path: Path) -> None:
    package = _copy_with_a_new_row(tmp_path)
    work = tmp_path / "arende"
    work.mkdir()
    (work / "ärende.yaml").write_text(_CASE, encoding="utf-8")

    result = _probe(package, work)
    file, line, message = result["error"]  # type: ignore[misc]
    assert message == "Mallen 'beslut/fetstil.xml.j2' finns inte (eller pekar utanför mallmappen)."
    assert Path(file) == package / "templates" / "beslut.xml.j2" and line == 8
    assert not (work / "pm.docx").exists()
    assert unmatched(package / "templates", dict(result["parts"])) == [  # type: ignore[call-overload]
        "beslutsstilen 'fetstil' har ingen mall beslut/fetstil.xml.j2"]
