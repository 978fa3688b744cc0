"""The title and byline steps inside a page's line memo: each per-text verdict is computed once, and the result is the same.

``Converge`` applies the steps to the page, then to the page's own output,
inside one :func:`~cleantext.memo.line_memo`; the second application reads
mostly texts the first one judged. These tests count the computations of
the remembered per-text helpers across two such applications, and hold the
steps' results inside a memo to those outside one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from types import ModuleType

import pytest

from cleantext.document import Document
from cleantext.memo import line_memo
from cleantext.pipeline import Step
from cleantext.steps import byline, headline
from cleantext.steps.byline import ExtractByline
from cleantext.steps.headline import ExtractTitle

PAGE = "\n".join(
    [
        "Big News From The Valley | Daily Courier",
        "Home | World | Sport",
        "Big News From The Valley",
        "Key Points",
        "Jane Doe",
        "12 March 2024",
        "The minister said on Thursday that talks would resume next week after a long pause.",
        "Most members agreed on three points: the schools needed more money, and the vote passed easily.",
        "Autor:",
        "Max Muster",
        "Nobody expected the storm to reach the coast before the weekend was over.",
        "Source: Aljazeera",
        "Redaktion",
    ]
)


def _twice(step: Step) -> list[Document]:
    """The step on the page, then on its own output text: Converge's first two passes."""
    first = step.apply(Document.from_text(PAGE))
    return [first, step.apply(Document.from_text(first.text))]


def _kept_texts(doc: Document) -> set[str]:
    return {line.text for line in doc.kept()}


@pytest.mark.parametrize(
    ("step", "module", "helper"),
    [
        (ExtractByline, byline, "_line_verdict"),
        (ExtractByline, byline, "_bare_name"),
        (ExtractByline, byline, "_uncommon_words"),
        (ExtractTitle, headline, "_candidate_words"),
    ],
)
def test_a_remembered_verdict_is_computed_once_per_text(
    monkeypatch: pytest.MonkeyPatch, step: Callable[[], Step], module: ModuleType, helper: str
) -> None:
    calls: Counter[str] = Counter()
    real = getattr(module, helper)

    def counted(text: str) -> object:
        calls[text] += 1
        return real(text)

    monkeypatch.setattr(module, helper, counted)
    with line_memo():
        _twice(step())
    assert calls, f"{helper} was never asked: the page does not exercise it"
    assert max(calls.values()) == 1, [t for t, n in calls.items() if n > 1]
    # Outside a memo nothing is remembered: the second application computes again.
    calls.clear()
    _twice(step())
    assert max(calls.values()) > 1


def test_the_second_pass_computes_no_byline_verdict_it_has_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    computed: list[str] = []
    real = byline._line_verdict

    def counted(text: str) -> object:
        computed.append(text)
        return real(text)

    monkeypatch.setattr(byline, "_line_verdict", counted)
    step = ExtractByline()
    with line_memo():
        first = step.apply(Document.from_text(PAGE))
        assert set(computed) == _kept_texts(Document.from_text(PAGE))
        computed.clear()
        step.apply(Document.from_text(first.text))
    assert computed == []  # every line of the output was a line of the page


@pytest.mark.parametrize("step", [ExtractTitle, ExtractByline])
def test_results_inside_and_outside_a_memo_are_equal(step: Callable[[], Step]) -> None:
    outside = _twice(step())
    with line_memo():
        inside = _twice(step())
        again = _twice(step())  # a memo already filled by the same page
    assert inside == outside and again == outside
    assert [d.text for d in inside] == [d.text for d in outside]
    assert [(d.title, d.byline) for d in again] == [(d.title, d.byline) for d in outside]


def test_the_step_finds_what_this_page_holds() -> None:
    """The page above exercises the byline rules the memo serves: a bare name by a date, a label, a source."""
    doc = ExtractByline()(ExtractTitle()(Document.from_text(PAGE)))
    assert doc.title == "Big News From The Valley"
    assert doc.byline is not None
    assert {"Jane Doe", "Autor:", "Max Muster", "Source: Aljazeera"} <= set(doc.byline.split("\n"))

