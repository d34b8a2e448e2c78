"""``memo --bevaka``: each save of the case writes the memo again, or says what is wrong; Ctrl+C ends it."""

from __future__ import annotations

import contextlib
import io
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from conftest import SAMPLES, SEED_SAMPLE
from memo.cli.watch import watch

TIMEOUT = 20.0


def _title(path: Path) -> str:
    return str(docx.Document(io.BytesIO(path.read_bytes())).paragraphs[0].text)


def _save(path: Path, text: str) -> None:
    """Save as an editor does: a new file renamed over the old one."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@contextlib.contextmanager
def _watching(case: Path, target: Path) -> Iterator[queue.Queue[str]]:
    """A watch of ``case`` in a thread while the block runs; what it says, in order."""
    said: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(case, target),
                               kwargs={"say": said.put, "stop": stop.is_set, "poll": 0.02}, daemon=True)
    watcher.start()
    try:
        yield said
    finally:
        stop.set()
        watcher.join(TIMEOUT)
    assert not watcher.is_alive()


def _next_result(said: queue.Queue[str]) -> str:
    """The next thing the watch says that is not a warning: "klart: …" or a problem."""
    while True:
        message = said.get(timeout=TIMEOUT)
        if not message.startswith("memo: varning"):
            return message


def test_three_saves_write_the_memo_say_the_error_and_write_it_again(tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    original = case.read_text(encoding="utf-8")
    target = tmp_path / "pm.docx"
    with _watching(case, target) as said:
        assert _next_result(said).startswith(f"klart: {target} (")
        assert _title(target) == "Utökat driftsstöd till IUC Industrihubb Örebro län"

        _save(case, original.replace("rubrik: Utökat driftsstöd", "rubrik: Förlängt driftsstöd"))
        assert _next_result(said).startswith("klart: ")
        assert _title(target) == "Förlängt driftsstöd till IUC Industrihubb Örebro län"
        written = target.read_bytes()

        _save(case, original.replace("sammanfattning:", "sammanfatning:"))  # a typo in a key
        message = _next_result(said)
        assert message.startswith(f"memo: {case}") and "Menade du 'sammanfattning'?" in message
        assert target.read_bytes() == written  # the last good memo stays

        _save(case, original.replace("rubrik: Utökat driftsstöd", "rubrik: Nytt driftsstöd"))
        assert _next_result(said).startswith("klart: ")
        assert _title(target) == "Nytt driftsstöd till IUC Industrihubb Örebro län"


def test_a_memo_edited_in_word_is_never_replaced_while_watching(tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    target = tmp_path / "pm.docx"
    with _watching(case, target) as said:
        assert _next_result(said).startswith("klart")
        edited = docx.Document(str(target))
        edited.add_paragraph("Tillägg skrivet i Word.")
        edited.save(str(target))
        before = target.read_bytes()
        _save(case, case.read_text(encoding="utf-8").replace("Utökat", "Förlängt"))
        message = _next_result(said)
        assert message.startswith(f"memo: {target}") and "ändrats" in message
        assert target.read_bytes() == before


def test_writing_the_memo_into_a_watched_template_folder_is_not_a_save(tmp_path: Path) -> None:
    """With ``mallar: .`` the memo, its temporary file and Word's lock file land in a watched folder."""
    case = tmp_path / "ärende.yaml"
    case.write_text(SEED_SAMPLE.read_text(encoding="utf-8") + "mallar: .\n", encoding="utf-8")
    with _watching(case, tmp_path / "pm.docx") as said:
        assert _next_result(said).startswith("klart")
        (tmp_path / "~$pm.docx").write_bytes(b"\x0bAnna")
        time.sleep(1.0)
        assert [m for m in list(said.queue) if m.startswith("klart")] == []
        (tmp_path / "~$pm.docx").unlink()  # Word is closed again (the lock file's going is not a save either)
        (tmp_path / "sammanfattning.xml.j2").write_text("<p>Egen mall.</p>\n", encoding="utf-8")  # a new template
        assert _next_result(said).startswith("klart")
        assert "Egen mall." in [p.text for p in docx.Document(str(tmp_path / "pm.docx")).paragraphs]


