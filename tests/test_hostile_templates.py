"""Hostile and careless user templates: each attack in ``tests/hostile_templates/`` is refused the same way.

One folder per attack, named after it: the templates as the attacker (or the careless author)
wrote them, and ``forvantat.txt`` with the expected message, the template file and line it
must name, and whether memory is the point. Each is run as a handläggare runs memo — the
``memo`` command in a process of its own — and must end with exit code 1, one Swedish
message naming that template file and line, no traceback, nothing written, in under 5 s,
and (where memory is the point) a peak resident size under 200 MB.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import NamedTuple

import docx
import pytest

import memo
from conftest import SEED_SAMPLE, run_memo_measured

ATTACKS = Path(__file__).resolve().parent / "hostile_templates"
SECONDS = 5.0
PEAK_BYTES = 200_000_000


class Expected(NamedTuple):
    message: str
    template: str
    line: int | None  # None: the problem is the file as a whole
    memory: bool
    size: int | None  # pad the template to this many bytes before the run (a file too large to commit)


def expected(folder: Path) -> Expected:
    fields = dict(line.split(": ", 1) for line in (folder / "forvantat.txt").read_text("utf-8").splitlines())
    size = fields.get("storlek")
    line = None if fields["rad"] == "-" else int(fields["rad"])
    return Expected(fields["meddelande"], fields["mall"], line, fields["minne"] == "ja",
                    int(size) if size else None)


def attack_folder(name: str, tmp_path: Path) -> tuple[Path, Expected]:
    folder = shutil.copytree(ATTACKS / name, tmp_path / name)
    wanted = expected(folder)
    if wanted.size is not None:
        template = folder / wanted.template
        text = template.read_bytes()
        template.write_bytes(text + b"<p>x</p>\n" * ((wanted.size - len(text)) // 9 + 1))
    return folder, wanted


@pytest.mark.parametrize("name", sorted(p.name for p in ATTACKS.iterdir() if p.is_dir()))
def test_a_hostile_template_is_refused_at_its_own_file_and_line(name: str, tmp_path: Path) -> None:
    folder, wanted = attack_folder(name, tmp_path)
    out = tmp_path / "ut"
    out.mkdir()
    run = run_memo_measured([str(SEED_SAMPLE), "--mallar", str(folder), "-o", str(out / "pm.docx")])
    assert run.code == 1, run.stderr
    first = run.stderr.splitlines()[0]
    place = f", rad {wanted.line}" if wanted.line is not None else ""
    assert first.startswith(f"memo: {folder / wanted.template}{place}: "), run.stderr
    assert wanted.message in first, run.stderr
    assert "Traceback" not in run.stderr and run.stderr.count("memo: ") == 1
    assert not any(out.iterdir()), "nothing may be written"
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    if wanted.memory:
        assert 0 < run.peak_bytes < PEAK_BYTES, f"{run.peak_bytes / 1e6:.0f} MB"


def test_every_attack_folder_says_what_it_expects() -> None:
    folders = [p for p in ATTACKS.iterdir() if p.is_dir()]
    assert len(folders) >= 20
    for folder in folders:
        wanted = expected(folder)
        assert (folder / wanted.template).is_file(), folder.name


def test_templates_that_try_to_change_the_case_leave_it_as_it_was(tmp_path: Path) -> None:
    """The decision points, the title and the sändlista in the memo are the case's, whatever a template tried."""
    case = memo.load_case(SEED_SAMPLE)
    for name in ("append_changes_a_later_section", "clear_empties_the_decision", "update_changes_the_title"):
        with pytest.raises(memo.TemplateError, match="försöker ändra"):
            memo.render(case, templates=ATTACKS / name)
    # The same case, rendered after the attempts with the shipped templates, shows what the YAML says.
    document = docx.Document(io.BytesIO(memo.render(case)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == case.rubrik
    assert "Någon annan" not in text and "Ett annat ärende" not in text
    decisions = case.avsnitt["forslag_till_beslut"]
    shown = [p for p in document.paragraphs if p.style is not None and p.style.name == "Att-sats"]
    assert isinstance(decisions, tuple) and len(shown) == len(decisions) == 2
