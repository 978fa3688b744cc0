"""The content model's inputs and its decision bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import Document
from cleantext.steps.content import NAMES, ContentModel, content_rows


def _doc(lines: list[tuple[str, str | None]]) -> Document:
    doc = Document.from_text("\n".join(text for text, _ in lines))
    return doc.replace(lines=tuple(line._replace(reason=why) for line, (_, why) in zip(doc.lines, lines)))


def test_rows_have_every_named_feature() -> None:
    index, rows = content_rows(_doc([("One kept line.", None), ("Menu", "chrome:navigation"), ("Two.", None)]))
    assert index == [0, 2] and rows.shape == (2, len(NAMES))


def test_shipped_model_reads_the_features_the_package_computes() -> None:
    assert ContentModel.load().stage1.names == NAMES


def test_a_model_fitted_on_other_features_is_refused(tmp_path) -> None:
    import json

    from cleantext.steps.content import _load

    data = json.loads((Path(cleantext_data()) / "content_model.json").read_text("utf-8"))
    data["stage1"]["names"] = ["length", "no_such_feature", *data["stage1"]["names"][2:]]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ValueError, match="retrain"):
        _load(str(path))


def cleantext_data() -> str:
    from importlib import resources

    return str(resources.files("cleantext") / "data")


def test_a_lower_content_threshold_keeps_more() -> None:
    import cleantext
    from cleantext import Config

    from .conftest import seed_names, seed_text

    # The seeds' article lines score far above any usual bar, so a harsh one shows the knob works.
    sizes = []
    for name in seed_names():
        harsh = cleantext.clean(seed_text(name), config=Config(content_threshold=0.99))
        default = cleantext.clean(seed_text(name))
        loose = cleantext.clean(seed_text(name), config=Config(content_threshold=0.1))
        sizes.append((len(harsh.body), len(default.body), len(loose.body)))
        assert sizes[-1][0] <= sizes[-1][1] <= sizes[-1][2], name
    assert sum(h < d for h, d, _ in sizes) >= 3
    assert Config(content_threshold=0.25).content_threshold == 0.25
    with pytest.raises(cleantext.ConfigError, match="content_threshold"):
        Config.from_mapping({"content_threshold": 2})
