"""Attributes of meetings (date, place, status) on phrasings of real news (issue 11), each on invented sentences."""

from __future__ import annotations

from briefings.extract import extract_article
from briefings.extract.facts import Evidence, Meeting, Person
from briefings.extract.merge import merge_meetings
from briefings.extract.reader import is_dateline


def meetings(body: str, title: str = "News", published: str = "2024-05-09") -> list[dict]:
    """Meetings of an invented article (2024-05-09 is a Thursday)."""
    return extract_article({"title": title, "published": published, "body": body}).to_record("x")["meetings"]


def test_the_day_of_the_report_is_not_the_meeting_day():
    found = meetings("Chilean Foreign Minister Ana Ruiz will pay an official visit to Norway from May 14 to 16, "
                     "ministry spokesman Pablo Vidal announced on Thursday.")
    assert found and all(m["date"] is None for m in found)
    said = meetings("Chilean Foreign Minister Ana Ruiz held talks with Norwegian Prime Minister Erik Lund, "
                    "the ministry said on Thursday.")
    assert said and said[0]["date"] is None


def test_the_day_of_a_source_statement_is_not_the_meeting_day():
    found = meetings("According to a statement released by the presidency on Thursday, Chilean President Ana Ruiz "
                     "held a phone conversation with Norwegian Prime Minister Erik Lund.")
    assert found and found[0]["kind"] == "call" and found[0]["date"] is None


def test_a_meeting_day_stated_with_the_report_is_kept():
    found = meetings("Chilean President Ana Ruiz met Norwegian Prime Minister Erik Lund in Oslo on Wednesday, "
                     "the ministry said.")
    assert found and found[0]["date"] == "2024-05-08"


def test_dateline():
    text = "OSLO, May 9 (Wire) -- Chilean President Ana Ruiz met Erik Lund."
    assert is_dateline(text, 6, 11)
    text = "Lima, 9 May / Wire / Ruiz met Lund."
    assert is_dateline(text, 6, 11)
    text = "On May 9 Ruiz met Lund."
    assert not is_dateline(text, 3, 8)


def test_a_dateline_does_not_date_the_meeting():
    found = meetings("OSLO, May 9 (Wire) -- Chilean Foreign Minister Ana Ruiz will pay an official visit to Norway "
                     "from May 14 to 16.")
    assert found and all(m["date"] is None for m in found)


def test_the_day_of_the_return_is_not_the_day_of_the_talks_before_it():
    found = meetings("Chilean President Ana Ruiz returned to Santiago on Wednesday after talks with Norwegian "
                     "Prime Minister Erik Lund.")
    assert found and found[0]["date"] is None and found[0]["status"] == "held"


def test_the_day_of_another_event_in_an_after_phrase_is_not_the_meeting_day():
    found = meetings("Chilean President Ana Ruiz held talks with Norwegian Prime Minister Erik Lund, his first trip "
                     "after his inauguration on March 19.")
    assert found and found[0]["date"] is None


def test_the_day_a_visit_is_postponed_is_not_the_visit_day():
    found = meetings("Chilean Foreign Minister Ana Ruiz on Wednesday postponed her official visit to Norway.")
    assert found and found[0]["status"] == "cancelled" and found[0]["date"] is None


def test_a_call_set_for_a_weekday_in_the_past_is_read_in_the_past():
    found = meetings("Chilean President Ana Ruiz spoke by phone with Norwegian Prime Minister Erik Lund. After brief "
                     "consultations, a call between President Ruiz and Prime Minister Lund was scheduled Monday night.")
    assert [(m["kind"], m["status"], m["date"]) for m in found] == [("call", "held", "2024-05-06")]


def test_talks_told_as_previous_do_not_take_the_day_of_the_context():
    found = meetings("On Wednesday, Chilean Foreign Minister Ana Ruiz held talks with Norwegian Prime Minister Erik Lund "
                     "in Oslo.\n\nPreviously, Minister Ruiz held talks with Norwegian Trade Minister Ola Berg.")
    days = {tuple(sorted(m["participants"])): m["date"] for m in found}
    assert days[("Ana Ruiz", "Erik Lund")] == "2024-05-08"
    assert days[("Ana Ruiz", "Ola Berg")] is None


