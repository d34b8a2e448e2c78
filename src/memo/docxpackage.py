"""Opening a Word file that someone else may have made: one reader, one exception net, bounded sizes.

Every DOCX memo reads but did not just write goes through :class:`DocxPackage`: a file
already standing where a memo is to be written (:mod:`memo.output`), a profile's reference
document (:mod:`memo.reference`, :mod:`memo.docxprofile`) and a document to check
(:mod:`memo.docxinspect`). Whatever is wrong with the file — not a zip, damaged compressed
data, an encrypted or macro-enabled document, a part that would unpack to far more than a
memo ever holds (a "zip bomb") — becomes one :class:`memo.errors.DocumentError` naming the
file, before anything is unpacked. zipfile never reads more of a part than its declared
size, so checking the declared sizes bounds the memory a read can take.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from types import TracebackType
from typing import IO

from memo.errors import DocumentError, Location

__all__ = ["MAX_FILE_BYTES", "MAX_PACKAGE_BYTES", "MAX_PARTS", "MAX_PART_BYTES", "MAX_RATIO", "DocxPackage"]

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
_RATIO_FROM = 1_000_000

#: What an OLE compound file starts with: an encrypted Word document, or the old .doc format.
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACRO_CONTENT = b"macroEnabled"
_NOT_DOCX = "Filen går inte att läsa som ett Word-dokument (DOCX); den är skadad eller av ett annat slag."
_RESAVE = "Spara den som ett vanligt Word-dokument (.docx) utan lösenord."


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
            raise DocumentError(_NOT_DOCX, self._where) from None
        try:
            self._check_parts()
        except DocumentError:
            self._zip.close()
            raise

    def _check_file(self, path: Path) -> None:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise self._error(f"Filen är {size // 1_000_000} MB; memo läser Word-dokument på högst "
                              f"{MAX_FILE_BYTES // 1_000_000} MB.")
        with path.open("rb") as stream:
            self._check_start(stream.read(len(_COMPOUND_FILE)))

    def _check_start(self, start: bytes) -> None:
        if start == _COMPOUND_FILE:
            raise self._error("Filen är krypterad (lösenordsskyddad) eller sparad i det gamla Word-formatet "
                              f"(.doc). {_RESAVE}")

    def _check_parts(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_PARTS:
            raise self._error(f"Filen har {len(infos)} delar; ett Word-dokument som memo läser har högst {MAX_PARTS}.")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise self._error(f"Filen är krypterad (lösenordsskyddad). {_RESAVE}")
            if info.file_size > MAX_PART_BYTES or (
                    info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise self._error(f"Delen {info.filename} skulle packas upp till {info.file_size // 1_000_000} MB; "
                                  "filen är skadad eller gjord för att fylla minnet (en zip-bomb).")
            total += info.file_size
            if info.filename.lower().endswith("vbaproject.bin"):
                raise self._macros()
        if total > MAX_PACKAGE_BYTES:
            raise self._error(f"Filen skulle packas upp till {total // 1_000_000} MB; memo läser Word-dokument på "
                              f"högst {MAX_PACKAGE_BYTES // 1_000_000} MB uppackade.")
        if "[Content_Types].xml" in self._zip.namelist() and _MACRO_CONTENT in self.read("[Content_Types].xml"):
            raise self._macros()

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
        """A part's bytes; raises :class:`DocumentError` when it is damaged (or missing)."""
        try:
            return self._zip.read(name)
        except KeyError:
            raise self._error(f"Delen {name} saknas i filen.") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error):
            raise self._error(f"Delen {name} är skadad; {_NOT_DOCX[0].lower()}{_NOT_DOCX[1:]}") from None

    def read_all(self) -> dict[str, bytes]:
        """Every part, read and checked (so a damaged one is found here, not by the next reader)."""
        return {name: self.read(name) for name in self.names()}

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
