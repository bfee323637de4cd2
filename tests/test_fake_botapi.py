"""The fake Bot API server behaves as Telegram does for the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from tests.fakes.botapi import FakeBotAPI, TelegramHTMLError, parse_telegram_html, utf16_len


@pytest.fixture
async def server():
    async with FakeBotAPI() as running:
        yield running


@pytest.fixture
async def bot(server):
    async with Bot(server.token, base_url=server.base_url) as client:
        yield client


# -- the HTML Telegram accepts ----------------------------------------------------------------
def test_html_is_parsed_into_visible_text_and_entities():
    plain, entities = parse_telegram_html(
        '<b>Talks</b> in <a href="https://example.org/?a=1&amp;b=2">Brest</a> &lt;3 &#127463;&#127486; '
        '<span class="tg-spoiler">x</span>'
    )
    assert plain == "Talks in Brest <3 🇧🇾 x"
    assert {"type": "bold", "offset": 0, "length": 5} in entities
    assert {"type": "text_link", "offset": 9, "length": 5, "url": "https://example.org/?a=1&b=2"} in entities
    # "Talks in Brest <3 " is 18 units, the flag (two astral characters) 4, then a space: 23
    assert {"type": "spoiler", "offset": 23, "length": 1} in entities


@pytest.mark.parametrize(
    "html, problem",
    [
        ("<div>x</div>", 'unsupported start tag "div"'),
        ("<b>x</i>", "unmatched end tag"),
        ("<b><i>x</b></i>", "unmatched end tag"),
        ("<b>x", "can't find end tag"),
        ("x</b>", "unexpected end tag"),
        ("1 < 2", "unsupported start tag"),
        ('<span class="red">x</span>', "tg-spoiler"),
        ("<script>alert(1)</script>", 'unsupported start tag "script"'),
    ],
)
def test_html_that_telegram_refuses(html, problem):
    with pytest.raises(TelegramHTMLError, match="(?i)" + problem):
        parse_telegram_html(html)


async def test_bad_html_gets_cant_parse_entities(bot, server):
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(1, "<p>Lavrov</p>", parse_mode="HTML")
    assert server.sent == []
    # the same text without parse_mode is fine: nothing is parsed
    await bot.send_message(1, "<p>Lavrov</p>")
    assert server.sent[0].plain == "<p>Lavrov</p>"


async def test_length_is_counted_in_utf16_units_after_parsing(bot, server):
    await bot.send_message(1, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")  # tags do not count
    await asyncio.sleep(1.0)
    with pytest.raises(BadRequest, match="(?i)too long"):
        await bot.send_message(1, "🇧🇾" * 1024 + "a")  # 4097 UTF-16 units
    with pytest.raises(BadRequest, match="(?i)empty"):
        await bot.send_message(1, "<b> </b>", parse_mode="HTML")
    assert utf16_len("🇧🇾") == 4
    assert len(server.sent) == 1


# -- playing users through the real Application ------------------------------------------------
async def test_commands_callbacks_and_channel_posts_reach_a_polling_application(server):
    app = ApplicationBuilder().token(server.token).base_url(server.base_url).build()
    seen = []

    async def brief(update, context):
        seen.append((update.effective_chat.type, context.args))
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
        await update.effective_message.reply_html(f"<b>Brief</b> {' '.join(context.args)}", reply_markup=keyboard)

    async def more(update, context):
        await update.callback_query.answer("loading")
        await update.callback_query.edit_message_text("<i>more</i>", parse_mode="HTML")

    async def channel(update, context):
        seen.append(("channel", update.channel_post.text))

    app.add_handler(CommandHandler("brief", brief))
    app.add_handler(CallbackQueryHandler(more))
    app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST, channel))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=5)
        server.send_command(42, 42, "/brief Belarus")
        server.send_command(-100, 7, "/brief Poland", chat_type="group")  # sent as /brief@botname
        server.send_command(-100, 7, "/brief@other_bot Mali", chat_type="group")  # not for us
        server.channel_post(-1009, "hello channel")
        [private] = await server.wait_for_messages(42, 1)
        [group] = await server.wait_for_messages(-100, 1)
        server.send_callback(42, 42, "more")
        await server.wait_for_call("editMessageText")
        await server.wait_for_call("answerCallbackQuery")
        await app.updater.stop()
        await app.stop()
    assert ("private", ["Belarus"]) in seen and ("group", ["Poland"]) in seen
    assert ("channel", "hello channel") in seen
    assert not any(args == ["Mali"] for _, args in seen)
    assert private.plain == "Brief Belarus" and private.reply_markup["inline_keyboard"][0][0]["callback_data"] == "more"
    assert group.plain == "Brief Poland"
    assert server.edits[-1].plain == "more"
    assert list(server.callback_answers.values())[0]["text"] == "loading"


async def test_bot_status_changes_arrive_as_my_chat_member(bot, server):
    server.bot_status_changed(5)  # the user blocked the bot
    server.bot_status_changed(-100, 7, old="left", new="administrator", chat_type="supergroup")
    blocked, promoted = await bot.get_updates(timeout=0)
    assert blocked.my_chat_member.new_chat_member.status == "kicked"
    assert blocked.my_chat_member.chat.type == "private"
    assert promoted.my_chat_member.new_chat_member.status == "administrator"
    assert promoted.my_chat_member.from_user.id == 7


async def test_long_polling_waits_for_an_update_and_offsets_confirm(bot, server):
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()  # it is waiting, not answering an empty list at once
    server.send_message(5, 5, "hi")
    [update] = await asyncio.wait_for(poll, 3)
    assert update.message.text == "hi"
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [update.update_id]  # not confirmed yet
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


async def test_json_and_form_bodies_are_both_understood(server):
    url = f"{server.base_url}{server.token}/sendMessage"
    async with httpx.AsyncClient() as client:
        as_json = await client.post(url, json={"chat_id": 1, "text": "123", "reply_markup": {
            "inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}})
        as_form = await client.post(url, data={"chat_id": "2", "text": "456", "disable_notification": "true"})
        too_much_data = await client.post(url, json={"chat_id": 3, "text": "x", "reply_markup": {
            "inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]}})
        wrong_token = await client.post(f"{server.base_url}1:bad/getMe")
        unknown = await client.post(f"{server.base_url}{server.token}/noSuchMethod")
    assert as_json.json()["ok"] and as_form.json()["ok"]
    assert [m.text for m in server.sent] == ["123", "456"] and server.sent[1].chat_id == 2
    assert too_much_data.json()["description"] == "Bad Request: BUTTON_DATA_INVALID"
    assert wrong_token.status_code == 401 and unknown.status_code == 404


async def test_get_chat_answers_what_ptb_needs(bot, server):
    server.chats["@diplo_news"] = {"id": -1005550001, "type": "channel", "title": "Diplo News"}
    chat = await bot.get_chat("@diplo_news")
    assert (chat.id, chat.type, chat.title) == (-1005550001, "channel", "Diplo News")
    assert (await bot.get_chat(42)).type == "private"


async def test_chat_members_as_the_test_sets_them(bot, server):
    server.add_chat(-300, "supergroup")
    server.set_member(-300, 7, "administrator")
    server.set_member(-300, 8, "creator")
    server.set_member(-300, 9, "kicked")
    statuses = [(await bot.get_chat_member(-300, user)).status for user in (7, 8, 9, 10)]
    assert statuses == ["administrator", "creator", "kicked", "member"]
    assert (await bot.get_chat_member(-300, 7)).can_manage_chat
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.get_chat_member(-301, 7)
    with pytest.raises(ValueError):
        server.set_member(-300, 7, "boss")


async def test_commands_menu_round_trip(bot, server):
    await bot.set_my_commands([("brief", "Brief on a country"), ("help", "How to use me")])
    assert [c.command for c in await bot.get_my_commands()] == ["brief", "help"]
    with pytest.raises(BadRequest):
        await bot.set_my_commands([("Bad Command", "x")])


# -- flood limits ----------------------------------------------------------------------------
class HeldClock:
    """The fake's flood-limit clock, moved only by the test (so the machine's speed does not matter)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_one_message_per_second_per_chat():
    clock = HeldClock()
    async with FakeBotAPI(clock=clock) as server, Bot(server.token, base_url=server.base_url) as bot:
        await bot.send_message(1, "first")
        with pytest.raises(RetryAfter):
            await bot.send_message(1, "second")
        await bot.send_message(2, "another chat is fine")
        assert len(server.rate_limited) == 1
        clock.now += 1
        await bot.send_message(1, "a second later")


