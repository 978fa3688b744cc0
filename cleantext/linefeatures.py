"""Numeric features of each kept line, with the context of its neighbours and its place.

The main-content model reads these. They are the clues a reader uses on a
page of plain text: running text is long, full of function words and ends in
full stops; chrome is short, Title Cased, full of separators and digits, and
comes in runs of short lines at the head and the tail. Every feature is a
float in roughly [0, 1] so one linear model can weigh them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Final

from .lexicon import phrase_key
from .shape import ends_sentence, has_date, is_body_like, is_cjk_heavy

#: Word tokens as the devset scorer counts them: CJK characters one each.
_CJK: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD: Final = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
#: Separators between menu items or breadcrumbs: a bar or bullet beside a
#: space, or a slash or ``>`` with a space on both sides.
_BAR: Final = "|»›•·"
_SEPARATOR: Final = re.compile(rf"\s[{_BAR}/>]\s|\s[{_BAR}]|[{_BAR}]\s")
#: Read on the lower-cased line: a case-blind regex is several times slower.
_LINKISH: Final = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b|@\w")
_LETTER: Final = re.compile(r"[^\W\d_]")
#: Upper-case letters of the Latin, Greek and Cyrillic alphabets (the scripts with case).
_UPPER: Final = re.compile(r"[A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽΑ-ΩА-ЯЁ]")
_CAPITAL: Final = "[A-ZÀ-ÖØ-ÞĀ-ŽΑ-ΩА-ЯЁ]"
_CAPITALISED_WORD: Final = re.compile(r"(?:^|(?<=\s))" + _CAPITAL)
_DIGIT: Final = re.compile(r"\d")
_PUNCT: Final = re.compile(r"[^\w\s]")
_BULLET: Final = frozenset("-•*–—·▪►»>")

#: Longest stretch of a line the character and word features read.
MAX_FEATURE_CHARS: Final = 4000

#: Word-count bins: a linear model cannot learn "3 words is a menu, 12 a
#: sentence" from a log scale alone.
WORD_BINS: Final = (1, 2, 4, 7, 12, 20, 40)

#: Context windows (lines either side) over which neighbours are averaged.
NEAR: Final = 1
WIDE: Final = 3


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Function words of all shipped languages, merged: the page's language is not known yet."""
    folder = resources.files("cleantext") / "data" / "stopwords"
    words: set[str] = set()
    for path in folder.iterdir():
        if path.name.endswith(".txt"):
            for line in path.read_text("utf-8").splitlines():
                if not line.startswith("#"):
                    words.update(line.split())
    return frozenset(words)


BASE_NAMES: Final = (
    "length", "words", "sentence_end", "function_words", "cjk", "digits", "capitals", "title_case",
    "punctuation", "commas", "separators", "link_like", "date_like", "bullet", "copyright", "question",
    "colon_end", "duplicate", "body_like", *(f"words_le_{b}" for b in WORD_BINS), "words_gt_40",
)
CONTEXT_NAMES: Final = (
    "position", "in_text_span", "near_text", "before_text", "after_text", "relative_length",
    "near_length", "wide_length", "near_body_like", "wide_body_like", "wide_function_words",
    "short_run", "page_lines", "starts_lower", "continues_next", "continues_previous", "headline_run",
    "ellipsis",
)
NAMES: Final = BASE_NAMES + CONTEXT_NAMES


def base_features(text: str, duplicate: bool) -> tuple[list[float], int, bool]:
    """Features of one line alone, its word count, and whether it reads as running text."""
    n = len(text)
    if n > MAX_FEATURE_CHARS:
        # Ratios read off the start of a huge line are as good as off all of
        # it, and every regex below stays linear in the sample, not the line.
        text = text[:MAX_FEATURE_CHARS]
    tokens = _WORD.findall(text.lower())
    words = len(tokens)
    stop = function_words()
    fw = sum(1 for t in tokens if t in stop) / words if words else 0.0
    # Character classes are counted by regex, in C: a Python loop over
    # characters would cost more than everything else in the pipeline.
    letters = len(_LETTER.findall(text))
    upper = len(_UPPER.findall(text))
    digits = len(_DIGIT.findall(text))
    punct = len(_PUNCT.findall(text))
    spaced = text.count(" ") + 1
    titled = min(len(_CAPITALISED_WORD.findall(text)) / spaced, 1.0)
    body = is_body_like(text)
    bins = [0.0] * (len(WORD_BINS) + 1)
    for b, limit in enumerate(WORD_BINS):
        if words <= limit:
            bins[b] = 1.0
            break
    else:
        bins[-1] = 1.0
    feats = [
        min(math.log1p(n) / 7.0, 1.5),
        min(math.log1p(words) / 5.0, 1.5),
        1.0 if ends_sentence(text) else 0.0,
        fw,
        1.0 if is_cjk_heavy(text) else 0.0,
        digits / len(text) if text else 0.0,
        upper / letters if letters else 0.0,
        titled,
        punct / len(text) if text else 0.0,
        min(text.count(",") / (words or 1), 1.0),
        1.0 if _SEPARATOR.search(text) else 0.0,
        1.0 if _LINKISH.search(text.lower()) else 0.0,
        1.0 if has_date(text) else 0.0,
        1.0 if text[:1] in _BULLET else 0.0,
        1.0 if "©" in text or "(c)" in text.lower() else 0.0,
        1.0 if text.endswith("?") else 0.0,
        1.0 if text.endswith(":") else 0.0,
        1.0 if duplicate else 0.0,
        1.0 if body else 0.0,
        *bins,
    ]
    return feats, words, body


