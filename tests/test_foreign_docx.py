"""Word files memo did not write: damaged, encrypted, macro-enabled or oversized ones are one Swedish line.

Each fault is a function named after it that spoils a document written by python-docx
(another writer than memo). Each is tried in the three places memo reads a foreign DOCX:
standing where a memo is to be written (``memo -o``), as a profile's reference document,
and given to ``memo granska``. Every time: exit code 1, one message naming the file, no
traceback, nothing written or changed. The zip bomb is run as its own process, where its
time and peak memory are measured.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from conftest import SEED_SAMPLE, require_real_client, run_memo_measured
from memo.cli import main
from memo.pdf import find_soffice

STANDARD_PROFILE = Path(__file__).resolve().parent.parent / "src" / "memo" / "profiles" / "standard"


def written_by_python_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Ett dokument från ett annat program", 1)
    document.add_paragraph("Text i dokumentet. " * 200)
    document.save(str(path))
    return path


def repacked(path: Path, change: Callable[[str, bytes], bytes] = lambda name, data: data,
             extra: list[tuple[str, bytes]] | None = None,
             kind: Callable[[str], int] = lambda name: zipfile.ZIP_DEFLATED) -> Path:
    """A python-docx document saved again at ``path``: each part through ``change``, packed as ``kind`` says,
    and the ``extra`` parts added."""
    source = written_by_python_docx(path.with_name("källa.docx"))
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(path, "w") as target:
        for info in archive.infolist():
            target.writestr(info.filename, change(info.filename, archive.read(info)), compress_type=kind(info.filename))
        for name, data in extra or []:
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    source.unlink()
    return path


def _member_offsets(data: bytes, name: str) -> tuple[int, int, int]:
    """The local header offset, data offset and central-directory offset of member ``name``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[local + 26:local + 30])
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + length] == name.encode():
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return local, local + 30 + name_length + extra_length, central


def damaged_compressed_data(path: Path) -> Path:
    data = bytearray(written_by_python_docx(path).read_bytes())
    _, start, _ = _member_offsets(bytes(data), "word/document.xml")
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def truncated_file(path: Path) -> Path:
    data = written_by_python_docx(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def encrypted_by_word(path: Path) -> Path:
    """Word saves a password-protected document as an OLE compound file, not a zip."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return path


def zip_encryption_flag(path: Path) -> Path:
    data = bytearray(written_by_python_docx(path).read_bytes())
    local, _, central = _member_offsets(bytes(data), "word/document.xml")
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    return path


def unknown_compression_method(path: Path) -> Path:
    data = bytearray(written_by_python_docx(path).read_bytes())
    local, _, central = _member_offsets(bytes(data), "word/document.xml")
    data[local + 8:local + 10] = struct.pack("<H", 99)
    data[central + 10:central + 12] = struct.pack("<H", 99)
    path.write_bytes(bytes(data))
    return path


def macro_enabled(path: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return data
        return data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")

    return repacked(path, change, extra=[("word/vbaProject.bin", b"\x00" * 512)])


def lzma_compressed_part(path: Path) -> Path:
    """A part packed with LZMA (which Word never writes), its data damaged."""
    repacked(path, kind=lambda name: zipfile.ZIP_LZMA if name == "word/document.xml" else zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    _, start, _ = _member_offsets(bytes(data), "word/document.xml")
    data[start + 30:start + 60] = bytes(30)
    path.write_bytes(bytes(data))
    return path


def too_many_parts(path: Path) -> Path:
    return repacked(path, extra=[(f"customXml/extra{number}.xml", b"") for number in range(20_000)])


def xml_part_too_large_to_parse(path: Path) -> Path:
    """A body of 17 MB of text that does not pack well: it passes the zip checks but not the parse limit."""
    body = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            b"<w:t>" + os.urandom(8_500_000).hex().encode() + b"</w:t></w:r></w:p></w:body></w:document>")
    return repacked(path, lambda name, data: body if name == "word/document.xml" else data)


def many_small_xml_parts(path: Path) -> Path:
    """Forty header parts of a megabyte each: none is large, together they are far more than a memo's XML."""
    header = (b'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' + b"<a/>" * 249_000
              + b"</w:hdr>")
    return repacked(path, extra=[(f"word/header{number + 10}.xml", header) for number in range(40)])


def xml_in_an_encoding_python_does_not_know(path: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        return b'<?xml version="1.0" encoding="x-okand"?>' + data.split(b"?>", 1)[1]

    return repacked(path, change)


def not_a_zip_at_all(path: Path) -> Path:
    path.write_text("Det här är en textfil som fått namnet .docx.\n", encoding="utf-8")
    return path


def zip_bomb(path: Path) -> Path:
    """Under a megabyte on disk, unpacking to 600 MB: a body part of one repeated character."""
    source = written_by_python_docx(path.with_name("källa.docx"))
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, archive.read(info))
        with target.open("word/document.xml", "w", force_zip64=True) as body:
            chunk = b" " * 10_000_000
            for _ in range(60):
                body.write(chunk)
    source.unlink()
    return path


@functools.cache
def _odt_from_libreoffice() -> bytes:
    """A text document LibreOffice writes from HTML as OpenDocument (.odt), once per test run."""
    require_real_client()
    soffice = find_soffice()
    assert soffice is not None
    work = Path(tempfile.mkdtemp(prefix="memo-odt-"))
    try:
        (work / "brev.html").write_text("<html><body><h1>Tjänsteskrivelse</h1><p>Dnr KS 2026/1</p></body></html>",
                                        encoding="utf-8")
        subprocess.run([str(soffice), f"-env:UserInstallation=file://{work}/lo", "--headless", "--convert-to",
                        "odt", "--outdir", str(work), str(work / "brev.html")], check=True, capture_output=True,
                       timeout=120)
        return (work / "brev.odt").read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def odt_named_docx(path: Path) -> Path:
    """An OpenDocument text from LibreOffice, saved with the ending .docx."""
    path.write_bytes(_odt_from_libreoffice())
    return path


def strict_open_xml(path: Path) -> Path:
    """A document saved as Strict Open XML: the same parts in the ISO namespaces (hand-edited from python-docx's)."""
    def change(name: str, data: bytes) -> bytes:
        if name.endswith((".xml", ".rels")):
            return (data.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/",
                                 b"http://purl.oclc.org/ooxml/officeDocument/")
                    .replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                             b"http://purl.oclc.org/ooxml/wordprocessingml/main"))
        return data

    return repacked(path, change)


