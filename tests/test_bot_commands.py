"""The bot's commands through the real python-telegram-bot Application and the fake Bot API server.

Each test starts the Application (long polling against the fake server on 127.0.0.1) on a copy
of a database holding the seed articles, plays users, and reads what the bot sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import Application, TypeHandler

from bot import subscriptions
from bot.app import build_application
from bot.handlers.common import CommandLimiter
from bot.settings import BotSettings
from briefings.store import Store
from tests.fakes import FakeBotAPI, SentMessage

ADMIN, USER, OTHER = 1001, 2002, 3003
GROUP = -4005
CHANNEL = -1001234567890
SORRY = "something went wrong"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    """A database with the seed articles and their extracted facts, built once per module."""
    from briefings.ingest import ingest_paths

    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    with Store(path) as store:
        report = ingest_paths(store, [SEEDS / "d000.txt", SEEDS])
        assert report.new_ids and not report.failures
    return path


@dataclass
class Harness:
    server: FakeBotAPI
    app: Application
    settings: BotSettings
    done: set

    async def ask(self, chat_id: int, user_id: int | None, text: str, *, chat_type: str | None = None,
                  **extra) -> list[SentMessage]:
        """Send a command and wait until the bot has handled it; return what it sent to the chat."""
        before = len(self.server.messages(chat_id))
        update = self.server.send_command(chat_id, user_id, text, chat_type=chat_type, **extra)
        await self.handled(update["update_id"])
        return self.server.messages(chat_id)[before:]

    async def say(self, chat_id: int, user_id: int | None, text: str, **extra) -> list[SentMessage]:
        """Send a message without a command entity (plain text, a forward)."""
        before = len(self.server.messages(chat_id))
        update = self.server.send_message(chat_id, user_id, text, **extra)
        await self.handled(update["update_id"])
        return self.server.messages(chat_id)[before:]

    async def post(self, chat_id: int, text: str) -> list[SentMessage]:
        before = len(self.server.messages(chat_id))
        update = self.server.channel_post(chat_id, text)
        await self.handled(update["update_id"])
        return self.server.messages(chat_id)[before:]

    async def press(self, chat_id: int, user_id: int, data: str, message_id: int | None = None) -> dict:
        """Press a button; return answerCallbackQuery's parameters."""
        query_id = self.server.send_callback(chat_id, user_id, data, message_id=message_id)
        await self.handled(max(self.done | {0}) + 1)
        await self.wait(lambda: query_id in self.server.callback_answers)
        return self.server.callback_answers[query_id]

    async def handled(self, update_id: int, timeout: float = 30) -> None:
        await self.wait(lambda: update_id in self.done, timeout)

    @staticmethod
    async def wait(condition, timeout: float = 30) -> None:
        for _ in range(int(timeout / 0.01)):
            if condition():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("timed out")

    def subscription(self, chat_id: int) -> subscriptions.Subscription | None:
        with Store(self.settings.db_path) as store:
            return subscriptions.get(store, chat_id)

    def article_count(self) -> int:
        with Store(self.settings.db_path) as store:
            return store.db["articles"].count


def replies(messages: list[SentMessage]) -> str:
    return "\n".join(m.plain for m in messages)


@pytest.fixture
def bot_env() -> dict:
    """Extra settings for the bot under test (override in a test module or with parametrize)."""
    return {}


@pytest.fixture
async def bot(tmp_path, seeded_db, bot_env):
    db = tmp_path / "bot.db"
    shutil.copy(seeded_db, db)
    async with FakeBotAPI(scale=50) as server:
        settings = BotSettings.from_env({
            "TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_API_BASE_URL": server.base_url,
            "BRIEFINGS_DB": str(db), "BRIEFINGS_ADMINS": str(ADMIN), "BRIEFINGS_RATE_LIMIT_COMMANDS": "4",
            **bot_env,
        })
        app = build_application(settings)
        done: set[int] = set()

        async def mark(update: Update, context) -> None:
            done.add(update.update_id)

        app.add_handler(TypeHandler(Update, mark), group=99)  # runs after the real handler finished
        app.bot_data["delivery_rate_scale"] = 50  # the fake server's limits are scaled alike
        async with app:
            await app.post_init(app)
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES)
            try:
                yield Harness(server, app, settings, done)
            finally:
                await app.updater.stop()
                await app.stop()


