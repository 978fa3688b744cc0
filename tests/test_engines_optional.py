"""The engines are optional extras: the library and its CLI never import them by themselves."""

from __future__ import annotations

import subprocess
import sys


def test_import_cleantext_imports_no_engine() -> None:
    code = ("import sys, cleantext, cleantext.cli, cleantext.records, cleantext.engines; "
            "bad = sorted(m for m in ('ray', 'datatrove', 'pyarrow') if m in sys.modules); "
            "assert not bad, bad")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
