"""Bad profile folders: every folder in tests/bad_profiles/ is refused by every command, at its line and key.

One folder per fault, named after it: ``profil.yaml`` as it was written (the shipped reference
document is added when the folder has none), the files it names, and ``forvantat.txt`` with the
file the message must begin with, its line (``-``: none), its key (``-``: none), a piece of the
message, and optionally a word the message must not hold (``inte``: a case's advice in a profile's
message). A file that cannot be committed is made before the run (``gör``): a PNG whose header
claims a size (``png logo.png BREDD HÖJD [upplösning X Y]``, in pixels per metre), a file grown to a
size (``storlek``), a named pipe (``fifo``), a run of characters in place of ``@@LÅNG@@`` (``lång``),
a copy (``kopia``). Each is run as a handläggare runs memo — ``memo``, ``memo kontrollera``,
``memo schema`` and ``memo ny`` — and must end with exit code 1, a Swedish message naming the file,
line and key, no traceback, and nothing written. A folder with a named pipe runs memo in a process
of its own with a time limit, so that a pipe memo waits on fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import NamedTuple

import pytest

import memo
from conftest import SEED_SAMPLE
from memo.cli import main

BAD_PROFILES = Path(__file__).resolve().parent / "bad_profiles"
FOLDERS = sorted(p.name for p in BAD_PROFILES.iterdir() if p.is_dir())
STANDARD = Path(memo.__file__).resolve().parent / "profiles" / "standard"
SECONDS = 30.0
CASE = ("rubrik: Nytt städavtal\n"
        "diarienummer: KS 2026/17\n"
        "handlaggare: {namn: Anna Berg, enhet: Kansliet}\n"
        "beslutsinstans: Kommunstyrelsen\n"
        "forslag_till_beslut:\n"
        "  - godkänna avtalet\n")


class Expected(NamedTuple):
    file: str
    line: int | None
    key: str | None
    message: str
    absent: str | None
    make: tuple[tuple[str, ...], ...]


def expected(folder: Path) -> Expected:
    fields: dict[str, str] = {}
    make: list[tuple[str, ...]] = []
    for line in (folder / "forvantat.txt").read_text("utf-8").splitlines():
        name, value = line.split(": ", 1)
        if name == "gör":
            make.append(tuple(value.split()))
        else:
            fields[name] = value
    return Expected(fields["fil"], None if fields["rad"] == "-" else int(fields["rad"]),
                    None if fields["nyckel"] == "-" else fields["nyckel"], fields["meddelande"], fields.get("inte"),
                    tuple(make))


def png(width: int, height: int, per_metre: tuple[int, int] | None = None, extra: bytes = b"") -> bytes:
    """A PNG built by hand: its header says ``width`` × ``height`` (whatever its one row of data holds), with a
    resolution (pHYs, pixels per metre) and an ancillary chunk of ``extra`` bytes when given. Every CRC is valid."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    chunks = [chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))]
    if per_metre is not None:
        chunks.append(chunk(b"pHYs", struct.pack(">IIB", *per_metre, 1)))
    if extra:
        chunks.append(chunk(b"prVt", extra))  # a private, ancillary chunk: readers skip it
    chunks += [chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")), chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def make(folder: Path, step: tuple[str, ...]) -> None:
    verb, name, *rest = step
    path = folder / name
    if verb == "png":
        per_metre = (int(rest[3]), int(rest[4])) if len(rest) == 5 and rest[2] == "upplösning" else None
        path.write_bytes(png(int(rest[0]), int(rest[1]), per_metre))
    elif verb == "storlek":
        with path.open("r+b") as stream:  # the picture stays whole; the rest of the file is a hole on disk
            stream.truncate(int(rest[0]))
    elif verb == "fifo":
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    elif verb == "lång":
        path.write_text(path.read_text("utf-8").replace("@@LÅNG@@", "x" * int(rest[0])), "utf-8")
    elif verb == "kopia":
        shutil.copyfile(folder / name, folder / rest[0])
    else:
        raise AssertionError(f"okänt steg: {step}")


def profile_folder(name: str, tmp_path: Path) -> tuple[Path, Expected]:
    folder = shutil.copytree(BAD_PROFILES / name, tmp_path / name)
    wanted = expected(folder)
    if not (folder / "referens.docx").exists():
        shutil.copyfile(STANDARD / "referens.docx", folder / "referens.docx")
    for step in wanted.make:
        make(folder, step)
    return folder, wanted


def has_pipe(wanted: Expected) -> bool:
    return any(step[0] == "fifo" for step in wanted.make)


class Run(NamedTuple):
    code: int
    out: str
    err: str


def run_memo(args: list[str], own_process: bool, capsys: pytest.CaptureFixture[str]) -> Run:
    """The memo command, in this process or (for a folder with a named pipe) in one of its own, with a time limit."""
    if not own_process:
        code = main(args)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)
    try:
        done = subprocess.run([sys.executable, "-m", "memo", *args], capture_output=True, timeout=SECONDS,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"}, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"memo {' '.join(args)} väntade mer än {SECONDS:.0f} s (på en namngiven pipe?)")
    return Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


def commands(folder: Path, work: Path) -> dict[str, list[str]]:
    case = work / "ärende.yaml"
    case.write_text(CASE, encoding="utf-8")
    return {
        "memo": [str(case), "--profil", str(folder), "-o", str(work / "ut" / "pm.docx")],
        "kontrollera": ["kontrollera", str(case), "--profil", str(folder)],
        "schema": ["schema", "--profil", str(folder)],
        "ny": ["ny", str(work / "ut" / "nytt.yaml"), "--profil", str(folder)],
    }


def test_every_bad_profile_folder_says_what_it_expects() -> None:
    assert len(FOLDERS) >= 30
    for name in FOLDERS:
        wanted = expected(BAD_PROFILES / name)
        assert (BAD_PROFILES / name / "profil.yaml").is_file(), name
        assert wanted.file and wanted.message, name


@pytest.mark.parametrize("command", ["memo", "kontrollera", "schema", "ny"])
@pytest.mark.parametrize("name", FOLDERS)
def test_a_bad_profile_is_refused_at_its_file_line_and_key_by_every_command(
        name: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, wanted = profile_folder(name, tmp_path)
    work = tmp_path / "arbete"
    (work / "ut").mkdir(parents=True)
    run = run_memo(commands(folder, work)[command], has_pipe(wanted), capsys)
    assert run.code == 1, run
    assert "Traceback" not in run.err
    assert run.out == "", "nothing on standard output: no schema, no file named as written"
    first = run.err.splitlines()[0]
    heading = f"memo: {folder.resolve() / wanted.file}"
    if wanted.line is not None:
        heading += f", rad {wanted.line}"
    assert first.startswith(heading), run.err
    if wanted.key is not None:
        assert f"nyckel {wanted.key}: " in first, run.err
    else:
        assert "nyckel" not in first.split(": ", 2)[1], run.err
    assert wanted.message in first, run.err
    counted = f"{work / 'ärende.yaml'}: 1 fel"  # kontrollera's line for the case, after its error
    if command == "kontrollera":
        assert run.err.splitlines()[-1] == counted, run.err
    if wanted.absent is not None:
        assert wanted.absent not in run.err.replace(counted, ""), run.err
    assert not any((work / "ut").iterdir()), "nothing may be written"


def test_a_broken_profile_in_a_batch_names_each_case_that_uses_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = profile_folder("logo_is_text", tmp_path)
    cases = tmp_path / "ärenden"
    cases.mkdir()
    for name in ("a", "b"):
        (cases / f"{name}.yaml").write_text(f"profil: ../{folder.name}\n{CASE}", encoding="utf-8")
    (cases / "c.yaml").write_text(f"profil: standard\n{CASE}", encoding="utf-8")
    out = tmp_path / "ut"
    out.mkdir()

    assert main([str(cases), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    named = [line for line in err.splitlines() if line.startswith("memo: ") and "varning" not in line]
    profile_file = folder.resolve() / "profil.yaml"
    assert named == [f"memo: {cases / name}.yaml: ärendets profil har fel: {profile_file}, rad 3, kolumn 8, nyckel "
                     "logo.fil: Logotypen 'logo.png' är text, inte en bild; memo tar logotyper i PNG, JPEG, GIF, BMP "
                     "eller TIFF. Spara den som PNG." for name in ("a", "b")]
    assert sorted(p.name for p in out.iterdir()) == ["c.docx"]

    assert main(["kontrollera", str(cases)]) == 1
    captured = capsys.readouterr()
    assert [line.split(": ärendets profil har fel: ")[0] for line in captured.err.splitlines()
            if "ärendets profil har fel" in line] == [f"memo: {cases / 'a.yaml'}", f"memo: {cases / 'b.yaml'}"]
    assert f"{cases / 'c.yaml'}: inga fel" in captured.out


def test_a_broken_profile_for_one_case_is_said_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = profile_folder("logo_is_text", tmp_path)
    assert main([str(SEED_SAMPLE), "--profil", str(folder), "-o", str(tmp_path / "pm.docx")]) == 1
    assert capsys.readouterr().err.startswith(f"memo: {folder.resolve() / 'profil.yaml'}, rad 3")


def test_a_direction_override_in_the_name_given_to_profil_ny_is_refused_and_nothing_is_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ny-profil"
    assert main(["profil", "ny", str(target), "--från", str(STANDARD / "referens.docx"),
                 "--namn", "Exempels \u202enummok"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("memo: Organisationens namn 'Exempels \\u202enummok' (--namn, i Python name=…) går inte att "
                          "använda i sidhuvudet: Värdet innehåller en osynlig riktningsmarkör (U+202E"), err
    assert "Traceback" not in err and "MemoWarning" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
