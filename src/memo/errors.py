"""The one error tree of memo.

Every problem a handläggare or a calling tool can act on is a :class:`MemoError`.
Errors carry where the problem is (file, line, column, key path) as attributes and
print themselves in Swedish with the offending source line and a marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CaseError",
    "FormatError",
    "Location",
    "MemoError",
    "OutputError",
    "ProfileError",
    "TemplateError",
]


@dataclass(frozen=True)
class Location:
    """Where in a source file a problem is. Lines and columns count from 1."""

    file: Path | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None
    source_line: str | None = None

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
        return ", ".join(parts)


class MemoError(Exception):
    """Base of every error memo raises on purpose. The message is Swedish."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location()

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
        where = self.location.describe()
        text = f"{where}: {self.message}" if where else self.message
        source = self.location.source_line
        if source is not None and self.location.line is not None:
            shown = source.rstrip("\r\n").expandtabs(1)
            text += f"\n    {self.location.line} | {shown}"
            if self.location.column is not None:
                pad = " " * (len(str(self.location.line)) + 3 + self.location.column - 1)
                text += f"\n    {pad}^"
        return text


class FormatError(MemoError, ValueError):
    """A value cannot be read or formatted as a Swedish number, amount or date."""


class CaseError(MemoError):
    """Something in the case (the YAML file or mapping) is wrong.

    ``problems`` holds every independent problem found, so that a handläggare sees
    them all in one run; the error itself describes the first.
    """

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        problems: tuple[MemoError, ...] = (),
    ) -> None:
        super().__init__(message, location)
        self.problems: tuple[MemoError, ...] = problems or (self,)

    def __str__(self) -> str:
        if len(self.problems) <= 1 or self.problems[0] is self:
            return super().__str__()
        head = f"{len(self.problems)} problem i ärendet:"
        return "\n".join([head, *(f"- {MemoError.__str__(p)}" for p in self.problems)])


class ProfileError(MemoError):
    """An organisation profile or its reference Word document is wrong."""


class TemplateError(MemoError):
    """A section template cannot be loaded or rendered."""


class OutputError(MemoError):
    """The memo cannot be written where it was asked to go."""
