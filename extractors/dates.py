"""Finding and normalising time expressions ("on Tuesday", "last week", "March 3, 1987").

:func:`tag_dates` scans a text once with one compiled regular expression built from the
word lists of ``rules/dates.toml`` and resolves every expression against the publication
date, following the coding guide ("Dates"): a weekday is the most recent such day on or
before publication (the publication weekday is the publication day) unless the context is
future; "last week" is the week before the publication week; "in March" is the nearest
March not after publication unless the context is future.

Not resolved here (skipped, so that no wrong date is ever returned): expressions that
refer to another event's time ("the same day", "that day", "the following day",
"a week after", "three days later"), vague ones ("recently", "soon") and decades.

``dateparser`` is used only for numeric dates the lexicon does not read ("25.12.2020",
"2020/12/25"), on those candidate strings alone and cached per (expression, publication
date): searching whole texts with it gives false hits ("we" as Wednesday, "may" as May),
and resolving relative forms needs the guide's conventions, which it does not follow.

The regular expression has only bounded repetitions between words and literal words at
the head of every alternative, so it runs in linear time on any input, including long
strings without punctuation.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

import ahocorasick

from .lexicon import word_starts
from .rulefiles import Rules, load_rules
from .spans import TimeExpr

_WS = r"[ \t\r\n\xa0]{1,8}"  # between the words of one expression (Reuters wraps lines)
_YEAR = r"(?:19|20)\d\d"
_POSS = r"(?:'s|’s)"


def _word(entry: str) -> str:
    """Regex for one lexicon entry: first letter either case, spaces as any short whitespace run."""
    parts = []
    for i, token in enumerate(entry.split()):
        t = re.escape(token)
        if i == 0 and token[:1].isalpha():
            t = f"[{token[0].upper()}{token[0].lower()}]{re.escape(token[1:])}"
        parts.append(t)
    return _WS.join(parts)


def _words(entries: list[str]) -> str:
    """Alternation of lexicon entries, longest first so that a longer entry wins."""
    return "(?:" + "|".join(_word(e) for e in sorted(set(entries), key=lambda e: (-len(e), e))) + ")"


def _exact(entries: list[str]) -> str:
    """Alternation of case-sensitive names (month and weekday names), longest first."""
    return "(?:" + "|".join(re.escape(e) for e in sorted(set(entries), key=lambda e: (-len(e), e))) + ")"


def _norm(text: str) -> str:
    """A matched phrase as a lexicon key: lower case, single spaces."""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class _Lexicon:
    """The compiled tagger: the scanning pattern and the lookup tables behind it."""

    patterns: dict[str, re.Pattern[str]]
    anchors: re.Pattern[str]
    tries: dict[str, tuple[str, ...]]
    anchor_automaton: ahocorasick.Automaton
    combined: dict[tuple[str, ...], re.Pattern[str]]
    month_of: dict[str, int]
    weekday_of: dict[str, int]
    needs_context: frozenset[str]
    month_context: frozenset[str]
    span_preps: frozenset[str]
    weekday_not_after: frozenset[str]
    weekday_not_before: frozenset[str]
    relative_days: dict[str, int]
    deictic: dict[str, int]
    seasons: dict[str, int]
    numbers: dict[str, int]
    year_context: frozenset[str]
    year_not_before: frozenset[str]
    future: re.Pattern[str]
    look_back: int
    look_ahead: int
    max_days_ahead: int
    slash_order: str


def _strings(rules: Rules, table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise rules.error("dates", key, f"'{key}' must be a list of non-empty strings")
    return value


def _ints(rules: Rules, table: dict[str, Any], key: str) -> dict[str, int]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise rules.error("dates", f"[{key}]", f"[{key}] must be a table of words to integers")
    for word, number in value.items():
        if not isinstance(number, int) or isinstance(number, bool):
            raise rules.error("dates", word, f"[{key}] {word!r} must be an integer")
    return {_norm(k): v for k, v in value.items()}


def _name_lists(rules: Rules, table: dict[str, Any], key: str, count: int) -> list[list[str]]:
    value = table.get(key)
    if not isinstance(value, list) or len(value) != count or not all(
        isinstance(names, list) and names and all(isinstance(n, str) and n.strip() for n in names) for names in value
    ):
        raise rules.error("dates", f"{key} =", f"'{key}' must be {count} lists of names, in calendar order")
    return value


def _build(rules: Rules) -> _Lexicon:
    """Compile the lexicon of ``rules/dates.toml`` into the scanning pattern."""
    t = rules.table("dates")
    months = _name_lists(rules, t, "months", 12)
    weekdays = _name_lists(rules, t, "weekdays", 7)
    month_of = {n.rstrip("."): i + 1 for i, names in enumerate(months) for n in names}
    weekday_of = {n.rstrip("."): i for i, names in enumerate(weekdays) for n in names}
    full_months = [names[0] for names in months]
    full_weekdays = [names[0] for names in weekdays]
    abbr_months = [n for names in months for n in names[1:]]
    abbr_weekdays = [n for names in weekdays for n in names[1:]]
    needs_context = _strings(rules, t, "months_needing_context")
    for name in needs_context:
        if name not in full_months:
            raise rules.error("dates", f'"{name}"', f"months_needing_context: {name!r} is not a full month name")
    preps = _strings(rules, t, "span_prepositions")
    modifiers = _strings(rules, t, "period_modifiers")
    relative_days = _ints(rules, t, "relative_days")
    deictic = _ints(rules, t, "deictic")
    seasons = _ints(rules, t, "seasons")
    numbers = _ints(rules, t, "numbers")
    for word, month in seasons.items():
        if not 1 <= month <= 12:
            raise rules.error("dates", word, f"[seasons] {word!r}: the start month must be 1..12")
    years = t.get("years", {})
    future = t.get("future", {})
    resolution = t.get("resolution", {})
    first, last = years.get("first", 1900), years.get("last", 2099)
    if not (isinstance(first, int) and isinstance(last, int) and 1000 <= first <= last <= 9999):
        raise rules.error("dates", "[years]", "[years] first/last must be four-digit years, first <= last")
    slash_order = resolution.get("slash_order", "mdy")
    if slash_order not in ("mdy", "dmy"):
        raise rules.error("dates", "slash_order", "slash_order must be 'mdy' or 'dmy'")
    approx = _strings(rules, t.get("approximation", {}), "words")

    month_any = "(?:" + _exact(full_months) + "|" + _exact(abbr_months) + r"\.?)"
    weekday_any = "(?:" + _exact(full_weekdays) + "|" + _exact(abbr_weekdays) + r"\.?)"
    prep = "(?:(?P<prep>" + _words(preps) + ")" + _WS + ")?"
    mods = _words(modifiers)
    deic = _words(list(deictic))
    day = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    year_tail = rf"(?:,?{_WS}(?P<y>{_YEAR})\b(?![,.]?\d))?"
    units = _words(["week", "weekend", "month", "year", *seasons])
    alternatives = {
        "iso": rf"(?<![\d-])(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])(?![\d-])",
        "slash": rf"(?<![\d/.])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR})(?![\d/])",
        "mdy": rf"{prep}(?:(?P<wd>{weekday_any}),?{_WS})?(?P<mon>{month_any}){_WS}{day}"
        rf"(?:[ ]?[-–][ ]?(?P<d2>[12]\d|3[01]|0?[1-9])\b(?![.,]?\d))?(?![.,]\d){year_tail}",
        "dmy": rf"{prep}(?:(?P<wd>{weekday_any}),?{_WS})?(?<![\d.,])(?:the{_WS})?{day}{_WS}(?:of{_WS})?"
        rf"(?P<mon>{month_any})\b{year_tail}",
        "monyear": rf"{prep}(?:(?P<mod>{mods})[ \-]{{1,3}})?(?P<mon>{month_any}),?{_WS}(?:of{_WS})?"
        rf"(?P<y>{_YEAR})\b(?![,.]?\d)",
        "period": rf"{prep}(?:(?P<mod>{mods}){_WS})?(?P<deic>{deic}){_WS}(?P<unit>{units}){_POSS}?\b",
        "weekend": rf"{prep}(?P<the>[Tt]he){_WS}(?P<unit>weekend){_POSS}?\b",
        "month": rf"{prep}(?:(?P<mod>{mods}|{deic})[ \-]{{1,3}}(?:in{_WS})?)?(?P<mon>{_exact(full_months)}){_POSS}?\b",
        "weekday": rf"{prep}(?:(?P<deic>{deic}){_WS})?(?:(?P<mod>{_words(_strings(rules, t, 'weekday_modifiers'))}){_WS})?"
        rf"(?P<wd>{_exact(full_weekdays)})(?P<poss>{_POSS})?\b"
        rf"(?:{_WS}(?P<part>{_words(_strings(rules, t, 'day_parts'))})\b)?",
        "relday": rf"(?P<w>{_words(list(relative_days))}){_POSS}?\b",
        "ago": rf"(?:(?P<approx>{_words(approx)}){_WS})?(?P<n>{_words(list(numbers))}|\d{{1,3}}){_WS}"
        rf"(?P<unit>days?|weeks?|months?|years?){_WS}ago\b",
        "year": rf"(?P<ctx>{_words(_strings(rules, years, 'context'))})[ \t\r\n\xa0\-]{{1,8}}(?P<y>{_YEAR})\b"
        rf"(?![,.]?\d|[/\-]\d|%)",
    }
    # Every alternative (but the digit forms) starts at a word boundary: "in" never matches inside "within".
    patterns = {kind: re.compile(body if kind in ("iso", "slash") else rf"\b{body}") for kind, body in alternatives.items()}
    # Every expression contains an anchor: a month or weekday name, a relative-day word, a
    # period word or a year. The anchor pattern is a plain alternation of literals, which the
    # regex engine scans quickly; each anchor class then says which forms to try around it.
    classes = {
        "month": ([*full_months, *abbr_months], ("mdy", "dmy", "monyear", "month")),
        "weekday": (full_weekdays, ("mdy", "dmy", "weekday")),
        "relday": ([w.split()[-1] for w in relative_days], ("relday",)),
        "unit": (["weekend", "week", "month", "year", *seasons], ("period", "weekend", "ago")),
        "ago": (["ago"], ("ago",)),
    }
    # No groups in the anchor pattern: a bare alternation of literals is what the engine scans fastest.
    tries: dict[str, tuple[str, ...]] = {}
    for name, (words, kinds) in classes.items():
        for w in words:
            tries[w] = tries[w[:1].upper() + w[1:]] = kinds
    year_kinds = ("iso", "slash", "mdy", "dmy", "monyear", "year")
    tries.update({str(y): year_kinds for y in range(1900, 2100)})
    anchors = re.compile("|".join(re.escape(v) for v in sorted(
        (k for k in tries if not k.isdigit()), key=lambda v: (-len(v), v))) + rf"|{_YEAR}")
    # The same anchors as one Aho-Corasick automaton: its leftmost-longest scan finds what
    # the pattern finds, in a fraction of the time, on ASCII text (where \d is 0-9).
    anchor_automaton = ahocorasick.Automaton()
    for word, kinds in tries.items():
        anchor_automaton.add_word(word, (len(word), word, kinds))
    anchor_automaton.make_automaton()
    # Case-sensitive, as written: the modal "may" is a marker, the month "May" is not.
    markers = sorted(set(_strings(rules, future, "markers")), key=lambda w: (-len(w), w))
    future_pattern = re.compile(r"(?<![\w'’])(?:" + "|".join(_WS.join(map(re.escape, w.split())) for w in markers)
                                + r")(?!\w)")
    return _Lexicon(
        patterns=patterns,
        anchors=anchors,
        tries=tries,
        anchor_automaton=anchor_automaton,
        combined={kinds: _combine(alternatives, kinds) for kinds in set(tries.values())},
        month_of=month_of,
        weekday_of=weekday_of,
        needs_context=frozenset(needs_context),
        month_context=frozenset(_norm(w) for w in _strings(rules, t, "month_context")),
        span_preps=frozenset(_norm(w) for w in preps),
        weekday_not_after=frozenset(_strings(rules, t, "weekday_not_after")),
        weekday_not_before=frozenset(_strings(rules, t, "weekday_not_before")),
        relative_days=relative_days,
        deictic=deictic,
        seasons=seasons,
        numbers=numbers,
        year_context=frozenset(_norm(w) for w in _strings(rules, years, "context")),
        year_not_before=frozenset(_norm(w) for w in _strings(rules, years, "not_before")),
        future=future_pattern,
        look_back=int(future.get("look_back", 90)),
        look_ahead=int(future.get("look_ahead", 60)),
        max_days_ahead=int(resolution.get("max_days_ahead", 45)),
        slash_order=slash_order,
    )


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_GROUP = re.compile(r"\(\?P<(\w+)>")


def _combine(alternatives: dict[str, str], kinds: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern trying the forms ``kinds`` in order at one position, as
    ``(?P<_0>form0)|(?P<_1>form1)|...`` (their own groups renamed apart): it tells in one
    call which form matches first there, or that none does."""
    branches = []
    for i, kind in enumerate(kinds):
        body = alternatives[kind] if kind in ("iso", "slash") else rf"\b{alternatives[kind]}"
        branches.append(f"(?P<_{i}>{_GROUP.sub(lambda g: f'(?P<_{i}_{g.group(1)}>', body)})")
    return re.compile("|".join(branches))


