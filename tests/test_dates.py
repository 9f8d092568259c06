"""Tests of the time-expression tagger (extractors/dates.py) and the `dipevents dates` command."""
from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from dipevents.datasets.cli import main
from dipevents.extractors.dates import day_month_date, month_year, tag_dates, weekday_date
from dipevents.extractors.rulefiles import DEFAULT_RULES_DIR, RuleError, Rules

WED = dt.date(2022, 8, 31)  # a Wednesday
JAN5_1987 = dt.date(1987, 1, 5)  # a Monday


def tags(text: str, published: dt.date = WED) -> list[tuple[str, str, str]]:
    """(text, value, precision) of every expression, checking offsets on the way."""
    found = tag_dates(text, published)
    for expr in found:
        assert text[expr.start:expr.end] == expr.text
    starts = [e.start for e in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    return [(e.text, e.value, e.precision) for e in found]


def one(text: str, published: dt.date = WED):
    found = tag_dates(text, published)
    assert len(found) == 1, found
    return found[0]


# --- the weekday convention ----------------------------------------------------------

def test_weekday_before_publication_is_the_past_one():
    assert tags("The ministers met on Tuesday in Tokyo.") == [("on Tuesday", "2022-08-30", "day")]


def test_weekday_equal_to_publication_weekday_is_the_publication_day():
    expr = one("The ministers met on Wednesday.")
    assert expr.date == WED and expr.tense == "present"


def test_future_verb_takes_the_coming_weekday():
    expr = one("The two sides will meet on Friday in Ottawa.")
    assert expr.value == "2022-09-02" and expr.tense == "future"


@pytest.mark.parametrize("sentence", [
    "The minister is due to arrive in Seoul on Friday.",
    "Talks are expected to resume on Friday.",
    "On Friday, the leaders will sign the accord.",
    "\"We will sign the deal on Friday,\" he said.",
])
def test_other_future_contexts(sentence):
    assert one(sentence).value == "2022-09-02"


def test_future_marker_inside_an_earlier_quotation_does_not_leak():
    text = "\"Nothing will change,\" the envoy told reporters on Tuesday."
    assert one(text).value == "2022-08-30"


def test_next_and_last_weekday_are_strict():
    assert tags("next Wednesday and last Wednesday") == [
        ("next Wednesday", "2022-09-07", "day"), ("last Wednesday", "2022-08-24", "day")]


def test_weekday_forms():
    assert tags("Monday night, Tuesday's meeting, late Sunday") == [
        ("Monday night", "2022-08-29", "day"), ("Tuesday's", "2022-08-30", "day"), ("late Sunday", "2022-08-28", "day")]


def test_weekday_at_sentence_start_with_comma():
    assert tags("Thursday, the talks ended.", dt.date(2025, 3, 14)) == [("Thursday", "2025-03-13", "day")]


def test_weekday_helper_directions():
    assert weekday_date(1, WED, "past") == dt.date(2022, 8, 30)
    assert weekday_date(1, WED, "future") == dt.date(2022, 9, 6)
    assert weekday_date(2, WED, "before") == dt.date(2022, 8, 24)
    assert weekday_date(2, WED, "after") == dt.date(2022, 9, 7)


# --- relative days, weeks, months, years ----------------------------------------------

def test_relative_days():
    assert tags("yesterday, today and tomorrow") == [
        ("yesterday", "2022-08-30", "day"), ("today", "2022-08-31", "day"), ("tomorrow", "2022-09-01", "day")]
    assert tags("Yesterday's vote") == [("Yesterday's", "2022-08-30", "day")]


def test_weeks_are_iso_weeks_dated_by_their_monday():
    found = tag_dates("last week, this week's summit and next week", WED)
    assert [(e.value, e.date, e.precision) for e in found] == [
        ("2022-W34", dt.date(2022, 8, 22), "week"),
        ("2022-W35", dt.date(2022, 8, 29), "week"),
        ("2022-W36", dt.date(2022, 9, 5), "week"),
    ]
    assert [e.tense for e in found] == ["past", "present", "future"]


def test_week_across_the_year_boundary():
    expr = one("They met last week.", dt.date(2021, 1, 6))
    assert expr.value == "2020-W53" and expr.date == dt.date(2020, 12, 28)


def test_the_weekend_is_the_last_one_before_a_weekday_publication():
    assert one("The report came during the weekend.", dt.date(2019, 8, 8)).date == dt.date(2019, 7, 29)
    assert one("They met over the weekend.", dt.date(2019, 8, 4)).date == dt.date(2019, 7, 29)


def test_months_relative():
    assert tags("Earlier this month, last month and next month") == [
        ("Earlier this month", "2022-08", "month"), ("last month", "2022-07", "month"), ("next month", "2022-09", "month")]
    assert one("They met last month.", JAN5_1987).value == "1986-12"


def test_years():
    assert tags("this year, last year's accord, in 1986, since 2001 and mid-1990") == [
        ("this year", "2022", "year"), ("last year's", "2021", "year"), ("in 1986", "1986", "year"),
        ("2001", "2001", "year"), ("mid-1990", "1990", "year")]
    expr = one("in 1986")
    assert expr.date == dt.date(1986, 1, 1)


def test_year_before_a_name():
    assert tags("proposals outlined at the 1986 Tokyo Summit") == [("1986", "1986", "year")]


def test_seasons_are_years():
    assert tags("this autumn, last winter, next spring", dt.date(1987, 6, 16)) == [
        ("this autumn", "1987", "year"), ("last winter", "1986", "year"), ("next spring", "1988", "year")]


def test_ago():
    assert tags("two days ago and a year ago") == [("two days ago", "2022-08-29", "day"), ("a year ago", "2021", "year")]
    assert tags("three weeks ago") == [("three weeks ago", "2022-W32", "week")]


def test_approximate_counts_are_one_step_coarser():
    assert one("commitments made over six weeks ago", dt.date(1987, 4, 7)).value == "1987-02"


# --- months -------------------------------------------------------------------------

def test_in_month_is_the_nearest_not_after_publication():
    assert one("They met in March.").value == "2022-03"
    assert one("The accord signed in December.", JAN5_1987).value == "1986-12"
    assert one("They will meet in December.", JAN5_1987).value == "1987-12"


def test_month_modifiers():
    assert tags("in late April, last May, early March, mid-July") == [
        ("in late April", "2022-04", "month"), ("last May", "2022-05", "month"),
        ("early March", "2022-03", "month"), ("mid-July", "2022-07", "month")]
    assert one("a protocol signed last August").value == "2021-08"  # "last" is strictly before
    assert one("talks next August").value == "2023-08"


def test_future_month_in_reported_speech():
    assert one("He said the summit would take place in June.", dt.date(2021, 4, 16)).value == "2021-06"


def test_month_year():
    assert tags("in March 1987 and Sept. 1986") == [("in March 1987", "1987-03", "month"), ("Sept. 1986", "1986-09", "month")]


def test_month_year_rollover_in_january():
    assert month_year(12, JAN5_1987, "past") == 1986
    assert month_year(1, JAN5_1987, "past") == 1987
    assert month_year(12, JAN5_1987, "future") == 1987
    assert month_year(1, dt.date(1987, 3, 1), "after") == 1988


# --- absolute dates -----------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("March 3, 1987", "1987-03-03"),
    ("3 March 1987", "1987-03-03"),
    ("the 3rd of March, 1987", "1987-03-03"),
    ("Tuesday, March 3, 1987", "1987-03-03"),
    ("Wed., Sept. 2, 2020", "2020-09-02"),
    ("2022-08-30", "2022-08-30"),
    ("12/25/2020", "2020-12-25"),
    ("25/12/2020", "2020-12-25"),
    ("Feb 26", "2022-02-26"),
])
def test_absolute_day_forms(text, value):
    expr = one(f"It happened {text}.")
    assert expr.value == value and expr.precision == "day"


