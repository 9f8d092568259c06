"""Which way of spreading extraction over processes is fastest, and what the wire costs.

    python benchmarks/bench_engines.py [--articles 3000] [--stand-in] [INPUT]

Times, on the same articles: one process; ``run_extraction``'s process pool at several
batch sizes; a ``multiprocessing.Pool.imap`` contender with chunks (which reads its
whole input ahead, so it is not bounded); and the Dask engine on a LocalCluster. Then
the per-result cost of sending results as pickled Pydantic models versus dicts.
``--stand-in`` replaces the real extractor by sentence splitting only, which isolates
the overhead of the engines themselves.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import CORPORA, require  # noqa: E402

from dipevents.datasets import engines  # noqa: E402
from dipevents.schema.models import Article, ArticleResult  # noqa: E402


def stand_in_extract(article: Article, rules: Any = None, rules_dir: str | None = None) -> ArticleResult:
    """Sentence splitting only: the real first stage, without the rest."""
    from dipevents.extractors.sentences import split_sentences

    split_sentences(article.text, article.body_start, rules)
    return ArticleResult(article=article)


_IMAP_FN: list[Any] = []


def _imap_init(stand_in: bool) -> None:
    _IMAP_FN.append(stand_in_extract if stand_in else None)


def _imap_one(data: dict[str, Any]) -> Any:
    return engines._extract_batch([data], None, _IMAP_FN[0])[0]


def timed(label: str, n: int, fn: Any) -> list[ArticleResult]:
    started = time.perf_counter()
    results = list(fn())
    secs = time.perf_counter() - started
    print(f"{label:<44} {secs:7.2f} s  {n / secs:8,.0f} articles/s", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", default=None, help="JSON Lines file (default: Reuters)")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--stand-in", action="store_true", help="sentence splitting instead of extract")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args(argv)
    path = args.input or str(require(CORPORA / "reuters21578.jsonl"))

    from dipevents.extractors import read_articles

    articles = [a for a in islice(read_articles([path]), args.articles) if hasattr(a, "text")]
    n, fn = len(articles), (stand_in_extract if args.stand_in else None)
    print(f"{n} articles, jobs={args.jobs}, extractor={'stand-in' if fn else 'dipevents.extractors.extract'}")
    reference = timed("one process (jobs=1)", n, lambda: engines.run_extraction(articles, jobs=1, extract_fn=fn))
    for batch in (8, 32, 128):
        got = timed(f"process pool, batch_size={batch}", n,
                    lambda: engines.run_extraction(articles, jobs=args.jobs, extract_fn=fn, batch_size=batch))
        assert got == reference, "process pool results differ from one process"

    def imap() -> Any:
        with multiprocessing.Pool(args.jobs, initializer=_imap_init, initargs=(args.stand_in,)) as pool:
            wires = pool.imap(_imap_one, (a.model_dump(mode="python") for a in articles), chunksize=32)
            return [engines._from_wire(a, w) for a, w in zip(articles, wires)]

    got = timed("multiprocessing.Pool.imap, chunksize=32", n, imap)
    assert got == reference, "imap results differ from one process"
    if not args.no_dask:
        got = timed("dask LocalCluster (start-up included)", n,
                    lambda: engines.run_extraction(articles, jobs=args.jobs, engine="dask", extract_fn=fn, batch_size=64))
        assert got == reference, "dask results differ from one process"

    with_events = [r for r in reference if r.events][:200] or reference[:200]
    print(f"\nwire cost per result ({len(with_events)} results, "
          f"{sum(len(r.events) for r in with_events) / max(len(with_events), 1):.1f} events each):")
    for label, send, receive in (
        ("pickle ArticleResult models", lambda r: pickle.dumps(r), lambda b, a: pickle.loads(b)),
        ("dump events to dicts, validate in parent", lambda r: pickle.dumps(
            ([e.model_dump(mode="python", exclude_computed_fields=True) for e in r.events], list(r.notes), None)),
         lambda b, a: engines._from_wire(a, pickle.loads(b))),
    ):
        t0 = time.perf_counter()
        blobs = [send(r) for r in with_events]
        t1 = time.perf_counter()
        back = [receive(b, r.article) for b, r in zip(blobs, with_events)]
        t2 = time.perf_counter()
        assert back == with_events
        k = max(len(with_events), 1)
        print(f"  {label:<42} worker {1e6 * (t1 - t0) / k:6.0f} us, parent {1e6 * (t2 - t1) / k:6.0f} us, "
              f"{sum(map(len, blobs)) / k:6.0f} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
