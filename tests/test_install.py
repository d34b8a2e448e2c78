"""A non-editable install works from any folder: templates and profiles are package data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import ROOT, SEED_SAMPLE


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (built,) = out.glob("memo_tjansteskrivelse-*.whl")
    return built


def test_wheel_ships_templates_profiles_and_type_marker(wheel: Path) -> None:
    from memo.case.decisions import STYLES
    from memo.case.sections import Kind
    from memo.kinds import kinds

    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(f"memo/templates/{path.relative_to(ROOT / 'templates').as_posix()}"
                     for path in (ROOT / "templates").rglob("*.xml.j2"))
    assert shipped == sorted(n for n in names if n.startswith("memo/templates/") and n.endswith(".xml.j2"))
    inits = (ROOT / "src" / "memo").rglob("__init__.py")
    packages = sorted(str(path.parent.relative_to(ROOT / "src")) for path in inits if "profiles" not in path.parts)
    for package in packages:  # every subpackage of memo is in the wheel (pyproject's list of packages)
        assert f"{package}/__init__.py" in names, package
    for kind in kinds():  # each kind's own templates
        if kind.templates is not None:
            for template in kind.templates.glob("*.j2"):
                assert f"memo/kinds/{kind.name}/mallar/{template.name}" in names, template
    for expected in ("memo/py.typed", "memo/templates/memo.xml.j2", *(f"memo/templates/{k.value}.xml.j2" for k in Kind),
                     *(f"memo/templates/{style.template}" for style in STYLES.values()),
                     "memo/profiles/standard/profil.yaml", "memo/profiles/standard/referens.docx",
                     "memo/profiles/region-orebro-lan/referens.docx",
                     "memo/fonts/widest.json"):  # the widest common metrics, for a font that cannot be found
        assert expected in names, expected


def test_installed_package_renders_the_seed_sample_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir()
    out = elsewhere / "pm.docx"
    env = dict(os.environ, PYTHONPATH=str(target))
    code = ("import memo, sys; assert memo.__file__.startswith(sys.argv[1]), memo.__file__;"
            "memo.write(sys.argv[2], sys.argv[3])")
    subprocess.run([sys.executable, "-c", code, str(target), str(SEED_SAMPLE), str(out)], cwd=elsewhere, env=env,
                   check=True, capture_output=True)
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "Utökat driftsstöd till IUC Industrihubb Örebro län"
    extract = elsewhere / "utdrag.docx"  # a second kind of document: its templates ship in its folder
    sample = SEED_SAMPLE.parent / "protokollsutdrag-iuc-industrihubb.yaml"
    subprocess.run([sys.executable, "-c", code, str(target), str(sample), str(extract)], cwd=elsewhere, env=env,
                   check=True, capture_output=True)
    assert "Utdragsbestyrkande" in "".join(c.text for t in docx.Document(str(extract)).tables for r in t.rows
                                           for c in r.cells)


def test_the_installed_command_prints_the_packages_version(wheel: Path, tmp_path: Path) -> None:
    """``pip install .`` in a fresh venv gives ``memo --version`` with the version the wheel was built with."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], check=True,
                   capture_output=True)
    version = wheel.name.split("-")[1]
    shown = subprocess.run([str(bindir / "memo"), "--version"], check=True, capture_output=True, text=True,
                           cwd=tmp_path)
    assert shown.stdout == f"memo {version}\n"
    import memo

    assert version == memo.__version__


def test_an_editable_install_as_the_readme_says_type_checks_with_mypy_strict_from_another_folder(
        tmp_path: Path) -> None:
    """setuptools' usual editable install finds memo through an import hook that mypy does not run; the README's
    editable install for a tool that type-checks against memo (``editable_mode=strict``) leaves a folder on the
    path, so ``mypy --strict`` in another project finds memo and its types (``py.typed``)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    settings = "--config-settings editable_mode=strict"
    assert f"pip install -e SÖKVÄG/TILL/memo {settings}" in readme
    project = tmp_path / "memo-källa"  # a copy: the link tree is written in the project, not in this clone
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, project / name)
    for folder in ("src", "templates"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", "-e", str(project), *settings.split()],
                   check=True, capture_output=True)
    tool = tmp_path / "verktyg"
    tool.mkdir()
    (tool / "verktyg.py").write_text("import memo\n\nreveal_type(memo.render)\n"
                                     "data: bytes = memo.render({'rubrik': 'Avtal'})\n", encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-executable",
                              str(python), "verktyg.py"], cwd=tool, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert 'Revealed type is "def (case: memo.kinds.kind.Document | ' in checked.stdout
    assert ") -> bytes" in checked.stdout
    found = subprocess.run([str(python), "-c", "import memo; print(memo.__file__)"], cwd=tool, capture_output=True,
                           text=True, check=True)
    assert Path(found.stdout.strip()).resolve().is_relative_to(project.resolve())  # the copy's own files
