"""Persons, roles, countries and places as extraction reads them (invented sentences)."""

from __future__ import annotations

import pytest

from briefings.extract import extract_article
from briefings.extract.adapters import place_country
from briefings.extract.entities import home_country, same_person


def facts(body: str, title: str = "Diplomatic news", published: str = "2025-03-12", **extra):
    return extract_article({"title": title, "published": published, "body": body, **extra})


def person(f, surname: str):
    found = [p for p in f.persons if p.name.split()[-1] == surname]
    assert found, f"no person {surname} in {[p.name for p in f.persons]}"
    return found[0]


def test_title_words_give_role_and_country():
    f = facts("Estonian Foreign Minister Karl Rebane met his Finnish counterpart Anna Lehtinen in Tallinn on Monday.")
    rebane = person(f, "Rebane")
    assert (rebane.name, rebane.role, rebane.country) == ("Karl Rebane", "Foreign Minister", "EE")


def test_demonym_before_counterpart_gives_the_country():
    f = facts("Estonian Foreign Minister Karl Rebane met his Finnish counterpart Anna Lehtinen in Tallinn on Monday.")
    assert person(f, "Lehtinen").country == "FI"


def test_apposition_gives_role_and_country():
    f = facts("Chile's president, Tomas Rojas, received Peru's foreign minister, Ana Quispe, in Santiago on Monday.")
    rojas, quispe = person(f, "Rojas"), person(f, "Quispe")
    assert (rojas.role, rojas.country) == ("President", "CL")
    assert (quispe.role, quispe.country) == ("Foreign Minister", "PE")


def test_short_mentions_link_to_the_full_name():
    f = facts(
        "Kenyan President Daniel Mwangi met Tanzanian President Joseph Kimaro in Arusha on Friday.\n\n"
        "Mwangi said that Kimaro had invited him to return next year."
    )
    names = [p.name for p in f.persons]
    assert names.count("Daniel Mwangi") == 1 and "Mwangi" not in names and "Kimaro" not in names
    assert person(f, "Mwangi").mentions >= 2


@pytest.mark.parametrize(
    ("short", "full", "same"),
    [
        ("Mwangi", "Daniel Mwangi", True),
        ("Omar Kimaro", "Joseph Omar Kimaro", True),
        ("Wickramasinge", "Ravi Wickremasinge", True),  # a spelling slip in the surname
        ("Kimaro", "Daniel Mwangi", False),
        ("Joseph", "Joseph Omar Kimaro", True),
    ],
)
def test_same_person(short, full, same):
    assert same_person(short, full) is same


def test_role_description_links_to_the_person_with_that_role():
    f = facts(
        "Prime Minister Kofi Mensah arrived in Lome today on an official visit.\n\n"
        "The Ghanaian Prime Minister will hold talks with Togolese President Yawo Amegah on Tuesday."
    )
    assert person(f, "Mensah").country == "GH"
    assert any({"Kofi Mensah", "Yawo Amegah"} <= {p.name for p in m.participants} for m in f.meetings)


def test_acronyms_are_not_people():
    f = facts("Premier Otto Brandt will open coalition talks with the FDP next week.")
    assert all(p.name != "FDP" for p in f.persons)
    assert f.meetings == []


def test_place_is_read_in_the_article_context():
    assert place_country("Brest", ("BY", "RU")) == "BY"
    assert place_country("Brest", ("FR",)) == "FR"


def test_home_country_from_source_name_or_domain():
    assert home_country("Ghanaian Wire Service (via a syndicator)") == "GH"
    assert home_country("Nation Online (nation.co.mw)") == "MW"
    assert home_country("Example Wire") is None


def test_organisations_by_acronym_and_name():
    f = facts("Leaders of the Eurasian Economic Union and the Collective Security Treaty Organization met in Minsk. "
              "The who and the WHO were not there.")
    assert f.orgs == {"EAEU": 1, "CSTO": 1, "WHO": 1}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Malaysian Prime Minister Datuk Seri Amir Hassan received H.E. Ravi Kumar, the Indian Minister of State for "
         "External Affairs, in Putrajaya on Monday.",
         {("Amir Hassan", "Prime Minister", "MY"), ("Ravi Kumar", "Minister of State", "IN")}),
        ("Kazakh Deputy Foreign Minister Arman Issetov held consultations with his Kyrgyz counterpart Almaz "
         "Imangaziev in Bishkek on Monday.",
         {("Arman Issetov", "Deputy Foreign Minister", "KZ"), ("Almaz Imangaziev", "Deputy Foreign Minister", "KG")}),
    ],
)
def test_honorifics_dropped_and_titles_read(sentence, expected):
    f = facts(sentence)
    assert len(f.meetings) == 1
    assert {(p.name, p.role, p.country) for p in f.meetings[0].participants} == expected


def test_party_conferences_and_friendlies_are_not_upcoming():
    f = facts("The Labour Party conference will be held in Liverpool on September 21-24. "
              "Ghana will play Nigeria in a friendly on March 20.")
    assert f.upcoming == []


def test_a_source_country_guess_never_makes_a_foreign_visit_domestic():
    f = facts("Kenyan President Daniel Mwangi met with President Paul Girard in Nairobi on Monday.",
              source="Kenya News Agency")
    assert len(f.meetings) == 1 and {p.name for p in f.meetings[0].participants} == {"Daniel Mwangi", "Paul Girard"}
    domestic = facts("President Daniel Mwangi met opposition leader Peter Otieno in Nairobi on Monday.",
                     source="Kenya News Agency")
    assert domestic.meetings == []


