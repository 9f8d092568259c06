"""Incremental builds: cached extraction is reused and gives the same release as a full build."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from release_helpers import article, fake_extract, write_jsonl

from dipevents.datasets import build
from dipevents.datasets.cache import ResultCache
from dipevents.datasets.write import TABLE_NAMES
from dipevents.schema.models import Article

RULES = Path(__file__).resolve().parents[1] / "extractors" / "rules"


def _records(n, start=0):
    return [article(f"a{i:03d}", f"meet P{i}/FRA Q{i % 7}/DEU 2022-08-{1 + i % 28:02d} day Paris",
                    f"say Q{i % 7}/DEU 2022-08-{1 + i % 28:02d} day - quote_{i}") for i in range(start, start + n)]


def _build(corpus, out, version, **kw):
    return build([corpus], out, version, jobs=1, progress=False, extract_fn=fake_extract, **kw)


def _same_tables(a: Path, b: Path) -> bool:
    return all((a / f"{n}.parquet").read_bytes() == (b / f"{n}.parquet").read_bytes() for n in TABLE_NAMES)


def test_incremental_build_extracts_only_new_articles_and_equals_a_full_build(tmp_path):
    base = _records(100)
    first = _build(write_jsonl(tmp_path / "v1.jsonl", base), tmp_path / "out", "1.0.0")
    assert (first.extracted, first.cached) == (100, 0)
    grown = write_jsonl(tmp_path / "v2.jsonl", base[:50] + _records(1, start=100) + base[50:])
    second = _build(grown, tmp_path / "out", "1.1.0", previous=tmp_path / "out" / "1.0.0")
    assert (second.extracted, second.cached) == (1, 100)
    full = _build(grown, tmp_path / "full", "1.1.0", cache=False)
    assert _same_tables(second.path, full.path)
    assert not (tmp_path / "full" / ".cache").exists()
    assert len(second.changes.added) == 2 and not second.changes.removed


def test_previous_release_elsewhere_lends_its_cache(tmp_path):
    corpus = write_jsonl(tmp_path / "in.jsonl", _records(20))
    _build(corpus, tmp_path / "old", "1.0.0")
    report = _build(corpus, tmp_path / "new", "2.0.0", previous=tmp_path / "old" / "1.0.0")
    assert (report.extracted, report.cached) == (0, 20)
    assert report.changes is not None and report.changes.empty
    again = _build(corpus, tmp_path / "new", "2.0.1")  # entries were copied into the new cache
    assert again.cached == 20


def test_changed_rules_invalidate_the_cache(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    corpus = write_jsonl(tmp_path / "in.jsonl", _records(10))
    assert _build(corpus, tmp_path / "out", "1.0.0", rules_dir=str(rules)).extracted == 10
    first_toml = sorted(rules.glob("*.toml"))[0]
    first_toml.write_text(first_toml.read_text() + "\n# a researcher's edit\n")
    report = _build(corpus, tmp_path / "out", "1.0.1", rules_dir=str(rules))
    assert (report.extracted, report.cached) == (10, 0)


def test_other_extractor_code_invalidates_the_cache(tmp_path, monkeypatch):
    """A new dipevents (or an edited extractor module) extracts again: the cache and the saved
    state are keyed by the extractors' source as well as by the rules."""
    import importlib

    build_module = importlib.import_module("dipevents.datasets.build")

    corpus = write_jsonl(tmp_path / "in.jsonl", _records(10))
    assert _build(corpus, tmp_path / "out", "1.0.0").extracted == 10
    assert _build(corpus, tmp_path / "out", "1.0.1").cached == 10
    monkeypatch.setattr(build_module, "extractor_code_digest", lambda: "another version of the extractors")
    report = _build(corpus, tmp_path / "out", "1.0.2")
    assert (report.extracted, report.cached) == (10, 0)


def test_cache_key_depends_on_text_date_and_metadata(tmp_path):
    cache = ResultCache(tmp_path, "rules-1")
    one = Article(article_id="x", text="meet", published="2022-08-31")
    keys = {
        cache.key(one),
        cache.key(one.model_copy(update={"text": "meet!"})),
        cache.key(one.model_copy(update={"published": None})),
        cache.key(one.model_copy(update={"title": "t"})),
        ResultCache(tmp_path, "rules-2").key(one),
    }
    assert len(keys) == 5 and cache.key(one) == ResultCache(tmp_path, "rules-1").key(one)


def test_a_corrupt_cache_entry_is_extracted_again(tmp_path):
    corpus = write_jsonl(tmp_path / "in.jsonl", _records(5))
    first = _build(corpus, tmp_path / "out", "1.0.0")
    with sqlite3.connect(tmp_path / "out" / ".cache" / "results.sqlite") as db:
        db.execute("UPDATE results SET data = x'00ff' WHERE rowid = (SELECT min(rowid) FROM results)")
    shutil.rmtree(tmp_path / "out" / ".cache" / "state")  # else the merged state serves, without the result cache
    second = _build(corpus, tmp_path / "out", "1.0.1")
    assert (second.extracted, second.cached) == (1, 4)
    assert _same_tables(first.path, second.path)


def test_cached_entries_round_trip_with_and_without_events(tmp_path):
    from dipevents.schema.models import ArticleResult

    cache = ResultCache(tmp_path, "rules-1")
    empty_article = Article(article_id="e", text="Nothing happened here.")
    cache.put(ArticleResult(article=empty_article))
    full = fake_extract(Article(article_id="f", text="say Q1/DEU 2022-08-01 day - quote_1"))
    assert full.events
    cache.put(full)
    assert cache.load(cache.lookup(empty_article), empty_article).events == []
    assert cache.load(cache.lookup(full.article), full.article).events == full.events
