"""pytest plugin: every DOCX the test session writes, and every sample, is a valid Word document.

At the end of the session every ``.docx`` that memo wrote under the session's base temporary
folder, and every ``.docx`` under ``samples/``, is validated by :func:`validate_docx`; any
problem fails the run (exit status 1) and is listed in the terminal summary.

Skipped: files that tests break on purpose (a folder or file name containing ``flawed``,
``bad_case`` or ``broken``), Word lock files (``~$namn.docx``), and files memo did not write
(no memo fingerprint property: a text file named ``.docx``, a document made with python-docx's
default template to stand for a hand-made one, …).

:func:`validate_docx` is openxml-audit (ECMA-376 schemas, relationships, semantic checks)
plus what it misses: it does not parse header and footer parts at all, it does not notice a
part without a content type, and a malformed ``styles.xml`` or ``numbering.xml`` is reported
only as "missing". So every XML part is also parsed, and every part must have a content type.

Enable it in ``tests/conftest.py`` with ``pytest_plugins = ["ooxml_plugin"]``.
"""

from __future__ import annotations

import functools
import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from openxml_audit import OpenXmlValidator, ValidationSeverity

from memo.word.fingerprint import FINGERPRINT_PROPERTY

__all__ = ["SKIP_MARKERS", "docx_files", "validate_docx", "written_by_memo"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
#: A DOCX whose path has a part containing one of these is broken on purpose and not validated.
SKIP_MARKERS = ("flawed", "bad_case", "broken")
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REPORTED = (ValidationSeverity.ERROR, ValidationSeverity.WARNING)
_results_key = pytest.StashKey[dict[Path, list[str]]]()


def _content_type_problems(archive: zipfile.ZipFile, names: list[str]) -> list[str]:
    try:
        types = ET.fromstring(archive.read("[Content_Types].xml"))
    except KeyError:
        return ["[Content_Types].xml is missing"]
    except ET.ParseError:
        return []  # reported as not well-formed
    defaults = {d.get("Extension", "").lower() for d in types.iter(f"{_CT}Default")}
    overrides = {o.get("PartName", "").lower() for o in types.iter(f"{_CT}Override")}
    return [f"/{name}: part has no content type (no Override, no Default for its extension)"
            for name in names
            if name != "[Content_Types].xml" and not name.endswith("/")
            and f"/{name}".lower() not in overrides
            and posixpath.basename(name).rpartition(".")[2].lower() not in defaults]


@functools.cache
def _validator() -> OpenXmlValidator:
    """One validator for the session: it loads the schemas once (a quarter of a second), then checks a memo in
    a few hundredths."""
    return OpenXmlValidator(max_errors=0)


def validate_docx(path: str | Path) -> list[str]:
    """Every schema and package problem of the DOCX at ``path``; an empty list when it is valid.

    Errors and warnings of openxml-audit both count (a duplicate drawing id is only a warning
    there, yet Word reports unreadable content for it).
    """
    path = Path(path)
    problems: list[str] = []
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            for name in names:
                if name.endswith((".xml", ".rels")):
                    try:
                        ET.fromstring(archive.read(name))
                    except ET.ParseError as exc:
                        problems.append(f"/{name}: not well-formed XML: {exc}")
            problems.extend(_content_type_problems(archive, names))
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"not a ZIP package: {exc}"]
    result = _validator().validate(path)
    for error in result.errors:
        if error.severity in _REPORTED:
            where = f"{error.part_uri}{' ' + error.path if error.path else ''}"
            problems.append(f"{where}: {error.description} ({error.severity.value})")
    return list(dict.fromkeys(problems))


def _skipped(path: Path) -> bool:
    lowered = [part.lower() for part in path.parts]
    return path.name.startswith("~$") or any(marker in part for part in lowered for marker in SKIP_MARKERS)


def written_by_memo(path: Path) -> bool:
    """Whether the file is a DOCX carrying memo's fingerprint property."""
    try:
        with zipfile.ZipFile(path) as archive:
            return f'name="{FINGERPRINT_PROPERTY}"'.encode() in archive.read("docProps/custom.xml")
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def docx_files(*folders: Path, memo_only: bool = False) -> list[Path]:
    """The DOCX files under ``folders`` that should be valid (broken-on-purpose ones left out)."""
    found: set[Path] = set()
    for folder in folders:
        if folder.is_dir():
            found.update(p for p in folder.rglob("*.docx") if p.is_file() and not _skipped(p.relative_to(folder))
                         and (not memo_only or written_by_memo(p)))
    return sorted(found)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Validate the session's DOCX files before pytest cleans up its temporary folders."""
    config = session.config
    if hasattr(config, "workerinput") or config.option.collectonly:
        return  # an xdist worker (the controller validates everything) or nothing ran
    files = docx_files(SAMPLES)
    factory = getattr(config, "_tmp_path_factory", None)
    basetemp = getattr(factory, "_basetemp", None)  # None when no test used a temporary folder
    if basetemp is not None:
        files += docx_files(Path(basetemp), memo_only=True)
    results = {path: problems for path in files if (problems := validate_docx(path))}
    config.stash[_results_key] = results
    if results and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    results = terminalreporter.config.stash.get(_results_key, {})
    if not results:
        return
    terminalreporter.section("OOXML validation failed", red=True)
    for path, problems in results.items():
        terminalreporter.line(str(path), red=True)
        for problem in problems:
            terminalreporter.line(f"    {problem}")
    terminalreporter.line(f"{len(results)} DOCX file(s) are not valid Word documents; the run fails.", red=True)