FAULTS: list[Callable[[Path], Path]] = [odt_named_docx, strict_open_xml, damaged_compressed_data, truncated_file,
                                        encrypted_by_word,
                                        zip_encryption_flag, unknown_compression_method, macro_enabled,
                                        lzma_compressed_part, too_many_parts, xml_part_too_large_to_parse,
                                        many_small_xml_parts, xml_in_an_encoding_python_does_not_know,
                                        not_a_zip_at_all]
WORDING = {
    "odt_named_docx": "OpenDocument-dokument", "strict_open_xml": "Strikt Open XML",
    "damaged_compressed_data": "skadad", "truncated_file": "skadad", "encrypted_by_word": "krypterad",
    "zip_encryption_flag": "krypterad", "unknown_compression_method": "skadad",
    "macro_enabled": "makroaktiverat", "not_a_zip_at_all": "skadad eller av ett annat slag",
    "lzma_compressed_part": "packad på ett sätt som Word inte använder", "too_many_parts": "delar",
    "xml_part_too_large_to_parse": "MB XML", "many_small_xml_parts": "MB XML",
    "xml_in_an_encoding_python_does_not_know": "XML",
}


def one_message(err: str, path: Path) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("memo: ")]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"memo: {path}"), err
    return lines[0]


def bad_profile(tmp_path: Path, make: Callable[[Path], Path]) -> Path:
    folder = tmp_path / "profil"
    folder.mkdir()
    (folder / "profil.yaml").write_text("namn: Kommunen\n", encoding="utf-8")
    make(folder / "referens.docx")
    return folder


