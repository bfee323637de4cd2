"""Meetings, signings and upcoming events from invented sentences: one test per pattern and rule."""

from __future__ import annotations

import pytest

from briefings.extract import extract_article

PUBLISHED = "2025-03-12"  # a Wednesday


def facts(body: str, title: str = "Diplomatic news", published: str = PUBLISHED):
    return extract_article({"title": title, "published": published, "body": body})


def only_meeting(f):
    assert len(f.meetings) == 1, [m.record() for m in f.meetings]
    return f.meetings[0]


def names(m) -> set[str]:
    return {p.name for p in m.participants}


@pytest.mark.parametrize(
    "sentence",
    [
        "Kenyan President Daniel Mwangi met Tanzanian President Joseph Kimaro in Arusha on Monday.",
        "Kenyan President Daniel Mwangi held talks with Tanzanian President Joseph Kimaro in Arusha on Monday.",
        "Kenyan President Daniel Mwangi received Tanzanian President Joseph Kimaro in Arusha on Monday.",
        "Kenyan President Daniel Mwangi hosted Tanzanian President Joseph Kimaro in Arusha on Monday.",
        "Kenyan President Daniel Mwangi conferred with Tanzanian President Joseph Kimaro in Arusha on Monday.",
    ],
)
def test_talks_patterns(sentence):
    m = only_meeting(facts(sentence))
    assert names(m) == {"Daniel Mwangi", "Joseph Kimaro"}
    assert (m.kind, m.status, m.date, m.location) == ("talks", "held", "2025-03-10", "Arusha")
    assert set(m.countries) == {"KE", "TZ"}


def test_call_pattern():
    m = only_meeting(facts(
        "Brazilian President Pedro Almeida held a telephone conversation with Argentine President Lucas Ferrari on Tuesday."
    ))
    assert (m.kind, m.status, m.date, m.location) == ("call", "held", "2025-03-11", None)


def test_visit_pattern_lists_the_visitor_and_the_destination():
    m = only_meeting(facts("Norwegian Prime Minister Erik Solberg will pay an official visit to Japan next week."))
    assert (m.kind, m.status, m.location) == ("visit", "planned", "Japan")
    assert names(m) == {"Erik Solberg"} and set(m.countries) == {"NO", "JP"}


def test_a_trip_with_a_meeting_with_the_host_is_talks():
    m = only_meeting(facts(
        "Norwegian Prime Minister Erik Solberg paid an official visit to Japan on Monday.\n\n"
        "During his visit to Japan, Solberg met Japanese Prime Minister Kenji Sato."
    ))
    assert m.kind == "talks" and names(m) == {"Erik Solberg", "Kenji Sato"} and m.location == "Japan"


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Kenyan President Daniel Mwangi will meet Tanzanian President Joseph Kimaro on Friday.", "planned"),
        ("Kenyan President Daniel Mwangi plans to meet Tanzanian President Joseph Kimaro on Friday.", "planned"),
        ("Kenyan President Daniel Mwangi is scheduled to meet Tanzanian President Joseph Kimaro on Friday.", "planned"),
        ("Kenyan President Daniel Mwangi is due to meet Tanzanian President Joseph Kimaro on Friday.", "planned"),
        ("Kenyan President Daniel Mwangi met Tanzanian President Joseph Kimaro on Friday.", "held"),
        ("A planned meeting between Kenyan President Daniel Mwangi and Tanzanian President Joseph Kimaro "
         "on Friday was called off.", "cancelled"),
        ("The meeting between Kenyan President Daniel Mwangi and Tanzanian President Joseph Kimaro "
         "was postponed.", "cancelled"),
    ],
)
def test_status_from_tense_and_modality(sentence, status):
    assert only_meeting(facts(sentence)).status == status


def test_future_and_past_weekdays_resolve_in_the_right_direction():
    planned = only_meeting(facts("Kenyan President Daniel Mwangi will meet Tanzanian President Joseph Kimaro on Friday."))
    held = only_meeting(facts("Kenyan President Daniel Mwangi met Tanzanian President Joseph Kimaro on Friday."))
    assert (planned.date, held.date) == ("2025-03-14", "2025-03-07")


@pytest.mark.parametrize(
    "sentence",
    [
        "Kenyan President Daniel Mwangi could meet Tanzanian President Joseph Kimaro later this year, officials said.",
        "Kenyan President Daniel Mwangi might meet Tanzanian President Joseph Kimaro next month, officials said.",
    ],
)
def test_speculation_is_no_event(sentence):
    assert facts(sentence).meetings == []


def test_a_domestic_meeting_is_no_meeting():
    f = facts("Kenyan President Daniel Mwangi met Kenyan opposition leader Peter Otieno in Nairobi on Monday.")
    assert f.meetings == []


def test_reporter_is_not_a_participant():
    m = only_meeting(facts(
        "Kenyan President Daniel Mwangi met Tanzanian President Joseph Kimaro on Monday, "
        "Kenyan government spokeswoman Grace Achieng said."
    ))
    assert names(m) == {"Daniel Mwangi", "Joseph Kimaro"}


