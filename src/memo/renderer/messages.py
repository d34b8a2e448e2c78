"""Template problems in Swedish: what Jinja, the sandbox and Python say, as a handläggare can act on it.

Imported only when a template has failed: a memo that renders never pays for these tables.
"""

from __future__ import annotations

import re

import jinja2
from jinja2.sandbox import MAX_RANGE

from memo.renderer.budget import BudgetExceeded
from memo.renderer.reads import ReadMapping
from memo.renderer.values import NotAValue
from memo.swedish import tal

__all__ = ["message"]


def message(exc: BaseException) -> str:
    """The Swedish message for an exception a template caused."""
    text = str(exc).rstrip(".")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"Mallen har ett syntaxfel: {_syntax(exc.message or '')}."
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"Mallen '{exc.name}' finns inte (eller pekar utanför mallmappen)."
    if isinstance(exc, NotAValue):
        return f"Mallen skriver ut ett värde som inte är text: {text}."
    if isinstance(exc, BudgetExceeded):
        return f"Mallen stoppades: {text}."
    if isinstance(exc, jinja2.exceptions.SecurityError):
        unsafe = re.fullmatch(_UNSAFE, text)
        if unsafe and unsafe["attribute"] in _CHANGING and unsafe["type"] in _MUTABLE:
            return (f"Mallen försöker ändra ärendets eller profilens uppgifter med {unsafe['attribute']}(), vilket "
                    "inte är tillåtet: mallarna får bara läsa dem. Bygg det du behöver med filter, till exempel "
                    "{{ (lista + ['ny']) | join(', ') }}.")
        if unsafe:
            return (f"Mallen försöker nå '{unsafe['attribute']}' på ett {unsafe['type']}-objekt, vilket inte är "
                    "tillåtet.")
        return f"Mallen försöker göra något som inte är tillåtet: {text}."
    if isinstance(exc, jinja2.UndefinedError):
        return f"Mallen använder ett värde som inte finns: {_undefined(exc.message or '')}."
    if isinstance(exc, RecursionError):
        return "Mallen anropar sig själv utan slut."
    if isinstance(exc, OverflowError) and "MAX_RANGE" in text:
        return f"Mallen stoppades: range() får ge högst {tal(MAX_RANGE)} tal i en mall."
    if isinstance(exc, MemoryError):
        return "Mallen stoppades: minnet tog slut, troligen i en loop som inte tar slut."
    if isinstance(exc, ZeroDivisionError):
        return "Mallen delar med noll."
    if isinstance(exc, jinja2.exceptions.TemplateRuntimeError) and "non-namespace" in text:
        return ("Mallen försöker ändra ärendets eller profilens uppgifter med {% set … = … %}, vilket inte är "
                "tillåtet: mallarna får bara läsa dem. Lägg värdet i en egen variabel, eller i en namespace().")
    if isinstance(exc, TypeError) and "concatenate str" in text:
        return ("Mallen lägger ihop text och tal med +. Foga ihop text med ~, och räkna med ett värde ur "
                "varden (som är text) med | int eller | float först.")
    if isinstance(exc, TypeError) and "is not callable" in text:
        return "Mallen anropar något som inte är en funktion (() efter ett värde)."
    if isinstance(exc, TypeError) and "not JSON serializable" in text:
        return "Mallen ger tojson ett värde som inte kan skrivas som JSON (ett datum, till exempel)."
    if isinstance(exc, ValueError) and "values to unpack" in text:
        return ("Mallen packar upp fel antal värden, till exempel {% for a, b in lista %} där varje punkt inte är "
                "just två värden.")
    if isinstance(exc, TypeError):
        return f"Mallen räknar, jämför eller skriver värden som inte går ihop ({text})."
    return f"Mallen misslyckades: {text}."


_UNSAFE = r"access to attribute '(?P<attribute>[^']*)' of '(?P<type>[^']*)' object is unsafe"
#: Jinja's commonest syntax errors, in Swedish (any other is given as Jinja words it).
_SYNTAX = (
    (r"(?s)Unexpected end of template\..*innermost block that needs to be closed is '(\w+)'.*",
     r"mallen slutar innan {% \1 %} är stängt; skriv {% end\1 %} där blocket slutar"),
    (r"(?s)Unexpected end of template.*", "mallen slutar mitt i ett uttryck eller block"),
    (r"(?s)Encountered unknown tag '(\w+)'\..*innermost block that needs to be closed is '(\w+)'.*",
     r"{% \1 %} står där {% \2 %} ännu inte är stängt; skriv {% end\2 %} före"),
    (r"(?s)Encountered unknown tag 'end(\w+)'\.", r"{% end\1 %} stänger inget öppet {% \1 %}"),
    (r"(?s)Encountered unknown tag '(\w+)'\..*", r"{% \1 %} är ingen tagg i Jinja"),
    (r"Expected an expression, got '(.+?)'", r"här borde ett uttryck stå, men det står '\1'"),
    (r"No filter named '(.+?)'\.?", r"filtret '\1' finns inte"),
    (r"No test named '(.+?)'\.?", r"testet '\1' finns inte"),
    (r"expected token '(.+?)', got '(.+?)'", r"här borde '\1' stå, men det står '\2'"),
    (r"unexpected '(.+?)'", r"'\1' står där det inte kan stå"),
    (r"unexpected char '(.+?)' at \d+", r"tecknet '\1' kan inte stå i ett uttryck"),
    (r"tag name expected", "ett taggnamn saknas efter {%"),
)


#: What Jinja says of a missing value, in Swedish.
_UNDEFINED = (
    (r"'(.+?)' is undefined", r"'\1' finns inte"),
    (r"'(.+?) object' has no attribute '(.+?)'", r"ett \1-värde har inget '\2'"),
    (r"'(.+?)' has no attribute '(.+?)'", r"'\1' har inget '\2'"),
    (r"(.+?) object has no element (.+)", r"ett \1-värde har inget element \2"),
)


def _undefined(message: str) -> str:
    for pattern, swedish in _UNDEFINED:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, swedish, message)
    return message


_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "mallens slut"}


def _syntax(message: str) -> str:
    for name, shown in _TOKENS.items():
        message = message.replace(f"'{name}'", f"'{shown}'")
    for pattern, swedish in _SYNTAX:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, swedish, message)
    return message.rstrip(".")


#: The types whose changing methods the sandbox refuses: the case's and profile's data as the templates see it.
_MUTABLE = ("list", "dict", "set", ReadMapping.__name__)
#: The methods Jinja's read-only sandbox refuses because they change a list, dict or set.
_CHANGING = ("append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "add", "discard",
             "sort", "reverse", "popitem", "difference_update", "intersection_update",
             "symmetric_difference_update")
