"""``page_features`` inside a page's line memo: the same matrix, with each line's own columns computed once.

``Converge`` calls the content model's ``page_features`` once a pass, and the
later passes read mostly the lines of the first. The own-text columns are
remembered per page; these tests hold the remembered matrix to the one
computed from scratch, bit for bit, while the neighbours, the order and the
duplicates change between calls.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from cleantext import linefeatures, pagefeatures
from cleantext.memo import line_memo

PAGE = [
    "Home | News | Sport | Contact",
    "Share this",
    "The council met on Tuesday, 12 March 2024, to vote on the new budget for the city.",
    "Most members agreed that the schools needed more money, and the vote passed easily.",
    "continued here in lower case, as a hard-wrapped line would be...",
    "Share this",
    "Read more: www.example.com",
    "© 2024 Example News. All rights reserved.",
]
#: The second pass of a page: lines gone (the chrome), lines reordered, a
#: duplicate no longer repeated, and a line the first call never saw.
LATER = [PAGE[2], PAGE[4], PAGE[3], "Who paid for it?", PAGE[1], PAGE[7]]


@pytest.fixture
def own_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The texts each call of the own-columns function computed."""
    calls: list[list[str]] = []
    real = pagefeatures._own_columns

    def counted(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(pagefeatures, "_own_columns", counted)
    return calls


def _assert_identical(got: np.ndarray, expected: np.ndarray) -> None:
    np.testing.assert_array_equal(got, expected)
    assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


def test_remembered_features_equal_fresh_ones_and_only_unseen_lines_are_computed(own_calls: list[list[str]]) -> None:
    fresh = [pagefeatures.page_features(PAGE), pagefeatures.page_features(LATER)]
    # Outside a memo every call computes every distinct line.
    assert own_calls == [list(dict.fromkeys(PAGE)), LATER]
    own_calls.clear()
    with line_memo():
        remembered = [pagefeatures.page_features(PAGE), pagefeatures.page_features(LATER)]
        assert own_calls == [list(dict.fromkeys(PAGE)), ["Who paid for it?"]]
        _assert_identical(pagefeatures.page_features(LATER), remembered[1])
        assert len(own_calls) == 2  # nothing new: nothing computed
    for got, expected in zip(remembered, fresh):
        _assert_identical(got, expected)
    duplicate = linefeatures.NAMES.index("duplicate")
    assert fresh[0][1, duplicate] == 1.0 and fresh[1][4, duplicate] == 0.0  # a context column did change


def test_lines_for_the_reference_are_never_remembered(own_calls: list[list[str]]) -> None:
    """A line the vectorised code cannot take sends every call that holds it to the reference."""
    odd = "holds the joiner \x00 itself"
    with_odd = [*LATER, odd]
    fresh = pagefeatures.page_features(with_odd)
    with line_memo():
        _assert_identical(pagefeatures.page_features(PAGE), pagefeatures.page_features(PAGE))
        _assert_identical(pagefeatures.page_features(with_odd), fresh)
        _assert_identical(pagefeatures.page_features(with_odd), fresh)
        assert own_calls[-2:] == [["Who paid for it?", odd]] * 2  # asked again: the batch was not kept
    _assert_identical(fresh, np.asarray(linefeatures.page_features(with_odd), dtype=np.float64))
