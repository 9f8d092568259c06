"""Reading articles and turning their text into validated event records.

``read_articles`` streams articles (and rejects) from input files; ``extract`` is a
pure function from one article and the rules to an :class:`ArticleResult`.
Both are imported lazily so that loading one stage does not load them all.
"""
from __future__ import annotations

from typing import Any

from .rulefiles import RuleError, Rules, load_rules

__all__ = ["extract", "read_articles", "RuleError", "Rules", "load_rules"]


def __getattr__(name: str) -> Any:
    if name == "extract":
        from .pipeline import extract

        return extract
    if name == "read_articles":
        from .readers import read_articles

        return read_articles
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
