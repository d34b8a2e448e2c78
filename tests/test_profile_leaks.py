"""Nothing of an organisation's template that is not its layout reaches a published memo (issue 20, finding 1).

``memo profil ny`` takes out comments, tracked changes (accepted), content controls bound to
custom XML and the custom XML, hidden text and personal document properties, gives the memo
the first section's page, and says so in its report; the logo's alt text goes to the logo
alone. A profile whose reference still carries any of them (an older profile, or one made by
hand) is cleaned when its reference is prepared. The templates come from LibreOffice,
python-docx and hand-edited XML (:mod:`leaky_templates`); each memo is opened and every part
read.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import memo
from conftest import ROOT, SAMPLES, pdf_text, to_pdf
from leaky_templates import (
    SECRETS,
    Parts,
    add_bound_controls,
    add_comment,
    add_hidden_text,
    add_landscape_appendix,
    add_personal_properties,
    add_thumbnail_of_the_page,
    add_tracked_changes,
    edited,
    first_page_letterhead,
    fodt,
    header_name,
    libreoffice,
    logo_and_text_box,
    plain_template,
    read_parts,
)
from memo.cli import main
from memo.errors import ProfileWarning

_CASE = """\
rubrik: Ny lekplats vid Norrby skola
diarienummer: KS 2026/77
datum: 2026-09-14
handlaggare:
  namn: Anna Berg
  enhet: Kansliet
beslutsinstans: Kommunstyrelsen
forslag_till_beslut:
  - anta förslaget till ny lekplats
sammanfattning: En ny lekplats byggs vid skolan.
arendebeskrivning: Den gamla lekplatsen är sliten.
konsekvenser:
  barn: Barnen har fått säga sitt om lekplatsen.
  miljö: Ingen påverkan.
  jämställdhet: Ingen påverkan.
underskrift:
  namn: Karin Holm
  titel: Kommundirektör
