"""``python -m o7core``: the command line."""

import sys

from .cli import main

sys.exit(main())
