"""Building digests, briefs and calendars from the store.

Every query is an index range: events by publication date (``ix_events_published``), by event
date (``ix_events_date``, ``ix_events_type_date``) or by entity and date
(``ix_participants_entity_published``, ``ix_participants_entity_date``); article countries by
country and date; topics by FTS. A unary ``+`` keeps SQLite from picking a worse index for a
secondary condition.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefings import geo
from briefings.digest.dates import PeriodError, parse_period
from briefings.digest.facts import (
    LATER_MENTION_DAYS, Cluster, Report, article_refs, chunks, clean, content_words, country_flag, country_label,
    load_reports, merge_reports, rows, source_ref, surname, to_items,
)
from briefings.digest.subjects import resolve_subject, suggestions
from briefings.digest.views import (
    PLANNED_STATUSES, Brief, Calendar, Contact, CountryCount, Digest, Item, Quote, SourceRef, Subject,
)
from briefings.gcpause import gc_paused
from briefings.models import split_paragraphs
from briefings.store import fts_queries

UPCOMING_DAYS = 30
LONGEST_EVENT_DAYS = 31  # how far back an upcoming event may start and still be running
EARLIER_REPORT_DAYS = 1  # reports this many days before a digest's period count as sources of its events
TOP_COUNTRIES = 8
TOP_STORIES = 5
KEY_ARTICLES = 5
MAX_QUOTES = 3
#: Items shown per section (the rest are counted as "and N more"), so a view stays readable.
DIGEST_SECTION_ITEMS = 15
BRIEF_SECTION_ITEMS = 10
BRIEF_UPCOMING_ITEMS = 5  # the soonest; the calendar (/upcoming) lists the rest
CALENDAR_ITEMS = 25
VIEW_CACHE = 64  # digests and calendars kept per store (0: build every time, e.g. to time the build)
OTHER_REPORTS = 20  # at most this many further reports looked up per upcoming gathering in a brief
MAX_QUOTE_CHARS = 320
TOPIC_ARTICLES = 200  # a topic brief's events come from its best-matching articles
_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # store -> {key: Digest or Calendar}
_VIEWS_LOCK = threading.Lock()
_FORWARD = "(e.type = 'upcoming' or e.status in ('planned', 'expected'))"
_SENTENCE = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”»’]))\s+(?=[\"“«A-ZА-Я0-9])")
_QUOTED = re.compile(r"[\"“«][^\"”»]{3,}?[\"”»]")


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PeriodError(f"{name} {value!r} is not a date; use YYYY-MM-DD.") from None


def today_in(tz: str) -> date:
    """Today's date in the time zone ``tz`` (an IANA name such as Europe/Minsk)."""
    try:
        return datetime.now(ZoneInfo(tz)).date()
    except (ZoneInfoNotFoundError, ValueError):
        raise PeriodError(f"Unknown time zone {tz!r}; use a name like Europe/Berlin or UTC.") from None


# -- digest ----------------------------------------------------------------------------------


@gc_paused  # views make many short-lived objects without cycles
def build_digest(
    store,
    day: date | str | None = None,
    tz: str = "UTC",
    follows: Iterable[str] = (),
    only_follows: bool = False,
    *,
    date_to: date | str | None = None,
) -> Digest:
    """The digest of news published on ``day`` (default: today in ``tz``), or ``day``..``date_to``.

    ``follows`` are queries (countries, people, organisations, topics) whose items come first,
    marked; with ``only_follows`` nothing else is shown.
    """
    today = today_in(tz)  # also checks the time zone
    start = _as_date(day, "day") or today
    end = _as_date(date_to, "date_to") or start
    if end < start:
        raise PeriodError("The digest period ends before it starts.")
    follows = tuple(follows)
    # a delivery round builds the same digest for many subscribers: it is built once per version of the facts
    digest = _cached(
        store, ("digest", start, end, follows, bool(only_follows)),
        lambda: _compose_digest(store, start, end, follows, bool(only_follows)),
        period=(start - timedelta(days=LATER_MENTION_DAYS), end),
    )
    return replace(digest, tz=tz)