async def test_start_registers_menu_and_answers_with_buttons(bot):
    default_scope = json.dumps([{"type": "default"}, ""], sort_keys=True)
    commands = [c["command"] for c in bot.server.commands[default_scope]]
    assert {"brief", "digest", "upcoming", "subscribe", "settings", "help"} <= set(commands)
    assert "add" not in commands
    admin_scopes = [key for key in bot.server.commands if str(ADMIN) in key]
    assert admin_scopes and "add" in [c["command"] for c in bot.server.commands[admin_scopes[0]]]
    assert bot.app.job_queue.get_jobs_by_name("poll-sources")  # feeds are polled every BRIEFINGS_POLL_MINUTES

    [welcome] = await bot.ask(USER, USER, "/start")
    assert "Briefings" in welcome.plain
    buttons = [b["callback_data"] for row in welcome.reply_markup["inline_keyboard"] for b in row]
    assert {"c:digest", "c:upcoming", "s:sub", "s:home", "c:help"} <= set(buttons)
    await bot.press(USER, USER, "c:help", welcome.message_id)
    await bot.server.wait_for_messages(USER, 2)
    assert "/subscribe" in bot.server.messages(USER)[-1].plain
    assert "/addsource" not in bot.server.messages(USER)[-1].plain

    await bot.press(USER, USER, "s:sub", welcome.message_id)
    await bot.server.wait_for_messages(USER, 3)
    assert "Subscribed" in bot.server.messages(USER)[-1].plain and "08:00" in bot.server.messages(USER)[-1].plain
    sub = bot.subscription(USER)
    assert (sub.active, sub.time, sub.tz) == (True, "08:00", "UTC")


async def test_brief_belarus_sends_the_brief(bot):
    sent = await bot.ask(USER, USER, "/brief Belarus since 2024-11-01")
    text = replies(sent)
    assert "Belarus" in text and "Brest" in text
    assert all(m.parse_mode == "HTML" for m in sent)
    assert SORRY not in text


async def test_plain_text_in_private_is_a_brief_and_digest_of_a_day(bot):
    text = replies(await bot.say(USER, USER, "Belarus 2024-11-01..2024-11-30"))
    assert "Brest" in text
    text = replies(await bot.ask(USER, USER, "/digest 2024-11-22"))
    assert "Daily digest" in text and "22 Nov 2024" in text and "Brest" in text
    assert SORRY not in text


async def test_subscribe_stores_time_and_zone_and_unsubscribe_stops(bot):
    [reply] = await bot.ask(USER, USER, "/subscribe 08:00 Europe/Minsk")
    assert "08:00" in reply.plain and "Europe/Minsk" in reply.plain
    sub = bot.subscription(USER)
    assert (sub.time, sub.tz, sub.active, sub.chat_type) == ("08:00", "Europe/Minsk", True, "private")

    [reply] = await bot.ask(USER, USER, "/subscribe europe/berlin 7:30")  # any order, any case
    sub = bot.subscription(USER)
    assert (sub.time, sub.tz) == ("07:30", "Europe/Berlin")

    [reply] = await bot.ask(USER, USER, "/stop")
    assert "Unsubscribed" in reply.plain and not bot.subscription(USER).active
    [reply] = await bot.ask(USER, USER, "/unsubscribe")
    assert "not subscribed" in reply.plain


