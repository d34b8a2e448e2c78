"""The ids of the faults that stop memo (:attr:`memo.MemoError.rule`), each with what it means, in one table.

An id names the kind of fault, never the code that finds it: moving or renaming a check keeps its ids. Each is
given where the fault is found (``rule=``); an error raised without one has its class's id (``arende`` for a
:class:`~memo.errors.CaseError`). The ids differ from those of the warnings (:data:`memo.language.rules.RULES`,
:data:`memo.word.accessibility.RULES` and ``varning``). ``tests/data/rule_ids.json`` holds the id of every bad
input the tests hold, so that a change of id is seen and made on purpose.
"""

from __future__ import annotations

__all__ = ["FAULTS", "faults_table"]

#: Every id a :class:`~memo.errors.MemoError` can carry → what the fault is, in Swedish (the README's table).
FAULTS: dict[str, str] = {
    # Reading the file
    "teckenkodning": "filen är inte sparad som UTF-8, eller å, ä och ö har konverterats fel",
    "inte-text": "filen är ingen textfil (en Word-fil, en zip-fil, en binär fil)",
    "fil-saknas": "filen finns inte, är en mapp eller går inte att läsa",
    "tom-fil": "filen är tom",
    "inte-nycklar": "filen eller ett värde börjar inte med nycklar",
    "yaml-syntax": "YAML-syntaxen är fel (indrag, kolon, citattecken, tabbar …)",
    "yaml-ankare": "ankare och alias (& och *), som memos filer inte använder",
    "yaml-tagg": "en YAML-tagg (!!…), som memos filer inte använder",
    "flera-dokument": "filen innehåller mer än ett YAML-dokument",
    "ogiltig-nyckel": "en nyckel som inte är ett ord (en lista, ett tal, en mappning)",
    "dubbel-nyckel": "samma nyckel står två gånger, också med en annan stavning",
    "for-stort": "filen, en lista, en nivå eller ett tal är större än memo läser",
    "kommentar-i-text": "ett # som gör resten av en text till en kommentar",
    "punkt-indragen": "en rad som ser ut som en ny punkt men hör till punkten före",
    "ogiltigt-tecken": "ett tecken som inte kan stå i ett Word-dokument (nolltecken, escape, vertikal tabb …)",
    "osynligt-tecken": "ett osynligt tecken eller en riktningsmarkör i ett värde",
    "olasbart-varde": "ett värde från Python som inte går att läsa (NaN, en typ som inte är text, tal eller datum)",
    # The case's keys and values
    "okand-nyckel": "en nyckel som inte hör hemma där den står",
    "saknad-nyckel": "en nyckel som måste finnas saknas",
    "tomt-varde": "något som måste fyllas i är tomt (ett värde, en lista, en punkt, det som en hänvisning behöver)",
    "fel-typ": "ett värde av fel slag (en lista där en text ska stå, en text där nycklar ska stå …)",
    "flera-stycken": "flera stycken där bara ett får stå",
    "for-langt-varde": "ett värde som sidhuvudet visar har för långa eller för många rader",
    "ogiltigt-datum": "ett datum som inte går att läsa eller inte finns",
    "ogiltigt-val": "ett värde som inte är ett av de tillåtna (beslutsstil, ja eller nej …)",
    "ogiltig-hanvisning": "en hänvisning ${…} som inte är rätt skriven eller pekar på något som inte finns",
    "okand-formatering": "en formatering efter | som inte finns eller inte tar det som står i parentes",
    "hanvisning-visas-ordagrant": "en hänvisning i ett fält som visas som det står",
    "oformaterbart-varde": "ett värde som inte går att formatera som hänvisningen ber om",
    "ogiltigt-vardenamn": "ett namn under varden som inte går att använda",
    "personnummer-i-rubrik": "ett personnummer i rubriken, som är offentlig",
    # Tables, sections and perspectives
    "otydligt-belopp": "ett belopp i en tabell som inte går att läsa säkert",
    "okand-enhet": "en enhet i en tabell som inte finns",
    "fel-antal-belopp": "en rad i en tabell med ett annat antal belopp än tabellen har kolumner",
    "okant-avsnitt": "ett avsnitt som inte ingår i profilens PM",
    "avsnitt-saknas": "ett avsnitt som profilen kräver saknas",
    "beslut-utan-plats": "ett förslag till beslut i en dokumenttyp utan beslut (ett brev)",
    "perspektiv-saknas": "ett perspektiv som profilen kräver saknas eller är felstavat",
    "dubbelt-perspektiv": "samma perspektiv står två gånger",
    "motivering-saknas": "en motivering som krävs saknas",
    "okant-perspektiv": "ett perspektiv som varken profilen eller memo känner",
    "motivering-men-berors": "en motivering till ett perspektiv som berörs (motiveringen hör till berors: nej)",
    "text-men-berors-inte": "en text till ett perspektiv som inte berörs (det har en motivering)",
    # Protokollsutdrag
    "arende-saknas": "ärendet som protokollsutdraget eller sammanträdet nämner finns inte",
    "utdrag-som-arende": "protokollsutdraget nämner ett protokollsutdrag som sitt ärende",
    "fel-organ": "organet varken beslutar eller föreslår i ärendet",
    "ogiltig-paragraf": "paragrafens nummer är inte ett heltal från 1 till 99999",
    "profil-i-utdrag": "ett protokollsutdrag som anger en egen profil",
    "utdrag-utan-beslut": "ett protokollsutdrag utan eget beslut av ett ärende utan förslag till beslut (ett brev)",
    # Sammanträden
    "fel-i-arende": "ett ärende på sammanträdet har ett fel (det står i meddelandet, med ärendets rad)",
    "annan-profil": "ett ärende på sammanträdet skrivs med en annan profil än sammanträdets",
    "dubbel-paragraf": "två punkter på sammanträdet har samma paragraf",
    "dubbelt-arende": "samma ärende står två gånger på sammanträdet",
    "inte-ett-arende": "filen som sammanträdet nämner som ett ärende är ett annat slags dokument",
    "oklar-punkt": "en punkt på sammanträdet som varken är ett ärende eller en stående punkt, eller är båda",
    "inte-ett-sammantrade": "filen som kallelsen eller protokollet görs av är inget sammanträde",
    # Profiles
    "utanfor-profilmappen": "en sökväg i profilen som pekar utanför profilens mapp",
    "ogiltigt-avsnitt": "ett avsnitt i profilen med en rubrik som avsnittet inte har, eller ett namn som inte går",
    "ogiltigt-falt": "ett eget fält i profilen (egna_falt) med ett namn som inte går att använda",
    "profil-krav": "profilen kräver något som dess egna avsnitt inte har",
    "ogiltigt-skiljetecken": "ett skiljetecken i profilens beslut som inte är några tecken på en rad",
    "ogiltig-logotyp": "profilens logotyp finns inte eller är ingen bild memo kan använda",
    "ogiltigt-referensdokument": "profilens referensdokument går inte att använda",
    # An error raised without an id of its own: its class's
    "memo": "ett fel utan eget id",
    "format": "ett tal, belopp eller datum som inte går att formatera",
    "arende": "ett annat fel i ärendet",
    "profil": "ett annat fel i profilen",
    "mall": "en mall som inte går att läsa eller köra",
    "utdata": "PM:et går inte att skriva där det ska",
    "dokument": "ett Word-dokument som inte går att läsa",
}


def faults_table() -> str:
    """The ids as a Markdown table (id | fel), for the README.

    >>> print(faults_table().splitlines()[2])
    | `teckenkodning` | filen är inte sparad som UTF-8, eller å, ä och ö har konverterats fel |
    """
    rows = ["| id | fel |", "|---|---|"]
    bar = "\\|"  # a | in a cell, escaped (a backslash in an f-string needs Python 3.12)
    rows += [f"| `{rule}` | {what.replace('|', bar)} |" for rule, what in FAULTS.items()]
    return "\n".join(rows)
