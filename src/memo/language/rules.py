"""The table of language checks: each rule's id, what it checks, its source, its two example texts, and its
check with the level it runs at.

:func:`memo.language.check_language` runs the check of every rule that is on, and nothing else: a rule is one
row here and one function in :mod:`memo.language.checks`. The README's table of checks is :func:`rules_table`;
``tests/test_language.py`` runs every rule on its ``trips`` text (exactly one finding, at ``at``) and its
``passes`` text (none), so a rule without both examples fails the tests, and a row without its check is refused
when the table is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import memo.language.checks as checks
from memo.errors import Location
from memo.language.checks import LIX_LIMIT, LIX_MIN_WORDS, SENTENCE_LIMIT
from memo.language.texts import Memo, Text
from memo.language.wordlists import FORKORTNINGAR, KANSLISPRAK

__all__ = ["LIX_LIMIT", "LIX_MIN_WORDS", "RULES", "SENTENCE_LIMIT", "PerMemo", "PerText", "Rule", "rules_table"]

_GUIDE = "svenska-skrivregler.md"


@dataclass(frozen=True)
class PerText:
    """A check run on each text the rules read, in file order: it yields (offset in the text, message)."""

    run: Callable[[Text], Iterable[tuple[int, str]]]


@dataclass(frozen=True)
class PerMemo:
    """A check run once for the memo, after every text (it reads the sections, their counts and every value of
    the case): it yields (location, message)."""

    run: Callable[[Memo], Iterable[tuple[Location, str]]]


@dataclass(frozen=True)
class Rule:
    """One language check: its id (for the profile's list of checks turned off), what it checks and why, and the
    function that checks it."""

    id: str
    title: str
    what: str
    source: str
    #: A text that gives exactly one finding of this rule; ``passes`` gives none.
    trips: str
    passes: str
    #: The section the examples are written under in a case.
    section: str = "sammanfattning"
    #: Where in ``trips`` the finding points ("" for the section's key).
    at: str = ""
    #: The check, and the level it runs at.
    check: PerText | PerMemo = field(kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.check, PerText | PerMemo) or not callable(self.check.run):
            raise TypeError(f"language rule {self.id!r}: check must be PerText(function) or PerMemo(function), "
                            f"not {self.check!r}")


_RULE_LIST = (
    Rule("lix", "Läsbarhet (LIX)",
         f"LIX per avsnitt med minst {LIX_MIN_WORDS} ord, och för hela PM:et när inget avsnitt fått en varning: "
         f"över {LIX_LIMIT} är svår text",
         f"Språklagen (2009:600) 11 §; {_GUIDE}, Plain language: LIX = ord/meningar + 100 × ord över sex "
         "bokstäver/ord, 50–60 vanlig myndighetstext, över 60 tung",
         "Förvaltningens utredning konstaterar betydande organisatoriska utmaningar inom verksamhetsområdet. "
         "Kompetensförsörjningen försvåras av omfattande pensionsavgångar och konkurrerande arbetsgivare. "
         "Digitaliseringsinsatserna kräver långsiktiga investeringar, tydliga prioriteringar och samordnade "
         "upphandlingsprocesser. Uppföljningen redovisas kontinuerligt till nämnden genom kvartalsvisa "
         "verksamhetsrapporter. Förändringsarbetet förutsätter engagerade medarbetare, tydligt ledarskap och "
         "ändamålsenliga arbetsformer. Organisationsförändringen genomförs stegvis under planeringsperioden. "
         "Arbetsmiljöfrågorna hanteras systematiskt inom befintliga samverkansstrukturer.",
         "Vi bygger en ny förskola i Norrby. Den får sex avdelningar och en stor gård. Barnen kan börja där i "
         "augusti. Fler barn får då plats nära hemmet. Det blir kortare väg till förskolan för många familjer. "
         "Personalen får nya lokaler som är lätta att städa. Kostnaden ryms i den plan som nämnden redan har "
         "beslutat om. Vi följer upp bygget varje månad.", check=PerMemo(checks.lix)),
    Rule("meningslangd", "Långa meningar", f"meningar med fler än {SENTENCE_LIMIT} ord",
         f"Myndigheternas skrivregler (Språkrådet 2014), 1.3 Skriv lättlästa meningar; {_GUIDE}, Plain "
         "language: sentence length (over ~25 words)",
         "Förslaget är enkelt. Kommunen vill att alla barn som bor i området ska kunna gå till en förskola nära "
         "hemmet och att vägen dit ska vara trygg och säker för både barn och vuxna varje dag.",
         "Förslaget är enkelt. Kommunen vill att alla barn i området ska kunna gå till en förskola nära hemmet. "
         "Vägen dit ska vara trygg för både barn och vuxna.", at="Kommunen",
         check=PerText(checks.long_sentences)),
    Rule("enligt-forslaget", "Beslut som hänvisar till förslaget",
         "»i enlighet med förslaget«, »enligt (förvaltningens) förslag«, »enligt tjänsteskrivelsen« i en "
         "beslutspunkt: ett beslut ska gå att förstå på egen hand i protokollet",
         f"{_GUIDE}, The memo's structure: Förslag till beslut is written so it can be lifted straight into "
         "the minutes; never \"i enlighet med förslaget\"",
         "godkänna ombyggnaden i enlighet med förvaltningens förslag",
         "godkänna ombyggnaden av Norrby skola", section="forslag_till_beslut", at="i enlighet",
         check=PerText(checks.decision_references)),
    Rule("kanslisprak", "Kanslispråk",
         "långa prepositioner och kanslispråk (" + ", ".join(o.word for o in KANSLISPRAK[:8]) + " …) med det "
         "enkla ordet; listan står i memo.language.wordlists",
         f"Myndigheternas skrivregler (Språkrådet 2014), 1.4 Använd enkla och begripliga ord; Svarta listan "
         f"(Regeringskansliet); {_GUIDE}, Plain language: long prepositions (angående, beträffande → om)",
         "Nämnden har fått en fråga beträffande parkeringen vid skolan.",
         "Nämnden har fått en fråga om parkeringen vid skolan.", at="beträffande",
         check=PerText(checks.officialese)),
    Rule("tal-i-text", "Tal skrivna mot skrivreglerna",
         "tusental med punkt eller komma (»250.000 kr«), % och § utan mellanslag (»12%«), månad med stor "
         "bokstav efter dag (»1 Juli«), »kr.« med punkt, datum med snedstreck eller punkter (»31/12/2026«); inte "
         "årtal, diarienummer, klockslag eller decimaltal",
         f"{_GUIDE}, Numbers and amounts (tusental med mellanslag, aldrig punkt eller komma; mellanslag före %) "
         "och Dates and times (månader med liten bokstav); Myndigheternas skrivregler (Språkrådet 2014)",
         "Bidraget är 250.000 kr per år.", "Bidraget är ${bidrag | kronor} per år.", at="250.000",
         check=PerText(checks.numbers)),
    Rule("personnummer", "Personnummer i PM:et",
         "ett personnummer eller samordningsnummer (ÅÅMMDD-NNNN, ÅÅÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN med rätt "
         "kontrollsiffra, alltid med ett datum som finns) i något värde i ärendet; rubriken kontrolleras av "
         "valideringen med samma regel (memo.case.personnummer), så ett organisationsnummer går bra båda ställena",
         f"{_GUIDE}, The memo's structure: the title is public: no personnummer in it (PM:et publiceras med "
         "kallelsen, så samma gäller hela texten)",
         "Sökanden 19850412-3456 har ansökt om bistånd.", "Sökanden har ansökt om bistånd.",
         at="19850412-3456", check=PerMemo(checks.personnummer)),
    Rule("forkortning", "Oförklarad förkortning",
         "en förkortning ur en kort lista (" + ", ".join(list(FORKORTNINGAR)[:8]) + " …) utan att "
         "förklaringen står någonstans i PM:et; egna förklaringar »ord (FÖRK)« räknas; listan står i "
         "memo.language.wordlists",
         f"Myndigheternas skrivregler (Språkrådet 2014): förklara förkortningar som läsaren kanske inte känner "
         f"till; {_GUIDE}, Plain language: unexplained abbreviations",
         "Ansökan gäller insatser enligt LSS för tre personer.",
         "Ansökan gäller insatser enligt lagen om stöd och service till vissa funktionshindrade (LSS). LSS ger "
         "rätt till stöd.", at="LSS", check=PerMemo(checks.unexplained_abbreviations)),
)

#: Every language check, by id.
RULES: Mapping[str, Rule] = {rule.id: rule for rule in _RULE_LIST}


def rules_table() -> str:
    """The rules as a Markdown table (id | vad | källa), for the README.

    >>> print(rules_table().splitlines()[0])
    | id | vad | källa |
    """
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = ["| id | vad | källa |", "|---|---|---|"]
    rows += [f"| `{r.id}` | {cell(r.title)}: {cell(r.what)} | {cell(r.source)} |" for r in _RULE_LIST]
    return "\n".join(rows)