def test_one_encounter_per_counterpart():
    f = facts(
        "Kenyan President Daniel Mwangi held separate talks with Ugandan President Samuel Okello, "
        "Rwandan President Eric Habimana and Burundian President Jean Ndayishimiye in Nairobi on Monday."
    )
    pairs = sorted(tuple(sorted(names(m))) for m in f.meetings)
    assert pairs == [
        ("Daniel Mwangi", "Eric Habimana"),
        ("Daniel Mwangi", "Jean Ndayishimiye"),
        ("Daniel Mwangi", "Samuel Okello"),
    ]


def test_mentions_of_one_encounter_are_merged():
    f = facts(
        "Kenyan President Daniel Mwangi met Tanzanian President Joseph Kimaro in Arusha on Monday.\n\n"
        "During the meeting, Mwangi and Kimaro discussed trade.\n\n"
        "Mwangi and Kimaro also held talks on border security."
    )
    m = only_meeting(f)
    assert len(m.evidence) >= 2 and m.location == "Arusha"


def test_signing_document_title_as_written():
    f = facts(
        "Vietnamese Prime Minister Tran Van Long and Thai Prime Minister Somchai Wong signed an agreement "
        "on maritime cooperation in the Gulf of Thailand in Hanoi on Monday."
    )
    assert [s.document for s in f.signings] == ["agreement on maritime cooperation in the Gulf of Thailand"]
    s = f.signings[0]
    assert (set(s.parties), s.status, s.date) == ({"VN", "TH"}, "signed", "2025-03-10")


def test_joint_signers_met():
    f = facts("Vietnamese Prime Minister Tran Van Long and Thai Prime Minister Somchai Wong signed a joint "
              "declaration on fisheries in Hanoi on Monday.")
    assert names(only_meeting(f)) == {"Tran Van Long", "Somchai Wong"}


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The foreign ministers of Peru and Chile are expected to sign a memorandum of understanding on water "
         "management.", "expected"),
        ("Peru and Chile will adopt a joint statement on regional security.", "expected"),
        ("Peru and Chile ratified the Treaty of Arica on fisheries last week.", "signed"),
        ("Peru and Chile initialled a protocol on border crossings on Monday.", "signed"),
        ("Peru and Chile inked a roadmap for energy cooperation on Monday.", "signed"),
    ],
)
def test_signing_verbs_and_status(sentence, status):
    f = facts(sentence)
    assert len(f.signings) == 1, [s.record() for s in f.signings]
    assert f.signings[0].status == status and set(f.signings[0].parties) == {"PE", "CL"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Peru and Chile signed six memoranda of understanding on Monday.",
        "Peru and Chile signed these agreements on Monday.",
        "Peru and Chile will adopt the relevant resolution.",
        "Peru and Chile signed several documents on Monday.",
        "Peru and Chile agreed to push for a swift conclusion of a customs agreement.",
    ],
)
def test_vague_documents_are_not_signings(sentence):
    assert facts(sentence).signings == []


def test_signing_with_several_partners_is_one_signing_each():
    f = facts("Peru signed Framework Cooperation agreements with both Chile and Bolivia in 2024.")
    assert sorted(tuple(sorted(s.parties)) for s in f.signings) == [("BO", "PE"), ("CL", "PE")]


def test_upcoming_summit_with_date_range_and_place():
    f = facts("The 5th Summit of the Andean Community will be held in Lima from April 3 to 5.")
    assert len(f.upcoming) == 1
    u = f.upcoming[0]
    assert (u.event, u.kind, u.date_from, u.date_to, u.location) == (
        "5th Summit of the Andean Community", "summit", "2025-04-03", "2025-04-05", "Lima")


def test_upcoming_forum_with_month_only():
    u = facts("The leaders discussed the upcoming Pacific Investment Forum slated for May 2025 in Suva.").upcoming
    assert [(x.event, x.date_from, x.date_to) for x in u] == [("Pacific Investment Forum", "2025-05-01", "2025-05-31")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The leaders recalled the agreements reached at the Andean Community summit held on March 1 in Lima.",
        "The World Cup final between Peru and Chile is scheduled for April 5.",
        "The Andean Community summit is expected to take place at some point next year.",  # no month or day
    ],
)
def test_not_upcoming(sentence):
    assert facts(sentence).upcoming == []


def test_upcoming_election():
    u = facts("Peru's presidential election will be held on April 13, the electoral board said.").upcoming
    assert [(x.kind, x.date_from) for x in u] == [("election", "2025-04-13")]


def test_postponed_trip_cancels_the_meetings_planned_on_it():
    f = facts(
        "Latvia's foreign minister has postponed a planned trip to Norway next week, the ministry said on Monday. "
        "Minister Ilze Berzina had been due to meet her Norwegian counterpart Lars Haugen in Oslo.",
        published="2024-12-09",
    )
    m = only_meeting(f)
    assert names(m) == {"Ilze Berzina", "Lars Haugen"} and m.status == "cancelled"
    assert set(m.countries) == {"LV", "NO"}


def test_dateline_is_not_the_place_and_headline_is_kept_apart():
    f = facts("OSLO, June 18 (Wire) -- Norwegian Prime Minister Erik Solberg on Wednesday met visiting Danish "
              "Prime Minister Mette Holm at the government palace.", title="Nordic leaders meet in Oslo",
              published="2025-06-18")
    m = only_meeting(f)
    assert (m.date, m.status) == ("2025-06-18", "held")
    assert m.location != "OSLO"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Kenyan President Daniel Mwangi spoke with Tanzanian President Joseph Kimaro by phone on Tuesday.", "call"),
        ("Kenyan President Daniel Mwangi and Tanzanian President Joseph Kimaro held a virtual meeting on Tuesday.", "call"),
        ("Kenyan President Daniel Mwangi and Tanzanian President Joseph Kimaro discussed trade in Arusha on Tuesday.",
         "talks"),
    ],
)
def test_more_meeting_phrasings(sentence, kind):
    m = only_meeting(facts(sentence))
    assert (m.kind, m.status, m.date) == (kind, "held", "2025-03-11")