def _cached(store, key: tuple, build, period: tuple[date, date] | None = None):
    """``build()``'s view, reused for the same ``key`` while the store's facts are unchanged (new
    articles, events or entities, or removals from ``period``, make a new version)."""
    if not VIEW_CACHE:
        return build()
    key = (*key, _facts_version(store, period))
    with _VIEWS_LOCK:
        view = _VIEWS.setdefault(store, {}).get(key)
    if view is None:
        view = build()
        with _VIEWS_LOCK:
            cache = _VIEWS.setdefault(store, {})
            if len(cache) >= VIEW_CACHE:
                cache.pop(next(iter(cache)))
            cache[key] = view
    return view


def _facts_version(store, period: tuple[date, date] | None) -> tuple:
    first, last = (d.isoformat() for d in period) if period else ("", "")
    return store.conn.execute(
        "select (select max(id) from articles), (select max(id) from events), (select max(rowid) from entities), "
        "(select count(*) from events where published between ?1 and ?2), "
        "(select count(*) from article_countries where published between ?1 and ?2)",
        [first, last],
    ).fetchone()


def _compose_digest(store, start: date, end: date, follows: tuple[str, ...], only_follows: bool) -> Digest:
    lo, hi = start.isoformat(), end.isoformat()
    subjects = [s for s in (resolve_subject(store, f) for f in follows if f) if s]
    # the period's events do not depend on what a subscriber follows: built once for all of them
    meetings, signings, upcoming = _cached(
        store, ("digest events", start, end), lambda: _digest_events(store, start, end),
        period=(start - timedelta(days=LATER_MENTION_DAYS), end),
    )
    followed = _follow_test(store, subjects, lo, hi)
    if only_follows:
        meetings, signings, upcoming = ([c for c in section if followed(c)] for section in (meetings, signings, upcoming))
    news_order = lambda c: (not followed(c), -len(c.article_ids), c.sort_day, c.type)  # noqa: E731
    more = {}
    meetings, more["meetings"] = _capped(sorted(meetings, key=news_order), DIGEST_SECTION_ITEMS)
    signings, more["signings"] = _capped(sorted(signings, key=news_order), DIGEST_SECTION_ITEMS)
    upcoming, more["upcoming"] = _capped(
        sorted(upcoming, key=lambda c: (c.date_from or date.max, not followed(c))), DIGEST_SECTION_ITEMS
    )
    meetings, signings, upcoming = _items(store, [meetings, signings, upcoming], followed)

    countries = [
        CountryCount(code, country_label(code), country_flag(code), n)
        for code, n in store.conn.execute(
            "select country, count(*) n from article_countries where published between ? and ? "
            "group by country order by n desc, country limit ?",
            [lo, hi, TOP_COUNTRIES],
        )
        if code
    ]
    if only_follows:
        countries = [c for c in countries if c.code in {s.key for s in subjects if s.kind == "country"}]
    article_count = store.conn.execute("select count(*) from articles where published between ? and ?", [lo, hi]).fetchone()[0]
    stories = _top_stories(store, meetings + signings, lo, hi, restrict=only_follows, subjects=subjects)
    return Digest(
        date_from=start,
        date_to=end,
        tz="UTC",
        meetings=meetings,
        signings=signings,
        upcoming=upcoming,
        countries=countries,
        stories=stories,
        follows=follows,
        only_follows=only_follows,
        article_count=article_count,
        more=more,
    )


def _digest_events(store, start: date, end: date) -> tuple[list[Cluster], list[Cluster], list[Cluster]]:
    """(meetings, signings, upcoming) of a digest: news of the period (reports of the day before
    count as further sources) and what is coming in the next 30 days."""
    reach_back = (start - timedelta(days=EARLIER_REPORT_DAYS)).isoformat()
    news_ids = [r[0] for r in store.conn.execute(
        "select id from events where published between ? and ?", [reach_back, end.isoformat()],
    )]
    clusters = merge_reports(load_reports(store, news_ids + _forward_event_ids(store, end, UPCOMING_DAYS)))
    meetings, signings, upcoming = _sections(clusters, end)
    news = lambda c: c.reported_between(start, end) and (  # noqa: E731
        c.first_reported >= start - timedelta(days=EARLIER_REPORT_DAYS)
        or (c.date_from is not None and c.date_from >= start - timedelta(days=EARLIER_REPORT_DAYS))
    )
    meetings, signings = [c for c in meetings if news(c)], [c for c in signings if news(c)]
    meetings, signings = _without_old_news(store, meetings, signings, start, news)
    horizon = end + timedelta(days=UPCOMING_DAYS)
    upcoming = [c for c in upcoming if (c.date_from is None or (c.date_to or c.date_from) > end)
                and (c.reported_between(start, end) or (c.date_from is not None and c.date_from <= horizon))]
    return meetings, signings, upcoming


