"""Build a store of N synthetic articles directly, with their facts, for the query benchmarks.

spaCy cannot parse a million articles in a working session on a shared machine, so the facts
(entities, mentions, article countries, events and their participants) are written from the
generator's ground truth (what each article states) rather than by the extractor; the
extractor's own speed is measured by ``bench/ingest.py``. Articles go in through
``executemany`` (worker processes generate the rows) into a store made by ``briefings.store.Store``:
the same schema, indexes and triggers (FTS, denormalised publication dates) as a real one. While
loading, the journal is off and the secondary indexes of the fact tables are dropped, then
recreated from their own SQL (the triggers stay on, so every row is filled as in production).

    python -m bench.stores --n 10000             # -> bench/out/store-10k.db (reused if present)
    nice -n 19 python -m bench.stores --n 1000000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import resource
import sys
import time
from collections import deque
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from bench.corpus import DEFAULT_END, DEFAULT_PER_DAY, SyntheticArticle, make_article, place_key, world
from briefings.geo import country_name
from briefings.models import canonical_url, content_hash
from briefings.store import Store, schema_version

OUT = Path(__file__).parent / "out"


def label(n: int) -> str:
    """10000 -> '10k', 1000000 -> '1M'."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def store_path(n: int, seed: int = 0) -> Path:
    return OUT / (f"store-{label(n)}.db" if seed == 0 else f"store-{label(n)}-seed{seed}.db")


@dataclass
class BuildInfo:
    """How a benchmark store was built (kept beside it as JSON, to reuse it only when it matches)."""

    n: int
    seed: int
    per_day: int
    end: str
    generator: str = ""  # hash of the generator's code and data: a change rebuilds the store
    schema_version: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0  # of which rebuilding the deferred indexes
    articles: int = 0
    events: int = 0
    participants: int = 0
    mentions: int = 0
    bytes: int = 0
    peak_rss_mb: float = 0.0

    @classmethod
    def read(cls, path: Path) -> "BuildInfo | None":
        meta = path.with_suffix(".json")
        if not (meta.exists() and path.exists()):
            return None
        try:
            return cls(**json.loads(meta.read_text()))
        except (ValueError, TypeError):
            return None

    def write(self, path: Path) -> None:
        path.with_suffix(".json").write_text(json.dumps(asdict(self), indent=1) + "\n")


