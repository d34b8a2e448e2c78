"""Table widths from the profile's own fonts: amounts stay whole in any font, and memo says when it has to guess.

The profiles here are made by ``memo profil ny`` from templates in fonts of Debian's font packages
(``.ci/run`` installs them), written by python-docx or by LibreOffice, with the font named directly,
through the theme, and embedded in the document. The memos are printed by LibreOffice and read back
with ``pdftotext``.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

import memo
from conftest import ROOT, pdf_text, require_real_client
from memo.fonts import find, folders
from memo.fonts.embedded import deobfuscated
from memo.fonts.measure import advance_widths
from memo.fonts.table import table_widths
from memo.fonts.widest import COMMON_FAMILIES, measure_common, widest
from memo.pdf import find_soffice
from memo.word.tablewidths import CELL_PADDING, NUMBER_COLUMN
from test_layout import margins
from test_layout_generated import Printed, _convert_all, _edited, bbox_words, split_amounts

#: A three-year table of seven-digit amounts (the sums are seven digits too).
_CASE = """\
rubrik: Driftkostnader för den nya förskolan i Norrby
diarienummer: KS 2026/77
datum: 2026-09-14
handlaggare:
  namn: Anna Berg
  enhet: Kansliet
beslutsinstans: Kommunstyrelsen
forslag_till_beslut:
  - anta driftbudgeten för förskolan
ekonomiska_konsekvenser:
  text: Driftkostnaderna framgår av tabellen.
  tabell:
    beskrivning: Driftkostnader per år
    enhet: kronor
    kolumner: ["2027", "2028", "2029"]
    rader:
      - post: Personal
        belopp: [1200000, 2700000, 3800000]
      - post: Lokaler och kapitalkostnad
        belopp: [4800000, 4800000, 4800000]
    summa: ja
