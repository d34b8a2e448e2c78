"""The word lists of the language checks (:mod:`memo.language`), as data with their sources.

:data:`KANSLISPRAK` lists officialese and long prepositions with the plain word to write instead,
after Språkrådet's *Myndigheternas skrivregler* (8 uppl. 2014, avsnitt 1.4 "Använd enkla och
begripliga ord"), Regeringskansliets *Svarta listan* and ``svenska-skrivregler.md`` (Plain language:
"long prepositions (angående, beträffande → om)"). Every inflected form that is checked is written out:
matching is by whole words, case-insensitive, never by a stem that could hit another word.

:data:`FORKORTNINGAR` lists abbreviations common in Swedish public-sector memos that a reader outside
the organisation may not know, with the words whose presence anywhere in the memo counts as the
explanation (*Myndigheternas skrivregler*: explain an abbreviation the reader may not know the first
time it is used, or write the words out). General abbreviations (``t.ex.``, ``bl.a.``, ``kr``) and
party names (``KD``, ``S``) are not listed: every reader knows them.

>>> KANSLISPRAK[0].plain
'om'
>>> FORKORTNINGAR["LSS"].meaning
'lagen om stöd och service till vissa funktionshindrade'
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["FORKORTNINGAR", "KANSLISPRAK", "Abbreviation", "Officialese"]


class Officialese(NamedTuple):
    """A word or phrase of officialese, the forms checked, and the plain word(s) to write instead."""

    word: str
    plain: str
    #: Every form checked (lower case; a space in a phrase matches any whitespace, a line break too).
    forms: tuple[str, ...]
    #: Words that make it another word when they stand just before it ("i detta avseende": a noun).
    not_after: tuple[str, ...] = ()


KANSLISPRAK: tuple[Officialese, ...] = (
    Officialese("beträffande", "om", ("beträffande",)),
    Officialese("angående", "om", ("angående",)),
    Officialese("avseende", "om, för", ("avseende",),
                not_after=("i", "detta", "det", "ett", "alla", "vissa", "flera", "något", "många", "varje",
                           "samma", "annat", "ekonomiskt", "juridiskt")),
    Officialese("rörande", "om", ("rörande",)),
    Officialese("erhålla", "få", ("erhålla", "erhåller", "erhålls", "erhålles", "erhållas", "erhöll", "erhållit",
                                  "erhållits")),
    Officialese("tillställa", "skicka, ge", ("tillställa", "tillställer", "tillställs", "tillställes",
                                             "tillställde", "tillställt", "tillställts")),
    Officialese("tillhandahålla", "ge, erbjuda", ("tillhandahålla", "tillhandahåller", "tillhandahålls",
                                                  "tillhandahölls", "tillhandahållit", "tillhandahållits")),
    Officialese("tillse", "se till", ("tillse", "tillser", "tillses", "tillsåg", "tillsett")),
    Officialese("inkomma", "komma in, skicka in", ("inkomma", "inkommer", "inkom", "inkommit")),
    Officialese("i syfte att", "för att", ("i syfte att",)),
    Officialese("med anledning av", "på grund av, eftersom", ("med anledning av",)),
    Officialese("ånyo", "igen", ("ånyo",)),
    Officialese("torde", "bör nog, kan", ("torde",)),
    Officialese("därest", "om", ("därest",)),
    Officialese("emedan", "eftersom", ("emedan",)),
    Officialese("medelst", "med, genom", ("medelst",)),
    Officialese("icke", "inte", ("icke",)),
    Officialese("framgent", "i fortsättningen", ("framgent",)),
    Officialese("samt", "och", ("samt",)),
)


class Abbreviation(NamedTuple):
    """An abbreviation, its meaning, and the words whose presence in the memo explains it."""

    meaning: str
    #: Lower-case text that, anywhere in the memo, counts as the explanation ("socialtjänstlag" in
    #: "socialtjänstlagen (2001:453)").
    explained_by: tuple[str, ...]


FORKORTNINGAR: dict[str, Abbreviation] = {
    "LSS": Abbreviation("lagen om stöd och service till vissa funktionshindrade",
                        ("stöd och service till vissa funktionshindrade",)),
    "SoL": Abbreviation("socialtjänstlagen", ("socialtjänstlag",)),
    "LVU": Abbreviation("lagen med särskilda bestämmelser om vård av unga", ("vård av unga",)),
    "LVM": Abbreviation("lagen om vård av missbrukare i vissa fall", ("vård av missbrukare",)),
    "HSL": Abbreviation("hälso- och sjukvårdslagen", ("hälso- och sjukvårdslag",)),
    "PBL": Abbreviation("plan- och bygglagen", ("plan- och bygglag",)),
    "LOU": Abbreviation("lagen om offentlig upphandling", ("offentlig upphandling",)),
    "LOV": Abbreviation("lagen om valfrihetssystem", ("valfrihetssystem",)),
    "OSL": Abbreviation("offentlighets- och sekretesslagen", ("offentlighets- och sekretesslag",)),
    "GDPR": Abbreviation("dataskyddsförordningen", ("dataskyddsförordning",)),
    "MB": Abbreviation("miljöbalken", ("miljöbalk",)),
    "MKB": Abbreviation("miljökonsekvensbeskrivning", ("miljökonsekvensbeskrivning",)),
    "HVB": Abbreviation("hem för vård eller boende", ("hem för vård eller boende",)),
    "BBIC": Abbreviation("Barns behov i centrum", ("barns behov i centrum",)),
    "IVO": Abbreviation("Inspektionen för vård och omsorg", ("inspektionen för vård och omsorg",)),
    "SKR": Abbreviation("Sveriges Kommuner och Regioner", ("sveriges kommuner och regioner",)),
    "KF": Abbreviation("kommunfullmäktige", ("kommunfullmäktige",)),
    "KS": Abbreviation("kommunstyrelsen", ("kommunstyrelse",)),
    "VD": Abbreviation("verkställande direktör", ("verkställande direktör",)),
}