def test_on_may_20_keeps_the_preposition():
    expr = one("the inauguration on May 20.", dt.date(2024, 6, 2))
    assert (expr.text, expr.value) == ("on May 20", "2024-05-20")


def test_day_month_without_year_takes_the_nearest_year():
    assert one("Talks opened on December 30.", JAN5_1987).value == "1986-12-30"
    assert one("Talks open January 12.", dt.date(1986, 12, 28)).value == "1987-01-12"
    assert one("The next meeting will be held on December 9.", dt.date(1987, 6, 29)).value == "1987-12-09"
    assert one("The plant closed on December 9.", dt.date(1987, 6, 29)).value == "1986-12-09"


def test_day_month_helper_rejects_impossible_days():
    assert day_month_date(30, 2, WED, False, 45) is None
    assert day_month_date(29, 2, dt.date(2021, 3, 1), False, 45) == dt.date(2020, 2, 29)


def test_ranges_give_the_first_day_and_record_the_last():
    expr = one("Reagan and Mulroney are scheduled to meet April 5-6 in Ottawa.", dt.date(1987, 3, 25))
    assert expr.value == "1987-04-05" and expr.extra["last_day"] == dt.date(1987, 4, 6)


def test_date_line_of_the_seed_layout():
    assert tags("Wednesday, August 31, 2022\n") == [("Wednesday, August 31, 2022", "2022-08-31", "day")]


