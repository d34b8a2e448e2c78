"""The new case, key by key, from an old memo's parts: what it says, where each text goes, what the report tells.

Every text is placed: a section's text under its key; a heading the profile does not have as a sub-heading
(``underrubrik``) of the section before it, or as an own section (``egna_avsnitt``) where the profile has them;
text that fits no section (the text before the first heading, what stands in the decision and is no point)
in the nearest prose section, with a comment ``# memo läs: …`` above its key; and the report lists each of
them. A value the case must have and the old memo lacks is written empty, with a comment, so that
``memo kontrollera`` names exactly what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

from memo.case import decisions
from memo.case import prose as prose_text
from memo.case.perspectives import phrase
from memo.case.sections import Kind, Section
from memo.importer.decision import decision_in, organs, read_decision
from memo.importer.headings import fold
from memo.importer.layout import Body, Part
from memo.importer.text import amounts, entries, is_caption, literal, prose, table_lines
from memo.profile.load import Profile
from memo.swedish.filters import FILTERS
from memo.word.readback import Block, Para, Table

__all__ = ["NOTE", "Draft", "Value"]

Value: TypeAlias = "str | list[Value] | dict[str, Value]"
#: What the case's comments begin with, so that the handläggare finds each of them.
NOTE = "memo läs: "
_PROSE_KINDS = (Kind.PROSE, Kind.ECONOMY)


def _short(text: str, most: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


class Draft:
    """The case as it is put together: its keys' values, the comments above them and the report's lines."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.sections = tuple(spec for spec in profile.sections)
        self.values: dict[str, Value] = {}
        self.comments: dict[str, list[str]] = {}
        self.report: list[str] = []
        #: The prose sections' pieces: (sub-heading or None, text), by key.
        self.pieces: dict[str, list[tuple[str | None, str]]] = {}
        #: The consequences: the perspectives each text is about, and the text.
        self.consequences: list[tuple[tuple[str, ...], str]] = []
        self.points: list[str] = []
        self.styles: list[str] = []
        self.lead_in = ""
        #: The old memo's one heading over its consequences, where it has one.
        self.consequence_heading: str | None = None
        self._seen: set[str] = set()
        #: The sections in the order the old memo has them.
        self.order: list[str] = []

    # -- comments and the report ------------------------------------------------------------------------------
    def note(self, key: str, comment: str, report: str | None = None) -> None:
        """A comment above ``key`` in the case, and a line in the report (the comment's own unless given)."""
        self.comments.setdefault(key, []).append(NOTE + comment)
        self.report.append(report or comment)

    # -- where text goes --------------------------------------------------------------------------------------
    def _spec(self, key: str) -> Section | None:
        return next((spec for spec in self.sections if spec.key == key), None)

    def nearest_prose(self, key: str | None) -> str | None:
        """The prose section at or after ``key`` in the profile's order, else the last one before it."""
        keys = [spec.key for spec in self.sections]
        at = keys.index(key) if key in keys else 0
        after = [spec.key for spec in self.sections[at:] if spec.kind in _PROSE_KINDS]
        before = [spec.key for spec in self.sections[:at] if spec.kind in _PROSE_KINDS]
        found = after or before[::-1]
        return found[0] if found else None

    def lead_target(self) -> str | None:
        """Where the text before the first heading goes: a prose section the profile shows without a heading, else
        the summary, else the first prose section."""
        headless = next((spec.key for spec in self.sections if spec.kind is Kind.PROSE and not spec.heading), None)
        if headless is not None:
            return headless
        return "sammanfattning" if self._spec("sammanfattning") else self.nearest_prose(None)

    def add_prose(self, key: str | None, text: str, heading: str | None = None, *, why: str = "") -> None:
        """``text`` into the prose section ``key`` (under ``heading``); ``why`` says why it stands there."""
        if not text:
            return
        if key is None:
            self.report.append(f"Texten '{_short(text)}' fick ingen plats: profilen har inget avsnitt med löptext. "
                               "Den står överst i ärendet som en kommentar.")
            self.comments.setdefault("", []).extend(NOTE + line for line in text.splitlines() if line.strip())
            return
        self.pieces.setdefault(key, []).append((heading, text))
        self._placed(key)
        if why:
            self.note(key, f"{why} Texten '{_short(text)}' står i '{key}'.")

    # -- the parts --------------------------------------------------------------------------------------------
    def leading(self, blocks: Sequence[Block], *, decision: bool = False) -> None:
        """The text before the first heading; where the profile's decision has no heading, or the old memo has none
        for it (``decision``), the decision in it."""
        decides = next((spec for spec in self.sections if spec.kind is Kind.DECISION), None)
        found = decision_in(blocks) if decides is not None and (decision or not decides.heading) else None
        if found is not None:
            self._decision(blocks[found[0]:found[1]])
            blocks = [*blocks[:found[0]], *blocks[found[1]:]]
        text = prose(blocks)
        target = self.lead_target()
        spec = self._spec(target) if target else None
        headless = spec is not None and not spec.heading
        self.add_prose(target, text, why="" if headless else "Texten stod före första rubriken.")

    def _placed(self, key: str) -> None:
        if key not in self.order:
            self.order.append(key)

    def part(self, part: Part, current: str | None) -> str | None:
        """One heading's text placed; returns the section the text after it belongs to."""
        if part.opens is None:
            return self._unmatched(part, current)
        spec = part.opens.section
        key = spec.key
        self._placed(key)
        first = key not in self._seen
        self._seen.add(key)
        if first and spec.kind is Kind.CONSEQUENCES:
            self.consequence_heading = part.heading
        elif spec.kind is Kind.CONSEQUENCES:
            self.consequence_heading = None  # several headings: memo's own, naming the perspectives
        if first and spec.heading and spec.kind is not Kind.CONSEQUENCES and fold(part.heading) != fold(spec.heading):
            self.values.setdefault("rubriker", {})
            rubriker = self.values["rubriker"]
            assert isinstance(rubriker, dict)
            rubriker[key] = literal(part.heading)
        if spec.kind is Kind.DECISION:
            self._decision(part.blocks)
        elif spec.kind is Kind.CONSEQUENCES:
            self._consequence(part, current)
        elif spec.kind is Kind.ECONOMY:
            self._economy(key, part, first)
        elif spec.kind is Kind.PROSE:
            self._tables_as_lists(key, part.blocks)
            self.add_prose(key, prose(part.blocks), None if first else part.heading)
        elif spec.kind is Kind.SIGNATURE:
            self.signature_lines(part.blocks)
        else:
            found = entries(part.blocks)
            listed = self.values.setdefault(key, [])
            assert isinstance(listed, list)
            listed.extend(found)
        return key

    def _tables_as_lists(self, key: str | None, blocks: Sequence[Block]) -> None:
        for block in blocks:
            if isinstance(block, Table):
                rows = f"{len(block.rows)} rad" if len(block.rows) == 1 else f"{len(block.rows)} rader"
                self.report.append(f"En tabell i '{key}' ({rows}) står som en punktlista, en rad "
                                   "per tabellrad: löptext har inga tabeller.")

    def _unmatched(self, part: Part, current: str | None) -> str | None:
        text = prose(part.blocks)
        free = self._spec("egna_avsnitt")
        if not part.sub and free is not None and text:
            listed = self.values.setdefault("egna_avsnitt", [])
            assert isinstance(listed, list)
            listed.append({"rubrik": literal(part.heading), "text": text})
            self._placed("egna_avsnitt")
            return current
        current_spec = self._spec(current) if current else None
        target = current if current_spec is not None and current_spec.kind is Kind.PROSE else \
            self.nearest_prose(current)
        why = "" if target == current else (f"Rubriken '{_short(part.heading)}' finns inte i profilen; den står som "
                                            "underrubrik.")
        self._tables_as_lists(target, part.blocks)
        if not text:  # a heading over the next heading's text: kept as a line in bold where that text goes
            self.add_prose(target, f"**{literal(part.heading)}**", why=why)
            return current
        self.add_prose(target, text, part.heading, why=why)
        if not why and target is not None and part.sub is False:
            self.report.append(f"Rubriken '{_short(part.heading)}' finns inte i profilen; den står som underrubrik "
                               f"i '{target}'.")
        return current

    def _decision(self, blocks: Sequence[Block]) -> None:
        decides = next((spec.key for spec in self.sections if spec.kind is Kind.DECISION), None)
        if decides is not None:
            self._placed(decides)
        decision = read_decision(blocks)
        self.points.extend(decision.points)
        if decision.style:
            self.styles.append(decision.style)
        self.lead_in = self.lead_in or decision.lead_in
        if decision.rest:
            self.add_prose(self.nearest_prose("forslag_till_beslut"), prose(decision.rest),
                           why="Stycket stod under förslaget till beslut men är ingen beslutspunkt.")

    def _consequence(self, part: Part, current: str | None) -> None:
        text = prose(part.blocks)
        if not text:  # a heading over the perspectives' own sub-headings
            return
        named = part.opens.perspectives if part.opens is not None else ()
        if not named and len(self.profile.perspektiv) == 1:  # the one perspective the profile assesses
            named = (self.profile.perspektiv[0],)
        if not named:
            self.add_prose(self.nearest_prose(current), text, part.heading,
                           why="Konsekvenserna nämnde inget perspektiv.")
            return
        before = next((n for n, (names, _) in enumerate(self.consequences) if names == named), None)
        if before is None:
            self.consequences.append((named, text))
        else:
            self.consequences[before] = (named, f"{self.consequences[before][1]}\n\n{text}")

    def _economy(self, key: str, part: Part, first: bool) -> None:
        texts: list[Block] = []
        for n, block in enumerate(part.blocks):
            if isinstance(block, Table):
                above = part.blocks[n - 1] if n else None
                caption = above.text.strip() if isinstance(above, Para) and is_caption(above) else ""
                found = amounts(block, caption or (above.text if isinstance(above, Para) else ""))
                if found is not None and "tabell" not in self.values:
                    if caption and texts and texts[-1] is above:
                        texts.pop()
                    self.values["tabell"] = {
                        "beskrivning": literal(caption or part.heading),
                        "enhet": found.enhet, "kolumner": list(found.kolumner),
                        "rader": [{"post": literal(post), "belopp": list(values)} for post, values in found.rader]}
                    continue
                self._tables_as_lists(key, [block])
            texts.append(block)
        self.add_prose(key, prose(texts), None if first else part.heading)

    def signature_lines(self, blocks: Sequence[Block]) -> None:
        """A part headed "Underskrift": its lines as the signatures."""
        names = [line for block in blocks for line in (table_lines(block) if isinstance(block, Table) else
                                                        block.text.split("\n")) if line.strip()]
        if names:
            self.signatures([(names[0], *names[1:])], "")

    def signatures(self, found: Sequence[Sequence[str]], organ: str) -> None:
        if not found:
            return
        if self._spec("underskrift") is None:
            self.add_prose(self.nearest_prose(None), "\n\n".join(" ".join(lines) for lines in found),
                           why="Profilens PM har ingen underskrift.")
            return
        titled = "underskrift.titel" not in self.profile.valfria_falt
        self.values["underskrift"] = [{"namn": literal(lines[0]), **({"titel": literal(", ".join(lines[1:]))}
                                                                     if lines[1:] or titled else {})}
                                      for lines in found]
        for lines in found:
            if titled and not lines[1:]:
                self.note("underskrift", f"{lines[0]} har ingen titel under sitt namn i det gamla PM:et; fyll i den.")
        if organ and fold(organ) != fold(self.profile.underskriftsorgan or ""):
            self.values["underskriftsorgan"] = literal(organ)

    # -- the whole ----------------------------------------------------------------------------------------------
    def body(self, body: Body) -> None:
        current: str | None = None
        for part in body.parts:
            current = self.part(part, current)
        self.signatures(body.signatures, body.organ)
        self._finish_decision()
        self._finish_sections()
        self._finish_order()

    def _finish_decision(self) -> None:
        decides = next((spec for spec in self.sections if spec.kind is Kind.DECISION), None)
        if decides is None:
            return
        if self.points:
            self.values[decides.key] = list(self.points)
        style = max(set(self.styles), key=self.styles.count) if self.styles else self.profile.beslutsstil
        if style != self.profile.beslutsstil:
            self.values["beslutsstil"] = style
        for key, value in organs(self.lead_in).items():
            self.values.setdefault(key, value)
        shown = self._shown_lead_in(style)
        if shown is None or fold(shown) != fold(self.lead_in.replace("*", "")):
            self.values["beslutsinledning"] = self.lead_in or decisions.NO_LEAD_IN

    def _shown_lead_in(self, style: str) -> str | None:
        """The lead-in memo would write with the profile's (or the style's) wording and the organs found ("": none;
        None: it names an organ the old memo does not)."""
        chosen = decisions.lead_in(style, None, self.profile.beslutsinledning)
        if chosen is None:
            return ""
        values: Mapping[str, str | None] = {key: value for key, value in self.values.items() if isinstance(value, str)}
        try:
            return prose_text.resolve(chosen, values, FILTERS)
        except prose_text.ReferenceError:
            return None

    def _finish_order(self) -> None:
        """The report says where the old memo's sections stand in another order than the profile's."""
        keys = [spec.key for spec in self.sections]
        found = [key for key in self.order if key in keys]
        if found != sorted(found, key=keys.index):
            listed = ", ".join(found)
            self.comments.setdefault("", []).append(
                f"{NOTE}det gamla PM:et har avsnitten i en annan ordning ({listed}) än profilen; memo skriver dem i "
                "profilens. Ska organisationens PM ha den ordningen: ange den under 'avsnitt' i profilen.")
            self.report.append(f"Avsnitten står i en annan ordning i det gamla PM:et ({listed}) än i profilen; memo "
                               "skriver dem i profilens ordning (ange ordningen under 'avsnitt' i profilen).")

    def _finish_sections(self) -> None:
        for key, written in self.pieces.items():
            pieces: list[tuple[str | None, str]] = []
            for heading, piece in written:  # text without a heading of its own runs on from the text before it
                if heading is None and pieces:
                    pieces[-1] = (pieces[-1][0], f"{pieces[-1][1]}\n\n{piece}")
                else:
                    pieces.append((heading, piece))
            if len(pieces) == 1 and pieces[0][0] is None:
                text: Value = pieces[0][1]
            else:
                text = [piece if heading is None else {"underrubrik": literal(heading), "text": piece}
                        for heading, piece in pieces]
            spec = self._spec(key)
            if spec is not None and spec.kind is Kind.ECONOMY and "tabell" in self.values:
                table = self.values.pop("tabell")
                self.values[key] = {"text": text if isinstance(text, str) else prose_joined(pieces), "tabell": table}
            else:
                self.values[key] = text
        if "tabell" in self.values:
            economy = next(spec.key for spec in self.sections if spec.kind is Kind.ECONOMY)
            self.values[economy] = {"tabell": self.values.pop("tabell")}
        spec = self._spec("konsekvenser")
        if self.consequences and self.consequence_heading and spec is not None and spec.heading:
            names = [name for named, _ in self.consequences for name in named]
            shown = spec.heading.replace("{perspektiv}", phrase(list(dict.fromkeys(names))))
            if fold(shown) != fold(self.consequence_heading):
                rubriker = self.values.setdefault("rubriker", {})
                assert isinstance(rubriker, dict)
                rubriker["konsekvenser"] = literal(self.consequence_heading)
        if all(len(names) == 1 for names, _ in self.consequences):
            if self.consequences:
                self.values["konsekvenser"] = {names[0]: text for names, text in self.consequences}
        else:
            self.values["konsekvenser"] = [{"perspektiv": list(names), "text": text} for names, text in
                                           self.consequences]
        for spec in self.sections:  # a section the profile requires and the old memo lacks: empty, at its key
            if spec.required and spec.key not in self.values and spec.kind in (*_PROSE_KINDS, Kind.LIST,
                                                                                 Kind.NUMBERED_LIST, Kind.LINES):
                self.values[spec.key] = "" if spec.kind in _PROSE_KINDS else [""]
                self.note(spec.key, f"avsnittet '{spec.key}' krävs av profilen men finns inte i det gamla PM:et; "
                                    "skriv det.")
        if self._spec("konsekvenser") is not None:
            assessed = {fold(name) for names, _ in self.consequences for name in names}
            for name in self.profile.perspektiv:
                if fold(name) not in assessed:
                    self.note("konsekvenser", f"det gamla PM:et bedömer inte {phrase([name])}, som profilen kräver; "
                                              "skriv konsekvenserna eller varför det inte berörs.")


def prose_joined(pieces: Sequence[tuple[str | None, str]]) -> str:
    """Pieces as one text (the economy's text has no sub-headings): a sub-heading as a paragraph in bold."""
    return "\n\n".join(text if heading is None else f"**{literal(heading)}**\n\n{text}" for heading, text in pieces)
