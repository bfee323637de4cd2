"""A fake Telegram Bot API server: a real aiohttp HTTP server on 127.0.0.1.

It speaks the Bot API methods python-telegram-bot 22 uses (form-encoded or JSON bodies), lets
tests play users (commands with ``bot_command`` entities, messages, button presses, channel
posts, inline queries) and set who administers a group (``set_member``, for getChatMember), records what the bot sent, and checks what Telegram checks: message length after
entity parsing (UTF-16 code units), the HTML subset Telegram accepts, flood limits
(30 messages/s overall, 1/s per chat, 20/min per group) answered with 429 and ``retry_after``,
photos uploaded as multipart parts (``sendPhoto``: an image, a caption of at most 1024 characters)
and inline answers (``answerInlineQuery``: at most 50 results, ids of at most 64 bytes, message
texts of at most 4096 characters in valid HTML, answered within the query's time limit).
It can be told to fail: 429, 403, 400, chat migration, 500, slow answers, dropped connections.

In a test::

    async with FakeBotAPI() as server:
        app = ApplicationBuilder().token(server.token).base_url(server.base_url).build()
        server.send_command(42, 42, "/brief Belarus")
        [reply] = await server.wait_for_messages(42, 1)

``setWebhook`` works too: updates are then POSTed to the webhook URL (with its scheme and host
replaced by ``webhook_redirect``, e.g. ``http://127.0.0.1:8443``) with the secret token header,
and getUpdates answers 409 as Telegram does.

From another thread (synchronous code) use ``with FakeBotAPI().running_in_thread() as server``;
from another process ``python -m tests.fakes.botapi --port 0`` prints one JSON line with the
base URL and serves ``/_fake/*`` inspection endpoints until SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import re
import signal
import threading
import time
from collections import defaultdict, deque
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Callable

from aiohttp import web

GROUP_TYPES = ("group", "supergroup", "channel")
#: What getChatMember and my_chat_member carry for an administrator (Telegram sends every right).
ADMIN_RIGHTS = dict(
    can_be_edited=False, is_anonymous=False, can_manage_chat=True, can_delete_messages=True,
    can_manage_video_chats=False, can_restrict_members=False, can_promote_members=False, can_change_info=False,
    can_invite_users=True, can_post_stories=False, can_edit_stories=False, can_delete_stories=False,
    can_post_messages=True,
)
MEMBER_STATUSES = ("creator", "administrator", "member", "left", "kicked")
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_INLINE_RESULTS = 50
MAX_INLINE_ID = 64
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Telegram's HTML subset: tag -> entity type.
_HTML_TAGS = {
    "b": "bold", "strong": "bold",
    "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>"
)
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTRIBUTE = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);")
# Form fields that are plain strings even when they look like JSON numbers.
_STRING_FIELDS = {
    "text", "caption", "parse_mode", "callback_query_id", "url", "description", "short_description",
    "name", "query", "inline_message_id", "secret_token", "language_code", "title", "message_effect_id",
    "business_connection_id", "inline_query_id", "next_offset",
}
_SEND_METHODS = {"sendmessage", "copymessage", "forwardmessage", "sendphoto", "senddocument"}


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


class TelegramHTMLError(ValueError):
    """Text that Telegram would refuse with "can't parse entities"."""


def parse_telegram_html(text: str) -> tuple[str, list[dict]]:
    """Parse Telegram-flavoured HTML into (visible text, entities) or raise TelegramHTMLError."""
    out: list[str] = []
    out_len = 0  # UTF-16 units written so far
    stack: list[tuple[str, int, dict]] = []  # (tag, start offset, entity)
    entities: list[dict] = []
    i = 0
    n = len(text)

    def byte_offset(pos: int) -> int:
        return len(text[:pos].encode("utf-8"))

    while i < n:
        ch = text[i]
        if ch == "<":
            end = _END_TAG.match(text, i)
            if end:
                name = end.group(1).lower()
                if not stack:
                    raise TelegramHTMLError(f'Unexpected end tag at byte offset {byte_offset(i)}')
                open_name, start, entity = stack.pop()
                if open_name != name:
                    raise TelegramHTMLError(
                        f'Unmatched end tag at byte offset {byte_offset(i)}, expected "</{open_name}>", found "</{name}>"'
                    )
                if entity and out_len > start:
                    entity["offset"], entity["length"] = start, out_len - start
                    entities.append(entity)
                i = end.end()
                continue
            start_tag = _START_TAG.match(text, i)
            if not start_tag:
                raise TelegramHTMLError(f"Unsupported start tag at byte offset {byte_offset(i)}")
            name = start_tag.group(1).lower()
            if name not in _HTML_TAGS:
                raise TelegramHTMLError(f'Unsupported start tag "{name}" at byte offset {byte_offset(i)}')
            attributes = {
                key.lower(): html_unescape_attr(value.strip("\"'")) if value else ""
                for key, value in _ATTRIBUTE.findall(start_tag.group(2) or "")
            }
            entity: dict = {"type": _HTML_TAGS[name]}
            if name == "span" and attributes.get("class") != "tg-spoiler":
                raise TelegramHTMLError('Tag "span" must have class "tg-spoiler"')
            if name == "a":
                if not attributes.get("href"):
                    entity = {}
                else:
                    entity["url"] = attributes["href"]
            if name == "tg-emoji":
                entity["custom_emoji_id"] = attributes.get("emoji-id", "")
            if name == "blockquote" and "expandable" in attributes:
                entity["type"] = "expandable_blockquote"
            if name == "code" and stack and stack[-1][0] == "pre" and attributes.get("class", "").startswith("language-"):
                stack[-1][2]["language"] = attributes["class"][len("language-"):]
            stack.append((name, out_len, entity))
            i = start_tag.end()
            continue
        if ch == ">":
            # Telegram accepts a bare '>' as text.
            out.append(ch)
            out_len += 1
            i += 1
            continue
        if ch == "&":
            match = _ENTITY.match(text, i)
            if match:
                decoded = _decode_entity(match.group(1))
                if decoded is not None:
                    out.append(decoded)
                    out_len += utf16_len(decoded)
                    i = match.end()
                    continue
            out.append(ch)
            out_len += 1
            i += 1
            continue
        j = i
        while j < n and text[j] not in "<>&":
            j += 1
        chunk = text[i:j]
        out.append(chunk)
        out_len += utf16_len(chunk)
        i = j
    if stack:
        raise TelegramHTMLError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _decode_entity(body: str) -> str | None:
    if body.startswith(("#x", "#X")):
        code = int(body[2:], 16)
    elif body.startswith("#"):
        code = int(body[1:])
    else:
        return _NAMED_ENTITIES.get(body)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def html_unescape_attr(value: str) -> str:
    return _ENTITY.sub(lambda m: _decode_entity(m.group(1)) or m.group(0), value)


@dataclass
class SentMessage:
    """One message the bot sent (or the latest state of one it edited)."""

    chat_id: int
    message_id: int
    text: str  # exactly as the bot sent it (markup included)
    plain: str  # what the user sees
    parse_mode: str | None
    entities: list[dict]
    reply_markup: dict | None
    time: float  # time.monotonic() when the server accepted it
    method: str = "sendMessage"
    params: dict = field(default_factory=dict)
    photo: bytes | None = None  # the uploaded image of a sendPhoto (``text`` is then its caption)


@dataclass
class UploadedFile:
    """A file part of a multipart request (``sendPhoto``'s ``photo``)."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class _Rule:
    """An injected failure: applies to ``method`` (None: any) and ``chat_id`` (None: any)."""

    action: str  # "error" | "drop" | "drop_after" | "delay"
    method: str | None = None
    chat_id: int | str | None = None
    times: int | None = 1  # None: until cleared
    status: int = 400
    description: str = ""
    parameters: dict | None = None
    seconds: float = 0.0

    def matches(self, method: str, chat_id: Any) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.method is not None and self.method.lower() != method:
            return False
        return self.chat_id is None or _same_chat(self.chat_id, chat_id)


def _same_chat(a: Any, b: Any) -> bool:
    return str(a) == str(b)


class _ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


class FakeBotAPI:
    """A fake Bot API HTTP server; ``async with`` starts it on a free 127.0.0.1 port."""

    def __init__(
        self,
        *,
        token: str = "123456789:TEST-token_for-the-fake-bot-api",
        bot_id: int = 123456789,
        username: str = "briefings_test_bot",
        first_name: str = "Briefings",
        scale: float = 1.0,
        rate_limits: bool = True,
        rate_tolerance: float = 0.1,
        host: str = "127.0.0.1",
        port: int = 0,
        webhook_redirect: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        inline_mode: bool = False,
        inline_timeout: float = 10.0,
    ):
        """``clock`` times the flood limits (seconds); a test may hold it to check them at any machine speed.
        ``inline_mode`` is getMe's ``supports_inline_queries`` (BotFather's /setinline);
        ``inline_timeout`` is how long after an inline query its answer is still accepted."""
        self.token = token
        self.username = username
        self.bot_user = {
            "id": bot_id, "is_bot": True, "first_name": first_name, "username": username,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": inline_mode,
        }
        self.scale = scale
        self.rate_limits = rate_limits
        self.rate_tolerance = rate_tolerance
        self.clock = clock
        self.host, self.port = host, port
        self.sent: list[SentMessage] = []
        self.edits: list[SentMessage] = []
        self.requests: list[tuple[str, dict]] = []  # (method lowercased, parameters)
        self._request_times: list[float] = []  # time.monotonic() of each request, parallel to ``requests``
        self.rate_limited: list[tuple[Any, float]] = []  # (chat_id, time) of each 429 for flood
        self.callback_answers: dict[str, dict] = {}
        self._callback_queries: set[str] = set()
        self.inline_timeout = inline_timeout
        self.inline_answers: dict[str, dict] = {}  # inline query id -> answerInlineQuery's parameters
        self._inline_queries: dict[str, float] = {}  # inline query id -> time.monotonic() it was sent
        self._inline_ids = itertools.count(1)
        self.commands: dict[str, list[dict]] = {}
        self.chats: dict[int | str, dict] = {}
        self.members: dict[tuple[str, int], str] = {}  # (chat id, user id) -> status; see set_member
        self.dropped = 0
        self._messages: dict[tuple[str, int], SentMessage] = {}
        self._user_messages: dict[tuple[str, int], dict] = {}
        self._message_ids: dict[str, itertools.count] = defaultdict(lambda: itertools.count(1))
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._updates: list[dict] = []
        self._rules: list[_Rule] = []
        self._windows: dict[Any, deque] = defaultdict(deque)
        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._new_update: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._thread: threading.Thread | None = None
        self.webhook: dict | None = None  # {"url", "secret_token"} while a webhook is set
        self.webhook_redirect = webhook_redirect
        self.webhook_responses: list[tuple[int, int | None]] = []  # (update_id, HTTP status or None)
        self._webhook_queue: asyncio.Queue | None = None
        self._webhook_task: asyncio.Task | None = None

    # -- lifecycle --------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """The value for ``ApplicationBuilder().base_url(...)`` (the token is appended)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> "FakeBotAPI":
        self._loop = asyncio.get_running_loop()
        self._new_update = asyncio.Event()
        self._closing = False
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/_fake/sent", self._admin_sent)
        app.router.add_get("/_fake/stats", self._admin_stats)
        app.router.add_post("/_fake/update", self._admin_update)
        app.router.add_post("/_fake/fail", self._admin_fail)
        app.router.add_post("/_fake/reset", self._admin_reset)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # the port actually bound
        return self

    async def stop(self) -> None:
        self._closing = True
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._new_update is not None:
            self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "FakeBotAPI":
        return await self.start()

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    @contextlib.contextmanager
    def running_in_thread(self):
        """Run the server in a daemon thread with its own event loop (for synchronous code)."""
        started = threading.Event()
        loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start())
            started.set()
            loop.run_forever()

        self._thread = threading.Thread(target=run, name="fake-botapi", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("fake Bot API server did not start")
        try:
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(10)
            loop.close()

    # -- playing users ----------------------------------------------------------------------
    def add_chat(self, chat_id: int, chat_type: str | None = None, title: str | None = None) -> dict:
        """Register (or update) a chat; unknown ids are guessed from their sign."""
        with self._lock:
            chat = self.chats.get(chat_id)
            if chat is None or chat_type or title:
                kind = chat_type or (chat or {}).get("type") or _guess_chat_type(chat_id)
                chat = {"id": chat_id, "type": kind}
                if kind == "private":
                    chat.update(first_name=f"User{chat_id}", username=f"user{abs(chat_id)}")
                else:
                    chat["title"] = title or f"{kind.title()} {chat_id}"
                self.chats[chat_id] = chat
            return dict(chat)

    def user(self, user_id: int, **extra) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}",
                "username": f"user{user_id}", "language_code": "en", **extra}

    def send_message(self, chat_id: int, user_id: int | None = None, text: str = "", *,
                     chat_type: str | None = None, entities: list[dict] | None = None, **extra) -> dict:
        """A user writes ``text`` in ``chat_id``; returns the Update queued for getUpdates."""
        chat = self.add_chat(chat_id, chat_type)
        user_id = user_id if user_id is not None else chat_id
        message = {
            "message_id": self._next_message_id(chat_id),
            "from": self.user(user_id),
            "chat": chat,
            "date": int(time.time()),
            "text": text,
            **extra,
        }
        if entities:
            message["entities"] = entities
        with self._lock:
            self._user_messages[(str(chat_id), message["message_id"])] = message
        return self.send_update({"message": message})

    def send_command(self, chat_id: int, user_id: int | None = None, text: str = "/start", *,
                     chat_type: str | None = None, mention: bool | None = None, **extra) -> dict:
        """A user sends a command (``"/brief Belarus"``) with its ``bot_command`` entity.

        In groups the command is addressed ``/brief@botname`` unless ``mention=False``.
        """
        chat = self.add_chat(chat_id, chat_type)
        text = self._address(text, chat["type"], mention)
        command = text.split(maxsplit=1)[0] if text.strip() else text
        entities = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        return self.send_message(chat_id, user_id, text, entities=entities, **extra)

    def channel_post(self, chat_id: int, text: str, *, title: str = "Test channel", **extra) -> dict:
        """A post in a channel where the bot is an admin (commands get their entity)."""
        chat = self.add_chat(chat_id, "channel", title)
        post = {
            "message_id": self._next_message_id(chat_id),
            "sender_chat": chat,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
            **extra,
        }
        if text.startswith("/"):
            post["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(text.split()[0])}]
        with self._lock:
            self._user_messages[(str(chat_id), post["message_id"])] = post
        return self.send_update({"channel_post": post})

    def send_callback(self, chat_id: int, user_id: int | None = None, data: str = "", *,
                      message_id: int | None = None) -> str:
        """A user presses an inline button under the bot's message (default: its last one here).

        Returns the callback query id (answers land in ``callback_answers``).
        """
        user_id = user_id if user_id is not None else chat_id
        with self._lock:
            if message_id is None:
                mine = [m for m in self.sent if _same_chat(m.chat_id, chat_id)]
                if not mine:
                    raise ValueError(f"the bot sent nothing to chat {chat_id} to press a button under")
                message_id = mine[-1].message_id
            state = self._messages.get((str(chat_id), message_id))
        message = self._message_json(state) if state else {
            "message_id": message_id, "chat": self.add_chat(chat_id), "date": int(time.time()),
        }
        query_id = str(next(self._callback_ids))
        with self._lock:
            self._callback_queries.add(query_id)
        self.send_update({"callback_query": {
            "id": query_id, "from": self.user(user_id), "chat_instance": f"ci{chat_id}",
            "message": message, "data": data,
        }})
        return query_id

    def send_inline_query(self, user_id: int, query: str, *, offset: str = "", chat_type: str | None = "sender") -> str:
        """A user types ``@bot <query>`` in a chat (``chat_type``: sender, private, group, supergroup,
        channel). Returns the inline query id (answers land in ``inline_answers``)."""
        query_id = str(next(self._inline_ids))
        inline = {"id": query_id, "from": self.user(user_id), "query": query, "offset": offset}
        if chat_type:
            inline["chat_type"] = chat_type
        with self._lock:
            self._inline_queries[query_id] = time.monotonic()
        self.send_update({"inline_query": inline})
        return query_id

    async def wait_for_inline_answer(self, query_id: str, timeout: float = 15.0) -> dict:
        """Wait until the bot answered inline query ``query_id``; return answerInlineQuery's parameters."""
        deadline = time.monotonic() + timeout
        while query_id not in self.inline_answers:
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout}s for the answer to inline query {query_id}")
            await asyncio.sleep(0.01)
        return self.inline_answers[query_id]

    def photos(self, chat_id: Any = None) -> list[SentMessage]:
        """Photos the bot sent (to ``chat_id``, or to anyone), in order; ``text`` is the caption."""
        return [m for m in self.messages(chat_id) if m.photo is not None]

    def bot_status_changed(self, chat_id: int, user_id: int | None = None, *, old: str = "member",
                           new: str = "kicked", chat_type: str | None = None) -> dict:
        """``my_chat_member``: a user blocked (``new="kicked"`` in a private chat), removed or added the bot."""
        chat = self.add_chat(chat_id, chat_type)
        user_id = user_id if user_id is not None else chat_id
        before = {"status": old, "user": self.bot_user}
        after = {"status": new, "user": self.bot_user}
        if new == "kicked":
            after["until_date"] = 0
        if new == "administrator":
            after.update(ADMIN_RIGHTS)
        return self.send_update({"my_chat_member": {
            "chat": chat, "from": self.user(user_id), "date": int(time.time()),
            "old_chat_member": before, "new_chat_member": after,
        }})

    def set_member(self, chat_id: int, user_id: int, status: str = "administrator") -> None:
        """What getChatMember answers for ``user_id`` in ``chat_id`` (``creator``, ``administrator``,
        ``member``, ``left``, ``kicked``); users not set are ordinary members."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {', '.join(MEMBER_STATUSES)}")
        with self._lock:
            self.members[(str(chat_id), int(user_id))] = status

    def send_update(self, payload: dict) -> dict:
        """Queue any update (``{"my_chat_member": {...}}``, ...) for getUpdates or the webhook; its update_id is added."""
        with self._lock:
            update = {"update_id": next(self._update_ids), **payload}
            if self.webhook is None:
                self._updates.append(update)
        if self.webhook is not None:
            self._loop.call_soon_threadsafe(self._webhook_queue.put_nowait, update)
        else:
            self._wake()
        return update

    def _address(self, text: str, chat_type: str, mention: bool | None) -> str:
        if mention is None:
            mention = chat_type in ("group", "supergroup")
        if not mention or not text.startswith("/"):
            return text
        command, _, rest = text.partition(" ")
        if "@" not in command:
            command = f"{command}@{self.username}"
        return f"{command} {rest}" if rest else command

    def _next_message_id(self, chat_id: Any) -> int:
        with self._lock:
            return next(self._message_ids[str(chat_id)])

    async def _push_webhook_updates(self) -> None:
        """POST each update to the webhook, in order, with the secret token header (as Telegram does)."""
        import aiohttp

        async with aiohttp.ClientSession() as session:
            while True:
                update = await self._webhook_queue.get()
                hook = self.webhook
                if hook is None:
                    with self._lock:
                        self._updates.append(update)
                    self._wake()
                    continue
                headers = {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]} if hook.get("secret_token") else {}
                status = None
                try:
                    async with session.post(self._webhook_target(hook["url"]), json=update, headers=headers,
                                            timeout=aiohttp.ClientTimeout(total=10)) as response:
                        status = response.status
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass
                with self._lock:
                    self.webhook_responses.append((update["update_id"], status))

    def _webhook_target(self, url: str) -> str:
        if not self.webhook_redirect:
            return url
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        return self.webhook_redirect.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")

    def _wake(self) -> None:
        if self._loop is not None and not self._loop.is_closed() and self._new_update is not None:
            self._loop.call_soon_threadsafe(self._new_update.set)

    # -- reading what the bot did -----------------------------------------------------------
    def messages(self, chat_id: Any = None) -> list[SentMessage]:
        """Messages the bot sent (to ``chat_id``, or to anyone), in order."""
        with self._lock:
            return [m for m in self.sent if chat_id is None or _same_chat(m.chat_id, chat_id)]

    def calls(self, method: str) -> list[dict]:
        """Parameters of every request to ``method`` (case-insensitive), in order."""
        with self._lock:
            return [params for name, params in self.requests if name == method.lower()]

    def request_times(self, method: str) -> list[float]:
        """When (time.monotonic()) each request to ``method`` arrived, in order."""
        with self._lock:
            return [t for (name, _), t in zip(self.requests, self._request_times) if name == method.lower()]

    async def wait_for_messages(self, chat_id: Any = None, n: int = 1, timeout: float = 10.0) -> list[SentMessage]:
        """Wait until the bot has sent at least ``n`` messages to ``chat_id``; return them all."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.messages(chat_id)
            if len(got) >= n:
                return got
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"waited {timeout}s for {n} message(s) to chat {chat_id}, got {len(got)}: "
                    f"{[m.plain[:80] for m in got]}"
                )
            await asyncio.sleep(0.01)

    def wait_for_messages_sync(self, chat_id: Any = None, n: int = 1, timeout: float = 10.0) -> list[SentMessage]:
        """``wait_for_messages`` for synchronous callers (server running in a thread)."""
        deadline = time.monotonic() + timeout
        while len(self.messages(chat_id)) < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout}s for {n} message(s) to chat {chat_id}")
            time.sleep(0.01)
        return self.messages(chat_id)

    async def wait_for_call(self, method: str, n: int = 1, timeout: float = 10.0) -> list[dict]:
        """Wait until ``method`` was called ``n`` times (e.g. answerCallbackQuery)."""
        deadline = time.monotonic() + timeout
        while len(self.calls(method)) < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout}s for {n} call(s) of {method}")
            await asyncio.sleep(0.01)
        return self.calls(method)

    # -- failure injection ------------------------------------------------------------------
    def fail(self, method: str | None = "sendMessage", *, status: int = 400, description: str | None = None,
             times: int | None = 1, chat_id: Any = None, retry_after: float | None = None,
             migrate_to_chat_id: int | None = None) -> _Rule:
        """The next ``times`` matching calls (None: all until cleared) answer this error."""
        parameters = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if description is None:
            description = {
                400: "Bad Request: chat not found", 403: "Forbidden: bot was blocked by the user",
                429: f"Too Many Requests: retry after {retry_after}", 500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(status, "Error")
        rule = _Rule("error", method, chat_id, times, status, description, parameters or None)
        with self._lock:
            self._rules.append(rule)
        return rule

    def fail_next(self, n: int = 1, status: int = 429, *, retry_after: float | None = 1,
                  method: str | None = "sendMessage", description: str | None = None) -> _Rule:
        """The next ``n`` calls of ``method`` fail with ``status`` (429 carries ``retry_after``)."""
        return self.fail(method, status=status, description=description, times=n,
                         retry_after=retry_after if status == 429 else None)

    def block_chat(self, chat_id: Any, description: str = "Forbidden: bot was blocked by the user") -> _Rule:
        """Every send to ``chat_id`` answers 403 until ``unblock_chat``."""
        return self.fail(None, status=403, description=description, times=None, chat_id=chat_id)

    def unblock_chat(self, chat_id: Any) -> None:
        with self._lock:
            self._rules = [r for r in self._rules if not (r.chat_id is not None and _same_chat(r.chat_id, chat_id))]

    def migrate_chat(self, chat_id: Any, new_chat_id: int) -> _Rule:
        """``chat_id`` became supergroup ``new_chat_id``: calls to the old id answer 400 + migrate_to_chat_id."""
        self.add_chat(new_chat_id, "supergroup")
        return self.fail(None, status=400, times=None, chat_id=chat_id,
                         description="Bad Request: group chat was upgraded to a supergroup chat",
                         migrate_to_chat_id=new_chat_id)

    def drop_next(self, n: int = 1, method: str | None = "sendMessage", *, after_processing: bool = False) -> _Rule:
        """Close the connection without answering the next ``n`` calls.

        With ``after_processing`` the call takes effect first (the message is sent) and only the
        answer is lost, as when a network fails on the way back.
        """
        rule = _Rule("drop_after" if after_processing else "drop", method, None, n)
        with self._lock:
            self._rules.append(rule)
        return rule

    def slow(self, seconds: float, method: str | None = None, *, times: int | None = None) -> _Rule:
        """Answer matching calls only after ``seconds``."""
        rule = _Rule("delay", method, None, times, seconds=seconds)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear_failures(self) -> None:
        with self._lock:
            self._rules.clear()

    # -- HTTP -------------------------------------------------------------------------------
    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error_response(401, "Unauthorized")
        method = request.match_info["method"].lower()
        try:
            params = await _read_params(request)
        except ValueError as exc:
            return _error_response(400, f"Bad Request: {exc}")
        chat_id = params.get("chat_id")
        with self._lock:
            self.requests.append((method, params))
            self._request_times.append(time.monotonic())
            rules = [r for r in self._rules if r.matches(method, chat_id)]
            delays = [r for r in rules if r.action == "delay"]
            effect = next((r for r in rules if r.action != "delay"), None)
            for rule in delays + ([effect] if effect else []):
                if rule.times is not None:
                    rule.times -= 1
        for rule in delays:
            await asyncio.sleep(rule.seconds)
        if effect is not None and effect.action == "drop":
            return self._drop(request)
        if effect is not None and effect.action == "error":
            return _error_response(effect.status, effect.description, effect.parameters)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error_response(404, "Not Found: method not found")
        try:
            result = handler(params)
            if asyncio.iscoroutine(result):
                result = await result
        except _ApiError as exc:
            return _error_response(exc.status, exc.description, exc.parameters)
        if effect is not None and effect.action == "drop_after":
            return self._drop(request)
        return web.json_response({"ok": True, "result": result})

    def _drop(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            self.dropped += 1
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)  # never reaches the client: the connection is gone

    # -- Bot API methods --------------------------------------------------------------------
    def _api_getme(self, params: dict) -> dict:
        return self.bot_user

    def _api_logout(self, params: dict) -> bool:
        return True

    _api_close = _api_logout
    _api_sendchataction = _api_logout
    _api_deletemessage = _api_logout
    _api_setmydescription = _api_logout
    _api_setmyshortdescription = _api_logout
    _api_setchatmenubutton = _api_logout

    def _api_getwebhookinfo(self, params: dict) -> dict:
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    def _api_setwebhook(self, params: dict) -> bool:
        """Updates then go to ``url`` (``webhook_redirect`` replaces its scheme and host: no TLS here)."""
        url = str(params.get("url") or "")
        if not url:
            return self._api_deletewebhook(params)
        if not re.match(r"^https?://", url):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _ApiError(400, "Bad Request: secret token contains unallowed characters")
        with self._lock:
            self.webhook = {"url": url, "secret_token": None if secret is None else str(secret)}
            pending, self._updates = self._updates, []
            if params.get("drop_pending_updates"):
                pending = []
        if self._webhook_queue is None:
            self._webhook_queue = asyncio.Queue()
            self._webhook_task = asyncio.get_running_loop().create_task(self._push_webhook_updates())
        for update in pending:
            self._webhook_queue.put_nowait(update)
        return True

    def _api_deletewebhook(self, params: dict) -> bool:
        with self._lock:
            self.webhook = None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _api_setmycommands(self, params: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: commands must be a list of at most 100 commands")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise _ApiError(400, "Bad Request: command description is invalid")
        with self._lock:
            self.commands[_scope_key(params)] = commands
        return True

    def _api_getmycommands(self, params: dict) -> list:
        return self.commands.get(_scope_key(params), [])

    def _api_deletemycommands(self, params: dict) -> bool:
        self.commands.pop(_scope_key(params), None)
        return True

    def _api_getchat(self, params: dict) -> dict:
        chat = self.add_chat(_require_chat_id(params))
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                         "unique_gifts": False, "premium_subscription": False,
                                         "gifts_from_channels": False}}

    def _api_getchatmember(self, params: dict) -> dict:
        chat_id = _require_chat_id(params)
        try:
            user_id = int(params.get("user_id"))
        except (TypeError, ValueError):
            raise _ApiError(400, "Bad Request: invalid user_id specified") from None
        with self._lock:
            if chat_id not in self.chats:
                raise _ApiError(400, "Bad Request: chat not found")
            status = self.members.get((str(chat_id), user_id), "member")
        member = {"status": status, "user": self.user(user_id)}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(ADMIN_RIGHTS)
        elif status == "kicked":
            member["until_date"] = 0
        return member

    def _api_answercallbackquery(self, params: dict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        with self._lock:
            if query_id not in self._callback_queries or query_id in self.callback_answers:
                raise _ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
            if len(params.get("text") or "") > 200:
                raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            self.callback_answers[query_id] = params
        return True

    async def _api_getupdates(self, params: dict) -> list[dict]:
        if self.webhook is not None:
            raise _ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                 "use deleteWebhook to delete the webhook first")
        offset = params.get("offset")
        limit = max(1, min(int(params.get("limit") or 100), 100))
        timeout = float(params.get("timeout") or 0)
        with self._lock:
            if offset is not None and int(offset) > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= int(offset)]
            elif offset is not None and int(offset) < 0:
                self._updates = self._updates[int(offset):]
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            self._new_update.clear()
            with self._lock:
                pending = list(self._updates[:limit])
            remaining = deadline - asyncio.get_running_loop().time()
            if pending or remaining <= 0 or self._closing:
                return pending
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), remaining)

    def _api_sendmessage(self, params: dict) -> dict:
        chat_id = _require_chat_id(params)
        text = params.get("text")
        if text is None or text == "":
            raise _ApiError(400, "Bad Request: message text is empty")
        plain, entities = self._check_text(str(text), params)
        return self._deliver(chat_id, params, text=str(text), plain=plain, entities=entities)

    def _api_sendphoto(self, params: dict) -> dict:
        """A photo uploaded as a multipart part (or a file_id / URL string), with an optional caption."""
        chat_id = _require_chat_id(params)
        photo = params.get("photo")
        if isinstance(photo, UploadedFile):
            data = photo.data
            if not data:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            if len(data) > MAX_PHOTO_BYTES:
                raise _ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")  # Telegram: at most 10 MB
            width, height = _image_size(data)
            if not width or not height:
                raise _ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
            if width + height > 10_000 or max(width, height) > 20 * min(width, height):
                raise _ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        elif isinstance(photo, str) and photo:
            data = b""  # a file_id or URL: nothing uploaded
        else:
            raise _ApiError(400, "Bad Request: there is no photo in the request")
        caption = str(params.get("caption") or "")
        plain, entities = "", []
        if caption:
            plain, entities = self._check_text(caption, params, limit=MAX_CAPTION, what="caption")
        return self._deliver(chat_id, params, text=caption, plain=plain, entities=entities, method="sendPhoto",
                             photo=data)

    def _deliver(self, chat_id, params: dict, **fields) -> dict:
        """Check the markup, reply target and flood limits, then record the message sent to ``chat_id``."""
        reply_markup = self._check_markup(params.get("reply_markup"))
        self._check_reply(chat_id, params)
        chat = self.add_chat(chat_id)
        with self._lock:
            self._check_flood(chat)
            message = SentMessage(
                chat_id=chat_id, message_id=self._next_message_id(chat_id), parse_mode=params.get("parse_mode") or None,
                reply_markup=reply_markup, time=time.monotonic(), params=params, **fields,
            )
            self.sent.append(message)
            self._messages[(str(chat_id), message.message_id)] = message
        return self._message_json(message)

    def _api_answerinlinequery(self, params: dict) -> bool:
        """Telegram's checks on an inline answer: a live query answered once, at most 50 results with
        unique ids of 1-64 bytes, article texts that parse and fit, a valid button and cache time."""
        query_id = str(params.get("inline_query_id", ""))
        with self._lock:
            asked = self._inline_queries.get(query_id)
            if asked is None or query_id in self.inline_answers or time.monotonic() - asked > self.inline_timeout:
                raise _ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        results = params.get("results")
        if not isinstance(results, list):
            raise _ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            self._check_inline_result(result, seen)
        cache_time = params.get("cache_time", 300)
        if not isinstance(cache_time, int) or cache_time < 0:
            raise _ApiError(400, "Bad Request: cache_time must be a non-negative integer")
        if len(str(params.get("next_offset") or "").encode("utf-8")) > 64:
            raise _ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        button = params.get("button")
        if button is not None:
            if not isinstance(button, dict) or not button.get("text"):
                raise _ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
            start = button.get("start_parameter")
            if start is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(start)):
                raise _ApiError(400, "Bad Request: START_PARAM_INVALID")
            if start is None and "web_app" not in button:
                raise _ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
        with self._lock:
            if query_id in self.inline_answers:
                raise _ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
            self.inline_answers[query_id] = params
        return True

    def _check_inline_result(self, result: Any, seen: set[str]) -> None:
        if not isinstance(result, dict) or not result.get("type"):
            raise _ApiError(400, "Bad Request: RESULT_TYPE_INVALID")
        result_id = str(result.get("id") or "")
        if not 1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_ID:
            raise _ApiError(400, "Bad Request: RESULT_ID_INVALID")
        if result_id in seen:
            raise _ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article" and not str(result.get("title") or "").strip():
            raise _ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if result["type"] == "article" and not isinstance(content, dict):
            raise _ApiError(400, "Bad Request: SEND_MESSAGE_MEDIA_INVALID")
        if isinstance(content, dict) and "message_text" in content:
            text = str(content.get("message_text") or "")
            if not text:
                raise _ApiError(400, "Bad Request: MESSAGE_EMPTY")
            self._check_text(text, content)
        for key in ("url", "thumbnail_url"):
            if result.get(key) and not re.match(r"^https?://", str(result[key])):
                raise _ApiError(400, "Bad Request: RESULT_URL_INVALID")
        self._check_markup(result.get("reply_markup"))

    def _message_to_edit(self, params: dict) -> SentMessage:
        """The message ``params`` name (chat_id, message_id); 400 when there is none."""
        key = (str(_require_chat_id(params)), int(params.get("message_id") or 0))
        with self._lock:
            current = self._messages.get(key)
        if current is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        return current

    def _store_edit(self, edited: SentMessage) -> dict:
        with self._lock:
            self.edits.append(edited)
            self._messages[(str(edited.chat_id), edited.message_id)] = edited
        return self._message_json(edited)

    def _api_editmessagetext(self, params: dict) -> dict:
        current = self._message_to_edit(params)
        text = params.get("text")
        if not text:
            raise _ApiError(400, "Bad Request: message text is empty")
        plain, entities = self._check_text(str(text), params)
        reply_markup = self._check_markup(params.get("reply_markup"))
        if plain == current.plain and entities == current.entities and reply_markup == current.reply_markup:
            raise _ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                 "markup are exactly the same as a current content and reply markup of the message")
        return self._store_edit(replace(
            current, text=str(text), plain=plain, parse_mode=params.get("parse_mode") or None, entities=entities,
            reply_markup=reply_markup, time=time.monotonic(), method="editMessageText", params=params,
        ))

    def _api_editmessagereplymarkup(self, params: dict) -> dict:
        current = self._message_to_edit(params)
        reply_markup = self._check_markup(params.get("reply_markup"))
        if reply_markup == current.reply_markup:
            raise _ApiError(400, "Bad Request: message is not modified")
        return self._store_edit(replace(current, reply_markup=reply_markup, time=time.monotonic(),
                                        method="editMessageReplyMarkup", params=params))

    # -- checks -----------------------------------------------------------------------------
    def _check_text(self, text: str, params: dict, *, limit: int = MAX_TEXT,
                    what: str = "message") -> tuple[str, list[dict]]:
        parse_mode = (params.get("parse_mode") or "").lower()
        if parse_mode == "html":
            try:
                plain, entities = parse_telegram_html(text)
            except TelegramHTMLError as exc:
                raise _ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        elif parse_mode in ("", "markdown", "markdownv2"):
            plain, entities = text, list(params.get("entities") or params.get("caption_entities") or [])
        else:
            raise _ApiError(400, "Bad Request: unsupported parse_mode")
        if not plain.strip():
            raise _ApiError(400, f"Bad Request: {what} text is empty")
        if utf16_len(plain.strip()) > limit:
            raise _ApiError(400, f"Bad Request: {what} is too long")
        return plain, entities

    def _check_reply(self, chat_id: Any, params: dict) -> None:
        reply = params.get("reply_parameters") or {}
        if isinstance(reply, dict) and reply.get("message_id") and not reply.get("allow_sending_without_reply") \
                and not params.get("allow_sending_without_reply"):
            key = (str(reply.get("chat_id", chat_id)), int(reply["message_id"]))
            with self._lock:
                if key not in self._messages and key not in self._user_messages:
                    raise _ApiError(400, "Bad Request: message to be replied not found")

    def _check_markup(self, markup: Any) -> dict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise _ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA:
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if data is None and not any(k in button for k in ("url", "switch_inline_query", "web_app",
                                                                   "login_url", "copy_text", "pay")):
                    raise _ApiError(400, "Bad Request: can't find field \"callback_data\"")
        return markup

    def _check_flood(self, chat: dict) -> None:
        """Refuse with 429 when this send would exceed Telegram's flood limits (sliding windows)."""
        if not self.rate_limits:
            return
        now = self.clock()
        limits = [("all", 30, 1.0), (("chat", chat["id"]), 1, 1.0)]
        if chat["type"] in GROUP_TYPES:
            limits.append((("group", chat["id"]), 20, 60.0))
        wait = 0.0
        for key, limit, period in limits:
            window = period / self.scale * (1 - self.rate_tolerance)
            times = self._windows[key]
            while times and times[0] <= now - window:
                times.popleft()
            if len(times) >= limit:
                wait = max(wait, times[0] + window - now)
        if wait > 0:
            self.rate_limited.append((chat["id"], now))
            retry_after = max(1, math.ceil(wait)) if self.scale == 1 else max(0.01, round(wait, 3))
            raise _ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        for key, _, _ in limits:
            self._windows[key].append(now)

    def _message_json(self, message: SentMessage) -> dict:
        data = {
            "message_id": message.message_id,
            "from": self.bot_user,
            "chat": self.add_chat(message.chat_id) if isinstance(message.chat_id, int) else
            {"id": message.chat_id, "type": "channel", "title": str(message.chat_id)},
            "date": int(time.time()),
        }
        if message.photo is not None:
            width, height = _image_size(message.photo)
            data["photo"] = [{"file_id": f"photo{message.chat_id}_{message.message_id}",
                              "file_unique_id": f"p{message.message_id}", "width": width, "height": height,
                              "file_size": len(message.photo)}]
            if message.plain:
                data["caption"] = message.plain
            if message.entities:
                data["caption_entities"] = message.entities
        else:
            data["text"] = message.plain
            if message.entities:
                data["entities"] = message.entities
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data

    # -- inspection endpoints (for a server in another process) -----------------------------
    async def _admin_sent(self, request: web.Request) -> web.Response:
        chat_id = request.query.get("chat_id")
        with self._lock:
            rows = [asdict(m) for m in self.sent if chat_id is None or _same_chat(m.chat_id, chat_id)]
        for row in rows:
            row.pop("params", None)
        return web.json_response(rows)

    async def _admin_stats(self, request: web.Request) -> web.Response:
        with self._lock:
            return web.json_response({
                "sent": len(self.sent), "requests": len(self.requests), "rate_limited": len(self.rate_limited),
                "dropped": self.dropped, "pending_updates": len(self._updates),
            })

    async def _admin_update(self, request: web.Request) -> web.Response:
        body = await request.json()
        kind = body.pop("kind", "command")
        maker = {"command": self.send_command, "message": self.send_message, "channel_post": self.channel_post,
                 "callback": self.send_callback, "inline": self.send_inline_query}[kind]
        return web.json_response({"result": maker(**body)})

    async def _admin_fail(self, request: web.Request) -> web.Response:
        body = await request.json()
        kind = body.pop("kind", "fail")
        maker = {"fail": self.fail, "block_chat": self.block_chat, "migrate_chat": self.migrate_chat,
                 "drop_next": self.drop_next, "slow": self.slow}[kind]
        maker(**body)
        return web.json_response({"ok": True})

    async def _admin_reset(self, request: web.Request) -> web.Response:
        with self._lock:
            self.sent.clear()
            self.edits.clear()
            self.requests.clear()
            self._request_times.clear()
            self.rate_limited.clear()
            self._rules.clear()
            self._windows.clear()
        return web.json_response({"ok": True})


