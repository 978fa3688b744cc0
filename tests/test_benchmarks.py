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
