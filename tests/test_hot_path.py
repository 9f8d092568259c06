"""The fast paths of extraction find exactly what their plain reference forms find.

Each fast path (word lists' tokenisation and hits, the time-expression anchors
scanned by Aho-Corasick, the combined per-position form patterns) is compared with the
straightforward form it replaces, on tricky strings and on random ones.
"""
from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from dipevents.extractors import dates as D
from dipevents.extractors.lexicon import _tokens, compile_words, word_starts
from dipevents.extractors.rulefiles import Rules

_TOKEN = re.compile(r"[^\W_]+")
_WORD_START = re.compile(r"\b\w")
TRICKY = [
    "", " ", "a", "_", "Straße STRASSE", "İstanbul ıi", "U.N.-led talks", "snake_case words_",
    "Erdoğan said\non Tuesday", "١٩٨٧ and 19٨٧", "x" * 50, "3.5 pct in 1987/88 and 25.12.2020",
    "He said: “We will meet next week.”\n\n  She did not.",
]


def _random_texts(alphabet: str, n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(n)]


def test_tokens_and_word_starts_match_the_reference():
    for text in TRICKY + _random_texts("ab_ -.'\n\tAZ09éİß", 3000, 1):
        _check_tokens(text)


def _check_tokens(text: str) -> None:
    tokens = _tokens(text)
    found = list(_TOKEN.finditer(text))
    assert tokens.starts == [m.start() for m in found]
    assert tokens.ends == [m.end() for m in found]
    assert tokens.words == [m.group().casefold() for m in found]
    starts = word_starts(text)
    if "_" in text:
        assert starts is None
    else:
        assert starts == [m.start() for m in _WORD_START.finditer(text)]


def test_word_list_hits_are_every_occurrence_in_order():
    m = compile_words(["talks", "held talks", "said", "met"])
    text = "They met. Talks held talks; she said talks met said. " * 3
    found = [(x.start(), x.group()) for x in m.finditer(text)]
    expected = []
    for word in re.finditer(r"(?i)\bheld\s+talks\b|\btalks\b|\bsaid\b|\bmet\b", text):
        expected.append((word.start(), word.group()))
    assert found == expected
    other = compile_words(["nothing here"])
    assert other.search(text) is None  # a second word list on the same text: its own hits


@pytest.fixture(scope="module")
def lexicon():
    return D.lexicon(Rules(None))


def _date_texts() -> list[str]:
    rnd = random.Random(7)
    words = ("on in last next this week weekend month year Monday Tuesday March May Sept. 1987 2020 ago two "
             "days 5 12/25/2020 2020-01-02 25.12.2020 1987/88 the of , . _ said will today yesterday early late "
             "3rd 19٨٧ mid- spring").split()
    return TRICKY + [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 30))) for _ in range(1500)]


def test_anchor_scan_matches_the_anchor_pattern(lexicon):
    for text in _date_texts():
        _check_anchors(lexicon, text)


def _check_anchors(lexicon, text: str) -> None:
    expected = [(m.start(), m.end(), lexicon.tries.get(m.group())) for m in lexicon.anchors.finditer(text)]
    try:
        found = list(D._anchors(text, lexicon))
    except KeyError:  # a year in other digits has no forms: the reference fails the same way
        assert any(kinds is None for _, _, kinds in expected)
        return
    assert found == expected


def _reference_tag(text: str, published: dt.date, lex) -> list:
    """tag_dates as first written: every form tried alone at every start."""
    tagger = D._Tagger(text, published, lex)
    found, pos = [], 0
    for anchor in lex.anchors.finditer(text):
        a = anchor.start()
        if anchor.end() <= pos:
            continue
        starts = [w.start() for w in _WORD_START.finditer(text, max(pos, a - D._BACK), a + 1)][-D._BACK_WORDS:]
        hit = None
        for start in starts:
            for kind in lex.tries[anchor.group()]:
                m = lex.patterns[kind].match(text, start, anchor.end() + D._AHEAD)
                if m is not None and m.end() > a:
                    hit = kind, m
                    break
            if hit:
                break
        if hit is not None:
            pos = hit[1].end()
            expr = tagger.resolve(*hit)
            if expr is not None:
                found.append(expr)
    old_numeric = re.compile(r"(?<![\w./-])(?:\d{4}[./]\d{1,2}[./]\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})(?![\w/-]|\.\d)")
    for m in old_numeric.finditer(text):
        if not any(e.start < m.end() and m.start() < e.end for e in found):
            day = D.parse_numeric_date(m.group(), published)
            if day is not None:
                found.append(D.make_expr(m.start(), m.end(), text, day, "day", published, {"kind": "numeric"}))
    return sorted(found, key=lambda e: e.start)


def test_tag_dates_matches_the_form_by_form_reference(lexicon):
    published = dt.date(1987, 3, 4)
    for text in _date_texts():
        if "٨" in text:
            continue
        expected = _reference_tag(text, published, lexicon)
        found = D.tag_dates(text, published)
        assert [(e, e.extra) for e in found] == [(e, e.extra) for e in expected], text


def _reference_surnames(text: str, surnames: list[str]) -> list[tuple[int, int, str]]:
    alternation = "|".join(re.escape(s) for s in surnames)
    pattern = rf"\b(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?:[a-z]{{1,3}}-)?({alternation})(?![\w-])"
    return [(m.start(), m.end(), m.group(1)) for m in re.finditer(pattern, text)]


def test_surname_matches_find_what_the_surname_pattern_finds():
    from dipevents.extractors.coref import surname_matches

    rnd = random.Random(11)
    pieces = ["Mr", "Mrs", "Ms", "Dr", ".", " ", "  ", "\n", "-", "al-", "abcd-", "a", "Smith", "Smit", "Li", "Lin",
              "_", "x", "é", "Mr.", "'", ",", "Sa", "Sabah", "S"]
    names = ["Smith", "Li", "Lin", "Sabah", "Smit", "Sa", "Mr", "Ms", "Mrs", "O'Neill", "Le-Pen", "É"]
    cases = [("Mr. Smith met Mrs.  Lin and al-Sabah; Dr Li-Lin, MrSmith, Ms.\nSmith.", ["Sabah", "Smith", "Lin", "Li"])]
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        cases.append((text, sorted(rnd.sample(names, rnd.randint(1, 4)), key=len, reverse=True)))
    for text, surnames in cases:
        assert surname_matches(text, surnames) == _reference_surnames(text, surnames), (text, surnames)


def test_scan_keeps_recent_texts_apart():
    from dipevents.extractors.gazetteer import scan, title_in_scope

    rules = Rules(None)
    a = "Japanese Prime Minister Yasuhiro Nakasone met U.S. President Ronald Reagan in Tokyo."
    b = "The mayor of Paris and the French foreign minister."
    first = scan(a, rules)
    assert scan(b, rules) != first
    again = scan(a, rules)
    assert again == first and again is not first  # a copy: callers may keep or change it
    assert [title_in_scope(t, rules) for t in ("Prime Minister", "Mayor", "Prime Minister")] == [True, False, True]


def test_quoted_regions_without_marks_is_empty_and_marks_still_count():
    from dipevents.extractors.quotes import quoted_regions

    text = 'He said talks went well. "We agreed," he said.\n\nShe said “no” and left.'
    first_end = text.index(".") + 1
    assert quoted_regions(text, 0, first_end) == []
    second = text.index('"')
    assert quoted_regions(text, second, text.index("\n")) == [(second, second + len('"We agreed,"'))]
    curly = text.index("“")
    assert quoted_regions(text, text.index("She"), len(text)) == [(curly, curly + len("“no”"))]
