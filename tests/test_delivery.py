"""Scheduled digests and reliable delivery, through the real python-telegram-bot and the fake Bot API."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import ApplicationBuilder

from bot import delivery, subscriptions
from bot.delivery import Delivery, Ledger, RateLimiter, send_messages, sending, service
from briefings.store import Store
from tests.fakes.botapi import FakeBotAPI

MINSK = ZoneInfo("Europe/Minsk")
BERLIN = ZoneInfo("Europe/Berlin")
SCALE = 20  # the fake's limits and ours, multiplied: tests run 20x faster than Telegram allows


def parts_for(store, sub, day, n=2):
    return [f"<b>Digest {day}</b> in {sub.tz}, part {i} of {n} &amp; more" for i in range(1, n + 1)]


class Clock:
    """A settable 'now' for the delivery (the scheduler itself runs on the real clock)."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def server():
    async with FakeBotAPI(scale=SCALE) as running:
        yield running


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(sending, "BACKOFF_BASE", 0.02)


@pytest.fixture
async def make_app(server, db_path):
    """An Application against the fake server, with a Delivery whose clock and composer tests set."""
    made = []

    async def make(clock=None, composer=parts_for, install=True, catch_up=False, scale=SCALE, read_timeout=5.0):
        app = ApplicationBuilder().token(server.token).base_url(server.base_url).read_timeout(read_timeout).build()
        app.bot_data["db_path"] = db_path
        app.bot_data["delivery"] = Delivery(
            app, db_path, composer, RateLimiter(scale=scale),
            clock=clock or (lambda: datetime.now(timezone.utc)),
        )
        await app.initialize()
        await app.start()
        made.append(app)
        if install:
            delivery.install(app)
            if not catch_up:  # tests await Delivery.catch_up themselves, or not at all
                for job in app.job_queue.get_jobs_by_name("digest:catch-up"):
                    job.schedule_removal()
        return app

    yield make
    for app in made:
        if app.running:
            await app.stop()
        await app.shutdown()
        app.bot_data["delivery"].close()


def subscribe(store, chat_id, at="08:00", tz="Europe/Minsk", chat_type="private", created=None):
    subscriptions.subscribe(store, chat_id, time=at, tz=tz, chat_type=chat_type)
    if created:
        store.db["subscriptions"].update(chat_id, {"created_at": created.isoformat()})


def ledger_row(db_path, chat_id, period_key):
    with Store(db_path) as store:
        return Ledger(store).get(chat_id, period_key)


AT_8_MINSK = datetime(2024, 11, 23, 8, 0, tzinfo=MINSK)
PERIOD = "digest:2024-11-23"


# -- one delivery ------------------------------------------------------------------------------
async def test_a_long_digest_arrives_in_order_once_and_the_ledger_records_each_part(store, db_path, server, make_app):
    subscribe(store, 42)
    app = await make_app(Clock(AT_8_MINSK), composer=lambda st, sub, day: parts_for(st, sub, day, 3), install=False)
    outcome = await app.bot_data["delivery"].deliver(app.bot, 42)
    assert outcome.status == "sent" and outcome.parts_sent == 3
    got = server.messages(42)
    # the digest of the 23rd is composed for that local day, in three messages, in order
    assert [m.plain for m in got] == [f"Digest 2024-11-23 in Europe/Minsk, part {i} of 3 & more" for i in (1, 2, 3)]
    assert all(m.parse_mode == "HTML" for m in got)
    row = ledger_row(db_path, 42, PERIOD)
    assert row["status"] == "sent" and json.loads(row["message_ids"]) == [m.message_id for m in got]
    with Store(db_path) as other:
        assert Ledger(other).prune(keep_days=1) == 0  # texts are kept for a while
        other.db["deliveries"].update((42, PERIOD), {"updated_at": "2024-11-01T00:00:00+00:00"})
        assert Ledger(other).prune(keep_days=1) == 1
    assert ledger_row(db_path, 42, PERIOD)["parts"] is None
    # again (a second job run, a restart): nothing more
    again = await app.bot_data["delivery"].deliver(app.bot, 42)
    assert again.status == "already sent" and len(server.messages(42)) == 3


