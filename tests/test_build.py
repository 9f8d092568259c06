"""Building releases end to end (with the test extractor): counts, reproducible bytes, readers."""
from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from release_helpers import article, fake_extract, write_jsonl

from dipevents.datasets import build, load
from dipevents.datasets.write import TABLE_NAMES

MEET = "meet Yasukazu_Hamada/JPN Benjamin_Gantz/ISR"


@pytest.fixture()
def corpus(tmp_path):
    records = [
        article("a1", f"{MEET} 2022-08-30 day Tokyo", "say Benjamin_Gantz/ISR 2022-08-30 day - Iran_is_a_threat"),
        article("a2", f"{MEET} 2022-08 month Tokyo", "sign JPN/JPN ISR/ISR 2022-08-30 day - Memorandum_on_Defense"),
        article("a3", "meet Emmanuel_Macron/FRA Olaf_Scholz/DEU 2022-08-01 day Paris"),
        article("a1", f"{MEET} 2022-08-30 day Tokyo", "say Benjamin_Gantz/ISR 2022-08-30 day - Iran_is_a_threat"),
        article("a4", "crash"),
        {"id": "a5", "text": "   "},
        {"text": "no id"},
    ]
    return write_jsonl(tmp_path / "in.jsonl", records)


def _build(corpus, out, version="1.0.0", **kw):
    return build([corpus], out, version, jobs=1, progress=False, extract_fn=fake_extract, **kw)


def test_every_record_ends_ok_duplicate_or_rejected(corpus, tmp_path):
    report = _build(corpus, tmp_path / "out")
    assert (report.n_ok, report.n_duplicate, report.n_rejected) == (3, 1, 3)
    articles = load(report.path).articles
    assert len(articles) == 7
    assert articles["status"].value_counts().to_dict() == {"ok": 3, "rejected": 3, "duplicate": 1}
    assert articles.loc[articles["status"] == "rejected", "error"].notna().all()
    text = report.summary()
    assert "3 ok, 1 duplicate, 3 rejected" in text and "extraction failed" in text
    assert "events: 4 (2 meeting, 1 signing, 1 statement)" in text
    assert report.path == tmp_path / "out" / "1.0.0"


def test_merged_event_has_two_articles(corpus, tmp_path):
    events = load(_build(corpus, tmp_path / "out").path).events
    meeting = events[events["summary"].str.contains("Hamada")].iloc[0]
    assert (meeting["n_articles"], meeting["n_mentions"]) == (2, 2)
    assert meeting["date"] == pd.Timestamp("2022-08-30")


def test_rebuild_is_byte_identical_with_the_same_ids(corpus, tmp_path):
    first = _build(corpus, tmp_path / "one")
    second = _build(corpus, tmp_path / "two", cache=False)
    for name in TABLE_NAMES:
        assert (first.path / f"{name}.parquet").read_bytes() == (second.path / f"{name}.parquet").read_bytes(), name
    assert (first.path / "datapackage.json").read_bytes() == (second.path / "datapackage.json").read_bytes()
    m1, m2 = load(first.path).manifest, load(second.path).manifest
    m1.pop("created"), m2.pop("created")
    assert m1 == m2  # the creation time is the only run-dependent value


def test_tables_have_the_contract_types_in_pandas_and_duckdb(corpus, tmp_path):
    path = _build(corpus, tmp_path / "out").path
    frame = pd.read_parquet(path / "events.parquet")
    assert len(frame) == 4 and isinstance(frame.loc[0, "countries"].tolist(), list)
    con = duckdb.connect()
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{path / 'events.parquet'}'").fetchall()}
    assert types["date"] == "DATE" and types["n_articles"] == "INTEGER" and types["countries"] == "VARCHAR[]"
    n = con.execute(f"SELECT count(*) FROM '{path / 'mentions.parquet'}' m JOIN '{path / 'events.parquet'}' e "
                   "USING (event_id)").fetchone()[0]
    assert n == 5
    schema = pq.read_schema(path / "articles.parquet")
    assert str(schema.field("published").type) == "date32[day]"
    assert not schema.metadata or b"pandas" not in schema.metadata


def test_loaded_release_has_sensible_dtypes_and_a_timeline(corpus, tmp_path):
    release = load(_build(corpus, tmp_path / "out").path)
    assert set(release.tables) == set(TABLE_NAMES)
    assert str(release.events["event_id"].dtype) == "string"
    assert release.events["date"].dtype.kind == "M"
    assert release.version == "1.0.0"
    timeline = release.timeline()
    assert len(timeline) == len(release.events)
    row = timeline[timeline["event_type"] == "meeting"].set_index("location").loc["Tokyo"]
    assert sorted(row["participants"].split("; ")) == ["Benjamin Gantz (ISR)", "Yasukazu Hamada (JPN)"]
    assert row["participant_countries"] == ["ISR", "JPN"]
    assert timeline.groupby("year").size().to_dict() == {2022: 4}
    assert list(timeline["date"]) == sorted(timeline["date"])


def test_empty_input_gives_empty_tables(tmp_path):
    corpus = write_jsonl(tmp_path / "in.jsonl", [article("a", "no events here")])
    release = load(_build(corpus, tmp_path / "out").path)
    assert len(release.events) == 0 and len(release.articles) == 1
    assert release.timeline().empty


def test_cli_build_info_verify(corpus, tmp_path, capsys, monkeypatch):
    import sys

    from dipevents.datasets import cli

    build_module = sys.modules["dipevents.datasets.build"]

    original = build_module.build
    monkeypatch.setattr(build_module, "build", lambda *a, **kw: original(*a, **{**kw, "extract_fn": fake_extract, "jobs": 1}))
    out = tmp_path / "out"
    assert cli.main(["build", str(corpus), "--out", str(out), "--version", "0.1.0-rc.1", "--quiet"]) == 0
    assert cli.main(["build", str(corpus), "--out", str(out), "--version", "0.1.0-rc.1", "--quiet"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["info", str(out / "0.1.0-rc.1")]) == 0
    assert "events: 4 rows" in capsys.readouterr().out
    assert cli.main(["build", str(corpus), "--out", str(out), "--version", "1.0", "--quiet"]) == 2
    assert "semantic version" in capsys.readouterr().err


def test_reject_reasons_fold_numbers_but_keep_names():
    from collections import Counter

    from dipevents.datasets.build import _grouped_reasons

    grouped = _grouped_reasons(Counter({
        "a.jsonl:3: invalid UTF-8 at byte 0xe9 (offset 12)": 1,
        "a.jsonl:7: invalid UTF-8 at byte 0xe9 (offset 40)": 2,
    }))
    assert grouped == Counter({"invalid UTF-8 at byte 0xe9 (offset N)": 3})


def test_tables_open_in_r_arrow_when_r_is_installed(corpus, tmp_path):
    """R's arrow reads the release as it is (skips where R and its arrow package are absent)."""
    import shutil
    import subprocess

    rscript = shutil.which("Rscript")
    if rscript is None or subprocess.run([rscript, "-e", "library(arrow)"], capture_output=True).returncode != 0:
        pytest.skip("Rscript with the arrow package is not installed")
    report = build([str(corpus)], str(tmp_path / "out"), "1.0.0", jobs=1, progress=False, extract_fn=fake_extract)
    script = (f'library(arrow); e <- read_parquet("{report.path}/events.parquet"); '
              f'm <- read_parquet("{report.path}/mentions.parquet"); cat(nrow(e), nrow(m), class(e$date)[1])')
    out = subprocess.run([rscript, "-e", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(report.rows["events"]), str(report.rows["mentions"]), "Date"]
