"""Pictures in the bot: the "📊 Picture" button under /brief and /picture, through the real
Application and the fake Bot API server (the photo arrives as a multipart upload)."""

from __future__ import annotations

import io
import threading

import pytest
from telegram.ext import CallbackContext

from bot.handlers import reading
from briefings.digest import build_brief
from briefings.store import Store
from tests.fakes.botapi import PNG_SIGNATURE, UploadedFile
from tests.test_bot_commands import USER, bot, bot_env, replies, seeded_db  # noqa: F401 (fixtures)

SORRY = "something went wrong"
PERIOD = "2024-11-01..2024-11-30"


def _picture_button(message) -> dict:
    [[button]] = message.reply_markup["inline_keyboard"]
    return button


def _uploaded_png(server) -> bytes:
    [call] = server.calls("sendPhoto")
    photo = call["photo"]
    assert isinstance(photo, UploadedFile), "the photo must be uploaded as a multipart file part"
    return photo.data


def _assert_picture(png: bytes) -> None:
    assert png.startswith(PNG_SIGNATURE)
    image_module = pytest.importorskip("PIL.Image")
    with image_module.open(io.BytesIO(png)) as image:
        image.load()
        assert image.format == "PNG" and image.size == (1280, 720)


async def test_brief_button_sends_the_picture_as_a_multipart_png(bot):
    sent = await bot.ask(USER, USER, f"/brief Belarus {PERIOD}")
    assert "Brest" in replies(sent)
    button = _picture_button(sent[-1])
    assert button["text"] == "📊 Picture"
    assert button["callback_data"].startswith("p:20241101:20241130:") and "Belarus" in button["callback_data"]
    assert len(button["callback_data"].encode()) <= 64
    assert all(m.reply_markup is None for m in sent[:-1])  # only the last part of a long brief has it

    answer = await bot.press(USER, USER, button["callback_data"], sent[-1].message_id)
    assert not answer.get("text")  # the press is acknowledged at once, the photo follows
    await bot.wait(lambda: bot.server.photos(USER))
    [photo] = bot.server.photos(USER)
    _assert_picture(_uploaded_png(bot.server))
    assert photo.parse_mode == "HTML" and "Belarus" in photo.plain and "Nov 2024" in photo.plain
    assert SORRY not in replies(bot.server.messages(USER))


async def test_picture_command_draws_off_the_event_loop(bot, monkeypatch):
    threads = []
    draw = reading.draw_brief_picture

    def recording_draw(view, **kwargs):
        threads.append(threading.current_thread())
        return draw(view, **kwargs)

    monkeypatch.setattr(reading, "draw_brief_picture", recording_draw)
    await bot.ask(USER, USER, f"/picture Belarus {PERIOD}")
    await bot.wait(lambda: bot.server.photos(USER))
    [photo] = bot.server.photos(USER)
    _assert_picture(photo.photo)
    assert "Belarus" in photo.plain
    assert threads and threads[0] is not threading.main_thread()
    assert bot.server.calls("sendChatAction")  # "sending a photo…" while it is drawn


@pytest.mark.parametrize("argument", ["Atlantis", "Belarus 2021-01"])
async def test_nothing_to_draw_gets_the_same_text_as_brief_and_no_photo(bot, argument):
    as_brief = await bot.ask(USER, USER, f"/brief {argument}")
    as_picture = await bot.ask(USER, USER, f"/picture {argument}")
    assert replies(as_picture) == replies(as_brief)
    assert "found nothing" in replies(as_brief) or "No news" in replies(as_brief)
    assert all(m.reply_markup is None for m in as_brief)  # no button for a brief with nothing to draw
    assert not bot.server.calls("sendPhoto")


async def test_picture_without_a_subject_shows_the_usage(bot):
    [reply] = await bot.ask(USER, USER, "/picture")
    assert "/picture Belarus" in reply.plain
    [reply] = await bot.ask(USER, USER, "/picture !!!")
    assert "I need words" in reply.plain
    assert not bot.server.calls("sendPhoto")


async def test_long_query_is_kept_server_side_and_a_stale_button_says_so(bot):
    context = CallbackContext(bot.app)
    with Store(bot.settings.db_path) as store:
        view = build_brief(store, "Belarus " + "и" * 60, PERIOD)
    data = reading.picture_button_data(context, view)
    assert data.startswith("pk:20241101:20241130:") and len(data.encode()) <= 64
    assert reading.read_picture_button_data(context, data)[0] == view.query

    await bot.ask(USER, USER, "/start")
    answer = await bot.press(USER, USER, "pk:20241101:20241130:0123456789abcdef01234567")  # not stored (a restart)
    assert answer["show_alert"] and "expired" in answer["text"]
    answer = await bot.press(USER, USER, "p:20241301:20241130:Belarus")  # malformed
    assert "expired" in answer["text"]
    assert not bot.server.calls("sendPhoto")


async def test_telegram_errors_on_send_photo(bot):
    bot.server.fail("sendPhoto", status=429, retry_after=1)  # a flood wait is waited out
    await bot.ask(USER, USER, f"/picture Belarus {PERIOD}")
    await bot.wait(lambda: bot.server.photos(USER))
    assert len(bot.server.calls("sendPhoto")) == 2

    bot.server.fail("sendPhoto", status=400, description="Bad Request: IMAGE_PROCESS_FAILED")
    sent = await bot.ask(USER, USER, f"/picture Belarus {PERIOD}")
    assert SORRY in replies(sent)  # the error handler tells the user; the bot keeps running
    [reply] = await bot.ask(USER, USER, "/help")
    assert "/picture" in reply.plain