def test_the_speaker_of_a_quote_is_the_one_who_met():
    m = only_meeting(facts('"We agreed on many things," Kenyan President Daniel Mwangi said after meeting '
                           "Tanzanian President Joseph Kimaro in Arusha on Monday."))
    assert names(m) == {"Daniel Mwangi", "Joseph Kimaro"}


@pytest.mark.parametrize("verb", ["is meeting", "meets"])
def test_present_tense_with_a_later_day_is_a_plan(verb):
    m = only_meeting(facts(f"Kenyan President Daniel Mwangi {verb} Tanzanian President Joseph Kimaro in Arusha on Friday."))
    assert (m.status, m.date) == ("planned", "2025-03-14")


def test_signing_title_without_place_and_day_and_parties_from_the_subject():
    f = facts("Peru and Chile initialled a fisheries treaty in Lima on Friday, in the presence of the Brazilian "
              "president. The foreign ministers of both countries also signed a joint declaration.")
    docs = {s.document: s for s in f.signings}
    assert set(docs) == {"fisheries treaty", "joint declaration"}
    assert all(set(s.parties) == {"PE", "CL"} for s in docs.values())


def test_an_earlier_encounter_of_the_same_people_stays_apart():
    f = facts(
        "Kenyan President Daniel Mwangi has met his Tanzanian counterpart Joseph Kimaro during an official visit "
        "to Arusha.\n\n"
        "Mwangi had first met Kimaro in Dodoma on November 1.",
        published="2025-03-12",
    )
    found = sorted((m.date or "", m.location) for m in f.meetings)
    assert found == [("", "Arusha"), ("2024-11-01", "Dodoma")]


def test_run_in_heading_is_split_and_evidence_points_into_the_body():
    body = ("Summary?Kenyan President Daniel Mwangi met Tanzanian President Joseph Kimaro in Arusha on "
            "Monday.Outlook?Trade between them has doubled.")
    m = only_meeting(facts(body))
    ev = m.evidence[0]
    assert body[ev.start:ev.end] == ev.text and "Daniel Mwangi met" in ev.text


def test_a_call_and_the_meeting_agreed_during_it_are_two_events():
    f = facts("French President Paul Girard spoke by phone with Indian Prime Minister Ravi Menon on Sunday. "
              "Girard and Menon agreed to meet on the sidelines of the G20 summit in Rio de Janeiro.",
              published="2024-11-24")
    kinds = sorted((m.kind, m.status) for m in f.meetings)
    assert kinds == [("call", "held"), ("talks", "planned")]


def test_document_in_a_relative_clause_with_a_vague_date():
    f = facts("The declaration on the role of international law that Belarusian Foreign Minister Ivan Petrov and "
              "Russian Foreign Minister Oleg Sokolov signed in Brest last week will be submitted to the council.",
              published="2024-11-25")
    assert [(s.document, s.status, s.date, set(s.parties)) for s in f.signings] == [
        ("declaration on the role of international law", "signed", None, {"BY", "RU"})]


def test_name_after_a_long_title_the_model_missed():
    f = facts("Brazilian Foreign Minister Paulo Vieira held talks with South African Minister of International "
              "Relations Ronald Lamola in Brasilia on Monday.")
    assert names(only_meeting(f)) == {"Paulo Vieira", "Ronald Lamola"}


def test_sentence_split_inside_a_name_is_rejoined():
    f = facts("Russian Deputy Foreign Minister Ivan Orlov held consultations with Chinese Ambassador to Russia "
              "Li Wenhai, the Russian Foreign Ministry said on Monday.")
    assert names(only_meeting(f)) == {"Ivan Orlov", "Li Wenhai"}


def test_office_holders_named_by_their_countries():
    f = facts("Kenyan President Daniel Mwangi spoke by phone with Ugandan President Samuel Okello on Tuesday.\n\n"
              "The presidents of Kenya and Uganda discussed preparations for the regional summit in Kampala.")
    m = only_meeting(f)
    assert names(m) == {"Daniel Mwangi", "Samuel Okello"} and m.kind == "call" and m.location is None


def test_sides_named_in_the_subject():
    m = only_meeting(facts("The foreign ministers of Kenya and Uganda met in Nairobi on Tuesday."))
    assert (m.participants, set(m.countries), m.location) == ([], {"KE", "UG"}, "Nairobi")


def test_meetings_in_different_places_stay_apart():
    f = facts("German Chancellor Otto Brandt received French President Paul Girard in Berlin. Brandt and Girard "
              "then flew to Kyiv, where they met Ukrainian President Taras Bondar.")
    found = sorted((m.location, tuple(sorted(names(m)))) for m in f.meetings)
    assert found == [("Berlin", ("Otto Brandt", "Paul Girard")),
                     ("Kyiv", ("Otto Brandt", "Paul Girard", "Taras Bondar"))]


