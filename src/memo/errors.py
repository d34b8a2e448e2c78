"""The one error tree of memo.

Every problem a handläggare or a calling tool can act on is a :class:`MemoError`.
Errors carry where the problem is (file, line, column, key path) as attributes and
print themselves in Swedish with the offending source line and a marker. Each also
carries the id of the rule it breaks (:attr:`MemoError.rule`), for a tool that sorts
or filters problems without reading the Swedish text.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

__all__ = [
    "CaseError",
    "DocumentError",
    "FormatError",
    "Location",
    "MemoError",
    "MemoWarning",
    "OutputError",
    "ProfileError",
    "ProfileWarning",
    "TemplateError",
    "os_reason",
    "printable",
]


#: One step of a key path as text writes it: ``.name`` (or the first name) or ``[n]`` (counting from 1).
_KEY_STEP = r"\[(\d+)\]|\.?([^.\[]+)"


@dataclass(frozen=True)
class Location:
    """Where in a source file a problem is. Lines and columns count from 1.

    ``key`` is the key path as a message shows it (``forslag_till_beslut[2]``, lists counted from 1);
    :attr:`key_path` is the same path for a program. ``place`` says in words where in a document
    without lines the problem is (a Word document: ``»Sammanfattning«``).
    """

    file: Path | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None
    source_line: str | None = None
    place: str | None = None

    @property
    def key_path(self) -> tuple[str | int, ...]:
        """The key path as a tuple, list positions counted from 0, as Python indexes the case's mapping.

        >>> Location(key="forslag_till_beslut[2]").key_path
        ('forslag_till_beslut', 1)
        >>> Location(key="ekonomiska_konsekvenser.tabell.rader[1].belopp[3]").key_path
        ('ekonomiska_konsekvenser', 'tabell', 'rader', 0, 'belopp', 2)
        """
        if not self.key:
            return ()
        return tuple(int(index) - 1 if index else name for index, name in re.findall(_KEY_STEP, self.key))

    def describe(self) -> str:
        """Return the location as Swedish text: ``ärende.yaml, rad 3, kolumn 5, nyckel rubrik``."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"rad {self.line}")
        if self.column is not None:
            parts.append(f"kolumn {self.column}")
        if self.key:
            parts.append(f"nyckel {self.key}")
        if self.place:
            parts.append(self.place)
        return ", ".join(parts)


#: Characters that would garble a terminal or cannot be printed, shown as ``\\xNN`` escapes.
#: (A pattern, compiled by ``re`` when a message first needs it: a run without errors never does.)
_UNPRINTABLE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"
#: A quoted source line is cut to about this many characters around the marker.
_SHOWN_WIDTH = 100


