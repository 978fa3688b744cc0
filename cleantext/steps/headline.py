"""Headline handling: find the title, keep it once, drop its repeats and breadcrumbs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import Final

from ..datafiles import read_sections
from ..document import Document
from ..lexicon import phrase_key, phrase_keys
from ..linefeatures import function_words
from ..memo import memo_table
from ..pipeline import Extractor
from ..shape import BODY_MIN_WORDS, is_body_like, is_headline_shaped, is_title_shaped, word_count, word_overlap, word_set

#: Separators between a headline and the site name in a page ``<title>``
#: ("Headline | Site", "Site » Blog » Headline", "Headline - Site").
#: Spaces are single by now (NormalizeWhitespace), so each side allows one;
#: ``\s+`` there would rescan a long run of spaces from every start.
_STRONG: Final = re.compile(r" [|–—»·•/]+ | -+ | ?:: ?| [|»]|[|»] ")

#: Weaker split, also at ": ", used only to recognise the ``<h1>`` inside a
#: ``<title>`` ("Kicker: Headline | Site"), never to cut a title.
_WEAK: Final = re.compile(_STRONG.pattern + r"|: ")

#: Separator characters left dangling at a title's ends ("Zum Deal »").
_EDGE: Final = " |»«·•/-–—:"

#: Word-set F1 with the first line above which a head line counts as its
#: restatement; "Will Smith" against "Will Smith - TV TODAY" scores 0.67,
#: a logo "Reiterrevue International" against an eleven-word title 0.3.
TITLE_MATCH: Final = 0.5

#: Word-set F1 with the first line for a headline found below the first paragraph:
#: far from the top, only a near-verbatim restatement is trusted.
RESTATED_MATCH: Final = 0.8

#: Matches this close to the best are equally good; position decides.
TITLE_TIE: Final = 0.3

#: Lines longer than this are paragraphs; they are not keyed for title matching.
MAX_COMPARED_CHARS: Final = 1000

#: Only the top of the page is searched for a repeated headline: a repeated
#: short line deep in the page is a section label, not the title.
HEAD_SHARE: Final = 0.6


#: Opening quotes and brackets a headline may start with ("„Es kommt darauf an“",
#: "»Abzocke«", "{orga your life}"); the shape of a title is judged after them.
_OPENERS: Final = "„‚»›«‹「『【〈《([{"

#: A line this many words long is running text even without a sentence end:
#: a paragraph may end in a link, an ellipsis or a cut ("... Infos unter example.org/").
RUNNING_WORDS: Final = 2 * BODY_MIN_WORDS


def _title_shaped(text: str) -> bool:
    return is_title_shaped(text.lstrip(_OPENERS + " ")) if text else False


#: Guillemets that enclose a whole headline ("»Die Brücke kommt«", "« Le pont »")
#: are quotes, not separators left over from a cut.
_QUOTE_PAIRS: Final = (("»", "«"), ("«", "»"), ("›", "‹"), ("‹", "›"))


#: A date glued to a headline by markup that had no space between them: a
#: teaser's date before it ("27.01.2022Mineralöl-Info"), a ``<time>`` stamp
#: with its locale after it ("... angewiesende-DE2021-10-27T20:35:36+01:00").
#: Only glued ones are cut: a date set off by a space may belong to the headline.
_GLUED_DATE: Final = re.compile(
    r"^\d{1,2}\.\d{1,2}\.\d{4}(?=[^\W\d_])"
    r"|(?<=[^\W\d_])(?:[a-z]{2}[-_][A-Z]{2})?\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?$"
)


def _trim(title: str) -> str:
    """The title without separators or glued dates at its ends, but with quotes that enclose it.

    >>> _trim("27.01.2022MineralölINFO November 2021")
    'MineralölINFO November 2021'
    """
    title = _GLUED_DATE.sub("", title)
    text = title.strip()
    if any(text.startswith(a) and text.endswith(b) for a, b in _QUOTE_PAIRS) and len(text) > 2:
        return text
    return title.strip(_EDGE) or title


def _parts(text: str, pattern: re.Pattern[str] = _WEAK) -> list[str]:
    return [p.strip() for p in pattern.split(text) if p and p.strip()]


def _part_says(text: str, key: str, tkey: str) -> bool:
    """A part of the line ("Headline | Site") has the key ``tkey``; ``key`` is the whole line's.

    A part's key is a piece of the line's key (keys are made character by
    character), so a line whose key lacks ``tkey`` is not split at all.
    """
    return tkey in key and tkey in (phrase_key(p) for p in _parts(text))


#: A part of a ``<title>`` this short is a site or section name ("Stylegart",
#: "BBC News"); a headline says more.
MAX_SITE_WORDS: Final = 3
_DOMAIN: Final = re.compile(r"\w\.[a-z]{2,}\b", re.IGNORECASE)


def _site_like(part: str) -> bool:
    """A part that reads as a site or section name, not as a piece of the headline.

    A part that asks ("AR-Kundenservice der Zukunft?") or opens with a
    lower-case function word ("und FACC profitiert", "ein Projekt") carries
    the headline on; names do neither.
    """
    if _DOMAIN.search(part) is not None:
        return True
    return word_count(part) <= MAX_SITE_WORDS and not part.endswith("?") and not _continues(part)


def _continues(part: str) -> bool:
    """A part opening with a lower-case function word ("und FACC profitiert") goes on from the one before."""
    first = part.split(maxsplit=1)[0] if part else ""
    return first.islower() and first in function_words()


def _headline_part(text: str, over_text: dict[str, int] | None = None) -> str:
    """The headline in a line that may carry site and section names ("Headline | Site").

    Only parts that read as names are cut away: "Minions malen – mit Malerrolle
    und bunten Farben" is one headline with a dash in it. Of what is left, the
    longest part is the headline. When every part could be a name, see
    :func:`_name_headline`; ``over_text`` holds the keys of the head lines that
    stand over running text.

    >>> _headline_part("Naturkosmetik- doch gesünder? | Stylegart")
    'Naturkosmetik- doch gesünder?'
    >>> _headline_part("Minions mit Schablonen malen – mit Malerrolle und bunten Farben")
    'Minions mit Schablonen malen – mit Malerrolle und bunten Farben'
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for sep in _STRONG.finditer(text):
        spans.append((start, sep.start()))
        start = sep.end()
    spans.append((start, len(text)))
    spans = [(a, b) for a, b in spans if text[a:b].strip()]
    if len(spans) < 2:
        return text
    parts = [text[a:b].strip() for a, b in spans]
    headline = [not _site_like(p) for p in parts]
    if not any(headline):
        said = _name_headline(parts, over_text)
        return parts[said] if said is not None else max(parts, key=len)
    if all(headline):
        return text
    # A part that continues the one before makes one headline with it, dash
    # and all ("Würde des Lebens – ein Projekt"); other parts stand alone.
    runs: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(spans):
        if k and _continues(parts[k]):
            start = runs.pop()[0] if runs and runs[-1][1] == spans[k - 1][1] else spans[k - 1][0]
            runs.append((start, b))
        elif headline[k]:
            runs.append((a, b))
    a, b = max(runs, key=lambda r: r[1] - r[0])
    if a == spans[1][0] and not headline[0] and _kicker(text, spans, parts):
        a = spans[0][0]
    return text[a:b].strip()


