"""Cheap facts about the shape of a line, shared by the structural steps.

Kept in one place so that "looks like a sentence" means the same thing to the
zone rule, the headline finder and the byline splitter.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Final

#: A paragraph of running text has at least this many words. Menus, labels
#: and buttons stay under it; the shortest news sentences reach it.
BODY_MIN_WORDS: Final = 8

#: Labels and buttons are short: "Select Country" is 2 words, "Get the app"
#: 3; body lines rarely go under 5.
MAX_UI_WORDS: Final = 4

#: A headline is a phrase, not a paragraph.
MIN_TITLE_WORDS: Final = 3
MAX_TITLE_WORDS: Final = 30
MAX_TITLE_CHARS: Final = 250
MAX_SHORT_SENTENCE_TITLE: Final = 12

#: Dates and times as pages print them: 12.03.2021, 2021-03-12, Mar 12, 12. März, 10:45.
_DATE: Final = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
    r"\b\d{1,2}\.? (?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)[a-zä]*\b|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)

_ANY_DIGIT: Final = re.compile(r"\d")

#: Characters that end a sentence, closing quotes and brackets included.
_SENTENCE_END: Final = frozenset('.!?…"”’»)。！？')


def word_count(text: str) -> int:
    """Words as runs separated by single spaces (text is normalised first)."""
    return text.count(" ") + 1 if text else 0


def ends_sentence(text: str) -> bool:
    """True when the line ends like running text does."""
    return bool(text) and text[-1] in _SENTENCE_END


_CJK_CHAR: Final = re.compile("[\u3040-\u9fff\uac00-\ud7af]")

#: The lowest character :data:`_CJK_CHAR` takes.
_CJK_FIRST: Final = "\u3040"


def is_cjk_heavy(text: str) -> bool:
    """True when most characters are CJK, where words are not space-separated."""
    if text.isascii():
        return False
    head = text[:200]
    if max(head) < _CJK_FIRST:
        return False  # Latin, Cyrillic, Arabic ...: one pass in C, no match list built
    return len(_CJK_CHAR.findall(head)) * 2 > len(head)


def is_body_like(text: str) -> bool:
    """A line of running text: enough words and a sentence ending.

    >>> is_body_like("Russia has become the first country to recognise them.")
    True
    >>> is_body_like("Similar News")
    False
    """
    if not ends_sentence(text):
        return False  # both rules need it, and it is the cheapest test
    if is_cjk_heavy(text):
        return len(text) >= BODY_MIN_WORDS * 3
    return word_count(text) >= BODY_MIN_WORDS


def is_headline_shaped(text: str) -> bool:
    """A phrase a headline could be: a few words, no full stop, starts with a capital or digit.

    >>> is_headline_shaped("Russia Becomes First Nation to Officially Recognise Taliban Government")
    True
    >>> is_headline_shaped("The shift is largely driven by joint concern over threats.")
    False
    """
    if len(text) > MAX_TITLE_CHARS or not text:
        return False
    if text[-1] in ".,;:":
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘«¿¡"):
        if not is_cjk_heavy(text):
            return False
    if is_cjk_heavy(text):
        return 4 <= len(text) <= 80
    return MIN_TITLE_WORDS <= word_count(text) <= MAX_TITLE_WORDS


def has_date(text: str) -> bool:
    """True when the line mentions a date or a clock time.

    >>> has_date("22.04.2020 / 06:15"), has_date("Nov. 20, 2019"), has_date("Lebron James")
    (True, True, False)
    """
    # Every date form has a digit; most lines have none, and finding that
    # out is far cheaper than trying each alternative of the pattern.
    return _ANY_DIGIT.search(text) is not None and _DATE.search(text) is not None


#: A line that is one web address: its slug shares a headline's words, but it names a page, not a story.
_ADDRESS: Final = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)\S+")


def is_title_shaped(text: str) -> bool:
    """Looser than :func:`is_headline_shaped`: a page ``<title>`` may be one word or start lower-case.

    >>> is_title_shaped("Man stabbed on Bay train"), is_title_shaped("https://example.com/man-stabbed-on-bay-train")
    (True, False)
    """
    if not text or len(text) > MAX_TITLE_CHARS or text[-1] in ",;:" or not text[0].isalnum() and text[0] not in "\"'“‘«¿¡•":
        return False
    if _ADDRESS.fullmatch(text):
        return False
    words = word_count(text)
    # "Nebelsuppe." and "Blockhaus Typ 3 in Ludorf." are titles; a long line
    # ending in a full stop is the first sentence of the text.
    return words <= (MAX_SHORT_SENTENCE_TITLE if text[-1] == "." else MAX_TITLE_WORDS)


def strip_dates(text: str) -> str:
    """The line with its dates and times cut out, trimmed of what separated them."""
    return _DATE.sub(" ", text).strip(" |,/·•-–—:")


_WORD_RUN: Final = re.compile(r"\w+")


def word_set(text: str | None) -> set[str]:
    """The line's distinct words, case-folded: how two wordings of one headline are compared."""
    return set(_WORD_RUN.findall(text.casefold())) if text else set()


def word_overlap(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """Word-set F1 of two lines' words (0 when either has none).

    >>> word_overlap(word_set("Will Smith"), word_set("Will Smith - TV TODAY"))
    0.6666666666666666
    """
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0

