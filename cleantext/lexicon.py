"""The chrome phrase lexicon: package data files, one per language, with categories.

Each ``data/chrome/<lang>.txt`` holds sections ``[category]`` of phrases. A
phrase matches a line that says exactly that phrase (case, spacing and
punctuation ignored, glued repeats like ``Animated ArrowAnimated Arrow``
folded), or a short line made of two or more phrases side by side
(``Leave a Reply Cancel reply``, ``Impressum | Datenschutz``). A phrase
ending in `` *`` is a prefix: it matches a short line that starts with it,
punctuation included (``filed under: *``), where a word ends ("comment *"
would not match "commentators"; a form's "Comment *" label is the exact
phrase "comment", as keys ignore the star). A phrase ending in
`` **`` matches a line of any length that starts with it: cookie banners
("This website uses cookies to improve ...") run to a hundred words. Adding a
language is adding a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Final, NamedTuple

from .memo import memo_table

#: Characters that do not make a phrase: everything but letters and digits.
_NON_WORD: Final = re.compile(r"[\W_]+")

#: A prefix phrase only matches lines this short; a longer line that starts
#: "Share ..." or "Follow ..." is a sentence, not a button.
MAX_PREFIX_LINE_WORDS: Final = 12

#: Longest line (in characters) worth a lexicon look-up. Chrome phrases are
#: short; glued repeats of them rarely pass a few hundred characters, and
#: skipping long lines keeps look-ups off the article's paragraphs.
MAX_CHROME_CHARS: Final = 400

#: Long prefixes are short phrases; only the start of a line is compared.
MAX_LONG_PREFIX: Final = 80

#: Longest line (in words) read as phrases side by side: a row of buttons or
#: links ("Facebook Twitter WhatsApp E-Mail"), never a sentence.
MAX_ROW_WORDS: Final = 8

#: Categories that do not make a row of chrome alone: picker options
#: ("English", "Germany") are ordinary words except beside a picker.
_CONTEXT_ONLY: Final = frozenset({"picker_option"})


#: ASCII bytes that are not letters or digits: for ASCII text, deleting them
#: from the bytes is the same as the regex, and many times faster.
_ASCII_NON_WORD: Final = bytes(b for b in range(128) if not chr(b).isalnum())


def phrase_key(text: str) -> str:
    """Letters and digits only, case-folded: the form phrases are compared in.

    >>> phrase_key("LEAVE A REPLY!")
    'leaveareply'

    The chrome, headline and byline steps key the same lines, pass after
    pass, so keys are remembered for the page (:func:`~cleantext.memo.memo_table`).
    """
    return memo_table(phrase_key, phrase_key_once)[text]


def phrase_keys() -> Mapping[str, str]:
    """:func:`phrase_key` as the page's table, ``phrase_keys()[text]``: for a loop over a page's lines,
    which then skips finding the page's memo once per line."""
    return memo_table(phrase_key, phrase_key_once)


def phrase_key_once(text: str) -> str:
    """:func:`phrase_key` without the page memo, for a pass that reads each line once (corpus counts)."""
    if text.isascii():
        return text.lower().encode("ascii").translate(None, _ASCII_NON_WORD).decode("ascii")
    return _NON_WORD.sub("", text.casefold())


class _Prefixes(NamedTuple):
    """The prefix phrases that start with one character, longest first, and their categories."""

    phrases: tuple[str, ...]
    categories: tuple[str, ...]


def _by_first_char(tables: dict[int, dict[str, str]]) -> dict[str, _Prefixes]:
    """Prefix phrases grouped by their first character, longest first.

    A line is then compared only with the few phrases that start like it,
    not looked up once per distinct phrase length.
    """
    grouped: dict[str, list[tuple[str, str]]] = {}
    for length in sorted(tables, reverse=True):
        for phrase, category in tables[length].items():
            grouped.setdefault(phrase[:1], []).append((phrase, category))
    return {
        first: _Prefixes(tuple(p for p, _ in entries), tuple(c for _, c in entries)) for first, entries in grouped.items()
    }