async def test_not_before_the_subscribers_local_time(store, server, make_app):
    subscribe(store, 42, "08:00", "Europe/Minsk")
    app = await make_app(Clock(AT_8_MINSK - timedelta(minutes=1)), install=False)
    assert (await app.bot_data["delivery"].deliver(app.bot, 42)).status == "not due"
    assert server.sent == []


async def test_subscribers_with_the_same_settings_share_one_composition(store, server, make_app):
    calls = []

    def composer(st, sub, day):
        calls.append(sub.chat_id)
        return [f"digest {day}"]

    for chat_id in (1, 2, 3):
        subscribe(store, chat_id)
    subscriptions.follow(store, 3, "country:BY", time="08:00", tz="Europe/Minsk")
    app = await make_app(Clock(AT_8_MINSK), composer=composer, install=False)
    outcomes = await app.bot_data["delivery"].deliver_many(app.bot, [1, 2, 3])
    assert [o.status for o in outcomes] == ["sent"] * 3
    assert len(calls) == 2  # chats 1 and 2 alike; chat 3 follows something


# -- failures ----------------------------------------------------------------------------------
async def test_429_waits_retry_after_then_sends(store, server, make_app):
    subscribe(store, 42)
    app = await make_app(Clock(AT_8_MINSK), install=False)
    server.fail_next(2, 429, retry_after=1)
    outcome = await app.bot_data["delivery"].deliver(app.bot, 42)
    assert outcome.status == "sent"
    assert len(server.calls("sendMessage")) == 4 and len(server.messages(42)) == 2
    failures_at = [t for t in server.request_times("sendMessage")[:3]]
    assert failures_at[1] - failures_at[0] >= 0.95 and failures_at[2] - failures_at[1] >= 0.95


@pytest.mark.parametrize("status, description", [
    (403, "Forbidden: bot was blocked by the user"),
    (403, "Forbidden: bot was kicked from the group chat"),
    (400, "Bad Request: chat not found"),
])
async def test_refusing_chat_is_deactivated_after_three_failed_digests(status, description, store, db_path, server,
                                                                      make_app, caplog):
    subscribe(store, 42)
    server.fail(None, status=status, description=description, times=None, chat_id=42)
    clock = Clock(AT_8_MINSK)
    app = await make_app(clock)
    assert app.job_queue.get_jobs_by_name("digest:42")
    statuses = []
    with caplog.at_level(logging.WARNING, logger="bot.delivery"):
        for day in range(3):
            clock.now = AT_8_MINSK + timedelta(days=day)
            statuses.append((await app.bot_data["delivery"].deliver(app.bot, 42)).status)
    assert statuses == ["failed", "failed", "deactivated"]
    with Store(db_path) as check:
        sub = subscriptions.get(check, 42)
    assert not sub.active and sub.failures == 3
    assert "deactivated the subscription of chat 42" in caplog.text
    assert not [j for j in app.job_queue.get_jobs_by_name("digest:42") if not j.removed]
    assert ledger_row(db_path, 42, PERIOD)["status"] == "failed"


async def test_a_success_resets_the_failure_count(store, db_path, server, make_app):
    subscribe(store, 42)
    clock = Clock(AT_8_MINSK)
    app = await make_app(clock, install=False)
    server.block_chat(42)
    await app.bot_data["delivery"].deliver(app.bot, 42)
    server.unblock_chat(42)
    clock.now += timedelta(days=1)
    assert (await app.bot_data["delivery"].deliver(app.bot, 42)).status == "sent"
    with Store(db_path) as check:
        assert subscriptions.get(check, 42).failures == 0


async def test_unparsable_html_is_resent_as_plain_text(store, server, make_app):
    subscribe(store, 42)
    app = await make_app(Clock(AT_8_MINSK), composer=lambda *a: ["<b>Talks</b> in <p>Brest</p> &amp; Minsk"],
                         install=False)
    assert (await app.bot_data["delivery"].deliver(app.bot, 42)).status == "sent"
    [message] = server.messages(42)
    assert message.plain == "Talks in Brest & Minsk" and message.parse_mode is None


