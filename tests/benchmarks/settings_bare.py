"""The benchmark's settings with no middleware at all: what a bare Django view
costs (the ceiling issue 18's cold-page targets are stated against)."""

from tests.benchmarks.settings import *  # noqa: F403

MIDDLEWARE = []
