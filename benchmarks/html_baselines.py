"""trafilatura alone, the way most users call it, for ``score.py --html-func`` and ``quality.py --html``.

``cleantext.html.trafilatura_text`` is trafilatura with the options the HTML
mode uses (``bare_extraction``, comments left out); this is the plain
one-liner, so the comparison shows both.
"""

from __future__ import annotations


def trafilatura_extract(html: str) -> str:
    """``trafilatura.extract(html)`` with every option at its default (comments and tables included)."""
    import trafilatura

    return trafilatura.extract(html) or ""
