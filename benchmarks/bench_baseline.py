"""The naive approach to compare with: dateparser's ``search_dates`` on every sentence.

    python benchmarks/bench_baseline.py [--articles 50] [INPUT]

One process splits each article into sentences and calls
``dateparser.search.search_dates`` on every one of them (relative to the publication
date), which is how a first attempt at dating events usually looks. The same articles
are then extracted by dipevents in one process and on every core. Target: dipevents'
build >= 10x faster than this baseline.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import CORPORA, Meter, require  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", default=None, help="JSON Lines file (default: Reuters)")
    parser.add_argument("--articles", type=int, default=50, help="how many articles (default 50: dateparser is slow)")
    args = parser.parse_args(argv)
    path = args.input or str(require(CORPORA / "reuters21578.jsonl"))

    from dateparser.search import search_dates

    from dipevents.datasets.engines import run_extraction
    from dipevents.extractors import load_rules, read_articles
    from dipevents.extractors.sentences import split_sentences

    articles = [a for a in islice(read_articles([path]), args.articles) if hasattr(a, "text")]
    nbytes = sum(len(a.text.encode("utf-8")) for a in articles)
    rules = load_rules(None)
    search_dates("warm up on Monday", settings={"RELATIVE_BASE": dt.datetime(2020, 1, 1)})

    sentences = found = 0
    with Meter() as naive:
        for article in articles:
            base = dt.datetime.combine(article.published or dt.date.today(), dt.time())
            for sentence in split_sentences(article.text, article.body_start, rules):
                sentences += 1
                found += len(search_dates(sentence.text, settings={"RELATIVE_BASE": base}) or [])
    print(naive.report("baseline: search_dates on every sentence, 1 process", len(articles), nbytes))
    print(f"  {sentences} sentences ({sentences / naive.seconds:,.0f}/s), {found} dates found")

    with Meter() as one:
        list(run_extraction(articles, jobs=1))
    print(one.report("dipevents extract, 1 process", len(articles), nbytes))
    with Meter() as every:
        list(run_extraction(articles, jobs=None))
    print(every.report("dipevents extract, every core", len(articles), nbytes))
    print(f"speed-up over the baseline: {naive.seconds / one.seconds:.1f}x in one process, "
          f"{naive.seconds / every.seconds:.1f}x on every core (process start-up included; "
          "compare bench_build.py's articles/s for the full corpus)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
