"""Encoding repair with ftfy, tuned for corpus text rather than for display."""

from __future__ import annotations

import re
from typing import Final

import ftfy

from ..pipeline import Fixer

#: ftfy settings for scraped corpus text. Each departure from ftfy's default says why.
FTFY_CONFIG: Final = ftfy.TextFixerConfig(
    # Curly quotes are what the author wrote; straightening them changes the
    # text for no gain and breaks comparison with the source.
    uncurl_quotes=False,
    # Full-width forms are normal in CJK text; folding them to ASCII would
    # rewrite Chinese and Japanese punctuation.
    fix_character_width=False,
    # One line at a time: there are no line breaks left to fix.
    fix_line_breaks=False,
    # Per-line explanations cost time and nobody reads them in a batch run.
    explain=False,
    # Kept from the defaults on purpose: fix_encoding (mojibake), unescape_html
    # ("auto": visible text with a stray ``&amp;`` is unescaped, a line that
    # looks like markup is left alone), remove_control_chars, fix_surrogates,
    # fix_latin_ligatures (PDF-born "ﬁ" becomes "fi", so words tokenise) and
    # NFC normalisation (one spelling per character for dedup and matching).
)

#: Invisible characters ftfy keeps but a corpus does not want: zero-width
#: space, word joiner, byte-order mark and soft hyphen (which splits words
#: for tokenisers). ZWJ/ZWNJ are kept: they carry meaning in Persian, Indic
#: scripts and emoji.
_INVISIBLE: Final = re.compile("[\u200b\u2060\ufeff\u00ad]")

#: Line breaks that entities decode to (``&#10;``, ``&#13;``). A fixer works
#: on one line and must not split it: the Document would show one line as two
#: paragraphs, and cleaning the cleaned text would split it for real. They
#: become a space, which NormalizeWhitespace then folds.
_LINE_BREAK: Final = re.compile("[\r\n]+")

#: ASCII control characters other than tab; an ASCII line without them and
#: without ``&`` cannot need ftfy (no mojibake, no entities, already NFC).
_ASCII_TROUBLE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f&]")


class FixEncoding(Fixer):
    """Repairs mojibake, HTML entities, control and zero-width characters; NFC.

    >>> FixEncoding().fix("The cafÃ© &amp; the bar\\u200b")
    'The café & the bar'
    >>> FixEncoding().fix("one line&#10;not two")
    'one line not two'
    """

    name = "encoding"

    def fix(self, text: str) -> str:
        # Fast path: most scraped lines are plain ASCII and need nothing; ftfy
        # would spend tens of microseconds per line proving that.
        if text.isascii() and not _ASCII_TROUBLE.search(text):
            return text
        fixed = _INVISIBLE.sub("", ftfy.fix_text(text, FTFY_CONFIG))
        return _LINE_BREAK.sub(" ", fixed) if "\n" in fixed or "\r" in fixed else fixed
