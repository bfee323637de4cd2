"""Meeting rules written for the phrasings of real news (issue 11), each on invented sentences."""

from __future__ import annotations

import pytest

from briefings.extract import extract_article
from briefings.extract.entities import home_country


def facts(body: str, title: str = "News", published: str = "2024-05-10", source: str | None = None):
    return extract_article({"title": title, "published": published, "body": body, "source": source})


def meetings(body: str, **kw) -> list[dict]:
    return facts(body, **kw).to_record("x")["meetings"]


def test_source_country_in_parentheses():
    assert home_country("The Morning Herald (Kenya)") == "KE"
    assert home_country("Daily Courier (via Wire)") is None


def test_bare_title_takes_the_country_the_article_is_told_from():
    body = ("Portugal wants closer ties with Germany, the government said. Portugal and its partners met last year.\n\n"
            "Prime Minister Rui Tavares will meet German Chancellor Klaus Brenner in Berlin on Friday.")
    found = meetings(body, title="Portugal seeks deeper ties")
    assert [sorted(m["countries"]) for m in found] == [["DE", "PT"]]


def test_persons_all_of_one_country_are_no_meeting():
    body = ("Iranian Foreign Minister Reza Karimi separately met Iranian President Hamid Moradi and Iraqi "
            "Prime Minister Ali Hamdani in Tehran.")
    found = meetings(body)
    assert found and all(len(set(m["countries"])) >= 2 for m in found)


def test_a_guessed_home_country_yields_to_the_trip():
    body = "The new envoy, Mark Dalton, arrived in Israel for talks on May 3."
    found = meetings(body, source="The Israel Courier")
    assert found and found[0]["location"] == "Israel"
    assert "Mark Dalton" in found[0]["participants"]


def test_a_trip_to_a_region_including_countries_is_one_visit_each():
    found = meetings("Polish Foreign Minister Jan Nowak will pay a visit to Asia between 8-14 May, including Japan, "
                     "Vietnam, Laos and Cambodia.")
    assert sorted(m["location"] for m in found) == ["Cambodia", "Japan", "Laos", "Vietnam"]
    assert all(m["countries"][0] == "PL" and m["status"] == "planned" for m in found)


def test_several_visitors_of_different_countries_each_visit():
    found = meetings("The Danish Foreign Minister Lars Holm, Chilean Foreign Minister Ana Rojas and Kenyan Foreign "
                     "Minister Paul Otieno pay official visits to Japan from May 12 to 18.")
    assert sorted(m["participants"][0] for m in found) == ["Ana Rojas", "Lars Holm", "Paul Otieno"]
    assert all(set(m["countries"]) - {"JP"} for m in found)


def test_the_tour_of_the_previous_sentence_is_the_travellers():
    found = meetings("Polish Foreign Minister Jan Nowak will make a tour to Asian countries from May 3-9.\n\n"
                     "The tour includes official visits to Japan, Vietnam and Laos.")
    assert sorted(m["location"] for m in found) == ["Japan", "Laos", "Vietnam"]
    assert all(m["participants"] == ["Jan Nowak"] and m["status"] == "planned" for m in found)


@pytest.mark.parametrize("region", ["Asia", "the Gulf", "Latin America"])
def test_a_region_is_no_destination_country(region):
    from briefings.geo import resolve_place

    assert resolve_place(region) is None
    assert resolve_place("Paris").country == "FR"


def test_one_person_meeting_several_counterparts_of_one_country_is_one_meeting_each():
    found = meetings("Chilean Deputy Minister Jorge Pardo held work meetings with Peruvian Health Minister Rosa Quispe, "
                     "Energy Minister Luis Salas and Transport Minister Marta Vidal.")
    pairs = sorted(tuple(sorted(m["participants"])) for m in found)
    assert pairs == [("Jorge Pardo", "Luis Salas"), ("Jorge Pardo", "Marta Vidal"), ("Jorge Pardo", "Rosa Quispe")]
    assert all(sorted(m["countries"]) == ["CL", "PE"] for m in found)


def test_a_title_alone_is_no_person():
    body = "Prime Minister Daniel Okafor received State Councillor and Minister of Public Security Wei Lan of China."
    names = {p for m in meetings(body, source="The Lagos Ledger") for p in m["participants"]}
    assert "Councillor" not in names and "State Councillor" not in names


