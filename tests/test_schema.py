"""The Pydantic models reject what the release contract forbids, naming the field."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from pydantic import ValidationError

from dipevents.schema import (
    TABLES, Actor, Article, ArticleResult, Meeting, Mention, Participant, Signing, Statement,
    json_schema, table_schema,
)

TEXT = "Japan's minister met Israel's minister on Tuesday."
ART = Article(article_id="a1", text=TEXT, published=dt.date(2022, 8, 31))
JPN = Actor(kind="state", name="Japan", country="JPN")
ISR = Actor(kind="state", name="Israel", country="ISR")


def mention(start=0, end=len(TEXT), article_id="a1"):
    return Mention(article_id=article_id, char_start=start, char_end=end, text=TEXT[start:end], rule="test.rule")


def meeting(**kw):
    fields = dict(participants=[Participant(actor=JPN, role="participant"), Participant(actor=ISR, role="participant")],
                  mentions=[mention()], cameo="040", date=dt.date(2022, 8, 30), date_precision="day")
    fields.update(kw)
    return Meeting(**fields)


def test_unknown_iso_code_is_rejected_and_named():
    with pytest.raises(ValidationError) as err:
        Actor(kind="state", name="Atlantis", country="ATL")
    assert err.value.errors()[0]["loc"] == ("country",)
    assert "ISO 3166-1 alpha-3" in str(err.value)


def test_former_states_are_accepted():
    assert Actor(kind="state", name="Soviet Union", country="SUN").country == "SUN"
    assert Actor(kind="state", name="East Germany", country="DDR").country == "DDR"


def test_day_precision_needs_a_date():
    with pytest.raises(ValidationError, match="precision 'day' needs a date"):
        meeting(date=None, date_precision="day")


def test_precision_none_must_not_carry_a_date():
    with pytest.raises(ValidationError, match="precision 'none'"):
        meeting(date_precision="none")


def test_week_precision_is_coded_as_monday():
    assert meeting(date=dt.date(2022, 8, 22), date_precision="week").date.weekday() == 0
    with pytest.raises(ValidationError, match="Monday"):
        meeting(date=dt.date(2022, 8, 24), date_precision="week")


def test_occurred_event_after_its_article_is_rejected():
    with pytest.raises(ValidationError, match=r"events\[0\]\.date"):
        ArticleResult(article=ART, events=[meeting(date=dt.date(2022, 9, 2))])
    planned = meeting(date=dt.date(2022, 9, 2), status="planned")
    assert ArticleResult(article=ART, events=[planned]).events[0].status == "planned"


def test_mention_outside_article_is_rejected():
    long_text = TEXT + " More text that the article does not have."
    outside = Mention(article_id="a1", char_start=0, char_end=len(long_text), text=long_text, rule="r")
    with pytest.raises(ValidationError, match=r"mentions\[0\]\.char_end.*outside"):
        ArticleResult(article=ART, events=[meeting(mentions=[outside])])


def test_mention_text_must_match_offsets():
    with pytest.raises(ValidationError, match="length differs"):
        Mention(article_id="a1", char_start=0, char_end=5, text="Japan's", rule="r")


def test_meeting_needs_two_states_or_an_organisation():
    tokyo = Actor(kind="person", name="Taro Yamada", title="Foreign Minister", country="JPN")
    with pytest.raises(ValidationError, match="two different states"):
        meeting(participants=[Participant(actor=JPN, role="participant"), Participant(actor=tokyo, role="participant")])
    un = Actor(kind="organization", name="United Nations")
    assert meeting(participants=[Participant(actor=JPN, role="participant"), Participant(actor=un, role="participant")])


def test_statement_needs_a_speaker_and_event_union_discriminates():
    with pytest.raises(ValidationError, match="needs a speaker"):
        Statement(participants=[Participant(actor=JPN, role="target")], mentions=[mention()], cameo="010",
                  date=dt.date(2022, 8, 31), date_precision="day", date_source="published")
    result = ArticleResult.model_validate({"article": ART.model_dump(), "events": [
        {"event_type": "signing", "participants": [{"actor": JPN.model_dump(), "role": "signatory"},
                                                    {"actor": ISR.model_dump(), "role": "signatory"}],
         "mentions": [mention().model_dump()], "cameo": "057", "document": "Memorandum"}]})
    assert isinstance(result.events[0], Signing)
    assert result.events[0].countries == ["ISR", "JPN"]


def test_arrow_schemas_follow_the_release_format():
    events = table_schema("events")
    assert events.field("date").type == pa.date32()
    assert events.field("countries").type == pa.list_(pa.string())
    assert events.field("n_articles").type == pa.int32()
    assert events.field("mode").nullable and not events.field("event_id").nullable
    mentions = table_schema("mentions")
    assert [f.name for f in mentions] == ["event_id", "article_id", "char_start", "char_end", "text", "rule", "date_text"]
    assert mentions.field("char_start").type == pa.int32()
    assert table_schema("articles").field("published").type == pa.date32()
    assert set(TABLES) == {"events", "participants", "actors", "mentions", "articles"}


def test_json_schema_describes_the_event_union():
    schema = json_schema()
    text = str(schema)
    assert "Meeting" in text and "Signing" in text and "Statement" in text
    assert "event_type" in text


def test_a_meeting_of_one_organisation_is_valid_but_a_signing_needs_two_parties():
    opec = Actor(kind="organization", name="OPEC")
    assert meeting(participants=[Participant(actor=opec, role="participant")], mode="multilateral").countries == []
    with pytest.raises(ValidationError, match="two or more parties"):
        Signing(participants=[Participant(actor=opec, role="signatory")], mentions=[mention()], cameo="057")
