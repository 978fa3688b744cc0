"""The byline step on attribution lines: publishing verbs, labels, dates, piece nouns, and what is not one."""

from __future__ import annotations

import pytest

from cleantext.steps.headline import ExtractTitle
from cleantext.steps.structure import DropCounters

from cleantext.steps.byline import ExtractByline, attribution, byline_reason, is_dateish, looks_like_people

BODY = "Der Stadtrat hat am Dienstag den neuen Haushalt für das kommende Jahr beschlossen."


@pytest.mark.parametrize(
    "line",
    [
        "Veröffentlicht am 12. Juni 2017 von gizzmo",
        "Posted on 2015-04-05 by marc | Leave a comment",
        "Posted in Allgemein by hansdampf on August 3, 2019",
        "Geschrieben von Lena am 25.08.2015 22:30 (120 x gelesen)",
        "Gespeichert von rasos42 am 24. Juli 2017 - 18:55",
        "Verfasst von: stadtkind | 31. Dezember 2008",
        "by oz on December 4, 2006",
        "12/04/2020 by Kay 24 Comments",
        "Dezember 10, 2019 · von waldlaeufer · in Allgemein · Hinterlasse einen Kommentar",
        "jeudi 13 juin 2019, par Marie Curie",
        "Publicado por Alberto Pérez",
        "Eine Kolumne von Nils Beispiel",
        "Ein Gastbeitrag von Anna Muster",
        "Blog Beitrag von Margarita Probe",
        "22. Januar 2020 @ 18:13 // Autor: x1y2 // ~ Lesezeit: 1 Minute",
        "Veröffentlicht: 05.01.2020 | Autor: gnom | Abgelegt unter: Fotografie | Tags: Himmel, Licht |5 Kommentare",
        "05.02.2020 - Redaktion: Eberhard Probe (Pressesprecher)",
        "Datum: 13. April 2017Autor: www.beispielblog.de",
        "1.11.23 20:19 von Lars Beispiel Lesezeit: 4 Min.",
        "Von: abc/dpa",
    ],
)
def test_attribution_lines(line: str) -> None:
    assert attribution(line), line
    assert byline_reason(line) == "author"


@pytest.mark.parametrize(
    "line",
    [
        "Published by Penguin Books in 2019, the novel won three prizes.",
        "Erstellt von der Stadt Wien",
        "3 Minuten vom S-Bahnhof Ostkreuz",
        "Report from the National Hotline",
        "A post shared by Chateau Exemple (@chateau)",
        "Ein Beitrag geteilt von Musterverein (@musterverein)",
        "Titel: Gregs Buch 10 – Mist! Autor: Jeff Probe Seiten: 224 Verlag: Beispiel",
        "Interview: Von Menschen und Tieren",
        "Unser Tipp im Juni: Von Mensch und Maulwurf",
        "Produkt X - von Grund auf ideal",
        "Test – iPhone5-Bumper von Athos: SmartWind Bumper",
        "Bern, 17.08.2007 - Rede von Moritz Muster beim Städtegipfel, Basel, 18. August 2007",
        "Powered by: Cookie Information",
        "President Jane Doe speaks about the storm, May 21, 2013. (Photo by: John Roe/AFP).",
    ],
)
def test_not_attribution_lines(line: str) -> None:
    assert not attribution(line), line


@pytest.mark.parametrize("line", ["Desktop Wallpaper März 2017", "Nachrichten Februar 2022", "Publication Date: November 2002"])
def test_month_and_year_is_not_a_name(line: str) -> None:
    """A month and a year read as a date, but the words beside them are no person."""
    assert byline_reason(line) is None


def test_dates_the_shared_pattern_misses() -> None:
    assert is_dateish("19 février 2020") and is_dateish("hace 3 horas") and is_dateish("4 de mayo de 2022")
    assert not is_dateish("Februar Ausgabe") and not is_dateish("Top 10 Filme")


def test_name_beside_a_publishing_note_with_a_relative_date() -> None:
    assert byline_reason("Jacobo Ejemplo Pérez | Publicado hace 3 horas") == "author"
    assert byline_reason("Sports Illustrated / 6 hours ago") is None


def test_label_with_role_after_the_name() -> None:
    assert byline_reason("Autorin: Uta Beispiel, Projektleiterin der Stiftung in Tunis.") == "author"
    assert byline_reason("Text: Die Stadt hat entschieden, dass alles bleibt.") is None


def test_name_ending_in_an_initial_under_a_label() -> None:
    doc = ExtractByline()(f"Par\nNicolas Exemple C.\n{BODY}")
    assert doc.byline == "Par\nNicolas Exemple C."


def test_section_label_beside_a_date_is_not_a_person() -> None:
    doc = ExtractByline()(f"Blog - Latest News\n12.03.2020\n{BODY}")
    assert doc.byline is None or "Blog" not in doc.byline


