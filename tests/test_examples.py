"""The example corpus (``examples/``) codes as its README says, in both input formats."""
from __future__ import annotations

from pathlib import Path

import pytest

from dipevents.extractors import extract, read_articles
from dipevents.schema import Article

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# (event type, mode or None, status, countries) that each article must yield at least.
EXPECTED = {
    "01_brazil_indonesia_meeting": [("meeting", "in_person", "occurred", ["BRA", "IDN"])],
    "02_norway_vietnam_signing": [("signing", None, "occurred", ["NOR", "VNM"])],
    "04_canada_ghana_call": [("meeting", "call", "occurred", ["CAN", "GHA"])],
    "05_egypt_ethiopia_planned": [("meeting", "in_person", "planned", ["EGY", "ETH"])],
    "07_pacific_summit": [("meeting", "multilateral", "occurred", ["AUS", "FJI", "NZL", "TON", "WSM"]),
                          ("signing", None, "occurred", ["AUS", "FJI", "NZL", "TON", "WSM"])],
    "08_kenya_japan_visit": [("meeting", "visit", "occurred", ["JPN", "KEN"])],
}
NOTHING_BUT_STATEMENTS = {"03_chile_statement"}
NOTHING = {"06_poland_hungary_cancelled", "09_grain_prices"}


def _events(source: Path) -> dict[str, list[tuple]]:
    found = {}
    for article in read_articles([source]):
        assert isinstance(article, Article), article
        stem = Path(article.article_id).stem
        found[stem] = [(e.event_type, getattr(e, "mode", None), e.status, e.countries) for e in extract(article).events]
    return found


@pytest.mark.parametrize("source", ["texts", "articles.jsonl"])
def test_examples_code_as_documented(source: str) -> None:
    found = _events(EXAMPLES / source)
    assert set(found) == set(EXPECTED) | NOTHING_BUT_STATEMENTS | NOTHING
    for stem, wanted in EXPECTED.items():
        for event in wanted:
            assert event in found[stem], (stem, event, found[stem])
    for stem in NOTHING:
        assert found[stem] == [], stem  # a cancelled meeting and a market report code nothing
    for stem in NOTHING_BUT_STATEMENTS:
        assert found[stem] and {e[0] for e in found[stem]} == {"statement"}