@pytest.mark.parametrize("command, expected", [
    ("/subscribe 25:00", "is not a time"),
    ("/subscribe 08:00 Mars/Olympus", "Europe/Minsk"),
    ("/subscribe 08:00 Europe/Minks", "Europe/Minsk"),
    ("/subscribe 08:00 Europe/Minsk extra words", "at most a time and a timezone"),
    ("/digest 2024-13-45", "YYYY-MM-DD"),
    ("/digest 0001-01-01", "YYYY-MM-DD"),
    ("/digest 9999-12-31", "YYYY-MM-DD"),
    ("/brief Belarus 0001-01-01", "outside the dates I work with"),
    ("/brief", "Usage: /brief"),
    ("/brief Belarus 2024-12-01..2024-11-01", "not a period"),
    ("/follow", "Usage: /follow"),
    ("/brief !!! ???", "I need words"),
    ("/nosuchcommand", "/help"),
])
async def test_invalid_arguments_get_clear_replies(bot, command, expected):
    [reply] = await bot.ask(USER, USER, command)
    assert expected in reply.plain
    assert bot.subscription(USER) is None or not bot.subscription(USER).active


async def test_upcoming_unknown_country_suggests(bot):
    text = replies(await bot.ask(USER, USER, "/upcoming Belarsu"))
    assert "Belarus" in text and SORRY not in text


HOSTILE = [
    "x" * 50_000,
    "Belarus\x00\x07\x1b[31m\u202e\u200b",
    "<b>bold</b><script>alert(1)</script>&amp; <a href='javascript:x'>",
    "'; DROP TABLE articles; -- \" OR 1=1",
    'NEAR(minsk brest) OR title:* AND -"x" ^ { } col:',
]


@pytest.mark.parametrize("argument", HOSTILE, ids=["50KB", "control", "html", "sql", "fts"])
@pytest.mark.parametrize("command", ["/brief", "/digest", "/follow", "/unfollow", "/subscribe", "/upcoming", "/add",
                                     "plain text"])
async def test_hostile_arguments_get_clear_replies_and_lose_nothing(bot, command, argument):
    articles = bot.article_count()
    user = ADMIN if command == "/add" else USER
    if command == "plain text":  # a message without a command is a brief query
        sent = await bot.say(user, user, argument)
    else:
        sent = await bot.ask(user, user, f"{command} {argument}")
    assert sent, "the bot must always answer"
    text = replies(sent)
    assert SORRY not in text
    assert "<script>" not in "".join(m.plain for m in sent if m.parse_mode != "HTML")
    if argument.startswith("x" * 100):
        assert "too long" in text
    assert bot.article_count() >= articles  # nothing dropped; SQL text never ran
    with Store(bot.settings.db_path) as store:
        assert store.db["articles"].exists() and store.db["subscriptions"].exists()


async def test_admin_commands_are_refused_to_others(bot):
    articles = bot.article_count()
    for command in ("/add Title\nSome body text about talks.", "/sources", "/addsource https://example.org/rss",
                    "/removesource 1", "/stats"):
        [reply] = await bot.ask(USER, USER, command)
        assert "only the bot's admins" in reply.plain
    assert bot.article_count() == articles


async def test_admin_add_stores_text_article_once(bot):
    articles = bot.article_count()
    body = "Foreign ministers of Kenya and Ghana met in Accra on Tuesday.\n\nThey discussed trade."
    [reply] = await bot.ask(ADMIN, ADMIN, f"/add Kenya and Ghana ministers meet\n{body}")
    assert "Stored article #" in reply.plain and "Kenya and Ghana ministers meet" in reply.plain
    assert bot.article_count() == articles + 1
    with Store(bot.settings.db_path) as store:
        row = store.articles(limit=1)[0]
        assert row["title"] == "Kenya and Ghana ministers meet"
    [again] = await bot.ask(ADMIN, ADMIN, f"/add Kenya and Ghana ministers meet\n{body}")
    assert "Already stored" in again.plain
    assert bot.article_count() == articles + 1
    [reply] = await bot.ask(ADMIN, ADMIN, "/add Only a title line")
    assert "title on the first line" in reply.plain


async def test_admin_add_refuses_private_urls(bot):
    articles = bot.article_count()
    [reply] = await bot.ask(ADMIN, ADMIN, "/add http://127.0.0.1:9/secret")
    assert "Could not add" in reply.plain
    assert bot.article_count() == articles