@pytest.mark.parametrize(
    ("sentence", "documents"),
    [
        ("Peru and Chile signed memoranda of understanding on digital trade and on tourism on Monday.",
         ["memoranda of understanding on digital trade", "memoranda of understanding on tourism"]),
        ("Peru and Chile plan to sign supply contracts and accords on cooperation in many areas.", []),
    ],
)
def test_several_documents_need_a_named_subject(sentence, documents):
    assert [s.document for s in facts(sentence).signings] == documents


def test_more_upcoming_event_names():
    f = facts("The ASEAN Foreign Ministers' Meeting will take place in Vientiane on July 24-27. "
              "Mexico's presidential vote is on June 2. Parliament will vote on the bill on Tuesday.",
              published="2024-05-20")
    assert [(u.event, u.kind, u.date_from, u.date_to) for u in f.upcoming] == [
        ("ASEAN Foreign Ministers' Meeting", "other", "2024-07-24", "2024-07-27"),
        ("Mexico's presidential vote", "election", "2024-06-02", "2024-06-02"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Kenyan President Daniel Mwangi called on Tanzanian President Joseph Kimaro at State House on Monday.",
        "Kenyan Foreign Minister Daniel Mwangi paid a courtesy call on Tanzanian President Joseph Kimaro on Monday.",
        "Kenyan President Daniel Mwangi sat down with Tanzanian President Joseph Kimaro in Arusha on Monday.",
    ],
)
def test_courtesy_calls_and_sit_downs_are_talks(sentence):
    m = only_meeting(facts(sentence))
    assert (m.kind, m.status, m.date) == ("talks", "held", "2025-03-10")


def test_calling_on_both_sides_is_no_meeting():
    f = facts("Kenyan President Daniel Mwangi called on both sides to show restraint on Monday, "
              "after Tanzanian President Joseph Kimaro spoke.")
    assert f.meetings == []


def test_documents_listed_after_a_generic_signed_set():
    f = facts("Peru and Chile held talks on Monday. The documents signed included a memorandum on fisheries and an "
              "agreement on mining.")
    assert sorted(s.document for s in f.signings) == ["agreement on mining", "memorandum on fisheries"]


def test_only_named_gatherings_are_upcoming():
    f = facts("Ministers will gather for the annual climate conference in Baku on November 11-22. "
              "The minister will hold a press conference in Moscow on Friday. "
              "The Caspian Economic Forum will open in Baku on November 14.", published="2024-10-01")
    assert [(u.event, u.location, u.date_from) for u in f.upcoming] == [
        ("Caspian Economic Forum", "Baku", "2024-11-14")]


def test_leaders_who_witnessed_a_signing_met():
    f = facts("Kenyan President Daniel Mwangi and Tanzanian President Joseph Kimaro witnessed the signing of a "
              "memorandum of understanding on health cooperation on Monday.")
    assert names(only_meeting(f)) == {"Daniel Mwangi", "Joseph Kimaro"}
    assert [s.document for s in f.signings] == ["memorandum of understanding on health cooperation"]


@pytest.mark.parametrize(
    ("sentence", "document"),
    [
        ("Peru and Chile reached an agreement on water sharing on Monday.", "agreement on water sharing"),
        ("Peru and Chile released a joint statement on border security on Monday.", "joint statement on border security"),
        ("Peru and Chile entered into a framework agreement on energy trade on Monday.",
         "framework agreement on energy trade"),
    ],
)
def test_more_signing_verbs(sentence, document):
    f = facts(sentence)
    assert [(s.document, s.status, set(s.parties)) for s in f.signings] == [(document, "signed", {"PE", "CL"})]


def test_a_consensus_is_no_document():
    assert facts("Peru and Chile reached a consensus on many issues on Monday.").signings == []


def test_a_condition_is_no_event():
    f = facts("Kenyan President Daniel Mwangi said trade would grow if the talks with Tanzanian President Joseph "
              "Kimaro succeed.")
    assert f.meetings == []


def test_a_meeting_that_did_not_happen_is_no_event():
    f = facts("Kenyan President Daniel Mwangi did not meet Tanzanian President Joseph Kimaro in Arusha on Monday.")
    assert f.meetings == []


def test_two_documents_joined_by_and_are_two_signings():
    f = facts("Chilean President Tomas Rojas met Peruvian President Ana Quispe in Lima on Monday. Ministers signed the "
              "concession agreement for the Ilo harbour project and the lease agreement for the harbour terminal.")
    docs = sorted(s.document for s in f.signings)
    assert len(docs) == 2, docs
    assert docs[0].startswith("concession agreement for the Ilo harbour project") and "lease" not in docs[0]
    assert "terminal" in docs[1]


LEADERS = "Chilean President Tomas Rojas met Peruvian President Ana Quispe in Lima on Monday. "


@pytest.mark.parametrize(
    "follow_up",
    [
        "Ministers signed nine agreements. They included a memorandum on fisheries and an agreement on mining investment.",
        "Ministers signed nine agreements. Among them were a memorandum on fisheries and an agreement on mining investment.",
        "Ministers signed nine agreements. They included a memorandum on fisheries and an agreement on mining investment, "
        "officials said.",
        "After the talks, the following documents were exchanged:\n\n- Memorandum on Fisheries\n\n- Agreement on Mining Investment",
    ],
)
def test_documents_named_after_a_count_or_a_list_cue(follow_up):
    f = facts(LEADERS + follow_up)
    docs = sorted(s.document.lower() for s in f.signings)
    assert docs == ["agreement on mining investment", "memorandum on fisheries"], docs
    assert all(s.parties == ["CL", "PE"] and s.date == "2025-03-10" for s in f.signings)


