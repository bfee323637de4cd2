"""Attributes of meetings (date, place, status) on phrasings of real news (issue 11), each on invented sentences."""

from __future__ import annotations

from briefings.extract import extract_article
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
