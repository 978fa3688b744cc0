"""Main-content selection from text alone: a small two-stage line classifier.

Stage one scores each kept line from its own features and its neighbours'
(see :mod:`cleantext.linefeatures`). Stage two re-scores it from the stage-one
scores around it, because the article is one dense block: a short line
between two paragraphs is a subheading, the same line among menu items is
chrome. Either stage may be a linear model, stage one a small network, and
either a set of gradient-boosted trees (:mod:`cleantext.trees`: they learn
"short is damning only among other short lines" without a hand-made feature
for it). Their weights ship as ``data/content_model.json``;
``benchmarks/train_content.py`` retrains them.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np

from ..document import Document
from ..linefeatures import NAMES as TEXT_NAMES
from ..pagefeatures import page_features
from ..pipeline import LineFilter
from ..trees import TreeEnsemble, sigmoid

#: Where a kept line lies against lines the rules took out of the body: the
#: page's own headline and byline. A news page often keeps blocks of teasers
#: and menus above its in-body headline (``headline:title``); the article lies
#: below it. These read the document, not only the kept texts, and each is 0
#: on cleaned text (its title is its first line, its byline is gone): on a
#: second clean they can only stop speaking against a line, never newly speak
#: against one. Left out on purpose: "after the headline", which would speak
#: for a line on the first pass only, so a second clean could drop what the
#: first kept; and "below a Related or Comments header", which let such a
#: header inserted into an article (an inline "Related stories" box) condemn
#: the article's second half, and gained nothing held out.
ANCHOR_NAMES: Final = ("before_title", "title_gap", "before_byline")

#: What the model reads: the kept lines' text, then their place against the
#: headline and byline. Features of the chrome already removed around a line
#: lifted held-out F1 a little, but let a chrome line inserted above the
#: article change which article lines were kept.
NAMES: Final = TEXT_NAMES + ANCHOR_NAMES


#: Decimals the feature rows are rounded to. A tree's split can sit exactly on
#: a value seen in training, so float noise in the last bits (the fast and the
#: reference feature code differ there, as numpy builds may) must not pick the branch.
FEATURE_DECIMALS: Final = 6


def text_rows(texts: list[str], anchors: np.ndarray | None = None) -> np.ndarray:
    """Feature rows (:data:`NAMES`) of a page's lines, as the model reads them.

    ``anchors`` holds the :data:`ANCHOR_NAMES` columns; without them the lines
    are read as cleaned text, where every anchor feature is 0.
    """
    if anchors is None:
        anchors = np.zeros((len(texts), len(ANCHOR_NAMES)))
    return _model_rows(page_features(texts), anchors)


def _model_rows(text_features: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """The text and anchor columns side by side, rounded as the trees were trained on them."""
    return np.round(np.hstack([text_features, anchors]), FEATURE_DECIMALS)


def anchor_columns(doc: Document, index: list[int]) -> np.ndarray:
    """The :data:`ANCHOR_NAMES` columns of the kept lines at ``index`` in ``doc.lines``.

    Only a headline that is not the page's first line anchors anything: on
    cleaned text the headline is the first line, and a line before it would
    mean something else there.
    """
    out = np.zeros((len(index), len(ANCHOR_NAMES)))
    lines = doc.lines
    first = next((i for i, line in enumerate(lines) if line.text), -1)
    title = next((i for i, line in enumerate(lines) if line.reason == "headline:title"), -1)
    at = np.asarray(index, dtype=np.int64)
    if title > first >= 0:
        before = at < title
        n_before = int(before.sum())
        gap = n_before - 1 - np.arange(len(index))  # kept lines between a line and the headline
        out[:, 0] = before
        out[:, 1] = np.where(before, np.minimum(np.log1p(np.maximum(gap, 0)) / 4.0, 1.5), 0.0)
    # The byline that counts is the first one at or below the headline: a
    # byline-shaped label in a teaser block above it says nothing of the article.
    # It must stand above kept text too: an outlet label or signature under
    # the article ("Reuters", "a") would put the whole article "before" it.
    byline = next((i for i, line in enumerate(lines)
                   if i >= max(title, 0) and line.reason is not None and line.reason.startswith("byline:")), -1)
    if byline > first >= 0 and index and index[-1] > byline:
        out[:, 2] = at < byline
    return out


def content_rows(doc: Document) -> tuple[list[int], np.ndarray]:
    """The kept lines' positions in ``doc.lines`` and their feature rows (:data:`NAMES`)."""
    index = [i for i, line in enumerate(doc.lines) if line.reason is None and line.text]
    if not index:
        return index, np.zeros((0, len(NAMES)))
    texts = [doc.lines[i].text for i in index]
    return index, _model_rows(page_features(texts), anchor_columns(doc, index))


