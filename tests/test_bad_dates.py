"""Days outside the calendar digests work with are answered like any bad date (issue 13, item 8)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.handlers.common import UserError
from bot.handlers.reading import parse_day
from briefings.digest.dates import FIRST_DAY, LAST_DAY, PeriodError, parse_period

OUT_OF_RANGE = ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"]


@pytest.mark.parametrize("args", [
    ["digest", "--date", "9999-12-31"],
    ["digest", "--date", "0001-01-01"],
    ["digest", "--date", "2024-11-22", "--until", "9999-12-31"],
    ["upcoming", "--today", "9999-12-31"],
    ["brief", "Belarus", "--today", "0001-01-01"],
    ["brief", "Belarus", "--today", "9999-12-31"],
])
def test_cli_refuses_days_outside_the_calendar_with_a_usage_error(invoke, args):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "outside the dates I work with (1900-01-01 to 2999-12-31)" in result.output
    assert "Traceback" not in result.output and "OverflowError" not in result.output


@pytest.mark.parametrize("period", ["since 0001-01-01", "0001-01-01..0001-02-01", "9999-12-31", "9999-12"])
def test_cli_brief_periods_outside_the_calendar_are_usage_errors(invoke, period):
    result = invoke("brief", "Belarus", "--period", period)
    assert result.exit_code == 2 and "outside the dates I work with" in result.output


def test_the_first_and_last_days_still_work(invoke):
    for args in (["digest", "--date", LAST_DAY.isoformat()], ["digest", "--date", FIRST_DAY.isoformat()],
                 ["upcoming", "--today", LAST_DAY.isoformat(), "--days", "366"],
                 ["brief", "Belarus", "--today", LAST_DAY.isoformat(), "--days", "3660"]):
        assert invoke(*args).exit_code == 0, args


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_bot_digest_day_outside_the_calendar_gets_the_bad_date_reply(value):
    with pytest.raises(UserError) as caught:
        parse_day(value, date(2024, 11, 25))
    assert "is not a date I understand" in caught.value.html and "YYYY-MM-DD" in caught.value.html


@pytest.mark.parametrize("today", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_period_around_an_impossible_today_is_a_period_error(today):
    with pytest.raises(PeriodError, match="outside the dates"):
        parse_period("", today)
