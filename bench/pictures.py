"""Pictures of briefs: render time at 10k and 100k articles, and what drawing one costs the bot's memory.

Render time: for each store (``bench.stores``, built once into bench/out/ and reused), the
30-day brief on five countries in turn is built, then drawn as a PNG (``briefings.pictures``);
the first picture of the process (which imports matplotlib and loads its fonts) is timed apart,
then ``--runs`` more are timed, wall clock and CPU time of this process (the CPU time is the
fairer figure on a shared, loaded machine). The target is a p95 of 300 ms at 100k articles for
the drawing.

Memory: a fresh process imports the bot (``bot.app``), builds its Application and answers one
/brief as the bot does (build + render to Telegram messages); its RSS is read, then it draws one
picture of that brief and its RSS is read again. The difference is what the first picture costs
a bot that never drew one (matplotlib is imported only then).

    nice -n 19 python -m bench.pictures                     # 10k and 100k, 30 runs each
    nice -n 19 python -m bench.pictures --sizes 10000 --runs 10
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from bench.corpus import DEFAULT_END
from bench.report import machine, machine_line, percentile, save
from bench.stores import ensure_store, label
from briefings.store import Store

COUNTRIES = ["Kazakhstan", "Russia", "Brazil", "Kenya", "Japan"]
PERIOD = "30d"
TARGET_P95_MS = 300.0

_MEMORY_PROBE = r"""
import json, sys, time
import psutil
from bot.app import build_application
from bot.settings import BotSettings
from briefings.digest import build_brief
from briefings.render import telegram_messages
from briefings.store import Store

db, query, today = sys.argv[1:4]
process = psutil.Process()
mb = lambda: process.memory_info().rss / 2**20
started = mb()
build_application(BotSettings(token="1:" + "x" * 35, db_path=db))
with Store(db) as store:
    brief = build_brief(store, query, period="30d", today=today)
    telegram_messages(brief)
before = mb()
loaded = "matplotlib" in sys.modules
from briefings.pictures import draw_brief_picture
began = time.perf_counter()
png = draw_brief_picture(brief)
first_ms = (time.perf_counter() - began) * 1000
print(json.dumps({"started_mb": started, "brief_mb": before, "picture_mb": mb(), "matplotlib_before": loaded,
                  "first_picture_ms": first_ms, "png_bytes": len(png)}))
"""


def time_renders(db: Path, runs: int) -> dict:
    """Build and draw the 30-day brief on COUNTRIES in turn: the first picture, then ``runs`` more."""
    from briefings.digest import build_brief
    from briefings.pictures import draw_brief_picture

    today = DEFAULT_END
    build_ms, draw_ms, draw_cpu_ms, sizes, events = [], [], [], [], []
    first_ms = None
    with Store(db) as store:
        for i in range(runs + 1):
            began = time.perf_counter()
            brief = build_brief(store, COUNTRIES[i % len(COUNTRIES)], period=PERIOD, today=today - timedelta(days=i % 3))
            built = time.perf_counter()
            cpu = time.process_time()
            png = draw_brief_picture(brief)
            drawn = time.perf_counter()
            if first_ms is None:
                first_ms = (drawn - built) * 1000
                continue
            build_ms.append((built - began) * 1000)
            draw_ms.append((drawn - built) * 1000)
            draw_cpu_ms.append((time.process_time() - cpu) * 1000)
            sizes.append(len(png))
            events.append(len(brief.contacts))
    stats = lambda values: {"p50": percentile(values, 50), "p95": percentile(values, 95), "max": max(values)}
    return {
        "first_picture_ms": first_ms,
        "build_ms": stats(build_ms),
        "draw_ms": stats(draw_ms),
        "draw_cpu_ms": stats(draw_cpu_ms),
        "total_ms": stats([b + d for b, d in zip(build_ms, draw_ms)]),
        "png_kb_max": max(sizes) / 1024,
        "events_per_brief": [min(events), max(events)],
    }


def memory_probe(db: Path, query: str) -> dict:
    """The RSS of a fresh bot process before and after its first picture (see the module docstring)."""
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(db), query, DEFAULT_END.isoformat()],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pictures", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="store sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=30, help="timed pictures per store (after the first)")
    args = parser.parse_args(argv)
    info = machine()
    print(machine_line(info))
    results: dict = {"runs": args.runs, "period": PERIOD, "subjects": COUNTRIES, "stores": {}}
    largest = None
    for n in (int(s) for s in args.sizes.split(",")):
        db, _build, built = ensure_store(n)
        largest = db
        cold = "matplotlib" not in sys.modules
        r = time_renders(db, args.runs)
        results["stores"][label(n)] = r
        d, c, t, b = r["draw_ms"], r["draw_cpu_ms"], r["total_ms"], r["build_ms"]
        print(
            f"{label(n):>5} ({'built' if built else 'reused'} {db.name}): {r['events_per_brief'][0]}-{r['events_per_brief'][1]} events "
            f"per brief; first picture {r['first_picture_ms']:.0f} ms{' (imports matplotlib)' if cold else ''}\n"
            f"       draw p50/p95/max {d['p50']:.0f}/{d['p95']:.0f}/{d['max']:.0f} ms wall, "
            f"{c['p50']:.0f}/{c['p95']:.0f}/{c['max']:.0f} ms CPU; brief build p50/p95 {b['p50']:.0f}/{b['p95']:.0f} ms; "
            f"build+draw p50/p95 {t['p50']:.0f}/{t['p95']:.0f} ms; PNG at most {r['png_kb_max']:.0f} KB"
        )
    memory = memory_probe(largest, COUNTRIES[1])
    results["memory"] = memory
    print(
        f"bot process RSS: {memory['started_mb']:.0f} MB after imports, {memory['brief_mb']:.0f} MB after one /brief "
        f"(matplotlib imported: {memory['matplotlib_before']}), {memory['picture_mb']:.0f} MB after one picture "
        f"(+{memory['picture_mb'] - memory['brief_mb']:.0f} MB; that first picture took {memory['first_picture_ms']:.0f} ms)"
    )
    p95 = results["stores"].get("100k", {}).get("draw_ms", {}).get("p95")
    if p95 is not None:
        print(f"draw p95 at 100k: {p95:.0f} ms ({'within' if p95 <= TARGET_P95_MS else 'OVER'} the {TARGET_P95_MS:.0f} ms target)")
    print(f"load average at the end: {machine()['load_avg']}")
    print(f"saved {save('pictures', {'command': 'python -m bench.pictures ' + ' '.join(argv if argv is not None else sys.argv[1:]), **results})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
