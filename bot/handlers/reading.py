"""Commands that read the news: /start, /help, /brief, /picture, /digest, /upcoming (and their buttons)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
from collections import OrderedDict
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.handlers.common import (
    UserError, chat_subscription, command_argument, heavy, in_store, is_admin, reply, reply_photo, reply_view,
    user_error_replies,
)
from bot.messages import plain, text
from briefings.digest import PeriodError, build_brief, build_calendar, build_digest, parse_period, today_in
from briefings.digest.dates import check_day
from briefings.digest.views import Brief
from briefings.pictures import brief_has_content, draw_brief_picture

#: At most this many trailing words of /brief's argument are tried as its period.
_PERIOD_WORDS = 3
_DATE_LIKE = re.compile(r"\d{4}-\d{2}")
#: Telegram's limit on a button's callback_data (bytes).
CALLBACK_DATA_BYTES = 64
#: Queries too long for a picture button's data are kept in memory, this many at most (oldest dropped).
STORED_QUERIES = 1000


def start_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton("📰 Today's digest", callback_data="c:digest"),
         InlineKeyboardButton("📅 Upcoming", callback_data="c:upcoming")],
        [InlineKeyboardButton("🔔 Subscribe", callback_data="s:sub"),
         InlineKeyboardButton("⚙️ Settings", callback_data="s:home")],
        [InlineKeyboardButton("❓ Help", callback_data="c:help")],
    ])


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does, with buttons for the main actions."""
    user = update.effective_user
    await reply(update, context, text("start", name=user.first_name if user else None, admin=is_admin(update, context)),
                start_keyboard())


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: every command, the admin ones only for admins."""
    await reply(update, context, text("help", admin=is_admin(update, context), bot_username=context.bot.username))


def split_query_period(argument: str, today: date) -> tuple[str, str | None]:
    """Split "Belarus since 2024-11-01" into ("Belarus", "since 2024-11-01"): the longest tail that is a
    period, or a last word that looks like a date (build_brief then says what is wrong with it)."""
    words = argument.split()
    for size in range(min(_PERIOD_WORDS, len(words) - 1), 0, -1):
        tail = " ".join(words[-size:])
        try:
            parse_period(tail, today)
        except PeriodError:
            continue
        return " ".join(words[:-size]), tail
    if len(words) > 1 and _DATE_LIKE.search(words[-1]):  # meant as a period: say what is wrong with it
        return " ".join(words[:-1]), words[-1]
    return argument, None


@user_error_replies
@heavy
async def brief(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/brief <query> [period]: everything on a country, organisation, person or topic."""
    await send_brief(update, context, command_argument(update))


async def send_brief(update: Update, context: ContextTypes.DEFAULT_TYPE, argument: str) -> None:
    view, _today = await read_brief(update, context, argument, example="/brief Belarus last week")
    keyboard = picture_keyboard(context, view) if brief_has_content(view) else None
    await reply_view(update, context, view, keyboard)


async def read_brief(update: Update, context: ContextTypes.DEFAULT_TYPE, argument: str, *,
                     example: str) -> tuple[Brief, date]:
    """The brief "<query> [period]" asks for, in the chat's timezone, and that day; UserError for bad arguments."""
    if not argument:
        raise UserError(text("usage", example=example,
                             what="Tell me what to brief you on: a country, organisation, person or topic."))
    sub = await chat_subscription(context, update.effective_chat.id)
    today = today_in(sub.tz)
    query, period = split_query_period(argument, today)
    if not any(ch.isalnum() for ch in query):
        raise UserError(text("no_words"))
    try:
        view = await in_store(context, build_brief, query, period=period, today=today)
    except PeriodError as exc:
        raise UserError(text("bad_period", value=period, reason=exc.message)) from None
    return view, today


# -- pictures ---------------------------------------------------------------------------------------
def picture_keyboard(context: ContextTypes.DEFAULT_TYPE, view: Brief) -> InlineKeyboardMarkup:
    """The "📊 Picture" button under a brief: its data names the query and the brief's exact days."""
    return InlineKeyboardMarkup([[InlineKeyboardButton("📊 Picture", callback_data=picture_button_data(context, view))]])


def picture_button_data(context: ContextTypes.DEFAULT_TYPE, view: Brief) -> str:
    """``p:20241101:20241130:Belarus``; a query too long for 64 bytes is kept in memory and named by
    its hash: ``pk:20241101:20241130:<hash>``."""
    days = f"{view.date_from:%Y%m%d}:{view.date_to:%Y%m%d}"
    data = f"p:{days}:{view.query}"
    if len(data.encode("utf-8")) <= CALLBACK_DATA_BYTES:
        return data
    key = hashlib.blake2b(view.query.encode("utf-8"), digest_size=12).hexdigest()
    stored: OrderedDict = context.application.bot_data.setdefault("picture_queries", OrderedDict())
    stored[key] = view.query
    stored.move_to_end(key)
    while len(stored) > STORED_QUERIES:
        stored.popitem(last=False)
    return f"pk:{days}:{key}"


