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


def _parsed(words, pos, heads, deps, ents):
    """A doc as the model parsed it, with the entity labels it gave (to pin down a tagging mistake)."""
    from spacy.tokens import Doc

    from briefings.nlp import load_model

    return Doc(load_model().vocab, words=words, pos=pos, heads=heads, deps=deps, ents=ents)


def test_surname_tagged_as_a_place_joins_the_name():
    from briefings.extract.entities import find_mentions

    words = ["Nepali", "Foreign", "Minister", "Arzu", "Rana", "Deuba", "arrived", "."]
    doc = _parsed(words, ["ADJ", "PROPN", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"],
                  [2, 2, 5, 5, 5, 6, 6, 6], ["amod", "compound", "compound", "compound", "compound", "nsubj", "ROOT", "punct"],
                  ["B-NORP", "O", "O", "B-PERSON", "I-PERSON", "B-GPE", "O", "O"])
    title = _parsed(["News"], ["NOUN"], [0], ["ROOT"], ["O"])
    persons = find_mentions([title, doc]).persons
    assert [(p.name, p.country) for p in persons] == [("Arzu Rana Deuba", "NP")]


def test_given_name_starting_the_sentence_joins_the_name():
    from briefings.extract.entities import find_mentions

    words = ["Tuuli", "Kask", ",", "Estonian", "foreign", "minister", ",", "arrived", "."]
    doc = _parsed(words, ["PROPN", "PROPN", "PUNCT", "ADJ", "ADJ", "NOUN", "PUNCT", "VERB", "PUNCT"],
                  [1, 7, 1, 5, 5, 1, 1, 7, 7], ["compound", "nsubj", "punct", "amod", "amod", "appos", "punct", "ROOT", "punct"],
                  ["O", "B-ORG", "O", "B-NORP", "O", "O", "O", "O", "O"])
    title = _parsed(["News"], ["NOUN"], [0], ["ROOT"], ["O"])
    persons = find_mentions([title, doc]).persons
    assert [(p.name, p.country) for p in persons] == [("Tuuli Kask", "EE")]
