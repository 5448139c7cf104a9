"""The benchmark's settings with no middleware at all: the bare Django view's ceiling."""

from tests.benchmarks.settings import *  # noqa: F403

MIDDLEWARE = []
