"""Throughput of actor extraction (gazetteer + people + coreference) and place finding.

Usage: python benchmarks/actors_speed.py [CORPUS.jsonl] [--repeat N]
Default corpus: ../shared/corpora/voa2025.jsonl. Prints articles/s and characters/s.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dipevents.extractors.actors import find_actors
from dipevents.extractors.gazetteer import automaton
from dipevents.extractors.places import find_places
from dipevents.extractors.rulefiles import load_rules
from dipevents.extractors.sentences import split_sentences

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa2025.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="read at most this many articles (0: all)")
    args = parser.parse_args()
    texts = []
    with open(args.corpus, encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if args.limit and len(texts) >= args.limit:
                break
    rules = load_rules()
    t0 = time.perf_counter()
    automaton(rules)
    print(f"automaton build: {time.perf_counter() - t0:.2f} s")
    sentences = [split_sentences(t, 0, rules) for t in texts]
    mentions = 0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for text, sents in zip(texts, sentences):
            mentions += len(find_actors(text, sents, rules))
            find_places(text, rules)
    elapsed = time.perf_counter() - t0
    n = len(texts) * args.repeat
    chars = sum(map(len, texts)) * args.repeat
    print(f"{len(texts)} articles x {args.repeat}: {n / elapsed:.0f} articles/s, "
          f"{chars / elapsed / 1e6:.2f} M chars/s, {mentions / n:.1f} mentions/article (sentence splitting excluded)")


if __name__ == "__main__":
    main()
