"""Speakers that news names indirectly: ranks between title and name, given names,
"the government" after a named government, and "diplomats from <organisation>"."""
from __future__ import annotations

import datetime as dt

from dipevents.extractors import extract
from dipevents.schema import Article

WED = dt.date(2022, 8, 31)


def statements(text: str):
    events = extract(Article(article_id="t", text=text, published=WED)).events
    return [e for e in events if e.event_type == "statement"]


def speaker_names(event) -> set[str]:
    return {a.name for a in event.actors_in("speaker")}


def countries(event, role: str) -> set[str | None]:
    return {a.country for a in event.actors_in(role)}


def test_office_title_wins_over_the_rank_before_the_name():
    (st,) = statements("Qatar energy minister Sheikh Hamad bin Salim said Iran must respect the agreement.")
    (speaker,) = st.actors_in("speaker")
    assert speaker.title == "Energy Minister" and speaker.country == "QAT"
    assert speaker.name == "Hamad bin Salim"


def test_given_name_refers_to_a_person_with_an_arabic_style_family_name():
    text = ("Qatar energy minister Sheikh Hamad bin Salim met reporters in Vienna. "
            "Hamad said the OPEC ceiling would hold until December.")
    sts = statements(text)
    assert [speaker_names(s) for s in sts] == [{"Hamad bin Salim"}]
    assert sts[0].mentions[0].text.startswith("Hamad said")


def test_given_name_shared_by_two_people_refers_to_nobody():
    text = ("Qatar energy minister Sheikh Hamad bin Salim met Oman oil minister Hamad al-Rawas. "
            "Hamad said the OPEC ceiling would hold until December.")
    assert not [s for s in statements(text) if s.mentions[0].text.startswith("Hamad said")]


def test_given_name_of_a_western_name_is_not_a_mention():
    text = ("French Foreign Minister Anne Martin arrived in Rome. "
            "Anne said Italy would support the treaty.")
    assert not [s for s in statements(text) if s.mentions[0].text.startswith("Anne said")]


def test_the_government_refers_back_to_the_named_government():
    text = ("The vaccines bought by the Chilean government arrived on Monday. "
            "The government, which believed the ships were Chinese, demanded that Beijing remove them.")
    (st,) = statements(text)
    assert countries(st, "speaker") == {"CHL"}
    assert "CHN" in countries(st, "target")


def test_the_government_with_no_named_government_before_is_no_speaker():
    assert statements("The government demanded that Beijing remove the ships.") == []


def test_diplomats_from_an_organisation_speak_for_it():
    (st,) = statements("Top diplomats from the Group of Seven leading democracies urged Russia on Friday to accept a ceasefire.")
    assert speaker_names(st) == {"Group of Seven"}
    assert st.stance in ("neutral", "negative") and "RUS" in countries(st, "target")


def test_people_after_a_preposition_are_not_members_speaking():
    # the subject is the reporters, not the G7: "questions to diplomats from the G7"
    assert statements("Reporters with questions for diplomats from the Group of Seven said little.") == []


# --- quotations running over several sentences ---------------------------------------

def test_attribution_after_a_quotation_opened_in_an_earlier_sentence_is_found():
    text = ('U.S. Senator Tom Reed said the treaty with Canada was at risk. '
            '"I do not question Canada\'s right to protect its culture. However, if this means '
            'trade is off the table, I am deeply concerned," he added.')
    sts = statements(text)
    assert len(sts) == 2
    assert sts[1].mentions[0].text.startswith("However") and speaker_names(sts[1]) == {"Tom Reed"}


def test_quoted_speech_verb_inside_a_running_quotation_is_not_an_attribution():
    text = ('Foreign Minister Ali Demir warned that U.S. bases were at risk if Turkey was sanctioned. '
            '"Our people said no. We do not want that," the minister said to reporters.')
    for st in statements(text):
        assert not st.quote.startswith("Our people said")


