"""Extracted events read from the store, and reports of one real-world event merged into one item.

Meetings merge when they name the same people (surnames) or the same sides, on dates within a
day; signings when their parties agree and their documents read alike; upcoming gatherings when
their names read alike and their dates agree.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from briefings import geo
from briefings.digest.views import Item, Party, SourceRef

_CHUNK = 500
_KIND_WORDS = {"talks": "talks", "visit": "visit", "call": "phone call"}
_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Report:
    """One ``events`` row with its participants and the article it came from."""

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
    source: SourceRef
    people: list[Party] = field(default_factory=list)
    countries: list[Party] = field(default_factory=list)
    orgs: list[Party] = field(default_factory=list)

    @property
    def surnames(self) -> set[str]:
        return {surname(p.name) for p in self.people}

    @property
    def sides(self) -> set[str]:
        """Country codes and organisation keys on any side (people's countries count too)."""
        return {p.key for p in self.countries + self.orgs} | {p.country for p in self.people if p.country}

    @property
    def parties(self) -> set[str]:
        return {p.key for p in self.countries + self.orgs}

    @property
    def day(self) -> date:
        return self.date_from or self.published


def clean(text: str | None, limit: int | None = None) -> str:
    """Text from an article for display: control and bidi-override characters gone, one line."""
    text = _WS.sub(" ", _CONTROL.sub(" ", text or "")).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) link, else None (no javascript:, data:, relative)."""
    url = (url or "").strip()
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def source_ref(row) -> SourceRef:
    return SourceRef(
        article_id=row["article_id"],
        title=clean(row["article_title"], 300) or "(untitled)",
        source=clean(row["article_source"], 80) or None,
        published=row["article_published"],
        url=safe_url(row["article_url"]),
    )


def surname(name: str) -> str:
    words = re.findall(r"[\w'-]+", name.casefold())
    return words[-1] if words else name.casefold()


def rows(store, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
    cur = store.conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, list(params)).fetchall()


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def load_reports(store, event_ids: Iterable[int]) -> list[Report]:
    """The events with these ids, with their participants and source articles."""
    ids = sorted(set(event_ids))
    reports: dict[int, Report] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in rows(
            store,
            "select e.*, a.id as article_id, a.title as article_title, a.source as article_source, "
            "a.published as article_published, a.url as article_url "
            f"from events e join articles a on a.id = e.article_id where e.id in ({marks})",
            chunk,
        ):
            date_from = _date(row["date_from"])
            reports[row["id"]] = Report(
                id=row["id"],
                type=row["type"],
                kind=row["kind"],
                status=row["status"],
                date_from=date_from,
                date_to=_date(row["date_to"]) or date_from,
                location=clean(row["location"], 80) or None,
                document=clean(row["document"], 300) or None,
                title=clean(row["title"], 200) or None,
                evidence=clean(row["evidence"], 600) or None,
                confidence=row["confidence"] if row["confidence"] is not None else 0.5,
                published=_date(row["article_published"]) or date.min,
                source=source_ref(row),
            )
        for row in rows(
            store,
            "select p.event_id, p.side, p.name as p_name, p.role as p_role, p.country as p_country, "
            "en.kind, en.name, en.key, en.country, en.role "
            f"from event_participants p join entities en on en.id = p.entity_id where p.event_id in ({marks}) "
            "order by p.event_id, p.rowid",
            chunk,
        ):
            report = reports.get(row["event_id"])
            if report is not None:
                _add_party(report, row)
    return sorted(reports.values(), key=lambda r: (r.published, r.id))


def _add_party(report: Report, row) -> None:
    kind = row["kind"]
    if kind == "person":
        code = (row["p_country"] or row["country"] or "").upper() or None
        report.people.append(
            Party(
                kind="person",
                name=clean(row["p_name"] or row["name"], 80),
                key=row["key"],
                role=clean(row["p_role"] or row["role"], 80) or None,
                country=code,
                country_name=country_label(code),
                flag=geo.flag(code) if code else "",
                side=row["side"],
            )
        )
    elif kind == "country":
        code = (row["key"] or "").upper()
        name = country_label(code) or clean(row["name"], 80)
        report.countries.append(
            Party(kind="country", name=name, key=code, country=code, country_name=name, flag=geo.flag(code), side=row["side"])
        )
    elif kind == "org":
        report.orgs.append(Party(kind="org", name=clean(row["key"] or row["name"], 40), key=row["key"], side=row["side"]))


def country_label(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return geo.country_name(code) or code
    except Exception:  # an unknown code in old data: show the code itself
        return code


# -- merging ---------------------------------------------------------------------------------


def merge_reports(reports: Iterable[Report]) -> list[Item]:
    """One item per real-world event, with all the reports' sources, in first-report order."""
    clusters: list[list[Report]] = []
    index: dict[tuple, list[int]] = {}
    for report in reports:
        keys = _block_keys(report)
        candidates = sorted({i for key in keys for i in index.get(key, ())})
        target = next((i for i in candidates if any(same_event(report, other) for other in clusters[i])), None)
        if target is None:
            target = len(clusters)
            clusters.append([])
        clusters[target].append(report)
        for key in keys:
            index.setdefault(key, [])
            if target not in index[key]:
                index[key].append(target)
    return [_item(cluster) for cluster in clusters]


