"""Memory of the running bot: resident set size with the spaCy model loaded, idle and during a
delivery round.

The bot runs as its own process (``python -m bot``, long polling) against the fake Bot API
server (another process), on a store with three days of synthetic news and ``--subscribers``
subscribers whose digest time is the next minute but one. An admin ``/add``s an article, so the
bot loads spaCy and extracts it; the bot then idles until the digest time, when its daily jobs
deliver every digest. The bot's RSS is sampled (psutil) every ``--interval`` seconds; peaks are
reported per phase: started, model loaded, idle, delivery round.

    nice -n 19 python -m bench.memory                       # 1000 subscribers
    nice -n 19 python -m bench.memory --subscribers 10000 --idle 60
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psutil

from bench.delivery import FakeTelegram, prepare_store
from bench.report import machine, machine_line, save
from briefings.store import Store

ADMIN = 777
TARGET_MB = 350
ARTICLE = (
    "/add Foreign ministers of Kazakhstan and Uzbekistan meet in Tashkent\n"
    "Kazakh Foreign Minister Erlan Sadykov met Uzbek Foreign Minister Rustam Karimov in Tashkent on Monday. "
    "The ministers signed a roadmap for transport cooperation and discussed water management.\n\n"
    "The two countries will hold an intergovernmental commission session in Astana in early March."
)


class Sampler:
    """RSS samples of one process, tagged with the phase they were taken in."""

    def __init__(self, pid: int, interval: float):
        self.process = psutil.Process(pid)
        self.interval = interval
        self.samples: list[tuple[str, float, float]] = []  # (phase, time, MB)

    def sample_until(self, phase: str, done, timeout: float) -> bool:
        """Sample until ``done()`` is true (True) or ``timeout`` seconds pass (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.samples.append((phase, time.monotonic(), self.process.memory_info().rss / 2**20))
            if done():
                return True
            time.sleep(self.interval)
        return False

    def peak(self, phase: str) -> float:
        return max((mb for p, _t, mb in self.samples if p == phase), default=float("nan"))


def digest_time(lead_seconds: float) -> datetime:
    """The first whole minute at least ``lead_seconds`` from now (UTC)."""
    at = datetime.now(timezone.utc) + timedelta(seconds=lead_seconds)
    return at.replace(second=0, microsecond=0) + timedelta(minutes=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--per-day", type=int, default=30)
    parser.add_argument("--idle", type=float, default=45, help="at least this many seconds of idling with the model loaded")
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between RSS samples")
    parser.add_argument("--timeout", type=float, default=900, help="give up a phase after this many seconds")
    args = parser.parse_args(argv)
    info = machine()
    print(machine_line(info))
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        db = Path(tmp) / "bot.db"
        today = datetime.now(timezone.utc).date()
        prepare_store(db, args.subscribers, args.per_day, 20, today)
        telegram = FakeTelegram()
        bot = None
        try:
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": telegram.token,
                "TELEGRAM_API_BASE_URL": telegram.base_url,
                "BRIEFINGS_DB": str(db),
                "BRIEFINGS_ADMINS": str(ADMIN),
                "BRIEFINGS_LOG_LEVEL": "WARNING",
                "BRIEFINGS_POLL_MINUTES": "0",
            }
            # model loading and one extraction take a while on a busy machine: leave room before the digests
            at = digest_time(args.idle + 90)
            with Store(db) as store:
                store.conn.execute("update subscriptions set time = ?", [at.strftime("%H:%M")])
                store.conn.commit()
            log_file = open(Path(tmp) / "bot.log", "w")  # noqa: SIM115 (closed with the bot)
            bot = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=Path.cwd(), stdout=subprocess.DEVNULL, stderr=log_file)
            sampler = Sampler(bot.pid, args.interval)
            sampler.sample_until("started", lambda: False, 8)
            began = time.monotonic()
            telegram.command(ADMIN, ADMIN, ARTICLE)
            if not sampler.sample_until("model loaded", lambda: telegram.count(ADMIN) >= 1, args.timeout):
                raise RuntimeError("the bot did not answer /add")
            load_s = time.monotonic() - began
            wait = (at - datetime.now(timezone.utc)).total_seconds() - 2
            sampler.sample_until("idle", lambda: False, max(wait, 1))
            round_began = time.monotonic()
            finished = sampler.sample_until(
                "delivery round", lambda: _all_sent(db, today, args.subscribers), args.timeout
            )
            round_s = time.monotonic() - round_began
            sampler.sample_until("after the round", lambda: False, 5)
            sent = telegram.count() - 1
        finally:
            if bot is not None:
                bot.terminate()
                try:
                    bot.wait(20)
                except subprocess.TimeoutExpired:
                    bot.kill()
                log_file.close()
            report = telegram.report() if telegram.process.is_alive() else {}
            telegram.stop()
        log_tail = (Path(tmp) / "bot.log").read_text(errors="replace").splitlines()[-5:]
    phases = ["started", "model loaded", "idle", "delivery round", "after the round"]
    peaks = {p: sampler.peak(p) for p in phases}
    print(f"{args.subscribers:,} subscribers; model loaded and the article extracted in {load_s:.1f}s; "
          f"delivery round {'finished' if finished else 'NOT finished'} in {round_s:.0f}s, {sent:,} messages "
          f"(429s: {report.get('rate_limited', '?')})")
    for phase in phases:
        print(f"  peak RSS {phase:<16} {peaks[phase]:7.0f} MB")
    overall = max(peaks.values())
    print(f"peak RSS of the bot with the model loaded: {overall:.0f} MB ({'within' if overall <= TARGET_MB else 'OVER'} the {TARGET_MB} MB target)")
    if not finished:
        print("bot log tail:\n  " + "\n  ".join(log_tail))
    path = save(f"memory-{args.subscribers}", {
        "command": "python -m bench.memory " + " ".join(argv if argv is not None else sys.argv[1:]), "machine": info,
        "args": vars(args), "model_load_seconds": load_s, "round_seconds": round_s, "round_finished": finished,
        "messages": sent, "peaks_mb": peaks, "peak_mb": overall,
        "samples": [(p, round(mb, 1)) for p, _t, mb in sampler.samples[:: max(1, len(sampler.samples) // 400)]],
    })
    print(f"saved {path}")
    return 0


def _all_sent(db: Path, today, subscribers: int) -> bool:
    """Whether every subscriber's digest for ``today`` is recorded as sent in the ledger."""
    with Store(db, migrate_schema=False) as store:
        done = store.conn.execute(
            "select count(*) from deliveries where period_key = ? and status = 'sent'", [f"digest:{today.isoformat()}"]
        ).fetchone()[0]
    return done >= subscribers


if __name__ == "__main__":
    raise SystemExit(main())
