"""run_extraction: same ordered results on every engine, bounded reading, failures recorded."""
from __future__ import annotations

import datetime as dt
import os
from typing import Any, Iterator

import pytest

from dipevents.datasets.engines import FAILED_PREFIX, EngineError, run_extraction
from dipevents.schema.models import Actor, Article, ArticleResult, Meeting, Mention, Participant

# Module-level so that worker processes (fork, spawn, Dask) can import them by name.


def fake_extract(article: Article, rules: Any = None, rules_dir: str | None = None) -> ArticleResult:
    """A deterministic stand-in for the real extractor: one meeting per article whose text
    says "met", with the worker's pid recorded nowhere (results must not depend on it)."""
    events = []
    at = article.text.find("met")
    if at >= 0:
        events.append(
            Meeting(
                date=article.published,
                date_precision="day" if article.published else "none",
                participants=[
                    Participant(actor=Actor(kind="state", name="France", country="FRA"), role="participant"),
                    Participant(actor=Actor(kind="state", name="Japan", country="JPN"), role="participant"),
                ],
                mentions=[
                    Mention(article_id=article.article_id, char_start=at, char_end=at + 3, text="met", rule="fake.met")
                ],
                cameo="043",
            )
        )
    return ArticleResult(article=article, events=events, notes=[f"rules={type(rules).__name__}"])


def failing_extract(article: Article, rules: Any = None, rules_dir: str | None = None) -> ArticleResult:
    """Raises for one article ("boom" in its text), extracts the others."""
    if "boom" in article.text:
        raise RuntimeError("exploded on purpose\nsecond line")
    return fake_extract(article, rules=rules)


def pid_extract(article: Article, rules: Any = None, rules_dir: str | None = None) -> ArticleResult:
    """Records which process extracted the article, to prove work left this process."""
    return ArticleResult(article=article, events=[], notes=[str(os.getpid())])


def make_articles(n: int) -> list[Article]:
    return [
        Article(
            article_id=f"a{i:03d}",
            text=(f"Article {i}: the ministers met in Paris." if i % 3 else f"Article {i}: nothing happened."),
            published=dt.date(2024, 1, 1) + dt.timedelta(days=i),
            title=f"Title {i}",
        )
        for i in range(n)
    ]


def test_jobs1_runs_in_process_and_keeps_order() -> None:
    articles = make_articles(12)
    results = list(run_extraction(iter(articles), jobs=1, extract_fn=pid_extract))
    assert [r.article.article_id for r in results] == [a.article_id for a in articles]
    assert {r.notes[0] for r in results} == {str(os.getpid())}


def test_jobs2_equals_single_process_in_order() -> None:
    articles = make_articles(40)
    single = list(run_extraction(iter(articles), jobs=1, extract_fn=fake_extract))
    multi = list(run_extraction(iter(articles), jobs=2, extract_fn=fake_extract, batch_size=3))
    assert [r.article.article_id for r in multi] == [a.article_id for a in articles]
    assert multi == single
    assert [r.model_dump(mode="json") for r in multi] == [r.model_dump(mode="json") for r in single]
    assert sum(len(r.events) for r in multi) == 26  # 2 in 3 articles say "met"
    # Rules were loaded in the workers and handed to the extractor.
    assert all(r.notes == ["rules=Rules"] for r in multi)


def test_jobs2_really_uses_other_processes() -> None:
    results = list(run_extraction(make_articles(8), jobs=2, extract_fn=pid_extract, batch_size=1))
    assert str(os.getpid()) not in {r.notes[0] for r in results}


def test_dask_local_cluster_equals_single_process() -> None:
    pytest.importorskip("dask.distributed")
    articles = make_articles(12)
    articles[7] = Article(article_id="bad", text="boom: the extractor fails here", published=dt.date(2024, 2, 1))
    single = list(run_extraction(iter(articles), jobs=1, extract_fn=failing_extract))
    dask = list(run_extraction(iter(articles), jobs=2, engine="dask", extract_fn=failing_extract, batch_size=2))
    assert [r.article.article_id for r in dask] == [a.article_id for a in articles]
    assert dask == single
    assert dask[7].notes == [f"{FAILED_PREFIX}RuntimeError: exploded on purpose"] and dask[7].events == []
    assert sum(len(r.events) for r in dask) == 7


