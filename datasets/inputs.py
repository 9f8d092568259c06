"""The input files of a build, one by one: listing, fingerprints, and reading any of them.

:func:`dipevents.extractors.readers.read_articles` reads its arguments as one stream.
An incremental build needs the same stream cut at file boundaries: which files there
are, in the reader's order, with a fingerprint each (so an unchanged one is recognised
without being parsed), and the records of only some of them. This module lists and
reads files exactly as ``read_articles`` does (it calls the reader's own per-file
functions), which ``tests/test_incremental_state.py`` checks.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from dipevents.extractors import readers
from dipevents.extractors.readers import Record

_CHUNK = 1 << 20


@dataclass(frozen=True)
class InputFile:
    """One input file as the reader sees it: ``path`` as given (it appears in error messages)
    and ``name`` (relative to the folder given; text articles' ids come from it)."""

    path: Path
    name: str

    def fingerprint(self) -> tuple[str, str, int, int, str]:
        """(path, name, size, mtime in ns, SHA-256 of the bytes): equal only for the same file unchanged."""
        stat = self.path.stat()
        h = hashlib.sha256()
        with open(self.path, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                h.update(chunk)
        return (str(self.path), self.name, stat.st_size, stat.st_mtime_ns, h.hexdigest())


def list_inputs(paths: Iterable[str | Path], notice: readers.Notice | None = None) -> list[InputFile]:
    """The files ``read_articles(paths)`` would read, in its order. FileNotFoundError for a missing path."""
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise FileNotFoundError(f"input not found: {', '.join(missing)}")
    say = notice or readers.log.warning
    files: list[InputFile] = []
    for path in given:
        if path.is_dir():
            found = [InputFile(s.path, s.name) for s in readers._walk(path, say)]
            if not found:
                say(f"{path}: folder holds no .jsonl, .json, .gz or .txt files")
            files += found
        else:
            files.append(InputFile(path, path.name))
    return files


def read_files(
    files: Sequence[InputFile], today: dt.date, notice: readers.Notice | None = None,
    max_chars: int | None = readers.MAX_ARTICLE_CHARS,
) -> Iterator[Record]:
    """The records of ``files``, as ``read_articles`` gives them for these files with this ``today``."""
    say = notice or readers.log.warning
    for file in files:
        source = readers._Source(file.path, file.name)
        for record in readers._read_file(source, today, say):
            yield readers._check_length(record, source, max_chars)
