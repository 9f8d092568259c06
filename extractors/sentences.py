"""Sentence splitting that keeps character offsets into the text as read.

Rule-based: a sentence ends at ``.``, ``!`` or ``?`` (optionally followed by closing
quotes or brackets) before whitespace and an upper-case letter, digit or opening quote,
unless the period belongs to a known abbreviation ("U.S.", "Mr.", "Jan.") or an initial.
Blank lines always end a sentence, so headlines and datelines stand alone.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .rulefiles import Rules, load_rules
from .spans import Sentence

MAX_SENTENCE = 5000  # a "sentence" longer than this (no punctuation) is cut into pieces

_BOUNDARY = re.compile(r"""[.!?]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9])|\n[ \t]*\n\s*|\n(?=[ \t]{2,}\S)""")


@lru_cache(maxsize=4)
def _abbreviations(rules_dir: str) -> frozenset[str]:
    table = Rules(rules_dir).table("abbreviations")
    return frozenset(a.casefold() for a in table.get("abbreviations", []))


def _last_token(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def split_sentences(text: str, start: int = 0, rules: Rules | None = None) -> list[Sentence]:
    """Split ``text[start:]`` into sentences whose offsets index ``text`` itself.

    Leading and trailing whitespace is trimmed from every sentence; empty pieces are dropped.
    """
    rules = rules or load_rules()
    abbreviations = _abbreviations(str(rules.directory))
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start):
        cut = match.end() if not match.group().startswith("\n") else match.start()
        if match.group()[0] == ".":
            token = _last_token(text, match.start() + 1)
            bare = token.lstrip("\"'“‘(«[").casefold()
            if bare in abbreviations or re.fullmatch(r"(?:[a-z]\.)+", bare):
                continue
        pieces.append((cursor, cut))
        cursor = match.end()
    pieces.append((cursor, len(text)))
    sentences: list[Sentence] = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        while b - a > MAX_SENTENCE:
            cut = text.rfind(" ", a, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            sentences.append(Sentence(a, cut, text[a:cut]))
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if b > a:
            sentences.append(Sentence(a, b, text[a:b]))
    return sentences
