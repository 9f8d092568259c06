"""Extraction cache for incremental builds.

Extraction is a pure function of the article (text, publication date, metadata) and the
rules, so its result can be kept and reused: one JSON file per result in
``OUT/.cache/<k[:2]>/<k>.json``, where ``k`` hashes the text's SHA-256, the rules digest
and the article's other fields. A rebuild that adds 1% new articles extracts only
those and gives the same release as a full build. Failed extractions are not kept.
Files are written to a temporary name and renamed, so a killed build leaves no torn entry.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from pydantic import ValidationError

from dipevents.schema.models import Article, ArticleResult

CACHE_DIR = ".cache"
_FAILED_PREFIX = "extraction failed: "


class ResultCache:
    """Keyed files of :class:`ArticleResult`; ``also`` are read-only folders searched too."""

    def __init__(self, folder: Path | str, rules_digest: str, also: Sequence[Path | str] = ()) -> None:
        self.folder = Path(folder)
        self.rules_digest = rules_digest
        self.also = [Path(p) for p in also if Path(p) != self.folder]
        self.hits = 0
        self.misses = 0

    def key(self, article: Article) -> str:
        """Cache key: text hash, rules digest and every other field of the article."""
        meta = article.model_dump(mode="json", exclude={"text"})
        h = hashlib.sha256()
        for part in (article.sha256, self.rules_digest, json.dumps(meta, sort_keys=True, ensure_ascii=False)):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()

    def _path(self, folder: Path, key: str) -> Path:
        return folder / key[:2] / f"{key}.json"

    def lookup(self, article: Article) -> Path | None:
        """Path of the cached result of ``article``, or None."""
        key = self.key(article)
        for folder in [self.folder, *self.also]:
            path = self._path(folder, key)
            if path.is_file():
                return path
        return None

    def load(self, path: Path, article: Article) -> ArticleResult | None:
        """The cached result at ``path`` (copied into this cache if found elsewhere); None if unusable."""
        try:
            result = ArticleResult.model_validate_json(path.read_bytes())
        except (OSError, ValidationError):
            return None
        if result.article != article:
            return None
        if not path.is_relative_to(self.folder):
            self.put(result)
        return result

    def put(self, result: ArticleResult) -> None:
        """Keep a successful result."""
        if any(note.startswith(_FAILED_PREFIX) for note in result.notes):
            return
        path = self._path(self.folder, self.key(result.article))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(result.model_dump_json(exclude_computed_fields=True), encoding="utf-8")
        os.replace(tmp, path)

    def run(
        self,
        articles: Iterable[Article],
        extract: Callable[[Iterable[Article]], Iterator[ArticleResult]],
    ) -> Iterator[ArticleResult]:
        """Results of ``articles`` in input order: cached ones loaded, the rest from ``extract``.

        ``extract`` receives only the misses (a lazy stream) and must yield their results
        in order; hits wait in a queue of file paths, not of results, so memory stays small.
        """
        pending: deque[tuple[Article, Path] | None] = deque()

        def misses() -> Iterator[Article]:
            for article in articles:
                path = self.lookup(article)
                if path is not None:
                    pending.append((article, path))
                    continue
                pending.append(None)
                yield article

        def drain() -> Iterator[ArticleResult]:
            while pending and pending[0] is not None:
                article, path = pending.popleft()  # type: ignore[misc]
                result = self.load(path, article)
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
            self.put(result)
            yield result
        yield from drain()