def page_features(texts: Sequence[str]) -> list[list[float]]:
    """Feature rows for the kept lines of one page, in order (see :data:`NAMES`)."""
    n = len(texts)
    if n == 0:
        return []
    keys = [phrase_key(t[:MAX_FEATURE_CHARS]) for t in texts]
    seen: dict[str, int] = {}
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
    rows: list[list[float]] = []
    words: list[int] = []
    body: list[float] = []
    lengths: list[float] = []
    fws: list[float] = []
    for text, key in zip(texts, keys):
        feats, w, is_body = base_features(text, seen[key] > 1 and len(key) > 0)
        rows.append(feats)
        words.append(w)
        body.append(1.0 if is_body else 0.0)
        lengths.append(feats[0])
        fws.append(feats[3])
    body_at = [k for k in range(n) if body[k]]
    first = body_at[0] if body_at else n
    last = body_at[-1] if body_at else -1
    top = sorted(words)[int(0.9 * (n - 1))] or 1
    # Distance to the nearest running-text line, from both sides in two sweeps.
    dist = [float(n)] * n
    d = float(n)
    for k in range(n):
        d = 0.0 if body[k] else d + 1.0
        dist[k] = d
    d = float(n)
    for k in range(n - 1, -1, -1):
        d = 0.0 if body[k] else d + 1.0
        dist[k] = min(dist[k], d)
    # Runs of consecutive short lines: menus and tag clouds come in runs.
    run = _run_lengths([words[k] <= 4 and not body[k] for k in range(n)])
    # Runs of headline-shaped lines: lists of teasers and related stories.
    hrun = _run_lengths([not body[k] and 4 <= words[k] <= 20 and rows[k][7] >= 0.5 for k in range(n)])
    # Hard-wrapped text (mail archives, <pre>) breaks sentences across lines;
    # a line that the next one continues in lower case is running text.
    lower = [t[:1].islower() for t in texts]
    ended = [row[2] == 1.0 for row in rows]
    near_len = _window_mean(lengths, NEAR)
    wide_len = _window_mean(lengths, WIDE)
    near_body = _window_mean(body, NEAR)
    wide_body = _window_mean(body, WIDE)
    wide_fw = _window_mean(fws, WIDE)
    page = min(math.log1p(n) / 7.0, 1.5)
    for k in range(n):
        rows[k].extend(
            (
                k / (n - 1) if n > 1 else 0.0,
                1.0 if first <= k <= last else 0.0,
                1.0 / (1.0 + dist[k]),
                1.0 if k < first else 0.0,
                1.0 if k > last else 0.0,
                min(words[k] / top, 1.5),
                near_len[k],
                wide_len[k],
                near_body[k],
                wide_body[k],
                wide_fw[k],
                min(math.log1p(run[k]) / 4.0, 1.5),
                page,
                1.0 if lower[k] else 0.0,
                1.0 if k + 1 < n and lower[k + 1] and not ended[k] else 0.0,
                1.0 if k > 0 and lower[k] and not ended[k - 1] else 0.0,
                min(math.log1p(hrun[k]) / 3.0, 1.5),
                1.0 if texts[k].endswith(("...", "…")) else 0.0,
            )
        )
    return rows


def _run_lengths(flags: list[bool]) -> list[int]:
    """For each position, the length of the run of true flags it belongs to (0 where false).

    >>> _run_lengths([True, True, False, True])
    [2, 2, 0, 1]
    """
    out = [0] * len(flags)
    start = None
    for k, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            for m in range(start, k):
                out[m] = k - start
            start = None
    return out


def _window_mean(values: list[float], reach: int) -> list[float]:
    """Mean of each value's neighbours within ``reach`` lines, the value itself excluded."""
    n = len(values)
    prefix = [0.0]
    for v in values:
        prefix.append(prefix[-1] + v)
    out = []
    for k in range(n):
        lo, hi = max(0, k - reach), min(n, k + reach + 1)
        count = hi - lo - 1
        out.append((prefix[hi] - prefix[lo] - values[k]) / count if count else 0.0)
    return out
