"""``python -m memo`` runs the command line."""

from memo.cli import run

run()
