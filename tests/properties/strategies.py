"""Hypothesis strategies built on the seed pages and their gold files.

Every page a property sees starts as one of the seed pages in ``seeds/`` and
is then mutated: lines deleted, duplicated, moved, split, joined, re-cased,
re-spaced, and lines inserted (lexicon chrome, lines of other seeds, counters,
bylines, mojibake and entity fragments, arbitrary Unicode). Shrinking goes
back towards the untouched seed, so a failure is reported as "seed X with
these few edits".
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

import cleantext
from cleantext import Document
from cleantext.lexicon import MAX_CHROME_CHARS, MAX_PREFIX_LINE_WORDS, parse_lexicon
from cleantext.steps.encoding import FixEncoding
from cleantext.steps.whitespace import NormalizeWhitespace

from ..conftest import load_json, seed_names, seed_text

SEED_NAMES: tuple[str, ...] = tuple(seed_names())
SEEDS: dict[str, str] = {name: seed_text(name) for name in SEED_NAMES}
GOLD: dict[str, dict] = {name: load_json(f"seeds/{name}.json") for name in SEED_NAMES}


def split_lines(text: str) -> list[str]:
    """The input lines as the spec defines them: CRLF, CR and LF end a line, nothing else.

    Written out here rather than taken from ``Document.from_text`` so that the
    properties check the library against the spec, not against itself.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_ENCODING = FixEncoding()
_WHITESPACE = NormalizeWhitespace()


def fixed(line: str) -> str:
    """An input line after the two fixers, in pipeline order: what a kept line may say."""
    return _WHITESPACE.fix(_ENCODING.fix(line))


@lru_cache(maxsize=4096)
def clean(text: str) -> Document:
    """``cleantext.clean``, cached: base pages are cleaned once per run, not once per example."""
    return cleantext.clean(text)


def body_lines(doc: Document) -> list[str]:
    return doc.body.split("\n\n") if doc.body else []


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Entry:
    lang: str
    category: str
    phrase: str
    kind: int
    """0 exact phrase, 1 prefix of a short line, 2 prefix of a line of any length."""


def _lexicon_entries() -> tuple[Entry, ...]:
    folder = Path(cleantext.__file__).parent / "data" / "chrome"
    entries = []
    for path in sorted(folder.glob("*.txt")):
        for category, phrase, kind in parse_lexicon(path.read_text("utf-8").splitlines(), path.name):
            entries.append(Entry(path.stem, category, phrase, int(kind)))
    return tuple(entries)


LEXICON: tuple[Entry, ...] = _lexicon_entries()

#: Picker options ("English", "Germany") are ordinary words alone; the lexicon
#: makes them chrome only within ``PICKER_REACH`` lines of other chrome
#: (cleantext/steps/chrome.py). So the strategy inserts an option beside a
#: chrome line of another category, as pages print them, never alone.
PICKER_OPTION = "picker_option"
OPTIONS = tuple(e for e in LEXICON if e.category == PICKER_OPTION)
ANCHORS = tuple(e for e in LEXICON if e.category != PICKER_OPTION)

CASINGS = ("as is", "upper", "lower", "title", "swapcase", "capitalize", "mixed")

_words_alphabet = st.characters(categories=("Ll",), max_codepoint=0x24F)
lower_words = st.text(_words_alphabet, min_size=1, max_size=9)
capitals = st.sampled_from("ABCDEFGHIJKLMNOPRSTUVWZÁÉÖÜŁŠŽ")
capitalised_words = st.builds(lambda c, rest: c + rest, capitals, st.text(_words_alphabet, min_size=1, max_size=9))


@st.composite
def recase(draw, text: str) -> str:
    how = draw(st.sampled_from(CASINGS))
    if how == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
        return "".join(c.upper() if f else c.lower() for c, f in zip(text, flips))
    return text if how == "as is" else getattr(text, how)()


@st.composite
def chrome_line(draw, entries: tuple[Entry, ...] = ANCHORS) -> str:
    """One line the lexicon must call chrome: any language, any case, glued repeats, odd spacing."""
    entry = draw(st.sampled_from(entries))
    if entry.kind == 0:
        unit = draw(recase(entry.phrase))
        glue = draw(st.sampled_from(["", " ", "  "]))
        # Longer lines than MAX_CHROME_CHARS are never chrome by design (they
        # are where paragraphs live), so repeats stop below it.
        most = max(1, MAX_CHROME_CHARS // (len(unit) + len(glue)))
        line = glue.join([unit] * draw(st.integers(1, min(4, most))))
    else:
        head = draw(recase(entry.phrase))
        room = MAX_PREFIX_LINE_WORDS - 1 - entry.phrase.count(" ") if entry.kind == 1 else 30
        tail = draw(st.lists(st.one_of(lower_words, capitalised_words), max_size=max(0, min(room, 6))))
        line = " ".join([head, *tail])
    pad = draw(st.sampled_from(["", " ", "\t", "\u00a0"]))
    return pad + line + draw(st.sampled_from(["", " ", "\u00a0"]))


@st.composite
def chrome_block(draw) -> list[str]:
    """One chrome line, or a picker option next to the chrome that makes it one."""
    anchor = draw(chrome_line())
    if not draw(st.booleans()):
        return [anchor]
    option = draw(chrome_line(OPTIONS))
    return [anchor, option] if draw(st.booleans()) else [option, anchor]


# --------------------------------------------------------------------------- lines to insert

ALL_SEED_LINES: tuple[str, ...] = tuple(
    dict.fromkeys(line for text in SEEDS.values() for line in split_lines(text) if line.strip())
)

#: Pieces that make fixers work: entities (one of them a line feed), mojibake,
#: invisible and control characters, ligatures, odd spaces, RTL overrides.
FRAGMENTS = (
    "&amp;", "&#10;", "&#13;", "&#x0A;", "&nbsp;", "&lt;b&gt;", "&quot;", "Ã©", "â€™", "Ã¼", "\u200b", "\u00ad",
    "\ufeff", "ﬁ", "\u00a0", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u202e", "\u200f", "\x00", "\x1b",
    "\x7f", "😀", "👩‍👩‍👧", "日本語", "\u0301", " .", " ,", "...", "|", "»", "©",
)

any_char = st.one_of(st.characters(exclude_characters="\r\n"), st.characters(categories=("Cs",)))


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(st.one_of(lower_words, capitalised_words), min_size=1, max_size=18))
    return " ".join(words) + draw(st.sampled_from(["", ".", "?", "!", ":", "…"]))