def test_documents_named_with_including_after_a_count():
    f = facts(LEADERS + "More than ten documents were signed during the visit, including an agreement on rail transit.")
    assert [s.document for s in f.signings] == ["agreement on rail transit"]


def test_a_count_with_no_names_after_it_stays_no_signing():
    f = facts(LEADERS + "Ministers signed nine agreements. They included officials from both trade ministries.")
    assert f.signings == []


@pytest.mark.parametrize(
    "sentence, document",
    [
        ("The two leaders signed a joint statement, the Lima Declaration on Andean Water Security.",
         "Lima Declaration on Andean Water Security"),
        ("Both congresses have ratified the Andes Treaty, the mutual defence treaty between Peru and Chile.", "Andes Treaty"),
    ],
)
def test_a_named_document_replaces_its_description(sentence, document):
    f = facts(LEADERS + sentence)
    assert [s.document for s in f.signings] == [document]


@pytest.mark.parametrize(
    "sentence",
    [
        "On Tuesday the Chilean cabinet approved a new housing levy framework.",
        "Earlier, Rojas chaired a Cabinet meeting that approved a new pension reform plan.",
    ],
)
def test_a_domestic_body_approving_something_is_no_signing(sentence):
    assert facts(LEADERS + sentence).signings == []


def test_a_parliament_approving_an_agreement_between_two_countries_is_a_signing():
    f = facts("The Peruvian parliament on Tuesday approved the agreement between Peru and Chile on fisheries.")
    assert [sorted(s.parties) for s in f.signings] == [["CL", "PE"]]


def test_an_organisation_summit_hosted_by_a_country_is_upcoming_not_a_meeting():
    f = facts("The African Union summit, which Kenya will host in Mombasa on May 17, is expected to focus on water.")
    assert [(u.event, u.location, u.date_from) for u in f.upcoming] == [("African Union summit", "Mombasa", "2025-05-17")]
    assert f.meetings == []


def test_a_sports_league_fixture_is_no_upcoming_event():
    assert facts("The Premier League match on Saturday will be played in London.").upcoming == []


def test_co_hosts_of_a_dialogue_met():
    f = facts("Chilean Finance Minister Ana Rojas and Peruvian Finance Minister Luis Quispe co-hosted the "
              "Chile-Peru Economic Dialogue in Lima on Monday.")
    assert [sorted(m.countries) for m in f.meetings] == [["CL", "PE"]]


def test_a_trilateral_summit_in_a_where_clause_takes_the_main_clause_date():
    f = facts("The two presidents will meet again on March 31 in the Uzbek city of Samarkand, where they will be joined "
              "by Kazakh President Nurlan Abenov for a trilateral summit.")
    assert [(u.event, u.location, u.date_from) for u in f.upcoming] == [("trilateral summit", "Samarkand", "2025-03-31")]


def test_an_unnamed_summit_is_still_no_upcoming_event():
    assert facts("Leaders will gather on Saturday for a summit.").upcoming == []


def test_a_city_the_model_mislabels_is_still_the_place():
    f = facts("Leaders will gather in Accra on Saturday for the Mercosur summit.")
    assert [(u.location, u.date_from) for u in f.upcoming] == [("Accra", "2025-03-15")]


def test_leaders_named_together_as_subject_hold_one_meeting():
    f = facts("Kenyan President Daniel Mwangi, Ghanaian President Kofi Mensah, Senegalese President Ousmane Ndiaye and "
              "Malian President Ibrahim Keita held an expanded meeting on trade in Nairobi on Monday.")
    m = only_meeting(f)
    assert sorted(m.countries) == ["GH", "KE", "ML", "SN"]


def test_one_leader_meeting_several_counterparts_is_one_meeting_each():
    f = facts("Kenyan President Daniel Mwangi met Ghanaian President Kofi Mensah, Senegalese President Ousmane Ndiaye "
              "and Malian President Ibrahim Keita on Monday.")
    assert sorted(sorted(m.countries) for m in f.meetings) == [["GH", "KE"], ["KE", "ML"], ["KE", "SN"]]


def test_a_trip_for_a_meeting_with_the_host_is_one_talks_entry():
    f = extract_article({"title": "News", "published": PUBLISHED, "source": "Example Office (gov.uk)",
                         "body": "Prime Minister Keir Walton said he will travel to Washington on Friday for a meeting "
                                 "with President Joe Parker at the White House."})
    m = only_meeting(f)
    assert (m.kind, sorted(m.countries), m.status) == ("talks", ["GB", "US"], "planned")


def test_a_trip_for_a_round_of_talks_is_talks_and_a_plain_trip_a_visit():
    f = facts("Chinese Vice Foreign Minister Li Wei will visit Islamabad next week for the fourth round of the "
              "strategic dialogue.")
    assert only_meeting(f).kind == "talks"
    assert only_meeting(facts("Chilean President Tomas Rojas will travel to Lima next week.")).kind == "visit"


