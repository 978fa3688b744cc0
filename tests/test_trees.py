"""Boosted trees scored with numpy: the same scores as the library that fitted them."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cleantext.trees import TreeEnsemble, export

#: One stump and one two-level tree, in the file format: leaves have left == right == -1.
TWO_TREES = {
    "base": 0.5,
    "trees": [
        {"feature": [1, 0, 0], "threshold": [0.3, 0.0, 0.0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [0.0, -1.0, 2.0]},
        {"feature": [0, 1, 0, 0, 0], "threshold": [0.5, 0.7, 0.0, 0.0, 0.0], "left": [1, 3, -1, -1, -1],
         "right": [2, 4, -1, -1, -1], "value": [0.0, 0.0, 3.0, 10.0, 20.0]},
    ],
}


def test_every_row_follows_its_path_in_every_tree() -> None:
    trees = TreeEnsemble.from_dict(TWO_TREES)
    rows = np.array([[0.1, 0.2], [0.1, 0.3], [0.1, 0.9], [0.6, 0.9], [0.5, 0.7]])
    # x1 <= 0.3 goes left (-1) else right (2); x0 <= 0.5 then x1 <= 0.7 (10 / 20), else 3.
    assert trees.log_odds(rows).tolist() == [0.5 - 1 + 10, 0.5 - 1 + 10, 0.5 + 2 + 20, 0.5 + 2 + 3, 0.5 + 2 + 10]
    assert trees.depth == 2


def test_no_rows_and_no_trees() -> None:
    assert TreeEnsemble.from_dict(TWO_TREES).log_odds(np.zeros((0, 2))).shape == (0,)
    assert TreeEnsemble.from_dict({"base": 1.5, "trees": []}).log_odds(np.zeros((3, 2))).tolist() == [1.5] * 3


def test_exported_trees_score_as_scikit_learn_does() -> None:
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    X = rng.random((3000, 6))
    X[:, 2] = X[:, 2] > 0.5  # a 0/1 feature, like most of the content model's
    y = (X[:, 0] + X[:, 1] * X[:, 2] + rng.normal(0, 0.2, len(X)) > 1).astype(int)
    model = ensemble.HistGradientBoostingClassifier(max_iter=30, max_depth=4, random_state=0).fit(X, y)
    trees = TreeEnsemble.from_dict(json.loads(json.dumps(export(model))))
    test = rng.random((500, 6))
    test[:, 2] = test[:, 2] > 0.5
    assert np.abs(trees.score_all(test) - model.predict_proba(test)[:, 1]).max() < 1e-5


def random_trees(rng: np.random.Generator, count: int, depth: int, features: int) -> dict:
    """Trees in the file format with leaves at every depth up to ``depth`` and thresholds shared across trees."""
    shared = rng.random(8).round(2).tolist()
    trees = []
    for _ in range(count):
        tree: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}

        def grow(level: int) -> int:
            node = len(tree["left"])
            for key in tree:
                tree[key].append(0)
            if level == depth or (level > 0 and rng.random() < 0.3):
                tree["left"][node] = tree["right"][node] = -1
                tree["value"][node] = float(rng.normal())
                return node
            tree["feature"][node] = int(rng.integers(features))
            tree["threshold"][node] = float(rng.choice(shared)) if rng.random() < 0.5 else float(rng.random())
            tree["left"][node] = grow(level + 1)
            tree["right"][node] = grow(level + 1)
            return node

        grow(0)
        trees.append(tree)
    return {"base": 0.25, "trees": trees}


@pytest.mark.parametrize("depth", [1, 3, 4, 6, 8])
def test_complete_trees_score_to_the_bit_as_the_walk(depth: int) -> None:
    """Padded complete trees (and beyond their depth, the walk) give the walk's very bits, odd values included."""
    rng = np.random.default_rng(depth)
    trees = TreeEnsemble.from_dict(random_trees(rng, 40, depth, 5))
    rows = rng.random((300, 5))
    rows[rng.random(rows.shape) < 0.1] = 0.5  # on a threshold
    rows[0, :] = np.nan
    rows[1, :] = np.inf
    rows[2, :] = -np.inf
    walked = trees._walk(rows).sum(axis=1) + trees.base
    assert trees.log_odds(rows).tobytes() == walked.tobytes()
    assert (trees._complete is None) == (depth > 6)


def test_long_pages_are_scored_in_blocks_with_the_same_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleantext.trees as module

    rng = np.random.default_rng(1)
    trees = TreeEnsemble.from_dict(random_trees(rng, 20, 4, 3))
    rows = rng.random((50, 3))
    whole = trees.log_odds(rows)
    monkeypatch.setattr(module, "BLOCK_ROWS", 7)
    assert trees.log_odds(rows).tobytes() == whole.tobytes()
