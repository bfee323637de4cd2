"""Sending messages within Telegram's limits and recovering from what can be recovered."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import random
import re
import warnings
from datetime import timedelta
from typing import Awaitable, Callable, Sequence

from telegram import Bot, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot.delivery.limiter import RateLimiter
from briefings.render import TELEGRAM_LIMIT

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # tries per message for network errors, 5xx and 429
BACKOFF_BASE = 1.0  # seconds; doubled each try, with jitter
BACKOFF_CAP = 60.0


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
