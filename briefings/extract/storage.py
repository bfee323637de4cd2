"""Writing extracted facts to the store: entities, mentions, events, participants, article countries.

Re-extracting an article deletes and rewrites all its facts inside one transaction, so readers see
either the old facts or the new ones, never a mix, and running it twice leaves the same rows.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from typing import Iterable

from briefings.extract import EXTRACTOR_VERSION
from briefings.extract.adapters import country_label, org_acronym
from briefings.extract.facts import ArticleFacts, Evidence, Meeting, Signing, Upcoming

log = logging.getLogger(__name__)

_UPSERT_ENTITY = """
insert into entities (kind, name, key, country, role, aliases) values (?, ?, ?, ?, ?, ?)
on conflict (kind, key) do update set
    country = coalesce(entities.country, excluded.country),
    role = coalesce(entities.role, excluded.role)
returning id
"""


class FactWriter:
    """Writes one article's facts through an open store connection (inside the caller's transaction)."""

    def __init__(self, store):
        self.conn = store.conn
        self._ids: dict[tuple[str, str], int] = {}

    def entity(self, kind: str, name: str, key: str, country: str | None = None, role: str | None = None) -> int:
        cached = self._ids.get((kind, key))
        if cached is not None:
            return cached
        row = self.conn.execute(_UPSERT_ENTITY, (kind, name, key, country, role, None)).fetchone()
        self._ids[(kind, key)] = row[0]
        return row[0]

    def country(self, code: str) -> int:
        return self.entity("country", country_label(code), code, code)

    def side(self, code: str) -> tuple[int, str, str | None]:
        """Entity id, name and country of an event side: an ISO2 country, or an organisation/party name."""
        if len(code) == 2 and code.isupper() and code != "EU":
            return self.country(code), country_label(code), code
        acronym = org_acronym(code) or code
        return self.entity("org", acronym, acronym), acronym, None

    def clear(self, article_id: int) -> None:
        c = self.conn
        c.execute("delete from event_participants where event_id in (select id from events where article_id = ?)", (article_id,))
        c.execute("delete from events where article_id = ?", (article_id,))
        c.execute("delete from mentions where article_id = ?", (article_id,))
        c.execute("delete from article_countries where article_id = ?", (article_id,))

    def write(self, article_id: int, facts: ArticleFacts) -> None:
        """Replace the article's facts and record the extractor version that made them."""
        self.clear(article_id)
        mentions: dict[int, tuple[int, float]] = {}
        for p in facts.persons:
            eid = self.entity("person", p.name, p.key, p.country, p.role if p.role != "counterpart" else None)
            mentions[eid] = (p.mentions, 0.0)
        for code, score in facts.country_salience.items():
            if len(code) == 2 and code.isupper():
                eid = self.country(code)
                mentions[eid] = (max(1, int(round(score))), score)
        for acronym, count in facts.orgs.items():
            mentions[self.entity("org", acronym, acronym)] = (count, 0.0)
        for m in facts.meetings:
            self._meeting(article_id, m)
        for s in facts.signings:
            self._signing(article_id, s)
        for u in facts.upcoming:
            self._upcoming(article_id, u)
        self.conn.executemany(
            "insert into mentions (article_id, entity_id, count, salience) values (?, ?, ?, ?)",
            [(article_id, eid, n, sal) for eid, (n, sal) in mentions.items()],
        )
        self.conn.executemany(
            "insert into article_countries (article_id, country, rank, salience) values (?, ?, ?, ?)",
            [(article_id, c, rank, facts.country_salience.get(c, 0.0)) for rank, c in enumerate(facts.countries, 1)],
        )
        self.conn.execute("update articles set extracted_with = ? where id = ?", (EXTRACTOR_VERSION, article_id))

    def _event(self, article_id: int, type_: str, *, kind=None, status=None, date_from=None, date_to=None,
               location=None, location_country=None, document=None, title=None, confidence=None,
               evidence: list[Evidence] = ()) -> int:
        ev = next((e for e in evidence if e.start >= 0), evidence[0] if evidence else None)
        if location and location_country:
            self.entity("place", location, f"{location.casefold()}|{location_country}", location_country)
        cur = self.conn.execute(
            "insert into events (article_id, type, kind, status, date_from, date_to, location, location_country,"
            " document, title, confidence, evidence_start, evidence_end, evidence) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article_id, type_, kind, status, date_from, date_to, location, location_country, document, title,
             confidence, ev.start if ev and ev.start >= 0 else None, ev.end if ev and ev.start >= 0 else None,
             ev.text if ev else None),
        )
        return cur.lastrowid

    def _participants(self, event_id: int, rows: Iterable[tuple[int, str, str, str | None, str | None]]) -> None:
        self.conn.executemany(
            "insert or ignore into event_participants (event_id, entity_id, side, name, role, country) values (?,?,?,?,?,?)",
            [(event_id, *row) for row in rows],
        )

    def _meeting(self, article_id: int, m: Meeting) -> None:
        eid = self._event(article_id, "meeting", kind=m.kind, status=m.status, date_from=m.date, date_to=m.date,
                          location=m.location, location_country=m.location_country, title=m.title,
                          confidence=m.confidence, evidence=m.evidence)
        rows = []
        visitor_side = "visitor" if m.kind == "visit" else "participant"
        for p in m.participants:
            pid = self.entity("person", p.name, p.key, p.country, p.role if p.role != "counterpart" else None)
            rows.append((pid, visitor_side, p.name, p.role, p.country))
        host = m.host or (m.location_country if m.location_country in m.countries else None)
        for code in m.countries:
            sid, name, country = self.side(code)
            side = "host" if code == host else visitor_side
            rows.append((sid, side, name, None, country))
        self._participants(eid, rows)

    def _signing(self, article_id: int, s: Signing) -> None:
        eid = self._event(article_id, "signing", status=s.status, date_from=s.date, date_to=s.date,
                          document=s.document, title=s.document, confidence=s.confidence, evidence=s.evidence)
        rows = []
        for code in s.parties:
            sid, name, country = self.side(code)
            rows.append((sid, "party", name, None, country))
        self._participants(eid, rows)

    def _upcoming(self, article_id: int, u: Upcoming) -> None:
        eid = self._event(article_id, "upcoming", kind=u.kind, status=u.status, date_from=u.date_from,
                          date_to=u.date_to, location=u.location, location_country=u.location_country,
                          title=u.event, confidence=u.confidence, evidence=u.evidence)
        rows = []
        acronym = org_acronym(u.event)
        if acronym:
            rows.append((self.entity("org", acronym, acronym), "member", acronym, None, None))
        if u.location_country:
            rows.append((self.country(u.location_country), "host", country_label(u.location_country), None, u.location_country))
        self._participants(eid, rows)


