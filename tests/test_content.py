"""The content model's inputs and its decision bar."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import cleantext

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


def test_a_model_file_names_its_bar_and_an_older_one_keeps_the_plain_rule(tmp_path) -> None:
    import json

    from cleantext.steps.content import _load

    data = json.loads((Path(cleantext_data()) / "content_model.json").read_text("utf-8"))
    shipped = ContentModel.load()
    assert (shipped.share, shipped.power) == (data["precision_share"], data["precision_power"])
    del data["precision_power"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(data), "utf-8")
    older = _load(str(path))
    assert older.power == 1.0
    scores, tokens = np.array([0.9, 0.6, 0.2]), np.full(3, 10.0)
    assert older.bars(scores, tokens) != shipped.bars(scores, tokens)


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


def test_a_lower_content_share_keeps_more_and_the_model_share_changes_nothing() -> None:
    import cleantext
    from cleantext import Config

    from .conftest import seed_names, seed_text

    own = ContentModel.load().share
    assert 0.0 < own < 0.95
    sizes = []
    for name in seed_names():
        text = seed_text(name)
        default = cleantext.clean(text)
        # The shipped model's own share, set by hand, is the default pipeline.
        assert cleantext.clean(text, config=Config(content_share=own)) == default, name
        harsh = cleantext.clean(text, config=Config(content_share=0.95))
        loose = cleantext.clean(text, config=Config(content_share=0.05))
        sizes.append((len(harsh.body), len(default.body), len(loose.body)))
        assert sizes[-1][0] <= sizes[-1][1] <= sizes[-1][2], name
    assert sum(h < d for h, d, _ in sizes) >= 2
    assert sum(d < lo for _, d, lo in sizes) >= 1


def test_content_share_and_threshold_are_one_or_the_other() -> None:
    import cleantext
    from cleantext import Config

    assert Config.from_mapping({"content_share": 0.3}).content_share == 0.3
    with pytest.raises(cleantext.ConfigError, match=r"^pyproject.toml: content_threshold .* content_share"):
        Config.from_mapping({"content_share": 0.3, "content_threshold": 0.3}, source="pyproject.toml")
    with pytest.raises(cleantext.ConfigError, match="content_share"):
        Config(content_threshold=0.3).replace(content_share=0.25)
    with pytest.raises(cleantext.ConfigError, match="content_share"):
        Config.from_mapping({"content_share": 1.5})


def _anchors(lines: list[tuple[str, str | None]]) -> dict[str, list[float]]:
    from cleantext.steps.content import ANCHOR_NAMES

    _, rows = content_rows(_doc(lines))
    return {name: rows[:, NAMES.index(name)].tolist() for name in ANCHOR_NAMES}


BODY = "The council voted on Monday to keep the old bridge open for another year."


def test_lines_above_an_in_body_headline_are_marked() -> None:
    a = _anchors([("Site name", "headline:page_title"), ("Teaser one", None), ("Teaser two", None),
                  ("The headline", "headline:title"), (BODY, None)])
    assert a["before_title"] == [1.0, 1.0, 0.0]
    assert a["title_gap"][0] > a["title_gap"][1] == 0.0 == a["title_gap"][2]


def test_a_headline_on_the_first_line_anchors_nothing() -> None:
    # Cleaned text starts with its title: the anchors must read 0 there, as on the first pass.
    a = _anchors([("The headline", "headline:title"), (BODY, None), ("More text.", None)])
    assert a["before_title"] == a["title_gap"] == [0.0, 0.0]


def test_a_byline_anchors_only_above_kept_text() -> None:
    # "By Jane Doe" over the article marks the teasers above it; an outlet
    # label under the article ("Reuters") must not put the article "before" it.
    above = _anchors([("The headline", "headline:title"), ("Teaser", None), ("By Jane Doe", "byline:author"),
                      (BODY, None)])
    assert above["before_byline"] == [1.0, 0.0]
    under = _anchors([("The headline", "headline:title"), (BODY, None), ("More text.", None),
                      ("Reuters", "byline:outlet")])
    assert under["before_byline"] == [0.0, 0.0]


@pytest.mark.parametrize("header", ["Related Articles", "LEAVE A REPLY", "Comments"])
def test_a_tail_header_inserted_into_the_article_leaves_the_body_unchanged(header: str) -> None:
    # News pages put "Related" boxes inside the article; such a header must not
    # condemn the text below it (guarantee 4 in the README, checked at every position).
    for seed in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt")):
        lines = seed.read_text("utf-8").split("\n")
        body = cleantext.clean("\n".join(lines)).body
        for at in range(1, len(lines), 3):
            doc = cleantext.clean("\n".join(lines[:at] + [header] + lines[at:]))
            assert doc.body == body, (seed.name, at)


def test_cleaned_text_reads_no_anchors() -> None:
    from cleantext.steps.content import ANCHOR_NAMES, text_rows

    rows = text_rows(["One line.", "Two lines here."])
    assert rows.shape == (2, len(NAMES)) and not rows[:, -len(ANCHOR_NAMES):].any()


def test_the_bar_follows_the_page() -> None:
    from cleantext.steps.content import page_bar

    tokens = np.array([12.0, 30.0, 25.0, 3.0, 28.0, 4.0])
    clear = np.array([0.02, 0.97, 0.95, 0.40, 0.96, 0.03])  # an article that stands out
    doubtful = np.array([0.30, 0.55, 0.60, 0.40, 0.50, 0.25])  # a page where even the text scores modestly
    high, low = page_bar(clear, tokens, 0.5), page_bar(doubtful, tokens, 0.5)
    # Where the article stands out, a line at 0.4 would cost more precision than
    # it brings recall; where every line is doubtful it is worth keeping.
    assert low < 0.40 < high <= 0.5
    assert page_bar(clear, tokens, 0.25) == pytest.approx(high / 2)
    # Long lines weigh more: the same scores with the doubtful line long lower the bar.
    assert page_bar(doubtful, tokens * np.array([1, 1, 1, 20, 1, 1]), 0.5) <= low
    # A power above 1 spreads the bars apart: higher where the article stands
    # out, far lower where the model is unsure of the whole page.
    assert page_bar(clear, tokens, 0.6, 2.5) > high
    assert page_bar(doubtful, tokens, 0.6, 2.5) < low / 2
    assert page_bar(clear, tokens, 0.5, 1.0) == high
    # A page that promises nothing gets no bar at all, with or without the power.
    assert page_bar(np.zeros(3), np.full(3, 5.0), 0.6, 2.5) == 0.0 == page_bar(np.zeros(3), np.full(3, 5.0), 0.5)


def test_the_shipped_model_bars_each_page_and_a_threshold_fixes_them() -> None:
    from cleantext.steps.content import ContentModel

    model = ContentModel.load()
    assert 0 < model.share <= 0.6 and model.power >= 1.0
    tokens = np.full(4, 10.0)
    assert model.bars(np.array([0.9, 0.95, 0.1, 0.92]), tokens) != model.bars(np.array([0.5, 0.6, 0.4, 0.55]), tokens)
    fixed = model.with_threshold(0.3)
    assert fixed.share == 0.0
    assert fixed.bars(np.array([0.9, 0.95, 0.1, 0.92]), tokens) == (0.3, 0.3, 0.3)


@pytest.mark.parametrize(
    ("keep", "scores", "expected"),
    [
        # One line between two kept ones, near the bar (0.7 x 0.4 = 0.28): kept.
        ("K.K", [0.9, 0.3, 0.9], "KKK"),
        # Scored far under the bar: a real break in the article, not a subheading.
        ("K.K", [0.9, 0.1, 0.9], "K.K"),
        # One weak line condemns its whole run.
        ("K..K", [0.9, 0.3, 0.1, 0.9], "K..K"),
        # A run longer than three lines is a box of its own.
        ("K....K", [0.9, 0.3, 0.3, 0.3, 0.3, 0.9], "K....K"),
        ("K...K", [0.9, 0.3, 0.3, 0.3, 0.9], "KKKKK"),
        # At the head or the tail a run is not between kept lines.
        ("..K..", [0.3, 0.3, 0.9, 0.3, 0.3], "..K.."),
        # Nothing kept, nothing to fill between.
        ("...", [0.3, 0.3, 0.3], "..."),
    ],
)
def test_a_short_run_between_kept_lines_is_kept(keep: str, scores: list[float], expected: str) -> None:
    from cleantext.steps.content import fill_gaps

    got = fill_gaps([c == "K" for c in keep], scores, 0.4, 3, 0.7)
    assert "".join("K" if k else "." for k in got) == expected
    # Without the rule the decision is untouched.
    assert fill_gaps([c == "K" for c in keep], scores, 0.4, 0, 0.7) == [c == "K" for c in keep]


class _Fixed:
    """A scorer that gives each line a chosen score, to test the decision alone."""

    def __init__(self, scores: list[float]) -> None:
        self.scores = np.array(scores)

    def score_all(self, rows: np.ndarray) -> np.ndarray:
        return self.scores[: len(rows)]


def test_the_step_keeps_a_subheading_scored_under_the_bar_between_paragraphs() -> None:
    import dataclasses

    from cleantext.steps.content import DropBoilerplate

    scores = [0.9, 0.32, 0.9, 0.9, 0.05, 0.05]
    lines = [BODY, "What the council said", BODY.replace("old", "new"), BODY.replace("year", "month"),
             "Share this", "Follow us"]
    doc = _doc([(text, None) for text in lines])
    shipped = ContentModel.load()
    assert shipped.gap_lines > 0
    fixed = dataclasses.replace(shipped.with_threshold(0.4), scorer1=_Fixed(scores), scorer2=_Fixed(scores))
    with_gaps = DropBoilerplate(fixed).decide(doc)
    assert sorted(with_gaps) == [4, 5]
    without = DropBoilerplate(dataclasses.replace(fixed, gap_lines=0)).decide(doc)
    assert sorted(without) == [1, 4, 5]


def test_a_higher_fixed_bar_never_keeps_more() -> None:
    """A bar above every line's score keeps the best lines (the page is never emptied),
    and no more than a bar just below the best score does."""
    from cleantext import Config

    from .conftest import seed_names, seed_text

    bars = (0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0)
    for name in seed_names():
        kept = [len(list(cleantext.clean(seed_text(name), config=Config(content_threshold=b)).kept())) for b in bars]
        assert kept == sorted(kept, reverse=True), (name, kept)
        assert kept[-1] > 0
