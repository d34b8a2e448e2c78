"""The sammanträde: a meeting file of cases and standing items, and the documents memo makes of it — the kallelse
with its föredragningslista, the mötesbok, the protokoll and one protokollsutdrag per §.

Every item's text is its memo's: the tests compare what the kallelse, the protokoll and the utdrag show with what
the memo of the same case writes, reading the produced DOCX files (python-docx) or what LibreOffice prints of them.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import docx
import pytest

import memo
from conftest import SAMPLES, pdf_text, require_real_client
from memo.cli import main
from test_bad_input import expectation, problem_heading
from test_protokollsutdrag import in_order

NORRBY = SAMPLES / "tjansteskrivelse-forskola-norrby.yaml"
CYKEL = SAMPLES / "yttrande-regional-cykelstrategi.yaml"
BAD = Path(__file__).resolve().parent / "bad_meetings"
#: Each bad meeting is a folder: ``mote.yaml`` (its first line says what memo must answer) and the files it names;
#: ``arende.yaml``, a good case, is added beside it.
BAD_MEETINGS = sorted(path for path in BAD.iterdir() if path.is_dir())
#: The paragraph styles of a förslag till beslut (and a beslut): the lead-in, an att-sats, a numbered point.
DECISION_STYLES = ("Beslutsinledning", "Att-sats", "Beslutspunkt")
#: Twenty places, none a part of another's name: each case of the big meeting is about one of them.
PLACES = ("Ekby", "Björkhult", "Lindås", "Askeby", "Granhult", "Tallmo", "Almvik", "Lönnberga", "Hasselfors",
          "Rönnäng", "Sälgsjö", "Videbäck", "Alnö", "Bokenäs", "Ekshärad", "Furudal", "Gnarp", "Hjo", "Idre",
          "Järpen")
JUSTERARE = "utse Eva Lind (M) att jämte ordföranden justera protokollet"

MEETING_HEAD = """profil: standard
namnd: Kommunstyrelsen
datum: 2026-10-05
tid: "13.00"
plats: Sessionssalen, Stadshuset
ordforande: Anna Berg (S)
sekreterare: Per Holm
justerare:
  - Eva Lind (M)
justering: Kommunkansliet, 12 oktober 2026
forvaringsplats: Kommunkansliet
"""


def flat(text: str) -> str:
    """Text with its whitespace made single spaces and the invisible joiners memo and LibreOffice add taken out."""
    return " ".join(text.replace("\u00a0", " ").replace("\u2060", "").replace("\u00ad", "").split())


def body(source: Path | bytes) -> list[tuple[str, str]]:
    """A DOCX body's paragraphs as (style name, text)."""
    document = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    return [(paragraph.style.name if paragraph.style is not None else "", paragraph.text)
            for paragraph in document.paragraphs]


def decision(paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(style, text) for style, text in paragraphs if style in DECISION_STYLES]


def texts(source: Path | bytes) -> str:
    return "\n".join(text for _, text in body(source))


def case_text(sample: Path, number: int) -> str:
    """Case ``number`` (1–20) of the big meeting: a sample with its own rubrik, diarienummer and decision point."""
    place = PLACES[number - 1]
    text = sample.read_text(encoding="utf-8")
    dnr = f"KS 2026/{700 + number:04d}"
    if sample == NORRBY:
        changed = text.replace("Norrby", place).replace("diarienummer: KS 2026/0412", f"diarienummer: {dnr}")
    else:
        changed = (text.replace("rubrik: Yttrande över remiss av regional cykelstrategi 2027–2035",
                                f"rubrik: Yttrande över remiss av cykelplan för {place}")
                   .replace("diarienummer: KS 2026/0388", f"diarienummer: {dnr}")
                   .replace("  - anta förvaltningens yttrande som sitt eget",
                            f"  - anta förvaltningens yttrande om cykelplanen för {place} som sitt eget"))
    assert changed.count(place) >= 2 and f"diarienummer: {dnr}\n" in changed
    return changed


class Big(NamedTuple):
    """The big meeting: its file, its cases in agenda order, and what memo wrote of it."""

    meeting: Path
    cases: list[Path]
    out: Path
    kallelse: memo.Kallelse
    protokoll: memo.Protokoll
    seconds: float


