"""The bridge to a warm LibreOffice, run as a script by a Python that has LibreOffice's ``uno`` module.

memo's own Python often cannot import ``uno`` (it comes with LibreOffice, or with Debian's python3-uno for
the system's Python 3), so :mod:`memo.pdf.warm` runs this file with that Python:

    python3 unobridge.py PIPE

It imports ``uno`` (or says ``no-uno`` and exits with 3), says ``uno``, connects to the LibreOffice that
listens on the named pipe (``--accept=pipe,name=PIPE;urp;``), trying again until it answers, and says
``ready``. Then it reads one request per line on stdin, a JSON list ``[docx, pdf, filter_options]``,
exports ``docx`` to ``pdf`` and answers one JSON line: ``{"ok": true}`` or ``{"error": "…"}``. On
``quit`` (or the end of stdin) it asks LibreOffice to end (LibreOffice then removes its pipes) and exits.

It imports nothing of memo's: it runs outside memo's environment. Importing it (as the tests'
``--doctest-modules`` do) runs nothing.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from typing import Any

__all__ = ["main"]

#: Seconds between tries to reach LibreOffice while it starts.
_RETRY_SECONDS = 0.05


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    try:
        import uno  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        _say("no-uno")
        return 3
    _say("uno")
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:  # LibreOffice is starting: memo ends this process if it takes too long
        try:
            context = resolver.resolve(f"uno:pipe,name={argv[1]};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException, until LibreOffice listens
            time.sleep(_RETRY_SECONDS)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    _say("ready")

    def value(name: str, content: Any) -> Any:
        prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        prop.Name, prop.Value = name, content
        return prop

    for line in sys.stdin:
        if line.strip() == "quit":
            break
        docx, pdf, options = json.loads(line)
        try:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0,
                                                    (value("Hidden", True), value("ReadOnly", True)))
        except Exception as exc:  # IllegalArgumentException, IOException: LibreOffice's own words
            _say(json.dumps({"error": f"source file could not be loaded ({type(exc).__name__})"}))
            continue
        if document is None:
            _say(json.dumps({"error": "source file could not be loaded"}))
            continue
        try:
            data = uno.Any("[]com.sun.star.beans.PropertyValue",
                           tuple(value(name, flag) for name, flag in options.items()))
            document.storeToURL(uno.systemPathToFileUrl(pdf),
                                (value("FilterName", "writer_pdf_Export"), value("FilterData", data)))
        except Exception as exc:  # the export failed: said, and the next request is served
            _say(json.dumps({"error": f"{type(exc).__name__}: {getattr(exc, 'Message', '')}".strip(": ")}))
            continue
        finally:
            document.close(True)
        _say(json.dumps({"ok": True}))
    with contextlib.suppress(Exception):  # LibreOffice ends while it answers: the bridge closes under us
        desktop.terminate()  # LibreOffice ends and removes its pipes
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