async def test_thirty_messages_per_second_overall():
    clock = HeldClock()
    async with FakeBotAPI(clock=clock) as server, Bot(server.token, base_url=server.base_url) as bot:
        for chat in range(1, 31):
            await bot.send_message(chat, "x")
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(31, "x")
        assert raised.value.retry_after == 1
        assert len(server.sent) == 30
        clock.now += 1
        await bot.send_message(31, "a second later")


async def test_twenty_per_minute_per_group_and_scale():
    clock = HeldClock()
    async with FakeBotAPI(scale=120, clock=clock) as server, Bot(server.token, base_url=server.base_url) as bot:
        # scale 120: 1 per 1/120 s per chat, 20 per 0.5 s per group
        for _ in range(20):
            await bot.send_message(-5, "x")
            clock.now += 1 / 100
        with pytest.raises(RetryAfter):
            await bot.send_message(-5, "x")
        await bot.send_message(6, "private chats have no group limit")
        clock.now += 0.5
        await bot.send_message(-5, "half a (scaled) minute later")


# -- injected failures -----------------------------------------------------------------------
async def test_injected_failures_raise_what_telegram_raises(bot, server):
    server.fail_next(2, 429, retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter, match="7"):
            await bot.send_message(10, "x")
    server.block_chat(11)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(11, "x")
    server.migrate_chat(-12, -1001200)
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-12, "x")
    assert migrated.value.new_chat_id == -1001200
    server.fail_next(1, 500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(13, "x")
    server.fail("sendMessage", status=400, description="Bad Request: chat not found", chat_id=14)
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(14, "x")
    server.drop_next(1)
    with pytest.raises(NetworkError, match="(?i)disconnected"):
        await bot.send_message(15, "x")
    assert server.sent == []
    # each failure was used up; the chats work again except the blocked and migrated ones
    await bot.send_message(10, "ok")
    await bot.send_message(-1001200, "ok")
    with pytest.raises(Forbidden):
        await bot.send_message(11, "x")
    server.unblock_chat(11)
    await bot.send_message(11, "ok")
    assert [m.chat_id for m in server.sent] == [10, -1001200, 11]


async def test_a_dropped_answer_after_processing_still_delivers(bot, server):
    server.drop_next(1, after_processing=True)
    with pytest.raises(NetworkError):
        await bot.send_message(16, "x")
    assert [m.plain for m in server.messages(16)] == ["x"]


async def test_slow_responses_time_out_the_client(bot, server):
    server.slow(1.0, "sendMessage", times=1)
    with pytest.raises(TimedOut):
        await bot.send_message(17, "slow", read_timeout=0.2)
    await bot.send_message(18, "fast again", read_timeout=0.5)


async def test_webhook_mode_posts_updates_with_the_secret_token():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with FakeBotAPI(webhook_redirect=f"http://127.0.0.1:{port}") as server:
        app = ApplicationBuilder().token(server.token).base_url(server.base_url).build()

        async def start(update, context):
            await update.effective_message.reply_text("hello over the webhook")

        app.add_handler(CommandHandler("start", start))
        async with app:
            await app.start()
            await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                                            webhook_url="https://bot.example.org/hook", secret_token="s3cret_T0ken")
            try:
                assert server.webhook == {"url": "https://bot.example.org/hook", "secret_token": "s3cret_T0ken"}
                with pytest.raises(Exception, match="(?i)webhook is active"):
                    await app.bot.get_updates()
                server.send_command(42, 42, "/start")
                [reply] = await server.wait_for_messages(42, 1)
                async with httpx.AsyncClient() as client:  # without the secret, the bot refuses the update
                    forged = await client.post(f"http://127.0.0.1:{port}/hook", json={"update_id": 99})
            finally:
                await app.updater.stop()
                await app.stop()
    assert reply.plain == "hello over the webhook"
    assert server.webhook_responses == [(1, 200)] and forged.status_code == 403