def lexicon(rules: Rules | None = None) -> _Lexicon:
    """The compiled tagger of ``rules`` (default rules if None), built once per process."""
    rules = rules or load_rules()
    return rules.compiled("dates.lexicon", _build)


# --- calendar arithmetic -------------------------------------------------------------

def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekday_date(weekday: int, published: dt.date, direction: str) -> dt.date:
    """The date of ``weekday`` (0 = Monday) relative to ``published``.

    ``direction``: ``past`` (on or before publication), ``future`` (on or after),
    ``before`` (strictly before: "last Monday"), ``after`` (strictly after: "next Monday").
    """
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if direction == "past":
        return published - dt.timedelta(days=back)
    if direction == "future":
        return published + dt.timedelta(days=ahead)
    if direction == "before":
        return published - dt.timedelta(days=back or 7)
    return published + dt.timedelta(days=ahead or 7)


def month_year(month: int, published: dt.date, direction: str) -> int:
    """The year of the nearest ``month`` in ``direction`` (as :func:`weekday_date`; ``this``: same year)."""
    y, m = published.year, published.month
    if direction == "past":
        return y if month <= m else y - 1
    if direction == "future":
        return y if month >= m else y + 1
    if direction == "before":
        return y if month < m else y - 1
    if direction == "after":
        return y if month > m else y + 1
    return y


