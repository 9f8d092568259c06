"""Where extraction spends its time: cProfile over ``extract`` in one process.

    python benchmarks/profile_extract.py [--articles 2000] [--top 25] [INPUT]

Prints the functions with the most own time (tottime) and their share of the total,
then the heaviest by cumulative time, so a hot spot can be named precisely.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import CORPORA, require  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", default=None, help="JSON Lines file (default: Reuters)")
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    path = args.input or str(require(CORPORA / "reuters21578.jsonl"))

    from dipevents.extractors import extract, load_rules, read_articles

    articles = [a for a in islice(read_articles([path]), args.articles) if hasattr(a, "text")]
    rules = load_rules(None)
    def run_all(part: list) -> list[str]:
        failed = []
        for article in part:
            try:
                extract(article, rules=rules)
            except Exception as exc:  # noqa: BLE001 - reported, as the engines record them
                failed.append(f"{article.article_id}: {type(exc).__name__}: {str(exc).splitlines()[-1].strip()}")
        return failed

    # Warm up (compiled rules, imports) on a few articles; then time one half and profile
    # the other, so that neither sees caches filled by the same articles.
    warm, rest = articles[:20], articles[20:]
    timed, profiled = rest[: len(rest) // 2], rest[len(rest) // 2 :]
    run_all(warm)
    started = time.perf_counter()
    failed = run_all(timed)
    plain = time.perf_counter() - started
    print(f"{len(timed)} articles in {plain:.2f} s without profiler: {len(timed) / plain:,.0f} articles/s")

    profiler = cProfile.Profile()
    profiler.enable()
    failed += run_all(profiled)
    profiler.disable()
    if failed:
        print(f"{len(failed)} articles raised in extract, e.g. {failed[0]}")
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{Path(file).parent.name}/{Path(file).name}:{line} {name}" if line else name
        rows.append((tt, ct, nc, where))
    print(f"\nown time (total {total:.2f} s under the profiler)")
    for tt, ct, nc, where in sorted(rows, reverse=True)[: args.top]:
        print(f"  {100 * tt / total:5.1f}%  {tt:7.3f} s  {nc:>9} calls  {where}")
    print("\ncumulative time, dipevents functions")
    ours = [r for r in rows if "extractors/" in r[3] or "schema/" in r[3] or "datasets/" in r[3]]
    for tt, ct, nc, where in sorted(ours, key=lambda r: -r[1])[: args.top]:
        print(f"  {100 * ct / total:5.1f}%  {ct:7.3f} s  {nc:>9} calls  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