def test_closing_attribution_joins_the_statement_its_quotation_continues():
    text = ("Turkish Foreign Minister Ali Demir warned that U.S. bases were at risk if Turkey was sanctioned. "
            '"Both bases may come to our agenda. We do not want to talk about the bad scenario," Demir said.')
    (st,) = statements(text)
    assert len(st.mentions) == 3
    assert [m.rule for m in st.mentions][1:] == ["statement.quote_continuation"] * 2


# --- verbs and subjects --------------------------------------------------------------

def test_progressive_speech_verb_is_not_a_passive():
    (st,) = statements("Ankara is threatening retaliation against Washington if hit by sanctions.")
    assert countries(st, "speaker") == {"TUR"} and st.stance == "negative"


def test_passive_speech_verb_has_no_speaker():
    found = statements("Ankara was warned by its allies against buying Russian missiles.")
    assert all("TUR" not in countries(s, "speaker") for s in found)


def test_a_report_from_a_government_speaks_for_it():
    (st,) = statements("Another report from the Peruvian government during the weekend said two Peruvians died in the attack in Chile.")
    assert countries(st, "speaker") == {"PER"}


def test_hinted_is_a_speech_verb():
    (st,) = statements("Some Hungarian officials had hinted that Hungary could look to China for loans.")
    assert countries(st, "speaker") == {"HUN"}


def test_named_actor_and_other_ministers_speak_as_the_named_actor():
    text = "U.S. Treasury Secretary James Baker arrived in Paris. Baker and other finance ministers say they will reaffirm the accord on currencies."
    sts = statements(text)
    assert [speaker_names(s) for s in sts] == [{"James Baker"}]


def test_they_continues_a_statement_of_an_organisation():
    text = ("The G7 joint statement said the group supports Ukraine's sovereignty. "
            "They called on China to engage in risk reduction talks.")
    sts = statements(text)
    assert len(sts) == 2 and speaker_names(sts[1]) == {"Group of Seven"}
    assert "CHN" in countries(sts[1], "target")
    assert sts[1].mentions[0].rule == "statement.joint"


def test_they_after_a_single_person_is_not_resolved_to_that_person():
    text = ("French Foreign Minister Anne Martin said France supports Ukraine's sovereignty. "
            "They called on China to engage in risk reduction talks.")
    sts = statements(text)
    assert [speaker_names(s) for s in sts] == [{"Anne Martin"}]


def test_an_international_organisation_in_the_sentence_before_makes_the_topic_international():
    text = ("Kuwait oil minister Sheikh Hamad bin Salim spoke after the OPEC conference in Vienna. "
            "Hamad said the conference had been too short.")
    sts = statements(text)
    assert [s.mentions[0].text[:10] for s in sts] == ["Hamad said"]
    assert statements("Kuwaiti oil minister Hamad bin Salim said the weather had been too hot.") == []


def test_mixed_quotation_marks_do_not_leave_a_quotation_open():
    text = ('Indian Prime Minister Ravi Nair arrived in Port Louis on a visit to Mauritius. '
            'Following talks with Mauritius Prime Minister Anil Joomun, both leaders reaffirmed '
            'their commitment to a "free and open Indian Ocean.” '
            'Nair said India would invest in Mauritius.')
    sts = statements(text)
    firsts = [s.mentions[0].text[:20] for s in sts]
    assert any(t.startswith("Following talks") for t in firsts)
    assert any(t.startswith("Nair said") for t in firsts)


def test_they_continues_a_joint_statement_over_several_sentences():
    text = ("Egyptian Foreign Minister Omar Nabil and his Greek counterpart Petros Alexiou met in Cairo on Wednesday. "
            "The Italian foreign minister joined the talks as an observer. "
            "They concluded that the border agreement between Turkey and Libya is void. "
            "They called on Turkey to halt drilling near Cyprus.")
    sts = statements(text)
    assert [s.mentions[0].text[:14] for s in sts] == ["They concluded", "They called on"]
    assert speaker_names(sts[0]) == speaker_names(sts[1]) and "Omar Nabil" in speaker_names(sts[0])


