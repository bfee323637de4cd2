"""Names, roles and countries of people in meetings (issue 11), read from invented sentences."""

from __future__ import annotations

from briefings.extract import extract_article


def facts(body: str, title: str = "Diplomatic news", published: str = "2025-03-12", **extra):
    return extract_article({"title": title, "published": published, "body": body, **extra})


def person(f, surname: str):
    found = [p for p in f.persons if p.name.split()[-1] == surname]
    assert found, f"no person {surname} in {[(p.name, p.role, p.country) for p in f.persons]}"
    return found[0]


def test_title_with_for_gives_the_role_and_the_source_country():
    f = facts("Minister for Foreign Affairs Dr Aiko Tanabe will visit Suva from 3 to 6 May at the invitation "
              "of the Fijian Prime Minister Josaia Ratu.", source="Ministry of Foreign Affairs of Japan")
    tanabe = person(f, "Tanabe")
    assert (tanabe.name, tanabe.role, tanabe.country) == ("Aiko Tanabe", "Minister for Foreign Affairs", "JP")
    assert [sorted(m.countries) for m in f.meetings] == [["FJ", "JP"]]


def test_given_name_that_is_also_a_city_stays_in_the_name():
    f = facts("The official visit of Vladimir Petrovich Sokolov, chairman of the Belarusian parliament, "
              "to Hanoi ended on Friday.")
    assert person(f, "Sokolov").name == "Vladimir Petrovich Sokolov"