def _kicker(text: str, spans: list[tuple[int, int]], parts: list[str]) -> bool:
    """A short first part set off by a dash before the headline ("Formel-1-Fahrercheck - AlphaTauri: ...")
    is the headline's kicker, not a site name: sites set their name off with "|" or "»", or are a domain."""
    if _DOMAIN.search(parts[0]) is not None:
        return False
    sep = text[spans[0][1]:spans[1][0]].strip()
    return bool(sep) and set(sep) <= _DASHES


_DASHES: Final = frozenset("-–—")


def _name_headline(parts: list[str], over_text: dict[str, int] | None) -> int | None:
    """Which of several name-like parts ("Zeitphilosophie – Dr. Alexander Klier") the page prints as its headline.

    The page prints its ``<h1>`` right over the article and its name as the
    logo at the top; so of the parts said again as a line of their own, the
    one nearest above running text is the headline. ``None`` when no part
    stands over running text.
    """
    if not over_text:
        return None
    near = [(over_text[key], k) for k, key in enumerate(map(phrase_key, parts)) if key in over_text and _DOMAIN.search(parts[k]) is None]
    return min(near)[1] if near else None


def _site_words(text: str, over_text: dict[str, int] | None = None) -> set[str]:
    """The words of the short name parts of a ``<title>`` line ("Headline | Site").

    When every part could be a name ("Johannes | ohneQ Podcast"), the parts
    other than the one :func:`_name_headline` picks are the site.
    """
    parts = _parts(text, _STRONG)
    if len(parts) < 2:
        return set()
    names = [p for p in parts if _site_like(p) and word_count(p) <= MAX_SITE_WORDS]
    if len(names) == len(parts):
        said = _name_headline(parts, over_text)
        if said is not None:
            names = [p for k, p in enumerate(parts) if k != said]
        else:
            names = [p for p in parts if _DOMAIN.search(p)] or names[-1:]
    return set().union(*(word_set(p) for p in names))


