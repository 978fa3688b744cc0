"""Corpus statistics: counting lines across documents, saving them, and dropping template lines."""

from __future__ import annotations

import pytest

import cleantext
from cleantext import LineStats

from .conftest import seed_names, seed_text

FOOTER = "Copyright Example Media Group, every page of the site"


def corpus(n: int = 30) -> list[str]:
    return [f"Article number {k} tells a story nobody else tells today.\n{FOOTER}" for k in range(n)]


def test_counts_documents_not_occurrences() -> None:
    stats = LineStats.from_texts([f"{FOOTER}\n{FOOTER}\nUnique line number one here"])
    assert stats.documents == 1
    assert max(stats.counts.values()) == 1


def test_template_line_dropped_with_reason_article_kept() -> None:
    stats = LineStats.from_texts(corpus())
    seed = seed_text(seed_names()[2]) + "\n" + FOOTER
    doc = cleantext.clean(seed, stats=stats)
    assert (len(seed.splitlines()), FOOTER, "repeat:corpus") in doc.dropped()
    plain = cleantext.clean(seed_text(seed_names()[2]))
    assert doc.body == plain.body


def test_rare_lines_are_not_template() -> None:
    stats = LineStats.from_texts(corpus(5))  # fewer documents than MIN_DOCUMENTS
    assert not stats.is_template(FOOTER)


def test_save_load_roundtrip_and_merge(tmp_path) -> None:
    a, b = LineStats.from_texts(corpus(6)), LineStats.from_texts(corpus(6))
    merged = a.merge(b)
    assert merged.documents == 12 and merged.is_template(FOOTER)
    a.absorb(b)  # the same counts, in place
    assert (a.documents, a.counts) == (merged.documents, merged.counts)
    path = tmp_path / "stats.json"
    merged.save(path)
    loaded = LineStats.load(path)
    assert loaded.documents == 12 and loaded.is_template(FOOTER)


def test_load_rejects_other_files(tmp_path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(ValueError, match="x.json"):
        LineStats.load(path)
    with pytest.raises(ValueError, match="missing.json"):
        LineStats.load(tmp_path / "missing.json")


@pytest.mark.parametrize("footer", [
    "All rights reserved by Example &amp; Media",          # an entity the encoding step decodes
    "All rights reserved by Example MÃ©dia Group",         # mojibake it repairs
    "All rights reserved by\u00a0Example  Media Group",    # spaces it collapses
    "All rights reserved by Example\x0cMedia Group",       # a form feed: one line to Document.from_text
])
def test_template_lines_are_counted_as_the_cleaner_sees_them(footer: str) -> None:
    para = "The council voted on Tuesday to approve the new city budget after a long debate about schools and roads"
    pages = [f"Story {n} headline\n\n{para} {n}.\n{footer}" for n in range(20)]
    doc = cleantext.clean(pages[0], stats=LineStats.from_texts(pages))
    assert (4, footer, "repeat:corpus") in doc.dropped()
