"""Byline split: author lines, source attributions, outlet labels, team signatures."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from operator import attrgetter
from typing import Final, NamedTuple

from ..datafiles import read_sections
from ..document import Document, Line
from ..lexicon import phrase_key
from ..linefeatures import function_words
from ..pipeline import Extractor, memo_table
from ..shape import has_date, is_body_like, strip_dates, word_count

#: "By Jane Doe", "Von Max Muster", "Por Ana Ruiz", "Par Jean Dupont" ... The
#: name part is checked separately, so "By then, approximately ..." stays.
_AUTHOR: Final = re.compile(
    r"[\W_]*(?:(?:written|posted|reported|words|text|story)\s+by|by|von|por|par|di|door|av|af|przez|"
    r"autor(?:in)?|author|auteur|autore|автор|texto|text|redakteur(?:in)?)\s*:?\s+(?P<name>.+)",
    re.IGNORECASE,
)

#: First words of the labels :data:`_AUTHOR` starts with, case-folded: a line
#: whose first word is none of them cannot match it, so the regex is skipped.
_AUTHOR_FIRST_WORDS: Final = frozenset(
    "written posted reported words text story by von por par di door av af przez autor autorin author auteur "
    "autore автор texto redakteur redakteurin".split()
)
_FIRST_WORD: Final = re.compile(r"[\W_]*([^\W_]+)")

#: A label alone on its line, with the author's name on the next one.
_AUTHOR_LABEL: Final = re.compile(
    r"(?:\w+\s+){0,2}(?:(?:words\s+)?(?:written|posted|reported|words|text|story)\s+by|by|von|por|par|di|door|av|af|"
    r"autor(?:in)?|author|auteur|autore|автор|texto|text|redakteur(?:in)?|verfasst von|geschrieben von)\s*:?",
    re.IGNORECASE,
)


def _author_label(text: str) -> bool:
    """An "Author:" or "Written by" label alone on its line (three words at most), its name on the next."""
    return word_count(text) <= 3 and _AUTHOR_LABEL.fullmatch(text) is not None


#: "22. Dezember 2019 von Peter Addor", "Updated 10:45 by Jane Doe": the
#: author after a date on a short meta line.
_INLINE_AUTHOR: Final = re.compile(
    r"\b(?:by|von|por|par|door|autor(?:in)?\s*:|author\s*:|auteur\s*:|autore\s*:)\s*(?P<name>[^\d|·•]+?)\s*(?:[|·•,/–—-].*)?$",
    re.IGNORECASE,
)

#: More attribution lines than this on one page head the posts of a listing or thread.
MAX_REPEATED_ATTRIBUTIONS: Final = 3

#: Short meta lines only: a sentence mentioning "by" is not a byline.
MAX_META_WORDS: Final = 14

#: A line that starts "By"/"Von" may carry dates and update notes after the
#: name ("Von Jan Kupitz | Oct 24, 2023 | Zuletzt geändert: ...").
MAX_BYLINE_WORDS: Final = 24

#: Parts of a meta line: "04.02.2022 | 13:10 Uhr | Uta Helkenberg".
#: One space each side at most (text is normalised); ``\s*`` there would
#: rescan a long run of spaces from every start.
_META_PARTS: Final = re.compile(r" ?[|·•] ?| [/–—-] ")

#: A year left over after the date pattern took the day and month: "1. Februar 2022, Daniel Dillenburg".
_YEAR: Final = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

#: Lines of separators only ("//", "|"): a name and its date may sit on either side of one.
_SEPARATOR_ONLY: Final = re.compile(r"[\W_]*")

#: How far under the headline a bare name next to a date is still the byline.
UNDER_TITLE: Final = 10

#: Where a name ends: "Jane Doe, Reuters", "Jane Doe | 3 May", "Jane Doe (Sponsored)".
_NAME_END: Final = re.compile(r" ?[,|·•(] ?| [-–—/] ")

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
    r"(?:.{0,60}\b)?(?:editorial team|editorial staff|editorial board|staff|team|desk|newsroom|editors|"
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
    head = _NAME_END.split(text, maxsplit=1)[0]
    words = head.split()
    if not words or len(words) > MAX_NAME_WORDS or text.endswith(".") and not _ends_with_initial(text):
        return False
    capitals = 0
    for w in words:
        if w.lower() in _NAME_JOINERS:
            continue
        if not (w[0].isupper() or w[0] == "@"):
            return False
        capitals += 1
    return capitals >= 1


#: A separator inside a bare name line: two labels, not one person.
_INNER_SEPARATOR: Final = re.compile(r" [-–—|/] |[·•]")


def looks_like_person(text: str) -> bool:
    """A bare name line: two to four capitalised words, no digits, maybe a trailing separator.

    >>> looks_like_person("Gunter Frank /"), looks_like_person("Tour Dates 2019"), looks_like_person("Home")
    (True, False, False)
    >>> looks_like_person("Aufbau und Inhalt")
    False
    """
    text = text.rstrip(" |/,·•-–—:")
    words = text.split(maxsplit=4)  # a fifth word is enough to refuse
    if not 2 <= len(words) <= 4:
        return False  # the cheapest test first: most lines are longer or shorter
    if _INNER_SEPARATOR.search(text):
        return False  # "Blog - Latest News" is a section label, not a person
    if any(map(str.isdigit, text)) or ends_with_stop(text) and not _ends_with_initial(text):
        return False
    if any(w.lower() in vocabulary().conjunctions for w in words[1:-1]):
        return False  # "Aufbau und Inhalt", "Tips & Tricks": one word each side of "and" is a phrase, not a person
    return looks_like_name(text)


#: Words that start a time phrase, not a name: "By Monday, ...", "Von Januar an ...".
_NOT_NAMES: Final = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "januar februar märz juni juli oktober dezember the this that these then".split()
)


def _leads_with_name(name: str, line: str) -> bool:
    """After "By": a capitalised first word, then meta rather than a sentence.

    Accepts "Ela on 31. October, 2023 | 18 Comments" and "Staff and news
    service reports"; refuses "Monday, the council had voted to approve it."
    and a kicker that ends in a colon.
    """
    first = name.split(" ", 1)[0].strip(",.:")
    if not first or not (first[0].isupper() or first[0] == "@") or first.lower() in _NOT_NAMES:
        return False
    if line.endswith(":"):
        return False  # a kicker over a headline: "Von Mob mit Macheten ermordet:"
    if line.endswith(".") and word_count(line) > 6 and not has_date(line) and not _META_PARTS.search(line):
        return False
    return True


def _one_name(text: str) -> bool:
    """A one-word name under an author label: "Newsdesk", "HansG"."""
    return " " not in text and 2 <= len(text) <= 40 and (text[0].isupper() or "." in text) and any(c.isalpha() for c in text)


def ends_with_stop(text: str) -> bool:
    return text[-1:] in ".!?"


def _ends_with_initial(text: str) -> bool:
    """"Leah C." and "Nicolas Gutierrez C." end in an initial, not a full stop."""
    return bool(_INITIAL_END.search(text))


_INITIAL_END: Final = re.compile(r"(?:^|[\s.])[^\W\d_]\.$")


class Vocabulary(NamedTuple):
    """The sections of ``data/byline.txt``, case-folded."""

    verbs: frozenset[str]
    agents: frozenset[str]
    pieces: tuple[str, ...]
    labels: frozenset[str]
    months: frozenset[str]
    units: frozenset[str]
    date_words: frozenset[str]
    #: Where one name ends and the next begins on a line of several: ", ", " & ", " and ".
    people_split: re.Pattern[str]
    #: The words that join two names into two people ("and", "und", "&").
    conjunctions: frozenset[str]
    #: Any verb, agent or label as a whole word of the case-folded line: a line without one is no attribution.
    cue: re.Pattern[str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The byline words, read once from the package data file."""
    sections = read_sections("byline.txt")
    cues = sorted(set(sections["verbs"]) | set(sections["agents"]) | set(sections["labels"]), key=len, reverse=True)
    return Vocabulary(
        # Matched against the case-folded line: re.IGNORECASE over a long
        # alternation costs about four times as much per position.
        cue=re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, cues)) + r")(?![^\W\d_])"),
        verbs=frozenset(sections["verbs"]),
        agents=frozenset(sections["agents"]),
        pieces=tuple(sections["pieces"]),
        labels=frozenset(sections["labels"]),
        months=frozenset(sections["months"]),
        units=frozenset(sections["units"]),
        date_words=frozenset(sections["date_words"]),
        conjunctions=frozenset([*sections["conjunctions"], "&"]),
        people_split=re.compile(", | & | (?:" + "|".join(map(re.escape, sections["conjunctions"])) + ") "),
    )


