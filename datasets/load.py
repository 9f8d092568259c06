"""Loading a release into pandas, checked against its manifest first.

``load(path)`` refuses a release whose files disagree with ``manifest.json`` (a
truncated or altered Parquet file, a missing table) with an error naming the file, so
an analysis never runs on damaged data without knowing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .manifest import read_manifest
from .verify import verify

TABLES = ("events", "participants", "actors", "mentions", "articles")


class ReleaseError(ValueError):
    """A release folder is missing, damaged, or disagrees with its manifest."""


def _string_dtype(arrow: pa.DataType) -> Any:
    if pa.types.is_string(arrow) or pa.types.is_large_string(arrow):
        return pd.StringDtype()
    return None


def read_table(path: Path | str, name: str) -> pd.DataFrame:
    """One table of a release folder as a DataFrame (no manifest check): strings as the
    string dtype, dates as ``datetime64``, lists as Python lists."""
    file = Path(path) / f"{name}.parquet"
    try:
        table = pq.read_table(file)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a bad file
        raise ReleaseError(f"{file}: cannot be read as Parquet ({exc})") from exc
    return table.to_pandas(types_mapper=_string_dtype, date_as_object=False)


@dataclass
class Release:
    """A loaded release: ``tables`` by name (also as attributes, ``release.events``) and its manifest."""

    path: Path
    manifest: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def version(self) -> str:
        """The release's semantic version."""
        return str(self.manifest.get("release_version"))

    def timeline(self) -> pd.DataFrame:
        """One row per event, with its participants' names, roles and countries joined.

        Columns: every events column, ``participants`` (readable "Name (CTY)" list joined
        by "; "), ``participant_names``, ``participant_countries`` (lists), ``year`` and
        ``month`` (for ``groupby``); sorted by date then event_id.
        """
        events, parts, actors = self.tables["events"], self.tables["participants"], self.tables["actors"]
        joined = parts.merge(actors, on="actor_id", how="left").sort_values(["event_id", "role", "actor_id"])
        label = joined["name"].astype("string").fillna("?")
        has_country = joined["country"].notna() & (joined["kind"] != "state")
        joined["label"] = label.where(~has_country, label + " (" + joined["country"].astype("string") + ")")
        grouped = joined.groupby("event_id", sort=True)
        view = pd.DataFrame({
            "participants": grouped["label"].agg(lambda s: "; ".join(s)),
            "participant_names": grouped["name"].agg(lambda s: [str(v) for v in s]),
            "participant_countries": grouped["country"].agg(lambda s: sorted({str(v) for v in s.dropna()})),
        }).reset_index()
        out = events.merge(view, on="event_id", how="left")
        out["participants"] = out["participants"].astype("string")
        out["year"] = out["date"].dt.year.astype("Int32")
        out["month"] = out["date"].dt.to_period("M")
        return out.sort_values(["date", "event_id"], na_position="last").reset_index(drop=True)


def load(path: Path | str, *, check: bool = True) -> Release:
    """Load the release at ``path``; with ``check`` (default) verify it against its manifest first.

    Raises :class:`ReleaseError` naming the file when a table is missing, truncated,
    corrupted or differs from the manifest.
    """
    folder = Path(path)
    if check:
        problems = verify(folder)
        if problems:
            raise ReleaseError(f"release {folder} is damaged: " + "; ".join(problems))
    try:
        manifest = read_manifest(folder)
    except ValueError as exc:
        raise ReleaseError(str(exc)) from exc
    tables = {name: read_table(folder, name) for name in TABLES if (folder / f"{name}.parquet").exists()}
    missing = [name for name in TABLES if name not in tables]
    if missing:
        raise ReleaseError(f"release {folder}: missing table(s) {', '.join(f'{m}.parquet' for m in missing)}")
    return Release(path=folder, manifest=manifest, tables=tables)
