"""Date expressions in English news text, resolved against the publication date.

`find_date_spans` locates expressions ("on Thursday", "mid-December 2024",
"February 10-11", "next week") and `resolve_date` turns one into a date range.
Each form is one row of `PATTERNS` (kind, regex template); the kind names the
resolver in `_RESOLVERS`. Month names count only when capitalised, so the verb
"may" is never a date, and a bare "May" needs a preposition, a day or a year.

Year inference: without a year, the year is chosen so that the date is the most
recent one on or before publication (tense "past"), the first one on or after it
("future"), or the nearest one (no tense). Weekdays follow the same rule: in a
Thursday article "Wednesday" is the day before, "on Saturday" with future tense
in a Friday article is the next day, and the publication weekday itself means
the publication day unless "next"/"last" says otherwise.

Precision: "day" (one day), "days" (a range of days), "week" (an ISO week, Monday to
Sunday), "month", "part_of_month" (early 1-10, mid 11-20, late/end 21-last), "year"
(a year or a part of one: early Jan-Apr, mid May-Aug, late Sep-Dec), "unknown" (vague
stretches: seasons, "in the coming weeks").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Callable, Iterator, NamedTuple

PRECISIONS = ("day", "days", "week", "month", "part_of_month", "year", "unknown")


class DateSpan(NamedTuple):
    """A date expression found in a text: character offsets and the text itself."""

    start: int
    end: int
    text: str


class DateRange(NamedTuple):
    """An inclusive date range; a single day has start == end."""

    start: date
    end: date
    precision: str


# --- vocabulary -------------------------------------------------------------

MONTHS = {
    "January": ("Jan",), "February": ("Feb",), "March": ("Mar",), "April": ("Apr",),
    "May": (), "June": ("Jun",), "July": ("Jul",), "August": ("Aug",),
    "September": ("Sept", "Sep"), "October": ("Oct",), "November": ("Nov",), "December": ("Dec",),
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

_MONTH_NUMBER: dict[str, int] = {}
for _number, (_name, _abbrs) in enumerate(MONTHS.items(), start=1):
    for _form in (_name, *_abbrs):
        _MONTH_NUMBER[_form.lower()] = _number

# Part of a month -> (first day, last day or None for the month's end).
MONTH_PARTS = {
    "early": (1, 10), "beginning": (1, 10), "start": (1, 10),
    "mid": (11, 20), "middle": (11, 20),
    "late": (21, None), "end": (21, None),
    "first half": (1, 15), "second half": (16, None),
}
# Part of a year -> (first month, last month).
YEAR_PARTS = {
    "early": (1, 4), "beginning": (1, 4), "start": (1, 4),
    "mid": (5, 8), "middle": (5, 8),
    "late": (9, 12), "end": (9, 12),
    "first half": (1, 6), "second half": (7, 12),
}


def _month_regex(group: str) -> str:
    forms = []
    for name, abbrs in MONTHS.items():
        forms += [name, name.upper()] + [rf"{a}\.?" for a in abbrs]
    return rf"(?P<{group}>{'|'.join(forms)})(?![\w])"


def _day_regex(group: str) -> str:
    return rf"(?P<{group}>[0-3]?\d)(?:st|nd|rd|th)?(?![\w])"


_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_YEAR1 = r"(?P<year1>(?:19|20)\d{2})(?!\d)"
_WEEKDAY = r"(?P<wd>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
_WEEKDAY2 = r"(?P<wd2>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
_RANGE_SEP = r"\s*(?:-|–|—|(?i:to|through|till|until|and)\s)\s*"
_PREP = r"(?:(?i:from|between|on|in|at|during|by|until|till|through|since|before|after|for|of)\s+)?"
_PART = r"(?P<part>(?i:early|beginning|start|mid|middle|late|end|first\s+half|second\s+half))"
_DAY_TIME = r"(?:\s+(?i:morning|afternoon|evening|night))?"
_LEADING_WEEKDAY = r"(?:(?i:on\s+)?" + _WEEKDAY + r",?\s+(?i:the\s+)?)?"

_SLOTS = {
    "M1": _month_regex("month1"), "M2": _month_regex("month2"),
    "D1": _day_regex("day1"), "D2": _day_regex("day2"),
    "Y": _YEAR, "Y1": _YEAR1, "WD": _WEEKDAY, "WD2": _WEEKDAY2,
    "TO": _RANGE_SEP, "PREP": _PREP, "PART": _PART, "TIME": _DAY_TIME, "LEADWD": _LEADING_WEEKDAY,
    "N": r"(?P<n>\d{1,2}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten))",
    "REL": r"(?P<rel>(?i:earlier\s+this|later\s+this|earlier\s+in\s+the|later\s+in\s+the|this|next|last|"
           r"the\s+coming|the\s+past|the\s+previous|the\s+following|the\s+next|the\s+last))",
    "UNIT": r"(?P<unit>(?i:weekend|week|month|year))",
    # "Good Friday Agreement", "the Sunday Times" are names, not dates
    "NOT_NAMED": r"(?<!Good )(?<!Black )(?<!Holy )(?<!Bloody )",
    "NOT_TITLE": r"(?!\s+(?:Agreement|Accords?|Times|Telegraph|Express|Mail|Post|Herald|Prayers?)\b)",
}

# (kind, template): one row per form. {SLOT}s are filled from _SLOTS.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"{PREP}{Y}-(?P<mo>[01]\d)-(?P<day1>[0-3]\d)(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"),
    ("dotted", r"{PREP}(?P<day1>[0-3]?\d)\.(?P<mo>[01]?\d)\.{Y}"),
    ("month_day_cross_range", r"{PREP}{M1}\s+{D1}(?:,?\s+{Y1})?{TO}{M2}\s+{D2}(?:,?\s+{Y})?"),
    ("day_month_cross_range", r"{PREP}{D1}(?:\s+of)?\s+{M1}(?:,?\s+{Y1})?{TO}{D2}(?:\s+of)?\s+{M2}(?:,?\s+{Y})?"),
    ("month_day_range", r"{PREP}{M1}\s+{D1}{TO}{D2}(?:,?\s+{Y})?"),
    ("day_month_range", r"{PREP}(?:(?i:the)\s+)?{D1}{TO}(?:(?i:the)\s+)?{D2}(?:\s+of)?\s+{M1}(?:,?\s+{Y})?"),
    ("month_day", r"{LEADWD}{PREP}{M1}\s+{D1}(?:,?\s+{Y})?{TIME}"),
    ("day_month", r"{LEADWD}{PREP}(?:(?i:the)\s+)?{D1}(?:\s+of)?\s+{M1}(?:,?\s+{Y})?{TIME}"),
    ("part_of_month", r"{PREP}(?:(?i:the)\s+)?{PART}(?:-|\s+(?:(?i:of)\s+)?){M1}(?:,?\s+{Y})?"),
    ("month_year", r"{PREP}{M1},?\s+{Y}"),
    # a bare month (no preposition) is never "May", never in capitals ("MARCH") and never
    # a first name ("June Smith")
    ("month", r"(?:(?P<qual>(?i:in|during|by|until|till|through|since|from|before|after|for|next|last|this|"
              r"the\s+coming))\s+|(?!May\b|[A-Z]{2,})){M1}(?(qual)|(?!\s+[A-Z][a-z]))"),
    ("part_of_year", r"{PREP}(?:(?i:the)\s+)?{PART}(?:-|\s+(?:(?i:of)\s+)?){Y}"),
    ("year", r"(?P<qual>(?i:in|for|during|by|until|till|through|throughout|since))\s+{Y}"),
    ("year_range", r"{PREP}{Y1}\s*(?:-|–|—|/|(?i:to|and)\s)\s*{Y}"),
    ("part_of_relative", r"{PREP}(?:(?i:the)\s+)?{PART}(?:\s+(?i:of)\s+(?P<rel>(?i:this|next|last|the))|"
                         r"(?:-|\s+)(?P<rel2>(?i:this|next|last)))\s+{UNIT}"),
    ("relative_period", r"{REL}\s+{UNIT}"),
    ("relative_day", r"(?P<word>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|"
                     r"yesterday|tomorrow|this\s+morning|this\s+afternoon|this\s+evening|last\s+night))"),
    ("days_ago", r"{N}\s+(?P<unit>(?i:days?|weeks?))\s+(?i:ago|earlier)"),
    ("in_days", r"(?i:in)\s+{N}\s+(?P<unit>(?i:days?|weeks?))(?:'|’)?(?:\s+(?i:time))?"),
    ("weekday_range", r"{PREP}(?:(?P<rel>(?i:this|next|last|coming))\s+)?{WD}{TO}{WD2}"),
    ("weekday", r"{NOT_NAMED}(?:(?i:on)\s+)?(?:(?P<rel>(?i:this\s+coming|this|next|last|coming|past))\s+)?{WD}{TIME}"
                r"{NOT_TITLE}"),
    # a season needs a preposition, "this/next/last" or a year: "a fall in prices" is no date
    ("season", r"(?:(?P<qual>(?i:in|during|by|until|till|since|through|for|from|before|after|over))\s+)?"
               r"(?:(?P<rel>(?i:this|next|last|the\s+coming|the\s+past))\s+|(?i:the)\s+)?"
               r"(?(qual)|(?(rel)|(?=\w+\s+(?:(?i:of)\s+)?(?:19|20)\d\d)))"
               r"(?P<season>(?i:spring|summer|autumn|fall|winter))(?:\s+(?:(?i:of)\s+)?{Y})?"),
    ("coming_period", r"(?P<rel>(?i:in\s+the\s+coming|over\s+the\s+coming|in\s+the\s+next|over\s+the\s+next|"
                      r"in\s+recent|over\s+the\s+past|in\s+the\s+past|over\s+the\s+last|in\s+the\s+last))"
                      r"\s+(?:(?P<n>few|several|two|three)\s+)?(?P<unit>(?i:days|weeks|months))"),
)


_SPACE = r"(?:[^\S\n]|\n(?![^\S\n]*\n))"
"""Whitespace that may hold a line break but never a blank line (a paragraph break)."""


def _compile(template: str) -> re.Pattern:
    body = re.sub(r"\{(\w+)\}", lambda m: _SLOTS[m.group(1)], template).replace(r"\s", _SPACE)
    return re.compile(rf"(?<![\w-]){body}(?![\w])")


_COMPILED: tuple[tuple[str, re.Pattern], ...] = tuple((kind, _compile(t)) for kind, t in PATTERNS)


class _Match(NamedTuple):
    start: int
    end: int
    kind: str
    groups: dict


def _all_matches(text: str) -> Iterator[_Match]:
    for kind, regex in _COMPILED:
        for m in regex.finditer(text):
            yield _Match(m.start(), m.end(), kind, m.groupdict())


def _select(text: str) -> list[_Match]:
    """Longest matches first, then leftmost; no overlaps; returned in text order."""
    chosen: list[_Match] = []
    for match in sorted(_all_matches(text), key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)


def find_date_spans(text: str) -> list[DateSpan]:
    """Date expressions in `text` as non-overlapping spans, in text order."""
    if not text:
        return []
    return [DateSpan(m.start, m.end, text[m.start:m.end]) for m in _select(text)]


def resolve_date(text: str, published: date | datetime | str, tense: str | None = None) -> DateRange | None:
    """Resolve the longest date expression in `text` against the publication date.

    `tense` is "past", "future" or None; it picks the year (or week) when the text
    leaves it open. Returns None when there is no date or it does not exist;
    `published` may be a date, a datetime or an ISO string (ValueError if unreadable).
    """
    if not text:
        return None
    published = _as_date(published)
    matches = _select(text)
    if not matches:
        return None
    best = max(matches, key=lambda m: (m.end - m.start, -m.start))
    try:
        return _RESOLVERS[best.kind](best.groups, published, tense)
    except ValueError:  # e.g. "February 30"
        return None


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# --- helpers -----------------------------------------------------------------

Maker = Callable[[int], "tuple[date, date]"]


def _month_of(name: str) -> int:
    return _MONTH_NUMBER[name.rstrip(".").lower()]


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _distance(start: date, end: date, published: date) -> int:
    if start <= published <= end:
        return 0
    return min(abs((start - published).days), abs((end - published).days))


def _in_year(make: Maker, published: date, tense: str | None, weekday: int | None = None) -> tuple[date, date]:
    """Pick the year for a yearless range: on/before (past), on/after (future) or nearest.

    A written weekday ("Thursday, November 28") keeps only years where it fits.
    """
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(make(year))
        except ValueError:  # 29 February in a common year
            continue
    if weekday is not None:
        candidates = [c for c in candidates if c[0].weekday() == weekday] or candidates
    if not candidates:
        raise ValueError("no valid year")
    if tense == "past":
        before = [c for c in candidates if c[0] <= published]
        if before:
            return max(before)
    elif tense == "future":
        after = [c for c in candidates if c[1] >= published]
        if after:
            return min(after)
    return min(candidates, key=lambda c: (_distance(c[0], c[1], published), c[0] < published))


def _with_year(year: str | None, make: Maker, published: date, tense: str | None) -> tuple[date, date]:
    return make(int(year)) if year else _in_year(make, published, tense)


def _range(start: date, end: date, single: str = "day", multi: str = "days") -> DateRange:
    if end < start:
        raise ValueError("range ends before it starts")
    return DateRange(start, end, single if start == end else multi)


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _count(value: str) -> int:
    return int(value) if value.isdigit() else NUMBER_WORDS[value.lower()]


# --- resolvers (one per pattern kind) ---------------------------------------


def _iso(g: dict, published: date, tense: str | None) -> DateRange:
    day = date(int(g["year"]), int(g["mo"]), int(g["day1"]))
    return DateRange(day, day, "day")


def _month_day(g: dict, published: date, tense: str | None) -> DateRange:
    month, day = _month_of(g["month1"]), int(g["day1"])

    def make(year: int) -> tuple[date, date]:
        return date(year, month, day), date(year, month, day)

    if g["year"]:
        start, _ = make(int(g["year"]))
    else:
        weekday = WEEKDAYS.index(g["wd"].lower()) if g.get("wd") else None
        start, _ = _in_year(make, published, tense, weekday)
    return DateRange(start, start, "day")


def _day_range(g: dict, published: date, tense: str | None) -> DateRange:
    month1 = _month_of(g["month1"])
    month2 = _month_of(g["month2"]) if g.get("month2") else month1
    day1, day2 = int(g["day1"]), int(g["day2"])
    year1 = g.get("year1")

    def make(year: int) -> tuple[date, date]:
        start_year = int(year1) if year1 else (year - 1 if month2 < month1 else year)
        return date(start_year, month1, day1), date(year, month2, day2)

    start, end = _with_year(g["year"], make, published, tense)
    return _range(start, end)


def _part_of_month(g: dict, published: date, tense: str | None) -> DateRange:
    month = _month_of(g["month1"])
    first, last = MONTH_PARTS[_part_key(g["part"])]

    def make(year: int) -> tuple[date, date]:
        return date(year, month, first), date(year, month, last or _month_end(year, month))

    start, end = _with_year(g["year"], make, published, tense)
    return DateRange(start, end, "part_of_month")


def _whole_month(g: dict, published: date, tense: str | None) -> DateRange:
    month = _month_of(g["month1"])
    qual = " ".join((g.get("qual") or "").lower().split())

    def make(year: int) -> tuple[date, date]:
        return date(year, month, 1), date(year, month, _month_end(year, month))

    if g.get("year"):
        start, end = make(int(g["year"]))
    elif qual == "this":
        start, end = make(published.year)
    elif qual in ("next", "the coming"):
        start, end = make(published.year + (month <= published.month))
    elif qual == "last":
        start, end = make(published.year - (month >= published.month))
    else:
        start, end = _in_year(make, published, tense)
    return DateRange(start, end, "month")


def _part_of_year(g: dict, published: date, tense: str | None) -> DateRange:
    first, last = YEAR_PARTS[_part_key(g["part"])]
    year = int(g["year"])
    return DateRange(date(year, first, 1), date(year, last, _month_end(year, last)), "year")


def _whole_year(g: dict, published: date, tense: str | None) -> DateRange:
    year = int(g["year"])
    return DateRange(date(year, 1, 1), date(year, 12, 31), "year")


def _year_range(g: dict, published: date, tense: str | None) -> DateRange:
    first, last = int(g["year1"]), int(g["year"])
    return _range(date(first, 1, 1), date(last, 12, 31), "year", "year")


def _part_key(part: str) -> str:
    return " ".join(part.lower().split())


def _period(unit: str, published: date, offset: int) -> tuple[date, date]:
    """The week/weekend/month/year containing `published`, shifted by `offset` units."""
    if unit in ("week", "weekend"):
        monday, sunday = _week_of(published + timedelta(weeks=offset))
        return (monday + timedelta(days=5), sunday) if unit == "weekend" else (monday, sunday)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + offset
        year, month = divmod(index, 12)
        return date(year, month + 1, 1), date(year, month + 1, _month_end(year, month + 1))
    year = published.year + offset
    return date(year, 1, 1), date(year, 12, 31)


_UNIT_PRECISION = {"week": "week", "weekend": "days", "month": "month", "year": "year"}
_REL_OFFSET = {"this": 0, "next": 1, "the coming": 1, "the next": 1, "the following": 1,
               "last": -1, "the past": -1, "the previous": -1, "the last": -1, "the": 0}


def _relative_period(g: dict, published: date, tense: str | None) -> DateRange:
    unit = g["unit"].lower()
    rel = " ".join(g["rel"].lower().split())
    precision = _UNIT_PRECISION[unit]
    if rel in ("earlier this", "earlier in the"):
        start, end = _period(unit, published, 0)
        end = max(start, published - timedelta(days=1))
        return DateRange(start, end, "part_of_month" if unit == "month" else precision)
    if rel in ("later this", "later in the"):
        start, end = _period(unit, published, 0)
        start = min(end, published + timedelta(days=1))
        return DateRange(start, end, "part_of_month" if unit == "month" else precision)
    if unit == "weekend" and rel == "last" and published.weekday() >= 5:
        rel = "this"
    start, end = _period(unit, published, _REL_OFFSET[rel])
    return DateRange(start, end, precision)


def _part_of_relative(g: dict, published: date, tense: str | None) -> DateRange:
    unit = g["unit"].lower()
    start, end = _period(unit, published, _REL_OFFSET[(g["rel"] or g["rel2"]).lower()])
    part = _part_key(g["part"])
    if unit == "month":
        first, last = MONTH_PARTS[part]
        return DateRange(start.replace(day=first), end.replace(day=last or end.day), "part_of_month")
    if unit == "year":
        first, last = YEAR_PARTS[part]
        return DateRange(date(start.year, first, 1), date(start.year, last, _month_end(start.year, last)), "year")
    return DateRange(start, end, _UNIT_PRECISION[unit])


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                  "yesterday": -1, "last night": -1, "tomorrow": 1,
                  "the day before yesterday": -2, "the day after tomorrow": 2}


def _relative_day(g: dict, published: date, tense: str | None) -> DateRange:
    day = published + timedelta(days=_RELATIVE_DAYS[" ".join(g["word"].lower().split())])
    return DateRange(day, day, "day")


def _days_ago(g: dict, published: date, tense: str | None) -> DateRange:
    days = _count(g["n"]) * (7 if g["unit"].lower().startswith("week") else 1)
    day = published - timedelta(days=days)
    return DateRange(day, day, "day")


def _in_days(g: dict, published: date, tense: str | None) -> DateRange:
    days = _count(g["n"]) * (7 if g["unit"].lower().startswith("week") else 1)
    day = published + timedelta(days=days)
    return DateRange(day, day, "day")


def _weekday_date(name: str, rel: str | None, published: date, tense: str | None) -> date:
    target = WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7  # days since the most recent such weekday (0 = today)
    ahead = (target - published.weekday()) % 7  # days until the next one (0 = today)
    rel = " ".join((rel or "").lower().split())
    if rel in ("next", "coming", "this coming"):
        return published + timedelta(days=ahead or 7)
    if rel in ("last", "past"):
        return published - timedelta(days=back or 7)
    if rel == "this":  # "this Monday": the coming one, or the one just gone in the past tense
        return published - timedelta(days=back) if tense == "past" else published + timedelta(days=ahead)
    if tense == "past":
        return published - timedelta(days=back)
    if tense == "future":
        return published + timedelta(days=ahead)
    return published - timedelta(days=back) if back <= ahead else published + timedelta(days=ahead)


def _weekday(g: dict, published: date, tense: str | None) -> DateRange:
    day = _weekday_date(g["wd"], g.get("rel"), published, tense)
    return DateRange(day, day, "day")


def _weekday_range(g: dict, published: date, tense: str | None) -> DateRange:
    start = _weekday_date(g["wd"], g.get("rel"), published, tense)
    length = (WEEKDAYS.index(g["wd2"].lower()) - start.weekday()) % 7
    return _range(start, start + timedelta(days=length))


# Season -> (first month, last month); winter runs into the next year.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


def _season(g: dict, published: date, tense: str | None) -> DateRange:
    first, last = SEASONS[g["season"].lower()]

    def make(year: int) -> tuple[date, date]:
        end_year = year + 1 if last < first else year
        return date(year, first, 1), date(end_year, last, _month_end(end_year, last))

    rel = " ".join((g.get("rel") or "").lower().split())
    if g.get("year"):
        start, end = make(int(g["year"]))
    elif rel in ("next", "the coming", "last", "the past"):
        candidates = [make(y) for y in (published.year - 1, published.year, published.year + 1)]
        if rel in ("next", "the coming"):
            start, end = min(c for c in candidates if c[0] > published)
        else:
            start, end = max(c for c in candidates if c[1] < published)
    else:  # "this summer", "in the spring": the one under way or the nearest by tense
        start, end = _in_year(make, published, tense)
    return DateRange(start, end, "unknown")


# How far "the coming/next ... days/weeks/months" reaches, in days.
COMING_SPANS = {"days": 7, "weeks": 28, "months": 180}


def _coming_period(g: dict, published: date, tense: str | None) -> DateRange:
    reach = timedelta(days=COMING_SPANS[g["unit"].lower()])
    one_day = timedelta(days=1)
    if any(word in g["rel"].lower() for word in ("coming", "next")):
        return DateRange(published + one_day, published + reach, "unknown")
    return DateRange(published - reach, published - one_day, "unknown")


_RESOLVERS: dict[str, Callable[[dict, date, str | None], DateRange]] = {
    "iso": _iso,
    "dotted": _iso,
    "month_day_cross_range": _day_range,
    "day_month_cross_range": _day_range,
    "month_day_range": _day_range,
    "day_month_range": _day_range,
    "month_day": _month_day,
    "day_month": _month_day,
    "part_of_month": _part_of_month,
    "month_year": _whole_month,
    "month": _whole_month,
    "part_of_year": _part_of_year,
    "year": _whole_year,
    "year_range": _year_range,
    "part_of_relative": _part_of_relative,
    "relative_period": _relative_period,
    "relative_day": _relative_day,
    "days_ago": _days_ago,
    "in_days": _in_days,
    "weekday_range": _weekday_range,
    "weekday": _weekday,
    "season": _season,
    "coming_period": _coming_period,
}