def test_ctrl_c_ends_the_watch_cleanly(tmp_path: Path) -> None:
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    child = subprocess.Popen([sys.executable, "-m", "memo", "--bevaka", str(case), "-o", str(tmp_path / "pm.docx")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    started = time.monotonic()
    line = child.stdout.readline()
    assert line[9:].startswith("klart: "), line
    assert time.monotonic() - started < TIMEOUT
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 130  # 128 + SIGINT, as every stop of memo
    assert "Bevakningen avslutad." in err and "Traceback" not in err
    assert (tmp_path / "pm.docx").is_file()


#: A line of the watch: the time of day (HH:MM:SS), then what it says.
TIMED = re.compile(r"(\d\d):(\d\d):(\d\d) (.*)")


def test_each_watch_line_begins_with_the_time_of_day(tmp_path: Path) -> None:
    """Issue 21, item 3: --bevaka printed no time of day, so a handläggare could not tell an old line from a new."""
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    original = case.read_text(encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "memo", "--bevaka", str(case), "-o", str(tmp_path / "pm.docx")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    try:
        first = child.stdout.readline()
        _save(case, original.replace("sammanfattning:", "sammanfatning:"))  # an error: said on stderr
        time.sleep(1.0)
        _save(case, original.replace("rubrik: Utökat driftsstöd", "rubrik: Förlängt driftsstöd"))
        second = child.stdout.readline()
    finally:
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=TIMEOUT)
    lines = [first.rstrip("\n"), second.rstrip("\n"), *err.splitlines()]
    said = [TIMED.fullmatch(line) for line in lines]
    assert all(said), lines
    for match in said:
        assert match is not None
        hours, minutes, seconds = (int(match.group(n)) for n in (1, 2, 3))
        assert hours < 24 and minutes < 60 and seconds < 62
    texts = [match.group(4) for match in said if match is not None]
    assert texts[0].startswith(f"klart: {tmp_path / 'pm.docx'} (") and texts[1].startswith("klart: ")
    assert texts[2] == f"Bevakar {case} (Ctrl+C avslutar)."
    assert any(text.startswith(f"memo: {case}") and "Menade du 'sammanfattning'?" in text for text in texts)
    assert texts[-1] == "Bevakningen avslutad."
    assert _title(tmp_path / "pm.docx") == "Förlängt driftsstöd till IUC Industrihubb Örebro län"


def test_a_save_that_keeps_size_and_time_is_seen_where_timestamps_are_coarse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a FAT or SMB share two saves within two seconds have the same time; one of the same size is seen by its
    contents. A file untouched since it was last hashed is not read again."""
    from memo.cli import watch as watching

    case = tmp_path / "ärende.yaml"
    case.write_text("rubrik: Avtal A\n", encoding="utf-8")
    frozen, real = os.stat(case), os.stat  # what such a share reports for both saves

    def reported(status: os.stat_result) -> object:
        return lambda path, **kwargs: status if Path(path) == case else real(path, **kwargs)

    monkeypatch.setattr(watching.os, "stat", reported(frozen))
    before = watching._stamp(case)
    case.write_text("rubrik: Avtal B\n", encoding="utf-8")
    assert watching._stamp(case) != before

    old = os.stat_result(tuple(frozen)[:10], {"st_mtime_ns": 10**9, "st_ctime_ns": 10**9, "st_atime_ns": 10**9})
    monkeypatch.setattr(watching.os, "stat", reported(old))  # a file saved long ago
    first = watching._stamp(case)
    reads = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or b"")
    assert watching._stamp(case) == first and reads == []


def test_a_profile_broken_and_fixed_while_watching_is_rendered_again(tmp_path: Path) -> None:
    profile = tmp_path / "profil"
    shutil.copytree(Path(__file__).resolve().parent.parent / "src" / "memo" / "profiles" / "standard", profile,
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    good = (profile / "profil.yaml").read_text(encoding="utf-8")
    case = tmp_path / "ärende.yaml"
    case.write_text(SEED_SAMPLE.read_text(encoding="utf-8").replace("profil: region-orebro-lan", "profil: profil"),
                    encoding="utf-8")
    target = tmp_path / "pm.docx"
    with _watching(case, target) as said:
        assert _next_result(said).startswith("klart")
        _save(profile / "profil.yaml", good.replace("beslutsstil: att-satser", "beslutsstil: fetstil"))  # broken
        assert "fetstil" in _next_result(said)
        _save(profile / "profil.yaml", good.replace("beslutsstil: att-satser", "beslutsstil: numrerade"))  # fixed
        assert _next_result(said).startswith("klart")


def test_the_example_profile_warning_is_said_once_while_watching(tmp_path: Path) -> None:
    """Issue 21, item 3: the warning about the example profile came again at every save."""
    case = tmp_path / "ärende.yaml"
    shutil.copy(SAMPLES / "tjansteskrivelse-forskola-norrby.yaml", case)  # the standard profile
    original = case.read_text(encoding="utf-8")
    target = tmp_path / "pm.docx"
    heard: list[str] = []
    with _watching(case, target) as said:
        for title in (None, "Förskola i Norrby, andra förslaget", "Förskola i Norrby, det tredje"):
            if title is not None:
                _save(case, re.sub(r"^rubrik: .*$", f"rubrik: {title}", original, count=1, flags=re.MULTILINE))
            while not (message := said.get(timeout=TIMEOUT)).startswith("klart"):
                heard.append(message)
            heard.append(message)
            assert title is None or _title(target) == title
    assert len([m for m in heard if m.startswith("klart")]) == 3
    assert len([m for m in heard if "är en exempelprofil" in m]) == 1, heard
    assert heard[0].startswith(f"memo: varning: {case}: Profilen 'standard' är en exempelprofil")


def test_bevaka_with_an_output_folder_ending_in_a_slash_makes_it_and_writes_there(tmp_path: Path) -> None:
    """`memo ärende.yaml -o ut/` makes the folder; with --bevaka it wrote a file named 'ut' instead."""
    case = tmp_path / "ärende.yaml"
    shutil.copy(SEED_SAMPLE, case)
    folder = tmp_path / "ut" / "pm"
    child = subprocess.Popen([sys.executable, "-m", "memo", "--bevaka", str(case), "-o", f"{folder}/"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    try:
        first = child.stdout.readline()
    finally:
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=TIMEOUT)
    assert f"klart: {folder / 'ärende.docx'} (" in first, (first, err)
    assert _title(folder / "ärende.docx").startswith("Utökat driftsstöd")
    assert sorted(path.name for path in folder.iterdir()) == ["ärende.docx"]