def write_big_meeting(folder: Path) -> tuple[Path, list[Path]]:
    """A meeting of a standing item and 20 cases, ten made from each of two samples, § 41 onwards."""
    assert not any(a != b and a in b for a in PLACES for b in PLACES)
    (folder / "arenden").mkdir()
    cases = []
    for number in range(1, 21):
        sample = NORRBY if number % 2 else CYKEL
        path = folder / "arenden" / f"arende-{number:02d}.yaml"
        path.write_text(case_text(sample, number), encoding="utf-8")
        cases.append(path)
    items = "".join(f"  - arenden/{path.name}\n" for path in cases)
    meeting = folder / "ks-2026-10-05.yaml"
    meeting.write_text(f"{MEETING_HEAD}forsta_paragraf: 41\narenden:\n  - rubrik: Val av justerare\n"
                       f"    forslag_till_beslut:\n      - {JUSTERARE}\n{items}", encoding="utf-8")
    return meeting, cases


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Big:
    """The big meeting's kallelse with its mötesbok, and its protokoll with its utdrag, written once for the module;
    the protokoll and every utdrag printed by LibreOffice in one step."""
    import time

    require_real_client()
    folder = tmp_path_factory.mktemp("sammantrade")
    meeting, cases = write_big_meeting(folder)
    out = folder / "ut"
    started = time.monotonic()
    kallelse = memo.write_kallelse(meeting, out, pdf=True)
    seconds = time.monotonic() - started
    protokoll = memo.write_protokoll(meeting, out)
    from memo.pdf import export_pdfs

    failed = [result.error for result in export_pdfs([protokoll.docx, *protokoll.utdrag]) if result.error]
    assert failed == []
    return Big(meeting, cases, out, kallelse, protokoll, seconds)


def memo_decision(case: Path) -> list[tuple[str, str]]:
    """The förslag till beslut as the case's own memo writes it."""
    return decision(body(memo.render(case)))


def case_values(case: Path) -> tuple[str, str]:
    loaded = memo.load_case(case)
    return loaded.rubrik, loaded.diarienummer


# --- the Done-when meeting: 20 cases and a standing item, through LibreOffice ---------------------------------


def test_the_kallelse_shows_the_meeting_and_every_item_in_order_with_its_memos_decision(big: Big) -> None:
    paragraphs = body(big.kallelse.docx)
    items = [index for index, (style, _) in enumerate(paragraphs) if style == "Heading 2"]
    assert len(items) == 21
    for number, case in enumerate(big.cases, 2):  # the standing item is the first
        start = items[number - 1]
        end = items[number] if number < len(items) else len(paragraphs)
        assert decision(paragraphs[start:end]) == memo_decision(case), case.name

    text = flat(pdf_text(big.kallelse.pdf))
    for shown in ("Kallelse", "Sammanträde med: Kommunstyrelsen", "Sammanträdesdatum: 2026-10-05",
                  "måndag 5 oktober 2026 kl. 13.00", "Plats: Sessionssalen, Stadshuset", "Föredragningslista"):
        assert shown in text, shown
    expected = ["Föredragningslista", "1 Val av justerare", JUSTERARE]
    for number, case in enumerate(big.cases, 2):
        rubrik, dnr = case_values(case)
        expected += [f"{number} {rubrik}", f"Diarienummer: {dnr}"]
        expected += [flat(text.replace("\t", " ")) for _, text in memo_decision(case)]
    assert in_order(text, [flat(phrase) for phrase in expected]), text


class Entry(NamedTuple):
    title: str
    page: int  # counted from 0


