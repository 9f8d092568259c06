"""The floor: how fast input is only read and parsed into articles (no extraction).

    python benchmarks/bench_read.py [INPUT ...]

Defaults to ``../shared/corpora/reuters21578.jsonl`` and ``voa2025.jsonl``, each timed on
its own. Prints articles/s, MB/s and peak RSS; a build can never be faster than this.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import CORPORA, Meter, input_bytes, require  # noqa: E402


def run_one(path: str) -> str:
    from dipevents.extractors import read_articles

    articles = rejected = 0
    with Meter() as meter:
        for record in read_articles([path]):
            if hasattr(record, "text"):
                articles += 1
            else:
                rejected += 1
    return meter.report(f"read {Path(path).name} ({rejected} rejected)", articles + rejected, input_bytes([path]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="JSON Lines files or folders (default: Reuters and VOA corpora)")
    args = parser.parse_args(argv)
    inputs = args.inputs or [str(require(CORPORA / "reuters21578.jsonl")), str(require(CORPORA / "voa2025.jsonl"))]
    if len(inputs) == 1:
        print(run_one(inputs[0]), flush=True)
        return 0
    for path in inputs:  # one process each, so that each peak RSS is its own
        subprocess.run([sys.executable, __file__, path], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
