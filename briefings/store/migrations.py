"""Forward-only schema migrations, applied in order and recorded by name.

Each migration is a function taking a ``sqlite_utils.Database``. They are recorded in the
``_migrations`` table once applied, so opening an older database applies only the missing
ones, in place, without losing data. Append new migrations at the end of ``MIGRATIONS``;
never edit or reorder one that has shipped.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(func: Migration) -> Migration:
    """Register ``func`` as the next migration, named after the function."""
    MIGRATIONS.append((func.__name__, func))
    return func


@migration
def m001_articles_and_sources(db: sqlite_utils.Database) -> None:
    db["articles"].create(
        {
            "id": int,
            "url": str,
            "canonical_url": str,
            "title": str,
            "source": str,
            "published": str,
            "body": str,
            "content_hash": str,
            "lang": str,
            "ingested_at": str,
            "source_id": int,
        },
        pk="id",
        not_null={"title", "published", "body", "content_hash", "ingested_at"},
    )
    db["articles"].create_index(["canonical_url"], unique=True, index_name="ux_articles_canonical_url")
    db["articles"].create_index(["content_hash"], unique=True, index_name="ux_articles_content_hash")
    db["articles"].create_index(["published"], index_name="ix_articles_published")
    db["articles"].create_index(["source"], index_name="ix_articles_source")
    db["articles"].enable_fts(["title", "body"], create_triggers=True, tokenize="porter")
    db["sources"].create(
        {
            "id": int,
            "url": str,
            "name": str,
            "kind": str,
            "etag": str,
            "last_modified": str,
            "last_polled": str,
            "last_error": str,
            "errors": int,
            "articles_fetched": int,
            "next_poll": str,
            "created_at": str,
        },
        pk="id",
        not_null={"url"},
        defaults={"errors": 0, "articles_fetched": 0, "kind": "feed"},
    )
    db["sources"].create_index(["url"], unique=True, index_name="ux_sources_url")


@migration
def m002_extracted_facts(db: sqlite_utils.Database) -> None:
    db["entities"].create(
        {"id": int, "kind": str, "name": str, "key": str, "country": str, "role": str, "aliases": str},
        pk="id",
        not_null={"kind", "name", "key"},
    )
    db["entities"].create_index(["kind", "key"], unique=True, index_name="ux_entities_kind_key")
    db["entities"].create_index(["country"], index_name="ix_entities_country")
    db["mentions"].create(
        {"article_id": int, "entity_id": int, "count": int, "salience": float},
        pk=("article_id", "entity_id"),
        foreign_keys=[("article_id", "articles", "id"), ("entity_id", "entities", "id")],
    )
    db["mentions"].create_index(["entity_id"], index_name="ix_mentions_entity")
    db["article_countries"].create(
        {"article_id": int, "country": str, "rank": int, "salience": float},
        pk=("article_id", "country"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_countries"].create_index(["country"], index_name="ix_article_countries_country")
    db["events"].create(
        {
            "id": int,
            "article_id": int,
            "type": str,
            "kind": str,
            "status": str,
            "date_from": str,
            "date_to": str,
            "location": str,
            "location_country": str,
            "document": str,
            "title": str,
            "confidence": float,
            "evidence_start": int,
            "evidence_end": int,
            "evidence": str,
        },
        pk="id",
        not_null={"article_id", "type"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["events"].create_index(["article_id"], index_name="ix_events_article")
    db["events"].create_index(["type", "date_from"], index_name="ix_events_type_date")
    db["events"].create_index(["date_from"], index_name="ix_events_date")
    db["event_participants"].create(
        {"event_id": int, "entity_id": int, "side": str, "name": str, "role": str, "country": str},
        pk=("event_id", "entity_id"),
        foreign_keys=[("event_id", "events", "id"), ("entity_id", "entities", "id")],
    )
    db["event_participants"].create_index(["entity_id"], index_name="ix_participants_entity")


@migration
def m003_subscriptions_and_deliveries(db: sqlite_utils.Database) -> None:
    db["subscriptions"].create(
        {
            "chat_id": int,
            "chat_type": str,
            "title": str,
            "time": str,
            "tz": str,
            "follows": str,
            "only_follows": int,
            "active": int,
            "failures": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="chat_id",
        defaults={"only_follows": 0, "active": 1, "failures": 0, "follows": "[]"},
    )
    db["subscriptions"].create_index(["active"], index_name="ix_subscriptions_active")
    db["deliveries"].create(
        {"chat_id": int, "period_key": str, "status": str, "message_ids": str, "attempts": int, "sent_at": str},
        pk=("chat_id", "period_key"),
        defaults={"attempts": 0},
    )


def applied(db: sqlite_utils.Database) -> set[str]:
    """Names of the migrations already applied to ``db``."""
    if not db["_migrations"].exists():
        return set()
    return {row["name"] for row in db["_migrations"].rows}


def schema_version() -> int:
    """The schema version this code expects: the number of known migrations."""
    return len(MIGRATIONS)


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every missing migration, each in its own transaction; return their names.

    The explicit BEGIN makes a migration all-or-nothing: sqlite3 opens no implicit transaction
    for DDL, so without it a failing migration would leave half its tables and lost rows behind.
    """
    if not db["_migrations"].exists():
        with db.conn:  # IMMEDIATE: a process creating the file at the same time is waited for, not "locked"
            db.conn.execute("BEGIN IMMEDIATE")
            db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = applied(db)
    ran = []
    for name, func in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            db.conn.execute("BEGIN IMMEDIATE")
            if name in applied(db):  # another process applied it while we waited for the lock
                continue
            func(db)
            db["_migrations"].insert(
                {"name": name, "applied_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            )
            db.conn.execute(f"PRAGMA user_version = {db['_migrations'].count}")
        ran.append(name)
    return ran


@migration
def m004_source_entries(db: sqlite_utils.Database) -> None:
    """Feed entries already taken from each source, by GUID, so re-polling adds nothing twice."""
    db["source_entries"].create(
        {"source_id": int, "guid": str, "article_id": int, "seen_at": str},
        pk=("source_id", "guid"),
        foreign_keys=[("source_id", "sources", "id"), ("article_id", "articles", "id")],
    )
    db["source_entries"].create_index(["article_id"], index_name="ix_source_entries_article")


_FACT_LOOKUP_SQL = """
ALTER TABLE events ADD COLUMN published TEXT;
ALTER TABLE event_participants ADD COLUMN published TEXT;
ALTER TABLE event_participants ADD COLUMN date_from TEXT;
ALTER TABLE article_countries ADD COLUMN published TEXT;
UPDATE events SET published = (SELECT published FROM articles WHERE articles.id = events.article_id);
UPDATE event_participants SET
    published = (SELECT published FROM events WHERE events.id = event_participants.event_id),
    date_from = (SELECT date_from FROM events WHERE events.id = event_participants.event_id);
UPDATE article_countries SET published = (SELECT published FROM articles WHERE articles.id = article_countries.article_id);
CREATE TRIGGER events_published_ai AFTER INSERT ON events BEGIN
    UPDATE events SET published = (SELECT published FROM articles WHERE id = NEW.article_id) WHERE id = NEW.id;
END;
CREATE TRIGGER events_lookup_au AFTER UPDATE OF article_id, date_from ON events BEGIN
    UPDATE events SET published = (SELECT published FROM articles WHERE id = NEW.article_id) WHERE id = NEW.id;
    UPDATE event_participants SET date_from = NEW.date_from,
        published = (SELECT published FROM articles WHERE id = NEW.article_id) WHERE event_id = NEW.id;
END;
CREATE TRIGGER event_participants_lookup_ai AFTER INSERT ON event_participants BEGIN
    UPDATE event_participants SET
        published = (SELECT published FROM events WHERE id = NEW.event_id),
        date_from = (SELECT date_from FROM events WHERE id = NEW.event_id)
    WHERE event_id = NEW.event_id AND entity_id = NEW.entity_id;
END;
CREATE TRIGGER article_countries_published_ai AFTER INSERT ON article_countries BEGIN
    UPDATE article_countries SET published = (SELECT published FROM articles WHERE id = NEW.article_id)
    WHERE article_id = NEW.article_id AND country = NEW.country;
END;
CREATE TRIGGER articles_published_au AFTER UPDATE OF published ON articles BEGIN
    UPDATE events SET published = NEW.published WHERE article_id = NEW.id;
    UPDATE event_participants SET published = NEW.published
        WHERE event_id IN (SELECT id FROM events WHERE article_id = NEW.id);
    UPDATE article_countries SET published = NEW.published WHERE article_id = NEW.id;
END;
CREATE INDEX ix_events_published ON events(published, type);
CREATE INDEX ix_participants_entity_published ON event_participants(entity_id, published);
CREATE INDEX ix_participants_entity_date ON event_participants(entity_id, date_from);
CREATE INDEX ix_article_countries_country_published ON article_countries(country, published);
CREATE INDEX ix_article_countries_published ON article_countries(published, country);
CREATE VIRTUAL TABLE entities_fts USING fts5(
    name, aliases, content='entities', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO entities_fts(entities_fts) VALUES ('rebuild');
CREATE TRIGGER entities_fts_ai AFTER INSERT ON entities BEGIN
    INSERT INTO entities_fts(rowid, name, aliases) VALUES (NEW.id, NEW.name, NEW.aliases);
END;
CREATE TRIGGER entities_fts_ad AFTER DELETE ON entities BEGIN
    INSERT INTO entities_fts(entities_fts, rowid, name, aliases) VALUES ('delete', OLD.id, OLD.name, OLD.aliases);
END;
CREATE TRIGGER entities_fts_au AFTER UPDATE ON entities BEGIN
    INSERT INTO entities_fts(entities_fts, rowid, name, aliases) VALUES ('delete', OLD.id, OLD.name, OLD.aliases);
    INSERT INTO entities_fts(rowid, name, aliases) VALUES (NEW.id, NEW.name, NEW.aliases);
END
"""


@migration
def m005_fact_lookup(db: sqlite_utils.Database) -> None:
    """Index-only lookups for digests and briefs.

    The article's publication date is copied onto events, participants and article countries
    (and the event date onto participants) by triggers, so "events of entity X published in a
    period" is one index range; entity names get full-text search (a surname finds a person).
    """
    for statement in _split_sql(_FACT_LOOKUP_SQL):
        db.conn.execute(statement)


def _split_sql(script: str) -> list[str]:
    """Statements of ``script``, keeping each CREATE TRIGGER .. END block whole."""
    import sqlite3

    statements, pending = [], ""
    for piece in script.split(";\n"):
        pending = f"{pending};\n{piece}" if pending else piece
        if sqlite3.complete_statement(pending + ";"):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    return statements


@migration
def m006_delivery_ledger_parts(db: sqlite_utils.Database) -> None:
    """The delivery ledger keeps what it sends, so a restart resumes the same messages.

    ``parts`` (JSON list of the Telegram messages of one delivery), ``inflight`` (index of the
    part whose request was on its way, NULL when none), ``uncertain`` (parts resent because a
    crash hid whether they had arrived), ``error``, ``created_at``, ``updated_at``.
    """
    table = db["deliveries"]
    for column, kind in (("parts", str), ("inflight", int), ("uncertain", int), ("error", str),
                         ("created_at", str), ("updated_at", str)):
        table.add_column(column, kind)
    db.conn.execute("UPDATE deliveries SET uncertain = 0 WHERE uncertain IS NULL")
    db.conn.execute("CREATE INDEX IF NOT EXISTS ix_deliveries_status ON deliveries(status)")


@migration
def m007_events_by_type_and_publication(db: sqlite_utils.Database) -> None:
    """Events of some types published in a period (the daily digest) as one index range per type.

    Without it SQLite answers ``type in (...) and published between ? and ?`` from
    ``ix_events_type_date`` on ``type`` alone, reading every event of those types: 0.3 s at 100k
    articles and growing with the store (bench/query.py); with it, under a millisecond.
    """
    db.conn.execute("CREATE INDEX IF NOT EXISTS ix_events_type_published ON events(type, published)")


@migration
def m008_extracted_with(db: sqlite_utils.Database) -> None:
    """``articles.extracted_with``: the extractor version that produced the article's facts.

    NULL means pending (stored, never extracted: an ingest killed or failed before extraction),
    so the next ingest, poll or bot start extracts it. Articles that already have facts get
    ``'unversioned'``: stale, like any older version, until ``briefings extract --stale``.
    The full-text trigger on updates is narrowed to title and body, so recording the version
    does not re-index the article's text.
    """
    db["articles"].add_column("extracted_with", str)
    db.conn.execute("CREATE INDEX ix_articles_extracted_with ON articles(extracted_with)")
    db.conn.execute('DROP TRIGGER IF EXISTS "articles_au"')
    db.conn.execute(
        'CREATE TRIGGER "articles_au" AFTER UPDATE OF "title", "body" ON "articles" BEGIN\n'
        '  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "body")'
        ' VALUES(\'delete\', old.rowid, old."title", old."body");\n'
        '  INSERT INTO "articles_fts" (rowid, "title", "body") VALUES (new.rowid, new."title", new."body");\n'
        "END"
    )
    db.conn.execute(
        "UPDATE articles SET extracted_with = 'unversioned' WHERE"
        " EXISTS (SELECT 1 FROM mentions WHERE article_id = articles.id)"
        " OR EXISTS (SELECT 1 FROM article_countries WHERE article_id = articles.id)"
        " OR EXISTS (SELECT 1 FROM events WHERE article_id = articles.id)"
    )