def _without_old_news(store, meetings: list[Cluster], signings: list[Cluster], start: date, news):
    """``meetings`` and ``signings`` less those that, merged with the week before's reports, turn out
    to be later mentions of older events. Only the likely shown ones (the most reported) are checked."""
    most_reported = lambda c: -len(c.article_ids)  # noqa: E731
    checked = sorted(meetings, key=most_reported)[: 2 * DIGEST_SECTION_ITEMS]
    checked += sorted(signings, key=most_reported)[: 2 * DIGEST_SECTION_ITEMS]
    reports = [r for c in checked for r in c.reports]
    earlier = load_reports(store, _earlier_mentions(store, reports, start))
    if not earlier:
        return meetings, signings
    stale = {r.id for c in merge_reports(sorted(reports + earlier, key=lambda r: (r.published, r.id)))
             if not news(c) for r in c.reports}
    fresh = lambda c: not any(r.id in stale for r in c.reports)  # noqa: E731
    return [c for c in meetings if fresh(c)], [c for c in signings if fresh(c)]


def _earlier_mentions(store, reports: list[Report], start: date) -> list[int]:
    """Events of the week before ``start`` that the period's meetings and signings may be later
    mentions of (undated ones: same people or sides; dated meetings: two of the same people in the
    same place), so old news is recognised as such."""
    period = [r for r in reports if r.type != "upcoming" and r.published >= start]
    entity_ids = sorted({i for r in period if not r.date_from for i in r.entity_ids})
    placed = [r for r in period if r.type == "meeting" and r.location and r.date_from]
    places = sorted({r.location for r in placed})
    people = sorted({p.entity_id for r in placed for p in r.people})
    first = (start - timedelta(days=LATER_MENTION_DAYS)).isoformat()
    last = (start - timedelta(days=EARLIER_REPORT_DAYS + 1)).isoformat()
    found: set[int] = set()
    for chunk in chunks(entity_ids):
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in store.conn.execute(
            f"select event_id from event_participants where entity_id in ({marks}) and published between ? and ?",
            [*chunk, first, last],
        ))
    place_marks = ",".join("?" * len(places))
    for chunk in chunks(people) if places else ():
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in store.conn.execute(
            f"select p.event_id from event_participants p join events e on e.id = p.event_id where p.entity_id in ({marks}) "
            f"and p.published between ? and ? and e.type = 'meeting' and e.published between ? and ? "
            f"and e.location in ({place_marks}) group by p.event_id having count(*) >= 2",
            [*chunk, first, last, first, last, *places],
        ))
    return sorted(found - {r.id for r in reports})


def _capped(clusters: list[Cluster], limit: int) -> tuple[list[Cluster], int]:
    """The first ``limit`` clusters and how many were left out."""
    return clusters[:limit], max(0, len(clusters) - limit)


def _items(store, sections: list[list[Cluster]], followed) -> list[list[Item]]:
    """Display items for each section's clusters (one query for all their articles)."""
    flat = [c for section in sections for c in section]
    items = iter(to_items(store, flat, {i for i, c in enumerate(flat) if followed(c)}))
    return [[next(items) for _ in section] for section in sections]


def _forward_event_ids(store, after: date, days: int, entity_ids: tuple[int, ...] | None = None) -> list[int]:
    """Upcoming gatherings, planned meetings and expected signings dated in the ``days`` after ``after``,
    as known from articles published up to ``after``."""
    first, last = after + timedelta(days=1), after + timedelta(days=days)
    earliest = first - timedelta(days=LONGEST_EVENT_DAYS)
    if entity_ids is None:
        found = []
        for event_type, status, since in (("upcoming", None, earliest), ("meeting", "planned", first), ("signing", "expected", first)):
            found += [r[0] for r in store.conn.execute(
                "select id from events where type = ? and date_from between ? and ? and coalesce(date_to, date_from) >= ? "
                "and +published <= ? and (? is null or status = ?)",
                [event_type, since.isoformat(), last.isoformat(), first.isoformat(), after.isoformat(), status, status],
            )]
        return found
    if not entity_ids:
        return []
    marks = ",".join("?" * len(entity_ids))
    return [r[0] for r in store.conn.execute(
        f"select e.id from event_participants p join events e on e.id = p.event_id "
        f"where p.entity_id in ({marks}) and p.date_from between ? and ? "
        f"and coalesce(e.date_to, e.date_from) >= ? and +e.published <= ? and {_FORWARD}",
        [*entity_ids, earliest.isoformat(), last.isoformat(), first.isoformat(), after.isoformat()],
    )]


