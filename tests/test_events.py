"""Event rules on sentences of our own: one test per rule and per guide convention."""
from __future__ import annotations

import datetime as dt

import pytest

from dipevents.extractors import extract
from dipevents.schema import Article

WED = dt.date(2022, 8, 31)  # a Wednesday


def run(text: str, published: dt.date = WED):
    return extract(Article(article_id="t", text=text, published=published)).events


def of_type(events, kind):
    return [e for e in events if e.event_type == kind]


def speakers(event):
    return {a.name for a in event.actors_in("speaker")}


# --- statements -------------------------------------------------------------------

def test_subject_verb_statement_with_title_and_country():
    (st,) = of_type(run("French Foreign Minister Anne Martin said Paris would support new sanctions on Russia."), "statement")
    (speaker,) = st.actors_in("speaker")
    assert speaker.name == "Anne Martin" and speaker.country == "FRA" and speaker.kind == "person"
    assert st.mentions[0].rule == "statement.subject_verb"
    assert "RUS" in {a.country for a in st.actors_in("target")}
    assert st.date == WED and st.date_source == "published"


def test_inverted_attribution_after_the_quote():
    text = "\"We will not accept any violation of our borders,\" said Indian Defence Minister Ravi Kumar."
    (st,) = of_type(run(text), "statement")
    assert speakers(st) == {"Ravi Kumar"}
    assert st.mentions[0].rule == "statement.inverted"
    assert st.quote == "We will not accept any violation of our borders,"


def test_according_to_an_official():
    (st,) = of_type(run("According to Mexican President Ana Lopez, six Mexican nationals were killed in the attack in the United States."), "statement")
    assert speakers(st) == {"Ana Lopez"} and st.mentions[0].rule == "statement.according_to"


def test_pronoun_statement_resolves_to_previous_speaker():
    text = ("German Chancellor Klaus Weber met Polish President Jan Nowak on Monday. "
            "Weber said the two countries would expand trade with Ukraine. "
            "He added that security in Europe depends on NATO.")
    sts = of_type(run(text), "statement")
    assert [speakers(s) for s in sts] == [{"Klaus Weber"}, {"Klaus Weber"}]
    assert sts[1].mentions[0].text.startswith("He added")


def test_negative_stance_and_target():
    (st,) = of_type(run("Japanese Prime Minister Ken Sato condemned North Korea's missile launch, calling it a threat to the region."), "statement")
    assert st.stance == "negative" and "PRK" in {a.country for a in st.actors_in("target")}


def test_positive_stance_from_verb():
    (st,) = of_type(run("Kenyan President Ruth Mwangi welcomed the European Union's decision to expand aid."), "statement")
    assert st.stance == "positive"


def test_quotation_continues_previous_statement():
    text = ('"We open the doors to cooperation with Brazil," Argentine Foreign Minister Luis Perez said. '
            '"Today our two nations begin a new chapter."')
    (st,) = of_type(run(text), "statement")
    assert len(st.mentions) == 2 and st.mentions[1].rule == "statement.quote_continuation"


def test_out_of_scope_speakers_are_not_coded():
    assert not of_type(run("The mayor of Lyon, Pierre Blanc, said the bridge to Italy would reopen next year."), "statement")
    assert not of_type(run("Japanese exporters said sales to China fell sharply."), "statement")
    assert not of_type(run("A source said the talks with Iran had stalled."), "statement")


def test_purely_domestic_statement_is_not_coded():
    assert not of_type(run("Brazilian Finance Minister Carla Dias said inflation fell to four percent in July."), "statement")


def test_demonym_with_official_noun_speaks_for_the_state():
    (st,) = of_type(run("Japanese officials said Tokyo would appeal to the World Trade Organization."), "statement")
    (speaker,) = st.actors_in("speaker")
    assert speaker.kind == "state" and speaker.country == "JPN"


def test_statement_with_its_own_date():
    (st,) = of_type(run("On Monday, Greek Prime Minister Nikos Pappas called the maritime deal between Turkey and Libya illegal."), "statement")
    assert st.date == dt.date(2022, 8, 29) and st.date_source == "text" and st.mentions[0].date_text


# --- meetings ---------------------------------------------------------------------

def test_in_person_meeting_with_date_and_place():
    (m,) = of_type(run("Indian Prime Minister Arun Rao met Australian Prime Minister Sam Clarke in Canberra on Tuesday."), "meeting")
    assert m.mode == "in_person" and m.countries == ["AUS", "IND"]
    assert m.date == dt.date(2022, 8, 30) and m.date_precision == "day"
    assert m.location == "Canberra" and m.location_country == "AUS"


