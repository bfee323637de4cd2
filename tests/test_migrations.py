"""Opening a database made by an older schema migrates it in place and loses nothing."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from briefings.models import Article
from briefings.store import MIGRATIONS, Store, schema_version
from briefings.store import migrations as migrations_module

# The schema as the first release wrote it (migration m001 only), frozen here as SQL so that
# this test keeps describing a real old file even if the code that made it changes.
V1_SCHEMA = """
CREATE TABLE "articles" (
   "id" INTEGER PRIMARY KEY, "url" TEXT, "canonical_url" TEXT, "title" TEXT NOT NULL, "source" TEXT,
   "published" TEXT NOT NULL, "body" TEXT NOT NULL, "content_hash" TEXT NOT NULL, "lang" TEXT,
   "ingested_at" TEXT NOT NULL, "source_id" INTEGER
);
CREATE UNIQUE INDEX "ux_articles_canonical_url" ON "articles" ("canonical_url");
CREATE UNIQUE INDEX "ux_articles_content_hash" ON "articles" ("content_hash");
CREATE INDEX "ix_articles_published" ON "articles" ("published");
CREATE INDEX "ix_articles_source" ON "articles" ("source");
CREATE VIRTUAL TABLE "articles_fts" USING FTS5 ("title", "body", tokenize='porter', content="articles");
CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN
  INSERT INTO "articles_fts" (rowid, "title", "body") VALUES (new.rowid, new."title", new."body");
END;
CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "body") VALUES('delete', old.rowid, old."title", old."body");
END;
CREATE TRIGGER "articles_au" AFTER UPDATE ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "body") VALUES('delete', old.rowid, old."title", old."body");
  INSERT INTO "articles_fts" (rowid, "title", "body") VALUES (new.rowid, new."title", new."body");
