"""Title extraction on small synthetic pages: the cases the headline step once missed."""

from __future__ import annotations

import pytest

import cleantext
from cleantext.steps.headline import ExtractTitle

_PARAGRAPH = (
    "The council met on Monday evening to discuss the new bridge over the river, "
    "and after a long debate the members agreed to fund the first stage of the work."
)


def test_title_in_opening_quotes_is_title_shaped() -> None:
    # German and French headlines often open with „ or » or «; the quote is no reason to doubt them.
    for headline in ("„Wir bauen die Brücke“", "»Die Brücke kommt«", "« Le pont arrive »", "{Brücke} im Bau"):
        doc = ExtractTitle()(f"{headline}\n{_PARAGRAPH}")
        assert doc.title == headline
        assert doc.body == _PARAGRAPH


def test_dangling_separator_is_trimmed_but_not_a_closing_guillemet() -> None:
    assert ExtractTitle()(f"Die Brücke kommt »\n{_PARAGRAPH}").title == "Die Brücke kommt"
    assert ExtractTitle()(f"»Die Brücke kommt«\n{_PARAGRAPH}").title == "»Die Brücke kommt«"


def test_quoted_title_kept_whole_when_quote_ends_it() -> None:
    doc = ExtractTitle()(f"„Es kommt darauf an, wie wir bauen“\n{_PARAGRAPH}")
    assert doc.title == "„Es kommt darauf an, wie wir bauen“"


def test_running_text_without_sentence_end_still_under_a_title() -> None:
    # A paragraph may end in a link; it is running text all the same.
    para = _PARAGRAPH[:-1] + " and more details are on the project page at https://example.org/bridge/"
    doc = ExtractTitle()(f"Council agrees to fund the new bridge\n{para}")
    assert doc.title == "Council agrees to fund the new bridge"
    assert doc.body == para


def test_short_lines_without_running_text_get_no_title() -> None:
    # The long-line fallback needs a long line: a list of short items is not running text.
    doc = ExtractTitle()("Council agrees to fund the new bridge\nHome\nNews\nContact us")
    assert doc.title is None


def test_title_survives_cleaning_its_own_output() -> None:
    # The full pipeline re-runs its steps on its output; a quoted title over a
    # paragraph ending in a link must be found again, not lost on the second pass.
    para = _PARAGRAPH[:-1] + " and the plans are online at https://example.org/bridge/"
    page = "\n".join([
        "„Die Brücke kommt“ | Stadtanzeiger",
        "Startseite",
        "Politik",
        "Sport",
        "„Die Brücke kommt“",
        para,
    ])
    doc = cleantext.clean(page, config=cleantext.Config(detect_language=False))
    assert doc.title is not None and "Brücke kommt" in doc.title
    again = cleantext.clean(doc.text, config=cleantext.Config(detect_language=False))
    assert again.title == doc.title


def test_site_name_cut_but_headline_continuation_kept() -> None:
    cases = {
        # a short part at the end is the site name
        "Council funds the new bridge | Daily Courier": "Council funds the new bridge",
        # a part opening with a lower-case function word goes on from the one before
        "Luftfahrt hebt nach Corona ab - und FACC profitiert": "Luftfahrt hebt nach Corona ab - und FACC profitiert",
        "Würde des Lebens – ein Projekt": "Würde des Lebens – ein Projekt",
        "Würde des Lebens – ein Projekt | Stadtanzeiger": "Würde des Lebens – ein Projekt",
        # a question is part of the headline, not a name
        "Remote Support mit Smart Glasses – Kundenservice der Zukunft?":
            "Remote Support mit Smart Glasses – Kundenservice der Zukunft?",
        # a domain is a site name, however it is written
        "Council funds the new bridge - dailycourier.com": "Council funds the new bridge",
    }
    for first, title in cases.items():
        assert ExtractTitle()(f"{first}\n{_PARAGRAPH}").title == title, first


def test_site_name_not_kept_for_a_capitalised_short_part() -> None:
    # "Die Zeit" opens with a function word, but capitalised: a name, cut as before.
    assert ExtractTitle()(f"Council funds the new bridge - Die Zeit\n{_PARAGRAPH}").title == "Council funds the new bridge"


def test_logo_line_repeating_the_site_name_is_not_the_title() -> None:
    # The <title> is "Headline – Site"; the logo line says the site's name
    # again. It matches the <title> in part, but it is not the headline.
    page = "\n".join([
        "Bridge opens at last – Daily Courier Online",
        "Daily Courier Online",
        "Home",
        "News",
        _PARAGRAPH,
    ])
    doc = ExtractTitle()(page)
    assert doc.title == "Bridge opens at last"