def _guess_chat_type(chat_id: Any) -> str:
    if not isinstance(chat_id, int):
        return "channel"
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id < -1_000_000_000_000 else "group"


def _scope_key(params: dict) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)


def _require_chat_id(params: dict) -> int | str:
    chat_id = params.get("chat_id")
    if chat_id is None or chat_id == "":
        raise _ApiError(400, "Bad Request: chat_id is empty")
    if isinstance(chat_id, str) and not chat_id.startswith("@"):
        raise _ApiError(400, "Bad Request: chat not found")
    return chat_id


def _error_response(status: int, description: str, parameters: dict | None = None) -> web.Response:
    body: dict = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


async def _read_params(request: web.Request) -> dict:
    """Bot API parameters from the query string and a JSON, form or multipart body."""
    params: dict[str, Any] = {key: _form_value(key, value) for key, value in request.query.items()}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except json.JSONDecodeError as exc:
                raise ValueError(f"can't parse JSON: {exc}") from None
            if not isinstance(body, dict):
                raise ValueError("the JSON body must be an object")
            params.update(body)
        else:
            form = await request.post()  # form-encoded or multipart (file parts are FileFields)
            for key, value in form.items():
                if isinstance(value, str):
                    params[key] = _form_value(key, value)
                else:
                    params[key] = UploadedFile(key, value.filename, value.content_type, value.file.read())
            for key, value in list(params.items()):  # "attach://<part>" names another part of the request
                if isinstance(value, str) and value.startswith("attach://"):
                    part = params.get(value[len("attach://"):])
                    if not isinstance(part, UploadedFile):
                        raise ValueError(f"the part {value} of {key} is missing")
                    params[key] = part
    return params


