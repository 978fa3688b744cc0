"""Site-chrome removal by phrase lexicon: pickers, icon labels, forms, counters, promos."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from ..datafiles import read_sections
from ..document import Document
from ..lexicon import Lexicon, load_lexicon
from ..pipeline import LineFilter, memo_table
from .byline import looks_like_person

#: Category whose phrases ("English", "Germany") are ordinary words on their
#: own and only chrome beside a picker or another chrome line.
CONTEXT_CATEGORY: Final = "picker_option"

#: How far (in non-blank lines) a picker option may sit from other chrome.
PICKER_REACH: Final = 2

#: The lexicon's category of "© ..." lines.
COPYRIGHT_CATEGORY: Final = "cookie_policy"

#: "© 2009-2012 Jonathan Krase": the sign, years, then the holder. The holder
#: starts at its first letter, which the years part cannot take, so a failed
#: match is not retried at every split of a run of digits and spaces.
_COPYRIGHT: Final = re.compile(r"(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)))?[\s\d,.–-]*(?P<holder>[^\W\d_][^\d©]*)", re.IGNORECASE)


@lru_cache(maxsize=1)
def holder_words() -> frozenset[str]:
    """Words that make a copyright holder an agency or a company (``data/copyright.txt``)."""
    return frozenset(read_sections("copyright.txt")["holder_words"])


def names_author(text: str) -> bool:
    """A copyright line whose holder is a person: the page's author, for the byline step.

    A blog's footer "© 2019 Sven Schreivogel" is the only place some pages
    name their author; dropped as chrome, the byline step never sees it.
    Agencies and picture credits stay chrome.

    >>> names_author("© 2019 Sven Schreivogel"), names_author("© Kathrin Führes")
    (True, True)
    >>> names_author("© Getty Images"), names_author("© 2024 All rights reserved"), names_author("Privacy Policy")
    (False, False, False)
    """
    match = _COPYRIGHT.fullmatch(text.strip())
    if match is None:
        return False
    holder = match.group("holder").rstrip(" .")
    return looks_like_person(holder) and not holder_words() & set(holder.casefold().split())


class DropChrome(LineFilter):
    """Drops whole lines that are a known chrome phrase, reason ``chrome:<category>``.

    >>> doc = DropChrome()("Select Language\\nEnglish\\nDown Icon\\nThe minister spoke on Thursday.")
    >>> [reason for _, _, reason in doc.dropped()]
    ['chrome:language_picker', 'chrome:picker_option', 'chrome:ui_label']
    """

    name = "chrome"
    category = "chrome"

    def __init__(self, lexicon: Lexicon | None = None, languages: tuple[str, ...] | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else load_lexicon(languages)

    def decide(self, doc: Document) -> dict[int, str]:
        category = memo_table(self, self.lexicon.category)  # the line's own verdict, before context
        positions: list[int] = []  # indices of non-blank lines, for neighbour checks
        hits: dict[int, str] = {}
        for i, line in enumerate(doc.lines):
            text = line.text
            if not text:
                continue
            positions.append(i)
            if line.reason is None:
                cat = category[text]
                if cat is not None and not (cat == COPYRIGHT_CATEGORY and names_author(text)):
                    hits[i] = cat
            elif line.reason.startswith("chrome:"):
                hits[i] = line.reason[7:]
        verdicts: dict[int, str] = {}
        for k, i in enumerate(positions):
            cat = hits.get(i)
            if cat is None or doc.lines[i].reason is not None:
                continue
            if cat == CONTEXT_CATEGORY and not self._near_chrome(positions, k, hits):
                continue
            verdicts[i] = cat
        return verdicts

    @staticmethod
    def _near_chrome(positions: list[int], k: int, hits: dict[int, str]) -> bool:
        lo, hi = max(0, k - PICKER_REACH), min(len(positions), k + PICKER_REACH + 1)
        return any(
            hits.get(positions[j]) not in (None, CONTEXT_CATEGORY) for j in range(lo, hi) if j != k
        )