def _longest_prefix(text: str, index: dict[str, _Prefixes]) -> str | None:
    """The category of the longest phrase of ``index`` that the case-folded ``text`` starts with.

    Most lines start with a character no phrase starts with; that is found
    from the first character alone (case folding maps each character on its
    own), before the line is case-folded. Most of the rest start with none
    of the phrases, which one ``startswith`` of them all finds in C.
    """
    group = index.get(text[:1].casefold()[:1])
    if group is None:
        return None
    low = text.casefold()
    if not low.startswith(group.phrases):
        return None
    for phrase, category in zip(group.phrases, group.categories):
        # A phrase ends at a word's end: "follow us" opens "Follow us on X",
        # not "Follow usability tips"; one ending in ":" or "?" ends anyway.
        if low.startswith(phrase) and (not low[len(phrase):len(phrase) + 1].isalnum() or not phrase[-1:].isalnum()):
            return category
    return None


def fold_repeats(key: str) -> str:
    """Reduce a key made of one unit repeated to that unit.

    >>> fold_repeats("animatedarrowanimatedarrowanimatedarrow")
    'animatedarrow'
    >>> fold_repeats("abcab")
    'abcab'
    """
    if len(key) < 2:
        return key
    # The smallest period of s is the first index where s reappears in s+s;
    # str.find is linear-time here, so adversarial lines cannot blow up.
    period = (key + key).find(key, 1)
    if period < len(key) and len(key) % period == 0:
        return key[:period]
    return key


@dataclass(frozen=True)
class Lexicon:
    """Exact phrases and prefixes mapped to their category."""

    exact: dict[str, str]
    prefixes: dict[int, dict[str, str]]
    """Prefix phrases (case-folded, spacing collapsed) grouped by length."""
    long_prefixes: dict[int, dict[str, str]]
    """Prefixes that match lines of any length."""
    languages: tuple[str, ...]
    row_starts: frozenset[str] = frozenset()
    """Keys of the first words of the exact phrases: a row of phrases opens with one."""
    _prefix_index: dict[str, _Prefixes] = field(init=False, repr=False, compare=False)
    _long_index: dict[str, _Prefixes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_prefix_index", _by_first_char(self.prefixes))
        object.__setattr__(self, "_long_index", _by_first_char(self.long_prefixes))

    def category(self, text: str) -> str | None:
        """The chrome category of a whole line, or ``None`` if it is not chrome.

        >>> lex = load_lexicon(("en",))
        >>> lex.category("Down IconDown Icon"), lex.category("Filed under: Politics")
        ('ui_label', 'tag_label')
        >>> lex.category("Share prices fell sharply on Monday.") is None
        True
        """
        if self._long_index:
            hit = _longest_prefix(text[:MAX_LONG_PREFIX], self._long_index)
            if hit is not None:
                return hit
        if len(text) > MAX_CHROME_CHARS:
            return None
        key = phrase_key(text)
        if not key:
            return None
        hit = self.exact.get(key)
        if hit is None:
            folded = fold_repeats(key)
            if folded is not key:
                hit = self.exact.get(folded)
        if hit is not None:
            return hit
        spaces = text.count(" ")
        if spaces < MAX_PREFIX_LINE_WORDS:
            hit = _longest_prefix(text, self._prefix_index)
            if hit is not None:
                return hit
        # A line with more spaces than a row has words never splits into one.
        return self._row(text) if spaces < MAX_ROW_WORDS else None

    def _row(self, text: str) -> str | None:
        """The category of a short line made of two or more exact phrases side by side.

        Site chrome is often a row of labels the scraper glued into one line
        ("Leave a Reply Cancel reply", "Impressum | Datenschutz"). Words are
        grouped into phrases at word boundaries only, so "bookmarks" is never
        "book" + "marks"; a line that ends a sentence is never a row. The
        row's category is its first phrase's that is not a picker option.

        >>> load_lexicon(("en",)).category("Leave a Reply Cancel reply")
        'comment_form'
        >>> load_lexicon(("en",)).category("English Deutsch") is None
        True
        """
        words = text.split()
        if not 1 < len(words) <= MAX_ROW_WORDS or text[-1:] in ".!?":
            return None
        first = phrase_key_once(words[0])
        if first and first not in self.row_starts:
            return None  # most lines: their first word opens no phrase
        keys = [k for k in map(phrase_key_once, words) if k]
        if len(keys) < 2:
            return None
        # rows[j]: the categories of one way to read the first j words as phrases.
        rows: dict[int, tuple[str, ...]] = {0: ()}
        for i in range(len(keys)):
            row = rows.get(i)
            if row is None:
                continue
            key = ""
            for j in range(i, len(keys)):
                key += keys[j]
                category = self.exact.get(key)
                if category is not None and j + 1 not in rows:
                    rows[j + 1] = (*row, category)
        found = rows.get(len(keys), ())
        if len(found) < 2:
            return None
        return next((c for c in found if c not in _CONTEXT_ONLY), None)

    def __contains__(self, text: str) -> bool:
        return self.category(text) is not None


def parse_lexicon(lines: Iterable[str], source: str = "<lexicon>") -> list[tuple[str, str, int]]:
    """Parse one data file into ``(category, phrase, kind)`` entries; kind 0 exact, 1 prefix, 2 long prefix.

    Raises ``ValueError`` naming the file and line for a phrase outside a section.
    """
    entries: list[tuple[str, str, int]] = []
    category: str | None = None
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1].strip()
            continue
        if category is None:
            raise ValueError(f"{source}:{n}: phrase {line!r} before any [category] header")
        if line.endswith(" **"):
            entries.append((category, " ".join(line[:-3].casefold().split()), 2))
        elif line.endswith(" *"):
            entries.append((category, " ".join(line[:-2].casefold().split()), 1))
        else:
            entries.append((category, line, 0))
    return entries


