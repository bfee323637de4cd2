"""Scheduled digests and delivery users can trust.

- :func:`install` (called once at start) schedules one daily JobQueue job per active subscriber
  at their local time (zoneinfo; APScheduler's cron trigger keeps the wall-clock time across DST
  changes), resumes deliveries a crash interrupted and sends, once, a digest missed while the bot
  was down if its day is not over. :func:`schedule_subscription` (re)schedules one chat. A daily
  job only queues its chat (:meth:`Delivery.enqueue`); at most ``CONCURRENCY`` workers deliver
  the queue, so thousands of jobs firing in one minute cost an int each, not a task each.
- The **ledger** (``deliveries`` table, one row per chat and period such as ``digest:2024-11-22``)
  makes each digest arrive exactly once: the rendered parts are stored when the delivery is
  claimed, each part's message id is committed right after Telegram accepted it, and a restart
  sends only the parts not yet recorded. The one window left: a request on its way when the
  process dies. The part is marked in flight before it is sent; after a crash nobody can tell
  whether Telegram got it (the Bot API has no idempotency key), so it is sent again and counted
  in ``deliveries.uncertain``: at most one duplicate part per chat and crash, never a loss.
  The same holds when a request times out or its connection drops after it left: the retry
  is counted there too.
- :func:`send_messages` sends several messages in order within Telegram's limits (a
  :class:`RateLimiter`: 30 messages/s overall, 1/s per chat, 20/min per group) and recovers:
  429 -> wait ``retry_after`` and retry; "can't parse entities" -> resend as plain text;
  chat migrated -> continue in the new chat; network errors and 5xx -> bounded exponential
  backoff. Blocked or kicked (403) and other refusals are the caller's to count: a subscription
  is deactivated after :data:`MAX_FAILURES` consecutive failed deliveries.

A scheduled digest sent on local day D covers the news published on D-1 (the whole previous
day, so consecutive digests neither overlap nor leave gaps) plus what is coming.

``application.bot_data`` may hold, before :func:`install` runs, ``"digest_composer"`` (a
function ``(store, subscription, local_day) -> list[str]`` replacing the default digest; its
result must depend only on the day and the subscription's tz, follows and only_follows, since
subscribers alike share one composition) and
``"delivery_rate_scale"`` (multiplies the rate limits; only for benchmarks on a fake server).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import json
import logging
import math
import random
import re
import time as monotonic_time
import warnings
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterable, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from telegram import Bot, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut,
)
from telegram.ext import Application, ContextTypes, Job

from bot import subscriptions
from bot.subscriptions import Subscription
from briefings.render import TELEGRAM_LIMIT
from briefings.store import Store
from briefings.store.database import utcnow

log = logging.getLogger(__name__)

JOB_PREFIX = "digest:"  # job names: digest:<chat_id>
PERIOD_PREFIX = "digest:"  # ledger periods: digest:<local date>
MAX_FAILURES = 3  # consecutive failed deliveries before a subscription is deactivated
MAX_ATTEMPTS = 6  # tries per message for network errors, 5xx and 429
BACKOFF_BASE = 1.0  # seconds; doubled each try, with jitter
BACKOFF_CAP = 60.0
RETRY_LATER = 300.0  # seconds before a delivery that ran out of tries is resumed
LEDGER_KEEP_DAYS = 7  # days a closed delivery keeps the texts it sent
COMPOSITION_TTL = 300.0  # seconds a built digest is reused for subscribers with the same settings
CONCURRENCY = 40  # chats worked on at once (above 30/s x 1 s per chat, so the overall limit binds)

Composer = Callable[[Store, Subscription, date], list[str]]


# -- rate limiting ---------------------------------------------------------------------------
class RateLimiter:
    """Sliding-window limits on sends: ``overall``, ``per_chat`` and ``per_group`` (count, seconds).

    ``async with limiter.slot(chat_id):`` around a request waits until it fits every window that
    applies. A send counts from its start until its answer plus the window, so the limits hold
    at Telegram's end however long requests queue or travel. ``scale`` multiplies the rates
    (1 in production; more only against a fake server).
    """

    def __init__(self, scale: float = 1.0, *, overall=(30, 1.0), per_chat=(1, 1.0), per_group=(20, 60.0)):
        self.scale = scale
        self.overall, self.per_chat, self.per_group = overall, per_chat, per_group
        self._sends: dict[Any, list[list[float]]] = {}  # window key -> [finish time] (inf while in flight)

    @contextlib.asynccontextmanager
    async def slot(self, chat_id: int | str, group: bool | None = None):
        """Wait for room for one message to ``chat_id``, then hold it while the request runs."""
        if group is None:
            group = _is_group(chat_id)
        windows = [("all", *self.overall), (("chat", chat_id), *self.per_chat)]
        if group:
            windows.append((("group", chat_id), *self.per_group))
        while True:
            now = monotonic_time.monotonic()
            delay = 0.0
            for key, limit, period in windows:
                span = period / self.scale
                sends = self._sends[key] = [s for s in self._sends.get(key, ()) if s[0] > now - span]
                if len(sends) >= limit:
                    finished = sorted(s[0] for s in sends if s[0] != math.inf)
                    enough = len(sends) - limit  # this many must expire first
                    delay = max(delay, finished[enough] + span - now if len(finished) > enough else 0.01)
            if delay <= 0:
                break
            await asyncio.sleep(delay)
        send = [math.inf]
        for key, _, _ in windows:
            self._sends[key].append(send)
        try:
            yield
        finally:
            send[0] = monotonic_time.monotonic()
            if len(self._sends) > 10_000:
                self._forget_idle(send[0])

    def _forget_idle(self, now: float) -> None:
        longest = max(self.overall[1], self.per_chat[1], self.per_group[1]) / self.scale
        self._sends = {k: v for k, v in self._sends.items() if any(s[0] > now - longest for s in v)}


def _is_group(chat_id: int | str) -> bool:
    return isinstance(chat_id, str) or chat_id < 0


# -- sending ---------------------------------------------------------------------------------
_TAG = re.compile(r"<[^>]*>")


def html_to_text(text: str) -> str:
    """Telegram HTML as plain text: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def retry_seconds(exc: RetryAfter) -> float:
    """The seconds Telegram asks to wait (``retry_after`` is an int or, in later PTB, a timedelta)."""
    with warnings.catch_warnings():  # PTB warns that the attribute becomes a timedelta
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return max(0.0, value.total_seconds() if isinstance(value, timedelta) else float(value))


