"""memo's cache on disk: a new process writes the same memo without python-docx, and a cache is never a fault.

Each run here is a new Python process with its own cache folder (MEMO_CACHE_DIR), the way
a handläggare runs ``memo`` again and again.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import memo
from conftest import SAMPLES, SEED_SAMPLE

SCRIPT = r"""
import io, json, sys, zipfile
import jinja2
import memo
compiled = []
original = jinja2.Environment.compile
def counting(self, *args, **kwargs):
    compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
    return original(self, *args, **kwargs)
jinja2.Environment.compile = counting
templates = sys.argv[3] or None
data = memo.render(sys.argv[1], profile=sys.argv[2] or None, templates=templates)
with zipfile.ZipFile(io.BytesIO(data)) as archive:
    parts = {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}
loaded = sorted(name for name in ("docx", "fontTools", "lxml") if name in sys.modules)
print(json.dumps({"loaded": loaded, "compiled": compiled, "parts": parts}))
"""


def _render(case: Path | str, cache: Path | str | None, profile: Path | str = "", templates: Path | str = "",
            env: dict[str, str] | None = None) -> dict[str, Any]:
    environment = {**os.environ, **(env or {})}
    if cache is None:
        environment.pop("MEMO_CACHE_DIR", None)
    else:
        environment["MEMO_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(case), str(profile), str(templates)],
                          capture_output=True, text=True, env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _payload(entry: Path) -> bytes:
    """What a cache entry holds, without memo's header and checksum."""
    return entry.read_bytes()[len(b"memo-cache-1\n") + 32:]


def _rewrite(entry: Path, payload: bytes) -> None:
    """Replace an entry's content as memo writes it (header, checksum): damage that a checksum cannot see."""
    entry.write_bytes(b"memo-cache-1\n" + hashlib.sha256(payload).digest() + payload)