def outline(pdf: Path) -> list[Entry]:
    """The PDF's top-level bookmarks, each with the page it opens."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        pages = {page.obj.objgen: number for number, page in enumerate(document.pages)}
        found = []
        with document.open_outline() as tree:
            for item in tree.root:
                target = item.destination
                if target is None and item.action is not None:
                    target = item.action.get("/D")
                if isinstance(target, (pikepdf.String, str)):
                    target = pikepdf.NameTree(document.Root.Names.Dests)[str(target)]
                if isinstance(target, pikepdf.Dictionary):
                    target = target.D
                assert isinstance(target, pikepdf.Array), (item.title, target)
                found.append(Entry(item.title, pages[target[0].objgen]))
    return found


def tagged_pages(element: Any) -> list[Any]:
    """The pages (``/Pg``) the structure elements under ``element`` name."""
    import pikepdf

    found: list[Any] = []
    stack = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if "/Pg" in node:
                found.append(node.Pg)
            if "/K" in node:
                stack.append(node.K)
    return found


def page_texts(pdf: Path) -> list[str]:
    return [flat(page) for page in pdf_text(pdf).split("\f")[:-1]]


def test_the_motesbok_has_a_bookmark_per_item_at_the_first_page_of_its_memo(big: Big) -> None:
    import pikepdf

    book = big.kallelse.motesbok
    assert book is not None and book.is_file()
    pages = page_texts(book)
    kallelse_pages = len(page_texts(big.kallelse.pdf))
    entries = outline(book)
    assert entries[0] == Entry("Kallelse", 0)
    assert len(entries) == 1 + len(big.cases)  # the standing item has no memo
    memo_pages = []
    for number, (entry, case) in enumerate(zip(entries[1:], big.cases, strict=True), 2):
        rubrik, dnr = case_values(case)
        assert entry.title.startswith(f"{number}. ") and rubrik in entry.title, entry
        first = pages[entry.page]
        assert rubrik in first and f"Dnr {dnr}" in first, (entry, first[:300])
        own = re.search(r"\b1 \((\d+)\)", first)  # the memo's own page count, from its header: "1 (2)"
        assert own is not None, first[:300]
        memo_pages.append(int(own.group(1)))
    starts = [entry.page for entry in entries[1:]]
    assert starts[0] == kallelse_pages
    assert all(later == start + count for start, later, count in zip(starts, starts[1:], memo_pages, strict=False))
    assert len(pages) == kallelse_pages + sum(memo_pages)
    assert pages[:kallelse_pages] == page_texts(big.kallelse.pdf)  # the kallelse first, all of it
    whole = " ".join(pages)
    assert all(case_values(case)[0] in whole for case in big.cases)

    info = subprocess.run(["pdfinfo", str(book)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    title = re.search(r"^Title:\s+(.*)$", info, re.MULTILINE)
    kallelse_title = docx.Document(str(big.kallelse.docx)).core_properties.title
    assert kallelse_title and title is not None and flat(title.group(1)) == flat(f"Mötesbok: {kallelse_title}")
    assert flat(title.group(1)) == "Mötesbok: Kallelse till Kommunstyrelsens sammanträde 5 oktober 2026"
    with pikepdf.open(book) as document:
        assert str(document.Root.Lang) == "sv-SE"
        assert document.Root.MarkInfo.Marked
        # The tags themselves, not only the mark: one Part per bookmark under one Document, each Part's content on
        # the pages of its own document.
        top = document.Root.StructTreeRoot.K
        top = top[0] if isinstance(top, pikepdf.Array) else top
        assert pikepdf.Name.Document == top.S
        parts = list(top.K) if isinstance(top.K, pikepdf.Array) else [top.K]
        assert [str(part.T) for part in parts] == [entry.title for entry in entries]
        page_of = {page.obj.objgen: number for number, page in enumerate(document.pages)}
        bounds = [entry.page for entry in entries] + [len(document.pages)]
        for number, part in enumerate(parts):
            shown = {page_of[page.objgen] for page in tagged_pages(part)}
            assert shown and all(bounds[number] <= page < bounds[number + 1] for page in shown), (part.T, shown)
    size = book.stat().st_size
    assert big.kallelse.motesbok_size == size
    print(f"\nmötesbok för 20 ärenden: {size / 1024:.0f} kB, {len(pages)} sidor, kallelse + mötesbok "
          f"{big.seconds:.1f} s")
    assert size < 3 * 1024 * 1024


def test_the_protokoll_numbers_every_item_from_forsta_paragraf(big: Big) -> None:
    text = flat(pdf_text(big.protokoll.docx.with_suffix(".pdf")))
    assert "Paragrafer: §§ 41–61" in text
    rubriker = ["Val av justerare"] + [case_values(case)[0] for case in big.cases]
    assert in_order(text, [f"§ {number} {rubrik}" for number, rubrik in enumerate(rubriker, 41)]), text
    assert "§ 62" not in text and "§ 40" not in text


def test_one_protokollsutdrag_per_paragraph_certifies_it(big: Big) -> None:
    folder = big.out / "protokollsutdrag"
    assert sorted(path.name for path in folder.glob("*.docx")) == sorted(f"paragraf-{n}.docx" for n in range(41, 62))
    assert list(big.protokoll.utdrag) == [folder / f"paragraf-{n}.docx" for n in range(41, 62)]
    rubriker = ["Val av justerare"] + [case_values(case)[0] for case in big.cases]
    for number, rubrik in enumerate(rubriker, 41):
        text = flat(pdf_text(folder / f"paragraf-{number}.pdf"))
        assert in_order(text, [f"§ {number}", rubrik, "Kommunstyrelsens beslut", "Utdragsbestyrkande"]), text
        others = set(re.findall(r"§ (\d+)", text)) - {str(number)}
        assert not others, (number, others)


# --- everything written once ------------------------------------------------------------------------------


def small_meeting(folder: Path, items: str, head: str = "forsta_paragraf: 41\n") -> Path:
    shutil.copy(NORRBY, folder / "norrby.yaml")
    shutil.copy(CYKEL, folder / "cykel.yaml")
    meeting = folder / "mote.yaml"
    meeting.write_text(f"{MEETING_HEAD}{head}arenden:\n{items}", encoding="utf-8")
    return meeting


def test_a_decision_point_changed_in_the_case_is_changed_in_the_kallelse_the_protokoll_and_its_utdrag(
        tmp_path: Path) -> None:
    meeting = small_meeting(tmp_path, "  - rubrik: Val av justerare\n  - norrby.yaml\n  - cykel.yaml\n")
    old, new = "hanteras i budget för", "finansieras genom omprioriteringar i budget för"
    out = tmp_path / "ut"
    memo.write_kallelse(meeting, out)
    memo.write_protokoll(meeting, out)
    written = [out / "kallelse.docx", out / "protokoll.docx", out / "protokollsutdrag" / "paragraf-42.docx"]
    assert all(old in texts(path) and new not in texts(path) for path in written)

    case = tmp_path / "norrby.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    memo.write_kallelse(meeting, out)
    memo.write_protokoll(meeting, out)
    for path in written:
        assert new in texts(path) and old not in texts(path), path
    assert decision(body(out / "kallelse.docx"))[:3] == memo_decision(case)
    assert old not in texts(out / "protokollsutdrag" / "paragraf-43.docx")  # the other case's § is its own


# --- the decision as taken ------------------------------------------------------------------------------


def under(paragraphs: list[tuple[str, str]], heading: str, section: str) -> list[str]:
    """The decision's texts under one § (its Heading 1 starts with ``heading``), in its Heading 2 ``section``."""
    start = next(i for i, (style, text) in enumerate(paragraphs) if style == "Heading 1" and text.startswith(heading))
    end = next((i for i in range(start + 1, len(paragraphs)) if paragraphs[i][0] == "Heading 1"), len(paragraphs))
    inside = paragraphs[start + 1:end]
    first = next(i for i, (style, text) in enumerate(inside) if style == "Heading 2" and text == section)
    after = next((i for i in range(first + 1, len(inside)) if inside[i][0].startswith("Heading")), len(inside))
    return [text for style, text in inside[first + 1:after] if style in DECISION_STYLES]


