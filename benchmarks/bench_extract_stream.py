"""Extraction alone over a stream: ``run_extraction`` with results discarded.

    python benchmarks/bench_extract_stream.py INPUT [--jobs N] [--engine local|dask]

Reads INPUT lazily, extracts every article on the chosen engine and drops the results,
printing articles/s, MB/s and peak RSS. Set beside ``bench_build.py`` on the same input,
it separates what the engine and the extractors cost (time and memory) from what
merging and writing the release cost.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import Meter, input_bytes  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    args = parser.parse_args(argv)

    from dipevents.datasets.engines import FAILED_PREFIX, run_extraction
    from dipevents.extractors import read_articles

    n = events = failed = 0
    articles = (r for r in read_articles([args.input]) if hasattr(r, "text"))
    with Meter() as meter:
        for result in run_extraction(articles, jobs=args.jobs, engine=args.engine):
            n += 1
            events += len(result.events)
            failed += any(note.startswith(FAILED_PREFIX) for note in result.notes)
    print(f"  {events} events, {failed} articles whose extraction failed")
    print(meter.report(f"extract {Path(args.input).name} (engine={args.engine}, jobs={args.jobs or 'all'})",
                       n, input_bytes([args.input])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