async def test_migrated_group_moves_subscription_ledger_and_job(store, db_path, server, make_app):
    subscribe(store, -5, chat_type="group")
    server.migrate_chat(-5, -1005)
    app = await make_app(Clock(AT_8_MINSK))
    assert (await app.bot_data["delivery"].deliver(app.bot, -5)).status == "sent"
    assert server.messages(-5) == [] and len(server.messages(-1005)) == 2
    with Store(db_path) as check:
        assert subscriptions.get(check, -5) is None
        moved = subscriptions.get(check, -1005)
    assert moved.active and moved.chat_type == "supergroup"
    assert ledger_row(db_path, -1005, PERIOD)["status"] == "sent" and ledger_row(db_path, -5, PERIOD) is None
    assert [j for j in app.job_queue.get_jobs_by_name("digest:-1005") if not j.removed]
    assert not [j for j in app.job_queue.get_jobs_by_name("digest:-5") if not j.removed]


async def test_server_errors_and_dropped_connections_are_retried(store, server, make_app):
    subscribe(store, 42)
    app = await make_app(Clock(AT_8_MINSK), install=False)
    server.fail_next(2, 500)
    server.drop_next(1)
    assert (await app.bot_data["delivery"].deliver(app.bot, 42)).status == "sent"
    assert len(server.messages(42)) == 2 and len(server.calls("sendMessage")) == 5


@pytest.mark.parametrize("lose_answer", ["dropped connection", "timeout"])
async def test_a_lost_answer_is_retried_and_recorded_as_maybe_twice(lose_answer, store, db_path, server, make_app):
    """Telegram took the message but its answer was lost: the retry may duplicate it, and says so."""
    subscribe(store, 42)
    app = await make_app(Clock(AT_8_MINSK), install=False, read_timeout=0.3)
    if lose_answer == "timeout":
        server.slow(0.6, "sendMessage", times=1)
    else:
        server.drop_next(1, after_processing=True)
    assert (await app.bot_data["delivery"].deliver(app.bot, 42)).status == "sent"
    await asyncio.sleep(0.5)  # the slow request completes at the server after the client gave up
    texts = [m.plain for m in server.messages(42)]
    row = ledger_row(db_path, 42, PERIOD)
    assert set(texts) == {f"Digest 2024-11-23 in Europe/Minsk, part {i} of 2 & more" for i in (1, 2)}
    assert len(texts) - 2 == row["uncertain"] == 1


async def test_when_retries_run_out_the_delivery_resumes_later_exactly_once(store, db_path, server, make_app, monkeypatch):
    monkeypatch.setattr(service, "RETRY_LATER", 0.2)
    subscribe(store, 42)
    app = await make_app(Clock(AT_8_MINSK), install=False)
    server.fail("sendMessage", status=502, times=None, chat_id=42)
    outcome = await app.bot_data["delivery"].deliver(app.bot, 42)
    assert outcome.status == "retry later"
    assert len(server.calls("sendMessage")) == delivery.MAX_ATTEMPTS
    assert ledger_row(db_path, 42, PERIOD)["status"] == "sending"
    server.clear_failures()
    await server.wait_for_messages(42, 2, timeout=10)
    await server.wait_for_call("sendMessage", delivery.MAX_ATTEMPTS + 2)
    assert [m.plain.split(", ")[1] for m in server.messages(42)] == ["part 1 of 2 & more", "part 2 of 2 & more"]
    for _ in range(100):
        if ledger_row(db_path, 42, PERIOD)["status"] == "sent":
            break
        await asyncio.sleep(0.02)
    assert ledger_row(db_path, 42, PERIOD)["status"] == "sent"


async def test_send_messages_for_long_replies(server):
    from telegram import Bot

    async with Bot(server.token, base_url=server.base_url) as bot:
        sent = await send_messages(bot, 7, ["<i>one</i>", "two", "three"], limiter=RateLimiter(scale=SCALE))
    assert [m.text for m in sent] == ["one", "two", "three"]
    assert [m.plain for m in server.messages(7)] == ["one", "two", "three"] and server.rate_limited == []