#: Stage-two context windows over stage-one scores (lines either side).
STAGE2_WINDOWS: Final = (1, 3, 8)

#: Bar of the stage-one main block that stage two reads (as ``ContentModel.threshold``).
STAGE2_BLOCK_BAR: Final = 0.35

STAGE2_NAMES: Final = (
    "score", *(f"score_mean_{w}" for w in STAGE2_WINDOWS), "score_max_before", "score_max_after",
    "mass_before", "mass_after", "length", "sentence_end", "function_words", "body_like",
    "score_mean_20", "before_block", "after_block", "block_distance", "block_mean",
)

#: Stage-one features whose low value cannot be "evidence" against a line
#: (they only ever speak for one): reasons name what speaks against.
_NOT_EVIDENCE: Final = frozenset({"page_lines"})


@lru_cache(maxsize=64)
def _as_array(values: tuple) -> np.ndarray:
    """Weights as a numpy array, converted once per process (tuples hash, so they cache)."""
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True)
class LinearModel:
    """Weights, bias and the training means used to name the strongest evidence."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]

    def evidence(self, row: list[float]) -> str:
        """The feature that pulls this line's score down the most, against an average line."""
        worst, name = 0.0, "low_score"
        for n, w, x, m in zip(self.names, self.weights, row, self.means):
            c = w * (x - m)
            if c < worst and n not in _NOT_EVIDENCE:
                worst, name = c, n
        return name

    def score_all(self, rows: np.ndarray) -> np.ndarray:
        """Scores of every row at once: numpy does in one call what Python does per line."""
        return sigmoid(rows @ self._w + self.bias)

    @property
    def _w(self) -> np.ndarray:
        return _as_array(self.weights)

    @classmethod
    def from_dict(cls, data: dict) -> LinearModel:
        return cls(tuple(data["names"]), tuple(data["weights"]), float(data["bias"]), tuple(data["means"]))


@dataclass(frozen=True)
class HiddenLayerModel:
    """One hidden layer of ReLU units: lets the score depend on combinations of
    features ("short" is damning among menu items, harmless between paragraphs)."""

    hidden: tuple[tuple[float, ...], ...]
    """One weight row per hidden unit."""
    hidden_bias: tuple[float, ...]
    out: tuple[float, ...]
    out_bias: float

    def score_all(self, rows: np.ndarray) -> np.ndarray:
        hidden = np.maximum(rows @ _as_array(self.hidden).T + _as_array(self.hidden_bias), 0.0)
        return sigmoid(hidden @ _as_array(self.out) + self.out_bias)

    @classmethod
    def from_dict(cls, data: dict) -> HiddenLayerModel:
        return cls(tuple(tuple(r) for r in data["hidden"]), tuple(data["hidden_bias"]),
                   tuple(data["out"]), float(data["out_bias"]))


