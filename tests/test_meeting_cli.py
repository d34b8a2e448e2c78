"""The meeting on the command line: ``memo ny --typ sammanträde``, its schema, ``memo MÖTE.yaml``, ``memo kallelse``
and ``memo protokoll`` with their default folder, ``--skriv-over`` and ``--pdf``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import memo
from conftest import SAMPLES, require_real_client
from memo.cli import main
from memo.read.source import read_yaml
from test_meeting import CYKEL, NORRBY, body, texts
from test_schema import _plain
from test_write_safety import edit_in_word

SAMPLE = SAMPLES / "sammantrade" / "ks-2026-10-05.yaml"


def sample_copy(folder: Path) -> Path:
    """The sample meeting and its two cases, copied into ``folder`` as they stand in samples/."""
    (folder / SAMPLE.parent.name).mkdir()
    for path in (NORRBY, CYKEL):
        shutil.copy(path, folder / path.name)
    return Path(shutil.copy(SAMPLE, folder / SAMPLE.parent.name / SAMPLE.name))


def tree(path: Path) -> Any:
    """A YAML file as the editor's YAML extension sees it, every scalar a text."""
    return _plain(read_yaml(path)[0])


def test_memo_ny_writes_a_starter_meeting_and_its_schema_and_the_filled_starter_makes_a_kallelse(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    target = tmp_path / "möte.yaml"
    assert main(["ny", str(target), "--typ", "sammanträde"]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=memo-schema-sammantrade.json\n")
    schema = json.loads((tmp_path / "memo-schema-sammantrade.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    assert main(["schema", "--typ", "sammanträde"]) == 0
    assert json.loads(capsys.readouterr().out) == schema
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid(tree(target))  # namnd, datum, tid and plats are still empty
    assert main(["kallelse", str(target)]) == 1
    capsys.readouterr()

    shutil.copy(NORRBY, tmp_path / "norrby.yaml")
    filled = (text.replace("namnd:  ", "namnd: Kommunstyrelsen  ", 1).replace("datum:  ", "datum: 2026-10-05  ", 1)
              .replace("tid:  ", 'tid: "13.00"  ', 1).replace("plats:  ", "plats: Sessionssalen  ", 1)
              .replace("  # - arenden/mitt-arende.yaml", "  - norrby.yaml  # ", 1))
    target.write_text(filled, encoding="utf-8")
    assert main(["kallelse", str(target)]) == 0
    kallelse = tmp_path / "möte" / "kallelse.docx"
    assert capsys.readouterr().out.splitlines() == [str(kallelse)]
    headings = [text for style, text in body(kallelse) if style == "Heading 2"]
    assert headings == ["1 Val av justerare", "2 Godkännande av dagordningen", "3 Investering i ny förskola i Norrby",
                        "4 Anmälan av delegationsbeslut", "5 Meddelanden"]
    assert "Sammanträde med: Kommunstyrelsen" in texts(kallelse)


def test_an_empty_namnd_in_the_starter_is_one_problem_at_namnd(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "möte.yaml"
    assert main(["ny", str(target), "--typ", "sammanträde"]) == 0
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("datum:  ", "datum: 2026-10-05  ", 1).replace("tid:  ", 'tid: "13.00"  ', 1)
                      .replace("plats:  ", "plats: Sessionssalen  ", 1), encoding="utf-8")
    report = memo.validate(target)
    assert [(error.rule, error.key) for error in report.errors] == [("tomt-varde", "namnd")]


def meeting_validator() -> Any:
    import jsonschema

    from memo.kinds.sammantrade.starter import schema

    return jsonschema.Draft202012Validator(schema(None))


def test_the_schema_refuses_an_item_that_is_a_number_and_takes_case_files() -> None:
    validator = meeting_validator()
    cases_only = {**tree(SAMPLE), "arenden": ["tjansteskrivelse-forskola-norrby.yaml", "cykel.yaml"]}
    assert validator.is_valid(cases_only), [error.message for error in validator.iter_errors(cases_only)]
    assert not validator.is_valid({**cases_only, "arenden": [*cases_only["arenden"], 42]})  # an editor's "- 42"
    assert not validator.is_valid({**cases_only, "arenden": []})
    assert not validator.is_valid({key: value for key, value in cases_only.items() if key != "namnd"})
    item = validator.schema["properties"]["arenden"]["anyOf"][0]["items"]
    item_validator = type(validator)(item)
    assert [item_validator.is_valid(value) for value in (42, "a.yaml", " ", {"arende": "a.yaml", "beslut": ["x"]},
                                                         {"rubrik": "Meddelanden"}, {"arende": "a.yaml", "okand": 1})
            ] == [False, True, False, True, True, False]


def test_the_schema_takes_the_sample_meeting_and_the_filled_starter(tmp_path: Path) -> None:
    validator = meeting_validator()
    sample = tree(SAMPLE)
    assert validator.is_valid(sample), [error.message for error in validator.iter_errors(sample)]
    assert main(["ny", str(tmp_path / "möte.yaml"), "--typ", "sammanträde"]) == 0
    text = (tmp_path / "möte.yaml").read_text(encoding="utf-8")
    filled = (text.replace("namnd:  ", "namnd: Kommunstyrelsen  ", 1).replace("datum:  ", "datum: 2026-10-05  ", 1)
              .replace("tid:  ", 'tid: "13.00"  ', 1).replace("plats:  ", "plats: Sessionssalen  ", 1))
    (tmp_path / "möte.yaml").write_text(filled, encoding="utf-8")
    assert validator.is_valid(tree(tmp_path / "möte.yaml"))


def test_memo_on_a_meeting_file_writes_its_kallelse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = sample_copy(tmp_path)
    assert main([str(meeting)]) == 0
    written = meeting.with_suffix(".docx")
    assert capsys.readouterr().out.strip() == str(written)
    paragraphs = body(written)
    assert paragraphs[0] == ("Title", "Kallelse")
    assert [text for style, text in paragraphs if style == "Heading 1"] == ["Föredragningslista"]
    assert "3 Investering i ny förskola i Norrby" in [text for style, text in paragraphs if style == "Heading 2"]


def test_kallelse_and_protokoll_go_to_a_folder_named_as_the_meeting_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = sample_copy(tmp_path)
    folder = meeting.with_suffix("")
    numbers = [item.paragraf for item in memo.load_meeting(meeting)[0].arenden]
    assert numbers == list(range(41, 41 + len(numbers))) and len(numbers) >= 4
    assert main(["kallelse", str(meeting)]) == 0
    assert main(["protokoll", str(meeting)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [str(folder / "kallelse.docx"), str(folder / "protokoll.docx"),
                   f"{folder / 'protokollsutdrag'}/ ({len(numbers)} protokollsutdrag)"]
    assert sorted(path.name for path in folder.iterdir()) == ["kallelse.docx", "protokoll.docx", "protokollsutdrag"]
    assert sorted(path.name for path in (folder / "protokollsutdrag").iterdir()) == sorted(
        f"paragraf-{number}.docx" for number in numbers)
    assert f"Paragrafer: §§ 41–{numbers[-1]}" in texts(folder / "protokoll.docx")


def test_kallelse_writes_into_the_folder_given_with_o(tmp_path: Path) -> None:
    meeting = sample_copy(tmp_path)
    assert main(["kallelse", str(meeting), "-o", str(tmp_path / "a" / "b")]) == 0
    assert [path.name for path in (tmp_path / "a" / "b").iterdir()] == ["kallelse.docx"]
    assert not meeting.with_suffix("").exists()


@pytest.mark.parametrize(("command", "name"), [("kallelse", "kallelse.docx"), ("protokoll", "protokoll.docx"),
                                               ("protokoll", "protokollsutdrag/paragraf-43.docx")])
def test_a_document_edited_by_hand_is_not_replaced_without_skriv_over(
        command: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = sample_copy(tmp_path)
    out = tmp_path / "ut"
    assert main([command, str(meeting), "-o", str(out)]) == 0
    assert main([command, str(meeting), "-o", str(out)]) == 0  # unchanged: replaced without asking
    document = out / name
    edit_in_word(document)
    edited = document.read_bytes()
    before = {path: path.read_bytes() for path in out.rglob("*.docx")}
    capsys.readouterr()

    assert main([command, str(meeting), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"memo: {document}: Filen har ändrats efter att memo skrev den"), err
    assert "--skriv-over" in err and "Traceback" not in err
    assert {path: path.read_bytes() for path in out.rglob("*.docx")} == before  # nothing else written either

    assert main([command, str(meeting), "-o", str(out), "--skriv-over"]) == 0
    assert document.read_bytes() != edited
    assert "Tillägg av handläggaren." not in texts(document)


def test_kallelse_of_a_case_file_says_it_is_no_meeting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(NORRBY, tmp_path / "norrby.yaml")
    for command in ("kallelse", "protokoll"):
        assert main([command, str(tmp_path / "norrby.yaml")]) == 1
        err = capsys.readouterr().err
        assert "är ett pm, inte ett sammanträde" in err or "inte ett sammanträde" in err, err
        assert "Traceback" not in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["norrby.yaml"]


def test_kallelse_with_pdf_writes_the_motesbok_and_says_its_size(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_real_client()
    meeting = sample_copy(tmp_path)
    assert main(["kallelse", str(meeting), "--pdf"]) == 0
    folder = meeting.with_suffix("")
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [str(folder / "kallelse.docx"), str(folder / "kallelse.pdf")]
    size = (folder / "motesbok.pdf").stat().st_size
    found = re.fullmatch(re.escape(str(folder / "motesbok.pdf")) + r" \((\d+) kB\)", out[2])
    assert found is not None, out
    assert abs(int(found.group(1)) - size / 1024) <= 1
    assert (folder / "motesbok.pdf").read_bytes().startswith(b"%PDF-")
