"""briefings.extract.dates: finding date expressions and resolving them against the publication date.

Publication dates used below: THU = Thursday 21 November 2024, FRI = Friday 22 November 2024,
SUN = Sunday 24 November 2024, JAN = Tuesday 10 January 2023, DEC = Tuesday 10 December 2024.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract.dates import PRECISIONS, DateRange, DateSpan, find_date_spans, resolve_date

THU = date(2024, 11, 21)
FRI = date(2024, 11, 22)
SUN = date(2024, 11, 24)
JAN = date(2023, 1, 10)
DEC = date(2024, 12, 10)
D = date

RESOLVE_CASES = [
    # weekdays: past -> on or before publication, future -> on or after, no tense -> nearest
    ("on Thursday", THU, None, D(2024, 11, 21), D(2024, 11, 21), "day"),
    ("on Thursday", THU, "past", D(2024, 11, 21), D(2024, 11, 21), "day"),
    ("on Thursday", THU, "future", D(2024, 11, 21), D(2024, 11, 21), "day"),
    ("Thursday night", FRI, "past", D(2024, 11, 21), D(2024, 11, 21), "day"),
    ("on Thursday night", SUN, None, D(2024, 11, 21), D(2024, 11, 21), "day"),
    ("Wednesday", THU, "past", D(2024, 11, 20), D(2024, 11, 20), "day"),
    ("Wednesday", THU, None, D(2024, 11, 20), D(2024, 11, 20), "day"),
    ("Friday", SUN, "past", D(2024, 11, 22), D(2024, 11, 22), "day"),
    ("on Saturday", FRI, "future", D(2024, 11, 23), D(2024, 11, 23), "day"),
    ("on Saturday", FRI, None, D(2024, 11, 23), D(2024, 11, 23), "day"),
    ("on Monday", THU, "future", D(2024, 11, 25), D(2024, 11, 25), "day"),
    ("on Monday", THU, "past", D(2024, 11, 18), D(2024, 11, 18), "day"),
    ("on Monday", THU, None, D(2024, 11, 18), D(2024, 11, 18), "day"),
    ("Monday morning", SUN, None, D(2024, 11, 25), D(2024, 11, 25), "day"),
    ("next Thursday", THU, None, D(2024, 11, 28), D(2024, 11, 28), "day"),
    ("last Thursday", THU, None, D(2024, 11, 14), D(2024, 11, 14), "day"),
    ("next Friday", THU, None, D(2024, 11, 22), D(2024, 11, 22), "day"),
    ("last Friday", THU, None, D(2024, 11, 15), D(2024, 11, 15), "day"),
    ("this Saturday", THU, None, D(2024, 11, 23), D(2024, 11, 23), "day"),
    ("this Monday", THU, None, D(2024, 11, 25), D(2024, 11, 25), "day"),
    ("this Monday", THU, "past", D(2024, 11, 18), D(2024, 11, 18), "day"),
    ("on Monday and Tuesday", THU, "future", D(2024, 11, 25), D(2024, 11, 26), "days"),
    ("from Friday to Sunday", THU, "future", D(2024, 11, 22), D(2024, 11, 24), "days"),
    ("from Monday through Wednesday", THU, "future", D(2024, 11, 25), D(2024, 11, 27), "days"),
    ("on Thursday, November 28", THU, "past", D(2024, 11, 28), D(2024, 11, 28), "day"),
    # relative days
    ("today", THU, None, D(2024, 11, 21), D(2024, 11, 21), "day"),
    ("tonight", THU, "future", D(2024, 11, 21), D(2024, 11, 21), "day"),
    ("yesterday", THU, None, D(2024, 11, 20), D(2024, 11, 20), "day"),
    ("tomorrow", THU, None, D(2024, 11, 22), D(2024, 11, 22), "day"),
    ("last night", THU, None, D(2024, 11, 20), D(2024, 11, 20), "day"),
    ("this morning", THU, None, D(2024, 11, 21), D(2024, 11, 21), "day"),
    ("the day after tomorrow", THU, None, D(2024, 11, 23), D(2024, 11, 23), "day"),
    ("the day before yesterday", THU, None, D(2024, 11, 19), D(2024, 11, 19), "day"),
    ("two days ago", THU, None, D(2024, 11, 19), D(2024, 11, 19), "day"),
    ("a week ago", THU, None, D(2024, 11, 14), D(2024, 11, 14), "day"),
    ("in three days", THU, None, D(2024, 11, 24), D(2024, 11, 24), "day"),
    ("in 10 days", THU, None, D(2024, 12, 1), D(2024, 12, 1), "day"),
    # single days with and without a year
    ("November 5", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("5 November", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("Nov. 5", THU, "past", D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("Nov 5, 2024", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("Nov 5 2024", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("5th of November 2024", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("the 5th of November", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("November 5th", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("on 2024-11-05", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("2024-11-05T09:30:00Z", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("2024-11-05T09:30+03:00", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("5.11.2024", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("Sept. 9", THU, "past", D(2024, 9, 9), D(2024, 9, 9), "day"),
    ("NOVEMBER 5", THU, None, D(2024, 11, 5), D(2024, 11, 5), "day"),
    ("November 5", THU, "future", D(2025, 11, 5), D(2025, 11, 5), "day"),
    ("On November 1", JAN, "past", D(2022, 11, 1), D(2022, 11, 1), "day"),
    ("On November 1", JAN, None, D(2022, 11, 1), D(2022, 11, 1), "day"),
    ("on March 3", DEC, "future", D(2025, 3, 3), D(2025, 3, 3), "day"),
    ("on March 3", DEC, "past", D(2024, 3, 3), D(2024, 3, 3), "day"),
    ("on January 4", DEC, None, D(2025, 1, 4), D(2025, 1, 4), "day"),
    ("May 9", DEC, "past", D(2024, 5, 9), D(2024, 5, 9), "day"),
    ("February 29", JAN, "future", D(2024, 2, 29), D(2024, 2, 29), "day"),
    # parts of a month
    ("early December 2024", THU, None, D(2024, 12, 1), D(2024, 12, 10), "part_of_month"),
    ("in early December", THU, "future", D(2024, 12, 1), D(2024, 12, 10), "part_of_month"),
    ("mid-December 2024", THU, None, D(2024, 12, 11), D(2024, 12, 20), "part_of_month"),
    ("mid December", THU, None, D(2024, 12, 11), D(2024, 12, 20), "part_of_month"),
    ("late December 2024", THU, None, D(2024, 12, 21), D(2024, 12, 31), "part_of_month"),
    ("end of December", THU, None, D(2024, 12, 21), D(2024, 12, 31), "part_of_month"),
    ("by the end of February", THU, "future", D(2025, 2, 21), D(2025, 2, 28), "part_of_month"),
    ("at the beginning of March", THU, "past", D(2024, 3, 1), D(2024, 3, 10), "part_of_month"),
    ("late October", THU, "past", D(2024, 10, 21), D(2024, 10, 31), "part_of_month"),
    # whole months
    ("in December", THU, "future", D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("in December", THU, "past", D(2023, 12, 1), D(2023, 12, 31), "month"),
    ("in December", THU, None, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("in November", THU, "past", D(2024, 11, 1), D(2024, 11, 30), "month"),
    ("in November", THU, "future", D(2024, 11, 1), D(2024, 11, 30), "month"),
    ("in March", DEC, "future", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("in May", THU, "future", D(2025, 5, 1), D(2025, 5, 31), "month"),
    ("December 2024", THU, None, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("in June, 2025", THU, None, D(2025, 6, 1), D(2025, 6, 30), "month"),
    ("next March", THU, None, D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("last March", THU, None, D(2024, 3, 1), D(2024, 3, 31), "month"),
    ("this December", THU, None, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("December", THU, "future", D(2024, 12, 1), D(2024, 12, 31), "month"),
    # years and parts of years
    ("in early 2025", THU, None, D(2025, 1, 1), D(2025, 4, 30), "year"),
    ("mid-2025", THU, None, D(2025, 5, 1), D(2025, 8, 31), "year"),
    ("by the end of 2025", THU, None, D(2025, 9, 1), D(2025, 12, 31), "year"),
    ("in the second half of 2025", THU, None, D(2025, 7, 1), D(2025, 12, 31), "year"),
    ("for 2025", THU, None, D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("for 2025-2026", THU, None, D(2025, 1, 1), D(2026, 12, 31), "year"),
    ("between 2025 and 2030", THU, None, D(2025, 1, 1), D(2030, 12, 31), "year"),
    ("early next year", THU, None, D(2025, 1, 1), D(2025, 4, 30), "year"),
    ("by the end of next year", THU, None, D(2025, 9, 1), D(2025, 12, 31), "year"),
    ("in 2025", THU, None, D(2025, 1, 1), D(2025, 12, 31), "year"),
    # relative periods (ISO weeks, Monday to Sunday)
    ("next week", THU, None, D(2024, 11, 25), D(2024, 12, 1), "week"),
    ("next week", SUN, None, D(2024, 11, 25), D(2024, 12, 1), "week"),
    ("this week", THU, None, D(2024, 11, 18), D(2024, 11, 24), "week"),
    ("last week", THU, None, D(2024, 11, 11), D(2024, 11, 17), "week"),
    ("the coming week", THU, None, D(2024, 11, 25), D(2024, 12, 1), "week"),
    ("earlier this week", THU, None, D(2024, 11, 18), D(2024, 11, 20), "week"),
    ("later this week", THU, None, D(2024, 11, 22), D(2024, 11, 24), "week"),
    ("this weekend", THU, None, D(2024, 11, 23), D(2024, 11, 24), "days"),
    ("last weekend", THU, None, D(2024, 11, 16), D(2024, 11, 17), "days"),
    ("next month", THU, None, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("next month", DEC, None, D(2025, 1, 1), D(2025, 1, 31), "month"),
    ("last month", JAN, None, D(2022, 12, 1), D(2022, 12, 31), "month"),
    ("this month", THU, None, D(2024, 11, 1), D(2024, 11, 30), "month"),
    ("earlier this month", THU, None, D(2024, 11, 1), D(2024, 11, 20), "part_of_month"),
    ("later this month", THU, None, D(2024, 11, 22), D(2024, 11, 30), "part_of_month"),
    ("late last month", THU, None, D(2024, 10, 21), D(2024, 10, 31), "part_of_month"),
    ("mid-next month", THU, None, D(2024, 12, 11), D(2024, 12, 20), "part_of_month"),
    ("at the end of this month", THU, None, D(2024, 11, 21), D(2024, 11, 30), "part_of_month"),
    ("later this year", THU, None, D(2024, 11, 22), D(2024, 12, 31), "year"),
    ("earlier this year", THU, None, D(2024, 1, 1), D(2024, 11, 20), "year"),
    ("next year", THU, None, D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("last year", THU, None, D(2023, 1, 1), D(2023, 12, 31), "year"),
    # seasons (northern hemisphere) and vague stretches: precision "unknown"
    ("this summer", THU, None, D(2024, 6, 1), D(2024, 8, 31), "unknown"),
    ("next spring", THU, None, D(2025, 3, 1), D(2025, 5, 31), "unknown"),
    ("last winter", THU, None, D(2023, 12, 1), D(2024, 2, 29), "unknown"),
    ("this winter", THU, None, D(2024, 12, 1), D(2025, 2, 28), "unknown"),
    ("in the spring of 2025", THU, None, D(2025, 3, 1), D(2025, 5, 31), "unknown"),
    ("in autumn 2025", THU, None, D(2025, 9, 1), D(2025, 11, 30), "unknown"),
    ("in the coming days", THU, None, D(2024, 11, 22), D(2024, 11, 28), "unknown"),
    ("over the coming weeks", THU, None, D(2024, 11, 22), D(2024, 12, 19), "unknown"),
    ("in recent days", THU, None, D(2024, 11, 14), D(2024, 11, 20), "unknown"),
    ("over the past few weeks", THU, None, D(2024, 10, 24), D(2024, 11, 20), "unknown"),
    # ranges
    ("January 11th-13th", THU, "future", D(2025, 1, 11), D(2025, 1, 13), "days"),
    ("February 10-11, 2025", THU, None, D(2025, 2, 10), D(2025, 2, 11), "days"),
    ("10–11 February", THU, "future", D(2025, 2, 10), D(2025, 2, 11), "days"),
    ("from 3 to 5 March", THU, "future", D(2025, 3, 3), D(2025, 3, 5), "days"),
    ("between March 3 and 5", THU, "future", D(2025, 3, 3), D(2025, 3, 5), "days"),
    ("Nov. 5-6, 2024", THU, None, D(2024, 11, 5), D(2024, 11, 6), "days"),
    ("on 5 and 6 December", THU, "future", D(2024, 12, 5), D(2024, 12, 6), "days"),
    ("April 5-7", THU, "past", D(2024, 4, 5), D(2024, 4, 7), "days"),
    ("April 5 to 7, 2026", THU, None, D(2026, 4, 5), D(2026, 4, 7), "days"),
    ("from the 3rd to the 5th of March", THU, "future", D(2025, 3, 3), D(2025, 3, 5), "days"),
    ("March 30 - April 2", THU, "future", D(2025, 3, 30), D(2025, 4, 2), "days"),
    ("30 November – 2 December", THU, "future", D(2024, 11, 30), D(2024, 12, 2), "days"),
    ("December 30 - January 2, 2025", THU, None, D(2024, 12, 30), D(2025, 1, 2), "days"),
    ("30 December 2024 to 2 January 2025", THU, None, D(2024, 12, 30), D(2025, 1, 2), "days"),
    ("December 30 to January 2", DEC, "future", D(2024, 12, 30), D(2025, 1, 2), "days"),
]


@pytest.mark.parametrize("text, published, tense, start, end, precision", RESOLVE_CASES)
def test_resolve_date(text, published, tense, start, end, precision):
    assert resolve_date(text, published, tense) == DateRange(start, end, precision)


@pytest.mark.parametrize("text, published, tense, start, end, precision", RESOLVE_CASES)
def test_every_form_is_found_whole_inside_a_sentence(text, published, tense, start, end, precision):
    sentence = f"Officials said the ministers would meet {text} to discuss trade."
    spans = find_date_spans(sentence)
    assert [s.text for s in spans] == [text]
    assert sentence[spans[0].start:spans[0].end] == text
    assert resolve_date(sentence, published, tense) == DateRange(start, end, precision)


@pytest.mark.parametrize(
    "text",
    [
        "We may meet again soon.",
        "May the talks succeed.",
        "May God bless the negotiators.",
        "The minister said they may sign 5 agreements.",
        "The envoy will march to the square.",
        "The agency reported 2024 new cases.",
        "There were 10 to 15 delegates.",
        "Version 3.11.7 was installed.",
        "The mayday signal was received.",
        "Sundays are quiet in the capital.",
        "The Good Friday Agreement was signed decades ago.",
        "The Sunday Times reported the story.",
        "A fall in oil prices hurt the budget.",
        "The summer was hot.",
        "Spring is a season.",
        "June Carter spoke to the press.",
        "PROTESTERS MARCH ON THE CAPITAL",
        "TALKS MAY RESUME",
        "",
    ],
)
def test_non_dates_are_not_found(text):
    assert find_date_spans(text) == []
    assert resolve_date(text, THU) is None


@pytest.mark.parametrize("text", ["February 30", "31 April 2025", "2024-13-01", "on 45.11.2024"])
def test_impossible_dates_resolve_to_none(text):
    assert resolve_date(text, THU) is None


def test_spans_are_non_overlapping_longest_first_in_text_order():
    sentence = (
        "The ministers met on Thursday in the capital, agreed to meet again in early December 2024 "
        "and set the summit for February 10-11, 2025, though the May meeting may move."
    )
    spans = find_date_spans(sentence)
    assert [s.text for s in spans] == [
        "on Thursday", "in early December 2024", "for February 10-11, 2025",
    ]
    for span in spans:
        assert isinstance(span, DateSpan)
        assert sentence[span.start:span.end] == span.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_a_span_never_crosses_a_paragraph_break():
    text = "The forum runs from September 4 to 6\n\n2025 will be a busy year. Talks on\nMay 5, 2025 went well."
    assert [s.text for s in find_date_spans(text)] == ["from September 4 to 6", "on\nMay 5, 2025"]


def test_resolve_date_picks_the_longest_expression_in_a_sentence():
    sentence = "On Monday the office said the forum would run from 3 to 5 March."
    assert resolve_date(sentence, THU, "future") == DateRange(D(2025, 3, 3), D(2025, 3, 5), "days")


def test_a_written_date_wins_over_its_weekday():
    # The weekday is part of the span but the explicit date decides.
    spans = find_date_spans("The vote is on Friday, December 6, in the assembly.")
    assert [s.text for s in spans] == ["on Friday, December 6"]
    assert resolve_date(spans[0].text, THU) == DateRange(D(2024, 12, 6), D(2024, 12, 6), "day")


@pytest.mark.parametrize("published", [THU, "2024-11-21", datetime(2024, 11, 21, 23, 59)])
def test_published_accepts_date_datetime_and_iso_string(published):
    assert resolve_date("yesterday", published) == DateRange(D(2024, 11, 20), D(2024, 11, 20), "day")


def test_precisions_are_from_the_documented_set():
    for text, published, tense, *_ in RESOLVE_CASES:
        assert resolve_date(text, published, tense).precision in PRECISIONS


_WORDS = st.sampled_from(
    ["on", "in", "May", "may", "March", "Thursday", "next", "week", "5", "31", "2025", "-", "to", "and",
     "early", "mid-", "the", "end", "of", "December", "Nov.", ",", "between", "ago", "two", "days", "th"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=12).map(" ".join), st.dates(date(1990, 1, 1), date(2090, 12, 31)),
       st.sampled_from([None, "past", "future"]))
def test_never_crashes_and_spans_match_the_text(text, published, tense):
    spans = find_date_spans(text)
    for span in spans:
        assert text[span.start:span.end] == span.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    result = resolve_date(text, published, tense)
    if result is not None:
        assert spans
        assert result.start <= result.end
        assert result.precision in PRECISIONS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_crashes(text):
    find_date_spans(text)
    resolve_date(text, THU)