END;
CREATE TABLE "sources" (
   "id" INTEGER PRIMARY KEY, "url" TEXT NOT NULL, "name" TEXT, "kind" TEXT DEFAULT 'feed', "etag" TEXT,
   "last_modified" TEXT, "last_polled" TEXT, "last_error" TEXT, "errors" INTEGER DEFAULT 0,
   "articles_fetched" INTEGER DEFAULT 0, "next_poll" TEXT, "created_at" TEXT
);
CREATE UNIQUE INDEX "ux_sources_url" ON "sources" ("url");
CREATE TABLE "_migrations" ("name" TEXT PRIMARY KEY, "applied_at" TEXT);
INSERT INTO "_migrations" VALUES ('m001_articles_and_sources', '2024-11-01T00:00:00+00:00');
PRAGMA user_version = 1;
"""

OLD_ARTICLES = [
    (1, "https://example.org/a", "https://example.org/a", "Ministers meet in Brest", "Wire", "2024-11-22",
     "The ministers met in Brest.\n\nThey signed a declaration.", "hash-a", "en", "2024-11-22T10:00:00+00:00", None),
    (2, None, None, "Summit dates announced", None, "2024-11-23",
     "Leaders will gather in Astana next spring.", "hash-b", "en", "2024-11-23T10:00:00+00:00", 1),
]


def make_v1_database(path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    with conn:
        conn.execute(
            "insert into sources (id, url, name, errors, articles_fetched, created_at) values "
            "(1, 'https://example.org/feed.xml', 'Example feed', 2, 7, '2024-11-01T00:00:00+00:00')"
        )
        conn.executemany("insert into articles values (?,?,?,?,?,?,?,?,?,?,?)", OLD_ARTICLES)
    conn.close()


def test_v1_database_migrates_in_place_and_keeps_everything(tmp_path):
    path = tmp_path / "old.db"
    make_v1_database(path)
    with Store(path) as store:
        assert store.schema_version == schema_version() and store.current_schema
        names = [r["name"] for r in store.db["_migrations"].rows]
        assert names == [name for name, _ in MIGRATIONS]
        rows = [tuple(r.values()) for r in store.db.query(
            "select id, url, canonical_url, title, source, published, body, content_hash, lang, ingested_at, source_id "
            "from articles order by id")]
        assert rows == OLD_ARTICLES
        source = next(store.db["sources"].rows)
        assert (source["name"], source["errors"], source["articles_fetched"]) == ("Example feed", 2, 7)
        # the old FTS index still answers, and the tables the later migrations add are there
        assert [h["id"] for h in store.search("Astana")] == [2]
        for table in ("entities", "events", "event_participants", "subscriptions", "deliveries"):
            assert store.db[table].exists(), table
        # and the migrated file is fully usable
        new = store.add_article(Article("New after upgrade", "2024-11-24", "A fresh body about Minsk."))
        assert new.new and new.id == 3
        with store.conn:
            event_id = store.db["events"].insert({"article_id": 1, "type": "meeting", "status": "held"}).last_pk
        assert store.db["events"].get(event_id)["article_id"] == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_database_with_only_first_migration_gets_the_rest(tmp_path):
    path = tmp_path / "first.db"
    db = sqlite_utils.Database(path)
    migrations_module.MIGRATIONS[0][1](db)
    db["_migrations"].insert({"name": MIGRATIONS[0][0], "applied_at": "2024-11-01T00:00:00+00:00"}, pk="name")
    db["articles"].insert({"title": "Kept", "published": "2024-11-20", "body": "Body kept intact.",
                           "content_hash": "h", "ingested_at": "2024-11-20T00:00:00+00:00"})
    db.conn.close()
    with Store(path) as store:
        assert store.current_schema
        assert store.get_article(1)["body"] == "Body kept intact."
        assert len(list(store.db["_migrations"].rows)) == len(MIGRATIONS)


def test_reopening_a_current_database_runs_nothing(db_path):
    Store(db_path).close()
    with Store(db_path) as store:
        assert migrations_module.migrate(store.db) == []
        assert store.current_schema


def test_new_migration_applies_once_and_keeps_rows(db_path, monkeypatch, make_article):
    with Store(db_path) as store:
        store.add_article(make_article(title="Before the upgrade"))

    def m999_add_article_summary(db):
        db["articles"].add_column("summary", str)

    monkeypatch.setattr(migrations_module, "MIGRATIONS", [*MIGRATIONS, ("m999_add_article_summary", m999_add_article_summary)])
    with Store(db_path) as store:
        assert store.schema_version == len(MIGRATIONS) + 1 and store.current_schema
        assert "summary" in store.db["articles"].columns_dict
        assert store.get_article(1)["title"] == "Before the upgrade"
    with Store(db_path) as store:  # recorded: not applied twice (add_column would fail)
        assert store.current_schema


def test_failing_migration_rolls_back_and_loses_nothing(db_path, monkeypatch, make_article):
    with Store(db_path) as store:
        store.add_article(make_article(title="Precious"))
        version = store.schema_version

    def m999_broken(db):
        db["articles"].add_column("half_done", str)
        db.execute("delete from articles")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations_module, "MIGRATIONS", [*MIGRATIONS, ("m999_broken", m999_broken)])
    with pytest.raises(RuntimeError, match="boom"):
        Store(db_path)
    monkeypatch.setattr(migrations_module, "MIGRATIONS", MIGRATIONS)
    with Store(db_path) as store:
        assert store.schema_version == version
        assert store.get_article(1)["title"] == "Precious"
        assert "half_done" not in store.db["articles"].columns_dict
        assert "m999_broken" not in {r["name"] for r in store.db["_migrations"].rows}


def test_extraction_versions_migration_marks_extracted_articles_stale_and_the_rest_pending(tmp_path, monkeypatch):
    """m008 on a database made before extraction versions: articles with facts are stale
    ('unversioned'), articles an interrupted ingest left without any are pending (NULL)."""
    before = [(name, func) for name, func in MIGRATIONS if name < "m008"]
    path = tmp_path / "m007.db"
    monkeypatch.setattr(migrations_module, "MIGRATIONS", before)
    with Store(path) as store:
        extracted = store.add_article(Article("Talks held", "2024-11-22", "The ministers met in Brest.")).id
        countries_only = store.add_article(Article("About Belarus", "2024-11-22", "A story on Belarus.")).id
        never = store.add_article(Article("Stored, then killed", "2024-11-23", "Leaders gather in Astana.")).id
        with store.conn:
            store.db["events"].insert({"article_id": extracted, "type": "meeting", "status": "held"})
            store.db["article_countries"].insert({"article_id": countries_only, "country": "BY", "rank": 1})
    monkeypatch.setattr(migrations_module, "MIGRATIONS", MIGRATIONS)
    with Store(path) as store:
        assert store.current_schema
        versions = dict(store.db.execute("select id, extracted_with from articles").fetchall())
        assert versions == {extracted: "unversioned", countries_only: "unversioned", never: None}
        assert store.extraction_backlog("2099.1") == {"pending": 1, "stale": 2}
        assert store.unextracted_ids() == [never]
        # recording a version no longer rewrites the article's full-text entry; editing the text still does
        with store.conn:
            store.conn.execute("update articles set extracted_with = 'x'")
            store.conn.execute("update articles set title = 'Summit in Astana' where id = ?", [extracted])
        assert sorted(h["id"] for h in store.search("Astana")) == [extracted, never]
        assert store.search("Talks held") == []
        with store.conn:  # the full-text index agrees with the articles table
            store.conn.execute("insert into articles_fts(articles_fts) values ('integrity-check')")