def test_an_abbreviated_role_links_to_its_holder():
    body = ("Chile's Deputy Prime Minister Jorge Pardo is on a visit to Peru.\n\n"
            "Earlier, the Deputy PM held talks with the Peruvian heads of Health, Rosa Quispe; "
            "Energy, Luis Salas, and Transport, Marta Vidal.")
    found = [m for m in meetings(body) if m["kind"] == "talks"]
    assert {p for m in found for p in m["participants"]} >= {"Jorge Pardo", "Rosa Quispe", "Luis Salas"}
    assert all(sorted(m["countries"]) == ["CL", "PE"] for m in found)


def test_those_the_traveller_meets_on_the_trip_are_of_the_host_country():
    body = ("Norwegian Minister of Trade Ola Berg will visit Ghana from 3 to 6 May at the invitation of Dr Kofi Mensah.\n\n"
            "Minister Berg will also be hosted to a dinner by Dr Kofi Mensah and meet with Finance Minister Kwame Asante.")
    found = meetings(body)
    talks = [m for m in found if m["kind"] == "talks"]
    assert {p for m in talks for p in m["participants"]} >= {"Ola Berg", "Kofi Mensah", "Kwame Asante"}
    assert all(sorted(m["countries"]) == ["GH", "NO"] for m in talks)


def test_a_release_leader_who_spoke_with_a_foreign_president_met_them():
    body = "Anna Berg spoke with President of Kenya Daniel Mwangi following the regional summit."
    found = meetings(body, source="President of Sweden (government.se)")
    assert [sorted(m["countries"]) for m in found] == [["KE", "SE"]]
    assert found[0]["kind"] == "talks"


def test_spoke_with_reporters_is_no_meeting():
    assert meetings("The Kenyan president spoke with reporters in Nairobi.", source="Daily Nation (Kenya)") == []


def test_a_videoconference_is_a_call():
    found = meetings("Kenyan President Daniel Mwangi and Swedish Prime Minister Anna Berg held a videoconference on Monday.")
    assert [m["kind"] for m in found] == ["call"]


def test_travel_to_attend_an_upcoming_summit_is_no_visit():
    body = ("President Maria Lopes of Brazil will visit Kenya and Ghana. On November 11, she will attend the "
            "Africa Climate Summit in Nairobi, Kenya.")
    found = meetings(body, published="2025-10-20")
    assert [m["location"] for m in found] == ["Ghana"]


def test_attending_a_gathering_held_is_one_meeting_of_those_taking_part():
    body = ("Kenyan President Daniel Mwangi took part in the Africa-Nordic summit via videoconference.\n\n"
            "The leaders discussed trade. Taking part in the summit were Norwegian Prime Minister Ola Berg, "
            "President of Finland Aino Virtanen and Prime Minister of Denmark Lars Holm.")
    found = meetings(body)
    assert len(found) == 1 and found[0]["kind"] == "call"
    assert set(found[0]["participants"]) == {"Daniel Mwangi", "Ola Berg", "Aino Virtanen", "Lars Holm"}
    assert set(found[0]["countries"]) == {"KE", "NO", "FI", "DK"}


def test_attending_a_domestic_meeting_or_a_planned_summit_is_no_meeting():
    assert meetings("Kenyan President Daniel Mwangi attended the cabinet meeting in Nairobi.") == []
    assert meetings("Kenyan President Daniel Mwangi will attend the summit in Addis Ababa on Friday.") == []


@pytest.mark.parametrize("source, code", [("The White House", "US"), ("Daily Mirror (Sri Lanka)", "LK"),
                                          ("Reuters (via Wire)", None)])
def test_a_source_named_after_a_seat_of_government_or_a_bracketed_country(source, code):
    assert home_country(source) == code


def test_a_readout_leader_named_bare_is_of_the_seat_of_government():
    found = meetings("President Daniel Mwangi met today with Prime Minister Lars Holm of Denmark.",
                     source="The White House")
    assert [sorted(m["countries"]) for m in found] == [["DK", "US"]]


def test_hard_wrapped_lines_read_as_one_sentence():
    body = ("Vice President Anna Berg met today with King Hussein\nof Jordan at the palace.\xa0 The Vice\n"
            "President reaffirmed the partnership.")
    f = facts(body, source="The White House")
    rec = f.to_record("x")
    assert [sorted(m["countries"]) for m in rec["meetings"]] == [["JO", "US"]]
    start, end = rec["meetings"][0]["evidence"][0]
    assert body[start:end].startswith("Vice President Anna Berg met today")


def test_a_capital_the_model_left_untagged_is_still_the_destination():
    found = meetings("Prime Minister of Bulgaria Kiril Petkov paid a visit to Kyiv today.")
    assert [(m["location"], sorted(m["countries"])) for m in found] == [("Kyiv", ["BG", "UA"])]


