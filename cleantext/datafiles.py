"""The package's sectioned word lists (``data/*.txt``), read one way.

Vocabulary lives in data files so it can grow without code changes; a file is
``[section]`` headers followed by one entry per line, ``#`` comments and blank
lines ignored. Entries are case-folded here because every step matches them
against case-folded text.
"""

from __future__ import annotations

from importlib import resources


def read_sections(name: str) -> dict[str, list[str]]:
    """``{section: [entry, ...]}`` of ``cleantext/data/<name>``, entries case-folded.

    Entries before the first header fall under the empty section name ``""``.
    """
    sections: dict[str, list[str]] = {}
    current = ""
    text = (resources.files("cleantext") / "data" / name).read_text("utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line.casefold())
    return sections
