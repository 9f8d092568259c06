"""Differences between two releases: events added, removed and changed (with the fields).

An event is the same in both releases when its ``event_id`` is; it *changed* when any
column that both releases have (or its participants) differs. The result renders as
Markdown for ``dipevents diff`` and for the ``CHANGES.md`` of a new release.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .load import ReleaseError

_LIST_LIMIT = 200
_PARTICIPANTS = "participants"
_SEP = "\x1e"


def _tables(folder: Path) -> tuple[pa.Table, pa.Table]:
    """The events of a release, sorted by id, with their participants as one column: each
    event's ``actor_id:role`` strings, sorted and joined (the same sorted list as a set)."""
    try:
        events = pq.read_table(folder / "events.parquet")
        parts = pq.read_table(folder / "participants.parquet", columns=["event_id", "actor_id", "role"])
    except Exception as exc:  # noqa: BLE001 - any reader error: say which release
        raise ReleaseError(f"{folder}: cannot read its tables ({exc})") from exc
    key = pc.binary_join_element_wise(pc.fill_null(parts["actor_id"], "None"), pc.fill_null(parts["role"], "None"), ":")
    keyed = pa.table({"event_id": parts["event_id"], "k": key}).sort_by([("event_id", "ascending"), ("k", "ascending")])
    grouped = keyed.group_by("event_id", use_threads=False).aggregate([("k", "list")])
    lists = pa.table({"event_id": grouped["event_id"], _PARTICIPANTS: pc.binary_join(grouped["k_list"], _SEP)})
    if _PARTICIPANTS in events.schema.names:
        events = events.drop_columns([_PARTICIPANTS])
    where = pc.index_in(events["event_id"], value_set=lists["event_id"])
    joined = events.append_column(_PARTICIPANTS, pc.fill_null(lists[_PARTICIPANTS].take(where), ""))
    return joined.sort_by([("event_id", "ascending")]), events.schema.names + [_PARTICIPANTS]


def _differs(before: pa.ChunkedArray, after: pa.ChunkedArray) -> list[bool]:
    """Row by row, whether two aligned columns differ (as Python's ``!=`` on their values)."""
    if before.type != after.type or not (pa.types.is_primitive(before.type) or pa.types.is_string(before.type)
                                         or pa.types.is_large_string(before.type)):
        return [x != y for x, y in zip(before.to_pylist(), after.to_pylist())]
    unequal = pc.fill_null(pc.not_equal(before, after), False)
    one_null = pc.xor(pc.is_null(before), pc.is_null(after))
    return pc.or_(unequal, one_null).to_pylist()


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
    before, old_cols = _tables(Path(old))
    after, new_cols = _tables(Path(new))
    common = [c for c in new_cols if c in old_cols and c != "event_id"]
    result = ReleaseDiff(old=Path(old).name, new=Path(new).name)
    in_old = pc.is_in(after["event_id"], value_set=before["event_id"])
    in_new = pc.is_in(before["event_id"], value_set=after["event_id"])
    for row in after.filter(pc.invert(in_old)).select(["event_id", "summary"]).to_pylist():
        result.added.append({"event_id": row["event_id"], "summary": row["summary"]})
    for row in before.filter(pc.invert(in_new)).select(["event_id", "summary"]).to_pylist():
        result.removed.append({"event_id": row["event_id"], "summary": row["summary"]})
    before, after = before.filter(in_new), after.filter(in_old)  # the same ids, in the same order
    masks = {c: _differs(before[c], after[c]) for c in common}
    ids = after["event_id"].to_pylist()
    for i in range(len(ids)):
        fields = [c for c in common if masks[c][i]]
        if fields:
            result.changed.append({"event_id": ids[i], "summary": after["summary"][i].as_py(), "fields": fields})
    return result
