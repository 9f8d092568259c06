"""Where quotations are: speech verbs and triggers inside a quotation are the quoted
person's words, not the article's report."""
from __future__ import annotations

import re
from bisect import bisect_left

_CURLY = re.compile(r"“[^“”]*”?")
_STRAIGHT = re.compile(r"\"[^\"]*\"?")
_MARK_OR_PARAGRAPH = re.compile(r'["“”]|\n[ \t]*\n|\n[ \t]+')
_CLOSING = re.compile(r'["”]')
_last: tuple[str, list[int], list[bool]] = ("", [], [])  # the text last asked about, and its marks


def _quote_marks(text: str) -> tuple[list[int], list[bool]]:
    """Offsets of the quotation marks of ``text`` and, for each, whether a quotation is
    open right after it. "“" opens, "”" closes, a straight quote does the other of what
    the last mark did (texts mix them: '"free and open Indian Ocean.”'), and a
    paragraph break closes any quotation left open."""
    global _last
    if _last[0] is text:
        return _last[1], _last[2]
    positions: list[int] = []
    opens: list[bool] = []
    is_open = False
    for m in _MARK_OR_PARAGRAPH.finditer(text):
        mark = m.group()
        if mark == "“":
            is_open = True
        elif mark == "”":
            is_open = False
        elif mark == '"':
            is_open = not is_open
        elif is_open:
            is_open = False
        else:
            continue
        positions.append(m.start())
        opens.append(is_open)
    _last = (text, positions, opens)
    return positions, opens


def _open_at(text: str, start: int) -> bool:
    """True when a quotation opened earlier in the paragraph is still open at ``start``
    ('"I do not question ... sovereignty. However, ... concerned," he added.')."""
    positions, opens = _quote_marks(text)
    i = bisect_left(positions, start)
    return i > 0 and opens[i - 1]


def quoted_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the quotations inside ``text[start:end]``, including
    the end of one that an earlier sentence of the paragraph opened."""
    if text.find('"', start, end) == -1 and text.find("“", start, end) == -1 and text.find("”", start, end) == -1:
        return []  # no quotation mark: most sentences of wire copy
    segment = text[start:end]
    regions: list[tuple[int, int]] = []
    offset = 0
    if ('"' in segment or "”" in segment) and _open_at(text, start):
        close = _CLOSING.search(segment)
        if close is not None:
            regions.append((start - 1, start + close.end()))
            offset = close.end()
    regions += [(start + m.start(), start + m.end()) for m in _CURLY.finditer(segment, offset)]
    regions += [(start + m.start(), start + m.end()) for m in _STRAIGHT.finditer(segment, offset)]
    return sorted(regions)


def inside(regions: list[tuple[int, int]], position: int) -> bool:
    """True when ``position`` falls strictly inside one of ``regions``."""
    return any(a < position < b for a, b in regions)