#: A headline stands over the article: running text follows within this many
#: lines (a byline, a date, a reading time between).
OVER_TEXT_REACH: Final = 5

#: A line restating the ``<title>``'s headline part must hold this share of its
#: words: "Ultium Cells" restates "Ultium Cells erhöht Gigafactory-Kapazität" only in part.
HEAD_COVER: Final = 0.6


def _over_text(kept: list[tuple[int, str]], keys: list[str], limit: int) -> dict[str, int]:
    """The short head lines that running text follows closely, where an ``<h1>`` stands:
    each line's key, with how many lines down the text starts.

    Running text is a long sentence-like line, or two close together; a
    tagline under the logo ("For all who want to wake up!") is neither.
    """
    found: dict[str, int] = {}
    body_like = memo_table(is_body_like, is_body_like)
    text_at = len(kept) + OVER_TEXT_REACH  # the nearest running text below, walking up
    body_below = len(kept) + OVER_TEXT_REACH  # the nearest body-like line below
    for k in range(min(limit + OVER_TEXT_REACH, len(kept)) - 1, 0, -1):
        text = kept[k][1]
        if body_like[text]:
            if word_count(text) >= RUNNING_WORDS or body_below - k <= 2:
                text_at = k
            body_below = k
        elif k < limit and keys[k] and text_at - k <= OVER_TEXT_REACH and is_title_shaped(text):
            found[keys[k]] = min(found.get(keys[k], OVER_TEXT_REACH), text_at - k)
    return found


def _restates(head_words: AbstractSet[str], words: AbstractSet[str]) -> float:
    """Word-set F1 of a line with the ``<title>``'s headline part, when the line holds most of it."""
    if len(head_words & words) < HEAD_COVER * len(head_words):
        return 0.0
    return word_overlap(head_words, words)


@lru_cache(maxsize=1)
def caption_openers() -> tuple[str, ...]:
    """How caption and credit lines open (``data/headline.txt``), case-folded; read once."""
    return tuple(e if e.endswith(":") else e + " " for e in read_sections("headline.txt")["caption"])


def _caption(text: str) -> bool:
    """A picture's caption or credit ("Foto: ...", "Photograph by ..."): never the headline."""
    return text[:40].casefold().startswith(caption_openers())


def _candidate_words(text: str) -> frozenset[str] | None:
    """The words of a line that may restate the ``<title>`` (title-shaped, no caption), else ``None``.

    Asked of the same head lines on every pass of ``Converge``, so the
    answer is kept in the page's memo (frozen: it is shared).
    """
    if not _title_shaped(text) or _caption(text):
        return None
    return frozenset(word_set(text))