def test_an_item_with_its_decision_as_taken_shows_the_proposal_and_then_the_decision(tmp_path: Path) -> None:
    taken = "återremittera ärendet till samhällsbyggnadsförvaltningen"
    meeting = small_meeting(tmp_path, f"  - norrby.yaml\n  - arende: cykel.yaml\n    beslut:\n      - {taken}\n")
    out = tmp_path / "ut"
    memo.write_kallelse(meeting, out)
    memo.write_protokoll(meeting, out)

    protokoll = body(out / "protokoll.docx")
    proposal = " ".join(under(protokoll, "§ 42", "Förslag till beslut"))
    decided = " ".join(under(protokoll, "§ 42", "Kommunstyrelsens beslut"))
    assert "anta förvaltningens yttrande som sitt eget" in proposal and taken not in proposal
    assert taken in decided and "anta förvaltningens yttrande" not in decided
    # the item without a beslut: the förslag is the decision
    assert under(protokoll, "§ 41", "Kommunstyrelsens beslut") == under(protokoll, "§ 41", "Förslag till beslut")

    utdrag = texts(out / "protokollsutdrag" / "paragraf-42.docx")
    assert taken in utdrag and "anta förvaltningens yttrande" not in utdrag
    kallelse = texts(out / "kallelse.docx")
    assert "anta förvaltningens yttrande som sitt eget" in kallelse and taken not in kallelse


