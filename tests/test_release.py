"""Release folders: immutable, semantic versions, atomic under crashes, locked, described."""
from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from frictionless import Package
from release_helpers import article, fake_extract, write_jsonl

from dipevents.datasets import ReleaseError, ReleaseExistsError, ReleaseLockedError, build, check_version, load
from dipevents.datasets.load import read_table
from dipevents.datasets.manifest import content_digest
from dipevents.datasets.write import StagedRelease, release_schema
from dipevents.schema import table_schema

TESTS = Path(__file__).resolve().parent


@pytest.fixture()
def corpus(tmp_path):
    return write_jsonl(tmp_path / "in.jsonl", [
        article("a1", "meet Yasukazu_Hamada/JPN Benjamin_Gantz/ISR 2022-08-30 day Tokyo"),
        article("a2", "say Benjamin_Gantz/ISR 2022-08-30 day - Iran_is_a_threat"),
    ])


def _build(corpus, out, version="1.0.0", **kw):
    return build([corpus], out, version, jobs=1, progress=False, extract_fn=fake_extract, **kw)


@pytest.mark.parametrize("good", ["1.0.0", "0.1.0-rc.1", "10.20.30", "1.0.0+build.5"])
def test_semantic_versions_are_accepted(good):
    assert check_version(good) == good


@pytest.mark.parametrize("bad", ["1.0", "v1.0.0", "01.0.0", "1.0.0-", "latest", "../1.0.0", ""])
def test_other_versions_are_refused(bad, corpus, tmp_path):
    with pytest.raises(ValueError, match="semantic version"):
        _build(corpus, tmp_path / "out", bad)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_existing_release_is_never_overwritten(corpus, tmp_path):
    report = _build(corpus, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in report.path.iterdir()}
    with pytest.raises(ReleaseExistsError, match="already exists"):
        _build(corpus, tmp_path / "out")
    assert {p.name: p.read_bytes() for p in report.path.iterdir()} == before


def test_a_second_build_of_the_same_version_is_locked_out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".lock-2.0.0", os.O_CREAT | os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(ReleaseLockedError, match="another build"):
            with StagedRelease(out, "2.0.0"):
                pass
    finally:
        os.close(fd)
    with StagedRelease(out, "2.0.0") as stage:  # lock released: the build can go on
        (stage.path / "x.txt").write_text("x")
        stage.commit()
    assert (out / "2.0.0" / "x.txt").read_text() == "x"


def test_an_error_while_writing_leaves_no_release_and_no_temp_folder(corpus, tmp_path, monkeypatch):
    build_module = sys.modules["dipevents.datasets.build"]
    real = build_module.write_table

    def failing(path, name, rows, *a, **kw):
        if name == "mentions":
            raise OSError("disk full (injected)")
        return real(path, name, rows, *a, **kw)

    monkeypatch.setattr(build_module, "write_table", failing)
    with pytest.raises(OSError, match="injected"):
        _build(corpus, tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith((".lock", ".cache"))] == []


_SLOW_BUILD = """
import sys, time
sys.path.insert(0, {tests!r})
from release_helpers import fake_extract
from dipevents.datasets import build

def slow(article, rules=None):
    time.sleep(0.05)
    return fake_extract(article)

build([{corpus!r}], {out!r}, "1.0.0", jobs=1, progress=False, extract_fn=slow, cache=False)
"""


def test_a_killed_build_leaves_nothing_that_looks_finished_and_a_rerun_completes(tmp_path):
    corpus = write_jsonl(tmp_path / "in.jsonl", [
        article(f"a{i}", f"meet P{i}/FRA Q{i}/DEU 2022-08-{1 + i % 28:02d} day Paris") for i in range(400)
    ])
    out = tmp_path / "out"
    script = _SLOW_BUILD.format(tests=str(TESTS), corpus=str(corpus), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while not list(out.glob(".tmp-1.0.0-*/merge.sqlite")) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.05)
        time.sleep(0.3)
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not (out / "1.0.0").exists()
    (stale,) = out.glob(".tmp-1.0.0-*")
    assert not (stale / "manifest.json").exists()
    report = _build(corpus, out)
    assert report.n_ok == 400 and load(report.path).events.shape[0] == 400
    assert not stale.exists() and not list(out.glob(".tmp-*"))


def test_datapackage_validates_with_frictionless(corpus, tmp_path):
    path = _build(corpus, tmp_path / "out").path
    descriptor = json.loads((path / "datapackage.json").read_text())
    report = Package.validate_descriptor(descriptor)
    assert report.valid, [e.message for e in report.errors]
    assert {r["name"] for r in descriptor["resources"]} == {"events", "participants", "actors", "mentions", "articles"}
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    assert [f["name"] for f in events["schema"]["fields"]] == release_schema("events").names
    assert all((path / r["path"]).is_file() for r in descriptor["resources"])


