"""Places that can locate an event: capitals and seats of government, major cities, venues.

Capitals come from ``countries.toml`` (the same entries that name a state as a metonym,
"Tokyo said"), cities and venues from ``places.toml``. Matching reuses the gazetteer's
one-pass automaton, so "New York" wins over "York" and "Mexico City" over "Mexico".
Which place belongs to which event is the caller's decision.
"""
from __future__ import annotations

from dataclasses import dataclass

from .gazetteer import PLACE, STATE, scan
from .rulefiles import Rules, load_rules


@dataclass(frozen=True, slots=True)
class Place:
    """A place name at ``[start, end)`` of the text, with the alpha-3 code of its state."""

    start: int
    end: int
    text: str
    country: str


def find_places(text: str, rules: Rules | None = None) -> list[Place]:
    """Every capital, seat of government, city or venue named in ``text``, sorted by start."""
    rules = rules or load_rules()
    places: list[Place] = []
    for hit in scan(text, rules):
        entry = hit.first(PLACE)
        if entry is None:
            state = hit.first(STATE)
            entry = state if state is not None and state.via == "capital" else None
        if entry is not None:
            places.append(Place(hit.start, hit.end, text[hit.start:hit.end], entry.value))
    return places
