"""Writing the finished file without losing anything.

The DOCX is written to a temporary file in the target folder and moved into place
only when complete, so a failure leaves an existing file untouched and no partial
file behind. Before an existing file is replaced, memo checks that it is a memo it
wrote itself and that nobody has edited it since (the fingerprint in its custom
properties still matches its body); otherwise it refuses unless told to overwrite.
A Word lock file (``~$namn.docx``) beside the target is reported as the document
being open.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from memo.errors import DocumentError, Location, OutputError, os_reason
from memo.stopping import deferred
from memo.word.fingerprint import BODY_PART, CUSTOM_PART, digest, recorded_in
from memo.word.package import DocxPackage

__all__ = ["check_overwrite", "create_new", "fingerprint_of", "lock_file", "remove_leftovers", "write_atomically"]

_OVERWRITE_HINT = ("Använd --skriv-over (i Python: overwrite=True) för att ersätta den, eller välj ett annat "
                   "namn med -o.")


def lock_file(path: Path) -> Path:
    """The lock ("owner") file Word makes beside ``path`` while it has the document open.

    Word writes "~$" over the start of the name: in front of a name of up to six characters
    (before the extension), over its first character at seven, and over its first two at eight
    or more ("OfficeReport.docx" → "~$ficeReport.docx").

    >>> [lock_file(Path(n)).name for n in ("pm.docx", "xpm.docx", "Rapport.docx", "OfficeReport.docx")]
    ['~$pm.docx', '~$xpm.docx', '~$apport.docx', '~$ficeReport.docx']
    """
    name, stem = path.name, len(path.stem)
    return path.with_name("~$" + (name if stem <= 6 else name[1:] if stem == 7 else name[2:]))


def fingerprint_of(path: Path) -> tuple[str | None, str | None]:
    """The fingerprint recorded in a DOCX file and the one of its current body, or None for each
    that cannot be read (not a DOCX, damaged, encrypted, no fingerprint)."""
    try:
        with DocxPackage(path) as package:
            names = set(package.names())
            recorded = None
            if CUSTOM_PART in names and package.size(CUSTOM_PART) < 1_000_000:
                recorded = recorded_in(package.read(CUSTOM_PART))
            current = digest(package.read(BODY_PART)) if BODY_PART in names else None
            return recorded, current
    except DocumentError:  # whatever is wrong with the file, it is not a memo memo can vouch for
        return None, None


#: The core properties' part, and the names of its author and creation date.
_CORE_PART = "docProps/core.xml"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_CREATED = "{http://purl.org/dc/terms/}created"


def author_and_date(path: Path) -> tuple[str, str] | None:
    """The author (``dc:creator``) and creation date (``dcterms:created``, as written) in a DOCX file's core
    properties, or None when it has none or cannot be read (memo writes a document's organ and date there)."""
    from lxml import etree  # type: ignore[import-untyped]

    try:
        with DocxPackage(path) as package:
            if _CORE_PART not in set(package.names()) or package.size(_CORE_PART) > 1_000_000:
                return None
            data = package.read(_CORE_PART)
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except (DocumentError, etree.XMLSyntaxError):
        return None
    creator, created = root.find(_CREATOR), root.find(_CREATED)
    if creator is None or created is None:
        return None
    return "".join(creator.itertext()), "".join(created.itertext())


def _lock_candidates(path: Path) -> list[Path]:
    """Every name Word's lock file for ``path`` may have, for the name composed and decomposed (macOS writes
    names decomposed): its rule, and at the lengths where Word's builds are said to differ (six and seven
    characters) both neighbouring cuts. A short name is matched only by itself: ``~$pm.docx`` is pm.docx's."""
    found = [lock_file(path)]
    for form in ("NFC", "NFD"):
        name = unicodedata.normalize(form, path.name)
        stem = len(unicodedata.normalize(form, path.stem))
        cuts = {6: (0, 1), 7: (1, 2)}.get(stem, (0,) if stem < 6 else (2,))
        found.extend(path.with_name("~$" + name[cut:]) for cut in cuts)
    return list(dict.fromkeys(found))


def check_overwrite(path: Path, overwrite: bool) -> None:
    """Refuse to replace ``path`` unless it is absent, a memo unchanged since memo wrote it, or ``overwrite``.

    Also refuses when Word's lock file shows that the document is open, whatever ``overwrite`` says.
    """
    where = Location(path)
    if not path.exists():
        return
    lock = next((candidate for candidate in _lock_candidates(path) if candidate.exists()), None)
    if lock is not None:
        raise OutputError(f"Dokumentet verkar vara öppet i Word (låsfilen {lock.name} finns). Stäng det i "
                          "Word och försök igen. Är Word redan stängt kan du ta bort låsfilen.", where)
    if overwrite:
        return
    if not path.is_file():
        return  # a folder or a device: write_atomically says what is wrong
    recorded, current = fingerprint_of(path)
    if recorded is None:
        raise OutputError("Filen finns redan och är inte ett dokument som memo har skrivit, så memo skriver inte över "
                          f"den. {_OVERWRITE_HINT}", where)
    if recorded != current:
        raise OutputError("Filen har ändrats efter att memo skrev den (till exempel redigerats i Word), så memo "
                          f"skriver inte över den: ändringarna skulle gå förlorade. {_OVERWRITE_HINT}", where)


def write_atomically(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` atomically, or raise :class:`OutputError`.

    An existing file is replaced only if :func:`check_overwrite` allows it. A new file gets the
    usual permissions (0666 less the umask, which the system applies), a replaced one keeps its
    own. A stop (Ctrl+C, SIGTERM) while the file is written waits until it is in place.
    """
    where = Location(path)
    if path.is_dir():
        raise OutputError("Det finns en mapp med det namnet; ange ett filnamn med -o.", where)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"Mappen {folder} finns inte. Skapa den först eller välj en annan med -o.", where)
    check_overwrite(path, overwrite)
    with deferred():
        try:
            with _written_beside(path, folder, data) as temporary:
                _keep_mode(path, temporary)
                os.replace(temporary, path)
        except OSError as exc:
            raise OutputError(_explain(exc, path, path.exists()), where) from None


#: How a temporary file is opened: made new (never an existing file or a symbolic link), for writing bytes.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _temporary_name(name: str, tag: str) -> str:
    """The name of a temporary file for the file ``name``, with eight hex digits ``tag`` (or a pattern of them)."""
    return f".{name}.{tag}.tmp"


def _temporary_beside(path: Path, folder: Path) -> tuple[int, str]:
    """A new, empty file in ``folder`` to write ``path`` in: its descriptor and name (``.pm.docx.1a2b3c4d.tmp``).

    Made with mode 0666, less the umask, as the system applies it; the umask is never read or changed (it
    belongs to the whole process, and the PDFs of a batch are written from several threads at once).
    """
    for _ in range(100):
        name = os.path.join(folder, _temporary_name(path.name, os.urandom(4).hex()))  # os.urandom: as secrets does
        try:
            return os.open(name, _NEW_FILE, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def create_new(path: Path, data: bytes) -> None:
    """Write ``data`` as the new file ``path`` atomically: whole or not at all, never replacing a file.

    Raises :class:`FileExistsError` when ``path`` exists (also when it came meanwhile), or the
    :class:`OSError` that stopped the write; a stop (Ctrl+C, SIGTERM) waits until the file is in place.
    """
    folder = path.parent if str(path.parent) else Path(".")
    with deferred(), _written_beside(path, folder, data) as temporary:
        try:
            os.link(temporary, path)  # made only if no file has the name: the check and the creation in one
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: take the name first, then put the file there
            os.close(os.open(path, _NEW_FILE, 0o666))
            os.replace(temporary, path)


@contextlib.contextmanager
def _written_beside(path: Path, folder: Path, data: bytes) -> Iterator[str]:
    """A temporary file beside ``path`` holding ``data``, on the disk (flushed and synced): its name. It is
    removed when the block ends, unless the block has put it in place under another name."""
    handle, temporary = _temporary_beside(path, folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        yield temporary
    finally:
        with contextlib.suppress(OSError):  # gone already where the block put it in place
            os.unlink(temporary)


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files a process killed while it wrote ``path`` left beside it (a killed process
    cannot remove its own: ``kill -9``, or the system when memory runs out)."""
    folder = path.parent if str(path.parent) else Path(".")
    with contextlib.suppress(OSError):
        for left in folder.glob(_temporary_name(glob.escape(path.name), "[0-9a-f]" * 8)):
            with contextlib.suppress(OSError):
                left.unlink()


def _keep_mode(path: Path, temporary: str) -> None:
    """Give the new file the permissions of the file it replaces, if there is one."""
    with contextlib.suppress(OSError):
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)


def _explain(exc: OSError, path: Path, exists: bool) -> str:
    unchanged = " Den befintliga filen är orörd." if exists else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Disken är full; {path.name} skrevs inte. Frigör utrymme och försök igen.{unchanged}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        held = " eller så är dokumentet öppet i ett annat program" if exists else ""
        return (f"Du saknar behörighet att skriva här{held}; {path.name} skrevs inte. Välj en annan mapp med -o."
                f"{unchanged}")
    return f"{path.name} kunde inte skrivas ({os_reason(exc)}).{unchanged}"
