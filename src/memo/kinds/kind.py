"""One kind of document memo writes, as a row: everything the pipeline needs to know of it.

The pipeline, the writer, validation and the command take a file's kind from the file
(:func:`memo.kinds.kind_of`) and do what its row says; none of them names a kind's fields.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from memo.case.sections import Field, Section
from memo.notice import Finding
from memo.profile.load import Profile
from memo.read.source import SourceText
from memo.read.yamlparse import Node
from memo.renderer.render import Context
from memo.word.writer import CoreInfo

__all__ = ["Document", "DocumentKind", "ProfileArgument"]

#: A profile as a caller gives it: a shipped profile's name, a folder, a loaded profile, or none (the file's own).
ProfileArgument = str | Path | Profile | None


class Document(Protocol):
    """A document of some kind, read or built in Python (a :class:`memo.case.model.Case`, an ``Extract`` …)."""

    @property
    def path(self) -> Path | None: ...


class DocumentKind(NamedTuple):
    """A kind of document: its tables, how a file of it is read, what its templates see, and how it is written."""

    #: Its name, as messages and ``memo ny`` give it.
    name: str
    #: What it is, in Swedish, for help texts.
    description: str
    #: One of it, as a message names it, with its article: "ett protokollsutdrag", "ett sammanträde".
    noun: str
    #: The top-level key that makes a file this kind (``protokollsutdrag: ärende.yaml``); None for the default.
    marker: str | None
    #: The class of a document of this kind read or built in Python.
    model: type
    #: The keys a file of it holds that are not sections, and its sections (the README and the schema read them).
    fields: tuple[Field, ...]
    sections: tuple[Section, ...]
    #: A file's tree and the caller's profile argument → the document and the profile it is written with (the
    #: file's own, or that of the files it is made from).
    read: Callable[[Node, SourceText, ProfileArgument], tuple[Any, Profile]]
    #: A document built or changed in Python, checked: the profile it is written with.
    check: Callable[[Any, ProfileArgument], Profile]
    #: What the templates see, and the template that writes the whole document.
    context: Context
    main_template: str
    #: The kind's own template folder (its main template and parts), after the profile's and before the
    #: shipped section templates; None for a kind whose templates are all shipped ones.
    templates: Path | None
    #: The document's title as the reader sees it (a memo's rubrik with its ``${…}`` resolved), whatever the
    #: templates write: the header's ``{{ rubrik }}``, the title property and the PDF's title.
    title: Callable[[Any, Profile], str]
    #: The text of the reference document's header and footer placeholders (``title``: the title above).
    header: Callable[[Any, Profile, str], Mapping[str, str]]
    #: The document's properties (title, author, subject, identifier, date).
    core: Callable[[Any, Profile, str], CoreInfo]
    #: A warning for each field the document fills that it shows nowhere: (document, profile, the placeholders
    #: its reference document's header and footer hold, the keys of the context its templates read, by path as
    #: :mod:`memo.renderer.reads` notes them) → the warnings, each with its rule and the field's place.
    unshown_fields: Callable[[Any, Profile, Collection[str], Collection[str]], list[Finding]]
    #: Template folders the document names itself (the case's ``mallar``), before the profile's.
    template_folders: Callable[[Any], tuple[Path, ...]]
    #: What else a file of this kind is made from, read off its tree and its path: its own template folder,
    #: and files (of other kinds). ``--bevaka`` watches them, and what those files are made from, too.
    inputs: Callable[[Node, Path], tuple[Path, ...]]
    #: The JSON Schema of a file of this kind, for a profile (``memo ny`` writes it beside a new file).
    schema: Callable[[Profile | None], dict[str, Any]]
    #: A new file of this kind to fill in (``memo ny --typ``): (profile, the profile as the file names it,
    #: the schema file's name, the ``--typ`` asked for: one of the kind's own types, a memo's
    #: :data:`memo.case.starter.DOCUMENT_TYPES`, or None for the kind's default) → its text.
    starter: Callable[[Profile, str, str, str | None], str]

    @property
    def schema_file(self) -> str:
        """The name of the schema file beside a file of this kind (the memo's is ``memo-schema.json``)."""
        return "memo-schema.json" if self.marker is None else f"memo-schema-{self.name}.json"