async def test_forwarded_post_from_admin_is_stored_and_others_refused(bot):
    origin = {"type": "channel", "date": 1732300000, "message_id": 77,
              "chat": {"id": -1009876, "type": "channel", "title": "Wire", "username": "wire_news"}}
    text = "Ministers of Peru and Chile signed a fisheries accord\nThe accord was signed in Lima on Friday."
    articles = bot.article_count()
    [refused] = await bot.say(USER, USER, text, forward_origin=origin)
    assert "only the bot's admins" in refused.plain
    [stored] = await bot.say(ADMIN, ADMIN, text, forward_origin=origin)
    assert "Stored article #" in stored.plain
    assert bot.article_count() == articles + 1
    with Store(bot.settings.db_path) as store:
        row = store.db.execute("select source, url, published from articles order by id desc limit 1").fetchone()
    assert row == ("Wire", "https://t.me/wire_news/77", "2024-11-22")


@pytest.mark.parametrize("bot_env", [{"BRIEFINGS_FETCH_ALLOW": "127.0.0.1"}])
async def test_admin_sources_and_stats(bot, article_site):
    [reply] = await bot.ask(ADMIN, ADMIN, f"/addsource {article_site}/rss.xml Example News")
    assert "Source #1 added: Example News" in reply.plain
    [reply] = await bot.ask(ADMIN, ADMIN, f"/addsource {article_site}/")  # a page advertising its feed
    assert "Could not add" in reply.plain and "already a source" in reply.plain
    [reply] = await bot.ask(ADMIN, ADMIN, f"/addsource {article_site}/news/1")  # a page without a feed
    assert "Could not add" in reply.plain
    [reply] = await bot.ask(ADMIN, ADMIN, "/sources")
    assert "Example News" in reply.plain and f"{article_site}/rss.xml" in reply.plain
    [reply] = await bot.ask(ADMIN, ADMIN, "/addsource ftp://x")
    assert "Usage" in reply.plain
    [reply] = await bot.ask(ADMIN, ADMIN, "/removesource 1")
    assert "removed" in reply.plain
    [reply] = await bot.ask(ADMIN, ADMIN, "/removesource 1")
    assert "No source" in reply.plain
    [reply] = await bot.ask(ADMIN, ADMIN, f"/addsource {article_site}/")
    assert "added: Local Test Wire" in reply.plain  # the feed's own title
    [reply] = await bot.ask(ADMIN, ADMIN, "/stats")
    assert "Articles:" in reply.plain and "Subscribers: 0 active" in reply.plain


async def test_stats_shows_the_extraction_backlog_like_the_cli(bot):
    from briefings.cli.articles import extraction_line
    from briefings.extract import EXTRACTOR_VERSION

    for job in bot.app.job_queue.get_jobs_by_name("extract-pending"):
        job.schedule_removal()  # the start-up extraction would clear the backlog this test makes
    [reply] = await bot.ask(ADMIN, ADMIN, "/stats")
    assert f"Extraction (extractor {EXTRACTOR_VERSION}): 0 pending, 0 stale" in reply.plain
    assert "briefings extract" not in reply.plain
    with Store(bot.settings.db_path) as store:
        first, second, third = store.article_ids()[:3]
        with store.conn:
            store.conn.execute("update articles set extracted_with = null where id = ?", [first])
            store.conn.execute("update articles set extracted_with = '2000.1' where id in (?, ?)", [second, third])
        expected = store.stats(EXTRACTOR_VERSION)["extraction"]
    [reply] = await bot.ask(ADMIN, ADMIN, "/stats")
    assert reply.parse_mode == "HTML"
    assert expected == {"version": EXTRACTOR_VERSION, "pending": 1, "stale": 2}
    assert extraction_line(expected).split(" — ")[0] in reply.plain  # the same counts as `briefings stats`
    assert "To catch up: briefings extract --stale" in reply.plain
    [refused] = await bot.ask(USER, USER, "/stats")
    assert "Extraction" not in refused.plain