def _article_of(row: dict):
    from briefings.models import Article

    return Article(title=row.get("title") or "", published=row["published"], body=row.get("body") or "",
                   source=row.get("source"), url=row.get("url"))


def extract_stored(store, ids=None, *, progress: bool = False, batch: int = 64) -> int:
    """Extract stored articles (all when ``ids`` is None) in batches; each article's facts replaced atomically."""
    from tqdm import tqdm

    from briefings.extract.pipeline import parse_articles, extract_parsed

    ids = list(store.article_ids() if ids is None else ids)
    done = 0
    with tqdm(total=len(ids), desc="extract", unit="article", disable=not progress, file=sys.stderr) as bar:
        for at in range(0, len(ids), batch):
            chunk = ids[at:at + batch]
            rows = {r["id"]: r for r in (store.get_article(i) for i in chunk) if r}
            present = [i for i in chunk if i in rows]
            for article_id, parsed in zip(present, parse_articles([_article_of(rows[i]) for i in present])):
                try:
                    facts = extract_parsed(parsed)
                    with store.write_transaction():
                        FactWriter(store).write(article_id, facts)
                except sqlite3.OperationalError:  # the store itself fails (full, read-only, locked): stop, say it once
                    raise
                except Exception:  # one bad article keeps its old facts (and stays pending); the others go on
                    log.exception("extraction failed for article %s", article_id)
                else:
                    done += 1
                bar.update(1)
            bar.update(len(chunk) - len(present))
    return done


def stored_record(store, article_id: int) -> dict:
    """The facts stored for one article, as JSON-able rows (for inspection and tests)."""
    q = store.conn.execute
    events = [dict(zip([c[0] for c in q("select * from events limit 0").description], r))
              for r in q("select * from events where article_id = ? order by id", (article_id,))]
    for e in events:
        e["participants"] = [list(r) for r in q(
            "select side, name, role, country from event_participants where event_id = ? order by rowid", (e["id"],))]
    countries = [r[0] for r in q("select country from article_countries where article_id = ? order by rank", (article_id,))]
    return json.loads(json.dumps({"events": events, "countries": countries}))
