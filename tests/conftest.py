"""Shared test set-up: a headless Matplotlib backend and seeded, deadline-free hypothesis profiles."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

from hypothesis import HealthCheck, settings  # noqa: E402

# Deadlines flake on a busy 2-core machine; correctness, not speed, is what property tests check.
settings.register_profile("lossbook", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lossbook")
