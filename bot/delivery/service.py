"""Delivering one chat's digest of the day: compose once, claim in the ledger, send, count failures;
the queue the daily jobs fill, and the catch-up at start."""

from __future__ import annotations

import asyncio
import json
import logging
import time as monotonic_time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot import subscriptions
from bot.delivery.ledger import PERIOD_PREFIX, Ledger
from bot.delivery.limiter import RateLimiter
from bot.delivery.sending import send_messages
from bot.subscriptions import Subscription
from briefings.store import Store, storage_problem
from briefings.store.database import utcnow

log = logging.getLogger(__name__)

MAX_FAILURES = 3  # consecutive failed deliveries before a subscription is deactivated
RETRY_LATER = 300.0  # seconds before a delivery that ran out of tries is resumed
COMPOSITION_TTL = 300.0  # seconds a built digest is reused for subscribers with the same settings
CONCURRENCY = 40  # chats worked on at once (above 30/s x 1 s per chat, so the overall limit binds)

Composer = Callable[[Store, Subscription, date], list[str]]


@dataclass
class Outcome:
    """What one delivery did: ``status`` is sent, already sent, empty, failed, deactivated,
    retry later, not due or busy."""

    chat_id: int
    period_key: str
    status: str
    parts_sent: int = 0
    error: str | None = None