@dataclass(frozen=True)
class ContentModel:
    """Both stages plus the decision rule.

    With ``share`` set (the shipped model), every bar of a page is ``share``
    times the precision the page's scores promise, to the ``power`` (see
    :func:`page_bar`): the bar follows the page. Without it, a line is kept when
    it lies in the page's main block and scores at least ``inside``, or scores
    at least ``outside`` anywhere. The main block is the run of lines whose
    scores, less ``threshold`` and weighted by length, add up to the most: the
    article is one dense stretch of text, and a line on its far side of a menu
    needs more evidence than one between paragraphs. Last, with ``gap_lines``
    set, a short run of lines just under the bar between two kept lines is kept
    too (:func:`fill_gaps`).
    """

    stage1: LinearModel
    stage2: LinearModel
    scorer1: LinearModel | HiddenLayerModel | TreeEnsemble
    """What scores stage one; ``stage1`` (linear) also names the evidence."""
    scorer2: LinearModel | TreeEnsemble
    """What scores stage two; trees read the line's own features beside its context."""
    threshold: float
    inside: float
    outside: float
    meta: dict
    share: float = 0.0
    """Each page's bar as a share of the precision its scores promise; 0 for the fixed bars."""
    gap_lines: int = 0
    """Longest run of lines under the bar between two kept lines that :func:`fill_gaps` keeps; 0: none."""
    gap_share: float = 1.0
    """How close to the bar (a share of it) every line of such a run must score."""
    power: float = 1.0
    """The power of the promised precision in each page's bar (see :func:`page_bar`)."""

    def with_threshold(self, bar: float) -> ContentModel:
        """The same model with one fixed bar for the main block, inside it and outside it."""
        return dataclasses.replace(self, threshold=bar, inside=bar, outside=bar, share=0.0)

    def with_share(self, share: float) -> ContentModel:
        """The same model with each page's bar ``share`` times the precision its scores
        promise (to the model's ``power``): a lower share keeps more of every page."""
        return dataclasses.replace(self, share=share)

    def bars(self, scores: np.ndarray, tokens: np.ndarray) -> tuple[float, float, float]:
        """``(threshold, inside, outside)`` for one page's final ``scores``."""
        if not self.share:
            return self.threshold, self.inside, self.outside
        bar = page_bar(scores, tokens, self.share, self.power)
        return bar, bar, bar

    @classmethod
    def load(cls, path: str | Path | None = None) -> ContentModel:
        """The shipped model, or one written by ``benchmarks/train_content.py``."""
        return _load(str(path) if path else "")


@lru_cache(maxsize=8)
def _load(path: str) -> ContentModel:
    if path:
        data = json.loads(Path(path).read_text("utf-8"))
    else:
        data = json.loads((resources.files("cleantext") / "data" / "content_model.json").read_text("utf-8"))
    threshold = float(data["threshold"])
    stage1 = LinearModel.from_dict(data["stage1"])
    if stage1.names != NAMES:
        # A model names the features it was fitted on; scored on others it would be silently wrong.
        raise ValueError(f"{path or 'shipped content model'} reads features {list(stage1.names)}, "
                         f"the package computes {list(NAMES)}; retrain with benchmarks/train_content.py")
    scorer1: LinearModel | HiddenLayerModel | TreeEnsemble = stage1
    if "stage1_trees" in data:
        scorer1 = TreeEnsemble.from_dict(data["stage1_trees"])
    elif "stage1_mlp" in data:
        scorer1 = HiddenLayerModel.from_dict(data["stage1_mlp"])
    stage2 = LinearModel.from_dict(data["stage2"])
    scorer2 = TreeEnsemble.from_dict(data["stage2_trees"]) if "stage2_trees" in data else stage2
    return ContentModel(
        stage1, stage2, scorer1, scorer2, threshold,
        float(data.get("inside", threshold)), float(data.get("outside", threshold)), dict(data.get("meta", {})),
        # The decision rule's keys by name: the file's names differ from the fields', and a
        # positional slip between two floats would pass every type check.
        share=float(data.get("precision_share", 0.0)),
        gap_lines=int(data.get("gap_lines", 0)),
        gap_share=float(data.get("gap_share", 1.0)),
        power=float(data.get("precision_power", 1.0)),
    )


def page_bar(scores: np.ndarray, tokens: np.ndarray, share: float, power: float = 1.0) -> float:
    """The bar for one page: ``share`` times the precision its best selection promises
    (to the ``power``).

    The devset scores each page's precision and recall and averages them over
    pages, so what a page's output is worth is about P + R. Read as
    probabilities, the scores promise, for keeping the ``k`` best lines,
    ``P = A/N`` and ``R = A/G`` (``A``: expected content tokens kept, ``N``:
    tokens kept, ``G``: expected content tokens on the page). Adding a line of
    score ``p`` pays while ``p`` exceeds about ``P/2`` (for ``N`` near ``G``),
    so the bar follows the page: high where the article stands out (a
    doubtful line costs more precision than it brings recall), low on a
    page where even the text scores modestly (every line counts for recall).
    ``share`` 0.5 is that rule for scores that are true probabilities.

    They are not, and how far off they are depends on the page: where even
    the best lines promise a modest precision, the model is unsure of the
    whole page, and its doubtful lines are text more often than their scores
    say; where the article stands out, a doubtful line is chrome more often.
    A ``power`` above 1 corrects for that: the bar falls faster than the
    promised precision (shipped: 0.6 times its 2.5th power, 0.46 at a promise
    of 0.9 and 0.17 at 0.6, where the plain rule gives 0.45 and 0.3 at
    ``share`` 0.5).

    >>> round(page_bar(np.array([0.9, 0.9, 0.2]), np.array([10.0, 10.0, 10.0]), 0.5), 3)
    0.45
    >>> round(page_bar(np.array([0.9, 0.9, 0.2]), np.array([10.0, 10.0, 10.0]), 0.6, 2.5), 3)
    0.461
    """
    order = np.argsort(-scores, kind="stable")
    expected = np.cumsum((scores * tokens)[order])
    kept = np.cumsum(tokens[order])
    total = max(float(expected[-1]), 1e-9)
    best = int(np.argmax(expected / kept + expected / total))
    return share * float(expected[best] / kept[best]) ** power