async def test_group_commands_addressed_to_the_bot(bot):
    [reply] = await bot.ask(GROUP, USER, "/help", chat_type="group")  # sent as /help@briefings_test_bot
    assert "/brief" in reply.plain and "@briefings_test_bot" in reply.plain
    assert await bot.ask(GROUP, USER, "/help@some_other_bot", chat_type="group", mention=False) == []
    # members who are not the group's administrators cannot subscribe it
    [reply] = await bot.ask(GROUP, USER, "/subscribe 09:00", chat_type="group")
    assert "administrators" in reply.plain and bot.subscription(GROUP) is None
    [reply] = await bot.ask(GROUP, ADMIN, "/subscribe 09:00 Asia/Colombo", chat_type="group")
    sub = bot.subscription(GROUP)
    assert (sub.chat_type, sub.time, sub.tz, sub.active) == ("group", "09:00", "Asia/Colombo", True)
    # an anonymous administrator posts as the group itself; posting as another chat proves nothing
    anonymous = 1087968824  # Telegram's GroupAnonymousBot
    group_chat = {"id": GROUP, "type": "group", "title": f"Group {GROUP}"}
    [reply] = await bot.ask(GROUP, anonymous, "/subscribe 10:30", chat_type="group", sender_chat=group_chat)
    assert bot.subscription(GROUP).time == "10:30"
    other_chat = {"id": CHANNEL, "type": "channel", "title": "Elsewhere"}
    [reply] = await bot.ask(GROUP, anonymous, "/subscribe 11:00", chat_type="group", sender_chat=other_chat)
    assert "administrators" in reply.plain and bot.subscription(GROUP).time == "10:30"


async def test_the_groups_own_administrators_manage_its_subscription(bot):
    bot.server.set_member(GROUP, OTHER, "administrator")  # OTHER is no admin of the bot, but of the group
    [reply] = await bot.ask(GROUP, USER, "/subscribe 09:00", chat_type="group")
    assert "administrators" in reply.plain and bot.subscription(GROUP) is None  # an ordinary member
    [reply] = await bot.ask(GROUP, OTHER, "/subscribe 09:00", chat_type="group")
    assert "09:00" in reply.plain and bot.subscription(GROUP).active
    bot.server.set_member(GROUP, USER, "creator")
    await bot.ask(GROUP, USER, "/unsubscribe", chat_type="group")
    assert not bot.subscription(GROUP).active
    bot.server.set_member(GROUP, OTHER, "left")  # an administrator no more
    [reply] = await bot.ask(GROUP, OTHER, "/subscribe", chat_type="group")
    assert "administrators" in reply.plain and not bot.subscription(GROUP).active


async def test_channel_subscribes_itself_with_a_channel_post(bot):
    [reply] = await bot.post(CHANNEL, "/subscribe 07:30 Europe/Minsk")
    assert "07:30" in reply.plain
    sub = bot.subscription(CHANNEL)
    assert (sub.chat_type, sub.time, sub.tz, sub.active) == ("channel", "07:30", "Europe/Minsk", True)
    posts = len(bot.server.messages(CHANNEL))
    bot.app.bot_data["delivery"].clock = lambda: datetime(2024, 11, 23, 4, 30, tzinfo=timezone.utc)  # 07:30 Minsk
    [job] = bot.app.job_queue.get_jobs_by_name(f"digest:{CHANNEL}")
    await job.run(bot.app)  # queues the channel's digest
    await bot.app.bot_data["delivery"].drain()
    digest = bot.server.messages(CHANNEL)[posts:]
    assert digest and "Daily digest" in digest[0].plain and "Brest" in replies(digest)  # posted in the channel
    [reply] = await bot.post(CHANNEL, "/stop")
    assert "Unsubscribed" in reply.plain and not bot.subscription(CHANNEL).active


async def test_admin_subscribes_a_channel_by_username(bot):
    bot.server.chats["@diplo_news"] = {"id": -1005550001, "type": "channel", "title": "Diplo News"}
    [reply] = await bot.ask(USER, USER, "/subscribe @diplo_news 06:00")
    assert "only the bot's admins" in reply.plain
    [reply] = await bot.ask(ADMIN, ADMIN, "/subscribe @diplo_news 06:00")
    assert "@diplo_news" in reply.plain
    sub = bot.subscription(-1005550001)
    assert (sub.chat_type, sub.title, sub.time, sub.active) == ("channel", "Diplo News", "06:00", True)


