"""``manifest.json`` and ``datapackage.json`` of a release.

The manifest records, for every file, its size, row count and SHA-256, and for every
table a *content digest*: SHA-256 over its rows in sort order, each as one canonical
JSON line. The Parquet bytes change with the pyarrow version (it writes its own name
into the file); the content digest does not, so a rebuild years later can be compared.
The creation time is the only run-dependent value of a release, and it lives here only.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

FORMAT_VERSION = "1"
MANIFEST = "manifest.json"
DATAPACKAGE = "datapackage.json"

_DESCRIPTIONS = {
    "events": "One row per distinct event (meeting, signing, statement), merged across articles.",
    "participants": "One row per (event, actor, role).",
    "actors": "One row per distinct actor (person, state, organization).",
    "mentions": "One row per (event, article, place in the text) that states the event.",
    "articles": "One row per input record: ok, duplicate or rejected (with the reason).",
}
_PRIMARY_KEYS = {"events": ["event_id"], "actors": ["actor_id"]}
_FOREIGN_KEYS = {
    "participants": [("event_id", "events", "event_id"), ("actor_id", "actors", "actor_id")],
    "mentions": [("event_id", "events", "event_id")],
}


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} in a canonical line")


def canonical_line(row: Mapping[str, Any], columns: Sequence[str]) -> bytes:
    """One row as a canonical JSON line (values in column order, dates as ISO text).

    Dates go through ``default`` only, so plain values are not walked in Python.
    """
    values = [row.get(name) for name in columns]
    return (json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=_json_default) + "\n").encode("utf-8")


def content_digest(path: Path | str) -> str:
    """Content digest of a Parquet table file, recomputed from its rows (they are stored sorted)."""
    parquet = pq.ParquetFile(str(path))
    columns = parquet.schema_arrow.names
    h = hashlib.sha256()
    for batch in parquet.iter_batches(batch_size=65_536):
        for row in batch.to_pylist():
            h.update(canonical_line(row, columns))
    return h.hexdigest()


def file_sha256(path: Path | str) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def package_version() -> str:
    """Installed dipevents version (``unknown`` when run from a bare checkout)."""
    try:
        return metadata.version("dipevents")
    except metadata.PackageNotFoundError:
        return "unknown"


def write_manifest(
    folder: Path | str,
    *,
    version: str,
    rules_digest: str,
    input_digest: str,
    tables: Mapping[str, Any],
    created: dt.datetime | None = None,
) -> dict[str, Any]:
    """Write ``manifest.json`` describing every other file of ``folder``; returns it.

    ``tables`` maps table name to an object with ``rows`` and ``content_digest``.
    """
    folder = Path(folder)
    files: dict[str, Any] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != MANIFEST):
        entry: dict[str, Any] = {"bytes": path.stat().st_size, "sha256": file_sha256(path)}
        name = path.name.removesuffix(".parquet")
        if path.suffix == ".parquet" and name in tables:
            entry["rows"] = tables[name].rows
            entry["content_digest"] = tables[name].content_digest
        files[path.name] = entry
    manifest = {
        "format_version": FORMAT_VERSION,
        "release_version": version,
        "created": (created or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat(),
        "dipevents_version": package_version(),
        "pyarrow_version": pa.__version__,
        "rules_digest": rules_digest,
        "input_digest": input_digest,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def read_manifest(folder: Path | str) -> dict[str, Any]:
    """The parsed ``manifest.json`` of a release; ValueError naming the file when unreadable."""
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: missing; {folder} is not a finished release") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: unreadable manifest ({exc})") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise ValueError(f"{path}: not a dipevents manifest (no 'files' object)")
    return manifest


def _field_type(arrow: pa.DataType) -> str:
    if pa.types.is_string(arrow) or pa.types.is_large_string(arrow):
        return "string"
    if pa.types.is_integer(arrow):
        return "integer"
    if pa.types.is_floating(arrow):
        return "number"
    if pa.types.is_boolean(arrow):
        return "boolean"
    if pa.types.is_date(arrow):
        return "date"
    if pa.types.is_list(arrow):
        return "array"
    return "any"


def datapackage(version: str, schemas: Mapping[str, pa.Schema]) -> dict[str, Any]:
    """A Frictionless Data Package descriptor of the release's tables."""
    resources = []
    for name, schema in schemas.items():
        fields = []
        for f in schema:
            item: dict[str, Any] = {"name": f.name, "type": _field_type(f.type)}
            if not f.nullable:
                item["constraints"] = {"required": True}
            fields.append(item)
        table_schema: dict[str, Any] = {"fields": fields}
        if name in _PRIMARY_KEYS:
            table_schema["primaryKey"] = _PRIMARY_KEYS[name]
        if name in _FOREIGN_KEYS:
            table_schema["foreignKeys"] = [
                {"fields": [col], "reference": {"resource": ref, "fields": [ref_col]}}
                for col, ref, ref_col in _FOREIGN_KEYS[name]
            ]
        resources.append({
            "name": name,
            "path": f"{name}.parquet",
            "profile": "tabular-data-resource",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "description": _DESCRIPTIONS.get(name, name),
            "schema": table_schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": "dipevents-release",
        "title": "dipevents diplomatic-event timeline",
        "version": version,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def write_datapackage(folder: Path | str, version: str, schemas: Mapping[str, pa.Schema]) -> Path:
    """Write ``datapackage.json`` into ``folder`` and return its path."""
    path = Path(folder) / DATAPACKAGE
    path.write_text(json.dumps(datapackage(version, schemas), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
