"""The import's first pass alone, as the WordPress benchmark's baseline."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from magazine.site.wordpress import wxr  # noqa: E402

wxr.check(sys.argv[1])