#: Punctuation around a word that is not part of it when the word is looked up.
_WORD_PUNCT: Final = ",.;:!?\"'“”„«»()[]"

#: A token made of separators only: "|", "//", "·", "»", "-", "@".
_SEPARATOR_TOKEN: Final = re.compile(r"[|/·•»«\-–—@~:]+")

#: Characters that end a name and start what follows it: "Jane Doe, Reuters", "Jane Doe | 3 May".
_AFTER_NAME: Final = frozenset(",|·•(»/–—-:")

_DIGIT: Final = re.compile(r"\d")

#: A relative date: "vor 16 Stunden", "hace 3 horas", "3 hours ago".
_NUMBER_WORD: Final = re.compile(r"(?<!\w)\d{1,3} (\w+)")

#: A digit glued to the capital that starts the next field: "13. April 2017Autor: X".
_GLUED: Final = re.compile(r"(?<=\d)(?=[A-ZÀ-ÖØ-ÞА-Я])")

#: A user name: one token with a letter, no spaces; "freeman1984", "det/dpa", "www.koffergepackt.com".
_HANDLE: Final = re.compile(r"@?[\w][\w.@/&+-]{1,39}")

#: An attribution line (label, name, meta) is short; past this it is a sentence.
MAX_ATTRIBUTION_WORDS: Final = 24