def main_block(scores: list[float], weights: list[float], threshold: float) -> tuple[int, int]:
    """``(first, last)`` of the run with the largest sum of ``(score - threshold) * weight``.

    >>> main_block([0.1, 0.9, 0.8, 0.2, 0.9, 0.1], [1, 5, 5, 1, 5, 1], 0.5)
    (1, 4)
    """
    best, best_span = float("-inf"), (0, -1)
    run, start = 0.0, 0
    for k, (p, w) in enumerate(zip(scores, weights)):
        if run <= 0.0:
            run, start = 0.0, k
        run += (p - threshold) * w
        if run > best:
            best, best_span = run, (start, k)
    return best_span


def fill_gaps(keep: list[bool], scores: list[float], bar: float, max_lines: int, share: float) -> list[bool]:
    """``keep`` with every run of at most ``max_lines`` dropped lines between two kept
    lines kept too, when each of its lines scores at least ``share * bar``.

    A short line between paragraphs that scores a little under the bar is
    mostly a subheading, a list item or a caption of the article: stage two
    sees its neighbours' stage-one scores, but not that both were finally
    kept. Held out (2026-12-07, fold models of two fits, gold sets / snippet
    set), at most 3 lines at 0.7 of the bar: gold 0.902 -> 0.901 and 0.898
    -> 0.900, the snippet set's must-keep phrases 91.5% -> 92.1% and 91.7%
    -> 92.6% at 0.6-0.9 points less precision. A run at the head or the tail
    of the kept text is not between kept lines and stays dropped.

    >>> fill_gaps([True, False, True, False], [0.9, 0.3, 0.8, 0.3], 0.4, 3, 0.7)
    [True, True, True, False]
    >>> fill_gaps([True, False, True], [0.9, 0.2, 0.8], 0.4, 3, 0.7)
    [True, False, True]
    """
    out = list(keep)
    if max_lines <= 0:
        return out
    floor = share * bar
    last_kept = -1
    for k, kept in enumerate(keep):
        if not kept:
            continue
        gap = k - last_kept - 1
        if last_kept >= 0 and 0 < gap <= max_lines and all(scores[t] >= floor for t in range(last_kept + 1, k)):
            out[last_kept + 1:k] = [True] * gap
        last_kept = k
    return out


