"""Datelines at the start of a story body, and whole-line dates.

Recognised at ``start`` (after whitespace):

- a place in capitals with a colon: ``TOKYO: Japan's ...``;
- a wire dateline: ``TOKYO, March 3 - ...``, ``UNITED NATIONS, March 3 -``,
  ``WASHINGTON (Reuters) -``, ``NEW DELHI — ...`` (hyphen, en or em dash);
- a day line on its own line: ``Friday, January 4, 2019`` (date only), possibly
  followed by one of the place forms above.

The place is returned as written (the caller title-cases it). Month and weekday names
come from ``rules/dates.toml``, as does the list of capitalised words that are not
places ("NOTE:").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import day_month_date
from .rulefiles import Rules, load_rules


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline: where (as written) and when the story was filed, and where its text begins.

    ``date_start``/``date_end`` locate the written date; ``date`` is None when it cannot be
    resolved (a month and day without a year and no publication date). ``kind`` is
    ``wire`` (place with or without a date), ``day_line`` (a date line alone) or
    ``day_line+wire``.
    """

    place: str | None
    place_start: int | None
    place_end: int | None
    date: dt.date | None
    date_start: int | None
    date_end: int | None
    body_start: int
    kind: str = "wire"


@dataclass(frozen=True)
class _Patterns:
    day_line: re.Pattern[str]
    wire: re.Pattern[str]
    titled: re.Pattern[str]
    month_of: dict[str, int]
    not_places: frozenset[str]
    max_days_ahead: int


def _names(lists: list[list[str]]) -> str:
    names = sorted({n.rstrip(".") for names in lists for n in names}, key=lambda n: (-len(n), n))
    return "(?:" + "|".join(re.escape(n) for n in names) + ")"


def _build(rules: Rules) -> _Patterns:
    t = rules.table("dates")
    from .dates import lexicon  # validates the shared month/weekday lists

    lex = lexicon(rules)
    month = rf"(?P<mon>{_names(t['months'])})\.?"
    weekday = rf"{_names(t['weekdays'])}\.?"
    day = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    # Weekday, Month Day, Year  |  Weekday, Day Month Year  |  Month Day, Year  |  ISO
    day_line = re.compile(
        rf"(?i:(?:{weekday},?[ \t]+)?(?:{month}[ \t]+{day},?[ \t]+(?P<y>\d{{4}})"
        rf"|(?P<d_b>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?[ \t]+(?P<mon_b>{_names(t['months'])})\.?,?[ \t]+(?P<y_b>\d{{4}})))"
        rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    )
    max_words = int(t.get("dateline", {}).get("max_place_words", 4)) - 1
    word = r"[A-Z][A-Z.'’\-]*[A-Z.]|[A-Z]"
    wire = re.compile(
        rf"(?P<place>(?:{word})(?:[ ](?:{word})){{0,{max(max_words, 0)}}})"
        rf"(?:,[ \t]+(?P<region>[A-Z][A-Za-z.]{{1,12}}(?:[ ][A-Z][A-Za-z.]{{1,12}})?),?(?=[ \t]))?"
        rf"(?:,?[ \t]+(?P<date>(?i:{month})[ \t]+{day}(?:,?[ \t]+(?P<y>\d{{4}}))?))?"
        rf"(?:[ \t]+\((?P<agency>[A-Za-z][\w .&-]{{0,30}})\))?"
        rf"(?:(?P<colon>:)[ \t]+|[ \t]*(?P<dash>--|[-–—])[ \t]*)"
    )
    # A place not in capitals ("Toronto, March 9 - ...") counts only with a date and a dash.
    titled = re.compile(
        rf"(?P<place>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){{0,{max(max_words, 0)}}})"
        rf"(?:,[ \t]+(?P<region>[A-Z][A-Za-z.]{{1,12}}(?:[ ][A-Z][A-Za-z.]{{1,12}})?),?(?=[ \t]))?"
        rf",?[ \t]+(?P<date>(?i:{month})[ \t]+{day}(?:,?[ \t]+(?P<y>\d{{4}}))?)"
        rf"(?:[ \t]+\((?P<agency>[A-Za-z][\w .&-]{{0,30}})\))?[ \t]*(?P<colon>)(?P<dash>--|[-–—])[ \t]*"
    )
    not_places = frozenset(t.get("dateline", {}).get("not_places", []))
    return _Patterns(day_line, wire, titled, lex.month_of | {k.upper(): v for k, v in lex.month_of.items()},
                     not_places, lex.max_days_ahead)


