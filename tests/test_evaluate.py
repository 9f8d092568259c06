"""Tests of dipevents.datasets.evaluate: matching, assignment, field accuracies, and
agreement with the reference scorer.

Each case is one article of tests/fixtures/eval/cases.jsonl; the predictions below are
written into a tiny release in tmp_path. Articles absent from the gold file are not
scored, so a case is scored alone by writing only its gold line.
"""
from __future__ import annotations

import ast
import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dipevents.datasets.cli import main as cli_main
from dipevents.datasets.evaluate import (
    ScoredEvent,
    assign,
    dates_agree,
    evaluate,
    format_scores,
    locations_agree,
    participant_keys,
)
from dipevents.schema import table_schema

GOLD = Path(__file__).parent / "fixtures" / "eval" / "cases.jsonl"
SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "eval" / "score.py"

# (event_id, type, article, spans, [(name, kind, country, role)], date, location)
PREDICTIONS = [
    ("M-exact", "meeting", "exact", [(0, 80)],
     [("Yoko Kamikawa", "person", "JPN", "participant"), ("Antony Blinken", "person", "USA", "participant")],
     date(2024, 3, 5), "Tokyo"),
    ("S-overlap", "statement", "overlap", [(150, 250)], [("Wang Yi", "person", "CHN", "speaker")], date(2024, 3, 5), None),
    ("S-touch", "statement", "touching", [(200, 300)], [("Wang Yi", "person", "CHN", "speaker")], date(2024, 3, 5), None),
    ("S-wrong", "statement", "wrong-speaker", [(0, 90)], [("Emmanuel Macron", "person", "FRA", "speaker")], None, None),
    ("M-countries", "meeting", "by-countries", [(300, 400)],
     [("India", "state", "IND", "participant"), ("Australia", "state", "AUS", "participant")], None, None),
    ("G-disagree", "signing", "countries-disagree", [(700, 800)],
     [("France", "state", "FRA", "signatory"), ("Italy", "state", "ITA", "signatory"),
      ("Spain", "state", "ESP", "signatory")], None, None),
    ("M-half", "meeting", "half-jaccard", [(100, 160)],
     [("France", "state", "FRA", "participant"), ("Germany", "state", "DEU", "participant"),
      ("Italy", "state", "ITA", "participant"), ("Spain", "state", "ESP", "participant")], None, None),
    ("O-overlap", "meeting", "overlap-first", [(20, 80)], [("Uruguay", "state", "URY", "participant")], None, None),
    ("O-countries", "meeting", "overlap-first", [(300, 400)],
     [("Brazil", "state", "BRA", "participant"), ("Argentina", "state", "ARG", "participant")], None, None),
    ("M-best", "meeting", "one-to-one", [(50, 150)],
     [("Korea", "state", "KOR", "participant"), ("Japan", "state", "JPN", "participant")], None, None),
    ("M-second", "meeting", "one-to-one", [(90, 120)], [("Korea", "state", "KOR", "participant")], None, None),
    ("D-week-ok", "meeting", "dates", [(0, 50)], [("Kenya", "state", "KEN", "participant")], date(2024, 1, 7), None),
    ("D-week-bad", "meeting", "dates", [(100, 150)], [("Ghana", "state", "GHA", "participant")], date(2024, 1, 8), None),
    ("D-month", "meeting", "dates", [(200, 250)], [("Peru", "state", "PER", "participant")], date(2024, 2, 28), None),
    ("D-day", "meeting", "dates", [(300, 350)], [("Chile", "state", "CHL", "participant")], date(2024, 3, 6), None),
    ("D-none", "meeting", "dates", [(400, 450)], [("Nepal", "state", "NPL", "participant")], None, None),
    ("F-stmt", "statement", "fields", [(0, 120)], [("Antony Blinken", "person", "USA", "speaker")],
     date(2024, 4, 26), "Beijing"),
    ("X-meeting", "meeting", "empty", [(0, 50)], [("United States", "state", "USA", "participant")], None, None),
    ("X-stmt", "statement", "empty", [(60, 90)], [("United States", "state", "USA", "speaker")], None, None),
    ("U-meeting", "meeting", "unlabelled", [(0, 50)], [("Peru", "state", "PER", "participant")], None, None),
]


def _event_row(event_id: str, type_: str, parts: list, day: date | None, location: str | None) -> dict:
    return {
        "event_id": event_id, "event_type": type_, "status": "occurred",
        "mode": "in_person" if type_ == "meeting" else None,
        "date": day, "date_precision": "day" if day else "none", "date_source": "text",
        "location": location, "location_country": None,
        "countries": sorted({p[2] for p in parts if p[2]}),
        "document": "Accord" if type_ == "signing" else None,
        "quote": "words" if type_ == "statement" else None,
        "stance": "neutral" if type_ == "statement" else None,
        "summary": event_id, "cameo": "040", "n_articles": 1, "n_mentions": 1,
    }


