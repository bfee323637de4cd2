"""Commands that read the news: /start, /help, /brief, /digest, /upcoming (and the /start buttons)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.handlers.common import (
    UserError, chat_subscription, command_argument, heavy, in_store, is_admin, reply, reply_view, user_error_replies,
)
from bot.messages import text
from briefings.digest import PeriodError, build_brief, build_calendar, build_digest, parse_period, today_in

#: At most this many trailing words of /brief's argument are tried as its period.
_PERIOD_WORDS = 3
_DATE_LIKE = re.compile(r"\d{4}-\d{2}")


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
    if not argument:
        raise UserError(text("usage", example="/brief Belarus last week",
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
    await reply_view(update, context, view)


def parse_day(argument: str, today: date) -> date:
    """``today``, ``yesterday`` or an ISO date; UserError otherwise."""
    value = argument.strip().casefold()
    if value in ("", "today"):
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    try:
        return date.fromisoformat(value)
    except ValueError:
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
