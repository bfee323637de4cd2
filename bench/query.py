"""Query latency at 10k, 100k and 1M articles: /brief (country, person, topic), the daily digest, the calendar.

Each operation is what the bot does for the command: build the view from the store and render
it to Telegram messages. The digest layer keeps built digests and calendars until the facts
change; latencies are measured with that cache off (what the first request after new facts
costs), and a p50 with it on is shown beside them. Subjects rotate (five countries, five people, five topics, the last
five days) so the runs are not one cached query repeated. The stores are built once into
bench/out/ (``bench.stores``; reused when present) and their facts come from the generator's
ground truth. The SQL each operation runs is captured and its EXPLAIN QUERY PLAN printed;
a plan step that scans a table (rather than searching an index) is flagged.

    nice -n 19 python -m bench.query                        # 10k and 100k (built if missing)
    nice -n 19 python -m bench.query --sizes 10000,100000,1000000 --runs 50
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from bench.corpus import DEFAULT_END, world
from bench.report import machine, machine_line, peak_rss_mb, percentile, save
from bench.stores import ensure_store, label
from briefings.store import Store

COUNTRIES = ["Kazakhstan", "Russia", "Brazil", "Kenya", "Japan"]
PERSON_COUNTRIES = ["KZ", "RU", "BR", "KE", "JP"]
TOPICS = ["nuclear energy", "grain exports", "water management", "arms control", "tourism"]
TARGET_P95_MS = 50.0
TARGET_GROWTH = 2.0
_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def people(seed: int = 0) -> list[str]:
    """The foreign ministers of PERSON_COUNTRIES in the synthetic world (queried by full name)."""
    w = world(seed)
    return [next(p.name for p in w.people[code] if p.role == "foreign_minister") for code in PERSON_COUNTRIES]


def operations(store: Store, today: date, seed: int = 0) -> dict:
    """name -> function(i) running the i-th variant of that operation (build + render)."""
    from briefings.digest import build_brief, build_calendar, build_digest
    from briefings.render import telegram_messages

    names = people(seed)
    return {
        "brief country": lambda i: telegram_messages(build_brief(store, COUNTRIES[i % 5], today=today)),
        "brief person": lambda i: telegram_messages(build_brief(store, names[i % 5], today=today)),
        "brief topic": lambda i: telegram_messages(build_brief(store, TOPICS[i % 5], today=today)),
        "daily digest": lambda i: telegram_messages(build_digest(store, day=today - timedelta(days=i % 5))),
        "calendar": lambda i: telegram_messages(build_calendar(store, today=today - timedelta(days=i % 5))),
    }


def sizes_of(view_messages: list[str]) -> int:
    return sum(len(m) for m in view_messages)


@contextlib.contextmanager
def view_cache(size: int):
    """Set the digest layer's view cache (digests and calendars built once per version of the
    facts) to ``size`` entries; 0 builds every view, as the first request after new facts does."""
    from briefings.digest import builders

    saved = builders.VIEW_CACHE
    builders.VIEW_CACHE = size
    try:
        yield
    finally:
        builders.VIEW_CACHE = saved


def time_operations(store: Store, today: date, runs: int, seed: int = 0, cached_runs: int = 10) -> dict:
    """Latencies (ms) per operation with the view cache off; the first (cold) call of each is
    reported apart, and a p50 with the cache on (``cached_ms``) as well."""
    ops = operations(store, today, seed)
    result = {name: {"cold_ms": None, "ms": [], "cached_ms": [], "chars": 0} for name in ops}
    with view_cache(0):
        for name, op in ops.items():
            began = time.perf_counter()
            messages = op(0)
            result[name]["cold_ms"] = (time.perf_counter() - began) * 1000
            result[name]["chars"] = sizes_of(messages)
        for i in range(runs):
            for name, op in ops.items():
                began = time.perf_counter()
                op(i)
                result[name]["ms"].append((time.perf_counter() - began) * 1000)
    with view_cache(64):
        for i in range(cached_runs + 5):
            for name, op in ops.items():
                began = time.perf_counter()
                op(i)
                if i >= 5:  # after each of the five variants was built once
                    result[name]["cached_ms"].append((time.perf_counter() - began) * 1000)
    for figures in result.values():
        ms = figures["ms"]
        figures.update(p50=percentile(ms, 50), p95=percentile(ms, 95), max=max(ms), cached_p50=percentile(figures["cached_ms"], 50))
    return result


def capture_sql(store: Store, today: date, seed: int = 0) -> dict[str, list[str]]:
    """The distinct SQL statements (shape, literals shown as run) each operation executes."""
    ops = operations(store, today, seed)
    captured: dict[str, list[str]] = {}
    for name, op in ops.items():
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        try:
            with view_cache(0):
                op(0)
        finally:
            store.conn.set_trace_callback(None)
        seen, distinct = set(), []
        for sql in statements:
            shape = _LITERAL.sub("?", sql)
            if sql.lstrip().lower().startswith("select") and shape not in seen:
                seen.add(shape)
                distinct.append(sql)
        captured[name] = distinct
    return captured


def query_plan(store: Store, sql: str) -> list[str]:
    return [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]


#: Columns with a handful of values: an index search on one of them alone reads most of the table.
LOW_CARDINALITY = ("type", "kind", "status", "side", "active", "lang")
_SEARCH_ON = re.compile(r"^SEARCH .* USING (?:COVERING )?INDEX \S+ \((\w+)=\?\)$")


def scans(plan: list[str]) -> list[str]:
    """Plan steps that read a whole table or index, or search an index only on a low-cardinality
    column (``type=?``), which reads a fixed share of the table however large it grows."""
    flagged = []
    for step in plan:
        if step.startswith("SCAN") and "VIRTUAL TABLE" not in step:
            flagged.append(step)
        else:
            m = _SEARCH_ON.match(step)
            if m and m.group(1) in LOW_CARDINALITY:
                flagged.append(step)
    return flagged


def print_plans(store: Store, captured: dict[str, list[str]]) -> dict:
    plans = {}
    for name, statements in captured.items():
        print(f"\n-- {name}: {len(statements)} distinct statements")
        plans[name] = []
        for sql in statements:
            plan = query_plan(store, sql)
            flagged = scans(plan)
            plans[name].append({"sql": sql, "plan": plan, "scans": flagged})
            short = " ".join(sql.split())
            print(f"   {short[:300]}{'…' if len(short) > 300 else ''}")
            for step in plan:
                print(f"      {'SCAN! ' if step in flagged else ''}{step}")
    return plans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated store sizes (default 10000,100000)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each operation per store (default 30)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="worker processes when a store must be built")
    parser.add_argument("--no-plans", action="store_true", help="skip EXPLAIN QUERY PLAN")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    print(machine_line(info))
    today = DEFAULT_END
    results, plans = {}, {}
    for n in sizes:
        path, build, built = ensure_store(n, seed=args.seed, workers=args.workers)
        print(
            f"\nstore {label(n)}: {path} ({'built now' if built else 'reused'}; {build.articles:,} articles, {build.events:,} events, "
            f"{build.participants:,} participants, {path.stat().st_size / 1e6:,.0f} MB; built in {build.seconds:,.0f}s)"
        )
        with Store(path) as store:
            store.conn.execute("PRAGMA query_only = 1")
            figures = time_operations(store, today, args.runs, args.seed)
            results[label(n)] = figures
            print(f"  {'operation':<14} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cached p50':>10} {'chars':>7}")
            for name, f in figures.items():
                print(f"  {name:<14} {f['cold_ms']:8.1f} {f['p50']:8.1f} {f['p95']:8.1f} {f['max']:8.1f} {f['cached_p50']:10.1f} {f['chars']:7,}")
            if not args.no_plans and n == max(sizes):
                print(f"\nquery plans at {label(n)} (SCAN! = reads a whole table or index, or a fixed share of it):")
                plans = print_plans(store, capture_sql(store, today, args.seed))
    first, last = label(min(sizes)), label(max(sizes))
    growth = {}
    if len(sizes) > 1:
        print(f"\ngrowth of p95 from {first} to {last} (target <= {TARGET_GROWTH:g}x) and p95 at {last} (target <= {TARGET_P95_MS:g} ms for /brief):")
        for name in results[first]:
            ratio = results[last][name]["p95"] / results[first][name]["p95"]
            growth[name] = ratio
            print(f"  {name:<14} {ratio:5.2f}x   p95 {results[last][name]['p95']:.1f} ms")
    peak = peak_rss_mb()
    print(f"\npeak RSS of this process: {peak:,.0f} MB")
    flagged = [(name, p["sql"]) for name, entries in plans.items() for p in entries if p["scans"]]
    if flagged:
        print(f"{len(flagged)} statement(s) read a share of a table that grows with the store:")
        for name, sql in flagged:
            print(f"  {name}: {' '.join(sql.split())[:200]}")
    path = save(
        "query-" + "-".join(label(n) for n in sizes),
        {"command": "python -m bench.query " + " ".join(argv if argv is not None else sys.argv[1:]), "machine": info,
         "today": today.isoformat(), "runs": args.runs, "results": results, "growth_p95": growth, "plans": plans, "peak_rss_mb": peak},
    )
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
