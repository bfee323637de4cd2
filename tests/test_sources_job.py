"""The bot's source-polling job with a real Application against the fake Bot API server."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from telegram.ext import ApplicationBuilder

from bot.settings import BotSettings
from bot.sources_job import JOB_NAME, install_sources_job, notice_html, poll_settings
from briefings.config import SettingsError
from briefings.sources import MAX_POLL_MINUTES, PollSettings, SourceNotice, add_source, get_source, list_sources
from briefings.store import Store
from tests.fakes.botapi import FakeBotAPI
from tests.fixtures.feeds.localserver import FeedServer
from tests.test_storage_errors import make_read_only  # noqa: F401  (fixture)

ADMIN, BLOCKED_ADMIN = 111, 222


@pytest.fixture
def feeds():
    with FeedServer() as running:
        yield running


@pytest.fixture
async def botapi():
    async with FakeBotAPI() as running:
        yield running


def bot_settings(botapi, db_path, **changes) -> BotSettings:
    values = dict(token=botapi.token, api_base_url=botapi.base_url, admins=frozenset({ADMIN, BLOCKED_ADMIN}),
                  db_path=db_path, poll_minutes=5, fetch_allow=("127.0.0.1/32",))
    values.update(changes)
    return BotSettings(**values)


def make_due(db_path, source_id):
    """Pretend the backoff time has passed."""
    with Store(db_path) as store:
        store.db["sources"].update(source_id, {"next_poll": None})


async def test_job_polls_stores_and_tells_admins_after_n_failures_and_on_recovery(botapi, feeds, db_path, monkeypatch):
    monkeypatch.setenv("BRIEFINGS_SOURCE_NOTICE_AFTER", "2")
    feeds.add("/bad.xml", "gone", status=404)
    feeds.add_file("/good.xml", "rss2.xml")
    with Store(db_path) as store:
        bad = add_source(store, feeds.url("/bad.xml"), "Bad <feed> & co")
        add_source(store, feeds.url("/good.xml"))
    settings = bot_settings(botapi, db_path)
    application = ApplicationBuilder().token(botapi.token).base_url(botapi.base_url).build()
    application.bot_data["settings"] = settings
    botapi.block_chat(BLOCKED_ADMIN)
    async with application:
        job = install_sources_job(application, first=3600, extract=False)
        assert job.name == JOB_NAME and job.job.trigger.interval.total_seconds() == 300
        assert job.job.max_instances == 1 and job.job.coalesce

        await job.run(application)
        with Store(db_path) as store:
            assert len(store.article_ids()) == 2
            assert [s["errors"] for s in list_sources(store)] == [1, 0]
        assert botapi.messages(ADMIN) == []

        make_due(db_path, bad["id"])
        await job.run(application)
        [failing] = await botapi.wait_for_messages(ADMIN, 1)
        assert failing.parse_mode == "HTML"
        assert failing.plain.startswith(f"⚠️ Source failing: #{bad['id']} Bad <feed> & co")
        assert "2 failed polls in a row; last error: HTTP 404 Not Found" in failing.plain
        assert botapi.messages(BLOCKED_ADMIN) == []  # blocked: logged, the other admin still told

        make_due(db_path, bad["id"])
        await job.run(application)  # a third failure: no second notice
        feeds.add_file("/bad.xml", "atom.xml")
        make_due(db_path, bad["id"])
        await job.run(application)
        messages = await botapi.wait_for_messages(ADMIN, 2)
        assert messages[1].plain == f"✅ Source working again: #{bad['id']} Bad <feed> & co (after 3 failed polls)"
        with Store(db_path) as store:
            assert get_source(store, bad["id"])["errors"] == 0
            assert len(store.article_ids()) == 4
        assert len(botapi.messages(ADMIN)) == 2


async def test_a_read_only_database_is_logged_as_what_to_do_and_the_job_keeps_running(
        botapi, feeds, db_path, make_read_only, caplog):  # noqa: F811
    feeds.add_file("/good.xml", "rss2.xml")
    with Store(db_path) as store:
        add_source(store, feeds.url("/good.xml"))
    application = ApplicationBuilder().token(botapi.token).base_url(botapi.base_url).build()
    application.bot_data["settings"] = bot_settings(botapi, db_path)
    make_read_only(Path(db_path))
    async with application:
        job = install_sources_job(application, first=3600, extract=False)
        with caplog.at_level(logging.ERROR, logger="bot.sources_job"):
            await job.run(application)
        assert application.job_queue.get_jobs_by_name(JOB_NAME)  # still scheduled: the next run tries again
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    message = record.getMessage()
    assert record.name == "bot.sources_job" and message.startswith("polling the sources failed: the database")
    assert "is read-only" in message or "cannot be opened" in message
    assert record.exc_info is None  # one clear line for the operator, no traceback
    assert botapi.messages(ADMIN) == []  # a full or read-only database is no failing source


@pytest.mark.parametrize("value, expected", [
    ("0", 0), ("1", 1), ("15", 15), (str(MAX_POLL_MINUTES), MAX_POLL_MINUTES),
    ("-1", "refused"), (str(MAX_POLL_MINUTES + 1), "refused"), ("soon", "refused"),
])
def test_bot_and_core_read_the_poll_interval_alike(value, expected):
    env = {"TELEGRAM_BOT_TOKEN": "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1", "BRIEFINGS_POLL_MINUTES": value}
    readings = []
    for read in (lambda: BotSettings.from_env(env, dotenv=False), lambda: PollSettings.from_env(env)):
        try:
            readings.append(read().poll_minutes)
        except SettingsError as exc:
            assert str(exc).startswith("BRIEFINGS_POLL_MINUTES: ")
            readings.append("refused")
    assert readings == [expected, expected]


async def test_polling_off_and_settings_from_the_bot(botapi, db_path):
    application = ApplicationBuilder().token(botapi.token).base_url(botapi.base_url).build()
    assert install_sources_job(application, bot_settings(botapi, db_path, poll_minutes=0)) is None
    assert application.job_queue.get_jobs_by_name(JOB_NAME) == ()
    settings = poll_settings(bot_settings(botapi, db_path, poll_minutes=7, fetch_allow=("intranet.example",)))
    assert settings.poll_minutes == 7 and settings.fetch.allow.hosts == {"intranet.example"}
    install_sources_job(application, bot_settings(botapi, db_path))
    install_sources_job(application, bot_settings(botapi, db_path))  # again: still one job
    assert len([j for j in application.job_queue.jobs() if j.name == JOB_NAME and not j.removed]) == 1


def test_notice_text_is_escaped():
    notice = SourceNotice("failing", 3, "http://x.example/?a=1&b=<2>", "<b>bold</b>", 5, "HTTP 500 <oops>")
    text = notice_html(notice)
    assert "&lt;b&gt;bold&lt;/b&gt;" in text and "HTTP 500 &lt;oops&gt;" in text and "a=1&amp;b=&lt;2&gt;" in text
    assert text.count("<b>") == 1
