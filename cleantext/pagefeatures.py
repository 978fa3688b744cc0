"""The line features of :mod:`cleantext.linefeatures`, computed for a whole page at once.

:func:`cleantext.linefeatures.page_features` is the readable definition: one
line at a time, a regex per character class. It costs a few microseconds per
line per feature, which made the content model the slowest step of the
pipeline. Here the page is joined once, turned into an array of code points,
and every per-line count becomes one look-up in a table of character classes
followed by one ``np.add.reduceat`` over line offsets; the regex features run
once over the joined page and their matches are mapped back to lines. The
result is the same matrix, number for number; ``tests/test_fastpaths.py``
holds the two implementations to that on the seeds and the devset.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

import numpy as np

from . import linefeatures as lf
from .memo import memo_dict
from .shape import _CJK_CHAR, _DATE, _SENTENCE_END, BODY_MIN_WORDS

#: Joins the lines of a page. Not white space, not a word character, in no
#: pattern's class: no regex match can start in one line and end in the next,
#: and ``\b`` sees it as it sees the end of a string.
JOIN: Final = "\x00"

# Bits of the character-class table, one per class the features count.
LETTER, UPPER, DIGIT, PUNCT, SPACE_CLASS, WORD_TOKEN, CJK_TOKEN, CAPITAL, CJK_CHAR, SPACE, COMMA, BAR, SLASH, KEY = (
    1 << k for k in range(14)
)
_CLASSES: Final = (
    (LETTER, lf._LETTER.pattern),
    (UPPER, lf._UPPER.pattern),
    (DIGIT, lf._DIGIT.pattern),
    (PUNCT, lf._PUNCT.pattern),
    (SPACE_CLASS, r"\s"),
    (WORD_TOKEN, rf"[^\W{lf._CJK}]"),
    (CJK_TOKEN, rf"[{lf._CJK}]"),
    (CAPITAL, lf._CAPITAL),
    (CJK_CHAR, _CJK_CHAR.pattern),
    (SPACE, " "),
    (COMMA, ","),
    (BAR, f"[{lf._BAR}]"),
    (SLASH, "[/>]"),
    (KEY, r"[^\W_]"),
)
_BITS: Final = np.array([bit for bit, _ in _CLASSES], dtype=np.uint16)
_BMP: Final = 0x10000

#: First of the context columns (:data:`cleantext.linefeatures.CONTEXT_NAMES`).
_CONTEXT: Final = len(lf.BASE_NAMES)


def _classes_of(text: str) -> np.ndarray:
    """Class bits of each character of ``text``, by the very regexes the reference uses."""
    out = np.zeros(len(text), dtype=np.uint16)
    for bit, pattern in _CLASSES:
        # Each pattern matches exactly one character, so marking matches with
        # a sentinel keeps positions: the mask is where the sentinel landed.
        marked = re.sub(pattern, "\x01", text.replace("\x01", "\x02"))
        out[_code_points(marked) == 1] |= bit
    return out


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    """Class bits of every BMP code point, built once per process (~30 ms)."""
    return _classes_of("".join(map(chr, range(_BMP))))


@lru_cache(maxsize=4096)
def _astral(cp: int) -> int:
    """Class bits of one code point outside the BMP (emoji, rare CJK): few per page."""
    return int(_classes_of(chr(cp))[0])


def _classify(cps: np.ndarray) -> np.ndarray:
    table = _table()
    cls = table[np.minimum(cps, _BMP - 1)]
    high = np.flatnonzero(cps >= _BMP)
    for k in high.tolist():
        cls[k] = _astral(int(cps[k]))
    return cls


def _per_line(flags: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sum of ``flags`` over each line (``starts`` are the lines' first offsets)."""
    if flags.size == 0:
        return np.zeros(len(starts), dtype=np.int64)
    return np.add.reduceat(flags.astype(np.int64), starts)


def _lines_matching(pattern: re.Pattern[str], page: str, starts: np.ndarray) -> np.ndarray:
    """Which lines hold a match of ``pattern`` (matches never cross a :data:`JOIN`)."""
    hit = np.zeros(len(starts), dtype=bool)
    at = np.fromiter((m.start() for m in pattern.finditer(page)), dtype=np.int64)
    if at.size:
        hit[np.searchsorted(starts, at, side="right") - 1] = True
    return hit


