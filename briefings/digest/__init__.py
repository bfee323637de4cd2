"""Digests, briefs and calendars: view models built from the store's extracted facts.

``build_digest`` (a day's or period's news), ``build_brief`` (one country, person, organisation
or topic over a period), ``build_calendar`` (what is coming) and ``parse_period``. Render them
with :mod:`briefings.render`.
"""

from briefings.digest.builders import build_brief, build_calendar, build_digest, today_in
from briefings.digest.dates import PeriodError, date_range_label, parse_period
from briefings.digest.subjects import resolve_subject, suggestions
from briefings.digest.views import Brief, Calendar, CountryCount, Digest, Item, Party, Quote, SourceRef, Subject

__all__ = [
    "Brief",
    "Calendar",
    "CountryCount",
    "Digest",
    "Item",
    "Party",
    "PeriodError",
    "Quote",
    "SourceRef",
    "Subject",
    "build_brief",
    "build_calendar",
    "build_digest",
    "date_range_label",
    "parse_period",
    "resolve_subject",
    "suggestions",
    "today_in",
]
