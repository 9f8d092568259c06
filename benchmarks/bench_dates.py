"""Throughput of the time-expression tagger on the real corpora.

Runs :func:`dipevents.extractors.dates.tag_dates` (after :func:`find_dateline`, as the
pipeline does) over every article of ``../shared/corpora/*.jsonl`` and prints
documents/s, MB/s and the expressions found per corpus. Skips when the corpora are absent.

    python benchmarks/bench_dates.py [--limit N]
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
import time
from pathlib import Path

from dipevents.extractors.dateline import find_dateline
from dipevents.extractors.dates import lexicon, tag_dates

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles per corpus (default: all)")
    args = parser.parse_args(argv)
    files = sorted(CORPORA.glob("*.jsonl"))
    if not files:
        print(f"skipped: no corpora under {CORPORA}")
        return 0
    lexicon()  # compile outside the timing
    for path in files:
        articles = []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                obj = json.loads(line)
                articles.append((obj["text"], dt.date.fromisoformat(obj["published"])))
                if args.limit and len(articles) >= args.limit:
                    break
        chars = sum(len(t) for t, _ in articles)
        kinds: collections.Counter[str] = collections.Counter()
        started = time.perf_counter()
        n_expr = 0
        for text, published in articles:
            dateline = find_dateline(text, 0, published)
            base = dateline.date if dateline and dateline.date else published
            found = tag_dates(text, base)
            n_expr += len(found)
            kinds.update(e.extra.get("kind", "?") for e in found)
        seconds = time.perf_counter() - started
        print(f"{path.name}: {len(articles)} docs, {chars / 1e6:.1f} MB in {seconds:.2f} s = "
              f"{len(articles) / seconds:,.0f} docs/s, {chars / 1e6 / seconds:.1f} MB/s; "
              f"{n_expr} expressions ({n_expr / len(articles):.2f}/doc)")
        print("   by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
