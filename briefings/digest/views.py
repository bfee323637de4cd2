"""View models: what a digest, a brief or a calendar shows, as plain data (no Telegram, no markup).

Templates in ``briefings/templates/`` render these; every display string is ready here, so the
HTML, Markdown and plain-text templates show exactly the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from briefings.digest.dates import date_range_label, day_label
from briefings.text import shorten

#: Statuses that mean "not happened yet"; templates mark such items clearly.
PLANNED_STATUSES = {"planned", "expected"}
#: Sources listed under an item; more are counted ("+3 more").
SHOWN_SOURCES = 5


@dataclass
class SourceRef:
    """One article an item was reported in."""

    article_id: int
    title: str
    source: str | None
    published: str
    url: str | None  # only http(s) links; anything else is dropped
    note: str = ""  # tells apart two reports from one source ("23 Nov")

    @property
    def label(self) -> str:
        """The source's name, else the start of the title; with the note, if any."""
        name = self.source or shorten(self.title, 40)
        return f"{name} ({self.note})" if self.note else name


@dataclass
class Party:
    """A side of an event: a person (name as written, role, country), a country or an organisation."""

    kind: str  # person | country | org
    name: str
    key: str
    role: str | None = None
    country: str | None = None  # ISO2 (a person's country, or the country itself)
    country_name: str | None = None
    flag: str = ""
    side: str | None = None

    @property
    def label(self) -> str:
        """"Sergey Lavrov (Foreign Minister, Russia)" / "Belarus" / "BRICS"."""
        if self.kind != "person":
            return self.name
        details = [d for d in (self.role, self.country_name) if d]
        return f"{self.name} ({', '.join(details)})" if details else self.name

    @property
    def display(self) -> str:
        """The label after the flag, if any: "🇧🇾 Belarus", "BRICS"."""
        return f"{self.flag} {self.label}" if self.flag else self.label


@dataclass
class Item:
    """One real-world event (meeting, signing or upcoming gathering), merged across its reports."""

    type: str  # meeting | signing | upcoming
    kind: str | None
    status: str | None
    date_from: date | None
    date_to: date | None
    location: str | None
    title: str
    document: str | None = None
    people: list[Party] = field(default_factory=list)
    countries: list[Party] = field(default_factory=list)
    orgs: list[Party] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    evidence: str | None = None
    followed: bool = False
    event_ids: list[int] = field(default_factory=list)

    @property
    def shown_sources(self) -> list[SourceRef]:
        """The sources a template lists (the first reports); the rest are counted in ``more_sources``."""
        return self.sources[:SHOWN_SOURCES]

    @property
    def more_sources(self) -> int:
        return max(0, len(self.sources) - SHOWN_SOURCES)

    @property
    def when(self) -> str:
        """Human date or range ("22 Nov 2024", "early Dec 2024"); else when it was first reported."""
        label = date_range_label(self.date_from, self.date_to)
        if label or not self.sources:
            return label or "date not given"
        return f"reported {day_label(date.fromisoformat(min(s.published for s in self.sources)))}"

    @property
    def planned(self) -> bool:
        return self.status in PLANNED_STATUSES

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def status_label(self) -> str:
        """"planned" / "expected" / "cancelled", or "" for what has happened."""
        return self.status if (self.planned or self.cancelled) else ""

    @property
    def parties(self) -> list[Party]:
        """Who took part: people when named, else the countries and organisations."""
        return self.people or (self.countries + self.orgs)


@dataclass
class CountryCount:
    code: str
    name: str
    flag: str
    count: int


@dataclass(frozen=True)
class Contact:
    """One event of a brief reduced to what a chart counts; every event of the period, shown or not."""

    type: str  # meeting | signing | upcoming
    kind: str | None  # talks | visit | call for meetings
    day: date | None  # when it happened or is due; else first reported in the period; None: undated gathering
    planned: bool  # not happened yet (planned, expected, or an upcoming gathering)
    countries: tuple[str, ...] = ()  # the other countries taking part (ISO2)
    orgs: tuple[str, ...] = ()  # the other organisations taking part (acronyms)