def _sections(clusters: list[Cluster], end: date) -> tuple[list[Cluster], list[Cluster], list[Cluster]]:
    """(meetings, signings, upcoming): anything dated after ``end`` and not yet done is upcoming."""
    meetings, signings, upcoming = [], [], []
    for cluster in clusters:
        future = cluster.date_from is not None and cluster.date_from > end and cluster.status not in {"held", "signed"}
        if cluster.type == "upcoming" or future:
            upcoming.append(cluster)
        elif cluster.type == "meeting":
            meetings.append(cluster)
        elif cluster.type == "signing":
            signings.append(cluster)
    return meetings, signings, upcoming


def _follow_test(store, subjects: list[Subject], lo: str, hi: str):
    """A function telling whether a cluster involves any of ``subjects``."""
    countries = {s.key for s in subjects if s.kind == "country"}
    orgs = {s.key for s in subjects if s.kind == "org"}
    people = {surname(s.label) for s in subjects if s.kind == "person"}
    topic_articles = {aid for s in subjects if s.kind == "topic" for aid in _topic_article_ids(store, s.key, lo, hi)}
    if not subjects:
        return lambda cluster: False
    return lambda c: bool(
        c.countries & countries or c.orgs & orgs or c.surnames & people or topic_articles.intersection(c.article_ids)
    )


def _top_stories(store, items: list[Item], lo: str, hi: str, *, restrict: bool, subjects: list[Subject]) -> list[SourceRef]:
    """Articles of the period: one per most-reported item first, then the latest others."""
    stories: dict[int, SourceRef] = {}
    for item in items:
        for source in sorted(item.sources, key=lambda s: s.published, reverse=True):
            if lo <= source.published <= hi:
                stories.setdefault(source.article_id, source)
                break
    if restrict:
        codes = [s.key for s in subjects if s.kind == "country"]
        if codes:
            marks = ",".join("?" * len(codes))
            extra = rows(
                store,
                "select a.id as article_id, a.title as article_title, a.source as article_source, "
                "a.published as article_published, a.url as article_url "
                f"from article_countries ac join articles a on a.id = ac.article_id "
                f"where ac.country in ({marks}) and ac.published between ? and ? order by ac.published desc, a.id desc limit ?",
                [*codes, lo, hi, TOP_STORIES],
            )
        else:
            extra = []
    else:
        extra = rows(
            store,
            "select id as article_id, title as article_title, source as article_source, published as article_published, "
            "url as article_url from articles where published between ? and ? order by published desc, id desc limit ?",
            [lo, hi, TOP_STORIES * 2],
        )
    for row in extra:
        stories.setdefault(row["article_id"], source_ref(row))
    return list(stories.values())[:TOP_STORIES]


# -- brief -----------------------------------------------------------------------------------