def test_visit_has_host_and_visitor():
    (m,) = of_type(run("Kenyan President Samuel Otieno visited Japan on Monday."), "meeting")
    assert m.mode == "visit"
    assert {a.country for a in m.actors_in("visitor")} == {"KEN"}
    assert {a.country for a in m.actors_in("host")} == {"JPN"}


def test_phone_call():
    (m,) = of_type(run("Canadian Prime Minister Claire Dubois spoke by phone with Ghanaian President Kwame Asante on Thursday."), "meeting")
    assert m.mode == "call" and m.countries == ["CAN", "GHA"]
    assert m.date == dt.date(2022, 8, 25)


def test_summit_of_several_states_is_multilateral():
    (m,) = of_type(run("Leaders of Fiji, Samoa, Tonga and Australia met in Suva on Wednesday for a summit on fisheries."), "meeting")
    assert m.mode == "multilateral" and m.countries == ["AUS", "FJI", "TON", "WSM"]


def test_planned_meeting():
    (m,) = of_type(run("Egyptian President Hassan Fathy will meet Ethiopian Prime Minister Dawit Bekele next week."), "meeting")
    assert m.status == "planned" and m.date_precision == "week" and m.date > WED


@pytest.mark.parametrize("text", [
    "Polish Foreign Minister Adam Kowal did not meet Hungarian Foreign Minister Gabor Szalai.",
    "Talks between the foreign ministers of Poland and Hungary were called off.",
    "The opposition called for talks between Serbia and Kosovo.",
])
def test_negated_cancelled_or_proposed_meetings_are_not_coded(text):
    assert not of_type(run(text), "meeting")


def test_meeting_inside_one_country_is_not_coded():
    assert not of_type(run("French President Marc Durand met French Prime Minister Alice Roy on Tuesday."), "meeting")


def test_same_meeting_in_two_sentences_is_one_event_with_two_mentions():
    text = ("Chinese Foreign Minister Wei Lin met Brazilian Foreign Minister Paulo Serrano on Tuesday. "
            "The meeting between China and Brazil lasted two hours.")
    (m,) = of_type(run(text), "meeting")
    assert len(m.mentions) == 2


def test_undated_earlier_visit_keeps_no_date():
    text = "Israeli Defense Minister Dan Levi said he had just returned from a visit to the United States."
    (m,) = of_type(run(text), "meeting")
    assert m.date is None and m.date_precision == "none" and m.countries == ["ISR", "USA"]


# --- signings ---------------------------------------------------------------------

def test_signing_with_quoted_title_inherits_the_meeting_date():
    text = ("OSLO: Norwegian Trade Minister Kari Bjerke met Vietnamese Trade Minister Nguyen Van Thanh on Tuesday. "
            "At a ceremony in Oslo, the ministers signed the \u201cAgreement on Cooperation in Offshore Wind Energy.\u201d")
    (s,) = of_type(run(text), "signing")
    assert s.document == "Agreement on Cooperation in Offshore Wind Energy"
    assert s.date == dt.date(2022, 8, 30) and s.date_source == "text"
    assert {a.country for a in s.actors_in("signatory")} == {"NOR", "VNM"}
    assert s.location == "Oslo"


def test_signing_by_two_states_with_described_instrument():
    (s,) = of_type(run("Norway and Vietnam on Tuesday signed a defence cooperation agreement."), "signing")
    assert s.document == "defence cooperation agreement" and s.countries == ["NOR", "VNM"]


def test_agreeing_without_an_instrument_is_not_a_signing():
    assert not of_type(run("Norway and Vietnam agreed to deepen cooperation on Tuesday."), "signing")


def test_planned_signing():
    (s,) = of_type(run("Japan and India will sign a trade pact next month."), "signing")
    assert s.status == "planned" and s.date_precision == "month"


def test_every_record_has_valid_offsets_and_a_rule():
    text = open(__file__, encoding="utf-8").read()[:4000]
    for event in run(text):
        for m in event.mentions:
            assert text[m.char_start:m.char_end] == m.text and m.rule


# --- rules added while measuring on real news ---------------------------------------

def test_negated_speech_is_not_a_statement():
    assert not of_type(run("Neither Britain nor Mauritius have confirmed the terms of the treaty."), "statement")
    assert not of_type(run("Japanese Foreign Minister Taro Sato declined to comment on the talks with China."), "statement")


