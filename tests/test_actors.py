"""People, states and organisations assembled from gazetteer hits."""
from __future__ import annotations

import pytest

from dipevents.extractors.actors import find_actors, normalise_person_name
from dipevents.extractors.sentences import split_sentences
from dipevents.extractors.spans import ActorMention


def actors(text: str) -> list[ActorMention]:
    return find_actors(text, split_sentences(text))


def people(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(m.actor.name, m.actor.title, m.actor.country) for m in actors(text) if m.via == "person"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Japan Defense Minister KOBAYASHI Taro arrived.", ("Taro Kobayashi", "Defense Minister", "JPN")),
        ("Norway’s Deputy Prime Minister and Minister of Defense Ola Berg spoke.",
         ("Ola Berg", "Deputy Prime Minister and Minister of Defense", "NOR")),
        ("U.S. Secretary of State Mary Clark arrived.", ("Mary Clark", "Secretary of State", "USA")),
        ("Prime Minister Kenji Sato of Japan arrived.", ("Kenji Sato", "Prime Minister", "JPN")),
        ("Soviet leader Ivan Petrov arrived.", ("Ivan Petrov", "Leader", "SUN")),
        ("Iraqi Prime Minister Ali Hassan al-Tamimi arrived.", ("Ali Hassan al-Tamimi", "Prime Minister", "IRQ")),
        ("German Chancellor Anna Weber arrived.", ("Anna Weber", "Chancellor", "DEU")),
        ("Foreign Secretary Luis Ortega arrived.", ("Luis Ortega", "Foreign Secretary", None)),
        ("President of France Paul Martin arrived.", ("Paul Martin", "President", "FRA")),
        ("The Chilean Foreign Minister, Rojas, arrived.", ("Rojas", "Foreign Minister", "CHL")),
        ("Peru's finance minister, Jorge Vega, arrived.", ("Jorge Vega", "Finance Minister", "PER")),
        ("Jorge Vega, Peru's finance minister, arrived.", ("Jorge Vega", "Finance Minister", "PER")),
        ("Mr. Jorge Vega, the finance minister, arrived.", ("Jorge Vega", "Finance Minister", None)),
        ("Chinese Foreign Ministry spokesperson Li Wen said so.", ("Li Wen", "Spokesperson", "CHN")),
        ("Acting President John R. Doe arrived.", ("John R. Doe", "Acting President", None)),
        ("Thai PM Somchai Wong arrived.", ("Somchai Wong", "Prime Minister", "THA")),
        ("Sen. Robert Hale arrived.", ("Robert Hale", "Senator", None)),
        ("Attorney General Ruth Kane arrived.", ("Ruth Kane", "Attorney General", None)),
        ("It went to Justice. Ann Lee, spokeswoman, said so.", ("Ann Lee", "Spokeswoman", None)),
        ("Lee M. Park, president, said so.", ("Lee M. Park", "President", None)),
    ],
)
def test_person_forms(text: str, expected: tuple) -> None:
    assert people(text) == [expected]


def test_person_span_and_head() -> None:
    text = "On Monday, Kenyan President Daniel Mwangi's convoy left."
    [m] = [m for m in actors(text) if m.via == "person"]
    assert text[m.start:m.end] == m.text == "Kenyan President Daniel Mwangi"
    assert m.head is True
    assert m.actor.kind == "person"


def test_name_stops_at_weekday_and_lowercase() -> None:
    assert people("President Reagan on Tuesday said no.") == [("Reagan", "President", None)]
    assert people("Foreign Minister Tanaka Monday met reporters.") == [("Tanaka", "Foreign Minister", None)]


def test_no_person_from_bare_title_or_plural() -> None:
    assert people("The ministers met and the two presidents shook hands.") == []
    assert [m.via for m in actors("The ministers met.")] == []


def test_states_demonyms_capitals_and_government() -> None:
    found = [(m.text, m.actor.kind, m.actor.country, m.via) for m in
             actors("Tokyo and Washington argued; the Mexican government said Canadians and Israel’s army objected.")]
    assert found == [
        ("Tokyo", "state", "JPN", "capital"),
        ("Washington", "state", "USA", "capital"),
        ("Mexican government", "state", "MEX", "name"),
        ("Canadians", "state", "CAN", "demonym"),
        ("Israel’s army", "organization", "ISR", "name"),
    ]


def test_state_actor_shape() -> None:
    [m] = actors("Britain objected.")
    assert (m.actor.kind, m.actor.name, m.actor.country, m.actor.title) == ("state", "United Kingdom", "GBR", None)


def test_organisations_international_and_national() -> None:
    found = [(m.actor.name, m.actor.country) for m in actors(
        "The IMF, the U.N. Security Council, NATO and the European Commission met the State Department, "
        "the Pentagon, the Taliban and the Ministry of Defense of Norway.")]
    assert found == [
        ("International Monetary Fund", None),
        ("United Nations Security Council", None),
        ("NATO", None),
        ("European Commission", None),
        ("United States Department of State", "USA"),
        ("United States Department of Defense", "USA"),
        ("Taliban", "AFG"),
        ("Ministry of Defense of Norway", "NOR"),
    ]


def test_national_bodies_take_the_adjacent_state() -> None:
    found = [(m.actor.name, m.actor.country) for m in actors(
        "the Japanese Foreign Ministry and Egypt's Ministry of Foreign Affairs")]
    assert found == [("Ministry of Foreign Affairs of Japan", "JPN"), ("Ministry of Foreign Affairs of Egypt", "EGY")]


def test_body_without_state_is_not_an_international_organisation() -> None:
    assert actors("The foreign ministry declined to comment.") == []


def test_mentions_sorted_and_non_overlapping() -> None:
    text = ("Turkish President Kemal Arslan met Greek Prime Minister Nikos Pappas in Ankara. "
            "Arslan said Greece and Turkey agreed. He thanked the prime minister.")
    found = actors(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert all(text[m.start:m.end] == m.text for m in found)


def test_out_of_scope_titles_keep_their_title() -> None:
    [m] = [m for m in actors("Mayor Ellen Park said the city was ready.") if m.via == "person"]
    assert m.actor.title == "Mayor"


def test_normalise_person_name() -> None:
    assert normalise_person_name(["HAMADA", "Yasukazu"]) == "Yasukazu Hamada"
    assert normalise_person_name(["JOHN", "SMITH"]) == "John Smith"
    assert normalise_person_name(["Olaf", "Scholz"]) == "Olaf Scholz"
