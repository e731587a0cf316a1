"""The production stack with one extra URL, for bench/load_bench.py: a trivial view (the floor)."""

from iptracker.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
