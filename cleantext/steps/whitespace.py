"""White-space normalisation: one ASCII space between words, none at the ends."""

from __future__ import annotations

import re
from typing import Final

from ..pipeline import Fixer

#: Every horizontal space character scraped text carries: tab, NBSP, the
#: U+2000 block, narrow NBSP, medium math space, ideographic space.
_SPACES: Final = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000 ]{2,}|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

#: A space left before a full stop or comma by markup that split the word
#: from its punctuation ("Afghanistan ."). Only ``.`` and ``,``: French
#: typography puts a space before ``; : ! ?`` on purpose. The look-ahead keeps
#: ".NET" and " .5" intact.
_SPACE_BEFORE_PUNCT: Final = re.compile(r"(?<=\w) +([.,])(?=\s|$)")


class NormalizeWhitespace(Fixer):
    """Unicode spaces to one ASCII space, trimmed ends, no stray space before ``.``/``,``.

    >>> NormalizeWhitespace().fix("\\u00a0Afghanistan .  Moscow\\tsaid , then ")
    'Afghanistan. Moscow said, then'
    """

    name = "whitespace"

    def fix(self, text: str) -> str:
        if text.isascii() and "  " not in text and "\t" not in text and " ." not in text and " ," not in text:
            return text.strip(" ")
        text = _SPACES.sub(" ", text).strip(" ")
        return _SPACE_BEFORE_PUNCT.sub(r"\1", text)