def test_a_standing_items_decision_as_taken_is_its_paragraphs_decision(tmp_path: Path) -> None:
    meeting = small_meeting(tmp_path, f"  - rubrik: Val av justerare\n    forslag_till_beslut:\n      - {JUSTERARE}\n"
                                      "    beslut:\n      - utse Omar Haddad (S) att jämte ordföranden justera "
                                      "protokollet\n  - norrby.yaml\n")
    made = memo.write_protokoll(meeting, tmp_path / "ut")
    protokoll = body(made.docx)
    assert under(protokoll, "§ 41", "Förslag till beslut") == ["Kommunstyrelsen beslutar", f"att\t{JUSTERARE}."]
    assert under(protokoll, "§ 41", "Kommunstyrelsens beslut") == [
        "Kommunstyrelsen beslutar", "att\tutse Omar Haddad (S) att jämte ordföranden justera protokollet."]
    assert "Omar Haddad" in texts(made.utdrag[0]) and "Eva Lind" not in texts(made.utdrag[0])


# --- numbering ------------------------------------------------------------------------------------------


def paragraph_headings(protokoll: Path) -> list[str]:
    return [text.split(" ")[1] for style, text in body(protokoll) if style == "Heading 1" and text.startswith("§ ")]


def test_items_are_numbered_from_forsta_paragraf_and_count_on_from_an_items_own_paragraph(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = small_meeting(tmp_path, f"  - rubrik: Val av justerare\n    forslag_till_beslut: [{JUSTERARE}]\n"
                                      "  - arende: norrby.yaml\n    paragraf: 12\n  - cykel.yaml\n"
                                      "  - rubrik: Meddelanden\n", head="forsta_paragraf: 7\n")
    assert main(["protokoll", str(meeting), "-o", str(tmp_path / "ut")]) == 0
    protokoll = tmp_path / "ut" / "protokoll.docx"
    assert paragraph_headings(protokoll) == ["7", "12", "13", "14"]
    assert "Paragrafer: §§ 7, 12–14" in texts(protokoll)
    folder = tmp_path / "ut" / "protokollsutdrag"
    assert sorted(path.name for path in folder.iterdir()) == ["paragraf-12.docx", "paragraf-13.docx",
                                                              "paragraf-7.docx"]
    assert "§ 12\tDnr KS 2026/0412" in texts(folder / "paragraf-12.docx")
    err = capsys.readouterr().err  # Meddelanden has no decision, so no utdrag: said at its line
    line = meeting.read_text(encoding="utf-8").splitlines().index("  - rubrik: Meddelanden") + 1
    assert re.search(rf"mote\.yaml, rad {line}\b.*§ 14 \(Meddelanden\) har inget beslut", err), err


def test_an_earlier_runs_utdrag_of_a_paragraph_no_longer_there_is_removed_unless_edited_by_hand(
        tmp_path: Path) -> None:
    from test_write_safety import edit_in_word

    meeting = small_meeting(tmp_path, "  - norrby.yaml\n  - cykel.yaml\n")
    folder = tmp_path / "ut" / "protokollsutdrag"
    memo.write_protokoll(meeting, tmp_path / "ut")
    edit_in_word(folder / "paragraf-42.docx")
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("forsta_paragraf: 41", "forsta_paragraf: 1"),
                       encoding="utf-8")
    made = memo.write_protokoll(meeting, tmp_path / "ut")
    assert [path.name for path in made.utdrag] == ["paragraf-1.docx", "paragraf-2.docx"]
    assert sorted(path.name for path in folder.iterdir()) == ["paragraf-1.docx", "paragraf-2.docx",
                                                              "paragraf-42.docx"]
    assert "Tillägg av handläggaren." in texts(folder / "paragraf-42.docx")


