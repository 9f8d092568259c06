"""Extraction cache for incremental builds.

Extraction is a pure function of the article (text, publication date, metadata) and the
rules, so its result can be kept and reused. Results live in one SQLite file,
``OUT/.cache/results.sqlite``: a table of ``key -> zlib-compressed JSON`` where the key
hashes the text's SHA-256, the rules digest and the article's other fields. (One file
per result was tried first: creating small files cost ~1.5 ms each here, more than
extraction itself.) A rebuild that adds 1% new articles extracts only those and gives
the same release as a full build. Failed extractions are not kept. Writes are committed
in batches and at the end; a killed build loses at most its uncommitted batch.
"""
from __future__ import annotations

import hashlib
import sqlite3
import zlib
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from pydantic import BaseModel, ValidationError

from dipevents.schema.models import Article, ArticleResult, Event

CACHE_DIR = ".cache"
CACHE_FILE = "results.sqlite"
_FAILED_PREFIX = "extraction failed: "
_COMMIT_EVERY = 1000


class _Stored(BaseModel):
    """What a cache entry holds: the extraction's output, not the article."""

    events: list[Event]
    notes: list[str]


def _connect(path: Path, readonly: bool) -> sqlite3.Connection | None:
    if readonly:
        if not path.is_file():
            return None
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=60)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS results(key TEXT PRIMARY KEY, data BLOB NOT NULL)")
    db.commit()
    return db


_RAW, _ZLIB = b"J", b"Z"
_SMALL = 512  # most articles have no event: their few bytes are not worth compressing


def _pack(data: bytes) -> bytes:
    """A cache entry: small JSON as it is, larger JSON compressed (a one-byte tag says which)."""
    return _RAW + data if len(data) < _SMALL else _ZLIB + zlib.compress(data, 1)


def _unpack(blob: bytes) -> bytes:
    """The JSON of a cache entry; raises ``zlib.error`` for a damaged one."""
    tag, body = blob[:1], blob[1:]
    if tag == _RAW:
        return body
    if tag == _ZLIB:
        return zlib.decompress(body)
    raise zlib.error("unknown cache entry tag")


_EMPTY = _pack(_Stored(events=[], notes=[]).model_dump_json(exclude_computed_fields=True).encode("utf-8"))


class ResultCache:
    """Cached :class:`ArticleResult` by article and rules; ``also`` are cache folders only read."""

    def __init__(self, folder: Path | str, rules_digest: str, also: Sequence[Path | str] = ()) -> None:
        self.folder = Path(folder)
        self.rules_digest = rules_digest
        self._db = _connect(self.folder / CACHE_FILE, readonly=False)
        others = [Path(p) for p in also if Path(p).resolve() != self.folder.resolve()]
        self._also = [db for db in (_connect(p / CACHE_FILE, readonly=True) for p in others) if db is not None]
        self._unsaved = 0
        self.hits = 0
        self.misses = 0

    def key(self, article: Article) -> str:
        """Cache key: text hash, rules digest and every other field of the article."""
        # every field but the text, by name: str, int, date and None have stable reprs
        meta = "\x1e".join(f"{name}={value!r}" for name, value in sorted(article.__dict__.items()) if name != "text")
        h = hashlib.sha256()
        for part in (article.sha256, self.rules_digest, meta):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()

    def lookup(self, article: Article) -> str | None:
        """The key of ``article`` when a result for it is cached (here or in ``also``), else None."""
        key = self.key(article)
        return key if self._has(key) else None

    def _has(self, key: str) -> bool:
        return any(db.execute("SELECT 1 FROM results WHERE key=?", (key,)).fetchone() for db in [self._db, *self._also])

    def load(self, key: str, article: Article) -> ArticleResult | None:
        """The cached result under ``key`` (copied here if found in ``also``); None if unusable."""
        for i, db in enumerate([self._db, *self._also]):
            row = db.execute("SELECT data FROM results WHERE key=?", (key,)).fetchone()
            if row is None:
                continue
            try:
                stored = _Stored.model_validate_json(_unpack(row[0]))
                result = ArticleResult(article=article, events=stored.events, notes=stored.notes)
            except (zlib.error, ValidationError):
                return None
            if i > 0:
                self.put(result)
            return result
        return None

    def put(self, result: ArticleResult, key: str | None = None) -> None:
        """Keep a successful result (``key``: its article's key, when the caller has it)."""
        if any(note.startswith(_FAILED_PREFIX) for note in result.notes):
            return
        # The article itself is not stored: the key stands for it, and the caller holds it.
        if not result.events and not result.notes:
            data = _EMPTY  # most articles: nothing to serialise
        else:
            stored = _Stored(events=result.events, notes=result.notes)
            data = _pack(stored.model_dump_json(exclude_computed_fields=True).encode("utf-8"))
        self._db.execute("INSERT OR REPLACE INTO results VALUES (?,?)", (key or self.key(result.article), data))
        self._unsaved += 1
        if self._unsaved >= _COMMIT_EVERY:
            self.flush()

    def flush(self) -> None:
        """Commit what was put so far."""
        self._db.commit()
        self._unsaved = 0

    def close(self) -> None:
        """Commit and close every database."""
        self.flush()
        for db in [self._db, *self._also]:
            db.close()

    def run(
        self,
        articles: Iterable[Article],
        extract: Callable[[Iterable[Article]], Iterator[ArticleResult]],
    ) -> Iterator[ArticleResult]:
        """Results of ``articles`` in input order: cached ones loaded, the rest from ``extract``.

        ``extract`` receives only the misses (a lazy stream) and must yield their results
        in order; hits wait in a queue of keys, not of results, so memory stays small.
        """
        pending: deque[tuple[Article, str] | None] = deque()
        miss_keys: deque[str] = deque()  # keys of the articles handed to ``extract``, in order

        def misses() -> Iterator[Article]:
            for article in articles:
                key = self.key(article)
                if self._has(key):
                    pending.append((article, key))
                    continue
                pending.append(None)
                miss_keys.append(key)
                yield article

        def drain() -> Iterator[ArticleResult]:
            while pending and pending[0] is not None:
                article, key = pending.popleft()  # type: ignore[misc]
                result = self.load(key, article)
                if result is None:  # unreadable entry: extract this one article afresh
                    result = next(iter(extract([article])))
                    self.put(result)
                    self.misses += 1
                else:
                    self.hits += 1
                yield result

        for result in extract(misses()):
            yield from drain()
            pending.popleft()
            self.misses += 1
            self.put(result, miss_keys.popleft())
            yield result
        yield from drain()
        self.flush()
