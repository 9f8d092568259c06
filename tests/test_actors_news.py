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


def test_head_of_a_division_in_apposition_takes_the_bodys_state() -> None:
    text = ("Britain's Export Credits Guarantee\nDepartment (ECGD) is talking to Ghana, the\n"
            "head of ECGD's loans division, Mary Stone, said. Stone added more.")
    found = by_text(text)
    person = found["head of ECGD's loans division, Mary Stone"].actor
    assert (person.name, person.title, person.country) == ("Mary Stone", "Head", "GBR")
    assert found["Stone"].actor is person


def test_title_of_a_national_body_then_name() -> None:
    assert people("They met the director-general of the Israeli Foreign Ministry, Dan Cohen, on Monday.") == [
        ("Dan Cohen", "Director-General", "ISR")]
    assert people("Chile's permanent representative to the United Nations, Ana Ruiz, said so.") == [
        ("Ana Ruiz", "Permanent Representative", "CHL")]


def test_name_then_title_with_an_article() -> None:
    assert people("Marko Petrovic, also a Deputy Prime Minister, said so.") == [
        ("Marko Petrovic", "Deputy Prime Minister", None)]
    assert people("Ali Omar Farah, a member of the upper house, urged calm.") == [
        ("Ali Omar Farah", "Member of the Upper House", None)]
    found = by_text("Critics argued with Tom Baxter who is the secretary of state. Baxter told the press.")
    assert found["Baxter"].actor.name == "Tom Baxter"
    assert found["Baxter"].actor.title == "Secretary of State"


def test_title_after_a_persons_possessive_serves_that_persons_state() -> None:
    found = people("U.S. President Ann Lowe’s special envoy, Rick Dunn, spoke with him.")
    assert found == [("Ann Lowe", "President", "USA"), ("Rick Dunn", "Special Envoy", "USA")]


def test_former_officials_keep_the_prefix_and_are_out_of_scope() -> None:
    found = people("Ex-Prime Minister Adam Wolski said so. The former Foreign Minister Piotr Nowak agreed.")
    assert found == [("Adam Wolski", "Ex-Prime Minister", None), ("Piotr Nowak", "Former Foreign Minister", None)]
    assert not title_in_scope("Ex-Prime Minister")
    assert not title_in_scope("Former Foreign Minister")
    assert title_in_scope("Foreign Minister")


def test_company_offices_and_experts_are_out_of_scope() -> None:
    found = people("Acme Corp chairman Dave Rudd said so. Bell Inc. president John Doe said.")
    assert found == [("Dave Rudd", "Company Chairman", None), ("John Doe", "Company President", None)]
    assert not title_in_scope("Company Chairman")
    assert not title_in_scope("Company President")
    [(name, title, _)] = people("Alan Smith, a senior fellow at the Asia Centre, said so.")
    assert (name, title) == ("Alan Smith", "Senior Fellow")
    assert not title_in_scope(title)
    assert people("World Bank president Eva Holt said.") == [("Eva Holt", "President", None)]


def test_name_then_head_of_a_states_body() -> None:
    found = by_text("Forces killed Ali Rezaei, head of Iran's border guard, on Friday.")
    person = found["Ali Rezaei, head"].actor
    assert (person.name, person.title, person.country) == ("Ali Rezaei", "Head", "IRN")


def test_capital_and_newspaper_words_are_no_national_body() -> None:
    found = [(m.text, m.actor.kind) for m in actors("The Washington Bureau said so. The EPA met on Monday.")]
    assert ("Washington", "state") in found
    assert all(kind != "organization" for _, kind in found)
    orgs = [m.actor.name for m in actors("The United States Environmental Protection Agency on February 3 said so.")
            if m.actor.kind == "organization"]
    assert orgs == ["United States Environmental Protection Agency"]