#: Words before "von"/"by" that may name the piece: "Eine Kolumne", "Ein Gastbeitrag", "Blog Beitrag".
MAX_PIECE_PREFIX: Final = 3

#: A line this short whose name is followed by more words is still a meta line:
#: "Posted in News by marc on Sunday".
MAX_LOOSE_META_WORDS: Final = 8


def _core(word: str) -> str:
    return word.strip(_WORD_PUNCT).casefold()


def is_dateish(text: str) -> bool:
    """A date as the shared pattern reads it, or one it misses: "19 février 2020", "hace 3 horas".

    >>> is_dateish("19 février 2020"), is_dateish("vor 16 Stunden"), is_dateish("Februar Ausgabe")
    (True, True, False)
    """
    if _DIGIT.search(text) is None:
        return False
    return has_date(text) or _undated_dateish(text)


def _undated_dateish(text: str) -> bool:
    """:func:`is_dateish` for a line with a digit that :func:`~cleantext.shape.has_date` does not read:
    a month's name or a count of time units. For a caller that has already asked those two."""
    if word_count(text) > MAX_META_WORDS:
        return False
    vocab = vocabulary()
    if any(_core(w) in vocab.months for w in text.split()):
        return True
    return any(m.group(1).casefold() in vocab.units for m in _NUMBER_WORD.finditer(text))


def _is_handle(word: str) -> bool:
    """A user name after a strong label: a token with a letter that is no function word."""
    core = word.rstrip(",;:|·•").lstrip("@")
    return (
        _HANDLE.fullmatch(core) is not None
        and any(c.isalpha() for c in core)
        and core.casefold() not in function_words()
        and core.casefold() not in _NOT_NAMES
        and core.casefold() not in _NAME_JOINERS
    )


def _name_length(words: list[str], strong: bool) -> int:
    """How many of ``words`` (from the start) make the author's name; 0 when they do not start with one.

    Capitalised words and joiners make a name ("Juan de la Cruz"); after a
    strong label (a publishing verb, "Autor:", a date) one user name in any
    case does too ("gizzmo", "c1ph4").
    """
    n = caps = last_cap = 0
    for w in words[:MAX_NAME_WORDS]:
        if w.endswith(":") and n:
            break
        core = w.rstrip(",;|·•")
        low = core.casefold()
        if n and low in _NAME_JOINERS and low not in ("|", ",", "·", "-"):
            n += 1
            continue
        if not core or not (core[0].isupper() or core[0] == "@") or low in _NOT_NAMES or any(c.isdigit() for c in core):
            break
        if low in function_words() and not caps and len(core) > 2:
            break  # "Die Stadt", "The Council": an article, not a first name
        n += 1
        caps += 1
        last_cap = n
        if core != w:  # "Doe," or "Doe|": punctuation ends the name
            break
    if caps:
        return last_cap
    return 1 if strong and words and _is_handle(words[0]) else 0


