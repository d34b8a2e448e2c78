"""The README's two set-up commands are the ones CI and a new machine run."""

from __future__ import annotations

import re

from conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_starts_with_two_commands_sample_then_tests() -> None:
    first, second = _commands()[:2]
    assert "pip install . " in first and "memo samples/" in first
    sample = first.split("memo ")[-1].strip()
    assert (ROOT / sample).is_file()
    assert second.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci
    assert "CI=true" in ci and "libreoffice-writer-nogui" in ci and "poppler-utils" in ci
