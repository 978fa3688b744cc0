"""Encoding repair with ftfy, tuned for corpus text rather than for display."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES

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


def _char_class(codes: Iterable[int]) -> str:
    return "".join(re.escape(chr(c)) for c in sorted(codes))


#: Characters that some ftfy fixer other than mojibake repair acts on: ``&``
#: (entities), C1 controls, ESC (terminal escapes), surrogates, ftfy's
#: control characters and Latin ligatures, plus the invisibles removed here.
#: A line with none of them, that ftfy's own badness test passes and that is
#: already NFC, comes out of ``ftfy.fix_text`` unchanged, so it skips it;
#: ``tests/test_fastpaths.py`` holds the screen to ftfy on every devset line.
_FTFY_TOUCHES: Final = re.compile(
    "[&\x80-\x9f\x1b\ud800-\udfff\r\n" + _char_class(CONTROL_CHARS) + _char_class(LIGATURES)
    + _INVISIBLE.pattern[1:-1] + "]"
)


def needs_ftfy(text: str) -> bool:
    """False only for a line that ``ftfy.fix_text`` (our config) would return unchanged."""
    if text.isascii():
        return _ASCII_TROUBLE.search(text) is not None
    return (
        _FTFY_TOUCHES.search(text) is not None
        or is_bad(text)
        or not unicodedata.is_normalized("NFC", text)
    )


class FixEncoding(Fixer):
    """Repairs mojibake, HTML entities, control and zero-width characters; NFC.

    >>> FixEncoding().fix("The cafÃ© &amp; the bar\\u200b")
    'The café & the bar'
    >>> FixEncoding().fix("one line&#10;not two")
    'one line not two'
    """

    name = "encoding"

    def fix(self, text: str) -> str:
        # Fast path: most scraped lines need nothing, and ftfy would spend
        # tens of microseconds per line proving that.
        if not needs_ftfy(text):
            return text
        fixed = _INVISIBLE.sub("", ftfy.fix_text(text, FTFY_CONFIG))
        return _LINE_BREAK.sub(" ", fixed) if "\n" in fixed or "\r" in fixed else fixed