def available_languages() -> tuple[str, ...]:
    """Languages that ship a chrome file."""
    folder = resources.files("cleantext") / "data" / "chrome"
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt")))


@lru_cache(maxsize=16)
def load_lexicon(languages: tuple[str, ...] | None = None) -> Lexicon:
    """Load and merge the chrome files of ``languages`` (all shipped ones by default).

    Cached: the lexicon is built once per process and per language set.
    """
    langs = available_languages() if languages is None else languages
    folder = resources.files("cleantext") / "data" / "chrome"
    exact: dict[str, str] = {}
    row_starts: set[str] = set()
    prefixes: dict[int, dict[str, str]] = {}
    long_prefixes: dict[int, dict[str, str]] = {}
    for lang in langs:
        path = folder / f"{lang}.txt"
        if not path.is_file():
            raise ValueError(f"no chrome lexicon for language {lang!r}; available: {', '.join(available_languages())}")
        for category, phrase, kind in parse_lexicon(path.read_text("utf-8").splitlines(), f"{lang}.txt"):
            if kind == 2:
                long_prefixes.setdefault(len(phrase), {})[phrase] = category
            elif kind == 1:
                prefixes.setdefault(len(phrase), {})[phrase] = category
            else:
                key = phrase_key(phrase)
                if key:
                    exact.setdefault(key, category)
                    row_starts.add(phrase_key(phrase.split()[0]))
    ordered = dict(sorted(prefixes.items(), reverse=True))  # longest prefix wins
    long_ordered = dict(sorted(long_prefixes.items(), reverse=True))
    return Lexicon(exact=exact, prefixes=ordered, long_prefixes=long_ordered, languages=tuple(langs),
                   row_starts=frozenset(row_starts))