def test_a_planned_trilateral_summit_is_upcoming_not_a_planned_bilateral():
    f = facts("The two presidents will meet again on March 31 in the Uzbek city of Samarkand, where they will be joined "
              "by Kazakh President Nurlan Abenov for a trilateral summit.")
    assert f.meetings == [] and len(f.upcoming) == 1


def test_a_sideline_meeting_at_a_summit_stays_a_meeting():
    f = facts("Kenyan President Daniel Mwangi will meet Ghanaian President Kofi Mensah on the sidelines of the "
              "African Union summit in Addis Ababa on Saturday.")
    assert [sorted(m.countries) for m in f.meetings] == [["GH", "KE"]]


@pytest.mark.parametrize(
    "sentence",
    [
        "Kenyan President Daniel Mwangi will meet Ghanaian President Kofi Mensah in Accra tomorrow, ahead of the "
        "Gulf of Guinea Summit.",
        "The minister will attend the Lima Conference on Water on 22-23 September, on the margins of the UN General Assembly.",
    ],
)
def test_an_event_named_only_as_the_backdrop_takes_no_date_from_the_clause(sentence):
    assert not any(u.event.endswith(("Gulf of Guinea Summit", "General Assembly")) for u in facts(sentence).upcoming)


def test_event_names_end_before_their_place_and_day():
    f = facts("The minister will attend the Lima Conference on Water in Lima on 22-23 September.")
    assert [(u.event, u.location, u.date_to) for u in f.upcoming] == [("Lima Conference on Water", "Lima", "2025-09-23")]


def test_a_country_in_a_summit_topic_is_not_its_venue():
    f = facts("Andean leaders will meet on Saturday for a special summit on the crisis in Venezuela.")
    assert [u.location for u in f.upcoming] == [None]


def test_an_event_to_be_held_on_a_day_is_planned_whoever_proposed_it():
    f = facts("The Andean Leaders' Meeting, to be held at the Andean Secretariat building in Lima on April 24, "
              "was proposed by Peru.")
    assert [(u.event, u.date_from, u.status) for u in f.upcoming] == [("Andean Leaders' Meeting", "2025-04-24", "planned")]


def test_a_described_summit_and_its_name_on_the_same_day_are_one_event():
    f = facts("Andean leaders will meet in Lima on April 24 for a special summit on the crisis in Venezuela. "
              "The Andean Leaders' Meeting, to be held at the Andean Secretariat building on April 24, was proposed by Peru.")
    assert [(u.event, u.date_from) for u in f.upcoming] == [("Andean Leaders' Meeting", "2025-04-24")]


def test_an_explicit_day_beats_a_vague_span_in_the_same_clause():
    f = facts("The minister will later this month attend the Lima Conference on Water in Lima on 22-23 March.")
    assert [(u.date_from, u.date_to) for u in f.upcoming] == [("2025-03-22", "2025-03-23")]


def test_guests_hosted_for_one_summit_are_one_meeting():
    f = facts("Kenyan President Daniel Mwangi hosted Ghanaian President Kofi Mensah and Malian President Ibrahim Keita "
              "in Nairobi for the first summit of the Lake Alliance.")
    assert sorted(only_meeting(f).countries) == ["GH", "KE", "ML"]


def test_counterparts_and_places_coordinated_pair_in_order():
    f = facts("Senegalese President Amadou Sall met Malian President Assane Keita and Guinean President Alpha Conde "
              "in Bamako and Conakry at the end of May.")
    assert sorted((tuple(sorted(m.countries)), m.location) for m in f.meetings) == [
        (("GN", "SN"), "Conakry"), (("ML", "SN"), "Bamako")]


def test_documents_named_after_a_total_of_count():
    f = facts(LEADERS + "Following the talks, a total of 12 documents were signed and exchanged. Among them were an "
              "agreement on fisheries and a memorandum on tourism.")
    assert sorted(s.document for s in f.signings) == ["agreement on fisheries", "memorandum on tourism"]


def test_a_headline_restating_a_body_signing_adds_no_entry_and_no_parties():
    f = facts("Egyptian President Ahmed Karim and European Commission President Lena Hartmann signed the Joint "
              "Declaration on the Strategic Partnership between Egypt and the European Union in Cairo on Sunday.",
              title="Karim, Maltese and Cypriot leaders sign strategic partnership declaration in Cairo")
    assert len(f.signings) == 1
    assert sorted(f.signings[0].parties) == ["EG", "EU"]


def test_an_undated_signing_takes_the_day_of_the_talks_between_its_parties():
    f = facts(LEADERS + "After the talks, the following documents were exchanged:\n\n- Memorandum on Fisheries")
    assert [(s.document, s.date) for s in f.signings] == [("Memorandum on Fisheries", "2025-03-10")]



def test_talks_before_a_past_agreement_are_held_and_dated_in_the_past():
    m = only_meeting(facts("Chilean President Tomas Rojas and Peruvian President Ana Quispe agreed Friday to reopen "
                           "the border after talks in Lima."))
    assert (m.status, m.date) == ("held", "2025-03-07")


def test_agreeing_to_meet_is_still_planned():
    m = only_meeting(facts("Chilean President Tomas Rojas and Peruvian President Ana Quispe agreed on Monday to meet "
                           "again in Lima next month."))
    assert m.status == "planned"


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("Chilean Foreign Minister Tomas Rojas is due in Lima in early April for talks with Peruvian Foreign Minister "
         "Ana Quispe.", "planned"),
        ("Peruvian President Ana Quispe was to host Chilean President Tomas Rojas in Lima on Thursday, but the visit "
         "was called off.", "cancelled"),
        ("Peruvian President Ana Quispe hosted Chilean President Tomas Rojas in Lima on Thursday, and the visit was "
         "hailed as a success.", "held"),
    ],
)
def test_due_in_and_was_to_and_a_called_off_visit(sentence, status):
    assert only_meeting(facts(sentence)).status == status