def generator_hash() -> str:
    """A short hash of the code and data tables that decide the articles and their rows."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [here / "corpus.py", here / "stores.py", *sorted((here / "data").glob("*.json"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.with_suffix(".json").unlink(missing_ok=True)


def insert_world(store: Store, seed: int = 0) -> dict[tuple[str, str], int]:
    """Every person, country, organisation and place of the synthetic world; (kind, key) -> id.

    Names and keys are the ones extraction writes (country names from ``briefings.geo``, an
    organisation named by its acronym, places keyed 'casefolded name|ISO2').
    """
    w = world(seed)
    rows = [
        {"kind": "person", "name": p.name, "key": p.key, "country": p.country, "role": p.title} for p in w.all_people()
    ]
    rows += [{"kind": "country", "name": country_name(c.code) or c.name, "key": c.code, "country": c.code} for c in w.countries.values()]
    rows += [{"kind": "org", "name": o.acronym, "key": o.acronym} for o in w.orgs]
    rows += [{"kind": "place", "name": name, "key": place_key(name, code), "country": code} for name, code in dict.fromkeys(w.places())]
    store.db["entities"].insert_all(rows, ignore=True)
    return {(kind, key): id_ for id_, kind, key in store.db.execute("select id, kind, key from entities")}


def fact_rows(article: SyntheticArticle, article_id: int, first_event_id: int, entity_ids: dict) -> dict[str, list[dict]]:
    """The rows one article adds to each table, per the extraction contract."""
    published = article.published
    rows: dict[str, list[dict]] = {
        "articles": [
            {
                "id": article_id,
                "url": article.url,
                "canonical_url": canonical_url(article.url),
                "title": article.title,
                "source": article.source,
                "published": published,
                "body": article.body,
                "content_hash": content_hash(article.body),
                "lang": "en",
                "ingested_at": f"{published}T06:00:00+00:00",
                "source_id": None,
            }
        ],
        "article_countries": [
            {"article_id": article_id, "country": code, "rank": rank, "salience": round(1 / rank, 3)}
            for rank, code in enumerate(article.countries, start=1)
        ],
        "events": [],
        "event_participants": [],
    }
    top = max(article.mentions.values(), default=1)
    rows["mentions"] = [
        {"article_id": article_id, "entity_id": entity_ids[key], "count": count, "salience": round(count / top, 3)}
        for key, count in article.mentions.items()
    ]
    for offset, ev in enumerate(article.events):
        event_id = first_event_id + offset
        rows["events"].append(
            {
                "id": event_id,
                "article_id": article_id,
                "type": ev.type,
                "kind": ev.kind,
                "status": ev.status,
                "date_from": ev.date_from,
                "date_to": ev.date_to,
                "location": ev.location,
                "location_country": ev.location_country,
                "document": ev.document,
                "title": ev.title,
                "confidence": 1.0,
                "evidence_start": ev.evidence_start,
                "evidence_end": ev.evidence_end,
                "evidence": ev.evidence,
            }
        )
        for p in ev.participants:
            rows["event_participants"].append(
                {
                    "event_id": event_id,
                    "entity_id": entity_ids[(p.kind, p.key)],
                    "side": p.side,
                    "name": p.name,
                    "role": p.role,
                    "country": p.country if p.kind == "person" else (p.key if p.kind == "country" else None),
                }
            )
    return rows


#: Column order of the rows a chunk produces, per table (the order of insertion too).
COLUMNS = {
    "articles": ("id", "url", "canonical_url", "title", "source", "published", "body", "content_hash", "lang", "ingested_at", "source_id"),
    "article_countries": ("article_id", "country", "rank", "salience"),
    "mentions": ("article_id", "entity_id", "count", "salience"),
    "events": (
        "id", "article_id", "type", "kind", "status", "date_from", "date_to", "location", "location_country",
        "document", "title", "confidence", "evidence_start", "evidence_end", "evidence",
    ),
    "event_participants": ("event_id", "entity_id", "side", "name", "role", "country"),
}
TABLES = tuple(COLUMNS)

_chunk_entity_ids: dict = {}


def _init_worker(entity_ids: dict) -> None:
    global _chunk_entity_ids
    _chunk_entity_ids = entity_ids


def chunk_rows(task: tuple) -> dict[str, list[tuple]]:
    """Rows of articles ``start+count-1`` down to ``start`` (oldest first); event ids count from 1
    within the chunk.

    Articles are stored in publication order, as a store fills over time: of ``n`` articles,
    article ``index`` (0 = newest) gets id ``n - index`` in a fresh store. The caller shifts
    event ids by the events written before the chunk.
    """
    start, count, seed, per_day, end, n = task
    out: dict[str, list[tuple]] = {t: [] for t in TABLES}
    next_event = 1
    for index in range(start + count - 1, start - 1, -1):
        article = make_article(index, seed=seed, per_day=per_day, end=end)
        rows = fact_rows(article, n - index, next_event, _chunk_entity_ids)
        next_event += len(rows["events"])
        for table, columns in COLUMNS.items():
            out[table] += [tuple(r[c] for c in columns) for r in rows[table]]
    return out


def _bounded_map(pool, func, tasks: list, ahead: int):
    """``pool.imap(func, tasks)`` in order, with at most ``ahead`` results waiting (bounded memory)."""
    pending: deque = deque()
    for task in tasks:
        pending.append(pool.apply_async(func, (task,)))
        if len(pending) > ahead:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def drop_indexes(store: Store, tables: Iterable[str]) -> list[str]:
    """Drop the secondary indexes of ``tables``; return the SQL that recreates them as they were."""
    marks = ",".join("?" * len(tuple(tables)))
    found = store.db.execute(
        f"select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ({marks})",
        list(tables),
    ).fetchall()
    for name, _sql in found:
        store.db.execute(f"drop index [{name}]")
    return [sql for _name, sql in found]


def _insert_sql(table: str) -> str:
    columns = COLUMNS[table]
    return f"insert into [{table}] ({', '.join(columns)}) values ({', '.join('?' * len(columns))})"


def load_chunks(store: Store, chunks: Iterable[dict[str, list[tuple]]], *, progress=None) -> dict[str, int]:
    """Write chunks of rows, each in one transaction, shifting event ids to follow on; return row counts."""
    counts = dict.fromkeys(TABLES, 0)
    base = store.db.execute("select coalesce(max(id), 0) from events").fetchone()[0]
    for chunk in chunks:
        events = [(row[0] + base, *row[1:]) for row in chunk["events"]]
        participants = [(row[0] + base, *row[1:]) for row in chunk["event_participants"]]
        shifted = {**chunk, "events": events, "event_participants": participants}
        with store.conn:
            for table in TABLES:
                store.conn.executemany(_insert_sql(table), shifted[table])
                counts[table] += len(shifted[table])
        base += len(events)
        if progress:
            progress(len(chunk["articles"]))
    return counts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_store(
    path: Path,
    n: int,
    *,
    seed: int = 0,
    per_day: int = DEFAULT_PER_DAY,
    end: date = DEFAULT_END,
    chunk: int = 2000,
    workers: int = 1,
    show_progress: bool = True,
) -> BuildInfo:
    """A fresh store at ``path`` holding synthetic articles 0..n-1 (stored oldest first) and their facts.

    ``workers`` processes generate the rows while this one writes them (0: all in this process).
    """
    from tqdm import tqdm

    _remove(path)
    began = time.perf_counter()
    store = Store(path)
    try:
        entity_ids = insert_world(store, seed)
        # bulk mode: a benchmark store is rebuilt, never recovered, so no journal while loading;
        # secondary indexes are dropped and rebuilt from their own SQL afterwards (sorted builds)
        store.db.execute("PRAGMA journal_mode = OFF")
        store.db.execute("PRAGMA synchronous = OFF")
        store.db.execute("PRAGMA cache_size = -200000")
        deferred = drop_indexes(store, TABLES)
        tasks = [(start, min(chunk, n - start), seed, per_day, end, n) for start in reversed(range(0, n, chunk))]
        with tqdm(total=n, unit="art", disable=not show_progress, file=sys.stderr, mininterval=5) as bar:
            if workers > 0:
                context = multiprocessing.get_context("fork")
                with context.Pool(workers, initializer=_init_worker, initargs=(entity_ids,)) as pool:
                    counts = load_chunks(store, _bounded_map(pool, chunk_rows, tasks, ahead=2 * workers), progress=bar.update)
            else:
                _init_worker(entity_ids)
                counts = load_chunks(store, map(chunk_rows, tasks), progress=bar.update)
        loaded = time.perf_counter()
        for sql in deferred:
            store.db.execute(sql)
        index_seconds = time.perf_counter() - loaded
        store.db.execute("PRAGMA journal_mode = WAL")
        version = store.schema_version
    finally:
        store.close()
    info = BuildInfo(
        n=n,
        seed=seed,
        per_day=per_day,
        end=end.isoformat(),
        generator=generator_hash(),
        schema_version=version,
        seconds=round(time.perf_counter() - began, 1),
        index_seconds=round(index_seconds, 1),
        articles=counts["articles"],
        events=counts["events"],
        participants=counts["event_participants"],
        mentions=counts["mentions"],
        bytes=path.stat().st_size,
        peak_rss_mb=round(peak_rss_mb(), 1),
    )
    info.write(path)
    return info


def ensure_store(
    n: int,
    *,
    seed: int = 0,
    per_day: int = DEFAULT_PER_DAY,
    end: date = DEFAULT_END,
    force: bool = False,
    workers: int = 1,
    show_progress: bool = True,
) -> tuple[Path, BuildInfo, bool]:
    """The store for (n, seed, per_day, end) in bench/out/, built unless a matching one exists.

    Returns (path, build info, whether it was built now). A store whose generator code or data
    changed since is rebuilt; one made before a schema migration is reused (``Store`` migrates it).
    """
    path = store_path(n, seed)
    info = BuildInfo.read(path)
    wanted = (n, seed, per_day, end.isoformat(), generator_hash(), n)
    if not force and info and (info.n, info.seed, info.per_day, info.end, info.generator, info.articles) == wanted:
        return path, info, False
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, build_store(path, n, seed=seed, per_day=per_day, end=end, workers=workers, show_progress=show_progress), True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stores", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, action="append", help="articles (repeatable; default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-day", type=int, default=DEFAULT_PER_DAY)
    parser.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END)
    parser.add_argument("--force", action="store_true", help="rebuild even if a matching store exists")
    parser.add_argument("--workers", type=int, default=1, help="processes generating rows while the main one writes (0: none)")
    args = parser.parse_args(argv)
    for n in args.n or [10_000]:
        path, info, built = ensure_store(n, seed=args.seed, per_day=args.per_day, end=args.end, force=args.force, workers=args.workers)
        verb = "built" if built else "reused"
        print(
            f"{verb} {path}: {info.articles:,} articles, {info.events:,} events, {info.participants:,} participants, "
            f"{info.mentions:,} mentions, {info.bytes / 1e6:,.0f} MB, schema v{info.schema_version}, "
            f"built in {info.seconds:,.0f}s ({info.articles / max(info.seconds, 1e-9):,.0f} articles/s; indexes {info.index_seconds:,.0f}s), "
            f"peak RSS {info.peak_rss_mb:,.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
