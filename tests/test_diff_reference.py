"""diff() (Arrow, column by column) gives exactly what a plain row-by-row comparison gives."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
from release_helpers import article, fake_extract, write_jsonl

from dipevents.datasets import build, diff


def _reference(old: Path, new: Path) -> tuple[list, list, list]:
    def events(folder):
        rows = {r["event_id"]: r for r in pq.read_table(folder / "events.parquet").to_pylist()}
        members = defaultdict(list)
        for r in pq.read_table(folder / "participants.parquet").to_pylist():
            members[r["event_id"]].append(f"{r['actor_id']}:{r['role']}")
        for event_id, row in rows.items():
            row["participants"] = sorted(members.get(event_id, []))
        return rows, list(pq.read_schema(folder / "events.parquet").names) + ["participants"]

    (a, cols_a), (b, cols_b) = events(old), events(new)
    common = [c for c in cols_b if c in cols_a and c != "event_id"]
    added = [(i, b[i]["summary"]) for i in sorted(b.keys() - a.keys())]
    removed = [(i, a[i]["summary"]) for i in sorted(a.keys() - b.keys())]
    changed = [(i, b[i]["summary"], [c for c in common if a[i].get(c) != b[i].get(c)]) for i in sorted(a.keys() & b.keys())]
    return added, removed, [c for c in changed if c[2]]


def test_diff_equals_a_row_by_row_comparison(tmp_path):
    base = [article(f"a{i}", f"meet P{i % 4}/FRA Q{i % 3}/DEU 2022-08-{1 + i % 9:02d} day Paris",
                    f"say Q{i % 3}/DEU 2022-08 month - quote_{i % 2}") for i in range(30)]
    more = base[:25] + [
        article("b1", "meet P1/FRA Q1/DEU 2022-08-02 day Lyon", "say Q1/DEU 2022-08-03 day - quote_1"),  # changes values
        article("b2", "meet P9/FRA Q2/DEU 2022-08-20 day -", "sign P1/FRA Q1/DEU 2022-08 month - Pact"),  # adds
    ] + [article(f"c{d}", f"meet FRA/FRA DEU/DEU 2022-08-0{d} day Paris") for d in range(1, 10)]  # states join
    old = build([write_jsonl(tmp_path / "old.jsonl", base)], tmp_path / "out", "1.0.0", jobs=1, progress=False,
                extract_fn=fake_extract, cache=False)
    new = build([write_jsonl(tmp_path / "new.jsonl", more)], tmp_path / "out", "1.1.0", jobs=1, progress=False,
                extract_fn=fake_extract, cache=False)
    got = diff(old.path, new.path)
    added, removed, changed = _reference(old.path, new.path)
    assert [(x["event_id"], x["summary"]) for x in got.added] == added and added
    assert [(x["event_id"], x["summary"]) for x in got.removed] == removed and removed
    assert [(x["event_id"], x["summary"], x["fields"]) for x in got.changed] == changed and changed
    assert any("participants" in c[2] for c in changed)
    assert diff(new.path, new.path).empty
