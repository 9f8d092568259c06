"""verify() against the manifest, diff() between releases, and CHANGES.md of a new release."""
from __future__ import annotations

import pytest
from release_helpers import article, fake_extract, write_jsonl

from dipevents.datasets import build, diff, verify
from dipevents.datasets.cli import main

MEET = "meet Yasukazu_Hamada/JPN Benjamin_Gantz/ISR"


def _build(tmp_path, records, version, **kw):
    corpus = write_jsonl(tmp_path / f"in-{version}.jsonl", records)
    return build([corpus], tmp_path / "out", version, jobs=1, progress=False, extract_fn=fake_extract, **kw)


@pytest.fixture()
def release(tmp_path):
    return _build(tmp_path, [article("a1", f"{MEET} 2022-08-30 day Tokyo"), article("a2", "meet A/FRA B/DEU 2022-08-01 day Paris")], "1.0.0").path


def test_a_good_release_verifies(release):
    assert verify(release) == []
    assert verify(release, content=True) == []


def test_verify_catches_one_changed_byte(release):
    target = release / "events.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    problems = verify(release)
    assert len(problems) >= 1 and problems[0].startswith("events.parquet: SHA-256")


def test_verify_catches_truncation_missing_and_extra_files(release):
    (release / "actors.parquet").write_bytes((release / "actors.parquet").read_bytes()[:100])
    (release / "mentions.parquet").unlink()
    (release / "notes.txt").write_text("added later")
    problems = "\n".join(verify(release))
    assert "actors.parquet: size 100 bytes" in problems and "actors.parquet: not a readable Parquet file" in problems
    assert "mentions.parquet: missing" in problems
    assert "notes.txt: not listed in the manifest" in problems


def test_verify_reports_a_folder_without_manifest(tmp_path):
    (tmp_path / "half").mkdir()
    (problem,) = verify(tmp_path / "half")
    assert "manifest.json: missing" in problem


def test_diff_lists_added_removed_and_changed_fields(tmp_path):
    old = _build(tmp_path, [article("a1", f"{MEET} 2022-08-30 day Tokyo"), article("a2", "meet A/FRA B/DEU 2022-08-01 day Paris")], "1.0.0")
    new = _build(tmp_path, [
        article("a1", f"{MEET} 2022-08-30 day Tokyo"),
        article("a3", f"{MEET} 2022-08 month Tokyo"),  # the same meeting again: its counts change
        article("a4", "sign JPN/JPN ISR/ISR 2022-08-30 day - Memorandum"),
    ], "1.1.0", previous=tmp_path / "out" / "1.0.0")
    result = diff(old.path, new.path)
    assert [a["summary"] for a in result.added] == ["ISR and JPN signed Memorandum"]
    assert [r["summary"] for r in result.removed] == ["A (FRA) met B (DEU) in Paris"]
    (changed,) = result.changed
    assert changed["fields"] == ["n_articles", "n_mentions"]
    text = result.to_markdown()
    assert "1 event(s) added" in text and "fields: n_articles, n_mentions" in text
    changes = (new.path / "CHANGES.md").read_text()
    assert changes.startswith("# Changes from 1.0.0 to 1.1.0") and "1 event(s) removed" in changes
    assert new.changes is not None and "changes since 1.0.0" in new.summary()
    assert verify(new.path) == []  # CHANGES.md is listed in the manifest
    assert diff(old.path, old.path).empty


def test_cli_verify_and_diff(release, capsys):
    assert main(["verify", str(release)]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")
    assert main(["diff", str(release), str(release)]) == 0
    assert "0 event(s) changed" in capsys.readouterr().out
    (release / "datapackage.json").write_text("{}")
    assert main(["verify", str(release)]) == 1
    assert "datapackage.json" in capsys.readouterr().out