async def test_follow_and_unfollow(bot):
    [reply] = await bot.ask(USER, USER, "/follow belarusian")
    assert "Following" in reply.plain and "Belarus" in reply.plain
    [reply] = await bot.ask(USER, USER, "/follow BY")
    assert "already follow" in reply.plain
    await bot.ask(USER, USER, "/follow energy security")
    assert bot.subscription(USER).follows == ["Belarus", "energy security"]
    [reply] = await bot.ask(USER, USER, "/unfollow Belarus")
    assert "No longer following" in reply.plain
    assert bot.subscription(USER).follows == ["energy security"]
    [reply] = await bot.ask(USER, USER, "/unfollow")
    assert [b["callback_data"] for row in reply.reply_markup["inline_keyboard"] for b in row] == ["s:unf#0"]


async def test_settings_buttons_change_time_and_zone(bot):
    await bot.ask(USER, USER, "/subscribe 08:00 UTC")
    await bot.ask(USER, USER, "/follow Belarus")
    [panel] = await bot.ask(USER, USER, "/settings")
    assert "08:00" in panel.plain and "Belarus" in panel.plain
    mid = panel.message_id

    await bot.press(USER, USER, "s:tz", mid)
    assert "Timezone" in bot.server.edits[-1].plain
    answer = await bot.press(USER, USER, "s:z=Europe/Minsk", mid)
    assert answer.get("text") == "Saved"
    assert bot.subscription(USER).tz == "Europe/Minsk"
    assert "Europe/Minsk" in bot.server.edits[-1].plain

    await bot.press(USER, USER, "s:time", mid)
    await bot.press(USER, USER, "s:t=09:00", mid)
    assert bot.subscription(USER).time == "09:00"
    await bot.press(USER, USER, "s:only", mid)
    assert bot.subscription(USER).only_follows is True
    assert "only what you follow" in bot.server.edits[-1].plain
    await bot.press(USER, USER, "s:unf#0", mid)
    assert bot.subscription(USER).follows == []

    # forged or stale buttons change nothing
    answer = await bot.press(USER, USER, "s:z=Not/AZone", mid)
    assert answer.get("show_alert") and bot.subscription(USER).tz == "Europe/Minsk"
    answer = await bot.press(USER, USER, "s:t=99:99", mid)
    assert answer.get("show_alert") and bot.subscription(USER).time == "09:00"
    answer = await bot.press(USER, USER, "s:unf#7", mid)
    assert answer.get("show_alert")
    answer = await bot.press(USER, USER, "zz:<b>", mid)
    assert answer.get("text") == "Unknown button."

    await bot.press(USER, USER, "s:unsub", mid)
    assert not bot.subscription(USER).active


async def test_heavy_commands_are_rate_limited_per_user(bot):
    now = [1000.0]  # the limiter's clock: it stands still however slowly the commands run, until moved
    bot.app.bot_data["command_limiter"] = CommandLimiter(bot.settings.commands_per_minute, clock=lambda: now[0])
    for _ in range(4):
        assert "faster than I can answer" not in replies(await bot.ask(OTHER, OTHER, "/digest 2024-11-22"))
    [reply] = await bot.ask(OTHER, OTHER, "/brief Belarus")
    assert "faster than I can answer" in reply.plain
    [menu] = await bot.ask(OTHER, OTHER, "/start")
    count = len(bot.server.messages(OTHER))
    await bot.press(OTHER, OTHER, "c:digest", menu.message_id)  # the button counts as the command
    await bot.server.wait_for_messages(OTHER, count + 1)
    assert "faster than I can answer" in bot.server.messages(OTHER)[-1].plain
    assert "faster" not in replies(await bot.ask(USER, USER, "/digest 2024-11-22"))  # others unaffected
    now[0] += 59.9
    assert "faster than I can answer" in replies(await bot.ask(OTHER, OTHER, "/upcoming"))
    now[0] += 0.1  # a minute after the first four
    assert "faster" not in replies(await bot.ask(OTHER, OTHER, "/upcoming"))


