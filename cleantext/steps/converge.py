"""Run line steps on their own output until nothing changes: idempotence by construction.

The line steps judge a line by its neighbours and its place in the page, and
both change when chrome around it goes, so a second clean of cleaned text
could drop a line the first one kept. :class:`Converge` re-runs its inner
step on the document's own ``text`` and folds the new verdicts back onto the
original lines until a pass changes nothing; cleaning the result again is
then a no-op.
"""

from __future__ import annotations

from ..document import Document, Line
from ..memo import line_memo
from ..pipeline import Extractor, Step
from .byline import byline_text


class Converge(Extractor):
    """Apply ``inner``, then re-apply it to the output text until it is stable."""

    name = "converge"

    def __init__(self, inner: Step, max_passes: int = 3) -> None:
        self.inner = inner
        self.max_passes = max(1, max_passes)

    def __repr__(self) -> str:
        return f"Converge({self.inner!r}, max_passes={self.max_passes})"

    def apply(self, doc: Document) -> Document:
        # The passes share one memo of per-line results: a later pass reads
        # mostly lines an earlier one judged, and pays a look-up for each.
        with line_memo():
            first = doc
            doc = self.inner.apply(doc)
            if self.reads_as_is(first, doc):
                return doc
            for _ in range(self.max_passes - 1):
                refined = self._refine(doc)
                if refined is None:
                    break
                doc = refined
        return doc

    @staticmethod
    def reads_as_is(before: Document, after: Document) -> bool:
        """The next pass would read exactly the document the last one read, so it would change nothing.

        So it is when the pass found ``before`` already clean: fresh from the
        text (no verdicts, no fixes), and its output text is that very text.
        Cleaning cleaned text (a pre-commit check, a re-run over a corpus)
        then costs one pass, not two.
        """
        if before.title is not None or after.text != "\n".join(line.original for line in before.lines):
            return False
        return all(line.reason is None and line.text == (line.original if line.original.strip() else "")
                   for line in before.lines)

    def _refine(self, doc: Document) -> Document | None:
        """One more pass over ``doc.text``; ``None`` when it changes nothing."""
        shown: list[int] = []  # indices in doc.lines of the lines doc.text shows, in order
        title_at = -1
        if doc.title is not None:
            title_at = next((i for i, l in enumerate(doc.lines) if l.reason == "headline:title"), -1)
            if title_at < 0:
                return None  # a title set by hand, not from a line: nothing to refine
            shown.append(title_at)
        shown.extend(i for i, l in enumerate(doc.lines) if l.reason is None and l.text)
        again = self.inner.apply(Document.from_text(doc.text, id=doc.id))
        verdicts = [l for l in again.lines if l.text or not l.blank]
        if len(verdicts) != len(shown):
            return None  # the text no longer splits into the same lines; keep the first pass
        lines = list(doc.lines)
        changed = False
        for i, new in zip(shown, verdicts):
            old = lines[i]
            was = "headline:title" if i == title_at else None
            shown_text = doc.title if i == title_at else old.text
            if new.reason != was or new.text != shown_text:
                changed = True
                if i == title_at and new.reason in ("headline:title", None):
                    # The line stays the title, or the new pass gives the title up and keeps
                    # the line as text: then the whole line, not the part the title was cut
                    # from it (the body holds input lines, never pieces of them).
                    text = old.text
                else:
                    text = new.text
                lines[i] = Line(old.number, old.original, text, new.reason)
        if not changed and again.title == doc.title:
            return None
        return doc.replace(lines=tuple(lines), title=again.title, byline=byline_text(lines))