def test_headline_line_below_the_title_still_found_when_all_parts_are_short() -> None:
    # "Johannes | Podcast Hour": both parts could be names; the last is the site,
    # so a "Johannes" line over the text is the headline.
    page = "\n".join(["Johannes | Podcast Hour", "Podcast Hour", "Johannes", _PARAGRAPH])
    assert ExtractTitle()(page).title == "Johannes"


_SECOND = (
    "The work starts in spring, and the town expects the first cars to cross "
    "the new bridge before the end of next year, the mayor said."
)


_NAME_PARTS_PAGE = "\n".join([
    "Zeitphilosophie – Dr. Alexander Klier",
    "Dr. Alexander Klier",
    "Home",
    "Zeitphilosophie",
    _PARAGRAPH,
    _SECOND,
])


def test_name_like_part_printed_over_the_text_is_the_headline() -> None:
    # "Zeitphilosophie – Dr. Alexander Klier": both parts could be names. The
    # logo at the top says the site's name; the part said again right over
    # the article is the headline, though it is the shorter one.
    page = _NAME_PARTS_PAGE
    assert ExtractTitle()(page).title == "Zeitphilosophie"


def test_name_part_titles_are_stable_under_a_second_clean() -> None:
    page = _NAME_PARTS_PAGE
    config = cleantext.Config(detect_language=False)
    doc = cleantext.clean(page, config=config)
    assert doc.title == "Zeitphilosophie"
    again = cleantext.clean(doc.text, config=config)
    assert (again.title, again.body) == (doc.title, doc.body)


def test_short_first_part_set_off_by_a_dash_is_a_kicker() -> None:
    # "Kicker - Headline": the kicker belongs to the headline; a site name
    # is set off with "|" or "»", or is a domain, and is still cut.
    cases = {
        "Formel-1-Fahrercheck - AlphaTauri: Das können Gasly & Tsunoda":
        "Formel-1-Fahrercheck - AlphaTauri: Das können Gasly & Tsunoda",
        "Barcamp Graz 2015 – Politcamp Call for Action | murdelta": "Barcamp Graz 2015 – Politcamp Call for Action",
        # the kicker also leads a headline that is a short name continued ("HBDI – die Dritte")
        "Office 365 – HBDI – die Dritte | Damians Blog": "Office 365 – HBDI – die Dritte",
        # a first part long enough to be a headline is one, not a kicker
        "EFC Bayrische Bembel Regensburg - Eintracht stellt Weichen für die Zukunft - Presse":
        "Eintracht stellt Weichen für die Zukunft",
        "Stadtanzeiger | Council funds the new bridge over the river": "Council funds the new bridge over the river",
        "dailycourier.com - Council funds the new bridge over the river": "Council funds the new bridge over the river",
    }
    for first, title in cases.items():
        assert ExtractTitle()(f"{first}\n{_PARAGRAPH}").title == title, first


def test_first_line_said_again_word_for_word_beats_a_nearer_shorter_wording() -> None:
    # A first line with no site name to cut, said again word for word, is the
    # headline; a shorter wording nearer the text is its variant, dropped with
    # it, so that cleaning the output again finds the same title.
    page = "\n".join([
        "Mein Motto: Fazit und Pläne für 2020",
        "Frau Sabienes sagt",
        "Mein Motto: Fazit und Pläne für 2020",
        "17. Februar 2020",
        "Mein Motto: Fazit, Pläne",
        _PARAGRAPH,
        _SECOND,
    ])
    doc = ExtractTitle()(page)
    assert doc.title == "Mein Motto: Fazit und Pläne für 2020"
    assert "Mein Motto: Fazit, Pläne" not in doc.body
    config = cleantext.Config(detect_language=False)
    cleaned = cleantext.clean(page, config=config)
    again = cleantext.clean(cleaned.text, config=config)
    assert (cleaned.title, again.title) == (doc.title, doc.title)


def test_caption_openers_parse() -> None:
    from cleantext.datafiles import read_sections
    from cleantext.steps.headline import caption_openers

    assert read_sections("headline.txt")["caption"]
    assert all(o == o.casefold() and (o.endswith(":") or o.endswith(" ")) for o in caption_openers())


