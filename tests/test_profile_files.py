"""The files a profile names: a logo memo takes goes in the header as the check assumes, a memo with the largest
logo allowed is one memo reads back and replaces, and a named pipe is never read.

The faults themselves, each refused by every command, are the folders of ``tests/bad_profiles/``.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import SEED_SAMPLE
from memo import cache
from memo.cli import main
from memo.profile.files import MAX_LOGO_BYTES
from memo.word.picture import LOGO_HEIGHT_MM
from test_bad_profiles import STANDARD, png

EMU_PER_MM = 36_000


def jpeg(width: int, height: int) -> bytes:
    """A JPEG built by hand (JFIF, 72 dpi): the markers a reader looks at before the picture's data."""
    app0 = b"JFIF\x00\x01\x01\x01" + struct.pack(">HH", 72, 72) + b"\x00\x00"
    sof0 = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x01\x03\x11\x01"
    sos = b"\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00"

    def segment(marker: int, data: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data

    return b"\xff\xd8" + segment(0xE0, app0) + segment(0xC0, sof0) + segment(0xDA, sos) + b"\x00\xff\xd9"


def gif(width: int, height: int) -> bytes:
    """A GIF's header, as a reader takes its size from it."""
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


def profile_with_logo(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir()
    shutil.copyfile(STANDARD / "referens.docx", folder / "referens.docx")
    (folder / name).write_bytes(data)
    (folder / "profil.yaml").write_text(
        f"namn: Exempels kommun\nlogo: {{fil: {name}, alt: Exempels kommuns logotyp}}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("name", "data"), [
    pytest.param("logo.png", png(300, 100), id="png"),
    pytest.param("logo.jpg", jpeg(300, 100), id="jpeg"),
    pytest.param("logo.gif", gif(300, 100), id="gif"),
])
def test_a_logo_memo_takes_is_in_the_header_as_high_as_the_check_assumes(
        name: str, data: bytes, tmp_path: Path) -> None:
    folder = profile_with_logo(tmp_path / "profil", name, data)
    target = tmp_path / "pm.docx"
    assert main([str(SEED_SAMPLE), "--profil", str(folder), "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as document:
        headers = [document.read(n).decode("utf-8") for n in document.namelist()
                   if re.fullmatch(r"word/header\d+\.xml", n)]
        pictures = [n for n in document.namelist() if n.startswith("word/media/")]
    extents = [tuple(map(int, found)) for xml in headers
               for found in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', xml)]
    assert extents == [(3 * LOGO_HEIGHT_MM * EMU_PER_MM, LOGO_HEIGHT_MM * EMU_PER_MM)]  # 300 × 100 pixels: 36 × 12 mm
    assert len(pictures) == 1


def test_a_memo_with_a_logo_of_the_largest_size_allowed_is_replaced_on_the_next_run(tmp_path: Path) -> None:
    """A 72 MB logo once made a memo that the next run called "inte ett PM som memo har skrivit"."""
    frame = len(png(300, 100, extra=b"x")) - 1
    picture = png(300, 100, extra=os.urandom(MAX_LOGO_BYTES - frame))  # random bytes: they do not pack smaller
    assert len(picture) == MAX_LOGO_BYTES
    folder = profile_with_logo(tmp_path / "profil", "logo.png", picture)
    target = tmp_path / "pm.docx"
    for _ in range(2):  # the second run replaces the memo of the first, with no --skriv-over
        assert main([str(SEED_SAMPLE), "--profil", str(folder), "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as document:
        assert [document.getinfo(n).file_size for n in document.namelist() if n.startswith("word/media/")] == \
            [len(picture)]


def test_a_named_pipe_is_never_read_for_its_stamp(tmp_path: Path) -> None:
    """A file's stamp hashes a file changed in the last seconds; a named pipe would wait for a writer for ever."""
    pipe = tmp_path / "referens.docx"
    os.mkfifo(pipe)
    stamps: list[tuple[object, ...]] = []
    reader = threading.Thread(target=lambda: stamps.append(cache.file_stamp(pipe)), daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "file_stamp waited on a named pipe"
    assert len(stamps) == 1
