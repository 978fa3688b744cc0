"""The fast paths change nothing: same features, same verdicts, same documents.

Each fast path has a plain reference beside it (the per-line feature code in
:mod:`cleantext.linefeatures`, langdetect's own detector, ...). These tests
hold them to each other on the seeds and on the devset pages, read in place
from ``../shared/devset`` (skipped where that folder is absent).
"""

from __future__ import annotations


import numpy as np
import pytest

import cleantext
from cleantext import linefeatures, pagefeatures
from cleantext.steps import content

from .conftest import ROOT, seed_names, seed_text

DEVSET_PAGES = ROOT.parent / "shared" / "devset" / "pages"


def _devset_texts(step: int = 1) -> list[str]:
    if not DEVSET_PAGES.is_dir():
        return []
    return [p.read_text("utf-8") for p in sorted(DEVSET_PAGES.glob("*.raw.txt"))[::step]]


def _pages() -> list[tuple[str, str]]:
    pages = [(f"seed:{name}", seed_text(name)) for name in seed_names()]
    pages += [(f"devset:{k}", text) for k, text in enumerate(_devset_texts())]
    return pages


def _lines(text: str) -> list[str]:
    return [line for line in (raw.strip() for raw in text.splitlines()) if line]


EDGE_CASES = [
    ["Only one line."],
    ["İSTANBUL HABER", "Straße und Maß. Ein längerer Satz mit vielen Wörtern, der endet."],
    ["a" * 5000 + " end.", "x | y", "left / right", "a>b", "menu » item", "© 2024 (C) Example"],
    ["日本語のテキストです。これは本文の一行です。", "😀 emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 line", "Mar 12 2021 at 10:45"],
    ["contains\x00nul", "second line here."],
    ["www.example.com", "mail me @home", "HTTP://EXAMPLE.ORG", "Ünïcödé ÀÉÎ", "ǅungla test"],
]


@pytest.mark.parametrize("texts", EDGE_CASES, ids=lambda t: t[0][:20])
def test_page_features_match_the_reference_on_edge_cases(texts: list[str]) -> None:
    fast = pagefeatures.page_features(texts)
    slow = np.asarray(linefeatures.page_features(texts))
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-12)


def test_page_features_match_the_reference_on_every_page() -> None:
    pages = _pages()
    assert len(pages) >= 5
    for name, text in pages:
        lines = _lines(text)
        if not lines:
            continue
        fast = pagefeatures.page_features(lines)
        slow = np.asarray(linefeatures.page_features(lines))
        assert fast.shape == slow.shape, name
        worst = np.abs(fast - slow).max()
        assert worst <= 1e-12, f"{name}: features differ by {worst}"


