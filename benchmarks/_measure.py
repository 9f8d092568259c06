"""Shared by the benchmark scripts: wall time, input size and peak memory of one run.

Peak memory is reported three ways, because a parallel build is several processes:
``rss_self`` (this process's high-water mark, from ``getrusage``), ``rss_child`` (the
largest child process's high-water mark) and ``rss_tree`` (the largest sum over this
process and all its descendants, sampled every 0.1 s with psutil; a sampled peak can
miss a spike shorter than that).
"""
from __future__ import annotations

import gzip
import os
import resource
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import psutil

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
CORPORA = SHARED / "corpora"


def input_bytes(paths: Iterable[str | Path]) -> int:
    """Uncompressed size of the input files (a gzip file's size is read from its trailer,
    which holds it modulo 4 GiB: right for any single-member file below that)."""
    total = 0
    for item in paths:
        path = Path(item)
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        for file in files:
            if file.name.endswith(".gz"):
                with open(file, "rb") as fh:
                    fh.seek(-4, os.SEEK_END)
                    total += struct.unpack("<I", fh.read(4))[0]
            else:
                total += file.stat().st_size
    return total


def _maxrss_bytes(who: int) -> int:
    # Linux reports kilobytes, macOS bytes.
    value = resource.getrusage(who).ru_maxrss
    return value if sys.platform == "darwin" else value * 1024


@dataclass
class Meter:
    """Context manager measuring a run; read the figures after it exits."""

    interval: float = 0.1
    seconds: float = 0.0
    rss_self: int = 0
    rss_child: int = 0
    rss_tree: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> "Meter":
        self._start = time.perf_counter()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            try:
                for proc in [me, *me.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.rss_tree = max(self.rss_tree, total)
            self._stop.wait(self.interval)

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.rss_self = _maxrss_bytes(resource.RUSAGE_SELF)
        self.rss_child = _maxrss_bytes(resource.RUSAGE_CHILDREN)

    def report(self, label: str, articles: int, nbytes: int) -> str:
        """One line: articles/s, MB/s and the three peak-RSS figures."""
        secs = max(self.seconds, 1e-9)
        mib = 1024 * 1024
        return (
            f"{label}: {articles} articles, {nbytes / 1e6:.1f} MB in {secs:.2f} s -> "
            f"{articles / secs:,.0f} articles/s, {nbytes / 1e6 / secs:.2f} MB/s; peak RSS "
            f"self {self.rss_self / mib:.0f} MiB, largest child {self.rss_child / mib:.0f} MiB, "
            f"process tree {self.rss_tree / mib:.0f} MiB"
        )


def require(path: Path) -> Path:
    """Exit with a clear message when a corpus is not there (e.g. outside the dev box)."""
    if not path.exists():
        sys.exit(f"{path}: not found (the shared corpora live in ../shared/corpora)")
    return path