def test_a_title_case_headline_is_read_in_sentence_case():
    from briefings.extract.pipeline import sentence_case_title

    body = ["Kenyan President Daniel Mwangi landed in Kigali on Tuesday, starting a state visit hosted by "
            "President Jean Habimana."]
    assert sentence_case_title("Kenyan President Mwangi Begins State Visit To Rwanda", body) == \
        "Kenyan President Mwangi begins state visit to Rwanda"
    assert sentence_case_title("Mwangi begins a state visit to Rwanda", body) == "Mwangi begins a state visit to Rwanda"
    f = facts(body[0], title="Indian Prime Minister Rao Meets Chinese President Liu In Beijing")
    names = {p.name for p in f.persons}
    assert "Rao Meets" not in names and "Liu In" not in names


def test_the_speaker_held_the_talks_they_speak_after():
    found = meetings("President Anna Berg of Sweden said this following talks with President of Kenya Daniel Mwangi "
                     "in Stockholm.")
    assert [sorted(m["participants"]) for m in found] == [["Anna Berg", "Daniel Mwangi"]]


def test_an_office_met_named_by_its_country_is_a_side():
    found = meetings("Swedish Prime Minister Anna Berg went to Nairobi, where she met the President of Kenya.")
    assert any(sorted(m["countries"]) == ["KE", "SE"] and m["kind"] == "talks" for m in found)


def test_the_vice_president_is_not_the_president():
    body = "President Daniel Mwangi will visit Ghana.\n\nThe Vice President will then travel to Abuja."
    found = meetings(body, source="Daily Nation (Kenya)")
    assert [m["location"] for m in found] == ["Ghana"]


def test_a_companion_on_the_flight_is_no_host_and_the_origin_no_destination():
    found = meetings("Estonian Prime Minister Mari Kask flew to Berlin late on Monday together with German Chancellor "
                     "Otto Brandt directly from the summit in Brussels.")
    assert [(m["kind"], m["location"], m["participants"]) for m in found] == [("visit", "Berlin", ["Mari Kask"])]


def test_a_past_summit_named_by_its_sides_is_a_meeting_of_those_sides():
    found = meetings("The previous Russia-ASEAN summit was held in Singapore in 2018.", published="2024-11-01")
    assert [(sorted(m["countries"]), m["location"]) for m in found] == [(["ASEAN", "RU"], "Singapore")]
    assert meetings("The next Kenya-Uganda summit will be held in Nairobi in December.", published="2024-11-01") == []
    assert meetings("On the sidelines of the Kenya-Uganda summit, the ministers spoke.", published="2024-11-01") == []


def test_a_release_meeting_with_a_foreigner_is_the_source_country_s():
    body = "During the meeting with President of Poland Jan Nowak, the issue of energy was discussed."
    found = meetings(body, source="President of Ukraine (president.gov.ua)")
    assert [sorted(m["countries"]) for m in found] == [["PL", "UA"]]
    assert meetings(body) == []  # no source country: no side to add


def test_several_ministers_paying_visits_at_an_invitation_each_visit_and_the_inviter_hosts_none():
    body = ("At the invitation of Kenyan Foreign Minister Paul Otieno, Danish Foreign Minister Lars Holm, Chilean "
            "Foreign Minister Ana Rojas and Polish Foreign Minister Jan Nowak pay official visits to Kenya from "
            "May 12 to 18.")
    found = meetings(body)
    assert sorted(m["participants"][0] for m in found) == ["Ana Rojas", "Jan Nowak", "Lars Holm"]
    assert all(m["kind"] == "visit" and m["location"] == "Kenya" for m in found)


def test_a_release_in_the_first_person_or_a_subjectless_headline_is_the_source_country_s():
    found = meetings("I spoke with President of France Paul Girard about sanctions.",
                     source="President of Ukraine (president.gov.ua)")
    assert [sorted(m["countries"]) for m in found] == [["FR", "UA"]]
    found = meetings("The leaders discussed gas supplies.", title="Telephone conversation with President of Belarus "
                     "Anton Sidorov", source="President of Russia (kremlin.ru)")
    assert [(sorted(m["countries"]), m["kind"]) for m in found] == [(["BY", "RU"], "call")]


def test_left_for_and_headed_to_are_trips():
    found = meetings("Prime Minister Jan Nowak of Poland left for Hungary on Monday.", published="2022-03-10")
    assert [(m["kind"], m["location"]) for m in found] == [("visit", "Hungary")]
    assert meetings("Prime Minister Jan Nowak of Poland left the room for a break.") == []


def test_presenting_credentials_is_a_meeting():
    body = ("The new Ambassador of Chile to Kenya, Ana Rojas, presented her credentials to President Daniel Mwangi "
            "at State House on Tuesday.")
    found = meetings(body, source="Daily Nation (Kenya)", published="2022-03-10")
    assert [sorted(m["countries"]) for m in found] == [["CL", "KE"]]


