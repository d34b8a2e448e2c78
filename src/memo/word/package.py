"""Opening a Word file that someone else may have made: one reader, one exception net, bounded sizes.

Every DOCX memo reads but did not just write goes through :class:`DocxPackage`: a file
already standing where a memo is to be written (:mod:`memo.word.output`), a profile's reference
document (:mod:`memo.profile.reference`, :mod:`memo.word.fromtemplate`) and a document to check
(:mod:`memo.word.inspection`). Whatever is wrong with the file — not a zip, damaged compressed
data, an encrypted or macro-enabled document, a part that would unpack to far more than a
memo ever holds (a "zip bomb") — becomes one :class:`memo.errors.DocumentError` naming the
file. The declared sizes are checked before anything is unpacked, and a part is then
unpacked in pieces, never past its declared size: a part that holds more than it says is
damaged, whatever its header claims.
"""

from __future__ import annotations

import os
import shlex
import stat
import zipfile
import zlib
from pathlib import Path
from types import TracebackType
from typing import IO

from memo.errors import DocumentError, Location, os_reason

__all__ = ["MAX_FILE_BYTES", "MAX_PACKAGE_BYTES", "MAX_PARSED_BYTES", "MAX_PARSED_TOTAL_BYTES", "MAX_PARTS",
           "MAX_PART_BYTES", "MAX_RATIO", "OPENDOCUMENT_TEXT", "DocxPackage", "file_bytes", "opendocument_advice"]

#: A Word file larger than this on disk is not read.
MAX_FILE_BYTES = 100_000_000
#: No part may unpack to more than this ...
MAX_PART_BYTES = 64_000_000
#: ... nor all parts together to more than this ...
MAX_PACKAGE_BYTES = 256_000_000
#: ... and a part of over a megabyte may not unpack to more than this many times its packed size
#: (Word's XML packs 5 to 30 times; a zip bomb, thousands).
MAX_RATIO = 200
#: A package with more parts than this is not read.
MAX_PARTS = 10_000
#: An XML part larger than this is not parsed (a memo's body is a few megabytes; a parsed part takes
#: ten to thirty times its size in memory).
MAX_PARSED_BYTES = 16_000_000
#: ... and all XML parts together no more than this.
MAX_PARSED_TOTAL_BYTES = 32_000_000
_RATIO_FROM = 1_000_000
_PIECE = 1 << 20  # a part is unpacked a megabyte at a time
_END_RECORD = b"PK\x05\x06"  # the zip's end-of-central-directory record, with the number of parts

#: What an OLE compound file starts with: an encrypted Word document, or the old .doc format.
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACRO_CONTENT = b"macroEnabled"
#: An OpenDocument package's media type (its ``mimetype`` part) starts so.
_ODF = b"application/vnd.oasis.opendocument"
#: Strict Open XML's namespaces start so (a transitional document's, Word's usual, with schemas.openxmlformats.org).
_STRICT = b"http://purl.oclc.org/ooxml/"
_NOT_DOCX = "Filen går inte att läsa som ett Word-dokument (DOCX); den är skadad eller av ett annat slag."
_RESAVE = "Spara den som ett vanligt Word-dokument (.docx) utan lösenord."
#: The endings of OpenDocument text files (from LibreOffice): a document, a template, a flat XML document.
#: The endings of OpenDocument texts, which memo does not read but tells how to convert.
OPENDOCUMENT_TEXT = (".odt", ".ott", ".fodt")


def opendocument_advice(path: Path | None) -> str:
    """What to say of an OpenDocument text (.odt, .ott, .fodt) given where a Word document is read: how to make
    a .docx of it with LibreOffice, beside it.

    >>> advice = opendocument_advice(Path("underlag/PM juni.odt"))
    >>> advice[advice.index("soffice"):advice.index(" bredvid")]
    "soffice --headless --convert-to docx --outdir underlag 'underlag/PM juni.odt' (skriver 'PM juni.docx'"
    """
    suffix = path.suffix.lower() if path is not None else ""
    save_as = "öppna den i LibreOffice och välj Arkiv → Spara som → Word 2007–365 (.docx)"
    if path is None or suffix not in OPENDOCUMENT_TEXT:  # named .docx: a conversion would write over it
        return (f"Filen är ett OpenDocument-dokument (från t.ex. LibreOffice) med ändelsen {suffix or '.docx'}. "
                f"Spara om den som Word-dokument: {save_as}.")
    folder = f" --outdir {shlex.quote(str(path.parent))}" if str(path.parent) != "." else ""
    command = f"soffice --headless --convert-to docx{folder} {shlex.quote(str(path))}"
    return (f"Filen är ett OpenDocument-dokument ({suffix}, från t.ex. LibreOffice), inte ett Word-dokument. Gör om "
            f"den till Word-format med LibreOffice: {command} (skriver {shlex.quote(path.with_suffix('.docx').name)} "
            f"bredvid den), eller {save_as}. Använd sedan .docx-filen.")