def _meta_rest(rest: str, line_words: int) -> bool:
    """What follows the name is meta, not a sentence: nothing, a separator, a date, a count, another label."""
    rest = rest.strip()
    if not rest or rest[0] in _AFTER_NAME or rest[0].isdigit():
        return True
    first = rest.split(" ", 1)[0]
    if first.endswith(":"):
        return True  # "Lars Sobiraj Lesezeit: 4 Min."
    if first.casefold() in vocabulary().date_words and is_dateish(rest):
        return True  # "Cooper am 25.08.2015 22:30", "oz on December 4, 2006"
    return line_words <= MAX_LOOSE_META_WORDS and not ends_with_stop(rest)


def _is_piece(words: list[str]) -> bool:
    """ "Eine Kolumne", "Blog Beitrag", "Ein Gastbeitrag": a short prefix ending in the piece's noun.

    "A post shared by" (an embed) and "Interview: Von Menschen" (a heading) are not.
    """
    return 0 < len(words) <= MAX_PIECE_PREFIX and _core(words[-1]).endswith(vocabulary().pieces) and words[-1][-1].isalnum()


def _ends_date(word: str) -> bool:
    """The word before "by"/"von" closes a date or time: "12/04/2020 by Kay", "jeudi 13 juin 2019, par X"."""
    if word.endswith(":"):
        return False  # "Unser Tipp im Juni: Von Mensch und Maulwurf" is a heading
    core = _core(word)
    return _DATE_TOKEN.fullmatch(core) is not None or core in vocabulary().months


#: A token of a date or time: "2019", "12/04/2020", "20:19", "8:05pm".
_DATE_TOKEN: Final = re.compile(r"\d[\d./:-]*(?:am|pm|uhr|h)?")


def attribution(text: str) -> bool:
    """A meta line that names who wrote the piece after a label, a publishing verb or a date.

    >>> attribution("Veröffentlicht am 12. Juni 2017 von gizzmo"), attribution("Eine Kolumne von Nils Pickert")
    (True, True)
    >>> attribution("22. Januar 2020 @ 18:13 // Autor: c1ph4 // ~ Lesezeit: 1 Minute")
    True
    >>> attribution("Published by Penguin Books in 2019, the novel won three prizes."), attribution("Erstellt von der Stadt")
    (False, False)
    """
    if word_count(text) > MAX_ATTRIBUTION_WORDS:
        return False
    vocab = vocabulary()
    if vocab.cue.search(text.casefold()) is None:
        return False
    text = _GLUED.sub(" ", text)
    words = text.split(" ")
    verb_line = _core(words[0]) in vocab.verbs
    dated = is_dateish(text)
    for i, w in enumerate(words):
        core = _core(w)
        colon = w.endswith(":") or (i + 1 < len(words) and words[i + 1] == ":")
        label = colon and core in vocab.labels
        if not label and (core not in vocab.agents or w.endswith((",", "."))):
            continue
        before = words[:i]
        piece = not label and _is_piece(before)
        if not before:
            if not (label or dated):
                continue  # a bare "By Jane Doe" line is the older rule's
        elif not (verb_line or piece or _SEPARATOR_TOKEN.fullmatch(before[-1]) or _ends_date(before[-1])):
            continue  # "by" or "Autor:" inside a phrase: "Stand by Me", "Titel: ... Autor: ..."
        strong = label or verb_line or dated or piece
        start = i + (2 if colon and not w.endswith(":") else 1)
        after = words[start:]
        n = _name_length(after, strong)
        if not n or not strong and n < 2:
            continue  # after a bare separator a German noun looks like a name: "- von Grund auf"
        rest = " ".join(after[n:])
        if ends_with_stop(text) and not _ends_with_initial(text) and not (colon or dated) and len(words) > MAX_LOOSE_META_WORDS:
            continue  # a sentence: "Published by Penguin Books in 2019, the novel won three prizes."
        if _meta_rest(rest, len(words)):
            return True
    return False


def looks_like_people(text: str) -> bool:
    """Several bare names on one line: "Clara Löw, Siddharth Prakash & Klaus Jacob".

    >>> looks_like_people("Isabel Caro, Rocío Latorre y José Miguel Wilson"), looks_like_people("Politik, Wirtschaft und Kultur")
    (True, False)
    """
    parts = [p for p in vocabulary().people_split.split(text.rstrip(" |/,·•-–—:")) if p]
    return len(parts) >= 2 and all(looks_like_person(p) for p in parts)


