"""Execution engines: map ``extract`` over a stream of articles on one core, all cores, or Dask.

Extraction is a pure function of one article and the rules, so it parallelises by
simply calling it in other processes. :func:`run_extraction` hides how:

* ``jobs=1``: in this process, one article after the other (the reference behaviour).
* ``engine="local"``: a :class:`concurrent.futures.ProcessPoolExecutor`; every worker
  loads the rules once (its initialiser) and extracts batches of articles.
* ``engine="dask"``: the same batches as tasks on a ``dask.distributed`` cluster (a
  ``LocalCluster`` when no scheduler address is given).

Every engine yields exactly one :class:`ArticleResult` per input article, in input
order, and reads the input lazily: at most ``max_batches`` batches are in flight, so
memory does not grow with the corpus. An exception raised by the extractor for one
article does not stop the run; it becomes a result with no events and a note
``"extraction failed: ..."`` that the build records.

Results cross process boundaries as plain dicts (pickling Pydantic models is several
times slower): the worker sends back only the dumped events and notes, and the parent
validates the events and pairs them with the article object it already holds.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Protocol

from pydantic import TypeAdapter, ValidationError

from dipevents.schema.models import Article, ArticleResult, Event

ExtractFn = Callable[..., ArticleResult]
"""``extract_fn(article, rules=rules) -> ArticleResult``, like :func:`dipevents.extractors.extract`."""

ENGINES = ("local", "dask")
DEFAULT_BATCH_SIZE = 32
DEFAULT_BATCH_CHARS = 400_000
FAILED_PREFIX = "extraction failed: "

# One wire record per article: (events as dicts, notes, article as dict or None when
# the extractor returned the very article it was given).
_Wire = tuple[list[dict[str, Any]], list[str], "dict[str, Any] | None"]

_EVENTS = TypeAdapter(list[Event])


class EngineError(ValueError):
    """An engine cannot run as asked (unknown name, bad job count, Dask not installed)."""


class _Handle(Protocol):
    def result(self) -> list[_Wire]: ...


def run_extraction(
    articles: Iterable[Article],
    *,
    rules_dir: str | None = None,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    extract_fn: ExtractFn | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_batches: int | None = None,
) -> Iterator[ArticleResult]:
    """Extract every article and yield its result, in input order, streaming.

    ``jobs=None`` uses every core (``os.cpu_count()``); ``jobs=1`` with the local engine
    runs in this process. ``engine="dask"`` runs on the cluster at ``scheduler`` or, when
    that is None, on a ``LocalCluster`` of ``jobs`` single-threaded worker processes that
    is closed at the end. ``extract_fn`` defaults to :func:`dipevents.extractors.extract`
    and is called as ``extract_fn(article, rules=rules)``; it must be importable by
    name (a module-level function) to reach other processes. ``batch_size`` articles
    (fewer when their text exceeds ~400k characters) travel together;
    ``max_batches`` (default four per worker) bounds how many batches are in flight,
    and so how far ahead of the consumer the input is read.
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if jobs is not None and jobs < 1:
        raise EngineError(f"jobs must be at least 1 (got {jobs})")
    if batch_size < 1:
        raise EngineError(f"batch_size must be at least 1 (got {batch_size})")
    n_jobs = jobs or os.cpu_count() or 1
    in_flight = max_batches or 4 * n_jobs
    if engine == "dask":
        return _run_dask(articles, rules_dir, n_jobs, scheduler, extract_fn, batch_size, in_flight)
    if n_jobs == 1:
        return _run_inline(articles, rules_dir, extract_fn)
    return _run_local(articles, rules_dir, n_jobs, extract_fn, batch_size, in_flight)


def failed_result(article: Article, exc: BaseException) -> ArticleResult:
    """The result recorded for an article whose extraction raised ``exc``."""
    return ArticleResult(article=article, events=[], notes=[f"{FAILED_PREFIX}{_one_line(exc)}"])


def _one_line(exc: BaseException) -> str:
    """``Type: message`` on one line; for a Pydantic ValidationError, its first error
    (where and what), which its multi-line text buries below a count."""
    name = type(exc).__name__
    if isinstance(exc, ValidationError) and exc.errors():
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"{name}: {exc.title}: {where + ': ' if where else ''}{first.get('msg', '')}{more}"
    lines = str(exc).strip().splitlines()
    return f"{name}: {lines[0]}" if lines else name


# --- the work itself, shared by every engine ------------------------------------------

def _default_extract() -> ExtractFn:
    from dipevents.extractors import extract

    return extract


def _load_rules(rules_dir: str | None) -> Any:
    from dipevents.extractors import load_rules

    return load_rules(rules_dir)


def _extract_one(article: Article, rules: Any, extract_fn: ExtractFn) -> ArticleResult:
    try:
        return extract_fn(article, rules=rules)
    except Exception as exc:  # noqa: BLE001 - one bad article must not end a million-article run
        return failed_result(article, exc)


def _run_inline(articles: Iterable[Article], rules_dir: str | None, extract_fn: ExtractFn | None) -> Iterator[ArticleResult]:
    fn = extract_fn or _default_extract()
    rules = _load_rules(rules_dir)
    for article in articles:
        yield _extract_one(article, rules, fn)


