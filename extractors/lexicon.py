"""Word lists from rule files, compiled into matchers that respect word boundaries."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Iterator

from .rulefiles import Rules

_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_SPLIT = re.compile(r"([^\W_]+)")  # the same words, kept between the gaps by re.split
_JOINER = re.compile(r"[ \t\r\n\xa0]+|[ \t]*[-'’.][ \t]*")


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """Where a phrase of a word list was found (the ``re.Match`` methods the rules use)."""

    begin: int
    finish: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self) -> str:
        return self.text


class PhraseMatcher:
    """Finds the phrases of a word list as whole words, case-insensitively, longest first.

    It walks the text's words once and looks each up in a table keyed by the phrases'
    first words, which is several times faster than one regular expression with hundreds
    of alternatives. Words of a phrase may be separated by whitespace (including line
    breaks) or by a hyphen, apostrophe or full stop, as in "Indo-Pacific" or "U.N.".
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in {p.strip() for p in phrases if p and p.strip()}:
            words = tuple(w.casefold() for w in _TOKEN.findall(phrase))
            if words:
                self._by_first.setdefault(words[0], []).append(words)
        for candidates in self._by_first.values():
            candidates.sort(key=lambda w: (-len(w), w))
        self._first_words = frozenset(self._by_first)
        self._hits_text: str | None = None
        self._hits_list: list[int] = []

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[PhraseMatch]:
        """Non-overlapping matches in ``text[pos:endpos]``, left to right."""
        end = len(text) if endpos is None else min(endpos, len(text))
        tokens = _tokens(text)
        starts, ends, words_of = tokens.starts, tokens.ends, tokens.words
        hits = self._hits(text, tokens)
        h, stop = bisect_left(hits, bisect_left(starts, pos)), bisect_left(starts, end)
        by_first = self._by_first
        while h < len(hits) and hits[h] < stop:
            i = hits[h]
            h += 1
            candidates = by_first[words_of[i]]
            matched = 0
            if not _glued(text, starts[i] - 1):
                for words in candidates:
                    n = len(words)
                    if i + n <= stop and ends[i + n - 1] <= end and all(
                            words_of[i + k] == words[k] and _JOINER.fullmatch(text, ends[i + k - 1], starts[i + k])
                            for k in range(1, n)):
                        matched = n
                        break
            if matched and not _glued(text, ends[i + matched - 1]):
                yield PhraseMatch(starts[i], ends[i + matched - 1], text[starts[i] : ends[i + matched - 1]])
                h = bisect_left(hits, i + matched, h)  # matches do not overlap

    def _hits(self, text: str, tokens: "_Tokens") -> list[int]:
        """Indexes of the text's words that start one of the phrases (kept for the last text).

        A word list none of whose first words is among the text's words (the common case)
        is told apart by one set operation in C, without walking the words.
        """
        if self._hits_text is not text:
            first = self._by_first
            if self._first_words.isdisjoint(tokens.distinct()):
                self._hits_list = []
            else:
                self._hits_list = [i for i, w in enumerate(tokens.words) if w in first]
            self._hits_text = text
        return self._hits_list

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> PhraseMatch | None:
        """The first match in ``text[pos:endpos]``, or None."""
        return next(self.finditer(text, pos, endpos), None)



class _Tokens:
    """The words of one text: start and end offsets and case-folded forms."""

    __slots__ = ("starts", "ends", "words", "_distinct")

    def __init__(self, starts: list[int], ends: list[int], words: list[str]) -> None:
        self.starts, self.ends, self.words = starts, ends, words
        self._distinct: frozenset[str] | None = None

    def distinct(self) -> frozenset[str]:
        """The set of the text's words (built on first use)."""
        if self._distinct is None:
            self._distinct = frozenset(self.words)
        return self._distinct


@lru_cache(maxsize=8)
def _tokens(text: str) -> _Tokens:
    """The words of ``text`` (see :class:`_Tokens`).

    Cached for the few texts in use, so that the many word lists applied to one article
    share one tokenisation (the string's hash is computed once by Python). ASCII text,
    the common case, is split in one call and its offsets summed up in C; lower case is
    its case folding and keeps every offset.
    """
    if text.isascii():
        pieces = _TOKEN_SPLIT.split(text.lower())  # gap, word, gap, word, ..., gap
        offsets = list(accumulate(map(len, pieces), initial=0))
        return _Tokens(offsets[1:-1:2], offsets[2::2], pieces[1::2])
    found = list(_TOKEN.finditer(text))
    return _Tokens([m.start() for m in found], [m.end() for m in found], [m.group().casefold() for m in found])


def word_starts(text: str) -> list[int] | None:
    """Offsets where the words of ``text`` start (``\\b\\w`` matches), in order, shared with
    the word lists' tokenisation of the same text; None when ``text`` holds an underscore,
    which ``\\w`` counts as a word character and the word lists do not."""
    return None if "_" in text else _tokens(text).starts


def _glued(text: str, index: int) -> bool:
    """True when the character at ``index`` joins a word to its neighbour ("well-said")."""
    return 0 <= index < len(text) and text[index] in "-_"


def compile_words(words: Iterable[str]) -> PhraseMatcher:
    """A matcher for ``words`` as whole words (see :class:`PhraseMatcher`)."""
    return PhraseMatcher(words)


def word_list(rules: Rules, table: str, *path: str) -> list[str]:
    """A list of strings at ``path`` in rule file ``table``; RuleError if it is not one."""
    node = rules.table(table)
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise rules.error(table, f"[{path[0]}", f"missing key {'.'.join(path)!r}")
        node = node[key]
    if not isinstance(node, list) or not all(isinstance(w, str) for w in node):
        raise rules.error(table, path[-1], f"{'.'.join(path)} must be a list of strings")
    return node


def matcher(rules: Rules, table: str, *path: str) -> PhraseMatcher:
    """Compiled word matcher for a word list in a rule file, cached per process."""
    key = f"words:{table}:{'.'.join(path)}"
    return rules.compiled(key, lambda r: compile_words(word_list(r, table, *path)))