def _phrase_keys(page: str, cps: np.ndarray, cls: np.ndarray) -> list[str]:
    """:func:`cleantext.lexicon.phrase_key` of every line: the case-folded letters and digits."""
    folded = page.casefold()
    if folded == page:
        fcps, fcls = cps, cls
    else:
        fcps = _code_points(folded)
        fcls = _classify(fcps)
    keep = ((fcls & KEY) != 0) | (fcps == 0)
    return fcps[keep].tobytes().decode("utf-32-le", "surrogatepass").split(JOIN)


def _separated(cls: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Lines with a separator: a bar beside white space, or ``/``/``>`` between two spaces."""
    space = (cls & SPACE_CLASS) != 0
    before = np.zeros(len(cls), dtype=bool)
    before[1:] = space[:-1]
    after = np.zeros(len(cls), dtype=bool)
    after[:-1] = space[1:]
    hit = (((cls & BAR) != 0) & (before | after)) | (((cls & SLASH) != 0) & before & after)
    return _per_line(hit, starts) > 0


def _window_mean(values: np.ndarray, reach: int) -> np.ndarray:
    """Mean of each value's neighbours within ``reach``, itself excluded (as the reference)."""
    n = len(values)
    prefix = np.concatenate(([0.0], np.cumsum(values)))
    k = np.arange(n)
    lo, hi = np.maximum(0, k - reach), np.minimum(n, k + reach + 1)
    count = hi - lo - 1
    total = prefix[hi] - prefix[lo] - values
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def _run_lengths(flags: np.ndarray) -> np.ndarray:
    """Length of the run of true flags each position belongs to, 0 where false."""
    n = len(flags)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    f = flags.astype(np.int64)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], f, [0]))))
    begin, end = edges[::2], edges[1::2]
    out = np.zeros(n + 1, dtype=np.int64)
    np.add.at(out, begin, end - begin)
    np.add.at(out, end, -(end - begin))
    return np.cumsum(out)[:n] * f


def _nearest_distance(body: np.ndarray, n: int) -> np.ndarray:
    """Lines to the nearest running-text line (``n`` and beyond when there is none)."""
    k = np.arange(n)
    # With no running text on a side, the reference counts on from n.
    after = n + (n - k)
    before = n + k + 1
    idx = np.flatnonzero(body)
    if idx.size:
        pos = np.searchsorted(idx, k)
        has_after, has_before = pos < idx.size, pos > 0
        after = np.where(has_after, idx[np.minimum(pos, idx.size - 1)] - k, after)
        before = np.where(has_before, k - idx[np.maximum(pos - 1, 0)], before)
    return np.minimum(after, before).astype(np.float64)


