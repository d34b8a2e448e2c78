"""The fonts a profile's reference document names, found and measured: how wide a table's text is printed.

The only folder that uses fontTools. :mod:`memo.fonts.widths` is the plain data the writer sizes a
table's columns with (no fontTools: a memo is written without it); :mod:`memo.fonts.find` finds a
font's file (fontconfig's ``fc-match``, else the system's font folders), :mod:`memo.fonts.measure`
reads its advance widths with fontTools, :mod:`memo.fonts.widest` holds the widest common metrics
for a font that cannot be found, and :mod:`memo.fonts.table` puts them together when a reference
document is prepared (once per reference document and computer: the result is in memo's cache).
"""
