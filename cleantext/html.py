"""HTML input: trafilatura finds the main content in the markup, cleantext cleans what it finds.

trafilatura reads the page's structure (tags, link density, its own rules)
and returns the main text with one paragraph per line, plus the title and
author from the page's metadata. What it keeps still carries chrome a text
cleaner knows: share-button labels, "Related stories" lines, comment
threads, cookie notices, mojibake. So its text goes through the cleantext
pipeline, and every line that leaves has a reason as usual.

The text-level steps that judge a line by its place in a whole scraped page
(head and tail zones, the content model) are off here: trafilatura already
cut the page down to its main block, and the scraped page's shape they were
made for is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from .batchio import BOMS, SURROGATE
from .build import default_pipeline
from .config import Config
from .document import Document
from .htmlview import PageView, view_page, visible_text  # noqa: F401  (visible_text: re-exported)
from .lexicon import phrase_key
from .shape import word_count, word_overlap, word_set

#: Where a declared charset may sit: a BOM, ``<meta charset>``, or the
#: ``http-equiv`` content type, all within the first few kilobytes.
_SNIFF: Final = 4096
_META_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)

#: A metadata title this short that is also the site's name is the site, not the headline.
MAX_SITE_TITLE_WORDS: Final = 3

#: trafilatura's text is trusted unless it holds less than this share of the
#: words the text-level method keeps from the same page's visible text.
FALLBACK_SHARE: Final = 0.3

#: ... and only when what the text-level method keeps is prose, not links: past
#: this share of link text the extra words are teasers, "related" lists and menus
#: (boilerpipe's link density), which trafilatura was right to leave. Blog pages
#: whose several posts trafilatura cuts to one sit near 0.03, teaser walls near 0.8.
MAX_FALLBACK_LINK_SHARE: Final = 0.2

#: ... and only up to this many times trafilatura's words: an article missed
#: by that much is rarer than a long reader discussion under the article that
#: the text-level comment rules did not recognise (a 500-word post with 11,000
#: words of comments), where trafilatura's single container is the right reading.
MAX_FALLBACK_GROWTH: Final = 10

#: Below this many words trafilatura found no article at all, and the growth cap
#: does not apply: any prose reading of the page beats next to nothing.
MIN_ARTICLE_WORDS: Final = 50

#: Word overlap above which two titles (or bylines) are the same one said differently.
SAME: Final = 0.8



def decode_html(data: str | bytes) -> tuple[str, str]:
    """The page as text and the charset used: BOM, then the declared charset, then detection."""
    if isinstance(data, str):
        # A lone surrogate cannot reach libxml2 (the text after it would be
        # cut off, with no reason given): U+FFFD, as the text mode's encoding step does.
        return SURROGATE.sub("\ufffd", data), "str"
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"clean_html() takes the page as str or bytes, not {type(data).__name__}")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace"), encoding
    declared = _META_CHARSET.search(data[:_SNIFF])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall through to the bytes themselves
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return data.decode("utf-8", "replace"), "utf-8 (replaced)"
    return str(best), best.encoding


@dataclass(frozen=True)
class Extracted:
    """What trafilatura found: main text (a paragraph per line), title, author, site name."""

    text: str
    title: str | None
    author: str | None
    sitename: str | None


def extract(html: str, url: str | None = None) -> Extracted:
    """Main text and metadata with trafilatura (imported here: plain-text users never load it)."""
    import trafilatura

    found: Any = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if found is None:
        return Extracted("", None, None, None)
    return Extracted(found.text or "", found.title or None, found.author or None, found.sitename or None)


def _overlap(a: str | None, b: str | None) -> float:
    return word_overlap(word_set(a), word_set(b))


def choose_title(
    html_title: str | None, text_title: str | None, sitename: str | None, headings: tuple[str, ...] = ()
) -> tuple[str | None, str]:
    """The title and where it came from (``html``, ``text`` or ``none``).

    The page's metadata names its headline on purpose, so it wins, worded as
    readers see it: an ``<h1>`` that the metadata title contains is the same
    headline without the site's decorations ("LinkNaija | ...: <h1>",
    "<h1> - WSJ"). A metadata title that is only the site's name ("The GiveWell
    Blog") yields to a headline the text found; other parts that name the site
    are cut. When metadata and text say the same, the text's wording is kept.

    >>> choose_title("Floods hit the valley", "Floods Hit The Valley", None)
    ('Floods Hit The Valley', 'text')
    >>> choose_title("Daily Courier", "Floods hit the valley", "Daily Courier")
    ('Floods hit the valley', 'text')
    >>> choose_title("Floods hit the valley after a week of rain", "Subscribe now", None)
    ('Floods hit the valley after a week of rain', 'html')
    >>> choose_title("Daily Courier: Floods hit the valley", None, None, ("Daily Courier", "Floods hit the valley"))
    ('Floods hit the valley', 'html')
    >>> choose_title("Floods hit the valley | Daily Courier", None, "Daily Courier")
    ('Floods hit the valley', 'html')
    """
    if not html_title:
        if text_title:
            return text_title, "text"
        return (headings[0], "html") if len(headings) == 1 else (None, "none")
    if text_title and _overlap(html_title, text_title) >= SAME:
        return text_title, "text"
    shown = _shown_headline(html_title, headings)
    if shown:
        return shown, "html"
    site_only = word_count(html_title) <= MAX_SITE_TITLE_WORDS and _overlap(html_title, sitename) >= SAME
    if site_only and text_title:
        return text_title, "text"
    return _without_site(html_title, sitename), "html"


#: A heading shorter than this is a section label ("News"), not a headline.
MIN_HEADLINE_WORDS: Final = 2

#: Separators between a headline and the site's name in a ``<title>``.
#: Lookarounds rather than ``\s+`` on both sides, so a long run of spaces cannot backtrack.
_TITLE_PARTS: Final = re.compile(r"(?<=\s)[\-\u2013\u2014:\u00bb\u00b7\u2022/]+(?=\s)|\|")


def _shown_headline(html_title: str, headings: tuple[str, ...]) -> str | None:
    """The ``<h1>`` whose words the metadata title holds (most alike first), if any."""
    title_words = word_set(html_title)
    best, best_score = None, 0.0
    for heading in headings:
        words = word_set(heading)
        if len(words) < MIN_HEADLINE_WORDS or len(words & title_words) < SAME * len(words):
            continue
        score = len(words & title_words) / len(words | title_words)
        if score > best_score:
            best, best_score = heading, score
    return best


def _without_site(html_title: str, sitename: str | None) -> str:
    """``html_title`` without the separator-delimited parts that name the site."""
    if not sitename:
        return html_title
    parts = [part.strip() for part in _TITLE_PARTS.split(html_title) if part.strip()]
    kept = [part for part in parts if _overlap(part, sitename) < SAME]
    return " - ".join(kept) if kept and len(kept) < len(parts) else html_title


def choose_byline(html_author: str | None, text_byline: str | None) -> tuple[str | None, str]:
    """The byline and where it came from: the text's byline when it names the metadata author
    (it keeps "By" and the outlet), else the metadata author, else the text's."""
    if html_author and text_byline and word_set(html_author) <= word_set(text_byline):
        return text_byline, "text"
    if html_author:
        return html_author, "html"
    return (text_byline, "text") if text_byline else (None, "none")


