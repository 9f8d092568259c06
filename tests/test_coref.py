"""Coreference inside one article: surnames, titles and pronouns."""
from __future__ import annotations

from dipevents.extractors.actors import find_actors
from dipevents.extractors.sentences import split_sentences

TEXT = (
    "OSLO: Norway Defense Minister LARSEN Erik met Chile's Deputy Prime Minister and Minister of Defense "
    "Marta Rojas on Tuesday.\n\n"
    "At the ceremony, Larsen said ties had grown. He said Norway wanted more cooperation.\n\n"
    "\u201cWe open the doors,\u201d Rojas responded.\n\n"
    "The Norwegian Defense Minister, Larsen, said his country was committed. He added that peace mattered.\n\n"
    "Rojas was critical of Iran. She said she had returned from a visit. But, she added, there was hope. "
    "Rojas thanked the Minister (Larsen) for the support.\n\n"
    "The ministers exchanged congratulations."
)


def _mentions():
    return find_actors(TEXT, split_sentences(TEXT))


def _who(via: str) -> list[tuple[str, str]]:
    return [(m.text, m.actor.name) for m in _mentions() if m.via == via]


def test_surnames_resolve_to_the_full_person() -> None:
    assert _who("surname") == [("Larsen", "Erik Larsen"), ("Rojas", "Marta Rojas"),
                               ("Norwegian Defense Minister, Larsen", "Erik Larsen"),
                               ("Rojas", "Marta Rojas"), ("Rojas", "Marta Rojas")]


def test_pronouns_resolve_to_the_last_subject() -> None:
    assert _who("pronoun") == [("He", "Erik Larsen"), ("He", "Erik Larsen"), ("She", "Marta Rojas"),
                               ("she", "Marta Rojas")]


def test_titles_resolve_and_plurals_do_not() -> None:
    titled = _who("title")
    assert ("Minister (Larsen)", "Erik Larsen") in titled
    assert not any("ministers" in m.text for m in _mentions())


def test_all_mentions_share_one_actor_object() -> None:
    found = _mentions()
    larsen = [m for m in found if m.actor.kind == "person" and m.actor.name == "Erik Larsen"]
    assert len(larsen) >= 6
    assert all(m.actor is larsen[0].actor for m in larsen)
    assert larsen[0].actor.country == "NOR" and larsen[0].actor.title == "Defense Minister"
    heads = [m for m in larsen if m.head]
    assert heads == [larsen[0]] and larsen[0].via == "person"
    rojas = [m for m in found if m.actor.name == "Marta Rojas"]
    assert rojas[0].actor.country == "CHL"
    assert rojas[0].actor.title == "Deputy Prime Minister and Minister of Defense"


def test_title_only_resolves_to_matching_title() -> None:
    text = "Foreign Minister Ana Lima met President Jon Berg. The president said talks went well."
    found = find_actors(text, split_sentences(text))
    [ref] = [m for m in found if m.via == "title"]
    assert ref.text == "president" and ref.actor.name == "Jon Berg"


def test_unresolved_title_keeps_the_state() -> None:
    text = "The Iraqi prime minister said the attack failed."
    found = find_actors(text, split_sentences(text))
    assert [(m.text, m.actor.kind, m.actor.country) for m in found] == [("Iraqi", "state", "IRQ")]


def test_pronoun_without_antecedent_is_dropped() -> None:
    text = "He said the talks failed."
    assert find_actors(text, split_sentences(text)) == []


def test_name_repeated_in_fuller_form_merges() -> None:
    text = "President Reagan spoke. Later U.S. President Ronald Reagan spoke again. He was pleased."
    found = find_actors(text, split_sentences(text))
    assert {m.actor.name for m in found} == {"Ronald Reagan"}
    assert found[0].actor.title == "President" and found[0].actor.country == "USA"
    assert found[0].actor is found[-1].actor and found[-1].via == "pronoun"
