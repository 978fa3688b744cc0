"""Gradient-boosted decision trees scored with numpy alone: no scikit-learn at run time.

``benchmarks/train_content.py`` fits the trees with scikit-learn's
``HistGradientBoostingClassifier`` and writes them into the content model's
JSON file (:func:`export`); :class:`TreeEnsemble` reads them back. Every tree
of the ensemble is scored for every line of a page at once, a handful of numpy
calls per tree level instead of a Python loop per line and tree. Shallow trees
(the content model's are four levels deep) are padded to complete trees and
scored by :class:`_CompleteTrees`, which compares each distinct
(feature, threshold) test once per line and then follows every path with
elementwise selects; deeper ones are walked a level at a time, gathering the
node each (line, tree) pair stands on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np


#: Deepest trees that :class:`_CompleteTrees` scores: a complete tree of depth d
#: has 2**d - 1 tests, all evaluated for every line, so deeper trees are walked.
COMPLETE_MAX_DEPTH = 6

#: Lines scored at once: bounds the (tests x lines) arrays of a very long page.
BLOCK_ROWS = 2048


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic of log-odds, clipped so that no score overflows ``exp``."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))


@dataclass(frozen=True, eq=False)
class TreeEnsemble:
    """Trees whose summed leaf values, plus ``base``, are a log-odds score.

    Nodes are laid out so that a node's right child directly follows its left
    one: a step down is ``left[node] + (x > threshold[node])``, three look-ups
    and no branch. A leaf is its own left child with an infinite threshold,
    so it stays put while deeper trees finish.
    """

    feature: np.ndarray
    """Feature read at each node (0 at leaves, which never branch)."""
    threshold: np.ndarray
    """A row goes right when its feature is ``>`` this (as in scikit-learn); ``+inf`` at leaves."""
    left: np.ndarray
    value: np.ndarray
    """Leaf values (0 at inner nodes)."""
    roots: np.ndarray
    depth: int
    base: float

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        """Summed leaf values of every row, plus the base score."""
        rows = np.ascontiguousarray(rows, dtype=np.float64)
        n = len(rows)
        if n == 0 or len(self.roots) == 0:
            return np.full(n, self.base)
        if n > BLOCK_ROWS:
            return np.concatenate([self.log_odds(rows[s : s + BLOCK_ROWS]) for s in range(0, n, BLOCK_ROWS)])
        return self.leaf_values(rows).sum(axis=1) + self.base

    def leaf_values(self, rows: np.ndarray) -> np.ndarray:
        """The value of the leaf each row reaches in each tree: (rows, trees), C-ordered.

        The layout matters: :meth:`log_odds` sums each row's values in tree
        order along a contiguous axis, so both scorers give the same bits.
        """
        complete = self._complete
        return complete.leaf_values(rows) if complete is not None else self._walk(rows)

    def _walk(self, rows: np.ndarray) -> np.ndarray:
        """:meth:`leaf_values` for trees of any depth: every (row, tree) pair moves one level per step."""
        n = len(rows)
        flat = rows.ravel()
        row_start = (np.arange(n) * rows.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (n, len(self.roots)))
        for _ in range(self.depth):
            x = flat.take(row_start + self.feature.take(node))
            node = self.left.take(node) + (x > self.threshold.take(node))
        return self.value.take(node)

    @cached_property
    def _complete(self) -> _CompleteTrees | None:
        """The trees padded to complete ones, if they are shallow enough for that to pay."""
        return _CompleteTrees.of(self) if self.depth <= COMPLETE_MAX_DEPTH else None

    def score_all(self, rows: np.ndarray) -> np.ndarray:
        """Probability of every row: the logistic of :meth:`log_odds`."""
        return sigmoid(self.log_odds(rows))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TreeEnsemble:
        """Read the trees as :func:`export` writes them: one dict of node lists per tree."""
        trees = data["trees"]
        size = sum(len(tree["left"]) for tree in trees)
        feature = np.zeros(size, dtype=np.intp)
        threshold = np.full(size, np.inf)
        left = np.arange(size, dtype=np.intp)  # every node a leaf until it is given children
        value = np.zeros(size)
        roots: list[int] = []
        depth, free = 0, 0
        for tree in trees:
            roots.append(free)
            free += 1
            todo = [(0, roots[-1], 0)]  # (node in the file, its slot here, its depth)
            while todo:
                old, new, level = todo.pop()
                depth = max(depth, level)
                lo, hi = tree["left"][old], tree["right"][old]
                if lo < 0:
                    value[new] = tree["value"][old]
                    continue
                feature[new], threshold[new], left[new] = tree["feature"][old], tree["threshold"][old], free
                todo.extend(((lo, free, level + 1), (hi, free + 1, level + 1)))
                free += 2
        return cls(feature, threshold, left, value, np.asarray(roots, dtype=np.intp), depth, float(data["base"]))


@dataclass(frozen=True, eq=False)
class _CompleteTrees:
    """An ensemble with every tree padded to a complete binary tree of one depth.

    In a complete tree the node a row reaches at level d is fixed by its d
    decisions above, so no level needs to know where the row stands before it
    is computed: every test of every tree is decided for every row first (each
    distinct (feature, threshold) pair once, as many trees share them), and
    each level then keeps, of its 2**d tests, the one on the row's path with
    bitwise selects over whole arrays, where a walk gathers per (row, tree)
    pair at every level. A leaf above the full depth becomes a test that always
    goes left (``x > inf`` is false for every x, NaN too), with unreachable
    zero-valued leaves on its right.

    Slots are numbered as in a heap: the root is 0 and slot h has children
    2h + 1 (``<=``, left) and 2h + 2 (``>``, right).
    """

    depth: int
    cut_feature: np.ndarray
    """Feature of each distinct test."""
    cut_threshold: np.ndarray
    """Threshold of each distinct test, as a column: (cuts, 1)."""
    slot_cut: np.ndarray
    """The test at slot h of tree t is ``slot_cut[h * trees + t]``: slot-major, so a level is a slice."""
    leaf_value: np.ndarray
    """Value of leaf k of tree t (left to right) at ``t * 2**depth + k``; 0 where no row can arrive."""
    leaf_start: np.ndarray
    """``t * 2**depth`` for each tree t."""

    @classmethod
    def of(cls, trees: TreeEnsemble) -> _CompleteTrees:
        """Lay out ``trees`` as complete trees of depth ``trees.depth``."""
        count, depth = len(trees.roots), trees.depth
        inner = 2**depth - 1
        feature = np.zeros((inner, count), dtype=np.intp)
        threshold = np.full((inner, count), np.inf)  # an unset slot always goes left
        leaf_value = np.zeros((count, 2**depth))
        for t, root in enumerate(trees.roots.tolist()):
            todo = [(root, 0)]  # (node in the ensemble, its slot here)
            while todo:
                node, slot = todo.pop()
                child = int(trees.left[node])
                if slot >= inner:
                    leaf_value[t, slot - inner] = trees.value[node]
                elif child == node:  # a leaf above the full depth: carried down the left
                    todo.append((node, 2 * slot + 1))
                else:
                    feature[slot, t], threshold[slot, t] = trees.feature[node], trees.threshold[node]
                    todo.extend(((child, 2 * slot + 1), (child + 1, 2 * slot + 2)))
        tests = list(zip(feature.ravel().tolist(), threshold.ravel().tolist()))
        cuts = sorted(set(tests))
        number = {cut: k for k, cut in enumerate(cuts)}
        return cls(
            depth=depth,
            cut_feature=np.array([f for f, _ in cuts], dtype=np.intp),
            cut_threshold=np.array([v for _, v in cuts]).reshape(-1, 1),
            slot_cut=np.array([number[test] for test in tests], dtype=np.intp),
            leaf_value=leaf_value.ravel(),
            leaf_start=np.arange(count, dtype=np.intp) * 2**depth,
        )

    def leaf_values(self, rows: np.ndarray) -> np.ndarray:
        """:meth:`TreeEnsemble.leaf_values`: (rows, trees), C-ordered."""
        n, count = len(rows), len(self.leaf_start)
        passed = np.ascontiguousarray(rows.T).take(self.cut_feature, axis=0) > self.cut_threshold
        goes_right = passed.view(np.uint8).take(self.slot_cut, axis=0).reshape(-1, count, n)
        path: list[np.ndarray] = []  # the decision taken at each level, (trees, rows) of 0/1
        leaf = np.zeros((count, n), dtype=np.uint8)
        for level in range(self.depth):
            decision = _on_path(goes_right[2**level - 1 : 2 ** (level + 1) - 1], path)
            path.append(decision)
            leaf = (leaf << np.uint8(1)) | decision
        return np.ascontiguousarray(self.leaf_value.take(leaf.T + self.leaf_start))


def _on_path(level: np.ndarray, path: list[np.ndarray]) -> np.ndarray:
    """Of a level's 2**d slot decisions (stacked on axis 0), the one on each row's path.

    Slots that differ only in the last decision of the path sit side by side,
    so each halving picks by one decision, the last first: ``a ^ ((a ^ b) & d)``
    is ``b`` where ``d`` is 1 and ``a`` where it is 0.
    """
    for decision in reversed(path):
        left, right = level[0::2], level[1::2]
        level = left ^ ((left ^ right) & decision)
    return level[0]


def export(model: Any, digits: int = 6) -> dict[str, Any]:
    """A fitted binary ``HistGradientBoostingClassifier`` as plain lists (for JSON).

    Leaves carry ``left == right == -1``. Thresholds keep all their digits: they
    lie between two feature values seen in training, and rounding could move
    one across a value that a page really has.
    """
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not supported")
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "feature": [int(v) for v in np.where(leaf, 0, nodes["feature_idx"])],
            "threshold": [0.0 if lf else float(v) for lf, v in zip(leaf, nodes["num_threshold"])],
            "left": [-1 if lf else int(v) for lf, v in zip(leaf, nodes["left"])],
            "right": [-1 if lf else int(v) for lf, v in zip(leaf, nodes["right"])],
            "value": [round(float(v), digits) if lf else 0.0 for lf, v in zip(leaf, nodes["value"])],
        })
    return {"base": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}
