"""``memo ny``: a starter case for every shipped profile and kind of memo, that renders once it is filled in."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
import yaml

import memo
from conftest import ROOT, SAMPLES
from memo.case.schema import SCHEMA_FILE, case_schema
from memo.case.sections import FIELDS, HANDLAGGARE, Kind
from memo.case.starter import DOCUMENT_TYPES, document_type, starter_case
from memo.cli import main
from memo.profile.optional import relaxed
from memo.read.source import read_yaml
from test_schema import _plain

PROFILES = [*memo.available_profiles(),
            *(f"samples/profiler/{p.name}" for p in sorted((SAMPLES / "profiler").iterdir()))]
_DATES = {"datum", "sammantradesdatum", "ert_datum"}
_EMPTY = re.compile(r"^(\s*)(-|[^\s#:]+:)\s*(#.*)?$")


def _only_the_required_filled(text: str) -> str:
    """The starter as a hurried handläggare fills it: only the keys marked (obligatoriskt), and each '-' item."""
    lines = text.splitlines()
    out = []
    for n, line in enumerate(lines):
        found = _EMPTY.match(line)
        following = lines[n + 1] if n + 1 < len(lines) else ""
        parent = found is not None and len(following) - len(following.lstrip()) > len(found.group(1)) \
            and not following.lstrip().startswith("#")
        if found and not parent and ("(obligatoriskt)" in line or found.group(2) == "-"):
            key = found.group(2).rstrip(":")
            value = "2026-06-01" if key in _DATES else f"Text om {key if key != '-' else 'punkten'}"
            line = f"{found.group(1)}{found.group(2)} {value}"
        out.append(line)
    return "\n".join(out) + "\n"


def _filled(value: Any, key: str = "") -> Any:
    """The starter with each empty value filled as a handläggare would."""
    if isinstance(value, dict):
        return {k: _filled(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v, key) for v in value]
    if value is None:
        return "2026-06-01" if key in _DATES else f"Text om {key or 'punkten'}"
    return value


def _starter(tmp_path: Path, profile: str, kind: str) -> Path:
    path = tmp_path / "ärenden" / f"{Path(profile).name}-{kind}.yaml"  # a profile folder relative to elsewhere
    path.parent.mkdir(exist_ok=True)
    assert main(["ny", str(path), "--profil", str(ROOT / profile) if "/" in profile else profile, "--typ", kind]) == 0
    return path


@pytest.mark.parametrize("kind", list(DOCUMENT_TYPES))
@pytest.mark.parametrize("profile", PROFILES)
def test_a_filled_in_starter_renders_passes_the_check_and_the_schema(tmp_path: Path, profile: str,
                                                                       kind: str) -> None:
    path = _starter(tmp_path, profile, kind)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={SCHEMA_FILE}\n")
    schema = json.loads((path.parent / SCHEMA_FILE).read_text(encoding="utf-8"))
    chosen = memo.load_profile(ROOT / profile if "/" in profile else profile)
    decision = chosen.has_decision(DOCUMENT_TYPES[kind].dokumenttyp)
    for spec in chosen.sections:  # every section the profile declares is there, the required ones marked
        lines = [line for line in text.splitlines() if line.lstrip("# ").startswith(f"{spec.key}:")]
        if spec.kind is Kind.DECISION and not decision:  # a letter: no decision lines
            assert lines == [], lines
            continue
        assert ("(obligatoriskt)" in lines[0]) == spec.required, lines[0]
    unfilled = memo.validate(path)
    assert not unfilled.ok  # what is left to fill in is what the check says
    assert all(any(word in e.message.lower() for word in ("fyll", "saknas", "tom")) for e in unfilled.errors)
    hurried = path.parent / "bara-det-obligatoriska.yaml"
    hurried.write_text(_only_the_required_filled(text), encoding="utf-8")
    report = memo.validate(hurried)
    assert report.ok, [str(e) for e in report.errors]
    root, _ = read_yaml(hurried)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(_plain(root))) == []
    filled = path.parent / "ifyllt.yaml"
    filled.write_text(yaml.safe_dump(_filled(yaml.safe_load(text)), allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    report = memo.validate(filled)
    assert report.ok, [str(e) for e in report.errors]
    document = docx.Document(io.BytesIO(memo.render(filled)))
    title = next(p for p in document.paragraphs if p.style.name == "Title")  # after the profile's field lines, if any
    assert title.text == "Text om rubrik"
    assert document.core_properties.subject == DOCUMENT_TYPES[kind].dokumenttyp
    root, _ = read_yaml(filled)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(_plain(root))) == []
    assert schema == case_schema(chosen)


def test_the_starter_of_a_yttrande_has_the_fields_of_an_answer() -> None:
    text = starter_case(memo.load_profile("standard"), DOCUMENT_TYPES["yttrande"], profile_name="standard",
                        schema=SCHEMA_FILE)
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert {"till", "ert_datum", "er_beteckning"} <= set(keys)
    assert "forslagsstallare" not in keys


def _keys(path: Path) -> set[str]:
    """The keys a starter asks for, those of the handläggare as ``handlaggare.titel``."""
    keys, parent = set(), ""
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.split(":")[0].strip()
        if line[:1].isalpha():
            keys.add(key)
            parent = key
        elif line.startswith("  ") and key.isidentifier():
            keys.add(f"{parent}.{key}")
    return keys


def test_memo_ny_asks_only_for_the_optional_fields_the_profile_shows(tmp_path: Path) -> None:
    """Nynäshamn's reference shows neither the handläggare's title, förvaltning, e-mail and telephone nor the letter
    answered: its yttrande does not ask for them, the standard profile's does."""
    unshown = {"handlaggare.titel", "handlaggare.forvaltning", "handlaggare.epost", "handlaggare.telefon",
               "ert_datum", "er_beteckning"}
    assert unshown <= _keys(_starter(tmp_path, "standard", "yttrande"))
    assert not unshown & _keys(_starter(tmp_path, "samples/profiler/nynashamn-kommunstyrelsen", "yttrande"))


