"""A full disk, or a read-only or immutable database: ingest, backup and the bot say what happened
and what to do, never a traceback, and lose nothing already stored (issue 13, item 9).

The disk fills up for real: ``PRAGMA max_page_count`` makes SQLite itself raise "database or disk
is full", and a ``briefings`` process run under a file size limit (RLIMIT_FSIZE) has its writes
refused by the kernel. A read-only database is made with chmod, or, as root (whom permissions do
not stop), with the immutable attribute (chattr +i); the test is skipped where neither works.
"""

from __future__ import annotations

import logging
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefings.models import Article
from briefings.store import Store, storage_problem
from briefings.store.database import out_of_space
from tests.test_bot_commands import USER, bot, bot_env, seeded_db  # noqa: F401  (fixtures)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BRIEFINGS = str(Path(sys.executable).parent / "briefings")


def briefings(*args, file_limit: int | None = None) -> subprocess.CompletedProcess:
    """Run the CLI in its own process, optionally unable to write files beyond ``file_limit`` bytes."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run([BRIEFINGS, *map(str, args)], capture_output=True, text=True, timeout=600,
                          preexec_fn=limit if file_limit else None)


@pytest.fixture
def make_read_only():
    """Make files or folders unwritable for this process: chmod, or chattr +i when running as root."""
    changed: list[tuple[Path, str]] = []

    def apply(*paths: Path) -> None:
        for path in paths:
            if os.geteuid() != 0:
                path.chmod(0o555 if path.is_dir() else 0o444)
                changed.append((path, "chmod"))
                continue
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True) if shutil.which("chattr") else None
            if done is None or done.returncode != 0:
                pytest.skip("running as root without chattr +i: cannot make a file read-only here")
            changed.append((path, "chattr"))

    yield apply
    for path, how in reversed(changed):
        if how == "chattr":
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_full_database_is_named_as_such_and_keeps_what_was_stored(db_path, make_article):
    with Store(db_path) as store:
        pages = store.conn.execute("pragma page_count").fetchone()[0]
        store.conn.execute(f"pragma max_page_count = {pages + 2}")  # this connection may grow by 2 pages only
        stored = 0
        with pytest.raises(sqlite3.OperationalError) as caught:
            for _ in range(200):
                store.add_article(make_article(body="Ministers met in Minsk. " * 40 + str(stored)))
                stored += 1
    assert "database or disk is full" in str(caught.value) and out_of_space(caught.value)
    message = storage_problem(caught.value, db_path)
    assert "the disk is full" in message and "Free some space" in message and str(db_path) in message
    with Store(db_path) as store:
        assert len(store.article_ids()) == stored  # the failed insert rolled back; the others are kept


def test_ingest_on_a_full_disk_says_so_and_the_next_run_stores_the_rest(tmp_path):
    db = tmp_path / "full.db"
    assert briefings("--db", db, "migrate").returncode == 0
    full = briefings("--db", db, "ingest", SEEDS, "--no-extract", file_limit=db.stat().st_size + 8192)
    assert full.returncode == 1
    assert "could not be written: the disk is full" in full.stderr and "df -h" in full.stderr
    assert "Traceback" not in full.stderr + full.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        before = conn.execute("select count(*) from articles").fetchone()[0]
    again = briefings("--db", db, "ingest", SEEDS, "--no-extract")
    assert again.returncode == 0, again.stderr
    assert f"{8 - before} new, {before} duplicates" in again.stdout  # all eight seeds stored once


def busy_feed(items: int) -> str:
    """An RSS feed of ``items`` long entries (several database pages each)."""
    entries = "".join(
        f"<item><title>Talks, round {n}</title><link>{{{{BASE}}}}/news/{n}</link><guid>round-{n}</guid>"
        f"<pubDate>Fri, 22 Nov 2024 10:00:00 GMT</pubDate>"
        f"<description>{f'The delegations met for round {n} of the talks on trade and transit. ' * 60}</description></item>"
        for n in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'


def test_poll_on_a_full_disk_says_so_like_ingest_and_the_next_poll_stores_the_rest(tmp_path, feed_server, monkeypatch):
    monkeypatch.setenv("BRIEFINGS_FETCH_ALLOW", "127.0.0.1/32")
    feed_server.add("/wire.xml", busy_feed(40), content_type="application/rss+xml")
    db = tmp_path / "full.db"
    assert briefings("--db", db, "sources", "add", feed_server.url("/wire.xml")).returncode == 0
    full = briefings("--db", db, "poll", "--no-extract", file_limit=db.stat().st_size + 8192)
    assert full.returncode == 1
    assert "could not be written: the disk is full" in full.stderr and "df -h" in full.stderr
    assert "Traceback" not in full.stderr + full.stdout and "unexpected error" not in full.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select errors from sources").fetchone()[0] == 0  # not the feed's fault
    again = briefings("--db", db, "poll", "--no-extract")
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 40


def test_backup_onto_a_full_disk_says_so_and_leaves_no_half_written_file(tmp_path):
    db, dest = tmp_path / "live.db", tmp_path / "backups"
    with Store(db) as store:
        for n in range(40):
            store.add_article(Article(f"Story {n}", "2024-11-22", f"Ministers met in Minsk, story {n}. " * 100))
    dest.mkdir()
    done = briefings("--db", db, "backup", dest / "copy.db", file_limit=64 * 1024)
    assert done.returncode == 1
    assert "could not be written: no space left there" in done.stderr and "the database itself is untouched" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(dest.iterdir()) == []  # no copy.db, no temporary file
    assert briefings("--db", db, "backup", dest / "copy.db").returncode == 0  # with room, it works


def test_ingest_into_a_read_only_database_says_what_to_check(tmp_path, make_read_only):
    db = tmp_path / "ro" / "briefings.db"
    assert briefings("--db", db, "migrate").returncode == 0
    make_read_only(db, db.parent)
    done = briefings("--db", db, "ingest", SEEDS, "--no-extract")
    assert done.returncode == 1
    assert ("is read-only" in done.stderr and "chattr -i" in done.stderr) or "cannot be opened" in done.stderr
    assert "Traceback" not in done.stderr


def test_backup_into_a_read_only_folder_says_so(tmp_path, make_read_only):
    db, dest = tmp_path / "live.db", tmp_path / "locked"
    Store(db).close()
    dest.mkdir()
    make_read_only(dest)
    done = briefings("--db", db, "backup", dest)
    assert done.returncode == 1
    assert f"cannot write the backup in {dest}" in done.stderr and "choose a folder" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_bot_refuses_to_start_on_a_read_only_database(tmp_path, make_read_only, capsys):
    from bot.app import main

    db = tmp_path / "ro.db"
    Store(db).close()
    make_read_only(db)
    env = {"TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35, "BRIEFINGS_DB": str(db), "BRIEFINGS_ADMINS": "1"}
    assert main(env) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: the database {db} ") and ("read-only" in err or "cannot be opened" in err)


async def test_the_bot_logs_a_read_only_database_as_what_to_do_without_a_traceback(bot, make_read_only, caplog):  # noqa: F811
    make_read_only(Path(bot.settings.db_path))
    with caplog.at_level(logging.ERROR, logger="bot.app"):
        [reply] = await bot.ask(USER, USER, "/subscribe 09:15")
    assert "went wrong" in reply.plain  # the user gets the usual polite reply
    [record] = [r for r in caplog.records if r.name == "bot.app"]
    assert "is read-only" in record.getMessage() or "cannot be opened" in record.getMessage()
    assert record.exc_info is None  # the operator's problem, told plainly: no traceback