"""
_LEFTOVERS = re.compile(r"<w:(?:ins|del|moveFrom|moveTo|\w+Change|vanish|specVanish|commentRangeStart|"
                        r"commentReference|dataBinding|trackRevisions|attachedTemplate)\b")
#: The thumbnail of Word's blank page (python-docx's default template has it): a picture of nothing.
_BLANK_THUMBNAIL = "96367138dc44ce09bf2c8f0f8e49348a1478d2c5c0af69bbc2bbc38b63cdcead"
_A4 = (11906, 16838)


def _memo(tmp_path: Path, profile: Path) -> Path:
    case = tmp_path / "ärende.yaml"
    case.write_text(_CASE, encoding="utf-8")
    return memo.write(case, tmp_path / "pm.docx", profile=profile)


def _new_profile(tmp_path: Path, source: Path, logo_alt: str | None = None) -> tuple[memo.NewProfile, Path]:
    made = memo.new_profile(tmp_path / "profil", source, name="Exempels kommun", logo_alt=logo_alt)
    return made, _memo(tmp_path, tmp_path / "profil")


def _published(target: Path) -> dict[str, str]:
    """Every XML part of the memo, after checking that none carries what must not be published.

    What holds nothing may stay (an existing profile then writes the same memo, byte for byte):
    an empty custom XML part, as Word's blank document has, and the thumbnail of a blank page.
    """
    parts = read_parts(target)
    assert [n for n in parts if re.search(r"comments|people|glossary", n, re.IGNORECASE)] == []
    for name in [n for n in parts if re.fullmatch(r"customXml/item\d+\.xml", n)]:
        assert re.fullmatch(rb"(<\?xml[^>]*>)?\s*<([\w:]+)[^>]*/>\s*", parts[name]), name  # an empty root
    if "docProps/thumbnail.jpeg" in parts:
        assert hashlib.sha256(parts["docProps/thumbnail.jpeg"]).hexdigest() == _BLANK_THUMBNAIL
    xml = {name: data.decode("utf-8") for name, data in parts.items() if name.endswith((".xml", ".rels"))}
    for name, text in xml.items():
        assert not _LEFTOVERS.search(text), (name, _LEFTOVERS.search(text))
        assert [secret for secret in SECRETS if secret in text] == [], name
    sizes = re.findall(r'<w:pgSz\b[^>]*\bw:w="(\d+)"[^>]*\bw:h="(\d+)"', xml["word/document.xml"])
    assert [(int(w), int(h)) for w, h in sizes] == [_A4]  # one section, the first one's: portrait A4
    assert 'w:orient="landscape"' not in xml["word/document.xml"]
    return xml


def _header_text(target: Path) -> str:
    xml = _published(target)
    headers = [text for name, text in xml.items() if re.fullmatch(r"word/header\d+\.xml", name)]
    return " ".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", header)) for header in headers)


def _a4(source: Path, target: Path) -> Path:
    """python-docx writes US Letter; the templates here are Swedish A4."""
    document = docx.Document(str(source))
    for section in document.sections:
        section.page_width, section.page_height = 7560310, 10692130  # 210 × 297 mm in EMU
    document.save(str(target))
    return target


def _template(tmp_path: Path, *edits: Callable[[Parts], None]) -> Path:
    return edited(_a4(plain_template(tmp_path), tmp_path / "a4.docx"), tmp_path / "mall-med-fel.docx", *edits)


_ANNOTATED = fodt("<text:p>Dnr KS 2025/123</text:p>",
                  '<text:p>Här skriver handläggaren.<office:annotation><dc:creator>Eva Ek</dc:creator>'
                  '<dc:date>2025-01-01T10:00:00</dc:date><text:p>Intern anteckning: ring mig på 070-123 45 67</text:p>'
                  '</office:annotation></text:p>')
_TRACKED = fodt("<text:p>Dnr KS 2025/123</text:p>",
                '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info>'
                '<dc:creator>Per Persson</dc:creator><dc:date>2025-01-01T10:00:00</dc:date></office:change-info>'
                '<text:p>Byggenheten</text:p></text:deletion></text:changed-region></text:tracked-changes>'
                '<text:p>Här skriver <text:change text:change-id="c1"/>handläggaren.</text:p>')


@pytest.mark.parametrize("writer", ["libreoffice", "xml-for-hand"])
def test_comments_in_a_template_never_reach_a_memo(writer: str, tmp_path: Path) -> None:
    source = (libreoffice(tmp_path, "kommentar", _ANNOTATED) if writer == "libreoffice"
              else _template(tmp_path, add_comment))
    assert "word/comments.xml" in read_parts(source)
    made, target = _new_profile(tmp_path, source)
    _published(target)
    assert any(line.startswith("Tog bort 1 kommentar med författarnas namn (word/comments.xml)") for line in made.done)


@pytest.mark.parametrize("writer", ["libreoffice", "xml-for-hand"])
def test_tracked_changes_in_a_template_are_accepted(writer: str, tmp_path: Path) -> None:
    source = (libreoffice(tmp_path, "andringar", _TRACKED) if writer == "libreoffice"
              else _template(tmp_path, add_tracked_changes))
    assert "<w:trackRevisions" in read_parts(source)["word/settings.xml"].decode("utf-8")
    made, target = _new_profile(tmp_path, source)
    header = _header_text(target)  # no w:ins, w:del or reviewer in any part
    assert "Stängde av Spåra ändringar, så att ändringar i PM:en inte sparas med namn." in made.done
    if writer == "xml-for-hand":  # the insertion kept, the deletion gone, the old formatting dropped
        assert "Enhet: Miljöenheten" in header
        assert ("Godkände 3 spårade ändringar (1 infogning behölls, 1 borttagning togs bort, 1 formateringsändring "
                "behölls); PM:en får inga spårade ändringar och inga granskares namn.") in made.done


def test_content_controls_bound_to_custom_xml_become_placeholders(tmp_path: Path) -> None:
    made, target = _new_profile(tmp_path, _template(tmp_path, add_bound_controls))
    header = _header_text(target)  # no customXml part, no binding, not the template's Dnr anywhere
    assert "Ärende KS 2026/77" in header and "2026-09-14" in header
    assert "Kommunstyrelsen" in header  # a control that does not say what it holds keeps its text
    assert ("Gjorde om innehållskontrollen 'Diarienummer', bunden till anpassad XML (visade 'KS 2019/44'), till "
            "{{ diarienummer }}.") in made.done
    assert "Gjorde om innehållskontrollen 'Dokumentdatum', bunden till anpassad XML (visade '2019-03-01'), till " \
           "{{ datum }}." in made.done
    assert any(line.startswith("Tog bort 1 del med anpassad XML (customXml)") for line in made.done)
    assert any(line.startswith("Innehållskontrollen 'Nämnd' var bunden till anpassad XML; dess text "
                               "'Kommunstyrelsen' står nu kvar som vanlig text.") for line in made.todo)
    assert not any("Ingen text i sidhuvud" in line for line in made.todo)  # the Dnr was found, in the control


def test_hidden_text_in_a_template_never_reaches_a_memo(tmp_path: Path) -> None:
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = 7560310, 10692130
    hidden_style = document.styles.add_style("Dold anteckning", 2)  # WD_STYLE_TYPE.CHARACTER
    hidden_style.font.hidden = True
    line = document.sections[0].header.paragraphs[0]
    line.add_run("Kommunstyrelsen ")
    line.add_run("Intern anteckning: Eva Ek, 070-123 45 67").font.hidden = True
    document.sections[0].header.add_paragraph("Dnr KS 2025/123").add_run(" Granskad av Per Persson",
                                                                        style="Dold anteckning")
    document.save(str(tmp_path / "dold.docx"))
    made, target = _new_profile(tmp_path, tmp_path / "dold.docx")
    header = _header_text(target)  # no w:vanish in any part
    assert "Kommunstyrelsen" in header and "KS 2026/77" in header
    assert "Tog bort dold text (w:vanish): 2 textavsnitt och ur 1 formatmall." in made.done


def test_personal_document_properties_never_reach_a_memo(tmp_path: Path) -> None:
    made, target = _new_profile(tmp_path, _template(tmp_path, add_personal_properties))
    xml = _published(target)  # no author, reviewer, company or manager in any part
    assert "<dc:creator>Anna Berg</dc:creator>" in xml["docProps/core.xml"]  # the memo's own handläggare
    assert "Handläggare" not in xml["docProps/custom.xml"]  # only memo's fingerprint
    assert ("Tog bort uppgifter ur dokumentegenskaperna: författare, senast sparad av, nyckelord, beskrivning, "
            "kategori, företag, chef, 1 anpassad egenskap, länken till mallfilen (w:attachedTemplate); memo sätter "
            "titel och författare för varje PM.") in made.done


def test_the_logos_alt_text_never_goes_to_a_text_box(tmp_path: Path) -> None:
    source = libreoffice(tmp_path, "textruta", fodt(logo_and_text_box(), "<text:p>Här skriver handläggaren.</text:p>"))
    made, target = _new_profile(tmp_path, source, logo_alt="Exempels kommuns logotyp")
    header = _published(target)[header_name(read_parts(target))]
    pictures = re.findall(r'<wp:docPr [^>]*name="Logotyp"[^>]*>', header)
    boxes = re.findall(r'<wp:docPr [^>]*name="Ruta"[^>]*>', header)
    assert pictures and all('descr="Exempels kommuns logotyp"' in p for p in pictures)
    assert boxes and not any("Exempels kommuns logotyp" in box for box in boxes)
    assert "Brevpapper" in header and "KS 2026/77" in header  # the text box's own text is not the Dnr's
    assert "Gav logotypen alternativtexten 'Exempels kommuns logotyp'." in made.done


def _libreoffice_letterhead(folder: Path) -> Path:
    return libreoffice(folder, "brevpapper", fodt(logo_and_text_box(), "<text:p>Här skriver handläggaren.</text:p>",
                                                  appendix=True))


@pytest.mark.parametrize("make", [_libreoffice_letterhead, first_page_letterhead], ids=["libreoffice", "python-docx"])
def test_a_letterhead_first_and_a_landscape_appendix_last_give_the_memo_the_first_page(
        make: Callable[[Path], Path], tmp_path: Path) -> None:
    source = make(tmp_path)
    assert 'w:orient="landscape"' in read_parts(source)["word/document.xml"].decode("utf-8")
    made, target = _new_profile(tmp_path, source, logo_alt="Logotyp")
    xml = _published(target)  # portrait A4, one section, no "Bilaga" in any part
    assert "KS 2026/77" in _header_text(target)
    if make is first_page_letterhead:  # the first page keeps its own letterhead
        assert "<w:titlePg/>" in xml["word/document.xml"]
        assert 'w:type="first"' in xml["word/document.xml"]
    assert ("Dokumentet hade 2 avsnitt: PM:et får det första avsnittets sidformat (stående, 210 × 297 mm), "
            "sidhuvud och sidfot, inte det sista avsnittets.") in made.done
    assert any(line.startswith("Tog bort sidhuvuden och sidfötter som PM:et inte använder: 'Bilaga'")
               for line in made.done)


def test_the_report_lists_everything_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _template(tmp_path, add_comment, add_tracked_changes, add_bound_controls, add_hidden_text,
                       add_personal_properties, add_landscape_appendix, add_thumbnail_of_the_page)
    assert main(["profil", "ny", str(tmp_path / "profil"), "--från", str(source), "--namn", "Exempels kommun"]) == 0
    out = capsys.readouterr().out
    for removed in ("Dokumentet hade 2 avsnitt", "'Bilaga'", "Tog bort 1 kommentar", "Stängde av Spåra ändringar",
                    "Godkände 3 spårade ändringar", "'KS 2019/44'), till {{ diarienummer }}",
                    "Tog bort 1 del med anpassad XML", "Tog bort dold text (w:vanish): 2 textavsnitt",
                    "Tog bort uppgifter ur dokumentegenskaperna: författare, senast sparad av", "företag, chef",
                    "Tog bort miniatyrbilden", "Innehållskontrollen 'Nämnd'"):
        assert removed in out
    xml = _published(_memo(tmp_path, tmp_path / "profil"))
    assert "thumbnail" not in xml["_rels/.rels"]


_LEAKS: dict[str, Callable[[Parts], None]] = {
    "kommentarer": add_comment, "spårade-ändringar": add_tracked_changes,
    "bundna-innehållskontroller": add_bound_controls, "dold-text": add_hidden_text,
    "personliga-egenskaper": add_personal_properties, "liggande-bilaga-sist": add_landscape_appendix,
    "miniatyrbild-av-sidan": add_thumbnail_of_the_page,
}


@pytest.mark.parametrize("leak", list(_LEAKS.values()), ids=list(_LEAKS))
def test_an_older_profile_that_carries_them_is_cleaned_when_its_reference_is_prepared(
        leak: Callable[[Parts], None], tmp_path: Path) -> None:
    old = tmp_path / "gammal"
    shutil.copytree(SAMPLES / "profiler" / "upplands-bro-socialnamnden", old)
    edited(old / "referens.docx", old / "referens.docx", leak)  # as an older memo, or a person, left it
    case = SAMPLES / "tjansteskrivelse-upplands-bro-ekonomiskt-bistand.yaml"
    with pytest.warns(ProfileWarning) as said:  # and the organisation is told, so that it cleans its profile
        target = memo.write(case, tmp_path / "pm.docx", profile=old)
    _published(target)
    assert "SN 18/0098" in _header_text(target)
    assert memo.check_docx(target) == []
    told = [str(w.message) for w in said if isinstance(w.message, ProfileWarning)]
    assert len(told) == 1 and told[0].startswith(f"Referensdokumentet {old / 'referens.docx'} i profilen ")
    assert "så memo rensar bort det varje gång. Det här gjorde rensningen: " in told[0]
    assert told[0].endswith("så försvinner varningen.")


def test_an_older_profiles_leaks_are_told_once_in_a_batch_and_kontrollera(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "gammal"
    shutil.copytree(SAMPLES / "profiler" / "upplands-bro-socialnamnden", old)
    edited(old / "referens.docx", old / "referens.docx", add_comment)
    cases = tmp_path / "ärenden"
    cases.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(SAMPLES / "tjansteskrivelse-upplands-bro-ekonomiskt-bistand.yaml", cases / f"{name}.yaml")
    assert main([str(cases), "-o", str(tmp_path / "ut"), "--profil", str(old)]) == 0
    err = capsys.readouterr().err
    assert err.count("bär med sig sådant som inte ska följa med ett publicerat PM") == 1, err
    assert main(["kontrollera", str(cases / "a.yaml"), "--profil", str(old)]) == 0
    said = capsys.readouterr()
    assert "bär med sig sådant som inte ska följa med ett publicerat PM" in said.out + said.err


def test_the_shipped_profiles_carry_nothing_memo_must_clean() -> None:
    """No warning for memo's own profiles: their references hold nothing memo.word.clean takes out."""
    from memo.profile.reference import prepare_reference

    for reference in sorted([*(ROOT / "src" / "memo" / "profiles").glob("*/referens.docx"),
                             *(SAMPLES / "profiler").glob("*/referens.docx")]):
        assert prepare_reference(reference.resolve()).cleaned == (), reference