def read_picture_button_data(context: ContextTypes.DEFAULT_TYPE, data: str) -> tuple[str, tuple[date, date]] | None:
    """(query, (first day, last day)) from a picture button's data; None when it is stale or malformed."""
    kind, _, rest = data.partition(":")
    start, _, rest = rest.partition(":")
    end, _, query = rest.partition(":")
    try:
        period = (date(int(start[:4]), int(start[4:6]), int(start[6:])), date(int(end[:4]), int(end[4:6]), int(end[6:])))
    except ValueError:
        return None
    if kind == "pk":
        query = context.application.bot_data.get("picture_queries", {}).get(query)
    return (query, period) if query and period[0] <= period[1] else None


@user_error_replies
@heavy
async def picture(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/picture <query> [period]: the brief as a chart (partners by kind of contact, events by day)."""
    view, today = await read_brief(update, context, command_argument(update), example="/picture Belarus last month")
    await send_picture(update, context, view, today)


@user_error_replies
async def picture_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "📊 Picture" button under a brief: the picture of the same query and days."""
    press = update.callback_query
    found = read_picture_button_data(context, press.data or "")
    if found is None or update.effective_chat is None:
        await press.answer(plain("stale_picture"), show_alert=True)
        return
    await press.answer()
    await heavy(_picture_of)(update, context, *found)


async def _picture_of(update: Update, context: ContextTypes.DEFAULT_TYPE, query: str,
                      period: tuple[date, date]) -> None:
    sub = await chat_subscription(context, update.effective_chat.id)
    today = today_in(sub.tz)
    view = await in_store(context, build_brief, query, period=period, today=today)
    await send_picture(update, context, view, today)


async def send_picture(update: Update, context: ContextTypes.DEFAULT_TYPE, view: Brief, today: date) -> None:
    """The brief's picture with its subject and period as caption; a brief with nothing to draw gets
    the text brief instead (its "nothing found" or "try a longer period")."""
    if not brief_has_content(view):
        await reply_view(update, context, view)
        return
    with contextlib.suppress(TelegramError):  # only a hint to the user; the photo matters
        await context.bot.send_chat_action(update.effective_chat.id, ChatAction.UPLOAD_PHOTO)
    png = await asyncio.to_thread(draw_brief_picture, view, today=today)
    await reply_photo(update, context, png, text("picture_caption", brief=view))


def parse_day(argument: str, today: date) -> date:
    """``today``, ``yesterday`` or an ISO date; UserError otherwise."""
    value = argument.strip().casefold()
    if value in ("", "today"):
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    try:
        return check_day(date.fromisoformat(value))
    except ValueError:  # not a date, or one outside the days digests work with (PeriodError)
        raise UserError(text("bad_date", value=argument)) from None


@user_error_replies
@heavy
async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest [date]: the digest of a day, in the chat's timezone and with what it follows."""
    await send_digest(update, context, command_argument(update))


async def send_digest(update: Update, context: ContextTypes.DEFAULT_TYPE, argument: str) -> None:
    sub = await chat_subscription(context, update.effective_chat.id)
    day = parse_day(argument, today_in(sub.tz))
    view = await in_store(context, build_digest, day=day, tz=sub.tz, follows=tuple(sub.follows),
                          only_follows=sub.only_follows)
    await reply_view(update, context, view)


@user_error_replies
@heavy
async def upcoming(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/upcoming [country]: what is coming, for one country (or organisation, person) or all."""
    await send_upcoming(update, context, command_argument(update))


async def send_upcoming(update: Update, context: ContextTypes.DEFAULT_TYPE, argument: str) -> None:
    sub = await chat_subscription(context, update.effective_chat.id)
    view = await in_store(context, build_calendar, country=argument or None, today=today_in(sub.tz))
    await reply_view(update, context, view)


@user_error_replies
async def start_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The /start buttons that run a command: c:digest, c:upcoming, c:help."""
    query = update.callback_query
    await query.answer()
    action = query.data.partition(":")[2]
    if action == "help":
        await help_command(update, context)
    elif action == "digest":
        await heavy(send_digest)(update, context, "")
    elif action == "upcoming":
        await heavy(send_upcoming)(update, context, "")


@user_error_replies
@heavy
async def plain_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text without a command in a private chat is a /brief query."""
    await send_brief(update, context, command_argument(update))