#: What the operating system's commonest refusals mean, in Swedish (its own words are in English).
_OS_REASONS = {
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EACCES: "du saknar behörighet",
    errno.EPERM: "du saknar behörighet",
    errno.EISDIR: "det är en mapp",
    errno.ENOTDIR: "en del av sökvägen är inte en mapp",
    errno.ENOSPC: "disken är full",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ELOOP: "för många symboliska länkar i rad",
    errno.ENAMETOOLONG: "namnet är för långt",
}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in Swedish where memo knows the reason.

    >>> os_reason(FileNotFoundError(2, "No such file or directory"))
    'filen eller mappen finns inte'
    """
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def printable(text: str) -> str:
    r"""``text`` with control characters and lone surrogates written as escapes (for messages).

    >>> printable("a\x1b[2Jb\ud800")
    'a\\x1b[2Jb\\ud800'
    """
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return re.sub(_UNPRINTABLE, escape, text)


def _excerpt(line: str, column: int | None) -> tuple[str, int | None]:
    """The part of a long line around ``column``; control characters become ``�`` so the marker fits."""
    shown = re.sub(_UNPRINTABLE, "\ufffd", line.rstrip("\r\n").replace("\t", " "))
    if len(shown) <= _SHOWN_WIDTH:
        return shown, column
    start = max(0, min((column or 1) - 1 - _SHOWN_WIDTH // 2, len(shown) - _SHOWN_WIDTH))
    cut = shown[start:start + _SHOWN_WIDTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + _SHOWN_WIDTH < len(shown) else ""
    return prefix + cut + suffix, None if column is None else column - start + len(prefix)


class MemoError(Exception):
    """Base of every error memo raises on purpose. The message is Swedish.

    >>> where = Location(Path("ärende.yaml"), 8, 1, "sammanfatning", "sammanfatning: Avtalet gäller.")
    >>> print(CaseError("Okänd nyckel 'sammanfatning'. Menade du 'sammanfattning'?", where))
    ärende.yaml, rad 8, kolumn 1, nyckel sammanfatning: Okänd nyckel 'sammanfatning'. Menade du 'sammanfattning'?
        8 | sammanfatning: Avtalet gäller.
            ^

    ``rule`` is the id of the kind of fault (``okand-nyckel``, ``tomt-varde``), one of :data:`memo.faults.FAULTS`:
    given where the fault is found, else the error class's :attr:`default_rule` (``arende``). It names the fault,
    never the code that found it, so the same fault always has the same id, a file's or a case's built in Python
    alike, wherever the check lives.
    """

    #: The rule of an error raised outside memo's checks.
    default_rule: ClassVar[str] = "memo"

    def __init__(self, message: str, location: Location | None = None, *, rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.rule: str = rule or self.default_rule

    @property
    def key_path(self) -> tuple[str | int, ...]:
        """The key path as a tuple (``("forslag_till_beslut", 1)``, lists counted from 0); ``()`` for none."""
        return self.location.key_path

    @property
    def file(self) -> Path | None:
        return self.location.file

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def column(self) -> int | None:
        return self.location.column

    @property
    def key(self) -> str | None:
        return self.location.key

    def __str__(self) -> str:
        return self.describe()

    def describe(self, *, with_file: bool = True) -> str:
        """The message with where it is and the offending source line with a ``^`` marker."""
        location = self.location if with_file else replace(self.location, file=None)
        where = printable(location.describe())
        text = f"{where}: {printable(self.message)}" if where else printable(self.message)
        source = self.location.source_line
        if source is not None and self.location.line is not None:
            shown, column = _excerpt(source, self.location.column)
            text += f"\n    {self.location.line} | {shown}"
            if column is not None:
                pad = " " * (len(str(self.location.line)) + 3 + column - 1)
                text += f"\n    {pad}^"
        return text


class FormatError(MemoError, ValueError):
    """A value cannot be read or formatted as a Swedish number, amount or date."""

    default_rule = "format"


class _ManyProblems(MemoError):
    """An error that stands for every independent problem found in one file, so all are seen in one run.

    ``problems`` holds them in the order of the file; the error itself describes the first,
    and prints them all, numbered, when there are several.
    """

    #: What the problems are in, for the heading of the list ("3 problem i ärendet").
    _subject: ClassVar[str]

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        problems: tuple[MemoError, ...] = (),
        *,
        rule: str | None = None,
    ) -> None:
        # Standing for its problems, it breaks the first one's rule.
        super().__init__(message, location, rule=rule or (problems[0].rule if problems else None))
        self.problems: tuple[MemoError, ...] = problems or (self,)

    def describe(self, *, with_file: bool = True) -> str:
        if len(self.problems) <= 1 or self.problems[0] is self:
            return super().describe(with_file=with_file)
        files = {p.location.file for p in self.problems}
        shared = files.pop() if len(files) == 1 else None
        head = f"{len(self.problems)} problem i {self._subject}"
        if shared is not None and with_file:
            head = f"{printable(str(shared))}: {head}"
        items = [p.describe(with_file=shared is None and with_file) for p in self.problems]
        numbered = [f"{n}) " + item.replace("\n", "\n" + " " * len(f"{n}) ")) for n, item in enumerate(items, 1)]
        return "\n".join([f"{head}:", *numbered])


class CaseError(_ManyProblems):
    """Something in the case (the YAML file or mapping) is wrong.

    ``problems`` holds every independent problem found, in the order of the file, so
    that a handläggare sees them all in one run; the error itself describes the first.
    """

    _subject = "ärendet"
    default_rule = "arende"


class MeetingError(CaseError):
    """Something in a sammanträde's file (or in a case it names, said at the line that names it) is wrong."""

    _subject = "sammanträdet"


class ProfileError(_ManyProblems):
    """An organisation profile or its reference Word document is wrong.

    Like :class:`CaseError`, ``problems`` holds every problem found in ``profil.yaml``.
    """

    _subject = "profilen"
    default_rule = "profil"


class TemplateError(MemoError):
    """A section template cannot be loaded or rendered."""

    default_rule = "mall"


class OutputError(MemoError):
    """The memo cannot be written where it was asked to go."""

    default_rule = "utdata"


class DocumentError(MemoError):
    """A Word document given to memo (for example to ``memo granska``) cannot be read."""

    default_rule = "dokument"


class MemoWarning(UserWarning):
    """Something in a memo that was written is worth the handläggare's look, though nothing is wrong enough to stop.

    Raised through :mod:`warnings` (``warnings.warn``); the command prints it as ``memo: varning: …``.
    """


class ProfileWarning(MemoWarning):
    """A warning about the profile, not the case (an example profile): the same for every memo made with that
    profile, so the command says it once per run (a batch, a watch), not once per memo."""