#: Pages whose headline the title step once missed: (lines, the title).
HEADLINE_PAGES = [
    # The logo line stands over a one-sentence tagline; the headline stands
    # over the article. Only the article counts as running text.
    pytest.param([
        "Need for Speed – Insubordinantes Denken",
        "Insubordinantes Denken",
        "Quäl dich nicht, mein Liebling, überlass das mir.",
        "Archiv",
        "Impressum",
        "Kontakt",
        "Suche",
        "Need for Speed",
        "11. August 2015",
        *[_PARAGRAPH, _SECOND] * 4,
    ], "Need for Speed", id="a_tagline_under_the_logo_is_not_running_text"),
    # The <h1> says the <title>'s headline part word for word; matched against
    # the headline part it scores full marks, and a later line that says only
    # part of it no longer ties with it as "nearest above the text".
    pytest.param([
        "Bridge plan approved by council | Courier",
        "Bridge plan approved by council",
        "Bridge plan approved by council after long night of debate",
        _PARAGRAPH,
    ], "Bridge plan approved by council", id="headline_said_alone_is_matched_without_the_site_name"),
    # "Ultium Cells" holds two of the headline's five words: a kicker, not the headline.
    pytest.param([
        "Ultium Cells erhöht Gigafactory-Kapazität - Battery-News.de",
        "Ultium Cells erhöht Gigafactory-Kapazität in Tennessee",
        "Ultium Cells",
        "Autor: Die Redaktion",
        _PARAGRAPH,
    ], "Ultium Cells erhöht Gigafactory-Kapazität in Tennessee", id="a_line_with_a_few_headline_words_does_not_restate_it"),
    # "Headline: more | Site" said again whole is a copy of the <title> (share
    # buttons and the like), not the headline; the <h1> near the text stays the title.
    pytest.param([
        "Tote Hummeln unter Linden: Die Erklärung | Hummeln",
        "Tote Hummeln unter Linden: Die Erklärung | Hummeln",
        "Start",
        "Tote Hummeln unter Linden",
        _PARAGRAPH,
    ], "Tote Hummeln unter Linden", id="copies_of_a_title_with_a_site_name_do_not_outweigh_the_h1"),
    # A caption may say the headline's words right above the text; it is a
    # caption all the same ("Bild: ...", "Photograph by ..."), never the title.
    pytest.param([
        "Eine Drohne über dem Flugzeugträger",
        "Startseite",
        "Bild: Eine Drohne über dem Flugzeugträger im Golf",
        _PARAGRAPH,
    ], "Eine Drohne über dem Flugzeugträger", id="a_caption_is_never_the_headline"),
    # A first line with no site name to cut is the headline (cleaned text
    # starts so); a recipe card below the paragraphs that says part of it
    # ("Zitronenkuchen vom Blech") is not, or every paragraph above the card
    # would lie before the title.
    pytest.param([
        "Saftiger Zitronenkuchen vom Blech",
        "Maße, Gewichte und Umrechnungen beim Backen",
        _PARAGRAPH,
        _SECOND,
        "Zitronenkuchen vom Blech",
        *[_PARAGRAPH, _SECOND] * 3,
    ], "Saftiger Zitronenkuchen vom Blech", id="a_shorter_restatement_below_a_whole_headline_is_a_card"),
    # A page's address printed under its headline: the slug holds the
    # headline's words, but an address is never a headline.
    pytest.param([
        "Man stabbed to death on Bay Area train",
        "https://www.example.com/news/article/Man-stabbed-to-death-on-Bay-Area-train-14848218.php",
        _PARAGRAPH,
    ], "Man stabbed to death on Bay Area train", id="a_web_address_is_never_the_headline"),
]


@pytest.mark.parametrize(("lines", "title"), HEADLINE_PAGES)
def test_headline_over_the_article(lines: list[str], title: str) -> None:
    assert ExtractTitle()("\n".join(lines)).title == title


def test_server_errors_over_the_page_are_not_the_title() -> None:
    # A broken WordPress prints PHP warnings above the <title>; they name a file and a line.
    errors = (
        "Strict Standards: Redefining already defined constructor for class wpdb in /www/htdocs/wp-db.php on line 56\n"
        "Deprecated: Assigning the return value of new by reference is deprecated in /www/htdocs/cache.php on line 36\n"
    )
    doc = cleantext.clean(f"{errors}Council agrees to fund the new bridge | Daily Courier\n{_PARAGRAPH}")
    assert doc.title == "Council agrees to fund the new bridge"
    assert [r for _, _, r in doc.dropped()][:2] == ["structure:server_error"] * 2
    assert doc.body == _PARAGRAPH


@pytest.mark.parametrize(
    "line",
    ["27.01.2022Council agrees to fund the new bridge", "Council agrees to fund the new bridgeen-GB2021-10-27T20:35:36+01:00"],
)
def test_date_glued_to_the_headline_is_cut_from_the_title(line: str) -> None:
    assert ExtractTitle()(f"{line}\n{_PARAGRAPH}").title == "Council agrees to fund the new bridge"


def test_date_set_off_by_a_space_stays_in_the_title() -> None:
    assert ExtractTitle()(f"Minutes of 10.10.2019 meeting\n{_PARAGRAPH}").title == "Minutes of 10.10.2019 meeting"