def test_the_sources_refers_back_to_named_government_sources():
    text = ("Japanese government sources said Tokyo would help the United States. "
            "The package was well received, the sources said.")
    sts = of_type(run(text), "statement")
    assert [s.mentions[0].rule for s in sts] == ["statement.subject_verb", "statement.sources"]
    assert all(s.actors_in("speaker")[0].country == "JPN" for s in sts)


def test_joint_statement_by_the_leaders_of_a_meeting():
    text = ("Indian Prime Minister Arun Rao met Mauritian Prime Minister Navin Ram in Port Louis on Tuesday. "
            "Both leaders also reaffirmed their commitment to a free and open Indian Ocean.")
    (st,) = of_type(run(text), "statement")
    assert st.mentions[0].rule == "statement.joint"
    assert {a.country for a in st.actors_in("speaker")} == {"IND", "MUS"}
    assert st.date == dt.date(2022, 8, 30)


def test_officials_from_a_state_speak_for_it():
    (st,) = of_type(run("Officials from Japan said the talks with Korea would resume."), "statement")
    assert st.actors_in("speaker")[0].country == "JPN"


def test_foreign_minister_speaks_on_foreign_affairs_without_topic_words():
    (st,) = of_type(run("\"What matters is the decision of the administration,\" said Turkish Foreign Minister Ali Kaya."), "statement")
    assert st.mentions[0].rule == "statement.inverted"


def test_visit_to_a_capital_hosts_its_state():
    (m,) = of_type(run("Japanese Prime Minister Ken Sato starts a week-long visit to Washington on Sunday."), "meeting")
    assert m.mode == "visit" and {a.country for a in m.actors_in("host")} == {"USA"}


def test_visit_to_two_states_is_two_visits():
    events = of_type(run("Japanese Prime Minister Ken Sato will visit India and the Philippines in late September."), "meeting")
    assert sorted(tuple(e.countries) for e in events) == [("IND", "JPN"), ("JPN", "PHL")]
    assert all(e.status == "planned" for e in events)


def test_capital_naming_the_occasion_is_its_place_not_a_party():
    assert not of_type(run("Before the Paris talks, Yugoslav officials looked to the Soviet Union for support."), "meeting")


def test_planned_meeting_without_a_time_is_not_coded():
    assert not of_type(run("Rubio said leaders from the U.S. and China will meet at some point."), "meeting")


def test_summit_of_two_states_is_bilateral():
    (m,) = of_type(run("Leaders of Japan and Korea held a summit in Tokyo on Monday."), "meeting")
    assert m.mode == "in_person"


def test_discussing_a_state_does_not_make_it_a_party():
    (m,) = of_type(run("Japan and Korea discussed China's role in regional security on Monday."), "meeting")
    assert m.countries == ["JPN", "KOR"]


def test_reported_speech_inside_a_statement_is_not_a_second_statement():
    sts = of_type(run("Indonesian Foreign Minister Dewi Kartika said Indonesia welcomed Brazilian investment."), "statement")
    assert [speakers(s) for s in sts] == [{"Dewi Kartika"}]


def test_a_phone_call_has_no_place_but_dates_what_was_said_during_it():
    text = ("OTTAWA: Canadian Prime Minister Claire Dubois spoke by phone with Ghanaian President Kwame Asante on Thursday. "
            "During the call, Dubois said Canada would support Ghana's cocoa farmers.")
    (call,) = of_type(run(text), "meeting")
    assert call.mode == "call" and call.location is None
    (st,) = of_type(run(text), "statement")
    assert st.date == dt.date(2022, 8, 25)


def test_signing_subject_is_the_coordinated_group_before_the_verb():
    (s,) = of_type(run("In a move that angered Ankara, Cairo last year signed an agreement with Turkey's rival Greece."), "signing")
    assert s.countries == ["EGY", "GRC"]


def test_speech_verbs_used_for_acts_are_not_statements():
    assert not of_type(run("France responded to the attack on Ivory Coast by destroying its air force."), "statement")
    assert not of_type(run("U.S. President Tom Hale denied the request from North Korea for sanctions relief."), "statement")


def test_concern_outweighs_courtesy_in_stance():
    (st,) = of_type(run("U.S. Ambassador Ann Wood said Washington was deeply concerned about the partnership between Russia and Iran."), "statement")
    assert st.stance == "negative"


