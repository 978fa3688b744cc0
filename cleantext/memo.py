"""Per-page memo of per-line results: what makes the confirming passes of ``Converge`` cheap.

:class:`~cleantext.steps.converge.Converge` runs the line steps over one
page until nothing changes, and its later passes read mostly the lines the
first pass already judged. A step (or a pure helper such as
:func:`cleantext.lexicon.phrase_key`) that keeps its per-line results in
:func:`memo_table` pays a dictionary look-up for them the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

#: Per-line results by owner (a step or a helper) and line text, for the
#: page being cleaned; ``None`` outside :func:`line_memo`.
_MEMO: ContextVar[dict[object, dict[str, Any]] | None] = ContextVar("cleantext_line_memo", default=None)


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


class _Remembered(dict):
    """``text -> compute(text)``, computed on the first ask: a hit is one dict look-up, in C."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[str], object]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, text: str) -> object:
        value = self[text] = self.compute(text)
        return value


def memo_table(owner: object, compute: Callable[[str], T]) -> Mapping[str, T]:
    """``owner``'s remembered ``compute(text)`` for the current page: index it by a line's text.

    ``compute`` must depend on the text alone. Outside :func:`line_memo` the
    table is a throwaway, so nothing outlives the call.
    """
    memo = _MEMO.get()
    if memo is None:
        return _Remembered(compute)  # type: ignore[return-value]
    table = memo.get(owner)
    if table is None:
        table = memo[owner] = _Remembered(compute)
    return table  # type: ignore[return-value]


def memo_dict(owner: object) -> dict[str, Any]:
    """``owner``'s remembered per-line results for the current page, as a plain dict it fills itself.

    For an owner that computes many lines in one go (a page's unseen lines
    in one vectorised pass), which :func:`memo_table`'s one-text ``compute``
    cannot express. An owner uses this or :func:`memo_table`, not both.
    Outside :func:`line_memo` the dict is a throwaway, so nothing outlives the call.
    """
    memo = _MEMO.get()
    if memo is None:
        return {}
    return memo.setdefault(owner, {})
