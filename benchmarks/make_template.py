"""Build the docxtpl peer's Word template with python-docx (no hand-made binary).

The template is memo's own reference document for the profile (same styles, page, header
and footer — whose ``{{ diarienummer }}``-style placeholders docxtpl fills as well) with a
body of Jinja tags for the same sections as memo's ``memo.xml.j2``: title, the att-satser,
Sammanfattning, Ärendebeskrivning, Konsekvenser, Ekonomiska konsekvenser with a table of
``{%tr for %}`` rows, Uppföljning, Beslutsunderlag, Bilagor, signatures and sändlista.
Each prose section loops over paragraphs and picks Normal / List Bullet / List Number.

``python benchmarks/make_template.py [--profil region-orebro-lan] [-o FILE]``; ``run.py``
calls :func:`build` itself.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "generated" / "docxtpl-mall.docx"

_HEADINGS = {
    "sammanfattning": "Sammanfattning",
    "arendebeskrivning": "Ärendebeskrivning",
    "konsekvenser": "{{ konsekvenser_rubrik }}",
    "ekonomi": "Ekonomiska konsekvenser",
    "uppfoljning": "Uppföljning",
    "beslutsunderlag": "Beslutsunderlag",
    "bilagor": "Bilagor",
}


def build(reference: Path, columns: int = 3) -> bytes:
    """The template's bytes, built on ``reference`` (a memo reference document)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document(str(reference))
    styles = {s.style_id: s for s in document.styles}
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)

    def p(style_id: str, text: str, bold: bool = False) -> Any:
        paragraph = document.add_paragraph(style=styles[style_id])
        paragraph.add_run(text).bold = bold or None
        return paragraph

    def tag(text: str) -> None:
        p("Normal", text)

    p("Title", "{{ rubrik }}")
    p("Heading1", "Förslag till beslut")
    p("Beslutsinledning", "{{ beslutsinledning }}")
    tag("{%p for punkt in att_satser %}")
    p("Att-sats", "att\t{{ punkt }}")
    tag("{%p endfor %}")
    for section, heading in _HEADINGS.items():
        tag("{%p if ekonomi or tabell %}" if section == "ekonomi" else f"{{%p if {section} %}}")
        p("Heading1", heading)
        tag(f"{{%p for s in {section} %}}")
        tag('{%p if s.lista == "ul" %}')
        p("ListBullet", "{{ s.text }}")
        tag('{%p elif s.lista == "ol" %}')
        p("ListNumber", "{{ s.text }}")
        tag("{%p else %}")
        p("Normal", "{{ s.text }}")
        tag("{%p endif %}")
        tag("{%p endfor %}")
        if section == "ekonomi":
            tag("{%p if tabell %}")
            p("Caption", "{{ tabell.beskrivning }}")
            table = document.add_table(rows=7, cols=columns + 1)
            table.style = styles["TableGrid"]
            layout = [
                ["{{ tabell.rubrik }}", *(f"{{{{ tabell.kolumner[{i}] }}}}" for i in range(columns))],
                ["{%tr for rad in tabell.rader %}"] + [""] * columns,
                ["{{ rad.post }}", *(f"{{{{ rad.belopp[{i}] }}}}" for i in range(columns))],
                ["{%tr endfor %}"] + [""] * columns,
                ["{%tr if tabell.summa %}"] + [""] * columns,
                ["Summa", *(f"{{{{ tabell.summa[{i}] }}}}" for i in range(columns))],
                ["{%tr endif %}"] + [""] * columns,
            ]
            for r, (row, values) in enumerate(zip(table.rows, layout, strict=True)):
                if r == 0:
                    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
                for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                    paragraph = cell.paragraphs[0]
                    paragraph.style = styles["Tabelltext"]
                    paragraph.add_run(value).bold = (r in (0, 5)) or None
                    if c:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            tag("{%p endif %}")
        tag("{%p endif %}")
    tag("{%p for u in underskrift %}")
    p("Underskrift", "{{ u.namn }}")
    p("Underskriftstitel", "{{ u.titel }}")
    tag("{%p endfor %}")
    tag("{%p if skickas_till %}")
    p("Sandlistarubrik", "Skickas till:")
    tag("{%p for m in skickas_till %}")
    p("Sandlista", "{{ m }}")
    tag("{%p endfor %}")
    tag("{%p endif %}")
    # The body must end with the section properties, as in the reference.
    section = body.find(f"{{{body.nsmap['w']}}}sectPr")
    if section is not None:
        body.append(section)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write(reference: Path, target: Path = DEFAULT_OUT) -> Path:
    """Build the template and write it to ``target`` only when it changed; return ``target``."""
    data = build(reference)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    return target


def main(argv: list[str] | None = None) -> int:
    import memo

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profil", default="region-orebro-lan")
    parser.add_argument("-o", "--ut", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    print(write(memo.load_profile(args.profil).reference, args.ut))
    return 0


if __name__ == "__main__":
    sys.exit(main())
