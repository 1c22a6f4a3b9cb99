"""Suite-wide settings: Hypothesis profiles (`HYPOTHESIS_PROFILE=ci` in CI)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Reusable fixtures: a real backend subprocess, a throwaway PostgreSQL.
pytest_plugins = ["tests.fixtures.backend"]
