"""The memo's shape as data: which keys a case may hold and which sections a memo has.

Two tables are the single source of what a case may hold. :data:`FIELDS` lists the keys
that describe the matter (rubrik, diarienummer, handläggare …); :data:`SECTIONS` lists the
memo's sections in their standard order, each with its key, heading, kind and whether
every memo must have it. Validation (:mod:`memo.case.build`), the case model's contents
(:class:`memo.case.model.Case` ``avsnitt``), the template context (:mod:`memo.renderer.context`), the
sections a profile may declare or make mandatory (:mod:`memo.profile.load`) and the README's key
table (:func:`key_table`) are all derived from them; ``tests/test_sections.py`` proves it.

A key is written without å, ä and ö (``forslag_till_beslut``); the spelling with them
and the heading itself (``Förslag till beslut``) are accepted as aliases, since every
key is compared in its canonical form (:func:`memo.case.checker.canonical_key`).

Adding a prose section is one row here: its template is the kind's (``prosa.xml.j2``)
unless a template named after the key (``risker.xml.j2``) exists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import NamedTuple

from memo.case.decisions import style_names

__all__ = ["ASSESSMENT", "CONSEQUENCE_ITEM", "ECONOMY", "FIELDS", "FREE_SECTION", "HANDLAGGARE", "MAX_NUMBER",
           "NUMBER_PATTERN", "OWN_NAME", "PASSAGE", "RESERVED_KEYS", "SECTIONS", "SHAPES", "SIGNATORY",
           "SPECIALLY_READ", "TABLE", "TABLE_ROW", "Field", "Gender", "Kind", "Section", "Shape", "gender_of",
           "key_table", "noun_genders", "plain_fields", "referable_fields", "resolved_fields", "section",
           "template_names"]


class Kind(Enum):
    """What a section holds; each kind has a reader, a context form and a template of its own."""

    PROSE = "prosa"  # paragraphs and lists (Markdown subset)
    LIST = "lista"  # a bullet list of one-line entries
    NUMBERED_LIST = "numrerad_lista"  # a numbered list of one-line entries
    LINES = "rader"  # one-line entries as plain paragraphs (a list a profile sets so: memo.profile.housestyle)
    DECISION = "beslut"  # the decision points (att-satser, numbered sentences …)
    CONSEQUENCES = "konsekvenser"  # per perspective
    ECONOMY = "ekonomi"  # prose and a table of amounts
    FREE = "egna_avsnitt"  # the case's own sections: heading + prose each
    SIGNATURE = "underskrift"  # names and titles
    RECIPIENTS = "sandlista"  # one line per recipient


class Gender(Enum):
    """The gender (or number) of the noun a key names, which what is said of it agrees with: "'rubrik' är tom",
    "'diarienummer' är tomt", "'bilagor' är tomma". A key that is no noun (``berors``, ``till``) is neuter, as a
    word quoted as a noun is in Swedish."""

    COMMON = "en"
    NEUTER = "ett"
    PLURAL = "flera"

    @property
    def empty(self) -> str:
        """"tom", "tomt" or "tomma"."""
        return {"en": "tom", "ett": "tomt", "flera": "tomma"}[self.value]

    @property
    def pronoun(self) -> str:
        """"den", "det" or "de"."""
        return {"en": "den", "ett": "det", "flera": "de"}[self.value]


class Section(NamedTuple):
    """One section of the memo."""

    key: str
    #: The heading as the memo shows it; ``{perspektiv}`` stands for the perspectives named in
    #: the consequences (``miljö-, barn- och jämställdhetsperspektiven``). Empty: no heading.
    heading: str
    kind: Kind
    #: What the section holds, in Swedish, for the README and the case format's documentation.
    description: str
    #: Every memo must have it, whatever the profile says.
    required: bool = False
    #: The key as Swedish spells it, where that has å, ä or ö (an alias: keys are compared folded).
    written: str = ""
    #: The gender of the key's noun (:class:`Gender`).
    gender: Gender = Gender.COMMON
    #: The gender of the noun of each entry under a key the case names (a perspective: "ett perspektiv"); None: the
    #: entries are keys of their own.
    entries: Gender | None = None
    #: The headings other writers' memos give the section ("Bakgrund", "Beslutsförslag"), as ``memo läs`` matches
    #: an old memo's headings to it (:mod:`memo.importer.headings`; compared folded, after the profile's own).
    synonyms: tuple[str, ...] = ()


#: The largest whole number a ``nummer`` field holds (a paragraph's number in a protokoll: five digits).
MAX_NUMBER = 99999
#: A ``nummer`` field's value as written: a whole number from 1 to :data:`MAX_NUMBER`, leading zeros allowed.
NUMBER_PATTERN = rf"0*([1-9][0-9]{{0,{len(str(MAX_NUMBER)) - 1}}})"


class Field(NamedTuple):
    """A key of the case that is not a section: what the matter is, who writes it, how it is shown."""

    key: str
    description: str
    required: bool = False
    #: Text may refer to it as ``${namn}``, like a named value.
    referable: bool = False
    #: Its own text may hold references, resolved before other text refers to it (the title).
    #: A referable field without this shows as written and may not hold ``${``.
    resolved: bool = False
    #: What it holds: ``text``, ``datum`` (a date), ``nummer`` (a whole number from 1 to :data:`MAX_NUMBER`),
    #: ``lista`` (one-line entries), ``handlaggare``
    #: (:data:`HANDLAGGARE`), ``rubriker`` (a heading per section key), ``varden`` (named values) or
    #: ``beslutsstil`` (one of the decision styles).
    form: str = "text"
    #: The key as Swedish spells it, where that has å, ä or ö (an alias: keys are compared folded).
    written: str = ""
    #: A header field: the reference document's ``{{ key }}`` shows it, and this says what it shows (the
    #: README's table of placeholders). Empty: the field is not a placeholder.
    placeholder: str = ""
    #: The labels that stand before or above the field in an organisation's Word template ("Er beteckning",
    #: "Dnr"): ``memo profil ny`` turns the value under such a label, or such a prompt in brackets, into it.
    labels: tuple[str, ...] = ()
    #: A value the header shows and people compare (a diarienummer, a name): no invisible character in it.
    identifier: bool = False
    #: The gender of the key's noun (:class:`Gender`).
    gender: Gender = Gender.COMMON
    #: The gender of the noun of each entry under a key the case names (a named value: "ett värde"); None: the
    #: entries are keys of their own.
    entries: Gender | None = None


#: The keys that describe the matter, in the order the README lists them.
FIELDS: tuple[Field, ...] = (
    Field("profil", "organisationens profil (`standard` om inget anges, ett inbyggt namn eller en mapp)"),
    Field("mallar", "en mapp (relativt ärendet) med egna avsnittsmallar", gender=Gender.PLURAL),
    Field("dokumenttyp", "t.ex. FöredragningsPM, Tjänsteskrivelse, Yttrande (annars profilens)", referable=True,
          placeholder="dokumenttypen (ärendets, annars profilens)", labels=("dokumenttyp",)),
    Field("rubrik", "ärendets rubrik (obligatorisk); den är offentlig och får inte innehålla personnummer",
          required=True, referable=True, resolved=True, placeholder="ärendets rubrik", labels=("rubrik",)),
    Field("diarienummer", "diarienumret (obligatoriskt)", required=True, referable=True, placeholder="diarienumret",
          labels=("dnr", "diarienummer", "diarienr", "vår beteckning"), identifier=True,
          gender=Gender.NEUTER),
    Field("datum", "PM:ets datum (`2026-06-01` eller `1 juni 2026`); utan `datum` dateras PM:et i dag (eller "
          "inte alls, om profilen har `valfria_falt: [datum]`)", referable=True,
          form="datum", placeholder="PM:ets datum (i dag om ärendet inte anger något och profilen inte gör det "
                                    "valfritt)",
          labels=("datum", "vårt datum"), gender=Gender.NEUTER),
    Field("sammantradesdatum", "sammanträdets datum", referable=True, form="datum", written="sammanträdesdatum",
          placeholder="sammanträdets datum", labels=("sammanträdesdatum", "sammanträde"), gender=Gender.NEUTER),
    Field("handlaggare", "`namn` och `enhet` (obligatoriska om profilen inte säger annat), `titel`, `forvaltning`, "
          "`epost`, `telefon`", required=True, form="handlaggare", written="handläggare"),
    Field("till", "den som PM:et ställs till, t.ex. Kommunstyrelsen (visas där referensdokumentet har `{{ till }}`)",
          placeholder="den som PM:et ställs till (ärendets `till`)", labels=("till", "mottagare"), identifier=True,
          gender=Gender.NEUTER),
    Field("ert_datum", "i ett svar: datum på skrivelsen som besvaras (`{{ ert_datum }}`)", form="datum",
          placeholder="datum på skrivelsen som besvaras (ärendets `ert_datum`)", labels=("ert datum",),
          gender=Gender.NEUTER),
    Field("er_beteckning", "i ett svar: beteckning på skrivelsen som besvaras (`{{ er_beteckning }}`)",
          placeholder="beteckning på skrivelsen som besvaras (ärendets `er_beteckning`)",
          labels=("er beteckning", "er referens"), identifier=True),
    Field("beslutsinstans", "den som beslutar, t.ex. \"Regional tillväxtnämnd\"; behövs när inledningen nämner den "
          "(som att-satsernas)", referable=True),
    Field("forslagsstallare", "den som föreslår beslutet för beslutsinstansen, t.ex. \"Kommunstyrelsen\"",
          referable=True, written="förslagsställare"),
    Field("beslutsstil", f"{style_names('`')} (annars profilens)", form="beslutsstil"),
    Field("beslutsinledning", "orden före beslutspunkterna (annars profilens), t.ex. "
          "`${forslagsstallare} föreslår ${beslutsinstans | gemen} besluta`, eller `ingen`"),
    Field("underskriftsorgan", "raden över underskrifterna, t.ex. \"LANDSTINGSSTYRELSEN\", som den står (annars "
          "profilens)"),
    Field("rubriker", "egna rubriker för avsnitten, t.ex. `sammanfattning: Sammanfattning av ärendet`",
          form="rubriker", gender=Gender.PLURAL, entries=Gender.COMMON),
    Field("varden", "namngivna värden: belopp (i kronor), datum, tal, texter", form="varden", written="värden",
          gender=Gender.PLURAL, entries=Gender.NEUTER),
)

#: The memo's sections, in their standard order.
SECTIONS: tuple[Section, ...] = (
    Section("forslag_till_beslut", "Förslag till beslut", Kind.DECISION,
            "lista med beslutspunkter (obligatorisk, utom i en dokumenttyp utan beslut, som `Brev`); skriv dem "
            "utan \"att\" och utan skiljetecken på slutet",
            required=True, written="förslag_till_beslut", gender=Gender.NEUTER,
            synonyms=("Förslag till beslut", "Beslutsförslag", "Förvaltningens förslag till beslut", "Förslag",
                      "Förslag till kommunfullmäktige", "Förslag till regionfullmäktige",
                      "Förslag till landstingsfullmäktige", "Förslag till kommunstyrelsen")),
    Section("sammanfattning", "Sammanfattning", Kind.PROSE, "löptext",
            synonyms=("Sammanfattning av ärendet", "Ärendet i korthet", "Kort sammanfattning")),
    Section("arendebeskrivning", "Ärendebeskrivning", Kind.PROSE, "löptext", written="ärendebeskrivning",
            synonyms=("Ärendet", "Bakgrund", "Beskrivning av ärendet", "Ärendebeskrivning och bakgrund",
                      "Bakgrund och ärendebeskrivning", "Beskrivning")),
    Section("egna_avsnitt", "", Kind.FREE,
            "ärendets egna avsnitt: en lista med `rubrik` och `text` för vart och ett", gender=Gender.PLURAL),
    Section("konsekvenser", "Konsekvenser för {perspektiv}", Kind.CONSEQUENCES,
            "per perspektiv: `miljö: text`, eller en lista med `perspektiv: [miljö, jämställdhet]` och `text`; "
            "ett perspektiv som inte berörs: `barn: {berors: nej, motivering: …}`", gender=Gender.PLURAL,
            entries=Gender.NEUTER, synonyms=("Konsekvenser", "Konsekvensanalys", "Konsekvensbeskrivning")),
    Section("ekonomiska_konsekvenser", "Ekonomiska konsekvenser", Kind.ECONOMY,
            "löptext, eller `text` och `tabell` (se nedan)", gender=Gender.PLURAL,
            synonyms=("Ekonomi", "Finansiering", "Ekonomiska konsekvenser och finansiering", "Ekonomisk bedömning",
                      "Kostnader", "Ekonomiska aspekter", "Ekonomiska överväganden")),
    Section("uppfoljning", "Uppföljning", Kind.PROSE, "löptext", written="uppföljning",
            synonyms=("Uppföljning och utvärdering", "Genomförande och uppföljning", "Uppföljning av beslutet")),
    Section("beslutsunderlag", "Beslutsunderlag", Kind.LIST, "lista med handlingarna beslutet grundar sig på",
            gender=Gender.NEUTER, synonyms=("Underlag för beslut", "Handlingar i ärendet", "Underlag")),
    Section("bilagor", "Bilagor", Kind.NUMBERED_LIST, "lista med bilagorna", gender=Gender.PLURAL,
            synonyms=("Bilaga", "Bilageförteckning")),
    Section("underskrift", "", Kind.SIGNATURE, "`namn` och `titel` (titeln kan profilen göra valfri), eller en "
            "lista med flera"),
    Section("skickas_till", "Skickas till:", Kind.RECIPIENTS, "lista med mottagare", gender=Gender.NEUTER,
            synonyms=("Beslutet skickas till", "Sändlista", "Expedieras till", "Beslutet expedieras till",
                      "Beslut sänds till", "Beslutet sänds till", "Beslutet ska skickas till", "Expediering",
                      "Delges")),
)

_BY_KEY = {s.key: s for s in SECTIONS}


class Shape(NamedTuple):
    """A mapping a case holds inside a key (the handläggare, a table row …): its keys and what each holds.

    The reader (:mod:`memo.case.build`, :mod:`memo.case.perspectives`), the JSON Schema (:mod:`memo.case.schema`) and
    the starter case (:mod:`memo.case.starter`) all take the keys from here.
    """

    #: Each key, in the order a case writes them, with what it holds (Swedish, for comments and the schema).
    keys: tuple[tuple[str, str], ...]
    required: tuple[str, ...] = ()
    #: The gender of each key's noun that is not :attr:`Gender.COMMON` ("namn": ett namn).
    genders: tuple[tuple[str, Gender], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.keys)


HANDLAGGARE = Shape((("namn", "handläggarens namn"), ("enhet", "enheten eller avdelningen"),
                     ("titel", "handläggarens titel"), ("forvaltning", "förvaltningen (annars profilens)"),
                     ("epost", "e-postadress"), ("telefon", "telefonnummer")), required=("namn", "enhet"),
                    genders=(("namn", Gender.NEUTER),))
PASSAGE = Shape((("underrubrik", "underrubriken"), ("text", "texten under den")), required=("text",))
FREE_SECTION = Shape((("rubrik", "avsnittets rubrik"), ("text", "avsnittets text")), required=("rubrik", "text"))
SIGNATORY = Shape((("namn", "namnet"), ("titel", "titeln")), required=("namn", "titel"),
                  genders=(("namn", Gender.NEUTER),))
ECONOMY = Shape((("text", "löptext"), ("tabell", "en tabell med belopp")))
TABLE = Shape((("beskrivning", "vad tabellen visar (bildtext och beskrivning för skärmläsare)"),
               ("enhet", "enheten beloppen visas i: kronor, kr, tkr eller mnkr (annars tkr)"),
               ("kolumner", "kolumnernas rubriker, t.ex. år"), ("rader", "raderna: `post` och `belopp`"),
               ("summa", "ja: en summarad sist")), required=("beskrivning", "kolumner", "rader"),
              genders=(("kolumner", Gender.PLURAL), ("rader", Gender.PLURAL)))
TABLE_ROW = Shape((("post", "radens text"), ("belopp", "ett belopp i kronor per kolumn"),), required=("post", "belopp"),
                  genders=(("belopp", Gender.PLURAL),))
ASSESSMENT = Shape((("berors", "ja eller nej: om beslutet berör perspektivet"),
                    ("motivering", "varför det inte berörs"), ("text", "konsekvenserna")),
                   genders=(("berors", Gender.NEUTER),))
CONSEQUENCE_ITEM = Shape((("perspektiv", "perspektiven texten gäller"), ("text", "konsekvenserna"),
                          ("berors", "ja eller nej"), ("motivering", "varför de inte berörs")),
                         required=("perspektiv",),
                         genders=(("perspektiv", Gender.PLURAL), ("berors", Gender.NEUTER)))


#: The mappings a case holds inside its keys (:class:`Shape`).
SHAPES: tuple[Shape, ...] = (HANDLAGGARE, PASSAGE, FREE_SECTION, SIGNATORY, ECONOMY, TABLE, TABLE_ROW, ASSESSMENT,
                             CONSEQUENCE_ITEM)


def noun_genders(fields: Sequence[Field] = FIELDS, sections: Sequence[Section] = SECTIONS,
                 shapes: Sequence[Shape] = SHAPES) -> dict[str, Gender]:
    """Each key's gender (:class:`Gender`) from the tables: the fields', the sections' and the shapes' keys, and,
    as ``key.*``, the gender of the entries under a key the case names (``varden.*``: ett värde).

    >>> genders = noun_genders()
    >>> genders["diarienummer"], genders["rubrik"], genders["bilagor"], genders["varden.*"]
    (<Gender.NEUTER: 'ett'>, <Gender.COMMON: 'en'>, <Gender.PLURAL: 'flera'>, <Gender.NEUTER: 'ett'>)
    """
    genders: dict[str, Gender] = {}
    for shape in shapes:
        own = dict(shape.genders)
        genders.update((key, own.get(key, Gender.COMMON)) for key in shape.names)
    rows: list[Field | Section] = [*fields, *sections]
    for row in rows:
        genders[row.key] = row.gender
        if row.entries is not None:
            genders[f"{row.key}.*"] = row.entries
    return genders


_GENDERS = noun_genders()
_INDEX = re.compile(r"\[\d+\]")


def gender_of(path: str, genders: Mapping[str, Gender] = _GENDERS) -> Gender:
    """The gender of the noun a key path ends in (``handlaggare.namn``, ``varden.belopp``, ``bilagor``), by
    :func:`noun_genders`; a key no table names is common.

    >>> gender_of("handlaggare.namn").empty, gender_of("varden.belopp").empty, gender_of("rader[2].belopp").empty
    ('tomt', 'tomt', 'tomma')
    >>> gender_of("konsekvenser.miljo").empty, gender_of("konsekvenser[1].text").empty
    ('tomt', 'tom')
    """
    parts = _INDEX.sub("", path).split(".")
    # an entry of a mapping (``konsekvenser.miljo``), not a key of a list's entry (``konsekvenser[1].text``)
    entries = genders.get(f"{parts[0]}.*") if len(parts) == 2 and "[" not in path.split(".", 1)[0] else None
    return entries or genders.get(parts[-1], Gender.COMMON)


def section(key: str) -> Section | None:
    """The standard section with this (canonical) key, or None."""
    return _BY_KEY.get(key)


def template_names(key: str, kind: Kind) -> list[str]:
    """The templates a section may render with, first found wins: the key's own, then the kind's.

    >>> template_names("risker", Kind.PROSE)
    ['risker.xml.j2', 'prosa.xml.j2']
    """
    return [f"{key}.xml.j2", f"{kind.value}.xml.j2"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a | inside a cell (``${namn | gemen}``) would end it


#: The name a profile's own section or own field may have: a case's key, and a reference document's placeholder.
OWN_NAME = re.compile(r"[a-z][a-z0-9_]*")

#: Names no section of a profile's own may have: each is a template of its own (``lista.xml.j2``, ``memo.xml.j2``).
RESERVED_KEYS = frozenset({*(kind.value for kind in Kind), "memo"})


#: The fields memo reads in a way of their own; every other field of form ``text`` or ``datum`` is a plain one,
#: read as text or as a date, kept in the case and offered to the templates and placeholders under its key.
SPECIALLY_READ = frozenset({"profil", "mallar", "rubrik", "diarienummer", "beslutsinledning"})


def plain_fields() -> tuple[Field, ...]:
    """The fields read as plain text or dates (:data:`SPECIALLY_READ` aside)."""
    return tuple(f for f in FIELDS if f.form in ("text", "datum") and f.key not in SPECIALLY_READ)


def referable_fields() -> tuple[str, ...]:
    """The case fields that text may refer to by name, besides the named values."""
    return tuple(f.key for f in FIELDS if f.referable)


def resolved_fields() -> tuple[str, ...]:
    """The referable fields whose own references are resolved first (:attr:`Field.resolved`)."""
    return tuple(f.key for f in FIELDS if f.resolved)


def key_table(fields: Sequence[Field] = FIELDS, sections: Sequence[Section] = SECTIONS, *,
              heading: str = "nyckel") -> str:
    """The README's table of a kind of document's keys, as Markdown: the memo's (:data:`FIELDS` and
    :data:`SECTIONS`) unless others are given; ``heading`` tells one table from another."""
    rows = [f"| {heading} | innehåll |", "|---|---|"]
    rows += [f"| `{f.key}` | {_cell(f.description)} |" for f in fields]
    rows += [f"| `{s.key}` | {_cell(s.description)} |" for s in sections]
    return "\n".join(rows)
