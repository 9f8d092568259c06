"""Draw a random sample of extracted events for reading against their text.

    python benchmarks/sample_events.py RELEASE_DIR [-n 50] [--seed 1] > sample.md

Prints, per event, its type, date, participants and the sentences that state it, so a
person can judge each against the coding guide and count the precision.
"""
from __future__ import annotations

import argparse
import random

import pandas as pd


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    tables = {name: pd.read_parquet(f"{args.release}/{name}.parquet") for name in ("events", "participants", "actors", "mentions")}
    events = tables["events"].sort_values("event_id")
    chosen = random.Random(args.seed).sample(list(events.event_id), min(args.n, len(events)))
    parts = tables["participants"].merge(tables["actors"], on="actor_id")
    events = events.set_index("event_id")
    for number, event_id in enumerate(chosen, 1):
        e = events.loc[event_id]
        who = parts[parts.event_id == event_id]
        people = "; ".join(f"{r.role}: {r.name} ({_text(r.country) or '-'}{', ' + r.title if _text(r.title) else ''})"
                           for r in who.itertuples())
        extra = {"meeting": f"mode {e['mode']}", "signing": f"document {e['document']!r}",
                 "statement": f"stance {e['stance']}"}[e.event_type]
        print(f"## {number}. {e.event_type} ({e.status}), {e.date} [{e.date_precision}, {e.date_source}], "
              f"at {_text(e.location) or '-'} — {extra}")
        print(f"- {people}")
        for m in tables["mentions"][tables["mentions"].event_id == event_id].itertuples():
            print(f"- {m.article_id} [{m.char_start}:{m.char_end}] `{m.rule}`: {' '.join(m.text.split())}")
        print()


if __name__ == "__main__":
    main()
