"""Stage 1: a YAML file read into a tree that remembers where each value was written (no domain words)."""
