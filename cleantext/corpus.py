"""Corpus knowledge: lines that recur across many pages of a corpus are template.

Some chrome is only visible across pages: "All News" or a site's footer
appears on every page of a site and nowhere in an article. Following CCNet,
a first pass counts in how many documents each normalised line occurs; the
cleaning pass then drops lines seen in too many documents. The counts are a
plain JSON file, so they can be saved, reviewed and reused across runs.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from .batchio import write_atomic
from .document import split_lines
from .lexicon import phrase_key, phrase_key_once
from .pipeline import LineFilter
from .steps.encoding import FixEncoding
from .steps.whitespace import NormalizeWhitespace

#: A line must recur in at least this many documents to count as template:
#: two articles can share a quotation, a dozen pages do not share a sentence.
MIN_DOCUMENTS: Final = 10

#: ...and in at least this share of the corpus, so that a large corpus does
#: not condemn a common short sentence ("Thank you.") that many pages use.
MIN_SHARE: Final = 0.01

#: Lines shorter than this (in key characters) carry too little to hash
#: safely; the lexicon and the content model judge them instead.
MIN_KEY_CHARS: Final = 8

FORMAT: Final = "cleantext-line-stats/1"


def _key_hash(key: str) -> str:
    """A short stable digest of a line's normalised key (:func:`~cleantext.lexicon.phrase_key`)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


_FIX_ENCODING: Final = FixEncoding().fix
_FIX_WHITESPACE: Final = NormalizeWhitespace().fix


def _as_cleaned(line: str) -> str:
    """``line`` after the fixers that run before :class:`DropRepeatedLines` (their default settings)."""
    return _FIX_WHITESPACE(_FIX_ENCODING(line))


@dataclass
class LineStats:
    """In how many documents each normalised line occurs, over one corpus."""

    documents: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, text: str) -> None:
        """Count one document's distinct lines, each as the cleaning pass will see it.

        Lines split as documents split them (:func:`~cleantext.document.split_lines`;
        ``str.splitlines`` would also cut at form feeds and U+2028) and go through the encoding and white-space fixers
        first: :class:`DropRepeatedLines` reads fixed lines, and a footer with
        ``&amp;`` or mojibake in it, counted raw, would never match itself.
        """
        self.documents += 1
        # Each distinct line keyed once, without the per-page memo: the
        # first pass reads every line of the corpus exactly once.
        lines = set(split_lines(text))
        keys = {phrase_key_once(_as_cleaned(s)) for s in lines if s.strip()}
        self.counts.update({_key_hash(k) for k in keys if len(k) >= MIN_KEY_CHARS})

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> LineStats:
        stats = cls()
        for text in texts:
            stats.add(text)
        return stats

    def merge(self, other: LineStats) -> LineStats:
        """Counts of two corpus shards together, as a new object (for parallel first passes)."""
        return LineStats(self.documents + other.documents, self.counts + other.counts)

    def absorb(self, other: LineStats) -> None:
        """Add a shard's counts to these in place: merging many shards without copying the total each time."""
        self.documents += other.documents
        self.counts.update(other.counts)

    def is_template(self, text: str, min_documents: int = MIN_DOCUMENTS, min_share: float = MIN_SHARE) -> bool:
        key = phrase_key(text)
        if len(key) < MIN_KEY_CHARS:
            return False
        seen = self.counts.get(_key_hash(key), 0)
        return seen >= min_documents and seen >= min_share * self.documents

    def save(self, path: str | Path) -> None:
        """Write only lines seen more than once: singletons cannot be template."""
        data = {"format": FORMAT, "documents": self.documents,
                "counts": {h: n for h, n in self.counts.most_common() if n > 1}}
        # Atomically: a run stopped while saving (a full disk) must not leave a
        # broken file that every later run with --stats then refuses.
        write_atomic(Path(path), json.dumps(data) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> LineStats:
        """Read a stats file; a wrong file raises ``ValueError`` naming it."""
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: cannot read line statistics: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a cleantext line-statistics file (format {FORMAT!r})")
        try:
            return cls(int(data["documents"]), Counter({str(k): int(v) for k, v in data["counts"].items()}))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{path}: a damaged line-statistics file ({type(exc).__name__}: {exc}); "
                             "delete it to count again") from None


class DropRepeatedLines(LineFilter):
    """Drops lines the corpus repeats across many documents: ``repeat:corpus``.

    >>> pages = [f"Story {n} says something new today.\\nAll rights reserved by Example Media" for n in range(20)]
    >>> step = DropRepeatedLines(LineStats.from_texts(pages))
    >>> step(pages[0]).dropped()
    [(2, 'All rights reserved by Example Media', 'repeat:corpus')]
    """

    name = "repeat"
    category = "repeat"

    def __init__(self, stats: LineStats, min_documents: int = MIN_DOCUMENTS, min_share: float = MIN_SHARE) -> None:
        self.stats = stats
        self.min_documents = min_documents
        self.min_share = min_share

    def text_reason(self, text: str) -> str | None:
        if self.stats.is_template(text, self.min_documents, self.min_share):
            return "corpus"
        return None
