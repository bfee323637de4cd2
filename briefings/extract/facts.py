"""What extraction finds in one article, and its export record (``../shared/eval/SCHEMA.md``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Person:
    """A person as first fully named in the article, with role and country when the text gives them."""

    name: str
    role: str | None = None
    country: str | None = None
    mentions: int = 1
    guessed: bool = False  # the country is the source's, not the text's ("Prime Minister X" in a national agency)

    @property
    def key(self) -> str:
        return self.name.casefold()

    @property
    def surname(self) -> str:
        return self.name.split()[-1].casefold()


@dataclass
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class Meeting:
    participants: list[Person]
    countries: list[str]
    kind: str  # talks | visit | call
    status: str  # held | planned | cancelled
    date: str | None = None
    location: str | None = None
    location_country: str | None = None
    orgs: list[str] = field(default_factory=list)
    host: str | None = None  # ISO2 of the receiving side, when known
    from_trip: bool = False  # talks read off a trip ("arrived ... at the invitation of X"), not a meeting verb
    vague_date: bool = False  # the text dates it only by a span ("last week"): no day to borrow from context
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.6

    @property
    def title(self) -> str:
        names = [p.name.split()[-1] for p in self.participants] or list(self.countries)
        label = {"talks": "talks", "visit": "visit", "call": "call"}[self.kind]
        return f"{' – '.join(names)} {label}"

    def record(self) -> dict:
        return {
            "participants": [p.name for p in self.participants],
            "countries": list(self.countries),
            "kind": self.kind,
            "location": self.location,
            "date": self.date,
            "status": self.status,
            "roles": {p.name: p.role for p in self.participants if p.role},
            "confidence": round(self.confidence, 2),
            "evidence": [[e.start, e.end] for e in self.evidence if e.start >= 0],
        }


@dataclass
class Signing:
    document: str
    parties: list[str]
    status: str  # signed | expected
    date: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.6
    vague_date: bool = False  # dated only by a span ("last week")

    def record(self) -> dict:
        return {
            "document": self.document,
            "parties": list(self.parties),
            "date": self.date,
            "status": self.status,
            "confidence": round(self.confidence, 2),
            "evidence": [[e.start, e.end] for e in self.evidence if e.start >= 0],
        }


@dataclass
class Upcoming:
    event: str
    kind: str  # summit | forum | conference | session | election | other
    date_from: str | None
    date_to: str | None
    location: str | None = None
    location_country: str | None = None
    members: list[str] = field(default_factory=list)
    status: str = "planned"
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.6

    def record(self) -> dict:
        return {
            "event": self.event,
            "kind": self.kind,
            "location": self.location,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "status": self.status,
            "confidence": round(self.confidence, 2),
            "evidence": [[e.start, e.end] for e in self.evidence if e.start >= 0],
        }


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    published: str
    countries: list[str] = field(default_factory=list)
    country_salience: dict[str, float] = field(default_factory=dict)
    persons: list[Person] = field(default_factory=list)
    orgs: dict[str, int] = field(default_factory=dict)
    places: dict[str, str | None] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    signings: list[Signing] = field(default_factory=list)
    upcoming: list[Upcoming] = field(default_factory=list)
    tokens: int = 0

    def to_record(self, id: str | int) -> dict:
        """The SCHEMA.md export record (extra keys: roles, confidence, evidence offsets)."""
        return {
            "id": str(id),
            "published": self.published,
            "countries": list(self.countries),
            "meetings": [m.record() for m in self.meetings],
            "signings": [s.record() for s in self.signings],
            "upcoming": [u.record() for u in self.upcoming],
        }
