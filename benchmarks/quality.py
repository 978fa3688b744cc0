#!/usr/bin/env python3
"""Main-content quality on the shared devset, beside the field's baselines.

    python benchmarks/quality.py          # scorer on the shipped model + title/author hit rates
    python benchmarks/quality.py --cv     # also the dataset-held-out figures (retrains, ~5 min)
    python benchmarks/quality.py --html   # also the HTML mode against trafilatura alone
    python benchmarks/quality.py --set content_share=0.3   # the same tables under a config override

The content figures come from the devset's own ``score.py`` run on
``cleantext.api:clean_text``. The shipped model was fitted on the devset, so
its plain figures are in-sample; ``--cv`` fits on all datasets but one and
scores that one, for each, which is the figure to trust.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devset import DEVSET, ROOT, SET_ENV, pages, scorer  # noqa: E402

import cleantext  # noqa: E402
from cleantext.config import apply_overrides  # noqa: E402

#: Overall F1 on the same pages and scorer, from the devset README and issue 3.
BASELINES = [
    ("raw text unchanged", "text", 0.71),
    ("keep lines of 10+ words", "text", 0.81),
    ("C4 line rules (datatrove)", "text", 0.79),
    ("jusText", "HTML", 0.82),
    ("readability-lxml", "HTML", 0.93),
    ("trafilatura", "HTML", 0.94),
]
#: trafilatura's metadata extractor on the HTML, same pages, same hit rule.
META_BASELINES = {"title": 0.79, "author": 0.63}


def run_scorer(jobs: int, how: tuple[str, ...] | None = None, pairs: tuple[str, ...] = ()) -> dict:
    """The devset scorer's summary: of ``how`` (score.py's options), by default the text mode
    with the snippet set, under the default config or with ``pairs`` (``--set``) on top."""
    env = dict(os.environ)
    if how is None:
        # The overrides reach the scorer's worker processes through the environment.
        cleaner = "benchmarks/devset.py:clean_text" if pairs else "cleantext.api:clean_text"
        how = ("--module", cleaner, "--snippets")
        env[SET_ENV] = "\n".join(pairs)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "summary.json"
        cmd = [sys.executable, str(DEVSET / "score.py"), *how, "-j", str(jobs), "--json", str(out)]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"score.py failed:\n{proc.stderr}")
        summary = json.loads(out.read_text())
        summary["_stdout"] = proc.stdout
        return summary


def word_f1(a: str, b: str, tokenize) -> float:
    x, y = set(tokenize(a)), set(tokenize(b))
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def metadata_hits(pairs: tuple[str, ...] = ()) -> dict[str, tuple[int, int]]:
    """Title hit: word-set F1 >= 0.8 with the gold title; author hit: every gold author word in the byline."""
    score = scorer()
    titles = [0, 0]
    authors = [0, 0]
    config = apply_overrides(cleantext.Config(detect_language=False), pairs)
    for page in pages():
        meta = page["meta"]
        gold_title, gold_author = meta.get("gold_title"), meta.get("gold_author")
        if not gold_title and not gold_author:
            continue
        doc = cleantext.clean(page["raw"], config=config)
        if gold_title:
            titles[1] += 1
            titles[0] += word_f1(gold_title, doc.title or "", score.tokenize) >= 0.8
        if gold_author:
            if isinstance(gold_author, list):
                gold_author = " ".join(gold_author)
            words = score.tokenize(gold_author)
            byline = set(score.tokenize(doc.byline or ""))
            authors[1] += 1
            authors[0] += bool(words) and all(w in byline for w in words)
    return {"title": (titles[0], titles[1]), "author": (authors[0], authors[1])}


#: The HTML-mode rows: trafilatura alone (plain, and with the options the HTML mode
#: gives it), then ``clean_html`` as the scorer maps it (``doc.text``) and its body.
HTML_SYSTEMS = (
    ("trafilatura alone: `trafilatura.extract(html)`", "benchmarks/html_baselines.py:trafilatura_extract"),
    ("trafilatura alone: `bare_extraction`, comments excluded", "cleantext.html:trafilatura_text"),
    ("**`clean_html`: `doc.text`** (title + body)", "cleantext.html:html_to_text"),
    ("`clean_html`: `doc.body`", "cleantext.html:html_to_body"),
)


def html_mode_table(jobs: int) -> None:
    """The HTML mode against trafilatura alone on the devset pages that have HTML, per dataset."""
    print("\n## HTML mode (`cleantext.clean_html`) against trafilatura alone, pages with HTML\n")
    rows = [(name, run_scorer(jobs, ("--html-func", func))) for name, func in HTML_SYSTEMS]
    datasets = list(rows[0][1]["datasets"])
    print("| system | P | R | F1 | " + " | ".join(f"{d} F1" for d in datasets) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(datasets))
    for name, summary in rows:
        o = summary["overall"]
        cells = " | ".join(f"{summary['datasets'][d]['F1']:.3f}" for d in datasets)
        print(f"| {name} | {o['P']:.4f} | {o['R']:.4f} | {o['F1']:.4f} | {cells} |", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", action="store_true", help="also run the dataset-held-out cross-validation")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--html", action="store_true", help="also score the HTML mode against trafilatura alone (~30 s on 2 cores)")
    ap.add_argument("--set", dest="pairs", action="append", default=[], metavar="KEY=VALUE",
                    help="score the default config with this key overridden, as `cleantext clean --set` (repeatable; the text-mode and title tables, not --html or --cv)")
    args = ap.parse_args()
    pairs = tuple(args.pairs)
    try:
        apply_overrides(cleantext.Config(), pairs)
    except cleantext.ConfigError as exc:
        raise SystemExit(f"error: {exc}") from None

    summary = run_scorer(args.jobs, pairs=pairs)
    with_set = f", with --set {' '.join(pairs)}" if pairs else ""
    print(f"## Main content (devset scorer, shipped model{with_set}: in-sample)\n")
    print("| dataset | pages | P | R | F1 |\n|---|---:|---:|---:|---:|")
    for name, row in summary["datasets"].items():
        print(f"| {name} | {row['n']} | {row['P']:.3f} | {row['R']:.3f} | {row['F1']:.3f} |")
    o = summary["overall"]
    print(f"| **all pages** | {o['n']} | {o['P']:.3f} | {o['R']:.3f} | **{o['F1']:.3f}** |")
    snip = summary.get("snippets") or {}
    if snip:
        print(f"| snippet set ({snip.get('pages', '?')} pages) | | {snip.get('P', 0):.3f} | {snip.get('R', 0):.3f} | {snip.get('F1', 0):.3f} |")
    print("\n## Baselines (overall F1, same pages, same scorer)\n")
    print("| system | input | F1 |\n|---|---|---:|")
    for name, kind, f1 in BASELINES:
        print(f"| {name} | {kind} | {f1:.2f} |")
    print(f"| **cleantext (in-sample)** | text | **{o['F1']:.2f}** |")
    hits = metadata_hits(pairs)
    print("\n## Title and byline from text alone\n")
    print("| field | pages | hit rate | trafilatura (HTML) |\n|---|---:|---:|---:|")
    for field, (hit, total) in hits.items():
        print(f"| {field} | {total} | {hit / total:.3f} | {META_BASELINES[field]:.2f} |")
    if args.html:
        html_mode_table(args.jobs)
    if args.cv:
        print("\n## Dataset-held-out cross-validation (fit on the other datasets)\n", flush=True)
        proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "train_content.py"), "--cv-only"],
                              cwd=ROOT, capture_output=True, text=True)
        print(proc.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