async def test_token_never_in_logs_even_at_debug_and_on_errors(bot, caplog):
    secret = bot.server.token.split(":", 1)[1]
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # an earlier CLI run in this process may have quietened it
    bot.server.fail("sendMessage", status=500, times=1)  # retried, with a warning
    await bot.ask(USER, USER, "/help")
    bot.server.fail("sendMessage", status=403, times=2)  # the reply and the apology fail: a traceback
    await bot.ask(USER, USER, "/help")
    await bot.ask(USER, USER, "/brief Belarus")
    logged = caplog.text + "".join(logging.Formatter().format(r) for r in caplog.records)
    assert "HTTP Request" in logged and "Forbidden" in logged  # the requests and the error were logged...
    assert secret not in logged  # ...without the token
    assert "<redacted>" in logged


async def test_subscription_changes_reschedule_the_daily_job(bot):
    def job():
        jobs = bot.app.job_queue.get_jobs_by_name(f"digest:{USER}")
        return jobs[0] if jobs else None

    await bot.ask(USER, USER, "/subscribe 08:00 Europe/Minsk")
    trigger = job().trigger
    assert str(trigger.timezone) == "Europe/Minsk"
    assert (str(trigger.fields[5]), str(trigger.fields[6])) == ("8", "0")  # hour, minute
    [panel] = await bot.ask(USER, USER, "/settings")
    await bot.press(USER, USER, "s:t=07:00", panel.message_id)
    assert str(job().trigger.fields[5]) == "7"
    await bot.ask(USER, USER, "/unsubscribe")
    await bot.wait(lambda: job() is None or job().removed)


async def test_an_unexpected_failure_gets_a_polite_reply(bot):
    bot.server.fail("sendMessage", status=400, description="Bad Request: chat not found", times=1)
    [apology] = await bot.ask(USER, USER, "/help")
    assert SORRY in apology.plain


async def test_group_members_cannot_press_settings_buttons(bot):
    [panel] = await bot.ask(GROUP, ADMIN, "/settings", chat_type="group")
    answer = await bot.press(GROUP, USER, "s:z=Europe/Minsk", panel.message_id)
    assert answer.get("show_alert") and "administrators" in answer["text"]
    assert bot.subscription(GROUP) is None
    answer = await bot.press(GROUP, ADMIN, "s:z=Europe/Minsk", panel.message_id)
    assert bot.subscription(GROUP).tz == "Europe/Minsk" and not bot.subscription(GROUP).active