def _block_keys(report: Report) -> set[tuple]:
    if report.type == "upcoming":
        words = _content_words(report.title or report.kind or "")
        return {(report.type, w) for w in words} or {(report.type, "")}
    names = report.surnames if report.type == "meeting" else set()
    return {(report.type, n) for n in names | report.sides} or {(report.type, "")}


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
    if a.date_from and b.date_from:
        return abs((a.date_from - b.date_from).days) <= days
    return abs((a.day - b.day).days) <= days + 1


def _same_meeting(a: Report, b: Report) -> bool:
    if not _close_dates(a, b):
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


_STOP = {"the", "of", "a", "an", "and", "in", "on", "for", "to", "summit", "meeting", "forum", "session", "conference"}


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if w not in _STOP and len(w) > 2}


def _item(cluster: list[Report]) -> Item:
    latest = max(cluster, key=lambda r: (r.published, r.status not in {"planned", "expected"}, r.id))
    dated = [r for r in cluster if r.date_from]
    best_dated = min(dated, key=lambda r: ((r.date_to - r.date_from).days, -r.published.toordinal())) if dated else None
    people = _merged_parties((p for r in cluster for p in r.people), key=lambda p: surname(p.name))
    countries = _merged_parties((p for r in cluster for p in r.countries), key=lambda p: p.key)
    orgs = _merged_parties((p for r in cluster for p in r.orgs), key=lambda p: p.key)
    locations = Counter(r.location for r in cluster if r.location)
    sources: dict[int, SourceRef] = {}
    for report in sorted(cluster, key=lambda r: (r.published, r.source.article_id)):
        sources.setdefault(report.source.article_id, report.source)
    evidence = max(cluster, key=lambda r: (r.confidence, r.published)).evidence
    item = Item(
        type=latest.type,
        kind=latest.kind or next((r.kind for r in cluster if r.kind), None),
        status=latest.status,
        date_from=best_dated.date_from if best_dated else None,
        date_to=best_dated.date_to if best_dated else None,
        location=locations.most_common(1)[0][0] if locations else None,
        title="",
        document=latest.document or next((r.document for r in reversed(cluster) if r.document), None),
        people=people,
        countries=countries,
        orgs=orgs,
        sources=list(sources.values()),
        evidence=evidence,
        event_ids=[r.id for r in cluster],
    )
    item.title = _title(item, cluster)
    return item


def _merged_parties(parties: Iterable[Party], key) -> list[Party]:
    """One party per key, keeping the fullest name and any role or country another report gave."""
    merged: dict[str, Party] = {}
    for party in parties:
        k = key(party)
        have = merged.get(k)
        if have is None:
            merged[k] = Party(**vars(party))
            continue
        if len(party.name) > len(have.name):
            have.name = party.name
        for attr in ("role", "country", "country_name", "side"):
            if not getattr(have, attr) and getattr(party, attr):
                setattr(have, attr, getattr(party, attr))
        have.flag = have.flag or party.flag
    return list(merged.values())


def _title(item: Item, cluster: list[Report]) -> str:
    if item.type == "meeting":
        names = [p.name.split()[-1] for p in item.people] or [p.name for p in item.countries + item.orgs]
        what = _KIND_WORDS.get(item.kind or "", "meeting")
        if names:
            return f"{' – '.join(names)} {what}"
        return next((r.title for r in cluster if r.title), what.capitalize())
    if item.type == "signing":
        document = item.document or next((r.title for r in cluster if r.title), "") or "Agreement"
        return document[:1].upper() + document[1:]
    titles = [r.title for r in cluster if r.title]
    return max(titles, key=len) if titles else (item.kind or "event").capitalize()
