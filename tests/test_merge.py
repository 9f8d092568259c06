"""Merging events across articles: one row per event, stable content ids, visible conflicts."""
from __future__ import annotations

import datetime as dt
import json

from release_helpers import fake_extract

from dipevents.datasets.merge import dates_compatible, date_range, merge_results
from dipevents.datasets.rows import event_to_json, summarise, summary
from dipevents.schema.models import Actor, Article

MEET = "meet Yasukazu_Hamada/JPN Benjamin_Gantz/ISR"


def _result(aid: str, *lines: str, published: dt.date = dt.date(2022, 8, 31)):
    text = "\n".join([f"Report {aid}", *lines])
    return fake_extract(Article(article_id=aid, text=text, published=published))


def _events(tables):
    return {row["event_id"]: row for row in tables["events"]}


def test_same_event_in_two_articles_is_one_row_with_both_mentions():
    tables = merge_results([_result("a", f"{MEET} 2022-08 month Tokyo"), _result("b", f"{MEET} 2022-08-30 day Tokyo")])
    (event,) = tables["events"]
    assert (event["n_articles"], event["n_mentions"]) == (2, 2)
    assert (event["date"], event["date_precision"]) == (dt.date(2022, 8, 30), "day")  # the most precise date wins
    assert sorted(m["article_id"] for m in tables["mentions"]) == ["a", "b"]
    assert {m["event_id"] for m in tables["mentions"]} == {event["event_id"]}
    assert event["conflicts"] is None
    assert event["countries"] == ["ISR", "JPN"]


def test_actors_merge_by_identity_key_across_spellings():
    tables = merge_results([_result("a", f"{MEET} 2022-08-30 day Tokyo"),
                            _result("b", "meet YASUKAZU_HAMADA/JPN Benjamin_Gantz/ISR 2022-08-30 day Tokyo")])
    assert len(tables["events"]) == 1
    names = sorted(a["name"] for a in tables["actors"])
    assert len(names) == 2 and "Benjamin Gantz" in names
    assert len({p["actor_id"] for p in tables["participants"]}) == 2


def test_contradicting_people_or_dates_stay_separate_events():
    tables = merge_results([
        _result("a", f"{MEET} 2022-08-30 day Tokyo"),
        _result("b", "meet Yasukazu_Hamada/JPN Yair_Lapid/ISR 2022-08-30 day Tokyo"),  # other Israeli
        _result("c", f"{MEET} 2022-08-29 day Tokyo"),  # another day
        _result("d", f"{MEET} none none Tokyo"),  # undated: never given a date by merging
    ])
    assert len(tables["events"]) == 4
    assert all(e["n_articles"] == 1 for e in tables["events"])


def test_state_level_report_merges_with_people_of_those_states():
    tables = merge_results([_result("a", f"{MEET} 2022-08-30 day Tokyo"), _result("b", "meet JPN/JPN ISR/ISR 2022-08 month -")])
    (event,) = tables["events"]
    assert event["n_articles"] == 2
    assert len(tables["participants"]) == 4  # people and states, every actor kept


def test_conflicting_values_are_kept_visible():
    tables = merge_results([_result("a", f"{MEET} 2022-08-30 day Tokyo"), _result("b", f"{MEET} 2022-08-30 day Osaka"),
                            _result("c", f"{MEET} 2022-08-30 day Tokyo")])
    (event,) = tables["events"]
    assert event["location"] == "Tokyo"  # the most common value
    assert json.loads(event["conflicts"]) == {"location": ["Osaka", "Tokyo"]}


def test_statements_with_different_quotes_do_not_merge_and_get_distinct_ids():
    tables = merge_results([_result("a", "say Benjamin_Gantz/ISR 2022-08-30 day - Iran_is_a_threat"),
                            _result("b", "say Benjamin_Gantz/ISR 2022-08-30 day - Japan_is_a_partner"),
                            _result("c", "say Benjamin_Gantz/ISR 2022-08-30 day - Iran_is_a_threat_to_peace")])
    events = tables["events"]
    assert len(events) == 2 and len({e["event_id"] for e in events}) == 2
    assert sorted(e["n_articles"] for e in events) == [1, 2]  # the quote containing the other merges


