"""A number a handläggare writes as text — in prose, or as a named value shown with ``${namn}`` — gets the no-break
spaces memo gives an amount, so that the memo memo writes passes memo's own check (``memo granska``)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import memo
from memo import cli

_CASE = """\
rubrik: Bidrag till 1 500 000 kronor för föreningarna
diarienummer: 26RS100
handlaggare:
  namn: Anna Berg
  enhet: Ekonomienheten
beslutsinstans: Regionstyrelsen
forslag_till_beslut:
  - bevilja föreningarna 250 000 kr var
varden:
  invanare: 1 500 000
sammanfattning: |
  Regionen har ${invanare} invånare. Bidraget ökar med 12 % till 3 000 000 kronor. Resultatet blev -2 000 kr
  under 2025-2026. Planen gäller **2025**-2026 och *Covid*-19.

  - Föreningarna i länet är 2 400 till antalet.
konsekvenser:
  miljo: Inga konsekvenser.
  barn: Omkring 10 000 barn är med i en förening.
  jamstalldhet: Inga konsekvenser.
"""

#: Each number as the memo must show it: kept on one line by no-break spaces.
_SHOWN = ["1\u00a0500\u00a0000\u00a0kronor för föreningarna", "250\u00a0000\u00a0kr var",
          "Regionen har 1\u00a0500\u00a0000 invånare", "ökar med 12\u00a0% till 3\u00a0000\u00a0000\u00a0kronor",
          "2\u00a0400 till antalet", "Omkring 10\u00a0000 barn",
          "Resultatet blev \u22122\u00a0000\u00a0kr under 2025-2026",  # a minus sign; the range keeps its hyphen
          "Planen gäller 2025-2026 och Covid-19"]  # a hyphen after bold or italic text is no minus sign


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tal-i-text")
    case = folder / "ärende.yaml"
    case.write_text(_CASE, encoding="utf-8")
    return memo.write(case, folder / "pm.docx")


def test_numbers_in_text_values_get_no_break_spaces_in_the_document(written: Path) -> None:
    with zipfile.ZipFile(written) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    text = "".join(run for run in _texts(xml))
    for shown in _SHOWN:
        assert shown in text, shown


def test_the_memo_memo_writes_with_numbers_in_text_passes_memo_granska(
        written: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert memo.check_docx(written) == []
    assert cli.main(["granska", str(written)]) == 0
    assert capsys.readouterr().out == f"{written}: Inga tillgänglighetsproblem hittades.\n"


def _texts(xml: str) -> list[str]:
    """The text of every w:t element, in order (the document's words as a reader gets them)."""
    import re

    return [re.sub(r"&amp;", "&", m) for m in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)]