def test_described_instrument_keeps_its_topic():
    (s,) = of_type(run("Norway and Vietnam on Tuesday signed an agreement on offshore wind cooperation, opening the way for firms."), "signing")
    assert s.document == "agreement on offshore wind cooperation"


def test_sources_in_a_long_sentence_and_they_refer_back_to_the_sources():
    text = ("Japanese government sources said Tokyo would help the United States. "
            "Japan is limited in what it could do to help counteract a recession in the United States without "
            "running the risk of overstimulating its domestic economy and pushing up inflation, one source said. "
            "The minister explained that spending was taking place immediately, they said.")
    sts = of_type(run(text), "statement")
    assert [s.mentions[0].rule for s in sts] == ["statement.subject_verb", "statement.sources", "statement.sources"]


def test_meeting_of_an_organisation_is_multilateral():
    (m,) = of_type(run("The next OPEC meeting will be held in Vienna on December 9."), "meeting")
    assert m.mode == "multilateral" and m.status == "planned" and m.location == "Vienna"
    assert [a.name for a in m.actors_in("participant")] == ["OPEC"]


def test_places_of_visits_and_speeches():
    (m,) = of_type(run("Japanese Prime Minister Ken Sato visited Washington on Monday."), "meeting")
    assert m.location == "Washington" and m.location_country == "USA"
    (st,) = of_type(run("On Thursday in Washington, U.S. Secretary of State Ann Lee assured Australia of support."), "statement")
    assert st.location == "Washington"
    (st,) = of_type(run("U.S. Secretary of State Ann Lee said the attack in Kabul was an outrage against Afghanistan."), "statement")
    assert st.location is None


def test_conferring_an_honour_is_no_meeting_and_occasions_need_the_same_parties():
    assert not of_type(run("Mauritius conferred its highest honour on Indian Prime Minister Ravi Rao on Monday."), "meeting")
    text = ("In 2019, China signed a free trade agreement with Mauritius. "
            "An Indian navy contingent visited Mauritius for the parade.")
    visit = [m for m in of_type(run(text), "meeting") if "IND" in m.countries]
    assert visit and all(m.date is None for m in visit)


def test_participles_used_as_adjectives_are_not_speech():
    assert not of_type(run("Italy, the proposed end point of the pipeline from Israel, was invited to join."), "statement")


def test_the_statement_said_refers_to_whoever_issued_it():
    text = ("The European Union warned on Monday that Somalia's actions would divide the country. "
            "The statement said the bloc would consider sanctions against Somali leaders.")
    sts = of_type(run(text), "statement")
    assert [s.mentions[0].rule for s in sts] == ["statement.subject_verb", "statement.document"]
    assert speakers(sts[1]) == {"European Union"}


def test_prefilter_lets_every_trigger_kind_through_and_skips_the_rest():
    from dipevents.extractors import load_rules
    from dipevents.extractors.pipeline import any_trigger

    pattern = any_trigger(load_rules())
    for text in ("Japan phoned Korea.", "Japan and Korea inked a pact.", "Japan warned Korea.", "Leaders held talks."):
        assert pattern.search(text), text
    assert run("Wheat futures fell for a third day as traders bet on strong harvests.") == []
    assert of_type(run("Japanese Prime Minister Ken Sato telephoned South Korean President Min Park on Monday."), "meeting")


@pytest.mark.parametrize("text, speaker", [
    ("On Tuesday, Greek Prime Minister Nikos Pappas speaking to a think tank called the Turkish deal illegal.", "Nikos Pappas"),
    ("Trade slowed with Turkish Foreign Minister Ali Kaya warning that U.S. bases are at risk.", "Ali Kaya"),
    ("The European Union is also considering sanctions and warned that Somalia's actions would divide the country.", "European Union"),
])
def test_speakers_across_participial_phrases_and_coordinated_verbs(text, speaker):
    sts = of_type(run(text), "statement")
    assert [speakers(s) for s in sts] == [{speaker}]


def test_the_following_day_counts_from_the_last_dated_event():
    text = ("On Monday, Greek Foreign Minister Nikos Dendias met Egyptian Foreign Minister Sameh Shoukry in Cairo. "
            "In a press release issued the following day, the Turkish Foreign Ministry denounced the meeting with Egypt.")
    (st,) = of_type(run(text), "statement")
    assert st.date == dt.date(2022, 8, 30) and st.mentions[0].date_text == "the following day"