def test_will_not_travel_for_talks_is_no_event():
    assert facts("Chilean President Tomas Rojas will not travel to Lima next week for talks with Peruvian President "
                 "Ana Quispe.").meetings == []


def test_a_trip_to_coordinated_destinations_is_one_visit_each():
    f = facts("Chilean Foreign Minister Ana Rojas visited Peru and Bolivia last week to rally support for the plan.")
    assert sorted((m.kind, m.location) for m in f.meetings) == [("visit", "Bolivia"), ("visit", "Peru")]


def test_a_bilateral_dialogue_round_is_no_multilateral_event():
    assert facts("The fourth round of the Peru-Chile Strategic Dialogue will be held in Lima on March 20.").upcoming == []
    assert [u.event for u in facts("The Shangri-La Dialogue will be held in Singapore on March 20.").upcoming] == [
        "Shangri-La Dialogue"]


def test_meeting_someone_at_a_parliament_building_is_no_upcoming_event():
    f = facts("On April 23, President Tomas Rojas will meet the President of the Senate, Senator Ana Quispe, at the "
              "National Congress.")
    assert f.upcoming == []


def test_an_organisation_s_leaders_gathering_for_their_summit_names_it():
    f = facts("SADC heads of state meet in the Zambian capital Lusaka on Sunday for their own summit.")
    assert [(u.event, u.date_from) for u in f.upcoming] == [("SADC summit", "2025-03-16")]
    assert facts("Leaders meet in Lusaka on Sunday for their own summit.").upcoming == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Minister of Foreign Affairs of the Republic of Estonia Karl Tamm held a telephone conversation with "
        "Minister of Foreign Affairs of the Republic of Chile Tomas Rivera.",
        "Deputy Prime Minister - Minister of Foreign Affairs of the Republic of Estonia Karl Tamm held a telephone "
        "conversation with Minister of Foreign Affairs of the Republic of Chile Tomas Rivera.",
    ],
)
def test_long_official_titles_introduce_names_ner_missed(sentence):
    # names after a long title "<Role> of <official country name> Given Surname", even when the small model
    # tags the last surname alone as a place
    m = only_meeting(facts(sentence))
    assert names(m) == {"Karl Tamm", "Tomas Rivera"}
    assert m.kind == "call"
    assert set(m.countries) == {"EE", "CL"}


def test_a_country_name_with_an_elided_particle_is_a_side():
    m = only_meeting(facts("President Kwame Boateng held talks with President Jean Kouassi of Côte d'Ivoire on Monday."))
    assert names(m) == {"Kwame Boateng", "Jean Kouassi"}
    assert "CI" in m.countries
    assert m.date == "2025-03-10"


def test_a_country_entity_that_ran_on_over_the_name_gives_the_name_back():
    # the small model tags "the Republic of Türkiye Selçuk Aydoğdu" as one GPE: the country ends the place
    m = only_meeting(facts(
        "Minister of Foreign Affairs of the Republic of Estonia Karl Tamm held a telephone conversation with "
        "Minister of Foreign Affairs of the Republic of Türkiye Selçuk Aydoğdu."
    ))
    assert names(m) == {"Karl Tamm", "Selçuk Aydoğdu"}
    assert set(m.countries) == {"EE", "TR"}
    assert m.kind == "call"


def test_the_two_leaders_are_the_last_two_persons_named():
    f = facts("Kenyan President Daniel Mwangi postponed a planned meeting with Ugandan President Paul Okello. "
              "The two leaders spoke by telephone on Monday evening, the Ugandan president's office said.")
    call = next(m for m in f.meetings if m.kind == "call")
    assert names(call) == {"Daniel Mwangi", "Paul Okello"}
    assert set(call.countries) == {"KE", "UG"}
    assert (call.status, call.date) == ("held", "2025-03-10")


def test_both_leaders_will_meet_names_them():
    f = facts("Kenyan President Daniel Mwangi and Ugandan President Paul Okello disagree on tariffs.\n\n"
              "Both leaders will meet in Nairobi on March 20.")
    m = only_meeting(f)
    assert names(m) == {"Daniel Mwangi", "Paul Okello"}
    assert (m.status, m.date, m.location) == ("planned", "2025-03-20", "Nairobi")


def test_a_name_mislabelled_as_a_place_after_a_title_is_a_person():
    # the small model tags "Lucas Prado" as a GPE; no place has that name and a title stands right before it
    m = only_meeting(facts("President Lucas Prado held a bilateral meeting with Chilean President Diego Fuentes on Monday."))
    assert names(m) == {"Lucas Prado", "Diego Fuentes"}
    assert m.date == "2025-03-10"


def test_two_capital_initials_start_a_name_not_a_country():
    # "KP" is also North Korea's code; before a name it is initials
    f = facts("Prime Minister KP Rana Dahal held talks with Chinese Premier Zhou Ming in Beijing on Monday.")
    m = only_meeting(f)
    assert "KP Rana Dahal" in names(m)
    assert "KP" not in m.countries and "KP" not in f.countries


