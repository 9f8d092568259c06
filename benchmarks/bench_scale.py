"""Memory stays flat as the corpus grows: build 10k, 100k and 1M generated articles.

    python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--workdir DIR] [--jobs N]
    python benchmarks/bench_scale.py --merge-only [--sizes ...]

Each size is generated once with ``gen_corpus.py`` into ``--workdir`` (a .jsonl.gz file,
kept for reruns) and built by ``bench_build.py`` in its own process, which prints
articles/s, MB/s and peak RSS. Target: peak RSS <= 1 GB at every size.

``--merge-only`` skips reading and extraction: synthetic extraction results shaped like
``gen_corpus.py``'s (24 states, 576 names, about 2.7 events an article over ten years of
publication dates, mostly day-precise) go straight into the ``Merger``, each size in its
own process, which prints articles/s, events and the merge's peak RSS. It shows the
merge's own memory at sizes a full build takes too long for.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def corpus(workdir: Path, n: int, seed: int) -> Path:
    """The generated corpus of ``n`` articles, made if missing."""
    path = workdir / f"synthetic-{n}-seed{seed}.jsonl.gz"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".part")
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "-n", str(n), "--seed", str(seed),
                        "-o", str(partial) + ".gz"], check=True)
        Path(str(partial) + ".gz").rename(path)
        print(f"generated {n} articles in {time.perf_counter() - started:.1f} s: {path}", flush=True)
    return path


def _synthetic_results(n: int, seed: int) -> Any:
    """``n`` extraction results shaped like gen_corpus.py's articles (see the module doc)."""
    import datetime as dt
    import random

    from dipevents.schema.models import Actor, Article, ArticleResult, Meeting, Mention, Participant, Signing, Statement

    sys.path.insert(0, str(HERE))
    from gen_corpus import COUNTRIES, DOCUMENTS, FIRST, LAST  # noqa: E402

    iso = ["FRA", "DEU", "JPN", "BRA", "IND", "KEN", "CAN", "MEX", "EGY", "TUR", "IDN", "POL", "ARG", "NGA",
           "VNM", "SWE", "CHL", "MAR", "AUS", "KOR", "ITA", "ESP", "GHA", "PER"]  # COUNTRIES' order
    codes = [(code, capital) for code, (_, _, capital) in zip(iso, COUNTRIES)]
    quotes = ["We will not accept any interference in our internal affairs", "The talks were constructive"]
    rng = random.Random(seed)
    start = dt.date(2015, 1, 1)
    for i in range(n):
        published = start + dt.timedelta(days=rng.randint(0, 3650))
        article = Article(article_id=f"s{i:08d}", text="x" * 500 + f" {i:08d}", published=published)
        events = []
        for j in range(rng.choice([0, 1, 2, 3, 3, 4, 5])):
            (a, cap_a), (b, cap_b) = rng.sample(codes, 2)
            people = [Actor(kind="person", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", country=c) if rng.random() < 0.7
                      else Actor(kind="state", name=c, country=c) for c in (a, b)]
            r = rng.random()
            if r < 0.03:
                date, precision = None, "none"
            elif r < 0.05:
                date, precision = dt.date(published.year, 1, 1), "year"
            elif r < 0.12:
                date, precision = published.replace(day=1), "month"
            elif r < 0.27:
                day = published - dt.timedelta(days=rng.randint(0, 14))
                date, precision = day - dt.timedelta(days=day.weekday()), "week"
            else:
                date, precision = published - dt.timedelta(days=rng.randint(0, 60 if r > 0.85 else 20)), "day"
            mention = Mention(article_id=article.article_id, char_start=j * 100, char_end=j * 100 + 90,
                              text="x" * 90, rule="synthetic")
            common = dict(date=date, date_precision=precision, location=rng.choice([cap_a, cap_b]), mentions=[mention])
            kind = rng.random()
            if kind < 0.58:
                events.append(Meeting(participants=[Participant(actor=x, role="participant") for x in people],
                                      cameo="043", **common))
            elif kind < 0.70:
                events.append(Signing(participants=[Participant(actor=x, role="signatory") for x in people],
                                      cameo="057", document=rng.choice(DOCUMENTS), **common))
            else:
                events.append(Statement(participants=[Participant(actor=people[0], role="speaker")], cameo="010",
                                        quote=rng.choice(quotes), **common))
        yield ArticleResult(article=article, events=events)


def merge_only(n: int, seed: int) -> str:
    """Merge ``n`` synthetic results in this process; one line of figures."""
    import resource
    import time

    from dipevents.datasets.merge import Merger

    made = 0.0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dipevents-merge-") as tmp:
        merger = Merger(tmp)
        clock = time.perf_counter()
        for result in _synthetic_results(n, seed):
            made += time.perf_counter() - clock
            if merger.admit(result.article):
                merger.add(result)
            clock = time.perf_counter()
        rows = {name: sum(1 for _ in table) for name, table in merger.rows().items()}
        stats = merger.stats
        merger.close()
    secs = time.perf_counter() - started - made
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (f"merge only {n:,} articles ({stats.members:,} reports -> {rows['events']:,} events, "
            f"most open at once {stats.max_open}): {secs:.1f} s merging ({n / secs:,.0f} articles/s, "
            f"not counting {made:.1f} s making results); peak RSS {peak:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["10000", "100000", "1000000"],
                        help="article counts, separated by spaces or commas")
    parser.add_argument("--workdir", default=None, help="where generated corpora are kept (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--merge-only", action="store_true", help="synthetic results straight into the merge")
    args = parser.parse_args(argv)
    sizes = [int(s) for arg in args.sizes for s in arg.split(",") if s]
    if args.merge_only:
        if len(sizes) == 1:
            print(merge_only(sizes[0], args.seed), flush=True)
        for n in sizes if len(sizes) > 1 else []:  # each size in its own process: its own peak RSS
            subprocess.run([sys.executable, __file__, "--merge-only", "--sizes", str(n), "--seed", str(args.seed)],
                           check=True)
        return 0
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="dipevents-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        path = corpus(workdir, n, args.seed)
        extra = ["--jobs", str(args.jobs)] if args.jobs else []
        subprocess.run([sys.executable, str(HERE / "bench_build.py"), str(path), *extra], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
