"""The immutable record of one page that every step reads and returns.

A page is kept as the sequence of its input lines. Steps never delete a line:
they mark it with the reason it left the body (``"chrome:ui_label"``,
``"headline:title"``, ``"byline:source"``), so every input line can always be
accounted for and explained.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: Reason prefixes of lines that left the body for a field, not for the bin.
MOVED_PREFIXES = ("headline:", "byline:")


class Line(NamedTuple):
    """One input line: where it was, what it said, what it says now, its fate.

    A ``NamedTuple`` rather than a dataclass because pipelines create
    millions of them; tuples are the cheapest immutable record in CPython.
    """

    number: int
    """1-based line number in the input."""
    original: str
    """The line exactly as it arrived (without its line ending)."""
    text: str
    """The line after the fixers ran; equal to ``original`` until then."""
    reason: str | None = None
    """``None`` while the line is in the body, else why it left."""

    @property
    def kept(self) -> bool:
        """True for a non-blank line still in the body."""
        return self.reason is None and bool(self.text)

    @property
    def blank(self) -> bool:
        """True for layout: a line that was empty or only white space on input."""
        return not self.original.strip()


class Meta(dict):  # type: ignore[type-arg]
    """A document's metadata: a dict that cannot be changed, and that pickles.

    (``types.MappingProxyType`` is read-only too, but a document holding one
    could not be pickled: sent to a worker process, or copied.)

    >>> import pickle
    >>> meta = Meta({"charset": "utf-8"})
    >>> meta["charset"], pickle.loads(pickle.dumps(meta)) == meta
    ('utf-8', True)
    >>> meta["x"] = 1
    Traceback (most recent call last):
    TypeError: Document.meta is read-only; make a new document with doc.replace(meta={...})
    """

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise TypeError("Document.meta is read-only; make a new document with doc.replace(meta={...})")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (Meta, (dict(self),))


_EMPTY: Mapping[str, object] = Meta()


def split_lines(text: str) -> list[str]:
    """``text`` cut into lines where CRLF, CR or LF ends one: how every part of cleantext reads lines.

    Only the three line endings count: ``str.splitlines`` would also split on
    form feeds, vertical tabs and U+2028, which scraped text carries inside
    paragraphs, and a cleaner must not invent line breaks.

    >>> split_lines("a\\r\\nb\\rc\\x0cd\\n")
    ['a', 'b', 'c\\x0cd', '']
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@dataclass(frozen=True, slots=True)
class Document:
    """One page: its lines and the fields the steps fill in.

    >>> doc = Document.from_text("Headline here\\n\\nBody text.")
    >>> [line.text for line in doc.lines]
    ['Headline here', '', 'Body text.']
    >>> doc.body
    'Headline here\\n\\nBody text.'
    """

    lines: tuple[Line, ...]
    id: str | None = None
    title: str | None = None
    byline: str | None = None
    lang: str | None = None
    rejected: str | None = None
    """Why the whole document was rejected by a gate, or ``None``."""
    meta: Mapping[str, object] = field(default_factory=lambda: _EMPTY, compare=False)

    def __post_init__(self) -> None:
        # Immutable all through: a dict handed in (``replace(meta={...})``) is
        # copied behind a read-only view, so no caller can change a document.
        if type(self.meta) is not Meta:
            object.__setattr__(self, "meta", Meta(self.meta))

    @classmethod
    def from_text(cls, text: str, id: str | None = None) -> Document:
        """Split ``text`` into lines (:func:`split_lines`)."""
        if not isinstance(text, str):
            raise TypeError(
                f"cleantext works on str, got {type(text).__name__}; decode bytes first, "
                "e.g. data.decode('utf-8', errors='replace')"
            )
        raw = split_lines(text)
        if raw and raw[-1] == "":
            raw.pop()  # a final newline ends the last line, it does not start a new one
        # tuple.__new__ builds each Line in C: the NamedTuple's own __new__ is
        # a Python call per line, and Converge splits every page's text again
        # on each pass.
        new = tuple.__new__
        lines = tuple([new(Line, (n, s, s if s.strip() else "", None)) for n, s in enumerate(raw, 1)])
        return cls(lines=lines, id=id)

    def replace(self, **changes: object) -> Document:
        """A copy with some fields changed (documents are immutable)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def kept(self) -> Iterator[Line]:
        """The lines still in the body, in order."""
        return (line for line in self.lines if line.reason is None and line.text)

    @property
    def body(self) -> str:
        """Kept lines, one paragraph each, separated by one blank line."""
        return "\n\n".join(line.text for line in self.lines if line.reason is None and line.text)

    @property
    def text(self) -> str:
        """The canonical cleaned text: the title, a blank line, then the body."""
        body = self.body
        if self.title:
            return f"{self.title}\n\n{body}" if body else self.title
        return body

    def dropped(self) -> list[tuple[int, str, str]]:
        """``(line_number, original_line, reason)`` for every non-blank line not in the body.

        Lines that moved to the title or byline are included, with reasons
        starting ``headline:`` or ``byline:``. Blank input lines are layout
        and are not listed.
        """
        return [
            (line.number, line.original, line.reason or "whitespace:empty")
            for line in self.lines
            if not line.blank and (line.reason is not None or not line.text)
        ]

    def reasons(self) -> dict[str, int]:
        """How many lines each reason removed (for summaries)."""
        counts: dict[str, int] = {}
        for _, _, reason in self.dropped():
            counts[reason] = counts.get(reason, 0) + 1
        return counts
