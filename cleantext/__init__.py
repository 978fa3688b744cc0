"""cleantext: scraped web text in, clean article text out, with a reason for every dropped line.

>>> import cleantext
>>> doc = cleantext.clean("Home\\nThe council approved the new budget on Tuesday evening.\\nShare")
>>> doc.body
'The council approved the new budget on Tuesday evening.'
>>> doc.dropped()
[(1, 'Home', 'chrome:breadcrumb'), (3, 'Share', 'chrome:share_counter')]
"""

from __future__ import annotations

from .api import clean
from .build import build_pipeline
from .config import Config, ConfigError
from .corpus import DropRepeatedLines, LineStats
from .document import Document, Line
from .html import clean_html
from .pipeline import Extractor, Fix, Fixer, LineFilter, Pipeline, Step

__all__ = [
    "Config",
    "ConfigError",
    "Document",
    "DropRepeatedLines",
    "LineStats",
    "Extractor",
    "Fix",
    "Fixer",
    "Line",
    "LineFilter",
    "Pipeline",
    "Step",
    "build_pipeline",
    "clean",
    "clean_html",
]
__version__ = "0.1.0"
