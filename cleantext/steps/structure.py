"""Structural chrome: bare numbers, ``Label (6)`` counters, server error messages, lone short lines in head and tail."""

from __future__ import annotations

import re
from typing import Final

from ..document import Document
from ..pipeline import LineFilter, memo_table
from ..shape import MAX_UI_WORDS, ends_sentence, has_date, is_body_like, is_cjk_heavy, word_count

#: Numbers alone on a line are share, view and comment counters: "289", "1.2K", "0".
#: "At least one digit" is a look-ahead rather than ``[...]*\d[...]*``: two
#: runs of the same class around a digit can split a long run of digits in
#: quadratically many ways before a bad last character fails the match.
_BARE_NUMBER: Final = re.compile(r"(?=\D*\d)[\d\s.,:/%+\-–—()#]*[kKmM]?")

#: A page with more bare dates than this lists posts or ads, one date each;
#: with this few, a date is the article's own (see :class:`DropCounters`).
MAX_META_DATES: Final = 3

#: A short label with a count in brackets: "Articles (6)", "Comments (12)",
#: "December 2019 (6)" (archive months carry digits in the label). A year in
#: brackets is no count: "The Garden · Derek Jarman (1990)", "Apple iPhone SE
#: (2020)" name a work or a model in a list the article makes.
_COUNTER: Final = re.compile(r"[^()]{1,40} \((?!(?:19|20)\d\d\))\d[\d,.]*\)")


#: A PHP or server error printed into the page above the markup ("Warning:
#: mysql_connect(): ... in /www/htdocs/wp-db.php on line 56"): it names a
#: source file and a line, which no sentence of an article does.
_SERVER_ERROR: Final = re.compile(
    r"(?:PHP )?(?:Warning|Notice|Deprecated|Strict Standards|(?:Catchable )?Fatal error|Parse error)"
    r": .{1,500} in (?:/|[A-Za-z]:\\)\S* on line \d+"
)


#: Markup printed as text: a ``<noscript>`` tracking pixel or tag-manager
#: frame (``<img height="1" width="1" style="display:none" src=...>``) that a
#: naive text dump keeps. Only these elements, so a line an article writes in
#: angle brackets ("<The Palace: Jang Noksu>") is never taken for markup.
_MARKUP: Final = re.compile(
    r"<(?:img|iframe|a|div|span|script|noscript|source|video|audio|object|embed|link|meta|input|picture)"
    r"\s[^<>]*>.*", re.IGNORECASE | re.DOTALL,
)

#: A machine timestamp alone on a line ("2019-11-19T08:57:40+01:00"): the
#: page's metadata printed for scripts, never a date written for readers.
_TIMESTAMP: Final = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?")

#: Endings of the address of an image alone on a line: an ``<img>``'s source
#: shown as text. A link to a page may be the article's (a reference list), a
#: picture's address never is.
_IMAGE_ENDINGS: Final = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp")


class DropCounters(LineFilter):
    """Drops lines whose text alone shows they are page structure: bare numbers,
    ``Label (N)`` counters, error messages a broken site printed into its page,
    and what was printed for machines (markup, timestamps, image addresses).

    Server errors come in runs at the very top, before the ``<title>``, where
    they would pass for the headline and push the real one down.

    >>> [r for _, _, r in DropCounters()("289\\n0\\nArticles (6)\\nIn 2003 it changed.\\nMay 2019 (4)").dropped()]
    ['structure:bare_number', 'structure:bare_number', 'structure:counter', 'structure:counter']
    >>> doc = DropCounters()("Warning: mysql_connect(): Access denied in /www/wp-db.php on line 56\\nThe council met.")
    >>> [r for _, _, r in doc.dropped()], doc.body
    (['structure:server_error'], 'The council met.')
    >>> doc = DropCounters()('<img height="1" width="1" src="//px.example/p?id=1">\\n2019-11-19T08:57:40+01:00\\n'
    ...                      'https://cdn.example.com/img/photo-500.jpg\\nThe council met.')
    >>> [r for _, _, r in doc.dropped()], doc.body
    (['structure:markup', 'structure:timestamp', 'structure:image_url'], 'The council met.')
    """

    name = "counters"
    category = "structure"

    def decide(self, doc: Document) -> dict[int, str]:
        """Per-line verdicts, but a page's few bare dates ("14.09.2022") are left in.

        The byline step, which runs after this one, takes a bare name as
        the author when a date line stands beside it ("Julia Lauter" /
        "31.03.2020"); dropped here, the date could not vouch for the name.
        The zone rule and the content model drop the date later. Many bare
        dates are a listing's (one per post or ad) and go here. A line's
        own verdict (:meth:`text_reason`) is remembered for the page's passes.
        """
        verdicts = super().decide(doc)
        dates = [i for i, why in verdicts.items() if why == "bare_number" and has_date(doc.lines[i].text)]
        if len(dates) <= MAX_META_DATES:
            for i in dates:
                del verdicts[i]
        return verdicts

    def text_reason(self, text: str) -> str | None:
        return counter_reason(text)