def _patterns(rules: Rules | None) -> _Patterns:
    rules = rules or load_rules()
    return rules.compiled("dates.dateline", _build)


def _month_number(pats: _Patterns, name: str) -> int:
    key = name.rstrip(".")
    return pats.month_of.get(key) or pats.month_of.get(key.capitalize()) or pats.month_of[key.upper()]


def _line_date(m: re.Match[str], pats: _Patterns) -> dt.date | None:
    try:
        if m.group("iso"):
            return dt.date.fromisoformat(m.group("iso"))
        if m.group("y"):
            return dt.date(int(m.group("y")), _month_number(pats, m.group("mon")), int(m.group("d")))
        return dt.date(int(m.group("y_b")), _month_number(pats, m.group("mon_b")), int(m.group("d_b")))
    except ValueError:
        return None


def parse_date_line(line: str, rules: Rules | None = None) -> dt.date | None:
    """The date of a line that is only a date ("Wednesday, August 31, 2022", "4 January 2019",
    "2022-08-31"), else None. Surrounding whitespace is ignored; a wrong weekday is ignored
    (the day and month are what the line states)."""
    pats = _patterns(rules)
    m = pats.day_line.fullmatch(line.strip())
    return _line_date(m, pats) if m else None


def _wire(text: str, pos: int, published: dt.date | None, pats: _Patterns) -> Dateline | None:
    m = pats.wire.match(text, pos) or pats.titled.match(text, pos)
    if not m:
        return None
    place = m.group("place")
    if place.split()[0].rstrip(".") in pats.not_places or len(place.replace(".", "")) < 2:
        return None
    if m.group("colon") and not (m.group("date") or m.group("agency")) and len(place) < 3:
        return None
    # A dash right after a capitalised word with no date or agency must be spaced ("NEW DELHI - ..."),
    # so that a hyphenated capitalised word ("U.S.-JAPAN") is not taken for a dateline.
    if m.group("dash") and not (m.group("date") or m.group("agency")):
        if text[m.end("place")] not in " \t":
            return None
    date = None
    date_start = date_end = None
    if m.group("date"):
        date_start, date_end = m.start("date"), m.end("date")
        month, day = _month_number(pats, m.group("mon")), int(m.group("d"))
        if m.group("y"):
            try:
                date = dt.date(int(m.group("y")), month, day)
            except ValueError:
                date = None
        elif published is not None:
            date = day_month_date(day, month, published, False, pats.max_days_ahead)
    body = m.end()
    while body < len(text) and text[body].isspace():
        body += 1
    return Dateline(place, m.start("place"), m.end("place"), date, date_start, date_end, body, "wire")


def find_dateline(text: str, start: int = 0, published: dt.date | None = None,
                  rules: Rules | None = None) -> Dateline | None:
    """The dateline at the start of the body (``text[start:]`` after whitespace), or None.

    A month and day without a year take the year that puts them nearest ``published``
    (a dateline may be a day later than the publication date); without ``published``
    such a date is None but its offsets are kept.
    """
    pats = _patterns(rules)
    pos = start
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        return None
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    line = text[pos:line_end]
    m = pats.day_line.fullmatch(line.rstrip())
    if m:
        date = _line_date(m, pats)
        body = line_end
        while body < len(text) and text[body].isspace():
            body += 1
        wire = _wire(text, body, date or published, pats) if body < len(text) else None
        if wire is not None:
            return Dateline(wire.place, wire.place_start, wire.place_end, wire.date or date,
                            wire.date_start if wire.date else pos, wire.date_end if wire.date else pos + len(line.rstrip()),
                            wire.body_start, "day_line+wire")
        return Dateline(None, None, None, date, pos, pos + len(line.rstrip()), body, "day_line")
    return _wire(text, pos, published, pats)
