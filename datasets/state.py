"""The merged state of the last build, kept in the build cache so that the next build resumes it.

After a build with the cache on, ``OUT/.cache/state/<token>/`` holds the merge's spill
file (``merge.sqlite``: articles, members, mentions and merged events), a copy of every
table with each row's canonical line (``<table>.arrow``), and ``meta.pickle``: what the
state was built from (the fingerprint of every input file in order, the rules digest,
the extractor, a digest of dipevents' own code, the reading date) and the merger's
in-memory state. ``CURRENT`` names the newest state; older ones are removed.

A build whose input files *begin with* exactly the files of a state (same paths, names,
sizes, modification times and SHA-256), under the same rules, extractor and code,
resumes that state: it reads, extracts and merges only the files after them, and
writes every table from the state's copy plus the rows that changed. Anything else (a
changed, removed or reordered file, other rules, other code) starts afresh; extraction
results still come from the result cache. The reading date matters only when a record
was rejected as dated in the future: such a state serves only builds of the same day.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

STATE_DIR = "state"
CURRENT = "CURRENT"
META = "meta.pickle"
DB = "merge.sqlite"
_WORK_PREFIX = ".work-"
_OLD_PREFIX = "old-"
FUTURE_REJECT = "is in the future ("  # the reader's words for a publication date after today


def _files_digest(paths: list[Path]) -> str:
    """SHA-256 over the names and bytes of ``paths``, in the order given."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(b"\x1f")
        h.update(path.read_bytes())
        h.update(b"\x1e")
    return h.hexdigest()


def code_digest() -> str:
    """SHA-256 of the source files that read input and turn results into rows (datasets, schema,
    and the readers): a state made by other code is not reused. The extractors' own code
    is in :func:`extractor_code_digest`, part of both the state's key and the result cache's."""
    import dipevents.datasets
    import dipevents.extractors
    import dipevents.schema

    extractors = Path(dipevents.extractors.__file__).parent
    return _files_digest([*sorted(Path(dipevents.datasets.__file__).parent.glob("*.py")),
                          *sorted(Path(dipevents.schema.__file__).parent.glob("*.py")),
                          extractors / "readers.py", extractors / "dateline.py"])


def extractor_code_digest() -> str:
    """SHA-256 of the extractors' source files: results extracted by other code (a new
    dipevents, an edited rule module) are not taken from the cache, as results made with
    other rule files are not."""
    import dipevents.extractors

    return _files_digest(sorted(Path(dipevents.extractors.__file__).parent.glob("*.py")))


def extractor_name(extract_fn: Callable[..., Any] | None) -> str:
    """How the extractor is named in a state's key (``default`` for dipevents' own)."""
    if extract_fn is None:
        return "default"
    return f"{getattr(extract_fn, '__module__', '?')}:{getattr(extract_fn, '__qualname__', repr(extract_fn))}"


@dataclass
class FoundState:
    """A usable state: its folder, its metadata, and how many input files it covers."""

    folder: Path
    meta: dict[str, Any]

    @property
    def n_files(self) -> int:
        """Input files the state covers (the first ones of the new build)."""
        return len(self.meta["files"])


def _usable(meta: dict[str, Any], key: dict[str, str], fingerprints: Sequence[tuple], today: dt.date) -> bool:
    files = meta.get("files")
    if meta.get("key") != key or not isinstance(files, list) or not files or len(files) > len(fingerprints):
        return False
    if [tuple(f) for f in files] != [tuple(f) for f in fingerprints[: len(files)]]:
        return False
    before = meta.get("today")
    if today != before and (not isinstance(before, dt.date) or today < before or meta.get("future_rejects")):
        return False
    return True


def find_state(
    caches: Sequence[Path], key: dict[str, str], fingerprints: Sequence[tuple], today: dt.date
) -> FoundState | None:
    """The newest state in the cache folders ``caches`` (first usable one wins) that the input
    ``fingerprints`` begin with, made under ``key``; None when there is none."""
    for cache in caches:
        base = Path(cache) / STATE_DIR
        try:
            token = (base / CURRENT).read_text(encoding="utf-8").strip()
            with open(base / token / META, "rb") as handle:
                meta = pickle.load(handle)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            continue
        if isinstance(meta, dict) and _usable(meta, key, fingerprints, today):
            return FoundState(base / token, meta)
    return None


class StateWork:
    """The folder where a build writes its new state: ``OUT/.cache/state/.work-<pid>``.

    :meth:`take` copies a found state's spill file into it and links its tables;
    :meth:`save` turns it into the current state; :meth:`discard` removes it.
    """

    def __init__(self, cache: Path | str) -> None:
        self.base = Path(cache) / STATE_DIR
        self.base.mkdir(parents=True, exist_ok=True)
        self._clean_dead()
        self.path = self.base / f"{_WORK_PREFIX}{os.getpid()}"
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir()

    def _clean_dead(self) -> None:
        for stale in self.base.glob(f"{_WORK_PREFIX}*"):
            pid = stale.name[len(_WORK_PREFIX):]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)

    @property
    def db(self) -> Path:
        """The spill file the build merges into."""
        return self.path / DB

    def table(self, name: str) -> Path:
        """Where the build writes the state copy of table ``name``."""
        return self.path / f"{name}.arrow"

    def take(self, found: FoundState, tables: Sequence[str]) -> dict[str, Path]:
        """Move the found state's spill file here if the state is this cache's own (it will change:
        should this build fail, the next one starts afresh), else copy it; hard-link (or copy)
        its tables (they do not change). Returns the old tables' paths. OSError when the state vanished."""
        if found.folder.parent == self.base:
            os.rename(found.folder / DB, self.db)
        else:
            shutil.copyfile(found.folder / DB, self.db)
        old: dict[str, Path] = {}
        for name in tables:
            target = self.path / f"{_OLD_PREFIX}{name}.arrow"
            try:
                os.link(found.folder / f"{name}.arrow", target)
            except OSError:
                shutil.copyfile(found.folder / f"{name}.arrow", target)
            old[name] = target
        return old

    def save(self, meta: dict[str, Any]) -> Path:
        """Publish this folder as the cache's current state (replacing older ones); returns it."""
        for old in self.path.glob(f"{_OLD_PREFIX}*"):
            old.unlink()
        with open(self.path / META, "wb") as handle:
            pickle.dump(meta, handle, protocol=pickle.HIGHEST_PROTOCOL)
        token = hashlib.sha256(f"{os.getpid()}-{dt.datetime.now().isoformat()}".encode()).hexdigest()[:16]
        final = self.base / token
        os.rename(self.path, final)
        tmp = self.base / f"{CURRENT}.{os.getpid()}"
        tmp.write_text(token + "\n", encoding="utf-8")
        os.replace(tmp, self.base / CURRENT)
        for other in self.base.iterdir():
            if other.is_dir() and other != final and not other.name.startswith(_WORK_PREFIX):
                shutil.rmtree(other, ignore_errors=True)
        return final

    def discard(self) -> None:
        """Remove the work folder (the build failed or keeps no state)."""
        shutil.rmtree(self.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


RESUME_ERRORS = (OSError, ValueError, KeyError, sqlite3.Error)
