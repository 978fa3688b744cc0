"""The one-call entry point."""

from __future__ import annotations

from .build import build_pipeline, default_pipeline
from .config import Config
from .corpus import LineStats
from .document import Document


def clean(text: str, *, config: Config | None = None, id: str | None = None, stats: LineStats | None = None) -> Document:
    """Clean one scraped page with the default pipeline.

    >>> doc = clean("Select Language\\nEnglish\\nDown Icon\\n"
    ...             "Big Story Of The Day\\nBig Story Of The Day\\n"
    ...             "The minister said on Thursday that talks would resume next week.\\n"
    ...             "LEAVE A REPLY")
    >>> doc.title, doc.body
    ('Big Story Of The Day', 'The minister said on Thursday that talks would resume next week.')

    ``bytes`` are refused: the caller knows the encoding, the cleaner does not.
    ``stats`` (see :mod:`cleantext.corpus`) adds the corpus-repeat filter;
    for many documents, build the pipeline once with ``build_pipeline(config, stats)``.
    """
    if not isinstance(text, str):
        raise TypeError(
            f"clean() takes str, got {type(text).__name__}; decode first, "
            "e.g. clean(data.decode('utf-8', errors='replace'))"
        )
    pipeline = default_pipeline(config) if stats is None else build_pipeline(config, stats)
    return pipeline(Document.from_text(text, id=id))


def clean_text(text: str) -> str:
    """``clean(text).text``: the str-to-str form that scorers and ``Fix``-style callers want."""
    return clean(text).text
