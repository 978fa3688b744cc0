"""Chrome rules beyond the phrase table: what the lexicon matches but must leave to a later step."""

from __future__ import annotations

from cleantext.datafiles import read_sections
from cleantext.lexicon import load_lexicon
from cleantext.steps.byline import names_author
from cleantext.steps.chrome import DropChrome


def test_a_copyright_line_naming_a_person_is_left_for_the_byline_step() -> None:
    page = "The council met on Tuesday and approved the budget.\n© 2021 Jane Example\n© Getty Images\nPrivacy Policy"
    dropped = {text: reason for _, text, reason in DropChrome()(page).dropped()}
    assert dropped == {"© Getty Images": "chrome:cookie_policy", "Privacy Policy": "chrome:cookie_policy"}


def test_copyright_holders_that_are_not_people_stay_chrome() -> None:
    assert names_author("Copyright © 2010-2020 Max Mustermann")
    assert not names_author("© 2020 Example Media GmbH")
    assert not names_author("© 2020 All rights reserved.")
    assert not names_author("© 2009-2012 Jane Example. Imprint & Privacy")


def test_copyright_holder_words_parse() -> None:
    words = read_sections("copyright.txt")["holder_words"]
    assert "images" in words and all(w == w.casefold().strip() for w in words)


def test_a_row_of_chrome_phrases_glued_into_one_line_is_chrome() -> None:
    page = (
        "The council met on Tuesday and approved the budget.\n"
        "Leave a Reply Cancel reply\nImpressum | Datenschutz\nEnglish Deutsch\nPrivacy matters.\nBack Home"
    )
    dropped = {text: reason for _, text, reason in DropChrome()(page).dropped()}
    # Phrases side by side make a row; picker options alone, a sentence, or words that
    # are not all phrases ("Back Home") do not.
    assert dropped == {"Leave a Reply Cancel reply": "chrome:comment_form", "Impressum | Datenschutz": "chrome:cookie_policy"}


def test_a_row_is_split_at_word_boundaries_only() -> None:
    lex = load_lexicon(("en",))
    assert lex.category("Share Print") == "share_counter"
    assert lex.category("SharePrint") is None  # one word: a name, not two buttons


def test_a_prefix_phrase_ends_where_a_word_ends() -> None:
    lex = load_lexicon(("en",))
    # "comment" is a form label; a body line that starts with "comments on" or "commentators" is not one.
    assert lex.category("Comment *") == "comment_form"
    assert lex.category("commentators warned of a Japanese economic juggernaut") is None
    assert lex.category("Names have been changed.") is None
    assert lex.category("Follow us on Twitter") == "share_counter"
    assert lex.category("Follow usability advice") is None
