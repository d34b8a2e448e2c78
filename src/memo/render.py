"""Stage 3: case + profile → memo markup, through one Jinja template per section.

This is the only module that imports Jinja. Every template — shipped or the user's —
runs in Jinja's sandbox with ``StrictUndefined`` and autoescaping: case text is data,
never code, and a missing value is an error, never a blank. A user's template folder
overrides the shipped templates section by section.
"""

from __future__ import annotations

import importlib.resources
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from memo.case import ATT_SATSER, Case, Prose, Table
from memo.errors import Location, TemplateError
from memo.profile import Profile
from memo.swedish import FILTERS

__all__ = ["MAIN_TEMPLATE", "MAX_OUTPUT_CHARS", "render_markup"]

MAIN_TEMPLATE = "memo.xml.j2"
#: A template that writes more than this is stopped (a runaway loop in a user template).
MAX_OUTPUT_CHARS = 5_000_000
_DIVISOR = {"kronor": (1, 0), "kr": (1, 0), "tkr": (1000, 0), "mnkr": (1_000_000, 1)}


def _package_templates() -> Path:
    return Path(str(importlib.resources.files("memo.templates")))


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]) -> SandboxedEnvironment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(f)) for f in folders]
    loaders.append(jinja2.FileSystemLoader(str(_package_templates())))
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    return env


def render_markup(case: Case, profile: Profile, templates: Sequence[Path] = ()) -> str:
    """Render the whole memo to markup. ``templates`` are user folders, first one wins."""
    folders = tuple(p.resolve() for p in templates)
    for folder in folders:
        if not folder.is_dir():
            raise TemplateError(f"Mallmappen '{folder}' finns inte.", Location(folder))
    env = _environment(folders)
    try:
        template = env.get_template(MAIN_TEMPLATE)
        pieces: list[str] = []
        size = 0
        for piece in template.generate(_context(case, profile)):
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateError(f"Mallarna skrev mer än {MAX_OUTPUT_CHARS:,} tecken; "
                                    "troligen en loop som inte tar slut.".replace(",", " "))
            pieces.append(piece)
        return "".join(pieces)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(f"Mallen har ett syntaxfel: {exc.message}.", exc.filename, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"Mallen '{exc.name}' finns inte (eller pekar utanför mallmappen).") from None
    except jinja2.exceptions.SecurityError as exc:
        raise _from_traceback(f"Mallen försöker göra något som inte är tillåtet: {exc}.") from None
    except jinja2.UndefinedError as exc:
        raise _from_traceback(f"Mallen använder ett värde som inte finns: {exc.message}.") from None
    except RecursionError:
        raise _from_traceback("Mallen anropar sig själv utan slut.") from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise _from_traceback(f"Mallen misslyckades: {exc}.") from None


def _template_error(message: str, filename: str | None, line: int | None) -> TemplateError:
    source_line = None
    path = Path(filename) if filename else None
    if path is not None and line is not None and path.is_file():
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        source_line = lines[line - 1] if 0 < line <= len(lines) else None
    return TemplateError(message, Location(path, line, None, None, source_line))


def _from_traceback(message: str) -> TemplateError:
    """Find the template file and line in the traceback being handled (Jinja rewrites it)."""
    tb: TracebackType | None = sys.exc_info()[2]
    filename, line = None, None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2"):
            filename, line = code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return _template_error(message, filename, line)


def _markup(prose: Prose | None) -> Markup | None:
    return Markup(prose.markup) if prose is not None else None


def _table(table: Table) -> dict[str, Any]:
    divisor, decimals = _DIVISOR[table.enhet]
    columns = len(table.kolumner)
    sums = [sum((row.belopp[i] or Decimal(0)) for row in table.rader if i < len(row.belopp))
            for i in range(columns)]
    return {
        "beskrivning": table.beskrivning,
        "enhet": table.enhet,
        "kolumner": list(table.kolumner),
        "rader": [{"post": row.post, "belopp": list(row.belopp)} for row in table.rader],
        "summa": table.summa,
        "summor": sums,
        "delare": Decimal(divisor),
        "decimaler": decimals,
    }


def perspectives(case: Case, profile: Profile) -> list[str]:
    """The perspectives named in the heading: the profile's first, then the case's others."""
    names = list(profile.perspektiv)
    known = {n.casefold() for n in names}
    for konsekvens in case.konsekvenser:
        for name in konsekvens.perspektiv:
            if name.casefold() not in known:
                names.append(name)
                known.add(name.casefold())
    return names


def _context(case: Case, profile: Profile) -> Mapping[str, Any]:
    economy = case.ekonomiska_konsekvenser
    arende = {
        "rubrik": _markup(case.rubrik),
        "diarienummer": case.diarienummer,
        "dokumenttyp": case.dokumenttyp or profile.dokumenttyp,
        "datum": case.datum,
        "sammantradesdatum": case.sammantradesdatum,
        "beslutsinstans": case.beslutsinstans,
        "handlaggare": {"namn": case.handlaggare.namn, "enhet": case.handlaggare.enhet,
                        "epost": case.handlaggare.epost, "telefon": case.handlaggare.telefon},
        "varden": dict(case.varden),
        "forslag_till_beslut": [_markup(p) for p in case.forslag_till_beslut],
        "sammanfattning": _markup(case.sammanfattning),
        "arendebeskrivning": _markup(case.arendebeskrivning),
        "konsekvenser": [{"perspektiv": list(k.perspektiv), "text": _markup(k.text)}
                         for k in case.konsekvenser],
        "ekonomiska_konsekvenser": None if economy is None else {
            "text": _markup(economy.text),
            "tabell": _table(economy.tabell) if economy.tabell else None,
        },
        "uppfoljning": _markup(case.uppfoljning),
        "beslutsunderlag": [_markup(p) for p in case.beslutsunderlag],
        "bilagor": [_markup(p) for p in case.bilagor],
        "underskrift": [{"namn": s.namn, "titel": s.titel} for s in case.underskrift],
        "skickas_till": [_markup(p) for p in case.skickas_till],
    }
    return {
        "arende": arende,
        "beslutsstil": case.beslutsstil or profile.beslutsstil or ATT_SATSER,
        "perspektiv": perspectives(case, profile),
        "profil": {"namn": profile.organisation, "adress": list(profile.adress), "epost": profile.epost,
                   "webbplats": profile.webbplats, "telefon": profile.telefon},
    }
