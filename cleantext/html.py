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

from .build import build_pipeline
from .config import Config
from .document import Document
from .lexicon import phrase_key
from .pipeline import Pipeline
from .shape import word_count

#: Where a declared charset may sit: a BOM, ``<meta charset>``, or the
#: ``http-equiv`` content type, all within the first few kilobytes.
_SNIFF: Final = 4096
_META_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_BOMS: Final = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))

#: A metadata title this short that is also the site's name is the site, not the headline.
MAX_SITE_TITLE_WORDS: Final = 3

#: trafilatura's text is trusted unless it holds less than this share of the
#: words the text-level method keeps from the same page's visible text.
FALLBACK_SHARE: Final = 0.3

#: Word overlap above which two titles (or bylines) are the same one said differently.
SAME: Final = 0.8

_WORDS: Final = re.compile(r"\w+")


def decode_html(data: str | bytes) -> tuple[str, str]:
    """The page as text and the charset used: BOM, then the declared charset, then detection."""
    if isinstance(data, str):
        return data, "str"
    for bom, encoding in _BOMS:
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


#: Elements that start a new line in the page's visible text (as a scraper renders it).
_BLOCKS: Final = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead title tr ul".split()
)
_INVISIBLE: Final = frozenset({"script", "style", "noscript", "template", "svg"})
_SPACE_RUN: Final = re.compile(r"\s+")


def visible_text(html: str) -> str:
    """The page's visible text with one block element per line, as a naive scraper renders it.

    Used when trafilatura finds (next to) nothing: the text-level method then
    reads the whole page, chrome included, as it would a scraped text file.

    >>> visible_text("<html><head><title>T</title></head><body><p>One <b>two</b></p><div>Three<br>Four</div>"
    ...              "<script>x()</script></body></html>")
    'T\\nOne two\\nThree\\nFour'
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _INVISIBLE or not tag:
            if node.tail:
                pieces.append(node.tail)
            return
        block = tag in _BLOCKS
        if block:
            pieces.append("\n")
        if node.text:
            pieces.append(node.text)
        for child in node:
            walk(child)
        if block:
            pieces.append("\n")
        if node.tail:
            pieces.append(node.tail)

    walk(root)
    lines = (_SPACE_RUN.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _words(text: str | None) -> set[str]:
    return set(_WORDS.findall(text.casefold())) if text else set()


def _overlap(a: str | None, b: str | None) -> float:
    x, y = _words(a), _words(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def choose_title(html_title: str | None, text_title: str | None, sitename: str | None) -> tuple[str | None, str]:
    """The title and where it came from (``html``, ``text`` or ``none``).

    The page's metadata names its headline on purpose, so it wins, unless it
    is only the site's name ("The GiveWell Blog") while the text found a
    headline; when both say the same, the text's wording (what readers see)
    is kept.

    >>> choose_title("Floods hit the valley", "Floods Hit The Valley", None)
    ('Floods Hit The Valley', 'text')
    >>> choose_title("Daily Courier", "Floods hit the valley", "Daily Courier")
    ('Floods hit the valley', 'text')
    >>> choose_title("Floods hit the valley after a week of rain", "Subscribe now", None)
    ('Floods hit the valley after a week of rain', 'html')
    """
    if not html_title:
        return (text_title, "text") if text_title else (None, "none")
    if text_title and _overlap(html_title, text_title) >= SAME:
        return text_title, "text"
    site_only = word_count(html_title) <= MAX_SITE_TITLE_WORDS and _overlap(html_title, sitename) >= SAME
    if site_only and text_title:
        return text_title, "text"
    return html_title, "html"


def choose_byline(html_author: str | None, text_byline: str | None) -> tuple[str | None, str]:
    """The byline and where it came from: the text's byline when it names the metadata author
    (it keeps "By" and the outlet), else the metadata author, else the text's."""
    if html_author and text_byline and _words(html_author) <= _words(text_byline):
        return text_byline, "text"
    if html_author:
        return html_author, "html"
    return (text_byline, "text") if text_byline else (None, "none")


def html_config(config: Config | None = None) -> Config:
    """``config`` with the whole-page steps off (see the module docstring)."""
    return (config or Config()).replace(
        content_filter=False, drop_structure=False, extract_title=False, extract_byline=False
    )


_PIPELINES: dict[Config, Pipeline] = {}


def _pipeline(config: Config) -> Pipeline:
    if config not in _PIPELINES:
        _PIPELINES[config] = build_pipeline(config)
    return _PIPELINES[config]


def clean_html(html: str | bytes, *, url: str | None = None, config: Config | None = None, id: str | None = None) -> Document:
    """Clean one HTML page: trafilatura extracts, the cleantext pipeline cleans.

    ``doc.meta`` records ``text_source`` (``trafilatura``, or ``text`` when
    trafilatura found next to nothing and the page's visible text was cleaned
    instead), ``title_source`` and ``byline_source`` (``html``, ``text`` or
    ``none``), the ``charset`` used and the ``url``.
    """
    text, charset = decode_html(html)
    found = extract(text, url)
    doc = _pipeline(html_config(config))(Document.from_text(found.text, id=id))
    source = "trafilatura"
    fallback = _pipeline(config or Config())(Document.from_text(visible_text(text), id=id))
    if word_count(doc.body) < FALLBACK_SHARE * word_count(fallback.body):
        # trafilatura kept next to nothing of a page whose text has an article:
        # its extraction failed (a layout it does not know); read the page as text.
        doc, source = fallback, "text"
    title, title_source = choose_title(found.title, doc.title, found.sitename)
    if title:
        doc = _drop_title_repeats(doc, title)
    byline, byline_source = choose_byline(found.author, doc.byline)
    meta = {**doc.meta, "text_source": source, "title_source": title_source, "byline_source": byline_source,
            "charset": charset}
    if url:
        meta["url"] = url
    return doc.replace(title=title, byline=byline, meta=meta)


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
    """trafilatura alone, as ``extract`` above calls it: the baseline the HTML mode must beat."""
    return extract(html).text
