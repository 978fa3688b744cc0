"""Gradient-boosted decision trees scored with numpy alone: no scikit-learn at run time.

``benchmarks/train_content.py`` fits the trees with scikit-learn's
``HistGradientBoostingClassifier`` and writes them into the content model's
JSON file (:func:`export`); :class:`TreeEnsemble` reads them back. Every tree
of the ensemble is walked for every line of a page at once: the nodes of all
trees sit in one set of arrays, each step moves every (line, tree) pair one
level down, and a leaf points to itself, so after as many steps as the
deepest tree every pair rests on its leaf. A page costs a handful of numpy
calls per level instead of a Python loop per line and tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


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
        flat = rows.ravel()
        row_start = (np.arange(n) * rows.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (n, len(self.roots)))
        for _ in range(self.depth):
            x = flat.take(row_start + self.feature.take(node))
            node = self.left.take(node) + (x > self.threshold.take(node))
        return self.value.take(node).sum(axis=1) + self.base

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
