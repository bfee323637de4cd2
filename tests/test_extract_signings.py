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


def test_a_list_announced_with_a_colon_follows_the_counted_documents():
    found = documents(
        "Peru and Chile signed the following documents in Lima on Monday:\n\n"
        "- Protocol on joint work in copper mining between Peru and Chile;\n\n"
        "- Memorandum of Understanding on fish inspection standards;\n\n"
        "- Protocol on river data between the Peruvian Water Agency (PWA) and the Chilean Water Center (CWC).")
    assert len(found) == 3 and "Memorandum of Understanding on fish inspection standards" in found


def test_counted_agreements_named_in_a_later_sentence():
    found = documents(
        "Peru and Chile signed four accords in Lima. The ministers met for three hours. "
        "The four accords are Memorandum of Understanding on Higher Fishing Cooperation, "
        "Memorandum of Understanding on Mining Exchange, Memorandum of Understanding on Cooperation on Ports, "
        "Roads, and Rail and Memorandum of Understanding on Customs.")
    assert found == sorted(["Memorandum of Understanding on Higher Fishing Cooperation",
                            "Memorandum of Understanding on Mining Exchange",
                            "Memorandum of Understanding on Cooperation on Ports, Roads, and Rail",
                            "Memorandum of Understanding on Customs"])


def test_two_long_titles_sharing_generic_words_stay_two():
    found = documents(
        "Peru and Chile signed a Protocol on cooperation in the field of vocational training between the Government "
        "of Peru and the Government of Chile. The protocol of the 4th session of the Joint Commission on Economic "
        "Cooperation between Peru and Chile was signed by the two prime ministers.")
    assert len(found) == 2


def test_one_document_named_twice_is_one():
    found = documents("Peru and Chile signed a treaty on maritime boundary delimitation in Lima on Monday. "
                      "The treaty on maritime boundary delimitation ends a decades-old dispute.")
    assert len(found) == 1


def test_press_statements_and_releases_are_no_signings():
    assert documents("In a joint press statement, Peruvian President Ana Ruiz said her visit to Chile would deepen "
                     "trade ties.") == []
    assert documents("According to a written statement released by Peru's foreign ministry on Monday, Peruvian "
                     "President Ana Ruiz held a telephone call with Chilean President Jose Mora.") == []
    assert documents("A press statement on the talks between the Peruvian and Chilean foreign ministers was "
                     "issued on Monday.") == []


def test_a_number_of_documents_and_similar_ones_are_vague():
    assert documents("Peru and Chile will sign a number of memoranda of understanding once the round ends.") == []
    assert documents("Chile has signed a similar fisheries cooperation plan with Peru.") == []


def test_a_day_or_month_after_the_title_is_not_part_of_it():
    assert documents("Peru and Chile concluded an agreement on avoiding double taxation on Monday.") == [
        "agreement on avoiding double taxation"]
    assert documents("Peru and Chile are expected to sign a treaty on water sharing next month.") == [
        "treaty on water sharing"]


def test_passive_titles_take_the_phrase_after_the_verb():
    assert documents("A Protocol was then initialled between the Government of Peru and the Government of Chile.") == [
        "Protocol between the Government of Peru and the Government of Chile"]
    assert documents("A memorandum was signed on fisheries cooperation between Peru and Chile.") == [
        "memorandum on fisheries cooperation between Peru and Chile"]
    assert documents("An agreement was signed on Monday between Peru and Chile.") == []


def test_years_and_compound_numbers_are_not_counts():
    assert documents("The two leaders ended the long dispute following the 2019 border treaty signed in Lima "
                     "by Peru and Chile.") == ["2019 border treaty"]
    assert documents("Peru and Chile marked the signing of a ten-year Peru-Chile security agreement at the summit.") == [
        "ten-year Peru-Chile security agreement"]


def test_a_count_with_its_own_subject_names_documents():
    found = documents("Last year, Peru and Chile signed two ten-year contracts for the delivery of liquefied gas.")
    assert found == ["two ten-year contracts for the delivery of liquefied gas"]
    assert documents("Peru and Chile signed six memoranda of understanding on Monday.") == []


