"""Delivery throughput: N subscribers, one digest each, through the bot's own delivery code
against the fake Bot API server with Telegram's flood limits enforced.

The fake server runs in its own process (as Telegram is not in the bot's process) and answers
429 with ``retry_after`` whenever a send would exceed 30 messages/s overall or 1/s in one chat
(``--scale`` multiplies both, and the bot's limiter by the same factor, to keep a run short;
``--tolerance`` is the server's leniency, 0 = exact windows). The bot side is the real
application (``bot.app.build_application``) with ``bot.delivery.install`` and
``Delivery.deliver_many`` over every subscriber, i.e. what the daily jobs do, all due at once.
Subscribers follow one of ``--distinct`` sets of countries, so digests differ.

Reported: messages/s as a fraction of the enforced limit (over the whole round, and over the
steady middle 90% of sends), 429s received, lost messages (a part of a claimed digest that
never arrived), duplicates (a part that arrived twice), outcomes that are not "sent".

    nice -n 19 python -m bench.delivery --subscribers 10000 --scale 5
    nice -n 19 python -m bench.delivery --subscribers 1000 --scale 1
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.corpus import world
from bench.report import machine, machine_line, peak_rss_mb, percentile, save
from bench.stores import build_store
from briefings.store import Store

OVERALL_LIMIT = 30  # messages per second, Telegram's bulk limit
TARGET_FRACTION = 0.95


# -- the fake Telegram, in its own process ----------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _serve(conn, scale: float, tolerance: float) -> None:
    """Child process: run the fake Bot API, answering the parent's requests until "report"."""
    from tests.fakes.botapi import FakeBotAPI

    async def main() -> None:
        server = FakeBotAPI(scale=scale, rate_tolerance=tolerance)
        async with server:
            conn.send({"base_url": server.base_url, "token": server.token})
            loop = asyncio.get_running_loop()
            while True:
                kind, *args = await loop.run_in_executor(None, conn.recv)
                if kind == "command":  # a user sends a command: (chat_id, user_id, text)
                    server.send_command(*args)
                    conn.send(True)
                elif kind == "count":  # messages the bot sent (to one chat, or all)
                    conn.send(len(server.messages(args[0])) if args and args[0] is not None else len(server.sent))
                else:  # "report": everything sent, then stop
                    with server._lock:
                        sent = [(m.chat_id, m.time, _digest(m.text)) for m in server.sent]
                        limited = len(server.rate_limited)
                        requests = len(server.requests)
                    conn.send({"sent": sent, "rate_limited": limited, "requests": requests})
                    return

    asyncio.run(main())


class FakeTelegram:
    """The fake Bot API server in a child process (started and stopped by this object only)."""

    def __init__(self, scale: float = 1.0, tolerance: float = 0.0):
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, scale, tolerance), daemon=True)
        self.process.start()
        if not self._conn.poll(60):
            raise RuntimeError("the fake Bot API server did not start")
        info = self._conn.recv()
        self.base_url, self.token = info["base_url"], info["token"]

    def _ask(self, *request):
        self._conn.send(request)
        return self._conn.recv()

    def command(self, chat_id: int, user_id: int, text: str) -> None:
        self._ask("command", chat_id, user_id, text)

    def count(self, chat_id: int | None = None) -> int:
        return self._ask("count", chat_id)

    def report(self) -> dict:
        return self._ask("report")

    def stop(self) -> None:
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


# -- the bot side ---------------------------------------------------------------------------


def follow_sets(distinct: int, seed: int = 0) -> list[list[str]]:
    """``distinct`` follow lists: none, one country, two countries (country names of the corpus)."""
    names = [c.name for c in world(seed).countries.values()]
    sets: list[list[str]] = [[]]
    i = 0
    while len(sets) < distinct:
        a, b = names[i % len(names)], names[(i * 7 + 3) % len(names)]
        sets.append([a] if i % 2 == 0 or a == b else [a, b])
        i += 1
    return sets[:distinct]


def prepare_store(path: Path, subscribers: int, per_day: int, distinct: int, today) -> None:
    """Three days of synthetic news up to yesterday, and ``subscribers`` active private chats."""
    build_store(path, per_day * 3, per_day=per_day, end=today - timedelta(days=1), workers=0, show_progress=False)
    sets = follow_sets(distinct)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with Store(path) as store:
        store.db["subscriptions"].insert_all(
            (
                {
                    "chat_id": chat_id, "chat_type": "private", "title": None, "time": "00:00", "tz": "UTC",
                    "follows": json.dumps(sets[chat_id % distinct]), "only_follows": 0, "active": 1, "failures": 0,
                    "created_at": now, "updated_at": now,
                }
                for chat_id in range(1, subscribers + 1)
            ),
            batch_size=1000,
        )


