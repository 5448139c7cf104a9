"""Production settings plus one route: the benchmark's ceiling view."""

from magazine.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
