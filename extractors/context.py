"""Everything the event rules need to know about one article, computed once.

The stages (sentences, dateline, actors, time expressions, places) run here; the event
rules only read this context, so each rule module stays a small pure function.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from dipevents.schema import Article, is_country_code

from .actors import find_actors, parse_actor_items
from .coref import Pending
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
    dateline_place: tuple[str | None, str | None] = (None, None)
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


IO_OFFICIAL = re.compile(
    r"secretary[- ]general|commissioner|chairperson|\b(?:U\.?N\.?|EU|AU|NATO|IMF|WHO|WTO|OPEC|ASEAN|OECD|OSCE|ECOWAS|"
    r"United Nations|European Union|African Union|European Commission|World Bank)\b"
)


def dateline_place(dateline: Dateline | None, rules: Rules) -> tuple[str | None, str | None]:
    """The dateline's place as a reader writes it ("TOKYO" -> "Tokyo") and its country, if known."""
    if not dateline or not dateline.place:
        return None, None
    name = dateline.place.title() if dateline.place.isupper() else dateline.place
    places = find_places(name, rules)
    country = places[0].country if places and places[0].start == 0 and places[0].end == len(name) else None
    return name, country


def default_country(place_country: str | None, actors: list[ActorMention]) -> str | None:
    """The state an article is about when a title names no country.

    The dateline's country if it has one ("TOKYO, March 3 -"), else the state mentioned
    most often, when it has at least two mentions and more than any other.
    """
    if place_country:
        return place_country
    counts: dict[str, int] = {}
    for m in actors:
        if m.actor.kind == "state" and m.actor.country:
            counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def title_key(title: str) -> str:
    """A title as the title tables key it: case and spacing folded."""
    return " ".join(title.casefold().split())


def title_countries(rules: Rules) -> dict[str, str]:
    """Titles of one state's government (``title_countries.toml``), checked against ISO codes."""
    def build(r: Rules) -> dict[str, str]:
        table = r.table("title_countries").get("titles", {})
        out = {}
        for title, code in table.items():
            if not isinstance(code, str) or not is_country_code(code):
                raise r.error("title_countries", f'"{title}"', f"{code!r} is not an ISO 3166-1 alpha-3 code")
            out[title_key(title)] = code
        return out

    return rules.compiled("context:title_countries", build)


def headline_titles(headline: str | None, rules: Rules) -> dict[str, str]:
    """Titles the headline gives a state ("Japan’s PM to Visit India" -> Prime Minister:
    JPN), so that "Prime Minister Yoshihide Suga" in the body is Japanese even where the
    body names no country for him."""
    if not headline:
        return {}
    found: dict[str, str | None] = {}
    for item in parse_actor_items(headline, rules):
        title, country = (item.value, item.country) if isinstance(item, Pending) else (item.actor.title, item.actor.country)
        if title and country:
            key = title_key(title)
            found[key] = None if key in found and found[key] != country else country  # two states: neither
    return {k: v for k, v in found.items() if v}


def _fill_countries(actors: list[ActorMention], country: str | None, rules: Rules,
                    headline: dict[str, str] | None = None) -> list[ActorMention]:
    """Give titled officials without a country the state their title belongs to, else the
    state the headline gives that title, else the article's country."""
    by_title = title_countries(rules)
    headline = headline or {}
    replaced: dict[int, object] = {}
    international = {id(m.actor) for m in actors if m.actor.kind == "person" and IO_OFFICIAL.search(m.text)}
    out = []
    for m in actors:
        if id(m.actor) in international:
            out.append(m)
            continue
        actor = m.actor
        if actor.kind == "person" and actor.country is None and actor.title and not IO_OFFICIAL.search(actor.title):
            key = title_key(actor.title)
            own = by_title.get(key) or headline.get(key) or country
            if own:
                new = replaced.setdefault(id(actor), actor.model_copy(update={"country": own}))
                m = replace(m, actor=new)
        out.append(m)
    return out


def build_context(article: Article, rules: Rules) -> ArticleContext:
    """Run the analysis stages over one article."""
    text = article.text
    dateline = find_dateline(text, article.body_start, article.published)
    body_start = dateline.body_start if dateline else article.body_start
    base_date = (dateline.date if dateline and dateline.date else None) or article.published
    sentences = split_sentences(text, article.body_start, rules)
    actors = find_actors(text, sentences, rules)
    place = dateline_place(dateline, rules)
    actors = _fill_countries(actors, default_country(place[1], actors), rules, headline_titles(article.title, rules))
    times = tag_dates(text, base_date, rules) if base_date else []
    places = find_places(text, rules)
    del body_start  # the dateline's own span stays inside the first sentence, as written
    return ArticleContext(article, rules, sentences, dateline, base_date, actors, times, places, place)
