"""The article store: one SQLite file (WAL, foreign keys on) wrapped by sqlite-utils."""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import sqlite_utils

from briefings.models import Article
from briefings.store.migrations import migrate, schema_version

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits, as FTS5's unicode61 tokenizer splits
_COLUMN_PREFIX = re.compile(r"\b\w+:")
_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


@dataclass
class AddResult:
    id: int
    new: bool
    reason: str | None = None  # why it is a duplicate: "url" or "text"


def _enable_wal(db: sqlite_utils.Database, wait: float = 30.0) -> None:
    """Switch the file to WAL (once per file; it persists). On a new file opened by several
    processes at once the switch can fail "locked" at once (SQLite skips the busy handler when
    a lock upgrade could deadlock), so it is retried within the usual busy wait."""
    deadline = time.monotonic() + wait
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Open (creating and migrating as needed) the database at ``path``."""

    def __init__(self, path: str | Path, *, migrate_schema: bool = True):
        self.path = Path(path) if str(path) != ":memory:" else path
        if isinstance(self.path, Path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db = sqlite_utils.Database(conn)
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            if str(path) != ":memory:":
                _enable_wal(self.db)
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA busy_timeout = 30000")
            if migrate_schema:
                migrate(self.db)
        except BaseException:  # not a database, or a failed migration: do not leak the connection
            conn.close()
            raise

    # -- lifecycle -------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def write_transaction(self):
        """A transaction holding the write lock from its start (BEGIN IMMEDIATE).

        Concurrent writers then queue on busy_timeout instead of failing with "database is
        locked" when a read-then-write finds its WAL snapshot stale. Inside a transaction the
        caller already opened, it joins that one and leaves commit or rollback to the caller.
        """
        if self.conn.in_transaction:
            yield self
            return
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self

    def check_writable(self) -> None:
        """Raise sqlite3.OperationalError now if the file cannot be written (read-only, immutable),
        by rewriting one header field in a transaction that is rolled back."""
        with self.write_transaction():
            version = self.schema_version
            self.conn.execute(f"PRAGMA user_version = {int(version)}")
            self.conn.rollback()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    @property
    def current_schema(self) -> bool:
        return self.schema_version == schema_version()

    # -- articles --------------------------------------------------------------------
    def find_duplicate(self, article: Article) -> AddResult | None:
        """The stored article that ``article`` duplicates (same canonical URL or text), if any."""
        canon = article.canonical_url
        if canon:
            row = self.db.execute("select id from articles where canonical_url = ?", [canon]).fetchone()
            if row:
                return AddResult(row[0], False, "url")
        row = self.db.execute("select id from articles where content_hash = ?", [article.content_hash]).fetchone()
        if row:
            return AddResult(row[0], False, "text")
        return None

    def add_article(self, article: Article, *, source_id: int | None = None) -> AddResult:
        """Store ``article`` unless it is already there; say which id it has and whether it is new."""
        record = {
            "url": article.url,
            "canonical_url": article.canonical_url,
            "title": article.title.strip(),
            "source": article.source,
            "published": article.published,
            "body": article.body,
            "content_hash": article.content_hash,
            "lang": article.lang,
            "ingested_at": utcnow(),
            "source_id": source_id,
        }
        with self.write_transaction():
            dup = self.find_duplicate(article)
            if dup:
                return dup
            new_id = self.db["articles"].insert(record).last_pk
        return AddResult(new_id, True)

    def get_article(self, article_id: int) -> dict | None:
        rows = list(self.db["articles"].rows_where("id = ?", [article_id]))
        return rows[0] if rows else None

    def article_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("select id from articles order by id")]

    # -- extraction bookkeeping (articles.extracted_with) ----------------------------------
    def unextracted_ids(self, version: str | None = None, *, after: int = 0, limit: int | None = None) -> list[int]:
        """Ids of pending articles (never extracted), in order; with ``version``, also the stale
        ones (extracted by another version). ``after`` and ``limit`` page through them."""
        where = "extracted_with is null" + (" or extracted_with != ?" if version else "")
        params = [version] if version else []
        sql = f"select id from articles where ({where}) and id > ? order by id"
        if limit:
            sql += f" limit {int(limit)}"
        return [r[0] for r in self.db.execute(sql, [*params, after])]

    def extraction_backlog(self, version: str) -> dict[str, int]:
        """How many articles are ``pending`` (never extracted) and ``stale`` (extracted by
        another version than ``version``), from the index on ``extracted_with``."""
        counts = dict(self.db.execute("select extracted_with, count(*) from articles group by 1").fetchall())
        return {"pending": counts.pop(None, 0), "stale": sum(n for v, n in counts.items() if v != version)}

    def articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int | None = 20,
    ) -> list[dict]:
        """Articles latest first, optionally within [since, until] and from one source."""
        where, params = [], []
        if since:
            where.append("published >= ?")
            params.append(since)
        if until:
            where.append("published <= ?")
            params.append(until)
        if source:
            where.append("source = ? collate nocase")
            params.append(source)
        sql = "select id, title, source, published, url from articles"
        if where:
            sql += " where " + " and ".join(where)
        sql += " order by published desc, id desc"
        if limit:
            sql += " limit ?"
            params.append(int(limit))
        return [dict(r) for r in self._rows(sql, params)]

    def _rows(self, sql: str, params=()) -> list[sqlite3.Row]:
        cur = self.conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, params).fetchall()

    # -- full-text search --------------------------------------------------------------
    def search(self, query: str, *, limit: int = 10) -> list[dict]:
        """Ranked full-text matches with highlighted snippets; any user text is a safe query."""
        for fts_query in fts_queries(query):
            sql = (
                "select articles.id, articles.title, articles.source, articles.published, articles.url, "
                "snippet(articles_fts, 1, '[', ']', '…', 16) as snippet "
                "from articles_fts join articles on articles.rowid = articles_fts.rowid "
                "where articles_fts match ? order by bm25(articles_fts, 5.0, 1.0) limit ?"
            )
            try:
                hits = [dict(r) for r in self._rows(sql, [fts_query, int(limit)])]
            except sqlite3.OperationalError:
                continue
            if hits:
                return hits
        return []

    # -- statistics ----------------------------------------------------------------------
    def stats(self, extractor_version: str | None = None) -> dict:
        """Counts and date range of what the store holds; with ``extractor_version``, also the
        extraction backlog (``extraction``: that version, pending and stale counts)."""
        one = lambda sql: self.db.execute(sql).fetchone()  # noqa: E731
        first, last = one("select min(published), max(published) from articles")
        counts = {t: self.db[t].count for t in ("articles", "sources", "entities", "events", "subscriptions")}
        by_type = dict(self.db.execute("select type, count(*) from events group by type").fetchall())
        sources = self.db.execute(
            "select coalesce(source, '(unknown)'), count(*) c from articles group by 1 order by c desc limit 10"
        ).fetchall()
        return {
            "path": str(self.path),
            "schema_version": self.schema_version,
            **counts,
            "events_by_type": by_type,
            "first_published": first,
            "last_published": last,
            "top_sources": sources,
        } | ({"extraction": {"version": extractor_version, **self.extraction_backlog(extractor_version)}}
             if extractor_version else {})


#: SQLite's primary result codes for a database file that cannot be used (sqlite3.h).
_BUSY, _LOCKED, _READONLY, _IOERR, _FULL, _CANTOPEN = 5, 6, 8, 10, 13, 14
_IOERR_WRITE = _IOERR | (3 << 8)


def out_of_space(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite failing to write for want of space (a full disk, a file size limit)."""
    code = getattr(exc, "sqlite_errorcode", None) or 0
    return isinstance(exc, sqlite3.OperationalError) and (code & 0xFF == _FULL or code == _IOERR_WRITE)


