"""The ``dipevents`` command line: a thin layer over the library.

Every command calls one public function (named in its help) and prints its result, so
anything the command line does can be done from Python too.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Sequence


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    report = build(
        args.inputs,
        args.out,
        args.version,
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        rules_dir=args.rules,
        previous=args.previous,
        progress=not args.quiet,
    )
    print(report.summary())
    if args.strict and report.n_rejected:
        print(f"--strict: {report.n_rejected} article(s) rejected", file=sys.stderr)
        return 1
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from dipevents.extractors import extract, read_articles

    from .rows import event_to_json

    for record in read_articles([args.file]):
        if not hasattr(record, "text"):
            print(f"rejected {record.article_id}: {record.error}", file=sys.stderr)
            continue
        result = extract(record, rules_dir=args.rules)
        for event in result.events:
            print(json.dumps(event_to_json(event), ensure_ascii=False, sort_keys=True))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from dipevents.schema import json_schema

    print(json.dumps(json_schema(), indent=2, sort_keys=True))
    return 0


def _cmd_dates(args: argparse.Namespace) -> int:
    from dipevents.extractors.dates import tag_dates

    published = date.fromisoformat(args.published)
    text = sys.stdin.read()
    for expr in tag_dates(text, published):
        print(json.dumps({"start": expr.start, "end": expr.end, "text": expr.text,
                          "value": expr.value, "precision": expr.precision}, ensure_ascii=False))
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_scores

    scores = evaluate(args.gold, args.release)
    print(format_scores(scores))
    if args.json:
        Path(args.json).write_text(json.dumps(scores, indent=1, default=str), encoding="utf-8")
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from .verify import verify

    problems = verify(args.release)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{args.release}: ok")
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff

    print(diff(args.old, args.new).to_markdown())
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from .load import load

    release = load(args.release)
    for name, frame in release.tables.items():
        print(f"{name}: {len(frame)} rows")
    return 0


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``dipevents`` command."""
    parser = argparse.ArgumentParser(prog="dipevents", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build a release folder OUT/VERSION from articles (dipevents.datasets.build)")
    p.add_argument("inputs", nargs="+", help="JSON Lines files (.jsonl, .jsonl.gz), text files or folders of them")
    p.add_argument("--out", required=True, help="folder that holds the releases")
    p.add_argument("--version", required=True, help="semantic version of this release, e.g. 1.0.0")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    p.add_argument("--engine", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", default=None, help="dask scheduler address (default: a LocalCluster)")
    p.add_argument("--rules", default=None, help="folder of rule files (default: the bundled rules)")
    p.add_argument("--previous", default=None, help="earlier release to diff against and reuse extraction from")
    p.add_argument("--strict", action="store_true", help="exit 1 when any article was rejected")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("extract", help="print the events of one article file as JSON Lines (dipevents.extractors.extract)")
    p.add_argument("file")
    p.add_argument("--rules", default=None)
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("schema", help="print the JSON Schema of the records (dipevents.schema.json_schema)")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("dates", help="tag time expressions in standard input (dipevents.extractors.dates.tag_dates)")
    p.add_argument("--published", required=True, help="publication date YYYY-MM-DD")
    p.set_defaults(func=_cmd_dates)

    p = sub.add_parser("evaluate", help="score a release against gold labels (dipevents.datasets.evaluate)")
    p.add_argument("gold")
    p.add_argument("release")
    p.add_argument("--json", default=None, help="also write scores and every miss to this file")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("verify", help="check a release against its manifest (dipevents.datasets.verify)")
    p.add_argument("release")
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser("diff", help="events added, removed and changed between two releases (dipevents.datasets.diff)")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(func=_cmd_diff)

    p = sub.add_parser("info", help="row counts of a release's tables (dipevents.datasets.load)")
    p.add_argument("release")
    p.set_defaults(func=_cmd_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dipevents`` console script."""
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, OSError) as exc:
        # Library errors carry precise messages (file, line, field); show them plainly.
        print(f"dipevents {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