@dataclass
class Delivery:
    """Delivery state of one running bot: database, rate limiter, composer, clock."""

    application: Application
    db_path: Path
    compose: Composer
    limiter: RateLimiter = field(default_factory=RateLimiter)
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    concurrency: int = CONCURRENCY

    def __post_init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="delivery-ledger")
        # digests are built one at a time: a round's distinct digests built at once each held a
        # thread, a store connection and a digest's working set
        self._composer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="delivery-compose")
        self._store: Store | None = None
        self._busy: set[tuple[int, str]] = set()
        self._compositions: dict[tuple, tuple[float, asyncio.Future]] = {}
        self._semaphore = asyncio.Semaphore(self.concurrency)
        self._queue: deque[int] = deque()  # chats whose daily job fired, waiting for a worker
        self._queued: set[int] = set()
        self._workers: set[asyncio.Task] = set()

    # The ledger lives on one connection used from one worker thread, in order.
    async def _db(self, func: Callable, *args):
        def run():
            if self._store is None:
                self._store = Store(self.db_path)
            return func(self._store, *args)

        return await asyncio.get_running_loop().run_in_executor(self._executor, run)

    def close(self) -> None:
        def close_store():
            if self._store is not None:
                self._store.close()
                self._store = None

        self._executor.submit(close_store).result()
        self._executor.shutdown(wait=True)
        self._composer.shutdown(wait=True)

    # -- composing ---------------------------------------------------------------------------
    async def _compose(self, sub: Subscription, day: date) -> list[str]:
        """The digest parts for ``sub`` on local ``day``; subscribers alike share one build."""
        key = (day, sub.tz, tuple(sub.follows), sub.only_follows)
        now = monotonic_time.monotonic()
        built_at, future = self._compositions.get(key, (0.0, None))
        if future is None or now - built_at > COMPOSITION_TTL or (future.done() and future.exception()):
            if len(self._compositions) > 512:
                self._compositions.clear()

            def build():
                with Store(self.db_path) as store:
                    return list(self.compose(store, sub, day))

            future = asyncio.get_running_loop().run_in_executor(self._composer, build)
            self._compositions[key] = (now, future)
        return list(await asyncio.shield(future))

    # -- one chat ----------------------------------------------------------------------------
    def local_day(self, sub: Subscription) -> tuple[date, bool]:
        """The subscriber's local date now and whether their digest time has come today."""
        now = self.clock().astimezone(_zone(sub.tz))
        hour, minute = _parse_hhmm(sub.time)
        return now.date(), now.time().replace(tzinfo=None) >= time(hour, minute)

    async def deliver(self, bot: Bot, chat_id: int, *, period_day: date | None = None) -> Outcome:
        """Deliver today's digest to ``chat_id`` unless its time has not come or it was sent."""
        sub = await self._db(subscriptions.get, chat_id)
        if sub is None or not sub.active:
            return Outcome(chat_id, "", "not subscribed")
        day, due = self.local_day(sub)
        if period_day is None and not due:
            return Outcome(chat_id, PERIOD_PREFIX + day.isoformat(), "not due")
        day = period_day or day
        period_key = PERIOD_PREFIX + day.isoformat()
        if (chat_id, period_key) in self._busy:
            return Outcome(chat_id, period_key, "busy")
        self._busy.add((chat_id, period_key))
        try:
            async with self._semaphore:
                return await self._deliver(bot, sub, day, period_key)
        finally:
            self._busy.discard((chat_id, period_key))

    async def _deliver(self, bot: Bot, sub: Subscription, day: date, period_key: str) -> Outcome:
        chat_id = sub.chat_id
        row = await self._db(lambda store: Ledger(store).get(chat_id, period_key))
        if row is not None and row["status"] != "sending":
            return Outcome(chat_id, period_key, "already sent" if row["status"] == "sent" else row["status"])
        if row is None:
            try:
                parts = await self._compose(sub, day)
            except Exception as exc:  # a broken digest must not stop the other subscribers
                log_failure(log, exc, self.db_path, "could not compose the digest for chat %s (%s)", chat_id, period_key)
                return Outcome(chat_id, period_key, "failed", error=f"compose: {exc}")
            row = await self._db(lambda store: Ledger(store).claim(chat_id, period_key, parts))
            if row["status"] != "sending":
                return Outcome(chat_id, period_key, "already sent")
        parts = json.loads(row["parts"] or "[]")
        done = json.loads(row["message_ids"] or "[]")
        uncertain = row["inflight"] is not None and row["inflight"] == len(done)
        if uncertain:
            log.warning("chat %s, %s: part %d was on its way when the bot stopped; it may arrive twice",
                        chat_id, period_key, len(done) + 1)
        await self._db(lambda store: Ledger(store).begin_attempt(chat_id, period_key, uncertain=uncertain))
        if not parts:
            await self._db(lambda store: Ledger(store).finish(chat_id, period_key, "empty"))
            return Outcome(chat_id, period_key, "empty")

        target = {"chat_id": chat_id}
        offset = len(done)

        async def sending(index: int) -> None:
            await self._db(lambda store: Ledger(store).mark_inflight(target["chat_id"], period_key, offset + index))

        async def sent(index: int, message: Message) -> None:
            await self._db(lambda store: Ledger(store).record_part(target["chat_id"], period_key, offset + index,
                                                                   message.message_id))

        async def maybe_twice(index: int) -> None:
            log.warning("chat %s, %s: part %d may have arrived without an answer; sending it again",
                        target["chat_id"], period_key, offset + index + 1)
            await self._db(lambda store: Ledger(store).count_uncertain(target["chat_id"], period_key))

        async def migrated(old: int, new: int) -> None:
            from bot.delivery.jobs import schedule_subscription  # jobs imports this module

            await self._db(_move_chat, old, new)
            target["chat_id"] = new
            schedule_subscription(self.application, old)
            schedule_subscription(self.application, new)

        try:
            await send_messages(bot, chat_id, parts[offset:], limiter=self.limiter, group=sub.chat_type != "private",
                                on_sending=sending, on_sent=sent, on_migrated=migrated, on_uncertain=maybe_twice)
        except (Forbidden, BadRequest) as exc:
            return await self._refused(target["chat_id"], period_key, exc)
        except (NetworkError, RetryAfter, TelegramError) as exc:
            error = str(exc)
            await self._db(lambda store: Ledger(store).note_error(target["chat_id"], period_key, error))
            log.warning("chat %s, %s: giving up for now (%s); resuming in %.0fs", target["chat_id"], period_key,
                        error, RETRY_LATER)
            self._retry_later(target["chat_id"], day)
            return Outcome(target["chat_id"], period_key, "retry later", error=error)
        await self._db(lambda store: Ledger(store).finish(target["chat_id"], period_key, "sent"))
        await self._db(_reset_failures, target["chat_id"])
        return Outcome(target["chat_id"], period_key, "sent", parts_sent=len(parts) - offset)

    async def _refused(self, chat_id: int, period_key: str, exc: TelegramError) -> Outcome:
        """Telegram refused the chat (blocked, kicked, not found): count it, deactivate after MAX_FAILURES."""
        from bot.delivery.jobs import schedule_subscription  # jobs imports this module

        await self._db(lambda store: Ledger(store).finish(chat_id, period_key, "failed", str(exc)))
        failures = await self._db(_count_failure, chat_id)
        if failures >= MAX_FAILURES:
            log.warning("deactivated the subscription of chat %s after %d failed deliveries in a row (last: %s)",
                        chat_id, failures, exc)
            schedule_subscription(self.application, chat_id)
            return Outcome(chat_id, period_key, "deactivated", error=str(exc))
        log.warning("could not deliver %s to chat %s (%d/%d): %s", period_key, chat_id, failures, MAX_FAILURES, exc)
        return Outcome(chat_id, period_key, "failed", error=str(exc))

    def _retry_later(self, chat_id: int, day: date) -> None:
        from bot.delivery.jobs import JOB_PREFIX, _resume_job  # jobs imports this module

        job_queue = self.application.job_queue
        if job_queue is not None:
            job_queue.run_once(_resume_job, RETRY_LATER, data=(chat_id, day), name=f"{JOB_PREFIX}{chat_id}:retry",
                               job_kwargs={"misfire_grace_time": None})

    async def deliver_many(self, bot: Bot, chat_ids: Iterable[int], **kwargs) -> list[Outcome]:
        """Deliver to several chats, ``concurrency`` at a time (the rate limiter keeps the pace);
        the outcomes in the order of ``chat_ids``."""
        chat_ids = list(chat_ids)
        outcomes: list[Outcome | None] = [None] * len(chat_ids)
        pending = iter(enumerate(chat_ids))  # shared by the workers: each chat is taken once

        async def work() -> None:
            for index, chat_id in pending:
                outcomes[index] = await self._deliver_or_log(bot, chat_id, **kwargs)

        await asyncio.gather(*(work() for _ in range(min(self.concurrency, len(chat_ids)))))
        return outcomes

    # -- the daily jobs' queue -----------------------------------------------------------------
    def enqueue(self, bot: Bot, chat_id: int) -> None:
        """Queue today's digest for ``chat_id``; at most ``concurrency`` workers deliver the queue.

        A daily job only queues its chat and returns, so when thousands of jobs fire in the same
        minute each waiting chat costs an int, not a task with its frames. Workers stop taking
        chats when the application stops; the catch-up at the next start sends what was left.
        """
        if chat_id not in self._queued:
            self._queued.add(chat_id)
            self._queue.append(chat_id)
        while len(self._workers) < min(self.concurrency, len(self._queue)):
            worker = self.application.create_task(self._work(bot), name="digest-delivery")
            self._workers.add(worker)
            worker.add_done_callback(self._workers.discard)

    async def _work(self, bot: Bot) -> None:
        while self._queue and self.application.running:
            chat_id = self._queue.popleft()
            self._queued.discard(chat_id)
            outcome = await self._deliver_or_log(bot, chat_id)
            log.info("digest for chat %s: %s", outcome.chat_id, outcome.status)

    async def _deliver_or_log(self, bot: Bot, chat_id: int, **kwargs) -> Outcome:
        """:meth:`deliver`, with an unexpected error logged as the outcome ``failed``: one chat's
        failure, or a database that cannot be written (full disk), never stops the others or the bot."""
        try:
            return await self.deliver(bot, chat_id, **kwargs)
        except Exception as exc:
            log_failure(log, exc, self.db_path, "digest for chat %s failed", chat_id)
            return Outcome(chat_id, "", "failed", error=f"{type(exc).__name__}: {exc}")

    async def drain(self) -> None:
        """Wait until the queued digests are delivered (or the application stopped)."""
        while self._workers:
            await asyncio.gather(*list(self._workers), return_exceptions=True)

    async def catch_up(self, bot: Bot) -> list[Outcome]:
        """At start: finish interrupted deliveries and send today's missed digests, once."""
        subs, unfinished, created, claimed = await self._db(_catch_up_state, self.clock().astimezone(timezone.utc).date())
        by_chat = {sub.chat_id: sub for sub in subs}
        due, expired = [], []
        for row in unfinished:
            sub = by_chat.get(row["chat_id"])
            day = _period_day(row["period_key"])
            if sub and day is not None and day == self.local_day(sub)[0]:
                due.append(sub.chat_id)
            else:
                expired.append((row["chat_id"], row["period_key"]))
        for chat_id, period_key in expired:
            await self._db(lambda store: Ledger(store).finish(chat_id, period_key, "expired"))
        resuming = set(due)
        for sub in subs:
            if sub.chat_id in resuming:
                continue
            day, passed = self.local_day(sub)
            if (passed and _existed_at_digest_time(sub, day, created.get(sub.chat_id))
                    and (sub.chat_id, PERIOD_PREFIX + day.isoformat()) not in claimed):
                due.append(sub.chat_id)
        if due:
            log.info("catching up: %d digest(s) due and not yet delivered", len(due))
        return await self.deliver_many(bot, due)