# -- rate limits -------------------------------------------------------------------------------
async def test_a_round_stays_within_telegrams_limits(store, server, make_app):
    chats = list(range(1, 41)) + [-1, -2]
    for chat_id in chats:
        subscribe(store, chat_id, chat_type="group" if chat_id < 0 else "private")
    server.scale = scale = 4  # Telegram's limits x 4, ours alike: windows long enough for real checks
    app = await make_app(Clock(AT_8_MINSK), composer=lambda st, sub, day: parts_for(st, sub, day, 3), install=False,
                         scale=scale)
    outcomes = await app.bot_data["delivery"].deliver_many(app.bot, chats)
    assert {o.status for o in outcomes} == {"sent"}
    assert len(server.sent) == 3 * len(chats)
    assert server.rate_limited == []  # the fake found no flood
    times = sorted(m.time for m in server.sent)
    second = 1.0 / scale
    assert max(sum(1 for t in times if start <= t < start + second) for start in times) <= 30
    for chat_id in chats:
        mine = [m.time for m in server.messages(chat_id)]
        assert all(b - a >= second * 0.9 for a, b in zip(mine, mine[1:]))


async def test_rate_limiter_windows():
    limiter = RateLimiter(scale=100, overall=(5, 1.0), per_chat=(1, 1.0), per_group=(2, 10.0))
    import time as clock

    spans = []
    for chat_id in [1, 2, 3, 4, 5, 6, 1, -7, -7, -7]:
        async with limiter.slot(chat_id):
            started = clock.monotonic()
            await asyncio.sleep(0.002)  # the request
        spans.append((chat_id, started, clock.monotonic()))
    # a send may start only when fewer than the limit finished within the window before it
    for chat_id, start, _ in spans:
        assert sum(1 for _, s, end in spans if s < start and end > start - 0.01) < 5
    ones = [(s, e) for c, s, e in spans if c == 1]
    assert ones[1][0] - ones[0][1] >= 0.01
    groups = [(s, e) for c, s, e in spans if c == -7]
    assert groups[2][0] - groups[0][1] >= 0.1  # 2 per 10/100 s


# -- scheduling --------------------------------------------------------------------------------
async def test_install_schedules_each_subscriber_at_local_time(store, make_app):
    subscribe(store, 1, "08:00", "Europe/Minsk")
    subscribe(store, 2, "21:30", "America/New_York")
    subscriptions.subscribe(store, 3, time="09:00", tz="UTC")
    subscriptions.unsubscribe(store, 3)
    app = await make_app()
    [minsk] = app.job_queue.get_jobs_by_name("digest:1")
    [new_york] = app.job_queue.get_jobs_by_name("digest:2")
    assert not app.job_queue.get_jobs_by_name("digest:3")
    now = datetime.now(timezone.utc)
    for job, zone, hour, minute in ((minsk, MINSK, 8, 0), (new_york, ZoneInfo("America/New_York"), 21, 30)):
        local = job.next_t.astimezone(zone)
        assert (local.hour, local.minute, local.second) == (hour, minute, 0)
        assert now < job.next_t <= now + timedelta(days=1)


async def test_schedule_subscription_follows_changes(store, db_path, make_app):
    app = await make_app()
    subscribe(store, 9, "07:15", "Asia/Tokyo")
    job = delivery.schedule_subscription(app, 9)
    assert job.next_t.astimezone(ZoneInfo("Asia/Tokyo")).time() == time(7, 15)
    subscriptions.update(store, 9, time="18:45", tz="Europe/Berlin")
    delivery.schedule_subscription(app, 9)
    [current] = [j for j in app.job_queue.get_jobs_by_name("digest:9") if not j.removed]
    assert current.next_t.astimezone(BERLIN).time() == time(18, 45)
    subscriptions.unsubscribe(store, 9)
    assert delivery.schedule_subscription(app, 9) is None
    assert not [j for j in app.job_queue.get_jobs_by_name("digest:9") if not j.removed]