def test_a_package_of_documents_listed_with_examples_and_semicolons():
    found = documents(
        "Peru and Chile adopted a joint statement and a package of documents at the talks. Among them are "
        "an intergovernmental agreement on customs control and several other ministry-level "
        "documents, such as the agreement on seismic monitoring; a joint statement on a roadmap for "
        "copper trade; and a plan of joint consultations of the two foreign ministries for 2026.")
    for title in ("intergovernmental agreement on customs control",
                  "agreement on seismic monitoring",
                  "plan of joint consultations of the two foreign ministries for 2026"):
        assert title in found
    assert not any("several" in t or "documents" in t for t in found)


def test_documents_of_different_kinds_are_not_merged():
    found = documents("Peru and Chile signed a Declaration on Deepening Strategic Partnership on Monday. "
                      "The two countries have signed 40 documents, including the Treaty on Strategic Partnership.")
    assert found == ["Declaration on Deepening Strategic Partnership", "Treaty on Strategic Partnership"]


def test_a_relative_clause_hung_on_the_wrong_noun_finds_the_document():
    assert documents("The ministers reviewed the progress on the roadmap 2035 that was agreed between Peru and "
                     "Chile last year.") == ["roadmap 2035"]


def test_a_phrase_without_a_subject_does_not_name_a_document():
    assert documents("Both delegations moved forward and reached agreement on some specific issues.") == []
    assert documents("Peru and Chile reached an agreement by making concessions to each other.") == []
    assert documents("Peru and Chile signed an agreement on new ones.") == []


def test_a_title_broken_across_lines_reads_as_one_line():
    assert documents("Peru and Chile signed a memorandum of understanding\non seismic monitoring on Monday.") == [
        "memorandum of understanding on seismic monitoring"]


def test_a_participle_tells_the_signing_whatever_the_main_clause():
    f = extract_article({"title": "Diplomatic news", "published": PUBLISHED,
                         "body": "A free trade agreement signed on Sunday by Peru and Chile is expected to "
                                 "lift exports for years."})
    assert [(s.status, s.date) for s in f.signings] == [("signed", "2025-03-09")]
    f = extract_article({"title": "Diplomatic news", "published": PUBLISHED,
                         "body": "The free trade agreement to be signed on Sunday between Peru and Chile will "
                                 "provide a competitive advantage."})
    assert [s.status for s in f.signings] == ["expected"]


def test_the_subject_after_the_partner_or_in_support_of_is_part_of_the_title():
    assert documents("The presidents of Peru and Chile signed a Declaration in support of Peru's Pacific "
                     "perspective.") == ["Declaration in support of Peru's Pacific perspective"]
    assert documents("Peru signed a Declaration with the Prime Minister of Chile on the Pacific perspective of "
                     "both countries.")[0].endswith("on the Pacific perspective of both countries")


def test_a_memorandum_of_cooperation_is_still_a_document():
    assert documents("Peru and Chile signed a memorandum of cooperation on Monday.") == ["memorandum of cooperation"]


def test_according_to_is_no_accord():
    assert documents("The central bank of Peru on Thursday kept its key rate unchanged, according to a press "
                     "release issued on Thursday.") == []


def test_agreed_to_a_framework():
    assert documents("Peru and Chile have agreed to a Framework for an Agreement on Reciprocal Fishing to "
                     "strengthen their relationship.") == ["Framework for an Agreement on Reciprocal Fishing"]
    assert documents("Peru and Chile agreed to follow through on the understandings reached last year.") == []


def test_a_generic_document_is_named_by_the_gathering_that_adopted_it():
    assert documents("The communiqué adopted on June 3rd at a G20 leaders' meeting in Lima outlined shared "
                     "positions on fisheries.") == ["communiqué adopted at a G20 leaders' meeting in Lima"]


def test_expected_signings_in_the_passive():
    f = extract_article({"title": "Diplomatic news", "published": PUBLISHED,
                         "body": "An agreement on energy cooperation is slated to be signed next week by Peru and Chile."})
    assert [(s.document, sorted(s.parties), s.status) for s in f.signings] == [
        ("agreement on energy cooperation", ["CL", "PE"], "expected")]
    assert documents("A memorandum of understanding on defence cooperation between Peru and Chile is expected to "
                     "be signed during the visit.") == [
        "memorandum of understanding on defence cooperation between Peru and Chile"]


