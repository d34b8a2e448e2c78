"""Stage 3: a document + its profile → memo markup (Jinja templates in a sandbox) → document blocks.

:mod:`memo.renderer.render` renders a document's main template with its kind's context
(:mod:`memo.renderer.context` is the memo's); :mod:`memo.renderer.loading`,
:mod:`memo.renderer.sandbox`, :mod:`memo.renderer.budget` and :mod:`memo.renderer.values` are the
templates' folders, sandbox and limits; :mod:`memo.renderer.markup` turns the markup into
:mod:`memo.renderer.blocks`. This folder is the only part of memo that imports Jinja. The package
itself imports nothing, so that importing one of its modules (the blocks, from the writer) runs no other.
"""
