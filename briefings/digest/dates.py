"""Periods users type ("30d", "since 2024-11-01", "2024-11-01..2024-11-30") and date labels."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

DEFAULT_DAYS = 7
MAX_DAYS = 3660
#: The days digests, briefs and calendars work with: far enough inside Python's calendar (years
#: 1..9999) that the weeks before and months after a day never leave it.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)

_DAYS = re.compile(r"^(\d{1,4})\s*(d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years)$")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_RANGE = re.compile(r"^(\S+)\s*(?:\.\.|–|—|\bto\b)\s*(\S+)$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")
_HELP = "try 7d, 30d, since 2024-11-01, 2024-11-01..2024-11-30, 2024-11 or 2024"


class PeriodError(ValueError):
    """A period the user typed that cannot be understood; the message says what to type."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_period(text: str | None, today: date | None = None) -> tuple[date, date]:
    """(first day, last day), both inclusive, of a period written as the user would.

    Empty means the last 7 days ending ``today``. Accepts ``30d`` / ``2w`` / ``3m`` / ``1y``,
    ``today``, ``yesterday``, ``week``, ``month``, ``since 2024-11-01``, ``2024-11-01..2024-11-30``,
    a single day ``2024-11-22``, a month ``2024-11`` and a year ``2024``.
    """
    today = check_day(today or date.today())
    raw = " ".join((text or "").split())
    spec = raw.casefold()
    if not spec:
        return today - timedelta(days=DEFAULT_DAYS - 1), today
    if spec == "today":
        return today, today
    if spec == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if spec in {"week", "last week"}:
        spec = "7d"
    if spec in {"month", "last month"}:
        spec = "30d"
    if spec in {"year", "last year"}:
        spec = "365d"
    spec = spec.removeprefix("last ").strip()
    if match := _DAYS.match(spec):
        days = int(match.group(1)) * _UNIT_DAYS[match.group(2)[0]]
        if days < 1:
            raise PeriodError(f"A period needs at least one day; {_HELP}.")
        return _checked(today - timedelta(days=days - 1), today)
    if spec.startswith(("since ", "from ")):
        start = _day(spec.split(" ", 1)[1].strip(), raw)
        if start > today:
            raise PeriodError(f"{start.isoformat()} is in the future; {_HELP}.")
        return _checked(start, today)
    if match := _RANGE.match(spec):
        start, end = _day(match.group(1), raw), _day(match.group(2), raw, last=True)
        if start > end:
            raise PeriodError(f"The period {raw!r} ends before it starts; {_HELP}.")
        return _checked(start, end)
    return _checked(_day(spec, raw), _day(spec, raw, last=True))


def _day(text: str, whole: str, last: bool = False) -> date:
    """A date from YYYY-MM-DD, or the first (``last``: final) day of a YYYY-MM month or a YYYY year."""
    if _YEAR.match(text) and 1900 <= int(text) <= 2999:
        return date(int(text), 12, 31) if last else date(int(text), 1, 1)
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"I don't understand the period {whole!r}; {_HELP}.") from None


def check_day(day: date) -> date:
    """``day`` if it lies within FIRST_DAY..LAST_DAY, else PeriodError saying so."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PeriodError(f"{day.isoformat()} is outside the dates I work with "
                          f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}).")
    return day


def _checked(start: date, end: date) -> tuple[date, date]:
    check_day(start)
    check_day(end)
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodError(f"That period is longer than {MAX_DAYS} days; pick a shorter one.")
    return start, end


def day_label(day: date) -> str:
    """"22 Nov 2024"."""
    return f"{day.day} {day:%b %Y}"


def date_range_label(start: date | None, end: date | None, *, fuzzy: bool = True) -> str:
    """A range as people write it: "22 Nov 2024", "10–11 Feb 2025", "28 Nov – 2 Dec 2024".

    With ``fuzzy`` (event dates known only roughly), the usual thirds of a month read
    "early/mid/late Dec 2024" and a whole month "Dec 2024".
    """
    if start is None:
        return ""
    end = end or start
    if end < start:
        start, end = end, start
    if start == end:
        return day_label(start)
    if start.year == end.year and start.month == end.month:
        month = f"{start:%b %Y}"
        last = calendar.monthrange(start.year, start.month)[1]
        if fuzzy:
            part = {(1, last): "", (1, 10): "early ", (11, 20): "mid ", (21, last): "late "}.get((start.day, end.day))
            if part is not None:
                return f"{part}{month}"
        return f"{start.day}–{end.day} {month}"
    if fuzzy and start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return str(start.year)
    if start.year == end.year:
        return f"{start.day} {start:%b} – {day_label(end)}"
    return f"{day_label(start)} – {day_label(end)}"