def _image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG or JPEG, or (0, 0) for anything else."""
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"\xff\xd8"):
        pos = 2
        while pos + 9 < len(data) and data[pos] == 0xFF:
            marker, size = data[pos + 1], int.from_bytes(data[pos + 2:pos + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(data[pos + 7:pos + 9], "big"), int.from_bytes(data[pos + 5:pos + 7], "big")
            pos += 2 + size
    return 0, 0


def _form_value(key: str, value: str) -> Any:
    """Form fields hold JSON-encoded values (PTB json-dumps non-strings); strings stay strings."""
    if key in _STRING_FIELDS:
        return value
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    return value if isinstance(decoded, str) else decoded


def main(argv: list[str] | None = None) -> None:
    """Serve a fake Bot API until SIGTERM/SIGINT; print one JSON line with its address."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="123456789:TEST-token_for-the-fake-bot-api")
    parser.add_argument("--username", default="briefings_test_bot")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply Telegram's rate limits")
    parser.add_argument("--no-rate-limits", action="store_true")
    args = parser.parse_args(argv)

    async def serve() -> None:
        server = FakeBotAPI(token=args.token, username=args.username, scale=args.scale,
                            rate_limits=not args.no_rate_limits, port=args.port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        async with server:
            print(json.dumps({"port": server.port, "base_url": server.base_url, "url": server.url,
                              "token": server.token}), flush=True)
            await stop.wait()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