#: The characters a copyright line opens with ("©", "(c)", "Copyright"): the only
#: ones that case-fold to "(" or "c", so a line opening otherwise skips the case-folds.
_COPYRIGHT_FIRST: Final = frozenset("©(cC")


class _Verdict(NamedTuple):
    """What the step reads of a line's text alone; remembered per text, since
    ``Converge``'s later passes read mostly texts the first one judged."""

    #: The byline reason (:func:`byline_reason`).
    why: str | None
    #: An attribution line ("Posted by X at 10:45"): many of them head the posts of a listing.
    attributed: bool
    #: An author label alone on its line (:func:`_author_label`), its name on the next.
    label: bool


def _line_verdict(text: str) -> _Verdict:
    """The line's own verdict, computed once per text for the page."""
    why = byline_reason(text)
    # tuple.__new__ builds the record in C; the NamedTuple's own __new__ is a Python call per text.
    return tuple.__new__(_Verdict, (why, why == "author" and attribution(text), _author_label(text)))


def byline_reason(text: str) -> str | None:
    """``author``, ``source`` or ``copyright`` for a byline line, else ``None``."""
    if text[:1] in _COPYRIGHT_FIRST and (text[:1] == "©" or text[:3].casefold() == "(c)" or text[:9].casefold() == "copyright"):
        if names_author(text):
            return "copyright"  # "© 2019 Sven Schreivogel": every such line, so a second clean finds none
    words = word_count(text)
    if words > MAX_BYLINE_WORDS:
        return None
    first = _FIRST_WORD.match(text)
    m = _AUTHOR.fullmatch(text) if first and first.group(1).casefold() in _AUTHOR_FIRST_WORDS else None
    if m and (looks_like_name(m.group("name")) or _leads_with_name(m.group("name"), text)):
        return "author"
    if m and ":" in text[: m.start("name")] and looks_like_name(_NAME_END.split(m.group("name"), maxsplit=1)[0] + " "):
        return "author"  # "Autorin: Uta Staschewski, Projektleiterin der HSS in Tunesien."
    if attribution(text):
        return "author"
    if words > MAX_META_WORDS:
        return None
    if ":" in text and words <= MAX_SOURCE_WORDS and _SOURCE.fullmatch(text):
        return "source"
    if _DIGIT.search(text) is None:
        return None  # the rules below read a date, and every date has a digit (most lines have none)
    if ends_with_stop(text):
        return None  # the rules below read a meta line, and a sentence's full stop ends none
    dated = has_date(text)
    if not dated and _undated_dateish(text):
        # "Jacobo Betancur Peláez | Publicado hace 3 horas": a name beside a
        # publishing note the date pattern does not read.
        parts = _META_PARTS.split(text)
        verbs = vocabulary().verbs
        if any(_core(p.split(" ", 1)[0]) in verbs for p in parts) and any(looks_like_person(p) for p in parts if not is_dateish(p)):
            return "author"
    if dated:
        m = _INLINE_AUTHOR.search(text)
        if m and (looks_like_person(m.group("name")) or _one_name(m.group("name").strip())):
            return "author"
        parts = _META_PARTS.split(text)
        if len(parts) > 1 and any(looks_like_person(p) for p in parts if not has_date(p)):
            return "author"
        bare = _YEAR.sub(" ", strip_dates(text)).strip(" |,/·•-–—:")
        if bare != text and looks_like_person(bare):
            return "author"  # "Nicole Collignon22. Februar 2020"
    return None


#: "© 2009-2012 Jonathan Krase": the sign, years, then the holder. The holder
#: starts at its first letter, which the years part cannot take, so a failed
#: match is not retried at every split of a run of digits and spaces.
_COPYRIGHT: Final = re.compile(r"(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)))?[\s\d,.–-]*(?P<holder>[^\W\d_][^\d©]*)", re.IGNORECASE)


@lru_cache(maxsize=1)
def holder_words() -> frozenset[str]:
    """Words that make a copyright holder an agency or a company (``data/copyright.txt``)."""
    return frozenset(read_sections("copyright.txt")["holder_words"])


