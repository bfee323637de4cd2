"""Backups while another process writes, and restores that check before they replace anything."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
import sqlite_utils

from briefings.ops import OpsError, backup, restore, verify_database
from briefings.store import MIGRATIONS, Store, schema_version

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from briefings.models import Article
    from briefings.store import Store

    db, stop = Path(sys.argv[1]), Path(sys.argv[2])
    with Store(db) as store:
        i = 0
        while not stop.exists():
            i += 1
            body = f"Paragraph {i}: the delegations met again and agreed to keep talking. " * 20
            store.add_article(Article(f"Round {i} of talks", "2024-11-22", body, source="Writer"))
            with store.conn:  # and a second table, so a torn copy would show as a mismatch
                store.db["sources"].insert({"url": f"https://example.org/feed/{i}", "articles_fetched": i})
    print(i)
""")


def count(path, table="articles") -> int:
    with sqlite3.connect(path, timeout=30) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def wait_for(predicate, what: str, limit: float = 120.0):
    """Poll until ``predicate()``; a generous limit only guards against a hung writer."""
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_backup_while_another_process_writes(tmp_path):
    db = tmp_path / "live.db"
    Store(db).close()
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: count(db) >= 30, "the writer to start")
        copies = []
        for n in range(3):
            before = count(db)
            info = backup(db, tmp_path / "backups" / f"copy{n}.db")
            after = count(db)
            copies.append((info, before, after))
        last_after = copies[-1][2]
        wait_for(lambda: count(db) >= last_after + 30, "the writer to go on after the backups")
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert err == ""  # no "database is locked" or any other trouble on the writer's side
    assert int(out) >= last_after + 30
    for info, before, after in copies:
        with sqlite3.connect(info.path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
            articles = conn.execute("select count(*) from articles").fetchone()[0]
            sources = conn.execute("select count(*) from sources").fetchone()[0]
            fts = conn.execute("select count(*) from articles_fts where articles_fts match 'delegations'").fetchone()[0]
            conn.execute("insert into articles_fts(articles_fts) values ('integrity-check')")
        assert before <= articles <= after
        assert sources in (articles, articles - 1)  # a snapshot between the writer's two transactions
        assert fts == articles
        assert info.articles == articles and info.schema_version == schema_version()
        assert not list(info.path.parent.glob(".*.tmp"))  # no half-written leftovers


def test_backup_into_a_folder_names_the_file_and_refuses_to_overwrite(tmp_path, make_article):
    db = tmp_path / "live.db"
    with Store(db) as store:
        store.add_article(make_article())
    info = backup(db, str(tmp_path / "nightly") + "/")  # a trailing slash: a folder, made if missing
    assert info.path.parent == tmp_path / "nightly" and info.path.name.startswith("briefings-")
    (tmp_path / "existing").mkdir()
    assert backup(db, tmp_path / "existing").path.parent == tmp_path / "existing"
    with pytest.raises(OpsError, match="exists; choose another name or pass --force"):
        backup(db, info.path)
    assert backup(db, info.path, overwrite=True).articles == 1
    with pytest.raises(OpsError, match="no database at"):
        backup(tmp_path / "missing.db", tmp_path / "x.db")


def test_restore_brings_back_the_backup_and_keeps_the_replaced_database(tmp_path, make_article):
    db = tmp_path / "live.db"
    with Store(db) as store:
        kept_id = store.add_article(make_article(title="In the backup")).id
    copy = backup(db, tmp_path / "copy.db").path
    with Store(db) as store:
        store.add_article(make_article(title="After the backup"))
        with store.conn:
            store.db["articles"].delete(kept_id)
    with pytest.raises(OpsError, match="is not empty; pass --force"):
        restore(copy, db)
    assert count(db) == 1  # refused: nothing changed
    info, kept = restore(copy, db, force=True)
    assert info.articles == 1
    with Store(db) as store:
        assert [r["title"] for r in store.articles()] == ["In the backup"]
        assert [h["title"] for h in store.search("foreign ministers")] == ["In the backup"]
    with Store(kept) as old:
        assert [r["title"] for r in old.articles()] == ["After the backup"]


def test_restore_into_an_empty_place_needs_no_force(tmp_path, make_article):
    db = tmp_path / "live.db"
    with Store(db) as store:
        store.add_article(make_article())
    copy = backup(db, tmp_path / "copy.db").path
    info, kept = restore(copy, tmp_path / "fresh" / "briefings.db")
    assert info.articles == 1 and kept is None


def test_restore_of_an_older_backup_migrates_it(tmp_path):
    old = tmp_path / "old.db"
    db = sqlite_utils.Database(old)
    MIGRATIONS[0][1](db)
    db["_migrations"].insert({"name": MIGRATIONS[0][0], "applied_at": "2024-01-01"}, pk="name")
    db["articles"].insert({"title": "Old", "published": "2024-01-02", "body": "Old body.", "content_hash": "h",
                           "ingested_at": "2024-01-02"})
    db.conn.close()
    info, _ = restore(old, tmp_path / "live.db")
    assert info.schema_version == schema_version() and info.articles == 1


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("not a database at all " * 50), "not a usable SQLite database"),
    (lambda p: sqlite3.connect(p).execute("create table t(x)").connection.commit(), "not a Briefings database"),
])
def test_restore_refuses_what_is_not_a_good_backup(tmp_path, make_article, make, message):
    db = tmp_path / "live.db"
    with Store(db) as store:
        store.add_article(make_article())
    bad = tmp_path / "bad.db"
    make(bad)
    with pytest.raises(OpsError, match=message):
        restore(bad, db, force=True)
    assert count(db) == 1


def test_restore_refuses_a_damaged_backup(tmp_path, make_article):
    src = tmp_path / "src.db"
    with Store(src) as store:
        for _ in range(200):
            store.add_article(make_article())
    copy = backup(src, tmp_path / "copy.db").path
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 7 * page):  # scribble over pages in the middle
        data[offset + 100: offset + 400] = b"\x5a" * 300
    copy.write_bytes(bytes(data))
    with pytest.raises(OpsError):
        verify_database(copy)
    target = tmp_path / "live.db"
    Store(target).close()
    with pytest.raises(OpsError):
        restore(copy, target, force=True)
    assert count(target) == 0


def test_restore_refuses_a_backup_from_a_newer_version(tmp_path):
    newer = tmp_path / "newer.db"
    Store(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("insert into _migrations values ('m999_from_the_future', '2030-01-01')")
    with pytest.raises(OpsError, match="newer version of Briefings"):
        restore(newer, tmp_path / "live.db")


def test_cli_backup_and_restore(invoke, tmp_path, make_article, db_path):
    with Store(db_path) as store:
        store.add_article(make_article(title="Keep me"))
    made = invoke("backup", str(tmp_path / "b") + "/")
    assert made.exit_code == 0 and "integrity check ok" in made.stdout and "1 articles" in made.stdout
    copy = next((tmp_path / "b").glob("briefings-*.db"))
    refused = invoke("restore", copy)
    assert refused.exit_code == 1 and "pass --force" in refused.stderr
    done = invoke("restore", "--force", copy)
    assert done.exit_code == 0 and "The replaced database is kept at" in done.stdout
    missing = invoke("restore", tmp_path / "nope.db")
    assert missing.exit_code == 2
    again = invoke("backup", copy)
    assert again.exit_code == 1 and "exists" in again.stderr


def test_cli_migrate_creates_and_reports(invoke, db_path):
    result = invoke("migrate")
    assert result.exit_code == 0 and f"schema v{schema_version()}" in result.stdout
    assert db_path.exists()
