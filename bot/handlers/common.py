"""What every handler shares: argument cleaning, user errors, store access, replies, limits."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
import time
import unicodedata
from collections import defaultdict, deque

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, MessageEntity, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot import subscriptions
from bot.delivery import MAX_ATTEMPTS, retry_seconds, schedule_subscription, send_messages
from bot.messages import text
from bot.settings import BotSettings
from briefings.render import telegram_messages
from briefings.store import Store

#: Longest argument accepted by ordinary commands (characters).
MAX_ARGUMENT = 200
#: Longest text accepted for an article sent with /add or forwarded by an admin.
MAX_ARTICLE = 20_000

_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class UserError(Exception):
    """Something wrong with what the user sent; ``html`` is the reply that says what and how to fix it."""

    def __init__(self, html: str):
        super().__init__(html)
        self.html = html


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> BotSettings:
    return context.application.bot_data["settings"]


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Drop control and invisible direction characters; single-line text gets one space between words."""
    kept = []
    for char in _INVISIBLE.sub("", raw):
        if unicodedata.category(char) == "Cc" and not (multiline and char in "\n\t"):
            kept.append(" ")
        else:
            kept.append(char)
    cleaned = "".join(kept)
    if multiline:
        lines = [" ".join(line.split()) for line in cleaned.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        return "\n".join(lines).strip()
    return " ".join(cleaned.split())


def command_argument(update: Update, *, limit: int = MAX_ARGUMENT, multiline: bool = False) -> str:
    """The cleaned text after the command (``/brief@bot Belarus`` -> ``Belarus``); UserError if over ``limit``."""
    message = update.effective_message
    raw = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    if entities and entities[0].type == MessageEntity.BOT_COMMAND and entities[0].offset == 0:
        raw = raw[entities[0].length:]
    if len(raw) > limit:
        raise UserError(text("too_long", limit=limit))
    return clean_text(raw, multiline=multiline)


def required_argument(update: Update, *, example: str, what: str, **options) -> str:
    """:func:`command_argument` (``options``: limit, multiline), or a UserError showing the usage when it is empty."""
    argument = command_argument(update, **options)
    if not argument:
        raise UserError(text("usage", example=example, what=what))
    return argument


def user_error_replies(handler):
    """Decorate a handler so a UserError becomes its reply."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE):
        try:
            return await handler(update, context)
        except UserError as exc:
            if update.callback_query:
                with contextlib.suppress(TelegramError):  # the handler may have answered it already
                    await update.callback_query.answer()
            await reply(update, context, exc.html)

    return wrapper


async def in_store(context: ContextTypes.DEFAULT_TYPE, func, /, *args, **kwargs):
    """Run ``func(store, *args, **kwargs)`` in a worker thread on its own connection to the database."""
    path = settings_of(context).db_path

    def work():
        with Store(path) as store:
            return func(store, *args, **kwargs)

    return await asyncio.to_thread(work)


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str,
                keyboard: InlineKeyboardMarkup | None = None):
    """Send one HTML message to the chat the update came from."""
    [message] = await _send(context, update.effective_chat.id, [html], reply_markup=keyboard)
    return message


async def reply_view(update: Update, context: ContextTypes.DEFAULT_TYPE, view,
                     keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Send a digest, brief or calendar as Telegram HTML messages, split to fit and in order
    (the operator's templates when configured); ``keyboard`` goes under the last one."""
    parts = telegram_messages(view, templates=settings_of(context).templates_dir)
    chat_id = update.effective_chat.id
    if keyboard is None:
        await _send(context, chat_id, parts)
        return
    await _send(context, chat_id, parts[:-1])
    await _send(context, chat_id, parts[-1:], reply_markup=keyboard)


async def reply_photo(update: Update, context: ContextTypes.DEFAULT_TYPE, photo: bytes, caption: str) -> None:
    """Send a picture (PNG bytes) with an HTML caption to the update's chat, within the send limits;
    a flood wait is waited out as Telegram asks, other errors go to the error handler."""
    delivery = context.application.bot_data.get("delivery")
    chat_id = update.effective_chat.id
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            async with delivery.limiter.slot(chat_id) if delivery else contextlib.nullcontext():
                await context.bot.send_photo(chat_id, photo, caption=caption, parse_mode="HTML")
            return
        except RetryAfter as exc:
            if attempt == MAX_ATTEMPTS:
                raise
            await asyncio.sleep(retry_seconds(exc))


async def _send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, parts: list[str], **kwargs):
    """Through delivery's sender: its rate limiter, 429 waits, plain-text fallback, network retries."""
    delivery = context.application.bot_data.get("delivery")
    return await send_messages(context.bot, chat_id, parts, limiter=delivery.limiter if delivery else None,
                               link_preview_options=_NO_PREVIEW, **kwargs)


def schedule(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """(Re)schedule the chat's daily digest after its subscription changed."""
    schedule_subscription(context.application, chat_id)


async def chat_subscription(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> subscriptions.Subscription:
    """The chat's subscription, or the configured defaults (time, timezone) for a chat without one."""
    settings = settings_of(context)
    return await in_store(context, subscriptions.get_or_default, chat_id, time=settings.digest_time, tz=settings.timezone)


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender is one of the bot's configured admins."""
    user = update.effective_user
    return bool(user) and settings_of(context).is_admin(user.id)


async def can_manage_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Who may change a chat's subscription: anyone in a private chat or channel post, the bot's
    admins, and a group's own administrators."""
    chat = update.effective_chat
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL) or is_admin(update, context):
        return True
    if update.message and update.message.sender_chat and update.message.sender_chat.id == chat.id:
        return True  # an anonymous administrator, posting as the group itself
    user = update.effective_user
    if not user:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


class CommandLimiter:
    """At most ``per_minute`` heavy commands per user in any 60 seconds (a sliding window)."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self._calls: dict[int, deque[float]] = defaultdict(deque)

    def wait_time(self, user_id: int) -> float:
        """0 and the call is counted, or the seconds to wait before the next one is allowed."""
        now = self.clock()
        calls = self._calls[user_id]
        while calls and now - calls[0] >= 60:
            calls.popleft()
        if len(calls) >= self.per_minute:
            return 60 - (now - calls[0])
        calls.append(now)
        return 0.0


def heavy(handler):
    """Decorate a heavy command (it builds a digest) with the per-user rate limit."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE, *args):
        limiter: CommandLimiter = context.application.bot_data.setdefault(
            "command_limiter", CommandLimiter(settings_of(context).commands_per_minute)
        )
        who = update.effective_user.id if update.effective_user else update.effective_chat.id
        wait = limiter.wait_time(who)
        if wait:
            raise UserError(text("rate_limited", seconds=max(1, round(wait))))
        return await handler(update, context, *args)

    return wrapper