def _backoff(attempt: int) -> float:
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt) * random.uniform(0.5, 1.0)


async def send_messages(
    bot: Bot,
    chat_id: int | str,
    messages: Sequence[str],
    *,
    limiter: RateLimiter | None = None,
    parse_mode: str | None = ParseMode.HTML,
    group: bool | None = None,
    on_sending: Callable[[int], Awaitable[None] | None] | None = None,
    on_sent: Callable[[int, Message], Awaitable[None] | None] | None = None,
    on_migrated: Callable[[int | str, int], Awaitable[None] | None] | None = None,
    on_uncertain: Callable[[int], Awaitable[None] | None] | None = None,
    **kwargs,
) -> list[Message]:
    """Send ``messages`` to ``chat_id`` in order, within limits, recovering from what can be recovered.

    ``on_sending(index)`` runs before each message's request and ``on_sent(index, message)``
    right after Telegram accepted it (a delivery ledger records them there). ``on_migrated``
    learns a group's new supergroup id; the remaining messages go there. ``on_uncertain(index)``
    runs before a message is sent again after a try that may have arrived (a timeout or a
    connection lost after the request left): that message may show twice. Raises Forbidden,
    BadRequest (other than unparsable HTML) and, after MAX_ATTEMPTS tries, the last network error.
    """
    kwargs.setdefault("link_preview_options", LinkPreviewOptions(is_disabled=True))
    sent = []
    for index, text in enumerate(messages):
        starting = (lambda i=index: on_sending(i)) if on_sending else None
        uncertain = (lambda i=index: on_uncertain(i)) if on_uncertain else None
        message, chat_id = await _send_one(bot, chat_id, text, limiter, parse_mode, group, on_migrated, starting,
                                           uncertain, kwargs)
        sent.append(message)
        if on_sent:
            await _maybe_await(on_sent(index, message))
    return sent