def test_told_earlier():
    from briefings.extract.context import told_earlier

    assert told_earlier("Previously, the minister met X.")
    assert told_earlier("Before that, she visited Y.")
    assert not told_earlier("Previousness is not a cue.")
    assert not told_earlier("The minister previously met X.")


def test_talks_on_the_same_day_take_the_day_of_the_meeting_before():
    found = meetings("Chilean Foreign Minister Ana Ruiz has begun a tour of Europe. She is due to meet her Danish "
                     "counterpart, Lars Holm, in Copenhagen on Monday. She will also hold talks with the Danish prime "
                     "minister, Mette Dahl, on the same day.")
    days = {tuple(sorted(m["participants"])): m["date"] for m in found}
    assert days[("Ana Ruiz", "Lars Holm")] == "2024-05-13"
    assert days[("Ana Ruiz", "Mette Dahl")] == "2024-05-13"


def test_a_visit_postponed_to_a_new_day_is_planned_on_that_day():
    found = meetings("Peruvian Foreign Minister Ana Ruiz's visit to Chile has been postponed until May 20 due to changes "
                     "in her schedule, the ministry said.\n\nThe ministry informed of the postponement of her working "
                     "visit to Chile.")
    assert [(m["status"], m["date"]) for m in found] == [("planned", "2024-05-20")]


def test_a_visit_postponed_with_no_new_day_is_cancelled():
    found = meetings("Peruvian Foreign Minister Ana Ruiz's visit to Chile has been postponed to a later date.")
    assert [(m["status"], m["date"]) for m in found] == [("cancelled", None)]


def test_a_plan_told_in_the_past_for_a_day_gone_by_is_no_plan_to_borrow():
    found = meetings("Peruvian Foreign Minister Ana Ruiz telephoned her Chilean counterpart Pablo Soto to explain the "
                     "postponement of her visit to Chile.\n\n\"I was scheduled to depart for Chile on May 6 on your "
                     "invitation,\" the minister told her counterpart.\n\nRuiz was scheduled to hold discussions and "
                     "meetings with Chilean dignitaries including President Marta Vidal and Foreign Minister Pablo Soto.")
    vidal = [m for m in found if "Marta Vidal" in m["participants"]]
    assert vidal and vidal[0]["date"] is None


def test_a_city_of_the_trip_country_is_the_more_precise_place():
    found = meetings("During her talks with Norwegian Prime Minister Erik Lund, Chilean President Ana Ruiz noted that she "
                     "is paying her first official visit to Norway.\n\nRuiz is on an official visit to Oslo, her first "
                     "since taking office.")
    assert [m["location"] for m in found] == ["Oslo"]


def test_where_a_participant_arrived_is_not_where_they_met():
    found = meetings("Chilean President Ana Ruiz met Norwegian Prime Minister Erik Lund, who arrived in Chile for a state "
                     "visit, at the Cerro Castillo Palace.")
    assert [m["location"] for m in found] == ["Cerro Castillo Palace"]



def test_a_headline_city_and_a_venue_of_unknown_city_are_one_meeting():
    ruiz, lund = Person("Ana Ruiz", country="CL"), Person("Erik Lund", country="NO")
    body = Meeting([ruiz, lund], ["CL", "NO"], "talks", "held", "2024-05-09", "Great Hall of the Andes", None,
                   evidence=[Evidence("Ruiz met Lund at the Great Hall of the Andes.", 0, 45)])
    title = Meeting([ruiz, lund], ["CL", "NO"], "talks", "held", None, "Lima", "PE",
                    evidence=[Evidence("Ruiz meets Lund in Lima", -1, -1)])
    merged = merge_meetings([body, title], "2024-05-09")
    assert [(m.location, m.date) for m in merged] == [("Great Hall of the Andes", "2024-05-09")]


def test_a_place_entity_does_not_end_in_a_preposition():
    found = meetings("Chilean President Ana Ruiz met with Norwegian Foreign Minister Erik Lund at the Great Hall of the "
                     "Andes on Thursday.")
    assert [(m["location"], m["date"]) for m in found] == [("Great Hall of the Andes", "2024-05-09")]


def test_the_capital_named_by_its_country_is_the_place_as_written():
    found = meetings("Chilean Foreign Minister Ana Ruiz met with her counterpart Erik Lund in the Norwegian capital.")
    assert [m["location"] for m in found] == ["Norwegian capital"]
    named = meetings("Chilean and Norwegian negotiating teams met in the Norwegian capital, Oslo.")
    assert [m["location"] for m in named] == ["Oslo"]