def test_concluded_that_and_justified_are_speech_verbs_but_concluding_a_deal_is_not():
    (st,) = statements("Turkey justified the claim based on its long shoreline near Greece.")
    assert countries(st, "speaker") == {"TUR"}
    assert statements("Turkey concluded a maritime agreement with Libya.") == []


def meetings(text: str, published: dt.date = WED):
    events = extract(Article(article_id="t", text=text, published=published)).events
    return [e for e in events if e.event_type == "meeting"]


def test_a_time_that_dates_the_saying_does_not_date_a_planned_meeting():
    assert meetings("On Wednesday, Secretary of State Ann Lee told reporters she believes leaders "
                    "from the U.S. and China will meet at some point.") == []
    (m,) = meetings("On Wednesday, Secretary of State Ann Lee told reporters that leaders "
                    "from the U.S. and China will meet next month.")
    assert m.status == "planned" and m.date_precision == "month"


def test_the_national_envoy_refers_back_to_that_states_representative():
    text = ("Pakistan's permanent representative to the United Nations, Munir Azam, said Kabul was failing "
            "to rein in militants. \"The Kabul authorities have failed to address the threat,\" the Pakistani envoy said Monday.")
    sts = statements(text)
    assert [speaker_names(s) for s in sts] == [{"Munir Azam"}, {"Munir Azam"}]


# --- summits the text names without their parties ---------------------------------------

APR7 = dt.date(1987, 4, 7)


def test_a_named_summit_with_a_time_is_a_multilateral_meeting_without_listed_parties():
    (m,) = meetings("Baker will put forward proposals, originally outlined at the 1986 Tokyo Summit, "
                    "to tighten procedures for coordination.", APR7)
    assert m.mode == "multilateral" and m.participants == []
    assert m.date == dt.date(1986, 1, 1) and m.date_precision == "year" and m.location == "Tokyo"
    (m,) = meetings("The proposal may not be final until the Venice Economic Summit in June.", APR7)
    assert m.status == "planned" and m.date_precision == "month" and m.location_country == "ITA"


def test_a_summit_in_a_city_with_a_time_is_a_meeting_but_an_undated_one_is_not():
    (m,) = meetings("Ministers welcomed the outcome of last week's summit of leaders of industrialised democracies in Venice.", APR7)
    assert m.location == "Venice" and m.date_precision == "week"
    assert meetings("Ministers talked about the Venice Summit and what it means for farmers.", APR7) == []


def test_a_meeting_with_no_parties_validates_only_as_a_multilateral_summit():
    import pydantic
    from dipevents.schema import Meeting, Mention
    mention = Mention(article_id="t", char_start=0, char_end=4, text="Sumi", rule="r")
    assert Meeting(mode="multilateral", participants=[], mentions=[mention], cameo="043").participants == []
    try:
        Meeting(mode="in_person", participants=[], mentions=[mention], cameo="043")
    except pydantic.ValidationError as exc:
        assert "two different states" in str(exc)
    else:
        raise AssertionError("an in-person meeting with nobody validated")


def test_one_sentence_can_report_two_meetings():
    text = ("Prime Minister Ken Sato of Japan will visit India in late September, "
            "two weeks after meeting with U.S. President Ann Lee.")
    found = meetings(text)
    parties = sorted(tuple(sorted(m.countries)) for m in found)
    assert parties == [("IND", "JPN"), ("JPN", "USA")]


def test_an_epithet_after_a_quotation_names_the_last_speaker():
    text = ('Senate Finance Committee chairman Tom Reed said the resolution may hurt the trade agreement with Canada. '
            '"We need a truly free trade agreement with Canada," the Texas Democrat said in a statement.')
    sts = statements(text)
    assert [speaker_names(s) for s in sts] == [{"Tom Reed"}, {"Tom Reed"}]
    assert sts[1].mentions[0].rule == "statement.epithet"


