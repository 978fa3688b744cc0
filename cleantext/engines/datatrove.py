"""A datatrove pipeline step that cleans each document: ``CleanText``.

datatrove separates steps from executors, so one step serves its local,
Slurm and Ray executors alike::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleantext.engines.datatrove import CleanText

    LocalPipelineExecutor(pipeline=[JsonlReader("raw/"), CleanText(), JsonlWriter("clean/")], tasks=8).run()

Each document's text becomes cleantext's canonical text (title, blank line,
body) and its metadata gains ``title``, ``byline``, ``language`` and
``dropped_lines`` (lines dropped per reason). A document that ends up empty
is dropped with a reason (``empty:<the reason that removed most lines>``, or
the gate's own reason), counted in the step's stats as ``dropped_<reason>``
and written to ``exclusion_writer`` if one is given, as datatrove filters do.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

try:
    from datatrove.data import Document as DatatroveDocument
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ImportError as exc:  # pragma: no cover - only without the extra
    raise ImportError("cleantext.engines.datatrove needs datatrove: pip install 'cleantext-web[datatrove]'") from exc

from ..build import build_pipeline
from ..config import Config
from ..corpus import LineStats
from ..document import MOVED_PREFIXES, Document
from ..pipeline import Pipeline


class _HeldStats:
    """Line statistics held by reference.

    datatrove writes every step's attributes to ``executor.json`` and would
    spell out a :class:`LineStats` (a dataclass) count by count; this shows
    its size instead.
    """

    def __init__(self, stats: LineStats) -> None:
        self.stats = stats

    def __str__(self) -> str:
        return f"LineStats({self.stats.documents} documents, {len(self.stats.counts)} lines)"


class CleanText(BaseFilter):
    """Cleans each datatrove ``Document`` with cleantext; drops the ones left empty, with a reason.

    A ``BaseFilter``, though it also rewrites the text: that is what gives it
    datatrove's drop accounting (``dropped_<reason>`` stats, the exclusion
    writer, ``filter_reason`` in the excluded document's metadata) with no
    second step to keep in sync.

    ``config`` is cleantext's :class:`~cleantext.Config`. ``line_stats`` adds
    the corpus-repeat filter: a :class:`LineStats`, or the path of a stats
    file (``cleantext clean --stats FILE`` writes one) that each worker reads
    when it starts, which keeps Slurm job pickles small.
    """

    name = "🧽 cleantext"

    def __init__(self, config: Config | None = None, line_stats: LineStats | str | Path | None = None,
                 exclusion_writer: DiskWriter | None = None) -> None:
        super().__init__(exclusion_writer)
        self.config = config
        self.line_stats: _HeldStats | str | None = (
            _HeldStats(line_stats) if isinstance(line_stats, LineStats) else
            None if line_stats is None else str(line_stats))
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        """Built on first use, in the worker: a pipeline is never pickled or serialised."""
        if self._pipeline is None:
            stats = (self.line_stats.stats if isinstance(self.line_stats, _HeldStats) else
                     LineStats.load(self.line_stats) if self.line_stats else None)
            self._pipeline = build_pipeline(self.config, stats)
        return self._pipeline

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_pipeline"] = None
        return state

    def filter(self, doc: DatatroveDocument) -> bool | tuple[bool, str]:
        cleaned = self.pipeline(Document.from_text(doc.text, id=str(doc.id)))
        reasons = cleaned.reasons()
        for reason, count in reasons.items():
            self.stat_update(f"lines_{reason}", value=count)
        doc.text = cleaned.text
        doc.metadata["title"] = cleaned.title
        doc.metadata["byline"] = cleaned.byline
        if cleaned.lang is not None:  # never erase a language an earlier step found
            doc.metadata["language"] = cleaned.lang
        doc.metadata["dropped_lines"] = reasons
        if cleaned.rejected:
            return False, cleaned.rejected
        if not cleaned.text:
            return False, empty_reason(reasons)
        return True


def empty_reason(reasons: dict[str, int]) -> str:
    """Why a document was left empty: the reason that removed most of its lines.

    Lines that moved to the title or byline do not count (they were kept,
    elsewhere); a page of only white space is ``empty:blank``.

    >>> empty_reason({"chrome:ui_label": 3, "structure:bare_number": 1})
    'empty:chrome:ui_label'
    >>> empty_reason({})
    'empty:blank'
    """
    counts = Counter({r: n for r, n in reasons.items() if not r.startswith(MOVED_PREFIXES)})
    return f"empty:{counts.most_common(1)[0][0]}" if counts else "empty:blank"
