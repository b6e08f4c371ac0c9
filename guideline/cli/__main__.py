"""`python -m guideline.cli`: the same as the `guideline` command."""

import sys

from guideline.cli.driver import main

sys.exit(main())
