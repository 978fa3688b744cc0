"""Shared fixtures: the seed pages and the fixture files that drive the tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

# Hypothesis profiles for the property tests (tests/properties). "ci" is the
# default: derandomized so a CI run is reproducible, and sized so the whole
# property suite takes well under a minute on two cores. "thorough" is for
# local bug hunts: `pytest tests/properties --hypothesis-profile thorough`
# (or HYPOTHESIS_PROFILE=thorough): random, 2000 examples a test (~15 min).
_SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "ci", derandomize=True, max_examples=60, deadline=None, print_blob=True, database=None,
    suppress_health_check=_SLOW_INPUTS,
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, print_blob=True, suppress_health_check=_SLOW_INPUTS,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"


def load_json(relative: str) -> Any:
    """Read a fixture file under ``fixtures/``."""
    return json.loads((FIXTURES / relative).read_text("utf-8"))


def seed_names() -> list[str]:
    """Seed pages that have a gold file, by stem."""
    return sorted(p.stem for p in (FIXTURES / "seeds").glob("*.json"))


def seed_text(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text("utf-8")
