"""Upcoming events in the phrasings of real news: invented sentences, one test per rule."""

from __future__ import annotations

from briefings.extract import extract_article


def upcoming(body: str, published: str, title: str = "Regional news"):
    facts = extract_article({"title": title, "published": published, "body": body})
    return [(u.event, u.date_from, u.date_to) for u in facts.upcoming]


def test_a_past_election_dated_without_a_year_is_not_next_years():
    body = ("Mirela Tanase is on her first trip abroad since winning the October 3 early presidential election "
            "with 64% of the vote.")
    assert upcoming(body, "2031-10-09") == []


def test_a_council_named_in_a_role_on_a_yearless_past_day_is_no_event():
    body = "On May 4 the prime minister received Ivo Sarkis, secretary of the Security Council of Moldavia."
    assert upcoming(body, "2031-05-05") == []


def test_a_planned_event_dated_without_a_year_still_takes_the_next_one():
    body = "The Baltic Energy Summit will be held on February 2 in Riga, the organisers said."
    assert upcoming(body, "2031-11-20") == [("Baltic Energy Summit", "2032-02-02", "2032-02-02")]


def test_an_event_dated_only_by_a_year_spans_that_year():
    body = "The Danube Regions Forum will be held in Vukovar in 2033, the organisers said."
    assert upcoming(body, "2032-04-14") == [("Danube Regions Forum", "2033-01-01", "2033-12-31")]


def test_a_vague_stretch_is_still_no_date_for_an_upcoming_event():
    body = "The Danube Regions Forum will be held in Vukovar in the coming months."
    assert upcoming(body, "2032-04-14") == []


def test_an_event_s_own_relative_clause_plans_it_under_a_past_reporting_verb():
    body = ("The ministers agreed that the Alpine Water Forum, which will be held in late March in Bolzano, "
            "is a good venue for the initiative.")
    assert upcoming(body, "2032-01-20") == [("Alpine Water Forum", "2032-03-21", "2032-03-31")]


def test_an_event_taking_place_on_a_later_date_is_planned():
    body = ("The mayor is nearing the end of his term and will not be seeking re-election at the "
            "Lusitanian municipal elections taking place early next month.")
    assert upcoming(body, "2032-01-20") == [("Lusitanian municipal elections", "2032-02-01", "2032-02-10")]


def test_an_event_s_own_clause_in_the_past_is_not_planned():
    body = "The ministers praised the Alpine Water Forum, which was held on March 3 in Bolzano."
    assert upcoming(body, "2032-01-20") == []


def test_two_countries_elections_in_the_same_month_stay_two_events():
    body = ("The Norwegian general election in September will be closely watched. "
            "Other votes to watch are the Portuguese regional elections in September.")
    found = upcoming(body, "2032-06-10")
    assert sorted(found) == [("Norwegian general election", "2032-09-01", "2032-09-30"),
                             ("Portuguese regional elections", "2032-09-01", "2032-09-30")]


def test_two_named_summits_on_the_same_days_stay_two_events():
    body = ("The president will then be in Vientiane, where he will attend the Mekong-Japan Summit "
            "and the Indo-Pacific Ports Summit on November 4-5.")
    assert sorted(e for e, _, _ in upcoming(body, "2032-10-20")) == ["Indo-Pacific Ports Summit", "Mekong-Japan Summit"]


def test_a_bracketed_short_name_is_the_event_just_named():
    body = ("Minister Hana Novak will attend the High-Level Conference on the Protection of Alpine Rivers "
            "(The Blue Water Conference) in Geneva on 9 June 2032.")
    found = upcoming(body, "2032-05-20")
    assert len(found) == 1 and found[0][1:] == ("2032-06-09", "2032-06-09")


def test_a_headline_plan_takes_the_headline_s_only_date():
    found = upcoming("The organisers announced the programme on Monday.", "2032-10-10",
                     title="Moldavian capital to host Summit of Danube Mayors Oct 14")
    assert found == [("Summit of Danube Mayors", "2032-10-14", "2032-10-14")]


def test_a_deadline_year_is_no_date_of_an_event():
    body = "The kingdom is a founding member of the Clean Shipping Forum and will cut emissions by 2040."
    assert upcoming(body, "2032-04-14") == []


def test_an_event_s_own_past_clause_wins_over_a_polite_would():
    body = ("I would also like to mention the first Forum of Women Mayors of the Danube, "
            "which was held on May 12 and 13 in Ruse.")
    assert upcoming(body, "2032-06-10") == []


def test_the_summit_dated_later_is_the_one_summit_the_article_names():
    body = ("The president said today that he is travelling to Tonga to attend the 5th Summit of the "
            "Pacific Island Leaders Forum (PILF).\n\nThe summit will take place tomorrow, May 3, at the Royal Hall.")
    found = upcoming(body, "2032-05-02")
    assert found == [("5th Summit of the Pacific Island Leaders Forum (PILF)", "2032-05-03", "2032-05-03")]


def test_the_summit_is_not_named_when_the_article_names_two():
    body = ("The president will attend the 5th Summit of the Pacific Island Leaders Forum and the "
            "Coral Sea Summit.\n\nThe summit will take place on May 9.")
    assert ("5th Summit of the Pacific Island Leaders Forum", "2032-05-09", "2032-05-09") not in upcoming(body, "2032-05-02")


def test_a_described_forum_is_not_taken_for_the_one_the_article_names():
    body = ("I plan to take part in the Baltic International Economic Forum on June 17. "
            "Later this year we intend to join the annual forum of coastal provinces.")
    found = upcoming(body, "2032-05-16")
    assert found == [("Baltic International Economic Forum", "2032-06-17", "2032-06-17")]
    assert len(extract_article({"title": "x", "published": "2032-05-16", "body": body}).upcoming[0].evidence) == 1


def places(body: str, published: str):
    facts = extract_article({"title": "Regional news", "published": published, "body": body})
    return sorted((u.event, u.location) for u in facts.upcoming)


def test_an_event_named_after_a_city_takes_it_as_its_place():
    assert places("I plan to take part in the Lima International Economic Forum on June 17.", "2032-05-16") == [
        ("Lima International Economic Forum", "Lima")]
    assert places("I plan to take part in the Kenya International Economic Forum on June 17.", "2032-05-16") == [
        ("Kenya International Economic Forum", None)]


def test_a_conjoined_event_is_not_the_other_s_place():
    body = ("The President will then be in Vientiane, Laos from November 4-5 to participate in the annual "
            "Japan-Mekong Summit and the East Asia Summit.")
    assert places(body, "2032-10-20") == [("East Asia Summit", "Vientiane"), ("Japan-Mekong Summit", "Vientiane")]