def write_release(folder: Path, predictions: list = PREDICTIONS) -> Path:
    """Write the Parquet tables of a release holding ``predictions`` and return its folder."""
    rows: dict[str, list[dict]] = {"events": [], "participants": [], "actors": [], "mentions": []}
    actors: dict[str, dict] = {}
    for event_id, type_, article, spans, parts, day, location in predictions:
        rows["events"].append(_event_row(event_id, type_, parts, day, location))
        for name, kind, country, role in parts:
            actor = f"{kind}:{name}:{country}"
            actors[actor] = {"actor_id": actor, "kind": kind, "name": name, "title": None, "country": country}
            rows["participants"].append({"event_id": event_id, "actor_id": actor, "role": role})
        for start, end in spans:
            rows["mentions"].append({"event_id": event_id, "article_id": article, "char_start": start,
                                     "char_end": end, "text": "x", "rule": "test", "date_text": None})
    rows["actors"] = sorted(actors.values(), key=lambda a: a["actor_id"])
    folder.mkdir(parents=True, exist_ok=True)
    for name, table_rows in rows.items():
        pq.write_table(pa.Table.from_pylist(table_rows, schema=table_schema(name)), folder / f"{name}.parquet")
    return folder


def gold_subset(tmp_path: Path, *article_ids: str) -> Path:
    """A gold file with only the named articles of the fixture."""
    lines = [l for l in GOLD.read_text(encoding="utf-8").splitlines() if json.loads(l)["article_id"] in article_ids]
    assert len(lines) == len(article_ids)
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def score(tmp_path: Path, *article_ids: str) -> dict:
    return evaluate(gold_subset(tmp_path, *article_ids), write_release(tmp_path / "release"))


def counts(result: dict, type_: str = "all") -> tuple[int, int, int]:
    s = result["scores"][type_]
    return s["tp"], s["fp"], s["fn"]


