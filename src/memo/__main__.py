"""``python -m memo`` runs the command line."""

import sys

from memo.cli import main

sys.exit(main())
