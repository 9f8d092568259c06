"""Where quotations are: speech verbs and triggers inside a quotation are the quoted
person's words, not the article's report."""
from __future__ import annotations

import re

_CURLY = re.compile(r"“[^“”]*”?")
_STRAIGHT = re.compile(r"\"[^\"]*\"?")


def quoted_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the quotations inside ``text[start:end]``."""
    segment = text[start:end]
    regions = [(start + m.start(), start + m.end()) for m in _CURLY.finditer(segment)]
    regions += [(start + m.start(), start + m.end()) for m in _STRAIGHT.finditer(segment)]
    return sorted(regions)


def inside(regions: list[tuple[int, int]], position: int) -> bool:
    """True when ``position`` falls strictly inside one of ``regions``."""
    return any(a < position < b for a, b in regions)
