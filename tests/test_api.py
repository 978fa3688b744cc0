"""The public API: clean(), Document, Pipeline composition, Config."""

from __future__ import annotations

import pytest

import cleantext
from cleantext import Config, ConfigError, Document, Fix, Pipeline, build_pipeline
from cleantext.steps.chrome import DropChrome
from cleantext.steps.whitespace import NormalizeWhitespace


def test_clean_refuses_bytes_with_advice() -> None:
    with pytest.raises(TypeError, match="decode"):
        cleantext.clean(b"bytes")  # type: ignore[arg-type]


def test_empty_and_blank_input() -> None:
    for text in ("", "\n\n", "   \n\t\n"):
        doc = cleantext.clean(text)
        assert doc.text == "" and doc.title is None and doc.lang is None and doc.dropped() == []


def test_document_is_immutable() -> None:
    doc = cleantext.clean("The council voted on Tuesday to approve the new city budget.")
    with pytest.raises(AttributeError):
        doc.title = "x"  # type: ignore[misc]


def test_text_is_title_blank_line_body() -> None:
    doc = cleantext.clean("Budget Passes After Long Debate\nThe council voted on Tuesday to approve the budget.")
    assert doc.text == "Budget Passes After Long Debate\n\nThe council voted on Tuesday to approve the budget."


def test_pipeline_composition_flattens_and_runs_lazily() -> None:
    p = Fix(str.strip) | (NormalizeWhitespace() | DropChrome())
    assert isinstance(p, Pipeline) and len(p.steps) == 3
    seen: list[str] = []

    def source():
        for text in ("Share\nA sentence that stays here.", "Menu\nAnother sentence stays."):
            seen.append(text)
            yield text

    out = p.run(source())
    assert seen == []  # nothing happens until asked
    first = next(out)
    assert first.body == "A sentence that stays here." and len(seen) == 1
    assert [d.body for d in out] == ["Another sentence stays."]


def test_pipeline_rejects_non_steps() -> None:
    with pytest.raises(TypeError, match="Fix"):
        Pipeline([str.strip])  # type: ignore[list-item]


def test_filters_never_touch_dropped_lines() -> None:
    doc = (DropChrome() | Fix(lambda s: s.upper()))("Share\nkept line here")
    assert doc.dropped() == [(1, "Share", "chrome:share_counter")]
    assert doc.body == "KEPT LINE HERE"


def test_config_validation_names_the_key() -> None:
    with pytest.raises(ConfigError, match="'colour'"):
        Config.from_mapping({"colour": True})
    with pytest.raises(ConfigError, match="'max_passes'"):
        Config.from_mapping({"max_passes": "three"})
    assert Config().replace(detect_language=False).detect_language is False


def test_config_from_pyproject(tmp_path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.cleantext]\ndetect_language = false\nchrome_languages = ['en']\n")
    cfg = Config.from_toml(path, table="tool.cleantext")
    assert cfg.detect_language is False and cfg.chrome_languages == ("en",)
    path.write_text("[tool.cleantext\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        Config.from_toml(path, table="tool.cleantext")


def test_build_pipeline_follows_config() -> None:
    names = [type(s).__name__ for s in build_pipeline(Config(detect_language=False)).steps]
    assert names == ["Converge"]
    doc = cleantext.clean("Share\nThe council voted on Tuesday to approve it.", config=Config(drop_chrome=False, drop_structure=False, extract_title=False, content_filter=False))
    assert "Share" in doc.body


def test_line_endings_give_the_same_document() -> None:
    text = "Title Of The Story Here\nThe council voted on Tuesday to approve the budget.\nShare"
    docs = [cleantext.clean(text.replace("\n", sep)) for sep in ("\n", "\r\n", "\r")]
    assert docs[0].text == docs[1].text == docs[2].text
    assert docs[0].dropped() == docs[1].dropped() == docs[2].dropped()


def test_form_feed_does_not_split_lines() -> None:
    assert len(Document.from_text("a\x0cb\u2028c").lines) == 1


def test_config_built_in_python_is_checked_like_a_file() -> None:
    from cleantext import Config
    from cleantext.config import ConfigError

    assert Config(chrome_languages=["en"]).chrome_languages == ("en",)  # the TOML form, as a tuple
    assert cleantext.clean("Home\nThe council voted on Tuesday to approve the new budget after a debate.",
                           config=Config(chrome_languages=["en"])).text.startswith("The council")
    with pytest.raises(ConfigError, match="max_passes"):
        Config(max_passes="x")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="content_share"):
        Config(content_share=1.5)


def test_documents_are_immutable_whatever_their_meta_was_built_from() -> None:
    doc = cleantext.clean_html("<h1>Budget</h1><p>The council voted on Tuesday to approve the new city budget "
                               "after a long debate about schools and roads.</p>")
    with pytest.raises(TypeError):
        doc.meta["x"] = 1  # type: ignore[index]
    source = {"a": 1}
    made = cleantext.Document.from_text("x").replace(meta=source)
    source["a"] = 2
    assert made.meta["a"] == 1


def test_documents_pickle_and_copy() -> None:
    import copy
    import pickle

    for doc in (cleantext.clean("Head line\nThe council voted on Tuesday to approve the new budget after a debate."),
                cleantext.clean_html("<h1>Budget</h1><p>The council voted on Tuesday to approve the new city "
                                     "budget after a long debate about schools and roads.</p>")):
        again = pickle.loads(pickle.dumps(doc))
        assert again == doc and dict(again.meta) == dict(doc.meta)
        assert copy.deepcopy(doc).text == doc.text
        with pytest.raises(TypeError):
            again.meta["x"] = 1  # type: ignore[index]