def _own_columns(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """The columns that read each line's own text alone, its word count and its phrase key.

    A row of :data:`cleantext.linefeatures.NAMES` with only those columns set
    (the rest are 0). No match crosses a :data:`JOIN`, so a line gets the same
    values whichever lines share the batch: that is what lets
    :func:`page_features` remember them across ``Converge``'s passes. ``None``
    when the lines need the reference implementation.
    """
    n = len(texts)
    cap = lf.MAX_FEATURE_CHARS
    cut = [t if len(t) <= cap else t[:cap] for t in texts]
    length = np.fromiter(map(len, cut), dtype=np.int64, count=n)
    page = JOIN.join(cut)
    if not length.all() or page.count(JOIN) != n - 1:
        return None  # empty lines or lines holding the joiner itself: rare enough for the reference
    full_len = np.fromiter(map(len, texts), dtype=np.float64, count=n)
    starts = np.concatenate(([0], np.cumsum(length + 1)[:-1]))
    cps = _code_points(page)
    cls = _classify(cps)
    cls[starts[1:] - 1] = 0  # the joiners belong to no class
    counts = {bit: _per_line((cls & bit) != 0, starts) for bit in (LETTER, UPPER, DIGIT, PUNCT, SPACE, COMMA)}
    # Capitalised words: a capital at a line's start or after white space.
    after_space = np.empty(len(cls), dtype=bool)
    after_space[0] = True
    after_space[1:] = (cls[:-1] & SPACE_CLASS) != 0
    after_space[starts] = True
    capitals = _per_line(((cls & CAPITAL) != 0) & after_space, starts)

    # Word tokens are read off the lower-cased page, whose length may differ.
    low = page.lower()
    if low == page:
        lcls, lstarts = cls, starts
    else:
        lcls = _classify(_code_points(low))
        if len(low) == len(page):  # lower() never shortens, so no line grew
            lstarts = starts
        else:
            grown = np.fromiter((len(t.lower()) for t in cut), dtype=np.int64, count=n)
            lstarts = np.concatenate(([0], np.cumsum(grown + 1)[:-1]))
        lcls[lstarts[1:] - 1] = 0
    word = (lcls & WORD_TOKEN) != 0
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    words = _per_line(word_start | ((lcls & CJK_TOKEN) != 0), lstarts)
    tokens = lf._WORD.findall(low)
    if len(tokens) != int(words.sum()):  # cannot happen: both read the same classes
        return None
    stop = lf.function_words()
    hits = np.fromiter(map(stop.__contains__, tokens), dtype=np.int64, count=len(tokens))
    ends = np.cumsum(words)
    hit_sum = np.concatenate(([0], np.cumsum(hits)))
    fw_hits = hit_sum[ends] - hit_sum[ends - words]
    fw = np.where(words > 0, fw_hits / np.maximum(words, 1), 0.0)

    # CJK-heavy: most of the first 200 characters are CJK (ASCII lines never are).
    cjk_sum = np.concatenate(([0], np.cumsum((cls & CJK_CHAR) != 0)))
    head = np.minimum(length, 200)
    cjk_heavy = (cjk_sum[starts + head] - cjk_sum[starts]) * 2 > head

    ends_sentence = np.fromiter((t[-1] in _SENTENCE_END for t in cut), dtype=bool, count=n)
    spaced = counts[SPACE] + 1
    body = np.where(cjk_heavy, length >= BODY_MIN_WORDS * 3, spaced >= BODY_MIN_WORDS) & ends_sentence

    # Every date form has a digit: the date pattern reads only lines with one.
    date = np.zeros(n, dtype=bool)
    with_digit = np.flatnonzero(counts[DIGIT])
    if with_digit.size:
        picked = [cut[k] for k in with_digit.tolist()]
        sub_starts = np.concatenate(([0], np.cumsum(np.fromiter(map(len, picked), np.int64, len(picked)) + 1)[:-1]))
        date[with_digit] = _lines_matching(_DATE, JOIN.join(picked), sub_starts)
    first_char = [t[:1] for t in cut]
    bins = np.zeros((n, len(lf.WORD_BINS) + 1))
    bins[np.arange(n), np.searchsorted(np.asarray(lf.WORD_BINS), words)] = 1.0

    lenf = length.astype(np.float64)
    safe_len = np.maximum(lenf, 1.0)
    letters = counts[LETTER]
    rows = np.zeros((n, len(lf.NAMES)))  # the context columns stay 0 here
    rows[:, 0] = np.minimum(np.log1p(full_len) / 7.0, 1.5)
    rows[:, 1] = np.minimum(np.log1p(words) / 5.0, 1.5)
    rows[:, 2] = ends_sentence
    rows[:, 3] = fw
    rows[:, 4] = cjk_heavy
    rows[:, 5] = np.where(length > 0, counts[DIGIT] / safe_len, 0.0)
    rows[:, 6] = np.where(letters > 0, counts[UPPER] / np.maximum(letters, 1), 0.0)
    rows[:, 7] = np.minimum(capitals / spaced, 1.0)
    rows[:, 8] = np.where(length > 0, counts[PUNCT] / safe_len, 0.0)
    rows[:, 9] = np.minimum(counts[COMMA] / np.maximum(words, 1), 1.0)
    rows[:, 10] = _separated(cls, starts)
    rows[:, 11] = _lines_matching(lf._LINKISH, low, lstarts)
    rows[:, 12] = date
    rows[:, 13] = [c in lf._BULLET for c in first_char]
    rows[:, 14] = [("©" in t or "(c)" in t.lower()) for t in cut] if ("©" in page or "(c)" in low) else 0.0
    rows[:, 15] = [t[-1:] == "?" for t in cut]
    rows[:, 16] = [t[-1:] == ":" for t in cut]
    rows[:, 18] = body
    base = 19
    rows[:, base:base + bins.shape[1]] = bins
    rows[:, _CONTEXT + 13] = np.fromiter((t[:1].islower() for t in texts), dtype=bool, count=n)
    rows[:, _CONTEXT + 17] = [t.endswith(("...", "…")) for t in texts]
    return rows, words, _phrase_keys(page, cps, cls)


def page_features(texts: Sequence[str]) -> np.ndarray:
    """Feature matrix (lines × :data:`cleantext.linefeatures.NAMES`) of one page's kept lines.

    The own-text columns of a line come from the page's line memo when an
    earlier pass already computed them (``Converge``'s later passes read mostly
    the same lines); only the unseen lines are computed. The context columns
    read the neighbours and the whole page, which change between passes, so
    they are computed on every call.
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(lf.NAMES)))
    known = memo_dict(page_features)
    unseen = [t for t in dict.fromkeys(texts) if t not in known]
    if unseen:
        own = _own_columns(unseen)
        if own is None:
            return np.asarray(lf.page_features(texts), dtype=np.float64).reshape(n, len(lf.NAMES))
        known.update(zip(unseen, zip(*own)))
    own_rows, own_words, keys = zip(*map(known.__getitem__, texts))
    rows = np.array(own_rows)
    words = np.array(own_words, dtype=np.int64)
    ends_sentence = rows[:, 2] > 0
    fw = rows[:, 3]
    body = rows[:, 18] > 0
    c = _CONTEXT
    lower = rows[:, c + 13] > 0

    # The columns below read the other lines of the page.
    seen: dict[str, int] = {}
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
    rows[:, 17] = [seen[k] > 1 and len(k) > 0 for k in keys]
    body_at = np.flatnonzero(body)
    first = int(body_at[0]) if body_at.size else n
    last = int(body_at[-1]) if body_at.size else -1
    top = int(np.sort(words)[int(0.9 * (n - 1))]) or 1
    dist = _nearest_distance(body, n)
    short = (words <= 4) & ~body
    run = _run_lengths(short)
    hrun = _run_lengths(~body & (words >= 4) & (words <= 20) & (rows[:, 7] >= 0.5))
    k = np.arange(n)
    bodyf = body.astype(np.float64)
    lengths = rows[:, 0].copy()
    continues_next = np.zeros(n, dtype=bool)
    continues_next[:-1] = lower[1:] & ~ends_sentence[:-1]
    continues_prev = np.zeros(n, dtype=bool)
    continues_prev[1:] = lower[1:] & ~ends_sentence[:-1]
    rows[:, c + 0] = k / (n - 1) if n > 1 else 0.0
    rows[:, c + 1] = (k >= first) & (k <= last)
    rows[:, c + 2] = 1.0 / (1.0 + dist)
    rows[:, c + 3] = k < first
    rows[:, c + 4] = k > last
    rows[:, c + 5] = np.minimum(words / top, 1.5)
    rows[:, c + 6] = _window_mean(lengths, lf.NEAR)
    rows[:, c + 7] = _window_mean(lengths, lf.WIDE)
    rows[:, c + 8] = _window_mean(bodyf, lf.NEAR)
    rows[:, c + 9] = _window_mean(bodyf, lf.WIDE)
    rows[:, c + 10] = _window_mean(fw, lf.WIDE)
    rows[:, c + 11] = np.minimum(np.log1p(run) / 4.0, 1.5)
    rows[:, c + 12] = min(math.log1p(n) / 7.0, 1.5)
    rows[:, c + 14] = continues_next
    rows[:, c + 15] = continues_prev
    rows[:, c + 16] = np.minimum(np.log1p(hrun) / 3.0, 1.5)
    return rows