@pytest.mark.parametrize("make", FAULTS, ids=[f.__name__ for f in FAULTS])
def test_a_foreign_file_given_to_granska_is_one_swedish_line(
        make: Callable[[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make(tmp_path / "dokument.docx")
    assert main(["granska", str(path)]) == 1
    assert WORDING[make.__name__] in one_message(capsys.readouterr().err, path)


@pytest.mark.parametrize("make", FAULTS, ids=[f.__name__ for f in FAULTS])
def test_a_foreign_file_as_the_reference_document_is_one_swedish_line_and_nothing_is_written(
        make: Callable[[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = bad_profile(tmp_path, make)
    out = tmp_path / "ut"
    out.mkdir()
    assert main([str(SEED_SAMPLE), "--profil", str(profile), "-o", str(out / "pm.docx")]) == 1
    line = one_message(capsys.readouterr().err, profile / "referens.docx")
    assert "Referensdokumentet" in line and WORDING[make.__name__] in line
    assert not any(out.iterdir())


@pytest.mark.parametrize("make", FAULTS, ids=[f.__name__ for f in FAULTS])
def test_a_foreign_file_where_the_memo_is_to_be_written_is_left_as_it_was(
        make: Callable[[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = make(tmp_path / "pm.docx")
    before = target.read_bytes()
    assert main([str(SEED_SAMPLE), "-o", str(target)]) == 1
    assert "inte ett dokument som memo har skrivit" in one_message(capsys.readouterr().err, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.docx"]


# --- the zip bomb, in a process of its own: time and peak memory ------------------------------------------------


def zip_bomb_with_a_lying_header(path: Path) -> Path:
    """A body part whose header says 1 000 bytes but whose data unpacks to 400 MB (zipfile trusts neither)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = b"".join(compressor.compress(bytes(10_000_000)) for _ in range(40)) + compressor.flush()
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             b'<Default Extension="xml" ContentType="application/xml"/></Types>')
    members = [("[Content_Types].xml", zlib.compress(types)[2:-4], zlib.crc32(types), len(types)),
               ("word/document.xml", packed, 0, 1000)]
    out, directory = b"", b""
    for name, data, crc, size in members:
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0)
        directory += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                 len(name), 0, 0, 0, 0, 0, len(out)) + name.encode()
        out += header + name.encode() + data
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(out), 0)
    path.write_bytes(out + directory + end)
    return path


BOMBS = [zip_bomb, zip_bomb_with_a_lying_header]


@pytest.fixture(scope="module", params=BOMBS, ids=[b.__name__ for b in BOMBS])
def bomb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = request.param(tmp_path_factory.mktemp("bomb") / "bomb.docx")
    assert path.stat().st_size < 1_000_000
    return path


@pytest.mark.parametrize("use", ["granska", "referensdokument", "målfil"])
def test_a_zip_bomb_is_refused_quickly_and_in_little_memory(use: str, bomb: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    if use == "granska":
        path, args = bomb, ["granska", str(bomb)]
    elif use == "referensdokument":
        profile = tmp_path / "profil"
        profile.mkdir()
        (profile / "profil.yaml").write_text("namn: Kommunen\n", encoding="utf-8")
        path = shutil.copyfile(bomb, profile / "referens.docx")
        args = [str(SEED_SAMPLE), "--profil", str(profile), "-o", str(out / "pm.docx")]
    else:
        path = shutil.copyfile(bomb, out / "pm.docx")
        args = [str(SEED_SAMPLE), "-o", str(path)]
    code, err, seconds, peak = run_memo_measured(args)
    assert code == 1
    line = one_message(err, path)
    assert ("zip-bomb" in line or "skadad" in line) or (
        use == "målfil" and "inte ett dokument som memo har skrivit" in line)
    assert sorted(p.name for p in out.iterdir()) == (["pm.docx"] if use == "målfil" else [])
    assert seconds < 5, f"{seconds:.1f} s"
    assert 0 < peak < 200_000_000, f"{peak / 1e6:.0f} MB"


def test_elements_nested_deeper_than_python_recurses_are_checked_without_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = written_by_python_docx(tmp_path / "djup.docx")
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    nested = b"<w:r>" * 3000 + b"<w:t>djupt</w:t>" + b"</w:r>" * 3000
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body><w:p>" + nested + b"</w:p>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    code = main(["granska", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err and "RecursionError" not in err


@pytest.mark.parametrize("make", [odt_named_docx, strict_open_xml], ids=["odt_named_docx", "strict_open_xml"])
def test_profil_ny_says_what_a_foreign_word_file_is(make: Callable[[Path], Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = make(tmp_path / "mall.docx")
    assert main(["profil", "ny", str(tmp_path / "profil"), "--från", str(source)]) == 1
    line = one_message(capsys.readouterr().err, source)
    assert WORDING[make.__name__] in line and "Error" not in line
    assert not (tmp_path / "profil").exists()
