"""Writing a release folder: reproducible Parquet files, staged and published atomically.

A release is written into ``OUT/.tmp-<version>-<pid>``, every file is fsynced, and the
folder is renamed to ``OUT/<version>`` in one ``os.rename``: a reader sees either no
release or a finished one. A lock file (``OUT/.lock-<version>``, held with ``flock``)
keeps two builds of the same version apart; the kernel drops the lock when a build dies,
and the next build removes the dead one's temporary folder. An existing release is
never written over.

The Parquet bytes depend only on the rows and the pyarrow version: rows are sorted by
``SORT_KEYS`` before they arrive here, and no timestamp or path goes into a file.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dipevents.schema.tables import table_schema

from .manifest import canonical_line

TABLE_NAMES = ("events", "participants", "actors", "mentions", "articles")
ROW_GROUP_SIZE = 16_384  # rows held as Python dicts before a row group is written
TMP_PREFIX = ".tmp-"

# Columns a release adds to the contract of release-format.md (additions are allowed).
EXTRA_COLUMNS: dict[str, list[pa.Field]] = {
    "events": [pa.field("conflicts", pa.string(), nullable=True)],
}

_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


class ReleaseExistsError(FileExistsError):
    """The release folder already exists: releases are immutable."""


class ReleaseLockedError(OSError):
    """Another build is writing the same release right now."""


def check_version(version: str) -> str:
    """Return ``version`` if it is a semantic version (``1.0.0``, ``0.1.0-rc.1``), else raise ValueError."""
    if not isinstance(version, str) or not _SEMVER.match(version):
        raise ValueError(f"version {version!r} is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0 or 0.1.0-rc.1)")
    return version


def release_schema(name: str) -> pa.Schema:
    """Arrow schema of a table as written: the contract's columns, then any added ones."""
    schema = table_schema(name)
    for extra in EXTRA_COLUMNS.get(name, []):
        schema = schema.append(extra)
    return schema


@dataclass(frozen=True)
class TableInfo:
    """What writing one table produced: its row count and its canonical content digest."""

    rows: int
    content_digest: str


# Row order of every table: the release's SORT_KEYS, then the tie-breaks the merge uses
# (Merger's queries sort the same way). ``_seq`` is an article's input position.
ROW_ORDER: dict[str, tuple[str, ...]] = {
    "events": ("event_id",),
    "participants": ("event_id", "role", "actor_id"),
    "actors": ("actor_id",),
    "mentions": ("event_id", "article_id", "char_start", "char_end", "rule", "text", "date_text"),
    "articles": ("article_id", "sha256", "status", "error", "_seq"),
}
LINE_COLUMN = "_line"  # a state table's canonical line of each row (for the content digest)
STATE_SUFFIX = ".arrow"


def state_schema(name: str) -> pa.Schema:
    """Schema of a table's state copy: the release columns, hidden sort keys, and each row's canonical line."""
    schema = release_schema(name)
    if name == "articles":
        schema = schema.append(pa.field("_seq", pa.int64(), nullable=False))
    return schema.append(pa.field(LINE_COLUMN, pa.binary(), nullable=False))


def _parquet_writer(path: Path | str, schema: pa.Schema) -> pq.ParquetWriter:
    return pq.ParquetWriter(
        str(path), schema, compression="zstd", compression_level=3, use_dictionary=True,
        write_statistics=True, version="2.6",
    )


class _StateWriter:
    """Writes the state copy of a table (Arrow IPC file) next to its Parquet file; or nothing."""

    def __init__(self, path: Path | str | None, name: str) -> None:
        self.schema = state_schema(name)
        self._sink = pa.ipc.new_file(str(path), self.schema) if path is not None else None

    def write(self, table: pa.Table) -> None:
        if self._sink is not None:
            self._sink.write_table(table)

    def close(self) -> None:
        if self._sink is not None:
            self._sink.close()


def write_table(
    path: Path | str, name: str, rows: Iterable[dict[str, Any]], row_group_size: int = ROW_GROUP_SIZE,
    state_path: Path | str | None = None,
) -> TableInfo:
    """Write already-sorted rows of table ``name`` to ``path`` in row groups; stream, never all at once.

    With ``state_path``, also write the table's state copy there (see :func:`update_table`).
    """
    schema = release_schema(name)
    columns = schema.names
    content = hashlib.sha256()
    count = 0
    batch: list[dict[str, Any]] = []
    lines: list[bytes] = []
    state = _StateWriter(state_path, name)
    with _parquet_writer(path, schema) as writer:
        def flush() -> None:
            table = pa.Table.from_pylist(batch, schema=schema)
            writer.write_table(table)
            if state_path is not None:
                hidden = [pa.array([row["_seq"] for row in batch], pa.int64())] if name == "articles" else []
                state.write(pa.Table.from_arrays([*table.columns, *hidden, pa.array(lines, pa.binary())],
                                                 schema=state.schema))

        for row in rows:
            line = canonical_line(row, columns)
            content.update(line)
            batch.append(row)
            if state_path is not None:
                lines.append(line)
            count += 1
            if len(batch) >= row_group_size:
                flush()
                batch, lines = [], []
        if batch or count == 0:
            flush()
    state.close()
    return TableInfo(rows=count, content_digest=content.hexdigest())


