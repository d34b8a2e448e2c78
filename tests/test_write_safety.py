"""Nothing is lost when writing: failures leave the old file as it was and no partial file behind,
and a memo edited by hand after memo wrote it is not overwritten unless asked for."""

from __future__ import annotations

import errno
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import docx
import pytest

import memo
from conftest import SEED_SAMPLE
from memo.cli import main
from memo.word.output import check_overwrite, fingerprint_of, write_atomically


@pytest.fixture(scope="module")
def memo_bytes() -> bytes:
    return memo.render(SEED_SAMPLE)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "ut"
    target.mkdir()
    return target


@pytest.fixture
def existing(folder: Path) -> Path:
    """A memo written by memo earlier, which every failed write must leave byte for byte as it was."""
    path = folder / "pm.docx"
    memo.write(SEED_SAMPLE, path)
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def body_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def edit_in_word(path: Path) -> None:
    """What a handläggare does: open the memo, change a sentence, save."""
    document = docx.Document(str(path))
    document.paragraphs[-1].text += " Tillägg av handläggaren."
    document.save(str(path))


# --- failures leave everything as it was ---------------------------------------------------------------


def test_a_folder_as_target_is_refused(folder: Path) -> None:
    (folder / "pm.docx").mkdir()
    with pytest.raises(memo.OutputError, match="mapp med det namnet") as caught:
        memo.write(SEED_SAMPLE, folder / "pm.docx")
    assert caught.value.file == folder / "pm.docx"
    assert listing(folder) == ["pm.docx"] and (folder / "pm.docx").is_dir()


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(memo.OutputError, match="finns inte"):
        memo.write(SEED_SAMPLE, tmp_path / "saknas" / "pm.docx")
    assert listing(tmp_path) == []


