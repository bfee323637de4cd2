"""The one place the Telegram ``Application`` is built, plus running it.

``application.bot_data`` holds ``"settings"`` (:class:`~bot.settings.BotSettings`); handlers and
delivery open the store at ``settings.db_path`` when they need it. Messages go out through
:func:`bot.delivery.send_messages` and its rate limiter (Telegram's 30/s overall, 1/s per chat,
20/min per group), for replies and scheduled digests alike. Logging is the core's
(:mod:`briefings.logsetup`): the token and the webhook secret never reach a log line.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
from dataclasses import replace
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot import delivery
from bot.handlers import register
from bot.messages import text
from bot.settings import BotSettings, SettingsError
from bot.sources_job import install_sources_job
from briefings import logsetup
from briefings.store import Store, storage_problem

log = logging.getLogger(__name__)

#: The command menu everyone sees (setMyCommands at start).
COMMANDS = [
    BotCommand("brief", "What happened about a country, organisation or person"),
    BotCommand("picture", "A brief as a chart: partners and events by day"),
    BotCommand("digest", "The digest of a day"),
    BotCommand("upcoming", "Summits, visits and talks ahead"),
    BotCommand("subscribe", "A daily digest: /subscribe 08:00 Europe/Minsk"),
    BotCommand("unsubscribe", "No more daily digests"),
    BotCommand("settings", "Time, timezone and what you follow"),
    BotCommand("follow", "Follow a country, organisation or topic"),
    BotCommand("unfollow", "Stop following something"),
    BotCommand("help", "What I can do"),
]
#: The extra commands shown to admins in their private chat with the bot.
ADMIN_COMMANDS = COMMANDS + [
    BotCommand("add", "Store an article: a URL or text"),
    BotCommand("sources", "The news sources polled"),
    BotCommand("addsource", "Poll a new feed"),
    BotCommand("removesource", "Stop polling a source"),
    BotCommand("stats", "What the database holds"),
]

#: Updates handled at once: a slow /brief does not hold up everyone else's commands.
CONCURRENT_UPDATES = 8


def build_application(settings: BotSettings) -> Application:
    """The configured ``Application``: handlers, error handler, rate limiter, start-up hooks."""
    logsetup.add_secrets(settings.secrets())
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_post_init)
        .build()
    )
    application.bot_data["settings"] = settings
    register(application)
    application.add_error_handler(on_error)
    return application


async def _post_init(application: Application) -> None:
    """Register the command menus, start scheduled delivery and the source polling job."""
    settings: BotSettings = application.bot_data["settings"]
    await application.bot.set_my_commands(COMMANDS)
    for admin_id in sorted(settings.admins):
        try:
            await application.bot.set_my_commands(ADMIN_COMMANDS, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # the admin has not opened a chat with the bot yet
            log.info("admin command menu not set for %s: %s", admin_id, exc)
    delivery.install(application)
    install_sources_job(application)
    application.job_queue.run_once(extract_pending_job, when=1, name="extract-pending")


#: Articles extracted per worker-thread call at start-up: stopping the bot waits for one batch at most.
PENDING_BATCH = 16


def _extract_pending_batch(db_path, after: int) -> tuple[int, int]:
    """Extract up to ``PENDING_BATCH`` pending articles with ids above ``after``: (how many, last id tried)."""
    from briefings.extract import extract_articles

    with Store(db_path) as store:
        ids = store.unextracted_ids(after=after, limit=PENDING_BATCH)
        return (extract_articles(store, ids), ids[-1]) if ids else (0, after)


async def extract_pending_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """At start, extract in the background what an interrupted ingest, poll or /add left pending."""
    db_path = context.application.bot_data["settings"].db_path
    done, after = 0, 0
    try:
        while context.application.running:
            count, last = await asyncio.to_thread(_extract_pending_batch, db_path, after)
            if last == after:
                break
            done, after = done + count, last
    except Exception as exc:  # the store is unusable (full, read-only): say so; the next start tries again
        problem = storage_problem(exc, db_path)
        log.error("extracting pending articles failed: %s", problem or exc, exc_info=problem is None)
    if done:
        log.info("extracted %d articles left pending by an earlier run", done)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error (the token is redacted) and tell the user politely.

    A database that cannot be written (full disk, read-only or immutable file) is logged as what
    happened and what to do, without a traceback: the operator has to act, not a developer.
    """
    settings = context.application.bot_data.get("settings")
    problem = storage_problem(context.error, getattr(settings, "db_path", None))
    if problem:
        log.error("error handling update %s: %s", getattr(update, "update_id", None), problem)
    else:
        log.error("error handling update %s", getattr(update, "update_id", None), exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(update.effective_chat.id, text("internal_error"), parse_mode="HTML")
        except TelegramError as exc:
            log.warning("could not tell chat %s about the error: %s", update.effective_chat.id, exc)


def run(settings: BotSettings) -> None:
    """Run the bot until interrupted: long polling, or a webhook server with a secret token."""
    logsetup.configure_logging(settings.log_level, secrets=settings.secrets())
    application = build_application(settings)
    log.info("starting in %s mode, database %s", settings.mode, settings.db_path)
    if settings.mode == "webhook":
        application.run_webhook(
            listen=settings.listen,
            port=settings.port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)


def main(env: dict[str, str] | None = None, *, db_path=None) -> int:
    """Read the settings and run; a settings problem is one line on stderr and exit code 2."""
    try:
        settings = BotSettings.from_env(env)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if db_path:
        settings = replace(settings, db_path=db_path)
    try:  # create or migrate the database, and make sure it can be written, before going online
        with Store(settings.db_path) as store:
            store.check_writable()
    except sqlite3.Error as exc:
        print(f"error: {storage_problem(exc, settings.db_path) or f'cannot use the database {settings.db_path}: {exc}'}",
              file=sys.stderr)
        return 2
    run(settings)
    return 0


__all__ = ["COMMANDS", "ADMIN_COMMANDS", "build_application", "run", "main", "on_error"]
