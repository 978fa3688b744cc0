"""Byline split: author lines, source attributions, outlet labels, team signatures."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from ..document import Document, Line
from ..lexicon import phrase_key
from ..pipeline import Extractor
from ..shape import is_body_like, word_count

#: "By Jane Doe", "Von Max Muster", "Por Ana Ruiz", "Par Jean Dupont" ... The
#: name part is checked separately, so "By then, approximately ..." stays.
_AUTHOR: Final = re.compile(
    r"(?:(?:written|posted|reported|words|text|story)\s+by|by|von|por|par|di|door|av|af|przez|"
    r"autor(?:in)?|author|auteur|autore|автор|texto|text|redakteur(?:in)?)\s*:?\s+(?P<name>.+)",
    re.IGNORECASE,
)

#: Words allowed in a name besides capitalised ones.
_NAME_JOINERS: Final = frozenset(
    "and und y e et en de da das do dos del della di du la le van von der den ten zu al bin ibn & · | , -".split()
)

#: "Source: Aljazeera", "Quelle: dpa", "Fuente: EFE".
_SOURCE: Final = re.compile(
    r"(?:source|sources|quelle|quellen|fuente|fuentes|fonte|fontes|bron|bronnen|источник|źródło|kilde|källa)\s*:\s*\S.*",
    re.IGNORECASE,
)

#: A signature of a newsroom rather than a person: "CiberCuba Editorial Team".
_SIGNATURE: Final = re.compile(
    r".{0,60}\b(?:editorial team|editorial staff|editorial board|staff|team|desk|newsroom|editors|"
    r"redaktion|redacción|rédaction|redazione|redactie|redação|редакция)",
    re.IGNORECASE,
)

MAX_NAME_WORDS: Final = 8
MAX_SOURCE_WORDS: Final = 12
MAX_OUTLET_WORDS: Final = 3
MAX_SIGNATURE_WORDS: Final = 6

#: A signature counts only among the last few lines, where sites put it; the
#: lines after it there are the publisher's bio.
SIGNATURE_TAIL: Final = 3


def looks_like_name(text: str) -> bool:
    """Capitalised words with joiners, optionally followed by ", outlet" or "| date".

    >>> looks_like_name("Jane Doe and John Smith, Reuters")
    True
    >>> looks_like_name("then, approximately 15,000 Soviet soldiers had been killed.")
    False
    """
    head = re.split(r"\s*[,|·•]\s*|\s+[-–—]\s+", text, maxsplit=1)[0]
    words = head.split()
    if not words or len(words) > MAX_NAME_WORDS or text.endswith("."):
        return False
    capitals = 0
    for w in words:
        if w.lower() in _NAME_JOINERS:
            continue
        if not (w[0].isupper() or w[0] == "@"):
            return False
        capitals += 1
    return capitals >= 1


def byline_reason(text: str) -> str | None:
    """``author`` or ``source`` for a byline line, else ``None``."""
    if word_count(text) > MAX_SOURCE_WORDS + 4:
        return None
    m = _AUTHOR.fullmatch(text)
    if m and looks_like_name(m.group("name")):
        return "author"
    if _SOURCE.fullmatch(text) and word_count(text) <= MAX_SOURCE_WORDS:
        return "source"
    return None


def byline_text(lines: Iterable[Line]) -> str | None:
    """The byline field: texts of ``byline:*`` lines, each once, in page order."""
    seen: dict[str, None] = {}
    for line in lines:
        if line.reason is not None and line.reason.startswith("byline:") and line.text:
            seen.setdefault(line.text, None)
    return "\n".join(seen) if seen else None


class ExtractByline(Extractor):
    """Moves author and source lines, repeated outlet labels and signatures to ``doc.byline``.

    >>> doc = ExtractByline()("By Jane Doe\\nThe minister spoke to reporters on Thursday morning.\\nSource: Aljazeera")
    >>> doc.byline
    'By Jane Doe\\nSource: Aljazeera'
    """

    name = "byline"

    def apply(self, doc: Document) -> Document:
        kept = [(i, line.text) for i, line in enumerate(doc.lines) if line.reason is None and line.text]
        if not kept:
            return doc
        verdicts: dict[int, str] = {}
        for i, text in kept:
            why = byline_reason(text)
            if why:
                verdicts[i] = why
        body = [k for k, (_, t) in enumerate(kept) if is_body_like(t)]
        if body:
            self._tail(kept, body[-1], verdicts)
        if not verdicts:
            return doc
        lines = list(doc.lines)
        for i, why in verdicts.items():
            lines[i] = lines[i]._replace(reason="byline:" + why)
        return doc.replace(lines=tuple(lines), byline=byline_text(lines))

    @staticmethod
    def _tail(kept: list[tuple[int, str]], last_body: int, verdicts: dict[int, str]) -> None:
        """Outlet labels repeated after the article, and a closing newsroom signature."""
        tail = kept[last_body + 1 :]
        counts: dict[str, int] = {}
        for _, text in tail:
            if word_count(text) <= MAX_OUTLET_WORDS and len(text) <= 40 and text[-1].isalnum():
                key = phrase_key(text)
                counts[key] = counts.get(key, 0) + 1
        for i, text in tail:
            if counts.get(phrase_key(text), 0) > 1 and i not in verdicts:
                verdicts[i] = "outlet"
        start = max(0, len(kept) - SIGNATURE_TAIL)
        for k in range(start, len(kept)):
            i, text = kept[k]
            if word_count(text) <= MAX_SIGNATURE_WORDS and _SIGNATURE.fullmatch(text) and text[0].isupper():
                verdicts[i] = "signature"
                for j, _ in kept[k + 1 :]:
                    verdicts.setdefault(j, "bio")
                break
