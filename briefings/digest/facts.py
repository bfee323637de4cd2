"""Extracted events read from the store, and reports of one real-world event merged into one item.

Meetings merge when they name the same people (surnames) or the same sides, on dates within a
day; signings when their parties agree and their documents read alike; upcoming gatherings when
their names read alike and their dates agree.

Work is split so that big periods stay fast: :func:`load_reports` reads only what merging needs,
:func:`merge_reports` groups reports into :class:`Cluster` s, and :func:`to_items` builds the
display :class:`~briefings.digest.views.Item` s (article titles, links, names, flags) only for
the clusters that will be shown.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Iterable

from rapidfuzz import fuzz

from briefings import geo
from briefings.text import shorten
from briefings.digest.views import Item, Party, SourceRef

_CHUNK = 500
LATER_MENTION_DAYS = 7  # an undated report this many days after a dated event may be about it
_MERGE_DAYS = LATER_MENTION_DAYS  # reports further apart never describe the same meeting or signing
_DATED_DAYS = 3  # two dated reports (or two undated ones) further apart than this are never one event
_KIND_WORDS = {"talks": "talks", "visit": "visit", "call": "phone call"}
_WS = re.compile(r"\s+")
_HTTP_URL = re.compile(r"https?://[^\s/?#@\x00-\x1f\x7f]+(?:[/?#][^\s\x00-\x1f\x7f]*)?\Z", re.IGNORECASE)
# zero-width joiner and non-joiner (U+200C, U+200D) stay: emoji sequences and some scripts need them
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAME_WORD = re.compile(r"[\w'-]+")
_STOP = {"the", "of", "a", "an", "and", "in", "on", "for", "to", "summit", "meeting", "forum", "session", "conference"}
_DONE = {"held", "signed"}


def clean(text: str | None, limit: int | None = None) -> str:
    """Text from an article for display: control and bidi-override characters gone, one line."""
    text = _WS.sub(" ", _CONTROL.sub(" ", text or "")).strip()
    return shorten(text, limit) if limit else text


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) link, else None (no javascript:, data:, relative)."""
    url = (url or "").strip()
    return url if _HTTP_URL.match(url) else None


def source_ref(row) -> SourceRef:
    """A SourceRef from a row with article_id, article_title, article_source, article_published, article_url."""
    return SourceRef(
        article_id=row["article_id"],
        title=clean(row["article_title"], 300) or "(untitled)",
        source=clean(row["article_source"], 80) or None,
        published=row["article_published"],
        url=safe_url(row["article_url"]),
    )


def surname(name: str) -> str:
    words = _NAME_WORD.findall(name.casefold())
    return words[-1] if words else name.casefold()


def rows(store, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
    cur = store.conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, list(params)).fetchall()