def _extract_batch(payload: list[dict[str, Any]], rules_dir: str | None, extract_fn: ExtractFn | None) -> list[_Wire]:
    """Worker side: rebuild the articles, extract them, and dump the results to dicts."""
    fn = extract_fn or _default_extract()
    rules = _load_rules(rules_dir)  # cached per process by load_rules
    out: list[_Wire] = []
    for data in payload:
        article = Article.model_construct(**data)  # validated by the reader that made it
        result = _extract_one(article, rules, fn)
        events = [e.model_dump(mode="python", exclude_computed_fields=True) for e in result.events]
        same = result.article is article or result.article == article
        out.append((events, list(result.notes), None if same else result.article.model_dump(mode="python")))
    return out


def _from_wire(article: Article, wire: _Wire) -> ArticleResult:
    """Parent side: one result from its wire record; events were validated in the worker,
    validating them again here is as fast as unpickling models and keeps them honest."""
    events, notes, article_data = wire
    if article_data is not None:
        return ArticleResult.model_validate({"article": article_data, "events": events, "notes": notes})
    if not events:
        return ArticleResult.model_construct(article=article, events=[], notes=notes)
    return ArticleResult.model_construct(article=article, events=_EVENTS.validate_python(events), notes=notes)


def _batches(articles: Iterable[Article], batch_size: int) -> Iterator[list[Article]]:
    """Consecutive batches of at most ``batch_size`` articles and about DEFAULT_BATCH_CHARS of text."""
    batch: list[Article] = []
    chars = 0
    for article in articles:
        batch.append(article)
        chars += len(article.text)
        if len(batch) >= batch_size or chars >= DEFAULT_BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _payload(batch: list[Article]) -> list[dict[str, Any]]:
    return [a.model_dump(mode="python") for a in batch]


def _ordered(
    articles: Iterable[Article],
    batch_size: int,
    in_flight: int,
    submit: Callable[[list[dict[str, Any]]], _Handle],
) -> Iterator[ArticleResult]:
    """Submit batches, at most ``in_flight`` outstanding, and yield results in input order."""
    pending: deque[tuple[list[Article], _Handle]] = deque()
    batches = _batches(articles, batch_size)
    for batch in islice(batches, in_flight):
        pending.append((batch, submit(_payload(batch))))
    while pending:
        batch, handle = pending.popleft()
        wires = handle.result()
        # Refill before yielding, so workers stay busy while the consumer works.
        for nxt in islice(batches, 1):
            pending.append((nxt, submit(_payload(nxt))))
        for article, wire in zip(batch, wires, strict=True):
            yield _from_wire(article, wire)


# --- local processes ------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(rules_dir: str | None, extract_fn: ExtractFn | None) -> None:
    """Process initialiser: load the rules (and their compiled structures' cache) once."""
    _WORKER["rules_dir"], _WORKER["extract_fn"] = rules_dir, extract_fn
    _load_rules(rules_dir)


def _worker_batch(payload: list[dict[str, Any]]) -> list[_Wire]:
    return _extract_batch(payload, _WORKER["rules_dir"], _WORKER["extract_fn"])


def _run_local(
    articles: Iterable[Article],
    rules_dir: str | None,
    jobs: int,
    extract_fn: ExtractFn | None,
    batch_size: int,
    in_flight: int,
) -> Iterator[ArticleResult]:
    _load_rules(rules_dir)  # fail fast, in the parent, on a bad rules folder or extractor
    if extract_fn is None:
        _default_extract()
    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(rules_dir, extract_fn))
    try:
        def submit(payload: list[dict[str, Any]]) -> Future[list[_Wire]]:
            return executor.submit(_worker_batch, payload)

        yield from _ordered(articles, batch_size, in_flight, submit)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


# --- Dask -----------------------------------------------------------------------------

def _run_dask(
    articles: Iterable[Article],
    rules_dir: str | None,
    jobs: int,
    scheduler: str | None,
    extract_fn: ExtractFn | None,
    batch_size: int,
    in_flight: int,
) -> Iterator[ArticleResult]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError(
            "engine 'dask' needs dask.distributed, which is not installed: pip install 'dipevents[dask]'"
        ) from exc
    _load_rules(rules_dir)
    if extract_fn is None:
        _default_extract()
    return _dask_stream(articles, rules_dir, jobs, scheduler, extract_fn, batch_size, in_flight, Client, LocalCluster)


def _dask_stream(
    articles: Iterable[Article],
    rules_dir: str | None,
    jobs: int,
    scheduler: str | None,
    extract_fn: ExtractFn | None,
    batch_size: int,
    in_flight: int,
    client_cls: Any,
    cluster_cls: Any,
) -> Iterator[ArticleResult]:
    cluster = None
    if scheduler:
        client = client_cls(scheduler)
        # A remote cluster's size is unknown to the caller: keep every worker thread fed.
        in_flight = max(in_flight, 2 * sum(client.nthreads().values()))
    else:
        cluster = cluster_cls(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        client = client_cls(cluster)
    try:
        def submit(payload: list[dict[str, Any]]) -> Any:
            # pure=False: do not hash the payload for a task key (slow, and never reused).
            return client.submit(_extract_batch, payload, rules_dir, extract_fn, pure=False)

        yield from _ordered(articles, batch_size, in_flight, submit)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
