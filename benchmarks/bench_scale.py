"""Memory stays flat as the corpus grows: build 10k, 100k and 1M generated articles.

    python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--workdir DIR] [--jobs N]

Each size is generated once with ``gen_corpus.py`` into ``--workdir`` (a .jsonl.gz file,
kept for reruns) and built by ``bench_build.py`` in its own process, which prints
articles/s, MB/s and peak RSS. Target: peak RSS <= 1 GB at every size.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["10000", "100000", "1000000"],
                        help="article counts, separated by spaces or commas")
    parser.add_argument("--workdir", default=None, help="where generated corpora are kept (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="dipevents-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for n in (int(s) for arg in args.sizes for s in arg.split(",") if s):
        path = corpus(workdir, n, args.seed)
        extra = ["--jobs", str(args.jobs)] if args.jobs else []
        subprocess.run([sys.executable, str(HERE / "bench_build.py"), str(path), *extra], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