def test_another_meetings_utdrag_in_the_same_folder_is_left_alone(tmp_path: Path) -> None:
    meeting = small_meeting(tmp_path, "  - norrby.yaml\n")
    folder = tmp_path / "ut" / "protokollsutdrag"
    memo.write_protokoll(meeting, tmp_path / "ut")  # § 41, 2026-10-05
    later = tmp_path / "senare.yaml"
    later.write_text(meeting.read_text(encoding="utf-8").replace("forsta_paragraf: 41", "forsta_paragraf: 61")
                     .replace("2026-10-05", "2026-11-09"), encoding="utf-8")
    made = memo.write_protokoll(later, tmp_path / "ut")
    assert [path.name for path in made.utdrag] == ["paragraf-61.docx"]
    assert sorted(path.name for path in folder.iterdir()) == ["paragraf-41.docx", "paragraf-61.docx"]
    assert "2026-10-05" in texts(folder / "paragraf-41.docx")


def test_without_forsta_paragraf_the_items_are_numbered_from_one(tmp_path: Path) -> None:
    meeting = small_meeting(tmp_path, "  - norrby.yaml\n", head="")
    made = memo.write_protokoll(meeting, tmp_path / "ut")
    assert paragraph_headings(made.docx) == ["1"]
    assert "Paragrafer: § 1" in texts(made.docx).splitlines()


def test_a_meeting_built_in_python_with_a_paragraph_twice_is_refused_and_nothing_written(tmp_path: Path) -> None:
    import datetime as dt

    from memo.kinds.sammantrade import Item, Meeting

    case, other = memo.load_case(NORRBY), memo.load_case(CYKEL)
    meeting = Meeting(namnd="Kommunstyrelsen", datum=dt.date(2026, 10, 5), tid=dt.time(13), plats="Sessionssalen",
                      arenden=(Item(case, 41), Item(other, 42)))
    assert paragraph_headings(memo.write_protokoll(meeting, tmp_path / "ut").docx) == ["41", "42"]
    twice = Meeting(namnd="Kommunstyrelsen", datum=dt.date(2026, 10, 5), tid=dt.time(13), plats="Sessionssalen",
                    arenden=(Item(case, 41), Item(other, 41)))
    same_case = Meeting(namnd="Kommunstyrelsen", datum=dt.date(2026, 10, 5), tid=dt.time(13), plats="Sessionssalen",
                        arenden=(Item(case, 41), Item(case, 42)))
    for write in (memo.write_kallelse, memo.write_protokoll):
        with pytest.raises(memo.CaseError) as raised:
            write(twice, tmp_path / "ut2")
        assert raised.value.rule == "dubbel-paragraf" and raised.value.key == "arenden[2].paragraf"
        with pytest.raises(memo.CaseError) as raised:
            write(same_case, tmp_path / "ut2")
        assert raised.value.rule == "dubbelt-arende" and raised.value.key == "arenden[2].arende"
    assert not (tmp_path / "ut2").exists()


# --- bad meetings ---------------------------------------------------------------------------------------


def bad_meeting(bad: Path, folder: Path) -> Path:
    """A copy of the bad meeting ``bad`` (a folder of tests/bad_meetings) with a good case as ``arende.yaml``."""
    shutil.copytree(bad, folder, dirs_exist_ok=True)
    shutil.copy(NORRBY, folder / "arende.yaml")
    return folder / "mote.yaml"


def problem_lines(err: str) -> list[str]:
    """The lines of memo's message that each say one problem at a line (not the quoted source lines under them)."""
    return [line for line in err.splitlines() if re.match(r"(memo: .*?, |\d+\) )rad \d+", line)]


