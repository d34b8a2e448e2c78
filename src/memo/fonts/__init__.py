"""The fonts a profile's reference document names, found and measured: how wide a table's text is printed.

The only folder that uses fontTools. :mod:`memo.fonts.widths` is the plain data: the font a reference
document names for table text (in the prepared reference) and the widths the writer sizes a table's
columns with. :mod:`memo.fonts.cached` gives the widths, from memo's cache or measured: :mod:`memo.fonts.table`
puts together :mod:`memo.fonts.find` (a font's file: fontconfig's ``fc-match``, else the font folders of
:mod:`memo.fonts.folders`), :mod:`memo.fonts.measure` (advance widths, with fontTools) and
:mod:`memo.fonts.widest` (the widest common metrics, for a font that cannot be found). Only a memo with a
table, and only once per font and computer, loads fontTools.
"""