@dataclass
class Quote:
    text: str
    source: SourceRef


@dataclass
class Digest:
    """The daily (or any period's) digest: who met whom, what was signed, what is coming."""

    date_from: date
    date_to: date
    tz: str
    meetings: list[Item]
    signings: list[Item]
    upcoming: list[Item]
    countries: list[CountryCount]
    stories: list[SourceRef]
    follows: tuple[str, ...] = ()
    only_follows: bool = False
    article_count: int = 0
    more: dict[str, int] = field(default_factory=dict)  # section -> items left out for length

    @property
    def title(self) -> str:
        return "Daily digest" if self.date_from == self.date_to else "Digest"

    @property
    def period(self) -> str:
        return date_range_label(self.date_from, self.date_to, fuzzy=False)

    @property
    def period_key(self) -> str:
        """Stable key of the period ("2024-11-23" or "2024-11-01..2024-11-30"), for delivery records."""
        start, end = self.date_from.isoformat(), self.date_to.isoformat()
        return start if start == end else f"{start}..{end}"

    @property
    def empty(self) -> bool:
        return not (self.meetings or self.signings or self.upcoming or self.stories)


@dataclass
class Subject:
    """What a brief is about."""

    kind: str  # country | person | org | topic
    key: str
    label: str
    flag: str = ""
    entity_ids: tuple[int, ...] = ()

    @property
    def display(self) -> str:
        """"🇧🇾 Belarus", "BRICS", "Sergey Lavrov", or a topic in quotes: "“sanctions”"."""
        if self.kind == "topic":
            return f"“{self.label}”"
        return f"{self.flag} {self.label}".strip()


@dataclass
class Brief:
    """Everything on one country, person, organisation or topic over a period."""

    query: str
    date_from: date
    date_to: date
    subject: Subject | None = None
    meetings: list[Item] = field(default_factory=list)
    signings: list[Item] = field(default_factory=list)
    upcoming: list[Item] = field(default_factory=list)
    partners: list[CountryCount] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    articles: list[SourceRef] = field(default_factory=list)
    article_count: int = 0
    suggestions: list[str] = field(default_factory=list)
    latest: date | None = None  # the latest news on the subject, when the period has none
    more: dict[str, int] = field(default_factory=dict)  # section -> items left out for length
    longer_period: str | None = None  # a period to offer when this one is empty ("30d", "since 2024-06-01")
    contacts: list[Contact] = field(default_factory=list)  # every meeting, signing and upcoming event, uncapped

    @property
    def period(self) -> str:
        return date_range_label(self.date_from, self.date_to, fuzzy=False)

    @property
    def known(self) -> bool:
        return self.subject is not None

    @property
    def empty(self) -> bool:
        return not (self.meetings or self.signings or self.upcoming or self.articles)

    @property
    def headline(self) -> str:
        """"2 meetings, 1 signing, 1 upcoming event, 3 articles" (zero counts left out)."""
        counts = [
            (len(self.meetings) + self.more.get("meetings", 0), "meeting"),
            (len(self.signings) + self.more.get("signings", 0), "signing"),
            (len(self.upcoming) + self.more.get("upcoming", 0), "upcoming event"),
            (self.article_count, "article"),
        ]
        return ", ".join(_count(n, noun) for n, noun in counts if n) or "nothing found"


@dataclass
class Calendar:
    """Upcoming events (summits, planned meetings, expected signings), soonest first."""

    date_from: date
    date_to: date
    items: list[Item]
    country: Subject | None = None
    query: str | None = None
    suggestions: list[str] = field(default_factory=list)
    more: dict[str, int] = field(default_factory=dict)  # "items" -> items left out for length

    @property
    def period(self) -> str:
        return date_range_label(self.date_from, self.date_to, fuzzy=False)

    @property
    def empty(self) -> bool:
        return not self.items


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