def stage2_input(model: ContentModel, scores: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """What stage two reads: the context of the scores, and for trees the line's own features too."""
    if isinstance(model.scorer2, TreeEnsemble):
        return stage2_tree_rows(scores, rows)
    return stage2_rows(scores, rows)


def stage2_tree_rows(scores: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Stage-two trees' input: :func:`stage2_rows` beside the line's own feature row (training uses it too)."""
    return np.hstack([stage2_rows(scores, rows), np.asarray(rows, dtype=np.float64)])


def _neighbour_mean(scores: np.ndarray, prefix: np.ndarray, reach: int) -> np.ndarray:
    """Mean score of the lines up to ``reach`` either side, the line itself left out (0 alone).

    ``prefix`` is the cumulative sum of ``scores`` with a leading 0, shared by every window.
    """
    n = len(scores)
    k = np.arange(n)
    lo, hi = np.maximum(0, k - reach), np.minimum(n, k + reach + 1)
    count = hi - lo - 1
    return np.where(count > 0, (prefix[hi] - prefix[lo] - scores) / np.maximum(count, 1), 0.0)


def block_weights(rows: np.ndarray) -> list[float]:
    """How much each line counts towards the main block: long lines weigh more.

    Column 1 is ``words`` (log-scaled word count). Stage two's block features
    and the final decision weigh lines the same way, so both find one block.
    """
    return (1.0 + rows[:, 1] * 5.0).tolist()


def line_tokens(rows: np.ndarray) -> np.ndarray:
    """Each line's weight in :func:`page_bar`: one more than its word tokens (CJK characters
    one each, as the devset counts them), read back off the log-scaled ``words`` column."""
    return np.expm1(rows[:, 1] * 5.0) + 1.0


def stage2_rows(scores: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Stage-two features: each line's stage-one score among its neighbours' scores.

    >>> stage2_rows(np.array([0.2, 0.8]), np.zeros((2, 45)))[:, :5].round(2).tolist()
    [[0.2, 0.8, 0.8, 0.8, 0.0], [0.8, 0.2, 0.2, 0.2, 0.2]]
    """
    scores = np.asarray(scores, dtype=np.float64)
    rows = np.asarray(rows, dtype=np.float64)
    n = len(scores)
    if n == 0:
        return np.zeros((0, len(STAGE2_NAMES)))
    prefix = np.concatenate(([0.0], np.cumsum(scores)))
    k = np.arange(n)
    out = np.empty((n, len(STAGE2_NAMES)))
    out[:, 0] = scores
    for c, w in enumerate(STAGE2_WINDOWS, 1):
        out[:, c] = _neighbour_mean(scores, prefix, w)
    c = 1 + len(STAGE2_WINDOWS)
    running = np.maximum.accumulate(scores)
    out[:, c] = np.concatenate(([0.0], np.maximum(running[:-1], 0.0)))
    back = np.maximum.accumulate(scores[::-1])[::-1]
    out[:, c + 1] = np.concatenate((np.maximum(back[1:], 0.0), [0.0]))
    total = prefix[-1] or 1.0
    out[:, c + 2] = prefix[:-1] / total
    out[:, c + 3] = (total - prefix[1:]) / total
    out[:, c + 4:c + 8] = rows[:, [0, 2, 3, 18]]
    c += 8
    out[:, c] = _neighbour_mean(scores, prefix, 20)
    # The stage-one main block: teasers above an article lie before it, and
    # the further a line lies from it the less it belongs to the article.
    first, last = main_block(scores.tolist(), block_weights(rows), STAGE2_BLOCK_BAR)
    out[:, c + 1] = k < first
    out[:, c + 2] = k > last
    dist = np.where(k < first, first - k, np.where(k > last, k - last, 0))
    out[:, c + 3] = np.minimum(np.log1p(dist) / 4.0, 1.5)
    out[:, c + 4] = scores[first:last + 1].mean() if last >= first else 0.0
    return out


class DropBoilerplate(LineFilter):
    """Drops kept lines the content model scores as page furniture: ``content:<evidence>``.

    The reason names the feature that spoke most against the line
    (``content:short_run`` for a line in a run of menu items,
    ``content:near_body_like`` for a line far from any paragraph), or
    ``content:context`` when the line looked fine alone and only its
    surroundings condemned it.
    """

    name = "content"
    category = "content"

    def __init__(self, model: ContentModel | None = None) -> None:
        self.model = model or ContentModel.load()

    def decide(self, doc: Document) -> dict[int, str]:
        index, rows = content_rows(doc)
        if not index:
            return {}
        m = self.model
        scores = m.scorer1.score_all(rows)
        first = scores.tolist()
        final_scores = m.scorer2.score_all(stage2_input(m, scores, rows))
        final = final_scores.tolist()
        # Never empty a page silently: no bar stands above the best score, so the
        # best-scored line is kept when nothing else is. A cap rather than a
        # fallback for when nothing passes, so that a higher fixed bar never keeps
        # more lines than a lower one. (The page bar, a share of at most 1 of the
        # precision the best lines promise, never reaches it.)
        cap = max(final)
        threshold, inside, outside = (min(bar, cap) for bar in m.bars(final_scores, line_tokens(rows)))
        first_k, last_k = main_block(final, block_weights(rows), threshold)
        keep = [p >= (inside if first_k <= k <= last_k else outside) for k, p in enumerate(final)]
        keep = fill_gaps(keep, final, inside, m.gap_lines, m.gap_share)
        verdicts: dict[int, str] = {}
        for k, i in enumerate(index):
            if not keep[k]:
                alone = first[k] >= threshold
                if alone:
                    verdicts[i] = "context"
                elif not first_k <= k <= last_k:
                    verdicts[i] = "outside_main_block"
                else:
                    verdicts[i] = m.stage1.evidence(rows[k].tolist())
        return verdicts
