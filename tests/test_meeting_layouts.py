"""The kallelse's and the protokoll's layouts come from real documents: every label they write stands in at least one
published kallelse, protokoll, protokollsutdrag or memo (``tests/data/sammantrade/``, ``tests/data/protokollsutdrag/``,
``tests/data/verkliga-pm/``).

The labels are read from the DOCX files memo writes of the sample meeting — the text before ":" of a label
paragraph, the heading rows and first column of a table, the headings that are not an item's own — never from a
list written here. And neither document has an accessibility problem that ``memo granska`` finds.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

import memo
from conftest import DATA
from memo.cli import main
from test_meeting import DECISION_STYLES
from test_meeting_cli import sample_copy

#: The real documents: published kallelser, protokoll and protokollsutdrag as text, and the published memos that go
#: to the same meetings (their "Handläggare" and "Protokollsutdrag skickas till"); their "#" lines are the notes of
#: whoever saved them, not the document.
REAL = [path for folder in ("sammantrade", "protokollsutdrag", "verkliga-pm") for path in
        sorted((DATA / folder).glob("*.txt"))]
#: The headings and labels of an item that show the item's own text (its number or §, its rubrik).
ITEM_HEADING = re.compile(r"(\d+|§ \d+) ")


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@pytest.fixture(scope="module")
def real_text() -> str:
    assert len(REAL) >= 10
    return "\n".join(normalised(line) for path in REAL for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample meeting (``meeting``), and its kallelse and protokoll with the profile the sample names."""
    folder = tmp_path_factory.mktemp("layout")
    meeting = sample_copy(folder)
    out = folder / "ut"
    return {"meeting": meeting, "kallelse": memo.write_kallelse(meeting, out).docx,
            "protokoll": memo.write_protokoll(meeting, out).docx}


def values(meeting: memo.Meeting) -> set[str]:
    """What the meeting file and its cases fill in: no label is one of these."""
    found = {meeting.namnd, meeting.plats, meeting.ordforande or "", meeting.sekreterare or "",
             meeting.justering or "", meeting.forvaringsplats or "", *meeting.justerare, *meeting.beslutande,
             *meeting.ovriga_narvarande}
    for item in meeting.arenden:
        found |= {item.arende.rubrik, item.arende.diarienummer}
    return {normalised(value) for value in found if value}


def labels(path: Path) -> set[str]:
    """The labels a document writes: the text before ":" of a paragraph that starts with a label, the text of a
    heading or of a label paragraph without a colon (not an item's: "3 Investering …", "§ 43 …"), and a table's
    heading row and first column."""
    document = docx.Document(str(path))
    found: set[str] = set()
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        text = " ".join(paragraph.text.split())
        if not text or style in DECISION_STYLES or style == "Sändlista":
            continue
        if style.startswith(("Heading", "Title")) or style == "Sändlista rubrik":
            if not ITEM_HEADING.match(text):
                found.add(text.rstrip(":"))
        elif ":" in text:
            label = text.split(":", 1)[0]
            if len(label.split()) <= 5:
                found.add(label)
    for table in document.tables:
        for number, row in enumerate(table.rows):
            cells = row.cells if number == 0 else row.cells[:1]
            found |= {" ".join(cell.text.split()) for cell in cells if cell.text.strip()}
    return found


def test_the_labels_are_read_from_the_documents_and_not_their_values(written: dict[str, Path]) -> None:
    """The reading of labels finds what it looks for, and no value of the meeting passes as a label."""
    meeting, _ = memo.load_meeting(written["meeting"])
    kallelse, protokoll = labels(written["kallelse"]), labels(written["protokoll"])
    assert {"Sammanträde med", "Föredragningslista", "Förslag till beslut"} <= kallelse
    assert {"Plats och tid", "Utses att justera", "Anslag/bevis", "Förvaringsplats för protokollet"} <= protokoll
    assert not {normalised(label) for label in kallelse | protokoll} & values(meeting)


@pytest.mark.parametrize("name", ["kallelse", "protokoll"])
def test_every_label_of_the_document_stands_in_a_real_document(
        name: str, written: dict[str, Path], real_text: str) -> None:
    found = labels(written[name])
    missing = sorted(label for label in found
                     if not re.search(rf"(?<!\w){re.escape(normalised(label))}(?!\w)", real_text))
    assert missing == [], f"{name}: inte i någon verklig förlaga: {missing}"


@pytest.mark.parametrize("name", ["kallelse", "protokoll"])
def test_memo_granska_finds_no_accessibility_problem(
        name: str, written: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / f"{name}.docx"
    shutil.copy(written[name], copy)
    capsys.readouterr()
    assert main(["granska", str(copy)]) == 0
    assert capsys.readouterr().out.strip() == f"{copy}: Inga tillgänglighetsproblem hittades."
