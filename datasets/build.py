"""Building a release: read -> (cache | extract) -> merge -> write, streaming end to end.

Articles are read lazily, admitted in input order (duplicates and id clashes are
recorded, not extracted), extracted by an engine (or taken from the extraction cache),
merged into compact per-event records, and written as sorted Parquet tables into a
staged folder that is renamed into place only when complete. No stage holds the corpus
text: only the engine's in-flight batches do.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pyarrow.parquet as pq

from dipevents.schema.models import Article, ArticleResult

from .cache import CACHE_DIR, ResultCache
from .diff import ReleaseDiff, diff
from .inputs import list_inputs, read_files
from .manifest import write_datapackage, write_manifest
from .merge import ArticleCounts, Merger
from .progress import Progress, count_articles
from .state import FUTURE_REJECT, RESUME_ERRORS, FoundState, StateWork, code_digest, extractor_code_digest, extractor_name, find_state
from .write import (TABLE_NAMES, StagedRelease, TableInfo, check_version, release_schema, update_table,
                    write_table)

_REASONS_SHOWN = 10
_INLINE_AT_MOST = 200  # up to this many articles to extract: in this process (worker start-up costs ~0.5 s)


@dataclass
class BuildReport:
    """What a build produced: where, how many articles ended how, events per type."""

    path: Path
    version: str
    articles: ArticleCounts
    events_by_type: Counter = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)
    extracted: int = 0
    cached: int = 0  # not extracted: from the result cache or the resumed state of the last build
    seconds: float = 0.0
    changes: ReleaseDiff | None = None

    @property
    def n_rejected(self) -> int:
        """Input records that ended ``rejected``."""
        return self.articles.rejected

    @property
    def n_duplicate(self) -> int:
        """Input records that repeated an earlier article's text."""
        return self.articles.duplicate

    @property
    def n_ok(self) -> int:
        """Articles extracted (or taken from the cache) and merged."""
        return self.articles.ok

    def summary(self) -> str:
        """A few readable lines for the terminal."""
        a = self.articles
        lines = [
            f"release {self.version} written to {self.path} in {self.seconds:.1f} s",
            f"articles: {a.ok} ok, {a.duplicate} duplicate, {a.rejected} rejected"
            f" ({self.extracted} extracted, {self.cached} from cache)",
        ]
        for reason, n in _grouped_reasons(a.reasons).most_common(_REASONS_SHOWN):
            lines.append(f"  rejected {n} x: {reason}")
        types = ", ".join(f"{n} {t}" for t, n in sorted(self.events_by_type.items())) or "none"
        lines.append(f"events: {sum(self.events_by_type.values())} ({types})")
        lines.append(", ".join(f"{name}: {n} rows" for name, n in self.rows.items()))
        if self.changes is not None:
            c = self.changes
            lines.append(f"changes since {c.old}: {len(c.added)} added, {len(c.removed)} removed, "
                         f"{len(c.changed)} changed (CHANGES.md)")
        return "\n".join(lines)


def _grouped_reasons(reasons: Counter) -> Counter:
    """Reasons with their varying parts (file:line, ids, numbers) folded, so alike ones count together."""
    import re

    grouped: Counter = Counter()
    for reason, n in reasons.items():
        text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", reason)
        text = re.sub(r"\b[0-9a-f]{8,}…?", "…", text)
        text = re.sub(r"^\S+:\d+:\s*", "", text)
        text = re.sub(r"(?<![\w-])\d+(?![\w-])", "N", text)  # counts and offsets, not "UTF-8" or "0xe9"
        grouped[text] += n
    return grouped


def _rules_digest(rules_dir: str | None) -> str:
    """Digest of the rule files as they are now (a fresh read: files may have been edited since)."""
    from dipevents.extractors.rulefiles import Rules

    return Rules(rules_dir).digest


