"""JobQueue wiring: one daily job per subscriber at their local time, the catch-up at start,
resuming deliveries that ran out of tries, and pruning the ledger."""

from __future__ import annotations

import functools
import logging
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from telegram.ext import Application, ContextTypes, Job

from bot import subscriptions
from bot.delivery.ledger import Ledger
from bot.delivery.limiter import RateLimiter
from bot.delivery.service import Delivery, _parse_hhmm, _zone, compose_digest
from bot.subscriptions import Subscription
from briefings.store import Store

log = logging.getLogger(__name__)

JOB_PREFIX = "digest:"  # job names: digest:<chat_id>


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
