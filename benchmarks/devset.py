"""Reading the shared devset in place (never copied into the project) and scoring with its scorer."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEVSET = Path(os.environ.get("CLEANTEXT_DEVSET", ROOT.parent / "shared" / "devset"))
GOLD_DATASETS = ("cleaneval-dev", "cleanportaleval", "htmltotext", "scrapinghub")
SNIPPETS = "trafilatura-snippets"
#: ``KEY=VALUE`` config overrides, one per line, for :func:`clean_text`: the devset
#: scorer runs the cleaner in its own worker processes, which inherit the environment.
SET_ENV = "CLEANTEXT_QUALITY_SET"


def overrides() -> list[str]:
    """The ``--set`` pairs that ``quality.py`` passed down (none: the default config)."""
    return [pair for pair in os.environ.get(SET_ENV, "").splitlines() if pair.strip()]


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    from cleantext import Config, build_pipeline
    from cleantext.config import apply_overrides

    return build_pipeline(apply_overrides(Config(), overrides()))


def clean_text(text: str) -> str:
    """``doc.text`` under the default config with :data:`SET_ENV`'s overrides, for ``score.py --module``."""
    return _pipeline()(text).text


def scorer() -> ModuleType:
    """The devset's own ``score.py``, imported from where it lies."""
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {DEVSET / 'score.py'}; set CLEANTEXT_DEVSET")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages(datasets: tuple[str, ...] | None = None) -> Iterator[dict]:
    """Each page as a dict: id, dataset, raw, gold (or None), meta."""
    folder = DEVSET / "pages"
    if not folder.is_dir():
        raise SystemExit(f"no devset at {folder}; set CLEANTEXT_DEVSET")
    for meta_path in sorted(folder.glob("*.meta.json")):
        meta = json.loads(meta_path.read_text("utf-8"))
        if datasets and meta["dataset"] not in datasets:
            continue
        pid = meta["id"]
        gold_path = folder / f"{pid}.gold.txt"
        yield {
            "id": pid,
            "dataset": meta["dataset"],
            "raw": (folder / f"{pid}.raw.txt").read_text("utf-8"),
            "gold": gold_path.read_text("utf-8") if gold_path.exists() else None,
            "meta": meta,
        }
