"""Shared fixtures: the seed pages and the fixture files that drive the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