def test_the_date_of_the_event_verb_comes_before_the_date_of_a_coordinated_verb():
    found = meetings("Chilean President Ana Ruiz opened an exhibition on Monday and had a two-day meeting with Norwegian "
                     "Prime Minister Erik Lund on May 7-8.")
    assert [m["date"] for m in found] == [None]


def test_the_day_of_the_return_after_visits_and_a_meeting():
    found = meetings("Chilean President Ana Ruiz returned home on Sunday after a visit to Peru and talks with Norwegian "
                     "Prime Minister Erik Lund.")
    lund = [m for m in found if "Erik Lund" in m["participants"]]
    assert lund and lund[0]["date"] is None


def test_a_day_during_a_trip_is_not_the_trip_day():
    found = meetings("Peruvian Foreign Minister Ana Ruiz will pay a visit to Asia between 12-18 May, including Japan and "
                     "Laos.\n\nDuring her visit to Japan, Minister Ruiz will open the Peruvian consulate in Osaka on "
                     "13 May.")
    japan = [m for m in found if m["location"] == "Japan"]
    assert japan and japan[0]["date"] is None


def test_every_talk_of_a_trip_takes_the_trip_country():
    found = meetings("Peruvian Deputy Prime Minister Ana Ruiz is on an official visit to Norway.\n\nOn Wednesday, Ruiz "
                     "held a meeting with Norwegian Trade Minister Erik Lund.\n\nShe also held work meetings with the "
                     "Norwegian heads of Health, Ola Berg, and of Energy, Kari Dahl.")
    places = {tuple(sorted(m["participants"])): m["location"] for m in found}
    assert places and set(places.values()) == {"Norway"}


def test_a_place_in_an_organisation_name_or_a_source_is_not_the_meeting_place():
    found = meetings("Chilean President Ana Ruiz met top representatives of the Organization for Security and "
                     "Co-operation in Europe (OSCE).")
    assert all(m["location"] != "Europe" for m in found)
    told = meetings("Chilean Deputy Prime Minister Ana Ruiz held a meeting with the Norwegian trade minister, Erik Lund, "
                    "according to the Chilean Embassy in Oslo in a press release.")
    assert told and told[0]["location"] is None



def test_the_day_of_coming_back_from_talks_is_not_the_day_of_the_talks():
    found = meetings("Chilean President Ana Ruiz returned on Thursday from talks with Norwegian Prime Minister Erik Lund "
                     "in Oslo.")
    assert [(m["location"], m["date"]) for m in found] == [("Oslo", None)]


def test_a_visit_to_the_city_of_a_country_goes_to_the_city():
    found = meetings("Chilean President Ana Ruiz is making an official visit to the Norwegian city of Bergen, meeting "
                     "with Prime Minister Erik Lund.")
    assert found and all(m["location"] == "Bergen" for m in found)


def test_visits_told_in_the_present_over_days_to_come_are_planned():
    found = meetings("Norwegian Foreign Minister Erik Lund and Danish Foreign Minister Lars Holm pay official visits to "
                     "Chile from May 8 to 14.")
    assert found and {m["status"] for m in found} == {"planned"}
    assert all(m["date"] is None for m in found)


def test_talks_on_the_same_day_take_the_day_last_told():
    found = meetings("An agreement on cooperation in fisheries between the Chilean and Norwegian ministries was signed "
                     "in Santiago on Wednesday.\n\nMeanwhile, Chilean Trade Minister Ana Ruiz met and held a conversation with the "
                     "Norwegian delegation led by Deputy Minister Erik Lund on the same day.")
    ruiz = [m for m in found if "Ana Ruiz" in m["participants"]]
    assert ruiz and ruiz[0]["date"] == "2024-05-08"


def test_the_following_weekday_is_not_counted_from_publication():
    found = meetings("Chilean President Ana Ruiz is set to meet Norwegian Prime Minister Erik Lund the following Friday.",
                     published="2024-05-10")
    assert found and found[0]["date"] is None


def test_talks_in_a_when_clause_share_the_day_of_the_main_clause():
    found = meetings("Chilean President Ana Ruiz was today received warmly by her Norwegian counterpart Erik Lund "
                     "at the Royal Palace when she came there for bilateral discussions.")
    assert found and found[0]["date"] == "2024-05-09"