def log_failure(logger: logging.Logger, exc: BaseException, db_path, message: str, *args) -> None:
    """Log ``message % args`` as an error: a database that cannot be used (full disk, read-only
    file) in one line saying what happened and what to do, anything else with its traceback."""
    problem = storage_problem(exc, db_path)
    if problem:
        logger.error(message + ": %s", *args, problem)
    else:
        logger.error(message, *args, exc_info=exc)


def _move_chat(store: Store, old: int, new: int) -> None:
    subscriptions.move_chat(store, old, new)
    Ledger(store).move_chat(old, new)


def _count_failure(store: Store, chat_id: int) -> int:
    with store.write_transaction():
        store.conn.execute("update subscriptions set failures = failures + 1, updated_at = ? where chat_id = ?",
                           [utcnow(), chat_id])
        row = store.conn.execute("select failures from subscriptions where chat_id = ?", [chat_id]).fetchone()
        failures = row[0] if row else 0
        if failures >= MAX_FAILURES:
            store.conn.execute("update subscriptions set active = 0 where chat_id = ?", [chat_id])
    return failures


def _reset_failures(store: Store, chat_id: int) -> None:
    with store.write_transaction():
        store.conn.execute("update subscriptions set failures = 0 where chat_id = ? and failures != 0", [chat_id])


