"""Incremental builds that resume the last build's merged state (datasets/state.py).

Every incremental release must equal a full build of the same input without any cache;
a changed, removed or reordered input file, or other rules, must not reuse the state.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from release_helpers import article, fake_extract, write_jsonl

from dipevents.datasets import build
from dipevents.datasets.inputs import list_inputs, read_files
from dipevents.datasets.write import TABLE_NAMES
from dipevents.extractors.readers import read_articles

RULES = Path(__file__).resolve().parents[1] / "extractors" / "rules"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _records(n, start=0, day=0):
    return [article(f"a{i:03d}", f"meet P{i % 5}/FRA Q{i % 7}/DEU 2022-{1 + (i + day) % 7:02d}-{1 + (i + day) % 28:02d} day Paris",
                    f"say Q{i % 7}/DEU 2022-{1 + (i + day) % 7:02d} month - quote_{i % 3}",
                    f"meet Q{i % 7}/DEU {'Pierre' if i % 2 else 'PIERRE'}/FRA 2022-01 year -")
            for i in range(start, start + n)]


def _build(inputs, out, version, **kw):
    return build([str(p) for p in inputs], out, version, jobs=1, progress=False, extract_fn=fake_extract, **kw)


def _same_as_full(report, inputs, tmp_path) -> bool:
    full = _build(inputs, tmp_path / f"full-{report.version}", report.version, cache=False)
    same = all((report.path / f"{n}.parquet").read_bytes() == (full.path / f"{n}.parquet").read_bytes()
               for n in TABLE_NAMES)
    manifest = (report.path / "manifest.json").read_text()
    for name in TABLE_NAMES:  # content digests and the input digest too
        assert f'"content_digest"' in manifest
    from dipevents.datasets.manifest import read_manifest

    a, b = read_manifest(report.path), read_manifest(full.path)
    assert a["input_digest"] == b["input_digest"]
    assert {k: v.get("content_digest") for k, v in a["files"].items() if k.endswith(".parquet")} == \
        {k: v.get("content_digest") for k, v in b["files"].items() if k.endswith(".parquet")}
    return same


def test_an_added_file_resumes_the_state_and_equals_a_full_build(tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", _records(120))
    first = _build([one], tmp_path / "out", "1.0.0")
    two = write_jsonl(tmp_path / "two.jsonl", _records(6, start=120, day=3) + _records(2, start=5))  # 2 duplicates of texts
    second = _build([one, two], tmp_path / "out", "1.1.0", previous=first.path)
    assert (second.extracted, second.cached) == (6, first.n_ok) and first.n_ok > 50
    assert second.n_duplicate == first.n_duplicate + 2
    assert _same_as_full(second, [one, two], tmp_path)
    three = write_jsonl(tmp_path / "three.jsonl", _records(3, start=300, day=7))
    third = _build([one, two, three], tmp_path / "out", "1.2.0", previous=second.path)
    assert (third.extracted, third.cached) == (3, second.n_ok)
    assert _same_as_full(third, [one, two, three], tmp_path)
    again = _build([one, two, three], tmp_path / "out", "1.2.1")  # nothing new: every table from the state
    assert (again.extracted, again.cached) == (0, third.n_ok) and _same_as_full(again, [one, two, three], tmp_path)


def test_a_changed_file_is_not_taken_from_the_state(tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", _records(40))
    two = write_jsonl(tmp_path / "two.jsonl", _records(5, start=40))
    _build([one, two], tmp_path / "out", "1.0.0")
    write_jsonl(one, _records(39) + _records(1, start=90))  # one article replaced
    report = _build([one, two], tmp_path / "out", "1.1.0")
    assert report.extracted == 1  # the rest from the result cache, the file read again
    assert _same_as_full(report, [one, two], tmp_path)


def test_a_removed_or_reordered_file_is_not_taken_from_the_state(tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", _records(30))
    two = write_jsonl(tmp_path / "two.jsonl", _records(5, start=30) + _records(1, start=3))
    _build([one, two], tmp_path / "out", "1.0.0")
    removed = _build([two], tmp_path / "out", "1.1.0")
    assert removed.n_duplicate == 0 and _same_as_full(removed, [two], tmp_path)
    reordered = _build([two, one], tmp_path / "out", "1.2.0")
    assert _same_as_full(reordered, [two, one], tmp_path)


def test_other_rules_do_not_reuse_the_state(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    one = write_jsonl(tmp_path / "one.jsonl", _records(10))
    two = write_jsonl(tmp_path / "two.jsonl", _records(2, start=10))
    _build([one], tmp_path / "out", "1.0.0", rules_dir=str(rules))
    first_toml = sorted(rules.glob("*.toml"))[0]
    first_toml.write_text(first_toml.read_text() + "\n# a researcher's edit\n")
    report = _build([one, two], tmp_path / "out", "1.1.0", rules_dir=str(rules))
    assert (report.extracted, report.cached) == (12, 0)


def test_a_damaged_state_falls_back_to_a_full_build(tmp_path):
    one = write_jsonl(tmp_path / "one.jsonl", _records(10))
    two = write_jsonl(tmp_path / "two.jsonl", _records(2, start=10))
    _build([one], tmp_path / "out", "1.0.0")
    state = tmp_path / "out" / ".cache" / "state"
    token = (state / "CURRENT").read_text().strip()
    (state / token / "merge.sqlite").unlink()
    report = _build([one, two], tmp_path / "out", "1.1.0")
    assert report.extracted == 2
    assert _same_as_full(report, [one, two], tmp_path)
    assert [p.name for p in state.iterdir() if p.is_dir()] == [(state / "CURRENT").read_text().strip()]


def test_input_files_are_read_as_read_articles_reads_them(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "nasty", folder / "nasty")
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "texts", folder / "texts")
    import datetime as dt

    today = dt.date.today()
    paths = [folder, FIXTURES / "eval" / "cases.jsonl"]
    mine = [r.model_dump() for r in read_files(list_inputs(paths, notice=lambda _: None), today, notice=lambda _: None)]
    theirs = [r.model_dump() for r in read_articles(paths, today=today, notice=lambda _: None)]
    assert mine == theirs and len(mine) > 10


def test_a_build_that_fails_midway_leaves_a_next_build_equal_to_a_full_one(tmp_path, monkeypatch):
    import importlib

    build_module = importlib.import_module("dipevents.datasets.build")
    one = write_jsonl(tmp_path / "one.jsonl", _records(20))
    two = write_jsonl(tmp_path / "two.jsonl", _records(3, start=20))
    _build([one], tmp_path / "out", "1.0.0")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "update_table", broken)
        try:
            _build([one, two], tmp_path / "out", "1.1.0")
        except OSError:
            pass
        else:
            raise AssertionError("the build should have failed")
    assert not (tmp_path / "out" / "1.1.0").exists()
    report = _build([one, two], tmp_path / "out", "1.1.0")
    assert _same_as_full(report, [one, two], tmp_path)
    assert not [p for p in (tmp_path / "out" / ".cache" / "state").iterdir() if p.name.startswith(".work-")]