def file_bytes(path: Path) -> bytes:
    """The bytes of the Word file at ``path``, read only when it is at most :data:`MAX_FILE_BYTES`.

    Raises :class:`DocumentError` for a file that is too large or cannot be read.
    """
    try:  # never waits: a file that became a named pipe (or a device) since it was checked is refused, not read
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)),
                       "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise DocumentError("Filen är inte en vanlig fil (utan till exempel en namngiven pipe) och läses "
                                    "inte.", Location(path))
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DocumentError(f"Filen går inte att läsa: {os_reason(exc)}.", Location(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(max(path.stat().st_size, len(data)), Location(path))
    return data


def _too_large(size: int, where: Location) -> DocumentError:
    return DocumentError(f"Filen är {size // 1_000_000} MB; memo läser Word-dokument på högst "
                         f"{MAX_FILE_BYTES // 1_000_000} MB.", where)


class DocxPackage:
    """A Word file's zip package, checked when opened; use it in a ``with`` block.

    >>> import io, zipfile
    >>> data = io.BytesIO()
    >>> with zipfile.ZipFile(data, "w") as z:
    ...     z.writestr("[Content_Types].xml", "<Types/>")
    >>> with DocxPackage(data, Path("x.docx")) as package:
    ...     package.read("[Content_Types].xml")
    b'<Types/>'
    """

    def __init__(self, file: Path | IO[bytes], where: Path | None = None) -> None:
        self.path = where if where is not None else (file if isinstance(file, Path) else None)
        self._where = Location(self.path)
        try:
            if isinstance(file, Path):
                self._check_file(file)
            else:
                self._check_start(file.read(len(_COMPOUND_FILE)))
                file.seek(-min(70_000, file.seek(0, 2)), 2)
                self._check_count(file.read())
                file.seek(0)
            self._zip = zipfile.ZipFile(file)
        except DocumentError:
            raise
        except FileNotFoundError:
            raise DocumentError("Filen finns inte.", self._where) from None
        except IsADirectoryError:
            raise DocumentError("Det är en mapp, inte ett Word-dokument.", self._where) from None
        except PermissionError:
            raise DocumentError("Du saknar behörighet att läsa filen.", self._where) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
                RuntimeError, zlib.error, UnicodeDecodeError):
            # zipfile raises each of these for one kind of damaged or unusual archive.
            if self.path is not None and self.path.suffix.lower() == ".fodt":  # flat XML: no zip at all
                raise DocumentError(opendocument_advice(self.path), self._where) from None
            raise DocumentError(_NOT_DOCX, self._where) from None
        try:
            self._check_parts()
        except DocumentError:
            self._zip.close()
            raise

    def _check_file(self, path: Path) -> None:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(size, self._where)
        with path.open("rb") as stream:
            self._check_start(stream.read(len(_COMPOUND_FILE)))
            stream.seek(max(0, size - 70_000))
            self._check_count(stream.read())

    def _check_start(self, start: bytes) -> None:
        if start == _COMPOUND_FILE:
            raise self._error("Filen är krypterad (lösenordsskyddad) eller sparad i det gamla Word-formatet "
                              f"(.doc). {_RESAVE}")

    def _check_count(self, tail: bytes) -> None:
        """Refuse a package with too many parts before zipfile reads its directory (which it keeps whole)."""
        found = tail.rfind(_END_RECORD)
        if found >= 0 and len(tail) >= found + 12:
            parts = int.from_bytes(tail[found + 10:found + 12], "little")
            if parts > MAX_PARTS:  # 0xFFFF (zip64, more than 65 534) included
                raise self._error(f"Filen har {parts} delar; ett Word-dokument som memo läser har högst "
                                  f"{MAX_PARTS}.")

    def _check_parts(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_PARTS:
            raise self._error(f"Filen har {len(infos)} delar; ett Word-dokument som memo läser har högst {MAX_PARTS}.")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise self._error(f"Filen är krypterad (lösenordsskyddad). {_RESAVE}")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):  # Word writes only these
                raise self._error(f"Delen {info.filename} är packad på ett sätt som Word inte använder; "
                                  f"{_NOT_DOCX[0].lower()}{_NOT_DOCX[1:]}")
            # A picture saved without compression (a logo from an image program's "no compression") packs a
            # thousand to one: only its size is bounded, as every part's is.
            ratio_applies = not info.filename.startswith("word/media/")
            if info.file_size > MAX_PART_BYTES or (ratio_applies and info.file_size > _RATIO_FROM
                                                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise self._error(f"Delen {info.filename} skulle packas upp till {info.file_size // 1_000_000} MB; "
                                  "filen är skadad eller gjord för att fylla minnet (en zip-bomb).")
            total += info.file_size
            if info.filename.lower().endswith("vbaproject.bin"):
                raise self._macros()
        if total > MAX_PACKAGE_BYTES:
            raise self._error(f"Filen skulle packas upp till {total // 1_000_000} MB; memo läser Word-dokument på "
                              f"högst {MAX_PACKAGE_BYTES // 1_000_000} MB uppackade.")
        names = set(self._zip.namelist())
        if "[Content_Types].xml" in names and _MACRO_CONTENT in self.read("[Content_Types].xml"):
            raise self._macros()
        self._check_kind(names)

    def _check_kind(self, names: set[str]) -> None:
        """Refuse a zip package that is not a Word document of the kind memo reads, saying what it is."""
        if "mimetype" in names and self.read("mimetype").startswith(_ODF):
            raise self._error(opendocument_advice(self.path))
        if "[Content_Types].xml" not in names:
            raise self._error(f"Filen är inget Word-dokument: [Content_Types].xml saknas. {_RESAVE}")
        if "_rels/.rels" in names and _STRICT in self.read("_rels/.rels"):
            raise self._error("Filen är sparad som Strikt Open XML, som memo inte läser. Spara om den i Word som "
                              "Word-dokument (.docx), inte som Strikt Open XML-dokument.")

    def _macros(self) -> DocumentError:
        return self._error("Filen är ett makroaktiverat Word-dokument (.docm); memo läser inte filer med makron. "
                           "Spara den som ett vanligt Word-dokument (.docx).")

    def _error(self, message: str) -> DocumentError:
        return DocumentError(message, self._where)

    def names(self) -> list[str]:
        """The names of the package's parts."""
        return self._zip.namelist()

    def size(self, name: str) -> int:
        """The unpacked size of a part."""
        return self._zip.getinfo(name).file_size

    def read(self, name: str) -> bytes:
        """A part's bytes, unpacked a piece at a time and never past its declared size.

        Raises :class:`DocumentError` when the part is missing or damaged — including a part
        that holds more than its header says.
        """
        try:
            info = self._zip.getinfo(name)
        except KeyError:
            raise self._error(f"Delen {name} saknas i filen.") from None
        pieces: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as part:
                while piece := part.read(min(_PIECE, info.file_size + 1 - size)):
                    size += len(piece)
                    if size > info.file_size:
                        raise zipfile.BadZipFile("more data than declared")
                    pieces.append(piece)
        except Exception:  # one net: whatever the archive does wrong (zlib, lzma, a lying header), it is damaged
            raise self._error(f"Delen {name} är skadad; {_NOT_DOCX[0].lower()}{_NOT_DOCX[1:]}") from None
        return b"".join(pieces)

    def xml_parts(self) -> dict[str, bytes]:
        """The XML parts (and relationships), each refused before it is read when it is too large to parse."""
        return {name: self.read(name) for name in self._parsed_names()}

    def xml_part(self, name: str) -> bytes | None:
        """One XML part (None when the package has none of that name), refused when it is too large to parse."""
        if name not in self._zip.NameToInfo:
            return None
        if self.size(name) > MAX_PARSED_BYTES:
            raise self._error(f"Delen {name} är {self.size(name) // 1_000_000} MB XML; memo läser XML-delar på "
                              f"högst {MAX_PARSED_BYTES // 1_000_000} MB.")
        return self.read(name)

    def read_all(self) -> dict[str, bytes]:
        """Every part, read and checked (so a damaged one is found here, not by the next reader, which parses
        the XML parts: none may be too large to parse)."""
        self._parsed_names()
        return {name: self.read(name) for name in self.names()}

    def _parsed_names(self) -> list[str]:
        names = [name for name in self.names() if name.endswith((".xml", ".rels"))]
        for name in names:
            if self.size(name) > MAX_PARSED_BYTES:
                raise self._error(f"Delen {name} är {self.size(name) // 1_000_000} MB XML; memo läser XML-delar på "
                                  f"högst {MAX_PARSED_BYTES // 1_000_000} MB.")
        total = sum(self.size(name) for name in names)
        if total > MAX_PARSED_TOTAL_BYTES:
            raise self._error(f"Filens XML-delar är {total // 1_000_000} MB tillsammans; memo läser högst "
                              f"{MAX_PARSED_TOTAL_BYTES // 1_000_000} MB XML.")
        return names

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
