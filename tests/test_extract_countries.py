"""The countries an article is about: sides found through the source's home country, and main subjects."""

from __future__ import annotations

from briefings.extract import extract_article
from briefings.extract.entities import home_country


def countries(body: str, source: str = "Regional Desk", title: str = "Diplomatic news", published: str = "2032-05-12"):
    facts = extract_article({"title": title, "published": published, "body": body, "source": source})
    return facts.countries


def test_a_country_in_brackets_after_the_source_name_is_its_home():
    assert home_country("The Morning Courier (Bangladesh)") == "BD"
    assert home_country("Daily Ledger (via Newswire Hub)", "Some text") is None


def test_a_dateline_with_a_colon_gives_the_home_country_of_a_capital_or_large_city():
    assert home_country("The Evening Herald", "LAHORE: The provincial cabinet met on Monday.") == "PK"
    assert home_country("The Evening Herald", "Nairobi: The president said") == "KE"


def test_a_leader_without_a_stated_country_is_the_home_side_of_a_meeting():
    body = ("NAIROBI: President Joseph Kamau on Tuesday held talks with Ugandan President Peter Okello "
            "at State House on trade and security.")
    assert set(countries(body, source="The Morning Courier")) == {"KE", "UG"}


def test_a_country_in_the_headline_is_a_subject_even_without_an_event():
    body = ("The Zambian finance ministry said on Monday that copper exports rose by 12 percent. "
            "Officials expect exports to grow further next year.")
    assert "ZM" in countries(body, title="Zambia and Malawi discuss copper corridor")
    assert "MW" in countries(body, title="Zambia and Malawi discuss copper corridor")


def test_a_country_named_about_as_often_as_the_most_named_one_is_a_subject():
    body = ("Chile's central bank raised its key rate on Tuesday. Chile has faced high inflation since the spring. "
            "Analysts compared Chile with Peru, whose central bank held its rate. "
            "Peru's exports have slowed, and Peru expects weaker growth. Peru will publish figures next week. "
            "Bolivia was mentioned once.")
    found = countries(body, title="Central bank raises rates")
    assert {"CL", "PE"} <= set(found)
    assert "BO" not in found


def test_a_roll_call_of_many_countries_names_no_subject_among_them():
    body = ("The leader received greetings from Chile, Peru, Bolivia and Ecuador. "
            "Chile, Peru, Bolivia and Ecuador sent messages. "
            "The envoys of Chile, Peru, Bolivia and Ecuador also wrote.")
    assert len({"CL", "PE", "BO", "EC"} & set(countries(body, title="Leader receives greetings"))) <= 1


def test_the_country_of_a_coming_election_is_a_subject():
    body = ("Analysts expect a close race. The Icelandic general election in September will test the coalition, "
            "while the Estonian local elections in October matter less.")
    found = countries(body, title="Votes to watch", published="2032-06-10")
    assert {"IS", "EE"} <= set(found)


def test_the_host_of_a_coming_summit_is_the_subject_when_nothing_else_is():
    body = "The 2032 Summit of the Forum on Arctic Cooperation will be held in Reykjavik from September 4 to 6."
    assert countries(body, title="Arctic forum summit dates announced", published="2032-07-30") == ["IS"]


def test_a_domestic_story_naming_no_country_is_about_its_source_s_country():
    body = ("LAHORE: The central bank on Thursday kept its key policy rate unchanged at 15 percent, "
            "citing easing inflation and stable reserves.")
    assert countries(body, title="Central bank holds rate", source="Evening Ledger") == ["PK"]


def test_the_host_of_a_coming_summit_is_a_subject_when_no_event_has_sides():
    body = ("Chile will send a large delegation to the Pacific Fisheries Summit in Suva on September 21. "
            "Chile hopes to present its new quota plan there.")
    found = countries(body, title="Delegation named for fisheries summit", published="2032-09-12")
    assert {"CL", "FJ"} <= set(found)