def test_exact_match_counts_and_fields(tmp_path: Path) -> None:
    result = score(tmp_path, "exact")
    assert counts(result, "meeting") == (1, 0, 0)
    assert result["scores"]["meeting"]["f1"] == 1.0
    assert result["scores"]["date_accuracy"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert result["scores"]["countries_accuracy"]["correct"] == 1
    assert result["scores"]["location_accuracy"]["correct"] == 1
    assert result["errors"] == []


def test_partial_span_overlap_matches(tmp_path: Path) -> None:
    assert counts(score(tmp_path, "overlap"), "statement") == (1, 0, 0)


def test_touching_spans_do_not_overlap(tmp_path: Path) -> None:
    result = score(tmp_path, "touching")
    assert counts(result, "statement") == (0, 1, 1)
    assert {e["error"] for e in result["errors"]} == {"missed", "spurious"}


def test_statement_with_wrong_speaker_is_no_match(tmp_path: Path) -> None:
    result = score(tmp_path, "wrong-speaker")
    assert counts(result, "statement") == (0, 1, 1)
    assert "speaker_accuracy" not in result["scores"]


def test_meeting_matches_by_countries_without_span_overlap(tmp_path: Path) -> None:
    result = score(tmp_path, "by-countries")
    assert counts(result, "meeting") == (1, 0, 0)
    assert result["scores"]["countries_accuracy"] == {"correct": 1, "total": 1, "accuracy": 1.0}


def test_meeting_matches_at_country_jaccard_one_half(tmp_path: Path) -> None:
    result = score(tmp_path, "half-jaccard")
    assert counts(result, "meeting") == (1, 0, 0)
    # matched, but the extra countries make the countries field wrong
    assert result["scores"]["countries_accuracy"] == {"correct": 0, "total": 1, "accuracy": 0.0}


def test_signing_with_low_country_jaccard_is_no_match(tmp_path: Path) -> None:
    assert counts(score(tmp_path, "countries-disagree"), "signing") == (0, 1, 1)


def test_one_to_one_assignment_keeps_the_best_prediction(tmp_path: Path) -> None:
    result = score(tmp_path, "one-to-one")
    assert counts(result, "meeting") == (1, 1, 0)
    spurious = [e for e in result["errors"] if e["error"] == "spurious"]
    assert [e["event_id"] for e in spurious] == ["M-second"]
    assert spurious[0]["spans"] == [[90, 120]]


def test_span_overlap_outweighs_full_country_agreement(tmp_path: Path) -> None:
    result = score(tmp_path, "overlap-first")
    assert counts(result, "meeting") == (1, 1, 0)
    assert [e["event_id"] for e in result["errors"]] == ["O-countries"]


def test_date_accuracy_at_week_month_and_day_precision(tmp_path: Path) -> None:
    result = score(tmp_path, "dates")
    assert counts(result, "meeting") == (5, 0, 0)
    # week: Sunday of the same ISO week right, next Monday wrong; month right; day wrong; "none" not counted
    assert result["scores"]["date_accuracy"] == {"correct": 2, "total": 4, "accuracy": 0.5}


def test_dates_agree_by_precision() -> None:
    assert dates_agree("2024-01-03", "week", date(2024, 1, 1))
    assert dates_agree("2024-01-03", "week", date(2024, 1, 7))
    assert not dates_agree("2024-01-03", "week", date(2023, 12, 31))
    assert dates_agree("2020-12-31", "week", date(2021, 1, 3))  # ISO week 53 of 2020
    assert not dates_agree("2024-01-03", "week", date(2023, 1, 4))  # week 1, but of another year
    assert not dates_agree("2024-05", "week", date(2024, 5, 1))  # a partial gold date has no week
    assert dates_agree("2024-02-10", "month", date(2024, 2, 1))
    assert not dates_agree("2024-02-10", "month", date(2024, 3, 10))
    assert dates_agree("2024-02-10", "year", date(2024, 12, 31))
    assert not dates_agree("2024-02-10", "day", date(2024, 2, 11))
    assert not dates_agree("2024-02-10", "day", None)
    assert not dates_agree("2024-02-10", "none", date(2024, 2, 10))


def test_fields_ignore_targets_and_compare_locations(tmp_path: Path) -> None:
    result = score(tmp_path, "fields")
    assert counts(result, "statement") == (1, 0, 0)
    scores = result["scores"]
    assert scores["countries_accuracy"]["correct"] == 1  # gold target CHN is not a principal
    assert scores["speaker_accuracy"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert scores["location_accuracy"]["correct"] == 1
    assert locations_agree("Beijing Capital Airport", "beijing")
    assert not locations_agree("Tokyo", None)
    assert not locations_agree("Tokyo", "Osaka")


def test_empty_gold_article_counts_every_prediction_as_spurious(tmp_path: Path) -> None:
    result = score(tmp_path, "empty")
    assert counts(result) == (0, 2, 0)
    assert result["scores"]["all"]["precision"] == 0.0
    assert sorted(e["event_id"] for e in result["errors"]) == ["X-meeting", "X-stmt"]


def test_whole_fixture_totals(tmp_path: Path) -> None:
    result = evaluate(GOLD, write_release(tmp_path / "release"))
    s = result["scores"]
    assert counts(result, "meeting") == (10, 3, 0)
    assert counts(result, "signing") == (0, 1, 1)
    assert counts(result, "statement") == (2, 3, 2)
    assert counts(result) == (12, 7, 3)
    assert s["all"]["precision"] == round(12 / 19, 3) and s["all"]["recall"] == round(12 / 15, 3)
    assert s["date_accuracy"] == {"correct": 5, "total": 7, "accuracy": round(5 / 7, 3)}
    # the unlabelled article's prediction is not scored at all
    assert "unlabelled" not in {e["article_id"] for e in result["errors"]}


def test_person_keys_take_either_name_order() -> None:
    a = participant_keys([{"name": "KAMIKAWA Yoko", "kind": "person", "country": "JPN"}])
    b = participant_keys([{"name": "Yoko Kamikawa", "kind": "person", "country": None}])
    assert a.persons == b.persons == {"kamikawa", "yoko"}
    assert a.countries == {"JPN"} and b.countries == frozenset()
    assert participant_keys([{"name": "Lee J. H.", "kind": "person"}]).persons == {"lee"}  # initials dropped
    assert participant_keys([{"name": "NATO", "kind": "organization", "country": None}]).organizations == {"nato"}


def test_assign_breaks_ties_towards_later_indices() -> None:
    # two identical predictions: the reference's reverse sort gives the later one the gold event
    gold = [ScoredEvent("meeting", [(0, 10)], [])]
    preds = [ScoredEvent("meeting", [(0, 10)], []), ScoredEvent("meeting", [(0, 10)], [])]
    assert assign(gold, preds) == [(0, 1)]


def test_format_scores_table(tmp_path: Path) -> None:
    text = format_scores(evaluate(GOLD, write_release(tmp_path / "release")))
    lines = text.splitlines()
    assert lines[0].split() == ["type", "tp", "fp", "fn", "precision", "recall", "F1"]
    assert lines[4].split() == ["all", "12", "7", "3", "0.632", "0.800", "0.706"]
    assert ["date", "5", "7", "0.714"] in [l.split() for l in lines]
    assert lines[-1] == "3 missed, 7 spurious (listed with --json)"


def test_cli_json_lists_every_miss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    release = write_release(tmp_path / "release")
    out = tmp_path / "scores.json"
    assert cli_main(["evaluate", str(GOLD), str(release), "--json", str(out)]) == 0
    assert "statement" in capsys.readouterr().out
    written = json.loads(out.read_text(encoding="utf-8"))
    kinds = [e["error"] for e in written["errors"]]
    assert kinds.count("missed") == 3 and kinds.count("spurious") == 7
    missed = next(e for e in written["errors"] if e["article_id"] == "wrong-speaker" and e["error"] == "missed")
    assert missed["evidence"] == ["statement sentence at 0"] and missed["spans"] == [[0, 90]]


@pytest.mark.skipif(not REFERENCE.is_file(), reason="reference scorer in ../shared is absent")
def test_agrees_with_reference_scorer(tmp_path: Path) -> None:
    release = write_release(tmp_path / "release")
    run = subprocess.run([sys.executable, str(REFERENCE), str(GOLD), str(release)],
                         capture_output=True, text=True, check=True, timeout=60)
    reference = {}
    for line in run.stdout.splitlines():
        key, _, value = line.partition(" ")
        reference[key] = ast.literal_eval(value)
    ours = evaluate(GOLD, release)["scores"]
    assert reference["all"]["tp"] == 12  # the case is not trivial
    assert ours == reference


def perturbed_predictions(gold_path: Path, seed: int = 0) -> list:
    """Predictions derived from gold events with seeded damage of every kind the matcher
    must judge: shifted or disjoint spans, dropped events, duplicates, other speakers,
    lost participants, moved dates and places, and extra events in empty articles."""
    rng = random.Random(seed)
    predictions = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        article = record["article_id"]
        events = record["events"] or [{"type": "meeting", "spans": [[0, 40]], "date": None, "location": None,
                                       "participants": [{"name": "Peru", "kind": "state", "country": "PER",
                                                         "role": "participant"}]}]
        for n, g in enumerate(events):
            action = rng.choice(["exact", "shift", "disjoint", "drop", "speaker", "double", "partial", "date", "place"])
            if action == "drop":
                continue
            spans = [tuple(s) for s in g["spans"]]
            parts = [(p["name"], p["kind"], p["country"], p["role"]) for p in g["participants"]]
            day = date.fromisoformat((g["date"] + "-06-15")[:10]) if g.get("date") else None  # "1986-05" -> 15th
            location = g.get("location")
            if action == "shift":
                spans = [(a + (b - a) // 2, b + 30) for a, b in spans]
            elif action == "disjoint":
                spans = [(b + 5, b + 60) for a, b in spans[-1:]]
            elif action == "speaker":
                parts = [("Ana Lopez", "person", "ESP", r) if r == "speaker" else (nm, k, c, r) for nm, k, c, r in parts]
            elif action == "partial":
                parts = parts[:1]
            elif action == "date" and day:
                day += timedelta(days=rng.choice([1, 3, 6, 20, 40]))
            elif action == "place":
                location = rng.choice([None, "Geneva", "the city of Tokyo"])
            predictions.append((f"{article}#{n}", g["type"], article, spans, parts, day, location))
            if action == "double":
                predictions.append((f"{article}#{n}b", g["type"], article, spans[:1], parts[1:], day, None))
    return predictions


DEV_GOLD = SHARED / "eval" / "dev-gold.jsonl"


@pytest.mark.skipif(not (REFERENCE.is_file() and DEV_GOLD.is_file()), reason="../shared is absent")
def test_agrees_with_reference_on_perturbed_dev_gold(tmp_path: Path) -> None:
    release = write_release(tmp_path / "release", perturbed_predictions(DEV_GOLD))
    out = tmp_path / "reference.json"
    subprocess.run([sys.executable, str(REFERENCE), str(DEV_GOLD), str(release), "--json", str(out)],
                   capture_output=True, text=True, check=True, timeout=60)
    reference = json.loads(out.read_text(encoding="utf-8"))
    ours = evaluate(DEV_GOLD, release)
    assert 0 < reference["scores"]["all"]["tp"] < reference["scores"]["all"]["tp"] + reference["scores"]["all"]["fn"]
    assert ours["scores"] == reference["scores"]
    assert [(e["article_id"], e["error"], e["type"]) for e in ours["errors"]] == \
        [tuple(e[:3]) for e in reference["errors"]]