async def deliver_all(db: Path, telegram: FakeTelegram, subscribers: int, scale: float) -> dict:
    """Build the real application against the fake server and deliver every subscriber's digest."""
    from bot.app import build_application
    from bot.delivery import install
    from bot.settings import BotSettings

    settings = BotSettings.from_env(
        {"TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_API_BASE_URL": telegram.base_url, "BRIEFINGS_DB": str(db),
         "BRIEFINGS_LOG_LEVEL": "WARNING"},
        dotenv=False,
    )
    application = build_application(settings)
    application.bot_data["delivery_rate_scale"] = scale
    await application.initialize()
    try:
        delivery = install(application)  # schedules the daily jobs; the job queue is not started here
        today = datetime.now(timezone.utc).date()
        began = time.perf_counter()
        outcomes = await delivery.deliver_many(application.bot, range(1, subscribers + 1), period_day=today)
        seconds = time.perf_counter() - began
        delivery.close()
    finally:
        await application.shutdown()
    errors = Counter(f"{o.status}: {(o.error or '')[:120]}" for o in outcomes if o.status != "sent")
    return {"seconds": seconds, "outcomes": Counter(o.status for o in outcomes), "errors": errors, "today": today.isoformat()}


def expected_parts(db: Path, today: str) -> dict[int, list[str]]:
    """Per chat, the digests of the parts the ledger claimed for today."""
    with Store(db) as store:
        return {
            chat_id: [_digest(p) for p in json.loads(parts or "[]")]
            for chat_id, parts in store.conn.execute("select chat_id, parts from deliveries where period_key = ?", [f"digest:{today}"])
        }


def tally(expected: dict[int, list[str]], sent: list) -> dict:
    received = Counter((chat_id, digest) for chat_id, _t, digest in sent)
    wanted = Counter((chat_id, digest) for chat_id, parts in expected.items() for digest in parts)
    lost = sum(max(0, n - received[key]) for key, n in wanted.items())
    duplicates = sum(max(0, n - wanted[key]) for key, n in received.items() if key in wanted)
    unexpected = sum(n for key, n in received.items() if key not in wanted)
    times = sorted(t for _c, t, _d in sent)
    whole = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    lo, hi = int(len(times) * 0.05), int(len(times) * 0.95)
    steady = (hi - lo) / (times[hi] - times[lo]) if hi - lo > 1 and times[hi] > times[lo] else whole
    return {"messages": len(sent), "expected": sum(wanted.values()), "lost": lost, "duplicates": duplicates,
            "unexpected": unexpected, "rate_whole": whole, "rate_steady": steady,
            "parts_per_digest_p50": percentile([len(p) for p in expected.values()], 50),
            "parts_per_digest_max": max((len(p) for p in expected.values()), default=0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.delivery", description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply both limits (server and bot) by this")
    parser.add_argument("--tolerance", type=float, default=0.0, help="server leniency: windows shortened by this share")
    parser.add_argument("--per-day", type=int, default=30, help="synthetic articles per day in the digest store")
    parser.add_argument("--distinct", type=int, default=20, help="distinct follow sets (distinct digests)")
    args = parser.parse_args(argv)
    info = machine()
    print(machine_line(info))
    limit = OVERALL_LIMIT * args.scale
    with tempfile.TemporaryDirectory(prefix="bench-delivery-") as tmp:
        db = Path(tmp) / "delivery.db"
        today = datetime.now(timezone.utc).date()
        prepare_store(db, args.subscribers, args.per_day, args.distinct, today)
        print(f"{args.subscribers:,} subscribers, {args.distinct} distinct digests of {args.per_day} articles/day; "
              f"enforced limits {limit:g} msg/s overall, {args.scale:g} msg/s per chat (scale {args.scale:g}, tolerance {args.tolerance:g})")
        telegram = FakeTelegram(args.scale, args.tolerance)
        try:
            run = asyncio.run(deliver_all(db, telegram, args.subscribers, args.scale))
            server = telegram.report()
        finally:
            telegram.stop()
        figures = tally(expected_parts(db, run["today"]), server["sent"])
    fraction_whole, fraction_steady = figures["rate_whole"] / limit, figures["rate_steady"] / limit
    print(f"round: {run['seconds']:.1f}s; outcomes {dict(run['outcomes'])}")
    for error, n in run["errors"].most_common(5):
        print(f"  {n} x {error}")
    print(f"messages: {figures['messages']:,} sent of {figures['expected']:,} claimed "
          f"(parts per digest p50 {figures['parts_per_digest_p50']}, max {figures['parts_per_digest_max']})")
    print(f"rate: {figures['rate_whole']:.1f} msg/s over the round = {fraction_whole:.1%} of the limit; "
          f"steady (middle 90% of sends) {figures['rate_steady']:.1f} msg/s = {fraction_steady:.1%}  (target >= {TARGET_FRACTION:.0%})")
    not_sent = sum(n for status, n in run["outcomes"].items() if status != "sent")
    print(f"429s received: {server['rate_limited']}; lost: {figures['lost']}; duplicates: {figures['duplicates']}; "
          f"unexpected: {figures['unexpected']}; deliveries not sent: {not_sent}")
    peak = peak_rss_mb()
    print(f"peak RSS of the bot process (delivery, no spaCy model): {peak:,.0f} MB")
    path = save(f"delivery-{args.subscribers}-x{args.scale:g}", {
        "command": "python -m bench.delivery " + " ".join(argv if argv is not None else sys.argv[1:]), "machine": info,
        "args": vars(args), "limit_msgs_per_s": limit, "round_seconds": run["seconds"], "outcomes": dict(run["outcomes"]), "errors": dict(run["errors"]),
        "rate_limited": server["rate_limited"], "requests": server["requests"], **figures,
        "fraction_whole": fraction_whole, "fraction_steady": fraction_steady, "peak_rss_mb": peak,
    })
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
