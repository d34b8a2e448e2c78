"""User templates and profiles cannot escape: no Python internals, no files outside their folder,
no unbounded loops or output; mistakes are reported with the template file and line."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest

import memo
from conftest import SEED_SAMPLE

STANDARD_PROFILE = Path(memo.__file__).parent / "profiles" / "standard"
# Each hostile template replaces this section; the seed sample fills it, so it is always rendered.
SECTION = "sammanfattning.xml.j2"


@pytest.fixture(scope="module")
def case() -> memo.Case:
    return memo.load_case(SEED_SAMPLE)


def user_templates(tmp_path: Path, source: str, name: str = SECTION) -> Path:
    folder = tmp_path / "mallar"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(source, encoding="utf-8")
    return folder


def template_error(case: memo.Case, folder: Path) -> memo.TemplateError:
    with pytest.raises(memo.TemplateError) as caught:
        memo.render(case, templates=folder)
    return caught.value


@pytest.mark.parametrize("source", [
    pytest.param("{{ ''.__class__.__mro__ }}", id="mro"),
    pytest.param("{{ ''.__class__.__mro__[1].__subclasses__() }}", id="subclasses"),
    pytest.param("{{ self.__init__.__globals__ }}", id="globals"),
    pytest.param("{{ cycler.__init__.__globals__.os }}", id="cycler-globals"),
    pytest.param("{{ joiner.__init__.__globals__['os'].popen('id').read() }}", id="joiner-globals"),
    pytest.param("{{ arende.__class__.__init__ }}", id="dict-class"),
    pytest.param("{{ '{0.__class__}'.format(1) }}", id="format-string"),
    pytest.param("{{ arende.rubrik.__html__.__self__.__class__ }}", id="markup-internals"),
])
def test_python_internals_are_out_of_reach(case: memo.Case, tmp_path: Path, source: str) -> None:
    error = template_error(case, user_templates(tmp_path, f"<p>ok</p>\n{source}\n"))
    assert "inte är tillåtet" in error.message
    assert error.file == tmp_path / "mallar" / SECTION
    assert error.line == 2
    assert error.location.source_line == source


@pytest.mark.parametrize("name", [
    pytest.param("../../etc/passwd", id="relative"),
    pytest.param("/etc/passwd", id="absolute"),
    pytest.param("../" + SECTION, id="parent-folder"),
])
def test_includes_cannot_leave_the_template_folder(case: memo.Case, tmp_path: Path, name: str) -> None:
    (tmp_path / SECTION).write_text("<p>hemlig</p>", encoding="utf-8")
    error = template_error(case, user_templates(tmp_path, f'{{% include "{name}" %}}'))
    assert "finns inte" in error.message and "utanför mallmappen" in error.message
    assert name in error.message


def test_a_forbidden_include_names_the_template_that_asked_for_it(case: memo.Case, tmp_path: Path) -> None:
    error = template_error(case, user_templates(tmp_path, '<p>ok</p>\n{% include "../../etc/passwd" %}'))
    assert (error.file, error.line) == (tmp_path / "mallar" / SECTION, 2)


def test_a_symlink_cannot_lead_out_of_the_template_folder(case: memo.Case, tmp_path: Path) -> None:
    secret = tmp_path / "hemlig.txt"
    secret.write_text("<p>lösenord</p>", encoding="utf-8")
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / SECTION).symlink_to(secret)
    with pytest.raises(memo.TemplateError, match="utanför mallmappen"):
        memo.render(case, templates=folder)


def test_a_huge_range_is_stopped_with_the_file_and_line(case: memo.Case, tmp_path: Path) -> None:
    error = template_error(case, user_templates(tmp_path, "<p>ok</p>\n{% for i in range(10**9) %}x{% endfor %}"))
    assert (error.file, error.line) == (tmp_path / "mallar" / SECTION, 2)


def test_runaway_output_is_stopped(case: memo.Case, tmp_path: Path) -> None:
    source = "{% for i in range(99999) %}{% for j in range(99999) %}<p>x</p>{% endfor %}{% endfor %}"
    error = template_error(case, user_templates(tmp_path, source))
    assert "loop som inte tar slut" in error.message


def test_a_template_that_includes_itself_is_stopped(case: memo.Case, tmp_path: Path) -> None:
    error = template_error(case, user_templates(tmp_path, f'{{% include "{SECTION}" %}}'))
    assert "anropar sig själv" in error.message
    assert error.file == tmp_path / "mallar" / SECTION


def test_a_syntax_error_names_the_template_file_and_line(case: memo.Case, tmp_path: Path) -> None:
    error = template_error(case, user_templates(tmp_path, "<h1>Sammanfattning</h1>\n{% if %}\n{% endif %}\n"))
    assert "syntaxfel" in error.message
    assert (error.file, error.line) == (tmp_path / "mallar" / SECTION, 2)
    assert str(error).endswith("    2 | {% if %}")


def test_an_undefined_name_names_the_template_file_and_line(case: memo.Case, tmp_path: Path) -> None:
    source = "<h1>Sammanfattning</h1>\n<p>{{ arende.sammanfatning }}</p>\n"
    error = template_error(case, user_templates(tmp_path, source))
    assert "värde som inte finns" in error.message and "sammanfatning" in error.message
    assert (error.file, error.line) == (tmp_path / "mallar" / SECTION, 2)


def test_a_missing_template_folder_is_named(case: memo.Case, tmp_path: Path) -> None:
    with pytest.raises(memo.TemplateError, match="finns inte"):
        memo.render(case, templates=tmp_path / "saknas")


def test_case_text_is_never_template_code() -> None:
    """Text in the case that looks like Jinja is printed as it is, never run."""
    text = "{{ ''.__class__.__mro__ }} {% for i in range(10**9) %}x{% endfor %} {% include '/etc/passwd' %}"
    data = memo.render({"rubrik": text, "diarienummer": "1", "handlaggare": {"namn": "A", "enhet": "B"},
                        "beslutsinstans": "Nämnden", "forslag_till_beslut": ["godkänna"]})
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == text


# --- resource limits, each run in a child process with a memory and time limit --------------------------------

_CHILD = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))
    import memo
    case = memo.load_case(sys.argv[1])
    try:
        memo.render(case, templates=sys.argv[2])
    except memo.TemplateError as error:
        print("TemplateError", error.file, error.line)
        sys.exit(0)
    except memo.MemoError as error:
        print("MemoError", error)
        sys.exit(3)
    print("rendered")
    sys.exit(4)
""")


