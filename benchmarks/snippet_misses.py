#!/usr/bin/env python3
"""Where the snippet set's must-keep phrases are lost: by position and by the step that dropped them.

    python benchmarks/snippet_misses.py            # the shipped model (in-sample)
    python benchmarks/snippet_misses.py --cv DIR   # each page by the fold model that did not see it
    python benchmarks/snippet_misses.py --list     # also every miss, one per line

The devset's scorer counts a must-keep phrase as kept when it appears, white
space normalised, in the output. This finds, for every phrase it misses, the
line of the page that holds it and says where that line stands against the
lines kept (above the first, between them, below the last) and which step
dropped it (the category of its reason). A phrase on no single line is either
not in the raw text as written, or cut by a line break or changed by the
encoding fixes (soft hyphens, ligatures). ``--cv DIR`` reads the models that
``train_content.py --snippet-folds N --save-cv DIR`` writes, so the table
matches the held-out recall it prints.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devset import SNIPPETS, pages, scorer  # noqa: E402

from cleantext import Config, Document, Pipeline, build_pipeline  # noqa: E402

#: The scorer's own white-space rule, so a phrase counts as missed exactly when ``score.py`` says so.
_SPACE = scorer().WS_RE


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def misses(doc: Document, raw: str, phrases: list[str]) -> list[tuple[str, str, str]]:
    """``(phrase, position, step)`` for each must-keep phrase missing from ``doc.text``."""
    out = _flat(doc.text)
    kept = [k for k, line in enumerate(doc.lines) if line.reason is None and line.text]
    found = []
    for phrase in phrases:
        flat = _flat(phrase)
        if flat in out:
            continue
        at = next((k for k, line in enumerate(doc.lines) if flat in _flat(line.text)), None)
        if at is None:
            where = "on no one line"
            step = "a line break or an encoding fix" if flat in _flat(raw) else "not in the raw text as written"
        else:
            if not kept or at < kept[0]:
                where = "above the first kept line"
            elif at > kept[-1]:
                where = "below the last kept line"
            else:
                where = "between kept lines"
            step = (doc.lines[at].reason or "kept").split(":")[0]
        found.append((flat, where, step))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", type=Path, metavar="DIR", help="fold models written by train_content.py --save-cv")
    ap.add_argument("--list", action="store_true", help="print every miss")
    args = ap.parse_args()
    model_of: dict[str, str] = {}
    if args.cv:
        for ids in sorted(args.cv.glob("snippets-*.ids")):
            model = str(ids.with_suffix(".json"))
            model_of.update((i, model) for i in ids.read_text("utf-8").split())
        if not model_of:
            raise SystemExit(f"{args.cv}: no snippets-<fold>.ids; run train_content.py --snippet-folds 2 --save-cv")
    pipes: dict[str, Pipeline] = {}
    total, rows = 0, []
    for page in pages((SNIPPETS,)):
        phrases = page["meta"]["snippets"].get("with") or []
        total += len(phrases)
        model = model_of.get(page["id"], "") if args.cv else ""
        if args.cv and not model:
            raise SystemExit(f"{page['id']}: in no fold of {args.cv}")
        if model not in pipes:
            pipes[model] = build_pipeline(Config(content_model=model or None, detect_language=False))
        doc = pipes[model](page["raw"])
        rows.extend((page["id"], *miss) for miss in misses(doc, page["raw"], phrases))
    lost = len(rows)
    print(f"must-keep phrases: {total}, missed: {lost}, recall {1 - lost / max(total, 1):.3f}"
          f" ({'held out' if args.cv else 'shipped model, in-sample'})\n")
    for title, column in (("where the line stands", 2), ("step that dropped it", 3)):
        print(f"| {title} | missed | share |\n|---|---:|---:|")
        for key, n in Counter(row[column] for row in rows).most_common():
            print(f"| {key} | {n} | {n / max(lost, 1):.2f} |")
        print()
    if args.list:
        for pid, phrase, where, step in rows:
            print(f"{pid}\t{step}\t{where}\t{phrase[:80]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