def test_an_epithet_that_names_a_body_is_not_the_last_speaker():
    text = ('Senate Finance Committee chairman Tom Reed said the resolution may hurt the trade agreement with Canada. '
            '"We need a truly free trade agreement with Canada," the Canadian trade ministry said.')
    sts = statements(text)
    assert all(s.mentions[0].rule != "statement.epithet" for s in sts)


def test_a_lede_title_names_the_person_the_next_sentences_name():
    text = ("WASHINGTON, March 25 - The chairman of the U.S. Senate committee with jurisdiction over trade "
            "said he was concerned about a resolution adopted by the Canadian House of Commons. "
            "Senate Finance Committee chairman Tom Reed said the resolution may hurt the trade agreement.")
    sts = statements(text)
    assert [speaker_names(s) for s in sts] == [{"Tom Reed"}, {"Tom Reed"}]


def test_a_title_after_a_named_person_does_not_look_forward():
    lede = ("WASHINGTON, March 25 - The chairman of the U.S. Senate said he was concerned about Canada. "
            "Senate Finance Committee chairman Tom Reed said the deal with Canada was at risk.")
    first = statements(lede)[0]
    assert speaker_names(first) == {"Tom Reed"}  # the control: nobody before, so forward
    text = lede.replace("WASHINGTON, March 25 - ", "WASHINGTON, March 25 - U.S. Trade Representative Ann Lee spoke first. ")
    said = [s for s in statements(text) if "The chairman" in s.mentions[0].text]
    assert all("Tom Reed" not in speaker_names(s) for s in said)


def test_coordinated_verb_after_a_fronted_phrase_has_the_main_clause_subject():
    text = ("Three days after President Lai took office, China conducted military drills encircling Taiwan "
            "and called them a punishment for separatist acts.")
    (st,) = statements(text)
    assert countries(st, "speaker") == {"CHN"}
    assert "TWN" in countries(st, "target")


def test_a_closing_attribution_makes_the_earlier_speech_verbs_reported_content():
    text = ("TOKYO, June 19 - Japanese government sources said the U.S. wants help with its economy. "
            "Although U.S. Federal Reserve chairman Paul Vance indicated he did not expect a recession, "
            "Treasury officials seemed less sure, the sources said.")
    sts = statements(text)
    second = [s for s in sts if s.mentions[0].text.startswith("Although")]
    assert len(second) == 1 and countries(second[0], "speaker") == {"JPN"}
    assert "Paul Vance" not in speaker_names(second[0])


def test_sources_speak_again_after_they_said():
    text = ("TOKYO, June 19 - Japanese government sources said the U.S. wants help with its economy. "
            "The minister explained that spending was rising to help trade with the U.S., they said. "
            "U.S. Congressmen were interested in the trade imbalance with Japan, the sources said.")
    sts = statements(text)
    last = [s for s in sts if s.mentions[0].text.startswith("U.S. Congressmen")]
    assert len(last) == 1 and countries(last[0], "speaker") == {"JPN"}


def test_only_summits_of_leaders_are_coded_without_parties():
    assert meetings("In February, Catholic bishops from around the world attended a summit in Rome.", APR7) == []
    assert meetings("DiBona said at a paper institute conference in New York today that prices would rise.", APR7) == []


# --- people's countries from the words around their names ----------------------------

def people(text: str):
    from dipevents.extractors.actors import find_actors
    from dipevents.extractors.sentences import split_sentences
    return {m.actor.name: m.actor for m in find_actors(text, split_sentences(text)) if m.actor.kind == "person"}


def test_rank_between_an_office_complement_and_the_name():
    found = people("On Thursday, the spokesperson for Pakistan's Ministry of Foreign Affairs, Ambassador Ali Raza, repeated the stance.")
    assert found["Ali Raza"].country == "PAK" and found["Ali Raza"].title == "Spokesperson"


