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
