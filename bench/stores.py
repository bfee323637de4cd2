"""Build a store of N synthetic articles directly, with their facts, for the query benchmarks.

Spacy cannot read a million articles in a working session on a shared machine, so the facts
(entities, mentions, article countries, events and their participants) are written from the
generator's ground truth (what each article states) rather than by the extractor; the
extractor's own speed is measured by ``bench/ingest.py``. Articles go in through sqlite-utils
``insert_all`` into a store made by ``briefings.store.Store`` (same schema, indexes, FTS triggers
as a real one).

    python -m bench.stores --n 10000             # -> bench/out/store-10k.db (reused if present)
    nice -n 19 python -m bench.stores --n 1000000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from bench.corpus import DEFAULT_END, DEFAULT_PER_DAY, SyntheticArticle, generate, world
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
    """Every person, country, organisation and place of the synthetic world; (kind, key) -> id."""
    w = world(seed)
    rows = [
        {"kind": "person", "name": p.name, "key": p.key, "country": p.country, "role": p.title} for p in w.all_people()
    ]
    rows += [{"kind": "country", "name": c.name, "key": c.code, "country": c.code} for c in w.countries.values()]
    rows += [{"kind": "org", "name": o.name, "key": o.acronym} for o in w.orgs]
    rows += [{"kind": "place", "name": name, "key": f"{name}|{code}", "country": code} for name, code in dict.fromkeys(w.places())]
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


TABLES = ("articles", "article_countries", "mentions", "events", "event_participants")


def load_articles(store: Store, articles: Iterable[SyntheticArticle], entity_ids: dict, *, chunk: int = 2000, progress=None) -> dict[str, int]:
    """Insert articles and their facts in chunks (one transaction each); return row counts."""
    counts = dict.fromkeys(TABLES, 0)
    next_article = (store.db.execute("select coalesce(max(id), 0) from articles").fetchone()[0]) + 1
    next_event = (store.db.execute("select coalesce(max(id), 0) from events").fetchone()[0]) + 1
    batch: dict[str, list[dict]] = {t: [] for t in TABLES}

    def flush() -> None:
        with store.conn:
            for table in TABLES:
                if batch[table]:
                    store.db[table].insert_all(batch[table], batch_size=500)
                    counts[table] += len(batch[table])
                    batch[table] = []

    pending = 0
    for article in articles:
        rows = fact_rows(article, next_article, next_event, entity_ids)
        next_article += 1
        next_event += len(rows["events"])
        for table in TABLES:
            batch[table] += rows[table]
        pending += 1
        if pending == chunk:
            flush()
            if progress:
                progress(pending)
            pending = 0
    flush()
    if progress and pending:
        progress(pending)
    return counts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_store(path: Path, n: int, *, seed: int = 0, per_day: int = DEFAULT_PER_DAY, end: date = DEFAULT_END, chunk: int = 2000, show_progress: bool = True) -> BuildInfo:
    """A fresh store at ``path`` holding synthetic articles 0..n-1 and their facts."""
    from tqdm import tqdm

    _remove(path)
    began = time.perf_counter()
    store = Store(path)
    try:
        store.db.execute("PRAGMA synchronous = OFF")  # a benchmark store is rebuilt, not recovered
        store.db.execute("PRAGMA cache_size = -200000")
        entity_ids = insert_world(store, seed)
        with tqdm(total=n, unit="art", disable=not show_progress, file=sys.stderr, mininterval=5) as bar:
            counts = load_articles(store, generate(n, seed=seed, per_day=per_day, end=end), entity_ids, chunk=chunk, progress=bar.update)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
        articles=counts["articles"],
        events=counts["events"],
        participants=counts["event_participants"],
        mentions=counts["mentions"],
        bytes=path.stat().st_size,
        peak_rss_mb=round(peak_rss_mb(), 1),
    )
    info.write(path)
    return info


def ensure_store(n: int, *, seed: int = 0, per_day: int = DEFAULT_PER_DAY, end: date = DEFAULT_END, force: bool = False, show_progress: bool = True) -> tuple[Path, BuildInfo, bool]:
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
    return path, build_store(path, n, seed=seed, per_day=per_day, end=end, show_progress=show_progress), True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stores", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, action="append", help="articles (repeatable; default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-day", type=int, default=DEFAULT_PER_DAY)
    parser.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END)
    parser.add_argument("--force", action="store_true", help="rebuild even if a matching store exists")
    args = parser.parse_args(argv)
    for n in args.n or [10_000]:
        path, info, built = ensure_store(n, seed=args.seed, per_day=args.per_day, end=args.end, force=args.force)
        verb = "built" if built else "reused"
        print(
            f"{verb} {path}: {info.articles:,} articles, {info.events:,} events, {info.participants:,} participants, "
            f"{info.mentions:,} mentions, {info.bytes / 1e6:,.0f} MB, schema v{info.schema_version}, "
            f"built in {info.seconds:,.0f}s ({info.articles / max(info.seconds, 1e-9):,.0f} articles/s), peak RSS {info.peak_rss_mb:,.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