def _profile_folder(folder: Path, reference: str = "standard") -> Path:
    folder.mkdir()
    source = importlib.resources.files("memo.profiles") / reference / "referens.docx"
    with importlib.resources.as_file(source) as path:
        shutil.copyfile(path, folder / "referens.docx")
    (folder / "profil.yaml").write_text("namn: Norrby kommun\nadress: [Box 1, 123 45 Norrby]\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("profile", ["standard", "region-orebro-lan"])
def test_a_second_process_writes_the_same_memo_without_python_docx_lxml_or_compiling(
        tmp_path: Path, profile: str) -> None:
    first = _render(SEED_SAMPLE, tmp_path / "cache", profile)
    second = _render(SEED_SAMPLE, tmp_path / "cache", profile)
    assert "docx" in first["loaded"] and "memo.xml.j2" in first["compiled"]
    assert second["loaded"] == [] and second["compiled"] == []
    assert second["parts"] == first["parts"]
    assert "Industrihubb" in second["parts"]["word/document.xml"]
    assert list((tmp_path / "cache" / "referens").glob("*.json"))
    assert list((tmp_path / "cache").glob("mallar-*/__jinja2_*.cache"))


def test_a_damaged_cache_is_made_again_and_the_memo_is_the_same(tmp_path: Path) -> None:
    first = _render(SEED_SAMPLE, tmp_path / "cache")
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert len(entries) > 5
    for number, entry in enumerate(entries):
        entry.write_bytes(b"trasig" if number % 2 else entry.read_bytes()[: len(entry.read_bytes()) // 2])
    second = _render(SEED_SAMPLE, tmp_path / "cache")
    assert second["parts"] == first["parts"]
    assert "docx" in second["loaded"]
    stored = _payload(next((tmp_path / "cache" / "referens").glob("*.json")))
    assert json.loads(stored)["format"] >= 1  # written anew, whole
    third = _render(SEED_SAMPLE, tmp_path / "cache")
    assert third["loaded"] == [] and third["compiled"] == [] and third["parts"] == first["parts"]


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "en-fil"
    blocker.write_text("ingen mapp", encoding="utf-8")
    result = _render(SEED_SAMPLE, blocker / "cache")
    assert "Industrihubb" in result["parts"]["word/document.xml"]
    assert blocker.read_text(encoding="utf-8") == "ingen mapp"


@pytest.mark.parametrize("damage", ["static-zip-not-a-zip", "static-zip-damaged-inside", "deeply-nested-json",
                                    "wrong-field-type"])
def test_a_prepared_reference_damaged_inside_is_prepared_again(tmp_path: Path, damage: str) -> None:
    first = _render(SEED_SAMPLE, tmp_path / "cache")
    (entry,) = (tmp_path / "cache" / "referens").glob("*.json")
    fields = json.loads(_payload(entry))
    if damage == "static-zip-not-a-zip":
        fields["static_zip"] = base64.b64encode(b"not a zip at all").decode()
    elif damage == "static-zip-damaged-inside":
        static = bytearray(base64.b64decode(fields["static_zip"]))
        middle = static.index(b"word/styles.xml") + 60
        static[middle:middle + 5] = b"\xff\x00\xff\x00\xff"
        fields["static_zip"] = base64.b64encode(bytes(static)).decode()
    elif damage == "wrong-field-type":
        fields["text_width"] = "8504"
    _rewrite(entry, b"[" * 200_000 if damage == "deeply-nested-json" else json.dumps(fields).encode())
    second = _render(SEED_SAMPLE, tmp_path / "cache")
    assert second["parts"] == first["parts"] and "docx" in second["loaded"]
    rewritten = json.loads(_payload(entry))  # the entry is written anew, whole
    assert isinstance(rewritten["text_width"], int) and base64.b64decode(rewritten["static_zip"])[:2] == b"PK"
    third = _render(SEED_SAMPLE, tmp_path / "cache")
    assert third["parts"] == first["parts"] and third["loaded"] == []


def test_a_reference_prepared_by_other_code_is_not_used(tmp_path: Path) -> None:
    """Another memo version (here: a copy whose preparation sets another language) prepares anew."""
    copy = tmp_path / "annan-version"
    shutil.copytree(Path(memo.__file__).parent, copy / "memo", ignore=shutil.ignore_patterns("__pycache__"))
    preparer = copy / "memo" / "word" / "prepare.py"
    preparer.write_text(preparer.read_text(encoding="utf-8").replace('language = "sv-SE"', 'language = "sv-FI"'),
                        encoding="utf-8")
    ours = _render(SEED_SAMPLE, tmp_path / "cache")
    theirs = _render(SEED_SAMPLE, tmp_path / "cache", env={"PYTHONPATH": str(copy)})
    assert "<dc:language>sv-SE</dc:language>" in ours["parts"]["docProps/core.xml"]
    assert "<dc:language>sv-FI</dc:language>" in theirs["parts"]["docProps/core.xml"]
    assert "docx" in theirs["loaded"]


@pytest.mark.skipif(os.name != "posix", reason="folder permissions are POSIX")
def test_a_cache_folder_others_may_write_to_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "delad"
    shared.mkdir()
    shared.chmod(0o777)
    result = _render(SEED_SAMPLE, shared)
    assert "Industrihubb" in result["parts"]["word/document.xml"]
    assert list(shared.rglob("*.json")) == [] and list(shared.rglob("*.cache")) == []


def test_cache_entries_that_cannot_be_read_or_replaced_are_no_error(tmp_path: Path) -> None:
    first = _render(SEED_SAMPLE, tmp_path / "cache")
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    for entry in entries:  # a folder where each entry was: it can be neither read nor replaced
        entry.unlink()
        entry.mkdir()
    second = _render(SEED_SAMPLE, tmp_path / "cache")
    assert second["parts"] == first["parts"]
    assert "docx" in second["loaded"] and second["compiled"]
    assert all(entry.is_dir() for entry in entries)


def test_an_empty_MEMO_CACHE_DIR_turns_the_cache_off_and_otherwise_it_is_the_users_cache(tmp_path: Path) -> None:
    home = {"HOME": str(tmp_path / "hem"), "XDG_CACHE_HOME": str(tmp_path / "xdg"), "LOCALAPPDATA": str(tmp_path)}
    off = _render(SEED_SAMPLE, "", env=home)
    assert "docx" in off["loaded"]
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "hem").exists()
    if sys.platform.startswith("linux"):
        on = _render(SEED_SAMPLE, None, env=home)
        assert on["parts"] == off["parts"]
        assert list((tmp_path / "xdg" / "memo" / "referens").glob("*.json"))


def test_an_edited_reference_document_is_used_even_with_the_old_modification_time(tmp_path: Path) -> None:
    folder = _profile_folder(tmp_path / "profil")
    reference = folder / "referens.docx"
    stamp = reference.stat().st_mtime_ns
    before = _render(SEED_SAMPLE, tmp_path / "cache", folder)
    region = importlib.resources.files("memo.profiles") / "region-orebro-lan" / "referens.docx"
    with importlib.resources.as_file(region) as path:
        shutil.copyfile(path, reference)
    os.utime(reference, ns=(stamp, stamp))
    after = _render(SEED_SAMPLE, tmp_path / "cache", folder)
    headers = lambda result: "".join(v for k, v in result["parts"].items() if k.startswith("word/header"))  # noqa: E731
    assert "Tjänsteställe" not in headers(before)  # the region's own label
    assert "Tjänsteställe" in headers(after)
    assert "docx" in after["loaded"]


def test_an_edited_section_template_is_compiled_again(tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    folder.mkdir()
    template = folder / "sammanfattning.xml.j2"
    template.write_text('<h1>Sammanfattning</h1><p>Första lydelsen.</p>\n', encoding="utf-8")
    first = _render(SEED_SAMPLE, tmp_path / "cache", templates=folder)
    template.write_text('<h1>Sammanfattning</h1><p>Andra lydelsen.</p>\n', encoding="utf-8")
    second = _render(SEED_SAMPLE, tmp_path / "cache", templates=folder)
    assert "Första lydelsen." in first["parts"]["word/document.xml"]
    assert "Andra lydelsen." in second["parts"]["word/document.xml"]
    assert second["compiled"] == ["sammanfattning.xml.j2"]
    assert "Första lydelsen." not in second["parts"]["word/document.xml"]


def test_the_prepared_reference_survives_its_own_round_trip() -> None:
    from memo.profile.reference import PreparedReference, prepare_reference

    profile = memo.load_profile("region-orebro-lan")
    prepared = prepare_reference(profile.reference)
    assert PreparedReference.from_json(prepared.to_json()) == prepared
    assert PreparedReference.from_json(b'{"format": 0}') is None
    assert PreparedReference.from_json(b"\x00not json") is None
    wrong = json.loads(prepared.to_json())
    wrong["next_num_id"] = "7"
    assert PreparedReference.from_json(json.dumps(wrong).encode()) is None


FORMATTING = r"""
import json, sys
from babel import localedata
import memo
numbers = [0, 1, -1, 2.5, -2.5, 1234567.891, "250 000", "−0,5", "1 234,50", 10**15, 0.001]
dates = [f"2026-{month:02}-{day:02}" for month in range(1, 13) for day in (1, 15, 28)]
out = {
    "tal": [memo.tal(n) for n in numbers] + [memo.tal(n, 2) for n in numbers],
    "kronor": [memo.kronor(n) for n in numbers] + [memo.tkr(n) for n in numbers] + [memo.mnkr(n) for n in numbers],
    "procent": [memo.procent(n) for n in numbers],
    "datum": [memo.datum(d) + "|" + memo.langt_datum(d) + "|" + memo.veckodag(d) for d in dates],
    "tolkat": [str(memo.parse_date(memo.langt_datum(d))) for d in dates],
    "klockslag": [memo.klockslag(t) for t in ("08.00", "13:15", 795)],
}
print(json.dumps({"out": out, "root_loaded": "root" in localedata._cache}))
"""


def test_babels_swedish_data_from_the_cache_formats_exactly_as_babel_itself(tmp_path: Path) -> None:
    def run(cache: str) -> dict[str, Any]:
        done = subprocess.run([sys.executable, "-c", FORMATTING], capture_output=True, text=True, check=True,
                              env={**os.environ, "MEMO_CACHE_DIR": cache})
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    plain = run("")
    first = run(str(tmp_path / "cache"))
    second = run(str(tmp_path / "cache"))
    assert plain["root_loaded"] and first["root_loaded"]
    assert not second["root_loaded"]  # the merged data came from the cache
    assert second["out"] == first["out"] == plain["out"]
    assert "1\u00a0juli\u00a02026" in second["out"]["datum"][18]
    (entry,) = (tmp_path / "cache" / "babel").glob("sv_SE-*.pickle")
    entry.write_bytes(b"\x80\x05trasig")
    assert run(str(tmp_path / "cache"))["out"] == plain["out"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links as a user makes them")
def test_a_cache_folder_that_is_a_symbolic_link_is_not_used_nor_written_through(tmp_path: Path) -> None:
    private = tmp_path / "privat"
    private.mkdir(mode=0o700)
    link = tmp_path / "cache"
    link.symlink_to(private)
    result = _render(SEED_SAMPLE, link)
    assert "Industrihubb" in result["parts"]["word/document.xml"]
    assert list(private.iterdir()) == []  # nothing made inside the folder the link points at


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME places the folder on Linux")
def test_memos_own_cache_folder_made_under_a_group_umask_is_made_private_and_used(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    (xdg / "memo" / "referens").mkdir(parents=True)
    for folder in (xdg / "memo", xdg / "memo" / "referens"):
        folder.chmod(0o775)  # as made under umask 002
    result = _render(SEED_SAMPLE, None, env={"XDG_CACHE_HOME": str(xdg), "HOME": str(tmp_path)})
    assert "Industrihubb" in result["parts"]["word/document.xml"]
    assert list((xdg / "memo" / "referens").glob("*.json"))
    assert (xdg / "memo").stat().st_mode & 0o077 == 0


# --- a long-running process (a service that renders on request): edits take effect on the next memo ------------


def _story_text(data: bytes) -> str:
    """The text of every header and footer part of a DOCX."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith(("word/header", "word/footer")))


def _body_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_templates_profile_and_reference_edited_between_renders_take_effect_in_the_same_process(
        tmp_path: Path) -> None:
    """Each round edits the files — keeping their size and modification time, as a quick second save in the
    same clock tick does — and the next memo, in this same process, shows the edit."""
    folder = _profile_folder(tmp_path / "profil")
    templates = folder / "mallar"
    templates.mkdir()
    (folder / "profil.yaml").write_text("namn: Kommun nummer 0\nmallar: mallar\n", encoding="utf-8")
    template = templates / "sammanfattning.xml.j2"
    references = ["standard", "region-orebro-lan"]

    def keep_stamp(path: Path, stamp: int) -> None:
        os.utime(path, ns=(stamp, stamp))

    for round_number in range(1, 6):
        stamp = template.stat().st_mtime_ns if template.exists() else None
        template.write_text(f"<h1>Sammanfattning</h1><p>Lydelse nummer {round_number}.</p>\n", encoding="utf-8")
        if stamp is not None:
            keep_stamp(template, stamp)
        profile = folder / "profil.yaml"
        stamp = profile.stat().st_mtime_ns
        profile.write_text(f"namn: Kommun nummer {round_number}\nmallar: mallar\n", encoding="utf-8")
        keep_stamp(profile, stamp)
        reference = folder / "referens.docx"
        source = importlib.resources.files("memo.profiles") / references[round_number % 2] / "referens.docx"
        with importlib.resources.as_file(source) as path:
            shutil.copyfile(path, reference)
        data = memo.render(SEED_SAMPLE, profile=folder)
        body, stories = _body_text(data), _story_text(data)
        assert f"Lydelse nummer {round_number}." in body
        assert f"Lydelse nummer {round_number - 1}." not in body
        assert ("Tjänsteställe" in stories) == (references[round_number % 2] == "region-orebro-lan")
        assert f"Kommun nummer {round_number}" in stories or f"Kommun nummer {round_number}" in body


def test_a_template_added_or_removed_while_the_process_runs_is_seen_on_the_next_memo(tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "annat.xml.j2").write_text("<p>Inte ett avsnitt.</p>\n", encoding="utf-8")
    shipped = memo.render(SEED_SAMPLE, templates=folder)
    own = folder / "uppfoljning.xml.j2"
    own.write_text("<h1>Uppföljning</h1><p>Egen mall för uppföljningen.</p>\n", encoding="utf-8")
    assert "Egen mall för uppföljningen." in _body_text(memo.render(SEED_SAMPLE, templates=folder))
    own.unlink()
    assert _body_text(memo.render(SEED_SAMPLE, templates=folder)) == _body_text(shipped)
    # A template of the same name as a shipped one that is already loaded (every prose section's) wins at once.
    (folder / "prosa.xml.j2").write_text("<h1>{{ avsnitt.rubrik }}</h1><p>Egen prosamall.</p>\n", encoding="utf-8")
    assert "Egen prosamall." in _body_text(memo.render(SEED_SAMPLE, templates=folder))


def test_a_value_set_in_an_imported_template_does_not_reach_the_next_memo(tmp_path: Path) -> None:
    """Jinja keeps an imported template's module on the template: memo makes it anew for every memo."""
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "minne.xml.j2").write_text('{% set ns = namespace(senast="(inget)") %}\n', encoding="utf-8")
    (folder / "sammanfattning.xml.j2").write_text(
        '{% import "minne.xml.j2" as minne %}{% set n = minne.ns %}<h1>Sammanfattning</h1>'
        "<p>Förra: {{ n.senast }}</p>{% set n.senast = arende.diarienummer %}\n", encoding="utf-8")
    first = _body_text(memo.render(SEED_SAMPLE, templates=folder))
    second = _body_text(memo.render(SAMPLES / "tjansteskrivelse-forskola-norrby.yaml", templates=folder))
    assert "Förra: (inget)" in first and "Förra: (inget)" in second


def test_a_template_added_in_a_subfolder_is_seen_on_the_next_memo(tmp_path: Path) -> None:
    first, second = tmp_path / "egna", tmp_path / "gemensamma"
    (first / "delar").mkdir(parents=True)
    (second / "delar").mkdir(parents=True)
    (second / "delar" / "rad.xml.j2").write_text("<p>Från de gemensamma.</p>\n", encoding="utf-8")
    (first / "sammanfattning.xml.j2").write_text('<h1>Sammanfattning</h1>{% include "delar/rad.xml.j2" %}\n',
                                                 encoding="utf-8")
    assert "Från de gemensamma." in _body_text(memo.render(SEED_SAMPLE, templates=[first, second]))
    (first / "delar" / "rad.xml.j2").write_text("<p>Från de egna.</p>\n", encoding="utf-8")
    assert "Från de egna." in _body_text(memo.render(SEED_SAMPLE, templates=[first, second]))
