"""Differences between two releases: events added, removed and changed (with the fields).

An event is the same in both releases when its ``event_id`` is; it *changed* when any
column that both releases have (or its participants) differs. The result renders as
Markdown for ``dipevents diff`` and for the ``CHANGES.md`` of a new release.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .load import ReleaseError

_LIST_LIMIT = 200


def _events(folder: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    try:
        events = pq.read_table(folder / "events.parquet")
        parts = pq.read_table(folder / "participants.parquet", columns=["event_id", "actor_id", "role"])
    except Exception as exc:  # noqa: BLE001 - any reader error: say which release
        raise ReleaseError(f"{folder}: cannot read its tables ({exc})") from exc
    rows = {row["event_id"]: row for row in events.to_pylist()}
    members: dict[str, list[str]] = defaultdict(list)
    for row in parts.to_pylist():
        members[row["event_id"]].append(f"{row['actor_id']}:{row['role']}")
    for event_id, row in rows.items():
        row["participants"] = sorted(members.get(event_id, []))
    return rows, events.schema.names + ["participants"]


@dataclass
class ReleaseDiff:
    """Events added, removed and changed from ``old`` to ``new``."""

    old: str
    new: str
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the two releases hold the same events."""
        return not (self.added or self.removed or self.changed)

    def to_markdown(self) -> str:
        """A readable changelog: counts, then the events of each kind (first 200 of each)."""
        lines = [
            f"# Changes from {self.old} to {self.new}", "",
            f"- {len(self.added)} event(s) added",
            f"- {len(self.removed)} event(s) removed",
            f"- {len(self.changed)} event(s) changed", "",
        ]
        for title, items in (("Added", self.added), ("Removed", self.removed), ("Changed", self.changed)):
            if not items:
                continue
            lines += [f"## {title}", ""]
            for item in items[:_LIST_LIMIT]:
                extra = f" — fields: {', '.join(item['fields'])}" if "fields" in item else ""
                lines.append(f"- `{item['event_id']}` {item['summary']}{extra}")
            if len(items) > _LIST_LIMIT:
                lines.append(f"- … and {len(items) - _LIST_LIMIT} more")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def diff(old: Path | str, new: Path | str) -> ReleaseDiff:
    """Compare the events of two release folders (``old`` and ``new``)."""
    old_rows, old_cols = _events(Path(old))
    new_rows, new_cols = _events(Path(new))
    common = [c for c in new_cols if c in old_cols and c != "event_id"]
    result = ReleaseDiff(old=Path(old).name, new=Path(new).name)
    for event_id in sorted(new_rows.keys() - old_rows.keys()):
        result.added.append({"event_id": event_id, "summary": new_rows[event_id]["summary"]})
    for event_id in sorted(old_rows.keys() - new_rows.keys()):
        result.removed.append({"event_id": event_id, "summary": old_rows[event_id]["summary"]})
    for event_id in sorted(old_rows.keys() & new_rows.keys()):
        before, after = old_rows[event_id], new_rows[event_id]
        fields = [c for c in common if before.get(c) != after.get(c)]
        if fields:
            result.changed.append({"event_id": event_id, "summary": after["summary"], "fields": fields})
    return result