def test_apposition_after_a_ranked_name_gives_its_country():
    found = people("Lieutenant General Omar Farooq, director general of the Pakistani military's media wing, said so.")
    assert found["Omar Farooq"].country == "PAK" and found["Omar Farooq"].title == "Lieutenant General"
    assert people("Lieutenant General Omar Farooq said so.")["Omar Farooq"].country is None


def test_a_pronoun_after_an_untitled_analyst_is_the_analyst_not_an_earlier_official():
    text = ('U.S. Secretary of State Ann Lee said Albania must fight corruption. '
            '"The timing is not good," said Piotr Kowalczyk of the Baltic Policy Institute, a research group. '
            '"They should push for a trial in Albania," he told VOA.')
    sts = statements(text)
    assert [speaker_names(s) for s in sts] == [{"Ann Lee"}]


def test_a_named_person_in_apposition_with_a_role_is_a_person():
    found = people("Siyoka Simasiku, director at the conservation coalition, says communities will be hit.")
    assert "Siyoka Simasiku" in found and found["Siyoka Simasiku"].title is None
    assert people("The deal grew, said Monday.") == {}


def test_idioms_and_requests_for_comment_are_not_events():
    assert meetings("The application met with opposition from China's U.N. mission in 2009.", APR7) == []
    assert statements("Iran's Foreign Ministry did not immediately reply to VOA's email requesting comment.") == []
    (m,) = meetings("U.S. President Ann Lee met with Venezuelan opposition leader Juan Mora in Bogota on Monday.", APR7)
    assert "VEN" in m.countries


def test_told_reporters_at_a_briefing_on_a_day_dates_the_statement():
    (st,) = statements("Chinese Foreign Ministry spokesperson Li Wen told reporters at a regular briefing Monday that Japan must stop.")
    assert st.date == dt.date(2022, 8, 29) and st.date_source == "text"


def test_the_country_after_a_venue_city_is_not_a_party():
    (m,) = meetings("U.S. Secretary of State Ann Lee held peace talks with Ukrainian officials in Jeddah, Saudi Arabia, on Tuesday.", APR7)
    assert sorted(m.countries) == ["UKR", "USA"]


def test_another_states_secretary_of_state_is_not_a_foreign_minister():
    text = "Haiti's Secretary of State for Public Security Frantz Remy said 17 firearms were recovered in the prison yard."
    assert statements(text) == []
    (st,) = statements("Secretary of State Ann Lee said the talks were productive.")
    assert speaker_names(st) == {"Ann Lee"}


def test_the_headline_gives_a_title_its_state():
    text = ("Prime Minister Ken Sato is expected to visit India in late April after meeting with U.S. President Ann Lee. "
            "China has criticised the plan. China says the trip is aimed at Beijing. China was not consulted.")
    def sato(title):
        events = extract(Article(article_id="t", text=text, published=WED, title=title)).events
        return {p.actor.country for e in events for p in e.participants if p.actor.name == "Ken Sato"}
    assert sato("Japan’s PM to Visit India") == {"JPN"}
    assert sato(None) != {"JPN"}


def test_an_article_naming_no_state_organisation_or_official_is_not_analysed(monkeypatch):
    import importlib

    pipeline = importlib.import_module("dipevents.extractors.pipeline")

    def refuse(*args, **kwargs):
        raise AssertionError("build_context was called")

    monkeypatch.setattr(pipeline, "build_context", refuse)
    article = Article(article_id="t", text="Acme said its profits rose 5 pct in the first quarter.", published=WED)  # no place either
    assert extract(article).events == []
    named = Article(article_id="u", text="Japan said its exports rose.", published=WED)
    try:
        extract(named)
    except AssertionError as exc:
        assert "build_context" in str(exc)
    else:
        raise AssertionError("an article naming a state was not analysed")
