"""Acceptance: the seed article built into a release gives the events the issue names.

The seed lives in the shared material; these tests skip when it is absent.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_2d9763cfd1239351.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared seed article not available")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    from dipevents.datasets import build

    out = tmp_path_factory.mktemp("releases")
    build([str(SEED)], str(out), "0.0.1", jobs=1, progress=False)
    folder = out / "0.0.1"
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in
              ("events", "participants", "actors", "mentions", "articles")}
    parts = tables["participants"].merge(tables["actors"], on="actor_id")
    return tables, parts


def _people(parts, event_id, role=None):
    rows = parts[(parts.event_id == event_id) & (parts.kind == "person")]
    if role:
        rows = rows[rows.role == role]
    return {r.name: (r.country, r.title) for r in rows.itertuples()}


def _speaker_surnames(parts, event_id):
    rows = parts[(parts.event_id == event_id) & (parts.role == "speaker")]
    return {str(n).split()[-1] for n in rows.name}


def test_article_is_read_with_its_date(release):
    tables, _ = release
    (row,) = tables["articles"].itertuples()
    assert row.status == "ok"
    assert pd.Timestamp(row.published).date() == dt.date(2022, 8, 31)


def test_meeting_in_tokyo_on_tuesday(release):
    tables, parts = release
    ev = tables["events"]
    meetings = ev[(ev.event_type == "meeting") & (ev.date == dt.date(2022, 8, 30))]
    assert len(meetings) == 1
    m = meetings.iloc[0]
    assert m.date_precision == "day" and m.status == "occurred"
    assert m.location == "Tokyo" and m.location_country == "JPN"
    people = _people(parts, m.event_id)
    assert people["Yasukazu Hamada"][0] == "JPN"
    assert "Minister of Defense" in people["Yasukazu Hamada"][1] or "Defense Minister" in people["Yasukazu Hamada"][1]
    assert people["Benjamin Gantz"] == ("ISR", "Deputy Prime Minister and Minister of Defense")


def test_signing_of_the_memorandum(release):
    tables, parts = release
    ev = tables["events"]
    signings = ev[ev.event_type == "signing"]
    assert len(signings) == 1
    s = signings.iloc[0]
    assert s.document == ("Memorandum on Defense Exchanges between the Ministry of Defense of Japan "
                          "and the Ministry of Defense of the State of Israel")
    assert s.date == dt.date(2022, 8, 30) and s.date_precision == "day"
    assert s.location == "Tokyo" and s.location_country == "JPN"
    assert set(_people(parts, s.event_id, "signatory")) == {"Yasukazu Hamada", "Benjamin Gantz"}


def test_statements_by_both_ministers(release):
    tables, parts = release
    ev = tables["events"]
    statements = ev[ev.event_type == "statement"]
    speakers = [_speaker_surnames(parts, eid) for eid in statements.event_id]
    assert sum("Hamada" in s for s in speakers) >= 2
    assert sum("Gantz" in s for s in speakers) >= 4


def test_gantz_criticises_iran(release):
    tables, parts = release
    ev = tables["events"].set_index("event_id")
    men = tables["mentions"]
    (eid,) = men[men.text.str.startswith("Gantz was critical of Iran")].event_id.unique()
    assert ev.loc[eid, "event_type"] == "statement" and ev.loc[eid, "stance"] == "negative"
    assert _speaker_surnames(parts, eid) == {"Gantz"}
    targets = parts[(parts.event_id == eid) & (parts.role == "target")]
    assert "IRN" in set(targets.country)


@pytest.mark.parametrize("opening, surname", [
    ("He said that, taking advantage of the newly signed memorandum", "Hamada"),
    ("He added that peace and stability in the Middle East", "Hamada"),
    ("He said that in the aftermath of the global pandemic", "Gantz"),
    ("He said that this threat requires a united international front", "Gantz"),
])
def test_pronoun_statements_go_to_the_right_minister(release, opening, surname):
    tables, parts = release
    men = tables["mentions"]
    ev = tables["events"].set_index("event_id")
    ids = [e for e in men[men.text.str.startswith(opening)].event_id.unique() if ev.loc[e, "event_type"] == "statement"]
    assert len(ids) == 1
    assert _speaker_surnames(parts, ids[0]) == {surname}


def test_earlier_visit_to_the_united_states_is_undated(release):
    tables, parts = release
    ev = tables["events"]
    visits = ev[(ev.event_type == "meeting") & (ev["mode"] == "visit")]
    us = visits[visits.countries.apply(lambda c: list(c) == ["ISR", "USA"])]
    assert len(us) == 1
    v = us.iloc[0]
    assert v.date_precision == "none" and pd.isna(v.date)
