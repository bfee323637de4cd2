"""Signings from invented sentences: enumerated documents, lists, passives, organisations, background."""

from __future__ import annotations

from briefings.extract import extract_article

PUBLISHED = "2025-03-12"  # a Wednesday


def documents(body: str, title: str = "Diplomatic news") -> list[str]:
    f = extract_article({"title": title, "published": PUBLISHED, "body": body})
    return sorted(s.document for s in f.signings)


def test_counted_documents_with_listed_subjects_are_one_signing_each():
    found = documents("Peru and Chile signed four memoranda of understanding on mining, coastal fisheries, "
                      "water management and tourism.")
    assert found == sorted(f"memoranda of understanding on {x}" for x in
                           ("mining", "coastal fisheries", "water management", "tourism"))


def test_a_serial_comma_keeps_and_inside_items():
    found = documents("Peruvian and Chilean officials signed agreements on cooperation in mining and energy, "
                      "ports and shipping, the forestry sector, and customs control, as well as other documents "
                      "on trade, scientific and cultural cooperation.")
    assert found == sorted(f"agreements on cooperation in {x}" for x in
                           ("mining and energy", "ports and shipping", "the forestry sector", "customs control"))


def test_documents_on_a_and_on_b():
    found = documents("Peru and Chile signed intergovernmental agreements on curbing illegal logging by companies "
                      "and on cooperation in the field of seed certification.")
    assert found == ["intergovernmental agreements on cooperation in the field of seed certification",
                     "intergovernmental agreements on curbing illegal logging by companies"]


def test_one_document_on_several_subjects_stays_one():
    assert documents("Peru and Chile signed an agreement on trade, investment and tourism.") == [
        "agreement on trade, investment and tourism"]


def test_adjectives_in_a_row_are_no_list():
    assert len(documents("Peru and Chile signed agreements on trade, economic and cultural cooperation.")) == 1