def test_name_particles_are_kept_in_the_name():
    f = facts("Irish President Sean Walsh received European Commission President Greta van der Molen in Dublin on Tuesday.")
    assert "Greta van der Molen" in [p.name for p in f.persons]


def test_an_institution_side_is_its_organisation_not_a_country_code():
    f = facts("Kenyan President Paul Kamau received European Commission President Lena Hartmann in Nairobi on Tuesday.")
    record = f.to_record("t")
    assert "EC" not in record["countries"]
    assert record["meetings"] and "EU" in record["meetings"][0]["countries"]


def test_long_names_with_particles_and_a_title_apposition_after_them():
    f = facts("His Royal Highness Prince Khalid bin Faisal bin Nasser Al Rashid, Crown Prince and Prime Minister, "
              "received a phone call today from the Prime Minister of the Republic of Peru, Ana Maria Quispe.",
              source="Saudi Press Agency")
    khalid, quispe = person(f, "Rashid"), person(f, "Quispe")
    assert (khalid.name, khalid.role, khalid.country) == ("Khalid bin Faisal bin Nasser Al Rashid", "Crown Prince", "SA")
    assert (quispe.name, quispe.country) == ("Ana Maria Quispe", "PE")
    assert "Crown Prince" not in [p.name for p in f.persons]
    assert f.to_record("t")["meetings"][0]["kind"] == "call"


def test_role_of_country_before_each_of_two_coordinated_names():
    f = facts("President of Kyrgyzstan Sadyr Omurov and President of Tajikistan Emil Rahimov signed the Treaty on "
              "the State Border in Bishkek on Thursday.")
    assert (person(f, "Omurov").country, person(f, "Rahimov").country) == ("KG", "TJ")
    assert [sorted(m.countries) for m in f.meetings] == [["KG", "TJ"]]


def test_coordinated_demonyms_before_counterparts_still_read():
    f = facts("Premier Daniel Mwangi met with Moroccan and Tunisian counterparts Omar Alaoui and Sami Trabelsi respectively.")
    assert person(f, "Alaoui").country == "MA"


def test_home_country_from_a_capital_in_the_source_name_or_the_dateline():
    assert home_country("The Nairobi Herald") == "KE"
    assert home_country("Example Wire", "LIMA, March 3 (Example Wire) - The president said") == "PE"
    assert home_country("Example Wire", "Quito -- The talks began") == "EC"
    assert home_country("Example Wire", "Meanwhile, the talks began") is None


def test_a_leader_with_only_a_title_takes_the_dateline_country():
    f = facts("ACCRA, March 10 - President Kofi Mensah received Togolese President Komi Agbeko at the Jubilee House.")
    assert person(f, "Mensah").country == "GH"
    assert [sorted(m.countries) for m in f.meetings] == [["GH", "TG"]]


def test_role_of_a_long_official_country_name_before_a_comma_and_a_release_s_own_minister():
    f = facts("Foreign Minister Tomas Rojas held a telephone conversation yesterday with the Foreign Minister of Peru, "
              "Ana Quispe. On Wednesday, the Foreign Minister also held a video conference with the Foreign Minister "
              "of the Plurinational State of Bolivia, Luis Mamani-Quispe.",
              source="Ministry of Foreign Affairs of Chile (press release)")
    assert (person(f, "Mamani-Quispe").role, person(f, "Mamani-Quispe").country) == ("Foreign Minister", "BO")
    pairs = sorted(sorted(m.countries) for m in f.meetings)
    assert pairs == [["BO", "CL"], ["CL", "PE"]]


def test_extended_names_stay_persons_and_hyphenated_surnames_link():
    f = facts("President Karim El-Masri on Sunday received the head of the European Commission Greta van der Molen "
              "at the Abdeen Palace in Cairo. Masri, van der Molen, Italian Prime Minister Giorgia Rossi and Greek "
              "Prime Minister Nikos Pappas then held an expanded meeting on trade.")
    assert {"Karim El-Masri", "Greta van der Molen"} <= {p.name for p in f.persons}
    assert person(f, "El-Masri").country == "EG"  # the host of a reception in Cairo
    m = only_meeting_of(f)
    assert {"Karim El-Masri", "Greta van der Molen", "Giorgia Rossi", "Nikos Pappas"} <= {p.name for p in m.participants}


def test_military_ranks_are_titles_not_names():
    f = facts("Malian President Assane Keita met Captain Ibrahim Sawadogo of Burkina Faso in Bamako on Monday.")
    assert "Ibrahim Sawadogo" in [p.name for p in f.persons]


def only_meeting_of(f):
    assert len(f.meetings) == 1, [m.record() for m in f.meetings]
    return f.meetings[0]


def test_burmese_honorific_u_is_dropped_from_the_name():
    f = facts("Thai Prime Minister Somchai Wong was welcomed by Myanmar President U Kyaw Lin in Naypyitaw on Monday.")
    assert "Kyaw Lin" in [p.name for p in f.persons]


def test_a_name_ner_missed_between_a_title_and_its_country_is_found():
    # "President Given Surname of <Country>" with no PERSON entity: the name is the words before "of <Country>"
    from briefings.extract.entities import _titled_names
    from briefings.nlp import load_model

    doc = load_model()("The President also spoke by telephone on Monday with President Komlan Agbeyome of Togo.")
    found = _titled_names([doc], [])
    assert [(m.name, m.country) for m in found] == [("Komlan Agbeyome", "TG")]