"""
AMOUNTS = ("1 200 000", "2 700 000", "3 800 000", "4 800 000", "6 000 000", "7 500 000", "8 600 000")


def _python_docx(family: str | None, points: int) -> Callable[[Path], Path]:
    """A template as python-docx writes it: Normal in ``family`` (None: the theme's font, Cambria) at ``points``."""
    def make(folder: Path) -> Path:
        document = docx.Document()
        normal = document.styles["Normal"]
        if family is not None:
            normal.font.name = family
        normal.font.size = Pt(points)
        document.add_paragraph("Tjänsteskrivelse")
        path = folder / "mall.docx"
        document.save(str(path))
        return path
    return make


_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="{family}" svg:font-family="'{family}'" style:font-family-generic="roman"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties style:font-name="{family}" fo:font-size="{points}pt" fo:language="sv" fo:country="SE"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph"/>
 </office:styles>
 <office:body><office:text><text:p text:style-name="Standard">Tjänsteskrivelse</text:p></office:text></office:body>
</office:document>
"""


def _libreoffice(family: str, points: int) -> Callable[[Path], Path]:
    """A template as LibreOffice writes it from an ODT whose default paragraph font is ``family`` at ``points``."""
    def make(folder: Path) -> Path:
        require_real_client()
        source = folder / "mall.fodt"
        source.write_text(_FODT.format(family=family, points=points), encoding="utf-8")
        soffice = find_soffice()
        assert soffice is not None
        with tempfile.TemporaryDirectory(prefix="memo-lo-") as profile:
            subprocess.run([str(soffice), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)],
                           check=True, capture_output=True, timeout=120)
        return folder / "mall.docx"
    return make


#: Templates in fonts of Debian's font packages, named, through the theme, from python-docx and LibreOffice.
TEMPLATES: dict[str, Callable[[Path], Path]] = {
    "dejavu-sans-12-python-docx": _python_docx("DejaVu Sans", 12),
    "dejavu-serif-12-python-docx": _python_docx("DejaVu Serif", 12),
    "freesans-14-python-docx": _python_docx("FreeSans", 14),
    "cambria-temat-13-python-docx": _python_docx(None, 13),  # the theme's Cambria: printed in Caladea
    "carlito-14-libreoffice": _libreoffice("Carlito", 14),
    "dejavu-serif-12-libreoffice": _libreoffice("DejaVu Serif", 12),
}


def _require_fonts() -> None:
    missing = [family for family in COMMON_FAMILIES if find.find_font(family, False) is None]
    if not missing:
        return
    packages = " ".join(sorted({COMMON_FAMILIES[family] for family in missing}))
    if os.environ.get("CI") == "true":
        pytest.fail(f"Typsnitten {', '.join(missing)} saknas men CI=true (apt-get install {packages}).")
    pytest.skip(f"Typsnitten {', '.join(missing)} saknas (apt-get install {packages})")


def _memo_in(folder: Path, make: Callable[[Path], Path], case: str = _CASE) -> Path:
    source = make(folder)
    memo.new_profile(folder / "profil", source, name="Exempels kommun")
    path = folder / "ärende.yaml"
    path.write_text(case, encoding="utf-8")
    return memo.write(path, folder / "pm.docx", profile=folder / "profil")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """A memo with the three-year table in each template's profile, all printed in one LibreOffice run."""
    require_real_client()
    _require_fonts()
    root = tmp_path_factory.mktemp("typsnitt")
    docs = {}
    for name, make in TEMPLATES.items():
        folder = root / name
        folder.mkdir()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", memo.MemoWarning)
            docs[name] = _memo_in(folder, make)
        assert not [w for w in caught if "Typsnitt" in str(w.message)], "typsnittet borde ha hittats"
        docs[name] = docs[name].rename(root / f"{name}.docx")
    for name in TEMPLATES:
        docs[f"{name}-arial"] = _edited(docs[name], f"{name}-arial", _with_arials_widths)
    _convert_all(list(docs.values()), root)
    out = {}
    for name, path in docs.items():
        words, height = bbox_words(path.with_suffix(".pdf"))
        top, bottom = margins(path)
        out[name] = Printed(path, tuple(words), top, height - bottom)
    return out


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_amounts_are_never_broken_in_a_three_year_table_in_the_profiles_own_font(
        printed: dict[str, Printed], name: str) -> None:
    text = " ".join(pdf_text(printed[name].docx.with_suffix(".pdf")).replace("\u00a0", " ").split())
    assert [amount for amount in AMOUNTS if amount not in text] == []
    assert split_amounts(printed[name]) == []


def _with_arials_widths(xml: bytes) -> bytes:
    """The table's columns as wide as Arial 12 pt needs them (what memo assumed for every font before)."""
    arial = table_widths(["Arial"], 24)
    amount = max(arial.twips("8\u00a0600\u00a0000", bold=True) + CELL_PADDING, NUMBER_COLUMN)
    text = xml.decode("utf-8")
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', text)]
    assert len(widths) == 4
    new = [sum(widths) - 3 * amount, amount, amount, amount]
    for old, narrower in zip(widths, new, strict=True):
        text = text.replace(f'w:w="{old}"', f'w:w="{narrower}"')
    return text.encode("utf-8")


def test_the_amounts_would_break_with_arials_widths(printed: dict[str, Printed]) -> None:
    """The check above is put to the test: with the widths Arial needs, the wider fonts break their amounts."""
    broken = [name for name in TEMPLATES if split_amounts(printed[f"{name}-arial"])]
    assert len(broken) >= 3, broken


def test_the_templates_print_in_their_own_fonts(printed: dict[str, Printed]) -> None:
    """LibreOffice printed each memo in the font its template names (what the widths were measured with)."""
    expected = {"dejavu-sans-12-python-docx": "DejaVuSans", "dejavu-serif-12-python-docx": "DejaVuSerif",
                "freesans-14-python-docx": "FreeSans", "cambria-temat-13-python-docx": "Caladea",
                "carlito-14-libreoffice": "Carlito", "dejavu-serif-12-libreoffice": "DejaVuSerif"}
    for name, font in expected.items():
        fonts = subprocess.run(["pdffonts", str(printed[name].docx.with_suffix(".pdf"))], capture_output=True,
                               text=True, check=True).stdout
        assert font in fonts, (name, fonts)


def _gridcols(docx_path: Path) -> list[int]:
    body = zipfile.ZipFile(docx_path).read("word/document.xml").decode("utf-8")
    return [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', body)]


def test_the_widths_are_measured_from_the_fonts_own_advances() -> None:
    _require_fonts()
    sans, serif = find.find_font("DejaVu Sans", False), find.find_font("Liberation Serif", True)
    assert sans is not None and serif is not None
    measured, bold = advance_widths(sans.path, sans.number), advance_widths(serif.path, serif.number)
    assert measured is not None and bold is not None
    # DejaVu Sans: figures 1303 and the space 651 of 2048 units; Liberation Serif Bold: figures 1024, nbsp 512.
    assert (measured["0"], measured[" "]) == (math.ceil(1303_000 / 2048), math.ceil(651_000 / 2048))
    assert (bold["7"], bold["\u00a0"]) == (500, 250)
    assert measured["\u2060"] == 0  # the word joiner takes no room
    font = table_widths(["DejaVu Sans"], 24)
    # "1 200 000" at 12 pt: seven figures and two no-break spaces, in twentieths of a point, rounded up
    assert font.twips("1\u00a0200\u00a0000") == math.ceil((7 * 637 + 2 * 318) * 24 / 100)
    assert font.missing == ()


def test_a_font_is_measured_by_its_metric_twin_when_only_the_twin_is_installed() -> None:
    _require_fonts()
    if find.find_font("Arial", False) not in (None, find.find_font("Liberation Sans", False)):
        pytest.skip("Arial är installerat här")
    arial, liberation = table_widths(["Arial"], 24), table_widths(["Liberation Sans"], 24)
    assert arial.missing == () and arial.regular == liberation.regular and arial.bold == liberation.bold


@pytest.mark.parametrize(("make", "expected"), [(_python_docx("DejaVu Sans", 12), (("DejaVu Sans",), 24, False)),
                                                 (_python_docx(None, 13), (("Cambria",), 26, False))],
                         ids=["namngivet", "temats"])
def test_the_table_text_font_is_read_from_the_reference_documents_styles(
        tmp_path: Path, make: Callable[[Path], Path], expected: tuple[object, ...]) -> None:
    from memo.word.tablefont import text_font

    memo.new_profile(tmp_path / "profil", make(tmp_path), name="Exempels kommun")
    assert text_font(docx.Document(str(tmp_path / "profil" / "referens.docx"))) == expected


def test_a_font_found_nowhere_gets_the_widest_common_metrics_and_a_warning(tmp_path: Path) -> None:
    _require_fonts()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", memo.MemoWarning)
        written = _memo_in(tmp_path, _python_docx("Exempelgrotesk Finns Inte", 12))
    (message,) = [str(w.message) for w in caught if "Typsnittet" in str(w.message)]
    assert "Exempelgrotesk Finns Inte" in message and "bredaste vanliga" in message
    assert "Driftkostnader per år" in message and "Installera typsnittet" in message
    # The widths the table got are the widest common ones: as wide as DejaVu Sans Bold needs, or wider.
    bold = widest()[1]
    sums = math.ceil((7 * bold["0"] + 2 * bold["\u00a0"]) * 24 / 100)
    assert all(width >= sums + 216 for width in _gridcols(written)[1:])
    # memo kontrollera (memo.validate) says it too, as one of memo's own warnings.
    report = memo.validate(tmp_path / "ärende.yaml", profile=tmp_path / "profil")
    assert any(f.rule == "varning" and "Exempelgrotesk Finns Inte" in f.message for f in report.warnings)


def _two_fonts(folder: Path) -> Path:
    """A template whose Normal names one font for ASCII and another for the letters beyond (w:hAnsi)."""
    path = _python_docx("Exempelgrotesk", 12)(folder)
    document = docx.Document(str(path))
    fonts = document.styles["Normal"].element.rPr.rFonts
    fonts.set(fonts.tag.replace("rFonts", "hAnsi"), "Exempelantikva")
    document.save(str(path))
    return path


def test_two_fonts_found_nowhere_are_named_in_one_warning(tmp_path: Path) -> None:
    _require_fonts()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", memo.MemoWarning)
        _memo_in(tmp_path, _two_fonts)
    (message,) = [str(w.message) for w in caught if "Typsnitt" in str(w.message)]
    assert message.startswith("Typsnitten \u201dExempelgrotesk\u201d och \u201dExempelantikva\u201d")
    assert "inte inbäddade" in message and "bädda in dem" in message


def test_an_installed_font_gives_no_font_warning(tmp_path: Path) -> None:
    _require_fonts()
    _memo_in(tmp_path, _python_docx("DejaVu Serif", 12))
    report = memo.validate(tmp_path / "ärende.yaml", profile=tmp_path / "profil")
    assert not [f for f in report.warnings if "Typsnitt" in f.message]


_KEY = "{4A1B2C3D-5E6F-4789-9ABC-DEF012345678}"


def _with_embedded_font(source: Path, family: str, font: bytes, target: Path) -> Path:
    """``source`` with ``font`` embedded (obfuscated as Word does) for ``family``, edited by hand in its parts."""
    obfuscated = deobfuscated(font, _KEY)  # the same operation both ways
    assert obfuscated is not None and obfuscated != font
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="odttf" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.obfuscatedFont"/><Default ', 1)
            elif item.filename == "word/fontTable.xml":
                data = re.sub(rb"(<w:fonts [^>]*>)", lambda m: m.group(1) + (
                    f'<w:font w:name="{family}"><w:embedRegular '
                    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                    f'r:id="rIdFont1" w:fontKey="{_KEY}"/></w:font>').encode(), data, count=1)
            copy.writestr(item, data)
        copy.writestr("word/_rels/fontTable.xml.rels",
                      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
                      'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdFont1" '
                      'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" '
                      'Target="fonts/font1.odttf"/></Relationships>')
        copy.writestr("word/fonts/font1.odttf", obfuscated)
    return target


def test_a_font_embedded_in_the_reference_document_is_measured(tmp_path: Path) -> None:
    """A family installed nowhere, embedded in the template (here FreeSerif's file under another name)."""
    _require_fonts()
    free = find.find_font("FreeSerif", False)
    assert free is not None
    plain = _python_docx("Exempelantikva", 12)(tmp_path)
    source = _with_embedded_font(plain, "Exempelantikva", free.path.read_bytes(), tmp_path / "inbäddad.docx")
    memo.new_profile(tmp_path / "profil", source, name="Exempels kommun")
    from memo.fonts.cached import font_widths
    from memo.profile.reference import prepare_reference

    prepared = prepare_reference(tmp_path / "profil" / "referens.docx")
    assert prepared.table_font.embedded and prepared.table_font.embedded[0][:2] == ("exempelantikva", False)
    font = font_widths(prepared.table_font, prepared.static_zip)
    assert font.family == "Exempelantikva" and font.missing == ()
    assert font.regular["0"] == table_widths(["FreeSerif"], 24).regular["0"] == 500


def test_the_font_folders_are_read_where_there_is_no_fontconfig(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows: no fc-match; the fonts' own names are read from the files in the font folders."""
    _require_fonts()
    originals = {name: find.find_font(*name) for name in (("DejaVu Serif", False), ("DejaVu Serif", True),
                                                          ("Liberation Sans", False))}
    fonts = tmp_path / "Fonts"
    fonts.mkdir()
    copies = {}
    for (family, bold), found in originals.items():
        assert found is not None
        copies[family, bold] = fonts / f"skrift-{len(copies)}.ttf"  # names unlike the families'
        shutil.copyfile(found.path, copies[family, bold])
    shutil.copyfile(copies["DejaVu Serif", False], fonts / "Garamond.ttf")  # a family's name, another font inside
    monkeypatch.setenv("PATH", str(tmp_path / "inga-program"))
    monkeypatch.setattr(folders, "font_folders", lambda: [fonts])
    find._indexed.cache_clear()
    try:
        assert find.find_font("DejaVu Serif", True) == find.FontFile(copies["DejaVu Serif", True], 0)
        regular = find.find_font("dejavu serif", False)
        assert regular is not None and regular.path in (copies["DejaVu Serif", False], fonts / "Garamond.ttf")
        assert find.find_font("Arial", True) == find.FontFile(copies["Liberation Sans", False], 0)  # its twin
        assert find.find_font("Garamond", False) is None
    finally:
        find._indexed.cache_clear()


def test_the_widest_common_metrics_are_the_widest_of_the_common_families() -> None:
    """``widest.json`` is made from the fonts (tools/widest_metrics.py): measured again, it is the same."""
    _require_fonts()
    tables, missing = measure_common()
    assert missing == []
    shipped = json.loads((ROOT / "src" / "memo" / "fonts" / "widest.json").read_text(encoding="utf-8"))
    assert shipped == tables
    regular, bold = widest()
    for family in COMMON_FAMILIES:
        own = table_widths([family], 24)
        assert all(regular[c] >= w for c, w in own.regular.items() if c in regular), family
        assert all(bold[c] >= w for c, w in own.bold.items() if c in bold), family


def test_ci_installs_the_packages_of_the_common_families() -> None:
    """``.ci/run`` installs the font packages the widest metrics and these tests need: memo.fonts' list, no other."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (packages,) = re.findall(r'^FONT_PACKAGES="([^"]*)"$', script, re.MULTILINE)
    assert sorted(packages.split()) == sorted(set(COMMON_FAMILIES.values()))


def test_a_font_installed_later_prepares_the_reference_document_again(tmp_path: Path) -> None:
    """The measured widths are kept in memo's cache, keyed also by the font folders: a second process writes the
    memo without python-docx or fontTools; after a font is installed, it measures again (with the prepared
    reference document from the cache: no python-docx)."""
    from test_cache import _render

    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache-xdg")}
    (tmp_path / "data" / "fonts").mkdir(parents=True)
    case = ROOT / "samples" / "tjansteskrivelse-forskola-norrby.yaml"
    first = _render(case, tmp_path / "cache", env=env)
    second = _render(case, tmp_path / "cache", env=env)
    assert "fontTools" in first["loaded"] and second["loaded"] == []
    assert second["parts"]["word/document.xml"] == first["parts"]["word/document.xml"]
    (tmp_path / "data" / "fonts" / "exempel").mkdir()  # as a font package adds its folder
    third = _render(case, tmp_path / "cache", env=env)
    assert third["loaded"] == ["fontTools"]
    assert third["parts"]["word/document.xml"] == first["parts"]["word/document.xml"]


def test_a_memo_without_a_table_measures_no_font(tmp_path: Path) -> None:
    """Only a memo with a table has its font measured: the seed, written with an empty cache, loads no fontTools."""
    from conftest import SEED_SAMPLE
    from test_cache import _render

    first = _render(SEED_SAMPLE, tmp_path / "cache")
    assert "docx" in first["loaded"] and "fontTools" not in first["loaded"]
    assert not list((tmp_path / "cache").glob("typsnitt/*.json"))