def test_several_names_on_one_line() -> None:
    assert looks_like_people("Clara Beispiel, Sid Probe & Klaus Muster")
    assert not looks_like_people("Politik, Wirtschaft und Kultur")


def test_repeated_post_headers_stay_but_the_first() -> None:
    """A blog index: one "Posted by" per post; the first names the page's own piece, the rest are content."""
    posts = "\n".join(f"Posted by jamie at 0{h}:29 PM | Permalink\n{BODY}" for h in range(1, 6))
    doc = ExtractByline()(posts)
    assert doc.byline == "Posted by jamie at 01:29 PM | Permalink"
    assert sum(1 for line in doc.lines if line.reason is None and line.text.startswith("Posted by")) == 4


def test_repeated_post_headers_are_idempotent() -> None:
    """Cleaning a thread's output again moves no further header: the next one sits below running text."""
    posts = "\n".join(f"by user{h} » Mon Sep 02, 2019 9:2{h} am\n{BODY}" for h in range(1, 6))
    step = ExtractByline()
    once = step(posts)
    assert once.byline == "by user1 » Mon Sep 02, 2019 9:21 am"
    twice = step(once.body)
    assert twice.byline is None and twice.body == once.body


def test_attribution_moves_to_the_byline() -> None:
    doc = ExtractByline()(f"Veröffentlicht am 12. Juni 2017 von gizzmo\n{BODY}")
    assert doc.byline == "Veröffentlicht am 12. Juni 2017 von gizzmo"
    assert [line.reason for line in doc.lines] == ["byline:author", None]


def test_idempotent_on_its_output() -> None:
    step = ExtractByline()
    once = step(f"Eine Kolumne von Nils Beispiel\n{BODY}\nVon: abc/dpa")
    twice = step(once.body)
    assert twice.byline is None and twice.body == once.body


ARTICLE = "\n".join(
    [
        "Die Gemeinde hat am Montag beschlossen, die alte Brücke über den Fluss zu sanieren.",
        "Die Arbeiten sollen im Frühjahr beginnen und bis zum Herbst dauern, sagte der Bürgermeister.",
        "Während der Bauzeit wird der Verkehr über eine Umleitung durch das Gewerbegebiet geführt.",
        "Die Kosten von rund zwei Millionen Euro trägt zum größten Teil das Land.",
    ]
)


def test_bare_name_above_the_article_beside_a_date_in_another_language() -> None:
    """The date pattern does not read "19 février 2020"; the name beside it is still the byline."""
    doc = ExtractByline()(f"Accueil\nPolitique\nJeanne Exemple\n19 février 2020\nMontréal\n{ARTICLE}")
    assert doc.byline == "Jeanne Exemple"


def test_bare_name_beside_a_date_the_counter_rule_dropped() -> None:
    doc = (DropCounters() | ExtractByline())(f"Inicio\nFederico Ejemplo\n03/05/2022 22:46\nClarin.com\n{ARTICLE}")
    assert doc.byline == "Federico Ejemplo"


def test_words_the_page_uses_in_lower_case_are_no_name() -> None:
    """ "Key Points" beside a date is a box heading when the page also writes "key points"."""
    text = f"Key Points\n12.03.2020\n{ARTICLE}\nThe key points were made by the council in its report on the bridge."
    assert ExtractByline()(text).byline is None


def test_name_under_the_headline_and_its_standfirst() -> None:
    standfirst = "Damit der Verkehr weiter fließt, baut die Stadt eine Umleitung durch das Gewerbegebiet."
    doc = (ExtractTitle() | ExtractByline())(f"Brücke wird saniert\n{standfirst}\nMarie Beispiel\n{ARTICLE}")
    assert doc.title == "Brücke wird saniert" and doc.byline == "Marie Beispiel"


def test_a_phrase_with_a_function_word_is_no_bare_name() -> None:
    doc = ExtractByline()(f"Ein Albtraum\n12.03.2020\n{ARTICLE}")
    assert doc.byline is None


def test_a_kicker_starting_with_von_is_no_byline() -> None:
    """ "Von Mob mit Macheten ermordet:" opens a headline; the name-like words after "Von" are no author."""
    assert byline_reason("Von Mob mit Macheten ermordet:") is None
    assert byline_reason("Von Ingo Arzt") == "author"


def test_a_copyright_line_naming_a_person_moves_to_the_byline() -> None:
    """A blog's footer "© 2019 Sven Schreivogel" names its author; an agency credit is no author."""
    doc = ExtractByline()(f"{BODY}\n© 2019 Sven Beispiel\n© Getty Images")
    assert doc.byline == "© 2019 Sven Beispiel"
    assert [line.reason for line in doc.lines] == [None, "byline:copyright", None]
    assert ExtractByline()(doc.body).byline is None