# --- false hits ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "we may well agree, and we will see",
    "Protesters plan a march on the capital; the Long March was long ago.",
    "March on, he told the crowd.",
    "May I ask a question?",
    "The Sun reported it first, according to the Sunday Times.",
    "It was the second round; a third followed.",
    "Good Friday is a holiday.",
    "Output rose to 1987 tonnes from 1950 tonnes, or 2010 in all.",
    "He won 1986 votes and 2010 seats.",
    "the 1986/87 season and the year-on-year rise",
    "within weeks, a fortnight, the Thursdays of old",
    "Article 12 of the code, page 2022",
])
def test_false_hits(text):
    assert tag_dates(text, WED) == []


def test_anaphoric_expressions_are_left_out():
    assert tag_dates("The treaty was ratified the same day and signed the following day.", WED) == []


# --- robustness ---------------------------------------------------------------------

def test_one_megabyte_without_punctuation_is_tagged():
    text = ("the ministers met in the capital and talked for hours " * 19000) + "on Tuesday"
    assert len(text) > 1_000_000
    found = tag_dates(text, WED)
    assert [(e.text, e.value) for e in found] == [("on Tuesday", "2022-08-30")]
    assert found[0].end == len(text)


def test_long_whitespace_and_digit_runs():
    text = "in" + " " * 200_000 + "March " + "1" * 200_000 + " May 5"
    found = tag_dates(text, WED)
    assert [(e.text, e.value) for e in found] == [("May 5", "2022-05-05")]


def test_deterministic():
    text = "On Tuesday the envoys met; they will meet again next week and in March 2023."
    assert tag_dates(text, WED) == tag_dates(text, WED)


def test_rules_folder_is_used_and_validated(tmp_path: Path):
    folder = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, folder, ignore=shutil.ignore_patterns("__*"))
    toml = folder / "dates.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"yesterday" = -1', '"yesterday" = -1\n"anteayer" = -2'),
                    encoding="utf-8")
    assert [(e.text, e.value) for e in tag_dates("anteayer", WED, Rules(folder))] == [("anteayer", "2022-08-29")]
    toml.write_text(toml.read_text(encoding="utf-8").replace('"anteayer" = -2', '"anteayer" = "two"'), encoding="utf-8")
    with pytest.raises(RuleError, match=r"dates\.toml:\d+"):
        tag_dates("today", WED, Rules(folder))


# --- the command line ---------------------------------------------------------------

def test_cli_dates(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("The ministers met on Tuesday and will meet again next week."))
    assert main(["dates", "--published", "2022-08-31"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [
        {"start": 18, "end": 28, "text": "on Tuesday", "value": "2022-08-30", "precision": "day"},
        {"start": 49, "end": 58, "text": "next week", "value": "2022-W36", "precision": "week"},
    ]


def test_cli_dates_bad_date(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("today"))
    assert main(["dates", "--published", "31/08/2022"]) == 2
    assert "dipevents dates" in capsys.readouterr().err


def test_numeric_dates_the_lexicon_does_not_read_go_to_dateparser():
    from dipevents.extractors.dates import tag_dates

    text = "They met on 25.12.2020 and again on 2021/01/05, not on 31.02.2020 nor in release 1.2.2020.5."
    found = [(e.text, e.value, e.precision) for e in tag_dates(text, dt.date(2021, 4, 1))]
    assert ("25.12.2020", "2020-12-25", "day") in found and ("2021/01/05", "2021-01-05", "day") in found
    assert not any("31.02" in t or "1.2.2020" in t for t, _, _ in found)
