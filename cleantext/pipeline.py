"""Steps and pipelines: the three kinds of work a cleaner does, and how they compose.

A step is one small object with one job and a ``name``. There are three kinds,
and each kind may touch only what it owns, so that the reason a line left the
body is always the reason of the step that removed it:

* :class:`Fixer` rewrites the text of kept lines and never drops one;
* :class:`LineFilter` marks kept lines dropped, each with a reason;
* :class:`Extractor` moves lines into document fields or rejects the document.

``a | b`` builds a :class:`Pipeline`; pipelines nest and flatten, and
``pipeline.run(docs)`` is a lazy generator.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import ClassVar

from .document import Document, Line
from .memo import line_memo, memo_table

__all__ = ["Extractor", "Fix", "Fixer", "LineFilter", "Pipeline", "Step", "as_document", "line_memo", "memo_table"]


def as_document(doc: Document | str) -> Document:
    """Accept a page as text or as a :class:`Document`; refuse bytes with advice."""
    if isinstance(doc, Document):
        return doc
    return Document.from_text(doc)


class Step(ABC):
    """Anything that maps a :class:`Document` to a :class:`Document`."""

    name: ClassVar[str] = "step"

    @abstractmethod
    def apply(self, doc: Document) -> Document:
        """Do this step's one job on ``doc`` and return the new document."""

    def __call__(self, doc: Document | str) -> Document:
        return self.apply(as_document(doc))

    def run(self, docs: Iterable[Document | str]) -> Iterator[Document]:
        """Clean a stream lazily: one document in, one document out, in order."""
        for doc in docs:
            yield self(doc)

    def __or__(self, other: Step) -> Pipeline:
        if not isinstance(other, Step):
            return NotImplemented
        return Pipeline([self, other])

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Fixer(Step):
    """Rewrites the text of kept lines (encoding, white space); never drops a line.

    A line that a fixer empties (say, one made only of zero-width characters)
    is marked ``"<name>:empty"`` so it is still accounted for. ``fix`` is a
    pure function of the text, so its result is remembered per text for the
    page (:func:`memo_table`): the later passes of ``Converge`` cost a
    look-up per line.
    """

    @abstractmethod
    def fix(self, text: str) -> str:
        """Return ``text`` repaired; must be idempotent and depend on ``text`` alone."""

    def apply(self, doc: Document) -> Document:
        fixed = memo_table(self, self.fix)
        empty = f"{self.name}:empty"
        out: list[Line] | None = None
        for k, line in enumerate(doc.lines):
            text = line.text
            if line.reason is None and text:
                new = fixed[text]
                if new != text:
                    if out is None:
                        out = list(doc.lines)
                    out[k] = Line(line.number, line.original, new, None if new else empty)
        return doc if out is None else doc.replace(lines=tuple(out))


class Fix(Fixer):
    """Adapter that lets a plain ``str -> str`` function join a pipeline as a fixer.

    >>> (Fix(str.upper) | Fix(str.strip))("  shout ").body
    'SHOUT'
    >>> Fix(lambda t: "").name   # reasons are "<name>:empty": a lambda has no usable name
    'fix'
    """

    def __init__(self, fn: Callable[[str], str], name: str | None = None) -> None:
        self.fn = fn
        own = getattr(fn, "__name__", "")
        self.name = name or (own if own.isidentifier() else "fix")  # type: ignore[misc]

    def fix(self, text: str) -> str:
        return self.fn(text)

    def __repr__(self) -> str:
        return f"Fix({self.name})"


class LineFilter(Step):
    """Marks kept lines dropped; every drop carries ``"<category>:<detail>"``.

    Subclasses give ``text_reason(text)`` when a line's text alone decides
    (its verdicts are then remembered for the page's passes, see
    :func:`memo_table`), ``reason(line, doc)`` for a verdict on one line that
    reads more, or override ``decide(doc)`` when the verdict needs the whole
    page (zones, neighbours). The base class applies verdicts to kept lines
    only, so a filter can never resurrect or re-label a line another step removed.
    """

    category: ClassVar[str] = "drop"

    def text_reason(self, text: str) -> str | None:
        """Why a line reading ``text`` should leave the body, or ``None``: for verdicts on the text alone."""
        raise NotImplementedError

    def reason(self, line: Line, doc: Document) -> str | None:
        """Why ``line`` should leave the body, or ``None`` to keep it (by default :meth:`text_reason`)."""
        return self.text_reason(line.text)

    def decide(self, doc: Document) -> dict[int, str]:
        """Map index in ``doc.lines`` to the reason it is dropped."""
        verdicts: dict[int, str] = {}
        # A filter that judges text alone pays one look-up per line on the later passes.
        own = memo_table(self, self.text_reason) if type(self).reason is LineFilter.reason else None
        reason = self.reason
        for i, line in enumerate(doc.lines):
            if line.reason is None and line.text:
                why = own[line.text] if own is not None else reason(line, doc)
                if why:
                    verdicts[i] = why
        return verdicts

    def apply(self, doc: Document) -> Document:
        verdicts = self.decide(doc)
        if not verdicts:
            return doc
        lines = list(doc.lines)
        prefix = self.category + ":"
        for i, why in verdicts.items():
            line = lines[i]
            if line.reason is None and line.text:
                lines[i] = line._replace(reason=why if ":" in why else prefix + why)
        return doc.replace(lines=tuple(lines))


class Extractor(Step):
    """Moves lines into document fields (title, byline, lang) or rejects the document."""


class Pipeline(Step):
    """A step made of steps, applied in order.

    >>> from cleantext.steps.whitespace import NormalizeWhitespace
    >>> p = Fix(str.strip) | (NormalizeWhitespace() | Fix(str.lower))
    >>> [type(s).__name__ for s in p.steps]
    ['Fix', 'NormalizeWhitespace', 'Fix']
    >>> p("  Hello   World ").body
    'hello world'
    """

    name = "pipeline"

    def __init__(self, steps: Sequence[Step] = ()) -> None:
        flat: list[Step] = []
        for step in steps:
            if isinstance(step, Pipeline):
                flat.extend(step.steps)
            elif isinstance(step, Step):
                flat.append(step)
            else:
                raise TypeError(f"Pipeline takes Step objects, got {type(step).__name__}; wrap functions in Fix(fn)")
        self.steps: tuple[Step, ...] = tuple(flat)

    def apply(self, doc: Document) -> Document:
        for step in self.steps:
            doc = step.apply(doc)
        return doc

    def __repr__(self) -> str:
        return " | ".join(repr(s) for s in self.steps) or "Pipeline()"
