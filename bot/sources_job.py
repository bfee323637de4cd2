"""The repeating job that polls the news sources and tells admins about sources that keep failing.

``install_sources_job(application, settings)`` schedules it every ``BRIEFINGS_POLL_MINUTES``
(0 turns it off). Each run polls the due sources in a worker thread on its own database
connection (``briefings.sources.poll_all``: fetch through the SSRF guard, store, extract), then
sends each notice (a source failing ``BRIEFINGS_SOURCE_NOTICE_AFTER`` times in a row, or
recovering afterwards) to every admin. Runs never overlap; a missed run is merged into the next.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes, Job

from bot.delivery import log_failure, retry_seconds
from bot.messages import text
from briefings.sources import PollReport, PollSettings, SourceNotice, poll_all
from briefings.store import Store

log = logging.getLogger(__name__)

JOB_NAME = "poll-sources"


@dataclass(frozen=True)
class SourcesJobData:
    """What each run needs: where the database is, how to poll, whom to tell."""

    db_path: Path
    poll: PollSettings
    admins: frozenset[int]
    extract: bool = True


def poll_settings(settings) -> PollSettings:
    """Polling settings for the bot: the interval and allow-list from ``BotSettings``, the rest from the environment."""
    env = {k: v for k, v in os.environ.items() if k != "BRIEFINGS_POLL_MINUTES"}  # the bot's own setting wins
    base = replace(PollSettings.from_env(env), poll_minutes=settings.poll_minutes)
    return base.with_allow(settings.fetch_allow) if settings.fetch_allow else base


def install_sources_job(
    application: Application, settings=None, *, first: float = 30.0, extract: bool = True
) -> Job | None:
    """Schedule the poll every ``settings.poll_minutes`` (first run after ``first`` seconds).

    ``settings`` is the bot's ``BotSettings`` (default: ``application.bot_data["settings"]``).
    Returns the job, or None when polling is turned off (``poll_minutes`` 0).
    """
    settings = settings or application.bot_data["settings"]
    if not settings.poll_minutes:
        log.info("source polling is off (BRIEFINGS_POLL_MINUTES=0)")
        return None
    if application.job_queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    for old in application.job_queue.get_jobs_by_name(JOB_NAME):
        old.schedule_removal()
    data = SourcesJobData(Path(settings.db_path), poll_settings(settings), frozenset(settings.admins), extract)
    interval = timedelta(minutes=settings.poll_minutes)
    log.info("polling sources every %d minutes", settings.poll_minutes)
    return application.job_queue.run_repeating(
        poll_sources,
        interval=interval,
        first=first,
        name=JOB_NAME,
        data=data,
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": int(interval.total_seconds())},
    )


def poll_once(data: SourcesJobData) -> PollReport:
    """One poll of the due sources on a fresh connection (runs in a worker thread)."""
    with Store(data.db_path) as store:
        return poll_all(store, data.poll, progress=False, extract=data.extract)


async def poll_sources(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job callback: poll in a thread, then deliver the notices to the admins."""
    data: SourcesJobData = context.job.data
    try:
        report = await asyncio.to_thread(poll_once, data)
    except Exception as exc:  # the database is full or read-only, say: told plainly; the next run tries again
        log_failure(log, exc, data.db_path, "polling the sources failed")
        return
    log.info("sources polled: %s", report.summary())
    if report.extraction_error:
        log.warning("extraction of polled articles failed: %s", report.extraction_error)
    for notice in report.notices:
        await notify_admins(context.bot, data.admins, notice)


def notice_html(notice: SourceNotice) -> str:
    """The admin message for a notice: the ``source_notice`` reply template (Telegram HTML, all source text escaped)."""
    return text("source_notice", notice=notice)


async def notify_admins(bot, admins, notice: SourceNotice) -> int:
    """Send ``notice`` to each admin; one unreachable admin does not stop the others. Returns how many got it."""
    sent = 0
    for admin_id in sorted(admins):
        for attempt in (1, 2):
            try:
                await bot.send_message(admin_id, notice_html(notice), parse_mode=ParseMode.HTML,
                                       link_preview_options=LinkPreviewOptions(is_disabled=True))
                sent += 1
                break
            except RetryAfter as exc:  # flood control: wait as told, then one more try
                if attempt == 2:
                    log.warning("could not send the source notice to admin %s: %s", admin_id, exc)
                    break
                await asyncio.sleep(min(retry_seconds(exc), 60))
            except TelegramError as exc:
                log.warning("could not send the source notice to admin %s: %s", admin_id, exc)
                break
    if not admins:
        log.warning("no admins to tell: %s", notice.message)
    return sent


__all__ = ["JOB_NAME", "SourcesJobData", "install_sources_job", "notice_html", "notify_admins", "poll_once",
           "poll_settings", "poll_sources"]