@gc_paused
def build_brief(store, query: str, period: str | tuple[date, date] | None = None, today: date | str | None = None) -> Brief:
    """Meetings, signings, upcoming events, partners, quotes and key articles on ``query``.

    ``period`` is a string for :func:`parse_period` (default: the last 7 days) or a (from, to) pair.
    An unknown query gets ``suggestions``; a period without news gets ``latest`` and ``longer_period``.
    """
    today = _as_date(today, "today") or date.today()
    start, end = period if isinstance(period, tuple) else parse_period(period, today)
    brief = Brief(query=clean(query, 200), date_from=start, date_to=end)
    subject = resolve_subject(store, query or "")
    if subject is None:
        brief.suggestions = suggestions(store, query or "")
        return brief
    brief.subject = subject
    lo, hi = start.isoformat(), end.isoformat()
    if subject.kind == "topic":
        article_ids = _topic_article_ids(store, subject.key, lo, hi)
        best = article_ids[:TOPIC_ARTICLES]
        marks = ",".join("?" * len(best))
        event_ids = [r[0] for r in store.conn.execute(f"select id from events where article_id in ({marks})", best)]
    else:
        event_ids = _entity_event_ids(store, subject.entity_ids, lo, hi)
        event_ids += _forward_event_ids(store, end, UPCOMING_DAYS, subject.entity_ids)
    clusters = merge_reports(load_reports(store, event_ids))
    meetings, signings, upcoming = _sections(clusters, end)
    meetings = [c for c in meetings if c.reported_between(start, end)]
    signings = [c for c in signings if c.reported_between(start, end)]
    if subject.kind == "topic":
        upcoming = [c for c in upcoming if c.date_from and c.date_from > end]
    brief.partners = _partners(subject, meetings + signings)
    brief.contacts = _contacts(subject, meetings + signings, upcoming, start, end)
    important = lambda c: (-len(c.article_ids), c.sort_day, c.type)  # noqa: E731
    shown_meetings, brief.more["meetings"] = _capped(sorted(meetings, key=important), BRIEF_SECTION_ITEMS)
    shown_signings, brief.more["signings"] = _capped(sorted(signings, key=important), BRIEF_SECTION_ITEMS)
    shown_upcoming, brief.more["upcoming"] = _capped(
        sorted(upcoming, key=lambda c: c.date_from or date.max), BRIEF_UPCOMING_ITEMS
    )
    if subject.kind != "topic":
        shown_upcoming = _with_other_reports(store, shown_upcoming, end)
    latest_first = lambda c: c.sort_day  # noqa: E731
    brief.meetings, brief.signings, brief.upcoming = _items(
        store, [sorted(shown_meetings, key=latest_first), sorted(shown_signings, key=latest_first), shown_upcoming],
        lambda c: False,
    )
    in_period = [aid for c in meetings + signings for aid in c.article_ids]
    if subject.kind == "topic":
        brief.article_count = len(article_ids)
        brief.articles = _ordered_refs(store, article_ids[:KEY_ARTICLES])
    elif subject.kind == "country":
        brief.article_count = store.conn.execute(
            "select count(*) from article_countries where country = ? and published between ? and ?", [subject.key, lo, hi]
        ).fetchone()[0]
        brief.articles = _key_articles(store, subject, in_period, lo, hi)
        brief.article_count = max(brief.article_count, len(brief.articles))
    else:
        brief.articles = _key_articles(store, subject, in_period, lo, hi)
        refs_in_period = article_refs(store, set(in_period))
        brief.article_count = sum(1 for r in refs_in_period.values() if lo <= r.published <= hi)
    if not brief.articles and subject.kind != "topic":
        # no extracted facts on it (articles stored without extraction, say): articles naming it
        named = next((_topic_article_ids(store, q, lo, hi) for q in fts_queries(subject.label)), [])
        brief.articles, brief.article_count = _ordered_refs(store, named[:KEY_ARTICLES]), len(named)
    brief.quotes = _quotes(store, subject, brief.articles)
    if brief.empty:
        brief.latest = _latest_news(store, subject, max(today, end).isoformat())
        brief.longer_period = _longer_period(brief.latest, max(today, end))
    return brief


def _with_other_reports(store, clusters: list[Cluster], end: date) -> list[Cluster]:
    """The upcoming gatherings ``clusters`` merged with the reports of the same gatherings that did
    not name the subject (same start, a shared name word), so each shows with all its sources."""
    loaded = {r.id for c in clusters for r in c.reports}
    extra: set[int] = set()
    for cluster in clusters:
        gathering = next((r for r in cluster.reports if r.type == "upcoming" and r.date_from and r.title), None)
        if gathering is None:
            continue
        word = max(content_words(gathering.title), key=len, default=None)
        if word:
            extra.update(r[0] for r in store.conn.execute(
                "select id from events where date_from = ? and type = 'upcoming' and +published <= ? and title like ? limit ?",
                [gathering.date_from.isoformat(), end.isoformat(), f"%{word}%", OTHER_REPORTS],
            ) if r[0] not in loaded)
    if not extra:
        return clusters
    merged = merge_reports(sorted([r for c in clusters for r in c.reports] + load_reports(store, extra),
                                  key=lambda r: (r.published, r.id)))
    own = [next(m for m in merged if any(r is cluster.reports[0] for r in m.reports)) for cluster in clusters]
    return list(dict.fromkeys(own))


