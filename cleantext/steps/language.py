"""Language detection with langdetect's profiles: once per document, on a bounded sample.

The default scores every n-gram of the sample against langdetect's profiles
(:mod:`cleantext.langprofiles`): deterministic and several times faster than
langdetect's own random-walk detector, which :func:`langdetect_language`
keeps as the reference.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice
from typing import Final

from ..document import Document
from ..langprofiles import detect
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


def _enough_letters(sample: str) -> bool:
    return len(list(islice(filter(str.isalpha, sample), MIN_LETTERS))) >= MIN_LETTERS


def detect_language(text: str, sample_chars: int = SAMPLE_CHARS) -> str | None:
    """ISO 639-1 code of ``text``, or ``None`` when there is too little to tell.

    >>> detect_language("Russland hat als erstes Land die Regierung der Taliban anerkannt.")
    'de'
    """
    sample = text[:sample_chars]
    if not _enough_letters(sample):
        return None
    code = detect(sample)
    return None if code is None else code.split("-")[0]


def langdetect_language(text: str, sample_chars: int = SAMPLE_CHARS) -> str | None:
    """The same question put to langdetect's own detector (seeded random walks): the reference."""
    sample = text[:sample_chars]
    if not _enough_letters(sample):
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