@lru_cache(maxsize=512)
def country_label(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return geo.country_name(code) or code
    except Exception:  # an unknown code in old data: show the code itself
        return code


@lru_cache(maxsize=512)
def country_flag(code: str | None) -> str:
    try:
        return geo.flag(code) if code else ""
    except Exception:
        return ""


@lru_cache(maxsize=4096)
def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


class lazy_property:  # noqa: N801 (functools.cached_property takes a lock on every read in Python 3.11)
    """A property computed on first read and then stored on the instance."""

    def __init__(self, func):
        self.func, self.name = func, func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


# -- reports: what merging needs ---------------------------------------------------------------


@dataclass
class Person:
    entity_id: int
    key: str
    name: str
    role: str | None
    country: str | None
    side: str | None


@dataclass
class Report:
    """One ``events`` row with its participants (names and keys only, not yet cleaned for display)."""

    id: int
    type: str
    kind: str | None
    status: str | None
    date_from: date | None
    date_to: date | None
    location: str | None
    document: str | None
    title: str | None
    evidence: str | None
    confidence: float
    published: date
    article_id: int
    people: list[Person] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO2 codes of country sides
    orgs: list[str] = field(default_factory=list)  # acronyms of organisation sides
    entity_ids: set[int] = field(default_factory=set)
    sides_loaded: bool = False  # whether people, countries and organisations were read

    @lazy_property
    def surnames(self) -> set[str]:
        return {surname(p.name) for p in self.people}

    @lazy_property
    def parties(self) -> set[str]:
        return set(self.countries) | set(self.orgs)

    @lazy_property
    def sides(self) -> set[str]:
        """Country codes and organisation keys on any side (people's countries count too)."""
        return self.parties | {p.country for p in self.people if p.country}

    @property
    def day(self) -> date:
        return self.date_from or self.published


def chunks(values: list, size: int = _CHUNK):
    """``values`` in slices of ``size``: each an ``in (...)`` list within SQLite's variable limit."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_reports(store, event_ids: Iterable[int], *, gathering_sides: bool = True) -> list[Report]:
    """The events with these ids and their participants, oldest report first.

    Without ``gathering_sides`` the members of upcoming gatherings are left out (merging them
    needs only names and dates); :func:`to_items` adds them for the gatherings shown.
    """
    ids = sorted(set(event_ids))
    reports: dict[int, Report] = {}
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        for (id_, type_, kind, status, date_from, date_to, location, document, title, evidence, confidence, published,
             article_id) in store.conn.execute(
            "select id, type, kind, status, date_from, date_to, location, document, title, evidence, confidence, "
            f"published, article_id from events where id in ({marks})",
            chunk,
        ):
            first = _day(date_from)
            reports[id_] = Report(
                id_, type_, kind, status, first, _day(date_to) or first, location, document, title, evidence,
                0.5 if confidence is None else confidence, _day(published) or date.min, article_id,
            )
    wanted = [r for r in reports.values() if gathering_sides or r.type != "upcoming"]
    _add_participants(store, wanted)
    return sorted(reports.values(), key=lambda r: (r.published, r.id))


def _add_participants(store, reports: list[Report]) -> None:
    """Fill in the people, countries and organisations of ``reports``."""
    by_id = {r.id: r for r in reports if not r.sides_loaded}
    ids = sorted(by_id)
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        participants = store.conn.execute(
            "select p.rowid, p.event_id, p.entity_id, p.side, p.name, p.role, p.country, en.kind, en.name, en.key, en.country, "
            "en.role "
            f"from event_participants p join entities en on en.id = p.entity_id where p.event_id in ({marks})",
            chunk,
        ).fetchall()
        participants.sort()  # in the order extraction wrote them
        for _rowid, event_id, entity_id, side, p_name, p_role, p_country, kind, name, key, country, role in participants:
            report = by_id[event_id]
            if not key:
                continue
            report.entity_ids.add(entity_id)
            if kind == "person":
                code = (p_country or country or "").upper() or None
                report.people.append(Person(entity_id, key, p_name or name or key, p_role or role, code, side))
            elif kind == "country":
                report.countries.append(key.upper())
            elif kind == "org":
                report.orgs.append(key)
    for report in by_id.values():
        report.sides_loaded = True


# -- clusters: one real-world event ------------------------------------------------------------


class Cluster:
    """The reports of one real-world event, with what sorting and filtering need."""

    def __init__(self, first: Report):
        self.reports = [first]

    @property
    def type(self) -> str:
        return self.reports[0].type

    @property
    def representatives(self) -> list[Report]:
        """The reports a newcomer is compared with: the first and the two latest (bounded work
        for events reported dozens of times)."""
        reports = self.reports
        return reports if len(reports) <= 3 else [reports[0], reports[-2], reports[-1]]

    @lazy_property
    def latest(self) -> Report:
        return max(self.reports, key=lambda r: (r.published, r.status in _DONE or r.status == "cancelled", r.id))

    @property
    def status(self) -> str | None:
        return self.latest.status

    @lazy_property
    def dated(self) -> Report | None:
        """The report whose dates most reports agree on (then the most precise, then the latest)."""
        dated = [r for r in self.reports if r.date_from]
        votes = Counter((r.date_from, r.date_to) for r in dated)
        return max(
            dated, key=lambda r: (votes[r.date_from, r.date_to], -(r.date_to - r.date_from).days, r.published), default=None
        )

    @property
    def date_from(self) -> date | None:
        return self.dated.date_from if self.dated else None

    @property
    def date_to(self) -> date | None:
        return self.dated.date_to if self.dated else None

    @lazy_property
    def article_ids(self) -> list[int]:
        """Source articles, first reported first, each once."""
        seen: dict[int, None] = {}
        for report in sorted(self.reports, key=lambda r: (r.published, r.article_id)):
            seen.setdefault(report.article_id, None)
        return list(seen)

    @lazy_property
    def published(self) -> list[date]:
        return sorted({r.published for r in self.reports})

    @lazy_property
    def sides(self) -> set[str]:
        return set().union(*(r.sides for r in self.reports))

    @lazy_property
    def countries(self) -> set[str]:
        return set().union(*(set(r.countries) | {p.country for p in r.people if p.country} for r in self.reports))

    @lazy_property
    def orgs(self) -> set[str]:
        return set().union(*(set(r.orgs) for r in self.reports))

    @lazy_property
    def surnames(self) -> set[str]:
        return set().union(*(r.surnames for r in self.reports))

    @property
    def first_reported(self) -> date:
        return self.published[0]

    def reported_between(self, first: date, last: date) -> bool:
        return any(first <= day <= last for day in self.published)

    @property
    def sort_day(self) -> int:
        """Latest first when sorted ascending."""
        return -(self.date_from or date.min).toordinal()


def merge_reports(reports: Iterable[Report]) -> list[Cluster]:
    """One cluster per real-world event, in first-report order."""
    clusters: list[Cluster] = []
    index: dict[tuple, list[tuple[int, int]]] = {}  # block key -> [(day, cluster)]
    identical: dict[tuple, int] = {}  # a report worded exactly like an earlier one usually joins its cluster
    for report in reports:
        identity = _identity(report)
        same = identical.get(identity)
        if same is not None and same_event(report, clusters[same].reports[0]):
            clusters[same].reports.append(report)
            continue
        filed, lookups = _block_keys(report)
        candidates = sorted({i for key, first, last in lookups for day, i in index.get(key, ()) if first <= day <= last})
        target = next((i for i in candidates if any(same_event(report, other) for other in clusters[i].representatives)), None)
        if target is None:
            target = len(clusters)
            clusters.append(Cluster(report))
        else:
            clusters[target].reports.append(report)
        identical.setdefault(identity, target)
        for key, day in filed:
            index.setdefault(key, []).append((day, target))
    return clusters


def _identity(report: Report) -> tuple:
    """What two reports of one event typically share word for word."""
    return (report.type, report.kind, report.date_from, report.date_to, (report.title or "").casefold(),
            (report.document or "").casefold(), (report.location or "").casefold(), frozenset(report.surnames),
            frozenset(report.sides))


def _block_keys(report: Report) -> tuple[list[tuple[tuple, int]], list[tuple[tuple, int, int]]]:
    """([(key, day)] to file ``report`` under, [(key, first day, last day)] where a report of the
    same event would be filed).

    Meetings: (surname or the set of sides, dated?) and, for dated ones, (place); signings:
    (party, dated?); looked up as far either way as a match may be. Upcoming gatherings: (name
    word, start date), undated ones also under "any date".
    """
    kind = report.type
    if kind == "upcoming":
        # names that read alike share at least one of their two longest words
        words = set(sorted(content_words(report.title or report.kind or ""), key=lambda w: (-len(w), w))[:2]) or {""}
        if report.date_from is None:
            return ([((kind, w, None), 0) for w in words],
                    [((kind, w, d), 0, 0) for w in words for d in (None, "dated")])
        start = report.date_from.toordinal()
        return ([((kind, w, "on"), start) for w in words] + [((kind, w, "dated"), 0) for w in words],
                [((kind, w, "on"), start, start) for w in words] + [((kind, w, None), 0, 0) for w in words])
    if kind == "meeting":
        # named meetings match on surnames; any meeting matches one with exactly the same sides
        tokens = report.surnames | {frozenset(report.sides)}
    else:
        tokens = report.parties or {""}
    dated, day = report.date_from is not None, report.day.toordinal()
    filed = [((kind, t, dated), day) for t in tokens]
    # how far apart the same event's reports may be: dated pairs a day or two (a week in the same
    # place), an undated later mention up to a week after the dated report
    windows = {True: _DATED_DAYS, False: _MERGE_DAYS} if dated else {True: _MERGE_DAYS, False: _DATED_DAYS}
    lookups = [((kind, t, other), day - reach, day + reach) for t in tokens for other, reach in windows.items()]
    if kind == "meeting" and report.location and dated:
        place = (kind, "@", report.location.casefold())
        filed.append((place, day))
        lookups.append((place, day - _MERGE_DAYS, day + _MERGE_DAYS))
    return filed, lookups


def same_event(a: Report, b: Report) -> bool:
    """Whether two reports describe the same real-world event."""
    if a.type != b.type:
        return False
    if a.type == "meeting":
        return _same_meeting(a, b)
    if a.type == "signing":
        return _same_signing(a, b)
    return _same_gathering(a, b)


def _close_dates(a: Report, b: Report, days: int = 1) -> bool:
    """Dates within ``days``; an undated report may also be a later mention (up to a week) of a dated one."""
    if a.date_from and b.date_from:
        return abs((a.date_from - b.date_from).days) <= days
    if a.date_from or b.date_from:
        dated, undated = (a, b) if a.date_from else (b, a)
        return -(days + 1) <= (undated.published - dated.date_from).days <= LATER_MENTION_DAYS
    return abs((a.published - b.published).days) <= days + 1


def _same_meeting(a: Report, b: Report) -> bool:
    place_a, place_b = (a.location or "").casefold(), (b.location or "").casefold()
    if place_a and place_b and place_a not in place_b and place_b not in place_a:
        return False  # Brest is not Minsk
    if not _close_dates(a, b, days=LATER_MENTION_DAYS if place_a and place_b else 1):
        return False
    if a.kind and b.kind and (a.kind == "call") != (b.kind == "call"):
        return False
    sides_a, sides_b = a.sides, b.sides
    if len(sides_a) >= 2 and len(sides_b) >= 2 and len(sides_a & sides_b) < 2:
        return False
    names_a, names_b = a.surnames, b.surnames
    if names_a and names_b:
        return len(names_a & names_b) >= min(2, len(names_a), len(names_b))
    return bool(sides_a) and sides_a == sides_b


def _same_signing(a: Report, b: Report) -> bool:
    parties_a, parties_b = a.parties, b.parties
    if parties_a and parties_b and not (parties_a <= parties_b or parties_b <= parties_a):
        return False
    if not _close_dates(a, b, days=2):
        return False
    if a.document and b.document:
        return fuzz.token_set_ratio(a.document.casefold(), b.document.casefold()) >= 75
    return bool(parties_a) and parties_a == parties_b


def _same_gathering(a: Report, b: Report) -> bool:
    if a.date_from and b.date_from and a.date_from != b.date_from:
        if not (a.date_from <= (b.date_to or b.date_from) and b.date_from <= (a.date_to or a.date_from)):
            return False
    name_a, name_b = (a.title or "").casefold(), (b.title or "").casefold()
    return bool(name_a and name_b) and fuzz.token_set_ratio(name_a, name_b) >= 80


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if w not in _STOP and len(w) > 2}


# -- items: what is shown ------------------------------------------------------------------------


def article_refs(store, ids: Iterable[int]) -> dict[int, SourceRef]:
    """SourceRefs (title, source name, safe link) of these articles, by id."""
    ids = sorted(set(ids))
    found: dict[int, SourceRef] = {}
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row in rows(
            store,
            "select id as article_id, title as article_title, source as article_source, published as article_published, "
            f"url as article_url from articles where id in ({marks})",
            chunk,
        ):
            found[row["article_id"]] = source_ref(row)
    return found


def to_items(store, clusters: list[Cluster], followed: set[int] = frozenset()) -> list[Item]:
    """Display items for ``clusters`` (in the same order); ``followed`` holds indexes to mark."""
    _add_participants(store, [r for c in clusters for r in c.reports])
    refs = article_refs(store, (aid for c in clusters for aid in c.article_ids))
    return [_item(c, refs, i in followed) for i, c in enumerate(clusters)]


def _item(cluster: Cluster, refs: dict[int, SourceRef], followed: bool) -> Item:
    reports, latest = cluster.reports, cluster.latest
    people = _merged_people(reports)
    countries = [
        Party("country", country_label(code) or code, code, country=code, country_name=country_label(code), flag=country_flag(code))
        for code in dict.fromkeys(code for r in reports for code in r.countries)
    ]
    orgs = [Party("org", clean(key, 40), key) for key in dict.fromkeys(key for r in reports for key in r.orgs)]
    locations = Counter(clean(r.location, 80) for r in reports if r.location)
    evidence = max(reports, key=lambda r: (r.confidence, r.published)).evidence
    document = latest.document or next((r.document for r in reversed(reports) if r.document), None)
    item = Item(
        type=cluster.type,
        kind=latest.kind or next((r.kind for r in reports if r.kind), None),
        status=latest.status,
        date_from=cluster.date_from,
        date_to=cluster.date_to,
        location=locations.most_common(1)[0][0] if locations else None,
        title="",
        document=clean(document, 300) or None,
        people=people,
        countries=countries,
        orgs=orgs,
        sources=_told_apart([refs[aid] for aid in cluster.article_ids if aid in refs]),
        evidence=clean(evidence, 600) or None,
        followed=followed,
        event_ids=[r.id for r in reports],
    )
    item.title = _title(item, reports)
    return item


def _told_apart(sources: list[SourceRef]) -> list[SourceRef]:
    """Sources where one outlet reported more than once get the day of each report as a note."""
    counts = Counter(s.label for s in sources)
    return [replace(s, note=_short_day(s.published)) if counts[s.label] > 1 else s for s in sources]


def _short_day(published: str) -> str:
    day = _day(published)
    return f"{day.day} {day:%b}" if day else published


def _merged_people(reports: list[Report]) -> list[Party]:
    """One party per surname, keeping the fullest name and any role or country another report gave."""
    merged: dict[str, Party] = {}
    for person in (p for r in reports for p in r.people):
        name = clean(person.name, 80)
        have = merged.get(surname(name))
        if have is None:
            code = person.country
            merged[surname(name)] = Party(
                "person", name, person.key, clean(person.role, 80) or None, code, country_label(code), country_flag(code), person.side
            )
            continue
        if len(name) > len(have.name):
            have.name = name
        if not have.role and person.role:
            have.role = clean(person.role, 80) or None
        if not have.country and person.country:
            have.country, have.country_name, have.flag = person.country, country_label(person.country), country_flag(person.country)
    return list(merged.values())


def _short_name(name: str) -> str:
    """"Lavrov" for "Sergey Lavrov"; short names stay whole ("Wang Yi", "Xi Jinping")."""
    return name if len(name) <= 10 else name.split()[-1]


def _title(item: Item, reports: list[Report]) -> str:
    if item.type == "meeting":
        named = {p.country for p in item.people}
        names = [_short_name(p.name) for p in item.people]
        names += [p.name for p in item.countries if p.key not in named]
        if len(names) < 2:
            names += [p.name for p in item.orgs]
        what = _KIND_WORDS.get(item.kind or "", "meeting")
        if names:
            return f"{' – '.join(names)} {what}"
        return next((clean(r.title, 200) for r in reports if r.title), what.capitalize())
    if item.type == "signing":
        document = item.document or next((clean(r.title, 200) for r in reports if r.title), "") or "Agreement"
        return document[:1].upper() + document[1:]
    titles = [clean(r.title, 200) for r in reports if r.title]
    return max(titles, key=len) if titles else (item.kind or "event").capitalize()