def _entity_event_ids(store, entity_ids: tuple[int, ...], lo: str, hi: str) -> list[int]:
    if not entity_ids:
        return []
    marks = ",".join("?" * len(entity_ids))
    return [r[0] for r in store.conn.execute(
        f"select distinct event_id from event_participants where entity_id in ({marks}) and published between ? and ?",
        [*entity_ids, lo, hi],
    )]


def _topic_article_ids(store, fts_query: str, lo: str, hi: str) -> list[int]:
    """Every article of the period matching the topic, best match first."""
    first, last = store.conn.execute("select min(id), max(id) from articles where published between ? and ?", [lo, hi]).fetchone()
    if first is None:
        return []
    # the id bounds let FTS skip matches outside the period (ids grow with time in a real store)
    return [r[0] for r in store.conn.execute(
        "select a.id from articles_fts f join articles a on a.id = f.rowid "
        "where articles_fts match ? and f.rowid between ? and ? and a.published between ? and ? "
        "order by bm25(articles_fts, 5.0, 1.0)",
        [fts_query, first, last, lo, hi],
    )]


def _partner_countries(subject: Subject, cluster: Cluster) -> set[str]:
    """The countries of ``cluster`` other than the subject (a person's own country left out too; the
    EU's officials have the code EU)."""
    codes = set(cluster.countries)
    if subject.kind in ("country", "org"):
        codes.discard(subject.key)
    if subject.kind == "person":
        name = surname(subject.label)
        codes -= {p.country for r in cluster.reports for p in r.people if surname(p.name) == name}
    return {c for c in codes if c}


def _partners(subject: Subject, clusters: list[Cluster]) -> list[CountryCount]:
    """Countries that met or signed with the subject most often."""
    counts: Counter[str] = Counter()
    for cluster in clusters:
        counts.update(_partner_countries(subject, cluster))
    return [CountryCount(code, country_label(code), country_flag(code), n) for code, n in counts.most_common(5)]


def _contacts(subject: Subject, done: list[Cluster], upcoming: list[Cluster], start: date, end: date) -> list[Contact]:
    """Every meeting and signing of the period and every upcoming event, reduced to what a chart counts.

    A meeting or signing is placed on its date when that falls in the period, else on its first
    report in the period; an upcoming event on its start date (None when it has none).
    """
    contacts = []
    for cluster, ahead in [(c, False) for c in done] + [(c, True) for c in upcoming]:
        day = cluster.date_from
        if not ahead and not (day and start <= day <= end):
            day = next(d for d in cluster.published if start <= d <= end)
        orgs = sorted(o for o in cluster.orgs if o and not (subject.kind == "org" and o == subject.key))
        reports = cluster.reports
        contacts.append(Contact(
            type=cluster.type,
            kind=cluster.latest.kind or next((r.kind for r in reports if r.kind), None),
            day=day,
            planned=ahead or cluster.status in PLANNED_STATUSES,
            countries=tuple(sorted(_partner_countries(subject, cluster))),
            orgs=tuple(orgs),
        ))
    return contacts


def _ordered_refs(store, ids: list[int]) -> list[SourceRef]:
    found = article_refs(store, ids)
    return [found[i] for i in ids if i in found]


def _key_articles(store, subject: Subject, reported: list[int], lo: str, hi: str) -> list[SourceRef]:
    """Articles of the period reporting most of the subject's events, then (countries) its main stories."""
    candidates = [aid for aid, _n in Counter(reported).most_common()]
    refs = article_refs(store, candidates[: KEY_ARTICLES * 4])
    ids = [aid for aid in candidates if aid in refs and lo <= refs[aid].published <= hi][:KEY_ARTICLES]
    if subject.kind == "country" and len(ids) < KEY_ARTICLES:
        ids += [r[0] for r in store.conn.execute(
            "select article_id from article_countries where country = ? and published between ? and ? "
            "order by rank, published desc, article_id desc limit ?",
            [subject.key, lo, hi, KEY_ARTICLES * 2],
        ) if r[0] not in ids]
    return _ordered_refs(store, ids[:KEY_ARTICLES])


