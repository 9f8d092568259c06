"""Places: capitals, cities and venues as event locations."""
from __future__ import annotations

from dipevents.extractors.places import Place, find_places


def test_capitals_cities_and_venues() -> None:
    text = "After Geneva and Camp David, the envoys flew from Tokyo to New York and then to Mexico City."
    assert [(p.text, p.country) for p in find_places(text)] == [
        ("Geneva", "CHE"), ("Camp David", "USA"), ("Tokyo", "JPN"), ("New York", "USA"), ("Mexico City", "MEX")]


def test_offsets_and_type() -> None:
    text = "Talks in Brussels."
    [p] = find_places(text)
    assert isinstance(p, Place) and text[p.start:p.end] == "Brussels" and p.country == "BEL"


def test_state_names_are_not_places() -> None:
    assert find_places("Japan and Israel agreed; New Mexico too.") == []


def test_seats_of_government_are_places() -> None:
    assert [(p.text, p.country) for p in find_places("at the White House and the Kremlin")] == [
        ("White House", "USA"), ("Kremlin", "RUS")]