def _catch_up_state(store: Store, utc_day: date) -> tuple[list[Subscription], list[dict], dict, set]:
    """In one pass: active subscriptions, unfinished deliveries, when each chat subscribed and the
    (chat, period) rows of the local days around ``utc_day`` (every zone's today is one of them)."""
    created = {chat_id: _parse_created(text) for chat_id, text in
               store.conn.execute("select chat_id, created_at from subscriptions where active")}
    keys = [PERIOD_PREFIX + (utc_day + timedelta(days=d)).isoformat() for d in (-1, 0, 1)]
    claimed = set(store.conn.execute(
        "select chat_id, period_key from deliveries where period_key in (?, ?, ?)", keys))
    return subscriptions.active(store), Ledger(store).unfinished(), created, claimed


def _parse_created(text: str | None) -> datetime | None:
    try:
        created = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return created.replace(tzinfo=created.tzinfo or timezone.utc) if created else None


def _existed_at_digest_time(sub: Subscription, day: date, created: datetime | None) -> bool:
    """Whether the subscription existed at its digest time on ``day`` (so that digest was missed)."""
    if created is None:
        return True
    hour, minute = _parse_hhmm(sub.time)
    scheduled = datetime.combine(day, time(hour, minute), tzinfo=_zone(sub.tz))
    return created <= scheduled


def _period_day(period_key: str) -> date | None:
    if not period_key.startswith(PERIOD_PREFIX):
        return None
    try:
        return date.fromisoformat(period_key[len(PERIOD_PREFIX):])
    except ValueError:
        return None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone %r; using UTC", name)
        return ZoneInfo("UTC")


def _parse_hhmm(text: str) -> tuple[int, int]:
    try:
        hour, minute = (int(p) for p in text.split(":"))
        if 0 <= hour < 24 and 0 <= minute < 60:
            return hour, minute
    except (ValueError, AttributeError):
        pass
    log.warning("bad digest time %r; using 08:00", text)
    return 8, 0


def compose_digest(store: Store, sub: Subscription, day: date, *, templates: Path | None = None) -> list[str]:
    """The default digest: news published the day before ``day``, as Telegram HTML messages
    (from the operator's ``templates`` folder when given, as the bot's replies are)."""
    from briefings.digest import build_digest
    from briefings.render import telegram_messages

    view = build_digest(store, day=day - timedelta(days=1), tz=sub.tz, follows=sub.follows,
                        only_follows=sub.only_follows)
    return telegram_messages(view, templates=templates)