async def _send_one(bot, chat_id, text, limiter, parse_mode, group, on_migrated, starting, uncertain, kwargs):
    attempt = 0
    while True:
        try:
            async with limiter.slot(chat_id, group) if limiter else contextlib.nullcontext():
                if starting:  # the request is about to leave: from here on it may arrive
                    await _maybe_await(starting())
                return await bot.send_message(chat_id, text, parse_mode=parse_mode, **kwargs), chat_id
        except RetryAfter as exc:
            attempt += 1
            if attempt >= MAX_ATTEMPTS:
                raise
            wait = retry_seconds(exc)
            log.warning("flood limit for chat %s: waiting %.2fs as Telegram asks", chat_id, wait)
            await asyncio.sleep(wait)
        except ChatMigrated as exc:
            log.warning("chat %s became supergroup %s; continuing there", chat_id, exc.new_chat_id)
            if on_migrated:
                await _maybe_await(on_migrated(chat_id, exc.new_chat_id))
            chat_id, group = exc.new_chat_id, True
        except BadRequest as exc:
            message = str(exc).lower()
            if "can't parse entities" in message and parse_mode:
                log.warning("chat %s: Telegram could not parse the HTML (%s); sending plain text", chat_id, exc)
                text, parse_mode = _fit(html_to_text(text)), None
                continue
            if "message is too long" in message and _fit(text) != text:
                log.error("chat %s: a message over Telegram's limit was cut to fit", chat_id)
                text = _fit(html_to_text(text) if parse_mode else text)
                parse_mode = None
                continue
            raise
        except (Forbidden, InvalidToken):
            raise
        except NetworkError as exc:  # timeouts, dropped connections, 5xx
            attempt += 1
            if attempt >= MAX_ATTEMPTS:
                raise
            wait = _backoff(attempt - 1)
            log.warning("sending to chat %s failed (%s); retry %d in %.1fs", chat_id, exc, attempt, wait)
            if uncertain and _may_have_arrived(exc):
                await _maybe_await(uncertain())
            await asyncio.sleep(wait)


def _may_have_arrived(exc: NetworkError) -> bool:
    """Whether Telegram may have taken the message although no answer said so.

    An answer with an error status (5xx) is definite; a timeout or a connection lost on the way
    (PTB reports httpx's errors as ``httpx.<Error>: ...``) is not.
    """
    return isinstance(exc, TimedOut) or str(exc).startswith(("httpx.", "Unknown error in HTTP implementation"))


def _fit(text: str) -> str:
    """``text`` cut to Telegram's length limit (counted in UTF-16 code units)."""
    encoded = text.encode("utf-16-le")
    if len(encoded) // 2 <= TELEGRAM_LIMIT:
        return text
    return encoded[: 2 * (TELEGRAM_LIMIT - 1)].decode("utf-16-le", errors="ignore") + "…"


async def _maybe_await(value):
    if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
        return await value
    return value