def html_config(config: Config | None = None) -> Config:
    """``config`` with the whole-page steps off (see the module docstring)."""
    return (config or Config()).replace(
        content_filter=False, drop_structure=False, extract_title=False, extract_byline=False
    )


def clean_html(html: str | bytes, *, url: str | None = None, config: Config | None = None, id: str | None = None) -> Document:
    """Clean one HTML page: trafilatura extracts, the cleantext pipeline cleans.

    ``doc.meta`` records ``text_source`` (``trafilatura``, or ``text`` when
    trafilatura found next to nothing and the page's visible text was cleaned
    instead), ``title_source`` and ``byline_source`` (``html``, ``text`` or
    ``none``), the ``charset`` used and the ``url``.
    """
    text, charset = decode_html(html)
    found = extract(text, url)
    page = view_page(text)
    doc = default_pipeline(html_config(config))(Document.from_text(found.text, id=id))
    source = "trafilatura"
    fallback = _fallback(doc, page, config, id)
    if fallback is not None:
        doc, source = fallback, "text"
    title, title_source = choose_title(found.title, doc.title, found.sitename, page.headings)
    if title:
        doc = _drop_title_repeats(doc, title)
    byline, byline_source = choose_byline(found.author, doc.byline)
    meta = {**doc.meta, "text_source": source, "title_source": title_source, "byline_source": byline_source,
            "charset": charset}
    if url:
        meta["url"] = url
    return doc.replace(title=title, byline=byline, meta=meta)


def _fallback(doc: Document, page: PageView, config: Config | None, id: str | None) -> Document | None:
    """The page's visible text cleaned in text mode, when it holds an article trafilatura missed.

    trafilatura picks one container; on a page of several posts, or a layout
    it does not know, it keeps a fraction of the article. When the text-level
    method keeps several times more, and what it keeps is prose rather than
    link lists, its reading wins; unless it keeps over ten times more, which
    is a discussion or an archive around an article trafilatura did find. The
    text pipeline (the costly part) runs only when the visible text alone is
    large enough to outweigh trafilatura's.
    """
    kept = word_count(doc.body)
    if kept >= FALLBACK_SHARE * sum(len(line.split()) for line in page.lines):
        return None
    fallback = default_pipeline(config)(Document.from_text(page.text, id=id))
    found = word_count(fallback.body)
    if kept >= FALLBACK_SHARE * found:
        return None
    if kept >= MIN_ARTICLE_WORDS and found > MAX_FALLBACK_GROWTH * kept:
        return None
    if page.link_share(line.number for line in fallback.kept()) > MAX_FALLBACK_LINK_SHARE:
        return None
    return fallback


#: trafilatura often starts its text with the ``<h1>``; only the first lines are compared.
TITLE_REPEAT_REACH: Final = 3


def _drop_title_repeats(doc: Document, title: str) -> Document:
    """Drop the first lines that say the title again (``headline:repeat``): it is in ``doc.title`` now."""
    key = phrase_key(title)
    lines = list(doc.lines)
    seen = 0
    for i, line in enumerate(lines):
        if line.reason is not None or not line.text:
            continue
        if phrase_key(line.text) == key:
            lines[i] = line._replace(reason="headline:repeat")
        seen += 1
        if seen >= TITLE_REPEAT_REACH:
            break
    return doc.replace(lines=tuple(lines))


def html_to_text(html: str) -> str:
    """``clean_html(html).text``: the str-to-str form the devset scorer calls."""
    return clean_html(html).text


def html_to_body(html: str) -> str:
    """``clean_html(html).body``: the text without the title, as trafilatura's own text comes."""
    return clean_html(html).body


def trafilatura_text(html: str) -> str:
    """trafilatura alone, as ``extract`` above calls it: the baseline the HTML mode must beat.

    (``trafilatura.extract(html)`` with its defaults scores lower on the devset,
    since it appends comments; ``benchmarks/html_baselines.py`` has it.)"""
    return extract(html).text
