"""Subscription commands: /subscribe, /unsubscribe, /stop, /settings (with buttons), /follow, /unfollow.

Button callback data (at most 64 bytes, validated like typed arguments since anyone can forge it):
``s:home``, ``s:time``, ``s:tz`` (menus), ``s:t=HH:MM``, ``s:z=Area/City``, ``s:only`` (toggle),
``s:sub``, ``s:unsub``, ``s:unf#N`` (stop following the N-th item).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import subscriptions
from bot.handlers.common import (
    UserError, can_manage_chat, chat_subscription, command_argument, in_store, is_admin, reply, required_argument,
    schedule, settings_of, user_error_replies,
)
from bot.messages import plain, text
from bot.settings import SettingsError, parse_time

#: Times and zones offered as buttons; any other is one /subscribe away.
TIME_CHOICES = ("06:00", "07:00", "08:00", "09:00", "12:00", "18:00", "20:00", "22:00")
ZONE_CHOICES = ("UTC", "Europe/London", "Europe/Berlin", "Europe/Minsk", "Europe/Moscow", "Asia/Dubai",
                "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "America/New_York", "America/Los_Angeles",
                "Australia/Sydney")
ZONE_EXAMPLES = ("Europe/Minsk", "Europe/Berlin", "America/New_York", "Asia/Colombo", "UTC")
MAX_TOPIC = 40
log = logging.getLogger(__name__)
_TIME_LIKE = re.compile(r"^[\d:.]+(am|pm|h)?$", re.I)
_CHANNEL = re.compile(r"^(@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,15})$")


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {zone.casefold(): zone for zone in available_timezones()}


def resolve_timezone(value: str) -> str:
    """The IANA zone named ``value`` (any case); UserError with close matches and examples otherwise."""
    zone = _zones().get(value.casefold())
    if zone:
        return zone
    from rapidfuzz import process

    close = [match for match, _score, _ in process.extract(value, sorted(_zones().values()), limit=3, score_cutoff=80)]
    raise UserError(text("bad_timezone", value=value, examples=close or ZONE_EXAMPLES))


def parse_subscribe_arguments(argument: str) -> tuple[str | None, str | None, str | None]:
    """(channel, time, timezone) from "[@channel] [HH:MM] [Area/City]" in any order; UserError if wrong."""
    channel = time = tz = None
    words = argument.split()
    if len(words) > 3:
        raise UserError(text("usage", example="/subscribe 08:00 Europe/Minsk",
                             what="Give at most a time and a timezone."))
    for word in words:
        if _CHANNEL.match(word) and channel is None:
            channel = word
        elif _TIME_LIKE.match(word) and time is None:
            try:
                time = parse_time(word.replace(".", ":"))
            except SettingsError:
                raise UserError(text("bad_time", value=word)) from None
        elif tz is None:
            tz = resolve_timezone(word)
        else:
            raise UserError(text("usage", example="/subscribe 08:00 Europe/Minsk",
                                 what=f"I did not understand {word!r}."))
    return channel, time, tz


# -- follow items ---------------------------------------------------------------------------

def resolve_follow(store, argument: str) -> str:
    """What to store for a follow: the name the digest knows the subject by (a country's name
    "Belarus", an acronym "BRICS", a person's stored name) or the topic's words ("energy")."""
    from briefings.digest import resolve_subject

    words = re.findall(r"\w+", argument.casefold())
    if not words:
        raise UserError(text("no_words"))
    subject = resolve_subject(store, argument)
    if subject is not None and subject.kind != "topic":
        return subject.label
    topic = " ".join(words)
    if len(topic) > MAX_TOPIC:
        raise UserError(text("too_long", limit=MAX_TOPIC))
    return topic


def follow_label(item: str) -> str:
    """"🇧🇾 Belarus", "BRICS" or "energy" for a stored follow item."""
    from briefings.geo import country_name, flag, resolve_country

    code = resolve_country(item)
    return f"{flag(code)} {country_name(code)}".strip() if code else item


# -- settings view --------------------------------------------------------------------------

def settings_view(sub: subscriptions.Subscription) -> tuple[str, InlineKeyboardMarkup]:
    labels = [follow_label(item) for item in sub.follows]
    rows = [
        [InlineKeyboardButton(f"🕗 Time: {sub.time}", callback_data="s:time"),
         InlineKeyboardButton(f"🌍 {sub.tz}", callback_data="s:tz")],
        [InlineKeyboardButton("Only what I follow: " + ("on" if sub.only_follows else "off"), callback_data="s:only")],
    ]
    for index in range(0, len(labels), 2):
        rows.append([InlineKeyboardButton(f"✖ {label}", callback_data=f"s:unf#{index + i}")
                     for i, label in enumerate(labels[index:index + 2])])
    rows.append([InlineKeyboardButton("🔕 Unsubscribe", callback_data="s:unsub") if sub.active
                 else InlineKeyboardButton("🔔 Subscribe", callback_data="s:sub")])
    return text("settings", sub=sub, follows=labels), InlineKeyboardMarkup(rows)


def time_menu(sub: subscriptions.Subscription) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [InlineKeyboardButton(("• " if t == sub.time else "") + t, callback_data=f"s:t={t}") for t in TIME_CHOICES]
    rows = [buttons[i:i + 4] for i in range(0, len(buttons), 4)]
    rows.append([InlineKeyboardButton("« Back", callback_data="s:home")])
    return text("choose_time", sub=sub), InlineKeyboardMarkup(rows)


def zone_menu(sub: subscriptions.Subscription) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [InlineKeyboardButton(("• " if z == sub.tz else "") + z, callback_data=f"s:z={z}") for z in ZONE_CHOICES]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton("« Back", callback_data="s:home")])
    return text("choose_timezone", sub=sub), InlineKeyboardMarkup(rows)


# -- commands -------------------------------------------------------------------------------

async def _require_manager(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await can_manage_chat(update, context):
        raise UserError(text("chat_admins_only"))


async def _target_chat(update: Update, context: ContextTypes.DEFAULT_TYPE, channel: str | None):
    """The chat a (un)subscription is for: this one, or a channel named by a bot admin."""
    if channel is None:
        await _require_manager(update, context)
        return update.effective_chat
    if not is_admin(update, context):
        raise UserError(text("admins_only"))
    try:
        chat = await context.bot.get_chat(channel)
    except TelegramError:
        raise UserError(text("channel_unknown", value=channel)) from None
    if chat.type not in (ChatType.CHANNEL, ChatType.SUPERGROUP, ChatType.GROUP):
        raise UserError(text("channel_unknown", value=channel))
    return chat


def _chat_title(chat) -> str | None:
    return chat.title or chat.username or chat.first_name


@user_error_replies
async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [@channel] [HH:MM] [timezone]: a daily digest at a local time."""
    channel, time, tz = parse_subscribe_arguments(command_argument(update))
    chat = await _target_chat(update, context, channel)
    settings = settings_of(context)
    current = await in_store(context, subscriptions.get, chat.id)
    sub = await in_store(
        context, subscriptions.subscribe, chat.id,
        time=time or (current.time if current else settings.digest_time),
        tz=tz or (current.tz if current else settings.timezone),
        chat_type=chat.type, title=_chat_title(chat),
    )
    schedule(context, chat.id)
    await reply(update, context, text("subscribed", sub=sub, target=channel))


@user_error_replies
async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe or /stop [@channel]: no more daily digests."""
    argument = command_argument(update)
    channel = argument if _CHANNEL.match(argument) else None
    if argument and channel is None:
        raise UserError(text("usage", example="/unsubscribe",
                             what="/unsubscribe takes no argument (admins may name a channel)."))
    chat = await _target_chat(update, context, channel)
    was_active = await in_store(context, subscriptions.unsubscribe, chat.id)
    if was_active:
        schedule(context, chat.id)
    await reply(update, context, text("unsubscribed", was_active=was_active))


@user_error_replies
async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings: time, timezone, followed items, with buttons to change them."""
    html, keyboard = settings_view(await chat_subscription(context, update.effective_chat.id))
    await reply(update, context, html, keyboard)


@user_error_replies
async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/follow <country|organisation|topic>: it leads the digest (or is all of it, per /settings)."""
    argument = required_argument(update, example="/follow Belarus",
                                 what="What should I follow? A country, an organisation or a topic.")
    await _require_manager(update, context)
    item = await in_store(context, resolve_follow, argument)
    settings = settings_of(context)
    chat = update.effective_chat
    try:
        added = await in_store(context, subscriptions.follow, chat.id, item, time=settings.digest_time,
                               tz=settings.timezone, chat_type=chat.type)
    except ValueError as exc:
        raise UserError(text("too_many_follows", message=str(exc))) from None
    sub = await chat_subscription(context, chat.id)
    await reply(update, context, text("followed", label=follow_label(item), added=added, only_follows=sub.only_follows))


@user_error_replies
async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unfollow [item]: stop following it; without an argument, buttons for each followed item."""
    argument = command_argument(update)
    await _require_manager(update, context)
    chat = update.effective_chat
    if not argument:
        sub = await chat_subscription(context, chat.id)
        rows = [[InlineKeyboardButton(f"✖ {follow_label(item)}", callback_data=f"s:unf#{i}")]
                for i, item in enumerate(sub.follows)]
        await reply(update, context, text("unfollow_choice", follows=sub.follows), InlineKeyboardMarkup(rows) if rows else None)
        return
    item = await in_store(context, resolve_follow, argument)
    removed = await in_store(context, subscriptions.unfollow, chat.id, item)
    await reply(update, context, text("unfollowed", label=follow_label(item), removed=removed))


# -- buttons --------------------------------------------------------------------------------

async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every ``s:`` button: menus, and changes that edit the settings message in place."""
    query = update.callback_query
    chat = update.effective_chat
    if not await can_manage_chat(update, context):
        await query.answer(plain("chat_admins_only"), show_alert=True)
        return
    settings = settings_of(context)
    action = (query.data or "")[2:]
    defaults = dict(time=settings.digest_time, tz=settings.timezone, chat_type=chat.type, title=_chat_title(chat))
    note = None
    if action in ("home", "time", "tz"):
        sub = await chat_subscription(context, chat.id)
        view = {"home": settings_view, "time": time_menu, "tz": zone_menu}[action](sub)
    elif action == "sub":
        sub = await chat_subscription(context, chat.id)
        sub = await in_store(context, subscriptions.subscribe, chat.id, time=sub.time, tz=sub.tz,
                             chat_type=chat.type, title=_chat_title(chat))
        schedule(context, chat.id)
        note, view = plain("subscribed_short", sub=sub), settings_view(sub)
    elif action == "unsub":
        await in_store(context, subscriptions.unsubscribe, chat.id)
        schedule(context, chat.id)
        note, view = plain("unsubscribed_short"), settings_view(await chat_subscription(context, chat.id))
    elif action.startswith("t=") or action.startswith("z=") or action == "only":
        try:
            change = _parse_change(action)
        except (SettingsError, UserError):
            await query.answer(plain("stale_button"), show_alert=True)
            return
        current = await in_store(context, subscriptions.ensure, chat.id, **defaults)
        if action == "only":
            change = {"only_follows": not current.only_follows}
        sub = await in_store(context, subscriptions.update, chat.id, **change)
        if sub.active:
            schedule(context, chat.id)
        note, view = plain("saved"), settings_view(sub)
    elif action.startswith("unf#") and action[4:].isdigit():
        sub = await chat_subscription(context, chat.id)
        index = int(action[4:])
        if index >= len(sub.follows):
            await query.answer(plain("stale_follow"), show_alert=True)
            return
        item = sub.follows[index]
        await in_store(context, subscriptions.unfollow, chat.id, item)
        note, view = plain("unfollowed_short", label=follow_label(item)), settings_view(await chat_subscription(context, chat.id))
    else:
        await query.answer(plain("unknown_button"))
        return
    await query.answer(note)
    html, keyboard = view
    if action == "sub" and "s:time" not in _button_data(query.message):  # pressed under /start
        await reply(update, context, text("subscribed", sub=sub, target=None))
        return
    try:
        await query.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


def _parse_change(action: str) -> dict:
    if action.startswith("t="):
        return {"time": parse_time(action[2:])}
    if action.startswith("z="):
        return {"tz": resolve_timezone(action[2:])}
    return {}


def _button_data(message) -> set[str]:
    markup = getattr(message, "reply_markup", None)
    if not markup:
        return set()
    return {button.callback_data for row in markup.inline_keyboard for button in row if button.callback_data}


async def membership_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was blocked, kicked or removed: stop that chat's digests at once (no failed sends first)."""
    change = update.my_chat_member
    if change.new_chat_member.status not in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return
    if await in_store(context, subscriptions.unsubscribe, change.chat.id):
        schedule(context, change.chat.id)
        log.info("chat %s removed the bot (%s): subscription deactivated", change.chat.id, change.new_chat_member.status)
