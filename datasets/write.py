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


def write_table(path: Path | str, name: str, rows: Iterable[dict[str, Any]], row_group_size: int = ROW_GROUP_SIZE) -> TableInfo:
    """Write already-sorted rows of table ``name`` to ``path`` in row groups; stream, never all at once."""
    schema = release_schema(name)
    columns = schema.names
    content = hashlib.sha256()
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(
        str(path), schema, compression="zstd", compression_level=3, use_dictionary=True,
        write_statistics=True, version="2.6",
    ) as writer:
        for row in rows:
            content.update(canonical_line(row, columns))
            batch.append(row)
            count += 1
            if len(batch) >= row_group_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return TableInfo(rows=count, content_digest=content.hexdigest())


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
