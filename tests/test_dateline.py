"""Tests of dateline recognition (extractors/dateline.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from dipevents.extractors.dateline import Dateline, find_dateline, parse_date_line

PUB = dt.date(1987, 3, 28)


def test_place_with_colon():
    text = "TOKYO: Japan and Israel signed a memorandum."
    d = find_dateline(text)
    assert (d.place, d.date, text[d.body_start:d.body_start + 5]) == ("TOKYO", None, "Japan")
    assert text[d.place_start:d.place_end] == "TOKYO"


def test_wire_dateline_with_month_and_day():
    text = "BONN, March 3 - West Germany said on Tuesday it would ..."
    d = find_dateline(text, 0, PUB)
    assert d.place == "BONN" and d.date == dt.date(1987, 3, 3)
    assert text[d.date_start:d.date_end] == "March 3"
    assert text[d.body_start:].startswith("West Germany")


def test_dateline_a_day_after_publication_keeps_the_year():
    d = find_dateline("UNITED NATIONS, March 29 - Two states agreed ...", 0, PUB)
    assert (d.place, d.date) == ("UNITED NATIONS", dt.date(1987, 3, 29))


def test_dateline_in_december_of_a_january_story_is_the_previous_year():
    d = find_dateline("OTTAWA, Dec 30 - Canada said ...", 0, dt.date(1987, 1, 2))
    assert d.date == dt.date(1986, 12, 30)


def test_dateline_with_year_and_without_publication_date():
    assert find_dateline("PARIS, June 1, 1986 - France said ...").date == dt.date(1986, 6, 1)
    d = find_dateline("PARIS, June 1 - France said ...")
    assert d.date is None and d.place == "PARIS" and (d.date_start, d.date_end) == (7, 13)


@pytest.mark.parametrize("text, place, body", [
    ("WASHINGTON (Reuters) - The U.S. Treasury said", "WASHINGTON", "The U.S."),
    ("NEW DELHI — India said on Monday", "NEW DELHI", "India"),
    ("ST. LOUIS, Dec 3 - Monsanto said", "ST. LOUIS", "Monsanto"),
    ("PORTLAND, Ore., Feb 26 - The company said", "PORTLAND", "The company"),
    ("Toronto, March 9 - The bank said", "Toronto", "The bank"),
])
def test_other_wire_forms(text, place, body):
    d = find_dateline(text, 0, PUB)
    assert d.place == place and text[d.body_start:].startswith(body)


def test_start_offset_and_leading_whitespace():
    text = "A headline\n\n   LONDON, April 3 - Britain said ..."
    d = find_dateline(text, 11, dt.date(1987, 4, 3))
    assert text[d.place_start:d.place_end] == "LONDON" and d.date == dt.date(1987, 4, 3)


def test_day_line_alone():
    text = "Friday, January 4, 2019 \n\n\nAn apartment building collapsed on Monday."
    d = find_dateline(text)
    assert d == Dateline(None, None, None, dt.date(2019, 1, 4), 0, 23, 27, "day_line")
    assert text[d.body_start:].startswith("An apartment")


def test_day_line_then_place():
    text = "Wednesday, August 31, 2022\n\nTOKYO: The ministers met on Tuesday."
    d = find_dateline(text)
    assert (d.place, d.date, d.kind) == ("TOKYO", dt.date(2022, 8, 31), "day_line+wire")
    assert text[d.body_start:].startswith("The ministers")


@pytest.mark.parametrize("text", [
    "The minister said on Tuesday that ...",
    "U.S.-JAPAN TRADE talks - a preview",
    "NOTE: figures are provisional",
    "SHR 1.20 dlrs vs 1.10 dlrs",
    "On Friday, the talks ended.",
    "Tokyo - the capital",  # a place not in capitals needs a date
    "",
    "   \n  ",
])
def test_no_dateline(text):
    assert find_dateline(text, 0, PUB) is None


@pytest.mark.parametrize("line, expected", [
    ("Wednesday, August 31, 2022", dt.date(2022, 8, 31)),
    ("  Friday, January 4, 2019  ", dt.date(2019, 1, 4)),
    ("August 31, 2022", dt.date(2022, 8, 31)),
    ("4 January 2019", dt.date(2019, 1, 4)),
    ("2022-08-31", dt.date(2022, 8, 31)),
    ("Wed., Aug. 31, 2022", dt.date(2022, 8, 31)),
    ("February 30, 2020", None),
    ("Wednesday, August 31, 2022 and more", None),
    ("Japan, Israel agree to boost cooperation", None),
    ("", None),
])
def test_parse_date_line(line, expected):
    assert parse_date_line(line) == expected
