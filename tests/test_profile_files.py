"""The files a profile names: a logo memo takes goes in the header as the check assumes, a memo with the largest
logo allowed is one memo reads back and replaces, and a named pipe is never read.

The faults themselves, each refused by every command, are the folders of ``tests/bad_profiles/``.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import DATA, SEED_SAMPLE, require_real_client, to_pdf
from memo import cache
from memo.cli import main
from memo.errors import DocumentError
from memo.profile.files import MAX_LOGO_BYTES
from memo.word.package import file_bytes
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


def bare_jpeg(width: int, height: int) -> bytes:
    """A JPEG with no JFIF or Exif segment, as scanners and some image programs write them."""
    whole = jpeg(width, height)
    return whole[:2] + whole[2 + 2 + int.from_bytes(whole[4:6], "big"):]


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
    pytest.param("logo.jpg", bare_jpeg(300, 100), id="jpeg-without-jfif"),
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
    """A 72 MB logo once made a memo that the next run called "inte ett dokument som memo har skrivit"."""
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


def test_a_reference_that_became_a_named_pipe_after_its_check_is_refused_at_once(tmp_path: Path) -> None:
    """The profile checks its files when it loads; a file swapped for a named pipe after that was read
    blocking, and memo waited for a writer for ever."""
    pipe = tmp_path / "referens.docx"
    os.mkfifo(pipe)
    said: list[str] = []

    def read() -> None:
        try:
            file_bytes(pipe)
        except DocumentError as exc:
            said.append(exc.message)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "file_bytes waited on a named pipe"
    assert said == ["Filen är inte en vanlig fil (utan till exempel en namngiven pipe) och läses inte."]


def bmp(width: int, height: int) -> bytes:
    """A 24-bit BMP, as image programs and older templates save logos: white pixels, rows padded to 4 bytes."""
    row = (b"\xff\xff\xff" * width).ljust((3 * width + 3) // 4 * 4, b"\x00")
    pixels = row * height
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(header) + len(pixels), 0, 0, 14 + len(header)) + header + pixels


def test_a_bmp_logo_of_an_older_profile_is_still_put_in_the_header(tmp_path: Path) -> None:
    folder = profile_with_logo(tmp_path / "profil", "logo.bmp", bmp(90, 30))
    target = tmp_path / "pm.docx"
    assert main([str(SEED_SAMPLE), "--profil", str(folder), "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as document:
        assert [n for n in document.namelist() if n.startswith("word/media/")] == ["word/media/image1.bmp"]


def test_a_logo_saved_without_compression_makes_a_memo_memo_replaces_on_the_next_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 2000 × 1000 white PNG stored uncompressed (an image program's "no compression") is 6 MB and packs a
    thousand to one in the memo: it is a picture, not a zip bomb."""
    row = b"\x00" + b"\xff" * 3 * 2000
    raw = zlib.compress(row * 1000, 0)
    picture = png(2000, 1000)
    at = picture.index(b"IDAT") - 4
    idat = struct.pack(">I", len(raw)) + b"IDAT" + raw + struct.pack(">I", zlib.crc32(b"IDAT" + raw))
    picture = picture[:at] + idat + picture[picture.index(b"IEND") - 4:]
    assert len(picture) > 6_000_000
    folder = profile_with_logo(tmp_path / "profil", "logo.png", picture)
    target = tmp_path / "pm.docx"
    for _ in range(2):  # the second run replaces the first one's memo, with no --skriv-over
        assert main([str(SEED_SAMPLE), "--profil", str(folder), "-o", str(target)]) == 0, capsys.readouterr().err
    assert main(["granska", str(target)]) == 0, capsys.readouterr().out


def test_a_name_and_address_written_on_two_lines_stay_on_two_lines_in_the_header(tmp_path: Path) -> None:
    folder = tmp_path / "profil"
    folder.mkdir()
    shutil.copyfile(STANDARD / "referens.docx", folder / "referens.docx")
    (folder / "profil.yaml").write_text("namn: |\n  Exempels kommun\n  Kommunstyrelsen\nadress: |\n  Box 1\n"
                                        "  100 00 Orten\n", encoding="utf-8")
    target = tmp_path / "pm.docx"
    assert main([str(SEED_SAMPLE), "--profil", str(folder), "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as document:
        parts = "".join(document.read(n).decode("utf-8") for n in document.namelist()
                        if re.fullmatch(r"word/(header|footer)\d+\.xml", n))
    assert re.search(r"Exempels kommun</w:t>.*?<w:br/>.*?Kommunstyrelsen", parts)


def test_profil_ny_refuses_a_logo_text_with_a_direction_override(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "mall.docx"
    shutil.copyfile(STANDARD / "referens.docx", source)
    assert main(["profil", "ny", str(tmp_path / "ny"), "--från", str(source), "--logotext", "Exempels \u202eogol"]) == 1
    err = capsys.readouterr().err
    assert "--logotext" in err and "riktningsmarkör" in err and "Traceback" not in err
    assert not (tmp_path / "ny").exists()


def test_bevaka_renders_again_when_a_missing_logo_is_put_in_place(tmp_path: Path) -> None:
    from memo.cli.watch import watched_files

    folder = profile_with_logo(tmp_path / "profil", "logo.png", png(300, 100))
    (folder / "logo.png").unlink()  # the profile is broken: its logo is missing
    case = tmp_path / "ärende.yaml"
    case.write_text(SEED_SAMPLE.read_text(encoding="utf-8").replace("profil: region-orebro-lan", "profil: profil"),
                    encoding="utf-8")
    files, _ = watched_files(case, None, ())
    assert folder in files  # the folder: putting the logo back changes it


def test_a_jpeg_logo_without_a_jfif_header_is_shown_in_the_header(tmp_path: Path) -> None:
    """libjpeg's picture (written by pdftoppm) with its JFIF segment cut off, as a scanner writes it: python-docx
    reads only JPEGs with a JFIF or Exif segment, and memo called this one damaged."""
    require_real_client()
    picture = (DATA / "logotyper" / "utan-jfif.jpg").read_bytes()
    assert picture[:4] == b"\xff\xd8\xff\xdb"
    folder = profile_with_logo(tmp_path / "profil", "logo.jpg", picture)
    target = tmp_path / "pm.docx"
    assert main([str(SEED_SAMPLE), "--profil", str(folder), "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as document:
        media = [document.read(n) for n in document.namelist() if n.startswith("word/media/")]
    assert len(media) == 1 and media[0].endswith(picture[2:])  # the same picture, a JFIF header in front
    listed = subprocess.run(["pdfimages", "-list", str(to_pdf(target))], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    pages = {line.split()[0] for line in listed}
    assert listed and all(line.split()[2] == "image" for line in listed)  # the logo, in the header of each page
    assert len(pages) == len(listed)
