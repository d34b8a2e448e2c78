"""The profile a file is read for: the one the caller gives, else the one the file names (``profil:``).

Read before the rest of the file, since the profile says what the file may hold. A profile
folder named in a file is relative to that file; one given by the caller is not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from memo.case.checker import canonical_key
from memo.errors import Location, ProfileError
from memo.profile.load import Profile, load_profile, profile_folder
from memo.read.source import SourceText, from_python, read_yaml
from memo.read.yamlparse import Node

__all__ = ["profile_folder_for", "profile_for", "read_file", "read_tree", "resolve_profile"]

PathLike = str | os.PathLike[str]


def read_file(case: PathLike | Mapping[str, Any],
              profile: str | Path | Profile | None = None) -> tuple[Node, SourceText, Profile]:
    """A file's tree as written (a file or a mapping), its source, and the profile it is read for."""
    root, source = read_tree(case)
    return root, source, profile_for(root, source, profile)


def read_tree(case: PathLike | Mapping[str, Any]) -> tuple[Node, SourceText]:
    """A file's tree as written (a file or a mapping) and its source."""
    if isinstance(case, Mapping):
        return from_python(case), SourceText.for_python()
    return read_yaml(Path(case))


def profile_folder_for(root: Node, path: Path, profile: str | Path | None) -> Path:
    """The folder of the profile a file names (or of ``profile``), found without reading the profile: a broken
    profile's folder too."""
    named = _named_profile(root)
    if profile is not None:
        return profile_folder(profile)
    return profile_folder(named.value if named else None, path.parent)


def profile_for(root: Node, source: SourceText, profile: str | Path | Profile | None) -> Profile:
    """The profile a file whose tree is ``root`` is read for: the caller's ``profile``, else the one it names."""
    named = _named_profile(root)
    where = Location(source.path, (named.line or None) if named else None, None, "profil")
    return resolve_profile(named.value if named else None, source.path, profile, where)


class _NamedProfile(NamedTuple):
    value: str
    line: int


def _named_profile(root: Node) -> _NamedProfile | None:
    """The file's ``profil`` entry, if it names one."""
    if not isinstance(root.value, dict):
        return None
    return next((_NamedProfile(node.value, node.line) for key, node in root.items()
                 if canonical_key(key) == "profil" and isinstance(node.value, str)), None)


def resolve_profile(name: str | None, case_path: Path | None, profile: str | Path | Profile | None,
                    where: Location) -> Profile:
    """The profile given by the caller, or else the one the file names (``where``: the file's ``profil``)."""
    if isinstance(profile, Profile):
        return profile
    # A profile folder named in the case is relative to the case; one given by the caller is not.
    base = case_path.parent if case_path and profile is None else None
    try:
        return load_profile(profile if profile is not None else name, base)
    except ProfileError as exc:
        if profile is None and exc.location.file is None:
            raise ProfileError(exc.message, where) from None
        raise