def test_a_short_surname_alone_links_to_the_full_name():
    f = facts("Nepalese Prime Minister Arjun Oli arrived in Delhi on Sunday.\n\n"
              "Oli is scheduled to meet Indian President Ravi Menon in Delhi on March 14.")
    talks = [m for m in f.meetings if m.kind == "talks"]
    assert len(talks) == 1 and names(talks[0]) == {"Arjun Oli", "Ravi Menon"}
    assert (talks[0].status, talks[0].date) == ("planned", "2025-03-14")


def test_counterpart_met_abroad_is_of_the_city_country_when_both_countries_are_guessed():
    # a national paper: neither person's country is stated, so both get the source's; the one met in a
    # foreign capital is of that country
    f = extract_article({"title": "Diplomatic news", "published": PUBLISHED, "source": "The Kathmandu Post",
                         "body": "Prime Minister Arjun Thapa is scheduled to meet President Wei Lan in Beijing on Friday."})
    m = only_meeting(f)
    assert names(m) == {"Arjun Thapa", "Wei Lan"}
    assert set(m.countries) == {"NP", "CN"}
    assert (m.status, m.date, m.location) == ("planned", "2025-03-14", "Beijing")


def test_a_bare_the_minister_is_the_minister_the_story_is_about():
    f = facts("Foreign Minister Anna Berg will travel to Kenya and Uganda next week.\n\n"
              "Foreign Minister Berg will hold talks in Nairobi on March 17 with Kenya's Foreign Minister Peter Otieno.\n\n"
              "Ahead of her trip, the Minister held a video call on Monday with Uganda's Minister of Foreign Affairs, John Okot.")
    call = next(m for m in f.meetings if m.kind == "call")
    assert names(call) == {"Anna Berg", "John Okot"}
    assert (call.status, call.date) == ("held", "2025-03-10")


def test_a_venue_in_a_city_is_one_place_and_the_headline_merges_into_it():
    f = facts("President Kwame Boateng held talks with President Jean Kouassi of Senegal at the State House in Dakar "
              "on Monday.", title="Boateng, Kouassi hold talks in Dakar")
    m = only_meeting(f)
    assert m.location == "State House, Dakar"
    assert m.location_country == "SN"
    assert names(m) == {"Kwame Boateng", "Jean Kouassi"}


def test_dotted_initials_inside_a_name_keep_the_person():
    m = only_meeting(facts("Foreign Minister Siti R.P. Wulandari of Indonesia met United States Secretary of State "
                           "Paul Grant in Surabaya on Monday."))
    assert names(m) == {"Siti R.P. Wulandari", "Paul Grant"}
    assert set(m.countries) == {"ID", "US"}


def test_a_call_word_that_is_not_what_the_two_leaders_did_is_no_call():
    f = facts("Kenyan President Daniel Mwangi held talks with Ugandan President Paul Okello in Nairobi on Monday. "
              "The two leaders witnessed, via video link, the opening of a new railway line.")
    assert [m.kind for m in f.meetings] == ["talks"]


def test_an_abbreviated_honorific_does_not_end_the_sentence_before_the_name():
    m = only_meeting(facts("Prime Minister Arvind Rao held a virtual summit with the Prime Minister of Canada, "
                           "the Hon. Paul Gagnon, on Monday."))
    assert names(m) == {"Arvind Rao", "Paul Gagnon"}
    assert m.kind == "call"
    assert "CA" in m.countries


def test_the_meeting_in_a_neighbouring_clause_does_not_take_the_speculated_pair():
    f = facts("Kenyan President Daniel Mwangi arrived in Kampala on Monday. Trade is expected to dominate the meeting, "
              "and there is speculation that Mr Mwangi could meet Ugandan President Paul Okello on the sidelines.")
    assert [m.kind for m in f.meetings] == ["visit"]


def test_the_first_meeting_held_by_two_sides_is_still_a_meeting():
    f = facts("The European Union and Cuba restarted their dialogue and will hold the first meeting on March 20.")
    m = only_meeting(f)
    assert set(m.countries) == {"EU", "CU"}
    assert (m.status, m.date) == ("planned", "2025-03-20")


def test_talks_between_persons_introduced_by_security_roles_in_apposition():
    m = only_meeting(facts("The deal followed talks in Geneva between Omar Haddad, secretary of Jordan's National "
                           "Security Council, and Karim Nasser, Lebanon's national security adviser."))
    assert names(m) == {"Omar Haddad", "Karim Nasser"}
    assert set(m.countries) == {"JO", "LB"}
    assert (m.status, m.location) == ("held", "Geneva")


@pytest.mark.parametrize("visitor", ["Norwegian Prime Minister Anna Berg", "the Prime Minister of Norway"])
def test_the_visit_of_someone_to_a_country_is_a_planned_visit(visitor):
    # "to Chile" is parsed onto the main verb; the role-only form links to the one prime minister named
    f = facts("The minister conveyed greetings from Prime Minister Anna Berg of Norway. Special attention was paid to "
              f"preparations for the upcoming official visit of {visitor} to Chile.")
    m = only_meeting(f)
    assert names(m) == {"Anna Berg"}
    assert (m.kind, m.status, m.location) == ("visit", "planned", "Chile")
    assert set(m.countries) == {"NO", "CL"}