def test_a_signing_that_did_not_happen_is_none():
    assert documents("Peru and Chile failed to sign the fisheries agreement on Monday.") == []
    assert documents("Peru refused to sign a memorandum on mining cooperation with Chile.") == []


def test_the_exchange_of_listed_agreements():
    assert documents("The two leaders witnessed the exchange of agreements on education, health and mining "
                     "between Peru and Chile.") == ["agreements on education", "agreements on health",
                                                   "agreements on mining"]
    assert documents("Peruvian President Ana Ruiz and Chilean President Jose Mora held an exchange of views on "
                     "regional issues.") == []


def test_mous_tagged_as_a_proper_noun_are_still_several():
    assert documents("Peru and Chile signed MoUs on education, health and mining between their ministries.") == [
        "MoUs on education", "MoUs on health", "MoUs on mining"]


def test_memoranda_on_a_and_on_b():
    assert documents("Peru and Chile also inked memoranda of understanding on digital transformation and on "
                     "cybersecurity.") == ["memoranda of understanding on cybersecurity",
                                           "memoranda of understanding on digital transformation"]


def test_the_subject_of_a_relative_clause_signs_the_document():
    f = extract_article({"title": "Diplomatic news", "published": PUBLISHED,
                         "body": "The treaty on border demarcation, which Peru and Chile signed in 2019, entered "
                                 "into force on Monday."})
    assert [(s.document, sorted(s.parties)) for s in f.signings] == [("treaty on border demarcation", ["CL", "PE"])]


def test_a_relative_clause_after_the_verbs_subject_phrase_is_not_title():
    assert documents("The defence ministries of Peru and Chile signed a Statement of Intent on Co-production and "
                     "Technical Data Exchange, which will work to address the urgent needs of both armies.") == [
        "Statement of Intent on Co-production and Technical Data Exchange"]


def test_a_non_restrictive_clause_inside_the_title_phrase_is_cut():
    found = documents("Peru and Chile agreed to a Framework for an Agreement on Reciprocal Trade to strengthen "
                      "their economic relationship, which will give exporters access to both markets.")
    assert len(found) == 1 and found[0].startswith("Framework for an Agreement on Reciprocal Trade")
    assert "which" not in found[0] and "exporters" not in found[0]


def test_list_items_without_markers_or_with_numbers_split_off():
    body = ("Following the talks, Peru and Chile signed the following documents:\n\n"
            "{a}Agreement on cooperation in the field of fisheries;\n\n"
            "{b}Memorandum of Understanding on mining exchange.")
    expected = ["Agreement on cooperation in the field of fisheries", "Memorandum of Understanding on mining exchange"]
    assert documents(body.format(a="", b="")) == expected
    assert documents(body.format(a="1. ", b="2. ")) == expected


def test_an_international_assembly_adopting_a_resolution_is_a_signing():
    assert documents("The UN General Assembly adopted a resolution on the humanitarian situation in Darfur on "
                     "Friday.") == ["resolution on the humanitarian situation in Darfur"]
    assert documents("Peru's cabinet approved a new national security strategy.") == []


def test_the_two_sides_are_the_two_countries_the_sentence_names():
    f = extract_article({"title": "Diplomatic news", "published": PUBLISHED,
                         "body": "Brazil and Argentina signed a treaty on trade last year. On Monday, as Peru hosted "
                                 "Chile for border talks, the two sides signed an agreement on fisheries."})
    assert {s.document: sorted(s.parties) for s in f.signings}["agreement on fisheries"] == ["CL", "PE"]


def test_a_described_document_pointing_back_is_the_named_one():
    found = documents("Peru and Chile signed a joint declaration on the 50th anniversary of diplomatic relations on "
                      "Monday. \"This declaration, devoted to a day we both remember, opens a new chapter,\" the Peruvian "
                      "president said.")
    assert found == ["joint declaration on the 50th anniversary of diplomatic relations"]