async def test_berlin_dst_days_keep_local_time_and_the_ledger_stops_the_double_hour(store, server, make_app):
    subscribe(store, 77, "08:30", "Europe/Berlin")
    subscribe(store, 78, "02:30", "Europe/Berlin")
    clock = Clock(datetime(2025, 3, 29, 12, 0, tzinfo=BERLIN))
    app = await make_app(clock)
    [morning] = app.job_queue.get_jobs_by_name("digest:77")
    [night] = app.job_queue.get_jobs_by_name("digest:78")

    def fires(job, start, n):
        trigger, previous, now, out = job.job.trigger, None, start, []
        for _ in range(n):
            previous = now = trigger.get_next_fire_time(previous, now)
            out.append(now)
        return out

    spring = fires(morning, datetime(2025, 3, 29, 0, 0, tzinfo=BERLIN), 2)
    assert [f.astimezone(timezone.utc).hour for f in spring] == [7, 6]  # 08:30 CET, then 08:30 CEST
    assert all(f.astimezone(BERLIN).time() == time(8, 30) for f in spring)
    autumn = fires(morning, datetime(2025, 10, 25, 0, 0, tzinfo=BERLIN), 2)
    assert [f.astimezone(timezone.utc).hour for f in autumn] == [6, 7]  # 08:30 CEST, then 08:30 CET
    # 02:30 happens twice on 26 October: the trigger fires twice, the subscriber gets one digest
    twice = [f for f in fires(night, datetime(2025, 10, 25, 12, 0, tzinfo=BERLIN), 3) if f.date() == date(2025, 10, 26)]
    assert len(twice) == 2
    for fire in twice:
        clock.now = fire
        await app.bot_data["delivery"].deliver(app.bot, 78)
    assert len(server.messages(78)) == 2  # two parts of one digest
    assert {m.plain.split(",")[0] for m in server.messages(78)} == {"Digest 2025-10-26 in Europe/Berlin"}


async def test_a_job_run_by_the_scheduler_delivers(store, server, make_app):
    subscribe(store, 42, "08:00", "Europe/Minsk")
    app = await make_app(Clock(AT_8_MINSK))
    [job] = app.job_queue.get_jobs_by_name("digest:42")
    job.job.modify(next_run_time=datetime.now(timezone.utc))  # the clock reaches 08:00 in Minsk
    await server.wait_for_messages(42, 2)
    await job.run(app)  # a second run that day
    await app.bot_data["delivery"].drain()
    assert len(server.messages(42)) == 2


async def test_daily_jobs_firing_together_queue_their_chats_for_a_few_workers(store, server, make_app):
    chats = list(range(1, 31))
    for chat_id in chats:
        subscribe(store, chat_id, "08:00", "Europe/Minsk")
    app = await make_app(Clock(AT_8_MINSK))
    work = app.bot_data["delivery"]
    work.concurrency = 4
    jobs = [app.job_queue.get_jobs_by_name(f"digest:{chat_id}")[0] for chat_id in chats]
    await asyncio.gather(*(job.run(app) for job in jobs))  # every job returns once its chat is queued
    await asyncio.gather(*(job.run(app) for job in jobs[:10]))  # queued twice: still one delivery
    assert 0 < len(work._workers) <= 4
    await work.drain()
    assert not work._workers and not work._queue
    assert all(len(server.messages(chat_id)) == 2 for chat_id in chats)
    assert server.rate_limited == []


async def test_a_full_database_is_logged_as_what_to_do_and_the_deliveries_go_on_later(store, server, make_app, caplog):
    for chat_id in (1, 2):
        subscribe(store, chat_id, "08:00", "Europe/Minsk")
    long_parts = lambda st, sub, day: [f"<b>Digest {day}</b>, part {n}: " + "news " * 600 for n in range(1, 41)]  # noqa: E731
    app = await make_app(Clock(AT_8_MINSK), composer=long_parts, install=False)
    work = app.bot_data["delivery"]
    pages = await work._db(lambda st: st.conn.execute("pragma page_count").fetchone()[0])
    await work._db(lambda st: st.conn.execute(f"pragma max_page_count = {pages}"))  # the ledger cannot grow
    with caplog.at_level(logging.ERROR, logger="bot.delivery.service"):
        work.enqueue(app.bot, 1)  # the daily job's path
        await work.drain()
        outcomes = await work.deliver_many(app.bot, [2])  # the catch-up's path
    assert [(o.chat_id, o.status) for o in outcomes] == [(2, "failed")]
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage().split(": ")[0] for r in records] == ["digest for chat 1 failed", "digest for chat 2 failed"]
    assert all("the disk is full" in r.getMessage() and "Free some space" in r.getMessage() for r in records)
    assert all(r.exc_info is None for r in records)  # one line for the operator each, no traceback
    assert server.sent == [] and app.running  # nothing sent without its ledger row; the bot runs on
    await work._db(lambda st: st.conn.execute(f"pragma max_page_count = {pages * 1000}"))  # space again
    outcomes = await work.deliver_many(app.bot, [1, 2])
    assert [o.status for o in outcomes] == ["sent", "sent"] and len(server.messages(1)) == 40