def test_a_template_from_libreoffices_office_open_xml_filter_keeps_no_author_in_the_profile(tmp_path: Path) -> None:
    """LibreOffice's "Office Open XML Text" filter relates the core properties with the older relationship type;
    the profile's reference gets one docProps/core.xml, without the template's author or description."""
    import subprocess
    import tempfile

    from memo.pdf import find_soffice

    source = tmp_path / "mall.fodt"
    source.write_text(fodt("<text:p>Dnr KS 2025/123</text:p>", "<text:p>Text.</text:p>",
                           meta="<meta:initial-creator>Karin Exempel</meta:initial-creator>"
                                "<dc:creator>Karin Exempel</dc:creator><dc:description>Ring 070-000 00 00"
                                "</dc:description>"), encoding="utf-8")
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice saknas")
    with tempfile.TemporaryDirectory(prefix="memo-lo-") as profile:
        subprocess.run([str(soffice), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        "docx:Office Open XML Text", "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=120)
    made, target = _new_profile(tmp_path, tmp_path / "mall.docx")
    with zipfile.ZipFile(tmp_path / "profil" / "referens.docx") as reference:
        names = reference.namelist()
        everything = "".join(reference.read(n).decode("utf-8", "replace") for n in names)
    assert names.count("docProps/core.xml") == 1
    assert "Karin Exempel" not in everything and "070-000" not in everything
    assert any("författare" in line and "beskrivning" in line for line in made.done)
    assert "Karin Exempel" not in "".join(_published(target).values())


_NOTED = fodt("<text:p>Dnr KS 2025/123</text:p>",
              '<text:p>Här skriver handläggaren.<text:note text:id="n1" text:note-class="footnote"><text:note-citation>'
              '1</text:note-citation><text:note-body><text:p>Intern anteckning: Eva Ek, 070-123 45 67</text:p>'
              '</text:note-body></text:note> Och här.<text:note text:id="n2" text:note-class="endnote">'
              '<text:note-citation>i</text:note-citation><text:note-body><text:p>Granskad av Per Persson</text:p>'
              '</text:note-body></text:note></text:p>')


def test_footnotes_and_endnotes_of_a_template_never_reach_a_memo(tmp_path: Path) -> None:
    source = libreoffice(tmp_path, "fotnoter", _NOTED)
    assert {"word/footnotes.xml", "word/endnotes.xml"} <= set(read_parts(source))
    made, target = _new_profile(tmp_path, source)
    xml = _published(target)  # no note's text in any part
    for name, tag in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
        if name in xml:  # Word's separators may stay: they hold no text
            assert re.findall(rf'<w:{tag}\b(?![^>]*w:type="(?:separator|continuationSeparator|continuationNotice)")',
                              xml[name]) == [], name
    assert "Tog bort 1 fotnot och 1 slutnot ur mallen (word/footnotes.xml, word/endnotes.xml)." in made.done
    assert "Intern anteckning" not in pdf_text(to_pdf(target))
