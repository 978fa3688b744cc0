"""Doctest collection (``--doctest-modules``) skips an engine adapter whose engine is not installed.

The adapters import their engine at the top, on purpose: importing
``cleantext.engines.ray`` without Ray should fail at once with install
advice. Without the extras, that import error must not fail the test run.
"""

from __future__ import annotations

import importlib.util

_NEEDS = {"ray.py": "ray", "_ray_io.py": "ray", "datatrove.py": "datatrove"}

collect_ignore = [module for module, dist in _NEEDS.items() if importlib.util.find_spec(dist) is None]
