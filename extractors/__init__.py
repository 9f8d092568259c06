"""Reading articles and turning their text into validated event records.

``read_articles`` streams articles (and rejects) from input files; ``extract`` is a
pure function from one article and the rules to an :class:`ArticleResult`.
"""
from .pipeline import extract
from .readers import read_articles
from .rulefiles import RuleError, Rules, load_rules

__all__ = ["extract", "read_articles", "RuleError", "Rules", "load_rules"]