@pytest.mark.parametrize("kind", list(DOCUMENT_TYPES))
@pytest.mark.parametrize("profile", PROFILES)
def test_memo_ny_asks_for_every_required_field_whatever_the_profile_shows(tmp_path: Path, profile: str,
                                                                         kind: str) -> None:
    text = _starter(tmp_path, profile, kind).read_text(encoding="utf-8")
    chosen = memo.load_profile(ROOT / profile if "/" in profile else profile)
    required = [f.key for f in FIELDS if f.required and f.key not in chosen.valfria_falt]
    handlaggare = relaxed(HANDLAGGARE, "handlaggare", chosen.valfria_falt).required  # less what the profile lets go
    for key in (*required, *(f"  {name}" for name in handlaggare)):  # a handläggare's, wherever one is
        assert re.search(rf"^{key}: +# \(obligatoriskt\)", text, re.MULTILINE), key


def test_memo_ny_of_a_profile_with_its_own_templates_asks_for_every_field(tmp_path: Path) -> None:
    """What a profile's own templates read is known only when a memo is made: every field is asked for."""
    profile = tmp_path / "kommunen"
    (profile / "mallar").mkdir(parents=True)
    (profile / "referens.docx").write_bytes((ROOT / "samples" / "profiler" / "nynashamn-kommunstyrelsen" /
                                             "referens.docx").read_bytes())
    (profile / "profil.yaml").write_text("namn: Kommunen\nmallar: mallar\n", encoding="utf-8")
    path = tmp_path / "nytt.yaml"
    assert main(["ny", str(path), "--profil", str(profile), "--typ", "yttrande"]) == 0
    assert {"handlaggare.titel", "handlaggare.epost", "ert_datum", "er_beteckning"} <= _keys(path)


def test_a_kind_of_memo_may_be_written_without_aa_ae_oe() -> None:
    assert document_type("svar-pa-motion") is DOCUMENT_TYPES["svar-på-motion"]
    assert document_type("Foredragnings-PM") is DOCUMENT_TYPES["föredragnings-pm"]
    assert document_type("protokoll") is None


def test_memo_ny_never_replaces_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ärende.yaml"
    path.write_text("rubrik: Mitt eget ärende\n", encoding="utf-8")
    (tmp_path / SCHEMA_FILE).write_text("{}", encoding="utf-8")
    assert main(["ny", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"memo: {path}: ") and "finns redan" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == "rubrik: Mitt eget ärende\n"
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == "{}"


def test_memo_ny_on_a_full_disk_leaves_no_half_written_case(small_disk: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """memo ny wrote the starter straight into the new file: a full disk left half a case, which the next
    memo ny then refused to replace."""
    path = small_disk / "ärende.yaml"
    starter = len(starter_case(memo.load_profile("standard"), DOCUMENT_TYPES["tjänsteskrivelse"],
                               profile_name="standard", schema=SCHEMA_FILE).encode("utf-8"))
    stats = os.statvfs(small_disk)
    (small_disk / "fyllnad").write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - starter // 2))
    assert main(["ny", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"memo: {path}: ") and "disken är full" in err.lower() and "Traceback" not in err
    assert sorted(p.name for p in small_disk.iterdir()) == ["fyllnad"]  # no case, no temporary file


def test_memo_ny_with_an_unknown_kind_lists_the_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["ny", str(tmp_path / "a.yaml"), "--typ", "protokoll"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "protokoll" in err and all(kind in err for kind in DOCUMENT_TYPES)
    assert not (tmp_path / "a.yaml").exists()
