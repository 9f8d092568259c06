"""Full build vs incremental rebuild with 1% new articles: prints both times and the ratio.

    python benchmarks/bench_incremental.py [-n 3000] [--repeat 3] [--jobs N] [--extractor real|fake] [--no-reuters]

Two cases, each in a fresh temporary folder:

* generated: ``-n`` synthetic articles (benchmarks/gen_corpus.py) in one file are built
  (full build: every article extracted, cache and merged state kept); then a second file
  of 1% new articles is added and the release rebuilt against the first (incremental).
* Reuters (when ../shared/corpora is there): 99% of Reuters-21578 (every article but
  each 100th) in one file, then the remaining 1% as a second file.

The incremental build is repeated ``--repeat`` times, each from a copy of the cache as
the full build left it (the machine is shared: best and spread are printed). Each case
also makes a full build of the grown input without any cache and checks the incremental
release's tables are byte-identical to it. The ratio printed is the best incremental
time / the full build of the grown input. ``--extractor fake`` uses the tests'
line-language extractor (near-zero extraction cost: shows the fixed costs only).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from _measure import CORPORA  # noqa: E402
from gen_corpus import generate  # noqa: E402

from dipevents.datasets import build  # noqa: E402
from dipevents.datasets.write import TABLE_NAMES  # noqa: E402


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _generated(n: int) -> tuple[list[str], list[str]]:
    n_new = max(1, n // 100)
    records = list(generate(n + n_new, seed=11))
    for i, record in enumerate(records[n:]):  # new ids, so they add to the corpus
        record["id"] = f"new-{i}"
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
    return lines[:n], lines[n:]


def _reuters() -> tuple[list[str], list[str]] | None:
    path = CORPORA / "reuters21578.jsonl"
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return [x for i, x in enumerate(lines) if i % 100 != 99], [x for i, x in enumerate(lines) if i % 100 == 99]


def run_case(label: str, old: list[str], new: list[str], kwargs: dict[str, Any], repeat: int = 3) -> bool:
    """Full build of ``old``, incremental builds of ``old`` + ``new``, full build of both without cache."""
    with tempfile.TemporaryDirectory(prefix="dipevents-incr-") as tmp:
        work = Path(tmp)
        first_file, new_file = _write(work / "old.jsonl", old), _write(work / "new.jsonl", new)
        t0 = time.perf_counter()
        first = build([first_file], work / "out", "1.0.0", **kwargs)
        t_first = time.perf_counter() - t0
        shutil.copytree(work / "out" / ".cache", work / "cache-after-first")
        times = []
        for r in range(max(1, repeat)):
            shutil.rmtree(work / "out" / ".cache")
            shutil.copytree(work / "cache-after-first", work / "out" / ".cache")
            t0 = time.perf_counter()
            second = build([first_file, new_file], work / "out", f"1.1.{r}", previous=first.path, **kwargs)
            times.append(time.perf_counter() - t0)
        t_incr = min(times)
        t0 = time.perf_counter()
        check = build([first_file, new_file], work / "check", "1.1.0", cache=False, **kwargs)
        t_full = time.perf_counter() - t0
        same = all((second.path / f"{n}.parquet").read_bytes() == (check.path / f"{n}.parquet").read_bytes()
                   for n in TABLE_NAMES)
    print(f"{label}:")
    print(f"  full build          {len(old):>7} articles  {t_first:8.2f} s  ({first.extracted} extracted)")
    print(f"  incremental (+1%)   {len(old) + len(new):>7} articles  {t_incr:8.2f} s  "
          f"(best of {len(times)}, up to {max(times):.2f} s; {second.extracted} extracted, {second.cached} reused)")
    print(f"  full build, no cache{len(old) + len(new):>7} articles  {t_full:8.2f} s")
    print(f"  incremental / full: {t_incr / t_full:.1%}; tables identical to the full build: {same}", flush=True)
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3000, help="generated articles in the first build")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--extractor", choices=["real", "fake"], default="real")
    parser.add_argument("--no-reuters", action="store_true", help="skip the Reuters case")
    parser.add_argument("--repeat", type=int, default=3, help="incremental builds per case (best is kept)")
    args = parser.parse_args(argv)

    extract_fn = None
    if args.extractor == "fake":
        from release_helpers import fake_extract

        extract_fn = fake_extract
    kwargs: dict[str, Any] = dict(jobs=args.jobs, progress=False, extract_fn=extract_fn)
    print(f"extractor: {args.extractor}, jobs: {args.jobs or 'all cores'}")
    ok = run_case(f"generated, {args.n} + 1%", *_generated(args.n), kwargs, args.repeat)
    reuters = None if args.no_reuters or args.extractor == "fake" else _reuters()
    if reuters is not None:
        ok = run_case("Reuters-21578, 99% + 1%", *reuters, kwargs, args.repeat) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
