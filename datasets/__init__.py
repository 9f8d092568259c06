"""Releases: build, merge, write, load, verify and diff versioned Parquet datasets.

The public functions a researcher calls from Python (the ``dipevents`` command calls
the same ones): :func:`build`, :func:`load`, :func:`verify`, :func:`diff`.
"""
from __future__ import annotations

from .build import BuildReport, build
from .diff import ReleaseDiff, diff
from .load import Release, ReleaseError, load
from .merge import Merger, merge_results
from .verify import verify
from .write import ReleaseExistsError, ReleaseLockedError, check_version

__all__ = ["build", "BuildReport", "load", "Release", "ReleaseError", "verify", "diff", "ReleaseDiff",
           "merge_results", "Merger", "ReleaseExistsError", "ReleaseLockedError", "check_version"]