def test_the_two_sides_are_the_last_two_countries_named():
    body = "Kenya and Uganda signed a trade pact last year.\n\nThe two sides held talks in Nairobi on Monday."
    found = meetings(body, published="2022-03-10")
    assert [(sorted(m["countries"]), m["location"]) for m in found] == [(["KE", "UG"], "Nairobi")]


def test_the_country_one_departs_is_no_destination():
    found = meetings("Polish President Jan Nowak will depart Poland for Romania on Thursday.", published="2022-05-02")
    assert [m["location"] for m in found] == ["Romania"]


def test_group_nouns_are_no_persons_and_list_lines_stay_apart():
    body = ("The Mwangi Administration is in contact with European Allies.\n- Kenyan President Daniel Mwangi met "
            "Danish Prime Minister Lars Holm.\n- Polish President Jan Nowak met Chilean President Ana Rojas.")
    f = facts(body, source="The White House")
    names = {p.name for p in f.persons}
    assert not names & {"Mwangi Administration", "European Allies"}
    pairs = sorted(tuple(sorted(m["participants"])) for m in f.to_record("x")["meetings"])
    assert pairs == [("Ana Rojas", "Jan Nowak"), ("Daniel Mwangi", "Lars Holm")]


def test_persons_of_an_event_nested_in_the_phrase_are_not_participants():
    body = ("Kenyan Foreign Minister Grace Otieno met Minister Liu Wei of China to follow up on the recent meeting "
            "between Danish Prime Minister Lars Holm and Chilean President Ana Rojas.")
    pairs = sorted(tuple(sorted(m["participants"])) for m in meetings(body))
    assert ("Grace Otieno", "Liu Wei") in pairs
    assert not any("Grace Otieno" in p and ("Lars Holm" in p or "Ana Rojas" in p) for p in pairs)


def test_bilateral_meetings_in_several_places_each_take_their_own_day():
    body = ("Minister Jan Nowak of Poland will hold bilateral meetings in Zambia on 11 January, in Rwanda on "
            "12 January, and in Gabon on 13 January.")
    found = meetings(body, published="2023-01-07")
    assert sorted((m["location"], m["date"], m["status"]) for m in found) == [
        ("Gabon", "2023-01-13", "planned"), ("Rwanda", "2023-01-12", "planned"), ("Zambia", "2023-01-11", "planned")]


def test_the_antecedent_of_who_met_is_a_participant_though_the_main_verb_reports():
    body = ("Japanese Prime Minister Kenji Sato, who met Kenyan President Daniel Mwangi on Friday, said the two "
            "countries would deepen cooperation.")
    found = meetings(body, published="2022-03-10")
    assert [sorted(m["participants"]) for m in found] == [["Daniel Mwangi", "Kenji Sato"]]


def test_a_trip_for_a_summit_with_a_leader_is_talks_and_their_summit_is_a_meeting():
    found = meetings("South Korean President Lee Min will travel to Nairobi next week for a summit with President "
                     "Daniel Mwangi of Kenya.")
    assert [(m["kind"], sorted(m["countries"])) for m in found] == [("talks", ["KE", "KR"])]
    found = meetings("Japanese Prime Minister Kenji Sato and Kenyan President Daniel Mwangi agreed to strengthen ties at "
                     "their summit in Lima.")
    assert [(sorted(m["countries"]), m["location"]) for m in found] == [(["JP", "KE"], "Lima")]


def test_an_organisation_s_members_meeting_in_a_country_are_the_organisation_and_the_host():
    found = meetings("ASEAN leaders met in Vientiane on Friday.", published="2022-03-10")
    assert [(sorted(m["countries"]), m["location"]) for m in found] == [(["ASEAN", "LA"], "Vientiane")]


def test_a_coming_gathering_of_an_organisation_is_no_planned_meeting():
    assert meetings("ASEAN leaders will meet in Vientiane next month.", published="2022-03-10") == []


@pytest.mark.parametrize("body", ["Kenyan President Daniel Mwangi refused to meet Ugandan President Paul Kato.",
                                  "Kenyan President Daniel Mwangi declined to meet Ugandan President Paul Kato.",
                                  "The Kenyan president called for talks between Israel and Egypt."])
def test_refusals_and_appeals_are_no_meetings(body):
    assert meetings(body) == []


def test_a_message_received_from_a_leader_is_no_meeting():
    assert meetings("Kenyan President Daniel Mwangi received a message of greeting from Chinese President Li Wei.") == []