ARTICLE_PAGE = """<html><head><title>Ministers of Chile and Peru meet in Lima</title>
<meta property="og:site_name" content="Local Test Wire"><meta name="date" content="2024-11-21"></head>
<body><article><h1>Ministers of Chile and Peru meet in Lima</h1>
<p>The foreign ministers of Chile and Peru met in Lima on Thursday to discuss fisheries and border trade.</p>
<p>Both ministers said the talks were constructive and agreed to meet again early next year in Santiago.</p>
<p>Officials said a joint commission would prepare a draft agreement on maritime cooperation before then.</p>
</article></body></html>"""


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local Test Wire</title>
<link>http://127.0.0.1/</link><description>Test feed</description>
<item><title>Ministers of Chile and Peru meet in Lima</title><link>http://127.0.0.1/news/1</link>
<guid>news-1</guid><description>The foreign ministers met in Lima.</description></item>
</channel></rss>"""
HOME_PAGE = """<html><head><title>Local Test Wire</title>
<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>News</body></html>"""


@pytest.fixture
async def article_site():
    """A local news site: an article page, an RSS feed and a home page that links the feed."""
    from aiohttp import web

    def serve(body: str, content_type: str):
        async def handler(request):
            return web.Response(text=body, content_type=content_type)
        return handler

    app = web.Application()
    app.router.add_get("/news/1", serve(ARTICLE_PAGE, "text/html"))
    app.router.add_get("/rss.xml", serve(FEED, "application/rss+xml"))
    app.router.add_get("/", serve(HOME_PAGE, "text/html"))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    await runner.cleanup()


@pytest.mark.parametrize("bot_env", [{"BRIEFINGS_FETCH_ALLOW": "127.0.0.1"}])
async def test_admin_add_url_fetches_the_page_when_allowed(bot, article_site):
    articles = bot.article_count()
    [reply] = await bot.ask(ADMIN, ADMIN, f"/add {article_site}/news/1")
    assert "Stored article #" in reply.plain and "Chile and Peru" in reply.plain
    assert bot.article_count() == articles + 1
    [again] = await bot.ask(ADMIN, ADMIN, f"/add {article_site}/news/1?utm_source=x")
    assert "Already stored" in again.plain


async def test_a_slow_reply_does_not_hold_up_other_users(bot):
    bot.server.slow(3, "sendMessage", times=1)
    stalled = bot.server.send_command(USER, USER, "/help")
    await bot.wait(lambda: bot.server.calls("sendMessage"))
    [reply] = await bot.ask(OTHER, OTHER, "/help")
    assert stalled["update_id"] not in bot.done  # the first user's reply is still on its way
    await bot.handled(stalled["update_id"])
    assert bot.server.messages(USER)[0].time > reply.time


async def test_subscribe_0800_minsk_then_0800_in_minsk_brings_exactly_one_digest(bot):
    await bot.ask(USER, USER, "/subscribe 08:00 Europe/Minsk")
    before = len(bot.server.messages(USER))
    bot.app.bot_data["delivery"].clock = lambda: datetime(2024, 11, 23, 5, 0, tzinfo=timezone.utc)  # 08:00 Minsk
    [job] = bot.app.job_queue.get_jobs_by_name(f"digest:{USER}")
    job.job.modify(next_run_time=datetime.now(timezone.utc))  # the scheduler's clock reaches it too

    def delivered() -> bool:
        with Store(bot.settings.db_path) as store:
            rows = list(store.db["deliveries"].rows_where("chat_id = ?", [USER]))
        return bool(rows) and rows[0]["status"] == "sent"

    await bot.wait(delivered)
    digest = bot.server.messages(USER)[before:]
    assert digest and "22 Nov 2024" in digest[0].plain and "Brest" in replies(digest)
    await job.run(bot.app)  # the job runs again the same day: nothing more arrives
    await bot.app.bot_data["delivery"].drain()
    assert len(bot.server.messages(USER)) == before + len(digest)


async def test_blocking_the_bot_ends_the_subscription_at_once(bot):
    await bot.ask(USER, USER, "/subscribe 08:00 UTC")
    assert bot.subscription(USER).active
    update = bot.server.bot_status_changed(USER, new="kicked")
    await bot.handled(update["update_id"])
    assert not bot.subscription(USER).active
    assert not [j for j in bot.app.job_queue.get_jobs_by_name(f"digest:{USER}") if not j.removed]


async def test_article_is_kept_when_extraction_fails(bot, monkeypatch):
    def broken_extraction(store, ids):
        raise RuntimeError("model crashed")

    monkeypatch.setattr("bot.handlers.admin.run_extraction", broken_extraction)  # a failure no input triggers
    articles = bot.article_count()
    sent = await bot.ask(ADMIN, ADMIN, "/add Envoys of Fiji and Samoa meet\nThe envoys met in Suva on Monday.")
    assert "Stored article #" in sent[0].plain
    assert "extracting its events failed" in sent[1].plain
    assert bot.article_count() == articles + 1


async def test_digest_is_limited_to_what_the_chat_follows_when_asked(bot):
    everything = replies(await bot.ask(USER, USER, "/digest 2024-11-22"))
    assert "Brest" in everything
    await bot.ask(USER, USER, "/follow Japan")
    [panel] = await bot.ask(USER, USER, "/settings")
    await bot.press(USER, USER, "s:only", panel.message_id)
    only_japan = replies(await bot.ask(USER, USER, "/digest 2024-11-22"))
    assert "Brest" not in only_japan
    await bot.ask(USER, USER, "/follow Belarus")
    assert "Brest" in replies(await bot.ask(USER, USER, "/digest 2024-11-22"))
