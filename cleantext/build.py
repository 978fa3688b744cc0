"""The one place that orders the default steps."""

from __future__ import annotations

from functools import lru_cache

from .config import Config
from .corpus import DropRepeatedLines, LineStats
from .pipeline import Pipeline, Step
from .steps.byline import ExtractByline
from .steps.chrome import DropChrome
from .steps.comments import DropComments
from .steps.content import ContentModel, DropBoilerplate
from .steps.converge import Converge
from .steps.encoding import FixEncoding
from .steps.headline import ExtractTitle
from .steps.language import DetectLanguage
from .steps.structure import DropCounters, DropZones
from .steps.whitespace import NormalizeWhitespace


def build_pipeline(config: Config | None = None, stats: LineStats | None = None) -> Pipeline:
    """The default pipeline for ``config``, with corpus ``stats`` when a first pass made them.

    Order matters and is fixed here only: text is repaired before anything
    reads it; lexicon chrome and counters go before the headline search so a
    menu item cannot become the title; title and byline are taken before the
    zone rule, which would otherwise drop a short headline or an outlet label
    as head or tail chrome; the content model sees only what the rules kept,
    so chrome the rules know cannot sway its view of the neighbours;
    language is detected last, on the clean body.
    """
    config = config or Config()
    line_steps: list[Step] = []
    if config.fix_encoding:
        line_steps.append(FixEncoding())
    if config.normalize_whitespace:
        line_steps.append(NormalizeWhitespace())
    if config.drop_chrome:
        line_steps.append(DropChrome(languages=config.chrome_languages or None))
    if stats is not None:
        line_steps.append(DropRepeatedLines(stats))
    if config.drop_structure:
        line_steps.append(DropCounters())
    if config.drop_comments:
        line_steps.append(DropComments())
    if config.extract_title:
        line_steps.append(ExtractTitle())
    if config.extract_byline:
        line_steps.append(ExtractByline())
    if config.drop_structure:
        line_steps.append(DropZones())
    if config.content_filter:
        model = ContentModel.load(config.content_model or None)
        if config.content_threshold:
            model = model.with_threshold(config.content_threshold)
        elif config.content_share:
            model = model.with_share(config.content_share)
        line_steps.append(DropBoilerplate(model))
    steps: list[Step] = [Converge(Pipeline(line_steps), config.max_passes)]
    if config.detect_language:
        steps.append(DetectLanguage(config.language_sample_chars))
    return Pipeline(steps)


@lru_cache(maxsize=8)
def default_pipeline(config: Config | None = None) -> Pipeline:
    """``build_pipeline`` cached per config, so ``clean`` builds nothing per call."""
    return build_pipeline(config)
