"""Site-chrome removal by phrase lexicon: pickers, icon labels, forms, counters, promos."""

from __future__ import annotations

from typing import Final

from ..document import Document
from ..lexicon import Lexicon, load_lexicon
from ..pipeline import LineFilter, memo_table
from .byline import names_author

#: Category whose phrases ("English", "Germany") are ordinary words on their
#: own and only chrome beside a picker or another chrome line.
CONTEXT_CATEGORY: Final = "picker_option"

#: How far (in non-blank lines) a picker option may sit from other chrome.
PICKER_REACH: Final = 2

#: The lexicon's category of "© ..." lines.
COPYRIGHT_CATEGORY: Final = "cookie_policy"


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

    def _category(self, text: str) -> str | None:
        """The lexicon's category of a line, but for a copyright line naming a person (the byline step's)."""
        cat = self.lexicon.category(text)
        if cat == COPYRIGHT_CATEGORY and names_author(text):
            return None
        return cat

    def decide(self, doc: Document) -> dict[int, str]:
        category = memo_table(self, self._category)  # the line's own verdict, before context
        positions: list[int] = []  # indices of non-blank lines, for neighbour checks
        hits: dict[int, str] = {}
        for i, line in enumerate(doc.lines):
            text = line.text
            if not text:
                continue
            positions.append(i)
            if line.reason is None:
                cat = category[text]
                if cat is not None:
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