def test_statement_places_from_a_visit_and_from_the_meeting_just_before():
    (st,) = of_type(run("During a visit to Quetta on Thursday, Pakistani Prime Minister Ali Shah said Afghanistan must act."), "statement")
    assert st.location == "Quetta"
    text = ("Foreign ministers of France, Italy and Japan met in Geneva on Tuesday. "
            "French Foreign Minister Anne Martin said Russia must accept the ceasefire.")
    (st,) = of_type(run(text), "statement")
    assert st.location == "Geneva"


def test_a_time_then_a_comma_before_the_subject_dates_the_speech():
    text = "Vessels near the reefs Then on August 3, the Philippine government reported that Chinese ships had gathered."
    (st,) = of_type(run(text), "statement")
    assert st.date == dt.date(2022, 8, 3) and st.date_source == "text"


def test_counterparts_joined_by_and_his_are_one_subject():
    text = "Egyptian Foreign Minister Sameh Aziz and his Greek, Cypriot and French counterparts gathered in Cairo on Wednesday."
    (m,) = of_type(run(text), "meeting")
    assert m.countries == ["CYP", "EGY", "FRA", "GRC"] and m.mode == "multilateral"


def test_a_title_of_one_government_gives_its_country():
    text = ("Ukraine and Russia were discussed. Ukraine wants peace. "
            "Secretary of State Ann Lee said Ukraine would get more aid from the United Nations.")
    (st,) = of_type(run(text), "statement")
    assert st.actors_in("speaker")[0].country == "USA"


def test_after_meeting_with_takes_the_main_subject():
    text = "Japanese Prime Minister Ken Sato will travel to India next week after meeting with U.S. President Tom Hale on Monday."
    meetings = of_type(run(text), "meeting")
    assert any(m.countries == ["JPN", "USA"] and m.date == dt.date(2022, 8, 29) for m in meetings)


def test_a_g7_meeting_has_its_member_states():
    (m,) = of_type(run("G7 foreign ministers met in Charlevoix on Thursday for talks on Ukraine."), "meeting")
    assert m.mode == "multilateral"
    assert m.countries == ["CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA"]


@pytest.mark.parametrize("file, bad_line, loader", [
    ("title_countries", '"grand vizier" = "XXX"', "dipevents.extractors.context:title_countries"),
    ("memberships", '"Group of Two" = ["USA", "Atlantis"]', "dipevents.extractors.meetings:memberships"),
])
def test_rule_tables_with_unknown_iso_codes_name_the_line(tmp_path, file, bad_line, loader):
    import importlib
    import shutil

    from dipevents.extractors.rulefiles import DEFAULT_RULES_DIR, RuleError, Rules

    module, function = loader.split(":")
    shutil.copytree(DEFAULT_RULES_DIR, tmp_path / "rules")
    path = tmp_path / "rules" / f"{file}.toml"
    path.write_text(path.read_text(encoding="utf-8") + bad_line + "\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        getattr(importlib.import_module(module), function)(Rules(tmp_path / "rules"))
    assert err.value.line == len(path.read_text(encoding="utf-8").splitlines())


def test_an_unlisted_town_before_a_known_place_is_kept():
    (m,) = of_type(run("G7 foreign ministers gathered in Charlevoix, Quebec on Thursday."), "meeting")
    assert m.location == "Charlevoix, Quebec" and m.location_country == "CAN"


def test_a_place_deep_in_what_was_said_is_not_where_it_was_said():
    text = ("The package of measures was generally well received by lawmakers and businessmen in the United States "
            "and in Europe as a sign of goodwill, Japanese government sources said.")
    (st,) = of_type(run(text), "statement")
    assert st.location is None


def test_told_the_press_on_tuesday_dates_the_speech_and_requesting_is_speech():
    (st,) = of_type(run('"No leader should assume our policy on Iran will change," U.S. Secretary of State Ann Lee told the press on Tuesday.'), "statement")
    assert st.date == dt.date(2022, 8, 30)
    (st,) = of_type(run("U.S. Secretary of State Ann Lee sent a letter requesting new rules on flights to Cuba."), "statement")
    assert st.mentions[0].rule == "statement.participle"


def test_plural_instruments_signed_by_the_leaders_of_a_visit():
    text = ("Indian Prime Minister Ravi Rao visited Mauritius on Tuesday. "
            "Mauritius honoured him, and the prime ministers signed eight pacts to boost cooperation.")
    (s,) = of_type(run(text), "signing")
    assert s.countries == ["IND", "MUS"] and s.date == dt.date(2022, 8, 30)
