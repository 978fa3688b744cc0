"""Language detection with langdetect: seeded, once per document, on a bounded sample."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from ..document import Document
from ..pipeline import Extractor

#: langdetect reads n-grams; a few hundred characters of clean body decide
#: the language as well as the whole text does, and its cost grows with the
#: sample (it was the slowest step at 2,000).
SAMPLE_CHARS: Final = 600

#: Below this many letters langdetect guesses; no answer beats a wrong one.
MIN_LETTERS: Final = 12

#: langdetect averages this many random walks over the sample (its default
#: is 7). On a few hundred characters of clean body the walks agree, and each
#: costs a few milliseconds.
TRIALS: Final = 3

#: Fixed seed: langdetect samples n-grams at random and would otherwise
#: give different answers for the same short text on different runs.
SEED: Final = 0


@lru_cache(maxsize=1)
def _factory() -> object:
    """Load langdetect's 55 profiles once per process (it takes ~1 s)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = SEED
    return factory


def detect_language(text: str, sample_chars: int = SAMPLE_CHARS) -> str | None:
    """ISO 639-1 code of ``text``, or ``None`` when there is too little to tell.

    >>> detect_language("Russland hat als erstes Land die Regierung der Taliban anerkannt.")
    'de'
    """
    sample = text[:sample_chars]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()  # type: ignore[attr-defined]
    detector.n_trial = TRIALS
    detector.append(sample)
    try:
        code: str = detector.detect()
    except LangDetectException:
        return None
    return None if code == "unknown" else code.split("-")[0]


class DetectLanguage(Extractor):
    """Sets ``doc.lang`` from the cleaned body (title included when the body is thin)."""

    name = "language"

    def __init__(self, sample_chars: int = SAMPLE_CHARS) -> None:
        self.sample_chars = sample_chars

    def apply(self, doc: Document) -> Document:
        return doc.replace(lang=detect_language(doc.text, self.sample_chars))