class ExtractTitle(Extractor):
    """Moves the headline to ``doc.title``; drops its repeats (``headline:*``).

    Scraped text starts with the page ``<title>`` ("Headline | Site") and
    repeats the headline as the ``<h1>``. So the title is, in order of trust:
    a line that is the first line or one of its parts; a headline-shaped line
    the head repeats word for word (a first line that is a breadcrumb ending
    in it); or the first line itself, less its site name, when running text
    follows.

    >>> doc = ExtractTitle()("Home World Big News Today\\nBig News Today\\nBig News Today\\nIt happened on a quiet Monday in the town.")
    >>> doc.title, [r for _, _, r in doc.dropped()]
    ('Big News Today', ['headline:breadcrumb', 'headline:title', 'headline:repeat'])
    >>> ExtractTitle()("Floods hit the valley | Daily Courier\\nHeavy rain caused the river to burst its banks overnight.").title
    'Floods hit the valley'
    """

    name = "headline"

    def apply(self, doc: Document) -> Document:
        kept = [(i, line.text) for i, line in enumerate(doc.lines) if line.reason is None and line.text]
        if not kept:
            return doc
        if len(kept) < 2:
            return doc  # a lone line is the text, not a title over it
        # Running text must follow the first line; the first line itself may
        # read like a sentence ("Why did Russia act now?") and still be the title.
        body_like = memo_table(is_body_like, is_body_like)
        body_at = next((k for k in range(1, len(kept)) if body_like[kept[k][1]]), None)
        if body_at is None:
            # No line ends a sentence; a long line is still running text.
            body_at = next((k for k in range(1, len(kept)) if word_count(kept[k][1]) >= RUNNING_WORDS), None)
        if body_at is None:
            return doc  # no running text: nothing to put a title over
        # A line far longer than any headline is never compared with one.
        key_of = phrase_keys()
        keys = [key_of[t] if len(t) <= MAX_COMPARED_CHARS else "" for _, t in kept]
        limit = min(len(kept), max(body_at + 1, int(len(kept) * HEAD_SHARE)))
        over_text = _over_text(kept, keys, limit)
        choice, variants = self._inside_first_line(kept, keys, limit, body_at, over_text)
        if choice is None:
            choice = self._restated_below(kept, keys, limit, body_at)
        restated = choice is not None and choice > 0  # the first line is the page <title> it restates
        if choice is None:
            repeated = self._repeated(kept, keys, limit)
            # A repeated line wins over the first line only when the first
            # line is a breadcrumb or page title containing it; otherwise it
            # is a menu item said twice ("Zurück zur Startseite").
            if repeated is not None and (repeated == 0 or keys[repeated] in keys[0]):
                choice = repeated
            elif body_at > 0 and _title_shaped(kept[0][1]):
                choice = 0
            else:
                choice = repeated
        if choice is None:
            return doc
        # Every title goes through the same cut, whichever rule found it, so
        # that the title of cleaned text (its first line) is found again.
        title = _headline_part(kept[choice][1], over_text)
        title = _trim(title)
        tkey = phrase_key(title)
        if not tkey:
            return doc
        tlen, reach = len(tkey), len(title) * 3 + 60  # a breadcrumb holds the title and not much more
        lines = list(doc.lines)
        # Besides the chosen line, its variants and the first line, only a line
        # whose key holds the title's can be marked: the rest are not looked at.
        marked = {choice, 0, *variants}
        marked.update(k for k, key in enumerate(keys) if tkey in key)
        for k in marked:
            i, text = kept[k]
            key = keys[k]
            if k == choice:
                why = "headline:title"
            elif key == tkey or k in variants:
                why = "headline:repeat"
            elif len(key) > tlen and len(text) <= reach:
                if key.endswith(tkey):
                    why = "headline:breadcrumb"
                elif _part_says(text, key, tkey) or (k == 0 and restated):
                    why = "headline:page_title"
                else:
                    continue
            elif k == 0 and restated:
                why = "headline:page_title"
            else:
                continue
            lines[i] = lines[i]._replace(reason=why)
        return doc.replace(lines=tuple(lines), title=title)

    @staticmethod
    def _inside_first_line(
        kept: list[tuple[int, str]], keys: list[str], limit: int, body_at: int, over_text: dict[str, int] | None
    ) -> tuple[int | None, list[int]]:
        """The head line that says what the first line (the page ``<title>``) says: the ``<h1>``,
        with the lines that say it in other words when the first line is said again word for word.

        Sites reword the ``<title>`` ("Headline - Site", "Site » Section »
        Headline", a shorter SEO variant), so lines are compared by their
        words. Among close matches the one nearest above the running text
        wins: that is where the ``<h1>`` sits, while the site's name, also a
        part of the ``<title>``, sits alone at the top as the logo line.
        """
        first = word_set(kept[0][1])
        if not first:
            return None, []
        # The words the cut takes off the first line are the site's name; a
        # line made of them only is the logo ("Headline – Daniel's Blog" over
        # a "Daniel's Blog" line), not the headline.
        site = _site_words(kept[0][1], over_text)
        head_words = word_set(_headline_part(kept[0][1], over_text))
        scored: list[tuple[float, int]] = []
        candidate = memo_table(_candidate_words, _candidate_words)
        for k in range(1, min(limit, body_at)):
            words = candidate[kept[k][1]] if keys[k] else None
            if words is None:
                continue
            if site and words <= site:
                continue
            # Against the whole line and against its headline part: a long
            # site name ("| Wochenblatt für Landwirtschaft & Landleben") would
            # dilute the match of a line that says the headline alone.
            score = max(word_overlap(first, words), _restates(head_words, words))
            if score >= TITLE_MATCH:
                scored.append((score, k))
        if not scored:
            return None, []
        top = max(score for score, _ in scored)
        close = sorted(k for score, k in scored if score >= top - TITLE_TIE)
        if not site and any(keys[k] == keys[0] for k in close):
            # A first line with no site name to cut, said again word for word,
            # is the headline; the lines that say it in other words are its variants.
            # (With a site name, the copies are the <title>'s, from share buttons and the like.)
            return 0, [k for k in close if keys[k] != keys[0]]
        above = [k for k in close if k < body_at]
        best = above[-1] if above else close[0]
        best = keys.index(keys[best])  # of identical lines, the first is the title, the rest repeats
        if keys[best] == keys[0]:
            return 0, []  # the first line is the headline itself, said again below
        return best, []

    @staticmethod
    def _restated_below(kept: list[tuple[int, str]], keys: list[str], limit: int, body_at: int) -> int | None:
        """The ``<h1>`` below a lone paragraph (a cookie or newsletter notice) that ended the head:
        a title-shaped line in the top part of the page that says what the first line says,
        nearly word for word."""
        first = word_set(kept[0][1])
        if not first:
            return None
        # A first line with no separator to cut a site name at is a headline
        # already (so the title stands atop cleaned text): a shorter line below
        # that says part of it is a section or recipe-card heading. Taken for
        # the title, it would put every paragraph above it before the title.
        whole = len(_parts(kept[0][1], _STRONG)) < 2
        candidate = memo_table(_candidate_words, _candidate_words)
        for k in range(max(1, body_at), limit):
            words = candidate[kept[k][1]] if keys[k] and keys[k] != keys[0] else None
            if words is None or (whole and words < first):
                continue
            if word_overlap(first, words) >= RESTATED_MATCH:
                return k
        return None

    @staticmethod
    def _repeated(kept: list[tuple[int, str]], keys: list[str], limit: int) -> int | None:
        """The first headline-shaped line said twice in the head."""
        counts = Counter(keys[:limit])
        for k in range(limit):
            if counts[keys[k]] > 1 and is_headline_shaped(kept[k][1]) and not _caption(kept[k][1]):
                return k
        return None
