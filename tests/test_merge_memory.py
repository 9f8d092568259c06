"""Merging with bounded memory: the sliding window holds only the events still open at one
date of one block, and gives the same events as merging against every event ever made."""
from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from release_helpers import fake_extract

from dipevents.datasets.merge import Merger, MergeStats, dates_compatible, merge_results
from dipevents.schema.ids import normalise_name
from dipevents.schema.models import Article, ArticleResult

_RANK = {"none": 0, "year": 1, "month": 2, "week": 3, "day": 4}


def _result(aid: str, *lines: str) -> ArticleResult:
    text = "\n".join([f"Report {aid}", *lines])
    return fake_extract(Article(article_id=aid, text=text, published=dt.date(2022, 12, 31)))


def _merge(results: list[ArticleResult]) -> tuple[dict[str, list[dict]], MergeStats]:
    merger = Merger()
    try:
        for result in results:
            if merger.admit(result.article):
                merger.add(result)
        tables = {name: list(rows) for name, rows in merger.rows().items()}
        return tables, merger.stats
    finally:
        merger.close()


def _stream(n: int) -> list[ArticleResult]:
    """n articles over n/6 days: each day three pairs of ministers meet, each meeting in two reports."""
    start = dt.date(2020, 1, 1)
    out = []
    for i in range(n):
        pair, day = (i // 2) % 3, start + dt.timedelta(days=i // 6)
        out.append(_result(f"a{i:05d}", f"meet P{pair}/FRA Q{pair}/DEU {day.isoformat()} day Paris",
                           f"say P{pair}/FRA {day.isoformat()} day - Talks_went_well"))
    return out


def test_open_events_stay_bounded_as_the_stream_grows():
    small_tables, small = _merge(_stream(300))
    large_tables, large = _merge(_stream(1200))
    assert (small.members, large.members) == (600, 2400)
    assert (small.events, large.events) == (300, 1200)  # two reports per meeting and per statement
    assert len(large_tables["events"]) == 1200 and all(e["n_articles"] == 2 for e in large_tables["events"])
    assert large.max_open == small.max_open == 3  # three meetings (or statements) a day, whatever the length


def test_a_vague_report_that_comes_late_in_the_input_still_merges_by_date():
    day = "meet Ada/FRA Bram/DEU 2022-08-30 day Paris"
    vague = "meet Ada/FRA Bram/DEU 2022-01-01 year -"
    for order in ([("a", day), ("b", vague)], [("b", vague), ("a", day)]):
        (event,) = merge_results([_result(aid, line) for aid, line in order])["events"]
        assert event["n_articles"] == 2 and (event["date"], event["date_precision"]) == (dt.date(2022, 8, 30), "day")


def test_same_report_twice_in_one_article_gives_two_events_with_distinct_stable_ids():
    line = "meet Ada/FRA Bram/DEU 2022-08-30 day Paris"
    first = merge_results([_result("a", line, line)])
    again = merge_results([_result("a", line, line)])
    ids = [e["event_id"] for e in first["events"]]
    assert len(set(ids)) == 2 and ids == [e["event_id"] for e in again["events"]]
    assert sorted(m["event_id"] for m in first["mentions"]) == sorted(ids)


# --- a brute-force reference: the documented rule, against every event made so far -------


@dataclass
class _RefEvent:
    block: tuple
    best: tuple
    articles: set = field(default_factory=set)
    people: dict = field(default_factory=dict)
    texts: dict = field(default_factory=lambda: {"document": [], "quote": []})
    mentions: set = field(default_factory=set)


def _contradict(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    na, nb = normalise_name(a), normalise_name(b)
    return na not in nb and nb not in na


def _reference(results: list[ArticleResult]) -> set[frozenset]:
    """Events as sets of (article, mention start): members in (block, date, input) order,
    each joining the earliest-made compatible event of its block (no window)."""
    members = []
    for result in results:
        for event in result.events:
            people: dict = defaultdict(set)
            parties = set()
            for p in event.participants:
                if p.role == "target":
                    continue
                party = p.actor.country or p.actor.key
                parties.add(party)
                if p.actor.kind == "person":
                    people[party].add(p.actor.key)
            members.append({
                "seq": len(members), "article": result.article.article_id,
                "block": (event.event_type, event.status, tuple(sorted(parties))),
                "date": event.date, "best": (event.date, event.date_precision, event.date_source), "people": people,
                "document": getattr(event, "document", None), "quote": getattr(event, "quote", None),
                "mentions": {(m.article_id, m.char_start) for m in event.mentions},
            })
    members.sort(key=lambda m: (m["block"], m["date"] is not None, m["date"] or dt.date.min, m["seq"]))
    events: list[_RefEvent] = []
    for m in members:
        for ev in events:
            if (ev.block == m["block"] and m["article"] not in ev.articles
                    and dates_compatible(ev.best[:2], m["best"][:2])
                    and not any(ev.people.get(party) and keys.isdisjoint(ev.people[party])
                                for party, keys in m["people"].items())
                    and not any(_contradict(m[name], other) for name in ("document", "quote")
                                for other in ev.texts[name])):
                break
        else:
            ev = _RefEvent(m["block"], m["best"])
            events.append(ev)
        ev.articles.add(m["article"])
        ev.mentions |= m["mentions"]
        for party, keys in m["people"].items():
            ev.people.setdefault(party, set()).update(keys)
        for name in ("document", "quote"):
            if m[name]:
                ev.texts[name].append(m[name])
        new, old = m["best"], ev.best
        if (_RANK[new[1]], new[2] == "text") > (_RANK[old[1]], old[2] == "text"):
            ev.best = new
    return {frozenset(ev.mentions) for ev in events}


def _random_line(rng: random.Random) -> str:
    a, b = rng.sample(["FRA", "DEU", "JPN"], 2)
    people = {c: [f"P1_{c}", f"P2_{c}", c] for c in ("FRA", "DEU", "JPN")}
    precision = rng.choice(["day", "day", "day", "week", "month", "year", "none"])
    if precision == "none":
        date = "none"
    else:
        day = dt.date(2022, 8, 1) + dt.timedelta(days=rng.randrange(70))
        monday = day - dt.timedelta(days=day.weekday())
        date = {"day": day.isoformat(), "week": monday.isoformat(), "month": day.strftime("%Y-%m"),
                "year": f"{day.year}-01-01"}[precision]
    verb = rng.choice(["meet", "sign", "say"])
    x, y = f"{rng.choice(people[a])}/{a}", f"{rng.choice(people[b])}/{b}"
    if verb == "say":
        return f"say {x} {date} {precision} - {rng.choice(['Peace_now', 'Peace_now_and_always', 'Trade_first'])}"
    if verb == "sign":
        return f"sign {x} {y} {date} {precision} - {rng.choice(['Trade_pact', 'Trade_pact_on_fish', 'Visa_deal'])}"
    return f"meet {x} {y} {date} {precision} {rng.choice(['Paris', 'Berlin', '-'])}"


def test_window_merge_equals_the_brute_force_reference_on_random_input():
    for seed in range(6):
        rng = random.Random(seed)
        results = [_result(f"r{i:03d}", *(_random_line(rng) for _ in range(rng.randint(1, 3)))) for i in range(120)]
        tables, stats = _merge(results)
        got: dict[str, set] = defaultdict(set)
        for m in tables["mentions"]:
            got[m["event_id"]].add((m["article_id"], m["char_start"]))
        assert {frozenset(v) for v in got.values()} == _reference(results)
        assert len(tables["events"]) == stats.events == len(got)
        assert stats.max_open < stats.events  # finished events were let go
        by_id = {e["event_id"]: e for e in tables["events"]}
        assert all(by_id[eid]["n_mentions"] == len(ms) for eid, ms in got.items())
