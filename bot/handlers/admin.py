"""Admin-only commands: /add, forwarded articles, /sources, /addsource, /removesource, /stats."""

from __future__ import annotations

import functools
import logging
import re
from datetime import datetime, timezone

from telegram import Update
from telegram.ext import ContextTypes

from bot import subscriptions
from bot.handlers.common import (
    MAX_ARTICLE, UserError, clean_text, command_argument, in_store, is_admin, reply, required_argument, settings_of,
    user_error_replies,
)
from bot.messages import text
from bot.sources_job import poll_settings
from briefings import sources
from briefings.ingest.fetch import ingest_url
from briefings.ingest.files import add_articles, run_extraction
from briefings.models import Article

log = logging.getLogger(__name__)

_URL = re.compile(r"^https?://\S+$", re.I)
MAX_TITLE = 300


def admin_only(handler):
    """Decorate a handler so only the configured admins may run it; others get a polite refusal."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE):
        if not is_admin(update, context):
            log.info("refused admin command from user %s", update.effective_user.id if update.effective_user else None)
            raise UserError(text("admins_only"))
        return await handler(update, context)

    return wrapper


def article_from_text(message_text: str, *, published: str, source: str | None = None,
                      url: str | None = None, origin: str | None = None) -> Article:
    """An article from a message: first line the title, the rest the body; UserError if either is missing."""
    lines = message_text.strip().split("\n")
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip()
    if not title or not any(ch.isalnum() for ch in body):
        raise UserError(text("add_failed", reason="send the title on the first line and the article text below it."))
    if len(title) > MAX_TITLE:
        raise UserError(text("add_failed", reason=f"the title (first line) is over {MAX_TITLE} characters."))
    return Article(title=title, published=published, body=body, source=source, url=url, origin=origin)


def store_articles(store, articles: list[Article]) -> tuple[list[dict], bool]:
    """Store the articles, extract facts from the new ones; (stored rows with ``new``, extraction ok)."""
    return _extract_and_describe(store, add_articles(store, articles))


def ingest_url_and_describe(store, url: str, allow: tuple[str, ...] = ()) -> tuple[list[dict], bool]:
    """Fetch ``url`` (private addresses refused unless in ``allow``), store its article, extract facts."""
    report = ingest_url(store, url, allow=allow or None, extract=False)
    if report.failures and not (report.new_ids or report.duplicate_ids):
        raise UserError(text("add_failed", reason="; ".join(str(f) for f in report.failures)))
    return _extract_and_describe(store, report)


def _extract_and_describe(store, report) -> tuple[list[dict], bool]:
    extracted = True
    if report.new_ids:
        try:
            run_extraction(store, report.new_ids)
        except Exception:  # the article is stored; extraction can be rerun later
            log.exception("extraction failed for articles %s", report.new_ids)
            extracted = False
    rows = [{**store.get_article(i), "new": True} for i in report.new_ids]
    rows += [{**store.get_article(i), "new": False} for i in report.duplicate_ids]
    return rows, extracted


async def _store_and_reply(update, context, func, *args) -> None:
    rows, extracted = await in_store(context, func, *args)
    await reply(update, context, text("stored", results=rows))
    if not extracted:
        await reply(update, context, text("extraction_failed"))


@user_error_replies
@admin_only
async def add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/add <url> or /add <title line + text>: store an article (admins only)."""
    argument = required_argument(update, example="/add https://example.org/news/1",
                                 what="Send a URL, or a title on the first line and the article text below it.",
                                 limit=MAX_ARTICLE, multiline=True)
    if _URL.match(argument):
        await _store_and_reply(update, context, ingest_url_and_describe, argument, settings_of(context).fetch_allow)
        return
    today = datetime.now(timezone.utc).date().isoformat()
    origin = f"telegram:{update.effective_chat.id}:{update.effective_message.message_id}"
    article = article_from_text(argument, published=today, source="Telegram", origin=origin)
    await _store_and_reply(update, context, store_articles, [article])


@user_error_replies
@admin_only
async def forwarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A post forwarded to the bot in private: admins' posts are stored as articles."""
    message = update.effective_message
    raw = message.text or message.caption or ""
    if len(raw) > MAX_ARTICLE:
        raise UserError(text("too_long", limit=MAX_ARTICLE))
    origin = message.forward_origin
    source, url = _forward_source(origin)
    published = (origin.date if origin else message.date).astimezone(timezone.utc).date().isoformat()
    article = article_from_text(clean_text(raw, multiline=True), published=published, source=source, url=url,
                                origin=f"telegram:{update.effective_chat.id}:{message.message_id}")
    await _store_and_reply(update, context, store_articles, [article])


def _forward_source(origin) -> tuple[str | None, str | None]:
    """(source name, link) of a forwarded post: the channel's title and t.me link, or the sender's name."""
    chat = getattr(origin, "chat", None) or getattr(origin, "sender_chat", None)
    if chat is not None:
        link = None
        message_id = getattr(origin, "message_id", None)
        if chat.username and message_id:
            link = f"https://t.me/{chat.username}/{message_id}"
        return chat.title or chat.username, link
    user = getattr(origin, "sender_user", None)
    if user is not None:
        return user.full_name, None
    return getattr(origin, "sender_user_name", None) or "Telegram", None


@user_error_replies
@admin_only
async def list_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the feeds polled, with their health."""
    rows = await in_store(context, sources.list_sources)
    await reply(update, context, text("sources", rows=rows))


@user_error_replies
@admin_only
async def add_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/addsource <url> [name]: poll a new feed; a web page's advertised feed is found and added instead."""
    words = command_argument(update).split(maxsplit=1)
    if not words or not _URL.match(words[0]):
        raise UserError(text("usage", example="/addsource https://example.org/rss Example News",
                             what="Give the feed's URL (http or https), then optionally a name."))
    try:
        source = await in_store(context, sources.add_source, words[0], name=words[1] if len(words) > 1 else None,
                                discover=True, settings=poll_settings(settings_of(context)))
    except sources.SourceError as exc:
        raise UserError(text("add_failed", reason=str(exc))) from None
    await reply(update, context, text("source_added", source=source))


@user_error_replies
@admin_only
async def remove_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/removesource <id or url>: stop polling a source."""
    argument = required_argument(update, example="/removesource 3",
                                 what="Which source? Its number from /sources, or its URL.")
    try:
        removed = await in_store(context, sources.remove_source, argument)
    except sources.SourceError:
        removed = False
    await reply(update, context, text("source_removed", value=argument, removed=bool(removed)))


@user_error_replies
@admin_only
async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: what the database holds, and the extraction backlog (as ``briefings stats``)."""
    from briefings.extract import EXTRACTOR_VERSION

    def gather(store):
        return store.stats(EXTRACTOR_VERSION), len(subscriptions.active(store))

    data, active = await in_store(context, gather)
    await reply(update, context, text("stats", data=data, active_subscribers=active))
