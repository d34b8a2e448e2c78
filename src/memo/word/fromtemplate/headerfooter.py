"""The reference's header and footer: placeholders where memo fills in, the logo's alt text, what is left.

Header and footer text under a label — a diarienummer, a date, a handläggare with e-mail and
förvaltning, in a table, on two lines, after a colon, as a prompt in brackets ("[Handläggare]") —
and the name of a document type become the placeholders memo fills in
(:mod:`memo.word.fromtemplate.labelled`), the logo gets its alt text, and a document without header
text gets memo's own header and footer. What is left that looks like sample data (a person's name,
a date, a Dnr, an e-mail address, a phone number: :data:`memo.profile.samples.SAMPLES`) is listed,
with where it stands, for a person to see to: it would come with every memo.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from memo.profile.headerfields import names
from memo.profile.samples import sample_data
from memo.word.fromtemplate.labelled import placeholders_in
from memo.word.fromtemplate.lines import PLACEHOLDER, Claims, Text, read_story, where

__all__ = ["header_and_footer", "header_stories"]

#: What the report calls a header or footer, by its kind and its reference's type (w:headerReference w:type).
_NAMES = {("header", "default"): "sidhuvudet", ("header", "first"): "första sidans sidhuvud",
          ("header", "even"): "sidhuvudet på jämna sidor", ("footer", "default"): "sidfoten",
          ("footer", "first"): "första sidans sidfot", ("footer", "even"): "sidfoten på jämna sidor"}


#: The report lists at most this many places with text that looks like sample data, and how many more there are.
_MOST_LISTED = 20


def header_stories(document: Any) -> list[tuple[Any, str]]:
    """Each header and footer part, with what the report calls it."""
    types: dict[str, str] = {}
    for section in document.sections:
        for reference in section._sectPr.iter(qn("w:headerReference"), qn("w:footerReference")):
            types.setdefault(reference.get(qn("r:id")), reference.get(qn("w:type")) or "default")
    stories = []
    for rel_id, rel in document.part.rels.items():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            kind = "header" if rel.reltype == RT.HEADER else "footer"
            stories.append((rel.target_part, _NAMES.get((kind, types.get(rel_id, "default")), _NAMES[kind, "default"])))
    return stories


def header_and_footer(document: Any, logo_alt: str | None, done: list[str], todo: list[str],
                      organisation: str | None = None) -> dict[str, str]:
    """Placeholders in the header and footer, the logo's alt text, or memo's own header and footer.

    What was done goes into ``done``, what is left for a person into ``todo``. Returns the profile's values
    the template showed ("dokumenttyp": "Tjänsteskrivelse"), by the profile's key.
    """
    stories = header_stories(document)
    parts = [part for part, _ in stories]
    _logo_text(parts, logo_alt, done, todo)
    headers = [p for p in parts if "header" in p.partname]
    texts = [t for part in parts for t in part.element.iter(qn("w:t")) if t.text]
    if not headers or not texts:
        _add_header_and_footer(document)
        done.append("Dokumentet hade inget sidhuvud med text: lade till ett med organisationens namn, sidnumret "
                    "'N (M)', dokumenttypen, diarienummer och datum, och en sidfot med adressen.")
        return {}
    _placeholders_kept(parts, done)
    turned: list[str] = []
    found: dict[str, str] = {}
    left: list[tuple[Text, Any, str, str]] = []  # the paragraph, its story, the story's name, what is said of it
    for part, name in stories:
        paragraphs = read_story(part.element)
        claims = Claims(paragraphs)
        placeholders_in(part.element, paragraphs, claims)
        turned += claims.apply()
        for key, value in claims.found.items():
            found.setdefault(key, value)
        for line, label in claims.unread:
            left.append((line.text, part.element, name, f"'{line.value}' står under '{label.capitalize()}', men "
                         "memo kan inte avgöra vilken av handläggarens uppgifter det är. Är det mallens exempel, "
                         "skriv en platshållare i stället (till exempel {{ handlaggare_titel }}); annars kommer det "
                         "med i varje PM."))
        for line, label in claims.unknown:
            if line.value != organisation:
                left.append((line.text, part.element, name, f"'{line.value}' står under '{label}', en etikett som "
                             "memo inte känner till, och kommer med i varje PM. Är det mallens exempel, skriv en "
                             "platshållare i stället (se README) eller ta bort det; är det organisationens egen "
                             "uppgift kan det stå kvar."))
        unread = {(line.text.element, line.value) for line, _ in (*claims.unread, *claims.unknown)}
        left += _sample_data(part.element, name, unread, organisation)
    if turned:
        done.append("Gjorde om text i sidhuvud och sidfot till platshållare: " + "; ".join(turned) + ".")
    elif not PLACEHOLDER.search("".join(t.text or "" for t in texts)):  # none written, none made of a control
        todo.append("Ingen text i sidhuvud eller sidfot såg ut som diarienummer, datum eller handläggare. Skriv "
                    "platshållare som {{ diarienummer }} och {{ datum }} där de ska stå (se README).")
    todo += [f"{where(text, story, name).capitalize()}: {said}" for text, story, name, said in left[:_MOST_LISTED]]
    if len(left) > _MOST_LISTED:
        todo.append(f"… och {len(left) - _MOST_LISTED} ställen till i sidhuvud och sidfot med text som ser ut som "
                    "exempeluppgifter.")
    fields = [i.text or "" for part in parts for i in part.element.iter(qn("w:instrText"))]
    fields += [f.get(qn("w:instr")) or "" for part in parts for f in part.element.iter(qn("w:fldSimple"))]
    if not any("PAGE" in field for field in fields):
        todo.append("Sidhuvudet har inget sidnummer; lägg till fälten Sidnummer och Antal sidor i Word om "
                    "PM:et ska visa 'sidan 1 (3)'.")
    return found


def _placeholders_kept(parts: list[Any], done: list[str]) -> None:
    """Say which of memo's placeholders the document has already (a profile's own reference document, made again):
    they stay, each read as Word shows it, though Word may have split it over several runs."""
    known = set(names())
    kept = dict.fromkeys(" ".join(match.split()) for part in parts for paragraph in part.element.iter(qn("w:p"))
                         for match in PLACEHOLDER.findall("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
                         if match.strip("{} ") in known)
    if kept:
        shown = list(kept)
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " och " + shown[-1]
        done.append(f"Dokumentet har redan memos platshållare {listed} i sidhuvud eller sidfot; de står kvar och "
                    "fylls i för varje PM.")


def _sample_data(story: Any, name: str, unread: set[tuple[Any, str]],
                 organisation: str | None) -> list[tuple[Text, Any, str, str]]:
    """The text left in a header or footer that looks like sample data, and what the report says of it."""
    left = []
    for text in read_story(story):
        for line in text.lines():
            for sample, value in sample_data(line.shown(), ignore=(organisation,) if organisation else ()):
                if (text.element, value) in unread:
                    continue
                instead = " eller ".join(f"{{{{ {p} }}}}" for p in sample.placeholders)
                left.append((text, story, name, f"'{value}' ser ut som {sample.name} och kommer med i varje PM. "
                             f"Är det mallens exempel, skriv {instead} i stället; är det organisationens egen "
                             "uppgift kan det stå kvar."))
    return left


def _logo_text(parts: list[Any], logo_alt: str | None, done: list[str], todo: list[str]) -> None:
    """The pictures in header and footer (the logo) get ``logo_alt``, or a to-do where they have no alt text.

    A text box or a shape is not a picture: it keeps its own alt text.
    """
    pictures = [d for part in parts for d in part.element.iter(qn("wp:docPr"))
                if d.getparent().find(f"{qn('a:graphic')}/{qn('a:graphicData')}/{qn('pic:pic')}") is not None]
    for picture in pictures:
        if logo_alt:
            picture.set("descr", logo_alt)
            picture.set("title", logo_alt)
        elif not (picture.get("descr") or "").strip():
            todo.append("Logotypen i sidhuvudet saknar alternativtext: kör igen med --logotext \"Kommunens "
                        "logotyp\" (i Python: logo_alt=...).")
    if pictures and logo_alt:
        done.append(f"Gav logotypen alternativtexten '{logo_alt}'.")


def _add_header_and_footer(document: Any) -> None:
    section = document.sections[-1]
    header = section.header
    header.is_linked_to_previous = False  # what the header holds (a picture) stays; memo's lines follow it
    first = header.add_paragraph()
    width = section.page_width - section.left_margin - section.right_margin if section.page_width else None
    if width:
        first.paragraph_format.tab_stops.add_tab_stop(width, alignment=2)  # right
    first.add_run("{{ organisation }}").bold = True
    first.add_run("\t")
    for instruction, shown in (("PAGE", "1"), (None, " ("), ("NUMPAGES", "1"), (None, ")")):
        if instruction is None:
            first.add_run(shown)
            continue
        run = first.add_run()
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
        run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>'))
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
        run._r.append(parse_xml(f'<w:t {nsdecls("w")}>{shown}</w:t>'))
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    header.add_paragraph("{{ dokumenttyp }}  Dnr {{ diarienummer }}  {{ datum }}")
    header.add_paragraph("{{ handlaggare }}, {{ enhet }}")
    footer = section.footer
    footer.is_linked_to_previous = False
    for line in ("{{ organisation }}", "{{ adress }}", "{{ webbplats }}"):
        footer.add_paragraph(line)
    styles = {s.get(qn("w:styleId")) for s in document.styles.element.findall(qn("w:style"))}
    for story in (header, footer):  # python-docx's own Header/Footer styles, which a foreign document may lack
        for style in list(story._element.iter(qn("w:pStyle"))):
            if style.get(qn("w:val")) not in styles:
                style.getparent().remove(style)