def names_author(text: str) -> bool:
    """A copyright line whose holder is a person: the page's author, for the byline step.

    A blog's footer "© 2019 Sven Schreivogel" is the only place some pages
    name their author: the chrome step leaves it, and this step moves it to
    the byline. Agencies and picture credits stay chrome.

    >>> names_author("© 2019 Sven Schreivogel"), names_author("© Kathrin Führes")
    (True, True)
    >>> names_author("© Getty Images"), names_author("© 2024 All rights reserved"), names_author("Privacy Policy")
    (False, False, False)
    """
    match = _COPYRIGHT.fullmatch(text.strip())
    if match is None:
        return False
    holder = match.group("holder").rstrip(" .")
    return looks_like_person(holder) and not holder_words() & set(holder.casefold().split())


def byline_text(lines: Iterable[Line]) -> str | None:
    """The byline field: texts of ``byline:*`` lines, each once, in page order."""
    seen: dict[str, None] = {}
    for line in lines:
        if line.reason is not None and line.reason.startswith("byline:") and line.text:
            seen.setdefault(line.text, None)
    return "\n".join(seen) if seen else None


def _neighbours(kept: list[tuple[int, str]], k: int) -> list[str]:
    """The lines just above and below line ``k``, looking past lines of separators only ("//")."""
    out = []
    for step in (-1, 1):
        m = k + step
        while 0 <= m < len(kept) and _SEPARATOR_ONLY.fullmatch(kept[m][1]):
            m += step
        if 0 <= m < len(kept):
            out.append(kept[m][1])
    return out


#: How many lines above the article's main block a bare name may sit: the
#: headline, standfirst, photo caption and share buttons come between.
MAIN_LEAD: Final = 8

#: Body-like lines further apart than this belong to different blocks.
MAX_BLOCK_GAP: Final = 3


_WORDS: Final = re.compile(r"[^\W\d_]+")

#: Characters a bare name line does not have: "Copyright: X", "Shop (extern)", "Judy Eddy/WENN.com", "BAAR, SWITZERLAND".
_NOT_IN_BARE_NAME: Final = re.compile(r"[:()/,@]")


class _LowerWords:
    """The words the page writes in lower case somewhere, looked up on demand.

    A page asks about a handful of words, so each is searched for in the
    page's text (``str.find`` runs in C) rather than splitting every line
    into words up front, which cost more than the rest of the step.
    """

    def __init__(self, kept: list[tuple[int, str]]) -> None:
        self._kept = kept
        self._page: str | None = None
        self._known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word.islower():
            return False  # only a word written in lower case can be found written so
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self._written(word)
        return known

    def _written(self, word: str) -> bool:
        """``word`` stands somewhere as a whole word (a maximal run of :data:`_WORDS`)."""
        if self._page is None:
            self._page = "\n".join(t for _, t in self._kept)
        page, n = self._page, len(word)
        at = page.find(word)
        while at >= 0:
            if not (at and _is_word_char(page[at - 1])) and not (at + n < len(page) and _is_word_char(page[at + n])):
                return True
            at = page.find(word, at + 1)
        return False


def _is_word_char(ch: str) -> bool:
    """What :data:`_WORDS` (``[^\\W\\d_]``) takes into a word: letters and numerals other than digits."""
    return ch.isalnum() and not ch.isdecimal()


def _common_words(text: str, lower: _LowerWords) -> bool:
    """``text`` opens with a function word, or each of its words is one the page also writes in lower case.

    "Key Points" and "Hide Replies" on a page that says "points" and
    "replies"; "Ein Albtraum" starts with an article. Names are rarely
    written in lower case.
    """
    words = memo_table(_uncommon_words, _uncommon_words)[text]
    return words is not None and all(w in lower for w in words)


def _uncommon_words(text: str) -> tuple[str, ...] | None:
    """What :func:`_common_words` reads of ``text`` alone, remembered per text: the words the page
    must also write in lower case (none: common whatever the page), or ``None`` when no page can
    make the line common."""
    parts = [w.casefold() for w in _WORDS.findall(text)]
    common = function_words()
    if not parts or parts[0] in common:
        return ()
    # One common word is fine ("Will Knight", "Heiko Sauer"); all of them is a phrase ("Learn More").
    words = [w for w in parts if len(w) > 1 and w not in _NAME_JOINERS]
    if not words:
        return None
    return tuple(w for w in words if w not in common)  # a function word needs no look-up in the page


def _bare_name(text: str) -> bool:
    """A line that is only one person's name, or several: stricter than :func:`looks_like_person`.

    >>> _bare_name("Marie Rövekamp"), _bare_name("Media Kit (english)"), _bare_name("Judy Eddy/WENN.com")
    (True, False, False)
    """
    text = text.rstrip(" |/,·•-–—:")  # "Amelie Siekmann," above "am Sonntag, 11.12.2022"
    if looks_like_people(text):
        return True
    if _NOT_IN_BARE_NAME.search(text) or not looks_like_person(text):
        return False
    return True