def _subject_terms(subject: Subject) -> set[str]:
    if subject.kind == "person":
        return {surname(subject.label)}
    terms = {subject.label.casefold()}
    if subject.kind == "country":
        terms.add(geo.demonym(subject.key).casefold())
    return {t for t in terms if t}


def _quotes(store, subject: Subject, articles: list[SourceRef]) -> list[Quote]:
    """Sentences with quoted words that name the subject, from the key articles."""
    terms = _subject_terms(subject)
    found: list[Quote] = []
    for ref in articles:
        row = store.conn.execute("select body from articles where id = ?", [ref.article_id]).fetchone()
        lines = (line for paragraph in split_paragraphs(row[0] if row else "") for line in paragraph.splitlines())
        sentences = [s for line in lines for s in _SENTENCE.split(clean(line))]
        for sentence in sentences:
            if _QUOTED.search(sentence) and len(sentence) <= MAX_QUOTE_CHARS and any(t in sentence.casefold() for t in terms):
                found.append(Quote(sentence, ref))
                if len(found) == MAX_QUOTES:
                    return found
    return found


def _latest_news(store, subject: Subject, before: str) -> date | None:
    """The publication date of the latest news on ``subject`` up to ``before``."""
    if subject.kind == "country":
        row = store.conn.execute(
            "select max(published) from article_countries where country = ? and published <= ?", [subject.key, before]
        ).fetchone()
        value = row[0]
        if subject.entity_ids:
            value = max(filter(None, [value, _latest_for_entities(store, subject.entity_ids, before)]), default=None)
    elif subject.kind == "topic":
        value = store.conn.execute(
            "select max(a.published) from articles_fts f join articles a on a.id = f.rowid "
            "where articles_fts match ? and a.published <= ?",
            [subject.key, before],
        ).fetchone()[0]
    else:
        value = _latest_for_entities(store, subject.entity_ids, before)
    return date.fromisoformat(value) if value else None


def _latest_for_entities(store, entity_ids: tuple[int, ...], before: str) -> str | None:
    latest = None
    for entity_id in entity_ids:
        row = store.conn.execute(
            "select max(published) from event_participants where entity_id = ? and published <= ?", [entity_id, before]
        ).fetchone()
        if row[0] and (latest is None or row[0] > latest):
            latest = row[0]
    return latest


def _longer_period(latest: date | None, end: date) -> str | None:
    """The shortest usual period reaching back to ``latest`` ("30d", "90d", "365d" or "since ...")."""
    if latest is None:
        return None
    age = (end - latest).days + 1
    for days in (30, 90, 365):
        if age <= days:
            return f"{days}d"
    return f"since {latest.replace(day=1).isoformat()}"


# -- calendar --------------------------------------------------------------------------------


@gc_paused
def build_calendar(store, country: str | None = None, today: date | str | None = None, days: int = UPCOMING_DAYS) -> Calendar:
    """Upcoming events in the next ``days`` days, optionally only those involving ``country``
    (any query a brief accepts: a country, person or organisation)."""
    today = _as_date(today, "today") or date.today()
    days = max(1, min(int(days), 366))
    return _cached(store, ("calendar", today, days, country or None), lambda: _compose_calendar(store, country, today, days))


def _compose_calendar(store, country: str | None, today: date, days: int) -> Calendar:
    calendar = Calendar(date_from=today + timedelta(days=1), date_to=today + timedelta(days=days), items=[], query=country)
    if country:
        subject = resolve_subject(store, country)
        if subject is None or subject.kind == "topic":
            calendar.suggestions = suggestions(store, country)
            return calendar
        calendar.country = subject
        clusters = merge_reports(load_reports(store, _forward_event_ids(store, today, days, subject.entity_ids)))
    else:
        clusters = merge_reports(load_reports(store, _forward_event_ids(store, today, days), gathering_sides=False))
    upcoming = sorted(
        (c for c in clusters if c.date_from and (c.date_to or c.date_from) > today and c.status not in {"held", "signed"}),
        key=lambda c: (c.date_from, c.date_to or c.date_from),
    )
    shown, calendar.more["items"] = _capped(upcoming, CALENDAR_ITEMS)
    if calendar.country is not None:
        shown = _with_other_reports(store, shown, today)
    calendar.items = to_items(store, shown)
    return calendar
