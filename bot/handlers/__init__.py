"""Every handler of the bot, registered on an ``Application`` by :func:`register`."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler, ContextTypes, InlineQueryHandler,
    MessageHandler, filters,
)

from bot.handlers import admin, inline, reading, subscribing
from bot.handlers.common import reply, user_error_replies
from bot.messages import plain, text

#: New messages and channel posts (edits never re-run a command).
NEW_POSTS = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE

#: command -> handler, for private chats, groups (``/cmd@botname``) and channel posts.
COMMAND_HANDLERS = {
    "start": reading.start,
    "help": reading.help_command,
    "brief": reading.brief,
    "picture": reading.picture,
    "digest": reading.digest,
    "upcoming": reading.upcoming,
    "subscribe": subscribing.subscribe,
    "unsubscribe": subscribing.unsubscribe,
    "stop": subscribing.unsubscribe,
    "settings": subscribing.settings_command,
    "follow": subscribing.follow,
    "unfollow": subscribing.unfollow,
}
#: Admin-only commands (the handlers check the sender), not for channel posts.
ADMIN_HANDLERS = {
    "add": admin.add,
    "sources": admin.list_sources,
    "addsource": admin.add_source,
    "removesource": admin.remove_source,
    "stats": admin.stats,
}


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, context, text("unknown_command"))


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer(plain("unknown_button"))


def register(application: Application) -> None:
    """Add every command, button and message handler to ``application``."""
    for command, callback in COMMAND_HANDLERS.items():
        application.add_handler(CommandHandler(command, callback, filters=NEW_POSTS))
    for command, callback in ADMIN_HANDLERS.items():
        application.add_handler(CommandHandler(command, callback, filters=filters.UpdateType.MESSAGE))
    application.add_handler(CallbackQueryHandler(user_error_replies(subscribing.settings_button), pattern=r"^s:"))
    application.add_handler(CallbackQueryHandler(reading.start_button, pattern=r"^c:(help|digest|upcoming)$"))
    application.add_handler(CallbackQueryHandler(reading.picture_button, pattern=r"^pk?:"))
    application.add_handler(CallbackQueryHandler(unknown_button))
    application.add_handler(MessageHandler(PRIVATE & filters.FORWARDED, admin.forwarded))
    application.add_handler(MessageHandler(PRIVATE & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(PRIVATE & filters.TEXT, reading.plain_text))
    application.add_handler(ChatMemberHandler(subscribing.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(InlineQueryHandler(inline.inline_brief))


__all__ = ["register", "COMMAND_HANDLERS", "ADMIN_HANDLERS"]
