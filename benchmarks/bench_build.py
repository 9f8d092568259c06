"""End to end: ``dipevents.datasets.build`` on real corpora, with articles/s, MB/s, peak RSS.

    python benchmarks/bench_build.py [INPUT ...] [--jobs N] [--engine local|dask] [--scheduler ADDR] [--repeat N]

Defaults to ``../shared/corpora/reuters21578.jsonl`` (19k articles) and ``voa2025.jsonl``,
each built in its own process (so each peak RSS is its own) into a temporary folder
that is deleted afterwards. Target on a 2-core machine: >= 1,000 articles/s on Reuters.

Each line also gives the CPU seconds of the building process and of its workers: on a
shared machine they move less than the wall time. ``--repeat N`` builds each input N
times, each in a fresh process, and ends with the best rate and the spread.
"""
from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import CORPORA, Meter, input_bytes, require  # noqa: E402


def run_one(inputs: list[str], jobs: int | None, engine: str, scheduler: str | None) -> str:
    from dipevents.datasets import build
    from dipevents.datasets.progress import count_articles

    n = count_articles(inputs, max_bytes=1 << 62) or 0
    with tempfile.TemporaryDirectory(prefix="dipevents-bench-") as out:
        kwargs = {"jobs": jobs, "engine": engine, "progress": False}
        if scheduler:
            kwargs["scheduler"] = scheduler
        with Meter() as meter:
            report = build(inputs, out, "0.0.1", **kwargs)
    summary = getattr(report, "summary", None)
    if callable(summary):
        print(f"  {summary()}", flush=True)
    names = "+".join(Path(p).name for p in inputs)
    line = meter.report(f"build {names} (engine={engine}, jobs={jobs or 'all'})", n, input_bytes(inputs))
    return f"{line}; CPU {_cpu(resource.RUSAGE_SELF):.1f} s self + {_cpu(resource.RUSAGE_CHILDREN):.1f} s workers"


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _repeated(path: str, extra: list[str], repeat: int) -> None:
    """Build ``path`` ``repeat`` times, each in a fresh process; print each run and the best."""
    rates = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, __file__, path, *extra], check=True, capture_output=True, text=True)
        print(done.stdout.rstrip(), flush=True)
        found = re.search(r"-> ([\d,]+) articles/s", done.stdout)
        if found:
            rates.append(int(found.group(1).replace(",", "")))
    if len(rates) > 1:
        print(f"{Path(path).name}: best {max(rates):,} articles/s over {len(rates)} runs "
              f"(spread {min(rates):,}-{max(rates):,})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="inputs (default: Reuters and VOA, one build each)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--scheduler", default=None, help="dask scheduler address")
    parser.add_argument("--together", action="store_true", help="build all inputs as one release")
    parser.add_argument("--repeat", type=int, default=1, help="builds per input, each in a fresh process")
    args = parser.parse_args(argv)
    inputs = args.inputs or [str(require(CORPORA / "reuters21578.jsonl")), str(require(CORPORA / "voa2025.jsonl"))]
    if args.together or (len(inputs) == 1 and args.repeat <= 1):
        print(run_one(inputs, args.jobs, args.engine, args.scheduler), flush=True)
        return 0
    extra = ["--engine", args.engine] + (["--jobs", str(args.jobs)] if args.jobs else [])
    extra += ["--scheduler", args.scheduler] if args.scheduler else []
    for path in inputs:
        _repeated(path, extra, max(args.repeat, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
