"""Test-data builder: articles through ``Store.add_article`` and extracted facts written exactly as
the shared contract says extraction writes them (events, event_participants, entities,
article_countries), so digest and brief tests do not depend on the extractor's accuracy."""

from __future__ import annotations

import itertools
import re

from briefings import geo
from briefings.extract import EXTRACTOR_VERSION
from briefings.models import Article

_serial = itertools.count(1)


def slug(text: str) -> str:
    return re.sub(r"\W+", "-", text.casefold()).strip("-")[:60] or "untitled"


class FactBuilder:
    """Fill a store with articles and their facts."""

    def __init__(self, store):
        self.store = store
        self.db = store.db

    def article(self, title: str, published: str, *, body: str | None = None, source: str | None = "Test Wire",
                url: str | None = "auto", countries: tuple[str, ...] = ()) -> int:
        n = next(_serial)
        if url == "auto":
            url = f"https://example.org/{published}/{slug(title)}"
        body = body or f"{title}. Story number {n} about diplomacy."
        result = self.store.add_article(Article(title=title, published=published, body=body, source=source, url=url))
        with self.store.conn:
            for rank, code in enumerate(countries, 1):
                self.db["article_countries"].insert({"article_id": result.id, "country": code, "rank": rank, "salience": 1.0 / rank})
            # its facts are the ones this builder writes: not pending, so nothing re-extracts it
            self.db.execute("update articles set extracted_with = ? where id = ?", [EXTRACTOR_VERSION, result.id])
        return result.id

    def entity(self, kind: str, key: str, name: str, *, country: str | None = None, role: str | None = None) -> int:
        row = self.db.execute("select id from entities where kind = ? and key = ?", [kind, key]).fetchone()
        if row:
            return row[0]
        with self.store.conn:
            return self.db["entities"].insert(
                {"kind": kind, "name": name, "key": key, "country": country, "role": role, "aliases": "[]"}
            ).last_pk

    def _event(self, article_id: int, record: dict, people, sides, side: str) -> int:
        with self.store.conn:
            event_id = self.db["events"].insert({"article_id": article_id, "confidence": 0.9, **record}).last_pk
        rows = []
        for name, role, code in people:
            entity_id = self.entity("person", name.casefold(), name, country=code, role=role)
            rows.append({"event_id": event_id, "entity_id": entity_id, "side": "participant" if side == "participant" else side,
                         "name": name, "role": role, "country": code})
        for key in sides:
            if len(key) == 2 and key.isupper() and key not in {"EU", "UN"}:
                entity_id = self.entity("country", key, geo.country_name(key), country=key)
            else:
                entity_id = self.entity("org", key, key)
            rows.append({"event_id": event_id, "entity_id": entity_id, "side": side, "name": None, "role": None, "country": None})
        with self.store.conn:
            for row in rows:
                self.db["event_participants"].insert(row, ignore=True)
        return event_id

    def meeting(self, article_id: int, people=(), countries=(), *, kind="talks", status="held", date=None,
                date_to=None, location=None, title=None, evidence=None) -> int:
        record = {"type": "meeting", "kind": kind, "status": status, "date_from": date, "date_to": date_to or date,
                  "location": location, "title": title, "evidence": evidence}
        return self._event(article_id, record, people, countries, "participant")

    def signing(self, article_id: int, document: str, parties=(), *, status="signed", date=None, people=(),
                location=None, evidence=None) -> int:
        record = {"type": "signing", "kind": None, "status": status, "date_from": date, "date_to": date,
                  "document": document, "location": location, "evidence": evidence}
        return self._event(article_id, record, people, parties, "party")

    def upcoming(self, article_id: int, title: str, date_from=None, date_to=None, *, kind="summit", status="planned",
                 location=None, members=()) -> int:
        record = {"type": "upcoming", "kind": kind, "status": status, "date_from": date_from,
                  "date_to": date_to or date_from, "location": location, "title": title}
        return self._event(article_id, record, (), members, "member")


LAVROV = ("Sergey Lavrov", "Foreign Minister", "RU")
RYZHENKOV = ("Maxim Ryzhenkov", "Foreign Minister", "BY")


def brest_week(store) -> FactBuilder:
    """A small invented week: one Brest meeting reported by three articles, a signing, a summit."""
    facts = FactBuilder(store)
    a1 = facts.article("Russian minister to meet Belarusian counterpart", "2024-11-22", source="Wire One",
                       countries=("BY", "RU"),
                       body='Lavrov will meet Ryzhenkov in Brest. "We will coordinate closely," Lavrov said. '
                            'Minsk called the visit "a milestone for Belarusian diplomacy" on Friday.')
    a2 = facts.article("Lavrov and Ryzhenkov hold talks in Brest", "2024-11-23", source="Wire Two", countries=("BY", "RU"))
    a3 = facts.article("Ministers meet at the border", "2024-11-23", source=None, url=None, countries=("RU", "BY"))
    a4 = facts.article("Kazakh and Uzbek ministers sign roadmap", "2024-11-23", source="Wire One", countries=("KZ", "UZ"))
    facts.meeting(a1, [LAVROV, RYZHENKOV], ["RU", "BY"], status="planned", date="2024-11-22", location="Brest")
    facts.meeting(a2, [LAVROV, RYZHENKOV], ["RU", "BY"], status="held", date="2024-11-22", location="Brest")
    facts.meeting(a3, [("Lavrov", None, "RU"), RYZHENKOV], ["RU", "BY"], status="held", date=None, location="Brest")
    facts.signing(a2, "declaration on enhancing the role of international law", ["RU", "BY"], date="2024-11-22")
    facts.upcoming(a1, "Supreme State Council of the Union State meeting", "2024-12-01", "2024-12-10", kind="session",
                   members=["RU", "BY"])
    facts.meeting(a4, [("Murat Nurtleu", "Foreign Minister", "KZ"), ("Bakhtiyor Saidov", "Foreign Minister", "UZ")],
                  ["KZ", "UZ"], date="2024-11-23", location="Astana")
    facts.signing(a4, "roadmap on joint management of water resources", ["KZ", "UZ"], date="2024-11-23")
    return facts