def test_a_read_only_folder_leaves_the_old_file(existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod does not block writing; the refusal is what the OS would say.
    before = existing.read_bytes()

    real_open = os.open

    def refuse(path: str, *args: Any, **kwargs: Any) -> int:
        if Path(path).parent == existing.parent:  # the temporary file beside the memo
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(memo.OutputError, match="behörighet") as caught:
        memo.write(SEED_SAMPLE, existing)
    assert "befintliga filen är orörd" in str(caught.value)
    assert existing.read_bytes() == before
    assert listing(existing.parent) == ["pm.docx"]


def test_a_file_held_open_by_another_program_is_reported(existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On Windows, replacing a file that Word holds open fails with a permission error.
    before = existing.read_bytes()

    def held(source: str, target: str) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(memo.OutputError, match="öppet i ett annat program"):
        memo.write(SEED_SAMPLE, existing)
    assert existing.read_bytes() == before
    assert listing(existing.parent) == ["pm.docx"]


class _FillsUp:
    """A file object that accepts ``room`` bytes and then fails as a full disk does."""

    def __init__(self, stream: Any, room: int) -> None:
        self.stream = stream
        self.room = room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.stream.write(data[: self.room])
            self.stream.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return int(self.stream.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    def __enter__(self) -> _FillsUp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


def test_a_full_disk_midway_leaves_the_old_file_and_no_partial_file(
        existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = existing.read_bytes()
    real_fdopen = os.fdopen
    partial: list[_FillsUp] = []

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> _FillsUp:
        partial.append(_FillsUp(real_fdopen(fd, *args, **kwargs), room=4096))
        return partial[-1]

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(memo.OutputError, match="Disken är full"):
        memo.write(SEED_SAMPLE, existing)
    assert partial, "the write did start"
    assert existing.read_bytes() == before
    assert listing(existing.parent) == ["pm.docx"]


def test_a_really_full_disk_leaves_the_old_file_and_no_partial_file(small_disk: Path, memo_bytes: bytes) -> None:
    old = small_disk / "pm.docx"
    old.write_bytes(b"det gamla PM:et")
    stats = os.statvfs(small_disk)
    free = stats.f_bavail * stats.f_frsize
    (small_disk / "fyllnad").write_bytes(b"\0" * max(0, free - len(memo_bytes) // 2))
    with pytest.raises(memo.OutputError, match="Disken är full"):
        write_atomically(old, memo_bytes, overwrite=True)
    assert old.read_bytes() == b"det gamla PM:et"
    assert listing(small_disk) == ["fyllnad", "pm.docx"]


def test_an_interrupted_write_leaves_the_old_file_and_no_partial_file(
        existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = existing.read_bytes()
    real_fdopen = os.fdopen

    class Interrupted:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])
            raise KeyboardInterrupt  # Ctrl+C halfway through

        def __enter__(self) -> Interrupted:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Interrupted(real_fdopen(fd, *a, **k)))
    with pytest.raises(KeyboardInterrupt):
        memo.write(SEED_SAMPLE, existing)
    assert existing.read_bytes() == before
    assert listing(existing.parent) == ["pm.docx"]


def test_a_failure_before_the_move_leaves_no_new_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fails)
    with pytest.raises(memo.OutputError, match="kunde inte skrivas"):
        memo.write(SEED_SAMPLE, folder / "pm.docx")
    assert listing(folder) == []


def test_a_new_file_gets_ordinary_permissions_and_a_replaced_file_keeps_its_own(folder: Path) -> None:
    path = folder / "pm.docx"
    memo.write(SEED_SAMPLE, path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o640)
    memo.write(SEED_SAMPLE, path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_files_written_from_threads_at_once_never_come_out_world_writable(
        folder: Path, memo_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 8 of issue 20: the umask was set to 0 and back around each write, so that a write in another
    thread (the PDFs of a batch) could make a file 0666. Now the system applies the umask; memo never changes it."""
    def changed(mask: int) -> int:
        raise AssertionError("memo ändrar processens umask")

    previous = os.umask(0o022)
    monkeypatch.setattr(os, "umask", changed)
    try:
        replaced = [folder / f"gammal-{number}.docx" for number in range(8)]
        for path in replaced:
            write_atomically(path, memo_bytes)
            path.chmod(0o640)

        def write(number: int) -> None:
            for round_ in range(5):
                write_atomically(folder / f"pm-{number}-{round_}.pdf", b"%PDF-1.7 " + bytes(number))
                write_atomically(replaced[number], memo_bytes, overwrite=True)

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(write, range(8)))
    finally:
        monkeypatch.undo()
        os.umask(previous)
    modes = {path.name: path.stat().st_mode & 0o777 for path in folder.iterdir()}
    assert len(modes) == 48 and not [name for name in modes if name.endswith(".tmp")]
    assert {name: mode for name, mode in modes.items() if name.startswith("pm-") and mode != 0o644} == {}
    assert {name: mode for name, mode in modes.items() if name.startswith("gammal-") and mode != 0o640} == {}


def test_memo_never_changes_the_umask() -> None:
    """The umask is the whole process's: no module of memo sets it (the kernel applies it to each new file)."""
    source = Path(memo.__file__).parent
    callers = [str(path.relative_to(source)) for path in sorted(source.rglob("*.py"))
               if "umask(" in path.read_text(encoding="utf-8")]
    assert callers == []


# --- the hand-edit guard ---------------------------------------------------------------------------------


def test_memo_records_a_fingerprint_of_the_body_it_wrote(existing: Path) -> None:
    recorded, current = fingerprint_of(existing)
    assert recorded is not None and recorded.startswith("sha256:")
    assert recorded == current


def test_an_unchanged_memo_is_overwritten_without_asking(existing: Path) -> None:
    memo.write(SEED_SAMPLE, existing)
    assert listing(existing.parent) == ["pm.docx"]


def test_a_memo_edited_by_hand_is_not_overwritten(existing: Path) -> None:
    edit_in_word(existing)
    edited = existing.read_bytes()
    with pytest.raises(memo.OutputError) as caught:
        memo.write(SEED_SAMPLE, existing)
    message = str(caught.value)
    assert "har ändrats efter att memo skrev den" in message and "--skriv-over" in message
    assert caught.value.file == existing
    assert existing.read_bytes() == edited
    assert listing(existing.parent) == ["pm.docx"]


def test_a_file_memo_did_not_write_is_not_overwritten(folder: Path) -> None:
    for name, content in (("word.docx", None), ("text.docx", b"anteckningar")):
        path = folder / name
        if content is None:
            document = docx.Document()
            document.add_paragraph("Ett PM skrivet för hand.")
            document.save(str(path))
        else:
            path.write_bytes(content)
        before = path.read_bytes()
        with pytest.raises(memo.OutputError, match="inte ett dokument som memo har skrivit"):
            memo.write(SEED_SAMPLE, path)
        assert path.read_bytes() == before


def test_overwrite_replaces_an_edited_memo(existing: Path, memo_bytes: bytes) -> None:
    edit_in_word(existing)
    write_atomically(existing, memo_bytes, overwrite=True)
    assert existing.read_bytes() == memo_bytes
    assert "Tillägg av handläggaren." not in body_text(existing)


def test_check_overwrite_allows_a_missing_file(folder: Path) -> None:
    check_overwrite(folder / "finns-inte.docx", overwrite=False)


@pytest.mark.parametrize("lock_name", ["~$pm.docx", "~$slutsunderlag.docx"], ids=["kort-namn", "langt-namn"])
def test_a_document_open_in_word_is_reported(folder: Path, lock_name: str) -> None:
    name = "pm.docx" if lock_name == "~$pm.docx" else "beslutsunderlag.docx"
    path = folder / name
    memo.write(SEED_SAMPLE, path)
    before = path.read_bytes()
    (folder / lock_name).write_bytes(b"\x0bAnna Berg")
    for overwrite in (False, True):
        with pytest.raises(memo.OutputError, match="öppet i Word") as caught:
            write_atomically(path, b"nytt", overwrite=overwrite)
        assert lock_name in str(caught.value)
    assert path.read_bytes() == before


def test_another_documents_lock_file_does_not_block_a_memo(folder: Path) -> None:
    """``~$pm.docx`` is Word's lock file for pm.docx only: xpm.docx (a short name keeps its first letters) is free."""
    (folder / "~$pm.docx").write_bytes(b"\x0bAnna Berg")
    memo.write(SEED_SAMPLE, folder / "xpm.docx")
    assert (folder / "xpm.docx").is_file()


def test_the_cli_refuses_an_edited_memo_with_one_swedish_message(
        existing: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_in_word(existing)
    edited = existing.read_bytes()
    assert main([str(SEED_SAMPLE), "-o", str(existing)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"memo: {existing}: Filen har ändrats efter att memo skrev den")
    assert "Traceback" not in err
    assert existing.read_bytes() == edited


def test_the_cli_replaces_an_edited_memo_when_told_to(existing: Path) -> None:
    edit_in_word(existing)
    assert main([str(SEED_SAMPLE), "-o", str(existing), "--skriv-over"]) == 0
    assert "Tillägg av handläggaren." not in body_text(existing)


def test_the_library_replaces_an_edited_memo_when_told_to(existing: Path) -> None:
    edit_in_word(existing)
    memo.write(SEED_SAMPLE, existing, overwrite=True)
    assert "Tillägg av handläggaren." not in body_text(existing)


def test_output_keeps_no_temporary_files_after_success(folder: Path) -> None:
    for _ in range(3):
        memo.write(SEED_SAMPLE, folder / "pm.docx")
    assert listing(folder) == ["pm.docx"]