async def test_replying_to_a_message_that_does_not_exist_is_refused(bot, server):
    from telegram import ReplyParameters

    update = server.send_message(5, 5, "hi")
    await bot.send_message(5, "reply", reply_parameters=ReplyParameters(update["message"]["message_id"]))
    await asyncio.sleep(1.0)
    with pytest.raises(BadRequest, match="(?i)replied not found"):
        await bot.send_message(5, "reply", reply_parameters=ReplyParameters(999))


# -- other ways to run it -------------------------------------------------------------------
def test_runs_in_a_thread_for_synchronous_code():
    with FakeBotAPI().running_in_thread() as server:
        response = httpx.post(f"{server.base_url}{server.token}/sendMessage", json={"chat_id": 3, "text": "hi"})
        assert response.json()["result"]["text"] == "hi"
        assert server.wait_for_messages_sync(3, 1)[0].plain == "hi"


def test_runs_as_a_separate_process():
    process = subprocess.Popen([sys.executable, "-m", "tests.fakes.botapi", "--scale", "10"],
                               stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(process.stdout.readline())
        httpx.post(f"{info['url']}/_fake/update", json={"kind": "command", "chat_id": 9, "text": "/start"})
        updates = httpx.post(f"{info['base_url']}{info['token']}/getUpdates", json={"timeout": 0}).json()["result"]
        assert updates[0]["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        httpx.post(f"{info['base_url']}{info['token']}/sendMessage", json={"chat_id": 9, "text": "welcome"})
        sent = httpx.get(f"{info['url']}/_fake/sent").json()
        assert [m["plain"] for m in sent] == ["welcome"]
    finally:
        process.terminate()
        assert process.wait(10) == 0
