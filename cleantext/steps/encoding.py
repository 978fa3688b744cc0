"""Encoding repair with ftfy, tuned for corpus text rather than for display."""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parser
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES

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

#: ASCII control characters other than tab, and what ftfy takes for an HTML
#: entity (its own pattern: a bare ``&`` as in "AT&T" is left alone); an
#: ASCII line without them cannot need ftfy (no mojibake, already NFC).
_ASCII_TROUBLE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|" + HTML_ENTITY_RE.pattern)


def _char_class(codes: Iterable[int]) -> str:
    return "".join(re.escape(chr(c)) for c in sorted(codes))


#: What some ftfy fixer other than mojibake repair acts on: entities (ftfy's
#: own pattern), C1 controls, ESC (terminal escapes), surrogates, ftfy's
#: control characters and Latin ligatures, plus the invisibles removed here.
#: A line with none of them, that ftfy's own badness test passes and that is
#: already NFC, comes out of ``ftfy.fix_text`` unchanged, so it skips it;
#: ``tests/test_fastpaths.py`` holds the screen to ftfy on every devset line.
_FTFY_TOUCHES: Final = re.compile(
    "[\x80-\x9f\x1b\ud800-\udfff\r\n" + _char_class(CONTROL_CHARS) + _char_class(LIGATURES)
    + _INVISIBLE.pattern[1:-1] + "]|" + HTML_ENTITY_RE.pattern
)


#: Every branch of ftfy's badness regex has, at most this many characters
#: into the match, a required character that only mojibake characters fill.
MAX_BADNESS_LEAD: Final = 2


def _mojibake_chars(items: sre_parser.SubPattern) -> set[str]:
    """The non-ASCII characters named anywhere in a parsed regex (literals and class ranges)."""
    out: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL and av > 127:
            out.add(chr(av))
        elif op is sre_constants.IN:
            for o, a in av:
                if o is sre_constants.LITERAL and a > 127:
                    out.add(chr(a))
                elif o is sre_constants.RANGE:
                    out.update(map(chr, range(max(a[0], 128), a[1] + 1)))
        elif op is sre_constants.BRANCH:
            for branch in av[1]:
                out |= _mojibake_chars(branch)
        elif op is sre_constants.SUBPATTERN:
            out |= _mojibake_chars(av[-1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            out |= _mojibake_chars(av[2])
    return out


def _lead(branch: sre_parser.SubPattern, chars: set[str]) -> int | None:
    """How far into a match of ``branch`` its first required ``chars``-only element can sit,
    or ``None`` when the branch has no such element (or a shape this check does not know)."""
    offset = 0
    for op, av in branch:
        if op is sre_constants.LITERAL:
            if chr(av) in chars:
                return offset
            offset += 1
        elif op is sre_constants.IN:
            members: set[str] = set()
            bounded = True
            for o, a in av:
                if o is sre_constants.LITERAL:
                    members.add(chr(a))
                elif o is sre_constants.RANGE:
                    members.update(map(chr, range(a[0], a[1] + 1)))
                else:  # a category or a negation: it can match anything
                    bounded = False
                    break
            if bounded and members <= chars:
                return offset
            offset += 1
        elif op in (sre_constants.ANY, sre_constants.NOT_LITERAL):
            offset += 1
        elif op is sre_constants.AT:
            continue
        elif op is sre_constants.MAX_REPEAT and len(av[2]) == 1 and av[2][0][0] in (
            sre_constants.IN, sre_constants.LITERAL, sre_constants.ANY, sre_constants.NOT_LITERAL
        ):
            offset += av[1]  # an optional character or a bounded run: its longest width
        else:
            return None
    return None


@lru_cache(maxsize=1)
def badness_screen() -> re.Pattern[str]:
    """ftfy's badness regex with a look-ahead that lets most positions fail at once.

    ``ftfy.badness.is_bad`` tries its ~40 branches at every position of a
    line: the costliest part of the encoding step on non-ASCII text. Every
    branch needs one of the ~450 characters mojibake is made of within its
    first :data:`MAX_BADNESS_LEAD` + 1 characters, so a match can only start
    where the look-ahead ``(?=.{0,2}[those characters])`` holds; prefixed
    with it, the regex matches where ftfy's does, about four times faster.
    The claim is checked on the installed ftfy's pattern here, branch by
    branch; if a branch breaks it, ftfy's own regex is used unchanged.
    """
    parsed = sre_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    chars = _mojibake_chars(parsed)
    if len(parsed) != 1 or parsed[0][0] is not sre_constants.BRANCH:
        return BADNESS_RE
    for branch in parsed[0][1][1]:
        lead = _lead(branch, chars)
        if lead is None or lead > MAX_BADNESS_LEAD:
            return BADNESS_RE
    ahead = "(?=(?s:.){0,%d}[%s])" % (MAX_BADNESS_LEAD, "".join(re.escape(c) for c in sorted(chars)))
    return re.compile(ahead + "(?:" + BADNESS_RE.pattern + ")", BADNESS_RE.flags)


def is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``, through :func:`badness_screen`."""
    return badness_screen().search(text) is not None


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
