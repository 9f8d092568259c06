"""Actor forms found in real wire and web news, written as our own sentences."""
from __future__ import annotations

from dipevents.extractors.actors import find_actors
from dipevents.extractors.gazetteer import title_in_scope
from dipevents.extractors.sentences import split_sentences
from dipevents.extractors.spans import ActorMention


def actors(text: str) -> list[ActorMention]:
    return find_actors(text, split_sentences(text))


def people(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(m.actor.name, m.actor.title, m.actor.country) for m in actors(text) if m.via == "person"]


def by_text(text: str) -> dict[str, ActorMention]:
    return {m.text: m for m in actors(text)}


def test_titles_wrapped_over_a_line_break() -> None:
    assert people("Yesterday Economic\nPlanning Minister Taro Ueda said so.") == [
        ("Taro Ueda", "Economic Planning Minister", None)]
    assert people("He met Japanese Finance\nMinister Ken Ito.") == [("Ken Ito", "Finance Minister", "JPN")]


def test_surnames_match_without_diacritics() -> None:
    found = by_text("Turkish president Ahmet Kemal Yıldırımoğlu spoke. Later Yildirimoglu said no.")
    assert found["Yildirimoglu"].actor.name == "Ahmet Kemal Yıldırımoğlu"
    assert found["Yildirimoglu"].via == "surname"
    assert found["Yildirimoglu"].actor.country == "TUR"


def test_lower_case_titles_after_a_demonym() -> None:
    assert people("Turkish president Ahmet Demir met Greek prime minister Nikos Pappas.") == [
        ("Ahmet Demir", "President", "TUR"), ("Nikos Pappas", "Prime Minister", "GRC")]


def test_bracketed_given_name_belongs_to_the_name() -> None:
    text = ("Senator Tom Hale said the President will visit Prime Minister (Paul) Girard next month, "
            "which the senator welcomed.")
    found = by_text(text)
    assert found["Prime Minister (Paul) Girard"].actor.name == "Paul Girard"
    assert found["senator"].actor.name == "Tom Hale"
    assert "President" not in found  # no president is named: it must not become the senator


def test_generic_body_does_not_borrow_another_bodys_state() -> None:
    found = by_text("The Canadian House of Commons voted. Later the Senate agreed.")
    assert found["Canadian House of Commons"].actor.country == "CAN"
    assert "Senate" not in found


def test_state_organisation_title_name() -> None:
    assert people('"It was fine," Israeli U.N. Spokesman Dan Levy said.') == [
        ("Dan Levy", "U.N. Spokesman", "ISR")]
    assert people("He saw U.S. Federal Reserve chairman Tom Reed.") == [
        ("Tom Reed", "Federal Reserve Chairman", "USA")]
    assert people("He saw Council of Economic Advisers chairman Ann Bell.") == [("Ann Bell", "Chairman", "USA")]


def test_named_national_body_and_its_abbreviation() -> None:
    text = ("The United States Commission on International Religious Freedom (USCIRF) said on Monday "
            "that Cuba erred. USCIRF added that it was bad. The United States Department of Transportation "
            "said. The U.S. Department of State Monday said so.")
    found = [(m.text, m.actor.name, m.actor.country) for m in actors(text) if m.actor.kind == "organization"]
    assert found == [
        ("United States Commission on International Religious Freedom",
         "United States Commission on International Religious Freedom", "USA"),
        ("USCIRF", "United States Commission on International Religious Freedom", "USA"),
        ("USCIRF", "United States Commission on International Religious Freedom", "USA"),
        ("United States Department of Transportation", "United States Department of Transportation", "USA"),
        ("U.S. Department of State", "United States Department of State", "USA"),
    ]


def test_possessive_state_named_body() -> None:
    found = by_text("Britain's Export Credits Guarantee Department (ECGD) met Nigeria. ECGD said so.")
    assert found["Britain's Export Credits Guarantee Department"].actor.name == "Export Credits Guarantee Department"
    assert found["ECGD"].actor.country == "GBR"