# -- the ledger ------------------------------------------------------------------------------
class Ledger:
    """The ``deliveries`` table: what was (being) sent to each chat for each period."""

    def __init__(self, store: Store):
        self.store = store

    def get(self, chat_id: int, period_key: str) -> dict | None:
        rows = list(self.store.db["deliveries"].rows_where("chat_id = ? and period_key = ?", [chat_id, period_key]))
        return rows[0] if rows else None

    def claim(self, chat_id: int, period_key: str, parts: list[str]) -> dict:
        """Start a delivery of ``parts`` (or return the existing row: a claim never replaces one)."""
        now = utcnow()
        with self.store.write_transaction():
            self.store.db["deliveries"].insert({
                "chat_id": chat_id, "period_key": period_key, "status": "sending", "parts": json.dumps(parts),
                "message_ids": "[]", "attempts": 0, "uncertain": 0, "created_at": now, "updated_at": now,
            }, ignore=True)
        return self.get(chat_id, period_key)

    def begin_attempt(self, chat_id: int, period_key: str, *, uncertain: bool) -> None:
        with self.store.write_transaction():
            self.store.conn.execute(
                "update deliveries set attempts = attempts + 1, uncertain = uncertain + ?, updated_at = ? "
                "where chat_id = ? and period_key = ?", [int(uncertain), utcnow(), chat_id, period_key])

    def count_uncertain(self, chat_id: int, period_key: str) -> None:
        """A part is being sent again though it may have arrived (it may show twice)."""
        with self.store.write_transaction():
            self.store.conn.execute("update deliveries set uncertain = uncertain + 1 where chat_id = ? and period_key = ?",
                                    [chat_id, period_key])

    def mark_inflight(self, chat_id: int, period_key: str, index: int) -> None:
        with self.store.write_transaction():
            self.store.conn.execute("update deliveries set inflight = ? where chat_id = ? and period_key = ?",
                                    [index, chat_id, period_key])

    def record_part(self, chat_id: int, period_key: str, index: int, message_id: int) -> None:
        """Commit that part ``index`` arrived as ``message_id`` (call right after Telegram's answer)."""
        with self.store.write_transaction():
            row = self.get(chat_id, period_key)
            ids = json.loads(row["message_ids"] or "[]")
            if len(ids) == index:
                ids.append(message_id)
            self.store.conn.execute(
                "update deliveries set message_ids = ?, inflight = null, updated_at = ? where chat_id = ? and period_key = ?",
                [json.dumps(ids), utcnow(), chat_id, period_key])

    def finish(self, chat_id: int, period_key: str, status: str, error: str | None = None) -> None:
        """Close a delivery: sent, failed, empty or expired."""
        now = utcnow()
        with self.store.write_transaction():
            self.store.conn.execute(
                "update deliveries set status = ?, error = ?, inflight = null, updated_at = ?, "
                "sent_at = case when ? = 'sent' then ? else sent_at end where chat_id = ? and period_key = ?",
                [status, error, now, status, now, chat_id, period_key])

    def note_error(self, chat_id: int, period_key: str, error: str) -> None:
        with self.store.write_transaction():
            self.store.conn.execute("update deliveries set error = ?, updated_at = ? where chat_id = ? and period_key = ?",
                                    [error, utcnow(), chat_id, period_key])

    def prune(self, keep_days: int = LEDGER_KEEP_DAYS) -> int:
        """Forget the texts of deliveries closed more than ``keep_days`` ago (the rows stay)."""
        cutoff = (datetime.now(timezone.utc) - timedelta(days=keep_days)).isoformat(timespec="seconds")
        with self.store.write_transaction():
            return self.store.conn.execute(
                "update deliveries set parts = null where status != 'sending' and parts is not null and updated_at < ?",
                [cutoff]).rowcount

    def unfinished(self) -> list[dict]:
        return list(self.store.db["deliveries"].rows_where("status = 'sending'", order_by="created_at"))

    def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Give ``old_chat_id``'s rows to ``new_chat_id`` (a group upgraded to a supergroup)."""
        with self.store.write_transaction():
            self.store.conn.execute(
                "delete from deliveries where chat_id = ? and period_key in "
                "(select period_key from deliveries where chat_id = ?)", [new_chat_id, old_chat_id])
            self.store.conn.execute("update deliveries set chat_id = ? where chat_id = ?", [new_chat_id, old_chat_id])


# -- deliveries ------------------------------------------------------------------------------
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
                log.exception("could not compose the digest for chat %s (%s)", chat_id, period_key)
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
                outcomes[index] = await self.deliver(bot, chat_id, **kwargs)

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
            try:
                outcome = await self.deliver(bot, chat_id)
            except Exception:  # one chat's unexpected error must not stop the queue
                log.exception("digest for chat %s failed", chat_id)
                continue
            log.info("digest for chat %s: %s", outcome.chat_id, outcome.status)

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


# -- JobQueue wiring -------------------------------------------------------------------------
def delivery_of(application: Application) -> Delivery:
    """The application's :class:`Delivery`, made on first use from ``bot_data``."""
    delivery = application.bot_data.get("delivery")
    if delivery is None:
        templates = getattr(application.bot_data.get("settings"), "templates_dir", None)
        delivery = Delivery(
            application,
            _db_path(application),
            application.bot_data.get("digest_composer") or functools.partial(compose_digest, templates=templates),
            RateLimiter(scale=float(application.bot_data.get("delivery_rate_scale", 1.0))),
        )
        application.bot_data["delivery"] = delivery
    return delivery