@st.composite
def junk_line(draw) -> str:
    """Words and fixer-troubling fragments, interleaved."""
    parts = draw(st.lists(st.one_of(lower_words, st.sampled_from(FRAGMENTS)), min_size=1, max_size=8))
    return draw(st.sampled_from([" ", ""])).join(parts)


def extra_lines(junk: bool = True) -> st.SearchStrategy[str]:
    """Lines to insert into a seed page."""
    tame = [
        st.sampled_from(ALL_SEED_LINES),
        sentence(),
        st.sampled_from(["289", "0", "1.2K", "12,450", "Comments (12)", "Articles (6)", "Home", "Share"]),
        st.builds(lambda n: "By " + " ".join(n), st.lists(capitalised_words, min_size=1, max_size=3)),
        st.builds(lambda n: "Source: " + " ".join(n), st.lists(capitalised_words, min_size=1, max_size=3)),
    ]
    if junk:
        tame += [junk_line(), st.text(any_char, min_size=1, max_size=30)]
    return st.one_of(tame)


# --------------------------------------------------------------------------- mutated pages

OPS = ("delete", "duplicate", "move", "insert", "chrome", "recase", "respace", "truncate", "split", "join", "blank")
SPACES = ("", " ", "  ", "\t", " \t", "\u00a0", "\u2009", "\u3000")
ASCII_SPACES = ("", " ", "  ", "\t", " \t")


@st.composite
def mutate(draw, lines: list[str], ops: tuple[str, ...] = OPS, junk: bool = True, max_ops: int = 6,
           ascii_only: bool = False) -> list[str]:
    """Apply a few random edits to ``lines`` (a copy); ``ascii_only`` keeps ASCII text ASCII."""
    lines = list(lines)
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(st.sampled_from(ops))
        n = len(lines)
        at = draw(st.integers(0, max(0, n - 1)))
        where = draw(st.integers(0, n))
        if op in ("insert", "chrome", "blank"):
            new = {"insert": lambda: [draw(extra_lines(junk))],
                   "chrome": lambda: draw(chrome_block()),
                   "blank": lambda: [draw(st.sampled_from(["", " ", "\t", "\u00a0 "]))]}[op]()
            lines[where:where] = new
            continue
        if not n:
            continue
        line = lines[at]
        if op == "delete":
            del lines[at]
        elif op == "duplicate":
            lines.insert(at, line)
        elif op == "move":
            del lines[at]
            lines.insert(min(where, len(lines)), line)
        elif op == "recase":
            lines[at] = draw(recase(line))
        elif op == "respace":
            spaces = ASCII_SPACES if ascii_only else SPACES
            inner = draw(st.sampled_from(spaces))
            lines[at] = draw(st.sampled_from(spaces)) + line.replace(" ", inner or " ") + draw(st.sampled_from(spaces))
        elif op == "truncate":
            words = line.split(" ")
            lines[at] = " ".join(words[: draw(st.integers(1, max(1, len(words))))])
        elif op == "split":
            words = line.split(" ")
            cut = draw(st.integers(0, len(words)))
            lines[at : at + 1] = [" ".join(words[:cut]), " ".join(words[cut:])]
        elif op == "join" and at + 1 < n:
            lines[at : at + 2] = [line + " " + lines[at + 1]]
    return lines


@st.composite
def pages(draw, ops: tuple[str, ...] = OPS, junk: bool = True, names: tuple[str, ...] = SEED_NAMES) -> str:
    """A seed page with a few random edits, as LF-separated text."""
    name = draw(st.sampled_from(names))
    lines = draw(mutate(split_lines(SEEDS[name]), ops, junk))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


# --------------------------------------------------------------------------- encodings


def _c1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1
    control of the same number, as browsers (WHATWG windows-1252) decode them."""
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("cleantext-tests-c1", _c1_fallback)


def mojibake(line: str, encoding: str) -> str:
    """UTF-8 bytes read as ``encoding``: ``Afghanistan’s`` becomes ``Afghanistanâ€™s``."""
    return line.encode("utf-8").decode(encoding, errors="cleantext-tests-c1")


#: Typographic characters of the seeds and their ASCII stand-ins.
_ASCII = {"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "...", "©": "(c)", "«": '"', "»": '"'}


def asciify(text: str) -> str:
    """The page as an ASCII-only site would print it."""
    text = "".join(_ASCII.get(c, c) for c in text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
