#!/usr/bin/env python3
"""Trust on real pages: idempotence, reasons and empty output over the whole devset.

    python benchmarks/trust.py          # the table, and the pages that fail
    python benchmarks/trust.py -j 2     # in two processes

The property tests check these guarantees on the seeds and on generated
pages; this runs them over every devset page (gold or not), where a rule
can meet text no generator writes:

* **idempotent**: cleaning the output again gives the same title and body.
  ``Converge`` runs the steps to a fixed point, but only for
  ``max_passes``; a page still changing after that is counted here.
* **every dropped line has a reason**: a non-blank input line missing from
  the body carries a ``filter:why`` reason (``Document.dropped`` invents
  ``whitespace:empty`` only for lines that were emptied).
* **no gold page emptied**: a page whose gold text is not empty keeps some
  body.
* **only deletes**: every body line is a whole input line, after the encoding
  and white-space fixers (the title may be cut from a line; the body may not).
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devset import pages  # noqa: E402

import cleantext  # noqa: E402
from cleantext.document import split_lines  # noqa: E402
from cleantext.steps.encoding import FixEncoding  # noqa: E402
from cleantext.steps.whitespace import NormalizeWhitespace  # noqa: E402

_FIX, _SPACE = FixEncoding().fix, NormalizeWhitespace().fix


def check(page: dict) -> dict:
    """The three checks for one page."""
    doc = cleantext.clean(page["raw"])
    again = cleantext.clean(doc.text)
    unexplained = sum(1 for line in doc.lines if not line.blank and line.reason is None and not line.text)
    inputs = {_SPACE(_FIX(line)) for line in split_lines(page["raw"])}
    return {
        "id": page["id"],
        "dataset": page["dataset"],
        "idempotent": again.body == doc.body and again.title == doc.title,
        "lost_lines": len(again.body.split("\n\n")) - len(doc.body.split("\n\n")),
        "unexplained": unexplained,
        "emptied": bool(page["gold"] and page["gold"].strip()) and not doc.body.strip(),
        "not_input": sum(1 for line in doc.kept() if line.text not in inputs),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-j", "--jobs", type=int, default=1)
    args = ap.parse_args(argv)
    todo = list(pages())
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            rows = list(pool.map(check, todo, chunksize=8))
    else:
        rows = [check(p) for p in todo]
    unstable = [r for r in rows if not r["idempotent"]]
    emptied = [r for r in rows if r["emptied"]]
    unexplained = sum(r["unexplained"] for r in rows)
    print("| check | pages | failing | share |\n|---|---:|---:|---:|")
    print(f"| cleaning the output again changes it | {len(rows)} | {len(unstable)} | {len(unstable) / len(rows):.3f} |")
    print(f"| gold page emptied | {sum(1 for p in todo if p['gold'])} | {len(emptied)} | |")
    print(f"| dropped lines without a reason | {len(rows)} | {unexplained} | |")
    not_input = [r for r in rows if r["not_input"]]
    print(f"| body lines that are not whole input lines | {len(rows)} | {sum(r['not_input'] for r in rows)} | |")
    for r in unstable:
        print(f"  not idempotent: {r['id']} ({r['lost_lines']:+d} body lines on the second clean)")
    for r in emptied:
        print(f"  emptied: {r['id']}")
    for r in not_input:
        print(f"  body line not an input line: {r['id']} ({r['not_input']})")
    return 1 if unexplained or not_input else 0


if __name__ == "__main__":
    sys.exit(main())