def counter_reason(text: str) -> str | None:
    """``bare_number``, ``counter``, ``server_error``, ``markup``, ``timestamp`` or ``image_url``
    for a line that is one, from its text alone (so remembered per page)."""
    if len(text) <= 40 and _BARE_NUMBER.fullmatch(text):
        return "bare_number"
    if len(text) <= 40 and text[:1].isdigit() and _TIMESTAMP.fullmatch(text):
        return "timestamp"  # checked after bare numbers, which "2019-11-19 08:57" also is
    if text[:1] == "<" and text[-1:] == ">" and "=" in text and _MARKUP.fullmatch(text):
        return "markup"
    if text.startswith(("http://", "https://", "//")) and " " not in text and _is_image_address(text):
        return "image_url"
    if len(text) <= 60 and text[-1:] == ")" and _COUNTER.fullmatch(text):
        return "counter"  # the pattern ends in ")": most lines are ruled out before it runs
    if " on line " in text and _SERVER_ERROR.match(text):
        return "server_error"  # the phrase screens out all but error messages before the pattern runs
    return None


def _is_image_address(url: str) -> bool:
    """The address, less its query and fragment, names an image file."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return path.lower().endswith(_IMAGE_ENDINGS)


def _zone_shape(text: str) -> tuple[bool, bool]:
    """(body-like, lone short): what the zone rule asks of a line, remembered per text."""
    return is_body_like(text), is_lone_short(text)


def is_lone_short(text: str) -> bool:
    """A short line with no sentence ending: a label, a menu item, a button."""
    if ends_sentence(text):
        return False
    if is_cjk_heavy(text):
        return len(text) <= MAX_UI_WORDS * 2
    return word_count(text) <= MAX_UI_WORDS


class DropZones(LineFilter):
    """Drops lone short lines before the first and after the last paragraph of running text.

    Chrome gathers at the head (menus, pickers) and tail (footers, tag
    clouds) of a page; a short line there is almost never article text. A
    page with no running text at all is left alone: with no article to
    anchor on, every short line might be the content.
    """

    name = "zones"
    category = "structure"

    def decide(self, doc: Document) -> dict[int, str]:
        kept = [(i, line.text) for i, line in enumerate(doc.lines) if line.reason is None and line.text]
        shape = memo_table(self, _zone_shape)
        shapes = [shape[text] for _, text in kept]
        body = [k for k, (body_like, _) in enumerate(shapes) if body_like]
        if not body:
            return {}
        first, last = body[0], body[-1]
        verdicts: dict[int, str] = {}
        for k, (i, _) in enumerate(kept):
            if (k < first or k > last) and shapes[k][1]:
                verdicts[i] = "head_zone" if k < first else "tail_zone"
        if first and leads_into(kept[first - 1][1], kept[first][1]):
            verdicts.pop(kept[first - 1][0], None)
        return verdicts


def leads_into(line: str, paragraph: str) -> bool:
    """``line`` opens the ``paragraph`` under it, so it is the article's and not head chrome.

    A line that ends in a colon announces what follows ("Leitsätze des
    Gerichts:", "Dear Mack:"); a paragraph that starts in lower case goes on
    with the sentence the line above began, split where a link or a bold
    phrase broke the markup ("Der Plakatwettbewerb für Kinder" / "findet
    2020 zum 6. Mal statt."). Menus and pickers do neither. The zone rule
    then leaves the line to the content model.

    >>> leads_into("Zutaten:", "Alle Zutaten in eine Schüssel geben und gut verrühren."), leads_into("Home", "The council met.")
    (True, False)
    >>> leads_into("Home Depot", "are dropping in premarket trading after the company cut its forecast.")
    True
    """
    return line.endswith(":") or paragraph[:1].islower()
