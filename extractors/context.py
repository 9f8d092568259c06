"""Everything the event rules need to know about one article, computed once.

The stages (sentences, dateline, actors, time expressions, places) run here; the event
rules only read this context, so each rule module stays a small pure function.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from dipevents.schema import Article

from .actors import find_actors
from .dateline import Dateline, find_dateline
from .dates import tag_dates
from .places import Place, find_places
from .rulefiles import Rules
from .sentences import split_sentences
from .spans import ActorMention, Sentence, TimeExpr


@dataclass
class ArticleContext:
    """The article's text split into sentences, with actors, times and places by sentence."""

    article: Article
    rules: Rules
    sentences: list[Sentence]
    dateline: Dateline | None
    base_date: dt.date | None
    actors: list[ActorMention]
    times: list[TimeExpr]
    places: list[Place]
    paragraph_of: list[int] = field(default_factory=list)
    _actor_starts: list[int] = field(default_factory=list)
    _time_starts: list[int] = field(default_factory=list)
    _place_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._actor_starts = [m.start for m in self.actors]
        self._time_starts = [t.start for t in self.times]
        self._place_starts = [p.start for p in self.places]
        text = self.article.text
        paragraph, previous_end = 0, None
        for sentence in self.sentences:
            if previous_end is not None and re.search(r"\n\s*\n|\n[ \t]{2,}", text[previous_end : sentence.start]):
                paragraph += 1
            self.paragraph_of.append(paragraph)
            previous_end = sentence.end

    @property
    def text(self) -> str:
        return self.article.text

    @staticmethod
    def _within(items: list, starts: list[int], start: int, end: int) -> list:
        i = bisect.bisect_left(starts, start)
        out = []
        while i < len(items) and items[i].start < end:
            if items[i].end <= end:
                out.append(items[i])
            i += 1
        return out

    def actors_in(self, start: int, end: int) -> list[ActorMention]:
        """Actor mentions that lie inside ``[start, end)``."""
        return self._within(self.actors, self._actor_starts, start, end)

    def times_in(self, start: int, end: int) -> list[TimeExpr]:
        """Time expressions that lie inside ``[start, end)``."""
        return self._within(self.times, self._time_starts, start, end)

    def places_in(self, start: int, end: int) -> list[Place]:
        """Places that lie inside ``[start, end)``."""
        return self._within(self.places, self._place_starts, start, end)


def build_context(article: Article, rules: Rules) -> ArticleContext:
    """Run the analysis stages over one article."""
    text = article.text
    dateline = find_dateline(text, article.body_start, article.published)
    body_start = dateline.body_start if dateline else article.body_start
    base_date = (dateline.date if dateline and dateline.date else None) or article.published
    sentences = split_sentences(text, article.body_start, rules)
    actors = find_actors(text, sentences, rules)
    times = tag_dates(text, base_date, rules) if base_date else []
    places = find_places(text, rules)
    del body_start  # the dateline's own span stays inside the first sentence, as written
    return ArticleContext(article, rules, sentences, dateline, base_date, actors, times, places)
