"""The pure parts of bench/mine_corpus.py: trigger words, domestic pairs, suspect reasons, evidence cover.

The mining run itself is a script that prints figures and never runs from pytest.
"""

from __future__ import annotations

from bench.mine_corpus import (
    Tally,
    covered,
    is_domestic,
    suspect_reasons,
    trigger_words,
)
from briefings.extract.facts import Meeting, Person, Signing


def meeting(*people: tuple[str, str | None], countries=(), orgs=(), date="2031-05-04") -> Meeting:
    return Meeting(participants=[Person(name, country=country) for name, country in people],
                   countries=list(countries), kind="talks", status="held", date=date, orgs=list(orgs))


def test_trigger_words_found_on_word_bounds_in_any_case():
    assert trigger_words("Minister Oduya MET his Veltrani counterpart and signed a Memorandum.") == [
        "met", "counterpart", "signed", "memorandum"]
    assert trigger_words("They held a telephone conversation and a video  conference.") == [
        "telephone", "conversation", "video conference"]


def test_trigger_words_ignore_words_that_only_contain_one():
    assert trigger_words("The metro recalls signals; a metal designer visitors.") == []


def test_domestic_pair_is_two_people_of_one_country_and_nothing_else():
    assert is_domestic(meeting(("Ama Oduya", "GH"), ("Kofi Mensel", "GH"), countries=["GH"]))


def test_not_domestic_across_countries_with_an_organisation_or_an_unknown_side():
    assert not is_domestic(meeting(("Ama Oduya", "GH"), ("Lars Veltri", "SE"), countries=["GH", "SE"]))
    assert not is_domestic(meeting(("Ama Oduya", "GH"), ("Kofi Mensel", "GH"), countries=["GH"], orgs=["AU"]))
    assert not is_domestic(meeting(("Ama Oduya", "GH"), ("Lars Veltri", None), countries=["GH"]))
    assert not is_domestic(meeting(("Ama Oduya", "GH"), countries=["GH"]))


def test_suspect_reasons():
    assert suspect_reasons(meeting(("Ama Oduya", "GH"), ("Lars Veltri", "SE"), countries=["GH", "SE"])) == []
    assert suspect_reasons(meeting(("Ama Oduya", "GH"), ("Kofi Mensel", "GH"), countries=["GH"], date=None)) == [
        "domestic pair", "no date"]
    assert suspect_reasons(meeting(("Ama Oduya", "GH"), countries=["GH"])) == ["single side"]
    assert suspect_reasons(meeting(("Ama Oduya", "GH"), countries=["GH"], orgs=["AU"])) == []
    signing = Signing(document="accord on river fisheries", parties=["GH"], status="signed", date=None)
    assert suspect_reasons(signing) == ["single side", "no date"]


def test_covered_means_any_overlap():
    spans = [(100, 180), (400, 420)]
    assert covered(150, 250, spans)
    assert covered(90, 101, spans)
    assert not covered(180, 400, spans)
    assert not covered(0, 50, [])


def test_tally_counts_per_source_and_in_all():
    tally = Tally()
    tally.add("Gazette", "articles")
    tally.add("Herald", "articles")
    tally.add("Herald", "misses", 3)
    assert tally.rows["all"]["articles"] == 2 and tally.rows["Herald"]["misses"] == 3
    table = tally.table(["articles", "misses"]).splitlines()
    assert table[0].split() == ["source_name", "articles", "misses"]
    assert table[-1].split() == ["all", "2", "3"]
