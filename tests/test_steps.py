"""Table-driven tests of each default step, cases in ``fixtures/steps`` and ``fixtures/chrome``."""

from __future__ import annotations

import pytest

from cleantext import Document
from cleantext.lexicon import available_languages, load_lexicon, parse_lexicon
from cleantext.steps.byline import ExtractByline
from cleantext.steps.chrome import DropChrome
from cleantext.steps.encoding import FixEncoding
from cleantext.steps.headline import ExtractTitle
from cleantext.steps.structure import DropCounters, DropZones
from cleantext.steps.whitespace import NormalizeWhitespace

from .conftest import load_json


def _params(relative: str, key: str = "case") -> list:
    return [pytest.param(c, id=str(c.get(key, c.get("line")))) for c in load_json(relative)]


@pytest.mark.parametrize("case", _params("steps/encoding.json"))
def test_fix_encoding(case: dict) -> None:
    assert FixEncoding().fix(case["in"]) == case["out"]


@pytest.mark.parametrize("case", _params("steps/whitespace.json"))
def test_normalize_whitespace(case: dict) -> None:
    assert NormalizeWhitespace().fix(case["in"]) == case["out"]


@pytest.mark.parametrize("step", [FixEncoding(), NormalizeWhitespace()], ids=repr)
@pytest.mark.parametrize("case", _params("steps/encoding.json") + _params("steps/whitespace.json"))
def test_fixers_are_idempotent(step, case: dict) -> None:
    once = step.fix(case["in"])
    assert step.fix(once) == once


@pytest.mark.parametrize("case", _params("steps/counters.json", "line"))
def test_drop_counters(case: dict) -> None:
    doc = DropCounters()(case["line"])
    assert [r for _, _, r in doc.dropped()] == ([case["reason"]] if case["reason"] else [])


@pytest.mark.parametrize("case", _params("chrome/lines.json", "line"))
def test_lexicon_category(case: dict) -> None:
    assert load_lexicon().category(case["line"]) == case["category"]


def test_picker_option_needs_chrome_nearby() -> None:
    alone = DropChrome()("The talks were held in\nEnglish\nand were long.")
    assert alone.dropped() == []
    picker = DropChrome()("Select Language\nEnglish\nThe talks were long.")
    assert [r for _, _, r in picker.dropped()] == ["chrome:language_picker", "chrome:picker_option"]


def test_lexicon_covers_required_languages() -> None:
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "ru"} <= set(available_languages())


def test_lexicon_rejects_phrase_outside_section() -> None:
    with pytest.raises(ValueError, match="x.txt:1"):
        parse_lexicon(["orphan phrase"], "x.txt")


def test_every_language_has_the_core_categories() -> None:
    core = {"language_picker", "ui_label", "comment_form", "share_counter", "breadcrumb",
            "related_links", "newsletter", "ai_disclaimer", "tag_label", "cookie_policy"}
    for lang in available_languages():
        lex = load_lexicon((lang,))
        cats = set(lex.exact.values()) | {c for t in lex.prefixes.values() for c in t.values()}
        assert core <= cats, (lang, core - cats)


def _reasons(doc: Document) -> dict[str, str]:
    return {str(n): r for n, _, r in doc.dropped()}


@pytest.mark.parametrize("case", _params("steps/headline.json"))
def test_extract_title(case: dict) -> None:
    doc = ExtractTitle()(case["text"])
    assert doc.title == case["title"]
    assert _reasons(doc) == case["reasons"]


@pytest.mark.parametrize("case", _params("steps/byline.json"))
def test_extract_byline(case: dict) -> None:
    doc = ExtractByline()(case["text"])
    assert doc.byline == case["byline"]
    assert _reasons(doc) == case["reasons"]


def test_zones_drop_short_lines_at_head_and_tail_only() -> None:
    text = ("Home\nPolitics\nThe council voted on Tuesday to approve the new city budget.\n"
            "What happens next\nThe mayor will sign the budget into law on Friday, her office said.\nHistory\n- 2d3 articles")
    doc = DropZones()(text)
    assert _reasons(doc) == {"1": "structure:head_zone", "2": "structure:head_zone",
                             "6": "structure:tail_zone", "7": "structure:tail_zone"}