class CountingIterator:
    """An input iterator that remembers how many articles have been taken from it."""

    def __init__(self, articles: list[Article]) -> None:
        self._it: Iterator[Article] = iter(articles)
        self.consumed = 0

    def __iter__(self) -> "CountingIterator":
        return self

    def __next__(self) -> Article:
        article = next(self._it)
        self.consumed += 1
        return article


@pytest.mark.parametrize("jobs", [1, 2])
def test_input_is_read_lazily_with_bounded_in_flight(jobs: int) -> None:
    articles = make_articles(200)
    source = CountingIterator(articles)
    stream = run_extraction(source, jobs=jobs, extract_fn=fake_extract, batch_size=4, max_batches=3)
    first = next(stream)
    assert first.article.article_id == "a000"
    # jobs=1 reads one article per result; processes read at most 3 batches + 1 refill.
    assert source.consumed <= (1 if jobs == 1 else 4 * 4)
    rest = list(stream)
    assert len(rest) == 199 and source.consumed == 200


def test_dask_reads_input_lazily() -> None:
    pytest.importorskip("dask.distributed")
    source = CountingIterator(make_articles(60))
    stream = run_extraction(source, jobs=1, engine="dask", extract_fn=fake_extract, batch_size=2, max_batches=2)
    assert next(stream).article.article_id == "a000"
    assert source.consumed <= 3 * 2
    assert len(list(stream)) == 59


@pytest.mark.parametrize("jobs", [1, 2])
def test_failure_of_one_article_becomes_a_noted_result(jobs: int) -> None:
    articles = make_articles(9)
    articles[4] = Article(article_id="bad", text="boom: this one breaks the extractor", published=dt.date(2024, 2, 1))
    results = list(run_extraction(articles, jobs=jobs, extract_fn=failing_extract, batch_size=2))
    assert [r.article.article_id for r in results] == [a.article_id for a in articles]
    bad = results[4]
    assert bad.events == []
    assert bad.notes == [f"{FAILED_PREFIX}RuntimeError: exploded on purpose"]
    assert all(r.notes == ["rules=Rules"] for i, r in enumerate(results) if i != 4)
    assert sum(len(r.events) for r in results) == 5  # articles 1, 2, 5, 7, 8


def test_extractor_that_rewrites_the_article_is_respected() -> None:
    results = list(run_extraction(make_articles(4), jobs=2, extract_fn=retitle_extract, batch_size=1))
    assert [r.article.title for r in results] == ["RETITLED"] * 4


def retitle_extract(article: Article, rules: Any = None, rules_dir: str | None = None) -> ArticleResult:
    return ArticleResult(article=article.model_copy(update={"title": "RETITLED"}))


def test_empty_input_yields_nothing() -> None:
    assert list(run_extraction(iter([]), jobs=2, extract_fn=fake_extract)) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "spark"}, "unknown engine 'spark'"),
        ({"jobs": 0}, "jobs must be at least 1"),
        ({"batch_size": 0}, "batch_size must be at least 1"),
    ],
)
def test_bad_arguments_raise_engine_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(EngineError, match=message):
        run_extraction(make_articles(1), extract_fn=fake_extract, **kwargs)


def test_missing_dask_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("dask") or name.startswith("distributed"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(EngineError, match=r"pip install 'dipevents\[dask\]'"):
        run_extraction(make_articles(1), engine="dask", extract_fn=fake_extract)


def test_bad_rules_folder_fails_before_any_work(tmp_path: Any) -> None:
    from dipevents.extractors import RuleError

    with pytest.raises(RuleError, match="rules folder does not exist"):
        list(run_extraction(make_articles(3), jobs=2, rules_dir=str(tmp_path / "missing"), extract_fn=fake_extract))


def invalid_extract(article: Article, rules: Any = None, rules_dir: str | None = None) -> ArticleResult:
    """Builds a record that breaks a model rule, as a buggy extractor stage might."""
    return ArticleResult(article=article, events=[], notes=[], unknown_field=1)  # type: ignore[call-arg]


def test_validation_error_note_names_the_field() -> None:
    (result,) = run_extraction(make_articles(1), jobs=1, extract_fn=invalid_extract)
    assert result.events == []
    assert result.notes == [f"{FAILED_PREFIX}ValidationError: ArticleResult: unknown_field: Extra inputs are not permitted"]
