"""`python -m storage.cli`: the `courtarchive` command."""

import sys

from storage.cli import main

sys.exit(main())
