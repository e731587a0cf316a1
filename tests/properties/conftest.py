"""Hypothesis settings for the property tests: bounded and deterministic.

`derandomize=True` draws the same examples on every run (CI and workstations alike), so a
failure reproduces without a stored example database; `database=None` writes no `.hypothesis/`
folder. `HYPOTHESIS_PROFILE=thorough` runs many more examples by hand.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=120,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