def day_month_date(day: int, month: int, published: dt.date, future: bool, max_days_ahead: int) -> dt.date | None:
    """The date of a day and month written without a year.

    In future context: the first such date on or after publication. Otherwise the
    nearest one to publication that is at most ``max_days_ahead`` days after it (a wire
    dateline may be a day later than the publication date; "March 25" in a February
    story is usually the coming one). None for an impossible day ("February 30").
    """
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if future:
        later = [c for c in candidates if c >= published]
        return min(later) if later else None
    allowed = [c for c in candidates if (c - published).days <= max_days_ahead]
    return min(allowed, key=lambda c: (abs((c - published).days), c)) if allowed else None


def _period(value_date: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "day":
        return value_date, value_date
    if precision == "week":
        return value_date, value_date + dt.timedelta(days=6)
    if precision == "month":
        return value_date, _month_end(value_date)
    return value_date, dt.date(value_date.year, 12, 31)


def make_expr(start: int, end: int, text: str, day: dt.date, precision: str, published: dt.date,
              extra: dict[str, Any] | None = None) -> TimeExpr:
    """A :class:`TimeExpr` for the period of ``precision`` containing ``day``, with its tense."""
    if precision == "week":
        day = _monday(day)
        iso = day.isocalendar()
        value = f"{iso.year}-W{iso.week:02d}"
    elif precision == "month":
        day = day.replace(day=1)
        value = f"{day.year:04d}-{day.month:02d}"
    elif precision == "year":
        day = dt.date(day.year, 1, 1)
        value = f"{day.year:04d}"
    else:
        value = day.isoformat()
    first, last = _period(day, precision)
    tense = "future" if first > published else "past" if last < published else "present"
    return TimeExpr(start, end, text[start:end], value, precision, day, tense, dict(extra or {}))


# How far an expression can reach before its anchor word ("during the end of this month")
# and after it ("Tuesday, March 3, 1987 evening"), in characters.
_BACK = 110
_BACK_WORDS = 8
_AHEAD = 90
_WORD_START = re.compile(r"\b\w")
_COARSER = {"day": "week", "week": "month", "month": "year", "year": "year"}
_PREV_WORD = re.compile(r"([\w’'-]+)[^\w\n]{0,3}$")
_NEXT_WORD = re.compile(r"[^\w\n]{0,3}([\w’'-]+)")
# Where a clause ends, for the future-context window: sentence punctuation, a blank line,
# or a quotation mark (a quoted "will" says nothing about the words after the quote).
_CLAUSE_END = re.compile(r"[.!?;:]\s|\n\s*\n|[\"“”]")


# --- tagging ----------------------------------------------------------------------------

class _Tagger:
    """Resolves the matches of one text; holds the text, date and lexicon."""

    def __init__(self, text: str, published: dt.date, lex: _Lexicon) -> None:
        self.text, self.published, self.lex = text, published, lex

    def prev_word(self, pos: int) -> str:
        m = _PREV_WORD.search(self.text, max(0, pos - 30), pos)
        return m.group(1) if m else ""

    def next_word(self, pos: int) -> str:
        m = _NEXT_WORD.match(self.text, pos, pos + 30)
        return m.group(1) if m else ""

    def is_future(self, start: int, end: int) -> bool:
        """Whether the clause around ``[start, end)`` points after publication ("will meet ...")."""
        lo = max(0, start - self.lex.look_back)
        back = self.text[lo:start]
        cut = None
        for cut in _CLAUSE_END.finditer(back):
            pass
        if cut is not None:
            back = back[cut.end():]
        if self.lex.future.search(back):
            return True
        if not back.strip(" \t\r\n\"'“‘(,"):
            ahead = self.text[end:end + self.lex.look_ahead]
            stop = _CLAUSE_END.search(ahead)
            return bool(self.lex.future.search(ahead[: stop.start()] if stop else ahead))
        return False

    def resolve(self, kind: str, m: re.Match[str]) -> TimeExpr | None:
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        return getattr(self, "_" + kind)(g, m, m.start(), m.end())

    def _expr(self, start: int, end: int, day: dt.date | None, precision: str, kind: str, **extra: Any) -> TimeExpr | None:
        if day is None:
            return None
        return make_expr(start, end, self.text, day, precision, self.published, {"kind": kind, **extra})

    @staticmethod
    def _date(year: int, month: int, day: int) -> dt.date | None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None

    def _iso(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        return self._expr(s, e, self._date(int(g["y"]), int(g["m"]), int(g["d"])), "day", "iso")

    def _slash(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if self.lex.slash_order == "mdy" else (b, a)
        if month > 12:
            month, day = day, month
        return self._expr(s, e, self._date(int(g["y"]), month, day), "day", "slash")

    def _day_month(self, g: dict, s: int, e: int, kind: str) -> TimeExpr | None:
        month = self.lex.month_of[g["mon"].rstrip(".")]
        day = int(g["d"])
        if "y" in g:
            found = self._date(int(g["y"]), month, day)
        else:
            found = day_month_date(day, month, self.published, self.is_future(s, e), self.lex.max_days_ahead)
        extra: dict[str, Any] = {}
        if found and "d2" in g and int(g["d2"]) > day:
            end_day = self._date(found.year, month, int(g["d2"]))
            if end_day:
                extra["last_day"] = end_day
        return self._expr(s, e, found, "day", kind, **extra)

    def _mdy(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        return self._day_month(g, s, e, "mdy")

    def _dmy(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        return self._day_month(g, s, e, "dmy")

    def _monyear(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        month = self.lex.month_of[g["mon"].rstrip(".")]
        return self._expr(s, e, dt.date(int(g["y"]), month, 1), "month", "monyear")

    def _month(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        name = g["mon"]
        mod = _norm(g.get("mod", ""))
        if name in self.lex.needs_context and "prep" not in g and not mod:
            if _norm(self.prev_word(s)) not in self.lex.month_context:
                return None
        if mod in self.lex.deictic:
            offset = self.lex.deictic[mod]
            direction = "before" if offset < 0 else "after" if offset > 0 else "this"
        else:
            direction = "future" if self.is_future(s, e) else "past"
        month = self.lex.month_of[name]
        return self._expr(s, e, dt.date(month_year(month, self.published, direction), month, 1), "month", "month")

    def _weekday(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        wd_start = m.start("wd")
        if "prep" not in g and "deic" not in g and "mod" not in g:
            if self.prev_word(wd_start) in self.lex.weekday_not_after:
                return None
        if "poss" not in g and "part" not in g and self.next_word(m.end("wd")) in self.lex.weekday_not_before:
            return None
        offset = self.lex.deictic.get(_norm(g.get("deic", "")), 0)
        if offset < 0:
            direction = "before"
        elif offset > 0:
            direction = "after"
        else:
            direction = "future" if self.is_future(s, e) else "past"
        return self._expr(s, e, weekday_date(self.lex.weekday_of[g["wd"]], self.published, direction), "day", "weekday")

    def _relday(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        offset = self.lex.relative_days[_norm(g["w"])]
        return self._expr(s, e, self.published + dt.timedelta(days=offset), "day", "relday")

    def _period(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        offset = self.lex.deictic[_norm(g["deic"])]
        unit = _norm(g["unit"])
        p = self.published
        if unit in ("week", "weekend"):
            return self._expr(s, e, p + dt.timedelta(weeks=offset), "week", "period")
        if unit == "month":
            y, mo = _add_months(p.year, p.month, offset)
            return self._expr(s, e, dt.date(y, mo, 1), "month", "period")
        if unit == "year":
            return self._expr(s, e, dt.date(p.year + offset, 1, 1), "year", "period")
        start_month = self.lex.seasons[unit]
        year = p.year
        if offset < 0:  # the last season that has ended: it started at least 3 months ago
            y, mo = _add_months(p.year, p.month, -3)
            year = y if mo >= start_month else y - 1
        elif offset > 0:  # the next season that has not started yet
            year = p.year if p.month < start_month else p.year + 1
        return self._expr(s, e, dt.date(year, 1, 1), "year", "season", season=unit)

    def _weekend(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        p = self.published
        # A weekend is days 6-7 of its ISO week: the past one is this week's on Sat/Sun.
        if p.weekday() >= 5 or self.is_future(s, e):
            return self._expr(s, e, p, "week", "weekend")
        return self._expr(s, e, p - dt.timedelta(weeks=1), "week", "weekend")

    def _ago(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        n_text = _norm(g["n"])
        n = int(n_text) if n_text.isdigit() else self.lex.numbers[n_text]
        unit = g["unit"].rstrip("s")
        p = self.published
        if unit == "day":
            day, precision = p - dt.timedelta(days=n), "day"
        elif unit == "week":
            day, precision = p - dt.timedelta(weeks=n), "week"
        elif unit == "month":
            y, mo = _add_months(p.year, p.month, -n)
            day, precision = dt.date(y, mo, 1), "month"
        else:
            day, precision = dt.date(p.year - n, 1, 1), "year"
        if "approx" in g:
            precision = _COARSER[precision]
        return self._expr(s, e, day, precision, "ago", approximate="approx" in g)

    def _year(self, g: dict, m: re.Match, s: int, e: int) -> TimeExpr | None:
        if self.next_word(m.end("y")).lower() in self.lex.year_not_before:
            return None
        ctx = _norm(g["ctx"])
        start = s if ctx in self.lex.span_preps or ctx in ("early", "late", "mid") else m.start("y")
        return self._expr(start, e, dt.date(int(g["y"]), 1, 1), "year", "year")


def tag_dates(text: str, published: dt.date, rules: Rules | None = None) -> list[TimeExpr]:
    """Every time expression of ``text``, resolved against ``published``, sorted by start.

    Expressions do not overlap; ``text[e.start:e.end] == e.text`` for each. A leading
    preposition ("on", "in", ...; see ``span_prepositions``) is part of the span, as a
    coder would mark it ("on Tuesday"). ``extra["kind"]`` says which form matched;
    ``extra["last_day"]`` is the last day of a range ("April 5-6").
    """
    lex = lexicon(rules)
    tagger = _Tagger(text, published, lex)
    found: list[TimeExpr] = []
    pos = 0
    words: list[int] | None = None
    looked_up = False
    for a, anchor_end, kinds in _anchors(text, lex):
        if anchor_end <= pos:
            continue
        # An expression containing this anchor starts at one of the few word starts before it;
        # try them from the left (and the forms in priority order), as a left-to-right scan would.
        if not looked_up:
            words, looked_up = word_starts(text), True
        if words is None:
            starts = [w.start() for w in _WORD_START.finditer(text, max(pos, a - _BACK), a + 1)][-_BACK_WORDS:]
        else:
            last = bisect_right(words, a)
            starts = words[max(bisect_left(words, max(pos, a - _BACK), 0, last), last - _BACK_WORDS):last]
        hit = _first_form(text, starts, a, anchor_end + _AHEAD, kinds, lex)
        if hit is None:
            continue
        pos = hit[1].end()
        expr = tagger.resolve(*hit)
        if expr is not None:
            found.append(expr)
    return _with_numeric_dates(text, published, found)


def _anchors(text: str, lex: _Lexicon) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """``(start, end, forms to try)`` of every anchor word of ``text``, left to right,
    leftmost-longest and not overlapping (what ``lex.anchors.finditer`` finds)."""
    if text.isascii() or _OTHER_DIGIT.search(text) is None:
        for last, (length, _, kinds) in lex.anchor_automaton.iter_long(text):
            yield last + 1 - length, last + 1, kinds
    else:  # a year may be written in other digits (\d is any Unicode digit): the pattern decides
        for anchor in lex.anchors.finditer(text):
            yield anchor.start(), anchor.end(), lex.tries[anchor.group()]


def _first_form(text: str, starts: list[int], anchor: int, endpos: int, kinds: tuple[str, ...],
                lex: _Lexicon) -> tuple[str, re.Match[str]] | None:
    """The first (start, form) in that order whose pattern matches at the start and reaches
    past the anchor: the form and its match, else None.

    One call of the combined pattern per start says which form matches first there; only
    when that match stops short of the anchor are the later forms tried one by one.
    """
    combined = lex.combined[kinds]
    patterns = lex.patterns
    for start in starts:
        m = combined.match(text, start, endpos)
        if m is None:
            continue  # no form matches at this start
        first = int(m.lastgroup[1:])  # type: ignore[index]
        for kind in kinds[first:]:
            found = patterns[kind].match(text, start, endpos)
            if found is not None and found.end() > anchor:
                return kind, found
    return None


# (?<![\w./-]) before the first digit, written after it: a pattern that opens with a digit
# is scanned for in C, one that opens with an assertion is tried at every position.
_NUMERIC_DATE = re.compile(r"\d(?<![\w./-]\d)(?:\d{3}[./]\d{1,2}[./]\d{1,2}|\d?\.\d{1,2}\.\d{4})(?![\w/-]|\.\d)")


def _with_numeric_dates(text: str, published: dt.date, found: list[TimeExpr]) -> list[TimeExpr]:
    """Add the numeric dates the lexicon does not read ("25.12.2020", "2020/12/25").

    Only these candidate strings go to dateparser (day-first for dotted dates, year-first
    when the year leads), never the whole text, and each result is cached per
    (expression, publication date). All-numeric dates with slashes and the day or month
    first (12/25/2020) are read by the lexicon.
    """
    extra = []
    for m in _NUMERIC_DATE.finditer(text):
        if any(e.start < m.end() and m.start() < e.end for e in found):
            continue
        day = parse_numeric_date(m.group(), published)
        if day is not None:
            extra.append(make_expr(m.start(), m.end(), text, day, "day", published, {"kind": "numeric"}))
    return sorted(found + extra, key=lambda e: e.start) if extra else found


@lru_cache(maxsize=4096)
def parse_numeric_date(expression: str, published: dt.date) -> dt.date | None:
    """A numeric date read by dateparser relative to ``published`` (None if not a date)."""
    import dateparser  # loaded on first use: most texts have no such date

    order = "YMD" if re.match(r"\d{4}", expression) else "DMY"
    parsed = dateparser.parse(expression, languages=["en"], settings={
        "DATE_ORDER": order, "STRICT_PARSING": True, "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
    })
    return parsed.date() if parsed is not None else None