def stopped_in_a_child(tmp_path: Path, source: str, seconds: float = 4) -> str:
    """Render with a hostile template in a child process; return its report or 'timeout'."""
    folder = user_templates(tmp_path, source)
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(SEED_SAMPLE), str(folder)],
                              capture_output=True, text=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        return "timeout"
    return (done.stdout + done.stderr.strip().splitlines()[-1:].__str__()) if done.returncode else done.stdout


@pytest.mark.parametrize("source", [
    pytest.param("{{ 'x' * 10**10 }}", id="string-times-huge"),
    pytest.param("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                 id="silent-nested-loops"),
    pytest.param("{{ ''|center(10**10) }}", id="filter-with-huge-width"),
    pytest.param("{% set ns = namespace(x='x') %}{% for i in range(64) %}{% set ns.x = ns.x ~ ns.x %}"
                 "{% endfor %}", id="doubling-concatenation"),
    pytest.param("{{ (10**10)**(10**10) }}", id="huge-power"),
    pytest.param("{% set s = '9' * 4900000 %}{{ ([s] * 1000) | tal }}", id="memo-filter-with-huge-list"),
    pytest.param("{% set s = '9' * 4900000 %}{{ 1 | kronor(decimaler=[s] * 1000) }}", id="memo-filter-huge-keyword"),
    pytest.param("{{ range(2000) | list | join('x' * 4000000) }}", id="join-with-huge-separator"),
])
def test_resource_bombs_in_a_user_template_are_stopped_quickly(tmp_path: Path, source: str) -> None:
    report = stopped_in_a_child(tmp_path, "<p>ok</p>\n" + source)
    assert report.startswith("TemplateError"), report
    assert report.split()[1:] == [str(tmp_path / "mallar" / SECTION), "2"]


# --- profiles: paths may not leave the profile folder ------------------------------------------------------


def profile_folder(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "profil"
    folder.mkdir()
    shutil.copyfile(STANDARD_PROFILE / "referens.docx", folder / "referens.docx")
    (folder / "profil.yaml").write_text("namn: Organisationen\n" + extra, encoding="utf-8")
    return folder


def test_a_copied_profile_folder_works(case: memo.Case, tmp_path: Path) -> None:
    assert memo.render(case, profile=profile_folder(tmp_path, "")).startswith(b"PK")


@pytest.mark.parametrize(("extra", "key", "line"), [
    pytest.param("referensdokument: ../../etc/passwd\n", "referensdokument", 2, id="reference-document"),
    pytest.param("referensdokument: /etc/passwd\n", "referensdokument", 2, id="absolute-reference-document"),
    pytest.param("mallar: ../../etc\n", "mallar", 2, id="templates"),
    pytest.param("logo:\n  fil: ../../etc/passwd\n  alt: Logotyp\n", "logo.fil", 3, id="logo"),
])
def test_profile_paths_cannot_leave_the_profile_folder(case: memo.Case, tmp_path: Path, extra: str, key: str,
                                                       line: int) -> None:
    folder = profile_folder(tmp_path, extra)
    with pytest.raises(memo.ProfileError) as caught:
        memo.render(case, profile=folder)
    error = caught.value
    assert (error.file, error.line, error.key) == (folder / "profil.yaml", line, key)
    assert "profilens mapp" in error.message


def test_a_symlinked_reference_document_leading_out_is_refused(case: memo.Case, tmp_path: Path) -> None:
    folder = profile_folder(tmp_path, "referensdokument: lank.docx\n")
    (folder / "lank.docx").symlink_to(STANDARD_PROFILE / "referens.docx")
    with pytest.raises(memo.ProfileError, match="utanför profilens mapp"):
        memo.render(case, profile=folder)