def _main_start(body: list[int]) -> int | None:
    """The first line of the longest run of body-like lines (by count), gaps of a few lines allowed."""
    best: tuple[int, int] | None = None
    run_start, run_len = 0, 0
    for n, k in enumerate(body):
        if n and k - body[n - 1] <= MAX_BLOCK_GAP + 1:
            run_len += 1
        else:
            run_start, run_len = k, 1
        if best is None or run_len > best[1]:
            best = (run_start, run_len)
    return best[0] if best else None


def _raw_neighbours(lines: tuple[Line, ...], i: int) -> list[str]:
    """The nearest non-blank input lines either side of line ``i``, whatever became of them."""
    out = []
    for step in (-1, 1):
        m = i + step
        while 0 <= m < len(lines) and (not lines[m].text or _SEPARATOR_ONLY.fullmatch(lines[m].text)):
            m += step
        if 0 <= m < len(lines):
            out.append(lines[m].text)
    return out


_REASON: Final = attrgetter("reason")


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
        verdicts, attributions, labels, body = self._read_lines(kept)
        if len(attributions) > MAX_REPEATED_ATTRIBUTIONS:
            # One "Posted by X at 10:45 | Permalink" per post: a blog index or
            # a forum thread, where those lines head the posts that are the
            # content. The first names the page's own piece when no running
            # text comes before it; the rest stay. (Cleaning the output again
            # finds the next one below running text, so it stays too.)
            first_body = kept[body[0]][0] if body else len(doc.lines)
            for i in attributions[1:] if attributions[0] < first_body else attributions:
                del verdicts[i]
        # Where the headline was (in kept-line positions): bylines sit under it.
        title_line = next((i for i, line in enumerate(doc.lines) if line.reason == "headline:title"), -1)
        title_at = next((k for k, (i, _) in enumerate(kept) if i > title_line), len(kept)) if title_line >= 0 else -99
        # Where the headline is printed again over the article: the byline sits under it too.
        anchors = [title_at]
        if "headline:repeat" in map(_REASON, doc.lines):  # a scan in C; most pages have no repeat
            anchors += [k for k, (i, _) in enumerate(kept) if i > 0 and doc.lines[i - 1].reason == "headline:repeat"]
        lower = _LowerWords(kept)
        self._labelled_and_dated(kept, labels, body[0] if body else len(kept), title_at, verdicts, lower)
        self._near_article(doc.lines, kept, body, anchors, lower, verdicts)
        self._tail(kept, body, verdicts)
        if not verdicts:
            return doc
        lines = list(doc.lines)
        for i, why in verdicts.items():
            lines[i] = lines[i]._replace(reason="byline:" + why)
        return doc.replace(lines=tuple(lines), byline=byline_text(lines))

    def _read_lines(self, kept: list[tuple[int, str]]) -> tuple[dict[int, str], list[int], list[int], list[int]]:
        """Each line's own verdict, in one walk over the page: the byline reasons by line index, the
        attribution lines (line indices), and the author labels and body-like lines (positions in ``kept``).

        The verdicts are remembered per text (:class:`_Verdict`), so a later
        pass of ``Converge`` pays a look-up per line.
        """
        verdicts: dict[int, str] = {}
        attributions: list[int] = []
        labels: list[int] = []
        body: list[int] = []
        verdict = memo_table(self, _line_verdict)
        body_like = memo_table(is_body_like, is_body_like)
        for k, (i, text) in enumerate(kept):
            why, attributed, label = verdict[text]
            if why:
                verdicts[i] = why
                if attributed:
                    attributions.append(i)
            if label:
                labels.append(k)
            if body_like[text]:
                body.append(k)
        return verdicts, attributions, labels, body

    @staticmethod
    def _labelled_and_dated(
        kept: list[tuple[int, str]],
        labels: list[int],
        first_body: int,
        title_at: int,
        verdicts: dict[int, str],
        lower: _LowerWords,
    ) -> None:
        """A name under an "Author"/"By" label line (``labels``: their positions in ``kept``), or a name
        beside a date line above the article."""
        person = memo_table(looks_like_person, looks_like_person)
        for k in labels:
            i = kept[k][0]
            if k + 1 == len(kept) or i in verdicts:
                continue
            j, name = kept[k + 1]
            if j not in verdicts and (person[name] or _one_name(name)):
                verdicts[i] = "author_label"
                verdicts[j] = "author"
        # Above the article (and just into it, where sites print the byline
        # under the standfirst), a bare name next to a date line is the author.
        for k in range(min(len(kept), max(first_body + 3, title_at + UNDER_TITLE + 1))):
            i, text = kept[k]
            if i in verdicts or not person[text]:
                continue
            if _common_words(text.split(",", 1)[0], lower):
                continue
            near = _neighbours(kept, k)
            if any(has_date(t) and word_count(t) <= MAX_META_WORDS - 2 for t in near):
                verdicts[i] = "author"
            elif k == title_at and near and is_body_like(near[-1]):
                verdicts[i] = "author"  # right under the headline, with the article after it
        # A newsroom signature beside a date: "Redaktion" / "am 3. Februar 2022".
        for k in range(min(len(kept), first_body + 3)):
            i, text = kept[k]
            if i in verdicts or word_count(text) > 4 or not _SIGNATURE.fullmatch(text):
                continue
            near = [kept[m][1] for m in (k - 1, k + 1) if 0 <= m < len(kept)]
            if any(has_date(t) and word_count(t) <= MAX_META_WORDS - 2 for t in near):
                verdicts[i] = "author"

    @staticmethod
    def _near_article(
        lines: tuple[Line, ...],
        kept: list[tuple[int, str]],
        body: list[int],
        anchors: list[int],
        lower: _LowerWords,
        verdicts: dict[int, str],
    ) -> None:
        """A bare name just above the article's main block, beside a date, or right under the headline.

        The first body-like line is often a teaser in the menu, so the
        article is found as the longest run of body-like lines. The date
        beside the name may be one the counter rule already dropped
        ("03/05/2022 22:46"), or one the shared date pattern does not read
        ("19 février 2020", "hace 4 minutos").
        """
        start = _main_start(body)
        if start is None:
            return
        bare_name = memo_table(_bare_name, _bare_name)
        for k in range(max(0, start - MAIN_LEAD), min(len(kept), start + 3)):
            i, text = kept[k]
            if i in verdicts or not bare_name[text] or _common_words(text, lower):
                continue
            near = _neighbours(kept, k) + _raw_neighbours(lines, i)
            if any(is_dateish(t) and word_count(t) <= MAX_META_WORDS - 2 for t in near):
                verdicts[i] = "author"
            elif not text.endswith(":") and any(
                k == a and k + 1 < len(kept) and is_body_like(kept[k + 1][1])
                or k - a == 1 and is_body_like(kept[k - 1][1]) and any(is_body_like(t) for _, t in kept[k + 1 : k + 3])
                for a in anchors
            ):
                verdicts[i] = "author"  # under the headline (and its standfirst), with the article after it

    @staticmethod
    def _tail(kept: list[tuple[int, str]], body: list[int], verdicts: dict[int, str]) -> None:
        """A closing newsroom signature (and the bio after it), then outlet labels right after the article.

        The signature is looked for first: the publisher's bio after it reads
        like running text, and the article ends before the signature, not
        after the bio.
        """
        end = len(kept)
        for k in range(max(0, len(kept) - SIGNATURE_TAIL), len(kept)):
            i, text = kept[k]
            if word_count(text) <= MAX_SIGNATURE_WORDS and _SIGNATURE.fullmatch(text) and text[0].isupper():
                verdicts[i] = "signature"
                for j, _ in kept[k + 1 :]:
                    verdicts.setdefault(j, "bio")
                end = k
                break
        article = [k for k in body if k < end]
        if not article:
            return
        tail = kept[article[-1] + 1 : end]
        # An outlet label is said twice in a row right after the article
        # ("süeddeutsche", "süeddeutsche"); repeated menu items further down
        # the footer are not it.
        if len(tail) >= 2:
            label = tail[0][1]
            key = phrase_key(label)
            if key and word_count(label) <= MAX_OUTLET_WORDS and len(label) <= 40 and label[-1].isalnum():
                run = 0
                while run < len(tail) and phrase_key(tail[run][1]) == key:
                    run += 1
                if run >= 2:
                    for i, _ in tail[:run]:
                        verdicts.setdefault(i, "outlet")