def _db_path(application: Application) -> Path:
    delivery = application.bot_data.get("delivery")
    if delivery is not None:
        return delivery.db_path
    settings = application.bot_data.get("settings")
    db_path = application.bot_data.get("db_path") or getattr(settings, "db_path", None)
    if db_path is None:
        raise RuntimeError("bot_data needs 'settings' (BotSettings) or 'db_path' for delivery")
    return Path(db_path)


def install(application: Application) -> Delivery:
    """Schedule every active subscriber's daily digest and, once started, catch up on missed ones."""
    delivery = delivery_of(application)
    if application.job_queue is None:
        raise RuntimeError("delivery needs the JobQueue: install python-telegram-bot[job-queue]")
    with Store(delivery.db_path) as store:
        active = subscriptions.active(store)
    for sub in active:
        _schedule(application, sub)
    log.info("scheduled %d daily digest(s)", len(active))
    application.job_queue.run_once(_catch_up_job, 0, name=f"{JOB_PREFIX}catch-up",
                                   job_kwargs={"misfire_grace_time": None})
    application.job_queue.run_repeating(_prune_job, timedelta(days=1), first=60, name=f"{JOB_PREFIX}prune")
    return delivery


def schedule_subscription(application: Application, chat_id: int) -> Job | None:
    """(Re)schedule ``chat_id``'s daily digest from its stored subscription; None if inactive."""
    if application.job_queue is None:
        return None
    _unschedule(application, chat_id)
    with Store(_db_path(application)) as store:
        sub = subscriptions.get(store, chat_id)
    if sub is None or not sub.active:
        return None
    return _schedule(application, sub)


@functools.lru_cache(maxsize=4096)
def _daily_trigger(hour: int, minute: int, zone: ZoneInfo) -> CronTrigger:
    """Every day at ``hour:minute`` local time in ``zone``; one (stateless) trigger shared by the chats
    with the same time (building a cron trigger per job took most of the start-up and memory)."""
    return CronTrigger(hour=hour, minute=minute, second=0, timezone=zone)


def _digest_jobs(application: Application) -> dict[int, Job]:
    """Each scheduled chat's daily job, by chat id (a name lookup in the JobQueue reads every job)."""
    return application.bot_data.setdefault("digest_jobs", {})


def _unschedule(application: Application, chat_id: int) -> None:
    job = _digest_jobs(application).pop(chat_id, None)
    if job is not None and not job.removed:
        job.schedule_removal()


def _schedule(application: Application, sub: Subscription) -> Job:
    hour, minute = _parse_hhmm(sub.time)
    _unschedule(application, sub.chat_id)
    job = application.job_queue.run_custom(
        _digest_job, data=sub.chat_id, name=f"{JOB_PREFIX}{sub.chat_id}", chat_id=sub.chat_id,
        # a late run (the process was busy or asleep) still delivers; the ledger stops doubles
        job_kwargs={"trigger": _daily_trigger(hour, minute, _zone(sub.tz)), "misfire_grace_time": None,
                    "coalesce": True},
    )
    _digest_jobs(application)[sub.chat_id] = job
    return job


async def _digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    delivery_of(context.application).enqueue(context.bot, context.job.data)


async def _resume_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id, day = context.job.data
    delivery = delivery_of(context.application)
    sub = await delivery._db(subscriptions.get, chat_id)
    if sub is not None and sub.active and delivery.local_day(sub)[0] == day:
        await delivery.deliver(context.bot, chat_id, period_day=day)


async def _prune_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    pruned = await delivery_of(context.application)._db(lambda store: Ledger(store).prune())
    if pruned:
        log.info("ledger: forgot the texts of %d old deliveries", pruned)


async def _catch_up_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    outcomes = await delivery_of(context.application).catch_up(context.bot)
    if outcomes:
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        log.info("catch-up done: %s", ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))


__all__ = ["install", "schedule_subscription", "send_messages", "RateLimiter", "Ledger", "Delivery", "Outcome",
           "compose_digest", "delivery_of", "html_to_text", "MAX_FAILURES"]
