"""A page's visible text as a scraper renders it, with what the markup says about each line.

The HTML mode needs the page three ways besides trafilatura's extraction:
its visible text (one block element per line, the text-level method's input
when trafilatura misses the article), how much of each line is link text
(menus, teasers and "related" lists are links; articles are not), and the
``<h1>`` headings (the headline as readers see it). One lxml parse gives all
three.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

#: Elements that start a new line in the page's visible text (as a scraper renders it).
BLOCKS: Final = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead title tr ul".split()
)
INVISIBLE: Final = frozenset({"script", "style", "noscript", "template", "svg"})
_SPACE_RUN: Final = re.compile(r"\s+")


@dataclass(frozen=True)
class PageView:
    """The visible lines of a page, the share of each line's characters inside links, its ``<h1>`` texts."""

    lines: tuple[str, ...]
    link_shares: tuple[float, ...]
    headings: tuple[str, ...]

    @property
    def text(self) -> str:
        """The visible text, one block per line."""
        return "\n".join(self.lines)

    def link_share(self, numbers: Iterable[int]) -> float:
        """Word-weighted link share of the lines with these 1-based numbers (0 when there are none)."""
        words = linked = 0.0
        for n in numbers:
            count = len(self.lines[n - 1].split())
            words += count
            linked += count * self.link_shares[n - 1]
        return linked / words if words else 0.0


def view_page(html: str) -> PageView:
    """Render ``html`` the way the devset's and Common Crawl's WET text is rendered.

    >>> page = view_page('<html><head><title>T</title></head><body><h1>Big <i>news</i></h1>'
    ...                  '<p>One <a href="/x">two</a></p><div>Three<br>Four</div><script>x()</script></body></html>')
    >>> page.lines, page.headings
    (('T', 'Big news', 'One two', 'Three', 'Four'), ('Big news',))
    >>> page.link_shares[2]
    0.5
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        # huge_tree: libxml2 otherwise stops at 256 levels of nesting and returns
        # an empty page, with nothing to say why (generated markup nests deeper).
        # Its hard limit, about 2,000 levels, stays.
        root = lxml_html.fromstring(html, parser=lxml_html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return PageView((), (), ())
    pieces: list[tuple[str, bool]] = []  # text, and whether it sits inside a link
    headings: list[str] = []
    # Depth first with a stack of its own, not recursion: the nesting of a page
    # is the page's to choose, Python's recursion limit is not.
    ENTER, CLOSE_BLOCK, CLOSE = 0, 1, 2
    stack: list[tuple[Any, bool, int]] = [(root, False, ENTER)]
    while stack:
        node, in_link, state = stack.pop()
        if state != ENTER:
            if state == CLOSE_BLOCK:
                pieces.append(("\n", False))
            if node.tail:
                pieces.append((node.tail, in_link))
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in INVISIBLE or not tag:
            if node.tail:
                pieces.append((node.tail, in_link))
            continue
        if tag == "h1":
            heading = _SPACE_RUN.sub(" ", node.text_content()).strip()
            if heading:
                headings.append(heading)
        inner = in_link or tag == "a"
        block = tag in BLOCKS
        if block:
            pieces.append(("\n", False))
        if node.text:
            pieces.append((node.text, inner))
        stack.append((node, in_link, CLOSE_BLOCK if block else CLOSE))
        stack.extend((child, inner, ENTER) for child in reversed(node))
    return _lines(pieces, tuple(headings))


def _lines(pieces: list[tuple[str, bool]], headings: tuple[str, ...]) -> PageView:
    """Join the pieces into non-empty lines, each with its share of link characters."""
    lines: list[str] = []
    shares: list[float] = []
    current: list[tuple[str, bool]] = []

    def flush() -> None:
        text = _SPACE_RUN.sub(" ", "".join(s for s, _ in current)).strip()
        if text:
            chars = sum(len(s) - s.count(" ") for s, _ in current)
            linked = sum(len(s) - s.count(" ") for s, link in current if link)
            lines.append(text)
            shares.append(linked / chars if chars else 0.0)
        current.clear()

    for text, in_link in pieces:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                flush()
            if part:
                current.append((_SPACE_RUN.sub(" ", part), in_link))
    flush()
    return PageView(tuple(lines), tuple(shares), headings)


def visible_text(html: str) -> str:
    """The page's visible text with one block element per line, as a naive scraper renders it.

    >>> visible_text("<html><head><title>T</title></head><body><p>One <b>two</b></p><div>Three<br>Four</div>"
    ...              "<script>x()</script></body></html>")
    'T\\nOne two\\nThree\\nFour'
    """
    return view_page(html).text
