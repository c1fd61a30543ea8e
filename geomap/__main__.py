"""Allow ``python -m geomap``."""

import sys

from geomap.cli import main

sys.exit(main())
