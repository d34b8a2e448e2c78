"""Stage 2: the case — its tables (fields, sections, shapes), its model, and reading and checking it."""
