"""The whole bot: /subscribe 08:00 Europe/Minsk, then 08:00 comes in Minsk and one digest arrives."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import defaultdict
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from telegram.ext import Job, JobQueue

from bot import delivery
from bot.app import build_application
from bot.delivery import Delivery, RateLimiter, compose_digest
from bot.settings import BotSettings
from briefings.ingest.files import add_articles, run_extraction
from briefings.ingest.formats import parse_seed_text
from briefings.store import Store
from tests.conftest import SEEDS
from tests.fakes.botapi import FakeBotAPI

MINSK = ZoneInfo("Europe/Minsk")


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class JobRuns:
    """Waits until a job's run has finished (the scheduler's executed/error events), however slow the machine."""

    def __init__(self, job_queue: JobQueue):
        self._finished: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        job_queue.scheduler.add_listener(lambda event: self._finished[event.job_id].set(),
                                         EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    async def finished(self, job: Job, hang_guard: float = 120) -> None:
        try:
            await asyncio.wait_for(self._finished[job.job.id].wait(), hang_guard)
        except TimeoutError:
            raise AssertionError(f"job {job.name} did not finish a run in {hang_guard}s") from None


def next_local(at: time, zone: ZoneInfo, now: datetime) -> datetime:
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), at, tzinfo=zone)
    return candidate if candidate > local else datetime.combine(local.date() + timedelta(days=1), at, tzinfo=zone)


async def test_subscribe_then_eight_in_minsk_brings_exactly_one_digest(db_path):
    eight = next_local(time(8, 0), MINSK, datetime.now(timezone.utc))
    # the 08:00 digest covers the day before: the seed article, dated that day
    [seed] = parse_seed_text((SEEDS / "d000.txt").read_text(encoding="utf-8"), origin="d000.txt")
    with Store(db_path) as store:
        report = add_articles(store, [dataclasses.replace(seed, published=(eight.date() - timedelta(days=1)).isoformat())])
        run_extraction(store, report.new_ids)

    async with FakeBotAPI() as server:
        settings = BotSettings(token=server.token, db_path=db_path, api_base_url=server.base_url)
        app = build_application(settings)
        clock = Clock(datetime.now(timezone.utc))
        app.bot_data["delivery"] = Delivery(app, db_path, compose_digest, RateLimiter(), clock=clock)
        runs = JobRuns(app.job_queue)
        async with app:
            await app.post_init(app)  # what run_polling does: command menu, delivery.install
            [catch_up] = app.job_queue.get_jobs_by_name("digest:catch-up")
            await app.start()
            await runs.finished(catch_up)  # the start-up catch-up is over (nothing was due) before anyone subscribes
            await app.updater.start_polling(poll_interval=0, timeout=2)
            try:
                server.send_command(42, 42, "/subscribe 08:00 Europe/Minsk")
                [confirmation] = await server.wait_for_messages(42, 1)
                assert "08:00" in confirmation.plain and "Europe/Minsk" in confirmation.plain
                [job] = app.job_queue.get_jobs_by_name("digest:42")
                assert job.next_t == eight and job.next_t.astimezone(MINSK).time() == time(8, 0)

                clock.now = eight  # 08:00 in Minsk
                job.job.modify(next_run_time=datetime.now(timezone.utc))
                await runs.finished(job)  # the scheduled run queued the chat ...
                await app.bot_data["delivery"].drain()  # ... and its worker sent every part and closed the ledger row
                messages = server.messages(42)
                await job.run(app)  # the job running again that day sends nothing
                await app.bot_data["delivery"].drain()
                await app.bot_data["delivery"].catch_up(app.bot)  # nor does a catch-up
            finally:
                await app.updater.stop()
                await app.stop()
    digest = messages[1:]
    assert len(server.messages(42)) == 1 + len(digest)
    assert "Lavrov" in "\n".join(m.plain for m in digest)
    with Store(db_path) as store:
        assert delivery.Ledger(store).get(42, f"digest:{eight.date()}")["status"] == "sent"
    assert [m.chat_id for m in digest] == [42] * len(digest)
    assert {m.parse_mode for m in digest} == {"HTML"}  # Telegram's HTML checks passed: no plain-text fallback
