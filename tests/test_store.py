"""Store round trips: articles in and out, dedup, listing filters, stats, file settings."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from briefings.models import Article, canonical_url, content_hash
from briefings.store import Store, schema_version


def test_new_database_is_wal_with_foreign_keys_and_current_schema(db_path):
    with Store(db_path) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.schema_version == schema_version() and store.current_schema
        for table in ("articles", "articles_fts", "sources", "entities", "mentions", "article_countries",
                      "events", "event_participants", "subscriptions", "deliveries"):
            assert store.db[table].exists(), table
    assert db_path.exists()


def test_store_creates_missing_parent_folders(tmp_path):
    path = tmp_path / "a" / "b" / "briefings.db"
    with Store(path) as store:
        assert store.stats()["articles"] == 0
    assert path.exists()


def test_article_round_trip_keeps_every_field(store):
    article = Article(
        title="  Ministers meet in Brest ",
        published="2024-11-22",
        body="First paragraph.\n\nSecond paragraph.",
        source="Sample Wire",
        url="https://www.Example.org/news/1/?utm_source=x#top",
        lang="en",
    )
    result = store.add_article(article)
    assert result.new and result.reason is None
    row = store.get_article(result.id)
    assert row["title"] == "Ministers meet in Brest"
    assert row["published"] == "2024-11-22"
    assert row["body"] == "First paragraph.\n\nSecond paragraph."
    assert row["source"] == "Sample Wire"
    assert row["url"] == "https://www.Example.org/news/1/?utm_source=x#top"
    assert row["canonical_url"] == "https://example.org/news/1"
    assert row["content_hash"] == content_hash(article.body)
    assert row["lang"] == "en"
    assert row["ingested_at"]
    assert store.get_article(result.id + 100) is None


def test_reopening_keeps_articles(db_path, make_article):
    with Store(db_path) as store:
        ids = [store.add_article(make_article()).id for _ in range(3)]
    with Store(db_path) as store:
        assert store.article_ids() == ids


def test_duplicate_by_canonical_url(store, make_article):
    first = store.add_article(make_article(url="http://example.org/a?utm_medium=mail"))
    again = store.add_article(make_article(url="https://www.example.org/a/#section"))
    assert again == type(again)(first.id, False, "url")
    assert store.db["articles"].count == 1


def test_duplicate_by_normalised_text(store, make_article):
    first = store.add_article(make_article(body="Lavrov met Ryzhenkov in Brest.\n\nThey talked."))
    again = store.add_article(make_article(body="  lavrov  met ryzhenkov in brest!\nThey   talked… "))
    assert not again.new and again.id == first.id and again.reason == "text"
    other = store.add_article(make_article(body="Lavrov met Ryzhenkov in Minsk."))
    assert other.new


def test_articles_without_url_are_not_duplicates_of_each_other(store, make_article):
    a = store.add_article(make_article())
    b = store.add_article(make_article())
    assert a.new and b.new and a.id != b.id


def test_concurrent_writers_store_an_article_once(db_path, make_article):
    article = make_article(url="https://example.org/race")
    Store(db_path).close()
    results, errors = [], []

    def add():
        try:
            with Store(db_path) as store:
                results.append(store.add_article(article))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.new for r in results) == 1
    assert len({r.id for r in results}) == 1
    with Store(db_path) as store:
        assert store.db["articles"].count == 1


def test_articles_latest_first_with_filters(store, make_article):
    store.add_article(make_article(title="old", published="2024-11-01", source="Wire A"))
    store.add_article(make_article(title="mid", published="2024-11-10", source="Wire B"))
    store.add_article(make_article(title="new", published="2024-11-20", source="Wire A"))
    assert [r["title"] for r in store.articles()] == ["new", "mid", "old"]
    assert [r["title"] for r in store.articles(since="2024-11-05")] == ["new", "mid"]
    assert [r["title"] for r in store.articles(until="2024-11-10")] == ["mid", "old"]
    assert [r["title"] for r in store.articles(source="wire a")] == ["new", "old"]
    assert [r["title"] for r in store.articles(limit=1)] == ["new"]
    assert store.articles(since="2025-01-01") == []


def test_stats_counts_and_range(store, make_article):
    empty = store.stats()
    assert empty["articles"] == 0 and empty["first_published"] is None
    store.add_article(make_article(published="2024-11-01", source="Wire A"))
    store.add_article(make_article(published="2024-11-20", source="Wire A"))
    store.add_article(make_article(published="2024-11-05"))
    stats = store.stats()
    assert stats["articles"] == 3
    assert (stats["first_published"], stats["last_published"]) == ("2024-11-01", "2024-11-20")
    assert stats["top_sources"][0] == ("Wire A", 2)
    assert ("(unknown)", 1) in [tuple(x) for x in stats["top_sources"]]
    assert stats["schema_version"] == schema_version()


def test_fts_index_follows_inserts_updates_and_deletes(store, make_article):
    art_id = store.add_article(make_article(body="The delegation visited Tashkent.")).id
    assert [h["id"] for h in store.search("Tashkent")] == [art_id]
    with store.conn:
        store.db["articles"].update(art_id, {"body": "The delegation visited Samarkand."})
    assert store.search("Tashkent") == []
    assert [h["id"] for h in store.search("Samarkand")] == [art_id]
    with store.conn:
        store.db["articles"].delete(art_id)
    assert store.search("Samarkand") == []


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        with store.conn:
            store.db["events"].insert({"article_id": 999, "type": "meeting"})


def test_canonical_url_rules():
    assert canonical_url("HTTP://WWW.Example.ORG:80/a/b/?b=2&a=1&utm_source=t&fbclid=x#frag") == "https://example.org/a/b?a=1&b=2"
    assert canonical_url("https://example.org:8443/x") == "https://example.org:8443/x"
    assert canonical_url("  ") is None
    assert canonical_url("not a url") == "not a url"


def test_add_article_joins_a_callers_transaction(store, make_article):
    with pytest.raises(RuntimeError):
        with store.conn:
            store.conn.execute("BEGIN IMMEDIATE")
            assert store.add_article(make_article()).new
            raise RuntimeError("caller gives up")
    assert store.db["articles"].count == 0
    assert store.add_article(make_article()).new


def test_processes_opening_a_new_database_at_once_all_succeed(tmp_path):
    """The bot and a CLI command starting together on a fresh file: each waits, none fails "locked"."""
    from concurrent.futures import ThreadPoolExecutor

    for trial in range(4):
        path = tmp_path / f"fresh{trial}.db"

        def open_and_close(_):
            with Store(path) as opened:
                return opened.schema_version

        with ThreadPoolExecutor(max_workers=8) as pool:
            assert set(pool.map(open_and_close, range(8))) == {schema_version()}
