"""Where quotations are: speech verbs and triggers inside a quotation are the quoted
person's words, not the article's report."""
from __future__ import annotations

import re
from bisect import bisect_left

_CURLY = re.compile(r"“[^“”]*”?")
_STRAIGHT = re.compile(r"\"[^\"]*\"?")
_PARAGRAPH = re.compile(r"\n[ \t]*\n|\n[ \t]+")
_QUOTE_OR_PARAGRAPH = re.compile(r'"|\n[ \t]*\n|\n[ \t]+')
_last: tuple[str, list[int], list[bool]] = ("", [], [])  # the text last asked about, and its quotes


def _straight_quotes(text: str) -> tuple[list[int], list[bool]]:
    """Offsets of the straight quotes of ``text`` and, for each, whether a quotation is
    open right after it. A paragraph break closes any quotation left open."""
    global _last
    if _last[0] is text:
        return _last[1], _last[2]
    positions: list[int] = []
    opens: list[bool] = []
    is_open = False
    for m in _QUOTE_OR_PARAGRAPH.finditer(text):
        if m.group() == '"':
            is_open = not is_open
            positions.append(m.start())
            opens.append(is_open)
        elif is_open:
            is_open = False
            positions.append(m.start())
            opens.append(False)
    _last = (text, positions, opens)
    return positions, opens


def _open_at(text: str, start: int) -> bool:
    """True when a straight quotation opened earlier in the paragraph is still open at
    ``start`` ('"I do not question ... sovereignty. However, ... concerned," he added.')."""
    positions, opens = _straight_quotes(text)
    i = bisect_left(positions, start)
    return i > 0 and opens[i - 1]


def quoted_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the quotations inside ``text[start:end]``, including
    the end of one that an earlier sentence of the paragraph opened."""
    segment = text[start:end]
    regions: list[tuple[int, int]] = []
    first_close, first_open = segment.find("”"), segment.find("“")
    if first_close != -1 and (first_open == -1 or first_close < first_open):
        regions.append((start - 1, start + first_close + 1))
        segment_from = first_close + 1
    else:
        segment_from = 0
    regions += [(start + m.start(), start + m.end()) for m in _CURLY.finditer(segment, segment_from)]
    straight_from = 0
    if '"' in segment and _open_at(text, start):
        close = segment.find('"')
        regions.append((start - 1, start + close + 1))
        straight_from = close + 1
    regions += [(start + m.start(), start + m.end()) for m in _STRAIGHT.finditer(segment, straight_from)]
    return sorted(regions)


def inside(regions: list[tuple[int, int]], position: int) -> bool:
    """True when ``position`` falls strictly inside one of ``regions``."""
    return any(a < position < b for a, b in regions)