def build(
    inputs: Sequence[str | Path],
    out: str | Path,
    version: str,
    *,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    rules_dir: str | None = None,
    previous: str | Path | None = None,
    progress: bool = True,
    extract_fn: Callable[..., ArticleResult] | None = None,
    cache: bool = True,
) -> BuildReport:
    """Build the release ``OUT/VERSION`` from input files and return what it holds.

    ``extract_fn(article, rules=rules)`` replaces :func:`dipevents.extractors.extract`
    (tests, experiments); ``previous`` is an earlier release folder: its build cache is
    reused and ``CHANGES.md`` lists what changed since it. ``cache=False`` extracts every
    article afresh and keeps nothing. With the cache, a build whose input files begin
    with the files of the last build (unchanged) resumes that build's merged state and
    only reads, extracts and merges the files after them (:mod:`.state`); the release
    is the same as a full build's. Raises ValueError for a bad version,
    :class:`~dipevents.datasets.write.ReleaseExistsError` if the release exists.
    """
    started = time.perf_counter()
    check_version(version)
    out = Path(out)
    if previous is not None and not (Path(previous) / "manifest.json").is_file():
        raise ValueError(f"--previous {previous}: not a finished release (no manifest.json)")
    rules_digest = _rules_digest(rules_dir)
    today = dt.date.today()
    files = list_inputs(inputs)
    caches = [out / CACHE_DIR] + ([Path(previous).parent / CACHE_DIR] if previous else [])

    with StagedRelease(out, version) as stage:
        work = StateWork(out / CACHE_DIR) if cache else None
        merger: Merger | None = None
        results_cache: ResultCache | None = None
        extraction = hashlib.sha256(f"{rules_digest}\x1f{extractor_code_digest()}".encode()).hexdigest()
        key = {"rules": rules_digest, "extractor": extractor_name(extract_fn), "code": code_digest(),
               "extraction": extraction}
        try:
            fingerprints = [f.fingerprint() for f in files] if work else []
            merger, old_tables, done = _resume(work, caches, key, fingerprints, today) if work else (None, {}, None)
            if merger is None:
                merger = Merger(work.path if work else stage.path)
            rest = files[done.n_files:] if done else files
            future = [done.meta.get("future_rejects", 0) if done else 0]
            reused = merger.counts.ok if done else 0  # articles whose events come with the state
            input_hash = hashlib.sha256()
            if done:
                for line in merger.input_lines():
                    input_hash.update(line)
            # keyed by the rules and the extractors' code: results of other code are not reused
            results_cache = ResultCache(out / CACHE_DIR, extraction, also=caches[1:]) if cache else None

            def admitted() -> Iterator[Article]:
                for record in read_files(rest, today):
                    input_hash.update(f"{record.article_id}\x1f{record.sha256 if hasattr(record, 'text') else ''}\n".encode())
                    if isinstance(record, Article):
                        if merger.admit(record):
                            yield record
                    else:
                        if FUTURE_REJECT in (record.error or ""):
                            future[0] += 1
                        merger.reject(record)

            def extract(articles: Iterable[Article]) -> Iterator[ArticleResult]:
                return _extract_adaptive(articles, rules_dir=rules_dir, jobs=jobs, engine=engine,
                                         scheduler=scheduler, extract_fn=extract_fn)

            results = results_cache.run(admitted(), extract) if results_cache else extract(admitted())
            bar = Progress(count_articles([f.path for f in rest]) if progress else None, enabled=progress)
            n_results = 0
            for result in results:
                merger.add(result)
                n_results += 1
                bar.update(1)
            bar.close()

            infos: dict[str, TableInfo] = {}
            for name, rows in merger.rows().items():
                target = stage.path / f"{name}.parquet"
                state_path = work.table(name) if work else None
                if merger.resumed:
                    infos[name] = update_table(target, name, old_tables.get(name) if name != "actors" else None,
                                               rows, merger.removed_event_ids, state_path=state_path)
                else:
                    infos[name] = write_table(target, name, rows, state_path=state_path)
            counts = merger.counts
            merger_state = merger.state() if work else None
            merger.close()
            merger = None
            if work:
                work.save({"key": key, "files": fingerprints, "today": today, "future_rejects": future[0],
                           "merger": merger_state})
                work = None
        finally:
            if merger is not None:
                merger.close()
            if results_cache:
                results_cache.close()
            if work is not None:
                work.discard()
            (stage.path / "merge.sqlite").unlink(missing_ok=True)

        events_by_type = Counter(pq.read_table(stage.path / "events.parquet", columns=["event_type"])
                                 .column("event_type").to_pylist())
        changes = None
        if previous is not None:
            changes = diff(previous, stage.path)
            changes.new = version
            (stage.path / "CHANGES.md").write_text(changes.to_markdown(), encoding="utf-8")
        write_datapackage(stage.path, version, {n: release_schema(n) for n in TABLE_NAMES})
        write_manifest(stage.path, version=version, rules_digest=rules_digest,
                       input_digest=input_hash.hexdigest(), tables=infos)
        path = stage.commit()

    return BuildReport(
        path=path, version=version, articles=counts, events_by_type=events_by_type,
        rows={name: info.rows for name, info in infos.items()},
        extracted=n_results - (results_cache.hits if results_cache else 0),
        cached=reused + (results_cache.hits if results_cache else 0),
        seconds=time.perf_counter() - started, changes=changes,
    )


def _resume(
    work: StateWork, caches: Sequence[Path], key: dict[str, str], fingerprints: Sequence[tuple], today: dt.date
) -> tuple[Merger | None, dict[str, Path], FoundState | None]:
    """A merger resuming the usable state in ``caches``, the old tables and the state; Nones if there is none."""
    found = find_state(caches, key, fingerprints, today)
    if found is None:
        return None, {}, None
    try:
        old = work.take(found, TABLE_NAMES)
        return Merger.resume(work.db, found.meta["merger"]), old, found
    except RESUME_ERRORS:  # the state vanished or is damaged: build afresh
        for leftover in work.path.iterdir():
            leftover.unlink()
        return None, {}, None


def _extract_adaptive(articles: Iterable[Article], **kwargs: Any) -> Iterator[ArticleResult]:
    """Like ``run_extraction``, but a handful of articles (an incremental build) is extracted
    in this process: starting worker processes would cost more than the work."""
    from .engines import run_extraction

    if kwargs.get("engine", "local") != "local" or kwargs.get("jobs") == 1:
        yield from run_extraction(articles, **kwargs)
        return
    stream = iter(articles)
    head = list(islice(stream, _INLINE_AT_MOST + 1))
    if len(head) <= _INLINE_AT_MOST:
        kwargs = {**kwargs, "jobs": 1}
    yield from run_extraction(chain(head, stream), **kwargs)
