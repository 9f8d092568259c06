"""Checking a release folder against its manifest: every file's SHA-256, size and rows."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from .manifest import MANIFEST, content_digest, file_sha256, read_manifest


def verify(path: Path | str, *, content: bool = False) -> list[str]:
    """Problems found in the release at ``path`` (empty list when it matches its manifest).

    Checks that every file the manifest lists exists with its size, SHA-256 and (for
    tables) row count, and that no unlisted file is present. ``content=True`` also
    recomputes each table's content digest (slower: reads every row).
    """
    folder = Path(path)
    if not folder.is_dir():
        return [f"{folder}: no such release folder"]
    try:
        manifest = read_manifest(folder)
    except ValueError as exc:
        return [str(exc)]
    problems: list[str] = []
    listed = manifest["files"]
    for name, entry in sorted(listed.items()):
        file = folder / name
        if not file.is_file():
            problems.append(f"{name}: missing (listed in the manifest)")
            continue
        size = file.stat().st_size
        if entry.get("bytes") is not None and size != entry["bytes"]:
            problems.append(f"{name}: size {size} bytes, manifest says {entry['bytes']} (truncated or changed)")
        sha = file_sha256(file)
        if sha != entry.get("sha256"):
            problems.append(f"{name}: SHA-256 {sha[:16]}… differs from the manifest's {str(entry.get('sha256'))[:16]}…")
        if "rows" in entry:
            try:
                rows = pq.ParquetFile(file).metadata.num_rows
            except Exception as exc:  # noqa: BLE001 - any reader error means a corrupt file
                problems.append(f"{name}: not a readable Parquet file ({type(exc).__name__}: {exc})")
                continue
            if rows != entry["rows"]:
                problems.append(f"{name}: {rows} rows, manifest says {entry['rows']}")
            elif content and entry.get("content_digest") and content_digest(file) != entry["content_digest"]:
                problems.append(f"{name}: content digest differs from the manifest")
    for file in sorted(folder.iterdir()):
        if file.name != MANIFEST and file.name not in listed:
            problems.append(f"{file.name}: not listed in the manifest (extra file)")
    return problems
