"""Full build vs incremental rebuild with 1% new articles: prints both times.

    python benchmarks/bench_incremental.py [-n 5000] [--jobs 2] [--extractor real|fake]

Generates a synthetic corpus (benchmarks/gen_corpus.py), builds it once into a fresh
folder (full build, every article extracted and cached), then builds the corpus plus
1% new articles as the next version against the first (only the new ones are
extracted), and a full build of that same grown corpus without cache, and checks the
two give byte-identical tables. ``--extractor fake`` uses the tests' line-language
extractor (near-zero extraction cost: shows the fixed read/merge/write cost only).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from gen_corpus import generate  # noqa: E402

from dipevents.datasets import build  # noqa: E402
from dipevents.datasets.write import TABLE_NAMES  # noqa: E402


def _write(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="articles in the first corpus")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--extractor", choices=["real", "fake"], default="real")
    args = parser.parse_args(argv)

    extract_fn = None
    if args.extractor == "fake":
        from release_helpers import fake_extract

        extract_fn = fake_extract
    n_new = max(1, args.n // 100)
    records = list(generate(args.n + n_new, seed=11))
    base, new = records[: args.n], records[args.n:]
    for i, record in enumerate(new):  # new ids, so they add to the corpus
        record["id"] = f"new-{i}"
    grown = base[: args.n // 2] + new + base[args.n // 2:]
    kwargs = dict(jobs=args.jobs, progress=False, extract_fn=extract_fn)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        v1, v2 = _write(work / "v1.jsonl", base), _write(work / "v2.jsonl", grown)
        t0 = time.perf_counter()
        first = build([v1], work / "out", "1.0.0", **kwargs)
        t_full = time.perf_counter() - t0
        t0 = time.perf_counter()
        second = build([v2], work / "out", "1.1.0", previous=first.path, **kwargs)
        t_incr = time.perf_counter() - t0
        t0 = time.perf_counter()
        check = build([v2], work / "check", "1.1.0", cache=False, **kwargs)
        t_full2 = time.perf_counter() - t0
        same = all((second.path / f"{n}.parquet").read_bytes() == (check.path / f"{n}.parquet").read_bytes()
                   for n in TABLE_NAMES)

    print(f"extractor: {args.extractor}, jobs: {args.jobs or 'all cores'}")
    print(f"full build        {args.n:>8} articles  {t_full:8.2f} s  ({first.extracted} extracted)")
    print(f"incremental (+1%) {args.n + n_new:>8} articles  {t_incr:8.2f} s  "
          f"({second.extracted} extracted, {second.cached} cached)")
    print(f"full rebuild      {args.n + n_new:>8} articles  {t_full2:8.2f} s  (no cache)")
    print(f"incremental / full rebuild: {t_incr / t_full2:.1%}; tables identical to the full rebuild: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