def read_state_table(path: Path | str) -> pa.Table:
    """A table's state copy, memory-mapped (nothing is read until used)."""
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def update_table(
    path: Path | str, name: str, old_state: Path | str | None, rows: Iterable[dict[str, Any]],
    removed_event_ids: Iterable[str] = (), state_path: Path | str | None = None,
    row_group_size: int = ROW_GROUP_SIZE,
) -> TableInfo:
    """Write table ``name`` as the rows of an earlier build's state copy ``old_state`` minus those of
    ``removed_event_ids``, plus ``rows`` (new rows, any order), in ``ROW_ORDER``: the same bytes as
    :func:`write_table` given every row. Only the new rows pass through Python; the rest are Arrow
    arrays, and each row's canonical line (for the content digest) comes with it from the state.
    ``old_state=None`` (actors, which are always given whole) starts from no rows.
    """
    schema = release_schema(name)
    sschema = state_schema(name)
    new_rows = list(rows)
    new_lines = [canonical_line(row, schema.names) for row in new_rows]
    new = pa.Table.from_pylist(new_rows, schema=sschema.remove(sschema.get_field_index(LINE_COLUMN)))
    new = new.append_column(sschema.field(LINE_COLUMN), pa.array(new_lines, pa.binary()))
    parts = [new]
    if old_state is not None:
        old = read_state_table(old_state)
        removed = sorted(set(removed_event_ids))
        if removed and "event_id" in schema.names:
            old = old.filter(pc.invert(pc.is_in(old["event_id"], value_set=pa.array(removed, pa.string()))))
        parts.insert(0, old)
    table = pa.concat_tables(parts)
    # SQLite and Python order strings by code point (= UTF-8 bytes, as Arrow does), NULLs first.
    order = pc.sort_indices(table, sort_keys=[(key, "ascending", "at_start") for key in ROW_ORDER[name]])
    content = hashlib.sha256()
    state = _StateWriter(state_path, name)
    with _parquet_writer(path, schema) as writer:
        for start in range(0, max(len(table), 1), row_group_size):
            chunk = table.take(order[start:start + row_group_size]).combine_chunks()
            writer.write_table(chunk.select(schema.names))
            state.write(chunk)
            lines = chunk[LINE_COLUMN].chunks[0] if chunk.num_rows else None
            if lines is not None:
                offsets = lines.buffers()[1]
                first, last = (int.from_bytes(offsets[4 * i:4 * i + 4], "little", signed=True)
                               for i in (lines.offset, lines.offset + len(lines)))
                content.update(memoryview(lines.buffers()[2])[first:last])
    state.close()
    return TableInfo(rows=len(table), content_digest=content.hexdigest())


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StagedRelease:
    """A release being written: ``with StagedRelease(out, version) as stage: ...; stage.commit()``.

    Files go to ``stage.path``; :meth:`commit` publishes them as ``OUT/<version>``.
    Leaving the block without commit (an exception) removes the temporary folder.
    """

    def __init__(self, out: Path | str, version: str) -> None:
        self.version = check_version(version)
        self.out = Path(out)
        self.final = self.out / self.version
        self.path = self.out / f"{TMP_PREFIX}{self.version}-{os.getpid()}"
        self._lock_fd: int | None = None
        self.committed = False
        self._refuse_existing()

    def _refuse_existing(self) -> None:
        if self.final.exists():
            raise ReleaseExistsError(
                f"release {self.final} already exists; releases are immutable: choose a new version"
            )

    def __enter__(self) -> "StagedRelease":
        self.out.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.out / f".lock-{self.version}", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ReleaseLockedError(f"another build is writing release {self.final} (lock {self.out}/.lock-{self.version})") from None
        self._lock_fd = fd
        try:
            self._refuse_existing()
            self._clean_stale()
            self.path.mkdir()
        except BaseException:
            self._unlock()
            raise
        return self

    def _clean_stale(self) -> None:
        """Remove temporary folders of earlier builds of this version (we hold the lock: they are dead)."""
        for stale in self.out.glob(f"{TMP_PREFIX}{self.version}-*"):
            if stale.is_dir() and stale.name[len(TMP_PREFIX) + len(self.version) + 1:].isdigit():
                shutil.rmtree(stale, ignore_errors=True)

    def commit(self) -> Path:
        """fsync every file, rename the folder to ``OUT/<version>`` and fsync OUT; returns the release path."""
        for file in sorted(self.path.iterdir()):
            if file.is_file():
                _fsync(file)
        _fsync(self.path)
        self._refuse_existing()
        os.rename(self.path, self.final)
        _fsync(self.out)
        self.committed = True
        return self.final

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if not self.committed:
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            self._unlock()
