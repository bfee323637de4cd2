"""Periods users type, and how date ranges are shown."""

from datetime import date

import pytest

from briefings.digest import PeriodError, date_range_label, parse_period

TODAY = date(2024, 11, 30)


@pytest.mark.parametrize(
    "text, expected",
    [
        (None, (date(2024, 11, 24), TODAY)),
        ("", (date(2024, 11, 24), TODAY)),
        ("30d", (date(2024, 11, 1), TODAY)),
        ("30 days", (date(2024, 11, 1), TODAY)),
        ("last 2w", (date(2024, 11, 17), TODAY)),
        ("1d", (TODAY, TODAY)),
        ("today", (TODAY, TODAY)),
        ("yesterday", (date(2024, 11, 29), date(2024, 11, 29))),
        ("week", (date(2024, 11, 24), TODAY)),
        ("since 2024-11-01", (date(2024, 11, 1), TODAY)),
        ("Since 2024-11-01", (date(2024, 11, 1), TODAY)),
        ("2024-11-01..2024-11-15", (date(2024, 11, 1), date(2024, 11, 15))),
        ("2024-11-01 .. 2024-11-15", (date(2024, 11, 1), date(2024, 11, 15))),
        ("2024-10..2024-11", (date(2024, 10, 1), date(2024, 11, 30))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2024-11-22", (date(2024, 11, 22), date(2024, 11, 22))),
        ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
        ("2023..2024-06", (date(2023, 1, 1), date(2024, 6, 30))),
    ],
)
def test_periods_users_type(text, expected):
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, says",
    [
        ("fortnight-ish", "don't understand"),
        ("since yesterday-ish", "don't understand"),
        ("2024-11-30..2024-11-01", "ends before it starts"),
        ("since 2025-01-01", "future"),
        ("0d", "at least one day"),
        ("9999d", "longer than"),
        ("2024-13", "don't understand"),
        ("<b>x</b>", "don't understand"),
        ("1066", "don't understand"),
    ],
)
def test_bad_periods_say_what_to_type(text, says):
    with pytest.raises(PeriodError) as caught:
        parse_period(text, TODAY)
    assert says in caught.value.message
    assert "30d" in caught.value.message or "shorter" in caught.value.message or "at least" in caught.value.message


@pytest.mark.parametrize(
    "start, end, fuzzy, label",
    [
        (date(2024, 11, 22), None, True, "22 Nov 2024"),
        (date(2024, 11, 22), date(2024, 11, 22), True, "22 Nov 2024"),
        (date(2024, 12, 1), date(2024, 12, 10), True, "early Dec 2024"),
        (date(2024, 12, 11), date(2024, 12, 20), True, "mid Dec 2024"),
        (date(2024, 12, 21), date(2024, 12, 31), True, "late Dec 2024"),
        (date(2024, 12, 1), date(2024, 12, 31), True, "Dec 2024"),
        (date(2024, 12, 1), date(2024, 12, 10), False, "1–10 Dec 2024"),
        (date(2025, 2, 10), date(2025, 2, 11), True, "10–11 Feb 2025"),
        (date(2024, 11, 28), date(2024, 12, 2), True, "28 Nov – 2 Dec 2024"),
        (date(2024, 12, 30), date(2025, 1, 2), True, "30 Dec 2024 – 2 Jan 2025"),
        (date(2025, 1, 1), date(2025, 12, 31), True, "2025"),
        (None, None, True, ""),
    ],
)
def test_date_ranges_read_as_people_write_them(start, end, fuzzy, label):
    assert date_range_label(start, end, fuzzy=fuzzy) == label