def test_duplicate_text_and_id_clash_are_recorded():
    first = _result("a", f"{MEET} 2022-08-30 day Tokyo")
    same_text = fake_extract(Article(article_id="b", text=first.article.text, published=first.article.published))
    clash = _result("a", "other text")
    tables = merge_results([first, same_text, clash])
    status = sorted((r["article_id"], r["status"]) for r in tables["articles"])
    assert status == [("a", "ok"), ("a", "rejected"), ("b", "duplicate")]
    rejected = next(r for r in tables["articles"] if r["status"] == "rejected")
    assert "different text" in rejected["error"]
    (event,) = tables["events"]
    assert event["n_articles"] == 1  # the duplicate adds no mention


def test_ids_are_stable_and_untouched_by_unrelated_articles():
    base = [_result("a", f"{MEET} 2022-08-30 day Tokyo"), _result("b", "say Benjamin_Gantz/ISR 2022-08-30 day - Iran")]
    ids = set(_events(merge_results(base)))
    assert ids == set(_events(merge_results(base)))
    more = merge_results([base[0], _result("z", "meet FRA/FRA DEU/DEU 2022-08-01 day Paris"), base[1]])
    assert ids < set(_events(more)) and len(more["events"]) == 3


def test_rows_are_sorted_by_the_sort_keys():
    tables = merge_results([_result(f"a{i}", f"meet P{i}/FRA Q{i}/DEU 2022-08-{i + 10} day -") for i in range(9)])
    ids = [e["event_id"] for e in tables["events"]]
    assert ids == sorted(ids)
    keys = [(p["event_id"], p["role"], p["actor_id"]) for p in tables["participants"]]
    assert keys == sorted(keys)


def test_dates_compatible_to_the_precision_both_have():
    day, month = (dt.date(2022, 8, 30), "day"), (dt.date(2022, 8, 1), "month")
    week = (dt.date(2022, 8, 29), "week")
    assert dates_compatible(day, month) and dates_compatible(day, week)
    assert not dates_compatible(day, (dt.date(2022, 7, 1), "month"))
    assert not dates_compatible(day, (None, "none")) and dates_compatible((None, "none"), (None, "none"))
    assert date_range(dt.date(2024, 2, 1), "month") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_summary_reads_who_what_where():
    hamada = Actor(kind="person", name="Yasukazu Hamada", country="JPN")
    gantz = Actor(kind="person", name="Benjamin Gantz", country="ISR")
    japan = Actor(kind="state", name="Japan", country="JPN")
    line = summarise("meeting", [(hamada, "host"), (gantz, "visitor"), (japan, "host")], location="Tokyo")
    assert line == "Yasukazu Hamada (JPN) met Benjamin Gantz (ISR) in Tokyo"
    visit = summarise("meeting", [(hamada, "host"), (gantz, "visitor")], mode="visit", location="Tokyo")
    assert visit == "Benjamin Gantz (ISR) visited Yasukazu Hamada (JPN) in Tokyo"
    assert summarise("signing", [(japan, "signatory"), (gantz, "signatory")], document="a memorandum",
                     status="planned") == "Japan and Benjamin Gantz (ISR) will sign a memorandum"


def test_event_to_json_carries_summary_and_actor_ids():
    (event,) = _result("a", f"{MEET} 2022-08-30 day Tokyo").events
    record = event_to_json(event)
    assert record["summary"] == summary(event) == "Yasukazu Hamada (JPN) met Benjamin Gantz (ISR) in Tokyo"
    assert record["date"] == "2022-08-30" and record["countries"] == ["ISR", "JPN"]
    assert all(p["actor"]["actor_id"].startswith("A") for p in record["participants"])
    json.dumps(record)
