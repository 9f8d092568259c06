"""Build the development gold articles into a release and score it.

    python benchmarks/eval_dev.py [--out DIR] [--json errors.json]

Reads ../shared/eval/dev-gold.jsonl and the corpora in ../shared/corpora (never copied
into the project), writes the matching articles to DIR/dev-articles.jsonl, builds
DIR/release/<n>/ and prints `dipevents evaluate` scores.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--json", default=None, help="write scores and every miss here")
    parser.add_argument("--gold", default=str(SHARED / "eval" / "dev-gold.jsonl"))
    args = parser.parse_args()

    from dipevents.datasets import build
    from dipevents.datasets.evaluate import evaluate, format_scores

    out = Path(args.out or tempfile.mkdtemp(prefix="dipevents-dev-"))
    out.mkdir(parents=True, exist_ok=True)
    ids = {json.loads(line)["article_id"] for line in open(args.gold, encoding="utf-8")}
    articles = out / "dev-articles.jsonl"
    with open(articles, "w", encoding="utf-8") as sink:
        for corpus in sorted((SHARED / "corpora").glob("*.jsonl")):
            for line in open(corpus, encoding="utf-8"):
                if json.loads(line)["id"] in ids:
                    sink.write(line)
    releases = out / "release"
    shutil.rmtree(releases, ignore_errors=True)
    build([str(articles)], str(releases), "0.0.1", jobs=1, progress=False)
    scores = evaluate(args.gold, str(releases / "0.0.1"))
    print(format_scores(scores))
    if args.json:
        Path(args.json).write_text(json.dumps(scores, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
