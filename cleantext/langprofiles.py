"""langdetect's language profiles, scored exhaustively instead of by random walk.

langdetect reads character 1- to 3-grams and multiplies per-language
n-gram probabilities. Its detector samples the n-grams at random, several
walks of up to a thousand steps, in pure Python: a few milliseconds a call,
more than the rest of the pipeline spends on a page, and the answer depends
on a seed. Here the same profiles, the same text normalisation and the same
n-gram rules feed a plain naive Bayes sum over *every* n-gram of the sample,
done as one numpy gather: deterministic, and a fraction of a millisecond.
``tests/test_fastpaths.py`` measures its agreement with langdetect's own
detector on the devset.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import add
from typing import Final

import numpy as np

#: langdetect's smoothing: each n-gram probability is raised by alpha / base frequency.
ALPHA: Final = 0.5
BASE_FREQ: Final = 10000
#: langdetect answers only when the best language has at least this probability.
PROB_THRESHOLD: Final = 0.1

_SPACES: Final = re.compile(" {2,}")
_BMP: Final = 0x10000
_LATIN: Final = re.compile("[A-z]")


@dataclass(frozen=True)
class Profiles:
    """Languages, n-gram vocabulary and the smoothed log-probability matrix (n-grams × languages)."""

    languages: tuple[str, ...]
    vocabulary: dict[str, int]
    log_probs: np.ndarray
    normalise: dict[int, int]
    """``str.translate`` table: langdetect's per-character normalisation (filled lazily)."""
    upper: np.ndarray
    """``str.isupper`` of every BMP code point: langdetect skips n-grams inside all-caps words."""


class _Normalise(dict):
    """langdetect's per-character normalisation as a ``str.translate`` table, filled as characters are met.

    Filling it for all 63,000 BMP code points up front took most of a
    second at every process start (each worker, each pre-commit run); a
    page meets a few hundred.
    """

    def __init__(self, normalize: Callable[[str], str]) -> None:
        super().__init__()
        self._normalize = normalize

    def __missing__(self, cp: int) -> int:
        # Astral characters and lone surrogates pass unchanged, as langdetect's table has no entry for them.
        out = cp if cp >= _BMP or 0xD800 <= cp <= 0xDFFF else ord(self._normalize(chr(cp)))
        self[cp] = out
        return out


@lru_cache(maxsize=1)
def load_profiles() -> Profiles:
    """Read langdetect's profile files once per process (about half a second)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY
    from langdetect.utils.ngram import NGram

    names = sorted(n for n in os.listdir(PROFILES_DIRECTORY) if not n.startswith("."))
    profiles = []
    for name in names:
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as fh:
            profiles.append(json.load(fh))
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for col, profile in enumerate(profiles):
        n_words = profile["n_words"]
        for gram, count in profile["freq"].items():
            if 1 <= len(gram) <= 3:
                rows.append(vocabulary.setdefault(gram, len(vocabulary)))
                cols.append(col)
                values.append(count / n_words[len(gram) - 1])
    # One scatter: assigning the 180,000 cells one by one took a second per process.
    probs = np.zeros((len(vocabulary), len(profiles)), dtype=np.float64)
    probs[rows, cols] = values
    log_probs = np.log(probs + ALPHA / BASE_FREQ).astype(np.float32)
    normalise = _Normalise(NGram.normalize)
    upper = np.fromiter((chr(cp).isupper() for cp in range(_BMP)), dtype=bool, count=_BMP)
    return Profiles(tuple(p["name"] for p in profiles), vocabulary, log_probs, normalise, upper)


def prepare(text: str) -> str:
    """The text as langdetect's detector reads it: URLs and mail addresses out, Vietnamese
    marks composed, Latin letters dropped from mostly non-Latin text, characters normalised,
    runs of spaces collapsed, one leading space."""
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    text = _SPACES.sub(" ", text)
    latin = len(_LATIN.findall(text))
    if latin * 2 < _non_latin(text):
        text = _LATIN.sub("", text)
    return _SPACES.sub(" ", " " + text.translate(load_profiles().normalise))


def _non_latin(text: str) -> int:
    if text.isascii():
        return 0
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return int(((cps >= 0x300) & ~((cps >= 0x1E00) & (cps <= 0x1EFF))).sum())


def ngrams(prepared: str) -> list[str]:
    """Every n-gram langdetect's extractor yields for ``prepared`` (see :func:`prepare`).

    After a space the buffer restarts, so no 3-gram has a space in the middle;
    single spaces are not 1-grams; and no n-gram ends on the second or later
    capital of an all-caps run.

    >>> ngrams(" ab c")
    ['a', 'b', 'c', ' a', 'ab', 'b ', ' c', ' ab', 'ab ']
    """
    t = prepared
    n = len(t)
    cps = np.frombuffer(t.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    upper = load_profiles().upper[np.minimum(cps, _BMP - 1)]
    for k in np.flatnonzero(cps >= _BMP).tolist():
        upper[k] = t[k].isupper()
    # Positions where an n-gram may end: not on the second capital of a run.
    ok = np.ones(n, dtype=bool)
    ok[1:] &= ~(upper[1:] & upper[:-1])
    space = cps == 32
    uni = compress(t, (ok & ~space).tolist())
    bi = compress(map(add, t, t[1:]), ok[1:].tolist())
    tri = compress(map(add, map(add, t, t[1:]), t[2:]), (ok[2:] & ~space[1:-1]).tolist())
    return [*uni, *bi, *tri]


def detect(text: str) -> str | None:
    """langdetect's language code for ``text`` (``zh-cn`` and the like), or ``None``."""
    profiles = load_profiles()
    grams = ngrams(prepare(text))
    ids = np.fromiter(map(profiles.vocabulary.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
    ids = ids[ids >= 0]
    if ids.size == 0:
        return None
    scores = profiles.log_probs[ids].sum(axis=0, dtype=np.float64)
    best = int(scores.argmax())
    share = 1.0 / np.exp(scores - scores[best]).sum()
    return profiles.languages[best] if share > PROB_THRESHOLD else None