def test_files_follow_the_contract_schemas_and_manifest(corpus, tmp_path):
    path = _build(corpus, tmp_path / "out").path
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["format_version"] == "1" and manifest["release_version"] == "1.0.0"
    assert len(manifest["rules_digest"]) == 64 and len(manifest["input_digest"]) == 64
    for name in ("events", "participants", "actors", "mentions", "articles"):
        schema = pq.read_schema(path / f"{name}.parquet")
        contract = table_schema(name)
        assert [schema.field(i) for i in range(len(contract))] == list(contract), name
        entry = manifest["files"][f"{name}.parquet"]
        assert entry["rows"] == pq.ParquetFile(path / f"{name}.parquet").metadata.num_rows
        assert entry["content_digest"] == content_digest(path / f"{name}.parquet")
        assert b"created" not in pq.ParquetFile(path / f"{name}.parquet").metadata.metadata.get(b"ARROW:schema", b"")


def test_load_names_a_truncated_file(corpus, tmp_path):
    path = _build(corpus, tmp_path / "out").path
    target = path / "mentions.parquet"
    target.write_bytes(target.read_bytes()[:-20])
    with pytest.raises(ReleaseError, match="mentions.parquet"):
        load(path)
    assert len(read_table(path, "events")) == 2  # the other tables still read one by one


def test_cli_reports_a_locked_release_without_a_traceback(tmp_path, capsys):
    from dipevents.datasets.cli import main

    (tmp_path / ".lock-1.0.0").touch()
    import fcntl

    with open(tmp_path / ".lock-1.0.0", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        corpus = tmp_path / "in.jsonl"
        corpus.write_text('{"id": "a", "text": "Japan met Israel.", "published": "2022-08-31"}\n', encoding="utf-8")
        code = main(["build", str(corpus), "--out", str(tmp_path), "--version", "1.0.0", "--quiet"])
    assert code == 2
    assert "another build is writing release" in capsys.readouterr().err
    assert not (tmp_path / "1.0.0").exists()


def test_a_path_like_article_id_writes_nothing_outside_the_release(tmp_path):
    from dipevents.datasets import build

    corpus = tmp_path / "in.jsonl"
    corpus.write_text('{"id": "../../etc/passwd", "text": "Japan met Israel on Tuesday.", "published": "2022-08-31"}\n',
                      encoding="utf-8")
    out = tmp_path / "out"
    before = set(tmp_path.parent.rglob("*"))
    build([str(corpus)], str(out), "1.0.0", jobs=1, progress=False)
    created = set(tmp_path.parent.rglob("*")) - before
    assert created and all(out in p.parents or p == out for p in created)
    import pandas as pd

    assert pd.read_parquet(out / "1.0.0" / "articles.parquet").article_id.tolist() == ["../../etc/passwd"]


def test_strict_makes_rejects_an_error_and_the_summary_names_them(tmp_path, capsys):
    from dipevents.datasets.cli import main

    corpus = tmp_path / "in.jsonl"
    corpus.write_text('{"id": "a", "text": "Japan met Israel.", "published": "2022-08-31"}\n{"id": "b", "text": ""}\n',
                      encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "o"), "--version", "1.0.0", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "1 ok, 0 duplicate, 1 rejected" in out and "rejected 1 x:" in out
    assert main(["build", str(corpus), "--out", str(tmp_path / "o"), "--version", "1.0.1", "--quiet", "--strict"]) == 1


def test_two_builds_of_different_versions_into_one_folder_at_once(tmp_path):
    import subprocess
    import sys

    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(
        f'{{"id": "a{i}", "text": "Japanese Foreign Minister Taro Sato met Korean Foreign Minister Min Park on Monday. '
        f'Sato said talk number {i} with Korea went well.", "published": "2022-08-31"}}\n' for i in range(60)),
        encoding="utf-8")
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, "-m", "dipevents.datasets.cli", "build", str(corpus), "--out", str(out),
                              "--version", version, "--jobs", "1", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for version in ("1.0.0", "1.1.0")]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read().decode()
    from dipevents.datasets import verify

    assert verify(out / "1.0.0") == [] and verify(out / "1.1.0") == []
    assert (out / "1.0.0" / "events.parquet").read_bytes() == (out / "1.1.0" / "events.parquet").read_bytes()