def test_zones_leave_a_page_without_running_text_alone() -> None:
    assert DropZones()("Roses are red\nViolets are blue").dropped() == []


_ARTICLE = (
    "The council approved the new budget on Tuesday after a long debate in the chamber that ran late. "
    "Members said the plan would fund schools, roads and parks for the next three years, and that taxes "
    "would not rise before the next election. The mayor called the vote a turning point for the town, "
    "and the opposition promised to review every line of the spending plan before the autumn session. "
    "Residents who spoke at the meeting were divided, with some praising the new library and others "
    "asking why the bus routes to the villages had been left out of the plan once again this year."
)


def test_comment_headers() -> None:
    from cleantext.steps.comments import is_comment_header

    case = load_json("steps/comments.json")[0]
    assert all(is_comment_header(h) for h in case["headers"]), case["headers"]
    assert not any(is_comment_header(h) for h in case["not_headers"])


@pytest.mark.parametrize("case", load_json("steps/comments.json")[1:], ids=lambda c: c["case"])
def test_drop_comments(case: dict) -> None:
    from cleantext.steps.comments import DropComments

    doc = DropComments()(case["text"].replace("ARTICLE", _ARTICLE))
    assert [r for _, _, r in doc.dropped()] == case["reasons"]
    assert _ARTICLE not in {t for _, t, _ in doc.dropped()}


def test_a_bare_name_right_under_the_headline_is_the_author() -> None:
    text = ("Floods hit the valley after heavy rain | Daily Courier\nFloods hit the valley after heavy rain\n"
            "Jane Doe\nHeavy rain caused the river to burst its banks overnight, officials said on Tuesday.")
    doc = (ExtractTitle() | ExtractByline())(text)
    assert doc.title == "Floods hit the valley after heavy rain" and doc.byline == "Jane Doe"
    # Without running text after it, a short capitalised line under the title is left alone.
    doc = (ExtractTitle() | ExtractByline())(text.replace("\nHeavy rain", "\nMore News\nHeavy rain"))
    assert doc.byline is None


def test_counters_take_labels_with_digits_but_not_a_year_in_brackets() -> None:
    doc = DropCounters()("March 2019 (12)\nThe Garden · Derek Jarman (1990)\nPhone X (2021)")
    assert [r for _, _, r in doc.dropped()] == ["structure:counter"]


def test_zones_keep_the_line_that_opens_the_first_paragraph() -> None:
    body = "The council voted on Tuesday to approve the new city budget for the year."
    colon = DropZones()(f"Home\nWhat the court held:\n{body}")
    assert _reasons(colon) == {"1": "structure:head_zone"}
    split = DropZones()("Home\nThe town council\nvoted on Tuesday to approve the new city budget for the year.")
    assert _reasons(split) == {"1": "structure:head_zone"}
    plain = DropZones()(f"Home\nLatest news\n{body}")
    assert _reasons(plain) == {"1": "structure:head_zone", "2": "structure:head_zone"}


def test_counters_leave_a_pages_few_bare_dates_for_the_byline_step() -> None:
    page = "Jane Example\n14.09.2022\n289\nThe council voted on Tuesday to approve the new city budget."
    assert [r for _, t, r in DropCounters()(page).dropped()] == ["structure:bare_number"]
    listing = "\n".join(f"0{d}.03.2021\nAd number {d} for a used bicycle in good condition." for d in range(1, 6))
    assert len(DropCounters()(listing).dropped()) == 5


def test_text_reason_filters_judge_each_distinct_text_once_per_page() -> None:
    """A filter that defines ``text_reason`` is asked once per distinct text across Converge's passes."""
    from cleantext.pipeline import LineFilter
    from cleantext.steps.converge import Converge

    asked: list[str] = []

    class DropShouting(LineFilter):
        name = "shouting"
        category = "shouting"

        def text_reason(self, text: str) -> str | None:
            asked.append(text)
            return "caps" if text.isupper() else None

    page = "STOP\nA quiet line of text.\nSTOP\nA quiet line of text."
    doc = Converge(DropShouting(), max_passes=3)(page)
    assert [reason for _, _, reason in doc.dropped()] == ["shouting:caps", "shouting:caps"]
    assert sorted(asked) == ["A quiet line of text.", "STOP"]
