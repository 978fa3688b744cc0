"""Reader-comment threads under an article: "Alex on May 3, 2019 at 6:34 am said:" and what follows.

A comment reads like running text, so neither the lexicon nor the content
model can tell it from the article line by line. The thread's structure
can: comments are headed by short "<name> ... said:" lines, come after the
article, and run to the end of the page (what follows them is footer, which
the other steps remove anyway). The vocabulary is package data
(``data/comments.txt``), one section of header verbs, one of thread markers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from ..datafiles import read_sections
from ..document import Document
from ..pipeline import LineFilter, memo_table
from ..shape import has_date, is_body_like, word_count

#: A comment header is short: a name, maybe a date and time, and the verb.
MAX_HEADER_WORDS: Final = 14

#: One header counts as a thread only with a marker this close above it.
MARKER_REACH: Final = 6

#: Marker lines directly above the first header that belong to the thread.
MAX_INTRO_LINES: Final = 3
MAX_INTRO_WORDS: Final = 60

#: Running text above the thread, in words, for it to be comments under an
#: article; on a forum page the comments are the content and stay.
MIN_ARTICLE_WORDS: Final = 80


@lru_cache(maxsize=1)
def vocabulary() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(header pattern, marker pattern), built once from the data file."""
    sections = {k: [re.escape(e).replace(r"\ ", " ") for e in v] for k, v in read_sections("comments.txt").items()}
    verbs = "|".join(sorted(sections["verbs"], key=len, reverse=True))
    markers = "|".join(sorted(sections["markers"], key=len, reverse=True))
    header = re.compile(rf"\S.{{0,200}}? (?:{verbs}) ?:?")
    marker = re.compile(rf"(?<!\w)(?:{markers})(?!\w)")
    return header, marker


def is_comment_header(text: str) -> bool:
    """A short line ending in a comment verb and a colon, or in the verb after a date.

    >>> is_comment_header("Alex on September 17, 2018 at 6:34 am said:"), is_comment_header("Anonymous wrote :")
    (True, True)
    >>> is_comment_header("The minister said the talks would resume next week."), is_comment_header("What the report said")
    (False, False)
    """
    # The colon is what tells "Ann wrote:" from a heading "What the report said";
    # a header without one carries the comment's date instead.
    if word_count(text) > MAX_HEADER_WORDS or not (text.endswith(":") or text[-1:].isalpha() and has_date(text)):
        return False
    return vocabulary()[0].fullmatch(text.casefold()) is not None


def mentions_comments(text: str) -> bool:
    return vocabulary()[1].search(text.casefold()) is not None


class DropComments(LineFilter):
    """Drops a reader-comment thread below the article: ``comments:header`` and ``comments:thread``.

    >>> article = ("The council met on Tuesday and approved the budget after a long debate. " * 8).strip()
    >>> page = article + "\\n3 comments\\nAnn wrote:\\nGreat news for the town.\\nBob wrote:\\nAbout time."
    >>> [r for _, _, r in DropComments()(page).dropped()]
    ['comments:thread', 'comments:header', 'comments:thread', 'comments:header', 'comments:thread']
    """

    name = "comments"
    category = "comments"

    def decide(self, doc: Document) -> dict[int, str]:
        lines = doc.lines
        shown = [i for i, line in enumerate(lines) if line.text and (line.reason is None or line.reason.startswith("chrome:"))]
        kept = [k for k, i in enumerate(shown) if lines[i].reason is None]
        header = memo_table(self, is_comment_header)
        headers = [k for k in kept if header[lines[shown[k]].text]]
        if not headers:
            return {}
        first = headers[0]
        if len(headers) < 2 and not any(
            mentions_comments(lines[shown[k]].text) for k in range(max(0, first - MARKER_REACH), first)
        ):
            return {}
        start = first
        while (
            start > 0 and first - start < MAX_INTRO_LINES
            and word_count(lines[shown[start - 1]].text) <= MAX_INTRO_WORDS
            and mentions_comments(lines[shown[start - 1]].text)
        ):
            start -= 1
        article = sum(
            word_count(lines[shown[k]].text) for k in kept if k < start and is_body_like(lines[shown[k]].text)
        )
        if article < MIN_ARTICLE_WORDS:
            return {}
        heads = set(headers)
        return {
            shown[k]: "header" if k in heads else "thread"
            for k in kept
            if k >= start
        }