def storage_problem(exc: BaseException, path: str | Path | None = None) -> str | None:
    """What a failure of the database file means and what to do about it, in a sentence or two;
    None when ``exc`` is not such a failure (a bug, bad input). Nothing committed is lost in
    any of these cases: SQLite rolls back the transaction that failed."""
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    code = getattr(exc, "sqlite_errorcode", None) or 0
    reason = str(exc).lower()
    db = f"the database {path}" if path else "the database"
    if code & 0xFF == _FULL or "disk is full" in reason:
        return (f"{db} cannot grow: the disk is full. Free some space (old backups, logs; `df -h` shows "
                "what is left) and run it again; what was stored before is kept.")
    if code == _IOERR_WRITE:  # a write refused: no space, a file size limit, or a failing disk
        return (f"{db} could not be written: the disk is full, a file size limit (ulimit -f) was reached, "
                "or the disk is failing. Free some space (`df -h`), check the system log, and run it again.")
    if code & 0xFF == _READONLY or "readonly" in reason:
        return (f"{db} is read-only. Make the file and its folder writable by this user (`ls -l`, chown/chmod), "
                "check the disk is not mounted read-only and the file not immutable (`lsattr`, `chattr -i`).")
    if code & 0xFF == _CANTOPEN or "unable to open" in reason:
        return (f"{db} cannot be opened. Check that its folder exists and this user may create "
                "files in it (SQLite adds -wal and -shm files beside the database).")
    if code & 0xFF == _IOERR or "disk i/o" in reason:
        return (f"{db} could not be read or written (disk I/O error): the disk may be full, failing or gone. "
                "Check `df -h` and the system log, then run `briefings doctor`.")
    if code & 0xFF in (_BUSY, _LOCKED) or "locked" in reason:
        return (f"{db} stayed locked by another process for 30 seconds. Try again; if it persists, look for a "
                "stuck process holding it (`fuser` on the file).")
    return None


@lru_cache(maxsize=1)
def _fts_quoter() -> sqlite_utils.Database:
    """An idle in-memory Database for its ``quote_fts`` (pure string work), made once."""
    return sqlite_utils.Database(memory=True)


def fts_queries(text: str) -> list[str]:
    """FTS5 queries to try for user text, safest last; empty when the text has no words.

    First sqlite-utils' ``quote_fts`` (keeps "quoted phrases"), then every word quoted on its own
    without FTS operator words (AND, OR, NOT, NEAR), column prefixes (``title:``) and one-letter
    fragments, which a person typing them meant as syntax or did not mean at all. ``search``
    moves on to the next query when one matches nothing. Control characters and NUL bytes are
    dropped and whitespace collapsed first; operators like AND, -, *, ( are never interpreted
    because every term ends up inside double quotes.
    """
    cleaned = " ".join(_CONTROL.sub(" ", text or "").split())  # quote_fts splits on spaces only
    words = _WORD.findall(cleaned)
    if not words:
        return []
    plain = [w for w in _WORD.findall(_COLUMN_PREFIX.sub(" ", cleaned)) if w not in _FTS_OPERATORS]
    plain = [w for w in plain if len(w) > 1] or plain  # the "s" of "Brest's" is not a search term
    queries = []
    try:
        quoted = _fts_quoter().quote_fts(cleaned)
        if quoted.strip():
            queries.append(quoted)
    except Exception:  # quote_fts is best effort; the word form below always works
        pass
    for terms in (words, plain):
        query = " ".join('"' + w + '"' for w in terms)
        if terms and query not in queries:
            queries.append(query)
    return queries
