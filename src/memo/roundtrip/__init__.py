"""Back from Word: the edits a reviewer made to a memo, brought back into the case it was written from.

Design (issue 23):

- **Which paragraph came from which key.** Nothing is added to the DOCX for it: memo's output stays
  byte for byte what it was, and nothing of the case that the memo does not show goes into it (the
  PDF neither). Instead the case is rendered again in memory with each *unit* of its text — a
  paragraph or list item of prose, a decision point, a list entry, a recipient, a signature line,
  a table row's post — marked by two invisible characters of Unicode's private use area, and each
  ``${…}`` reference enclosed by two more (:mod:`memo.roundtrip.units`). The rendered memo is read
  back with the reader any DOCX is read with (:mod:`memo.word.readback`); where the markers stand
  tells which unit each paragraph shows and which stretch each reference wrote, and taken out they
  leave the memo's text exactly (:mod:`memo.roundtrip.fresh`).
- **What changed.** The edited memo, read the same way, is set against the fresh one paragraph by
  paragraph with difflib (:mod:`memo.roundtrip.align`): equal, changed (also in markup only: a word
  made bold), removed, added (joining the unit before it). Body, header and footer each on its own.
- **Back at the level memo wrote it.** A changed unit replaces its span of the scalar it came from,
  the rest of the scalar untouched; a removed one takes its line(s) with it; an added one follows
  its neighbour (a paragraph, or a list item when both are list items); a decision point or list
  entry added or removed changes its list. ``*kursiv*`` and ``**fet**`` come from the reader's
  markup. A line memo's templates or the profile wrote (the title, a header's line) changes the
  field whose text holds the change (:mod:`memo.roundtrip.fields`); a heading or description the case
  wrote (``rubriker``, ``underrubrik``, ``tabell.beskrivning``) carries a key marker that names its key
  without making it a unit. An amount in a table cell cannot be marked (it is a number): it is known by
  its place in the row (:mod:`memo.roundtrip.cells`) and read back in the table's unit.
- **References** (:mod:`memo.roundtrip.restore`): kept where their text still stands; where only
  their text changed, read back into the value under ``varden:`` (:func:`memo.swedish.parse_shown`,
  written like the old value with :func:`memo.swedish.written_like`); a text that gives no value
  back unambiguously is a conflict, nothing written.
- **Only changed keys change**: the edits go through :func:`memo.read.rewrite.apply`, which rewrites
  those scalars and leaves every other byte; no edit, no write.
- **Only from the case as it is** (:mod:`memo.roundtrip.stale`): the case is rendered without markers, for
  the profile the memo was written with (``--profil``, else the case's own), and its body's fingerprint must
  be the one the memo records; else the case changed since (the edits would undo that change), or the memo
  is another case's or another profile's: one line, nothing written.
- **Lists stay lists** (:mod:`memo.roundtrip.lists`): a unit removed keeps the separator with a blank line
  around it (the last item of a list removed leaves the paragraph after it a paragraph); an item added to an
  ordered list is numbered on. An emptied paragraph or point is removed.
- **Written only as a case that loads** (:mod:`memo.roundtrip.checked`, :mod:`memo.roundtrip.written`): the
  new text is read again for the profile, else one line naming the key; a read-only case is refused, a
  symbolic link to it kept (the file it points to is written).
"""

from memo.roundtrip.back import Change, Changes, read_back

__all__ = ["Change", "Changes", "read_back"]