@pytest.fixture(scope="module")
def kallelse_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A kallelse memo wrote, to stand as an existing one that must not change."""
    folder = tmp_path_factory.mktemp("befintlig")
    meeting = small_meeting(folder, "  - norrby.yaml\n")
    return memo.write_kallelse(meeting, folder / "ut").docx.read_bytes()


@pytest.mark.parametrize("bad", BAD_MEETINGS, ids=[path.name for path in BAD_MEETINGS])
@pytest.mark.parametrize("command", ["kallelse", "protokoll"])
def test_a_bad_meeting_is_refused_at_the_meeting_files_line_and_nothing_is_written(
        bad: Path, command: str, tmp_path: Path, kallelse_bytes: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    expected = expectation(bad / "mote.yaml")
    meeting = bad_meeting(bad, tmp_path / "mote")
    problems = memo.validate(meeting).errors
    assert problems

    code = main([command, str(meeting)])  # into the default folder, which is not there

    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert str(meeting) in err
    assert problem_heading(expected).search(err), err
    assert all(text in err for text in expected.texts), err
    assert len(problem_lines(err)) == len(problems), err  # one line per problem
    assert not meeting.with_suffix("").exists()

    existing = tmp_path / "ut"
    existing.mkdir()
    (existing / "kallelse.docx").write_bytes(kallelse_bytes)
    assert main([command, str(meeting), "-o", str(existing)]) == 1
    capsys.readouterr()
    assert [path.name for path in existing.iterdir()] == ["kallelse.docx"]
    assert (existing / "kallelse.docx").read_bytes() == kallelse_bytes


def test_every_bad_meeting_has_its_expectation_and_the_issues_faults_are_there() -> None:
    names = {path.name for path in BAD_MEETINGS}
    assert {"case_file_missing", "case_with_errors", "case_of_another_profile", "paragraph_twice",
            "case_twice"} <= names
    for bad in BAD_MEETINGS:
        assert expectation(bad / "mote.yaml").line is not None, bad.name


def test_kontrollera_lists_every_problem_of_a_meeting_in_one_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = bad_meeting(BAD / "several_faults", tmp_path)
    assert main(["kontrollera", str(meeting)]) == 1
    captured = capsys.readouterr()
    said = problem_lines(captured.err)
    lines = [int(re.search(r"\brad (\d+)", line).group(1)) for line in said]  # type: ignore[union-attr]
    assert lines == [4, 10, 11, 14], captured.err
    assert "finns-inte.yaml" in said[1] and "trasigt.yaml" in said[2] and "diarienumer" in said[2]
    assert "§ 41 står redan på rad 9" in said[3]
    assert f"{meeting}: 4 fel" in captured.out + captured.err


def test_a_meeting_named_as_an_item_is_called_a_sammantrade_in_swedish(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = bad_meeting(BAD / "item_is_the_meeting_itself", tmp_path)
    assert main(["kallelse", str(meeting)]) == 1
    err = capsys.readouterr().err
    assert "'mote.yaml' är ett sammanträde, inte ett ärende" in err, err


@pytest.mark.parametrize("profile", ["region-orebro-lan", "karlskoga-kultur-och-foreningsnamnden",
                                     "nynashamn-kommunstyrelsen"])
def test_standing_items_are_att_satser_after_the_namnds_lead_in_whatever_the_profiles_memo_demands(
        tmp_path: Path, profile: str) -> None:
    """A profile's required sections, perspectives, lead-in and decision style are its memos': a standing item is
    "Kommunstyrelsen beslutar / att godkänna dagordningen" with any of them."""
    folder = SAMPLES / "profiler" / profile
    named = str(folder) if folder.is_dir() else profile
    meeting = tmp_path / "mote.yaml"
    meeting.write_text(MEETING_HEAD.replace("profil: standard", f"profil: {named}")
                       + "arenden:\n  - rubrik: Godkännande av dagordningen\n    forslag_till_beslut:\n"
                         "      - godkänna dagordningen\n", encoding="utf-8")
    lines = texts(memo.write_kallelse(meeting, tmp_path / "ut").docx).splitlines()
    at = lines.index("Förslag till beslut:")
    assert lines[at + 1:at + 3] == ["Kommunstyrelsen beslutar", "att\tgodkänna dagordningen."]
    utdrag = texts(memo.write_protokoll(meeting, tmp_path / "ut").utdrag[0]).splitlines()
    assert "Kommunstyrelsen beslutar" in utdrag and "att\tgodkänna dagordningen." in utdrag