# -- catching up at start ----------------------------------------------------------------------
async def test_a_digest_missed_while_down_is_sent_once_at_start(store, db_path, server, make_app):
    yesterday = AT_8_MINSK - timedelta(days=1)
    subscribe(store, 1, "08:00", created=yesterday)  # missed today's 08:00
    subscribe(store, 2, "10:00", created=yesterday)  # its time has not come yet
    subscribe(store, 3, "07:00", created=AT_8_MINSK - timedelta(minutes=30))  # subscribed after its time
    clock = Clock(AT_8_MINSK + timedelta(minutes=20))
    await make_app(clock, catch_up=True)  # install's own catch-up job sends it
    await server.wait_for_messages(1, 2)
    restarted = await make_app(clock)  # a second restart the same day
    assert await restarted.bot_data["delivery"].catch_up(restarted.bot) == []
    assert ledger_row(db_path, 1, PERIOD)["status"] == "sent"
    assert len(server.messages(1)) == 2 and server.messages(2) == [] and server.messages(3) == []


async def test_a_digest_of_a_day_that_is_over_is_not_sent(store, db_path, server, make_app):
    subscribe(store, 1, "08:00", created=AT_8_MINSK - timedelta(days=3))
    with Store(db_path) as other:
        Ledger(other).claim(1, "digest:2024-11-22", ["stale part"])
    app = await make_app(Clock(datetime(2024, 11, 23, 7, 0, tzinfo=MINSK)))
    assert await app.bot_data["delivery"].catch_up(app.bot) == []
    assert ledger_row(db_path, 1, "digest:2024-11-22")["status"] == "expired"
    assert server.sent == []


async def test_a_restart_resumes_after_the_parts_already_sent(store, db_path, server, make_app):
    subscribe(store, 1, "08:00", created=AT_8_MINSK - timedelta(days=1))
    subscribe(store, 2, "08:00", created=AT_8_MINSK - timedelta(days=1))
    with Store(db_path) as other:
        ledger = Ledger(other)
        for chat_id in (1, 2):
            ledger.claim(chat_id, PERIOD, ["one", "two", "three"])
            ledger.mark_inflight(chat_id, PERIOD, 0)
            ledger.record_part(chat_id, PERIOD, 0, 1001)
        ledger.mark_inflight(2, PERIOD, 1)  # chat 2 crashed with part two on its way
    app = await make_app(Clock(AT_8_MINSK + timedelta(hours=1)))
    outcomes = await app.bot_data["delivery"].catch_up(app.bot)
    assert sorted((o.chat_id, o.status, o.parts_sent) for o in outcomes) == [(1, "sent", 2), (2, "sent", 2)]
    assert [m.plain for m in server.messages(1)] == ["two", "three"]
    assert [m.plain for m in server.messages(2)] == ["two", "three"]
    assert ledger_row(db_path, 1, PERIOD)["uncertain"] == 0
    assert ledger_row(db_path, 2, PERIOD)["uncertain"] == 1
    assert json.loads(ledger_row(db_path, 2, PERIOD)["message_ids"])[0] == 1001


def test_scheduled_digests_use_the_operators_templates_like_replies(store, db_path, tmp_path, monkeypatch):
    """BotSettings.templates_dir reaches the scheduled digest too, not only /digest replies."""
    from bot.settings import BotSettings

    monkeypatch.delenv("BRIEFINGS_TEMPLATES", raising=False)
    (tmp_path / "digest.html.j2").write_text("<b>Operator digest</b> {{ digest.meetings | length }}", encoding="utf-8")
    app = ApplicationBuilder().token("1:" + "x" * 35).build()
    app.bot_data["settings"] = BotSettings(token="1:" + "x" * 35, db_path=db_path, templates_dir=tmp_path)
    sub = subscriptions.subscribe(store, 7, time="08:00", tz="Europe/Minsk", chat_type="private")
    composed = delivery.delivery_of(app)
    try:
        assert composed.compose(store, sub, date(2024, 11, 23))[0].startswith("<b>Operator digest</b>")
    finally:
        composed.close()
