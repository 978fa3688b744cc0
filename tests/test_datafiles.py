"""The sectioned vocabulary files parse into the sections their steps read."""

from __future__ import annotations

import pytest

from cleantext.datafiles import read_sections


@pytest.mark.parametrize(("name", "needed"), [
    ("byline.txt", {"verbs", "agents", "labels", "pieces", "conjunctions"}),
    ("comments.txt", {"verbs", "markers"}),
    ("copyright.txt", {"holder_words"}),
    ("headline.txt", {"caption"}),
])
def test_sections_parse(name: str, needed: set[str]) -> None:
    sections = read_sections(name)
    assert needed <= set(sections)
    for entries in sections.values():
        assert entries
        for entry in entries:
            assert entry == entry.strip() and entry == entry.casefold()
            assert not entry.startswith("#") and not (entry.startswith("[") and entry.endswith("]"))
