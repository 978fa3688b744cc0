"""Per-page memo of per-line results: what makes the confirming passes of ``Converge`` cheap.

:class:`~cleantext.steps.converge.Converge` runs the line steps over one
page until nothing changes, and its later passes read mostly the lines the
first pass already judged. A step (or a pure helper such as
:func:`cleantext.lexicon.phrase_key`) that keeps its per-line results in
:func:`memo_table` pays a dictionary look-up for them the second time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: Per-line results by owner (a step or a helper) and line text, for the
#: page being cleaned; ``None`` outside :func:`line_memo`.
_MEMO: ContextVar[dict[object, dict[str, object]] | None] = ContextVar("cleantext_line_memo", default=None)


@contextmanager
def line_memo() -> Iterator[None]:
    """Within this block, steps remember per-line results by text (one page's passes share them).

    Scoped to one page on purpose: the memo never outlives the page, so
    memory stays bounded and a corpus of repeated pages is not timed as a
    corpus of cache hits.
    """
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def memo_table(owner: object) -> dict:
    """``owner``'s table of per-line results for the current page (a throwaway dict outside :func:`line_memo`).

    Only results that are a function of the line's text alone may go in it.
    """
    memo = _MEMO.get()
    if memo is None:
        return {}
    table = memo.get(owner)
    if table is None:
        table = memo[owner] = {}
    return table
