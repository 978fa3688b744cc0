"""Headline handling: find the title, keep it once, drop its repeats and breadcrumbs."""

from __future__ import annotations

import re
from typing import Final

from ..document import Document
from ..lexicon import phrase_key
from ..pipeline import Extractor
from ..shape import is_body_like, is_headline_shaped

#: Separators between a headline and the site name in a page ``<title>``
#: ("Headline | Site", "Headline - Site") and between breadcrumb items.
_SEPARATORS: Final = re.compile(r"\s+[|\-–—:·•»/]+\s+|\s*::\s*")

#: Only the top of the page is searched for the headline: a repeated short
#: line deep in the page is a section label, not the title.
HEAD_SHARE: Final = 0.6


def _segments(text: str) -> list[str]:
    """Keys of the parts of a line split at title separators."""
    return [k for k in (phrase_key(p) for p in _SEPARATORS.split(text)) if k]


class ExtractTitle(Extractor):
    """Moves the headline to ``doc.title``; drops its repeats (``headline:*``).

    The title is the headline-shaped line that the page repeats (the
    ``<title>`` and the ``<h1>`` say it twice, often with the site name
    glued on); failing that, the first kept line when it is headline-shaped
    and running text follows it.

    >>> doc = ExtractTitle()("Home World Big News Today\\nBig News Today\\nBig News Today\\nIt happened on a quiet Monday in the town.")
    >>> doc.title, [r for _, _, r in doc.dropped()]
    ('Big News Today', ['headline:breadcrumb', 'headline:title', 'headline:repeat'])
    """

    name = "headline"

    def apply(self, doc: Document) -> Document:
        kept = [(i, line.text) for i, line in enumerate(doc.lines) if line.reason is None and line.text]
        if not kept:
            return doc
        body_at = next((k for k, (_, t) in enumerate(kept) if is_body_like(t)), None)
        if body_at is None:
            return doc
        keys = [phrase_key(t) for _, t in kept]
        choice = self._repeated(kept, keys, body_at)
        if choice is None:
            if body_at > 0 and is_headline_shaped(kept[0][1]):
                choice = 0
            else:
                return doc
        title = kept[choice][1]
        tkey = keys[choice]
        lines = list(doc.lines)
        for k, (i, text) in enumerate(kept):
            key = keys[k]
            if k == choice:
                why = "headline:title"
            elif key == tkey:
                why = "headline:repeat"
            elif len(key) > len(tkey) and len(text) <= len(title) * 3 + 60:
                if key.endswith(tkey):
                    why = "headline:breadcrumb"
                elif tkey in _segments(text):
                    why = "headline:page_title"
                else:
                    continue
            else:
                continue
            lines[i] = lines[i]._replace(reason=why)
        return doc.replace(lines=tuple(lines), title=title)

    @staticmethod
    def _repeated(kept: list[tuple[int, str]], keys: list[str], body_at: int) -> int | None:
        """Index (into ``kept``) of the first headline-shaped line the head repeats."""
        limit = max(body_at + 1, int(len(kept) * HEAD_SHARE))
        seen_segments: dict[str, int] = {}
        for k in range(min(limit, len(kept))):
            for seg in _segments(kept[k][1]):
                seen_segments.setdefault(seg, k)
        counts: dict[str, int] = {}
        for key in keys[:limit]:
            counts[key] = counts.get(key, 0) + 1
        for k in range(min(limit, len(kept))):
            text, key = kept[k][1], keys[k]
            if not is_headline_shaped(text):
                continue
            if counts.get(key, 0) > 1:
                return k
            first_seg = seen_segments.get(key)
            if first_seg is not None and first_seg != k:
                return k
        return None