def test_documents_are_identical_with_the_reference_features(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [seed_text(name) for name in seed_names()] + _devset_texts(step=5)
    fast = [cleantext.clean(t) for t in texts]
    monkeypatch.setattr(content, "page_features", lambda lines: np.asarray(linefeatures.page_features(lines)))
    cleantext.api.default_pipeline.cache_clear()
    try:
        slow = [cleantext.clean(t) for t in texts]
    finally:
        cleantext.api.default_pipeline.cache_clear()
    for k, (a, b) in enumerate(zip(fast, slow)):
        assert (a.title, a.byline, a.lang, a.dropped()) == (b.title, b.byline, b.lang, b.dropped()), f"page {k}"


def test_stage_two_rows_match_the_definition() -> None:
    rng = np.random.default_rng(0)
    for n in (1, 2, 7, 40):
        scores = rng.random(n)
        rows = rng.random((n, len(linefeatures.NAMES)))
        got = content.stage2_rows(scores, rows)
        for k in range(n):
            expect = [scores[k]]
            for w in content.STAGE2_WINDOWS:
                lo, hi = max(0, k - w), min(n, k + w + 1)
                others = [scores[j] for j in range(lo, hi) if j != k]
                expect.append(sum(others) / len(others) if others else 0.0)
            total = scores.sum()
            expect += [max(scores[:k], default=0.0), max(scores[k + 1:], default=0.0),
                       scores[:k].sum() / total, scores[k + 1:].sum() / total,
                       rows[k, 0], rows[k, 2], rows[k, 3], rows[k, 18]]
            others = [scores[j] for j in range(max(0, k - 20), min(n, k + 21)) if j != k]
            first, last = content.main_block(list(scores), [1.0 + 5.0 * r for r in rows[:, 1]],
                                             content.STAGE2_BLOCK_BAR)
            dist = first - k if k < first else k - last if k > last else 0
            expect += [sum(others) / len(others) if others else 0.0, float(k < first), float(k > last),
                       min(np.log1p(dist) / 4.0, 1.5), float(np.mean(scores[first:last + 1]))]
            np.testing.assert_allclose(got[k], expect, atol=1e-12)


def test_the_ftfy_screen_only_skips_lines_ftfy_leaves_alone() -> None:
    from cleantext.steps.encoding import FTFY_CONFIG, needs_ftfy

    import ftfy

    tricky = ["cafÃ© au lait", "â€œquotedâ€\x9d", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "РїСЂРёРІРµС‚", "ﬁnance", "e\u0301te",
              "tab\there", "x &amp; y", "\x1b[31mred", "AT&T and Q&A", "P&eacute;rez", "x &#10; y",
              "Fish & Chips &amp", "caf\u00e9 &nbsp; bar", "Ma\u00df & Co;", "&lt;b&gt;",
              "zero\u200bwidth", "BOM\ufeff", "Straße", "日本語"]
    lines = tricky + [line for _, text in _pages() for line in _lines(text)]
    skipped = 0
    for line in lines:
        if not needs_ftfy(line):
            skipped += 1
            assert ftfy.fix_text(line, FTFY_CONFIG) == line, repr(line)
    assert skipped > len(lines) // 2  # the screen does skip most lines


def _langdetect_ngrams(sample: str) -> list[str]:
    from cleantext.steps.language import _factory

    detector = _factory().create()  # type: ignore[attr-defined]
    detector.append(sample)
    detector.cleaning_text()
    return detector._extract_ngrams()


def test_ngrams_are_the_ones_langdetect_extracts() -> None:
    from collections import Counter

    from cleantext import langprofiles

    vocabulary = langprofiles.load_profiles().vocabulary
    samples = ["NASA and the ESA said: OK!", "Straße — „Zitat“ über Ärger", "Tiếng Việt có dấu",
               "日本語のテキスト、カタカナ", "Всё хорошо, СССР", "http://x.org mail@me.com end", "  a  b  "]
    samples += [text[:600] for text in _devset_texts(step=7)]
    for sample in samples:
        ours = Counter(g for g in langprofiles.ngrams(langprofiles.prepare(sample)) if g in vocabulary)
        assert ours == Counter(_langdetect_ngrams(sample)), sample[:60]


def test_language_agrees_with_langdetect() -> None:
    from cleantext.steps.language import detect_language, langdetect_language

    bodies = [cleantext.clean(seed_text(name)).text for name in seed_names()]
    bodies += [cleantext.clean(text).text for text in _devset_texts(step=3)]
    pairs = [(detect_language(b), langdetect_language(b)) for b in bodies]
    agree = sum(a == b for a, b in pairs)
    assert all(a == b for a, b in pairs[: len(seed_names())])
    assert agree >= 0.98 * len(pairs), f"{agree}/{len(pairs)}"


def test_the_byline_label_screen_skips_no_match() -> None:
    from cleantext.steps import byline

    lines = ["By Jane Doe", "— by: Jane", "_von Max Muster", "Written by Ann Lee", "AUTORIN: Eva", "Bylines here",
             "by_x Jane", "2 by Jane", "Автор: Иван Петров", "Text: Hans Meier"]
    lines += [line for _, text in _pages() for line in _lines(text)]
    for line in lines:
        first = byline._FIRST_WORD.match(line)
        screened = bool(first) and first.group(1).casefold() in byline._AUTHOR_FIRST_WORDS
        if not screened:
            assert byline._AUTHOR.fullmatch(line) is None, line


def test_the_badness_screen_is_ftfys_regex_with_a_look_ahead() -> None:
    from ftfy.badness import BADNESS_RE

    from cleantext.steps import encoding

    screen = encoding.badness_screen()
    # The structural check accepted the installed ftfy's pattern (otherwise it is ftfy's regex itself).
    assert screen is not BADNESS_RE
    assert screen.pattern.endswith("(?:" + BADNESS_RE.pattern + ")")


def test_the_badness_screen_agrees_with_ftfy_on_every_line() -> None:
    import random

    from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad

    from cleantext.steps import encoding

    lines = [line for _, text in _pages() for line in _lines(text)]
    lines += ["cafÃ© au lait", "â€œquotedâ€\x9d", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "РїСЂРёРІРµС‚", "ab Ã ", "Ã ok", "x\u3000Ñ€",
              "Straße", "日本語", "Œx", "a Â »", "ГўВЂВ™s"]
    # Random strings dense in the characters mojibake is made of, with ASCII and white space
    # between them: they hit the branches the devset rarely reaches.
    alphabet = "".join(MOJIBAKE_CATEGORIES.values()).replace("-", "") + "ÂÃÎÐØÙ√≈‚ВГРСΒΓΞΟβā€aZ .,?! \t\u00a0"
    rng = random.Random(0)
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    found = 0
    for line in lines:
        assert encoding.is_bad(line) == is_bad(line), repr(line)
        found += is_bad(line)
    assert found > 1000  # the random strings do reach the bad branches


def test_the_badness_screen_falls_back_to_ftfy_on_a_branch_it_cannot_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from cleantext.steps import encoding

    # "ab+é": the run of b's can put the first mojibake character arbitrarily far in.
    loose = re.compile("ab+é|Ã©")
    monkeypatch.setattr(encoding, "BADNESS_RE", loose)
    encoding.badness_screen.cache_clear()
    try:
        assert encoding.badness_screen() is loose
    finally:
        encoding.badness_screen.cache_clear()


def test_documents_are_identical_without_the_line_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    from cleantext.steps import converge

    texts = [seed_text(name) for name in seed_names()] + _devset_texts(step=4)
    fast = [cleantext.clean(t) for t in texts]
    monkeypatch.setattr(converge, "line_memo", contextlib.nullcontext)
    slow = [cleantext.clean(t) for t in texts]
    assert sum(len(d.lines) for d in fast) > 10000
    for k, (a, b) in enumerate(zip(fast, slow)):
        assert (a.title, a.byline, a.lang, a.lines) == (b.title, b.byline, b.lang, b.lines), f"page {k}"


def test_the_line_memo_serves_later_passes_and_ends_with_the_page() -> None:
    from cleantext.memo import line_memo, memo_table
    from cleantext.pipeline import Fixer

    calls: list[str] = []

    class Shout(Fixer):
        name = "shout"

        def fix(self, text: str) -> str:
            calls.append(text)
            return text.upper()

    step = Shout()
    with line_memo():
        first = step("one\ntwo\none")
        assert calls == ["one", "two"]  # the repeated line was looked up
        assert step(first).body == first.body and calls == ["one", "two", "ONE", "TWO"]
        step("two\nthree")
        assert calls == ["one", "two", "ONE", "TWO", "three"]  # "two" was remembered
        assert memo_table(step, step.fix) is memo_table(step, step.fix)
    assert memo_table(step, step.fix) is not memo_table(step, step.fix)  # outside a page: nothing is kept


def test_clean_text_is_read_once_and_the_skipped_pass_would_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Converge`` stops after one pass over text it found clean; a second pass agrees."""
    from cleantext.steps import converge

    cleaned = [cleantext.clean(t).text for t in [seed_text(n) for n in seed_names()] + _devset_texts(step=10)]
    fast = [cleantext.clean(t) for t in cleaned]
    skipped: list[bool] = []
    reads_as_is = converge.Converge.reads_as_is

    def never(before, after) -> bool:
        skipped.append(reads_as_is(before, after))
        return False

    monkeypatch.setattr(converge.Converge, "reads_as_is", staticmethod(never))
    slow = [cleantext.clean(t) for t in cleaned]
    assert len(skipped) == len(cleaned) and all(skipped)  # the fast path fires on every cleaned page
    for k, (a, b) in enumerate(zip(fast, slow)):
        assert (a.title, a.byline, a.lang, a.lines) == (b.title, b.byline, b.lang, b.lines), f"page {k}"
    # A page with chrome is not read as is.
    raw = seed_text(seed_names()[0])
    doc = cleantext.Document.from_text(raw)
    assert not converge.Converge.reads_as_is(doc, cleantext.clean(raw))
