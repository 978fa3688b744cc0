"""Chrome rules beyond the phrase table: what the lexicon matches but must leave to a later step."""

from __future__ import annotations

from cleantext.datafiles import read_sections
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
