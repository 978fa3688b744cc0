"""The benchmark scripts whose tables the README quotes still run and print those tables.

No figure is asserted here: speed lives in ``benchmarks/``, never in timed
unit tests. This only keeps the scripts from rotting between the sessions
that run them in full. Skipped where ``../shared/devset`` is absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"


@pytest.mark.skipif(not (DEVSET / "pages").is_dir(), reason="no devset beside the project")
def test_speed_script_prints_every_table() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--mb", "0.05", "--budget", "0.5"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for header in ("| single core |", "| step alone |", "| per input line ("):
        assert header in out, out
    per_line = out.split("| per input line (", 1)[1]
    assert "at 8 MB/s" in per_line.splitlines()[0]
    rows = [line for line in per_line.splitlines()[2:] if line.startswith("| ")]
    assert [r.split(" | ")[0][2:] for r in rows][-1] == "whole pipeline (passes until stable)"
    assert all(float(r.split(" | ")[1]) > 0 for r in rows), rows


def test_quality_set_reaches_the_scored_cleaner(monkeypatch) -> None:
    """``quality.py --set`` hands its pairs to the scorer's workers through the environment."""
    import importlib.util

    from tests.conftest import seed_names, seed_text

    spec = importlib.util.spec_from_file_location("devset_for_test", ROOT / "benchmarks" / "devset.py")
    assert spec is not None and spec.loader is not None
    devset = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(devset)
    page = seed_text(seed_names()[0])
    texts = {}
    for pairs in ("", "drop_chrome=false\ncontent_filter=false\ndrop_structure=false"):
        monkeypatch.setenv(devset.SET_ENV, pairs)
        devset._pipeline.cache_clear()
        texts[pairs] = devset.clean_text(page)
    default = __import__("cleantext").clean(page)
    assert texts[""] == default.text
    chrome = {text for _, text, reason in default.dropped() if reason.startswith("chrome:")}
    kept = set(texts["drop_chrome=false\ncontent_filter=false\ndrop_structure=false"].splitlines())
    assert chrome & kept and not chrome & set(texts[""].splitlines())
